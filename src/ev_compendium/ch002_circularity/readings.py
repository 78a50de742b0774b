"""The cell Figure 1 does not print: every reading of the 8-symbol impact row, tested on the text.

In Rahnama et al. (2023), Figure 1 (Section 4.3) prints 8 symbols for 9 stages in the
*impact on circularity* row (△ △ △ ◎ ○ △ ◎ ◎). A *reading* puts the gap at one stage with one
level; the 8 printed symbols fill the other stages in order, so there are 9 × 3 = 27 readings.

* :func:`impact_row_reading` builds the row of one reading, :func:`levels_under_reading` the
  whole matrix;
* :func:`narrative_constraints` tests a row against the four things the text says about it
  (Sections 4.1 and 4.4), :func:`enumerate_gap_readings` does so for all 27;
* :func:`statements_under_readings` evaluates every matrix sentence (and the priority-based
  Conclusion) under chosen readings, :func:`all_readings_statements` under all 27, and
  :func:`reading_agreement` counts how many hold under each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from ..validate import require
from .data import LEVEL_NAMES, LEVEL_SYMBOLS, STAGES, SYMBOL_LEVELS, THEMES, level_matrix
from .priority import design_production_most_promise, priority_scores
from .statements import LEAST_INFLUENCE_STAGES, matrix_statements

GAP_THEME = "impact_on_circularity"
"""The row in which the paper prints 8 symbols for 9 stages."""

MOST_PROMISE = "design_production_most_promise"
"""Name of the Conclusion's priority-based sentence in the reading tables."""

ALTERNATIVE_READINGS: dict[tuple[str, str], tuple[str, int]] = {
    ("recycling", "◎ (data file)"): ("recycling", 3),
    ("recycling", "○"): ("recycling", 2),
    ("recycling", "△"): ("recycling", 1),
    ("exploration (field-aligned)", "△"): ("exploration", 1),
    ("exploration (field-aligned)", "◎"): ("exploration", 3),
    ("production", "◎"): ("production", 3),
}
"""The readings the chapter compares side by side: (gap at, gap level) heading -> reading.
The baseline, the two other levels at recycling, the field-aligned reading of the source's
tab layout (gap at exploration) and the reading that makes Sec. 4.4's "design and production
have the greatest impact" true (a ◎ gap at production)."""


def printed_sequence(tidy: pd.DataFrame, theme: str = GAP_THEME) -> list[str]:
    """The symbols the paper prints in ``theme``'s row, in printed (left-to-right) order."""
    if theme not in THEMES:
        raise ValueError(f"theme {theme!r} is not a Figure 1 theme; valid: {', '.join(THEMES)}")
    row = tidy[tidy["theme"] == theme].set_index("stage").loc[list(STAGES)]
    return [s for s in row["printed_symbol"] if s in SYMBOL_LEVELS]


def check_reading(gap_stage: str, gap_level: int) -> None:
    """``gap_stage`` one of the nine stages and ``gap_level`` 1, 2 or 3 (ParameterError otherwise)."""
    values = {"impact_gap_stage": gap_stage, "impact_gap_level": gap_level}
    require(gap_stage in STAGES, ("impact_gap_stage",), f"one of {', '.join(STAGES)}", values)
    require(not isinstance(gap_level, bool) and gap_level in LEVEL_SYMBOLS, ("impact_gap_level",),
            "an ordinal level 1, 2 or 3 (low, medium, high)", values)


def impact_row_reading(printed: Sequence[str], gap_stage: str, gap_level: int) -> pd.Series:
    """Impact-on-circularity row (levels by stage) for one reading of the 8 printed symbols.

    The 8 printed symbols fill, in order, the 8 stages other than ``gap_stage``; ``gap_stage``
    gets ``gap_level`` (1 low, 2 medium, 3 high). The data file's reading is
    ``gap_stage='recycling'``, ``gap_level=3``.
    """
    check_reading(gap_stage, gap_level)
    if len(printed) != len(STAGES) - 1:
        raise ValueError(f"printed must hold {len(STAGES) - 1} symbols, got {len(printed)}")
    unknown = [s for s in printed if s not in SYMBOL_LEVELS]
    if unknown:
        raise ValueError(f"printed: unknown symbol(s) {unknown}; valid: ◎, ○, △")
    fill = iter(printed)
    levels = {s: (int(gap_level) if s == gap_stage else SYMBOL_LEVELS[next(fill)]) for s in STAGES}
    return pd.Series(levels, name=GAP_THEME, dtype=int)


def with_impact_row(levels: pd.DataFrame, impact_row: pd.Series) -> pd.DataFrame:
    """Copy of the level matrix with the impact-on-circularity row replaced."""
    out = levels.copy()
    out.loc[GAP_THEME] = impact_row.loc[list(STAGES)].to_numpy()
    return out


def levels_under_reading(tidy: pd.DataFrame, gap_stage: str, gap_level: int) -> pd.DataFrame:
    """The level matrix of Figure 1 with the impact row read with the gap at ``gap_stage``."""
    row = impact_row_reading(printed_sequence(tidy), gap_stage, gap_level)
    return with_impact_row(level_matrix(tidy), row)


def narrative_constraints(impact_row: pd.Series) -> dict[str, bool]:
    """What the paper's text says about the impact-on-circularity row, tested on one reading.

    * ``collection_recycling_top`` (a) — Sec. 4.1: collection and recycling are "the two most
      important stages for circularity" (both at the row maximum).
    * ``reuse_collection_recycling_high`` (b) — Sec. 4.4: they "have high importance due to
      their high effect of circularity" (all ◎).
    * ``design_high`` (c) — Sec. 4.1: design "is critical in fostering circularity" (◎).
    * ``least_influence_set`` (d) — Sec. 4.4: the stages at the row minimum are exactly
      processing, exploration, mining and use.
    """
    top, low = impact_row.max(), impact_row.min()
    return {
        "collection_recycling_top": bool(impact_row["collection"] == top and impact_row["recycling"] == top),
        "reuse_collection_recycling_high": bool((impact_row[["reuse", "collection", "recycling"]] == 3).all()),
        "design_high": bool(impact_row["design"] == 3),
        "least_influence_set": set(impact_row.index[impact_row == low]) == set(LEAST_INFLUENCE_STAGES),
    }


def all_readings() -> dict[tuple[str, str], tuple[str, int]]:
    """The 27 readings, labelled (gap stage, level name), in the paper's stage order."""
    return {(stage, LEVEL_NAMES[level]): (stage, level) for stage in STAGES for level in (1, 2, 3)}


def enumerate_gap_readings(printed: Sequence[str]) -> pd.DataFrame:
    """All 27 readings of the 8-symbol row with the four constraints of
    :func:`narrative_constraints` and ``consistent`` (all four hold).

    The extra column ``only_collection_recycling_top`` tests the *strict* reading of Sec. 4.1
    ("the two most important stages": collection and recycling the only stages at the row
    maximum). It is informational and not part of ``consistent``.
    """
    rows = []
    for (stage, level_name), (gap_stage, gap_level) in all_readings().items():
        row = impact_row_reading(printed, gap_stage, gap_level)
        checks = narrative_constraints(row)
        rows.append({
            "gap_stage": stage, "gap_level": level_name,
            "row": " ".join(LEVEL_SYMBOLS[v] for v in row),
            **checks, "consistent": all(checks.values()),
            "only_collection_recycling_top": set(row.index[row == row.max()]) == {"collection", "recycling"},
        })
    return pd.DataFrame(rows)


def consistent_rows(readings: pd.DataFrame) -> list[str]:
    """The distinct impact rows (as symbol strings) of the readings consistent with the narrative."""
    return sorted(set(readings.loc[readings["consistent"], "row"]))


def statements_under_readings(tidy: pd.DataFrame, readings: Mapping[object, tuple[str, int]],
                              symbol_scores: Sequence[float], weights: Sequence[float]) -> pd.DataFrame:
    """Truth value of every sentence (matrix statements and the Conclusion's priority-based
    one) under each reading: statements × readings (bools). ``readings`` maps a label to
    ``(gap_stage, gap_level)``."""
    cols = {}
    for label, (stage, level) in readings.items():
        levels = levels_under_reading(tidy, stage, level)
        priority = priority_scores(levels, symbol_scores, weights)
        cols[label] = {**matrix_statements(levels),
                       MOST_PROMISE: design_production_most_promise(priority)}
    return pd.DataFrame(cols)


def all_readings_statements(tidy: pd.DataFrame, symbol_scores: Sequence[float],
                            weights: Sequence[float]) -> pd.DataFrame:
    """:func:`statements_under_readings` for all 27 readings; columns are a
    (gap_stage, gap_level) MultiIndex."""
    table = statements_under_readings(tidy, all_readings(), symbol_scores, weights)
    table.columns = pd.MultiIndex.from_tuples(table.columns, names=["gap_stage", "gap_level"])
    return table


def reading_agreement(sweep: pd.DataFrame) -> pd.DataFrame:
    """How many sentences hold under each reading (the paper asserts every one of them):
    stages × (low, medium, high), from the output of :func:`all_readings_statements`."""
    counts = sweep.sum(axis=0).astype(int).unstack("gap_level")
    return counts.loc[list(STAGES), [LEVEL_NAMES[k] for k in (1, 2, 3)]]
