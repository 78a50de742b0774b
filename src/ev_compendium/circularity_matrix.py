"""The Li-ion battery circularity matrix of Rahnama, Johansen & Öhrwall Rönnbäck (2023).

The paper (EasyChair preprint, ``rahnama2023circular``) summarises a literature review and two
expert workshops in *Figure 1*: a matrix of five themes × nine value-chain stages, each cell an
ordinal symbol ◎ (high), ○ (medium), △ (low). Its *Figure 2* places the stages on a plane
(y: impact on circularity, x: difficulty of adopting digitalisation, size: carbon footprint) and
Sections 4.1–4.4 and the Conclusion state qualitative findings read from them.

This module

* loads and validates the matrix (``data/ch002/figure1_matrix.csv``),
* handles the cell the text does not print (8 symbols for 9 stages in the *impact on
  circularity* row): :func:`impact_row_reading` places the gap, :func:`enumerate_gap_readings`
  lists every alternative reading and :func:`narrative_constraints` tests each against the
  paper's own words,
* derives each narrative claim from the matrix (functions ``claim_*``, each returns a bool) and
  the one printed number it can produce (:func:`count_top_impact_stages`, "the two most
  important stages"); :func:`all_readings_claims` evaluates every claim under all 27 readings
  of the unprinted cell, and
* scores stages for digitalisation investment with a transparent weighted product
  (:func:`priority_scores`).

Comparisons in the ``claim_*`` functions use the ordinal levels 1/2/3 only, so they do not depend
on the numeric scores chosen for the symbols.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .paths import data_dir

STAGES: tuple[str, ...] = (
    "exploration", "mining", "processing", "design", "production",
    "use", "reuse", "collection", "recycling",
)
"""The nine value-chain stages of Figure 1, in the paper's column order."""

THEMES: tuple[str, ...] = (
    "impact_on_circularity", "circularity_practice_difficulty", "carbon_footprint",
    "technological_maturity", "digitalisation_difficulty",
)
"""The five themes (rows) of Figure 1, in the paper's order."""

THEME_LABELS: dict[str, str] = {
    "impact_on_circularity": "Impact on circularity",
    "circularity_practice_difficulty": "Difficulty of circularity practices",
    "carbon_footprint": "Carbon footprint level",
    "technological_maturity": "Technological maturity",
    "digitalisation_difficulty": "Difficulty of adopting digitalisation",
}

SYMBOL_LEVELS: dict[str, int] = {"△": 1, "○": 2, "◎": 3}
"""Ordinal level of each Figure 1 symbol: △ low = 1, ○ medium = 2, ◎ high = 3."""

LEVEL_SYMBOLS: dict[int, str] = {v: k for k, v in SYMBOL_LEVELS.items()}
LEVEL_NAMES: dict[int, str] = {1: "low", 2: "medium", 3: "high"}

GAP_THEME = "impact_on_circularity"
"""The row in which the paper prints 8 symbols for 9 stages."""

LEAST_INFLUENCE_STAGES = frozenset({"processing", "exploration", "mining", "use"})
"""Section 4.4: "The stages that exert the least influence on circularity are processing,
exploration, mining, and usage"."""


# --------------------------------------------------------------------------- loading


def _check_stage(stage: str, argument: str = "stage") -> str:
    if stage not in STAGES:
        raise ValueError(f"{argument} {stage!r} is not a value-chain stage; valid: {', '.join(STAGES)}")
    return stage


def _check_level(level: int, argument: str = "level") -> int:
    if isinstance(level, bool) or not isinstance(level, (int, np.integer)) or level not in LEVEL_SYMBOLS:
        raise ValueError(f"{argument} must be an ordinal level in {{1, 2, 3}} (low, medium, high), got {level!r}")
    return int(level)


def validate_matrix(tidy: pd.DataFrame, where: str = "matrix") -> pd.DataFrame:
    """Validate a tidy Figure 1 table and add the ordinal ``level`` column.

    Required columns: ``theme``, ``stage``, ``symbol`` (◎/○/△); optional ``printed_symbol``
    (may be empty where the paper prints nothing) and ``provenance``. Every (theme, stage)
    pair of :data:`THEMES` × :data:`STAGES` must occur exactly once.

    Raises ValueError naming the row and the offending theme, stage or symbol.
    """
    missing_cols = {"theme", "stage", "symbol"} - set(tidy.columns)
    if missing_cols:
        raise ValueError(f"{where}: missing column(s) {sorted(missing_cols)}")
    tidy = tidy.copy()
    for i, row in tidy.iterrows():
        if row["theme"] not in THEMES:
            raise ValueError(f"{where}, row {i}: unknown theme {row['theme']!r}; valid: {', '.join(THEMES)}")
        if row["stage"] not in STAGES:
            raise ValueError(f"{where}, row {i}: unknown stage {row['stage']!r}; valid: {', '.join(STAGES)}")
        for col in ("symbol", "printed_symbol"):
            if col not in tidy.columns:
                continue
            value = row[col]
            empty_ok = col == "printed_symbol"
            if (pd.isna(value) or value == "") and empty_ok:
                continue
            if value not in SYMBOL_LEVELS:
                raise ValueError(
                    f"{where}, row {i} ({row['theme']}, {row['stage']}): unknown {col} {value!r}; "
                    f"valid: ◎ (high), ○ (medium), △ (low)")
    dup = tidy.duplicated(["theme", "stage"])
    if dup.any():
        first = tidy.loc[dup].iloc[0]
        raise ValueError(f"{where}: duplicate cell ({first['theme']}, {first['stage']})")
    present = set(zip(tidy["theme"], tidy["stage"]))
    absent = [(t, s) for t in THEMES for s in STAGES if (t, s) not in present]
    if absent:
        raise ValueError(f"{where}: missing cell(s) {absent[:3]}{' ...' if len(absent) > 3 else ''}")
    tidy["level"] = tidy["symbol"].map(SYMBOL_LEVELS).astype(int)
    return tidy.reset_index(drop=True)


def load_matrix(path=None) -> pd.DataFrame:
    """Load Figure 1 as a validated tidy table (one row per theme × stage cell).

    Default file: ``data/ch002/figure1_matrix.csv`` (provenance in its header and README).
    """
    path = path if path is not None else data_dir() / "ch002" / "figure1_matrix.csv"
    tidy = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    return validate_matrix(tidy, where=str(path))


def load_review_protocol(path=None) -> pd.DataFrame:
    """Table 1 (Section 3.2), the review protocol, with the keywords joined into one row."""
    path = path if path is not None else data_dir() / "ch002" / "review_protocol.csv"
    raw = pd.read_csv(path, comment="#", dtype=str)
    joined = raw.groupby("item", sort=False)["description"].apply(
        lambda s: "; ".join(f"“{k}”" for k in s) if s.name == "Keywords" else "; ".join(s))
    return joined.rename("Description").rename_axis("Item").to_frame()


def level_matrix(tidy: pd.DataFrame) -> pd.DataFrame:
    """Wide ordinal matrix (themes × stages, levels 1/2/3) in the paper's order."""
    wide = tidy.pivot(index="theme", columns="stage", values="level")
    return wide.loc[list(THEMES), list(STAGES)].astype(int)


def symbol_matrix(levels: pd.DataFrame) -> pd.DataFrame:
    """The same matrix written with the paper's symbols ◎/○/△."""
    return levels.apply(lambda col: col.map(LEVEL_SYMBOLS))


def scored_matrix(levels: pd.DataFrame, symbol_scores: Sequence[float]) -> pd.DataFrame:
    """Map ordinal levels to numeric scores ``symbol_scores = [low, medium, high]``.

    The scores must be positive and strictly increasing (the symbols are ordered).
    """
    scores = [float(x) for x in symbol_scores]
    if len(scores) != 3 or not all(np.isfinite(scores)):
        raise ValueError(f"symbol_scores must be three finite numbers [low, medium, high], got {symbol_scores!r}")
    if not (0 < scores[0] < scores[1] < scores[2]):
        raise ValueError(f"symbol_scores must be positive and strictly increasing, got {symbol_scores!r}")
    return levels.apply(lambda col: col.map({1: scores[0], 2: scores[1], 3: scores[2]}))


# --------------------------------------------------------------------------- the unprinted cell


def printed_sequence(tidy: pd.DataFrame, theme: str = GAP_THEME) -> list[str]:
    """The symbols the paper prints in ``theme``'s row, in printed (left-to-right) order."""
    if theme not in THEMES:
        raise ValueError(f"theme {theme!r} is not a Figure 1 theme; valid: {', '.join(THEMES)}")
    row = tidy[tidy["theme"] == theme].set_index("stage").loc[list(STAGES)]
    return [s for s in row["printed_symbol"] if s in SYMBOL_LEVELS]


def impact_row_reading(printed: Sequence[str], gap_stage: str, gap_level: int) -> pd.Series:
    """Impact-on-circularity row (levels by stage) for one reading of the 8 printed symbols.

    The 8 printed symbols fill, in order, the 8 stages other than ``gap_stage``; ``gap_stage``
    gets ``gap_level`` (1 low, 2 medium, 3 high). The paper's layout does not say where the gap is;
    the data file's reading is ``gap_stage='recycling'``, ``gap_level=3``.
    """
    _check_stage(gap_stage, "gap_stage")
    _check_level(gap_level, "gap_level")
    if len(printed) != len(STAGES) - 1:
        raise ValueError(f"printed must hold {len(STAGES) - 1} symbols, got {len(printed)}")
    unknown = [s for s in printed if s not in SYMBOL_LEVELS]
    if unknown:
        raise ValueError(f"printed: unknown symbol(s) {unknown}; valid: ◎, ○, △")
    fill = iter(printed)
    levels = {s: (gap_level if s == gap_stage else SYMBOL_LEVELS[next(fill)]) for s in STAGES}
    return pd.Series(levels, name=GAP_THEME, dtype=int)


def with_impact_row(levels: pd.DataFrame, impact_row: pd.Series) -> pd.DataFrame:
    """Copy of the level matrix with the impact-on-circularity row replaced."""
    out = levels.copy()
    out.loc[GAP_THEME] = impact_row.loc[list(STAGES)].to_numpy()
    return out


def narrative_constraints(impact_row: pd.Series) -> dict[str, bool]:
    """What the paper's text says about the impact-on-circularity row, tested on one reading.

    * ``collection_recycling_top`` — Sec. 4.1: collection and recycling are "the two most
      important stages for circularity" (both at the row maximum).
    * ``reuse_collection_recycling_high`` — Sec. 4.4: they "have high importance due to their high
      effect of circularity" (all ◎).
    * ``design_high`` — Sec. 4.1: design "is critical in fostering circularity" (◎).
    * ``least_influence_set`` — Sec. 4.4: the stages at the row minimum are exactly processing,
      exploration, mining and use.
    """
    top = impact_row.max()
    low = impact_row.min()
    return {
        "collection_recycling_top": bool(impact_row["collection"] == top and impact_row["recycling"] == top),
        "reuse_collection_recycling_high": bool((impact_row[["reuse", "collection", "recycling"]] == 3).all()),
        "design_high": bool(impact_row["design"] == 3),
        "least_influence_set": set(impact_row.index[impact_row == low]) == set(LEAST_INFLUENCE_STAGES),
    }


def enumerate_gap_readings(printed: Sequence[str]) -> pd.DataFrame:
    """All 27 readings of the 8-symbol row (gap at each of 9 stages × level low/medium/high).

    One row per reading: the resulting row as symbols, the narrative constraints of
    :func:`narrative_constraints`, and ``consistent`` (all constraints hold).

    The extra column ``only_collection_recycling_top`` tests the *strict* reading of Sec. 4.1
    ("the two most important stages": collection and recycling are the only stages at the row
    maximum). It is informational and not part of ``consistent``: no reading satisfies it,
    because the printed row already holds three ◎.
    """
    rows = []
    for gap_stage in STAGES:
        for gap_level in (1, 2, 3):
            row = impact_row_reading(printed, gap_stage, gap_level)
            checks = narrative_constraints(row)
            rows.append({
                "gap_stage": gap_stage, "gap_level": LEVEL_NAMES[gap_level],
                "row": " ".join(LEVEL_SYMBOLS[v] for v in row),
                **checks, "consistent": all(checks.values()),
                "only_collection_recycling_top": set(row.index[row == row.max()]) == {"collection", "recycling"},
            })
    return pd.DataFrame(rows)


def consistent_rows(printed: Sequence[str]) -> list[str]:
    """The distinct impact rows (as symbol strings) of the readings consistent with the narrative."""
    readings = enumerate_gap_readings(printed)
    return sorted(set(readings.loc[readings["consistent"], "row"]))


# --------------------------------------------------------------------------- narrative claims


def _at(levels: pd.DataFrame, theme: str, stages: Iterable[str]) -> pd.Series:
    return levels.loc[theme, list(stages)]


def stages_at_max(levels: pd.DataFrame, theme: str) -> set[str]:
    """Stages at the highest level of ``theme``'s row."""
    row = levels.loc[theme]
    return set(row.index[row == row.max()])


def stages_at_min(levels: pd.DataFrame, theme: str) -> set[str]:
    """Stages at the lowest level of ``theme``'s row."""
    row = levels.loc[theme]
    return set(row.index[row == row.min()])


def claim_collection_recycling_most_important(levels: pd.DataFrame) -> bool:
    """Sec. 4.1: collection and recycling are the two most important stages for circularity."""
    return {"collection", "recycling"} <= stages_at_max(levels, "impact_on_circularity")


def claim_design_critical(levels: pd.DataFrame) -> bool:
    """Sec. 4.1: design is critical for circularity (impact ◎)."""
    return bool(levels.loc["impact_on_circularity", "design"] == 3)


def claim_reuse_important(levels: pd.DataFrame) -> bool:
    """Sec. 4.1: reuse is also an important strategy for circularity (impact ◎)."""
    return bool(levels.loc["impact_on_circularity", "reuse"] == 3)


def claim_collection_recycling_hard_practice(levels: pd.DataFrame) -> bool:
    """Sec. 4.1: collecting and recycling LIBs is a major (waste-management) challenge
    (difficulty of circularity practices ◎ for both)."""
    return bool((_at(levels, "circularity_practice_difficulty", ["collection", "recycling"]) == 3).all())


def claim_extraction_processing_production_most_carbon(levels: pd.DataFrame) -> bool:
    """Sec. 4.2: the most carbon-intensive stages are extraction (exploration, mining),
    processing and production — exactly the stages at the top carbon-footprint level."""
    return stages_at_max(levels, "carbon_footprint") == {"exploration", "mining", "processing", "production"}


def claim_design_production_most_mature(levels: pd.DataFrame) -> bool:
    """Sec. 4.3: design (advanced maturity) and production (relatively mature) are the most
    technologically mature stages."""
    return stages_at_max(levels, "technological_maturity") == {"design", "production"}


def claim_use_notably_mature(levels: pd.DataFrame) -> bool:
    """Sec. 4.3: the use phase has "reached a level of notable maturity": above every stage other
    than design and production."""
    row = levels.loc["technological_maturity"]
    others = row.drop(["design", "production", "use"])
    return bool((row["use"] > others).all())


def claim_processing_reuse_less_mature_than_least(levels: pd.DataFrame) -> bool:
    """Sec. 4.3: processing and reuse are "less mature", while exploration, mining, collection and
    recycling are "the least" mature — i.e. processing and reuse rank above those four."""
    row = levels.loc["technological_maturity"]
    least = row[["exploration", "mining", "collection", "recycling"]]
    return bool(min(row["processing"], row["reuse"]) > least.max())


def claim_processing_reuse_lag_mature_stages(levels: pd.DataFrame) -> bool:
    """Sec. 4.3 / Conclusion, lenient reading: processing and reuse "lag in technological
    maturity" behind the mature stages — both below design, production and use."""
    row = levels.loc["technological_maturity"]
    return bool(max(row["processing"], row["reuse"]) < row[["design", "production", "use"]].min())


def claim_least_mature_stages(levels: pd.DataFrame) -> bool:
    """Sec. 4.3 / Conclusion: exploration, mining, collection and recycling are among the least
    technologically mature stages (all at the row minimum)."""
    return {"exploration", "mining", "collection", "recycling"} <= stages_at_min(levels, "technological_maturity")


def claim_design_production_greatest_impact(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: design and production "have the greatest potential impact on circularity" —
    read literally: both at the top impact level."""
    return {"design", "production"} <= stages_at_max(levels, "impact_on_circularity")


def claim_design_production_lowest_digital_difficulty(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: design and production have the lowest difficulty of adopting digital technologies."""
    return {"design", "production"} <= stages_at_min(levels, "digitalisation_difficulty")


def claim_production_carbon_pivotal(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: production plays a pivotal role in the carbon footprint (carbon level ◎)."""
    return bool(levels.loc["carbon_footprint", "production"] == 3)


def claim_reuse_collection_recycling_next_level(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: "in the next level", reuse, collection and recycling have high impact on circularity
    but harder digital adoption than design and production."""
    impact = _at(levels, "impact_on_circularity", ["reuse", "collection", "recycling"])
    difficulty = _at(levels, "digitalisation_difficulty", ["reuse", "collection", "recycling"])
    easiest = _at(levels, "digitalisation_difficulty", ["design", "production"]).max()
    return bool((impact == 3).all() and (difficulty > easiest).all())


def claim_reuse_collection_recycling_low_maturity(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: digital adoption in reuse, collection and recycling "might face challenges due to
    the low maturity of methods and technologies" (technological maturity △ for all three)."""
    return bool((_at(levels, "technological_maturity", ["reuse", "collection", "recycling"]) == 1).all())


def claim_least_influence_stages(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: the least influence on circularity: processing, exploration, mining, use
    (exactly the stages at the row minimum)."""
    return stages_at_min(levels, "impact_on_circularity") == set(LEAST_INFLUENCE_STAGES)


def claim_processing_fewer_digital_challenges(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: within the least-influence group, processing "encounters fewer adoption challenges
    for digital technologies": its digitalisation difficulty is below that of the other three."""
    row = levels.loc["digitalisation_difficulty"]
    others = row[sorted(LEAST_INFLUENCE_STAGES - {"processing"})]
    return bool((row["processing"] < others).all())


def claim_processing_high_carbon(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: processing contributes substantially to the carbon footprint (carbon level ◎)."""
    return bool(levels.loc["carbon_footprint", "processing"] == 3)


def claim_design_production_most_promise(priority: pd.Series) -> bool:
    """Conclusion: design and production show the most promise for digitalisation — both score at
    least as high as every other stage in the prioritisation (:func:`priority_scores`)."""
    others = priority.drop(["design", "production"])
    return bool(priority[["design", "production"]].min() >= others.max())


CLAIM_FUNCTIONS = {
    "s4_1.collection_recycling_most_important": claim_collection_recycling_most_important,
    "s4_1.design_critical": claim_design_critical,
    "s4_1.reuse_important": claim_reuse_important,
    "s4_1.collection_recycling_hard_practice": claim_collection_recycling_hard_practice,
    "s4_2.extraction_processing_production_most_carbon": claim_extraction_processing_production_most_carbon,
    "s4_3.design_production_most_mature": claim_design_production_most_mature,
    "s4_3.use_notably_mature": claim_use_notably_mature,
    "s4_3.processing_reuse_above_least_mature": claim_processing_reuse_less_mature_than_least,
    "s4_3.processing_reuse_lag_mature_stages": claim_processing_reuse_lag_mature_stages,
    "s4_3.least_mature_stages": claim_least_mature_stages,
    "s4_4.design_production_greatest_impact": claim_design_production_greatest_impact,
    "s4_4.design_production_lowest_digital_difficulty": claim_design_production_lowest_digital_difficulty,
    "s4_4.production_carbon_pivotal": claim_production_carbon_pivotal,
    "s4_4.reuse_collection_recycling_next_level": claim_reuse_collection_recycling_next_level,
    "s4_4.reuse_collection_recycling_low_maturity": claim_reuse_collection_recycling_low_maturity,
    "s4_4.least_influence_stages": claim_least_influence_stages,
    "s4_4.processing_fewer_digital_challenges": claim_processing_fewer_digital_challenges,
    "s4_4.processing_high_carbon": claim_processing_high_carbon,
}
"""Matrix-derived narrative claims, keyed by claim id suffix (``ch002.<key>``)."""


def narrative_claims(levels: pd.DataFrame, priority: pd.Series) -> dict[str, bool]:
    """All narrative checks as ``{claim id: bool}`` for :func:`ev_compendium.claims.check_claims`."""
    out = {f"ch002.{key}": fn(levels) for key, fn in CLAIM_FUNCTIONS.items()}
    out["ch002.conclusion.design_production_most_promise"] = claim_design_production_most_promise(priority)
    return out


def count_top_impact_stages(levels: pd.DataFrame) -> int:
    """Number of stages at the top impact-on-circularity level.

    Sec. 4.1 names "the two most important stages for circularity" (collection and recycling);
    on Figure 1's three-level scale this counts how many stages share the top symbol.
    """
    return len(stages_at_max(levels, "impact_on_circularity"))


NUMERIC_CLAIM_FUNCTIONS = {
    "s4_1.most_important_stage_count": count_top_impact_stages,
}
"""Matrix-derived numbers the paper prints (claim id suffix -> function of the level matrix)."""


def numeric_claims(levels: pd.DataFrame) -> dict[str, float]:
    """The printed numbers the matrix can produce, as ``{claim id: float}`` for ``check_claims``."""
    return {f"ch002.{key}": float(fn(levels)) for key, fn in NUMERIC_CLAIM_FUNCTIONS.items()}


# --------------------------------------------------------------------------- prioritisation


def priority_scores(
    levels: pd.DataFrame,
    symbol_scores: Sequence[float],
    weight_impact: float,
    weight_ease: float,
    weight_carbon: float,
) -> pd.Series:
    """Digitalisation-investment priority of each stage (a chapter assumption, not the paper's).

    A weighted product (Cobb–Douglas) of three scores on the symbol scale ``s = [low, medium, high]``:

        priority = impact ** w_impact × ease ** w_ease × carbon ** w_carbon

    where ``impact`` is the impact-on-circularity score, ``ease`` the score of the *reversed*
    digitalisation-difficulty level (△ difficulty → high ease) and ``carbon`` the carbon-footprint
    score. With weights (1, 1, 0) and scores (1, 2, 3) this is impact × ease. Weights are
    exponents in [0, 5]; all zero is rejected (every stage would tie).
    Returns a Series sorted from highest to lowest priority (ties keep the paper's stage order).
    """
    weights = {"weight_impact": weight_impact, "weight_ease": weight_ease, "weight_carbon": weight_carbon}
    for name, w in weights.items():
        if not (isinstance(w, (int, float)) and np.isfinite(w) and 0 <= w <= 5):
            raise ValueError(f"{name} must be a number in [0, 5], got {w!r}")
    if all(w == 0 for w in weights.values()):
        raise ValueError("weight_impact, weight_ease, weight_carbon: at least one must be > 0")
    scores = scored_matrix(levels, symbol_scores)
    ease_levels = 4 - levels.loc["digitalisation_difficulty"]
    ease = scored_matrix(ease_levels.to_frame().T, symbol_scores).iloc[0]
    priority = (scores.loc["impact_on_circularity"] ** weight_impact
                * ease ** weight_ease
                * scores.loc["carbon_footprint"] ** weight_carbon)
    order = sorted(STAGES, key=lambda s: (-priority[s], STAGES.index(s)))
    return priority.loc[order].rename("priority")


def priority_table(levels: pd.DataFrame, priority: pd.Series) -> pd.DataFrame:
    """Display table: rank, priority and the three inputs (as symbols) for each stage."""
    table = pd.DataFrame({
        "rank": priority.rank(ascending=False, method="min").astype(int),
        "priority": priority.round(3),
        "impact": [LEVEL_SYMBOLS[levels.loc["impact_on_circularity", s]] for s in priority.index],
        "digitalisation difficulty": [LEVEL_SYMBOLS[levels.loc["digitalisation_difficulty", s]]
                                      for s in priority.index],
        "carbon footprint": [LEVEL_SYMBOLS[levels.loc["carbon_footprint", s]] for s in priority.index],
    }, index=priority.index)
    return table.rename_axis("stage")


def all_readings_claims(tidy: pd.DataFrame, symbol_scores: Sequence[float],
                        weights: Sequence[float]) -> pd.DataFrame:
    """Truth value of every narrative claim under all 27 readings of the 8-symbol row.

    Columns are a (gap_stage, gap_level) MultiIndex in the paper's stage order and levels
    low/medium/high; rows are the claim ids of :func:`narrative_claims`.
    """
    readings = {(stage, LEVEL_NAMES[level]): (stage, level) for stage in STAGES for level in (1, 2, 3)}
    table = claims_under_readings(tidy, readings, symbol_scores, weights)
    table.columns = pd.MultiIndex.from_tuples(table.columns, names=["gap_stage", "gap_level"])
    return table


def reading_agreement(sweep: pd.DataFrame) -> pd.DataFrame:
    """How many narrative claims hold under each reading (the paper asserts every one of them).

    ``sweep`` is the output of :func:`all_readings_claims`; returns stages × (low, medium, high).
    """
    counts = sweep.sum(axis=0).astype(int).unstack("gap_level")
    return counts.loc[list(STAGES), [LEVEL_NAMES[k] for k in (1, 2, 3)]]


def claims_under_readings(tidy: pd.DataFrame, readings: Mapping[str, tuple[str, int]],
                          symbol_scores: Sequence[float], weights: Sequence[float]) -> pd.DataFrame:
    """Truth value of every narrative claim under several gap readings.

    ``readings`` maps a label to ``(gap_stage, gap_level)``. Returns claims × readings (bools).
    """
    printed = printed_sequence(tidy)
    base = level_matrix(tidy)
    cols = {}
    for label, (stage, level) in readings.items():
        levels = with_impact_row(base, impact_row_reading(printed, stage, level))
        cols[label] = narrative_claims(levels, priority_scores(levels, symbol_scores, *weights))
    return pd.DataFrame(cols)
