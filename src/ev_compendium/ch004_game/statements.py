"""Qualitative statements of Zhao, Li & Bao (2025), tested at a parameter set and around it.

* Corollaries 1-2: the signs of the efforts' and goodwill's sensitivities to the carbon
  price p and to the demand sensitivity alpha, and the printed conditions under which they
  hold (:func:`sign_statements`);
* Section 7 (ii): "carbon trading makes the conditions of cooperation more stringent"
  (:func:`cooperation_stringency`);
* Figures 3-7 (Section 6): trends in time and over the alpha x delta grid
  (:func:`time_statements`, :func:`grid_statements`).

Each sign statement is evaluated at the parameter set ``P`` (the value the registry checks)
and on a seeded sample of admissible parameter sets around ``P`` (:func:`admissible_sample`:
each parameter scaled by a log-uniform factor in [1/2, 2], delta uniform on [0, 1],
inadmissible draws rejected), reported as the share of the sample where it holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import model, numeric, printed
from .model import PARAMETER_NAMES

SAMPLE_SIZE = 1024
SAMPLE_SEED = 20250529          # the paper's publication date
SAMPLE_SPREAD = 2.0             # log-uniform factor in [1/2, 2]

Params = Mapping[str, Any]


def admissible_sample(mp: Params, n: int = SAMPLE_SIZE, seed: int = SAMPLE_SEED,
                      spread: float = SAMPLE_SPREAD) -> dict[str, np.ndarray]:
    """Up to ``n`` admissible parameter sets around ``mp`` (seeded, see the module docstring)."""
    rng = np.random.default_rng(seed)
    draws = 2 * n
    sample = {}
    for name in PARAMETER_NAMES:
        if name == "delta":
            sample[name] = rng.uniform(0.0, 1.0, draws)
        else:
            sample[name] = mp[name] * np.exp(rng.uniform(-np.log(spread), np.log(spread), draws))
    keep = np.flatnonzero(model.positivity(sample))[:n]
    return {name: values[keep] for name, values in sample.items()}


def _signs(P: Params) -> dict[str, np.ndarray]:
    """Each statement's truth at ``P`` (arrays allowed), from the derived sensitivities."""
    eq_c = numeric.equilibrium(P, "C", check=False)
    eq_d = numeric.equilibrium(P, "D", check=False)
    lam_star = printed.lambda_threshold_dgC_dp(P)
    with np.errstate(invalid="ignore"):
        small_k = numeric.equilibrium({**P, "k": P["k"] * 1e-6}, "C", check=False)["dE_ss_dp"]
        large_k = numeric.equilibrium({**P, "k": P["k"] * 1e6}, "C", check=False)["dE_ss_dp"]
    return {
        "duC_dp_positive": eq_c["du_dp"] > 0,
        "dgC_dp_sign_condition": (eq_c["dg_dp"] < 0) == (P["lambda_"] < lam_star),
        "dEC_dp_switch_in_k": (small_k < 0) & (large_k >= 0),
        "duC_dalpha_sign_condition": (eq_c["du_dalpha"] >= 0) == (P["delta"] <= printed.delta_threshold_duC_dalpha(P)),
        "dgC_dalpha_switch_in_delta": _switches_down_in_delta(P),
        "duD_dp_positive": eq_d["du_dp"] > 0,
        "dgD_dp_zero": np.isclose(eq_d["dg_dp"], 0.0, atol=1e-9 * (1 + np.abs(eq_d["g"]))),
        "dED_dp_positive": eq_d["dE_ss_dp"] > 0,
        "duD_dalpha_sign_condition": (eq_d["du_dalpha"] >= 0) == (P["delta"] <= printed.delta_threshold_duD_dalpha(P)),
        "dgD_dalpha_negative": eq_d["dg_dalpha"] < 0,
    }


def _switches_down_in_delta(P: Params, points: int = 11) -> np.ndarray:
    """True where dg^C/dalpha, scanned over the admissible delta in [0, 1], never changes
    sign from negative to non-negative (Corollary 1(iii): >= 0 below a threshold, < 0 above)."""
    saving = np.asarray(P["Em"]) - np.asarray(P["Er"])
    with np.errstate(divide="ignore"):
        top = np.minimum(1.0, np.asarray(P["alpha"]) * np.asarray(P["Em"]) / (np.asarray(P["theta"]) * saving))
    frac = np.linspace(0.0, 1.0 - 1e-9, points)
    deltas = np.multiply.outer(top, frac)                       # shape (..., points)
    scan = {name: np.expand_dims(np.asarray(P[name], dtype=float), -1) for name in PARAMETER_NAMES}
    scan["delta"] = deltas
    slope = numeric.equilibrium(scan, "C", check=False)["dg_dalpha"]  # 11 points per parameter set
    nonneg = slope >= 0
    return ~np.any(~nonneg[..., :-1] & nonneg[..., 1:], axis=-1)


#: statement name -> (source, the statement in words)
SIGN_STATEMENTS = {
    "duC_dp_positive": ("Corollary 1(i)", "du^C/dp > 0"),
    "dgC_dp_sign_condition": ("Corollary 1(i)", "dg^C/dp < 0 exactly when lambda is below the printed threshold"),
    "dEC_dp_switch_in_k": ("Corollary 1(ii)", "dE^C/dp < 0 for k below a threshold, >= 0 above it"),
    "duC_dalpha_sign_condition": ("Corollary 1(iii)", "du^C/dalpha >= 0 exactly when delta is below the printed threshold"),
    "dgC_dalpha_switch_in_delta": ("Corollary 1(iii)", "dg^C/dalpha >= 0 for delta below a threshold, < 0 above it"),
    "duD_dp_positive": ("Corollary 2(i)", "du^D/dp > 0"),
    "dgD_dp_zero": ("Corollary 2(i)", "dg^D/dp = 0"),
    "dED_dp_positive": ("Corollary 2(ii)", "dE^D/dp > 0"),
    "duD_dalpha_sign_condition": ("Corollary 2(iii)", "du^D/dalpha >= 0 exactly when delta is below the printed threshold"),
    "dgD_dalpha_negative": ("Corollary 2(iii)", "dg^D/dalpha < 0"),
}


def sign_statements(mp: Params) -> dict[str, bool]:
    """Each statement of :data:`SIGN_STATEMENTS` evaluated at ``mp``."""
    return {name: bool(np.all(value)) for name, value in _signs(mp).items()}


def sign_shares(sample: Mapping[str, np.ndarray]) -> dict[str, float]:
    """The share of ``sample`` (see :func:`admissible_sample`) where each statement holds."""
    n = len(sample["p"])
    return {name: float(np.mean(value)) if n else float("nan") for name, value in _signs(sample).items()}


def cooperation_stringency(mp: Params, sample: Mapping[str, np.ndarray]) -> dict[str, float | bool]:
    """Section 7 (ii): does carbon trading make cooperation (gamma1^S > 0, Proposition 3)
    harder to reach? Compares the share of the sample around ``mp`` where gamma1 > 0 at the
    sample's carbon prices with the share at p = 0 (no permit revenue), for the derived S and
    for S as printed; also gamma1 at ``mp`` itself with and without the price."""
    out: dict[str, float | bool] = {}
    for scenario, tag in (("S", "derived"), ("S_printed", "printed")):
        with_p = numeric.gamma1(sample, scenario) > 0
        without_p = numeric.gamma1({**sample, "p": 0.0 * sample["p"]}, scenario) > 0
        out[f"share with trading ({tag})"] = float(np.mean(with_p))
        out[f"share without trading ({tag})"] = float(np.mean(without_p))
        out[f"gamma1 at P ({tag})"] = float(numeric.gamma1(mp, scenario))
        out[f"gamma1 at P, p = 0 ({tag})"] = float(numeric.gamma1({**mp, "p": 0.0}, scenario))
        out[f"more stringent ({tag})"] = bool(out[f"share with trading ({tag})"]
                                              < out[f"share without trading ({tag})"])
    return out


def _is_monotone_to(values: np.ndarray, target: float) -> bool:
    if np.allclose(values, target):
        return True
    steps = np.diff(values)
    return bool(np.all(steps >= -1e-12) or np.all(steps <= 1e-12))


def time_statements(trajectories: Mapping[float, Mapping[str, np.ndarray]],
                    steady: Mapping[str, float], paths: Mapping[str, Mapping[str, np.ndarray]],
                    t_profit_index: int | None = None) -> dict[str, bool]:
    """Figures 3-5 (Section 6.1) in time.

    ``trajectories``: {E0: {scenario: E(t)}}; ``steady``: {scenario: E_ss};
    ``paths``: {scenario: :func:`.numeric.paths`} from the chapter's E0.
    """
    trends = [_is_monotone_to(path, steady[s]) for by_s in trajectories.values() for s, path in by_s.items()]
    chain = paths["C"]["J"]
    peak = int(np.argmax(chain))
    return {
        "goodwill_monotone_to_steady_state": bool(all(trends)),
        "permits_decrease": bool(np.all(np.diff(paths["D"]["F"]) < 0)),
        "chain_profit_rises_then_falls": bool(0 < peak < len(chain) - 1),
        "demand_and_recycling_rise": bool(all(np.all(np.diff(paths[s][key]) > 0)
                                              for s in ("C", "S", "D") for key in ("D", "Q"))),
    }


def _mean_spread(columns: np.ndarray) -> float:
    """Mean over columns (with at least two admissible points) of max - min along axis 0."""
    spreads = [np.ptp(col[np.isfinite(col)]) for col in columns.T if np.isfinite(col).sum() >= 2]
    return float(np.mean(spreads)) if spreads else float("nan")


def grid_statements(grid: Mapping[str, Any]) -> dict[str, Any]:
    """The statements of Section 6.2 (Figures 6-7) tested on the alpha x delta grid.

    Arrays are indexed [delta, alpha]; inadmissible (NaN) points are ignored. "Increases
    with x" means non-decreasing along the x axis everywhere on the grid; "small" and
    "large" alpha are the lowest and highest quarter of the grid's alpha axis. The
    centralised firm-level profits are split by the bilateral contract I. "The change of
    goodwill with delta" at small alpha is measured by its spread (max - min over delta,
    averaged over the small-alpha columns). Also returns the shares of the grid where the
    orderings hold and those spreads.
    """
    def finite(a):
        return a[np.isfinite(a)]

    def rises(a, axis):
        return bool(np.all(finite(np.diff(a, axis=axis)) >= -1e-12))

    def falls(a, axis):
        return bool(np.all(finite(np.diff(a, axis=axis)) <= 1e-12))

    def gt(a, b):
        return bool(np.all(finite(a - b) > 0))

    def share(a, b):
        d = finite(a - b)
        return float(np.mean(d > 0)) if d.size else float("nan")

    q = max(1, len(grid["alpha"]) // 4)
    u, g, e, j, jm, ju = (grid[key] for key in ("u", "g", "E", "J", "J_m", "J_U"))
    jm_c, ju_c = jm["I"], ju["I"]
    scenarios = ("C", "S", "D")
    spread = {s: _mean_spread(e[s][:, :q]) for s in scenarios}
    return {
        "u_rises_with_alpha_and_delta": all(rises(u[s], ax) for s in scenarios for ax in (0, 1)),
        "u_order": gt(u["C"], u["S"]) and bool(np.allclose(finite(u["S"] - u["D"]), 0)),
        "g_rises_with_alpha_and_delta": all(rises(g[s], ax) for s in scenarios for ax in (0, 1)),
        "g_order": gt(g["C"], g["S"]) and gt(g["S"], g["D"]),
        "g_gaps_rise_with_delta": rises(g["C"] - g["S"], 0) and rises(g["S"] - g["D"], 0),
        "E_rises_with_alpha": all(rises(e[s], 1) for s in scenarios),
        "E_rises_with_delta_small_alpha": all(rises(e[s][:, :q], 0) for s in scenarios),
        "E_falls_with_delta_large_alpha": all(falls(e[s][:, -q:], 0) for s in scenarios),
        "E_change_largest_under_D": spread["D"] > max(spread["C"], spread["S"]),
        "E_change_under_S_smoother_than_D": spread["S"] < spread["D"],
        "J_rises_with_alpha_and_delta": all(rises(j[s], ax) for s in scenarios for ax in (0, 1)),
        "J_order": gt(j["C"], j["S"]) and gt(j["S"], j["D"]),
        "J_gap_C_S_exceeds_gap_S_D": gt(j["C"] - j["S"], j["S"] - j["D"]),
        "Jm_order": gt(jm_c, jm["S"]) and gt(jm["S"], jm["D"]),
        "JU_order": gt(ju_c, ju["S"]) and gt(ju["S"], ju["D"]),
        "JU_gap_C_S_rises_with_delta": rises(ju_c - ju["S"], 0),
        "shares": {"g^S > g^D": share(g["S"], g["D"]), "J^S > J^D": share(j["S"], j["D"]),
                   "J^C - J^S > J^S - J^D": share(j["C"] - j["S"], j["S"] - j["D"]),
                   "J_m^S > J_m^D": share(jm["S"], jm["D"]), "J_U^C > J_U^S": share(ju_c, ju["S"])},
        "goodwill_spread_over_delta": spread,
    }


__all__ = ["SIGN_STATEMENTS", "admissible_sample", "cooperation_stringency", "grid_statements",
           "sign_shares", "sign_statements", "time_statements"]



def orderings(eq: Mapping[str, Mapping[str, float]], e0: float) -> dict[str, bool]:
    """Corollaries 3-5 and Propositions 1-4 at one parameter set: the orderings of efforts,
    steady-state goodwill and values V(E0) = s E0 + c across scenarios, and the signs of
    the value slopes and of the efforts' sensitivities to the recycling margins."""
    def value(s):
        return eq[s]["m1"] * e0 + eq[s]["m2"], eq[s]["r1"] * e0 + eq[s]["r2"]

    c, d, s_, i = (eq[key] for key in ("C", "D", "S", "I"))
    (vc, _), (vdm, vdu), (vsm, vsu), (vim, viu) = value("C"), value("D"), value("S"), value("I")
    return {
        "cor3": bool(c["u"] > d["u"] and c["g"] > d["g"] and c["E_ss"] > d["E_ss"] and vc > vdm + vdu),
        "cor4": bool(c["u"] > s_["u"] and np.isclose(s_["u"], d["u"]) and c["g"] > s_["g"] > d["g"]
                     and c["E_ss"] > s_["E_ss"] > d["E_ss"] and vsm > vdm and vsu > vdu),
        "cor5": bool(np.isclose(i["u"], c["u"]) and np.isclose(i["g"], c["g"])
                     and np.isclose(i["E_ss"], c["E_ss"]) and np.isclose(vim + viu, vc)),
        "gamma1_positive": bool(s_["gamma"] > 0),
        "C_efforts_rise_with_recycling_margins": bool(all(c[f"d{q}_d{x}"] > 0 for q in ("u", "g")
                                                          for x in ("pi_c", "pi_U"))),
        "C_value_rises_with_goodwill": bool(c["m1"] > 0),
        "D_values_rise_with_goodwill": bool(d["m1"] > 0 and d["r1"] > 0),
    }
