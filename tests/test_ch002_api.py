"""ch002 through the chapter contract: parameters -> evaluate -> check, constraints, probes."""

from __future__ import annotations

import math

import pytest

from ev_compendium import load_chapter
from ev_compendium.cli import main
from ev_compendium.params import load_parameter_specs
from ev_compendium.validate import ParameterError

WEIGHTS = ("priority_weight_impact", "priority_weight_ease", "priority_weight_carbon")


@pytest.fixture(scope="module")
def ch():
    return load_chapter("ch002")




def test_all_weights_zero_is_refused_naming_the_three_parameters(ch):
    with pytest.raises(ParameterError) as err:
        ch.parameters(dict.fromkeys(WEIGHTS, 0))
    message = str(err.value)
    assert all(f"'{name}'" in message for name in WEIGHTS), message
    assert "at least one of" in message


def test_all_weights_zero_is_refused_by_the_cli(capsys, tmp_path):
    argv = ["run", "ch002", "--output-dir", str(tmp_path)]
    for name in WEIGHTS:
        argv += ["--set", f"{name}=0"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and all(name in err for name in WEIGHTS), err
    assert not list(tmp_path.iterdir()), "a rejected run must not write anything"


@pytest.mark.parametrize("assignment", ["impact_gap_level=0", "priority_weight_carbon=-1"])
def test_out_of_range_override_is_refused_by_the_cli(rejected_override, assignment):
    assert assignment.split("=")[0] in rejected_override("ch002", assignment)


def test_two_zero_weights_are_fine(ch):
    # one positive weight is enough: ease only ranks design, production and use first (△ difficulty)
    P = ch.parameters({"priority_weight_impact": 0, "priority_weight_carbon": 0})
    ranks = ch.results(P).priority["rank"]
    assert set(ranks.index[ranks == 1]) == {"design", "production", "use"}


def _ends(spec) -> list:
    """The two ends of a parameter's valid range (lists: every element near its end)."""
    if spec.choices is not None:
        return list(spec.choices)
    if spec.type == "list[float]":  # strictly increasing scores: just above 0 and up to max
        return [[1e-12, 2e-12, 3e-12], [spec.max - 2, spec.max - 1, spec.max]]
    lo = spec.min if spec.min_inclusive else spec.min + 1e-12
    return [lo, spec.max]


PROBES = [(name, value) for name, spec in load_parameter_specs("ch002").items() for value in _ends(spec)]


@pytest.mark.parametrize("name, value", PROBES, ids=[f"{n}={v}" for n, v in PROBES])
def test_every_parameter_at_both_ends_evaluates(ch, name, value):
    values = ch.evaluate(ch.parameters({name: value}))
    assert values and all(isinstance(v, bool) or math.isfinite(v) for v in values.values())
    ch.check(ch.parameters({name: value}), strict=False)


def test_gap_level_override_changes_the_headline_as_the_model_says(ch):
    # recycling is the gap: at △ it drops below collection ◎, so "collection and recycling most
    # important" fails; the count of top stages falls from 4 to 3 (design, reuse, collection)
    base = ch.evaluate({})
    low = ch.evaluate({"impact_gap_level": 1})
    assert base["ch002.s4_1.collection_recycling_most_important"] is True
    assert low["ch002.s4_1.collection_recycling_most_important"] is False
    assert (base["ch002.s4_1.most_important_stage_count"], low["ch002.s4_1.most_important_stage_count"]) == (4, 3)
    # the least-influence set gains recycling (△): exactly {processing, exploration, mining, use} fails
    assert low["ch002.s4_4.least_influence_stages"] is False


def test_weight_override_changes_the_conclusion_as_the_model_says(ch):
    # impact² × ease: reuse 3²·2 = 18 > production 2²·3 = 12, so production is no longer on top
    assert ch.evaluate({})["ch002.conclusion.design_production_most_promise"] is True
    assert ch.evaluate({"priority_weight_impact": 2})["ch002.conclusion.design_production_most_promise"] is False
    # with carbon: production 2·3·3 = 18 > design 3·3·1 = 9 > the rest (at most 6): both on top
    assert ch.evaluate({"priority_weight_carbon": 1})["ch002.conclusion.design_production_most_promise"] is True
