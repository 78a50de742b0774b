"""ch004 through the chapter contract: parameters -> evaluate -> check, constraints, probes."""

from __future__ import annotations

import math

import pytest

from ev_compendium import load_chapter
from ev_compendium.cli import main
from ev_compendium.params import load_parameter_specs
from ev_compendium.validate import ParameterError


@pytest.fixture(scope="module")
def ch():
    return load_chapter("ch004")




JOINT = [
    ({"Em": 0.3, "Er": 0.5}, ("Em", "Er"), "0 < Em - Er"),
    ({"theta": 5, "delta": 1}, ("Em", "Er", "alpha", "delta", "theta"), "Em - Er < alpha*Em/(delta*theta)"),
    ({"theta": 2.2, "delta": 0.1}, ("Em", "Er", "alpha", "theta"), "delta = 0.9"),   # 0.1*2.2*0.2 < 0.25 < 0.9*2.2*0.2
    ({"alpha_max": 0.1}, ("alpha_max", "Em", "Er", "theta"), "alpha_max > 0.95*theta*(Em - Er)/Em"),
]


@pytest.mark.parametrize("overrides, names, requirement", JOINT, ids=[str(j[0]) for j in JOINT])
def test_joint_constraints_are_refused_naming_the_parameters(ch, overrides, names, requirement):
    with pytest.raises(ParameterError) as err:
        ch.parameters(overrides)
    message = str(err.value)
    assert all(f"'{name}'" in message for name in names), message
    assert requirement in message


@pytest.mark.parametrize("overrides, names, requirement", JOINT, ids=[str(j[0]) for j in JOINT])
def test_joint_constraints_are_refused_by_the_cli(capsys, tmp_path, overrides, names, requirement):
    argv = ["run", "ch004", "--output-dir", str(tmp_path)]
    for name, value in overrides.items():
        argv += ["--set", f"{name}={value}"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and requirement in err, err
    assert not list(tmp_path.iterdir()), "a rejected run must not write anything"


@pytest.mark.parametrize("assignment", ["delta=1.5", "k=0", "grid_points=2"])
def test_out_of_range_override_is_refused_by_the_cli(rejected_override, assignment):
    assert f"'{assignment.split('=')[0]}'" in rejected_override("ch004", assignment)


def test_delta_zero_is_handled(ch):
    # no recycled material returns: the printed Corollary 4 threshold is infinite, so the
    # premise "p above the threshold" fails; everything else stays finite
    values = ch.evaluate({"delta": 0.0})
    assert values["ch004.cor4.baseline_above_threshold"] is False
    assert all(isinstance(v, bool) or math.isfinite(v) for v in values.values())


def _ends(spec) -> list:
    """The two ends of a parameter's valid range; an unbounded end is probed at 1e6."""
    if spec.type == "list[float]":
        return [[spec.min, spec.min + 1.0, spec.min + 2.0], [1e6, 2e6, 3e6]]
    lo = spec.min if spec.min_inclusive else spec.min + 1e-9
    return [lo, spec.max if spec.max is not None else 1e6]


PROBES = [(name, value) for name, spec in load_parameter_specs("ch004").items() for value in _ends(spec)]
# the ends that the positivity condition refuses together with the other baseline values
REFUSED = {("alpha", 1e-9), ("theta", 1e6), ("Em", 1e-9), ("Er", 1e6), ("alpha_max", 1e-9)}


@pytest.mark.parametrize("name, value", PROBES, ids=[f"{n}={v}" for n, v in PROBES])
def test_every_parameter_at_both_ends_evaluates_or_is_refused(ch, name, value):
    key = (name, value if not isinstance(value, list) else None)
    if key in REFUSED:
        with pytest.raises(ParameterError, match=f"'{name}'"):
            ch.parameters({name: value})
        return
    values = ch.evaluate(ch.parameters({name: value}))
    assert values and all(isinstance(v, bool) or math.isfinite(v) for v in values.values())
    ch.check(ch.parameters({name: value}), strict=False)


def test_carbon_price_override_moves_the_verdicts_as_the_model_says(ch):
    base = ch.evaluate({})
    # Corollary 4 as printed: p* = 9.4, so p = 10 now meets the printed premise ...
    assert base["ch004.cor4.baseline_above_threshold"] is False
    assert ch.evaluate({"p": 10})["ch004.cor4.baseline_above_threshold"] is True
    # ... while the derived gamma1 changes sign at p = 11.78 (cooperation needs p BELOW it)
    assert ch.evaluate({"p": 11.7})["ch004.prop3.gamma1_positive"] is True
    assert ch.evaluate({"p": 11.9})["ch004.prop3.gamma1_positive"] is False


def test_allowance_override_shifts_every_steady_state_equally(ch):
    # C enters goodwill only through F: dE_ss/dC = xi / upsilon_1 in every scenario (efforts do
    # not depend on C), upsilon_1 = 0.3 + 0.4 (0.25 - 0.036) = 0.3856. So 10 more permits add
    # 4 / 0.3856 to E^C and E^D alike, and the C-vs-D gain shrinks to (E^C - E^D)/(E^D + 10.37).
    R = ch.results({})
    e_c, e_d = R.eq["C"]["E_ss"], R.eq["D"]["E_ss"]
    shift = 0.4 * 10 / 0.3856
    expected = 100 * (e_c - e_d) / (e_d + shift)
    assert ch.evaluate({"C": 60})["ch004.ss.goodwill.C_vs_D"] == pytest.approx(expected, rel=1e-10)
    assert ch.evaluate({})["ch004.ss.goodwill.C_vs_D"] == pytest.approx(100 * (e_c - e_d) / e_d, rel=1e-12)
