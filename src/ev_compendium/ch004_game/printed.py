"""The paper's printed formulas (operators restored), for comparison with the derivation.

Zhao, Li & Bao (2025) print closed forms in Propositions 1-4, Corollaries 1-4 and
Appendices A-H. The extracted text lost its operators; each formula here is re-typed with
them restored in the only way that keeps the expression dimensionally consistent. None of
these functions is used to compute the chapter's own results (see :mod:`.numeric`); they
are what the results are compared with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pandas only where a table is built
    import pandas as pd

Params = Mapping[str, Any]


def shorthands(P: Params) -> dict[str, Any]:
    """The paper's shorthands, numerically: ``s = Em - Er``; ``W = rho + upsilon_1``;
    ``v1`` (upsilon_1), ``v2`` (upsilon_2), ``v3`` (upsilon_3, Appendix F); ``Delta``
    (Proposition 1); ``X = delta pi_c + (1 - delta) pi_U`` (the recycler's unit margin);
    ``psi = alpha (pi_m - p Em)``."""
    s = P["Em"] - P["Er"]
    v1 = P["eta"] + P["xi"] * (P["alpha"] * P["Em"] - P["delta"] * P["theta"] * s)
    return {
        "s": s, "v1": v1, "W": P["rho"] + v1,
        "v2": P["phi"] + P["delta"] * P["xi"] * P["lambda_"] * s,
        "v3": P["delta"] * (P["pi_b"] + P["p"] * s),
        "Delta": P["delta"] * (P["pi_b"] + P["pi_c"] - P["pi_U"] + P["p"] * s) + P["pi_U"],
        "X": P["delta"] * P["pi_c"] + (1 - P["delta"]) * P["pi_U"],
        "psi": P["alpha"] * (P["pi_m"] - P["p"] * P["Em"]),
    }


def threshold_price(P: Params) -> Any:
    """Corollary 4's printed carbon-price threshold, money/permit:

    p > {X [lambda (rho + eta + xi alpha Em) + theta phi]
         - 2 lambda delta [xi alpha (pi_m (Em - Er) + pi_b Em) + pi_b (rho + eta)]}
        / [2 lambda delta (Em - Er)(rho + eta)].

    At delta = 0 the denominator vanishes: the threshold is +inf (no carbon price meets
    it) when the numerator is positive, -inf when it is negative.
    """
    sh = shorthands(P)
    num = (sh["X"] * (P["lambda_"] * (P["rho"] + P["eta"] + P["xi"] * P["alpha"] * P["Em"])
                      + P["theta"] * P["phi"])
           - 2 * P["lambda_"] * P["delta"] * (P["xi"] * P["alpha"] * (P["pi_m"] * sh["s"] + P["pi_b"] * P["Em"])
                                              + P["pi_b"] * (P["rho"] + P["eta"])))
    den = 2 * P["lambda_"] * P["delta"] * sh["s"] * (P["rho"] + P["eta"])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.sign(num) * np.inf)[()]


def lambda_threshold_dgC_dp(P: Params) -> Any:
    """Corollary 1(i): dg^C/dp < 0 iff lambda < phi (alpha Em - theta delta s) / (delta s W)
    (printed; +inf at delta = 0)."""
    sh = shorthands(P)
    den = P["delta"] * sh["s"] * sh["W"]
    num = P["phi"] * (P["alpha"] * P["Em"] - P["theta"] * P["delta"] * sh["s"])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.inf)[()]


def delta_threshold_duC_dalpha(P: Params) -> Any:
    """Corollary 1(iii): du^C/dalpha >= 0 iff delta <= [(pi_m - p Em)(rho + eta) - theta pi_U Em xi]
    / (xi theta [Em (pi_b + pi_c - pi_U) + pi_m (Em - Er)]) (printed)."""
    sh = shorthands(P)
    num = (P["pi_m"] - P["p"] * P["Em"]) * (P["rho"] + P["eta"]) - P["theta"] * P["pi_U"] * P["Em"] * P["xi"]
    den = P["xi"] * P["theta"] * (P["Em"] * (P["pi_b"] + P["pi_c"] - P["pi_U"]) + P["pi_m"] * sh["s"])
    with np.errstate(divide="ignore", invalid="ignore"):
        return num / den


def delta_threshold_duD_dalpha(P: Params) -> Any:
    """Corollary 2(iii): du^D/dalpha >= 0 iff delta <= (pi_m - p Em)(rho + eta)
    / (xi theta [pi_b Em + pi_m (Em - Er)]) (printed)."""
    sh = shorthands(P)
    num = (P["pi_m"] - P["p"] * P["Em"]) * (P["rho"] + P["eta"])
    den = P["xi"] * P["theta"] * (P["pi_b"] * P["Em"] + P["pi_m"] * sh["s"])
    with np.errstate(divide="ignore", invalid="ignore"):
        return num / den


def A2_centralised(P: Params, eq_C: Mapping[str, Any]) -> Any:
    """Appendix A's intercept A2 exactly as printed: it equals rho A2 - pi_m D0.

    The printed A2 drops the term pi_m D0 that (A5) still carries and is not divided by
    rho (Appendix C's G2, B2 are)."""
    return P["rho"] * eq_C["m2"] - P["pi_m"] * P["D0"]


def steady_goodwill_S(P: Params) -> Any:
    """Appendix F's steady-state goodwill E^S as printed:

    E^S = lambda v2 [2 v3 + pi_c - pi_U] / (2 f v1) + theta v2^2 [pi_c + (1 - delta) pi_U]
          / (2 f (rho + v1)) + xi (C - Em D0) / v1
          + [f xi^2 + k delta xi lambda (Em - Er) v2][alpha (pi_m - p Em) + theta v3]
          / (k f v1 (rho + v1)).
    Against the derivation it lacks xi p/(k v1), a factor delta on pi_c - pi_U, the term
    pi_U, a factor delta on pi_c and a factor v1 in the second denominator."""
    sh = shorthands(P)
    v1, v2, v3, s = sh["v1"], sh["v2"], sh["v3"], sh["s"]
    k_, f_ = P["k"], P["f"]
    return (P["lambda_"] * v2 * (2 * v3 + P["pi_c"] - P["pi_U"]) / (2 * f_ * v1)
            + P["theta"] * v2**2 * (P["pi_c"] + (1 - P["delta"]) * P["pi_U"]) / (2 * f_ * (P["rho"] + v1))
            + P["xi"] * (P["C"] - P["Em"] * P["D0"]) / v1
            + (f_ * P["xi"]**2 + k_ * P["delta"] * P["xi"] * P["lambda_"] * s * v2) * (sh["psi"] + P["theta"] * v3)
            / (k_ * f_ * v1 * (P["rho"] + v1)))


def eps_bilateral(P: Params, alpha_factor: bool = True) -> Any:
    """Proposition 4's printed eps^I = theta delta X / (pi_m alpha + theta [delta (pi_b + pi_c)
    + (1 - delta) pi_U]); with ``alpha_factor=False`` the product pi_m alpha is read as pi_m
    (equivalently alpha = 1)."""
    sh = shorthands(P)
    rest = P["theta"] * (P["delta"] * (P["pi_b"] + P["pi_c"]) + (1 - P["delta"]) * P["pi_U"])
    lead = P["pi_m"] * P["alpha"] if alpha_factor else P["pi_m"]
    return P["theta"] * P["delta"] * sh["X"] / (lead + rest)


def gamma2_bilateral(P: Params) -> Any:
    """Proposition 4's printed gamma2^I; its lambda delta W [delta pi_b + p (Em - Er)] differs
    from the derived lambda delta W [pi_b + p (Em - Er)]."""
    sh = shorthands(P)
    d = P["delta"]
    denom = P["lambda_"] * sh["Delta"] * sh["W"] + sh["v2"] * (sh["psi"] + P["theta"] * sh["Delta"])
    return (P["lambda_"] * d * sh["W"] * (d * P["pi_b"] + P["p"] * sh["s"])
            + sh["v2"] * (sh["psi"] + P["theta"] * sh["v3"])) / denom


def formulas(P: Params) -> dict[tuple[str, str], float]:
    """Printed Propositions 1-4 and Appendices A, C, E (operators restored) at ``P``:
    ``{(where, quantity): value}``."""
    sh = shorthands(P)
    w, v2, dl, x, psi, v3, s = (sh[key] for key in ("W", "v2", "Delta", "X", "psi", "v3", "s"))
    k_, f_, xi_, lam_, th, p_, d = P["k"], P["f"], P["xi"], P["lambda_"], P["theta"], P["p"], P["delta"]
    h1 = (psi + th * v3) / w
    return {
        ("Prop. 1", "u^C"): p_ / k_ + xi_ * (psi + th * dl) / (k_ * w),
        ("Prop. 1", "g^C"): lam_ * dl / f_ + v2 * (psi + th * dl) / (f_ * w),
        ("App. A", "A1"): (psi + th * dl) / w,
        ("App. A", "E^C (steady state)"): ((xi_**2 * f_ + k_ * v2**2) * (psi + th * dl) / w
                                           + xi_ * f_ * (p_ + k_ * (P["C"] - P["Em"] * P["D0"]))
                                           + k_ * lam_ * dl * v2) / (k_ * f_ * sh["v1"]),
        ("Prop. 2", "u^D"): p_ / k_ + xi_ * (psi + th * v3) / (k_ * w),
        ("App. C", "u^D (restated)"): p_ / k_ + xi_ * (psi + th * dl) / (k_ * w),
        ("Prop. 2", "g^D"): lam_ * x / f_ + th * v2 * x / (f_ * w),
        ("App. C", "G1"): (psi + th * v3) / w,
        ("App. C", "B1"): th * x / w,
        ("Prop. 3", "u^S"): p_ / k_ + xi_ * (psi + th * v3) / (k_ * w),
        ("Prop. 3", "g^S"): (th * x * v2 / (2 * f_ * w)
                             + lam_ * (d * (2 * P["pi_b"] + 2 * p_ * s + P["pi_c"] - P["pi_U"]) + P["pi_U"]) / (2 * f_)
                             + d * xi_ * lam_ * s * (psi + th * v3) / (f_ * w)),
        ("Prop. 3", "gamma1^S"): ((2 * lam_ * d * (P["pi_b"] + (p_ + xi_ * h1) * s) - lam_ * x - (th * x / w) * v2)
                                  / (2 * lam_ * d * (P["pi_b"] + (p_ + xi_ * h1) * s) + lam_ * x + (th * x / w) * v2)),
        ("App. E", "u^C - u^D"): xi_ * th * (P["pi_c"] + (1 - d) * P["pi_U"]) / (k_ * w),
        ("Prop. 4", "u^I"): p_ / k_ + xi_ * (psi + th * dl) / (k_ * w),
        ("Prop. 4", "g^I"): lam_ * dl / f_ + v2 * (psi + th * dl) / (f_ * w),
        ("Prop. 4", "eps^I"): eps_bilateral(P),
    }


def formula_comparison(P: Params, eqs: Mapping[str, Mapping[str, Any]]) -> "pd.DataFrame":
    """Each printed formula of :func:`formulas` against the derived value at ``P``
    (``eqs``: equilibria of C, D, S, I from :func:`.numeric.equilibrium`)."""
    import pandas as pd

    e = {sc: {q: float(v) for q, v in eqs[sc].items()} for sc in ("C", "D", "S", "I")}
    derived = {
        "u^C": e["C"]["u"], "g^C": e["C"]["g"], "A1": e["C"]["m1"], "E^C (steady state)": e["C"]["E_ss"],
        "u^D": e["D"]["u"], "u^D (restated)": e["D"]["u"], "g^D": e["D"]["g"], "G1": e["D"]["m1"],
        "B1": e["D"]["r1"], "u^S": e["S"]["u"], "g^S": e["S"]["g"], "gamma1^S": e["S"]["gamma"],
        "u^C - u^D": e["C"]["u"] - e["D"]["u"], "u^I": e["I"]["u"], "g^I": e["I"]["g"],
        "eps^I": e["I"]["eps"],
    }
    rows = []
    for (where, name), value in formulas(P).items():
        ours = derived[name]
        rows.append({"source": where, "quantity": name, "printed (evaluated)": round(float(value), 6),
                     "derived": round(ours, 6),
                     "agrees": bool(np.isclose(value, ours, rtol=1e-9, atol=1e-12))})
    return pd.DataFrame(rows).set_index(["source", "quantity"])
