"""Road-fleet energy use and CO2 for EV/FV share scenarios, 2015-2022 (ch001, Guo et al. 2024, Section 3.3).

The paper builds six scenarios with EV shares of the on-road fleet of 0, 20, ..., 100 %
(fuel-vehicle, FV, shares 100 ... 0 %) and reports, from a figure (its Fig. 3) computed with
the model of its ref. 6, that (i) energy use and CO2 both fall as the EV share rises,
(ii) energy use peaked in 2018, (iii) the marginal emission benefit of a higher EV share
weakens over time while (iv) total CO2 still falls year by year. No inputs are printed, so
this module implements the accounting identity the paper describes with inputs from
``data/ch001/fleet_inputs_2015_2022.csv`` and ``data/params/ch001.yaml`` (``fleet_*``):

* fleet activity, vehicle-km: ``A_t = stock_t * vkt_t``                                 (eq. fleet-activity)
* EV electricity at the plug, kWh: ``E_ev = s A_t e_t / 100``;
  FV gasoline, L: ``G_fv = (1 - s) A_t g_t / 100``
* energy, tce: ``E_ev k_el + G_fv rho k_gas`` (k: coal-equivalent factors, GB/T 2589)     (eq. fleet-energy)
* CO2, kg: ``E_ev / (1 - loss) EF_grid,t + G_fv rho NCV (EF_comb + EF_up)``              (eq. fleet-co2)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .paths import data_dir

FLEET_COLUMNS = ("year", "vehicle_stock_million", "vkt_km_per_vehicle",
                 "fv_gasoline_l_per_100km", "ev_kwh_per_100km")
KWH_TO_PJ = 3.6e-9      # 1 kWh = 3.6 MJ

# Inputs of the baseline grid-factor path (see data/ch001/README.md and grid_factor_path):
# MEE & NBS national average power CO2 emission factor for 2022 (kg CO2 per kWh generated) ...
GRID_FACTOR_ANCHOR = (2022, 0.5366)
# ... and the fossil share of generation, 100 % minus Ember's clean share (27 % in 2015, 34 % in 2020).
FOSSIL_SHARE_POINTS = {2015: 0.73, 2020: 0.66}
MJ_TO_PJ = 1e-9


def load_fleet_inputs(path=None) -> pd.DataFrame:
    """Read the yearly fleet inputs (README in ``data/ch001``), indexed by year; validates columns and values."""
    path = path or data_dir() / "ch001" / "fleet_inputs_2015_2022.csv"
    frame = pd.read_csv(path)
    missing = [c for c in FLEET_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}")
    frame = frame[list(FLEET_COLUMNS)].set_index("year")
    for column in FLEET_COLUMNS[1:]:
        values = frame[column].to_numpy(dtype=float)
        if not np.all(np.isfinite(values)) or np.any(values <= 0):
            raise ValueError(f"{path}: column {column!r} must be finite and > 0 in every year")
    if not frame.index.is_monotonic_increasing or frame.index.has_duplicates:
        raise ValueError(f"{path}: years must be unique and increasing")
    return frame


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

    def __post_init__(self):
        for name in ("gasoline_density_kg_per_l", "gasoline_ncv_mj_per_kg", "gasoline_kgce_per_kg",
                     "electricity_kgce_per_kwh"):
            value = getattr(self, name)
            if not np.isfinite(value) or value <= 0:
                raise ValueError(f"{name} = {value!r} is out of range: valid range is (0, inf)")
        for name in ("gasoline_combustion_g_co2_per_mj", "gasoline_upstream_g_co2e_per_mj"):
            value = getattr(self, name)
            if not np.isfinite(value) or value < 0:
                raise ValueError(f"{name} = {value!r} is out of range: valid range is [0, inf)")
        if not 0 <= self.grid_loss_fraction < 1:
            raise ValueError(f"grid_loss_fraction = {self.grid_loss_fraction!r} is out of range: "
                             "valid range is [0, 1)")

    @classmethod
    def from_params(cls, params: Mapping) -> "FuelFactors":
        """Build from the chapter's ParameterSet (keys ``fleet_<field>``)."""
        return cls(**{name: params[f"fleet_{name}"] for name in cls.__dataclass_fields__})

    @property
    def gasoline_mj_per_l(self) -> float:
        return self.gasoline_density_kg_per_l * self.gasoline_ncv_mj_per_kg

    @property
    def gasoline_kg_co2e_per_l(self) -> float:
        """Well-to-wheel CO2e per litre: NCV x (combustion + upstream) factors."""
        return self.gasoline_mj_per_l * (self.gasoline_combustion_g_co2_per_mj
                                         + self.gasoline_upstream_g_co2e_per_mj) / 1000.0


def check_share(ev_share: float, name: str = "ev_share") -> float:
    """EV share of the on-road fleet as a fraction; ValueError outside [0, 1]."""
    try:
        value = float(ev_share)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in [0, 1], got {ev_share!r}") from None
    if not np.isfinite(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} = {ev_share!r} is out of range: valid range is [0, 1] (a fraction)")
    return value


def per_km_intensities(inputs: pd.DataFrame, grid_factor_kg_per_kwh: Sequence[float],
                       f: FuelFactors) -> pd.DataFrame:
    """Per vehicle-km energy (kgce, MJ) and CO2 (kg) of an EV and an FV, by year."""
    grid = np.asarray(grid_factor_kg_per_kwh, dtype=float)
    if grid.shape != (len(inputs),):
        raise ValueError(f"grid_factor_kg_per_kwh needs one value per year ({len(inputs)}: "
                         f"{list(inputs.index)}), got {grid.size}")
    if np.any(~np.isfinite(grid)) or np.any(grid < 0):
        raise ValueError("grid_factor_kg_per_kwh values must be finite and >= 0 kg CO2/kWh")
    ev_kwh = inputs["ev_kwh_per_100km"] / 100.0
    fv_l = inputs["fv_gasoline_l_per_100km"] / 100.0
    out = pd.DataFrame(index=inputs.index)
    out["ev_kgce_per_km"] = ev_kwh * f.electricity_kgce_per_kwh
    out["fv_kgce_per_km"] = fv_l * f.gasoline_density_kg_per_l * f.gasoline_kgce_per_kg
    out["ev_mj_per_km"] = ev_kwh * 3.6
    out["fv_mj_per_km"] = fv_l * f.gasoline_mj_per_l
    out["grid_factor_kg_per_kwh"] = grid
    out["ev_kg_co2_per_km"] = ev_kwh / (1 - f.grid_loss_fraction) * grid
    out["fv_kg_co2_per_km"] = fv_l * f.gasoline_kg_co2e_per_l
    return out


def scenario_results(inputs: pd.DataFrame, ev_shares: Sequence[float],
                     grid_factor_kg_per_kwh: Sequence[float], f: FuelFactors) -> pd.DataFrame:
    """Long table: one row per (year, EV share) with energy (Mtce, PJ) and CO2 (Mt).

    Implements eqs. fleet-activity, fleet-energy and fleet-co2.
    """
    shares = [check_share(s, f"ev_shares[{i}]") for i, s in enumerate(ev_shares)]
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


def falls_with_share(results: pd.DataFrame, column: str) -> bool:
    """True when, in every year, ``column`` falls strictly as the EV share rises."""
    table = results[column].unstack("ev_share").sort_index(axis=1)
    if table.shape[1] < 2:
        raise ValueError("need at least two EV shares to test a trend across shares")
    return bool(np.all(np.diff(table.to_numpy(), axis=1) < 0))


def peak_years(results: pd.DataFrame, column: str = "energy_mtce") -> pd.Series:
    """Year of maximum ``column`` for each EV share."""
    return results[column].unstack("ev_share").idxmax(axis=0).astype(int)


def marginal_benefit_mt_per_10pp(results: pd.DataFrame) -> pd.Series:
    """Fleet CO2 avoided per +10 percentage points of EV share, Mt/yr, by year.

    CO2 is linear in the share, so this is the (constant) spacing between scenario
    curves, i.e. what the paper's figure shows as the 'marginal effect' of a higher share.
    """
    table = results["co2_mt"].unstack("ev_share").sort_index(axis=1)
    shares = table.columns.to_numpy(dtype=float)
    if shares.size < 2:
        raise ValueError("need at least two EV shares to compute a marginal benefit")
    slope = (table.iloc[:, 0] - table.iloc[:, -1]) / (shares[-1] - shares[0])
    return slope * 0.1


def weakens_over_time(series: pd.Series) -> bool:
    """True when the least-squares trend of ``series`` over its index (years) is negative."""
    x = np.asarray(series.index, dtype=float)
    y = series.to_numpy(dtype=float)
    return bool(np.polyfit(x, y, 1)[0] < 0)


def decreases_year_by_year(results: pd.DataFrame, column: str = "co2_mt") -> bool:
    """True when ``column`` falls from every year to the next in every scenario."""
    table = results[column].unstack("ev_share").sort_index()
    return bool(np.all(np.diff(table.to_numpy(), axis=0) < 0))


def grid_factor_path(years: Sequence[int], anchor_year: int, anchor_factor_kg_per_kwh: float,
                     fossil_share_points: Mapping[int, float]) -> pd.Series:
    """Grid emission factor by year, scaled from one sourced year by the fossil share of generation.

    ``EF_t = EF_anchor * f_t / f_anchor``, where the fossil (non-clean) share of generation
    ``f_t`` is the straight line through the two (year, share) points of
    ``fossil_share_points`` (extrapolated outside them) and ``EF_anchor`` is the published
    factor of ``anchor_year``. The underlying assumption is that CO2 per fossil kWh stays
    constant, so the factor moves only with the generation mix. This is how
    ``fleet_grid_factor_kg_per_kwh`` in ``data/params/ch001.yaml`` is built (see its source).
    """
    points = sorted((int(y), float(s)) for y, s in fossil_share_points.items())
    if len(points) != 2 or points[0][0] == points[1][0]:
        raise ValueError("fossil_share_points needs exactly two different years")
    for year, share in points:
        if not 0.0 < share <= 1.0:
            raise ValueError(f"fossil share in {year} = {share!r} is out of range: valid range is (0, 1]")
    if not np.isfinite(anchor_factor_kg_per_kwh) or anchor_factor_kg_per_kwh <= 0:
        raise ValueError(f"anchor_factor_kg_per_kwh = {anchor_factor_kg_per_kwh!r} is out of range: "
                         "valid range is (0, inf)")
    (y0, s0), (y1, s1) = points
    slope = (s1 - s0) / (y1 - y0)

    def share(year: int) -> float:
        value = s0 + slope * (year - y0)
        if not 0.0 < value <= 1.0:
            raise ValueError(f"extrapolated fossil share in {year} = {value:.3f} leaves (0, 1]")
        return value

    years = [int(y) for y in years]
    anchor = share(int(anchor_year))
    return pd.Series([anchor_factor_kg_per_kwh * share(y) / anchor for y in years],
                     index=pd.Index(years, name="year"), name="grid_factor_kg_per_kwh")
