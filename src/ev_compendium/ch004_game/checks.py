"""Claim ids of chapter ch004 -> the values the chapter computes (Zhao, Li & Bao 2025).

The only module of the chapter that names claims: every id of ``data/claims/ch004.csv``
whose status is ``reproduced`` or ``discrepancy`` appears here once, as a literal, next to
the result it is read from. Nothing is computed here beyond comparing results; the printed
values this module reads from the registry (:func:`printed_section6`,
:func:`printed_table2`) serve the readings investigation of the page.
"""

from __future__ import annotations

from typing import Any

from ..claims import load_claims, parse_tolerance
from . import Results

#: Section 6.1 (quantity, comparison) -> claim id
SECTION6_IDS = {
    ("E", "C_vs_D"): "ch004.ss.goodwill.C_vs_D",
    ("E", "S_vs_D"): "ch004.ss.goodwill.S_vs_D",
    ("D", "C_vs_D"): "ch004.ss.demand.C_vs_D",
    ("D", "S_vs_D"): "ch004.ss.demand.S_vs_D",
    ("Q", "C_vs_D"): "ch004.ss.recycling.C_vs_D",
    ("Q", "S_vs_D"): "ch004.ss.recycling.S_vs_D",
    ("F", "C_vs_D"): "ch004.ss.permits.C_vs_D",
    ("F", "S_vs_D"): "ch004.ss.permits.S_vs_D",
    ("J", "C_vs_D"): "ch004.profit_t1.total.C_vs_D",
    ("J", "S_vs_D"): "ch004.profit_t1.total.S_vs_D",
    ("J_m", "C_vs_D"): "ch004.profit_t1.manufacturer.C_vs_D",
    ("J_m", "S_vs_D"): "ch004.profit_t1.manufacturer.S_vs_D",
    ("J_U", "C_vs_D"): "ch004.profit_t1.recycler.C_vs_D",
    ("J_U", "S_vs_D"): "ch004.profit_t1.recycler.S_vs_D",
}
#: not reproducible: they rest on how the centralised profit is split between the firms,
#: which the paper does not state (shown in the readings investigation, not checked)
SPLIT_DEPENDENT = ("ch004.profit_t1.manufacturer.C_vs_D", "ch004.profit_t1.recycler.C_vs_D")
#: Table 2: delta -> (eps^I claim id, gamma2^I claim id)
TABLE2_IDS = {
    0.1: ("ch004.table2.eps.delta01", "ch004.table2.gamma2.delta01"),
    0.2: ("ch004.table2.eps.delta02", "ch004.table2.gamma2.delta02"),
    0.3: ("ch004.table2.eps.delta03", "ch004.table2.gamma2.delta03"),
    0.4: ("ch004.table2.eps.delta04", "ch004.table2.gamma2.delta04"),
    0.5: ("ch004.table2.eps.delta05", "ch004.table2.gamma2.delta05"),
    0.6: ("ch004.table2.eps.delta06", "ch004.table2.gamma2.delta06"),
    0.7: ("ch004.table2.eps.delta07", "ch004.table2.gamma2.delta07"),
    0.8: ("ch004.table2.eps.delta08", "ch004.table2.gamma2.delta08"),
    0.9: ("ch004.table2.eps.delta09", "ch004.table2.gamma2.delta09"),
}


def claim_values(P: Any, results: Results) -> dict[str, float | bool]:
    """``{claim id: value}`` for every computed claim of ch004, read from ``results``."""
    R = results
    out: dict[str, float | bool] = {cid: R.section6[key] for key, cid in SECTION6_IDS.items()
                                    if cid not in SPLIT_DEPENDENT}
    out["ch004.conclusions.recycling.C_vs_D"] = R.section6[("Q", "C_vs_D")]
    out["ch004.conclusions.recycling.S_vs_D"] = R.section6[("Q", "S_vs_D")]
    for delta, (eps_id, gamma_id) in TABLE2_IDS.items():
        out[eps_id], out[gamma_id] = R.table2[delta]
    eps_row = [R.table2[d][0] for d in sorted(R.table2)]
    gamma_row = [R.table2[d][1] for d in sorted(R.table2)]
    out["ch004.table2.eps_rises_with_delta"] = all(b > a for a, b in zip(eps_row, eps_row[1:]))
    out["ch004.table2.gamma2_falls_with_delta"] = all(b < a for a, b in zip(gamma_row, gamma_row[1:]))

    out["ch004.cor4.baseline_above_threshold"] = bool(R.parameters["p"] > R.printed_threshold)
    order = R.orderings
    out["ch004.prop3.gamma1_positive"] = order["gamma1_positive"]
    out["ch004.cor3.orderings"] = order["cor3"]
    out["ch004.cor4.orderings"] = order["cor4"]
    out["ch004.cor5.coordination"] = order["cor5"]
    out["ch004.prop1.efforts_rise_with_recycling_margins"] = order["C_efforts_rise_with_recycling_margins"]
    out["ch004.prop1.profit_rises_with_goodwill"] = order["C_value_rises_with_goodwill"]
    out["ch004.prop2.profits_rise_with_goodwill"] = order["D_values_rise_with_goodwill"]
    out["ch004.prop2.uD_independent_of_recycling_margins"] = R.facts["uD_free_of_pi_c_pi_U"]
    out["ch004.cor2.dg_dp_zero"] = R.facts["gD_free_of_p"]

    signs = R.signs
    out["ch004.cor1.du_dp_positive"] = signs["duC_dp_positive"]
    out["ch004.cor1.dgC_dp_sign_condition"] = signs["dgC_dp_sign_condition"]
    out["ch004.cor1.dEC_dp_switch_in_k"] = signs["dEC_dp_switch_in_k"]
    out["ch004.cor1.duC_dalpha_sign_condition"] = signs["duC_dalpha_sign_condition"]
    out["ch004.cor1.dgC_dalpha_switch_in_delta"] = signs["dgC_dalpha_switch_in_delta"]
    out["ch004.cor2.duD_dp_positive"] = signs["duD_dp_positive"]
    out["ch004.cor2.dE_dp_positive"] = signs["dED_dp_positive"]
    out["ch004.cor2.duD_dalpha_sign_condition"] = signs["duD_dalpha_sign_condition"]
    out["ch004.cor2.dgD_dalpha_negative"] = signs["dgD_dalpha_negative"]
    out["ch004.conclusions.trading_makes_cooperation_stricter"] = R.cooperation["more stringent (derived)"]

    time = R.time_statements
    out["ch004.fig3.three_trends"] = time["goodwill_monotone_to_steady_state"]
    out["ch004.fig4ab.demand_recycling_rise"] = time["demand_and_recycling_rise"]
    out["ch004.fig4c.permits_decrease"] = time["permits_decrease"]
    out["ch004.fig5a.profit_rise_then_fall"] = time["chain_profit_rises_then_falls"]
    out["ch004.fig5bc.S_beats_D_both_firms"] = bool(R.section6[("J_m", "S_vs_D")] > 0
                                                    and R.section6[("J_U", "S_vs_D")] > 0)

    grid = R.grid_statements
    out["ch004.fig6a.u_rises_with_alpha_and_delta"] = grid["u_rises_with_alpha_and_delta"]
    out["ch004.fig6a.u_order"] = grid["u_order"]
    out["ch004.fig6b.g_rises_with_alpha_and_delta"] = grid["g_rises_with_alpha_and_delta"]
    out["ch004.fig6b.g_order"] = grid["g_order"]
    out["ch004.fig6b.gaps_rise_with_delta"] = grid["g_gaps_rise_with_delta"]
    out["ch004.fig6c.E_rises_with_alpha"] = grid["E_rises_with_alpha"]
    out["ch004.fig6c.E_rises_with_delta_small_alpha"] = grid["E_rises_with_delta_small_alpha"]
    out["ch004.fig6c.E_falls_with_delta_large_alpha"] = grid["E_falls_with_delta_large_alpha"]
    out["ch004.fig6c.E_change_largest_under_D"] = grid["E_change_largest_under_D"]
    out["ch004.fig6c.E_change_under_S_smoother_than_D"] = grid["E_change_under_S_smoother_than_D"]
    out["ch004.fig7.profit_order"] = grid["J_order"]
    out["ch004.fig7a.J_rises_with_alpha_and_delta"] = grid["J_rises_with_alpha_and_delta"]
    out["ch004.fig7a.gap_C_S_exceeds_gap_S_D"] = grid["J_gap_C_S_exceeds_gap_S_D"]
    out["ch004.fig7b.Jm_order"] = grid["Jm_order"]
    out["ch004.fig7c.JU_order"] = grid["JU_order"]
    return out


def _printed(ids: dict) -> dict:
    registry = load_claims("ch004")
    out = {}
    for key, cid in ids.items():
        tol, relative = parse_tolerance(registry.loc[cid, "tolerance"])
        published = float(registry.loc[cid, "published"])
        out[key] = (published, tol * abs(published) if relative else tol)
    return out


def printed_section6() -> dict[tuple[str, str], tuple[float, float]]:
    """Section 6.1's printed gains as ``{(quantity, comparison): (value, absolute tolerance)}``."""
    return _printed(SECTION6_IDS)


def printed_table2() -> dict[float, tuple[float, float]]:
    """Table 2 as printed: ``{delta: (eps^I, gamma2^I)}``."""
    registry = load_claims("ch004")
    return {d: (float(registry.loc[e, "published"]), float(registry.loc[g, "published"]))
            for d, (e, g) in TABLE2_IDS.items()}
