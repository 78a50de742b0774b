"""A transparent prioritisation of the stages for digitalisation investment (our rule, not the paper's).

The Conclusion of Rahnama et al. (2023) offers its model "to guide investments in technology"
and says design and production "show the most promise" for digitalisation, but gives no rule.
The chapter makes one explicit: a weighted product (Cobb–Douglas) of three Figure 1 scores on
the symbol scale ``σ = symbol_scores = [low, medium, high]``::

    priority_s = σ(impact_s) ** w_impact × σ(4 − difficulty_s) ** w_ease × σ(carbon_s) ** w_carbon

(``4 − difficulty`` reverses the digitalisation-difficulty level into an *ease* level). With
weights (1, 1, 0) and scores (1, 2, 3) this is impact × ease.

Ranks are competition ranks ("1, 2, 2, 4"): stages whose priorities are equal share the best
rank of their group. Ranks are computed on log-priorities relative to a stage scoring "low"
everywhere, ``Σ_k w_k log(σ_k / σ_low)``, and two of them are a tie when they differ by less
than :data:`TIE_TOLERANCE` times the widest possible spread ``Σ_k w_k log(σ_high / σ_low)``.
So ties survive float round-off (e.g. 4**w against 2**w · 2**w), tiny scores cannot underflow
into false ties, and the ranking is exactly invariant to scaling all weights or all scores
(both only rescale or shift the log-priorities).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..validate import check_range, require
from .data import STAGES

WEIGHT_PARAMETERS: tuple[str, str, str] = (
    "priority_weight_impact", "priority_weight_ease", "priority_weight_carbon")
"""The parameters holding the three exponents, in the order of :func:`priority_scores`."""

WEIGHT_SETS: dict[str, tuple[float, float, float]] = {
    "impact only (1,0,0)": (1, 0, 0), "ease only (0,1,0)": (0, 1, 0),
    "impact × ease (1,1,0)": (1, 1, 0), "impact² × ease (2,1,0)": (2, 1, 0),
    "with carbon (1,1,1)": (1, 1, 1),
}
"""The weight sets the chapter compares, (w_impact, w_ease, w_carbon)."""

TIE_TOLERANCE = 1e-9
"""Two log-priorities closer than this fraction of their widest possible spread are a tie."""


def check_weights(weights: Sequence[float]) -> tuple[float, float, float]:
    """Each weight a finite number >= 0 and not all three zero (every stage would tie at 1:
    the ranking would say nothing). Raises ParameterError naming the weight parameters."""
    if len(weights) != 3:
        raise ValueError(f"need three weights (impact, ease, carbon), got {weights!r}")
    values = tuple(float(w) for w in weights)
    for name, w in zip(WEIGHT_PARAMETERS, values):
        require(bool(np.isfinite(w)), (name,), "a finite number", {name: w})
        check_range(name, w, 0.0, None, what="parameter")
    require(any(w > 0 for w in values), WEIGHT_PARAMETERS,
            "at least one of priority_weight_impact, priority_weight_ease, priority_weight_carbon > 0",
            dict(zip(WEIGHT_PARAMETERS, values)))
    return values  # type: ignore[return-value]


def check_symbol_scores(symbol_scores: Sequence[float]) -> tuple[float, float, float]:
    """Three finite scores 0 < low < medium < high (the symbols are ordered)."""
    scores = tuple(float(x) for x in symbol_scores)
    require(len(scores) == 3 and all(np.isfinite(scores)) and 0 < scores[0] < scores[1] < scores[2],
            ("symbol_scores",), "three finite scores 0 < low < medium < high",
            {"symbol_scores": list(scores)})
    return scores  # type: ignore[return-value]


def priority_inputs(levels: pd.DataFrame) -> pd.DataFrame:
    """Ordinal levels (1/2/3) of the three priority inputs by stage: impact, ease (reversed
    digitalisation difficulty) and carbon footprint."""
    return pd.DataFrame({
        "impact": levels.loc["impact_on_circularity"],
        "ease": 4 - levels.loc["digitalisation_difficulty"],
        "carbon": levels.loc["carbon_footprint"],
    }).loc[list(STAGES)].astype(int)


def competition_ranks(log_priority: pd.Series, tolerance: float = TIE_TOLERANCE) -> pd.Series:
    """Rank 1 = highest; a stage's rank is 1 + the number of stages strictly above it, so tied
    stages share a rank and the next rank skips (1, 2, 2, 4)."""
    values = log_priority.to_numpy(dtype=float)
    above = (values[None, :] > values[:, None] + tolerance).sum(axis=1)
    return pd.Series(1 + above, index=log_priority.index, name="rank").astype(int)


def priority_scores(levels: pd.DataFrame, symbol_scores: Sequence[float],
                    weights: Sequence[float]) -> pd.DataFrame:
    """Priority of each stage under ``weights = (w_impact, w_ease, w_carbon)``.

    Returns a frame indexed by stage, sorted from highest to lowest priority (ties keep the
    paper's stage order), with columns ``priority`` (the product), ``log_priority`` (relative
    to a stage scoring low everywhere, see the module docstring) and ``rank``.
    """
    w = np.array(check_weights(weights))
    scores = np.array(check_symbol_scores(symbol_scores))
    inputs = priority_inputs(levels).to_numpy() - 1  # 0 low, 1 medium, 2 high
    relative_logs = np.log(scores / scores[0])
    log_priority = (relative_logs[inputs] * w).sum(axis=1)
    spread = float(w.sum() * relative_logs[2])
    frame = pd.DataFrame({"priority": (scores[inputs] ** w).prod(axis=1), "log_priority": log_priority},
                         index=list(STAGES))
    frame["rank"] = competition_ranks(frame["log_priority"], TIE_TOLERANCE * spread)
    order = sorted(STAGES, key=lambda s: (frame.loc[s, "rank"], STAGES.index(s)))
    return frame.loc[order].rename_axis("stage")


def design_production_most_promise(priority: pd.DataFrame) -> bool:
    """Conclusion: design and production "show the most promise" for digitalisation — no other
    stage ranks above either of them (ties allowed). With competition ranks, the stages above
    design are ``rank − 1``, less production if production is above design (and vice versa)."""
    d, p = int(priority.loc["design", "rank"]), int(priority.loc["production", "rank"])
    others_above_design = d - 1 - (p < d)
    others_above_production = p - 1 - (d < p)
    return others_above_design == 0 and others_above_production == 0


def ranks_under_weight_sets(levels: pd.DataFrame, symbol_scores: Sequence[float],
                            weight_sets: Mapping[str, Sequence[float]]) -> pd.DataFrame:
    """Rank of every stage (rows, paper's order) under each labelled weight set (columns)."""
    return pd.DataFrame({label: priority_scores(levels, symbol_scores, w)["rank"].loc[list(STAGES)]
                         for label, w in weight_sets.items()}).rename_axis("stage (rank)")
