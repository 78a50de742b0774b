"""ch003 (Melzack et al. 2023, DESS LCA): data, sizing, replacements, impacts, what-ifs, audit, display."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ev_compendium.ch003_dess import audit, checks, data, display, impacts, sizing, whatifs
from ev_compendium.ch003_dess import replacements as repl
from ev_compendium.chapter import load_chapter
from ev_compendium.claims import load_claims
from ev_compendium.validate import ParameterError

CH = load_chapter("ch003")


@pytest.fixture(scope="module")
def P():
    return CH.parameters({})


@pytest.fixture(scope="module")
def R(P):
    return CH.module.compute(P)


@pytest.fixture(scope="module")
def printed():
    return data.load_printed()


# --- data ----------------------------------------------------------------------------
def test_load_table_returns_copies_so_the_cache_cannot_be_changed():
    first = data.load_table("table5_cases")
    first.loc[0, "total_kg"] = -1.0
    assert data.load_table("table5_cases").loc[0, "total_kg"] == pytest.approx(1239.8)
    with pytest.raises(ParameterError, match="name"):
        data.load_table("table9")


def test_load_table_follows_the_data_folder(tmp_path, monkeypatch):
    shutil.copytree(data.chapter_data_dir("ch003").parent, tmp_path / "data")
    before = data.load_table("table5_cases").loc[0, "total_kg"]
    path = tmp_path / "data" / "ch003" / "table5_cases.csv"
    path.write_text(path.read_text().replace("1239.8", "1111.1"))
    monkeypatch.setenv("EV_COMPENDIUM_DATA", str(tmp_path / "data"))
    assert data.load_table("table5_cases").loc[0, "total_kg"] == pytest.approx(1111.1)
    assert data.load_printed().table5.loc[("bus", "Li-ion only"), "total_kg"] == pytest.approx(1111.1)
    monkeypatch.delenv("EV_COMPENDIUM_DATA")
    assert data.load_table("table5_cases").loc[0, "total_kg"] == before


def test_a_whole_chapter_reads_each_table_at_most_once(monkeypatch):
    """The electricity figure alone used to read the small CSV files ~1,200 times."""
    import matplotlib.pyplot as plt

    from ev_compendium.ch003_dess import figures

    reads = []
    original = pd.read_csv
    monkeypatch.setattr(pd, "read_csv", lambda *a, **k: reads.append(a[0]) or original(*a, **k))
    for power in (151.0, 152.0):
        R = CH.module.compute(CH.parameters({"bus_hp_power_kw": power}))
        checks.claim_values(R.P, R)
        figures.electricity_mix(R), figures.transport(R), R.fit_summary, R.audit_findings
        plt.close("all")
    assert len(reads) <= len(data.TABLES) and len(set(reads)) == len(reads)


def test_printed_lookups(printed):
    assert printed.impact("ev", "Al-ion/Li-ion", "EOL", "minerals") == 0.063
    assert printed.printed_hp_mass_kg("ev", "Al-ion/Li-ion") == pytest.approx(1100)
    assert printed.printed_hp_mass_kg("bus", "Li-ion only") == 0.0
    assert printed.table6_replacements("bus", "Al-ion/Li-ion") == (2.0, 0.0)
    assert printed.transport_tkm_per_kg("lfp_pack") == pytest.approx(1.276 + 0.274)
    assert printed.transport_tkm_per_kg("supercapacitor") == 0.0
    assert printed.inventory_item("supercapacitor", "electricity", "MJ") == pytest.approx(63.077)
    assert printed.inventory_share("al_ion_cell", "Battery case") == pytest.approx(0.11)
    assert printed.electricity_pair("Al-ion/Li-ion", "climate") == (8536.0, 45028.0)
    for call, name in ((lambda: printed.impact("tram", "SC/Li-ion", "BOL", "climate"), "vehicle"),
                       (lambda: printed.printed_hp_mass_kg("bus", "NiMH"), "case"),
                       (lambda: printed.inventory_item("lfp_pack", "cobalt"), "material"),
                       (lambda: printed.electricity_pair("SC/Li-ion", "minerals"), "category")):
        with pytest.raises(ParameterError, match=name):
            call()


# --- sizing --------------------------------------------------------------------------
def test_hp_sizing_hand_values():
    assert sizing.hp_mass_from_power_kg(150, 5.7) == pytest.approx(26.3158, abs=1e-4)
    assert sizing.hp_mass_from_power_kg(150, 0.3) == pytest.approx(500.0)
    assert sizing.hp_power_from_mass_kw(4.32, 4.6) == pytest.approx(19.872)
    assert sizing.cell_mass_from_active_kg(66.24, 0.30) == pytest.approx(220.8)
    assert sizing.bms_mass_kg(568, 0.03) == pytest.approx(17.04)
    assert sizing.array_count(100, 71) == 7100
    assert sizing.supercap_energy_wh(140, 27) == pytest.approx(14.175)
    assert sizing.pack_mass_from_energy_kg(115.2, 88) == pytest.approx(1309.09, abs=0.01)


@pytest.mark.parametrize("call, name", [
    (lambda: sizing.hp_mass_from_power_kg(150, -5.7), "power_density_kw_per_kg"),
    (lambda: sizing.hp_mass_from_power_kg(150, 0.0), "power_density_kw_per_kg"),
    (lambda: sizing.hp_mass_from_power_kg(-1, 5.7), "power_kw"),
    (lambda: sizing.hp_power_from_mass_kw(-4.32, 4.6), "mass_kg"),
    (lambda: sizing.cell_mass_from_active_kg(66.24, 0.0), "active_fraction"),
    (lambda: sizing.cell_mass_from_active_kg(66.24, 1.5), "active_fraction"),
    (lambda: sizing.bms_mass_kg(-568, 0.03), "he_mass_kg"),
    (lambda: sizing.array_count(0, 5), "series"),
    (lambda: sizing.array_count(5, 2.5), "parallel"),
    (lambda: repl.replacements(10, 0), "component_life"),
    (lambda: repl.replacements(-1, 4), "service_demand"),
    (lambda: impacts.predict_impacts(None, {"lfp_pack": -1.0}), "factor"),
    (lambda: whatifs.electricity_whatif(None, None, None, "climate", 1.5, 0.2), "fossil_share"),
])
def test_bad_arguments_raise_naming_the_argument(call, name):
    with pytest.raises(ParameterError, match=name):
        call()


def test_sizing_matches_paper_section_2_4(R):
    assert R.step[("bus", "SC mass")] == pytest.approx(26.3, abs=0.05)
    assert R.step[("bus", "Al-ion cell mass")] == pytest.approx(833.3, abs=0.05)
    assert R.step[("ev", "Al-ion active mass")] == pytest.approx(66.24, abs=0.005)
    assert R.step[("ev", "Al-ion cell mass")] == pytest.approx(1100, abs=0.5)


def test_case_masses_are_sums_of_components(R):
    m = R.masses
    assert np.allclose(m.total_kg, m.he_lfp_kg + m.hp_kg + m.bms_kg)
    assert (m[m.case == "Li-ion only"].hp_kg == 0).all()


def test_hp_mass_scales_linearly_with_power_override(R):
    more = CH.module.compute(CH.parameters({"bus_hp_power_kw": 300.0}))
    assert more.mass[("bus", "SC/Li-ion")]["hp_kg"] == pytest.approx(2 * R.mass[("bus", "SC/Li-ion")]["hp_kg"])
    assert more.mass[("bus", "Al-ion/Li-ion")]["hp_kg"] == pytest.approx(2 * R.mass[("bus", "Al-ion/Li-ion")]["hp_kg"])
    assert more.mass[("ev", "Al-ion/Li-ion")]["hp_kg"] == pytest.approx(R.mass[("ev", "Al-ion/Li-ion")]["hp_kg"])


# --- replacements --------------------------------------------------------------------
def test_replacements_hand_values():
    assert repl.replacements(6241, 5129) == 1
    assert repl.replacements(6241, 6241) == 0
    assert repl.replacements(10, 4) == 2
    assert repl.replacements(10, 5) == 1
    assert repl.replacements(6241, 1750) == 3
    assert repl.replacements(0, 3) == 0


@settings(max_examples=200, deadline=None)
@given(demand=st.floats(0, 1e5), life=st.floats(1e-2, 1e5))
def test_replacements_cover_the_demand_with_minimal_units(demand, life):
    r = repl.replacements(demand, life)
    assert r >= 0
    units = r + 1
    assert units * life >= demand * (1 - 1e-9)  # enough units
    if r > 0:
        assert (units - 1) * life < demand  # and not one more than needed


def test_replacement_table_matches_table6_except_bus_li_only(R, printed):
    ours = R.replacements.set_index(["vehicle", "case"])
    diff = ours.fillna(-1) != printed.table6.fillna(-1)
    assert diff.to_numpy().sum() == 1
    assert diff.loc[("bus", "Li-ion only"), "eol_he"]
    # Table 7 says three packs: EOL/BOL = 3 for every Li-only category
    for category in data.CATEGORIES:
        m = printed.impact_matrix("bus", category)
        assert m.loc["Li-ion only", "EOL"] / m.loc["Li-ion only", "BOL"] == pytest.approx(3, rel=0.02)


def test_replacements_implied_by_published_impacts(printed):
    assert repl.replacements_implied_by_impacts(printed, "bus") == {"Li-ion only": 2, "SC/Li-ion": 0}
    assert repl.replacements_implied_by_impacts(printed, "ev") == {"Li-ion only": 1, "SC/Li-ion": 0}
    with pytest.raises(ParameterError, match="vehicle"):
        repl.replacements_implied_by_impacts(printed, "tram")


# --- EOL from BOL: every replacement branch (hand-derived from Tables 7-8) ----------------
def test_eol_from_bol_value_counts_he_and_hp_replacements_separately():
    # HE part 100 built (1 + 2) times, HP increment 30 built (1 + 1) times
    assert impacts.eol_from_bol_value(100.0, 130.0, 2, 1) == pytest.approx(100 * 3 + 30 * 2)
    assert impacts.eol_from_bol_value(100.0, 100.0, 1, 0) == pytest.approx(200.0)
    assert impacts.eol_from_bol_value(100.0, 130.0, 0, 0) == pytest.approx(130.0)


def test_eol_without_replacements_is_the_bol(R, printed):
    for vehicle in data.VEHICLES:
        for category in data.CATEGORIES:
            assert R.eol(vehicle, category)["SC/Li-ion"] == printed.impact(vehicle, "SC/Li-ion", "BOL", category)


def test_eol_when_the_dess_li_ion_pack_is_replaced():
    """bus_dess_li_life_years = 4 years: the DESS packs are replaced twice like the Li-only one;
    the SC (10-year life) is not, the Al-ion cells still twice (4-year life)."""
    R = CH.module.compute(CH.parameters({"bus_dess_li_life_years": 4.0}))
    eol = R.eol("bus", "climate")
    # SC/Li-ion: Li part 8,482 three times + SC increment (7,990 - 8,482) once
    assert eol["SC/Li-ion"] == pytest.approx(3 * 8482 + (7990 - 8482))
    # Al-ion/Li-ion: Li part three times + Al-ion increment (8,536 - 8,482) three times
    assert eol["Al-ion/Li-ion"] == pytest.approx(3 * 8482 + 3 * (8536 - 8482))
    assert eol["Li-ion only"] == pytest.approx(3 * 8482)
    exp = R.exposure.set_index(["vehicle", "case", "stage"])
    assert exp.loc[("bus", "SC/Li-ion", "EOL"), "lfp_pack"] == pytest.approx(3 * 1236.0)
    assert exp.loc[("bus", "SC/Li-ion", "EOL"), "supercapacitor"] == pytest.approx(150 / 5.7)


def test_eol_when_the_supercapacitor_is_replaced():
    """ev_sc_life_cycles = 3,000: two SC units over 6,241 cycles, the Li-ion pack still none."""
    R = CH.module.compute(CH.parameters({"ev_sc_life_cycles": 3000.0}))
    assert R.replacement[("ev", "SC/Li-ion")]["eol_hp"] == 2  # ceil(6241 / 3000) - 1
    eol = R.eol("ev", "energy")
    assert eol["SC/Li-ion"] == pytest.approx(42390 + 3 * (42940 - 42390))


def test_copper_whatif_follows_the_replacements():
    """The EV Al-ion DESS with its Li-ion pack replaced once (DESS life = Li-only life) and
    the Al-ion cells never replaced (life 7,000 cycles). By hand from Table 8 (0.019, 0.063),
    the 100 % point (0.043), Table 5 (1,100 kg) and Table 6 (one Al-ion replacement):
    f_Al = (0.063 - 0.019) / 2,200, d_Cu = 0.020 / 2,200 per kg."""
    P = CH.parameters({"ev_dess_li_life_cycles": 5129.0, "ev_al_ion_life_cycles": 7000.0})
    w = CH.module.compute(P).minerals_whatif.set_index("key").minerals_kg_sb_eq
    m_al = 66.24 / 0.06022
    f_al, d_cu = 0.044 / 2200, 0.020 / 2200
    assert w["baseline"] == pytest.approx(0.019 * 2 + m_al * f_al)
    assert w["cu"] == pytest.approx(0.019 * 2 + m_al * (f_al - 0.75 * d_cu))
    assert w["active"] == pytest.approx(0.019 * 2 + 220.8 * f_al)
    baseline = CH.module.compute(CH.parameters({})).minerals_whatif.set_index("key").minerals_kg_sb_eq
    assert baseline["baseline"] == pytest.approx(0.063, abs=2e-6)  # Table 8 (the fraction 0.06022 is rounded)


def test_whatif_eol_starting_point_follows_the_replacements():
    R = CH.module.compute(CH.parameters({"bus_al_ion_life_years": 10.0}))  # no Al-ion replacement
    anchor = R.anchor("acidification").set_index(["vehicle", "case", "stage"]).impact
    assert anchor[("bus", "Al-ion/Li-ion", "EOL")] == pytest.approx(33.25)
    assert anchor[("bus", "Li-ion only", "EOL")] == pytest.approx(3 * 31.09)
    t = R.transport_whatif(2.0).set_index(["vehicle", "case", "stage"])
    assert t.loc[("bus", "Al-ion/Li-ion", "EOL"), "predicted"] == pytest.approx(36.7)  # = its BOL


# --- impact model --------------------------------------------------------------------
def test_predict_impacts_is_mass_times_factor(R):
    got = impacts.predict_impacts(R.exposure, {"lfp_pack": 2.0, "al_ion_cell": 1.0})
    assert np.allclose(got, 2.0 * R.exposure.lfp_pack + R.exposure.al_ion_cell)


def test_nnls_recovers_known_factors_from_synthetic_tables(R):
    truth = {"lfp_pack": 6.5, "supercapacitor": 3.0, "al_ion_cell": 0.7}
    exp = R.exposure.set_index(["vehicle", "case", "stage"])
    synthetic = impacts.predict_impacts(exp, truth)
    fake = SimpleNamespace(impact=lambda v, c, s, cat: float(synthetic[(v, c, s)]))
    factors, table = impacts.fit_per_kg_factors(R.exposure, fake, "climate")
    for k, v in truth.items():
        assert factors[k] == pytest.approx(v, rel=1e-6)
    assert table.residual_pct.abs().max() < 1e-6
    with pytest.raises(ParameterError, match="vehicles"):
        impacts.fit_per_kg_factors(R.exposure, fake, "climate", ("tram",))


def test_published_tables_admit_no_positive_per_kg_model(R):
    inc = R.increments.set_index(["vehicle", "category", "basis"]).per_kg
    for category in data.CATEGORIES:
        assert inc[("bus", category, "SC, first unit (BOL)")] < 0
    factors, table = R.fit("minerals")
    assert table.residual_pct.abs().max() > 30
    assert all(v >= 0 for v in factors.values())


# --- what-ifs ------------------------------------------------------------------------
def test_copper_whatif_is_monotone_and_hits_calibration_point(R, P):
    w = R.minerals_whatif.set_index("key").minerals_kg_sb_eq
    assert w["cu100"] == pytest.approx(P.alion_cu100_minerals_kg_sb_eq, abs=2e-6)
    assert w["baseline"] > w["cu"] > w["cu100"]
    assert w["active_cu"] < w["active"] < w["baseline"]


def test_electricity_whatif_is_identity_at_baseline_and_calibrated(R, P):
    base = R.electricity_whatif("climate", P.electricity_baseline_fossil_share)
    assert np.allclose(base.predicted, base.anchor)
    fossil = R.electricity_whatif("climate", 1.0).set_index(["vehicle", "case", "stage"]).predicted
    # calibrated on the Li-only pair: 8,481 -> 28,196 (Table 7 baseline is 8,482, hence +1)
    assert fossil[("bus", "Li-ion only", "BOL")] == pytest.approx(28196 + 1, abs=1e-6)
    curve = R.electricity_curve("climate", [0.2, 1.0])
    assert curve.loc[1.0, "Li-ion only"] == pytest.approx(28197)
    with pytest.raises(ParameterError, match="category"):
        whatifs.electricity_calibration(R.kwh, R.printed, "minerals", 0.2)


def test_electricity_kwh_from_inventories(R):
    kwh = R.kwh.set_index(["vehicle", "case", "stage"]).kwh
    assert kwh[("bus", "Li-ion only", "BOL")] == pytest.approx(1236.0 * 60.48 / 3.6)
    assert kwh[("bus", "Li-ion only", "EOL")] == pytest.approx(3 * kwh[("bus", "Li-ion only", "BOL")])


def test_wind_and_fossil_bounds_from_the_printed_pairs(R):
    w = R.wind_changes.set_index(["case", "category"]).change_pct
    assert w[("Li-ion only", "climate")] == pytest.approx(100 * (-0.25 * (28196 - 8481)) / 8481)
    assert (w < 0).all()
    assert R.fossil_upper_bound("Al-ion/Li-ion", "climate") == pytest.approx(5 * 8536)


def test_transport_whatif_identity_and_calibration(R):
    base = R.transport_whatif(1.0)
    assert np.allclose(base.predicted, base.anchor)
    double = R.transport_whatif(2.0).set_index(["vehicle", "case", "stage"]).predicted
    assert double[("bus", "Al-ion/Li-ion", "BOL")] == pytest.approx(36.7)
    tkm = R.tkm.set_index(["vehicle", "case", "stage"]).tkm
    assert tkm[("bus", "Li-ion only", "BOL")] == pytest.approx(1236.0 * 1.55)
    assert tkm[("bus", "SC/Li-ion", "BOL")] == pytest.approx(tkm[("bus", "Li-ion only", "BOL")])  # SC: none
    with pytest.raises(ParameterError, match="multiplier"):
        R.transport_whatif(-1.0)


def test_sc_comparison(R):
    sc = R.sc_comparison.set_index("key").kg_co2e_for_ev_sc_mass
    assert sc["capacitor"] == pytest.approx(3.8 * 4.32)
    assert sc["cossutta"] == pytest.approx(0.106 / 0.0105 * 4.32)
    assert sc["table8"] == pytest.approx(3752 - 3740)


def test_theoretical_al_capacity():
    g, cm3 = sizing.theoretical_capacity_al(26.9815, 2.70, 96485.332)
    assert g == pytest.approx(2980, abs=0.5)
    assert cm3 == pytest.approx(8046, abs=0.5)


# --- audit ---------------------------------------------------------------------------
def test_alion_replacement_evidence_is_eol_minus_bol_over_bol_increment(R):
    ev = R.alion_evidence.set_index(["vehicle", "category"])
    row = ev.loc[("ev", "climate")]
    assert row.first_unit == pytest.approx(4541 - 3740)
    assert row.added_at_eol == pytest.approx(5399 - 4541)
    assert row.implied_units == pytest.approx(858 / 801)
    assert ev.loc[("bus", "climate"), "per_replacement_vs_first"] == pytest.approx(607 / 54 / 2)


def test_active30_bound_from_printed_numbers(printed):
    assert audit.active30_minerals_upper_bound(printed) == pytest.approx(0.025 + 0.75 * (0.063 - 0.043))


def test_audit_findings_bounds(R):
    found = R.audit_findings.set_index("finding")["the numbers give"]
    days = [v for k, v in found.items() if k.startswith("operating days")]
    assert days and days[0].startswith("259 ")
    wind = [v for k, v in found.items() if k.startswith("wind electricity")]
    assert wind and wind[0].startswith(">= 20 %")


def test_the_audit_does_not_read_the_registry():
    for module in (audit, data, impacts, repl, sizing, whatifs):
        source = open(module.__file__).read()
        assert "load_claims" not in source and "ev_compendium.claims" not in source, module.__name__


# --- registry-facing helpers ---------------------------------------------------------
def test_every_discrepancy_names_its_kind():
    kinds = checks.discrepancy_kinds()
    registry = load_claims("ch003")
    assert len(kinds) == (registry.status == "discrepancy").sum()
    assert set(kinds.kind) <= set(checks.DISCREPANCY_KINDS)
    assert not kinds.diagnosis.str.match(r"^(rounding|typo|paper inconsistency):").any()


def test_no_reproduced_value_rests_on_a_calibrated_parameter():
    """Claims whose only route is a parameter calibrated on them must not be 'reproduced'."""
    registry = load_claims("ch003")
    for claim in ("ch003.s2_4.bus_alion_cell_mass", "ch003.s2_4.ev_alion_cell_mass", "ch003.s3.cu100_minerals"):
        assert registry.loc[claim, "status"] in ("not-reproducible", "cited")
    # the active share is computed from printed numbers, not from the calibrated fraction
    values = CH.evaluate(CH.parameters({"al_ion_active_fraction_ev": 0.3}))
    assert values["ch003.s3.alion_active_share"] == pytest.approx(100 * 66.24 / 1100, rel=1e-3)


# --- display -------------------------------------------------------------------------
def test_presentation_helpers_keep_the_data(R, printed):
    sc, battery = display.table1_display(printed, "sc"), display.table1_display(printed, "battery")
    assert len(sc) == len(battery) == len(printed.table1)
    assert sc.loc[1, "layout"] == "222s58p" and sc.loc[1, "SCs"] == 12876
    assert battery.loc[10, "layout"] == "120s5p" and battery.loc[7, "kWh"] == "—"
    with pytest.raises(ParameterError, match="part"):
        display.table1_display(printed, "inverter")
    shown = display.discrepancy_display()
    assert len(shown) == len(checks.discrepancy_kinds())
    assert list(shown.index.unique()) == [k for k in checks.DISCREPANCY_KINDS if k in set(shown.index)]
    t5 = display.table5_comparison(R)
    assert t5.loc[("ev", "Al-ion/Li-ion"), "printed total"] == "1,668"
    assert display.inventory_display(printed).loc[("process input", "electricity (MJ)"), "SC (T3)"] == "63.077"
    assert isinstance(display.status_counts(), pd.DataFrame)


# --- verdict bases and tolerances (Phase C) ------------------------------------------------
def test_registry_tolerances_follow_the_shared_rounding_rule(P, R):
    registry = load_claims("ch003")
    rule = checks.tolerances(P, R)
    computed = registry[registry.status.isin(["reproduced", "discrepancy"]) & (registry.kind == "numeric")]
    assert set(rule) == set(computed.index)
    for claim, tol in rule.items():
        assert float(registry.loc[claim, "tolerance"]) == pytest.approx(tol, rel=1e-5, abs=1e-12), claim


@pytest.mark.parametrize("claim, by_hand", [
    # 25,450 printed to four figures (half unit 5) + three packs x half a unit of the printed BOL 8,482
    ("ch003.table7.li_only_eol_climate", 5 + 3 * 0.5),
    # Al-ion EOL = Li BOL (1 + 0) + (Al BOL - Li BOL)(1 + 2): |1 - 3| x 0.5 + 3 x 0.5, plus 0.5
    ("ch003.table7.alion_eol_climate", 0.5 + 2 * 0.5 + 3 * 0.5),
    # 0.063 / 0.039: central differences of a ratio, plus half a unit of the printed 163 %
    ("ch003.s5.ev_alion_minerals_pct", 0.5 + 100 * 0.0005 / 0.039 + 6.3 * 0.0005 / (0.039**2 - 0.0005**2)),
    ("ch003.s2_3.t2_total_mass", 0.0005),  # the 1 kg total, to the thousandth of its items
    ("ch003.s3.li_casing_share", 5.0),  # 'around 20 %': one significant figure
    ("ch003.s4.capacitor_scaled", 0.05 + 0.05 * 4.32),  # 16.5 from the literature's rounded 3.8 kg/kg
    ("ch003.table1.ex1_sc_units", 0.5),  # a count: half a unit
])
def test_some_tolerances_by_hand(claim, by_hand):
    assert float(load_claims("ch003").loc[claim, "tolerance"]) == pytest.approx(by_hand, rel=1e-5)


def test_every_verdict_has_a_basis_and_the_circular_ones_say_so():
    registry = load_claims("ch003")
    verdicts = registry[registry.status != "cited"]
    assert (verdicts.basis != "").all(), list(verdicts.index[verdicts.basis == ""])
    for claim in ("ch003.s2_5.bus_li_only_replacements", "ch003.table6.ev_sc_eol_hp",
                  "ch003.s2_4.bus_alion_cell_mass", "ch003.s2_4.ev_alion_cell_mass"):
        assert registry.loc[claim, "basis"] == "by-construction", claim
    # a mismatch that comes from our own modelling is never a paper discrepancy
    ours = registry[(registry.status == "discrepancy") & (registry.basis == "our-assumptions")]
    assert not ours.diagnosis.str.startswith("paper inconsistency").any()
    assert not registry.diagnosis.str.contains("our model's limitation").any()


def test_changing_an_assumed_life_moves_the_by_construction_claims_only():
    values = CH.evaluate(CH.parameters({"bus_li_only_pack_life_years": 6.0}))  # 'replaced once'
    assert values["ch003.s2_5.bus_li_only_replacements"] == 1
    assert values["ch003.table6.bus_li_only_eol_he"] == 2  # read from Table 7, not from the life
    assert values["ch003.table7.li_only_eol_climate"] == pytest.approx(2 * 8482)


def test_assumed_and_calibrated_parameters_state_a_plausible_range():
    from ev_compendium.params import load_parameter_specs

    for name, spec in load_parameter_specs("ch003").items():
        if spec.source.startswith(("assumption", "calibrated")) or "calibration" in spec.source:
            assert spec.plausible is not None and spec.plausible_reason, name
