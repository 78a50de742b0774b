"""Numeric equilibria, goodwill paths and the Section 6 experiments of Zhao, Li & Bao (2025).

The closed forms of :mod:`.derivation` are evaluated through the generated, cached code of
:mod:`.codegen` (vectorised over array-valued parameters); paths and stocks use the one set
of identities in :mod:`.model`. Covers

* Propositions 1-4 (i)-(iii): efforts, cost shares, value functions ``V(E) = s E + c``,
  goodwill paths ``E(t) = E_ss + (E0 - E_ss) exp(-decay t)`` and profits
  ``J(t) = exp(-rho t) V(E(t))``;
* Section 6.1: the percentage gains of C and S over D (steady-state stocks; profits at t);
* Table 2: the bilateral contract's shares for delta = 0.1 ... 0.9;
* Figures 6-7: efforts, goodwill and profits over an alpha x delta grid.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..validate import require
from . import codegen, model
from .model import PARAMETER_NAMES

SCENARIOS = codegen.SCENARIOS
TABLE2_DELTAS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
#: Section 6.1's fourteen percentage gains: (quantity, comparison). Stocks E, D, Q, F are
#: taken at the steady state, profits J (chain), J_m, J_U at t = t_profit.
STOCK_KEYS = ("E", "D", "Q", "F")
PROFIT_KEYS = ("J", "J_m", "J_U")
COMPARISONS = ("C_vs_D", "S_vs_D")
SECTION6_KEYS = tuple((q, c) for q in STOCK_KEYS + PROFIT_KEYS for c in COMPARISONS)
#: delta axis of the alpha x delta grid of Figures 6-7 (the paper does not print its range)
GRID_DELTA_RANGE = (0.05, 0.95)

Params = Mapping[str, Any]


def check_admissible(mp: Params) -> None:
    """Refuse parameters outside Assumption 4's positivity condition (element-wise)."""
    saving = np.asarray(mp["Em"], dtype=float) - np.asarray(mp["Er"], dtype=float)
    require(bool(np.all(saving > 0)), ("Em", "Er"),
            "0 < Em - Er (Assumption 4: remanufacturing with recycled material saves emissions)", mp)
    require(bool(np.all(model.positivity(mp))), ("Em", "Er", "alpha", "delta", "theta"),
            "Em - Er < alpha*Em/(delta*theta) (Assumption 4's positivity condition)", mp)


def equilibrium(mp: Params, scenario: str, check: bool = True,
                sensitivities: bool = True) -> dict[str, np.ndarray]:
    """Closed forms of one scenario, vectorised over array-valued parameters.

    Returns efforts ``u``, ``g``; shares ``gamma``, ``eps`` (0 where absent); value
    coefficients ``m1, m2, r1, r2`` (manufacturer / recycler slope and intercept; for C the
    chain's in ``m1, m2``); ``decay`` (1/time) and steady-state goodwill ``E_ss``; the
    sensitivities ``du_dp`` ... (see :data:`.codegen.DERIVATIVES`) and, for S and
    S_printed, ``p_threshold`` and ``p_threshold_slope`` (Corollary 4). ``check`` refuses
    inadmissible parameters (ParameterError naming them); callers that mask inadmissible
    points themselves may pass ``check=False``. Without ``sensitivities`` (grids, sweeps)
    only the equilibrium is returned.
    """
    if check:
        check_admissible(mp)
    args = [np.asarray(mp[n], dtype=float) for n in PARAMETER_NAMES]
    shape = np.broadcast(*args).shape
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = codegen.scenario_function(scenario)(*args)
        if sensitivities:
            raw.update(codegen.scenario_function(scenario, sensitivities=True)(*args))
    out = {}
    for key, val in raw.items():
        arr = np.asarray(val, dtype=float)
        out[key] = arr if arr.shape == shape else np.broadcast_to(arr, shape).copy()
    return out


def gamma1(mp: Params, scenario: str = "S") -> np.ndarray:
    """The unilateral contract's cost share gamma1 alone (S, or S_printed as printed in
    Proposition 3), vectorised; no admissibility check (callers mask)."""
    args = [np.asarray(mp[n], dtype=float) for n in PARAMETER_NAMES]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.broadcast_to(np.asarray(codegen.gamma1_function(scenario)(*args), dtype=float),
                               np.broadcast(*args).shape).copy()


def goodwill_path(eq: Mapping[str, np.ndarray], t: Any, e0: float) -> np.ndarray:
    """E(t) = E_ss + (E0 - E_ss) exp(-decay t); t = inf gives the steady state."""
    t = np.asarray(t, dtype=float)
    if np.all(np.isinf(t)):
        return np.broadcast_to(eq["E_ss"], np.broadcast(eq["E_ss"], t).shape).copy()
    return eq["E_ss"] + (e0 - eq["E_ss"]) * np.exp(-eq["decay"] * t)


def values_at(eq: Mapping[str, np.ndarray], goodwill: Any) -> dict[str, np.ndarray]:
    """Undiscounted value functions V(E) = s E + c of the manufacturer, recycler and chain."""
    v_m = eq["m1"] * goodwill + eq["m2"]
    v_u = eq["r1"] * goodwill + eq["r2"]
    return {"J_m": v_m, "J_U": v_u, "J": v_m + v_u}


def paths(mp: Params, eq: Mapping[str, np.ndarray], t: Any, e0: float) -> dict[str, np.ndarray]:
    """Goodwill, demand, recycling, remaining permits and discounted profits along t.

    Profits follow Propositions 1-4 (iii): J(t) = exp(-rho t) [s E(t) + c] for the
    manufacturer (``J_m``), the recycler (``J_U``) and the chain (``J``).
    """
    t = np.asarray(t, dtype=float)
    goodwill = goodwill_path(eq, t, e0)
    out = {"t": t, **model.stocks(mp, goodwill, eq["u"], eq["g"])}
    discount = np.exp(-mp["rho"] * t)
    for key, value in values_at(eq, goodwill).items():
        out[key] = discount * value
    return out


def steady_state(mp: Params, eq: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Steady-state goodwill, demand, recycling and remaining permits."""
    return model.stocks(mp, eq["E_ss"], eq["u"], eq["g"])


def percent_increase(new: Any, base: Any) -> np.ndarray:
    """100 (new - base) / base, in percent (NaN where the base is 0)."""
    base = np.asarray(base, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return 100.0 * (np.asarray(new, dtype=float) - base) / base


def section6_values(mp: Params, eqs: Mapping[str, Mapping[str, np.ndarray]], e0: float,
                    t_profit: float) -> dict[tuple[str, str], float]:
    """Section 6.1's percentage gains of C and S over D, keyed by :data:`SECTION6_KEYS`.

    Stocks at the steady state; profits at t = t_profit from E(0) = e0. The discount factor
    exp(-rho t) is common to both sides of a comparison at equal t and cancels, so the gains
    are computed from the undiscounted values (no underflow at large rho t). The centralised
    chain has one profit stream; Figures 5b,c nonetheless plot a manufacturer and a recycler
    profit under C: we split it with the bilateral contract I, which attains the centralised
    efforts and total (Proposition 4).
    """
    out: dict[tuple[str, str], float] = {}
    ss = {s: steady_state(mp, eqs[s]) for s in ("C", "D", "S")}
    val = {s: values_at(eqs[s], goodwill_path(eqs[s], t_profit, e0)) for s in ("C", "D", "S", "I")}
    for key in STOCK_KEYS:
        out[(key, "C_vs_D")] = float(percent_increase(ss["C"][key], ss["D"][key]))
        out[(key, "S_vs_D")] = float(percent_increase(ss["S"][key], ss["D"][key]))
    for key in PROFIT_KEYS:
        centralised = val["C"]["J"] if key == "J" else val["I"][key]
        out[(key, "C_vs_D")] = float(percent_increase(centralised, val["D"][key]))
        out[(key, "S_vs_D")] = float(percent_increase(val["S"][key], val["D"][key]))
    return out


def table2_values(mp: Params) -> dict[float, tuple[float, float]]:
    """Table 2: (eps^I, gamma2^I) of the bilateral contract for delta = 0.1 ... 0.9
    (one vectorised call; the chapter's constraints keep every delta admissible)."""
    eq = equilibrium({**mp, "delta": np.array(TABLE2_DELTAS)}, "I", sensitivities=False)
    return {d: (float(e), float(g)) for d, e, g in zip(TABLE2_DELTAS, eq["eps"], eq["gamma"])}


def alpha_delta_grid(mp: Params, e0: float, t_profit: float, alpha_max: float,
                     n: int) -> dict[str, Any]:
    """Figures 6-7: efforts, goodwill and profits at t = t_profit over an alpha x delta grid.

    alpha runs from alpha_max / n to alpha_max, delta over :data:`GRID_DELTA_RANGE` (n points
    each); arrays are indexed [delta, alpha]. Points that violate the positivity condition
    are NaN. Profits are discounted, J(t) = exp(-rho t) V(E(t)); one call per scenario.
    """
    alphas = np.linspace(alpha_max / n, alpha_max, n)
    deltas = np.linspace(*GRID_DELTA_RANGE, n)
    a_grid, d_grid = np.meshgrid(alphas, deltas, indexing="xy")
    ok = model.positivity({**mp, "alpha": a_grid, "delta": d_grid})
    # delta = 0 is an admissible stand-in at inadmissible points (given 0 < Em - Er); masked below
    params = {**mp, "alpha": a_grid, "delta": np.where(ok, d_grid, 0.0)}
    res: dict[str, Any] = {"alpha": alphas, "delta": deltas, "admissible": ok,
                           "u": {}, "g": {}, "E": {}, "J": {}, "J_m": {}, "J_U": {}}
    discount = np.exp(-mp["rho"] * t_profit)
    for s in ("C", "D", "S", "I"):
        eq = equilibrium(params, s, check=False, sensitivities=False)
        goodwill = goodwill_path(eq, t_profit, e0)
        values = values_at(eq, goodwill)
        for key, arr in (("u", eq["u"]), ("g", eq["g"]), ("E", goodwill), ("J", discount * values["J"]),
                         ("J_m", discount * values["J_m"]), ("J_U", discount * values["J_U"])):
            res[key][s] = np.where(ok, arr, np.nan)
    return res
