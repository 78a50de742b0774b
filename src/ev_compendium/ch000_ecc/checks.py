"""The computed value of every ch000 claim that the chapter reproduces or finds in discrepancy.

This is the only module of the package where claim ids appear (each written out in full, so that
searching for an id lands on its computation). It compares; the computing is done by
:func:`ev_compendium.ch000_ecc.compute`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from . import EccResults
from .plants import percent_higher, relative_change_pct


def claim_values(P: Mapping, results: EccResults) -> dict[str, float | bool]:
    """``{claim id: value}`` for every ``reproduced``/``discrepancy`` claim of ch000."""
    plants, model = results.plants, results.model
    carbon = plants["carbon_kg_co2e"]
    printed = plants["grid_factor_kg_per_kwh"]
    mix_allows = bool(((plants["mix_min_factor_kg_per_kwh"] <= printed)
                       & (printed <= plants["mix_max_factor_kg_per_kwh"])).all())
    total = float(results.impacts.loc["all four together", "reduction_pct"])
    levers = results.impacts["reduction_pct"].drop("all four together")
    top_two = set(levers.sort_values(ascending=False).index[:2])
    baseline = results.designs.loc["baseline (Table 2)"]
    optimised = results.designs.loc["optimised (Table 2)"]
    within_cap = bool(optimised["cost_cny"] <= P["cost_cap_ratio"] * model.base_cost_cny)
    return {
        "ch000.table1.saic_carbon": float(carbon["SAIC"]),
        "ch000.table1.byd_carbon": float(carbon["BYD"]),
        "ch000.table1.vw_carbon": float(carbon["VW"]),
        "ch000.table1.factors_match_mixes": mix_allows,
        "ch000.sec4_1.vw_carbon_text": float(carbon["VW"]),
        "ch000.sec4_1.saic_vs_vw_gap": percent_higher(carbon["SAIC"], carbon["VW"]),
        "ch000.sec4_1.vw_lowest": bool(carbon.idxmin() == "VW"),
        "ch000.sec4_1.coal_plant_above_renewable_plant": bool(carbon["SAIC"] > carbon["BYD"]),
        "ch000.sec4_1.grid_mix_dominant": bool((results.carbon_gaps["factor_share"] > 0.5).all()),
        "ch000.table2.recycled_change": relative_change_pct(P["recycled_ratio_baseline"], P["recycled_ratio_optimised"]),
        "ch000.table2.motor_change": relative_change_pct(P["motor_efficiency_baseline"], P["motor_efficiency_optimised"]),
        "ch000.table2.total_reduction": total,
        "ch000.sec4_2.total_reduction_text": total,
        "ch000.abstract.total_reduction": total,
        "ch000.conclusion.total_reduction": total,
        "ch000.sec4_2.recycled_largest": bool(levers.idxmax() == "recycled material"),
        "ch000.sec3_6.material_and_thermal_largest": top_two == {"recycled material", "oil-free cooling"},
        "ch000.sec4_2.no_performance_loss": bool(optimised["system_efficiency"] >= baseline["system_efficiency"]
                                                 and optimised["motor_efficiency"] >= baseline["motor_efficiency"]),
        "ch000.abstract.economic_feasibility": within_cap,
        "ch000.sec4_2.cost_competitiveness": within_cap,
        "ch000.conclusion.economic_viability": within_cap,
        "ch000.sec3_6.substitution_30pct": float(results.substitution.loc[P["substitution_reading"], "reduction_pct"]),
        "ch000.sec4_3.east_marginal_benefit_diminishes": bool(results.regional.loc["east", "bill_saving_per_kg_vs_west"] < 1.0),
        "ch000.sec4_3.energy_losses_reduced_all_cases": bool((results.cross_case["energy_saved_kwh"] > 0.0).all()),
    }


def illustrative_values(P: Mapping, results: EccResults, only: str | tuple[str, ...] = "ch000") -> pd.DataFrame:
    """What the model gives for claims registered ``not-reproducible`` because they rest on inputs
    the paper does not print (cost data, input ranges, how the material lever scales across
    plants): shown, never checked against the paper. Rows (claim id, what was computed) whose id
    starts with ``only``; columns value and paper."""
    marginal = results.marginal
    sens = results.knee_sensitivity["knee_reduction_pct"]
    nan = float("nan")
    rows = [
        ("ch000.sec4_3.knee_reduction", "knee of the NSGA-II carbon-cost frontier (%)",
         nan if results.knee is None else float(results.knee["reduction_pct"]), "beyond 30 %"),
        ("ch000.sec4_3.knee_reduction", "knee of the grid-search frontier (%)",
         nan if results.grid_knee is None else float(results.grid_knee["reduction_pct"]), "beyond 30 %"),
        ("ch000.sec4_3.knee_reduction", "lowest knee, one cost coefficient scaled (%)", float(sens.min()), "beyond 30 %"),
        ("ch000.sec4_3.knee_reduction", "highest knee, one cost coefficient scaled (%)", float(sens.max()), "beyond 30 %"),
        ("ch000.sec4_3.disproportionate_cost",
         f"marginal cost above / below {P['knee_split_pct']:g} % (ratio)",
         nan if marginal is None else float(marginal["ratio"]), "disproportionate"),
        ("ch000.sec3_6.sobol_top3_above_70pct", "Sobol S1 of material + motor + cooling (%)",
         100.0 * float(results.sobol["S1"].iloc[:3].sum()), "> 70 %"),
        ("ch000.sec3_6.cross_case_within_10pct", "largest plant deviation from the reference reduction, "
         "fixed-mass material lever (%)", float(results.cross_case["deviation_from_reference_pct"].abs().max()),
         "within ±10 %"),
    ]
    frame = pd.DataFrame(rows, columns=["claim", "computed under our assumptions", "value", "paper"])
    prefixes = (only,) if isinstance(only, str) else tuple(only)
    return frame[frame["claim"].str.startswith(prefixes)].set_index("claim")
