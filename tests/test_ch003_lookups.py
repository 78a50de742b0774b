"""ch003: every lookup of the printed tables refuses a bad argument with the exact message a
user sees, and the chapter contract's joint constraints state themselves exactly.

The messages are typed by hand from the documented formats: ``_choice`` (``argument 'x' =
'v' is not allowed: valid values are {...}``, the allowed values in the order the module
lists them) and :func:`ev_compendium.validate.require` (``parameters 'a', 'b': need ...
(got a = ..., b = ...)``). The values looked up are the paper's (Melzack et al. 2023,
Tables 2, 5 and 6).
"""

from __future__ import annotations

import math

import pytest

from ev_compendium.ch003_dess import data
from ev_compendium.chapter import load_chapter
from ev_compendium.validate import ParameterError

CH = load_chapter("ch003")
VEHICLES = "{'bus', 'ev'}"
CASES = "{'Li-ion only', 'SC/Li-ion', 'Al-ion/Li-ion'}"
COMPONENTS = "{'lfp_pack', 'supercapacitor', 'al_ion_cell'}"


def _message(call) -> str:
    with pytest.raises(ParameterError) as err:
        call()
    return str(err.value)


def _not_allowed(name, value, allowed):
    return f"argument '{name}' = '{value}' is not allowed: valid values are {allowed}"


def test_impact_names_each_bad_argument():
    p = data.load_printed()
    assert _message(lambda: p.impact("bus", "SC", "BOL", "climate")) == _not_allowed("case", "SC", CASES)
    assert _message(lambda: p.impact("bus", "SC/Li-ion", "BOL", "water")) == _not_allowed(
        "category", "water", "{'climate', 'acidification', 'minerals', 'energy'}")
    assert _message(lambda: p.impact_matrix("car", "climate")) == _not_allowed("vehicle", "car", VEHICLES)


def test_table_lookups_name_each_bad_argument():
    p = data.load_printed()
    assert _message(lambda: p.printed_hp_mass_kg("tram", "SC/Li-ion")) == _not_allowed("vehicle", "tram", VEHICLES)
    assert _message(lambda: p.table6_replacements("tram", "SC/Li-ion")) == _not_allowed("vehicle", "tram", VEHICLES)
    assert _message(lambda: p.table6_replacements("ev", "NiMH")) == _not_allowed("case", "NiMH", CASES)
    assert _message(lambda: p.electricity_pair("NiMH", "climate")) == _not_allowed("case", "NiMH", CASES)
    assert _message(lambda: p.electricity_pair("SC/Li-ion", "energy")) == _not_allowed(
        "category", "energy", "{'climate', 'acidification'}")


def test_inventory_lookups_name_each_bad_argument():
    p = data.load_printed()
    for call in (lambda: p.inventory_item("nmc", "copper"), lambda: p.inventory_share("nmc", "Case"),
                 lambda: p.transport_tkm_per_kg("nmc"), lambda: p.inventory_product_mass_kg("nmc")):
        assert _message(call) == _not_allowed("component", "nmc", COMPONENTS)
    assert _message(lambda: p.inventory_item("lfp_pack", "cobalt")) == \
        "argument 'material': component 'lfp_pack' lists no material 'cobalt'"
    # Table 2 lists electricity in MJ only
    assert _message(lambda: p.inventory_item("lfp_pack", "electricity", "kWh")) == \
        "argument 'material': component 'lfp_pack' lists no material 'electricity' in kWh"
    assert _message(lambda: p.inventory_share("supercapacitor", "Lid cover")) == \
        "argument 'item': component 'supercapacitor' lists no item 'Lid cover'"
    assert _message(lambda: p.transport_value("triple_transport", "acidification")) == \
        "arguments 'quantity', 'category': Section 3.1 prints no 'triple_transport' value for 'acidification'"


def test_inventory_item_filters_by_unit():
    p = data.load_printed()
    assert p.inventory_item("lfp_pack", "water", "kg") == pytest.approx(380.0)  # Table 2: 380 kg of water
    assert p.inventory_item("lfp_pack", "transport", "t*km") == pytest.approx(1.276 + 0.274)
    assert p.inventory_item("al_ion_cell", "copper", "kg") == pytest.approx(0.09)  # Table 4 current collector


def test_missing_entries_read_as_zero_where_the_paper_prints_none():
    """Table 5 and 6 leave the HP entries of the Li-ion-only rows empty: an empty HP mass is 0 kg."""
    tables = {name: data.load_table(name) for name in data.TABLES}
    t5 = tables["table5_cases"]
    t5.loc[t5.case == "Li-ion only", "hp_kg"] = math.nan
    p = data.Printed(tables)
    assert p.printed_hp_mass_kg("ev", "Li-ion only") == 0.0
    assert p.printed_hp_mass_kg("ev", "SC/Li-ion") == pytest.approx(4.32)
    assert p.table6_replacements("ev", "Li-ion only") == (0.0, 1.0)


def test_impact_missing_from_a_table_is_a_key_error():
    """A valid (vehicle, case, stage, category) that a table lacks is not silently None."""
    tables = {name: data.load_table(name) for name in data.TABLES}
    t = tables["table7_8_impacts"]
    tables["table7_8_impacts"] = t[~((t.vehicle == "ev") & (t.case == "SC/Li-ion") & (t.stage == "EOL")
                                     & (t.category == "energy"))]
    p = data.Printed(tables)
    assert p.impact("ev", "SC/Li-ion", "BOL", "energy") == 42940.0
    with pytest.raises(KeyError):
        p.impact("ev", "SC/Li-ion", "EOL", "energy")


@pytest.mark.parametrize("overrides, message", [
    ({"bus_dess_li_life_years": 3.0},
     "parameters 'bus_dess_li_life_years', 'bus_li_only_pack_life_years': need bus_dess_li_life_years >= "
     "bus_li_only_pack_life_years (a DESS does not shorten the Li-ion life) "
     "(got bus_dess_li_life_years = 3, bus_li_only_pack_life_years = 4)"),
    ({"ev_li_only_life_cycles": 7000.0, "ev_dess_li_life_cycles": 6500.0},
     "parameters 'ev_dess_li_life_cycles', 'ev_li_only_life_cycles': need ev_dess_li_life_cycles >= "
     "ev_li_only_life_cycles (a DESS does not shorten the Li-ion life) "
     "(got ev_dess_li_life_cycles = 6500, ev_li_only_life_cycles = 7000)"),
])
def test_joint_constraints_state_themselves_exactly(overrides, message):
    # the defaults: a 4-year Li-ion-only bus pack (Table 6: replaced), 6,241 DESS cycles
    assert _message(lambda: CH.parameters(overrides)) == message


def test_compute_bundles_the_parameters_and_the_printed_tables():
    P = CH.parameters({"bus_hp_power_kw": 300.0})
    R = CH.module.compute(P)
    assert R.P is P
    assert R.printed.impact("bus", "Li-ion only", "BOL", "climate") == 8482.0
    assert R.step[("bus", "SC mass")] == pytest.approx(300 / 5.7)
