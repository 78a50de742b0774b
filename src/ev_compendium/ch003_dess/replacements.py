"""Replacements of each component over the vehicle's life (Melzack et al. 2023, Section 2.5, Table 6).

A component of life L serving a vehicle of life D (same unit: years for the bus, charge
cycles for the EV) needs ``r = max(ceil(D / L) - 1, 0)`` replacements; none at beginning of
life (BOL). The paper prints some lives (10-year SC, 5,129 and 6,241 EV cycles) and only
replacement counts for the rest; the parameters marked "assumption" give lives that
reproduce those counts. Independently of any life, Tables 7-8 themselves imply the number
of Li-ion-only packs (EOL / BOL) and that the SC DESS replaced nothing (EOL = BOL):
:func:`replacements_implied_by_impacts`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..validate import check_range
from .data import CASES, CATEGORIES, KM_PER_MILE, VEHICLES, Printed, _choice


def replacements(service_demand: float, component_life: float) -> int:
    """Replacements a component needs to cover ``service_demand`` (same unit as its life).

    ``ceil(demand / life) - 1`` units beyond the first, never negative; a tolerance of 1e-9
    on the ratio keeps an exact fit (life == demand) at zero replacements.
    """
    demand = check_range("service_demand", float(service_demand), 0.0, None, what="argument")
    life = check_range("component_life", float(component_life), 0.0, None, lo_inclusive=False,
                       what="argument")
    return max(math.ceil(demand / life - 1e-9) - 1, 0)


#: (vehicle, case) -> (HP life parameter or None, HE life parameter); the service demand is
#: ``bus_lifetime_years`` for the bus and ``ev_lifetime_cycles`` for the EV
LIFE_PARAMETERS = {
    ("bus", "Li-ion only"): (None, "bus_li_only_pack_life_years"),
    ("bus", "SC/Li-ion"): ("sc_life_years", "bus_dess_li_life_years"),
    ("bus", "Al-ion/Li-ion"): ("bus_al_ion_life_years", "bus_dess_li_life_years"),
    ("ev", "Li-ion only"): (None, "ev_li_only_life_cycles"),
    ("ev", "SC/Li-ion"): ("ev_sc_life_cycles", "ev_dess_li_life_cycles"),
    ("ev", "Al-ion/Li-ion"): ("ev_al_ion_life_cycles", "ev_dess_li_life_cycles"),
}
SERVICE_PARAMETERS = {"bus": "bus_lifetime_years", "ev": "ev_lifetime_cycles"}


def replacement_table(P: Mapping[str, Any]) -> pd.DataFrame:
    """Table 6 recomputed from the component lives: replacements of the HP and HE components
    at BOL and EOL. HP columns are ``NaN`` for the Li-ion-only case (no HP component)."""
    rows = []
    for (vehicle, case), (hp_life, he_life) in LIFE_PARAMETERS.items():
        demand = P[SERVICE_PARAMETERS[vehicle]]
        hp = np.nan if hp_life is None else float(replacements(demand, P[hp_life]))
        rows.append(dict(vehicle=vehicle, case=case, bol_hp=np.nan if hp_life is None else 0.0,
                         bol_he=0.0, eol_hp=hp, eol_he=float(replacements(demand, P[he_life]))))
    return pd.DataFrame(rows)


def bus_distance_km(miles_per_day: float, operating_days_per_year: float, years: float) -> float:
    """Distance (km) driven by the bus: miles/day x days/year x years x 1.609344."""
    for name, value in (("miles_per_day", miles_per_day), ("operating_days_per_year", operating_days_per_year),
                        ("years", years)):
        check_range(name, float(value), 0.0, None, lo_inclusive=False, what="argument")
    return miles_per_day * KM_PER_MILE * operating_days_per_year * years


def replacements_implied_by_impacts(printed: Printed, vehicle: str) -> dict[str, int]:
    """Replacements that the published Tables 7-8 themselves imply, without any assumed life.

    * Li-ion only: every impact is produced once per pack, so EOL/BOL = number of packs;
      replacements = round(median over the four categories of EOL/BOL) - 1.
    * SC/Li-ion: EOL equals BOL in every category, so no component (HE or HP) is replaced.

    The Al-ion rows cannot be read this way (the HP increment is not additive, see
    :func:`ev_compendium.ch003_dess.audit.alion_replacement_evidence`).
    """
    _choice("vehicle", vehicle, VEHICLES)
    out = {}
    for case in CASES[:2]:
        ratios = [printed.impact(vehicle, case, "EOL", c) / printed.impact(vehicle, case, "BOL", c)
                  for c in CATEGORIES]
        out[case] = int(round(float(np.median(ratios)))) - 1
    return out
