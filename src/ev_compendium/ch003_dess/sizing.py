"""Sizing of the dual energy storage (Melzack et al. 2023, Sections 1, 2.2 and 2.4; Tables 1 and 5).

* the high-power (HP) component is sized by power: mass = power / specific power
  (Section 2.4.1: 150 kW / 5.7 kW/kg = 26.3 kg of SC; 150 kW / 0.3 kW/kg = 500 kg of Al-ion
  active material); the Al-ion cell mass is the active mass over the active-material fraction;
* the EV's HP power is the power of its 72 SCs (Section 2.4.2: 4.32 kg x 4.6 kW/kg = 19.9 kW);
* a BMS of 3 % of the high-energy (HE, LFP) mass is added to every case (Table 5);
* two physics checks of Table 1 and the introduction: E = C V^2 / 2 of a capacitor, and the
  theoretical capacity n F / M of aluminium.

Masses in kg, powers in kW, energies in Wh. Every argument is checked with
:func:`ev_compendium.validate.check_range` (a ParameterError naming the argument).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..validate import check_range, require
from .data import CASES, SECONDS_PER_HOUR


def _positive(name: str, value: float) -> float:
    return check_range(name, float(value), 0.0, None, lo_inclusive=False, what="argument")


def _non_negative(name: str, value: float) -> float:
    return check_range(name, float(value), 0.0, None, what="argument")


def hp_mass_from_power_kg(power_kw: float, power_density_kw_per_kg: float) -> float:
    """Mass (kg) that delivers ``power_kw`` at ``power_density_kw_per_kg`` (Section 2.4.1)."""
    return _positive("power_kw", power_kw) / _positive("power_density_kw_per_kg", power_density_kw_per_kg)


def hp_power_from_mass_kw(mass_kg: float, power_density_kw_per_kg: float) -> float:
    """Power (kW) of ``mass_kg`` at ``power_density_kw_per_kg`` (Section 2.4.2: 4.32 kg x 4.6 = 19.9 kW)."""
    return _positive("mass_kg", mass_kg) * _positive("power_density_kw_per_kg", power_density_kw_per_kg)


def cell_mass_from_active_kg(active_mass_kg: float, active_fraction: float) -> float:
    """Whole-cell mass (kg) holding ``active_mass_kg`` at ``active_fraction`` kg active / kg cell."""
    fraction = check_range("active_fraction", float(active_fraction), 0.0, 1.0, lo_inclusive=False,
                           what="argument")
    return _positive("active_mass_kg", active_mass_kg) / fraction


def bms_mass_kg(he_mass_kg: float, bms_fraction: float) -> float:
    """BMS/casing mass (kg) as a fraction of the HE mass (Section 2.4: 3 %)."""
    return _non_negative("he_mass_kg", he_mass_kg) * check_range(
        "bms_fraction", float(bms_fraction), 0.0, 1.0, what="argument")


def pack_mass_from_energy_kg(energy_kwh: float, energy_density_wh_per_kg: float) -> float:
    """Pack mass (kg) = energy / specific energy (Section 2.2: 88 Wh/kg)."""
    return 1000.0 * _positive("energy_kwh", energy_kwh) / _positive(
        "energy_density_wh_per_kg", energy_density_wh_per_kg)


def supercap_energy_wh(capacitance_f: float, voltage_v: float) -> float:
    """Stored energy E = C V^2 / 2 of one capacitor, in Wh (Table 1: 140 F at 27 V = 14.2 Wh)."""
    return 0.5 * _positive("capacitance_f", capacitance_f) * _positive("voltage_v", voltage_v) ** 2 / SECONDS_PER_HOUR


def array_count(series: int, parallel: int) -> int:
    """Number of cells in an ``XsYp`` array (Table 1)."""
    for name, value in (("series", series), ("parallel", parallel)):
        check_range(name, float(value), 1.0, None, what="argument")
        require(float(value).is_integer(), (name,), f"a whole number of cells in {name}", {name: value})
    return int(series) * int(parallel)


def theoretical_capacity_al(molar_mass_g_per_mol: float, density_g_per_cm3: float,
                            faraday_c_per_mol: float, electrons: int = 3) -> tuple[float, float]:
    """Theoretical capacity of Al metal: (mAh/g, mAh/cm3) = n F / M (Introduction: 2980 / 8046)."""
    mah_per_g = (electrons * _positive("faraday_c_per_mol", faraday_c_per_mol)
                 / _positive("molar_mass_g_per_mol", molar_mass_g_per_mol) / 3.6)
    return mah_per_g, mah_per_g * _positive("density_g_per_cm3", density_g_per_cm3)


def sizing_steps(P: Mapping[str, Any]) -> pd.DataFrame:
    """Step-by-step HP sizing of Section 2.4 (one row per step, with the formula and its value)."""
    bus_sc = hp_mass_from_power_kg(P["bus_hp_power_kw"], P["sc_power_density_bus_kw_per_kg"])
    bus_al_active = hp_mass_from_power_kg(P["bus_hp_power_kw"], P["al_ion_power_density_kw_per_kg_active"])
    bus_al = cell_mass_from_active_kg(bus_al_active, P["al_ion_active_fraction_bus"])
    ev_sc = P["ev_sc_units"] * P["ev_sc_unit_mass_kg"]
    ev_kw = hp_power_from_mass_kw(ev_sc, P["sc_power_density_ev_kw_per_kg"])
    ev_al_active = hp_mass_from_power_kg(ev_kw, P["al_ion_power_density_kw_per_kg_active"])
    ev_al = cell_mass_from_active_kg(ev_al_active, P["al_ion_active_fraction_ev"])
    rows = [
        ("bus", "SC mass", f"{P['bus_hp_power_kw']:g} kW / {P['sc_power_density_bus_kw_per_kg']:g} kW/kg",
         bus_sc, "kg"),
        ("bus", "Al-ion active mass",
         f"{P['bus_hp_power_kw']:g} kW / {P['al_ion_power_density_kw_per_kg_active']:g} kW/kg", bus_al_active, "kg"),
        ("bus", "Al-ion cell mass", f"{bus_al_active:.1f} kg / {P['al_ion_active_fraction_bus']:g}", bus_al, "kg"),
        ("ev", "SC mass", f"{P['ev_sc_units']} x {P['ev_sc_unit_mass_kg']:g} kg", ev_sc, "kg"),
        ("ev", "HP power", f"{ev_sc:.2f} kg x {P['sc_power_density_ev_kw_per_kg']:g} kW/kg", ev_kw, "kW"),
        ("ev", "Al-ion active mass", f"{ev_kw:.3f} kW / {P['al_ion_power_density_kw_per_kg_active']:g} kW/kg",
         ev_al_active, "kg"),
        ("ev", "Al-ion cell mass", f"{ev_al_active:.2f} kg / {P['al_ion_active_fraction_ev']:g}", ev_al, "kg"),
    ]
    return pd.DataFrame(rows, columns=["vehicle", "step", "formula", "value", "unit"])


def case_masses(P: Mapping[str, Any], steps: pd.DataFrame | None = None) -> pd.DataFrame:
    """Table 5 recomputed: HE, HP, BMS and total mass (kg) per vehicle and case.

    ``steps`` is :func:`sizing_steps` (computed if not given)."""
    steps = sizing_steps(P) if steps is None else steps
    value = dict(zip(zip(steps.vehicle, steps.step), steps.value))
    rows = []
    for vehicle, he in (("bus", P["he_mass_bus_kg"]), ("ev", P["he_mass_ev_kg"])):
        bms = bms_mass_kg(he, P["bms_fraction_of_he"])
        hp = {"Li-ion only": ("", 0.0), "SC/Li-ion": ("SC", value[(vehicle, "SC mass")]),
              "Al-ion/Li-ion": ("Al-ion", value[(vehicle, "Al-ion cell mass")])}
        for case in CASES:
            hp_type, hp_kg = hp[case]
            rows.append(dict(vehicle=vehicle, case=case, he_lfp_kg=he, hp_type=hp_type, hp_kg=hp_kg,
                             bms_kg=bms, total_kg=he + hp_kg + bms))
    return pd.DataFrame(rows)
