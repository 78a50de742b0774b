"""ch002: the circularity matrix — loader validation, gap reconstruction, derived claims, priorities, CLI."""

from __future__ import annotations


import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ev_compendium import load_chapter
from ev_compendium.ch002_circularity import data, priority, readings, statements
from ev_compendium.claims import load_claims
from ev_compendium.params import ParameterError, load_parameters


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


def test_hand_checked_cells(levels):
    # Figure 1, read by hand from the paper
    assert levels.loc["impact_on_circularity", "production"] == 2
    assert levels.loc["carbon_footprint", "recycling"] == 2
    assert levels.loc["technological_maturity", "use"] == 2
    assert levels.loc["digitalisation_difficulty", "collection"] == 3
    assert levels.loc["circularity_practice_difficulty", "processing"] == 2
    assert list(levels.columns) == list(data.STAGES) and list(levels.index) == list(data.THEMES)


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
    assert readings.printed_sequence(tidy) == ["△", "△", "△", "◎", "○", "△", "◎", "◎"]


def test_gap_reading_places_symbols_around_gap(tidy):
    printed = readings.printed_sequence(tidy)
    row = readings.impact_row_reading(printed, "exploration", 2)
    assert list(row) == [2, 1, 1, 1, 3, 2, 1, 3, 3]
    row = readings.impact_row_reading(printed, "recycling", 3)
    assert list(row) == [1, 1, 1, 3, 2, 1, 3, 3, 3]


def test_reconstruction_is_unique_and_matches_data_file(tidy, levels):
    printed = readings.printed_sequence(tidy)
    table = readings.enumerate_gap_readings(printed)
    assert len(table) == 27
    consistent = table[table["consistent"]]
    assert set(consistent["gap_stage"]) == {"reuse", "collection", "recycling"}
    assert set(consistent["gap_level"]) == {"high"}
    rows = readings.consistent_rows(table)
    assert rows == ["△ △ △ ◎ ○ △ ◎ ◎ ◎"]
    assert rows[0] == " ".join(data.LEVEL_SYMBOLS[v] for v in levels.loc["impact_on_circularity"])


def test_alternative_readings_break_the_headline(tidy):
    table = readings.statements_under_readings(
        tidy, {"medium": ("recycling", 2), "left": ("exploration", 3)}, [1, 2, 3], (1, 1, 0))
    assert not table.loc["collection_recycling_most_important", "medium"]
    assert not table.loc["least_influence_stages", "left"]
    assert not table.loc["design_critical", "left"]


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


# --------------------------------------------------------------------------- derived claims


def test_derived_rankings(levels):
    assert statements.stages_at_max(levels, "impact_on_circularity") == {"design", "reuse", "collection", "recycling"}
    assert statements.stages_at_min(levels, "impact_on_circularity") == {"exploration", "mining", "processing", "use"}
    assert statements.stages_at_min(levels, "digitalisation_difficulty") == {"design", "production", "use"}
    assert statements.stages_at_max(levels, "technological_maturity") == {"design", "production"}


def test_discrepant_claims_fail_for_the_documented_reason(levels):
    assert not statements.design_production_greatest_impact(levels)   # production is ○
    assert not statements.processing_fewer_digital_challenges(levels)  # processing ○ = exploration, mining
    assert not statements.processing_reuse_above_least_mature(levels)  # all six △
    fixed = levels.copy()
    fixed.loc["impact_on_circularity", "production"] = 3
    assert statements.design_production_greatest_impact(fixed)
    fixed.loc["digitalisation_difficulty", "processing"] = 1
    fixed.loc["digitalisation_difficulty", "use"] = 2
    assert statements.processing_fewer_digital_challenges(fixed)


def test_two_most_important_stages_count(levels):
    # Sec. 4.1 prints "the two most important stages"; four stages share ◎ in the impact row
    assert statements.count_top_impact_stages(levels) == 4
    only_two = levels.copy()
    only_two.loc["impact_on_circularity", ["design", "reuse"]] = 2
    assert statements.count_top_impact_stages(only_two) == 2


def test_strict_two_most_important_reading_is_unsatisfiable(tidy):
    table = readings.enumerate_gap_readings(readings.printed_sequence(tidy))
    assert not table["only_collection_recycling_top"].any()


def test_lenient_and_strict_maturity_readings(levels):
    assert statements.processing_reuse_lag_mature_stages(levels)
    assert not statements.processing_reuse_above_least_mature(levels)
    assert statements.reuse_collection_recycling_low_maturity(levels)
    raised = levels.copy()
    raised.loc["technological_maturity", "reuse"] = 2  # reuse as mature as use
    assert not statements.processing_reuse_lag_mature_stages(raised)
    assert not statements.reuse_collection_recycling_low_maturity(raised)


def test_reading_sweep_and_agreement(tidy):
    sweep = readings.all_readings_statements(tidy, [1, 2, 3], (1, 1, 0))
    assert sweep.shape == (len(statements.STATEMENTS) + 1, 27)
    agreement = readings.reading_agreement(sweep)
    assert list(agreement.index) == list(data.STAGES) and list(agreement.columns) == ["low", "medium", "high"]
    best = agreement.stack()
    best = set(best[best == best.max()].index)
    # the most agreeing readings are exactly the ◎ gap at reuse, collection or recycling (the data file's row)
    assert best == {("reuse", "high"), ("collection", "high"), ("recycling", "high")}
    # the field-aligned reading (gap at exploration) agrees with fewer sentences
    assert agreement.loc["exploration"].max() < agreement.loc["recycling", "high"]
    # the only readings that make "design and production have the greatest impact" true
    held = sweep.loc["design_production_greatest_impact"]
    assert set(held.index[held]) == {("design", "high"), ("production", "high")}


@pytest.mark.parametrize("claim, n", [
    ("s4_1.collection_recycling_most_important", 23), ("s4_1.design_critical", 16),
    ("s4_1.reuse_important", 7), ("s4_4.design_production_greatest_impact", 2),
    ("s4_4.reuse_collection_recycling_next_level", 3), ("s4_4.least_influence_stages", 6),
])
def test_registry_diagnoses_quote_the_sweep(tidy, claim, n):
    # the diagnoses in data/claims/ch002.csv say under how many of the 27 readings a claim holds
    sweep = readings.all_readings_statements(tidy, [1, 2, 3], (1, 1, 0))
    assert int(sweep.loc[claim.split(".", 1)[1]].sum()) == n
    assert f"{n} of 27 readings" in load_claims("ch002").loc[f"ch002.{claim}", "diagnosis"]


# --------------------------------------------------------------------------- prioritisation


def test_priority_is_impact_times_ease_by_hand(levels):
    p = priority.priority_scores(levels, [1, 2, 3], (1, 1, 0))["priority"]
    # design: impact ◎ (3) × ease of △ difficulty (3) = 9; collection: 3 × 1 = 3; mining: 1 × 2 = 2
    assert p["design"] == pytest.approx(9) and p["collection"] == pytest.approx(3)
    assert p["mining"] == pytest.approx(2)
    assert p["production"] == pytest.approx(6) and p["reuse"] == pytest.approx(6)
    assert list(p.index[:3]) == ["design", "production", "reuse"]
    with_carbon = priority.priority_scores(levels, [1, 2, 3], (1, 1, 1))["priority"]
    assert with_carbon.index[0] == "production" and with_carbon["production"] == pytest.approx(18)


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


@settings(max_examples=40, deadline=None)
@given(low=st.floats(0.1, 10), step1=st.floats(0.1, 10), step2=st.floats(0.1, 10),
       wi=st.floats(0, 5), we=st.floats(0, 5), wc=st.floats(0, 5))
def test_priority_properties(levels, low, step1, step2, wi, we, wc):
    if wi == we == wc == 0:
        wi = 1.0
    scores = [low, low + step1, low + step1 + step2]
    ranked = priority.priority_scores(levels, scores, (wi, we, wc))
    p = ranked["priority"]
    assert set(p.index) == set(data.STAGES) and (p > 0).all()
    assert list(ranked["rank"]) == sorted(ranked["rank"])
    # design dominates use weakly: same ease and carbon, higher impact
    assert p["design"] >= p["use"]
    # collection and recycling share impact and ease; recycling's carbon is higher
    assert p["recycling"] >= p["collection"]


# --------------------------------------------------------------------------- parameters and CLI


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
    # a medium gap breaks "collection and recycling most important": the table reports it, no raise
    ch = load_chapter("ch002")
    table = ch.check({"impact_gap_level": 2, "priority_weight_carbon": 1})
    assert table.loc["ch002.s4_1.collection_recycling_most_important", "check"] == "FAIL"
