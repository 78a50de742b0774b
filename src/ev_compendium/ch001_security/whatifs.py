"""What-ifs on ch001's own assumptions (Guo et al. 2024, Section 3.3): how the fleet verdicts
move when the derived grid factors of 2015-2020 follow the official fall of CO2 per fossil kWh
(MEE/NBS: 0.8426 -> 0.8325 kg/kWh, 2021 -> 2022) instead of staying constant (eq. fleet-grid).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from . import data, fleet


def fossil_trend_whatif(inputs: pd.DataFrame, grid_factor_kg_per_kwh: pd.Series,
                        factors: fleet.FuelFactors, ev_shares: Sequence[float],
                        changes_per_year: Sequence[float]) -> pd.DataFrame:
    """One row per yearly change of CO2 per fossil kWh (applied to the derived years of
    ``grid_factor_kg_per_kwh``): the 2015 grid factor, CO2 avoided per +10 pp in the first
    and last year, and the three time-trend findings of the fleet model."""
    rows = []
    first, last = inputs.index.min(), inputs.index.max()
    for change in changes_per_year:
        grid = data.apply_fossil_factor_trend(grid_factor_kg_per_kwh, change)
        scenarios = fleet.scenario_results(inputs, ev_shares, grid, factors)
        marginal = fleet.marginal_benefit_mt_per_10pp(scenarios)
        rows.append({
            "fossil factor change (%/yr)": round(100 * change, 2),
            f"grid factor {first} (kg/kWh)": round(float(grid[first]), 4),
            f"CO2 avoided per +10 pp {first} (Mt)": round(float(marginal[first]), 1),
            f"CO2 avoided per +10 pp {last} (Mt)": round(float(marginal[last]), 1),
            "benefit weakens": fleet.weakens_over_time(marginal),
            "CO2 falls year by year": fleet.decreases_year_by_year(scenarios, "co2_mt"),
            "energy peak (0 % EV)": int(fleet.peak_years(scenarios)[min(ev_shares)]),
        })
    return pd.DataFrame(rows).set_index("fossil factor change (%/yr)")
