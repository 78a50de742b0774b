"""Independent numeric check of the carbon-trading differential game (scipy).

The closed forms of :mod:`ev_compendium.carbon_trading_game` claim that, under the
equilibrium strategies, the discounted profit stream of each firm from E(0) = E0 is
V(E0) = s E0 + c. Here the goodwill ODE dE/dt = xi F + phi g - eta E is integrated
numerically with the equilibrium efforts, and the discounted flow profits are
integrated along the path, without using any closed-form trajectory or value function.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy.integrate import solve_ivp

from .carbon_trading_game import equilibrium


def simulate_values(params: Mapping[str, float], scenario: str, e0: float,
                    horizon: float | None = None) -> dict[str, float]:
    """Discounted profits (manufacturer, recycler) and goodwill at the horizon, by quadrature.

    The state vector is (E, discounted manufacturer profit, discounted recycler profit);
    the horizon defaults to 60 / rho (truncation error below exp(-60)).
    """
    if e0 < 0:
        raise ValueError(f"e0 (initial goodwill) must be >= 0, got {e0!r}")
    P = {key: float(val) for key, val in params.items()}
    eq = {key: float(val) for key, val in equilibrium(P, scenario).items()}
    horizon = 60.0 / P["rho"] if horizon is None else float(horizon)
    if horizon <= 0:
        raise ValueError(f"horizon must be > 0, got {horizon!r}")
    u, g, gamma, eps = eq["u"], eq["g"], eq["gamma"], eq["eps"]
    central = scenario == "C"

    def rhs(t, y):
        goodwill = y[0]
        demand = P["D0"] + P["alpha"] * goodwill
        recycling = P["theta"] * goodwill + P["lambda_"] * g
        permits = P["C"] - P["Em"] * demand + u + (P["Em"] - P["Er"]) * P["delta"] * recycling
        cost_u, cost_g = P["k"] * u**2 / 2, P["f"] * g**2 / 2
        flow_m = (P["pi_m"] * demand + P["pi_b"] * P["delta"] * recycling + P["p"] * permits
                  - (1 - eps) * cost_u - gamma * cost_g)
        flow_r = (P["pi_c"] * P["delta"] * recycling + P["pi_U"] * (1 - P["delta"]) * recycling
                  - eps * cost_u - (1 - gamma) * cost_g)
        if central:     # one decision maker: all costs and revenues in one stream
            flow_m, flow_r = flow_m + flow_r, 0.0
        disc = np.exp(-P["rho"] * t)
        return [P["xi"] * permits + P["phi"] * g - P["eta"] * goodwill, disc * flow_m, disc * flow_r]

    sol = solve_ivp(rhs, (0.0, horizon), [e0, 0.0, 0.0], method="DOP853", rtol=1e-11, atol=1e-9)
    if not sol.success:
        raise RuntimeError(f"ODE integration failed: {sol.message}")
    return {"V_m": sol.y[1, -1], "V_U": sol.y[2, -1], "E_end": sol.y[0, -1]}


def closed_form_values(params: Mapping[str, float], scenario: str, e0: float) -> dict[str, float]:
    """V(E0) = s E0 + c from the sympy closed forms, for comparison with :func:`simulate_values`."""
    eq = equilibrium(params, scenario)
    return {"V_m": float(eq["m1"] * e0 + eq["m2"]), "V_U": float(eq["r1"] * e0 + eq["r2"]),
            "E_ss": float(eq["E_ss"])}
