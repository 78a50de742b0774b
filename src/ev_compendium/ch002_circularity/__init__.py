"""ch002 — the Li-ion battery circularity matrix of Rahnama, Johansen & Öhrwall Rönnbäck (2023).

The paper's result is Figure 1 (Section 4.3), a matrix of ordinal symbols over five themes
and nine value-chain stages, and the sentences of Sections 4.1–4.4 and the Conclusion read
from it. The chapter computes, under parameters ``P``:

* the matrix with the unprinted impact cell read as ``P.impact_gap_stage`` /
  ``P.impact_gap_level`` (:mod:`.data`, :mod:`.readings`),
* every sentence as a test on the matrix (:mod:`.statements`),
* our prioritisation for digitalisation investment (:mod:`.priority`, weights and symbol
  scores are our assumptions),
* every alternative reading of the unprinted cell and what it does to the sentences
  (:mod:`.readings`).

``compute(P)`` returns all of it as :class:`Results`; ``checks.claim_values`` maps it to the
registry; :mod:`.display` draws the figures and tables of ``book/ch002-circularity-matrix.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from ..params import ParameterSet
from . import data, priority, readings, statements
from .priority import check_weights


def weights_of(P: ParameterSet) -> tuple[float, float, float]:
    """``(w_impact, w_ease, w_carbon)`` from the parameters."""
    return tuple(P[name] for name in priority.WEIGHT_PARAMETERS)  # type: ignore[return-value]


def constraints(P: ParameterSet) -> None:
    """Joint conditions on the parameters: the three priority weights cannot all be zero
    (every stage would tie and the ranking, and the Conclusion's "most promise" test, would
    say nothing). Raises ParameterError naming the three weight parameters."""
    check_weights(weights_of(P))


@dataclass(frozen=True)
class Results:
    """Everything the chapter computes under one parameter set. The reading investigation
    and the weight-set ranks, which no claim needs, are computed when first used (a check or
    a robustness sample skips them)."""

    tidy: pd.DataFrame                 # Figure 1 as loaded (one row per cell)
    printed: list[str]                 # the 8 printed symbols of the impact row
    levels: pd.DataFrame               # themes × stages, levels 1/2/3, with the gap read per P
    printed_per_theme: pd.Series       # symbols printed in each theme's row
    every_cell_printed: bool           # every theme's row prints 9 symbols
    statements: dict[str, bool]        # every sentence under P's reading (+ the Conclusion's)
    top_impact_stage_count: int        # stages at the top impact level ("the two ...")
    five_r_strategies: list[str]       # Sec. 2.1's list of the "5R" strategies
    five_r_count: int                  # how many it lists
    review_protocol: pd.DataFrame      # Table 1
    priority: pd.DataFrame             # priority, log_priority, rank by stage (sorted)
    scores: tuple[float, ...]          # the symbol scores used (P.symbol_scores)
    weights: tuple[float, float, float]  # the priority weights used

    @cached_property
    def weight_set_ranks(self) -> pd.DataFrame:
        """Stage ranks under priority.WEIGHT_SETS."""
        return priority.ranks_under_weight_sets(self.levels, list(self.scores), priority.WEIGHT_SETS)

    @cached_property
    def readings(self) -> pd.DataFrame:
        """The 27 readings against the four text constraints."""
        return readings.enumerate_gap_readings(self.printed)

    @cached_property
    def consistent_rows(self) -> list[str]:
        """Distinct rows of the consistent readings."""
        return readings.consistent_rows(self.readings)

    @cached_property
    def sweep(self) -> pd.DataFrame:
        """Sentences × 27 readings (bools)."""
        return readings.all_readings_statements(self.tidy, list(self.scores), self.weights)

    @cached_property
    def agreement(self) -> pd.DataFrame:
        """Sentences holding per reading (stages × levels)."""
        return readings.reading_agreement(self.sweep)

    @cached_property
    def alternatives(self) -> pd.DataFrame:
        """Sentences × readings.ALTERNATIVE_READINGS (bools)."""
        return readings.statements_under_readings(self.tidy, readings.ALTERNATIVE_READINGS,
                                                  list(self.scores), self.weights)


def compute(P: ParameterSet) -> Results:
    """Run the chapter once under ``P`` (deterministic: no sampling)."""
    constraints(P)
    weights = weights_of(P)
    scores = list(P.symbol_scores)
    tidy = data.load_matrix()
    levels = readings.levels_under_reading(tidy, P.impact_gap_stage, P.impact_gap_level)
    ranked = priority.priority_scores(levels, scores, weights)
    sentences = {**statements.matrix_statements(levels),
                 readings.MOST_PROMISE: priority.design_production_most_promise(ranked)}
    printed = readings.printed_sequence(tidy)
    printed_per_theme = data.printed_symbols_per_theme(tidy)
    five_r = data.load_five_r_strategies()
    return Results(
        tidy=tidy,
        printed=printed,
        levels=levels,
        printed_per_theme=printed_per_theme,
        every_cell_printed=statements.every_cell_printed(printed_per_theme),
        statements=sentences,
        top_impact_stage_count=statements.count_top_impact_stages(levels),
        five_r_strategies=five_r,
        five_r_count=statements.count_r_strategies(five_r),
        review_protocol=data.load_review_protocol(),
        priority=ranked,
        scores=tuple(scores),
        weights=weights,
    )
