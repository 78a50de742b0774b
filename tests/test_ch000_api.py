"""ch000 through the chapter contract: parameters -> evaluate -> check, joint constraints, probes."""

from __future__ import annotations

import math

import pytest

from ev_compendium import load_chapter
from ev_compendium.claims import load_claims
from ev_compendium.cli import main
from ev_compendium.params import load_parameter_specs
from ev_compendium.validate import ParameterError

#: small numerical settings: the probes test the model's domain, not the optimiser's convergence
FAST = {"nsga_population": 10, "nsga_generations": 5, "surrogate_samples": 50, "surrogate_trees": 5,
        "surrogate_feedback_rounds": 1, "sobol_base_samples": 64, "front_grid_levels": 5}
#: their upper ends only take time (each was run once by hand: see the chapter's report)
SLOW_ENDS = {"nsga_population", "nsga_generations", "surrogate_samples", "surrogate_trees",
             "surrogate_feedback_rounds", "sobol_base_samples", "front_grid_levels"}


@pytest.fixture(scope="module")
def ch():
    return load_chapter("ch000")


def test_evaluate_covers_exactly_the_computed_claims(ch):
    registry = load_claims("ch000")
    computed = set(registry.index[registry["status"].isin(["reproduced", "discrepancy"])])
    assert set(ch.evaluate(ch.parameters({}))) == computed


def test_check_passes_strictly_at_the_baseline(ch):
    table = ch.check(ch.parameters({}))  # strict at the paper's baseline: raises on any failure
    computed = table[table["status"].isin(["reproduced", "discrepancy"])]
    assert len(computed) and (computed["check"] == "ok").all()


# every joint constraint: (overrides, the parameters the message must name, a phrase of it)
JOINT = [
    ({"recycled_ratio_optimised": 0.10}, ("recycled_ratio_baseline", "recycled_ratio_optimised"),
     "the Table 2 step calibrates the lever"),
    ({"motor_efficiency_baseline": 0.95, "motor_efficiency_max": 0.99},
     ("motor_efficiency_baseline", "motor_efficiency_optimised"), "the Table 2 step calibrates the lever"),
    ({"energy_recovery_optimised": 0.0}, ("energy_recovery_baseline", "energy_recovery_optimised"),
     "the Table 2 step calibrates the lever"),
    ({"recycled_ratio_max": 0.05}, ("recycled_ratio_baseline", "recycled_ratio_max"),
     "the design space starts at the baseline"),
    ({"motor_efficiency_max": 0.99}, ("motor_efficiency_ceiling", "motor_efficiency_max"),
     "the motor cost diverges at the ceiling"),
    ({"motor_efficiency_ceiling": 0.95}, ("motor_efficiency_ceiling", "motor_efficiency_max"),
     "the motor cost diverges at the ceiling"),
    ({"impact_recycled_pct": 60.0}, ("impact_recycled_pct", "recycled_ratio_max", "combination"),
     "to total below 100 %"),
    ({"impact_recycled_pct": 30.0, "substitution_step": 1.0}, ("substitution_step", "impact_recycled_pct"),
     "Section 3.6's substitution step"),
    ({"grid_factor_vw_kg_per_kwh": 0.03}, ("grid_factor_vw_kg_per_kwh", "energy_vw_kwh"),
     "the carbon of plant VW"),
    ({"grid_factor_west_kg_per_kwh": 0.03}, ("grid_factor_west_kg_per_kwh", "impact_recycled_pct"),
     "the carbon of the western grid"),
    ({"sobol_base_samples": 1000}, ("sobol_base_samples",), "a power of 2"),
]


@pytest.mark.parametrize("overrides, names, phrase", JOINT, ids=[",".join(o) for o, _, _ in JOINT])
def test_joint_constraint_is_refused_naming_the_parameters(ch, overrides, names, phrase):
    with pytest.raises(ParameterError) as err:
        ch.parameters(overrides)
    message = str(err.value)
    assert all(f"'{name}'" in message for name in names), message
    assert phrase in message


@pytest.mark.parametrize("overrides, names, phrase", JOINT, ids=[",".join(o) for o, _, _ in JOINT])
def test_joint_constraint_is_refused_by_the_cli(capsys, tmp_path, overrides, names, phrase):
    argv = ["run", "ch000", "--output-dir", str(tmp_path)]
    for name, value in overrides.items():
        argv += ["--set", f"{name}={value}"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and all(name in err for name in names), err
    assert not list(tmp_path.iterdir()), "a rejected run must not write anything"


@pytest.mark.parametrize("assignment", ["grid_factor_vw_kg_per_kwh=0", "recycled_ratio_baseline=0",
                                        "energy_saic_kwh=1e5"])
def test_values_where_the_papers_metrics_are_undefined_are_out_of_range(rejected_override, assignment):
    assert f"'{assignment.split('=')[0]}'" in rejected_override("ch000", assignment)


def _ends(spec) -> list:
    """The two ends of a numeric parameter's valid range (choices: every choice)."""
    if spec.choices is not None:
        return list(spec.choices)
    if spec.type == "list[float]":
        lo = spec.min if spec.min_inclusive else spec.min * (1 + 1e-9) + 1e-12
        return [[lo], [spec.max]]
    lo = spec.min if spec.min_inclusive else spec.min + (1 if spec.type == "int" else 1e-9)
    ends = [lo] if spec.name in SLOW_ENDS else [lo, spec.max]
    return [int(v) for v in ends] if spec.type == "int" else ends


PROBES = [(name, value) for name, spec in load_parameter_specs("ch000").items() for value in _ends(spec)]


@pytest.mark.parametrize("name, value", PROBES, ids=[f"{n}={v}" for n, v in PROBES])
def test_every_parameter_at_both_ends_is_refused_or_evaluates(ch, name, value):
    try:
        P = ch.parameters({**FAST, name: value})
    except ParameterError as err:  # a joint constraint may refuse an end: it must name the parameter
        assert f"'{name}'" in str(err), str(err)
        return
    values = ch.evaluate(P)
    assert values and all(isinstance(v, bool) or math.isfinite(v) for v in values.values())
    ch.check(P, strict=False)


def test_a_grid_factor_override_changes_table1_as_the_model_says(ch):
    values = ch.evaluate({"grid_factor_saic_kg_per_kwh": 0.6, **FAST})
    assert values["ch000.table1.saic_carbon"] == pytest.approx(1820 * 0.6)  # 1092 kg CO2e per unit
    assert values["ch000.sec4_1.saic_vs_vw_gap"] == pytest.approx(100 * (1092 / (1608 * 0.438) - 1))
    assert values["ch000.table1.vw_carbon"] == pytest.approx(1608 * 0.438)   # the other plants stay


def test_a_lever_override_changes_the_total_as_the_model_says(ch):
    # additive rule: the total moves one for one with a lever's printed impact
    values = ch.evaluate({"impact_cooling_pct": 5.2, **FAST})
    assert values["ch000.table2.total_reduction"] == pytest.approx(25.8)
