"""Chapter ch000: Energy-Carbon-Cost optimisation of NEV power-system manufacturing (Li 2026).

The chapter contract (see :mod:`ev_compendium.chapter`):

``constraints(P)``
    refuses, with a ParameterError naming the parameters, every combination the model cannot
    take (calibration steps, design-space bounds, the motor-cost ceiling, reductions that would
    reach 100 % of a plant's carbon, the Sobol sample size);
``compute(P)``
    runs the chapter's computations once (seeded) and returns :class:`EccResults` (the
    optimisation, surrogate and Sobol parts, which no claim needs, on first use);
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
from functools import cached_property

import numpy as np
import pandas as pd

from ..validate import require
from .model import EccModel, combine_reductions, one_at_a_time_impacts, optimised_design
from .optimisation import grid_front, knee_row, knee_sensitivity, marginal_costs, pareto_front_2d, run_nsga2
from .plants import carbon_gap_decomposition, plant_table
from .sensitivity import analytic_variance_shares, is_power_of_two, sobol_indices, top3_share_vs_recovery_bound
from .surrogate import surrogate_optimisation
from .whatifs import (cost_sensitivity, cross_case_reductions, regional_comparison, require_defined_reductions,
                      substitution_readings)


def constraints(P: Mapping) -> None:
    """Raise ParameterError for any combination of individually valid values the model cannot take."""
    model = EccModel.from_params(P)  # calibration steps, design-space bounds, motor-cost ceiling
    require_defined_reductions(P, model)
    require(is_power_of_two(P["sobol_base_samples"]), ("sobol_base_samples",),
            "a power of 2 (Saltelli sampling)", P)


@dataclass(frozen=True)
class EccResults:
    """Everything the chapter computes under one parameter set (tables are DataFrames).

    The accounting, lever and what-if tables (everything a claim needs) are computed by
    :func:`compute`; the optimisation, surrogate and Sobol results (figures and illustrations
    only) are computed on first use and then kept, each with its own seed, so the order in
    which a notebook asks for them does not change them.

    ``knee``/``grid_knee`` are None when a frontier has fewer than 3 points, ``marginal`` when the
    frontier does not reach past ``knee_split_pct``, ``analytic_shares``/``top3_sweep`` when the
    combination is not additive (no closed form)."""

    P: Mapping
    model: EccModel
    plants: pd.DataFrame              # Table 1 recomputed
    carbon_gaps: pd.DataFrame         # Section 4.1: energy vs grid-factor share of each pair's gap
    impacts: pd.DataFrame             # Table 2 one-at-a-time, and all four together
    additive_total_pct: float
    multiplicative_total_pct: float
    designs: pd.DataFrame             # Table 2's baseline and optimised designs, evaluated
    cost_sensitivity: pd.DataFrame    # the optimised design's cost with each cost coefficient scaled
    substitution: pd.DataFrame        # Section 3.6's substitution step, both readings
    cross_case: pd.DataFrame          # Section 3.6: the optimised design at each plant
    regional: pd.DataFrame            # Sections 3.4/4.3: the reference plant on each regional grid

    @property
    def _common(self) -> dict:
        return dict(population=self.P["nsga_population"], generations=self.P["nsga_generations"],
                    seed=self.P["seed"])

    @cached_property
    def pareto3(self) -> pd.DataFrame:
        """NSGA-II final feasible population, three objectives (eq. 1)."""
        return run_nsga2(self.model, **self._common)

    @cached_property
    def front(self) -> pd.DataFrame:
        """NSGA-II carbon-cost frontier (Figure 1)."""
        return pareto_front_2d(run_nsga2(self.model, with_efficiency=False, **self._common))

    @cached_property
    def knee(self) -> pd.Series | None:
        return knee_row(self.front)

    @cached_property
    def grid_front(self) -> pd.DataFrame:
        """The same frontier by exhaustive grid search."""
        return grid_front(self.model, self.P["front_grid_levels"])

    @cached_property
    def grid_knee(self) -> pd.Series | None:
        return knee_row(self.grid_front)

    @cached_property
    def knee_sensitivity(self) -> pd.DataFrame:
        return knee_sensitivity(self.model, self.P["knee_sensitivity_scales"], levels=self.P["front_grid_levels"])

    @cached_property
    def marginal(self) -> dict | None:
        return marginal_costs(self.front, self.P["knee_split_pct"])

    @cached_property
    def _surrogate(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        P = self.P
        return surrogate_optimisation(self.model, samples=P["surrogate_samples"], trees=P["surrogate_trees"],
                                      test_fraction=P["surrogate_test_fraction"],
                                      rounds=P["surrogate_feedback_rounds"], **self._common)

    @property
    def surrogate_front(self) -> pd.DataFrame:
        """The surrogate-optimised front, re-evaluated with the mechanistic model."""
        return pareto_front_2d(self._surrogate[0])

    @property
    def surrogate_log(self) -> pd.DataFrame:
        return self._surrogate[1]

    @cached_property
    def sobol(self) -> pd.DataFrame:
        return sobol_indices(self.model, base_samples=self.P["sobol_base_samples"], seed=self.P["seed"])

    @cached_property
    def analytic_shares(self) -> pd.Series | None:
        return analytic_variance_shares(self.model) if self.model.combination == "additive" else None

    @cached_property
    def top3_sweep(self) -> pd.DataFrame | None:
        if self.model.combination != "additive":
            return None
        u0, u_max = self.model.u0, self.model.u_max
        return top3_share_vs_recovery_bound(self.model, np.linspace(max(u0, 0.05), max(0.5, u_max), 46))


def compute(P: Mapping) -> EccResults:
    """Run the chapter's accounting and what-if computations from ``P`` (the optimisation,
    surrogate and Sobol parts run on first use; all seeded)."""
    model = EccModel.from_params(P)
    impacts = one_at_a_time_impacts(model, P)
    lever_only = impacts.drop(index="all four together")["reduction_pct"].to_numpy() / 100.0
    optimised = optimised_design(P)
    designs = model.evaluate(np.vstack([model.baseline_design(), optimised]))
    designs.index = pd.Index(["baseline (Table 2)", "optimised (Table 2)"], name="design")
    plants = plant_table(P)
    return EccResults(
        P=P,
        model=model,
        plants=plants,
        carbon_gaps=carbon_gap_decomposition(plants),
        impacts=impacts,
        additive_total_pct=100.0 * float(combine_reductions(lever_only, "additive"))
        if lever_only.sum() < 1.0 else float("nan"),
        multiplicative_total_pct=100.0 * float(combine_reductions(lever_only, "multiplicative")),
        designs=designs,
        cost_sensitivity=cost_sensitivity(model, optimised, P["knee_sensitivity_scales"]),
        substitution=substitution_readings(model, P["substitution_step"]),
        cross_case=cross_case_reductions(P, model),
        regional=regional_comparison(P, model),
    )
