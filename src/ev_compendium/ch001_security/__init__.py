"""ch001 — EVs, energy security and dual-carbon goals (Guo et al. 2024, Bull. CAS 39(2)).

The chapter's contract (see :mod:`ev_compendium.chapter`):

``constraints(P)``
    refuses parameter combinations the models cannot take (ParameterError naming them);
``compute(P)``
    runs the V2G model (Section 3.2, :mod:`.v2g`) and the fleet model (Section 3.3,
    :mod:`.fleet`, inputs from :mod:`.data`) once and returns a :class:`Results`;
``checks.claim_values(P, results)``
    maps the registry's computed claims to their values (:mod:`.checks`).

Figures and tables for the notebook are in :mod:`.display` and :mod:`.framework`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..params import ParameterSet
from ..validate import require
from . import data, fleet, v2g, whatifs

#: MJ per kg of standard coal equivalent (GB/T 2589-2020: 1 kgce = 7000 kcal = 29.3076 MJ)
MJ_PER_KGCE = 29.3076
#: how far the coal-equivalent factor of gasoline may sit from NCV / 29.3076 (GB/T 2589's own
#: pair, 1.4714 kgce/kg and 43.07 MJ/kg, differs by 0.12 % from its kcal rounding)
KGCE_NCV_RELATIVE_TOLERANCE = 0.01


def kgce_per_kg_from_ncv(ncv_mj_per_kg: float) -> float:
    """Coal equivalent of one kg of fuel from its net calorific value: NCV / 29.3076."""
    return ncv_mj_per_kg / MJ_PER_KGCE


def constraints(P: ParameterSet) -> None:
    """Joint conditions of the ch001 models (each individually valid value is handled).

    * The coal-equivalent factor of gasoline must describe the same fuel as its calorific
      value: ``fleet_gasoline_kgce_per_kg`` within 1 % of ``fleet_gasoline_ncv_mj_per_kg /
      29.3076`` (one parameter changed alone would otherwise let the energy totals in kgce
      and in PJ describe two different fuels).
    """
    implied = kgce_per_kg_from_ncv(P["fleet_gasoline_ncv_mj_per_kg"])
    require(abs(P["fleet_gasoline_kgce_per_kg"] - implied) <= KGCE_NCV_RELATIVE_TOLERANCE * implied,
            ("fleet_gasoline_kgce_per_kg", "fleet_gasoline_ncv_mj_per_kg"),
            "|fleet_gasoline_kgce_per_kg - fleet_gasoline_ncv_mj_per_kg / 29.3076| <= 1 % of "
            "fleet_gasoline_ncv_mj_per_kg / 29.3076 (both describe one gasoline)", P)


@dataclass(frozen=True)
class Results:
    """Everything ch001 computes under one parameter set (units in the names)."""

    v2g_inputs: v2g.V2GInputs
    v2g_table: pd.DataFrame              # one row per price gap (eqs. v2g-energy ... v2g-net)
    break_even_gap_yuan_per_kwh: float   # eq. v2g-breakeven
    sensitivity_gap_yuan_per_kwh: float
    sensitivity: pd.DataFrame            # one-at-a-time +-20 % net income
    map_inputs: tuple[str, str]          # the two inputs of the 2-D net-income map
    map_values: tuple[np.ndarray, np.ndarray]
    map_net_income_yuan: np.ndarray      # shape (len(values_b), len(values_a))
    fleet_inputs: pd.DataFrame           # data/ch001/fleet_inputs_2015_2022.csv
    grid_factor_kg_per_kwh: pd.Series    # the series the fleet model uses, by year
    fossil_trend_whatif: pd.DataFrame    # fleet findings at constant / official fossil factor
    per_km: pd.DataFrame                 # per vehicle-km energy and CO2 by year
    scenarios: pd.DataFrame              # long table (year, EV share)
    energy_mtce: pd.DataFrame            # year x EV share
    co2_mt: pd.DataFrame                 # year x EV share
    marginal_benefit_mt_per_10pp: pd.Series
    peak_years: pd.Series                # year of peak energy use per EV share


def compute(P: ParameterSet) -> Results:
    """Run the V2G and fleet models once under ``P`` (deterministic: nothing is sampled)."""
    x = v2g.V2GInputs.from_params(P)
    gap_s = P["v2g_sensitivity_price_gap_yuan_per_kwh"]
    sensitivity = v2g.one_at_a_time_sensitivity(gap_s, x)
    name_a, name_b = sensitivity.index[:2]
    values_a = v2g.map_span(name_a, getattr(x, name_a))
    values_b = v2g.map_span(name_b, getattr(x, name_b))

    inputs = data.load_fleet_inputs()
    given = pd.Series(P["fleet_grid_factor_kg_per_kwh"], index=inputs.index,
                      name="grid_factor_kg_per_kwh", dtype=float)
    grid = data.apply_fossil_factor_trend(given, P["fleet_fossil_factor_change_per_year"])
    factors = fleet.FuelFactors.from_params(P)
    trend_cases = sorted({0.0, P["fleet_fossil_factor_change_per_year"],
                          data.official_fossil_factor_change_per_year()}, reverse=True)
    scenarios = fleet.scenario_results(inputs, P["fleet_ev_shares"], grid, factors)
    return Results(
        v2g_inputs=x,
        v2g_table=v2g.revenue_table(P["v2g_price_gaps_yuan_per_kwh"], x),
        break_even_gap_yuan_per_kwh=v2g.break_even_price_gap(x),
        sensitivity_gap_yuan_per_kwh=gap_s,
        sensitivity=sensitivity,
        map_inputs=(name_a, name_b),
        map_values=(values_a, values_b),
        map_net_income_yuan=v2g.net_income_grid(gap_s, x, name_a, values_a, name_b, values_b),
        fleet_inputs=inputs,
        grid_factor_kg_per_kwh=grid,
        fossil_trend_whatif=whatifs.fossil_trend_whatif(inputs, given, factors,
                                                        P["fleet_ev_shares"], trend_cases),
        per_km=fleet.per_km_intensities(inputs, grid, factors),
        scenarios=scenarios,
        energy_mtce=fleet.by_share(scenarios, "energy_mtce"),
        co2_mt=fleet.by_share(scenarios, "co2_mt"),
        marginal_benefit_mt_per_10pp=fleet.marginal_benefit_mt_per_10pp(scenarios),
        peak_years=fleet.peak_years(scenarios),
    )
