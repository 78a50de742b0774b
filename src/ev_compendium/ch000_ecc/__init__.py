"""Chapter ch000: Energy-Carbon-Cost optimisation of NEV power-system manufacturing (Li 2026).

The chapter contract (see :mod:`ev_compendium.chapter`):

``constraints(P)``
    refuses, with a ParameterError naming the parameters, every combination the model cannot
    take (calibration steps, design-space bounds, the motor-cost ceiling, reductions that would
    reach 100 % of a plant's carbon, the Sobol sample size);
``compute(P)``
    runs every computation of the chapter once (seeded) and returns :class:`EccResults`;
``checks.claim_values(P, results)``
    the computed value of every ``reproduced``/``discrepancy`` claim.

Modules: :mod:`.data` (tidy data), :mod:`.plants` (Table 1, Section 4.1), :mod:`.model` (the
calibrated design model, Sections 3.1, 3.5, 4.2), :mod:`.whatifs` (Sections 3.4, 3.6, 4.3),
:mod:`.optimisation` (eq. 1-2, Figure 1), :mod:`.surrogate` (Sections 3.5, 3.7),
:mod:`.sensitivity` (Section 3.6, Sobol), :mod:`.checks`, :mod:`.display`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..validate import require
from .model import EccModel, combine_reductions, one_at_a_time_impacts, optimised_design
from .optimisation import grid_front, knee_row, knee_sensitivity, marginal_costs, pareto_front_2d, run_nsga2
from .plants import plant_table
from .sensitivity import analytic_variance_shares, is_power_of_two, sobol_indices, top3_share_vs_recovery_bound
from .surrogate import surrogate_optimisation
from .whatifs import cross_case_reductions, regional_comparison, require_defined_reductions, substitution_readings


def constraints(P: Mapping) -> None:
    """Raise ParameterError for any combination of individually valid values the model cannot take."""
    model = EccModel.from_params(P)  # calibration steps, design-space bounds, motor-cost ceiling
    require_defined_reductions(P, model)
    require(is_power_of_two(P["sobol_base_samples"]), ("sobol_base_samples",),
            "a power of 2 (Saltelli sampling)", P)


@dataclass(frozen=True)
class EccResults:
    """Everything the chapter computes under one parameter set (tables are DataFrames).

    ``knee``/``grid_knee`` are None when a frontier has fewer than 3 points, ``marginal`` when the
    frontier does not reach past ``knee_split_pct``, ``analytic_shares``/``top3_sweep`` when the
    combination is not additive (no closed form)."""

    model: EccModel
    plants: pd.DataFrame              # Table 1 recomputed
    impacts: pd.DataFrame             # Table 2 one-at-a-time, and all four together
    additive_total_pct: float
    multiplicative_total_pct: float
    designs: pd.DataFrame             # Table 2's baseline and optimised designs, evaluated
    pareto3: pd.DataFrame             # NSGA-II, three objectives
    front: pd.DataFrame               # NSGA-II carbon-cost frontier (Figure 1)
    knee: pd.Series | None
    grid_front: pd.DataFrame
    grid_knee: pd.Series | None
    knee_sensitivity: pd.DataFrame
    marginal: dict | None
    surrogate_front: pd.DataFrame
    surrogate_log: pd.DataFrame
    sobol: pd.DataFrame
    analytic_shares: pd.Series | None
    top3_sweep: pd.DataFrame | None
    substitution: pd.DataFrame
    cross_case: pd.DataFrame
    regional: pd.DataFrame


def compute(P: Mapping) -> EccResults:
    """Run every computation of the chapter from the parameter set ``P`` (seeded)."""
    model = EccModel.from_params(P)
    impacts = one_at_a_time_impacts(model, P)
    lever_only = impacts.drop(index="all four together")["reduction_pct"].to_numpy() / 100.0
    designs = model.evaluate(np.vstack([model.baseline_design(), optimised_design(P)]))
    designs.index = pd.Index(["baseline (Table 2)", "optimised (Table 2)"], name="design")
    common = dict(population=P["nsga_population"], generations=P["nsga_generations"], seed=P["seed"])
    pareto3 = run_nsga2(model, **common)
    front = pareto_front_2d(run_nsga2(model, with_efficiency=False, **common))
    exhaustive = grid_front(model, P["front_grid_levels"])
    surrogate_front, surrogate_log = surrogate_optimisation(
        model, samples=P["surrogate_samples"], trees=P["surrogate_trees"],
        test_fraction=P["surrogate_test_fraction"], rounds=P["surrogate_feedback_rounds"], **common)
    additive = model.combination == "additive"
    lower, upper = model.bounds()
    return EccResults(
        model=model,
        plants=plant_table(P),
        impacts=impacts,
        additive_total_pct=100.0 * float(combine_reductions(lever_only, "additive"))
        if lever_only.sum() < 1.0 else float("nan"),
        multiplicative_total_pct=100.0 * float(combine_reductions(lever_only, "multiplicative")),
        designs=designs,
        pareto3=pareto3,
        front=front,
        knee=knee_row(front),
        grid_front=exhaustive,
        grid_knee=knee_row(exhaustive),
        knee_sensitivity=knee_sensitivity(model, P["knee_sensitivity_scales"], levels=P["front_grid_levels"]),
        marginal=marginal_costs(front, P["knee_split_pct"]),
        surrogate_front=pareto_front_2d(surrogate_front),
        surrogate_log=surrogate_log,
        sobol=sobol_indices(model, base_samples=P["sobol_base_samples"], seed=P["seed"]),
        analytic_shares=analytic_variance_shares(model) if additive else None,
        top3_sweep=top3_share_vs_recovery_bound(model, np.linspace(max(model.u0, 0.05), max(0.5, upper[3]), 46))
        if additive else None,
        substitution=substitution_readings(model, P["substitution_step"]),
        cross_case=cross_case_reductions(P, model),
        regional=regional_comparison(P, model),
    )
