"""Chapter ch004: differential games of NEV emission reduction under carbon trading.

Zhao, Li & Bao (2025), Energies 18(11) 2851. Modules, by concern:

:mod:`.model`       Section 3: the model's identities (demand, recycling, permits, goodwill)
:mod:`.derivation`  Section 5 / Appendices A-I: the HJB solutions, derived with sympy
:mod:`.codegen`     generated numeric code of the closed forms (committed as
                    ``generated_equilibria.py``; regenerated and cached when the derivation changes)
:mod:`.numeric`     equilibria, paths, Section 6.1 gains, Table 2, the alpha x delta grid
:mod:`.statements`  Corollaries 1-2 signs, Section 7 (ii), Figures 3-7 statements
:mod:`.printed`     the paper's printed formulas (operators restored)
:mod:`.readings`    Section 6 readings investigation and typo scan
:mod:`.ode_check`   independent numeric integration of the value functions
:mod:`.checks`      claim ids -> computed values (the only module that names claims)
:mod:`.display`     tables and figures for the chapter page

``constraints(P)`` refuses parameter combinations the model cannot take; ``compute(P)``
returns :class:`Results`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from ..validate import require
from . import codegen, numeric, printed, statements
from .model import model_parameters
from .numeric import TABLE2_DELTAS

#: time points of the plotted horizon [0, t_end] (Figures 3-5)
TIME_POINTS = 141


def constraints(P: Any) -> None:
    """Joint conditions on the parameters (each raises ParameterError naming them).

    Assumption 4's positivity condition 0 < Em - Er < alpha Em / (delta theta), written as
    delta theta (Em - Er) < alpha Em so that delta = 0 (no recycled material returns to the
    manufacturer) is allowed; the same condition at Table 2's largest delta (0.9), which
    the chapter evaluates whatever delta is; and admissible points in every row of the
    alpha x delta grid of Figures 6-7 (delta up to 0.95).
    """
    saving = P["Em"] - P["Er"]
    require(saving > 0, ("Em", "Er"),
            "0 < Em - Er (Assumption 4: a vehicle made with recycled material emits less)", P)
    require(P["delta"] * P["theta"] * saving < P["alpha"] * P["Em"], ("Em", "Er", "alpha", "delta", "theta"),
            "Em - Er < alpha*Em/(delta*theta) (Assumption 4's positivity condition)", P)
    top = max(TABLE2_DELTAS)
    require(top * P["theta"] * saving < P["alpha"] * P["Em"], ("Em", "Er", "alpha", "theta"),
            f"Em - Er < alpha*Em/({top:g}*theta): Table 2 evaluates the bilateral contract up to "
            f"delta = {top:g}, where the positivity condition must still hold", P)
    grid_top = numeric.GRID_DELTA_RANGE[1]
    require(grid_top * P["theta"] * saving < P["alpha_max"] * P["Em"], ("alpha_max", "Em", "Er", "theta"),
            f"alpha_max > {grid_top:g}*theta*(Em - Er)/Em, so that every row of the alpha x delta "
            "grid of Figures 6-7 has admissible points", P)


@dataclass
class Results:
    """Everything the chapter computes under one parameter set (see :func:`compute`)."""

    parameters: dict[str, float]           # the 19 model parameters
    e0: float                              # initial goodwill of Figures 4-5
    t_profit: float                        # time at which profits are compared
    eq: dict[str, dict[str, float]]        # equilibrium of C, D, S, I, S_printed
    t: np.ndarray                          # time grid on [0, t_end]
    paths: dict[str, dict[str, np.ndarray]]        # C, D, S, I from e0 (numeric.paths)
    trajectories: dict[float, dict[str, np.ndarray]]  # Figure 3: {E0: {C, S, D: E(t)}}
    section6: dict[tuple[str, str], float]  # Section 6.1 gains, keyed (quantity, comparison)
    table2: dict[float, tuple[float, float]]       # delta -> (eps^I, gamma2^I)
    grid: dict[str, Any]                   # Figures 6-7 (numeric.alpha_delta_grid)
    grid_statements: dict[str, Any]
    time_statements: dict[str, bool]
    orderings: dict[str, bool]             # Corollaries 3-5, Propositions 1-3 at P
    signs: dict[str, bool]                 # Corollaries 1-2 sign statements at P
    cooperation: dict[str, Any]            # Section 7 (ii), on the sample around P
    printed_threshold: float               # Corollary 4 as printed
    sample: dict[str, np.ndarray] = field(repr=False, default_factory=dict)  # admissible sample around P
    facts: dict[str, bool] = field(default_factory=dict)   # parameter-free symbolic facts

    @cached_property
    def sign_shares(self) -> dict[str, float]:
        """Share of the admissible sample around P where each sign statement holds
        (computed on first use: the claims only need the statements at P)."""
        return statements.sign_shares(self.sample)


def compute(P: Any) -> Results:
    """Run the chapter's models once under ``P`` (deterministic; the sample is seeded)."""
    mp = model_parameters(P)
    e0, t_profit = float(P["E0"]), float(P["t_profit"])
    eq_arrays = {s: numeric.equilibrium(mp, s) for s in numeric.SCENARIOS}
    eq = {s: {q: float(v) for q, v in values.items()} for s, values in eq_arrays.items()}
    t = np.linspace(0.0, float(P["t_end"]), TIME_POINTS)
    paths = {s: numeric.paths(mp, eq_arrays[s], t, e0) for s in ("C", "D", "S", "I")}
    trajectories = {float(start): {s: numeric.goodwill_path(eq_arrays[s], t, float(start)) for s in ("C", "S", "D")}
                    for start in P["E0_values"]}
    grid = numeric.alpha_delta_grid(mp, e0, t_profit, float(P["alpha_max"]), int(P["grid_points"]))
    sample = statements.admissible_sample(mp)
    return Results(
        parameters=mp, e0=e0, t_profit=t_profit, eq=eq, t=t, paths=paths, trajectories=trajectories,
        section6=numeric.section6_values(mp, eq_arrays, e0, t_profit),
        table2=numeric.table2_values(mp),
        grid=grid,
        grid_statements=statements.grid_statements(grid),
        time_statements=statements.time_statements(trajectories, {s: eq[s]["E_ss"] for s in eq}, paths),
        orderings=statements.orderings(eq, e0),
        signs=statements.sign_statements(mp),
        cooperation=statements.cooperation_stringency(mp, sample),
        printed_threshold=float(printed.threshold_price(mp)),
        sample=sample,
        facts=codegen.symbolic_facts(),
    )


def refresh_generated() -> list:
    """Rewrite the committed generated code (:data:`.codegen.COMMITTED`) when the derivation
    changed; returns the files written (``python -m ev_compendium refresh ch004`` calls it)."""
    return [] if codegen.committed_source() is not None else [codegen.write_committed()]


__all__ = ["Results", "compute", "constraints", "refresh_generated"]
