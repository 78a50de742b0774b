"""ch003: the what-if and audit tables whole, every number worked out by hand from the paper.

Melzack, Wills & Cruden (2023). Section 3.1: bus BOL (baseline, 100 % fossil) pairs, climate
Li-ion only 8,481 / 28,196, SC/Li-ion 7,990 / 28,700, Al-ion/Li-ion 8,536 / 45,028;
acidification 31.8 / 55.7, 29.3 / 56.6, 33 / 81; a 20 % fossil baseline; double transport
gives 36.7 mol H+ eq for the bus Al-ion/Li-ion BOL (Table 7: 33.25). Tables 2-4: 60.48, 63.077
and 37 MJ of electricity and 1.55, 0 and (Section 3.1) 3.59 t*km per kg. Table 5 / Section 2.4:
bus HE 1,200 kg + 3 % BMS (36 kg), SC 150 / 5.7 kg, Al-ion 500 / 0.6 kg; EV HE 568 kg + 17.04 kg,
SC 72 x 0.06 = 4.32 kg, Al-ion 66.24 / 0.06022 kg. Tables 7-8 and Section 3 (0.063 EV Al-ion EOL
minerals, 0.043 at 100 % recycled copper, 0.019 Li-ion only BOL; Table 5: 1,100 kg; Table 6: one
Al-ion replacement). Section 4: 0.106 kg CO2 eq per five 2.1 g capacitors, 3.8 kg CO2 eq/kg,
28.7 kg CO2 eq printed, Table 8 EV climate BOL 3,752 vs 3,740.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ev_compendium.ch003_dess import audit, data, whatifs
from ev_compendium.ch003_dess import replacements as repl
from ev_compendium.chapter import load_chapter
from ev_compendium.validate import ParameterError

CH = load_chapter("ch003")
CASES = ["Li-ion only", "SC/Li-ion", "Al-ion/Li-ion"]


def _results(overrides=None):
    return CH.module.compute(CH.parameters(overrides or {}))


def test_electricity_curve_every_case_by_hand():
    kwh_li = (1200 + 36) * 60.48 / 3.6
    kwh = {"Li-ion only": kwh_li, "SC/Li-ion": kwh_li + 150 / 5.7 * 63.077 / 3.6,
           "Al-ion/Li-ion": kwh_li + 500 / 0.6 * 37 / 3.6}
    anchor = {"Li-ion only": 8482.0, "SC/Li-ion": 7990.0, "Al-ion/Li-ion": 8536.0}
    k = (28196 - 8481) / (kwh_li * 0.8)  # per kWh per unit fossil share
    curve = _results().electricity_curve("climate", [0, 1])  # whole numbers: read as shares
    assert list(curve.columns) == CASES
    assert curve.index.name == "fossil_share" and curve.index.dtype == np.float64
    assert list(curve.index) == [0.0, 1.0]
    for case in CASES:
        assert curve.loc[0.0, case] == pytest.approx(anchor[case] - kwh[case] * 0.2 * k, rel=1e-12)
        assert curve.loc[1.0, case] == pytest.approx(anchor[case] + kwh[case] * 0.8 * k, rel=1e-12)


def test_electricity_curve_of_another_vehicle_and_stage():
    R = _results()
    k = (28196 - 8481) / ((1200 + 36) * 60.48 / 3.6 * 0.8)
    curve = whatifs.electricity_curve(R.kwh, R.anchor("climate"), R.printed, "climate", np.array([1.0]), 0.2,
                                      vehicle="ev", stage="EOL")
    # EV Li-ion only EOL: two packs (one replacement), 2 x 3,740 kg CO2 eq and 2 x 585.04 kg of pack
    assert curve.loc[1.0, "Li-ion only"] == pytest.approx(2 * 3740 + 2 * (568 + 17.04) * 60.48 / 3.6 * 0.8 * k)


def test_wind_changes_table_by_hand():
    pairs = [("climate", "Li-ion only", 8481, 28196), ("climate", "SC/Li-ion", 7990, 28700),
             ("climate", "Al-ion/Li-ion", 8536, 45028), ("acidification", "Li-ion only", 31.8, 55.7),
             ("acidification", "SC/Li-ion", 29.3, 56.6), ("acidification", "Al-ion/Li-ion", 33, 81)]
    # I(0) = I(0.2) - 0.2 / 0.8 x (I(1) - I(0.2))
    expected = pd.DataFrame([dict(case=c, category=k, baseline=float(b), fossil=float(f), wind=b - (f - b) / 4,
                                  change_pct=-25 * (f - b) / b) for k, c, b, f in pairs])
    pd.testing.assert_frame_equal(_results().wind_changes, expected, check_exact=False, rtol=1e-12)


def test_sc_comparison_table_by_hand():
    expected = pd.DataFrame([
        ("cossutta", "Cossutta et al. (5 F SCs)", 0.106 / 0.0105, 0.106 / 0.0105 * 4.32),
        ("capacitor", "capacitors (paper's ref. 19)", 3.8, 3.8 * 4.32),
        ("euef", "EUEF value printed in Section 4", 28.7 / 4.32, 28.7),
        ("table8", "Table 8 increment SC/Li-ion - Li-only (BOL)", 12 / 4.32, 12.0),
    ], columns=["key", "source", "kg_co2e_per_kg", "kg_co2e_for_ev_sc_mass"])
    pd.testing.assert_frame_equal(_results().sc_comparison, expected, check_exact=False, rtol=1e-12)


def test_minerals_whatif_table_by_hand():
    """Per kg of Al-ion cell produced in the paper's case (1,100 kg, built twice):
    f = (0.063 - 0.019) / 2,200, d = (0.063 - 0.043) / 2,200; with the parameters' EV Al-ion
    life (3,500 of 6,241 cycles: one replacement) EOL = 0.019 + 2 M (f - s d)."""
    m, m_improved = 66.24 / 0.06022, 66.24 / 0.30

    def eol(mass, share):
        return 0.019 + 2 * mass * (0.044 - share * 0.020) / 2200

    expected = pd.DataFrame([
        ("baseline", "baseline (Table 8)", m, 0.0, eol(m, 0.0)),
        ("cu", "75 % recycled Cu", m, 0.75, eol(m, 0.75)),
        ("cu100", "100 % recycled Cu (calibration point)", m, 1.0, eol(m, 1.0)),
        ("active", "30 % active material", m_improved, 0.0, eol(m_improved, 0.0)),
        ("active_cu", "30 % active + 75 % recycled Cu", m_improved, 0.75, eol(m_improved, 0.75)),
    ], columns=["key", "scenario", "al_ion_cell_kg", "recycled_cu_share", "minerals_kg_sb_eq"])
    pd.testing.assert_frame_equal(_results().minerals_whatif, expected, check_exact=False, rtol=1e-12)
    # other shares in the labels: 50 % recycled copper, 25 % active material
    got = _results({"recycled_copper_share": 0.5, "al_ion_whatif_active_fraction": 0.25}).minerals_whatif
    assert list(got.scenario) == ["baseline (Table 8)", "50 % recycled Cu", "100 % recycled Cu (calibration point)",
                                  "25 % active material", "25 % active + 50 % recycled Cu"]


def test_transport_tkm_argument_and_zero_transport():
    R = _results()
    with pytest.raises(ParameterError) as err:
        whatifs.transport_tkm(R.exposure, R.printed, -1)
    assert str(err.value) == "argument 'alion_tkm_per_kg' = -1.0 is out of range: valid range is [0, inf)"
    tkm = whatifs.transport_tkm(R.exposure, R.printed, 0).set_index(["vehicle", "case", "stage"]).tkm
    assert tkm[("bus", "Al-ion/Li-ion", "BOL")] == pytest.approx(1236 * 1.55)  # the LFP pack only
    tkm = whatifs.transport_tkm(R.exposure, R.printed, 2).set_index(["vehicle", "case", "stage"]).tkm
    assert tkm[("bus", "Al-ion/Li-ion", "BOL")] == pytest.approx(1236 * 1.55 + 500 / 0.6 * 2)


def test_transport_whatif_defaults_to_the_parameter():
    R = _results({"transport_multiplier": 2.0})
    double = R.transport_whatif().set_index(["vehicle", "case", "stage"])
    assert (double.multiplier == 2.0).all()
    assert double.loc[("bus", "Al-ion/Li-ion", "BOL"), "predicted"] == pytest.approx(36.7)
    # one acidification factor per t*km: (36.7 - 33.25) / (1,236 x 1.55 + 833.3 x 3.59)
    k = (36.7 - 33.25) / (1236 * 1.55 + 500 / 0.6 * 3.59)
    assert double.loc[("bus", "Li-ion only", "BOL"), "predicted"] == pytest.approx(31.09 + 1236 * 1.55 * k)


def test_alion_replacement_evidence_whole_table():
    # Tables 7-8 (BOL Li-ion only, BOL Al-ion/Li-ion, EOL Al-ion/Li-ion) per vehicle and category
    printed = {("bus", "climate"): (8482, 8536, 9143), ("bus", "acidification"): (31.09, 33.25, 41.62),
               ("bus", "minerals"): (0.044, 0.058, 0.093), ("bus", "energy"): (96050, 99180, 117900),
               ("ev", "climate"): (3740, 4541, 5399), ("ev", "acidification"): (13.72, 19.06, 24.66),
               ("ev", "minerals"): (0.019, 0.021, 0.063), ("ev", "energy"): (42390, 54380, 67090)}
    # a 3-year Al-ion bus life: ceil(10 / 3) - 1 = 3; the EV Al-ion at 7,000 of 6,241 cycles: none
    P = CH.parameters({"bus_al_ion_life_years": 3.0, "ev_al_ion_life_cycles": 7000.0})
    got = audit.alion_replacement_evidence(data.load_printed(), repl.replacement_table(P))
    rows = []
    for (vehicle, category), (li, al, al_eol) in printed.items():
        r = 3.0 if vehicle == "bus" else 0.0
        first, added = al - li, al_eol - al
        rows.append(dict(vehicle=vehicle, category=category, first_unit=first, added_at_eol=added,
                         implied_units=added / first, table6_replacements=r,
                         per_replacement_vs_first=added / (r * first) if vehicle == "bus" else math.nan))
    pd.testing.assert_frame_equal(got, pd.DataFrame(rows), check_exact=False, rtol=1e-9)
    # with the default lives (2 bus, 1 EV replacement) every row has a ratio
    ev = _results().alion_evidence.set_index(["vehicle", "category"])
    assert ev.loc[("ev", "minerals"), "per_replacement_vs_first"] == pytest.approx(0.042 / 0.002)


def test_table5_row_sums_by_hand():
    t = audit.table5_row_sums(data.load_printed()).set_index(["vehicle", "case"])
    sums = {("bus", "Li-ion only"): 1200 + 0 + 39.8, ("bus", "SC/Li-ion"): 1200 + 26.3 + 39.8,
            ("bus", "Al-ion/Li-ion"): 1200 + 833.3 + 39.8, ("ev", "Li-ion only"): 568 + 0 + 17.6,
            ("ev", "SC/Li-ion"): 568 + 4.32 + 17.6, ("ev", "Al-ion/Li-ion"): 568 + 1100 + 17.6}
    printed = {("bus", "Li-ion only"): 1239.8, ("bus", "SC/Li-ion"): 1266.1, ("bus", "Al-ion/Li-ion"): 2073.1,
               ("ev", "Li-ion only"): 585.04, ("ev", "SC/Li-ion"): 589.92, ("ev", "Al-ion/Li-ion"): 1668}
    for key, total in sums.items():
        assert t.loc[key, "sum_of_columns_kg"] == pytest.approx(total, abs=1e-9)
        assert t.loc[key, "printed_minus_sum_kg"] == pytest.approx(printed[key] - total, abs=1e-9)
    # an empty HP mass (no HP) adds nothing
    tables = {name: data.load_table(name) for name in data.TABLES}
    t5 = tables["table5_cases"]
    t5.loc[t5.case == "Li-ion only", "hp_kg"] = math.nan
    t = audit.table5_row_sums(data.Printed(tables)).set_index(["vehicle", "case"])
    assert t.loc[("ev", "Li-ion only"), "sum_of_columns_kg"] == pytest.approx(568 + 17.6)


def test_table1_count_checks_hands_out_a_copy():
    printed = data.load_printed()
    first = audit.table1_count_checks(printed)
    first.loc[:, "product"] = -1
    again = audit.table1_count_checks(printed).set_index(["example", "array"])
    assert again.loc[(1, "SC"), "product"] == 222 * 58  # Table 1 example 1: 222s58p
    assert again.loc[(10, "battery"), "product"] == 120 * 5
