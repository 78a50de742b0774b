"""ch003: the model functions' argument checks, to the exact one-line message a user sees.

Every expected message is typed by hand from the documented format of
:func:`ev_compendium.validate.check_range` (``argument 'x' = 0.0 is out of range: valid range
is (0, inf)``) and :func:`~ev_compendium.validate.require` (``parameter 'x': need ... (got
x = ...)``), with the bounds each docstring states. Integer inputs are passed on purpose: the
message must show the value converted to float (``0.0``), as every check converts it.
The hand values come from the paper (Melzack et al. 2023: 124 miles a day over 10 years,
Table 1 layouts, the introduction's 2980 mAh/g) or from arithmetic written out in the comment.
"""

from __future__ import annotations

import re

import pytest

from ev_compendium.ch003_dess import sizing, whatifs
from ev_compendium.ch003_dess import replacements as repl
from ev_compendium.validate import ParameterError

OPEN = "valid range is (0, inf)"  # a positive argument
HALF = "valid range is [0, inf)"  # a non-negative one


def _raises_exactly(call, message):
    with pytest.raises(ParameterError) as err:
        call()
    assert str(err.value) == message


# --- replacements.bus_distance_km ------------------------------------------------------
def test_bus_distance_hand_values():
    # 124 miles a day (Section 2.5), 1 mile = 1.609344 km: 199.558656 km a day
    assert repl.bus_distance_km(124, 365, 10) == pytest.approx(728_389.0944)  # x 3,650 days
    assert repl.bus_distance_km(124, 250, 10) == pytest.approx(498_896.64)  # x 2,500 days
    assert repl.bus_distance_km(124, 250, 12) == pytest.approx(598_675.968)  # x 3,000 days
    assert repl.bus_distance_km(0.5, 2, 3) == pytest.approx(4.828032)  # 0.804672 km x 6


@pytest.mark.parametrize("args, name", [
    ((0, 250, 12), "miles_per_day"),
    ((124, 0, 12), "operating_days_per_year"),
    ((124, 250, 0), "years"),
])
def test_bus_distance_rejects_a_zero_naming_the_argument(args, name):
    _raises_exactly(lambda: repl.bus_distance_km(*args),
                    f"argument '{name}' = 0.0 is out of range: {OPEN}")


def test_bus_distance_rejects_a_negative_value():
    _raises_exactly(lambda: repl.bus_distance_km(124, -3, 12),
                    f"argument 'operating_days_per_year' = -3.0 is out of range: {OPEN}")


# --- replacements.replacements ----------------------------------------------------------
def test_replacements_messages():
    _raises_exactly(lambda: repl.replacements(-1, 4),
                    f"argument 'service_demand' = -1.0 is out of range: {HALF}")
    _raises_exactly(lambda: repl.replacements(10, 0),
                    f"argument 'component_life' = 0.0 is out of range: {OPEN}")
    assert repl.replacements(0, 4) == 0  # no demand: no replacement (0 is allowed)


# --- sizing.array_count -------------------------------------------------------------------
def test_array_count_hand_values():
    assert sizing.array_count(1, 1) == 1  # a single cell is an array (the lower bound is 1)
    assert sizing.array_count(1, 7) == 7
    assert sizing.array_count(222, 58) == 12_876  # Table 1: 222s58p
    assert sizing.array_count(3.0, 4.0) == 12  # whole floats are whole numbers of cells


@pytest.mark.parametrize("args, name, shown", [((0, 5), "series", "0.0"), ((5, 0), "parallel", "0.0"),
                                               ((-2, 5), "series", "-2.0")])
def test_array_count_needs_at_least_one_cell(args, name, shown):
    _raises_exactly(lambda: sizing.array_count(*args),
                    f"argument '{name}' = {shown} is out of range: valid range is [1, inf)")


@pytest.mark.parametrize("args, name, shown", [((2.5, 4), "series", "2.5"), ((5, 1.25), "parallel", "1.25")])
def test_array_count_needs_whole_cells(args, name, shown):
    _raises_exactly(lambda: sizing.array_count(*args),
                    f"parameter '{name}': need a whole number of cells in {name} (got {name} = {shown})")


# --- sizing: the other sizing functions ---------------------------------------------------
@pytest.mark.parametrize("call, message", [
    (lambda: sizing.hp_mass_from_power_kg(0, 5.7), f"argument 'power_kw' = 0.0 is out of range: {OPEN}"),
    (lambda: sizing.hp_mass_from_power_kg(150, 0), f"argument 'power_density_kw_per_kg' = 0.0 is out of range: {OPEN}"),
    (lambda: sizing.hp_power_from_mass_kw(0, 4.6), f"argument 'mass_kg' = 0.0 is out of range: {OPEN}"),
    (lambda: sizing.hp_power_from_mass_kw(4.32, 0), f"argument 'power_density_kw_per_kg' = 0.0 is out of range: {OPEN}"),
    (lambda: sizing.cell_mass_from_active_kg(0, 0.3), f"argument 'active_mass_kg' = 0.0 is out of range: {OPEN}"),
    (lambda: sizing.cell_mass_from_active_kg(66, 0),
     "argument 'active_fraction' = 0.0 is out of range: valid range is (0, 1]"),
    (lambda: sizing.cell_mass_from_active_kg(66, 2),
     "argument 'active_fraction' = 2.0 is out of range: valid range is (0, 1]"),
    (lambda: sizing.bms_mass_kg(-1, 0.03), f"argument 'he_mass_kg' = -1.0 is out of range: {HALF}"),
    (lambda: sizing.bms_mass_kg(568, 2), "argument 'bms_fraction' = 2.0 is out of range: valid range is [0, 1]"),
    (lambda: sizing.bms_mass_kg(568, -1), "argument 'bms_fraction' = -1.0 is out of range: valid range is [0, 1]"),
    (lambda: sizing.pack_mass_from_energy_kg(0, 88), f"argument 'energy_kwh' = 0.0 is out of range: {OPEN}"),
    (lambda: sizing.pack_mass_from_energy_kg(115, 0),
     f"argument 'energy_density_wh_per_kg' = 0.0 is out of range: {OPEN}"),
    (lambda: sizing.supercap_energy_wh(0, 27), f"argument 'capacitance_f' = 0.0 is out of range: {OPEN}"),
    (lambda: sizing.supercap_energy_wh(140, 0), f"argument 'voltage_v' = 0.0 is out of range: {OPEN}"),
    (lambda: sizing.theoretical_capacity_al(0, 2.7, 96485), f"argument 'molar_mass_g_per_mol' = 0.0 is out of range: {OPEN}"),
    (lambda: sizing.theoretical_capacity_al(27, 0, 96485), f"argument 'density_g_per_cm3' = 0.0 is out of range: {OPEN}"),
    (lambda: sizing.theoretical_capacity_al(27, 2.7, 0), f"argument 'faraday_c_per_mol' = 0.0 is out of range: {OPEN}"),
])
def test_sizing_messages(call, message):
    _raises_exactly(call, message)


def test_sizing_bounds_that_are_allowed():
    assert sizing.cell_mass_from_active_kg(66.24, 1) == pytest.approx(66.24)  # all active: no inactive mass
    assert sizing.bms_mass_kg(0, 0.03) == 0.0  # no HE pack, no BMS
    assert sizing.bms_mass_kg(568, 0) == 0.0
    assert sizing.bms_mass_kg(568, 1) == pytest.approx(568.0)


def test_theoretical_capacity_by_hand():
    # n F / M in C/g, / 3.6 for mAh/g: 2 x 96,000 / 24 = 8,000 C/g = 2,222.2 mAh/g; x 1.5 g/cm3
    g, cm3 = sizing.theoretical_capacity_al(24.0, 1.5, 96_000.0, electrons=2)
    assert g == pytest.approx(8000 / 3.6)
    assert cm3 == pytest.approx(1.5 * 8000 / 3.6)


# --- what-ifs -----------------------------------------------------------------------------
def test_whatif_share_messages():
    _raises_exactly(lambda: whatifs.fossil_bound_value(100.0, 0),
                    "argument 'baseline_fossil_share' = 0.0 is out of range: valid range is (0, 1]")
    assert whatifs.fossil_bound_value(100.0, 1) == pytest.approx(100.0)  # all fossil already
    assert whatifs.fossil_bound_value(100.0, 0.25) == pytest.approx(400.0)
    _raises_exactly(lambda: whatifs.wind_change_from_printed_pairs(None, 1),
                    "argument 'baseline_fossil_share' = 1.0 is out of range: valid range is [0, 1)")
    _raises_exactly(lambda: whatifs.electricity_whatif(None, None, None, "climate", 2, 0.2),
                    "argument 'fossil_share' = 2.0 is out of range: valid range is [0, 1]")
    _raises_exactly(lambda: whatifs.electricity_calibration(None, None, "climate", 1),
                    "argument 'baseline_fossil_share' = 1.0 is out of range: valid range is [0, 1)")
    _raises_exactly(lambda: whatifs.electricity_calibration(None, None, "minerals", 0.2),
                    "argument 'category' = 'minerals' is not allowed: valid values are "
                    "{'climate', 'acidification'}")
    _raises_exactly(lambda: whatifs.transport_whatif(None, None, None, -1),
                    "argument 'multiplier' = -1.0 is out of range: valid range is [0, inf)")


def test_choice_message_lists_the_valid_values():
    from ev_compendium.ch003_dess import data

    printed = data.load_printed()
    _raises_exactly(lambda: printed.impact("tram", "SC/Li-ion", "BOL", "climate"),
                    "argument 'vehicle' = 'tram' is not allowed: valid values are {'bus', 'ev'}")
    _raises_exactly(lambda: printed.printed_hp_mass_kg("bus", "NiMH"),
                    "argument 'case' = 'NiMH' is not allowed: valid values are "
                    "{'Li-ion only', 'SC/Li-ion', 'Al-ion/Li-ion'}")
    _raises_exactly(lambda: printed.impact("bus", "SC/Li-ion", "MOL", "climate"),
                    "argument 'stage' = 'MOL' is not allowed: valid values are {'BOL', 'EOL'}")
    assert re.search("'climate', 'acidification', 'minerals', 'energy'",
                     str(pytest.raises(ParameterError, printed.impact, "bus", "SC/Li-ion", "BOL", "water").value))


# --- whole tables under a non-baseline parameter set (every number by hand) ----------------
OVERRIDES = {"bus_hp_power_kw": 120.0, "sc_power_density_bus_kw_per_kg": 6.0,
             "al_ion_power_density_kw_per_kg_active": 0.4, "al_ion_active_fraction_bus": 0.5,
             "ev_sc_units": 50, "ev_sc_unit_mass_kg": 0.08, "sc_power_density_ev_kw_per_kg": 5.0,
             "al_ion_active_fraction_ev": 0.1, "he_mass_bus_kg": 1000.0, "he_mass_ev_kg": 500.0,
             "bms_fraction_of_he": 0.04}


def _P(**more):
    from ev_compendium.chapter import load_chapter

    return load_chapter("ch003").parameters({**OVERRIDES, **more})


def test_sizing_steps_table_by_hand():
    import pandas as pd

    expected = pd.DataFrame([
        ("bus", "SC mass", "120 kW / 6 kW/kg", 20.0, "kg"),                 # 120 / 6
        ("bus", "Al-ion active mass", "120 kW / 0.4 kW/kg", 300.0, "kg"),   # 120 / 0.4
        ("bus", "Al-ion cell mass", "300.0 kg / 0.5", 600.0, "kg"),         # 300 / 0.5
        ("ev", "SC mass", "50 x 0.08 kg", 4.0, "kg"),                       # 50 x 0.08
        ("ev", "HP power", "4.00 kg x 5 kW/kg", 20.0, "kW"),                # 4 x 5
        ("ev", "Al-ion active mass", "20.000 kW / 0.4 kW/kg", 50.0, "kg"),  # 20 / 0.4
        ("ev", "Al-ion cell mass", "50.00 kg / 0.1", 500.0, "kg"),          # 50 / 0.1
    ], columns=["vehicle", "step", "formula", "value", "unit"])
    pd.testing.assert_frame_equal(sizing.sizing_steps(_P()), expected, check_exact=False, rtol=1e-12)


def test_case_masses_table_by_hand():
    import pandas as pd

    # BMS 4 % of the HE mass: 40 kg (bus), 20 kg (EV); HP masses from the steps above
    rows = [("bus", "Li-ion only", 1000.0, "", 0.0, 40.0, 1040.0),
            ("bus", "SC/Li-ion", 1000.0, "SC", 20.0, 40.0, 1060.0),
            ("bus", "Al-ion/Li-ion", 1000.0, "Al-ion", 600.0, 40.0, 1640.0),
            ("ev", "Li-ion only", 500.0, "", 0.0, 20.0, 520.0),
            ("ev", "SC/Li-ion", 500.0, "SC", 4.0, 20.0, 524.0),
            ("ev", "Al-ion/Li-ion", 500.0, "Al-ion", 500.0, 20.0, 1020.0)]
    expected = pd.DataFrame(rows, columns=["vehicle", "case", "he_lfp_kg", "hp_type", "hp_kg", "bms_kg",
                                           "total_kg"])
    P = _P()
    pd.testing.assert_frame_equal(sizing.case_masses(P), expected, check_exact=False, rtol=1e-12)
    # the steps may be handed in (the same table either way)
    pd.testing.assert_frame_equal(sizing.case_masses(P, sizing.sizing_steps(P)), expected,
                                  check_exact=False, rtol=1e-12)


def test_replacement_table_by_hand():
    import numpy as np
    import pandas as pd

    P = _P(bus_lifetime_years=12.0, bus_li_only_pack_life_years=5.0, sc_life_years=7.0,
           bus_dess_li_life_years=12.0, bus_al_ion_life_years=5.0, ev_lifetime_cycles=6000.0,
           ev_li_only_life_cycles=2500.0, ev_sc_life_cycles=4000.0, ev_dess_li_life_cycles=6000.0,
           ev_al_ion_life_cycles=1500.0)
    nan = np.nan
    # ceil(12 / 5) - 1 = 2, ceil(12 / 7) - 1 = 1, 12 / 12: none; ceil(6000 / 2500) - 1 = 2,
    # ceil(6000 / 4000) - 1 = 1, 6000 / 6000: none, 6000 / 1500 = 4 units exactly: 3
    expected = pd.DataFrame([
        ("bus", "Li-ion only", nan, 0.0, nan, 2.0), ("bus", "SC/Li-ion", 0.0, 0.0, 1.0, 0.0),
        ("bus", "Al-ion/Li-ion", 0.0, 0.0, 2.0, 0.0), ("ev", "Li-ion only", nan, 0.0, nan, 2.0),
        ("ev", "SC/Li-ion", 0.0, 0.0, 1.0, 0.0), ("ev", "Al-ion/Li-ion", 0.0, 0.0, 3.0, 0.0),
    ], columns=["vehicle", "case", "bol_hp", "bol_he", "eol_hp", "eol_he"])
    pd.testing.assert_frame_equal(repl.replacement_table(P), expected)


def test_implied_replacements_message_names_the_vehicle():
    from ev_compendium.ch003_dess import data

    _raises_exactly(lambda: repl.replacements_implied_by_impacts(data.load_printed(), "tram"),
                    "argument 'vehicle' = 'tram' is not allowed: valid values are {'bus', 'ev'}")


def test_case_masses_use_the_steps_handed_in():
    """Steps of another parameter set (the baseline: 150 kW / 5.7 = 26.3158 kg of SC,
    500 / 0.6 = 833.33 kg and 66.24 / 0.06022 = 1099.97 kg of Al-ion cells, 4.32 kg of EV SC)
    with the HE and BMS masses of this one (1,000 / 500 kg, 4 %)."""
    import pandas as pd
    from ev_compendium.chapter import load_chapter

    baseline_steps = sizing.sizing_steps(load_chapter("ch003").parameters({}))
    hp = sizing.case_masses(_P(), baseline_steps).set_index(["vehicle", "case"]).hp_kg
    expected = pd.Series([0.0, 150 / 5.7, 500 / 0.6, 0.0, 4.32, 66.24 / 0.06022],
                         index=hp.index, name="hp_kg")
    pd.testing.assert_series_equal(hp, expected, check_exact=False, rtol=1e-12)
