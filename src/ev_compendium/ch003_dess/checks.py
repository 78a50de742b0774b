"""The claims of chapter ch003 and the values the chapter computes for them.

:func:`claim_values` maps every registry row whose status is ``reproduced`` or
``discrepancy`` (``data/claims/ch003.csv``) to the value computed from :class:`Results`;
this is the only module of the chapter that names claim ids, each written in full so that
searching for an id lands on its computation. No physics is computed here: values are read
from the results (or from the printed tables for claims about printed numbers).

:func:`tolerances` gives the registry's tolerance column by the shared rule
(:func:`ev_compendium.rounding.tolerance`, with :func:`tolerance_rules`);
:func:`discrepancy_kinds` groups the registered discrepancies by the kind their diagnosis names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import partial
from typing import Any

import pandas as pd

from ..claims import load_claims
from ..rounding import tolerance
from .audit import active30_bound_value
from .data import CASES, CATEGORIES
from .impacts import eol_from_bol_value
from .results import Results
from .whatifs import alion_minerals_eol, fossil_bound_value

DISCREPANCY_KINDS = ("rounding", "typo", "text vs table", "loose wording", "paper inconsistency",
                     "our assumption")


def _ratio_pct(R: Results, vehicle: str, case: str, category: str) -> float:
    """A published EOL impact as % of the Li-ion-only EOL of the same vehicle and category."""
    p = R.printed
    return 100 * p.impact(vehicle, case, "EOL", category) / p.impact(vehicle, "Li-ion only", "EOL", category)


def claim_values(P: Mapping[str, Any], R: Results) -> dict[str, float | bool]:
    """``{claim id: value}`` for every computed claim of ch003 (numbers as float, statements as bool)."""
    p = R.printed
    t1 = p.table1
    v: dict[str, float | bool] = {}

    # --- Introduction and Table 1 --------------------------------------------------------
    v["ch003.intro.al_capacity_mah_per_g"] = R.al_capacity[0]
    v["ch003.intro.al_capacity_mah_per_cm3"] = R.al_capacity[1]
    v["ch003.intro.cells_max"] = float(t1.battery_cells.max())
    v["ch003.intro.cells_min"] = float(t1.battery_cells.min())
    v["ch003.intro.voltage_min"] = float(t1.battery_voltage_v.min())
    v["ch003.intro.voltage_max"] = float(t1.battery_voltage_v.max())
    v["ch003.intro.capacity_min"] = float(t1.battery_kwh.min())
    v["ch003.intro.capacity_max"] = float(t1.battery_kwh.max())
    v["ch003.intro.tesla_sc_power_difference"] = abs(
        t1.loc[3, "sc_units"] * t1.loc[3, "sc_power_w_each"] - t1.loc[2, "sc_units"] * t1.loc[2, "sc_power_w_each"]
    ) / 1000.0
    v["ch003.intro.ev_hp_power"] = R.step[("ev", "HP power")]
    count = R.layout_count
    v["ch003.table1.array_counts_match"] = bool(R.table1_counts.matches.all())
    v["ch003.table1.ex1_sc_units"] = float(count[(1, "SC")])
    v["ch003.table1.ex1_battery_cells"] = float(count[(1, "battery")])
    v["ch003.table1.ex2_sc_units"] = float(count[(2, "SC")])
    v["ch003.table1.ex2_battery_cells"] = float(count[(2, "battery")])
    v["ch003.table1.ex3_sc_units"] = float(count[(3, "SC")])
    v["ch003.table1.ex3_battery_cells"] = float(count[(3, "battery")])
    v["ch003.table1.ex7_battery_cells"] = float(count[(7, "battery")])
    v["ch003.table1.ex8_sc_units"] = float(count[(8, "SC")])
    v["ch003.table1.ex9_sc_units"] = float(count[(9, "SC")])
    v["ch003.table1.ex9_battery_cells"] = float(count[(9, "battery")])
    v["ch003.table1.ex10_sc_units"] = float(count[(10, "SC")])
    v["ch003.table1.ex10_battery_cells"] = float(count[(10, "battery")])
    v["ch003.table1.bus10_sc_energy"] = R.bus10_sc_energy_wh
    v["ch003.table1.ev7_sc_specific_energy"] = R.ev7_sc_specific_energy_wh_per_kg

    # --- Section 2.3 and Tables 2-4 --------------------------------------------------------
    v["ch003.s2_3.t2_total_mass"] = p.inventory_product_mass_kg("lfp_pack")
    v["ch003.s2_3.t3_total_mass"] = p.inventory_product_mass_kg("supercapacitor")
    v["ch003.s2_3.t4_total_mass"] = p.inventory_product_mass_kg("al_ion_cell")
    v["ch003.s2_3.li_electricity_mj"] = p.inventory_item("lfp_pack", "electricity")
    v["ch003.s2_3.alion_electricity_mj"] = p.inventory_item("al_ion_cell", "electricity")
    v["ch003.s2_3.sc_electricity_mj"] = p.inventory_item("supercapacitor", "electricity")
    v["ch003.s2_3.alion_electrolyte"] = p.inventory_item("al_ion_cell", "AlCl3 and KCl")
    v["ch003.s2_3.sc_electrolyte"] = p.inventory_item("supercapacitor", "acetonitrile")
    v["ch003.s2_3.li_electrolyte"] = p.inventory_item("lfp_pack", "lithium hexafluorophosphate")
    v["ch003.s2_3.li_electrolyte_about_half"] = bool(all(
        0.4 <= p.inventory_item("lfp_pack", "lithium hexafluorophosphate") / other <= 0.6
        for other in (p.inventory_item("al_ion_cell", "AlCl3 and KCl"),
                      p.inventory_item("supercapacitor", "acetonitrile"))))
    v["ch003.s2_3.li_water"] = p.inventory_item("lfp_pack", "water")

    # --- Section 2.4 and Table 5 -----------------------------------------------------------
    v["ch003.s2_4.bus_sc_mass"] = R.step[("bus", "SC mass")]
    v["ch003.s2_4.bus_alion_active_mass"] = R.step[("bus", "Al-ion active mass")]
    v["ch003.s2_4.ev_sc_mass"] = R.step[("ev", "SC mass")]
    v["ch003.s2_4.ev_hp_power"] = R.step[("ev", "HP power")]
    v["ch003.s2_4.ev_alion_active_mass"] = R.step[("ev", "Al-ion active mass")]
    # Sections 2.4.1-2.4.2 repeat the layouts of Table 1 examples 10 (bus) and 7 (EV)
    v["ch003.s2_4.bus_cells"] = float(count[(10, "battery")])
    v["ch003.s2_4.bus_scs"] = float(count[(10, "SC")])
    v["ch003.s2_4.ev_cells"] = float(count[(7, "battery")])
    v["ch003.s2_4.ev_cells_battery_only"] = float(count[(7, "battery")])
    v["ch003.s2_4.bus_he_mass_from_energy"] = R.bus_he_mass_from_energy_kg
    m = R.mass
    v["ch003.table5.bus_bms"] = m[("bus", "Li-ion only")]["bms_kg"]
    v["ch003.table5.bus_total_li_only"] = m[("bus", "Li-ion only")]["total_kg"]
    v["ch003.table5.bus_total_sc"] = m[("bus", "SC/Li-ion")]["total_kg"]
    v["ch003.table5.bus_total_alion"] = m[("bus", "Al-ion/Li-ion")]["total_kg"]
    v["ch003.table5.ev_bms"] = m[("ev", "Li-ion only")]["bms_kg"]
    v["ch003.table5.ev_total_li_only"] = m[("ev", "Li-ion only")]["total_kg"]
    v["ch003.table5.ev_total_sc"] = m[("ev", "SC/Li-ion")]["total_kg"]
    v["ch003.table5.ev_total_alion"] = m[("ev", "Al-ion/Li-ion")]["total_kg"]
    v["ch003.s3.bus_sc_mass_ratio"] = m[("bus", "SC/Li-ion")]["he_lfp_kg"] / m[("bus", "SC/Li-ion")]["hp_kg"]
    v["ch003.s3.ev_sc_mass_ratio"] = m[("ev", "SC/Li-ion")]["he_lfp_kg"] / m[("ev", "SC/Li-ion")]["hp_kg"]
    # the active share the paper's own EV numbers imply: active mass / printed Table 5 cell mass
    v["ch003.s3.alion_active_share"] = (100 * R.step[("ev", "Al-ion active mass")]
                                        / p.printed_hp_mass_kg("ev", "Al-ion/Li-ion"))
    v["ch003.s3.alion_casing_share"] = 100 * p.inventory_share("al_ion_cell", "Battery case")
    v["ch003.s3.li_casing_share"] = 100 * p.inventory_share("lfp_pack", "Cell container")
    v["ch003.s3.sc_casing_share"] = 100 * p.inventory_share("supercapacitor", "Case")

    # --- Section 2.5 and Table 6 -----------------------------------------------------------
    # from printed lives or from Tables 7-8; the Al-ion entries are bare assumptions (cited)
    rep, implied = R.replacement, R.implied_replacements
    v["ch003.table6.bus_li_only_eol_he"] = float(implied["bus"]["Li-ion only"])
    v["ch003.table6.bus_sc_eol_hp"] = rep[("bus", "SC/Li-ion")]["eol_hp"]
    v["ch003.table6.bus_sc_eol_he"] = float(implied["bus"]["SC/Li-ion"])
    v["ch003.table6.ev_li_only_eol_he"] = rep[("ev", "Li-ion only")]["eol_he"]
    v["ch003.table6.ev_sc_eol_hp"] = rep[("ev", "SC/Li-ion")]["eol_hp"]
    v["ch003.table6.ev_sc_eol_he"] = float(implied["ev"]["SC/Li-ion"])
    v["ch003.repl.bus_li_only_replaced_once"] = float(implied["bus"]["Li-ion only"])
    v["ch003.s2_5.bus_li_only_replacements"] = rep[("bus", "Li-ion only")]["eol_he"]
    v["ch003.s2_5.ev_lifetime_extension"] = 100 * (P["ev_dess_li_life_cycles"] / P["ev_li_only_life_cycles"] - 1)
    v["ch003.s3.ev_short_life"] = float(P["ev_li_only_life_cycles"])  # before the first Li-only replacement

    # --- Tables 7-8: EOL from BOL and the replacements -------------------------------------
    v["ch003.table7.li_only_eol_climate"] = float(R.eol("bus", "climate")["Li-ion only"])
    v["ch003.table7.sc_eol_climate"] = float(R.eol("bus", "climate")["SC/Li-ion"])
    v["ch003.table7.alion_eol_climate"] = float(R.eol("bus", "climate")["Al-ion/Li-ion"])
    v["ch003.table7.li_only_eol_acidification"] = float(R.eol("bus", "acidification")["Li-ion only"])
    v["ch003.table7.sc_eol_acidification"] = float(R.eol("bus", "acidification")["SC/Li-ion"])
    v["ch003.table7.alion_eol_acidification"] = float(R.eol("bus", "acidification")["Al-ion/Li-ion"])
    v["ch003.table7.li_only_eol_minerals"] = float(R.eol("bus", "minerals")["Li-ion only"])
    v["ch003.table7.sc_eol_minerals"] = float(R.eol("bus", "minerals")["SC/Li-ion"])
    v["ch003.table7.alion_eol_minerals"] = float(R.eol("bus", "minerals")["Al-ion/Li-ion"])
    v["ch003.table7.li_only_eol_energy"] = float(R.eol("bus", "energy")["Li-ion only"])
    v["ch003.table7.sc_eol_energy"] = float(R.eol("bus", "energy")["SC/Li-ion"])
    v["ch003.table7.alion_eol_energy"] = float(R.eol("bus", "energy")["Al-ion/Li-ion"])
    v["ch003.table8.li_only_eol_climate"] = float(R.eol("ev", "climate")["Li-ion only"])
    v["ch003.table8.sc_eol_climate"] = float(R.eol("ev", "climate")["SC/Li-ion"])
    v["ch003.table8.alion_eol_climate"] = float(R.eol("ev", "climate")["Al-ion/Li-ion"])
    v["ch003.table8.li_only_eol_acidification"] = float(R.eol("ev", "acidification")["Li-ion only"])
    v["ch003.table8.sc_eol_acidification"] = float(R.eol("ev", "acidification")["SC/Li-ion"])
    v["ch003.table8.alion_eol_acidification"] = float(R.eol("ev", "acidification")["Al-ion/Li-ion"])
    v["ch003.table8.li_only_eol_minerals"] = float(R.eol("ev", "minerals")["Li-ion only"])
    v["ch003.table8.sc_eol_minerals"] = float(R.eol("ev", "minerals")["SC/Li-ion"])
    v["ch003.table8.alion_eol_minerals"] = float(R.eol("ev", "minerals")["Al-ion/Li-ion"])
    v["ch003.table8.li_only_eol_energy"] = float(R.eol("ev", "energy")["Li-ion only"])
    v["ch003.table8.sc_eol_energy"] = float(R.eol("ev", "energy")["SC/Li-ion"])
    v["ch003.table8.alion_eol_energy"] = float(R.eol("ev", "energy")["Al-ion/Li-ion"])

    # --- Section 3: headline ratios and statements ------------------------------------------
    v["ch003.s3.bus_li_only_eol_text"] = float(R.eol("bus", "climate")["Li-ion only"])
    v["ch003.s3.bus_sc_eol_text"] = p.impact("bus", "SC/Li-ion", "EOL", "climate")
    v["ch003.s3.bus_sc_just_under_third"] = bool(all(
        0.30 <= _ratio_pct(R, "bus", "SC/Li-ion", c) / 100 < 1 / 3 for c in CATEGORIES))
    v["ch003.s3.ev_sc_about_half"] = bool(all(
        0.45 <= _ratio_pct(R, "ev", "SC/Li-ion", c) / 100 <= 0.55 for c in CATEGORIES))
    v["ch003.s3.bus_alion_climate_pct"] = _ratio_pct(R, "bus", "Al-ion/Li-ion", "climate")
    v["ch003.s3.bus_alion_minerals_pct"] = _ratio_pct(R, "bus", "Al-ion/Li-ion", "minerals")
    v["ch003.s3.ev_alion_climate_pct"] = _ratio_pct(R, "ev", "Al-ion/Li-ion", "climate")
    v["ch003.s3.ev_alion_acid_pct"] = _ratio_pct(R, "ev", "Al-ion/Li-ion", "acidification")
    v["ch003.s5.ev_alion_minerals_pct"] = _ratio_pct(R, "ev", "Al-ion/Li-ion", "minerals")
    v["ch003.s3.li_only_eol_minerals_text"] = p.impact("ev", "Li-ion only", "EOL", "minerals")
    matrices = {(veh, c): p.impact_matrix(veh, c) for veh in ("bus", "ev") for c in CATEGORIES}
    v["ch003.s3.bol_within_order_of_magnitude"] = bool(all(
        t["BOL"].max() / t["BOL"].min() < 10 for t in matrices.values()))
    v["ch003.s3.bol_same_one_sig_fig"] = bool(all(
        len({float(f"{x:.1g}") for x in t["BOL"]}) == 1 for t in matrices.values()))
    v["ch003.s3.alion_worst_minerals_bol"] = bool(all(
        matrices[(veh, "minerals")]["BOL"].idxmax() == "Al-ion/Li-ion" for veh in ("bus", "ev")))
    v["ch003.s3.alion_eol_consistently_lower"] = bool(all(
        t.loc["Al-ion/Li-ion", "EOL"] < t.loc["Li-ion only", "EOL"] for t in matrices.values()))
    v["ch003.s5.sc_dess_lowest"] = bool(all(
        t.loc["SC/Li-ion", "EOL"] <= t["EOL"].min() for t in matrices.values()))

    # --- Section 3: copper and active-material what-ifs --------------------------------------
    w = R.minerals_whatif.set_index("key")
    li_only_eol = p.impact("ev", "Li-ion only", "EOL", "minerals")
    v["ch003.s3.cu75_minerals"] = float(w.loc["cu", "minerals_kg_sb_eq"])
    v["ch003.s3.cu75_above_li_only"] = bool(p.text["cu75_minerals"] > li_only_eol)
    v["ch003.s3.active30_mass"] = float(w.loc["active", "al_ion_cell_kg"])
    v["ch003.s3.active30_minerals"] = R.active30_minerals_upper_bound
    v["ch003.s3.active30_cu75_minerals"] = float(w.loc["active_cu", "minerals_kg_sb_eq"])
    v["ch003.s3.active30_cu75_below_li_only"] = bool(p.text["active30_cu75_minerals"] < li_only_eol)

    # --- Section 3.1: transport ------------------------------------------------------------
    li_tkm = p.transport_tkm_per_kg("lfp_pack")
    v["ch003.s3_1.li_transport_tkm"] = li_tkm
    v["ch003.s3_1.li_transport_under_half"] = bool(li_tkm < 0.5 * P["alion_transport_tkm_per_kg"])
    alion_acid = p.impact("bus", "Al-ion/Li-ion", "BOL", "acidification")
    v["ch003.s3_1.transport_baseline_acid"] = alion_acid
    v["ch003.s3_1.transport_max_change_pct"] = 100 * (p.transport_value("double_transport", "acidification")
                                                       / alion_acid - 1)

    # --- Section 3.1: electricity mix (the values printed in the text vs Table 7) ------------
    v["ch003.s3_1.elec_li_only_climate_baseline"] = p.impact("bus", "Li-ion only", "BOL", "climate")
    v["ch003.s3_1.elec_li_only_acidification_baseline"] = p.impact("bus", "Li-ion only", "BOL", "acidification")
    v["ch003.s3_1.elec_sc_climate_baseline"] = p.impact("bus", "SC/Li-ion", "BOL", "climate")
    v["ch003.s3_1.elec_sc_acidification_baseline"] = p.impact("bus", "SC/Li-ion", "BOL", "acidification")
    v["ch003.s3_1.elec_alion_climate_baseline"] = p.impact("bus", "Al-ion/Li-ion", "BOL", "climate")
    v["ch003.s3_1.elec_alion_acidification_baseline"] = p.impact("bus", "Al-ion/Li-ion", "BOL", "acidification")
    v["ch003.s3_1.elec_alion_climate_fossil"] = R.fossil_upper_bound("Al-ion/Li-ion", "climate")
    wind = R.wind_changes
    v["ch003.s3_1.wind_within_1pct"] = bool(((wind.change_pct >= 0) & (wind.change_pct <= 1)).all())
    pairs = {(c, k): p.electricity_pair(c, k) for c in CASES for k in ("climate", "acidification")}
    v["ch003.s3_1.fossil_acid_increase_pct"] = 100 * (pairs[("Li-ion only", "acidification")][1]
                                                       / pairs[("Li-ion only", "acidification")][0] - 1)
    v["ch003.s3_1.fossil_acid_increase_pct_sc"] = 100 * (pairs[("SC/Li-ion", "acidification")][1]
                                                          / pairs[("SC/Li-ion", "acidification")][0] - 1)
    # 'an order of magnitude' read literally (x10), for both pairs the sentence names
    v["ch003.s3_1.fossil_climate_order_of_magnitude"] = bool(all(
        pairs[(c, "climate")][1] / pairs[(c, "climate")][0] >= 10.0 for c in ("Li-ion only", "SC/Li-ion")))
    v["ch003.s3_1.fossil_alion_most_impactful"] = bool(all(
        pairs[("Al-ion/Li-ion", k)][1] > max(pairs[(c, k)][1] for c in CASES[:2])
        for k in ("climate", "acidification")))

    # --- Section 4: the supercapacitor comparison -------------------------------------------
    sc = R.sc_comparison.set_index("key")["kg_co2e_for_ev_sc_mass"]
    v["ch003.s4.five_caps_mass_g"] = 5 * P["sc_5f_unit_mass_g"]
    v["ch003.s4.capacitor_scaled"] = float(sc["capacitor"])
    v["ch003.s4.sc_ev_total"] = float(sc["table8"])
    v["ch003.s4.sc_value_intermediate"] = bool(
        min(sc["cossutta"], sc["capacitor"]) < sc["euef"] < max(sc["cossutta"], sc["capacitor"]))
    return v


def discrepancy_kinds() -> pd.DataFrame:
    """The registered discrepancies grouped by the kind named at the start of their diagnosis
    (one of :data:`DISCREPANCY_KINDS`, then ``:``); one row per discrepancy with a ``kind`` column."""
    reg = load_claims("ch003")
    disc = reg[reg["status"] == "discrepancy"][["source", "quantity", "published", "reproduced", "unit",
                                               "basis", "diagnosis"]].copy()
    kinds = []
    for text in disc["diagnosis"]:
        kind = next((k for k in DISCREPANCY_KINDS if text.startswith(k + ":")), None)
        if kind is None:
            raise ValueError(f"diagnosis must start with one of {DISCREPANCY_KINDS} and ':', got {text[:60]!r}")
        kinds.append(kind)
    disc.insert(0, "kind", pd.Categorical(kinds, categories=list(DISCREPANCY_KINDS), ordered=True))
    disc["diagnosis"] = [d.split(":", 1)[1].strip() for d in disc["diagnosis"]]
    return disc.sort_values("kind", kind="stable")


# ------------------------------------------------------------------------------------------
# tolerances: the shared rounding rule, written into the registry's tolerance column
# ------------------------------------------------------------------------------------------
def significant(printed: str, figures: int) -> str:
    """``printed`` with ``figures`` significant figures made explicit, for the rounding rule:
    ``significant("25450", 4) == "2.545E+4"`` (half a unit: 5, not 0.5)."""
    return f"{Decimal(printed):.{figures - 1}E}"


def _ratio_pct_of(numerator: float, denominator: float) -> float:
    return 100 * numerator / denominator


def _increase_pct(start: float, end: float) -> float:
    return 100 * (end / start - 1)


def _difference(a: float, b: float) -> float:
    return a - b


def tolerance_rules(P: Mapping[str, Any], R: Results) -> dict[str, tuple[str, Callable[..., float] | None,
                                                                            dict[str, str]]]:
    """``{claim id: (printed claim, function, printed inputs)}`` where the shared rule needs more
    than the claim's own printed text (every other computed claim: half a unit of its last digit).

    * The printed claim makes its significant figures explicit where trailing zeros are
      ambiguous: Tables 7-8 print four significant figures (two for minerals); a number the
      text marks as approximate ("~", "about", "around", "nearly") has no significant trailing
      zero; the 1 kg totals of Tables 2-4 are checked to the thousandth their items are printed to.
    * Inputs are propagated when they are numbers rounded for print that the paper computed
      with unrounded (openLCA results in Tables 7-8 and Section 3, the literature 3.8 kg CO2 eq/kg);
      values it used as printed (datasheet ratings, counts, the 20 % fossil share) are not.
    ``function(**inputs)`` recomputes the claim; inputs are given by the claim id of the
    registry row that holds the printed number (its ``published`` text)."""
    rep = R.replacement
    paper_hp, paper_he = R.printed.table6_replacements("ev", "Al-ion/Li-ion")
    r_hp, r_he = rep[("ev", "Al-ion/Li-ion")]["eol_hp"], rep[("ev", "Al-ion/Li-ion")]["eol_he"]

    def eol(vehicle: str, case: str) -> Callable[..., float]:
        r = rep[(vehicle, case)]
        hp = 0.0 if pd.isna(r["eol_hp"]) else r["eol_hp"]
        if case == "Li-ion only":
            return partial(lambda li, he, hp: eol_from_bol_value(li, li, he, hp), he=r["eol_he"], hp=hp)
        return partial(lambda li, bol, he, hp: eol_from_bol_value(li, bol, he, hp), he=r["eol_he"], hp=hp)

    def minerals(mass_kg: float) -> Callable[..., float]:
        return partial(alion_minerals_eol, mass_kg=mass_kg, recycled_share=P["recycled_copper_share"],
                       he_replacements=r_he, hp_replacements=r_hp,
                       paper_mass_kg=R.printed.printed_hp_mass_kg("ev", "Al-ion/Li-ion"),
                       paper_he_replacements=paper_he, paper_hp_replacements=paper_hp)

    w = R.minerals_whatif.set_index("key")["al_ion_cell_kg"]
    four = 4  # significant figures of the climate, acidification and energy columns of Tables 7-8
    # (claim, significant figures of the printed claim or None, function, {argument: claim id of the input})
    table: list[tuple[str, int | None, Callable[..., float] | None, dict[str, str]]] = [
        ("ch003.intro.tesla_sc_power_difference", 2, None, {}),
        ("ch003.s2_3.t2_total_mass", 4, None, {}),
        ("ch003.s2_3.t3_total_mass", 4, None, {}),
        ("ch003.s2_3.t4_total_mass", 4, None, {}),
        ("ch003.s2_3.li_electricity_mj", 1, None, {}),
        ("ch003.s2_3.alion_electricity_mj", 1, None, {}),
        ("ch003.s3.bus_sc_mass_ratio", 2, None, {}),
        ("ch003.s3.ev_short_life", 1, None, {}),
        ("ch003.s3.li_casing_share", 1, None, {}),
        ("ch003.s3.sc_casing_share", 1, None, {}),
        ("ch003.table7.li_only_eol_climate", four, eol("bus", "Li-ion only"), {"li": "ch003.table7.li_only_bol_climate"}),
        ("ch003.table7.sc_eol_climate", four, eol("bus", "SC/Li-ion"),
         {"li": "ch003.table7.li_only_bol_climate", "bol": "ch003.table7.sc_bol_climate"}),
        ("ch003.table7.alion_eol_climate", four, eol("bus", "Al-ion/Li-ion"),
         {"li": "ch003.table7.li_only_bol_climate", "bol": "ch003.table7.alion_bol_climate"}),
        ("ch003.table7.li_only_eol_acidification", four, eol("bus", "Li-ion only"),
         {"li": "ch003.table7.li_only_bol_acidification"}),
        ("ch003.table7.sc_eol_acidification", four, eol("bus", "SC/Li-ion"),
         {"li": "ch003.table7.li_only_bol_acidification", "bol": "ch003.table7.sc_bol_acidification"}),
        ("ch003.table7.alion_eol_acidification", four, eol("bus", "Al-ion/Li-ion"),
         {"li": "ch003.table7.li_only_bol_acidification", "bol": "ch003.table7.alion_bol_acidification"}),
        ("ch003.table7.li_only_eol_minerals", None, eol("bus", "Li-ion only"), {"li": "ch003.table7.li_only_bol_minerals"}),
        ("ch003.table7.sc_eol_minerals", None, eol("bus", "SC/Li-ion"),
         {"li": "ch003.table7.li_only_bol_minerals", "bol": "ch003.table7.sc_bol_minerals"}),
        ("ch003.table7.alion_eol_minerals", None, eol("bus", "Al-ion/Li-ion"),
         {"li": "ch003.table7.li_only_bol_minerals", "bol": "ch003.table7.alion_bol_minerals"}),
        ("ch003.table7.li_only_eol_energy", four, eol("bus", "Li-ion only"), {"li": "ch003.table7.li_only_bol_energy"}),
        ("ch003.table7.sc_eol_energy", four, eol("bus", "SC/Li-ion"),
         {"li": "ch003.table7.li_only_bol_energy", "bol": "ch003.table7.sc_bol_energy"}),
        ("ch003.table7.alion_eol_energy", four, eol("bus", "Al-ion/Li-ion"),
         {"li": "ch003.table7.li_only_bol_energy", "bol": "ch003.table7.alion_bol_energy"}),
        ("ch003.table8.li_only_eol_climate", four, eol("ev", "Li-ion only"), {"li": "ch003.table8.li_only_bol_climate"}),
        ("ch003.table8.sc_eol_climate", four, eol("ev", "SC/Li-ion"),
         {"li": "ch003.table8.li_only_bol_climate", "bol": "ch003.table8.sc_bol_climate"}),
        ("ch003.table8.alion_eol_climate", four, eol("ev", "Al-ion/Li-ion"),
         {"li": "ch003.table8.li_only_bol_climate", "bol": "ch003.table8.alion_bol_climate"}),
        ("ch003.table8.li_only_eol_acidification", four, eol("ev", "Li-ion only"),
         {"li": "ch003.table8.li_only_bol_acidification"}),
        ("ch003.table8.sc_eol_acidification", four, eol("ev", "SC/Li-ion"),
         {"li": "ch003.table8.li_only_bol_acidification", "bol": "ch003.table8.sc_bol_acidification"}),
        ("ch003.table8.alion_eol_acidification", four, eol("ev", "Al-ion/Li-ion"),
         {"li": "ch003.table8.li_only_bol_acidification", "bol": "ch003.table8.alion_bol_acidification"}),
        ("ch003.table8.li_only_eol_minerals", None, eol("ev", "Li-ion only"), {"li": "ch003.table8.li_only_bol_minerals"}),
        ("ch003.table8.sc_eol_minerals", None, eol("ev", "SC/Li-ion"),
         {"li": "ch003.table8.li_only_bol_minerals", "bol": "ch003.table8.sc_bol_minerals"}),
        ("ch003.table8.alion_eol_minerals", None, eol("ev", "Al-ion/Li-ion"),
         {"li": "ch003.table8.li_only_bol_minerals", "bol": "ch003.table8.alion_bol_minerals"}),
        ("ch003.table8.li_only_eol_energy", four, eol("ev", "Li-ion only"), {"li": "ch003.table8.li_only_bol_energy"}),
        ("ch003.table8.sc_eol_energy", four, eol("ev", "SC/Li-ion"),
         {"li": "ch003.table8.li_only_bol_energy", "bol": "ch003.table8.sc_bol_energy"}),
        ("ch003.table8.alion_eol_energy", four, eol("ev", "Al-ion/Li-ion"),
         {"li": "ch003.table8.li_only_bol_energy", "bol": "ch003.table8.alion_bol_energy"}),
        ("ch003.s3.bus_alion_climate_pct", None, _ratio_pct_of,
         {"numerator": "ch003.table7.alion_eol_climate", "denominator": "ch003.table7.li_only_eol_climate"}),
        ("ch003.s3.bus_alion_minerals_pct", None, _ratio_pct_of,
         {"numerator": "ch003.table7.alion_eol_minerals", "denominator": "ch003.table7.li_only_eol_minerals"}),
        ("ch003.s3.ev_alion_climate_pct", None, _ratio_pct_of,
         {"numerator": "ch003.table8.alion_eol_climate", "denominator": "ch003.table8.li_only_eol_climate"}),
        ("ch003.s3.ev_alion_acid_pct", None, _ratio_pct_of,
         {"numerator": "ch003.table8.alion_eol_acidification", "denominator": "ch003.table8.li_only_eol_acidification"}),
        ("ch003.s5.ev_alion_minerals_pct", None, _ratio_pct_of,
         {"numerator": "ch003.table8.alion_eol_minerals", "denominator": "ch003.table8.li_only_eol_minerals"}),
        ("ch003.s3.cu75_minerals", None, minerals(float(w["cu"])),
         {"li_only_bol": "ch003.table8.li_only_bol_minerals", "eol_printed": "ch003.table8.alion_eol_minerals",
          "cu100_printed": "ch003.s3.cu100_minerals"}),
        ("ch003.s3.active30_minerals", None, partial(active30_bound_value, recycled_share=P["recycled_copper_share"]),
         {"combined": "ch003.s3.active30_cu75_minerals", "eol": "ch003.table8.alion_eol_minerals",
          "cu100": "ch003.s3.cu100_minerals"}),
        ("ch003.s3.active30_cu75_minerals", None, minerals(float(w["active_cu"])),
         {"li_only_bol": "ch003.table8.li_only_bol_minerals", "eol_printed": "ch003.table8.alion_eol_minerals",
          "cu100_printed": "ch003.s3.cu100_minerals"}),
        ("ch003.s3_1.transport_max_change_pct", None, _increase_pct,
         {"start": "ch003.table7.alion_bol_acidification", "end": "ch003.s3_1.transport_double_acid"}),
        ("ch003.s3_1.elec_alion_climate_fossil", None,
         partial(fossil_bound_value, baseline_fossil_share=P["electricity_baseline_fossil_share"]),
         {"baseline": "ch003.s3_1.elec_alion_climate_baseline"}),
        ("ch003.s3_1.fossil_acid_increase_pct", 1, _increase_pct,
         {"start": "ch003.s3_1.elec_li_only_acidification_baseline", "end": "ch003.s3_1.elec_li_only_acidification_fossil"}),
        ("ch003.s3_1.fossil_acid_increase_pct_sc", 1, _increase_pct,
         {"start": "ch003.s3_1.elec_sc_acidification_baseline", "end": "ch003.s3_1.elec_sc_acidification_fossil"}),
        ("ch003.s4.capacitor_scaled", None, partial(lambda per_kg, kg: per_kg * kg, kg=R.mass[("ev", "SC/Li-ion")]["hp_kg"]),
         {"per_kg": "ch003.s4.capacitor_per_kg"}),
        ("ch003.s4.sc_ev_total", None, _difference, {"a": "ch003.table8.sc_bol_climate", "b": "ch003.table8.li_only_bol_climate"}),
    ]
    published = load_claims("ch003")["published"]
    four_figure_inputs = ("climate", "acidification", "energy")  # Table 7-8 columns printed to 4 figures

    def text(claim: str, figures: int | None) -> str:
        printed = published[claim]
        return printed if figures is None else significant(printed, figures)

    rules = {}
    for claim, figures, func, inputs in table:
        printed_inputs = {arg: text(source, four if source.startswith(("ch003.table7.", "ch003.table8."))
                                    and source.endswith(four_figure_inputs) else None)
                          for arg, source in inputs.items()}
        rules[claim] = (text(claim, figures), func, printed_inputs)
    return rules


def tolerances(P: Mapping[str, Any], R: Results) -> dict[str, float]:
    """The tolerance of every computed numeric claim by the shared rule
    (:func:`ev_compendium.rounding.tolerance`): half a unit in the claim's last printed (significant)
    digit plus the propagated rounding of its printed inputs (:func:`tolerance_rules`)."""
    reg = load_claims("ch003")
    computed = reg[reg.status.isin(["reproduced", "discrepancy"]) & (reg.kind == "numeric")]
    rules = tolerance_rules(P, R)
    return {claim: tolerance(*rules.get(claim, (published, None, {})))
            for claim, published in computed["published"].items()}
