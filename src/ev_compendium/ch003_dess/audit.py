"""Paper-consistency audit of Melzack et al. (2023), computed from its printed tables and text.

Nothing here reads the claims registry: every number comes from ``data/ch003/`` (the paper's
tables and the numbers of its running text) and the parameters.

* Table 1: does every printed ``XsYp`` layout multiply out to the printed count?
* Table 5: do the printed rows add up? Table 6: which entries follow from printed lives or
  from Tables 7-8, which are bare assumptions?
* Tables 7-8: how many "first Al-ion units" do the Al-ion EOL rows add?
* Section 3: the upper bound the printed copper what-ifs put on the 30 %-active-material value;
* :func:`audit_findings`: the inconsistencies that are not a single printed number.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .data import CATEGORIES, CATEGORY_UNITS, VEHICLES, Printed
from .replacements import bus_distance_km, replacements, replacements_implied_by_impacts
from .sizing import array_count, bms_mass_kg, cell_mass_from_active_kg


def table1_count_checks(printed: Printed) -> pd.DataFrame:
    """Table 1: does series x parallel equal the printed number of cells / capacitors?"""
    return _table1_count_checks(printed).copy()


@lru_cache(maxsize=8)
def _table1_count_checks(printed: Printed) -> pd.DataFrame:  # depends on the printed tables only
    rows = []
    for example, r in printed.table1.iterrows():
        for kind, n, s, p in (("SC", r.sc_units, r.sc_series, r.sc_parallel),
                              ("battery", r.battery_cells, r.battery_series, r.battery_parallel)):
            if not (np.isnan(n) or np.isnan(s) or np.isnan(p)):
                rows.append(dict(example=int(example), vehicle=r.vehicle, array=kind, printed=int(n),
                                 layout=f"{int(s)}s{int(p)}p", product=array_count(int(s), int(p))))
    out = pd.DataFrame(rows)
    out["matches"] = out.printed == out["product"]
    return out


def table5_row_sums(printed: Printed) -> pd.DataFrame:
    """Table 5 as printed, with the sum of its printed component columns next to the printed total."""
    t = printed.table5.reset_index()
    t["sum_of_columns_kg"] = t.he_lfp_kg + t.hp_kg.fillna(0) + t.bms_casing_kg
    t["printed_minus_sum_kg"] = t.total_kg - t.sum_of_columns_kg
    return t


def alion_replacement_evidence(printed: Printed, reps: pd.DataFrame) -> pd.DataFrame:
    """How many 'first Al-ion units' the Al-ion EOL rows of Tables 7-8 add, per category.

    first_unit = Al-ion/Li-ion BOL - Li-only BOL (the Al-ion cells' impact if impacts add up);
    added = Al-ion/Li-ion EOL - BOL. With the replacements ``reps`` (Table 6: 2 for the bus,
    1 for the EV), ``added / first_unit`` should equal the number of replacements;
    ``per_replacement_vs_first`` is NaN without a replacement."""
    table = reps.set_index(["vehicle", "case"])
    rows = []
    for vehicle in VEHICLES:
        r = float(table.loc[(vehicle, "Al-ion/Li-ion"), "eol_hp"])
        for category in CATEGORIES:
            m = printed.impact_matrix(vehicle, category)
            first = m.loc["Al-ion/Li-ion", "BOL"] - m.loc["Li-ion only", "BOL"]
            added = m.loc["Al-ion/Li-ion", "EOL"] - m.loc["Al-ion/Li-ion", "BOL"]
            rows.append(dict(vehicle=vehicle, category=category, first_unit=first, added_at_eol=added,
                             implied_units=added / first, table6_replacements=r,
                             per_replacement_vs_first=added / (r * first) if r > 0 else np.nan))
    return pd.DataFrame(rows)


def table6_basis(P: Mapping[str, Any], printed: Printed) -> pd.DataFrame:
    """Table 6 entry by entry: printed value, what the chapter derives, and on what basis
    (printed lives, Tables 7-8, a life assumed from the entry itself, or the paper's bare
    assumption, for which nothing is derived)."""
    implied = {vehicle: replacements_implied_by_impacts(printed, vehicle) for vehicle in VEHICLES}
    derived = {
        ("bus", "Li-ion only", "eol_he"): (implied["bus"]["Li-ion only"], "Table 7 (EOL = 3 x BOL)"),
        ("bus", "SC/Li-ion", "eol_hp"): (replacements(P["bus_lifetime_years"], P["sc_life_years"]),
                                         "printed lives (10-year SC, 10-year bus)"),
        ("bus", "SC/Li-ion", "eol_he"): (implied["bus"]["SC/Li-ion"], "Table 7 (EOL = BOL)"),
        ("ev", "Li-ion only", "eol_he"): (replacements(P["ev_lifetime_cycles"], P["ev_li_only_life_cycles"]),
                                          "printed lives (5,129 vs 6,241 cycles)"),
        ("ev", "SC/Li-ion", "eol_hp"): (replacements(P["ev_lifetime_cycles"], P["ev_sc_life_cycles"]),
                                        "SC life assumed from this entry"),
        ("ev", "SC/Li-ion", "eol_he"): (implied["ev"]["SC/Li-ion"], "Table 8 (EOL = BOL)"),
    }
    rows = []
    for (vehicle, case), r in printed.table6.iterrows():
        for col, component in (("eol_hp", "HP"), ("eol_he", "HE")):
            if pd.isna(r[col]):
                continue
            value, basis = derived.get((vehicle, case, col), (np.nan, "paper's assumption (cited)"))
            rows.append(dict(vehicle=vehicle, case=case, component=component, printed_eol=int(r[col]),
                             derived_eol=value, basis=basis))
    return pd.DataFrame(rows)


def active30_minerals_upper_bound(printed: Printed) -> float:
    """Largest EV Al-ion/Li-ion EOL minerals value at 30 % active material that the paper's
    other printed what-ifs allow (kg Sb eq, Section 3).

    The printed combined what-if (30 % active + 75 % recycled Cu) is 0.025. Recycled copper
    can save at most 75 % of the saving of 100 % recycled copper in the original cells and
    their replacement (0.063 - 0.043), as long as the improved cell carries no more copper
    than the original one; impacts are linear in the recycled share."""
    return active30_bound_value(printed.text["active30_cu75_minerals"],
                                printed.impact("ev", "Al-ion/Li-ion", "EOL", "minerals"),
                                printed.text["cu100_minerals"], printed.text["recycled_cu_share"] / 100)


def active30_bound_value(combined: float, eol: float, cu100: float, recycled_share: float) -> float:
    """The bound of :func:`active30_minerals_upper_bound`: combined + share x (EOL - EOL at 100 % Cu)."""
    return combined + recycled_share * (eol - cu100)


def audit_findings(P: Mapping[str, Any], printed: Printed, steps: pd.DataFrame, increments: pd.DataFrame,
                   sc_comparison: pd.DataFrame) -> pd.DataFrame:
    """Internal inconsistencies that are not single printed numbers (complements the registry).

    Each row: where, what the paper implies, what the numbers give. ``steps``, ``increments``
    and ``sc_comparison`` are the chapter's sizing steps, implied per-kg increments and
    Section 4 comparison."""
    inc = increments.set_index(["vehicle", "category", "basis"])["per_kg"]
    rows = []
    for category in CATEGORIES:
        sc_bus = inc[("bus", category, "SC, first unit (BOL)")]
        rows.append(("Table 7", f"adding 26.3 kg of SC lowers the bus BOL {category} impact",
                     "a positive per-kg SC factor", f"{sc_bus:.4g} {CATEGORY_UNITS[category]} per kg SC (negative)"))
    li_bus = inc[("bus", "climate", "LFP pack (Li-only BOL)")]
    li_ev = inc[("ev", "climate", "LFP pack (Li-only BOL)")]
    rows.append(("Tables 7-8", "LFP pack climate per kg, bus vs EV (same Table 2 inventory)", "equal",
                 f"{li_bus:.3f} vs {li_ev:.3f} kg CO2 eq/kg ({100 * (li_bus / li_ev - 1):+.1f} %)"))
    sums = table5_row_sums(printed)
    for _, r in sums[sums.printed_minus_sum_kg.abs() > 1e-6].iterrows():
        rows.append(("Table 5", f"{r.vehicle} {r.case}: printed total vs sum of its columns", "equal",
                     f"{r.total_kg:g} vs {r.sum_of_columns_kg:g} kg ({r.printed_minus_sum_kg:+.2f} kg)"))
    rows.append(("Sections 2.4.1-2.4.2", "Al-ion active-material fraction, bus vs EV",
                 "one cell design", f"{P['al_ion_active_fraction_bus']:.3g} vs {P['al_ion_active_fraction_ev']:.3g}"))
    step = dict(zip(zip(steps.vehicle, steps.step), steps.value))
    text_share = printed.text["alion_active_share_text"] / 100
    rows.append(("Section 3 vs 2.4.2", f"EV Al-ion cells at the text's ~{100 * text_share:g} % active material",
                 "1,100 kg (Table 5)",
                 f"{cell_mass_from_active_kg(step[('ev', 'Al-ion active mass')], text_share):,.0f} kg"))
    for vehicle, he in (("bus", P["he_mass_bus_kg"]), ("ev", P["he_mass_ev_kg"])):
        bms_printed = float(printed.table5.loc[(vehicle, "Li-ion only"), "bms_casing_kg"])
        of_total = he * P["bms_fraction_of_he"] / (1 - P["bms_fraction_of_he"])
        pct = f"{100 * P['bms_fraction_of_he']:g} %"
        rows.append(("Table 5 vs Table 2", f"{vehicle} BMS: {pct} of the LFP mass / {pct} of the pack incl. BMS",
                     f"printed {bms_printed:g} kg", f"{bms_mass_kg(he, P['bms_fraction_of_he']):.2f} kg / {of_total:.2f} kg"))
    km = printed.text["bus_eol_km"]
    days = km / bus_distance_km(P["bus_miles_per_day"], 1.0, P["bus_lifetime_years"])
    rows.append(("Table 6 note a", f"operating days per year behind {km:,.0f} km at {P['bus_miles_per_day']:g} miles/day",
                 "not stated", f"{days:.0f} days/year (a weekday-only service?)"))
    eol = printed.impact("ev", "Al-ion/Li-ion", "EOL", "minerals")
    share = printed.text["recycled_cu_share"] / 100
    cu_full = eol - printed.text["cu100_minerals"]
    saving = printed.text["active30_minerals"] - printed.text["active30_cu75_minerals"]
    rows.append(("Section 3", f"saving from {100 * share:g} % recycled Cu at 30 % active material "
                 f"({printed.text['active30_minerals']:g} -> {printed.text['active30_cu75_minerals']:g})",
                 f"<= {100 * share:g} % of the 100 %-recycled-Cu saving of the full 1,100 kg cells "
                 f"({share * cu_full:.3f} kg Sb eq)", f"{saving:.3f} kg Sb eq"))
    s0 = P["electricity_baseline_fossil_share"]
    rows.append(("Section 3.1", "wind electricity behind '100 % wind = baseline + 0-1 %' (linear mixing)",
                 "a few per cent of the fossil mix per kWh (life-cycle wind)",
                 f">= {100 * s0:g} % of the fossil mix per kWh (any amount of electricity)"))
    lab = replacements(P["ev_lifetime_cycles"], P["al_ion_lab_cycle_life"])
    rows.append(("Section 2.5", "EV Al-ion replacements from the 1,750-cycle lab life", "1 (Table 6)",
                 f"{lab} (if one vehicle cycle were one full Al-ion cycle)"))
    cossutta = sc_comparison.set_index("key").loc["cossutta"]
    rows.append(("Section 4", "Cossutta-based footprint of the EV's 4.32 kg of SCs", "a number (left blank in print)",
                 f"{cossutta.kg_co2e_for_ev_sc_mass:.1f} kg CO2 eq at {5 * P['sc_5f_unit_mass_g']:g} g "
                 "per five capacitors"))
    return pd.DataFrame(rows, columns=["where", "finding", "expected", "the numbers give"])
