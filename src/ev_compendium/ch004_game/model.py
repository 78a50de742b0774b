"""The model of Zhao, Li & Bao (2025), Section 3: its identities, each written once.

Assumptions 2-5 and the two objective functionals of Section 3 define

* demand ``D = D0 + alpha E`` (Assumption 2);
* battery recycling ``Q = theta E + lambda g`` (Assumption 3);
* remaining carbon permits ``F = C - Em D + u + (Em - Er) delta Q`` (Assumption 4);
* goodwill dynamics ``dE/dt = xi F + phi g - eta E`` (Assumption 5, Nerlove-Arrow);
* the manufacturer's revenue ``pi_m D + pi_b delta Q + p F`` and the recycler's
  ``pi_c delta Q + pi_U (1 - delta) Q`` (Section 3, J_m and J_U, before effort costs);
* the positivity condition ``0 < Em - Er < alpha Em / (delta theta)`` (Assumption 4).

Every function takes a mapping ``P`` of the parameters (names as in
``data/params/ch004.yaml``) and works alike on numbers, numpy arrays and sympy symbols, so
the symbolic derivation (:mod:`.derivation`) and the numerics (:mod:`.numeric`) use the same
identities. (The independent ODE check, :mod:`.ode_check`, keeps its own copy on purpose.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

#: The 19 parameters of the model (Section 6 prints a value for each).
PARAMETER_NAMES = (
    "pi_m", "pi_c", "pi_b", "pi_U", "k", "f", "phi", "eta", "delta", "alpha", "theta",
    "lambda_", "rho", "xi", "C", "p", "Em", "Er", "D0",
)


def model_parameters(P: Mapping[str, Any]) -> dict[str, float]:
    """The 19 model parameters of a chapter ParameterSet (or any mapping) as floats."""
    return {name: float(P[name]) for name in PARAMETER_NAMES}


def demand(P: Mapping[str, Any], goodwill: Any) -> Any:
    """NEV demand D = D0 + alpha E (Assumption 2)."""
    return P["D0"] + P["alpha"] * goodwill


def recycling(P: Mapping[str, Any], goodwill: Any, g: Any) -> Any:
    """Recycled batteries Q = theta E + lambda g (Assumption 3)."""
    return P["theta"] * goodwill + P["lambda_"] * g


def remaining_permits(P: Mapping[str, Any], demand_: Any, recycling_: Any, u: Any) -> Any:
    """Remaining permits F = C - Em D + u + (Em - Er) delta Q (Assumption 4)."""
    return P["C"] - P["Em"] * demand_ + u + (P["Em"] - P["Er"]) * P["delta"] * recycling_


def goodwill_drift(P: Mapping[str, Any], permits: Any, g: Any, goodwill: Any) -> Any:
    """dE/dt = xi F + phi g - eta E (Assumption 5)."""
    return P["xi"] * permits + P["phi"] * g - P["eta"] * goodwill


def manufacturer_revenue(P: Mapping[str, Any], demand_: Any, recycling_: Any, permits: Any) -> Any:
    """pi_m D + pi_b delta Q + p F: sales, recycled-material saving, permit sales (J_m)."""
    return P["pi_m"] * demand_ + P["pi_b"] * P["delta"] * recycling_ + P["p"] * permits


def recycler_revenue(P: Mapping[str, Any], recycling_: Any) -> Any:
    """pi_c delta Q + pi_U (1 - delta) Q: the recycler's two outlets (J_U)."""
    return P["pi_c"] * P["delta"] * recycling_ + P["pi_U"] * (1 - P["delta"]) * recycling_


def stocks(P: Mapping[str, Any], goodwill: Any, u: Any, g: Any) -> dict[str, Any]:
    """Goodwill E, demand D, recycling Q and remaining permits F under efforts u, g."""
    d = demand(P, goodwill)
    q = recycling(P, goodwill, g)
    return {"E": goodwill, "D": d, "Q": q, "F": remaining_permits(P, d, q, u)}


def flows(P: Mapping[str, Any], goodwill: Any, u: Any, g: Any) -> dict[str, Any]:
    """Stocks plus the goodwill drift and both firms' revenues (before effort costs)."""
    out = stocks(P, goodwill, u, g)
    out["drift"] = goodwill_drift(P, out["F"], g, goodwill)
    out["revenue_m"] = manufacturer_revenue(P, out["D"], out["Q"], out["F"])
    out["revenue_u"] = recycler_revenue(P, out["Q"])
    return out


def positivity(P: Mapping[str, Any]) -> Any:
    """Assumption 4's positivity condition 0 < Em - Er < alpha Em / (delta theta), written
    without the division (delta theta (Em - Er) < alpha Em) so that delta = 0 is allowed;
    element-wise on arrays. It makes the goodwill decay rate
    upsilon_1 = eta + xi [alpha Em - delta theta (Em - Er)] exceed eta > 0."""
    saving = np.asarray(P["Em"], dtype=float) - np.asarray(P["Er"], dtype=float)
    return (saving > 0) & (np.asarray(P["delta"]) * np.asarray(P["theta"]) * saving
                           < np.asarray(P["alpha"]) * np.asarray(P["Em"]))
