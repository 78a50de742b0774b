"""ch003: the printed tables as the chapter reads them (``data.py``), checked against the paper.

``load_printed`` and the CSV reader are cached across the whole test session, so these tests
build a fresh :class:`~ev_compendium.ch003_dess.data.Printed` from the tables themselves: the
construction is what is tested. Every expected number is typed from Melzack, Wills & Cruden
(2023): Table 1 (example 10: 140 F), Table 2 (LFP pack: aluminium 0.201 kg cell container +
0.036 kg cathode substrate; transport 1.276 + 0.274 t*km; electricity 60.48 MJ), Table 3 (SC:
aluminium case 0.225 + collectors 0.046 + lid 0.043 kg), Table 4 (Al-ion cell, nine rows),
Tables 6-8, Section 3.1 (transport 36.7 mol H+ eq; electricity pairs), Table 6 note a
(516,000 km). The 1 kg totals are the sums of the items each table counts in the product mass,
added up by hand in the comments.
"""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

from ev_compendium.ch003_dess import data
from ev_compendium.validate import ParameterError


def _fresh() -> data.Printed:
    return data.Printed({name: data.load_table(name) for name in data.TABLES})


def _raises_exactly(call, message):
    with pytest.raises(ParameterError) as err:
        call()
    assert str(err.value) == message


def test_fresh_printed_tables_and_lookups():
    p = _fresh()
    t1 = p.table1
    assert t1.index.name == "example" and list(t1.index) == list(range(1, 12))
    assert t1.loc[10, "sc_capacitance_f"] == 140 and t1.loc[1, "sc_units"] == 12876
    assert p.table6_replacements("bus", "Al-ion/Li-ion") == (2.0, 0.0)
    assert p.table6_replacements("bus", "Li-ion only") == (0.0, 3.0)  # HP: N/A
    assert p.table6.loc[("ev", "Li-ion only"), "eol_he"] == 1
    assert p.impact("bus", "Li-ion only", "EOL", "climate") == 25450.0
    assert p.impact("ev", "Al-ion/Li-ion", "BOL", "acidification") == 19.06
    assert p.electricity_pair("SC/Li-ion", "acidification") == (29.3, 56.6)
    assert p.transport_value("double_transport", "acidification") == 36.7
    assert p.text["bus_eol_km"] == 516000.0 and p.text["cu100_minerals"] == 0.043


def test_fresh_printed_inventory_sums():
    p = _fresh()
    # materials listed more than once add up
    assert p.inventory_item("lfp_pack", "aluminium") == pytest.approx(0.201 + 0.036)
    assert p.inventory_item("supercapacitor", "aluminium") == pytest.approx(0.225 + 0.046 + 0.043)
    assert p.inventory_item("lfp_pack", "electricity") == pytest.approx(60.48)
    assert p.inventory_item("al_ion_cell", "electricity", "MJ") == pytest.approx(37.0)
    assert p.transport_tkm_per_kg("lfp_pack") == pytest.approx(1.55)
    assert p.transport_tkm_per_kg("al_ion_cell") == 0.0
    assert p.inventory_share("supercapacitor", "Case") == pytest.approx(0.225)
    assert p.inventory_share("lfp_pack", "Cell container") == pytest.approx(0.201)


def test_fresh_printed_product_mass_is_the_counted_items_only():
    p = _fresh()
    # Table 2: 0.03 + 0.201 + 0.083 + 0.036 + 0.12 + 0.08 + 0.25 + 0.17 + 0.03 = 1.000
    # (transport, water and electricity are not part of the product)
    assert p.inventory_product_mass_kg("lfp_pack") == pytest.approx(1.0, abs=1e-9)
    # Table 3: 0.169 + 0.134 + 0.225 + 0.046 + 0.252 + 0.043 + 0.088 + 0.043 = 1.000
    assert p.inventory_product_mass_kg("supercapacitor") == pytest.approx(1.0, abs=1e-9)
    # Table 4: 0.11 + 0.09 + 0.53 + 0.005 + 0.005 + 0.26 = 1.000
    assert p.inventory_product_mass_kg("al_ion_cell") == pytest.approx(1.0, abs=1e-9)


def test_inventory_of_one_component_as_printed():
    p = _fresh()
    inv = p.inventory("al_ion_cell")
    assert list(inv.columns) == ["component", "item", "material", "value", "unit", "in_product_mass"]
    assert list(inv.index) == list(range(9))
    assert set(inv.component) == {"al_ion_cell"}
    assert list(inv.item) == ["Battery case", "Current collector", "Electrode substrate", "Positive electrode",
                              "Negative electrode", "Electrolyte", "Electricity", "Water", "Hydrochloric acid"]
    assert list(inv.value) == pytest.approx([0.11, 0.09, 0.53, 0.005, 0.005, 0.26, 37, 8.83, 0.40])
    assert list(inv.in_product_mass) == [1, 1, 1, 1, 1, 1, 0, 0, 0]
    # Table 3 has nine rows, Table 2 thirteen
    assert len(p.inventory("supercapacitor")) == 9 and len(p.inventory("lfp_pack")) == 13
    # a copy: changing it changes nothing the next caller sees
    inv.loc[0, "value"] = -1.0
    assert p.inventory("al_ion_cell").loc[0, "value"] == pytest.approx(0.11)


def test_inventory_refuses_an_unknown_component_with_the_exact_message():
    p = data.load_printed()
    _raises_exactly(lambda: p.inventory("nmc_pack"),
                    "argument 'component' = 'nmc_pack' is not allowed: valid values are "
                    "{'lfp_pack', 'supercapacitor', 'al_ion_cell'}")


def test_load_table_refuses_an_unknown_table_with_the_exact_message():
    _raises_exactly(lambda: data.load_table("table9"),
                    "argument 'name' = 'table9' is not allowed: valid values are {'table1_dess_literature', "
                    "'inventories', 'table5_cases', 'table6_replacements', 'table7_8_impacts', "
                    "'transport_sensitivity', 'electricity_sensitivity', 'text_values'}")


def test_load_table_rereads_a_file_changed_in_place(tmp_path, monkeypatch):
    """Same path, new modification time: the new contents, not the cached ones."""
    shutil.copytree(data.chapter_data_dir("ch003").parent, tmp_path / "data")
    monkeypatch.setenv("EV_COMPENDIUM_DATA", str(tmp_path / "data"))
    path = tmp_path / "data" / "ch003" / "table5_cases.csv"
    assert data.load_table("table5_cases").loc[0, "total_kg"] == pytest.approx(1239.8)
    path.write_text(path.read_text().replace("1239.8", "1111.1"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))  # a later version
    assert data.load_table("table5_cases").loc[0, "total_kg"] == pytest.approx(1111.1)
    assert isinstance(data.load_table("table5_cases"), pd.DataFrame)


def test_impact_matrix_is_a_case_by_stage_table():
    # Table 7, bus climate: Li-ion only 8,482 / 25,450; SC/Li-ion 7,990 / 7,990; Al-ion/Li-ion 8,536 / 9,143
    expected = pd.DataFrame({"BOL": [8482.0, 7990.0, 8536.0], "EOL": [25450.0, 7990.0, 9143.0]},
                            index=pd.Index(["Li-ion only", "SC/Li-ion", "Al-ion/Li-ion"], name="case"))
    pd.testing.assert_frame_equal(data.load_printed().impact_matrix("bus", "climate"), expected)
