"""The paper's sentences about Figure 1, each read as a test on the ordinal matrix.

Rahnama et al. (2023) state their findings in words (Sections 4.1 circularity, 4.2 carbon,
4.3 maturity, 4.4 Figure 2 and digitalisation, and the Conclusion). Each function here
takes the level matrix (themes × stages, 1 low / 2 medium / 3 high) and returns whether one
sentence holds in it. Comparisons use the ordinal levels only, so no function depends on the
numeric scores chosen for the symbols. :data:`STATEMENTS` lists them with their section;
:func:`matrix_statements` evaluates them all.

Also here: the one number the matrix can produce (:func:`count_top_impact_stages`, "the two
most important stages", Sec. 4.1), the printed-completeness test of Figure 1
(:func:`every_cell_printed`) and the count of the "5R" strategies (Sec. 2.1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from .data import STAGES

LEAST_INFLUENCE_STAGES = frozenset({"processing", "exploration", "mining", "use"})
"""Section 4.4: "The stages that exert the least influence on circularity are processing,
exploration, mining, and usage"."""


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


def collection_recycling_most_important(levels: pd.DataFrame) -> bool:
    """Sec. 4.1: collection and recycling are the two most important stages for circularity
    (lenient reading: both at the top impact level)."""
    return {"collection", "recycling"} <= stages_at_max(levels, "impact_on_circularity")


def design_critical(levels: pd.DataFrame) -> bool:
    """Sec. 4.1: design is critical for circularity (impact ◎)."""
    return bool(levels.loc["impact_on_circularity", "design"] == 3)


def reuse_important(levels: pd.DataFrame) -> bool:
    """Sec. 4.1: reuse is also an important strategy for circularity (impact ◎)."""
    return bool(levels.loc["impact_on_circularity", "reuse"] == 3)


def collection_recycling_hard_practice(levels: pd.DataFrame) -> bool:
    """Sec. 4.1: collecting and recycling LIBs is a major (waste-management) challenge
    (difficulty of circularity practices ◎ for both)."""
    return bool((_at(levels, "circularity_practice_difficulty", ["collection", "recycling"]) == 3).all())


def extraction_processing_production_most_carbon(levels: pd.DataFrame) -> bool:
    """Sec. 4.2: the most carbon-intensive stages are extraction (exploration, mining),
    processing and production — exactly the stages at the top carbon-footprint level."""
    return stages_at_max(levels, "carbon_footprint") == {"exploration", "mining", "processing", "production"}


def recycling_below_production_carbon(levels: pd.DataFrame) -> bool:
    """Sec. 4.2: recycling routes have a "51.8% lower carbon footprint than battery production
    with raw materials" — recycling's carbon level is below production's."""
    row = levels.loc["carbon_footprint"]
    return bool(row["recycling"] < row["production"])


def design_production_most_mature(levels: pd.DataFrame) -> bool:
    """Sec. 4.3: design (advanced maturity) and production (relatively mature) are the most
    technologically mature stages."""
    return stages_at_max(levels, "technological_maturity") == {"design", "production"}


def use_notably_mature(levels: pd.DataFrame) -> bool:
    """Sec. 4.3: the use phase has "reached a level of notable maturity": above every stage
    other than design and production."""
    row = levels.loc["technological_maturity"]
    others = row.drop(["design", "production", "use"])
    return bool((row["use"] > others).all())


def processing_reuse_above_least_mature(levels: pd.DataFrame) -> bool:
    """Sec. 4.3: processing and reuse are "less mature", while exploration, mining, collection
    and recycling are "the least" mature — strictly: processing and reuse rank above those four."""
    row = levels.loc["technological_maturity"]
    least = row[["exploration", "mining", "collection", "recycling"]]
    return bool(min(row["processing"], row["reuse"]) > least.max())


def processing_reuse_lag_mature_stages(levels: pd.DataFrame) -> bool:
    """Sec. 4.3 / Conclusion, lenient reading: processing and reuse "lag in technological
    maturity" behind the mature stages — both below design, production and use."""
    row = levels.loc["technological_maturity"]
    return bool(max(row["processing"], row["reuse"]) < row[["design", "production", "use"]].min())


def least_mature_stages(levels: pd.DataFrame) -> bool:
    """Sec. 4.3 / Conclusion: exploration, mining, collection and recycling are among the least
    technologically mature stages (all at the row minimum)."""
    return {"exploration", "mining", "collection", "recycling"} <= stages_at_min(levels, "technological_maturity")


def design_production_greatest_impact(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: design and production "have the greatest potential impact on circularity" —
    read literally: both at the top impact level."""
    return {"design", "production"} <= stages_at_max(levels, "impact_on_circularity")


def design_production_lowest_digital_difficulty(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: design and production have the lowest difficulty of adopting digital technologies."""
    return {"design", "production"} <= stages_at_min(levels, "digitalisation_difficulty")


def production_carbon_pivotal(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: production plays a pivotal role in the carbon footprint (carbon level ◎)."""
    return bool(levels.loc["carbon_footprint", "production"] == 3)


def reuse_collection_recycling_next_level(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: "in the next level", reuse, collection and recycling have high impact on
    circularity but harder digital adoption than design and production."""
    impact = _at(levels, "impact_on_circularity", ["reuse", "collection", "recycling"])
    difficulty = _at(levels, "digitalisation_difficulty", ["reuse", "collection", "recycling"])
    easiest = _at(levels, "digitalisation_difficulty", ["design", "production"]).max()
    return bool((impact == 3).all() and (difficulty > easiest).all())


def reuse_collection_recycling_low_maturity(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: digital adoption in reuse, collection and recycling "might face challenges due
    to the low maturity of methods and technologies" (technological maturity △ for all three)."""
    return bool((_at(levels, "technological_maturity", ["reuse", "collection", "recycling"]) == 1).all())


def least_influence_stages(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: the least influence on circularity: processing, exploration, mining, use
    (exactly the stages at the row minimum)."""
    return stages_at_min(levels, "impact_on_circularity") == set(LEAST_INFLUENCE_STAGES)


def processing_fewer_digital_challenges(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: within the least-influence group, processing "encounters fewer adoption
    challenges for digital technologies": its digitalisation difficulty is below the other three's."""
    row = levels.loc["digitalisation_difficulty"]
    others = row[sorted(LEAST_INFLUENCE_STAGES - {"processing"})]
    return bool((row["processing"] < others).all())


def processing_high_carbon(levels: pd.DataFrame) -> bool:
    """Sec. 4.4: processing contributes substantially to the carbon footprint (carbon level ◎)."""
    return bool(levels.loc["carbon_footprint", "processing"] == 3)


@dataclass(frozen=True)
class Statement:
    """One sentence of the paper as a test on the level matrix."""

    section: str
    test: Callable[[pd.DataFrame], bool]


STATEMENTS: dict[str, Statement] = {
    "collection_recycling_most_important": Statement("4.1", collection_recycling_most_important),
    "design_critical": Statement("4.1", design_critical),
    "reuse_important": Statement("4.1", reuse_important),
    "collection_recycling_hard_practice": Statement("4.1", collection_recycling_hard_practice),
    "extraction_processing_production_most_carbon": Statement("4.2", extraction_processing_production_most_carbon),
    "recycling_below_production_carbon": Statement("4.2", recycling_below_production_carbon),
    "design_production_most_mature": Statement("4.3", design_production_most_mature),
    "use_notably_mature": Statement("4.3", use_notably_mature),
    "processing_reuse_above_least_mature": Statement("4.3", processing_reuse_above_least_mature),
    "processing_reuse_lag_mature_stages": Statement("4.3", processing_reuse_lag_mature_stages),
    "least_mature_stages": Statement("4.3", least_mature_stages),
    "design_production_greatest_impact": Statement("4.4", design_production_greatest_impact),
    "design_production_lowest_digital_difficulty": Statement("4.4", design_production_lowest_digital_difficulty),
    "production_carbon_pivotal": Statement("4.4", production_carbon_pivotal),
    "reuse_collection_recycling_next_level": Statement("4.4", reuse_collection_recycling_next_level),
    "reuse_collection_recycling_low_maturity": Statement("4.4", reuse_collection_recycling_low_maturity),
    "least_influence_stages": Statement("4.4", least_influence_stages),
    "processing_fewer_digital_challenges": Statement("4.4", processing_fewer_digital_challenges),
    "processing_high_carbon": Statement("4.4", processing_high_carbon),
}
"""The matrix-derived sentences, by name, in the paper's order."""


def matrix_statements(levels: pd.DataFrame) -> dict[str, bool]:
    """Every sentence of :data:`STATEMENTS` evaluated on ``levels`` (name -> holds)."""
    return {name: bool(s.test(levels)) for name, s in STATEMENTS.items()}


def count_top_impact_stages(levels: pd.DataFrame) -> int:
    """Number of stages at the top impact-on-circularity level.

    Sec. 4.1 names "the two most important stages for circularity" (collection and recycling);
    on Figure 1's three-level scale this counts how many stages share the top symbol.
    """
    return len(stages_at_max(levels, "impact_on_circularity"))


def every_cell_printed(printed_per_theme: pd.Series) -> bool:
    """Figure 1 gives every stage a symbol in every theme (9 printed symbols in each row)."""
    return bool((printed_per_theme == len(STAGES)).all())


def count_r_strategies(strategies: Sequence[str]) -> int:
    """Sec. 2.1: the number of strategies listed for the "5R" framework, each of which must
    start with an R (a listed name that does not is an error in the data)."""
    not_r = [s for s in strategies if not s.lower().startswith("r")]
    if not_r:
        raise ValueError(f"strategies not starting with R: {not_r}")
    return len(strategies)
