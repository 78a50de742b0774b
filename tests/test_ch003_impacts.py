"""ch003 impact model (impacts.py) on small synthetic tables whose results are worked out by hand.

Every expectation below is typed by hand (or, for the least-squares fits, derived from the closed
form of a one-factor fit); none is copied from the code's output. The paper's own numbers used in
the ratio test are those of Tables 7-8 (Melzack et al. 2023). Replacement counts and masses are
deliberately not 0/1 and differ between components, so that swapping or dropping a term shows.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from ev_compendium.ch003_dess import data, impacts
from ev_compendium.validate import ParameterError

CASES = ("Li-ion only", "SC/Li-ion", "Al-ion/Li-ion")
CATEGORIES = ("climate", "acidification", "minerals", "energy")


def _masses() -> pd.DataFrame:
    """Like sizing.case_masses: HE 100 / 50 kg, BMS 10 / 4 kg, SC 5 / 2 kg, Al-ion 40 / 30 kg."""
    return pd.DataFrame({
        "vehicle": ["bus"] * 3 + ["ev"] * 3,
        "case": list(CASES) * 2,
        "he_lfp_kg": [100.0, 100.0, 100.0, 50.0, 50.0, 50.0],
        "hp_type": ["", "SC", "Al-ion", "", "SC", "Al-ion"],
        "hp_kg": [0.0, 5.0, 40.0, 0.0, 2.0, 30.0],
        "bms_kg": [10.0, 10.0, 10.0, 4.0, 4.0, 4.0],
        "total_kg": [110.0, 115.0, 150.0, 54.0, 56.0, 84.0],
    })


def _reps(bus_al_hp: float = 3.0) -> pd.DataFrame:
    """Like replacements.replacement_table; EOL (r_HP, r_HE): bus (-, 2), (1.5, 0.5), (3, 0.25);
    EV (-, 1.5), (0.5, 3), (2.5, 0.75)."""
    return pd.DataFrame({
        "vehicle": ["bus"] * 3 + ["ev"] * 3,
        "case": list(CASES) * 2,
        "bol_hp": [np.nan, 0.0, 0.0, np.nan, 0.0, 0.0],
        "bol_he": [0.0] * 6,
        "eol_hp": [np.nan, 1.5, bus_al_hp, np.nan, 0.5, 2.5],
        "eol_he": [2.0, 0.5, 0.25, 1.5, 3.0, 0.75],
    })


# Produced mass by hand: (HE + BMS) x (1 + r_HE), HP mass x (1 + r_HP) at EOL, no factor at BOL.
EXPOSURE_ROWS = [
    ("bus", "Li-ion only", "BOL", 110.0, 0.0, 0.0),
    ("bus", "Li-ion only", "EOL", 330.0, 0.0, 0.0),      # 110 x 3
    ("bus", "SC/Li-ion", "BOL", 110.0, 5.0, 0.0),
    ("bus", "SC/Li-ion", "EOL", 165.0, 12.5, 0.0),       # 110 x 1.5, 5 x 2.5
    ("bus", "Al-ion/Li-ion", "BOL", 110.0, 0.0, 40.0),
    ("bus", "Al-ion/Li-ion", "EOL", 137.5, 0.0, 160.0),  # 110 x 1.25, 40 x 4
    ("ev", "Li-ion only", "BOL", 54.0, 0.0, 0.0),
    ("ev", "Li-ion only", "EOL", 135.0, 0.0, 0.0),       # 54 x 2.5
    ("ev", "SC/Li-ion", "BOL", 54.0, 2.0, 0.0),
    ("ev", "SC/Li-ion", "EOL", 216.0, 3.0, 0.0),         # 54 x 4, 2 x 1.5
    ("ev", "Al-ion/Li-ion", "BOL", 54.0, 0.0, 30.0),
    ("ev", "Al-ion/Li-ion", "EOL", 94.5, 0.0, 105.0),    # 54 x 1.75, 30 x 3.5
]
EXPOSURE_COLUMNS = ["vehicle", "case", "stage", "lfp_pack", "supercapacitor", "al_ion_cell"]


def _expected_exposure() -> pd.DataFrame:
    return pd.DataFrame(EXPOSURE_ROWS, columns=EXPOSURE_COLUMNS)


class FakePrinted:
    """Stands in for data.Printed: ``impact`` and ``impact_matrix`` from a dict."""

    def __init__(self, values: dict[tuple[str, str, str, str], float]):
        self.values = values

    def impact(self, vehicle, case, stage, category):
        return self.values[(vehicle, case, stage, category)]

    def impact_matrix(self, vehicle, category):
        return pd.DataFrame({s: [self.values[(vehicle, c, s, category)] for c in CASES] for s in ("BOL", "EOL")},
                            index=pd.Index(CASES, name="case"))


# Base impacts per (vehicle, case, stage), scaled per category.
BASE = {
    ("bus", "Li-ion only", "BOL"): 220.0, ("bus", "Li-ion only", "EOL"): 660.0,
    ("bus", "SC/Li-ion", "BOL"): 250.0, ("bus", "SC/Li-ion", "EOL"): 250.0,
    ("bus", "Al-ion/Li-ion", "BOL"): 320.0, ("bus", "Al-ion/Li-ion", "EOL"): 500.0,
    ("ev", "Li-ion only", "BOL"): 162.0, ("ev", "Li-ion only", "EOL"): 405.0,
    ("ev", "SC/Li-ion", "BOL"): 170.0, ("ev", "SC/Li-ion", "EOL"): 170.0,
    ("ev", "Al-ion/Li-ion", "BOL"): 177.0, ("ev", "Al-ion/Li-ion", "EOL"): 267.0,
}
SCALE = {"climate": 3.0, "acidification": 0.5, "minerals": 0.002, "energy": 8.0}


def _scaled_printed() -> FakePrinted:
    return FakePrinted({(v, c, s, cat): b * SCALE[cat] for (v, c, s), b in BASE.items() for cat in CATEGORIES})


# --- EOL from BOL ---------------------------------------------------------------------
def test_eol_from_bol_value_by_hand():
    # HE part 50 built 1 + 1.5 times, HP increment 80 - 50 = 30 built 1 + 0.25 times
    assert impacts.eol_from_bol_value(50.0, 80.0, 1.5, 0.25) == pytest.approx(125.0 + 37.5)
    assert impacts.eol_from_bol_value(40.0, 40.0, 0.5, 3.0) == pytest.approx(60.0)


def test_eol_replacements_reads_eol_columns_and_gives_zero_hp_without_hp():
    got = impacts.eol_replacements(_reps())
    assert got == {
        ("bus", "Li-ion only"): (0.0, 2.0), ("bus", "SC/Li-ion"): (1.5, 0.5), ("bus", "Al-ion/Li-ion"): (3.0, 0.25),
        ("ev", "Li-ion only"): (0.0, 1.5), ("ev", "SC/Li-ion"): (0.5, 3.0), ("ev", "Al-ion/Li-ion"): (2.5, 0.75),
    }
    for pair in got.values():
        assert all(type(x) is float for x in pair)


def test_eol_from_bol_by_hand():
    printed = _scaled_printed()
    bus = impacts.eol_from_bol(printed, _reps(), "bus", "climate")
    # BOL x3: Li 660, SC 750, Al 960. Li: 660 x 3; SC: 660 x 1.5 + 90 x 2.5; Al: 660 x 1.25 + 300 x 4
    assert list(bus.index) == list(CASES)
    assert bus.name == "bus climate EOL from BOL"
    assert bus.to_list() == pytest.approx([1980.0, 1215.0, 2025.0])
    ev = impacts.eol_from_bol(printed, _reps(), "ev", "energy")
    # BOL x8: Li 1296, SC 1360, Al 1416. Li: 1296 x 2.5; SC: 1296 x 4 + 64 x 1.5; Al: 1296 x 1.75 + 120 x 3.5
    assert ev.name == "ev energy EOL from BOL"
    assert ev.to_list() == pytest.approx([3240.0, 5280.0, 2688.0])
    with pytest.raises(ParameterError) as err:
        impacts.eol_from_bol(printed, _reps(), "bus", "toxicity")
    assert str(err.value) == ("argument 'category' = 'toxicity' is not allowed: valid values are "
                              "{'climate', 'acidification', 'minerals', 'energy'}")


# --- Figures 3-4 ratios ----------------------------------------------------------------
def test_ratio_to_li_only_eol_from_tables_7_and_8():
    printed = data.load_printed()
    bus = impacts.ratio_to_li_only_eol(printed, "bus")
    assert list(bus.columns) == ["case", "stage", "category", "ratio"]
    assert list(zip(bus.category, bus.case, bus.stage)) == [
        (cat, c, s) for cat in CATEGORIES for c in CASES for s in ("BOL", "EOL")]
    table7_climate = [8482, 25450, 7990, 7990, 8536, 9143]
    table7_energy = [96050, 288100, 93230, 93230, 99180, 117900]
    assert bus[bus.category == "climate"].ratio.to_list() == pytest.approx([x / 25450 for x in table7_climate])
    assert bus[bus.category == "energy"].ratio.to_list() == pytest.approx([x / 288100 for x in table7_energy])
    ev = impacts.ratio_to_li_only_eol(printed, "ev")
    table8_acidification = [13.72, 27.44, 13.76, 13.76, 19.06, 24.66]
    assert ev[ev.category == "acidification"].ratio.to_list() == pytest.approx(
        [x / 27.44 for x in table8_acidification])


# --- exposure and prediction -------------------------------------------------------------
def test_exposure_table_by_hand():
    got = impacts.exposure_table(_masses(), _reps())
    pd.testing.assert_frame_equal(got, _expected_exposure(), check_dtype=False)


def test_predict_impacts_by_hand_with_a_missing_factor_as_zero():
    exposure = _expected_exposure()
    got = impacts.predict_impacts(exposure, {"lfp_pack": 2.5, "supercapacitor": 4.0})
    expected = [lfp * 2.5 + sc * 4.0 for (_, _, _, lfp, sc, _) in EXPOSURE_ROWS]
    assert got.to_list() == pytest.approx(expected)
    assert got[3] == pytest.approx(165.0 * 2.5 + 12.5 * 4.0)
    got = impacts.predict_impacts(exposure, {"al_ion_cell": 0.0, "lfp_pack": 0.5, "supercapacitor": 0.25})
    assert got.to_list() == pytest.approx([lfp * 0.5 + sc * 0.25 for (_, _, _, lfp, sc, _) in EXPOSURE_ROWS])


def test_predict_impacts_rejects_bad_factors_with_exact_messages():
    exposure = _expected_exposure()
    with pytest.raises(ParameterError) as err:
        impacts.predict_impacts(exposure, {"lfp_pack": 0.5, "supercapacitor": -0.25})
    assert str(err.value) == "argument 'factor[supercapacitor]' = -0.25 is out of range: valid range is [0, inf)"
    with pytest.raises(ParameterError) as err:
        impacts.predict_impacts(exposure, {"lfp": 0.5})
    assert str(err.value) == ("argument 'factor key' = 'lfp' is not allowed: valid values are "
                              "{'lfp_pack', 'supercapacitor', 'al_ion_cell'}")


# --- least-squares fits ----------------------------------------------------------------
def _exact_printed(truth: dict[str, dict[str, float]]) -> FakePrinted:
    """Impacts that the per-kg model reproduces exactly: produced mass x truth, by hand."""
    values = {}
    for v, c, s, lfp, sc, al in EXPOSURE_ROWS:
        for cat in CATEGORIES:
            f = truth[cat]
            values[(v, c, s, cat)] = lfp * f["lfp_pack"] + sc * f["supercapacitor"] + al * f["al_ion_cell"]
    return FakePrinted(values)


TRUTH = {
    "climate": {"lfp_pack": 6.5, "supercapacitor": 3.0, "al_ion_cell": 0.7},
    "acidification": {"lfp_pack": 0.025, "supercapacitor": 0.04, "al_ion_cell": 0.003},
    "minerals": {"lfp_pack": 3e-5, "supercapacitor": 2e-5, "al_ion_cell": 5e-5},
    "energy": {"lfp_pack": 80.0, "supercapacitor": 45.0, "al_ion_cell": 12.0},
}


def test_fit_recovers_exact_factors_and_counts_the_sc_eol_row_once():
    printed = _exact_printed(TRUTH)
    factors, table = impacts.fit_per_kg_factors(_expected_exposure(), printed, "acidification")
    assert factors == pytest.approx(TRUTH["acidification"], rel=1e-6)
    assert list(table.columns) == ["vehicle", "case", "stage", "published", "fitted", "residual_pct"]
    keys = [(v, c, s) for v, c, s, *_ in EXPOSURE_ROWS if not (c == "SC/Li-ion" and s == "EOL")]
    assert list(zip(table.vehicle, table.case, table.stage)) == keys
    assert list(table.index) == list(range(10))
    assert table.published.to_list() == pytest.approx([printed.values[k + ("acidification",)] for k in keys])
    assert np.abs(table.residual_pct).max() < 1e-6
    factors, table = impacts.fit_per_kg_factors(_expected_exposure(), printed, "energy", ("ev",))
    assert factors == pytest.approx(TRUTH["energy"], rel=1e-6)
    assert list(zip(table.vehicle, table.case, table.stage)) == [k for k in keys if k[0] == "ev"]


def _one_factor_case():
    """Exposure with the LFP pack only; Li-only BOL/EOL and the Al-ion BOL row per vehicle, plus an
    SC/Li-ion EOL row (left out by the fit) whose published value would spoil it."""
    rows = [
        ("bus", "Li-ion only", "BOL", 100.0, 210.0),
        ("bus", "Li-ion only", "EOL", 300.0, 580.0),
        ("bus", "SC/Li-ion", "EOL", 70.0, 9990.0),
        ("ev", "Li-ion only", "BOL", 50.0, 110.0),
        ("ev", "Al-ion/Li-ion", "BOL", 60.0, 140.0),
        ("ev", "SC/Li-ion", "EOL", 80.0, 9990.0),
    ]
    exposure = pd.DataFrame([(v, c, s, x, 0.0, 0.0) for v, c, s, x, _ in rows], columns=EXPOSURE_COLUMNS)
    printed = FakePrinted({(v, c, s, cat): p * SCALE[cat] for v, c, s, _, p in rows for cat in CATEGORIES})
    return exposure, printed, rows


def _closed_form(pairs):
    """min_f sum (f x / p - 1)^2  =>  f = sum(q) / sum(q^2) with q = x / p; residuals 100 (f q - 1)."""
    q = [x / p for x, p in pairs]
    f = sum(q) / sum(qi * qi for qi in q)
    res = [100 * (f * qi - 1) for qi in q]
    return f, res


def test_fit_minimises_relative_residuals_closed_form():
    exposure, printed, rows = _one_factor_case()
    kept = [(x, p) for v, c, s, x, p in rows if not (c == "SC/Li-ion" and s == "EOL")]
    f, res = _closed_form(kept)
    factors, table = impacts.fit_per_kg_factors(exposure, printed, "climate")
    assert set(factors) == {"lfp_pack"}
    assert factors["lfp_pack"] == pytest.approx(f * 3.0, rel=1e-9)
    assert table.published.to_list() == pytest.approx([p * 3.0 for _, p in kept])
    assert table.fitted.to_list() == pytest.approx([x * f * 3.0 for x, _ in kept])
    assert table.residual_pct.to_list() == pytest.approx(res, rel=1e-9)
    # bus only: q = 100/210, 300/580
    f_bus, _ = _closed_form([(100.0, 210.0), (300.0, 580.0)])
    factors, table = impacts.fit_per_kg_factors(exposure, printed, "minerals", ("bus",))
    assert factors["lfp_pack"] == pytest.approx(f_bus * 0.002, rel=1e-9)
    assert len(table) == 2


def test_fit_rejects_bad_vehicles_and_categories_with_exact_messages():
    exposure, printed, _ = _one_factor_case()
    for vehicles in ((), ("bus", "tram")):
        with pytest.raises(ParameterError) as err:
            impacts.fit_per_kg_factors(exposure, printed, "climate", vehicles)
        assert str(err.value) == (f"argument 'vehicles' = {vehicles!r}: need a non-empty subset of "
                                  "('bus', 'ev')")
    with pytest.raises(ParameterError) as err:
        impacts.fit_per_kg_factors(exposure, printed, "toxicity")
    assert str(err.value) == ("argument 'category' = 'toxicity' is not allowed: valid values are "
                              "{'climate', 'acidification', 'minerals', 'energy'}")


def test_fit_refuses_an_exposure_with_nothing_to_fit():
    """An exposure table with no rows for the chosen vehicles, or with no produced mass in
    them, is refused with a message (scipy's nnls would abort the whole process on it)."""
    exposure, printed, _ = _one_factor_case()
    bus_only = exposure[exposure.vehicle == "bus"].reset_index(drop=True)
    with pytest.raises(ValueError) as err:
        impacts.fit_per_kg_factors(bus_only, printed, "climate", ("ev",))
    assert not isinstance(err.value, ParameterError)  # the arguments are valid; the table is empty
    assert str(err.value) == ("nothing to fit: no component has a produced mass in the exposure rows "
                              "of ('ev',) (0 row(s))")
    massless = exposure.copy()
    massless[list(impacts.COMPONENTS)] = 0.0
    with pytest.raises(ValueError) as err:
        impacts.fit_per_kg_factors(massless, printed, "climate", ("bus",))
    # the bus's three rows less its SC/Li-ion EOL row, which the fit leaves out
    assert str(err.value) == ("nothing to fit: no component has a produced mass in the exposure rows "
                              "of ('bus',) (2 row(s))")


def test_fit_summary_refuses_a_vehicle_with_nothing_to_fit_and_names_it():
    """The summary fits each vehicle alone too: a vehicle without rows is refused, naming it."""
    exposure, printed, _ = _one_factor_case()
    bus_only = exposure[exposure.vehicle == "bus"].reset_index(drop=True)
    with pytest.raises(ValueError) as err:
        impacts.fit_summary(bus_only, printed)
    assert str(err.value) == ("nothing to fit: no component has a produced mass in the exposure rows "
                              "of ('ev',) (0 row(s))")


def test_fit_summary_exact_factors_per_fit():
    summary = impacts.fit_summary(_expected_exposure(), _exact_printed(TRUTH))
    assert list(summary.columns) == ["category", "fit", "lfp_pack", "supercapacitor", "al_ion_cell",
                                     "max_abs_residual_pct", "rms_residual_pct"]
    assert list(zip(summary.category, summary.fit)) == [
        (cat, fit) for cat in CATEGORIES for fit in ("bus + EV", "bus only", "EV only")]
    for row in summary.itertuples(index=False):
        for k in ("lfp_pack", "supercapacitor", "al_ion_cell"):
            assert getattr(row, k) == pytest.approx(TRUTH[row.category][k], rel=1e-6)
        assert row.max_abs_residual_pct < 1e-6 and row.rms_residual_pct < 1e-6


def test_fit_summary_residual_statistics_closed_form():
    exposure, printed, _ = _one_factor_case()
    summary = impacts.fit_summary(exposure, printed).set_index(["category", "fit"])
    fits = {
        "bus + EV": [(100.0, 210.0), (300.0, 580.0), (50.0, 110.0), (60.0, 140.0)],
        "bus only": [(100.0, 210.0), (300.0, 580.0)],
        "EV only": [(50.0, 110.0), (60.0, 140.0)],
    }
    for cat in CATEGORIES:
        for label, pairs in fits.items():
            f, res = _closed_form(pairs)
            row = summary.loc[(cat, label)]
            assert row.lfp_pack == pytest.approx(f * SCALE[cat], rel=1e-9)
            assert row.supercapacitor == 0.0 and row.al_ion_cell == 0.0  # not fitted: no such mass
            assert row.max_abs_residual_pct == pytest.approx(max(abs(r) for r in res), rel=1e-9)
            assert row.rms_residual_pct == pytest.approx(np.sqrt(sum(r * r for r in res) / len(res)), rel=1e-9)


# --- implied increments -----------------------------------------------------------------
# Per base unit (x the category's scale): bus LFP 220/110 = 2, SC (250-220)/5 = 6, Al first
# (320-220)/40 = 2.5, Al each replacement (500-320)/(3 x 40) = 1.5; EV LFP 162/54 = 3,
# SC (170-162)/2 = 4, Al first (177-162)/30 = 0.5, each replacement (267-177)/(2.5 x 30) = 1.2.
INCREMENTS = {"bus": [2.0, 6.0, 2.5, 1.5], "ev": [3.0, 4.0, 0.5, 1.2]}
BASES = ["LFP pack (Li-only BOL)", "SC, first unit (BOL)", "Al-ion, first unit (BOL)",
         "Al-ion, each replacement (EOL-BOL)"]


def test_implied_increments_by_hand():
    got = impacts.implied_increments(_masses(), _reps(), _scaled_printed())
    assert list(got.columns) == ["vehicle", "category", "basis", "per_kg"]
    assert list(zip(got.vehicle, got.category, got.basis)) == [
        (v, cat, b) for v in ("bus", "ev") for cat in CATEGORIES for b in BASES]
    expected = [x * SCALE[cat] for v in ("bus", "ev") for cat in CATEGORIES for x in INCREMENTS[v]]
    assert got.per_kg.to_list() == pytest.approx(expected)


def test_implied_increments_without_al_ion_replacement_is_nan():
    got = impacts.implied_increments(_masses(), _reps(bus_al_hp=0.0), _scaled_printed())
    each = got[got.basis == BASES[3]].set_index(["vehicle", "category"]).per_kg
    for cat in CATEGORIES:
        assert np.isnan(each[("bus", cat)])
        assert each[("ev", cat)] == pytest.approx(1.2 * SCALE[cat])
    # a fractional count still divides: 180 / (0.5 x 40) = 9
    got = impacts.implied_increments(_masses(), _reps(bus_al_hp=0.5), _scaled_printed())
    each = got[got.basis == BASES[3]].set_index(["vehicle", "category"]).per_kg
    assert each[("bus", "energy")] == pytest.approx(9.0 * 8.0)


def test_fit_keeps_a_component_with_under_one_kg_in_all():
    """A component enters the fit when any produced mass is non-zero, however small its total:
    SC 0.2 kg (bus) and 0.1 kg (EV) at BOL; the SC/Li-ion EOL rows are left out of the fit."""
    small_sc = {("bus", "SC/Li-ion", "BOL"): 0.2, ("bus", "SC/Li-ion", "EOL"): 0.3,
                ("ev", "SC/Li-ion", "BOL"): 0.1, ("ev", "SC/Li-ion", "EOL"): 0.15}
    rows = [(v, c, s, lfp, small_sc.get((v, c, s), sc), al) for v, c, s, lfp, sc, al in EXPOSURE_ROWS]
    exposure = pd.DataFrame(rows, columns=EXPOSURE_COLUMNS)
    truth = {"lfp_pack": 6.5, "supercapacitor": 500.0, "al_ion_cell": 0.7}
    printed = FakePrinted({(v, c, s, "climate"): lfp * 6.5 + sc * 500.0 + al * 0.7 for v, c, s, lfp, sc, al in rows})
    factors, table = impacts.fit_per_kg_factors(exposure, printed, "climate")
    assert set(factors) == {"lfp_pack", "supercapacitor", "al_ion_cell"}
    assert factors == pytest.approx(truth, rel=1e-6)
    # bus SC/Li-ion BOL: 110 x 6.5 + 0.2 x 500 = 815
    assert table.published[2] == pytest.approx(815.0)


def test_fit_summary_reports_zero_for_a_component_without_mass():
    """No LFP mass anywhere (Al-ion cells only): the LFP factor is not fitted and reads 0."""
    rows = [("bus", "Al-ion/Li-ion", "BOL", 40.0, 90.0), ("bus", "Al-ion/Li-ion", "EOL", 160.0, 300.0),
            ("ev", "Al-ion/Li-ion", "BOL", 30.0, 75.0), ("ev", "Al-ion/Li-ion", "EOL", 105.0, 250.0)]
    exposure = pd.DataFrame([(v, c, s, 0.0, 0.0, x) for v, c, s, x, _ in rows], columns=EXPOSURE_COLUMNS)
    printed = FakePrinted({(v, c, s, cat): p * SCALE[cat] for v, c, s, _, p in rows for cat in CATEGORIES})
    summary = impacts.fit_summary(exposure, printed).set_index(["category", "fit"])
    f_all, _ = _closed_form([(x, p) for *_, x, p in rows])
    f_bus, _ = _closed_form([(40.0, 90.0), (160.0, 300.0)])
    for cat in CATEGORIES:
        for label, f in (("bus + EV", f_all), ("bus only", f_bus)):
            row = summary.loc[(cat, label)]
            assert row.lfp_pack == 0.0 and row.supercapacitor == 0.0
            assert row.al_ion_cell == pytest.approx(f * SCALE[cat], rel=1e-9)
