"""ch003: what-if and audit helpers on inputs the chapter itself never builds.

The helpers are public and take tables as arguments, so they must not rely on accidents of
the chapter's own tables: the row order of a kWh table, electricity listed only in MJ, a
Table 5 row that is off by exactly the 1e-6 kg the audit tolerates. Expected values by hand
from Melzack et al. (2023): Table 2 (60.48 MJ/kg), Table 5 (bus HE 1,200 kg + 3 % BMS),
Section 3.1 (Li-ion only bus BOL climate 8,481 -> 28,196 with fossil electricity, 20 %
fossil baseline).
"""

from __future__ import annotations

import pandas as pd
import pytest

from ev_compendium.ch003_dess import audit, data, whatifs
from ev_compendium.chapter import load_chapter

CH = load_chapter("ch003")


def _tables():
    return {name: data.load_table(name) for name in data.TABLES}


def test_electricity_calibration_does_not_depend_on_row_order():
    R = CH.module.compute(CH.parameters({}))
    kwh_li = 1236 * 60.48 / 3.6  # bus Li-ion only BOL: 20,764.8 kWh
    by_hand = (28196 - 8481) / (kwh_li * 0.8)
    for order in (slice(None), slice(None, None, -1)):
        kwh = R.kwh.iloc[order].reset_index(drop=True)
        assert whatifs.electricity_calibration(kwh, R.printed, "climate", 0.2) == pytest.approx(by_hand)
    shuffled = R.kwh.sample(frac=1.0, random_state=3).reset_index(drop=True)
    assert whatifs.electricity_calibration(shuffled, R.printed, "climate", 0.2) == pytest.approx(by_hand)


def test_electricity_kwh_counts_electricity_in_mj_only():
    tables = _tables()
    extra = pd.DataFrame([dict(component="lfp_pack", item="Electricity, other unit", material="electricity",
                               value=5.0, unit="kWh", in_product_mass=0)])
    tables["inventories"] = pd.concat([tables["inventories"], extra], ignore_index=True)
    printed = data.Printed(tables)
    R = CH.module.compute(CH.parameters({}))
    kwh = whatifs.electricity_kwh(R.exposure, printed).set_index(["vehicle", "case", "stage"]).kwh
    assert kwh[("bus", "Li-ion only", "BOL")] == pytest.approx(1236 * 60.48 / 3.6)


def test_table5_rows_off_by_the_tolerance_are_not_findings():
    """A row whose printed total differs from the sum of its columns by exactly 1e-6 kg is equal
    within the audit's tolerance: still the two findings of the paper (EV Li-ion only, EV Al-ion)."""
    tables = _tables()
    t5 = tables["table5_cases"]
    row = (t5.vehicle == "ev") & (t5.case == "SC/Li-ion")
    t5.loc[row, ["he_lfp_kg", "hp_kg", "bms_casing_kg", "total_kg"]] = [0.0, 0.0, 0.0, 1e-6]
    P = CH.parameters({})
    R = CH.module.compute(P)
    found = audit.audit_findings(P, data.Printed(tables), R.sizing_steps, R.increments, R.sc_comparison)
    table5 = found[found["where"] == "Table 5"]
    assert list(table5.finding) == ["ev Li-ion only: printed total vs sum of its columns",
                                    "ev Al-ion/Li-ion: printed total vs sum of its columns"]
    t5.loc[row, "total_kg"] = 2e-6  # beyond the tolerance: a finding
    found = audit.audit_findings(P, data.Printed(tables), R.sizing_steps, R.increments, R.sc_comparison)
    assert (found["where"] == "Table 5").sum() == 3


def test_alion_minerals_eol_with_a_replaced_li_ion_pack_by_hand():
    """A constructed case where the paper's Li-ion pack is replaced once (the paper's own has no
    HE replacement, so the (1 + r_HE) factor is otherwise invisible): Li part 0.02, EOL 0.1, 0.06
    at 100 % recycled copper, 1,000 kg built twice. f = (0.1 - 0.02 x 2) / 2,000 = 3e-5,
    d = 0.04 / 2,000 = 2e-5; 500 kg at 50 %: BOL = 0.02 + 500 (3e-5 - 1e-5) = 0.03;
    EOL with r_HE = 1, r_HP = 2: 0.02 x 2 + 0.01 x 3 = 0.07."""
    got = whatifs.alion_minerals_eol(0.02, 0.1, 0.06, mass_kg=500.0, recycled_share=0.5, he_replacements=1.0,
                                     hp_replacements=2.0, paper_mass_kg=1000.0, paper_he_replacements=1.0,
                                     paper_hp_replacements=1.0)
    assert got == pytest.approx(0.07, rel=1e-12)


def test_results_fit_is_the_joint_fit_kept_per_category():
    from ev_compendium.ch003_dess import impacts

    R = CH.module.compute(CH.parameters({}))
    factors, table = R.fit("climate")
    direct_factors, direct_table = impacts.fit_per_kg_factors(R.exposure, R.printed, "climate")
    assert factors == pytest.approx(direct_factors)
    pd.testing.assert_frame_equal(table, direct_table)
    assert R.fit("climate")[1] is table  # computed once
    assert R.fit("energy")[0] == pytest.approx(impacts.fit_per_kg_factors(R.exposure, R.printed, "energy")[0])
