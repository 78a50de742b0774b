"""ch003 through the chapter contract: parameters -> evaluate -> check, without a kernel."""

from __future__ import annotations

import math

import pytest

from ev_compendium.chapter import load_chapter
from ev_compendium.cli import main
from ev_compendium.params import load_parameter_specs
from ev_compendium.validate import ParameterError


@pytest.fixture(scope="module")
def ch():
    return load_chapter("ch003")




JOINT = [
    ({"bus_dess_li_life_years": 3.0}, ("bus_dess_li_life_years", "bus_li_only_pack_life_years")),
    ({"bus_li_only_pack_life_years": 12.0}, ("bus_dess_li_life_years", "bus_li_only_pack_life_years")),
    ({"ev_dess_li_life_cycles": 5000.0}, ("ev_dess_li_life_cycles", "ev_li_only_life_cycles")),
    ({"ev_li_only_life_cycles": 7000.0, "ev_dess_li_life_cycles": 6500.0},
     ("ev_dess_li_life_cycles", "ev_li_only_life_cycles")),
]


@pytest.mark.parametrize("overrides, names", JOINT)
def test_joint_constraints_name_their_parameters(ch, overrides, names):
    with pytest.raises(ParameterError) as err:
        ch.parameters(overrides)
    for name in names:
        assert repr(name) in str(err.value)


def test_joint_constraints_accept_the_boundary(ch):
    P = ch.parameters({"bus_dess_li_life_years": 4.0, "ev_dess_li_life_cycles": 5129.0})
    values = ch.evaluate(P)
    # DESS packs now as short-lived as Li-only ones: the DESS Li-ion pack is replaced too
    assert ch.results(P).replacement[("bus", "SC/Li-ion")]["eol_he"] == 2
    assert values["ch003.table7.sc_eol_climate"] == pytest.approx(7990 + 2 * 8482)


@pytest.mark.parametrize("overrides, names", JOINT)
def test_cli_refuses_joint_violations_before_running(overrides, names, capsys, tmp_path):
    argv = ["run", "ch003", "--output-dir", str(tmp_path), "--no-html"]  # several --set: call main here
    for name, value in overrides.items():
        argv += ["--set", f"{name}={value}"]
    code = main(argv)
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and all(repr(n) in err for n in names), err
    assert not list(tmp_path.iterdir())


def test_overrides_change_values_as_the_model_says(ch):
    base = ch.evaluate(ch.parameters({}))
    more = ch.evaluate(ch.parameters({"bus_hp_power_kw": 300.0, "bms_fraction_of_he": 0.05}))
    assert more["ch003.s2_4.bus_sc_mass"] == pytest.approx(300 / 5.7)
    assert more["ch003.s2_4.bus_alion_active_mass"] == pytest.approx(1000.0)
    assert more["ch003.table5.bus_bms"] == pytest.approx(60.0)
    assert more["ch003.table5.bus_total_sc"] == pytest.approx(1200 + 300 / 5.7 + 60)
    assert more["ch003.s2_4.ev_hp_power"] == base["ch003.s2_4.ev_hp_power"]  # the car is untouched
    # a copper share of 0.5 moves the what-if half-way between the printed 0 % and 100 % points
    half = ch.evaluate(ch.parameters({"recycled_copper_share": 0.5}))
    m_al = 66.24 / 0.06022
    assert half["ch003.s3.cu75_minerals"] == pytest.approx(0.019 + (m_al / 1100) * (0.044 - 0.5 * 0.020))
    # an informational (non-strict) check reports the change instead of raising
    table = ch.check(ch.parameters({"bus_hp_power_kw": 300.0}))
    assert table.loc["ch003.s2_4.bus_sc_mass", "check"] == "FAIL"


def _range_ends(spec):
    ends = []
    if spec.min is not None:
        step = 1 if spec.type == "int" else max(abs(spec.min), 1.0) * 1e-6
        ends.append(spec.min if spec.min_inclusive else spec.min + step)
    if spec.max is not None:
        ends.append(spec.max if spec.max_inclusive else spec.max - 1e-6)
    return ends


NUMERIC = [(name, end) for name, spec in load_parameter_specs("ch003").items()
           if spec.type in ("float", "int") for end in _range_ends(spec)]


@pytest.mark.parametrize("name, value", NUMERIC, ids=[f"{n}={v:g}" for n, v in NUMERIC])
def test_every_parameter_at_both_ends_of_its_range(ch, name, value):
    """Either a joint constraint refuses the value (naming the parameter) or everything the
    chapter shows computes, with finite claim values."""
    try:
        P = ch.parameters({name: value})
    except ParameterError as exc:
        assert repr(name) in str(exc)
        return
    values = ch.evaluate(P)
    assert all(isinstance(v, bool) or math.isfinite(v) for v in values.values())
    R = ch.results(P)
    assert R.fit_summary.notna().all().all()
    assert len(R.audit_findings) > 10 and len(R.table6_basis) == 10
    R.alion_evidence, R.increments, R.alion_electricity_needed_mj_per_kg
    for m in (0.0, 2.0):
        assert R.transport_whatif(m).predicted.notna().all()
    assert R.electricity_curve("climate", [0.0, 1.0]).notna().all().all()
