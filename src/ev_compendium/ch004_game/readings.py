"""Section 6 of Zhao, Li & Bao (2025): which reading of the printed numbers reproduces them?

The paper prints fourteen percentage gains (Section 6.1) and Table 2 without the code that
produced them. Each function below implements ONE documented interpretation of what the
paper may have computed, applied to every number it concerns; :func:`section6_readings`
collects them into one table and :func:`reading_matches` marks which printed numbers each
reproduces. None of them re-tunes a parameter; typos in the printed baseline are examined
separately by :func:`typo_scan`, and :func:`printed_identity_checks` tests relations the
printed numbers must satisfy under any reading.

The printed values are passed in (``published``: {(quantity, comparison): value},
``tolerances``: the same keys, absolute): this module never reads the registry.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from . import model, numeric, printed
from .model import PARAMETER_NAMES
from .numeric import PROFIT_KEYS, SECTION6_KEYS, STOCK_KEYS, equilibrium, percent_increase

Key = tuple[str, str]
QUANTITY_LABELS = {"E": "goodwill", "D": "demand", "Q": "recycling", "F": "permits",
                   "J": "J.total", "J_m": "J.manufacturer", "J_U": "J.recycler"}


def label(key: Key) -> str:
    """Short display label of a Section 6.1 number: ``goodwill.C_vs_D``, ``J.total.S_vs_D``."""
    return f"{QUANTITY_LABELS[key[0]]}.{key[1]}"


def affine_flows(mp: Mapping[str, Any], scenario: str,
                 split: str = "contract") -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each firm's instantaneous profit as ``a + b E`` under the scenario's equilibrium.

    Returns ``{"J_m": (a, b), "J_U": (a, b), "J": (a, b), "drift": (h, kappa)}`` with the
    goodwill drift ``dE/dt = h - kappa E``. Contract transfers (``gamma``, ``eps``) are
    included. For the centralised scenario ``split`` chooses how its single profit stream
    is attributed: ``"natural"`` gives each firm its own revenues and effort cost of
    Section 3 (no transfer); ``"contract"`` uses the bilateral contract I, which attains the
    centralised efforts (Proposition 4).
    """
    if split not in ("contract", "natural"):
        raise ValueError(f"split must be 'contract' or 'natural', got {split!r}")
    eq = equilibrium(mp, "I" if (scenario == "C" and split == "contract") else scenario)
    cost_u, cost_g = mp["k"] * eq["u"] ** 2 / 2, mp["f"] * eq["g"] ** 2 / 2

    def firm_flows(goodwill):
        fl = model.flows(mp, goodwill, eq["u"], eq["g"])
        manufacturer = fl["revenue_m"] - (1 - eq["eps"]) * cost_u - eq["gamma"] * cost_g
        recycler = fl["revenue_u"] - eq["eps"] * cost_u - (1 - eq["gamma"]) * cost_g
        return manufacturer, recycler

    at0, at1 = firm_flows(0.0), firm_flows(1.0)     # flows are affine in E
    res = {key: (a, b - a) for key, a, b in zip(("J_m", "J_U"), at0, at1)}
    res["J"] = (res["J_m"][0] + res["J_U"][0], res["J_m"][1] + res["J_U"][1])
    res["drift"] = (eq["decay"] * eq["E_ss"], eq["decay"])
    return res


def policy_value(mp: Mapping[str, Any], scenario: str, who: str,
                 split: str = "contract") -> tuple[np.ndarray, np.ndarray]:
    """Slope and intercept of the discounted value of one firm's flow under fixed efforts.

    With flow ``a + b E`` and drift ``h - kappa E``, ``V(E) = s E + c`` with
    ``s = b / (rho + kappa)`` and ``c = (a + s h) / rho``. For D, S and I this equals the
    HJB value functions (a test checks it); for C with ``split="natural"`` it is each
    firm's share of the centralised value without any transfer.
    """
    flows = affine_flows(mp, scenario, split)
    a, b = flows[who]
    h, kappa = flows["drift"]
    slope = b / (mp["rho"] + kappa)
    return slope, (a + slope * h) / mp["rho"]


def profit_measure(mp: Mapping[str, Any], scenario: str, who: str, measure: str,
                   t: float, e0: float, split: str = "contract") -> np.ndarray:
    """One reading of "profit at time t" for ``who`` in {"J", "J_m", "J_U"}.

    ``measure``: ``"value"`` - Propositions 1-4 (iii), ``exp(-rho t) V(E(t))`` (its gains
    equal those of the undiscounted V(E(t)): the factor cancels at equal t);
    ``"slope_only"`` - only the goodwill term ``s E(t)``; ``"flow"`` - the instantaneous
    profit ``a + b E(t)``; ``"cumulative"`` - discounted profit earned on [0, t];
    ``"steady_value"`` - ``V`` at the steady-state goodwill.
    """
    s, c = policy_value(mp, scenario, who, split)
    flows = affine_flows(mp, scenario, split)
    a, b = flows[who]
    h, kappa = flows["drift"]
    e_ss = h / kappa
    goodwill = e_ss + (e0 - e_ss) * np.exp(-kappa * t)
    rho = mp["rho"]
    if measure == "value":
        return np.exp(-rho * t) * (s * goodwill + c)
    if measure == "slope_only":
        return s * goodwill
    if measure == "flow":
        return a + b * goodwill
    if measure == "cumulative":
        return ((a + b * e_ss) * (1 - np.exp(-rho * t)) / rho
                + b * (e0 - e_ss) * (1 - np.exp(-(rho + kappa) * t)) / (rho + kappa))
    if measure == "steady_value":
        return s * e_ss + c
    raise ValueError(f"unknown profit measure {measure!r}")


#: The readings of Section 6.1 tested by :func:`section6_readings`: name -> description.
SECTION6_READINGS = {
    "primary": "stocks at the steady state; profits J(t) = exp(-rho t) V(E(t)) at t = 1 from "
               "E0 = 20 (= undiscounted V(E(t)): the discount cancels); C split by contract I",
    "stocks at t = 1": "E, D, Q, F at t = 1 on the path from E0 = 20, not at the steady state",
    "stocks at t = 1.4": "E, D, Q, F at the end of the plotted horizon t = 1.4 from E0 = 20",
    "S as printed": "Proposition 3's printed g^S and gamma1^S (without phi*H1), otherwise primary",
    "printed E^S": "Appendix F's printed steady-state formula for E^S (goodwill only)",
    "C split natural": "profits as primary, but the centralised manufacturer/recycler profit is "
                       "each firm's own flows under C efforts (no transfer) instead of contract I",
    "slope terms only": "profits = s E(t) at t = 1, the value-function intercepts dropped",
    "flow profit": "profits = instantaneous flow profit pi(t) at t = 1 (not a value function)",
    "cumulative [0, 1]": "profits = discounted profit earned on [0, 1]",
    "steady-state value": "profits = V(E) at the steady-state goodwill",
    "printed A2": "chain profit under C with Appendix A's printed A2 (= rho A2 - pi_m D0)",
}


def section6_readings(mp: Mapping[str, Any], e0: float = 20.0, t_profit: float = 1.0,
                      t_end: float = 1.4) -> pd.DataFrame:
    """Percentage gains of Section 6.1 under every reading of :data:`SECTION6_READINGS`.

    Rows are readings, columns the fourteen :data:`.numeric.SECTION6_KEYS`; NaN where a
    reading does not concern a number (stock readings leave profits alone and vice versa).
    """
    eq = {s: equilibrium(mp, s) for s in ("C", "D", "S", "I", "S_printed")}

    def stocks(t, s_name="S"):
        vals = {s: model.stocks(mp, numeric.goodwill_path(eq[s], t, e0), eq[s]["u"], eq[s]["g"])
                for s in ("C", "D", s_name)}
        return {(q, c): float(percent_increase(vals["C" if c == "C_vs_D" else s_name][q], vals["D"][q]))
                for q, c in SECTION6_KEYS if q in STOCK_KEYS}

    def profits(measure, s_name="S", split="contract"):
        out = {}
        for q, c in SECTION6_KEYS:
            if q in PROFIT_KEYS:
                base = profit_measure(mp, "D", q, measure, t_profit, e0)
                new = profit_measure(mp, "C" if c == "C_vs_D" else s_name, q, measure, t_profit, e0, split)
                out[(q, c)] = float(percent_increase(new, base))
        return out

    def only(values, comparison, skip_total=False):
        return {k: v for k, v in values.items() if k[1] == comparison and not (skip_total and k[0] == "J")}

    rows = {
        "primary": {**stocks(np.inf), **profits("value")},
        "stocks at t = 1": stocks(t_profit),
        "stocks at t = 1.4": stocks(t_end),
        "S as printed": {**only(stocks(np.inf, "S_printed"), "S_vs_D"),
                         **only(profits("value", "S_printed"), "S_vs_D")},
        "printed E^S": {("E", "S_vs_D"): float(percent_increase(printed.steady_goodwill_S(mp), eq["D"]["E_ss"]))},
        "C split natural": only(profits("value", split="natural"), "C_vs_D", skip_total=True),
        "slope terms only": profits("slope_only"),
        "flow profit": profits("flow"),
        "cumulative [0, 1]": profits("cumulative"),
        "steady-state value": profits("steady_value"),
    }
    j_d = profit_measure(mp, "D", "J", "value", t_profit, e0)
    goodwill_c = numeric.goodwill_path(eq["C"], t_profit, e0)
    j_c = np.exp(-mp["rho"] * t_profit) * (eq["C"]["m1"] * goodwill_c + printed.A2_centralised(mp, eq["C"]))
    rows["printed A2"] = {("J", "C_vs_D"): float(percent_increase(j_c, j_d))}
    frame = pd.DataFrame([[row.get(key, np.nan) for key in SECTION6_KEYS] for row in rows.values()],
                         index=list(rows), columns=[label(key) for key in SECTION6_KEYS])
    return frame


def reading_matches(readings: pd.DataFrame, published: Mapping[Key, float],
                    tolerances: Mapping[Key, float]) -> pd.DataFrame:
    """True where a reading reproduces the printed number within its tolerance (absolute);
    None where the reading does not concern the number."""
    out = readings.copy().astype(object)
    for key in SECTION6_KEYS:
        col = label(key)
        allowed = float(tolerances[key]) * (1 + 1e-9)
        out[col] = [bool(abs(v - float(published[key])) <= allowed) if np.isfinite(v) else None
                    for v in readings[col]]
    return out


def printed_identity_checks(published: Mapping[Key, float]) -> pd.DataFrame:
    """Relations that the printed Section 6.1 numbers must satisfy under ANY reading.

    * D = D0 + alpha E with D0 > 0: at one evaluation point the relative demand gain is
      smaller than the relative goodwill gain, and the ratio S-gain / C-gain is the same
      for demand and goodwill;
    * total profit = manufacturer + recycler (both positive): the chain's relative gain is
      a weighted average of the two firms' gains, so it lies between them.
    """
    g = {key: float(published[key]) for key in SECTION6_KEYS}
    rows = []
    for cmp in ("C_vs_D", "S_vs_D"):
        e, d = g[("E", cmp)], g[("D", cmp)]
        rows.append({"relation": f"demand gain < goodwill gain ({cmp})",
                     "printed": f"{d:g} % vs {e:g} %", "holds": bool(d < e)})
    ratio_e = g[("E", "S_vs_D")] / g[("E", "C_vs_D")]
    ratio_d = g[("D", "S_vs_D")] / g[("D", "C_vs_D")]
    rows.append({"relation": "(S gain)/(C gain) equal for demand and goodwill",
                 "printed": f"{ratio_d:.3f} vs {ratio_e:.3f}",
                 "holds": bool(np.isclose(ratio_d, ratio_e, rtol=0.02))})
    for cmp in ("C_vs_D", "S_vs_D"):
        tot, m, r = g[("J", cmp)], g[("J_m", cmp)], g[("J_U", cmp)]
        weight = (tot - r) / (m - r)
        rows.append({"relation": f"chain gain between the firms' gains ({cmp})",
                     "printed": f"{tot:g} % vs [{min(m, r):g}, {max(m, r):g}] % "
                                f"(implied manufacturer share of D profit {weight:.2f})",
                     "holds": bool(min(m, r) <= tot <= max(m, r))})
    return pd.DataFrame(rows).set_index("relation")


def typo_scan(mp: Mapping[str, float], published: Mapping[Key, float],
              tolerances: Mapping[Key, float], e0: float = 20.0, t_profit: float = 1.0,
              factors: Iterable[float] = (0.1, 0.5, 2.0, 10.0)) -> pd.DataFrame:
    """Could one typo in the printed baseline explain the Section 6.1 numbers?

    Variants: every swap of two baseline values, and every single parameter multiplied by
    one of ``factors`` (a misplaced decimal point, a halved or doubled value). Inadmissible
    variants (positivity condition) are dropped. Each variant is evaluated with the primary
    reading, vectorised in one call per scenario; returns the variants sorted by the number
    of printed values they reproduce within ``tolerances``.
    """
    variants, labels = [], []
    for a, b in itertools.combinations(PARAMETER_NAMES, 2):
        if mp[a] != mp[b]:
            variants.append({**mp, a: mp[b], b: mp[a]})
            labels.append(f"swap {a} <-> {b}")
    for name in PARAMETER_NAMES:
        for fac in factors:
            if mp[name] != 0:
                variants.append({**mp, name: mp[name] * fac})
                labels.append(f"{name} x {fac:g}")
    arr = {n: np.array([v[n] for v in variants], dtype=float) for n in PARAMETER_NAMES}
    keep = model.positivity(arr) & (arr["delta"] <= 1)
    arr = {n: a[keep] for n, a in arr.items()}
    labels = [lab for lab, ok in zip(labels, keep) if ok]
    # a variant can make a denominator vanish (a swap with a zero value): its numbers come out
    # NaN or infinite and reproduce nothing (a NaN is never within a tolerance), silently
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        eq = {s: equilibrium(arr, s, sensitivities=False) for s in ("C", "D", "S", "I")}
        stock = {s: numeric.steady_state(arr, eq[s]) for s in eq}
        value = {s: numeric.values_at(eq[s], numeric.goodwill_path(eq[s], t_profit, e0)) for s in eq}
    hits = np.zeros(len(labels), dtype=int)
    matched: list[list[str]] = [[] for _ in labels]
    for key in SECTION6_KEYS:
        q, c = key
        if q in STOCK_KEYS:
            new, base = stock["C" if c == "C_vs_D" else "S"][q], stock["D"][q]
        else:
            source = ("C" if q == "J" else "I") if c == "C_vs_D" else "S"
            new, base = value[source][q], value["D"][q]
        ok = np.abs(percent_increase(new, base) - float(published[key])) <= float(tolerances[key]) * (1 + 1e-9)
        hits += ok
        for i in np.flatnonzero(ok):
            matched[i].append(label(key))
    frame = pd.DataFrame({"variant": labels, "printed numbers reproduced": hits,
                          "which": [", ".join(m) for m in matched]})
    return frame.sort_values("printed numbers reproduced", ascending=False, kind="stable").reset_index(drop=True)


def table2_readings(mp: Mapping[str, float]) -> pd.DataFrame:
    """Table 2 under four readings, one row per delta.

    ``eps derived`` / ``gamma2 derived``: the coordination conditions of Proposition 4
    (primary); ``eps printed``: Proposition 4's printed (p-free) formula;
    ``eps printed, pi_m alpha -> pi_m``: the same with the factor alpha dropped
    (equivalently alpha = 1); ``gamma2 printed``: Proposition 4's printed gamma2.
    """
    deltas = np.array(numeric.TABLE2_DELTAS)
    P = {**mp, "delta": deltas}
    eq = equilibrium(P, "I")
    return pd.DataFrame({
        "delta": deltas,
        "eps derived": eq["eps"],
        "eps printed": printed.eps_bilateral(P),
        "eps printed, pi_m alpha -> pi_m": printed.eps_bilateral(P, alpha_factor=False),
        "gamma2 derived": eq["gamma"],
        "gamma2 printed": printed.gamma2_bilateral(P),
    }).set_index("delta")
