"""Road-fleet energy use and CO2 for EV/FV share scenarios, 2015-2022 (ch001, Guo et al. 2024,
Section 3.3).

The paper builds six scenarios with EV shares of the on-road fleet of 0, 20, ..., 100 %
(fuel-vehicle, FV, shares 100 ... 0 %) and reports from its Fig. 3 (model of its ref. 6) that
(i) energy use and CO2 both fall as the EV share rises, (ii) energy use peaked in 2018,
(iii) the marginal emission benefit of a higher EV share weakens over time while (iv) total
CO2 still falls year by year. No inputs are printed, so this module implements the
accounting identity the paper describes, with inputs from :mod:`.data` and the ``fleet_*``
parameters:

* fleet activity, vehicle-km: ``A_t = N_t d_t``                                  (eq. fleet-activity)
* EV electricity at the plug, kWh: ``s A_t e_t / 100``; FV gasoline, L: ``(1 - s) A_t g_t / 100``
* energy, kgce: ``E_ev k_el + G_fv rho k_gas`` (coal-equivalent factors, GB/T 2589)   (eq. fleet-energy)
* CO2, kg: ``E_ev / (1 - loss) EF_grid,t + G_fv rho NCV (EF_comb + EF_up)``          (eq. fleet-co2)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from ._arguments import argument

MJ_PER_KWH = 3.6
MJ_TO_PJ = 1e-9


@dataclass(frozen=True)
class FuelFactors:
    """Fuel properties and conversion factors (units in the names)."""

    gasoline_density_kg_per_l: float
    gasoline_ncv_mj_per_kg: float
    gasoline_kgce_per_kg: float
    gasoline_combustion_g_co2_per_mj: float
    gasoline_upstream_g_co2e_per_mj: float
    electricity_kgce_per_kwh: float
    grid_loss_fraction: float

    def __post_init__(self) -> None:
        for name in ("gasoline_density_kg_per_l", "gasoline_ncv_mj_per_kg", "gasoline_kgce_per_kg",
                     "electricity_kgce_per_kwh"):
            argument(name, getattr(self, name), 0.0, None, lo_inclusive=False)
        for name in ("gasoline_combustion_g_co2_per_mj", "gasoline_upstream_g_co2e_per_mj"):
            argument(name, getattr(self, name), 0.0, None)
        argument("grid_loss_fraction", self.grid_loss_fraction, 0.0, 1.0, hi_inclusive=False)

    @classmethod
    def from_params(cls, params: Mapping) -> "FuelFactors":
        """Build from the chapter's ParameterSet (keys ``fleet_<field>``)."""
        return cls(**{f.name: params[f"fleet_{f.name}"] for f in fields(cls)})

    @property
    def gasoline_mj_per_l(self) -> float:
        """Net calorific value per litre."""
        return self.gasoline_density_kg_per_l * self.gasoline_ncv_mj_per_kg

    @property
    def gasoline_kg_co2e_per_l(self) -> float:
        """Well-to-wheel CO2e per litre: NCV x (combustion + upstream) factors."""
        return self.gasoline_mj_per_l * (self.gasoline_combustion_g_co2_per_mj
                                         + self.gasoline_upstream_g_co2e_per_mj) / 1000.0


def per_km_intensities(inputs: pd.DataFrame, grid_factor_kg_per_kwh: Sequence[float],
                       f: FuelFactors) -> pd.DataFrame:
    """Per vehicle-km energy (kgce, MJ) and CO2 (kg) of an EV and an FV, by year."""
    grid = np.asarray(grid_factor_kg_per_kwh, dtype=float)
    if grid.shape != (len(inputs),):
        raise ValueError(f"grid_factor_kg_per_kwh needs one value per year ({len(inputs)}: "
                         f"{list(inputs.index)}), got {grid.size}")
    for year, value in zip(inputs.index, grid):
        argument(f"grid_factor_kg_per_kwh[{year}]", value, 0.0, None)
    ev_kwh = inputs["ev_kwh_per_100km"] / 100.0
    fv_l = inputs["fv_gasoline_l_per_100km"] / 100.0
    out = pd.DataFrame(index=inputs.index)
    out["ev_kgce_per_km"] = ev_kwh * f.electricity_kgce_per_kwh
    out["fv_kgce_per_km"] = fv_l * f.gasoline_density_kg_per_l * f.gasoline_kgce_per_kg
    out["ev_mj_per_km"] = ev_kwh * MJ_PER_KWH
    out["fv_mj_per_km"] = fv_l * f.gasoline_mj_per_l
    out["grid_factor_kg_per_kwh"] = grid
    out["ev_kg_co2_per_km"] = ev_kwh / (1 - f.grid_loss_fraction) * grid
    out["fv_kg_co2_per_km"] = fv_l * f.gasoline_kg_co2e_per_l
    return out


def scenario_results(inputs: pd.DataFrame, ev_shares: Sequence[float],
                     grid_factor_kg_per_kwh: Sequence[float], f: FuelFactors) -> pd.DataFrame:
    """Long table: one row per (year, EV share) with activity (billion vkm), energy (Mtce,
    PJ) and CO2 (Mt). Implements eqs. fleet-activity, fleet-energy and fleet-co2."""
    shares = [argument(f"ev_shares[{i}]", s, 0.0, 1.0) for i, s in enumerate(ev_shares)]
    if not shares:
        raise ValueError("ev_shares must hold at least one share")
    per_km = per_km_intensities(inputs, grid_factor_kg_per_kwh, f)
    activity_vkm = inputs["vehicle_stock_million"] * 1e6 * inputs["vkt_km_per_vehicle"]
    rows = []
    for year in inputs.index:
        a = activity_vkm[year]
        k = per_km.loc[year]
        for s in shares:
            rows.append({
                "year": int(year), "ev_share": s,
                "activity_billion_vkm": a / 1e9,
                "energy_mtce": a * (s * k.ev_kgce_per_km + (1 - s) * k.fv_kgce_per_km) / 1e9,
                "energy_pj": a * (s * k.ev_mj_per_km + (1 - s) * k.fv_mj_per_km) * MJ_TO_PJ,
                "co2_mt": a * (s * k.ev_kg_co2_per_km + (1 - s) * k.fv_kg_co2_per_km) / 1e9,
            })
    return pd.DataFrame(rows).set_index(["year", "ev_share"])


def by_share(results: pd.DataFrame, column: str) -> pd.DataFrame:
    """``column`` as a year x EV-share table (shares ascending)."""
    return results[column].unstack("ev_share").sort_index(axis=1).sort_index()


def falls_with_share(results: pd.DataFrame, column: str) -> bool:
    """True when, in every year, ``column`` falls strictly as the EV share rises."""
    table = by_share(results, column)
    if table.shape[1] < 2:
        raise ValueError("need at least two EV shares to test a trend across shares")
    return bool(np.all(np.diff(table.to_numpy(), axis=1) < 0))


def peak_years(results: pd.DataFrame, column: str = "energy_mtce") -> pd.Series:
    """Year of maximum ``column`` for each EV share."""
    return by_share(results, column).idxmax(axis=0).astype(int)


def marginal_benefit_mt_per_10pp(results: pd.DataFrame) -> pd.Series:
    """Fleet CO2 avoided per +10 percentage points of EV share, Mt/yr, by year.

    CO2 is linear in the share, so this is the (constant) spacing between scenario curves,
    ``0.1 A_t (m_FV - m_EV)``: what the paper's figure shows as the 'marginal effect'."""
    table = by_share(results, "co2_mt")
    shares = table.columns.to_numpy(dtype=float)
    if shares.size < 2:
        raise ValueError("need at least two EV shares to compute a marginal benefit")
    slope = (table.iloc[:, 0] - table.iloc[:, -1]) / (shares[-1] - shares[0])
    return slope * 0.1


def weakens_over_time(series: pd.Series) -> bool:
    """True when the least-squares trend of ``series`` over its index (years) is negative.

    The slope is the exact least-squares one, cov(x, y) / var(x) on centred years: a flat
    series has slope 0 (fitting on raw years such as 2015-2022 leaves a +-1e-16 slope of
    arbitrary sign, which would call a flat trend "weakening")."""
    x = np.asarray(series.index, dtype=float)
    y = series.to_numpy(dtype=float)
    dx, dy = x - x.mean(), y - y.mean()
    return bool(np.dot(dx, dy) / np.dot(dx, dx) < 0)


def decreases_year_by_year(results: pd.DataFrame, column: str = "co2_mt") -> bool:
    """True when ``column`` falls from every year to the next in every scenario."""
    table = by_share(results, column)
    return bool(np.all(np.diff(table.to_numpy(), axis=0) < 0))
