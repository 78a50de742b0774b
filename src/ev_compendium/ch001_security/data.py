"""Data of the fleet model (ch001, Guo et al. 2024, Section 3.3): yearly fleet inputs and the
construction of the grid emission-factor series.

The paper prints no model inputs (its Fig. 3 comes from the model of its ref. 6). The yearly
inputs are ours, each column with its provenance in ``data/ch001/README.md``:
``data/ch001/fleet_inputs_2015_2022.csv`` (car stock, distance per car, per-km intensities).
The grid factor by year is a parameter (``fleet_grid_factor_kg_per_kwh``) whose baseline
values :func:`grid_factor_path` rebuilds from sourced anchors (eq. fleet-grid).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..paths import chapter_data_dir
from ._arguments import argument

FLEET_COLUMNS = ("year", "vehicle_stock_million", "vkt_km_per_vehicle",
                 "fv_gasoline_l_per_100km", "ev_kwh_per_100km")

#: Official national average power CO2 emission factors (kg CO2 per kWh generated) of the
#: Ministry of Ecology and Environment (MEE) and the National Bureau of Statistics (NBS):
#: 2021 (announcement No. 12 of 2024, 12 Apr 2024) and 2022 (announcement of 20 Dec 2024).
OFFICIAL_GRID_FACTORS = {2021: 0.5568, 2022: 0.5366}
#: The same announcements' national fossil-power CO2 emission factors (kg CO2 per fossil kWh).
OFFICIAL_FOSSIL_POWER_FACTORS = {2021: 0.8426, 2022: 0.8325}
#: Years before the first official factor are derived (eq. fleet-grid) from this anchor.
GRID_FACTOR_ANCHOR = (2021, OFFICIAL_GRID_FACTORS[2021])
#: Fossil share of generation, 100 % minus Ember's clean share (27 % in 2015, 34 % in 2020).
FOSSIL_SHARE_POINTS = {2015: 0.73, 2020: 0.66}


def fleet_inputs_path() -> Path:
    """Where the yearly fleet inputs live (``data/ch001/fleet_inputs_2015_2022.csv``)."""
    return chapter_data_dir("ch001") / "fleet_inputs_2015_2022.csv"


def load_fleet_inputs(path: Path | str | None = None) -> pd.DataFrame:
    """Read the yearly fleet inputs, indexed by year; checks columns, values (> 0, finite)
    and years (unique, increasing)."""
    path = Path(path) if path is not None else fleet_inputs_path()
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


def linear_share(points: Mapping[int, float], year: int) -> float:
    """The straight line through two (year, share) points, at ``year`` (extrapolated outside
    them); ValueError when the value leaves (0, 1]."""
    (y0, s0), (y1, s1) = sorted((int(y), float(s)) for y, s in points.items())
    value = s0 + (s1 - s0) / (y1 - y0) * (int(year) - y0)
    if not 0.0 < value <= 1.0:
        raise ValueError(f"extrapolated fossil share in {year} = {value:.3f} leaves (0, 1]")
    return value


def grid_factor_path(years: Sequence[int], anchor_year: int, anchor_factor_kg_per_kwh: float,
                     fossil_share_points: Mapping[int, float]) -> pd.Series:
    """Grid emission factor by year, scaled from one sourced year by the fossil share of
    generation (eq. fleet-grid).

    ``EF_t = EF_anchor * f_t / f_anchor``, where the fossil (non-clean) share of generation
    ``f_t`` is the straight line through the two (year, share) points of
    ``fossil_share_points`` and ``EF_anchor`` is the published factor of ``anchor_year``. The
    underlying assumption is that CO2 per fossil kWh stays constant, so the factor moves only
    with the generation mix.
    """
    points = {int(y): float(s) for y, s in fossil_share_points.items()}
    if len(points) != 2:
        raise ValueError("fossil_share_points needs exactly two different years")
    for year, share in points.items():
        argument(f"fossil share in {year}", share, 0.0, 1.0, lo_inclusive=False)
    argument("anchor_factor_kg_per_kwh", anchor_factor_kg_per_kwh, 0.0, None, lo_inclusive=False)
    anchor = linear_share(points, anchor_year)
    years = [int(y) for y in years]
    return pd.Series([anchor_factor_kg_per_kwh * linear_share(points, y) / anchor for y in years],
                     index=pd.Index(years, name="year"), name="grid_factor_kg_per_kwh")


def baseline_grid_factors(years: Sequence[int]) -> pd.Series:
    """The baseline grid-factor series: the official MEE/NBS factor where one exists (2021,
    2022), else the value derived by :func:`grid_factor_path` from the 2021 anchor (constant
    CO2 per fossil kWh). ``fleet_grid_factor_kg_per_kwh`` in the parameter file holds it."""
    derived = grid_factor_path(years, *GRID_FACTOR_ANCHOR, FOSSIL_SHARE_POINTS)
    return pd.Series([OFFICIAL_GRID_FACTORS.get(int(y), derived[int(y)]) for y in years],
                     index=derived.index, name="grid_factor_kg_per_kwh")


def official_fossil_factor_change_per_year() -> float:
    """Relative change of the official fossil-power factor from 2021 to 2022 (-1.2 %)."""
    return OFFICIAL_FOSSIL_POWER_FACTORS[2022] / OFFICIAL_FOSSIL_POWER_FACTORS[2021] - 1.0


def apply_fossil_factor_trend(grid_factor_kg_per_kwh: pd.Series, change_per_year: float,
                              first_official_year: int = min(OFFICIAL_GRID_FACTORS)) -> pd.Series:
    """The grid series with CO2 per fossil kWh changing by ``change_per_year`` (relative, per
    year) instead of staying constant, in the derived years before ``first_official_year``:
    ``EF_t * (1 + c)^(t - t_official)`` for ``t < t_official`` (official years unchanged).

    A falling fossil factor (``c < 0``) makes the derived earlier years higher."""
    change = argument("change_per_year", change_per_year, -1.0, None, lo_inclusive=False)
    years = np.asarray(grid_factor_kg_per_kwh.index, dtype=int)
    exponent = np.minimum(years - int(first_official_year), 0)
    return grid_factor_kg_per_kwh * (1.0 + change) ** exponent
