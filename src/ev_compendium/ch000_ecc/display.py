"""Tables of chapter ch000 as the notebook shows them (labels with units, rounded for reading).

Each function takes the chapter's results (:class:`~ev_compendium.ch000_ecc.EccResults`) and,
where a label needs it, the parameters; none computes anything new.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..tables import for_display
from . import EccResults
from .data import load_table3


def plants_table(R: EccResults) -> pd.DataFrame:
    """Table 1 recomputed, with the grid factor its printed mix implies (Section 4.1, Table 1)."""
    shown = R.plants.round({"carbon_kg_co2e": 2, "printed_vs_mix_pct": 1}).round(3)
    shown["mix allows (kg CO₂e/kWh)"] = [f"{lo:.3f}–{hi:.3f}" for lo, hi in
                                          zip(shown.pop("mix_min_factor_kg_per_kwh"),
                                              shown.pop("mix_max_factor_kg_per_kwh"))]
    shown = shown.rename(columns={
        "mix": "printed electricity mix", "energy_kwh": "energy (kWh/unit)",
        "grid_factor_kg_per_kwh": "printed factor (kg CO₂e/kWh)", "carbon_kg_co2e": "carbon E × f (kg CO₂e/unit)",
        "mix_implied_factor_kg_per_kwh": "mix-implied factor, medians (kg CO₂e/kWh)",
        "printed_vs_mix_pct": "printed vs medians (%)"})
    return for_display(shown)


def carbon_gaps_table(R: EccResults) -> pd.DataFrame:
    """Section 4.1: each pair's carbon gap split into energy and grid-factor parts (logs)."""
    return R.carbon_gaps.assign(factor_share=100 * R.carbon_gaps["factor_share"]).round(
        {"log_energy_ratio": 3, "log_factor_ratio": 3, "factor_share": 1}).rename(columns={
        "log_energy_ratio": "ln energy ratio", "log_factor_ratio": "ln grid-factor ratio",
        "factor_share": "grid factor's share of the gap (%)"})


def cost_sensitivity_table(R: EccResults) -> pd.DataFrame:
    """The optimised design's cost increase (%) with each assumed cost coefficient scaled."""
    table = R.cost_sensitivity["cost_increase_pct"].unstack("scale").round(1)
    table = table.reindex(list(dict.fromkeys(R.cost_sensitivity.index.get_level_values("coefficient"))))
    table.columns = [f"× {scale:g}" for scale in table.columns]
    table.index.name = "cost coefficient scaled"
    return table


def impacts_table(R: EccResults) -> pd.DataFrame:
    """Table 2's one-at-a-time lever impacts under the calibrated model (%)."""
    return R.impacts.rename(columns={"reduction_pct": "one-at-a-time reduction (%)"}).round(2)


def combination_table(R: EccResults) -> pd.DataFrame:
    """The optimised design's total reduction under the two combination rules (%)."""
    return pd.DataFrame({"total reduction (%)": [R.additive_total_pct, R.multiplicative_total_pct]},
                        index=pd.Index(["additive (sum)", "multiplicative (compounding)"],
                                       name="combination rule")).round(2)


def substitution_table(R: EccResults) -> pd.DataFrame:
    """Section 3.6's substitution step under both readings of "30 percent"."""
    return R.substitution.rename(columns={"recycled_ratio_pct": "recycled ratio reached (%)",
                                          "reduction_pct": "carbon reduction (%)"}).round(2)


DESIGN_ROWS = {  # column of R.designs -> (label, decimals)
    "recycled_ratio": ("recycled-material ratio r", 2), "motor_efficiency": ("motor efficiency η_m", 3),
    "oil_free_cooling": ("oil-free cooling c (0 = no, 1 = yes)", 0),
    "energy_recovery": ("energy-recovery utilisation u", 2),
    "carbon_kg_co2e": ("carbon C (kg CO₂e/unit)", 1), "reduction_pct": ("carbon reduction (%)", 1),
    "cost_cny": ("cost K (CNY/unit, assumed)", 0), "cost_increase_pct": ("cost increase (%)", 1),
    "system_efficiency": ("system efficiency η", 3)}


def designs_table(R: EccResults) -> pd.DataFrame:
    """Table 2's baseline and optimised designs side by side, one row per quantity."""
    table = R.designs
    return pd.DataFrame({design: [f"{table.loc[design, col]:,.{d}f}" for col, (_, d) in DESIGN_ROWS.items()]
                         for design in table.index},
                        index=pd.Index([label for label, _ in DESIGN_ROWS.values()], name="quantity"))


def marginal_table(P: Mapping, R: EccResults) -> pd.DataFrame:
    """Average cost per point of reduction below and above ``knee_split_pct`` (Section 4.3)."""
    split = P["knee_split_pct"]
    marginal = pd.Series(R.marginal or {}, name="value", dtype=float).rename(index={
        "below_cny_per_pp": f"average cost per point below {split:g} % (CNY)",
        "above_cny_per_pp": f"average cost per point above {split:g} % (CNY)",
        "ratio": "ratio above / below"})
    return marginal.round(2).to_frame()


def sobol_table(R: EccResults) -> pd.DataFrame:
    """Sobol indices with their bootstrap intervals and, for the additive model, the closed form."""
    sobol = R.sobol.copy()
    if R.analytic_shares is not None:
        sobol["analytic S1"] = R.analytic_shares
    return sobol.round(3).rename(columns={"S1": "first-order S1", "S1_conf": "S1 ± (95 %)",
                                          "ST": "total ST", "ST_conf": "ST ± (95 %)",
                                          "analytic S1": "S1, closed form"})


def cross_case_table(P: Mapping, R: EccResults) -> pd.DataFrame:
    """Table 2's optimised design at each plant (Section 3.6 cross-case verification)."""
    return R.cross_case.round(2).rename(columns={
        "baseline_kg_co2e": "baseline", "optimised_kg_co2e": "optimised", "reduction_pct": "reduction (%)",
        "deviation_from_reference_pct": f"vs reference's reduction (%, ±{P['cross_case_tolerance_pct']:g} allowed)",
        "energy_saved_kwh": "electricity saved (kWh/unit)"})


def regional_table(R: EccResults) -> pd.DataFrame:
    """The reference plant on the Section 3.4 regional grids."""
    return R.regional.round({"baseline_kg_co2e": 1, "optimised_kg_co2e": 1, "reduction_pct": 2,
                             "bill_saving_per_kg_vs_west": 3}).rename(columns={
        "grid_factor_kg_per_kwh": "grid factor (kg CO₂e/kWh)", "baseline_kg_co2e": "baseline",
        "optimised_kg_co2e": "optimised", "reduction_pct": "reduction (%)",
        "bill_saving_per_kg_vs_west": "bill saving per kg avoided, vs west (equal tariffs)"})


def table3() -> pd.DataFrame:
    """The paper's Table 3, as printed."""
    return load_table3()
