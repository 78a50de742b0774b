"""Independent numeric check of the value functions of Zhao, Li & Bao (2025), Props. 1-4 (iii).

The closed forms claim that, under constant equilibrium efforts, each firm's discounted
profit from E(0) = E0 is V(E0) = s E0 + c. Here the goodwill ODE of Assumption 5 is
integrated numerically with scipy and the discounted flow profits are integrated along the
path, without any closed-form trajectory or value function.

This module is deliberately independent of the chapter's model: it does NOT import
:mod:`.model`, :mod:`.derivation` or :mod:`.numeric`, and keeps its own copy of the
dynamics of Section 3 (demand, recycling, remaining permits F = C - Em D + u
+ (Em - Er) delta Q, goodwill drift and the firms' flows). The caller passes the efforts
and cost shares to be checked; a typo in the model's identities cannot hide here.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy.integrate import solve_ivp

from ..validate import check_range


def simulate_values(params: Mapping[str, float], efforts: Mapping[str, float], e0: float,
                    centralised: bool = False, horizon: float | None = None) -> dict[str, float]:
    """Discounted profits (manufacturer ``V_m``, recycler ``V_U``) and goodwill at the horizon.

    ``efforts``: ``u``, ``g`` and the cost shares ``gamma`` (of promotion, paid by the
    manufacturer) and ``eps`` (of abatement, paid by the recycler), 0 if absent. With
    ``centralised`` the chain is one decision maker: all flows go to ``V_m``. The state
    vector is (E, discounted manufacturer profit, discounted recycler profit); the horizon
    defaults to 60 / rho (truncation error below exp(-60)).
    """
    check_range("e0", e0, 0.0, what="argument", unit="goodwill")
    P = {key: float(val) for key, val in params.items()}
    horizon = 60.0 / P["rho"] if horizon is None else float(horizon)
    check_range("horizon", horizon, 0.0, lo_inclusive=False, what="argument")
    u, g = float(efforts["u"]), float(efforts["g"])
    gamma, eps = float(efforts.get("gamma", 0.0)), float(efforts.get("eps", 0.0))
    cost_u, cost_g = P["k"] * u**2 / 2, P["f"] * g**2 / 2

    def rhs(t, y):
        goodwill = y[0]
        demand = P["D0"] + P["alpha"] * goodwill
        recycled = P["theta"] * goodwill + P["lambda_"] * g
        permits = P["C"] - P["Em"] * demand + u + (P["Em"] - P["Er"]) * P["delta"] * recycled
        flow_m = (P["pi_m"] * demand + P["pi_b"] * P["delta"] * recycled + P["p"] * permits
                  - (1 - eps) * cost_u - gamma * cost_g)
        flow_r = (P["pi_c"] * P["delta"] * recycled + P["pi_U"] * (1 - P["delta"]) * recycled
                  - eps * cost_u - (1 - gamma) * cost_g)
        if centralised:
            flow_m, flow_r = flow_m + flow_r, 0.0
        discount = np.exp(-P["rho"] * t)
        return [P["xi"] * permits + P["phi"] * g - P["eta"] * goodwill, discount * flow_m, discount * flow_r]

    sol = solve_ivp(rhs, (0.0, horizon), [e0, 0.0, 0.0], method="DOP853", rtol=1e-11, atol=1e-9)
    if not sol.success:
        raise RuntimeError(f"ODE integration failed: {sol.message}")
    return {"V_m": float(sol.y[1, -1]), "V_U": float(sol.y[2, -1]), "E_end": float(sol.y[0, -1])}
