"""ch003 (Melzack et al. 2023, DESS LCA): sizing, replacements, impact model, what-ifs, claims, CLI."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ev_compendium import dess_lca as dl
from ev_compendium.claims import check_claims, load_claims
from ev_compendium.params import ParameterError, load_parameters


@pytest.fixture(scope="module")
def P():
    return load_parameters("ch003")


# --- sizing --------------------------------------------------------------------------
def test_hp_sizing_hand_values():
    assert dl.hp_mass_from_power_kg(150, 5.7) == pytest.approx(26.3158, abs=1e-4)
    assert dl.hp_mass_from_power_kg(150, 0.3) == pytest.approx(500.0)
    assert dl.hp_power_from_mass_kw(4.32, 4.6) == pytest.approx(19.872)
    assert dl.cell_mass_from_active_kg(66.24, 0.30) == pytest.approx(220.8)
    assert dl.bms_mass_kg(568, 0.03) == pytest.approx(17.04)
    assert dl.array_count(100, 71) == 7100
    assert dl.supercap_energy_wh(140, 27) == pytest.approx(14.175)


@pytest.mark.parametrize("call, name", [
    (lambda: dl.hp_mass_from_power_kg(150, -5.7), "power_density_kw_per_kg"),
    (lambda: dl.hp_mass_from_power_kg(150, 0.0), "power_density_kw_per_kg"),
    (lambda: dl.hp_mass_from_power_kg(-1, 5.7), "power_kw"),
    (lambda: dl.hp_power_from_mass_kw(-4.32, 4.6), "mass_kg"),
    (lambda: dl.cell_mass_from_active_kg(66.24, 0.0), "active_fraction"),
    (lambda: dl.cell_mass_from_active_kg(66.24, 1.5), "active_fraction"),
    (lambda: dl.bms_mass_kg(-568, 0.03), "he_mass_kg"),
    (lambda: dl.replacements(10, 0), "component_life"),
    (lambda: dl.replacements(-1, 4), "service_demand"),
    (lambda: dl.replacements(10, float("nan")), "component_life"),
    (lambda: dl.array_count(0, 5), "series"),
    (lambda: dl.predict_impacts(None, {"lfp_pack": -1.0}), "factor"),
    (lambda: dl.fit_per_kg_factors(load_parameters("ch003"), "water"), "category"),
])
def test_bad_inputs_raise_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_sizing_matches_paper_section_2_4(P):
    steps = dl.sizing_steps(P).set_index(["vehicle", "step"])["value"]
    assert steps[("bus", "SC mass")] == pytest.approx(26.3, abs=0.05)
    assert steps[("bus", "Al-ion cell mass")] == pytest.approx(833.3, abs=0.05)
    assert steps[("ev", "Al-ion active mass")] == pytest.approx(66.24, abs=0.005)
    assert steps[("ev", "Al-ion cell mass")] == pytest.approx(1100, abs=0.5)


def test_case_masses_are_sums_of_components(P):
    m = dl.case_masses(P)
    assert np.allclose(m.total_kg, m.he_lfp_kg + m.hp_kg + m.bms_kg)
    assert (m[m.case == "Li-ion only"].hp_kg == 0).all()


def test_hp_mass_scales_linearly_with_power_override():
    base = load_parameters("ch003")
    more = load_parameters("ch003", {"bus_hp_power_kw": 300.0})
    b = dl.case_masses(base).set_index(["vehicle", "case"]).hp_kg
    m = dl.case_masses(more).set_index(["vehicle", "case"]).hp_kg
    assert m[("bus", "SC/Li-ion")] == pytest.approx(2 * b[("bus", "SC/Li-ion")])
    assert m[("bus", "Al-ion/Li-ion")] == pytest.approx(2 * b[("bus", "Al-ion/Li-ion")])
    assert m[("ev", "Al-ion/Li-ion")] == pytest.approx(b[("ev", "Al-ion/Li-ion")])  # car unaffected
    assert not more.is_paper_baseline


def test_bad_override_names_parameter_and_range():
    with pytest.raises(ParameterError, match=r"sc_power_density_bus_kw_per_kg.*\(0"):
        load_parameters("ch003", {"sc_power_density_bus_kw_per_kg": -1.0})
    with pytest.raises(ParameterError, match="ev_al_ion_life_cycles"):
        load_parameters("ch003", {"ev_al_ion_life_cycles": 0.0})


# --- replacements --------------------------------------------------------------------
def test_replacements_hand_values():
    assert dl.replacements(6241, 5129) == 1
    assert dl.replacements(6241, 6241) == 0
    assert dl.replacements(10, 4) == 2
    assert dl.replacements(10, 5) == 1
    assert dl.replacements(6241, 1750) == 3
    assert dl.replacements(0, 3) == 0


@settings(max_examples=200, deadline=None)
@given(demand=st.floats(0, 1e5), life=st.floats(1e-2, 1e5))
def test_replacements_cover_the_demand_with_minimal_units(demand, life):
    r = dl.replacements(demand, life)
    assert r >= 0
    units = r + 1
    assert units * life >= demand * (1 - 1e-9)  # enough units
    if r > 0:
        assert (units - 1) * life < demand  # and not one more than needed


def test_replacement_table_matches_table6_except_bus_li_only(P):
    ours = dl.replacement_table(P).set_index(["vehicle", "case"])
    printed = dl.load_table("table6_replacements").set_index(["vehicle", "case"])
    diff = (ours.fillna(-1) != printed.fillna(-1))
    assert diff.to_numpy().sum() == 1
    assert diff.loc[("bus", "Li-ion only"), "eol_he"]
    # Table 7 says three packs: EOL/BOL = 3 for every Li-only category
    for category in dl.CATEGORIES:
        m = dl.impact_matrix("bus", category)
        ratio = m.loc["Li-ion only", "EOL"] / m.loc["Li-ion only", "BOL"]
        assert ratio == pytest.approx(1 + ours.loc[("bus", "Li-ion only"), "eol_he"], rel=0.02)


# --- impact model --------------------------------------------------------------------
def test_predict_impacts_is_mass_times_factor(P):
    exp = dl.exposure_table(P)
    got = dl.predict_impacts(exp, {"lfp_pack": 2.0, "al_ion_cell": 1.0})
    assert np.allclose(got, 2.0 * exp.lfp_pack + exp.al_ion_cell)


def test_nnls_recovers_known_factors_from_synthetic_tables(P, monkeypatch):
    truth = {"lfp_pack": 6.5, "supercapacitor": 3.0, "al_ion_cell": 0.7}
    exp = dl.exposure_table(P).set_index(["vehicle", "case", "stage"])
    synthetic = dl.predict_impacts(exp, truth)
    monkeypatch.setattr(dl, "published_value", lambda v, c, s, cat: float(synthetic[(v, c, s)]))
    factors, table = dl.fit_per_kg_factors(P, "climate")
    for k, v in truth.items():
        assert factors[k] == pytest.approx(v, rel=1e-6)
    assert table.residual_pct.abs().max() < 1e-6


def test_published_tables_admit_no_positive_per_kg_model(P):
    inc = dl.implied_increments(P).set_index(["vehicle", "category", "basis"]).per_kg
    for category in dl.CATEGORIES:
        assert inc[("bus", category, "SC, first unit (BOL)")] < 0
    factors, table = dl.fit_per_kg_factors(P, "minerals")
    assert table.residual_pct.abs().max() > 30
    assert all(v >= 0 for v in factors.values())


def test_eol_from_bol_is_identity_without_replacements(P):
    for vehicle in dl.VEHICLES:
        for category in dl.CATEGORIES:
            eol = dl.eol_from_bol(P, vehicle, category)
            assert eol["SC/Li-ion"] == dl.published_value(vehicle, "SC/Li-ion", "BOL", category)


# --- what-ifs ------------------------------------------------------------------------
def test_copper_whatif_is_monotone_and_hits_calibration_point(P):
    w = dl.alion_minerals_whatif(P).set_index("scenario").minerals_kg_sb_eq
    assert w["baseline (Table 8)"] == pytest.approx(0.063)
    assert w["100 % recycled Cu (calibration point)"] == pytest.approx(P.alion_cu100_minerals_kg_sb_eq)
    assert w["baseline (Table 8)"] > w["75 % recycled Cu"] > w["100 % recycled Cu (calibration point)"]
    assert w["30 % active + 75 % recycled Cu"] < w["30 % active material"] < w["baseline (Table 8)"]


def test_electricity_whatif_is_identity_at_baseline_and_calibrated(P):
    base = dl.electricity_whatif(P, "climate", P.electricity_baseline_fossil_share)
    assert np.allclose(base.predicted, base.published_baseline)
    fossil = dl.electricity_whatif(P, "climate", 1.0).set_index(["vehicle", "case", "stage"]).predicted
    # calibrated on the Li-only pair: 8,481 -> 28,196 (Table 7 baseline is 8,482, hence +1)
    assert fossil[("bus", "Li-ion only", "BOL")] == pytest.approx(28196 + 1, abs=1e-6)
    with pytest.raises(ValueError, match="fossil_share"):
        dl.electricity_whatif(P, "climate", 1.5)
    with pytest.raises(ValueError, match="category"):
        dl.electricity_calibration(P, "minerals")


def test_electricity_kwh_from_inventories(P):
    kwh = dl.electricity_kwh(P).set_index(["vehicle", "case", "stage"]).kwh
    assert kwh[("bus", "Li-ion only", "BOL")] == pytest.approx(1236.0 * 60.48 / 3.6)
    assert kwh[("bus", "Li-ion only", "EOL")] == pytest.approx(3 * kwh[("bus", "Li-ion only", "BOL")])


def test_theoretical_al_capacity():
    g, cm3 = dl.theoretical_capacity_al(26.9815, 2.70, 96485.332)
    assert g == pytest.approx(2980, abs=0.5)
    assert cm3 == pytest.approx(8046, abs=0.5)


# --- claims --------------------------------------------------------------------------
def test_baseline_claims_check_strictly(P):
    values = dl.claim_values(P)
    table = check_claims("ch003", values)  # raises on any drift
    assert (table.loc[list(values), "check"] == "ok").all()


def test_every_computed_value_is_registered_and_numbers_are_finite(P):
    registry = load_claims("ch003")
    values = dl.claim_values(P)
    computed = set(registry.index[registry.status.isin(["reproduced", "discrepancy"])])
    assert set(values) == computed
    for k, v in values.items():
        assert isinstance(v, bool) or math.isfinite(v), k


def test_overrides_change_claims_and_non_strict_does_not_raise():
    P2 = load_parameters("ch003", {"bus_hp_power_kw": 200.0})
    values = dl.claim_values(P2)
    table = check_claims("ch003", values, strict=False)
    assert table.loc["ch003.s2_4.bus_sc_mass", "check"] == "FAIL"


# --- CLI -----------------------------------------------------------------------------
def test_cli_run_with_override(run_chapter_cli):
    text = run_chapter_cli("ch003", "bus_hp_power_kw=200", "electricity_fossil_share=0.5").text
    assert "35.088" in text  # 200 kW / 5.7 kW/kg of supercapacitor, in the sizing table


def test_transport_whatif_identity_and_calibration(P):
    base = dl.transport_whatif(P, 1.0)
    assert np.allclose(base.predicted, base.published_baseline)
    double = dl.transport_whatif(P, 2.0).set_index(["vehicle", "case", "stage"]).predicted
    assert double[("bus", "Al-ion/Li-ion", "BOL")] == pytest.approx(36.7)
    tkm = dl.transport_tkm(P).set_index(["vehicle", "case", "stage"]).tkm
    assert tkm[("bus", "Li-ion only", "BOL")] == pytest.approx(1236.0 * 1.55)
    assert tkm[("bus", "SC/Li-ion", "BOL")] == pytest.approx(tkm[("bus", "Li-ion only", "BOL")])  # SC: none
    with pytest.raises(ValueError, match="multiplier"):
        dl.transport_whatif(P, -1.0)


# --- audit helpers -------------------------------------------------------------------
def test_replacements_implied_by_published_impacts():
    assert dl.replacements_implied_by_impacts("bus") == {"Li-ion only": 2, "SC/Li-ion": 0}
    assert dl.replacements_implied_by_impacts("ev") == {"Li-ion only": 1, "SC/Li-ion": 0}
    with pytest.raises(ValueError, match="vehicle"):
        dl.replacements_implied_by_impacts("tram")


def test_alion_replacement_evidence_is_eol_minus_bol_over_bol_increment(P):
    ev = dl.alion_replacement_evidence(P).set_index(["vehicle", "category"])
    row = ev.loc[("ev", "climate")]
    assert row.first_unit == pytest.approx(4541 - 3740)
    assert row.added_at_eol == pytest.approx(5399 - 4541)
    assert row.implied_units == pytest.approx(858 / 801)
    assert ev.loc[("bus", "climate"), "per_replacement_vs_first"] == pytest.approx(607 / 54 / 2)


def test_printed_hp_mass():
    assert dl.printed_hp_mass_kg("ev", "Al-ion/Li-ion") == pytest.approx(1100)
    assert dl.printed_hp_mass_kg("bus", "Li-ion only") == 0.0
    with pytest.raises(ValueError, match="case"):
        dl.printed_hp_mass_kg("bus", "NiMH")


def test_every_discrepancy_names_its_kind():
    kinds = dl.discrepancy_kinds()
    registry = load_claims("ch003")
    assert len(kinds) == (registry.status == "discrepancy").sum()
    assert set(kinds.kind) <= set(dl.DISCREPANCY_KINDS)
    assert not kinds.diagnosis.str.match(r"^(rounding|typo|paper inconsistency):").any()


def test_no_reproduced_value_rests_on_a_calibrated_parameter(P):
    """Claims whose only route is a parameter calibrated on them must not be 'reproduced'."""
    registry = load_claims("ch003")
    for claim in ("ch003.s2_4.bus_alion_cell_mass", "ch003.s2_4.ev_alion_cell_mass", "ch003.s3.cu100_minerals"):
        assert registry.loc[claim, "status"] in ("not-reproducible", "cited")
    # the active share is computed from printed numbers, not from the calibrated fraction
    values = dl.claim_values(load_parameters("ch003", {"al_ion_active_fraction_ev": 0.3}))
    assert values["ch003.s3.alion_active_share"] == pytest.approx(100 * 66.24 / 1100, rel=1e-3)


def test_split_claims_table(P):
    table = check_claims("ch003", dl.values_for(dl.claim_values(P), "ch003.table1"), only="ch003.table1")
    computed, other = dl.split_claims_table(table)
    assert set(computed.status) <= {"reproduced", "discrepancy"}
    assert set(other.status) <= {"cited", "not-reproducible"}
    assert len(computed) + len(other) == len(table)
    assert "ch003.table1.ex1_sc_units" in computed.index


def test_audit_findings_bounds(P):
    audit = dl.audit_findings(P).set_index("finding")["the numbers give"]
    days = [v for k, v in audit.items() if k.startswith("operating days")]
    assert days and days[0].startswith("259 ")
    wind = [v for k, v in audit.items() if k.startswith("wind electricity")]
    assert wind and wind[0].startswith(">= 0.24")


def test_presentation_helpers_keep_the_data(P):
    table1 = dl.load_table("table1_dess_literature")
    sc, battery = dl.table1_display("sc"), dl.table1_display("battery")
    assert len(sc) == len(battery) == len(table1)
    assert sc.loc[1, "layout"] == "222s58p" and sc.loc[1, "SCs"] == 12876
    assert battery.loc[10, "layout"] == "120s5p" and battery.loc[7, "kWh"] == "—"
    with pytest.raises(ValueError, match="part"):
        dl.table1_display("inverter")
    shown = dl.discrepancy_display()
    assert len(shown) == len(dl.discrepancy_kinds())
    assert list(shown.index.unique()) == [k for k in dl.DISCREPANCY_KINDS if k in set(shown.index)]
    t5 = dl.table5_comparison(P)
    assert t5.loc[("ev", "Al-ion/Li-ion"), "printed total"] == "1,668"
    assert dl.inventory_display().loc[("process input", "electricity (MJ)"), "SC (T3)"] == "63.077"
