"""ch002: the circularity matrix — loader, unprinted cell, sentences, prioritisation.

Expectations are derived by hand from the paper's Figure 1 (typed again below as FIGURE_1),
with the derivation in comments, or by a second method (exact integer arithmetic in the
property-based tests); none is copied from the code's output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ev_compendium import load_chapter
from ev_compendium.ch002_circularity import data, priority, readings, statements
from ev_compendium.claims import load_claims
from ev_compendium.params import ParameterError, load_parameters

STAGES = data.STAGES  # exploration mining processing design production use reuse collection recycling

FIGURE_1 = {  # the paper's rows, exploration ... recycling
    "impact_on_circularity": "△△△◎○△◎◎" + "◎",  # 8 printed + the reconstructed recycling cell
    "circularity_practice_difficulty": "◎◎○△△△◎◎◎",
    "carbon_footprint": "◎◎◎△◎△△△○",
    "technological_maturity": "△△△◎◎○△△△",
    "digitalisation_difficulty": "○○○△△△○◎◎",
}
LEVEL = {"△": 1, "○": 2, "◎": 3}


@pytest.fixture(scope="module")
def tidy():
    return data.load_matrix()


@pytest.fixture(scope="module")
def levels(tidy):
    return data.level_matrix(tidy)


# --------------------------------------------------------------------------- loader


def test_matrix_has_45_cells_and_one_reconstructed(tidy):
    assert len(tidy) == 45
    assert set(tidy["theme"]) == set(data.THEMES) and set(tidy["stage"]) == set(data.STAGES)
    reconstructed = tidy[tidy["provenance"] != "printed"]
    assert list(zip(reconstructed["theme"], reconstructed["stage"])) == [("impact_on_circularity", "recycling")]
    assert reconstructed["printed_symbol"].iloc[0] == ""
    # every printed cell uses the printed symbol
    printed = tidy[tidy["provenance"] == "printed"]
    assert (printed["printed_symbol"] == printed["symbol"]).all()


def test_matrix_is_figure_1_as_printed(levels):
    # Figure 1 typed again by hand from the paper, exploration ... recycling (the last impact
    # symbol is the reconstructed cell; the paper prints only the first eight)
    assert list(levels.columns) == list(data.STAGES) and list(levels.index) == list(data.THEMES)
    shown = data.symbol_matrix(levels)
    for theme, row in FIGURE_1.items():
        assert "".join(shown.loc[theme]) == row, theme


@pytest.mark.parametrize("column, bad, message", [
    ("stage", "smelting", "unknown stage 'smelting'"),
    ("theme", "cost", "unknown theme 'cost'"),
    ("symbol", "●", "unknown symbol '●'"),
    ("symbol", "", "unknown symbol ''"),
    ("printed_symbol", "x", "unknown printed_symbol 'x'"),
])
def test_loader_rejects_unknown_values(tidy, column, bad, message):
    broken = tidy.drop(columns="level").copy()
    broken.loc[3, column] = bad
    with pytest.raises(ValueError, match=message):
        data.validate_matrix(broken)


def test_loader_rejects_missing_and_duplicate_cells(tidy, tmp_path):
    base = tidy.drop(columns="level")
    with pytest.raises(ValueError, match="missing cell"):
        data.validate_matrix(base.drop(index=7))
    dup = pd.concat([base, base.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match="duplicate cell"):
        data.validate_matrix(dup)
    path = tmp_path / "m.csv"
    base.replace({"mining": "drilling"}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="unknown stage 'drilling'"):
        data.load_matrix(path)


def test_review_protocol_has_nine_keywords():
    protocol = data.load_review_protocol()
    assert protocol.loc["Keywords", "Description"].count("“") == 9
    assert protocol.loc["Time window", "Description"] == "2000 to 2023"


# --------------------------------------------------------------------------- the unprinted cell


def test_printed_row_has_eight_symbols(tidy):
    assert readings.printed_sequence(tidy) == list("△△△◎○△◎◎")


def test_gap_reading_places_symbols_around_gap(tidy):
    printed = readings.printed_sequence(tidy)
    # gap first at ○: the eight printed symbols shift one stage right
    assert list(readings.impact_row_reading(printed, "exploration", 2)) == [2, 1, 1, 1, 3, 2, 1, 3, 3]
    # gap last at ◎: the data file's row
    assert list(readings.impact_row_reading(printed, "recycling", 3)) == [1, 1, 1, 3, 2, 1, 3, 3, 3]
    # gap in the middle (use) at △: design ◎ and production ○ stay, use △, reuse takes use's △
    assert list(readings.impact_row_reading(printed, "use", 1)) == [1, 1, 1, 3, 2, 1, 1, 3, 3]


@pytest.mark.parametrize("kwargs, message", [
    ({"gap_stage": "smelting", "gap_level": 3}, "'impact_gap_stage': need one of exploration"),
    ({"gap_stage": "use", "gap_level": 4}, "'impact_gap_level': need an ordinal level 1, 2 or 3"),
    ({"gap_stage": "use", "gap_level": True}, "'impact_gap_level': need an ordinal level 1, 2 or 3"),
])
def test_gap_reading_rejects_bad_arguments(tidy, kwargs, message):
    with pytest.raises(ValueError, match=message):
        readings.impact_row_reading(readings.printed_sequence(tidy), **kwargs)
    with pytest.raises(ValueError, match="printed must hold 8"):
        readings.impact_row_reading(["△"] * 9, "use", 1)


# Under which of the 27 readings (gap stage, level 1/2/3) does each reading-dependent sentence
# hold? Derived by hand from the printed row p = △△△◎○△◎◎: a stage before the gap takes the
# printed symbol of its own position, a stage after it the one of the position before.
AFTER_DESIGN = ("production", "use", "reuse", "collection", "recycling")
HOLDS_UNDER = {
    # (a) collection and recycling both ◎ (the row max is ◎ under every reading, p holds ◎):
    # a gap before collection leaves them p7 = p8 = ◎; a gap at either must be ◎
    "collection_recycling_most_important": {(s, lv) for s in STAGES[:7] for lv in (1, 2, 3)}
    | {("collection", 3), ("recycling", 3)},
    # design ◎: a gap before design pushes p3 = △ onto it; at design it must be ◎; after, p4 = ◎
    "design_critical": {("design", 3)} | {(s, lv) for s in AFTER_DESIGN for lv in (1, 2, 3)},
    # reuse ◎: before reuse it takes p6 = △; at reuse ◎; after reuse (collection, recycling) p7 = ◎
    "reuse_important": {("reuse", 3)} | {(s, lv) for s in ("collection", "recycling") for lv in (1, 2, 3)},
    # design and production both ◎: only a ◎ gap at design (production takes p4 ◎) or at production
    "design_production_greatest_impact": {("design", 3), ("production", 3)},
    # reuse, collection, recycling all ◎ (their digital difficulty ○ ◎ ◎ > △ is printed): a ◎ gap
    # at one of the three, the other two take p7 p8 = ◎ ◎
    "reuse_collection_recycling_next_level": {("reuse", 3), ("collection", 3), ("recycling", 3)},
    # the △ stages are exactly exploration, mining, processing, use: a gap before reuse puts a △
    # on design, use ○ or reuse △; at reuse/collection/recycling the gap must not be △
    "least_influence_stages": {(s, lv) for s in ("reuse", "collection", "recycling") for lv in (2, 3)},
    # Conclusion under impact × ease with scores 1, 2, 3 (ease: upstream 2, design/production/use 3,
    # reuse 2, collection/recycling 1). Gap before design: design 1·3 < use 2·3 -> never.
    # Gap at design: design 3L vs use 6 -> L >= 2. At production: production 3L >= use 6 -> L >= 2.
    # At use: use 3L <= production 6 -> L <= 2. At reuse: reuse 2L <= 6 always; at collection or
    # recycling: reuse ◎·2 = 6 ties production -> always.
    "design_production_most_promise": {("design", 2), ("design", 3), ("production", 2), ("production", 3),
                                       ("use", 1), ("use", 2)}
    | {(s, lv) for s in ("reuse", "collection", "recycling") for lv in (1, 2, 3)},
}
ALWAYS = {  # sentences that do not depend on the impact row's gap, judged on the printed rows
    "collection_recycling_hard_practice": True,    # circularity-practice difficulty ◎ ◎
    "extraction_processing_production_most_carbon": True,  # carbon ◎ at expl, mining, proc, prod only
    "recycling_below_production_carbon": True,     # carbon ○ < ◎
    "design_production_most_mature": True,         # maturity ◎ at design, production only
    "use_notably_mature": True,                    # use ○, every other stage but design/production △
    "processing_reuse_above_least_mature": False,  # processing, reuse △ = the "least mature" △
    "processing_reuse_lag_mature_stages": True,    # △ < min(◎, ◎, ○)
    "least_mature_stages": True,                   # expl, mining, collection, recycling △ = row min
    "design_production_lowest_digital_difficulty": True,  # △ = row min (use shares it)
    "production_carbon_pivotal": True,             # carbon ◎
    "reuse_collection_recycling_low_maturity": True,  # maturity △ △ △
    "processing_fewer_digital_challenges": False,  # processing ○ = exploration ○, mining ○
    "processing_high_carbon": True,                # carbon ◎
}
N_READINGS = 27


@pytest.fixture(scope="module")
def sweep(tidy):
    return readings.all_readings_statements(tidy, [1, 2, 3], (1, 1, 0))


def test_every_sentence_is_classified_by_hand(sweep):
    assert set(sweep.index) == set(HOLDS_UNDER) | set(ALWAYS)


@pytest.mark.parametrize("name", sorted(HOLDS_UNDER))
def test_sentence_holds_under_exactly_the_hand_derived_readings(sweep, name):
    row = sweep.loc[name]
    held = {(stage, {"low": 1, "medium": 2, "high": 3}[level]) for stage, level in row.index[row]}
    assert held == HOLDS_UNDER[name]


@pytest.mark.parametrize("name", sorted(ALWAYS))
def test_reading_independent_sentences(sweep, name):
    assert set(sweep.loc[name]) == {ALWAYS[name]}


def test_agreement_is_the_hand_count(sweep):
    agreement = readings.reading_agreement(sweep)
    always_true = sum(ALWAYS.values())  # 11
    for stage in STAGES:
        for lv, level_name in ((1, "low"), (2, "medium"), (3, "high")):
            expected = always_true + sum((stage, lv) in held for held in HOLDS_UNDER.values())
            assert agreement.loc[stage, level_name] == expected, (stage, level_name)
    # so the best readings are the ◎ gap at reuse, collection or recycling (11 + 6 of 7)
    stacked = agreement.stack()
    assert set(stacked.index[stacked == stacked.max()]) == {("reuse", "high"), ("collection", "high"),
                                                            ("recycling", "high")}


@pytest.mark.parametrize("claim, name", [
    ("ch002.s4_1.collection_recycling_most_important", "collection_recycling_most_important"),
    ("ch002.s4_1.design_critical", "design_critical"),
    ("ch002.s4_1.reuse_important", "reuse_important"),
    ("ch002.s4_4.design_production_greatest_impact", "design_production_greatest_impact"),
    ("ch002.s4_4.reuse_collection_recycling_next_level", "reuse_collection_recycling_next_level"),
    ("ch002.s4_4.least_influence_stages", "least_influence_stages"),
])
def test_registry_diagnoses_quote_the_hand_count(claim, name):
    n = len(HOLDS_UNDER[name])  # 23, 16, 7, 2, 3, 6
    assert f"{n} of {N_READINGS} readings" in load_claims("ch002").loc[claim, "diagnosis"]


def test_four_constraints_single_out_one_row(tidy):
    # (a)-(d) together: (b) needs a ◎ gap at reuse, collection or recycling (see next_level), and
    # each of those gives △△△◎○△◎◎◎, for which (a), (c), (d) hold
    table = readings.enumerate_gap_readings(readings.printed_sequence(tidy))
    assert len(table) == N_READINGS
    consistent = table[table["consistent"]]
    assert set(zip(consistent["gap_stage"], consistent["gap_level"])) == {
        ("reuse", "high"), ("collection", "high"), ("recycling", "high")}
    assert readings.consistent_rows(table) == [" ".join(FIGURE_1["impact_on_circularity"])]
    # strict (a), "only collection and recycling at ◎": the printed row already holds three ◎
    assert not table["only_collection_recycling_top"].any()


# --------------------------------------------------------------------------- the sentences at baseline


def test_baseline_sentences_by_hand(levels):
    said = statements.matrix_statements(levels)
    for name, value in ALWAYS.items():
        assert said[name] is value, name
    for name, held in HOLDS_UNDER.items():
        if name in said:
            assert said[name] is (("recycling", 3) in held), name


def test_top_stage_count(levels):
    # impact row △△△◎○△◎◎◎: design, reuse, collection, recycling share ◎
    assert statements.count_top_impact_stages(levels) == 4
    only_two = levels.copy()
    only_two.loc["impact_on_circularity", ["design", "reuse"]] = 2
    assert statements.count_top_impact_stages(only_two) == 2


def test_at_max_and_min_sets(levels):
    assert statements.stages_at_max(levels, "impact_on_circularity") == {"design", "reuse", "collection", "recycling"}
    assert statements.stages_at_min(levels, "impact_on_circularity") == {"exploration", "mining", "processing", "use"}
    assert statements.stages_at_min(levels, "digitalisation_difficulty") == {"design", "production", "use"}
    assert statements.stages_at_max(levels, "technological_maturity") == {"design", "production"}


def test_discrepant_sentences_fail_for_the_documented_reason(levels):
    fixed = levels.copy()
    fixed.loc["impact_on_circularity", "production"] = 3          # production ○ -> ◎
    assert statements.design_production_greatest_impact(fixed)
    fixed.loc["digitalisation_difficulty", "processing"] = 1      # processing below exploration, mining
    fixed.loc["digitalisation_difficulty", "use"] = 2             # ... and below use
    assert statements.processing_fewer_digital_challenges(fixed)
    fixed.loc["technological_maturity", ["processing", "reuse"]] = 2  # less (○) vs least (△) mature
    assert statements.processing_reuse_above_least_mature(fixed)
    raised = levels.copy()
    raised.loc["technological_maturity", "reuse"] = 2  # reuse as mature as use
    assert not statements.processing_reuse_lag_mature_stages(raised)
    assert not statements.reuse_collection_recycling_low_maturity(raised)


def test_figure_1_completeness_and_five_r(tidy):
    per_theme = data.printed_symbols_per_theme(tidy)
    assert dict(per_theme) == {t: (8 if t == "impact_on_circularity" else 9) for t in data.THEMES}
    assert not statements.every_cell_printed(per_theme)
    assert statements.every_cell_printed(per_theme.clip(lower=9))
    # Sec. 2.1: "redesign, remanufacture, repurpose, recycle, and reduce"
    assert data.load_five_r_strategies() == ["redesign", "remanufacture", "repurpose", "recycle", "reduce"]
    assert statements.count_r_strategies(data.load_five_r_strategies()) == 5
    with pytest.raises(ValueError, match="not starting with R"):
        statements.count_r_strategies(["redesign", "upcycle"])


# --------------------------------------------------------------------------- prioritisation

# the three inputs by stage, from FIGURE_1: impact level, ease = 4 - digitalisation difficulty, carbon
IMPACT = [LEVEL[c] for c in FIGURE_1["impact_on_circularity"]]        # 1 1 1 3 2 1 3 3 3
EASE = [4 - LEVEL[c] for c in FIGURE_1["digitalisation_difficulty"]]  # 2 2 2 3 3 3 2 1 1
CARBON = [LEVEL[c] for c in FIGURE_1["carbon_footprint"]]             # 3 3 3 1 3 1 1 1 2


@pytest.mark.parametrize("weights, expected_ranks", [
    # impact × ease: 2 2 2 9 6 3 6 3 3 -> design 1; production, reuse 2; use, collection, recycling 4;
    # the upstream three 7 (tied stages share the best rank of their group and the next rank skips)
    ((1, 1, 0), [7, 7, 7, 1, 2, 4, 2, 4, 4]),
    # impact only: 1 1 1 3 2 1 3 3 3
    ((1, 0, 0), [6, 6, 6, 1, 5, 6, 1, 1, 1]),
    # ease only: 2 2 2 3 3 3 2 1 1
    ((0, 1, 0), [4, 4, 4, 1, 1, 1, 4, 8, 8]),
    # impact² × ease: 2 2 2 27 12 3 18 9 9
    ((2, 1, 0), [7, 7, 7, 1, 3, 6, 2, 4, 4]),
    # impact × ease × carbon: 6 6 6 9 18 3 6 3 6
    ((1, 1, 1), [3, 3, 3, 2, 1, 8, 3, 8, 3]),
])
def test_priority_ranks_by_hand(levels, weights, expected_ranks):
    ranked = priority.priority_scores(levels, [1, 2, 3], weights)
    assert list(ranked["rank"].loc[list(STAGES)]) == expected_ranks
    table = priority.ranks_under_weight_sets(levels, [1, 2, 3], {"w": weights})
    assert list(table["w"]) == expected_ranks


def test_priority_values_by_hand(levels):
    p = priority.priority_scores(levels, [1, 2, 3], (1, 1, 0))["priority"].loc[list(STAGES)]
    assert list(p) == pytest.approx([i * e for i, e in zip(IMPACT, EASE)])  # 2 2 2 9 6 3 6 3 3
    p = priority.priority_scores(levels, [1, 2, 3], (1, 1, 1))["priority"].loc[list(STAGES)]
    assert list(p) == pytest.approx([i * e * c for i, e, c in zip(IMPACT, EASE, CARBON)])


def test_competition_ranks_by_hand():
    lp = pd.Series({"a": 3.0, "b": 2.0, "c": 2.0, "d": 1.0, "e": 2.0 + 1e-12})
    assert dict(priority.competition_ranks(lp)) == {"a": 1, "b": 2, "c": 2, "d": 5, "e": 2}


def test_most_promise_needs_both_on_top(levels):
    # impact × ease: design 9, production 6 = reuse 6 (a tie is enough)
    assert priority.design_production_most_promise(priority.priority_scores(levels, [1, 2, 3], (1, 1, 0)))
    # impact² × ease: reuse 18 > production 12
    assert not priority.design_production_most_promise(priority.priority_scores(levels, [1, 2, 3], (2, 1, 0)))


@pytest.mark.parametrize("ranks, holds", [
    ({"design": 1, "production": 1, "reuse": 3}, True),   # both on top, tied
    ({"design": 1, "production": 2, "reuse": 2}, True),   # production ties the best other stage
    ({"production": 1, "design": 2, "reuse": 3}, True),   # production above design, design above all else
    ({"reuse": 1, "design": 2, "production": 2}, False),  # another stage above both
    ({"design": 1, "reuse": 2, "production": 3}, False),  # another stage between them
])
def test_most_promise_from_competition_ranks(ranks, holds):
    frame = pd.DataFrame({"rank": ranks})
    assert priority.design_production_most_promise(frame) is holds


@pytest.mark.parametrize("scores, weights, message", [
    ([1, 2, 3], (-1, 1, 0), "'priority_weight_impact' = -1.0 is out of range"),
    ([1, 2, 3], (1, 1, float("nan")), "'priority_weight_carbon': need a finite number"),
    ([1, 2, 3], (0, 0, 0), "'priority_weight_impact', 'priority_weight_ease', 'priority_weight_carbon'"),
    ([1, 3, 2], (1, 1, 0), "0 < low < medium < high"),
    ([1, 2], (1, 1, 0), "0 < low < medium < high"),
])
def test_priority_rejects_bad_inputs(levels, scores, weights, message):
    with pytest.raises(ParameterError, match=message):
        priority.priority_scores(levels, scores, weights)


# --------------------------------------------------------------------------- properties of the ranking

level_rows = st.lists(st.integers(1, 3), min_size=9, max_size=9)
increasing_ints = st.lists(st.integers(1, 40), min_size=3, max_size=3, unique=True).map(sorted)
int_weights = st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)).filter(any)
float_weights = st.tuples(*[st.floats(0, 5)] * 3).filter(lambda w: max(w) > 0.01)
float_scores = st.tuples(st.floats(0.01, 10), st.floats(0.01, 10), st.floats(0.01, 10)).map(
    lambda t: [t[0], t[0] + t[1], t[0] + t[1] + t[2]])


def _matrix(impact, difficulty, carbon) -> pd.DataFrame:
    rows = {t: [2] * 9 for t in data.THEMES}
    rows.update(impact_on_circularity=impact, digitalisation_difficulty=difficulty, carbon_footprint=carbon)
    return pd.DataFrame(rows, index=list(STAGES)).T.loc[list(data.THEMES)]


@settings(max_examples=60, deadline=None)
@given(impact=level_rows, difficulty=level_rows, carbon=level_rows, scores=increasing_ints, w=int_weights)
def test_ranks_equal_exact_integer_competition_ranks(impact, difficulty, carbon, scores, w):
    # second method: with integer scores and weights the priority is an exact integer; rank =
    # 1 + number of stages with a strictly larger one (ties share a rank, the next rank skips)
    sigma = dict(zip((1, 2, 3), scores))
    exact = [sigma[i] ** w[0] * sigma[4 - d] ** w[1] * sigma[c] ** w[2]
             for i, d, c in zip(impact, difficulty, carbon)]
    expected = [1 + sum(q > p for q in exact) for p in exact]
    ranked = priority.priority_scores(_matrix(impact, difficulty, carbon), scores, w)
    assert list(ranked["rank"].loc[list(STAGES)]) == expected


@settings(max_examples=60, deadline=None)
@given(scores=float_scores, w=float_weights, k=st.floats(0.05, 20), c=st.floats(0.01, 100))
def test_ranking_is_invariant_to_scaling_weights_and_scores(levels, scores, w, k, c):
    # priority**k is monotone in priority; scaling every score by c multiplies every priority
    # by c**(w_i + w_e + w_c): neither can change the order. Scaled this far (weights up to 100,
    # scores up to 3000, beyond the parameters' ranges) the displayed product may overflow to
    # inf; the ranks come from the logs, which is what is checked here.
    base = priority.priority_scores(levels, scores, w)["rank"].loc[list(STAGES)]
    with np.errstate(over="ignore"):
        scaled_w = priority.priority_scores(levels, scores, tuple(k * x for x in w))["rank"].loc[list(STAGES)]
        scaled_s = priority.priority_scores(levels, [c * x for x in scores], w)["rank"].loc[list(STAGES)]
    assert list(scaled_w) == list(base)
    assert list(scaled_s) == list(base)


@settings(max_examples=60, deadline=None)
@given(scores=float_scores, w=float_weights)
def test_stages_with_equal_inputs_tie_and_dominance_orders_ranks(levels, scores, w):
    ranked = priority.priority_scores(levels, scores, w)
    rank = ranked["rank"]
    inputs = priority.priority_inputs(levels)
    # exploration, mining and processing have the same three inputs (△, ○ difficulty, ◎): one rank
    assert rank["exploration"] == rank["mining"] == rank["processing"]
    # design dominates use (higher impact, same ease and carbon); recycling dominates collection
    # (same impact and ease, higher carbon): never ranked below
    assert rank["design"] <= rank["use"] and rank["recycling"] <= rank["collection"]
    # in general: a stage whose inputs are all >= another's is never ranked below it
    for a in STAGES:
        for b in STAGES:
            if (inputs.loc[a] >= inputs.loc[b]).all():
                assert rank[a] <= rank[b], (a, b)
    # ranks are sorted in the returned order and start at 1
    assert list(rank) == sorted(rank) and rank.iloc[0] == 1


# --------------------------------------------------------------------------- parameters


def test_bad_parameter_overrides_name_the_parameter():
    with pytest.raises(ParameterError, match="impact_gap_level"):
        load_parameters("ch002", {"impact_gap_level": 4})
    with pytest.raises(ParameterError, match="impact_gap_stage"):
        load_parameters("ch002", {"impact_gap_stage": "smelting"})
    with pytest.raises(ParameterError, match="'symbol_scores' must be strictly increasing"):
        load_parameters("ch002", {"symbol_scores": [3, 2, 1]})
    with pytest.raises(ParameterError, match="'symbol_scores' needs exactly 3"):
        load_parameters("ch002", {"symbol_scores": [1, 2, 3, 4]})


def test_override_is_informational_through_the_api():
    # a medium gap at recycling breaks "collection and recycling most important" (see HOLDS_UNDER):
    # the table reports it and does not raise
    ch = load_chapter("ch002")
    table = ch.check({"impact_gap_level": 2, "priority_weight_carbon": 1})
    assert table.loc["ch002.s4_1.collection_recycling_most_important", "check"] == "FAIL"


# --------------------------------------------------------------------------- verdict bases


def test_constraint_b_alone_sets_the_cell(tidy):
    # the cell is set from Sec. 4.4 (b) (and 4.1 (a), which (b) implies): (b) alone leaves one row
    table = readings.enumerate_gap_readings(readings.printed_sequence(tidy))
    with_b = table[table["reuse_collection_recycling_high"]]
    assert with_b["collection_recycling_top"].all()
    assert set(with_b["row"]) == {" ".join(FIGURE_1["impact_on_circularity"])}


def test_registry_bases_follow_what_each_verdict_depends_on():
    registry = load_claims("ch002")
    basis = registry["basis"]
    claim_of = {  # registry id -> sentence name, for the sentences on the matrix
        i: i.split(".")[-1] for i in registry.index
        if i.split(".")[-1] in set(HOLDS_UNDER) | set(ALWAYS)}
    set_from = {"collection_recycling_most_important", "reuse_important", "reuse_collection_recycling_next_level"}
    for claim, name in claim_of.items():
        if name in set_from:
            assert basis[claim] == "by-construction", claim
        elif name == "design_production_most_promise":
            assert basis[claim] == "our-assumptions", claim  # our weights and scores
        elif name in HOLDS_UNDER:
            assert basis[claim] == "our-assumptions", claim  # depends on our reading of the cell
        else:
            assert basis[claim] == "printed-arithmetic", claim  # printed rows only
    # the count discrepancy holds under every reading: three ◎ are printed (design, reuse, collection)
    assert FIGURE_1["impact_on_circularity"][:8].count("◎") == 3
    assert basis["ch002.s4_1.most_important_stage_count"] == "printed-arithmetic"


# --------------------------------------------------------------------------- mutation-testing additions
# Expectations typed by hand from Figure 1 (FIGURE_1 above) or from the sentence's wording on a
# matrix built for the purpose; none is copied from the code's output.


def _all_medium() -> pd.DataFrame:
    """Every cell ○ (2): a neutral matrix on which one test sets the cells it needs."""
    return pd.DataFrame(2, index=list(data.THEMES), columns=list(STAGES))


def test_compute_returns_every_input_it_used():
    from ev_compendium.ch002_circularity import compute

    P = load_parameters("ch002")
    res = compute(P)
    assert len(res.tidy) == 45 and set(res.tidy.columns) >= {"theme", "stage", "symbol", "level"}
    assert res.printed == list("△△△◎○△◎◎")  # the eight symbols the paper prints in the impact row
    expected = pd.DataFrame({t: [LEVEL[c] for c in row] for t, row in FIGURE_1.items()},
                            index=list(STAGES)).T
    pd.testing.assert_frame_equal(res.levels, expected.loc[list(data.THEMES)], check_dtype=False,
                                  check_names=False)
    assert res.printed_per_theme.to_dict() == {t: (8 if t == "impact_on_circularity" else 9)
                                               for t in data.THEMES}
    # Sec. 2.1's list, as printed
    assert res.five_r_strategies == ["redesign", "remanufacture", "repurpose", "recycle", "reduce"]
    assert list(res.review_protocol.index)[:2] == ["Keywords", "Databases"]
    assert res.scores == tuple(float(x) for x in P.symbol_scores)
    assert res.weights == tuple(P[n] for n in priority.WEIGHT_PARAMETERS)


def test_strict_subset_readings_are_not_used():
    # each sentence holds when exactly the named stages are at the extreme ("<=" not "<")
    m = _all_medium()
    m.loc["impact_on_circularity", ["collection", "recycling"]] = 3
    assert statements.collection_recycling_most_important(m)
    m.loc["technological_maturity", ["exploration", "mining", "collection", "recycling"]] = 1
    assert statements.least_mature_stages(m)
    m.loc["digitalisation_difficulty", ["design", "production"]] = 1
    assert statements.design_production_lowest_digital_difficulty(m)


def test_strict_comparisons_fail_on_equal_levels():
    m = _all_medium()  # recycling carbon = production carbon: not "lower"
    assert not statements.recycling_below_production_carbon(m)
    m.loc["carbon_footprint", "recycling"] = 1
    assert statements.recycling_below_production_carbon(m)
    # use as mature as mining: not "above every other stage"
    m.loc["technological_maturity", :] = 1
    m.loc["technological_maturity", ["use", "mining"]] = 2
    assert not statements.use_notably_mature(m)
    m.loc["technological_maturity", "mining"] = 1
    assert statements.use_notably_mature(m)


def test_next_level_needs_high_impact_and_harder_adoption():
    m = _all_medium()
    m.loc["digitalisation_difficulty", ["design", "production"]] = 1
    m.loc["digitalisation_difficulty", ["reuse", "collection", "recycling"]] = 2
    assert not statements.reuse_collection_recycling_next_level(m)  # impact only ○
    m.loc["impact_on_circularity", ["reuse", "collection", "recycling"]] = 3
    assert statements.reuse_collection_recycling_next_level(m)
    m.loc["digitalisation_difficulty", "collection"] = 1  # as easy as design: not harder
    assert not statements.reuse_collection_recycling_next_level(m)


def test_narrative_constraints_names_and_both_stages_on_top():
    row = pd.Series(1, index=list(STAGES))
    row[["design", "reuse", "collection"]] = 3
    checks = readings.narrative_constraints(row)
    assert set(checks) == {"collection_recycling_top", "reuse_collection_recycling_high",
                           "design_high", "least_influence_set"}
    assert checks == {"collection_recycling_top": False,  # recycling is △
                      "reuse_collection_recycling_high": False, "design_high": True,
                      "least_influence_set": False}


def test_only_collection_recycling_top_on_a_made_up_row():
    printed = list("△△△△△△◎◎")  # gap at exploration: mining ... reuse △, collection, recycling ◎
    table = readings.enumerate_gap_readings(printed).set_index(["gap_stage", "gap_level"])
    assert table.loc[("exploration", "low"), "only_collection_recycling_top"]
    assert table.loc[("exploration", "medium"), "only_collection_recycling_top"]
    assert not table.loc[("exploration", "high"), "only_collection_recycling_top"]  # 3 on top
    # gap at collection: the printed ◎ ◎ go to collection? no: to reuse and recycling
    assert not table.loc[("collection", "low"), "only_collection_recycling_top"]


def test_sweep_and_rank_tables_are_labelled_and_integer(tidy, levels):
    sweep = readings.all_readings_statements(tidy, [1, 2, 3], (1, 1, 0))
    assert list(sweep.columns.names) == ["gap_stage", "gap_level"]
    agreement = readings.reading_agreement(sweep)
    assert all(pd.api.types.is_integer_dtype(t) for t in agreement.dtypes)
    assert all(pd.api.types.is_integer_dtype(t) for t in data.level_matrix(tidy).dtypes)
    assert pd.api.types.is_integer_dtype(data.printed_symbols_per_theme(tidy).dtype)
    ranks = priority.ranks_under_weight_sets(levels, [1, 2, 3], {"a": (1, 0, 0)})
    assert ranks.index.name == "stage (rank)"


def test_review_protocol_and_five_r_read_the_given_file(tmp_path):
    protocol = tmp_path / "protocol.csv"
    protocol.write_text("# comment\nitem,description\nZeta,007\nKeywords,a and b\nZeta,2\n"
                        "Keywords,c\nAlpha,x\n", encoding="utf-8")
    table = data.load_review_protocol(protocol)
    assert table.index.name == "Item" and list(table.columns) == ["Description"]
    # order of first appearance; keywords quoted; every text kept as text ("007", not 7)
    assert table["Description"].to_dict() == {"Zeta": "007; 2", "Keywords": "“a and b”; “c”",
                                              "Alpha": "x"}
    assert list(table.index) == ["Zeta", "Keywords", "Alpha"]
    years = tmp_path / "years.csv"  # an all-digit column is still text
    years.write_text("item,description\nTime window,2000\nTime window,2023\n", encoding="utf-8")
    assert data.load_review_protocol(years)["Description"].to_dict() == {"Time window": "2000; 2023"}
    five = tmp_path / "five.csv"
    five.write_text("strategy\n 007 \n5\n", encoding="utf-8")
    assert data.load_five_r_strategies(five) == ["007", "5"]


def test_design_production_greatest_impact_and_processing_fewer_challenges_at_the_edge():
    m = _all_medium()
    m.loc["impact_on_circularity", ["design", "production"]] = 3  # exactly these two on top
    assert statements.design_production_greatest_impact(m)
    # processing ○ as hard as exploration/mining/use ○: not "fewer challenges"
    assert not statements.processing_fewer_digital_challenges(m)
    m.loc["digitalisation_difficulty", "processing"] = 1
    assert statements.processing_fewer_digital_challenges(m)


ALL_STAGES = "exploration, mining, processing, design, production, use, reuse, collection, recycling"
ALL_THEMES = ("impact_on_circularity, circularity_practice_difficulty, carbon_footprint, "
              "technological_maturity, digitalisation_difficulty")


def test_loader_messages_in_full(tidy, tmp_path):
    base = tidy.drop(columns="level")
    with pytest.raises(ValueError) as err:
        data.validate_matrix(base.drop(columns="symbol"))
    assert str(err.value) == "matrix: missing column(s) ['symbol']"
    broken = base.copy()
    broken.loc[3, "theme"] = "cost"
    with pytest.raises(ValueError) as err:
        data.validate_matrix(broken, where="f.csv")
    assert str(err.value) == f"f.csv, row 3: unknown theme 'cost'; valid: {ALL_THEMES}"
    broken = base.copy()
    broken.loc[4, "stage"] = "smelting"
    with pytest.raises(ValueError) as err:
        data.validate_matrix(broken)
    assert str(err.value) == f"matrix, row 4: unknown stage 'smelting'; valid: {ALL_STAGES}"
    # a duplicate that differs only in its symbol is still the same cell
    dup = pd.concat([base, base.iloc[[0]].assign(symbol="○", printed_symbol="○")], ignore_index=True)
    with pytest.raises(ValueError) as err:
        data.validate_matrix(dup)
    assert str(err.value) == "matrix: duplicate cell (impact_on_circularity, exploration)"
    # rows 0..3 are exploration ... design of the impact row; three missing: no ellipsis
    with pytest.raises(ValueError) as err:
        data.validate_matrix(base.drop(index=[0, 1, 2]))
    assert str(err.value) == ("matrix: missing cell(s) [('impact_on_circularity', 'exploration'), "
                              "('impact_on_circularity', 'mining'), ('impact_on_circularity', 'processing')]")
    with pytest.raises(ValueError) as err:
        data.validate_matrix(base.drop(index=[0, 1, 2, 3]))
    assert str(err.value) == ("matrix: missing cell(s) [('impact_on_circularity', 'exploration'), "
                              "('impact_on_circularity', 'mining'), ('impact_on_circularity', 'processing')] ...")
    path = tmp_path / "m.csv"
    base.replace({"mining": "drilling"}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="^" + str(path).replace("\\", "\\\\") + ", row 1: unknown stage"):
        data.load_matrix(path)


def test_empty_printed_symbol_skips_only_that_check(tidy):
    # the unprinted cell comes before a bad symbol in the same row: both columns are checked
    base = tidy.drop(columns="level")
    gap = base.index[(base["theme"] == "impact_on_circularity") & (base["stage"] == "recycling")][0]
    broken = base.copy()
    broken.loc[gap, "printed_symbol"] = ""
    broken.loc[gap + 1, "symbol"] = "●"  # the next row
    with pytest.raises(ValueError, match="unknown symbol '●'"):
        data.validate_matrix(broken)
    # a validated table: levels are integers, the index is 0..44 even after dropping rows
    shuffled = base.iloc[::-1]
    out = data.validate_matrix(shuffled)
    assert list(out.index) == list(range(45)) and "index" not in out.columns
    assert pd.api.types.is_integer_dtype(out["level"].dtype)


def test_load_matrix_reads_every_field_as_text(tmp_path, tidy):
    # a symbol column that pandas would otherwise read as numbers must be refused as text
    base = tidy.drop(columns="level")
    path = tmp_path / "m.csv"
    base.assign(symbol="1", printed_symbol="1").to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"row 0 \(impact_on_circularity, exploration\): unknown symbol '1'"):
        data.load_matrix(path)


def test_reading_messages_in_full(tidy):
    with pytest.raises(ValueError) as err:
        readings.printed_sequence(tidy, "cost")
    assert str(err.value) == f"theme 'cost' is not a Figure 1 theme; valid: {ALL_THEMES}"
    with pytest.raises(ParameterError) as err:
        readings.check_reading("smelting", 3)
    assert str(err.value) == (f"parameter 'impact_gap_stage': need one of {ALL_STAGES} "
                              "(got impact_gap_stage = 'smelting')")
    with pytest.raises(ParameterError) as err:
        readings.check_reading("use", 4)
    assert str(err.value) == ("parameter 'impact_gap_level': need an ordinal level 1, 2 or 3 "
                              "(low, medium, high) (got impact_gap_level = 4)")
    with pytest.raises(ValueError) as err:
        readings.impact_row_reading(list("△△△◎○△◎x"), "use", 1)
    assert str(err.value) == "printed: unknown symbol(s) ['x']; valid: ◎, ○, △"
    row = readings.impact_row_reading(list("△△△◎○△◎◎"), "recycling", 3)
    assert row.name == "impact_on_circularity" and pd.api.types.is_integer_dtype(row.dtype)


def test_priority_inputs_columns_by_hand(levels):
    inputs = priority.priority_inputs(levels)
    assert list(inputs.columns) == ["impact", "ease", "carbon"]
    # design: impact ◎ 3, digitalisation difficulty △ 1 -> ease 3, carbon △ 1
    assert inputs.loc["design"].tolist() == [3, 3, 1]


def test_symbol_scores_message_and_strict_order():
    with pytest.raises(ParameterError) as err:
        priority.check_symbol_scores([3, 2, 1])
    assert str(err.value) == ("parameter 'symbol_scores': need three finite scores 0 < low < medium "
                              "< high (got symbol_scores = [3.0, 2.0, 1.0])")
    for bad in ([0, 1, 2], [1, 1, 2], [1, 2, 2]):  # zero low, or two equal scores
        with pytest.raises(ParameterError, match="symbol_scores"):
            priority.check_symbol_scores(bad)
    assert priority.check_symbol_scores([0.5, 1, 2]) == (0.5, 1.0, 2.0)


def test_competition_ranks_name_type_and_exact_ties():
    # without tolerance, equal values still tie (a stage is never "above" itself)
    ranks = priority.competition_ranks(pd.Series([1.0, 1.0, 0.5], index=list("abc")), 0.0)
    assert ranks.name == "rank" and ranks.tolist() == [1, 1, 3]
    assert pd.api.types.is_integer_dtype(ranks.dtype)


def test_log_priority_is_relative_to_an_all_low_stage():
    m = _all_medium()
    # "use": impact △, digitalisation difficulty ◎ (ease △), carbon △: low everywhere
    m.loc[["impact_on_circularity", "carbon_footprint"], "use"] = 1
    m.loc["digitalisation_difficulty", "use"] = 3
    # "design": impact ◎, ease △, carbon △
    m.loc["impact_on_circularity", "design"] = 3
    m.loc["digitalisation_difficulty", "design"] = 3
    m.loc["carbon_footprint", "design"] = 1
    table = priority.priority_scores(m, [1, 2, 4], (1, 1, 0))
    assert table.loc["use", "log_priority"] == pytest.approx(0.0, abs=1e-15)
    assert table.loc["design", "log_priority"] == pytest.approx(np.log(4))


def test_tiny_score_differences_are_not_false_ties(levels):
    # scores 1, 1 + 2e-10, 1 + 4e-10 order the stages as 1, 2, 4 do (the tie tolerance scales
    # with the widest spread); impact row △△△◎○△◎◎◎: the four ◎ share rank 1, ○ is 5th, △ 6th
    expected = [6, 6, 6, 1, 5, 6, 1, 1, 1]
    for scores in ([1, 2, 4], [1, 1 + 2e-10, 1 + 4e-10]):
        table = priority.priority_scores(levels, scores, (1, 0, 0))
        assert table["rank"].loc[list(STAGES)].tolist() == expected, scores


def test_weight_messages_in_full(levels):
    with pytest.raises(ValueError) as err:
        priority.check_weights((1, 1))
    assert str(err.value) == "need three weights (impact, ease, carbon), got (1, 1)"
    with pytest.raises(ParameterError) as err:
        priority.check_weights((1, float("inf"), 0))
    assert str(err.value) == "parameter 'priority_weight_ease': need a finite number (got priority_weight_ease = inf)"
    with pytest.raises(ParameterError) as err:
        priority.check_weights((1, 0, -1))
    assert str(err.value) == ("parameter 'priority_weight_carbon' = -1.0 is out of range: "
                              "valid range is [0, inf)")
    with pytest.raises(ParameterError) as err:
        priority.check_weights((0, 0, 0))
    assert str(err.value) == (
        "parameters 'priority_weight_impact', 'priority_weight_ease', 'priority_weight_carbon': need at "
        "least one of priority_weight_impact, priority_weight_ease, priority_weight_carbon > 0 "
        "(got priority_weight_impact = 0, priority_weight_ease = 0, priority_weight_carbon = 0)")
    assert priority.priority_scores(levels, [1, 2, 3], (1, 1, 0)).index.name == "stage"
