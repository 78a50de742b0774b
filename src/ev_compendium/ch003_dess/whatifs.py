"""The paper's what-ifs (Melzack et al. 2023, Sections 3, 3.1 and 4), rebuilt from its printed numbers.

* **Recycled copper and active-material loading** (Section 3, EV minerals):
  EOL = Li part x (1 + r_HE) + (1 + r_HP) x M_Al x (f_Al - s d_Cu), with the per-kg Al-ion
  factor f_Al and the copper saving d_Cu calibrated on the paper's own case (Table 5 mass,
  Table 6 replacements, Table 8 EOL, the printed 100 %-recycled-copper point) and applied to
  the parameters' masses and replacements (:func:`alion_minerals_whatif`).
* **Electricity mix** (Section 3.1, bus BOL): impact(s) = impact(s0) + kWh x (s - s0) x k,
  linear in the fossil share s, with k calibrated on the printed Li-ion-only pair and the
  manufacturing electricity of Tables 2-4 (:func:`electricity_whatif`). LCA results are linear
  in the mix, so each case's own printed pair also gives its 100 %-wind value without any kWh
  (:func:`wind_change_from_printed_pairs`).
* **Transport** (Section 3.1): impact(m) = impact(1) + t*km x (m - 1) x k_t, one
  acidification factor per t*km calibrated on the printed Al-ion/Li-ion pair
  (:func:`transport_whatif`).
* **Supercapacitor footprint per kg** (Section 4, :func:`sc_per_kg_comparison`).

The starting point of each what-if is the BOL of Tables 7-8 and, at EOL, the EOL those BOL
values imply with the parameters' replacements (:func:`anchor_impacts`), so that a changed
component life moves the starting point and the kWh or t*km it multiplies together.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..validate import check_range
from .data import CASES, COMPONENTS, MJ_PER_KWH, Printed, _choice
from .impacts import eol_from_bol, eol_from_bol_value, eol_replacements

ELECTRICITY_CATEGORIES = ("climate", "acidification")


def anchor_impacts(printed: Printed, reps: pd.DataFrame, category: str) -> pd.DataFrame:
    """Starting point of the what-ifs: (vehicle, case, stage, impact) with the printed BOL and
    the EOL implied by it and the replacements ``reps`` (:func:`~.impacts.eol_from_bol`)."""
    rows = []
    for vehicle in ("bus", "ev"):
        eol = eol_from_bol(printed, reps, vehicle, category)
        for case in CASES:
            rows.append((vehicle, case, "BOL", printed.impact(vehicle, case, "BOL", category)))
            rows.append((vehicle, case, "EOL", float(eol[case])))
    return pd.DataFrame(rows, columns=["vehicle", "case", "stage", "impact"])


def _rows(frame: pd.DataFrame) -> pd.MultiIndex:
    return pd.MultiIndex.from_frame(frame[["vehicle", "case", "stage"]])


# ----------------------------------------------------------------------------------------
# electricity mix (Section 3.1)
# ----------------------------------------------------------------------------------------
def electricity_kwh(exposure: pd.DataFrame, printed: Printed) -> pd.DataFrame:
    """Manufacturing electricity (kWh) per vehicle/case/stage from the per-kg values of Tables 2-4."""
    out = exposure[["vehicle", "case", "stage"]].copy()
    out["kwh"] = sum(exposure[k] * printed.inventory_item(k, "electricity", "MJ") for k in COMPONENTS) / MJ_PER_KWH
    return out


def electricity_calibration(kwh: pd.DataFrame, printed: Printed, category: str,
                            baseline_fossil_share: float) -> float:
    """Impact per kWh per unit fossil share, from the bus Li-ion-only BOL pair of Section 3.1:
    k = (fossil - baseline) / (kWh_Li-only x (1 - s0))."""
    _choice("category", category, ELECTRICITY_CATEGORIES)
    s0 = check_range("baseline_fossil_share", float(baseline_fossil_share), 0.0, 1.0, hi_inclusive=False,
                     what="argument")
    base, fossil = printed.electricity_pair("Li-ion only", category)
    li = kwh[(kwh.vehicle == "bus") & (kwh.case == "Li-ion only") & (kwh.stage == "BOL")].kwh.iloc[0]
    return (fossil - base) / (li * (1 - s0))


def electricity_whatif(kwh: pd.DataFrame, anchor: pd.DataFrame, printed: Printed, category: str,
                       fossil_share: float, baseline_fossil_share: float) -> pd.DataFrame:
    """Impacts with a fossil share ``fossil_share`` of manufacturing electricity (linear mix model).

    predicted = anchor + kWh x (s - s0) x k; ``anchor`` is :func:`anchor_impacts`."""
    share = check_range("fossil_share", float(fossil_share), 0.0, 1.0, what="argument")
    k = electricity_calibration(kwh, printed, category, baseline_fossil_share)
    out = kwh.copy()
    out["anchor"] = anchor.set_index(["vehicle", "case", "stage"]).loc[_rows(kwh), "impact"].to_numpy()
    out["predicted"] = out.anchor + out.kwh * (share - baseline_fossil_share) * k
    out["fossil_share"] = share
    return out


def electricity_curve(kwh: pd.DataFrame, anchor: pd.DataFrame, printed: Printed, category: str,
                      shares: np.ndarray, baseline_fossil_share: float,
                      vehicle: str = "bus", stage: str = "BOL") -> pd.DataFrame:
    """Predicted impact of each case against the fossil share (one column per case)."""
    base = electricity_whatif(kwh, anchor, printed, category, baseline_fossil_share, baseline_fossil_share)
    k = electricity_calibration(kwh, printed, category, baseline_fossil_share)
    base = base[(base.vehicle == vehicle) & (base.stage == stage)].set_index("case")
    shares = np.asarray(shares, dtype=float)
    return pd.DataFrame({case: base.loc[case, "anchor"] + base.loc[case, "kwh"] * (shares - baseline_fossil_share) * k
                         for case in CASES}, index=pd.Index(shares, name="fossil_share"))


def wind_change_from_printed_pairs(printed: Printed, baseline_fossil_share: float) -> pd.DataFrame:
    """Bus BOL change (%) at 100 % wind implied by each case's own printed (baseline, fossil) pair.

    Linear in the share: I(0) = I(s0) - s0 / (1 - s0) x (I(1) - I(s0)), reading the baseline's
    renewable part as wind (Section 3.1 compares 'renewable (wind-powered)' with the baseline)."""
    s0 = check_range("baseline_fossil_share", float(baseline_fossil_share), 0.0, 1.0, hi_inclusive=False,
                     what="argument")
    rows = []
    for category in ELECTRICITY_CATEGORIES:
        for case in CASES:
            base, fossil = printed.electricity_pair(case, category)
            wind = base - s0 / (1 - s0) * (fossil - base)
            rows.append(dict(case=case, category=category, baseline=base, fossil=fossil, wind=wind,
                             change_pct=100 * (wind / base - 1)))
    return pd.DataFrame(rows)


def fossil_upper_bound(printed: Printed, case: str, category: str, baseline_fossil_share: float) -> float:
    """Largest 100 %-fossil impact consistent with a printed baseline (bus BOL, Section 3.1).

    The baseline contains a share s0 of fossil electricity, whose emissions cannot exceed the
    whole baseline impact; 100 % fossil multiplies them by at most 1 / s0 and adds nothing
    else (linear in the mix, no negative emission): I(1) <= I(s0) / s0."""
    return fossil_bound_value(printed.electricity_pair(case, category)[0], baseline_fossil_share)


def fossil_bound_value(baseline: float, baseline_fossil_share: float) -> float:
    """I(1) <= I(s0) / s0: the bound of :func:`fossil_upper_bound` for one baseline value."""
    s0 = check_range("baseline_fossil_share", float(baseline_fossil_share), 0.0, 1.0, lo_inclusive=False,
                     what="argument")
    return baseline / s0


def alion_electricity_needed_mj_per_kg(kwh: pd.DataFrame, masses: pd.DataFrame, printed: Printed,
                                       baseline_fossil_share: float) -> float:
    """Al-ion electricity (MJ/kg) with which the linear mix model would hit the printed bus
    Al-ion/Li-ion 100 %-fossil climate value (Section 3.1); Table 4 lists 37 MJ/kg."""
    k = electricity_calibration(kwh, printed, "climate", baseline_fossil_share)
    base, fossil = printed.electricity_pair("Al-ion/Li-ion", "climate")
    needed_kwh = (fossil - base) / ((1 - baseline_fossil_share) * k)
    m = masses.set_index(["vehicle", "case"]).loc[("bus", "Al-ion/Li-ion")]
    li_kwh = (m.he_lfp_kg + m.bms_kg) * printed.inventory_item("lfp_pack", "electricity") / MJ_PER_KWH
    return (needed_kwh - li_kwh) * MJ_PER_KWH / m.hp_kg


# ----------------------------------------------------------------------------------------
# transport (Section 3.1)
# ----------------------------------------------------------------------------------------
def transport_tkm(exposure: pd.DataFrame, printed: Printed, alion_tkm_per_kg: float) -> pd.DataFrame:
    """Transport (t*km) per vehicle/case/stage: mass produced x t*km per kg. LFP pack: Table 2
    (1.55 t*km/kg); Al-ion: ``alion_tkm_per_kg`` (Section 3.1: 3.59); SC: none (the paper's
    assumption)."""
    out = exposure[["vehicle", "case", "stage"]].copy()
    out["tkm"] = (exposure.lfp_pack * printed.transport_tkm_per_kg("lfp_pack")
                  + exposure.al_ion_cell * check_range("alion_tkm_per_kg", float(alion_tkm_per_kg), 0.0, None,
                                                       what="argument"))
    return out


def transport_calibration_acid_per_tkm(tkm: pd.DataFrame, printed: Printed) -> float:
    """Acidification per t*km (mol H+ eq), one factor for all modes, calibrated on the only
    printed pair: bus Al-ion/Li-ion BOL, Table 7 baseline -> 36.7 mol at double transport."""
    sel = tkm[(tkm.vehicle == "bus") & (tkm.case == "Al-ion/Li-ion") & (tkm.stage == "BOL")].tkm.iloc[0]
    base = printed.impact("bus", "Al-ion/Li-ion", "BOL", "acidification")
    return (printed.transport_value("double_transport", "acidification") - base) / sel


def transport_whatif(tkm: pd.DataFrame, anchor: pd.DataFrame, printed: Printed, multiplier: float) -> pd.DataFrame:
    """Acidification with transport scaled by ``multiplier`` (0 = none, 2 = double; Section 3.1):
    predicted = anchor + t*km x (m - 1) x k_t, ``anchor`` from :func:`anchor_impacts`."""
    m = check_range("multiplier", float(multiplier), 0.0, None, what="argument")
    k = transport_calibration_acid_per_tkm(tkm, printed)
    out = tkm.copy()
    out["anchor"] = anchor.set_index(["vehicle", "case", "stage"]).loc[_rows(tkm), "impact"].to_numpy()
    out["predicted"] = out.anchor + out.tkm * (m - 1) * k
    out["multiplier"] = m
    return out


# ----------------------------------------------------------------------------------------
# recycled copper and active material (Section 3)
# ----------------------------------------------------------------------------------------
def alion_minerals_eol(li_only_bol: float, eol_printed: float, cu100_printed: float, *, mass_kg: float,
                       recycled_share: float, he_replacements: float, hp_replacements: float,
                       paper_mass_kg: float, paper_he_replacements: float, paper_hp_replacements: float) -> float:
    """EV Al-ion/Li-ion EOL minerals (kg Sb eq) of a cell mass and recycled-copper share (Section 3).

    Per kg of Al-ion cell produced, f_Al = (EOL - Li part x (1 + r_HE)) / ((1 + r_HP) M_Al) and
    d_Cu = (EOL - EOL at 100 % recycled Cu) / ((1 + r_HP) M_Al), from the printed values and the
    paper's own case (``paper_*``: Table 5 mass, Table 6 replacements); the result follows
    :func:`~.impacts.eol_from_bol_value` with ``mass_kg`` and the given replacements."""
    produced_kg = (1 + paper_hp_replacements) * paper_mass_kg
    f_al = (eol_printed - li_only_bol * (1 + paper_he_replacements)) / produced_kg
    d_cu = (eol_printed - cu100_printed) / produced_kg
    bol = li_only_bol + mass_kg * (f_al - recycled_share * d_cu)
    return eol_from_bol_value(li_only_bol, bol, he_replacements, hp_replacements)


def alion_minerals_whatif(P: Mapping[str, Any], printed: Printed, masses: pd.DataFrame,
                          reps: pd.DataFrame, active_mass_kg: float) -> pd.DataFrame:
    """EV Al-ion/Li-ion EOL minerals under the copper and active-material what-ifs (Section 3).

    :func:`alion_minerals_eol` calibrated on the paper's own case (Table 8 EOL and Li-only BOL,
    the printed 100 %-recycled-copper point, Table 5 mass, Table 6 replacements) and applied
    with the parameters' cell mass and replacements; the improved cell keeps the
    ``active_mass_kg`` of active material at ``al_ion_whatif_active_fraction`` and every other
    material scales with its mass.
    """
    paper_hp, paper_he = printed.table6_replacements("ev", "Al-ion/Li-ion")
    r_hp, r_he = eol_replacements(reps)[("ev", "Al-ion/Li-ion")]
    m_al = float(masses.hp_kg[(masses.vehicle == "ev") & (masses.case == "Al-ion/Li-ion")].iloc[0])
    m_al_improved = active_mass_kg / P["al_ion_whatif_active_fraction"]
    s, a = P["recycled_copper_share"], P["al_ion_whatif_active_fraction"]

    def eol_minerals(mass_kg: float, share: float) -> float:
        return alion_minerals_eol(
            printed.impact("ev", "Li-ion only", "BOL", "minerals"), printed.impact("ev", "Al-ion/Li-ion", "EOL", "minerals"),
            P["alion_cu100_minerals_kg_sb_eq"], mass_kg=mass_kg, recycled_share=share, he_replacements=r_he,
            hp_replacements=r_hp, paper_mass_kg=printed.printed_hp_mass_kg("ev", "Al-ion/Li-ion"),
            paper_he_replacements=paper_he, paper_hp_replacements=paper_hp)

    rows = [
        ("baseline", "baseline (Table 8)", m_al, 0.0),
        ("cu", f"{100 * s:g} % recycled Cu", m_al, s),
        ("cu100", "100 % recycled Cu (calibration point)", m_al, 1.0),
        ("active", f"{100 * a:g} % active material", m_al_improved, 0.0),
        ("active_cu", f"{100 * a:g} % active + {100 * s:g} % recycled Cu", m_al_improved, s),
    ]
    return pd.DataFrame([(key, label, mass, share, eol_minerals(mass, share)) for key, label, mass, share in rows],
                        columns=["key", "scenario", "al_ion_cell_kg", "recycled_cu_share", "minerals_kg_sb_eq"])


# ----------------------------------------------------------------------------------------
# supercapacitor footprint (Section 4)
# ----------------------------------------------------------------------------------------
def sc_per_kg_comparison(P: Mapping[str, Any], printed: Printed) -> pd.DataFrame:
    """Supercapacitor climate footprint per kg and for the EV's SC mass (Section 4): the two
    literature values the paper converts, the EUEF value it prints, and the increment of Table 8."""
    sc_kg = P["ev_sc_units"] * P["ev_sc_unit_mass_kg"]
    cossutta_per_kg = P["cossutta_kg_co2_per_five_caps"] / (5 * P["sc_5f_unit_mass_g"] / 1000.0)
    euef = printed.text["sc_ev_euef_climate"]
    increment = (printed.impact("ev", "SC/Li-ion", "BOL", "climate")
                 - printed.impact("ev", "Li-ion only", "BOL", "climate"))
    rows = [
        ("cossutta", "Cossutta et al. (5 F SCs)", cossutta_per_kg, cossutta_per_kg * sc_kg),
        ("capacitor", "capacitors (paper's ref. 19)", P["capacitor_kg_co2_per_kg"], P["capacitor_kg_co2_per_kg"] * sc_kg),
        ("euef", "EUEF value printed in Section 4", euef / sc_kg, euef),
        ("table8", "Table 8 increment SC/Li-ion - Li-only (BOL)", increment / sc_kg, increment),
    ]
    return pd.DataFrame(rows, columns=["key", "source", "kg_co2e_per_kg", "kg_co2e_for_ev_sc_mass"])
