"""ch000 model and input checks: every refusal message in full (the requirement as the chapter
states it, the values by hand), each range check on both sides of its bound, and the model's
levers with a non-zero recovery baseline (so that u - u0 and u + u0 differ)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from ev_compendium.ch000_ecc import constraints, inputs, optimisation as opt, plants, whatifs
from ev_compendium.ch000_ecc.model import EccModel, reductions_defined
from ev_compendium.params import load_parameters
from ev_compendium.validate import ParameterError


@pytest.fixture(scope="module")
def params():
    return dict(load_parameters("ch000"))


@pytest.fixture(scope="module")
def ecc_model(params):
    return EccModel.from_params(params)


def _message(call):
    with pytest.raises(ParameterError) as err:
        call()
    return str(err.value)


def test_calibration_refusals_in_full(params):
    assert _message(lambda: EccModel.from_params(params, reference="Berlin")) == (
        "parameter 'reference_plant': need one of ('SAIC', 'BYD', 'VW', 'mean') (got reference_plant = 'Berlin')")
    assert _message(lambda: EccModel.from_params({**params, "recycled_ratio_optimised": 0.1})) == (
        "parameters 'recycled_ratio_baseline', 'recycled_ratio_optimised': need recycled_ratio_baseline < "
        "recycled_ratio_optimised (the Table 2 step calibrates the lever) (got recycled_ratio_baseline = 0.12, "
        "recycled_ratio_optimised = 0.1)")
    assert _message(lambda: EccModel.from_params({**params, "recycled_ratio_max": 0.1})) == (
        "parameters 'recycled_ratio_baseline', 'recycled_ratio_max': need recycled_ratio_baseline <= "
        "recycled_ratio_max (the design space starts at the baseline) (got recycled_ratio_baseline = 0.12, "
        "recycled_ratio_max = 0.1)")
    # a ceiling equal to the largest motor efficiency is refused (the cost diverges there)
    assert _message(lambda: EccModel.from_params({**params, "motor_efficiency_ceiling": 0.96})) == (
        "parameters 'motor_efficiency_ceiling', 'motor_efficiency_max', 'motor_efficiency_optimised': need "
        "motor_efficiency_ceiling > motor_efficiency_max and > motor_efficiency_optimised (the motor cost diverges "
        "at the ceiling) (got motor_efficiency_ceiling = 0.96, motor_efficiency_max = 0.96, "
        "motor_efficiency_optimised = 0.941)")
    assert _message(lambda: constraints({**params, "sobol_base_samples": 1000})) == (
        "parameter 'sobol_base_samples': need a power of 2 (Saltelli sampling) (got sobol_base_samples = 1000)")


def test_a_design_space_that_is_a_single_baseline_value_is_allowed(params):
    # recycled_ratio_max = baseline: "the design space starts at the baseline" holds with equality
    m = EccModel.from_params({**params, "recycled_ratio_max": 0.12})
    assert m.upper_design()[0] == m.baseline_design()[0] == 0.12


def test_reference_argument_overrides_the_parameter(params):
    assert EccModel.from_params(params, reference="VW").reference_carbon_kg == pytest.approx(1608 * 0.438)


def test_design_refusals_in_full(ecc_model):
    assert _message(lambda: ecc_model.carbon_kg([[0.2, 0.95, 0.0]])) == (
        "parameter 'designs': need 4 columns ('recycled_ratio', 'motor_efficiency', 'oil_free_cooling', "
        "'energy_recovery') (got shape (1, 3))")
    assert _message(lambda: ecc_model.carbon_kg([[0.2, 0.95, 0.5, 0.0]])) == (
        "parameter 'oil_free_cooling': need 0 (oil-based) or 1 (oil-free)")
    for column, value, name in ((0, 1.2, "recycled_ratio"), (1, 0.0, "motor_efficiency"), (3, 1.5, "energy_recovery")):
        design = ecc_model.baseline_design()
        design[column] = value
        assert _message(lambda: ecc_model.carbon_kg(design)).startswith(f"argument '{name}' = {value!r} is out of range")
    assert _message(lambda: ecc_model.cost_from_terms({}, r0_cost=1.0)) == (
        "parameter 'r0_cost': need names among ('base_cost_cny', 'recycled_cost_cny', 'motor_cost_cny', "
        "'oilfree_cooling_cost_cny', 'recovery_cost_linear_cny', 'recovery_cost_quadratic_cny', "
        "'electricity_price_cny_per_kwh')")
    assert _message(lambda: ecc_model.lever_reductions(ecc_model.baseline_design(), 0.0)) == (
        "argument 'plant_carbon_kg' = 0.0 is out of range: valid range is (0, inf)")


def test_check_values_screens_every_value_not_only_the_first(ecc_model):
    # a value exactly on an inclusive bound must not hide a later value outside the range
    assert _message(lambda: inputs.check_fraction("x", [0.0, 1.5])) == (
        "argument 'x' = 1.5 is out of range: valid range is [0, 1]")
    assert _message(lambda: inputs.check_fraction("x", [1.0, -0.5])) == (
        "argument 'x' = -0.5 is out of range: valid range is [0, 1]")
    assert _message(lambda: inputs.check_values("x", [1.0, np.nan])) == "parameter 'x': need finite values"
    assert inputs.check_fraction("x", [0.0, 1.0]).tolist() == [0.0, 1.0]


def test_plant_inputs_are_named_exactly():
    assert _message(lambda: plants.carbon_per_unit_kg(0.0, 0.5)).startswith("argument 'energy_kwh' = 0.0")
    assert _message(lambda: plants.carbon_per_unit_kg(1.0, -0.5)).startswith("argument 'grid_factor_kg_per_kwh' = -0.5")
    assert _message(lambda: plants.mix_emission_factor({"coal": 0.5, "gas": 0.4}, {"coal": 0.8, "gas": 0.4})) == (
        "parameter 'electricity-mix shares': need shares that sum to 1 (got 0.9)")


def test_plant_table_region_and_mix_text(params):
    table = plants.plant_table(params)
    # Table 1's composition and Section 3.3's regions
    assert table.loc["SAIC", "region"] == "east" and table.loc["BYD", "region"] == "west"
    assert table.loc["SAIC", "mix"] == "70% coal, 25% gas, 5% renewables"
    assert table.loc["SAIC", "printed_vs_mix_pct"] == pytest.approx(
        100 * (0.711 / table.loc["SAIC", "mix_implied_factor_kg_per_kwh"] - 1))


@pytest.mark.parametrize("fractions, method, defined", [
    ([0.6, 0.5], "additive", False), ([0.5, 0.5], "additive", False), ([0.5, 0.49], "additive", True),
    ([1.0, 0.0], "multiplicative", True), ([1.5], "multiplicative", False), ([-0.5], "multiplicative", False)])
def test_reductions_defined_bounds(fractions, method, defined):
    assert bool(reductions_defined(fractions, method)) is defined


def test_reductions_defined_default_is_additive():
    assert bool(reductions_defined([0.6, 0.5])) is False


def test_lever_fractions_with_a_non_zero_recovery_baseline(params):
    m = EccModel.from_params({**params, "energy_recovery_baseline": 0.05})
    # 5.8 % for 5 -> 15 % utilisation: 0.58 per unit; at 25 %: 0.58 x 0.20
    assert m.recovery_saving_per_utilisation == pytest.approx(0.058 / 0.10)
    design = np.array([0.12, 0.914, 0.0, 0.25])
    assert m.energy_saving_fractions(design)[0, 2] == pytest.approx(0.58 * 0.20)
    assert m.cost_terms(design)["recovery_cost_linear_cny"][0] == pytest.approx(0.20)


def test_levers_below_their_baseline_save_nothing(ecc_model):
    # motor below the baseline efficiency and recycled ratio below the baseline: no negative savings
    design = np.array([0.05, 0.9, 0.0, 0.0])
    assert ecc_model.lever_reductions(design)[0].tolist() == [0.0, 0.0, 0.0, 0.0]


def test_compounded_energy_saving_in_the_cost(ecc_model):
    m = replace(ecc_model, combination="multiplicative")
    design = np.array([0.12, 0.941, 1.0, 0.15])
    saved = m.reference_energy_kwh * (1 - 0.938 * 0.968 * 0.942)
    assert m.cost_terms(design)["electricity_price_cny_per_kwh"][0] == pytest.approx(-saved)


def test_a_design_exactly_1e_12_below_the_baseline_efficiency_is_still_feasible(ecc_model):
    x = np.array([[ecc_model.r0, ecc_model.eta0 - 1e-12, 0.0, ecc_model.u0]])
    front = opt._front_of(ecc_model, x, np.array([900.0]), np.array([12000.0]))
    assert len(front) == 1


def test_substitution_refusals_in_full():
    assert _message(lambda: whatifs.substitution_target_ratio(0.1, 0.3, "relative")) == (
        "parameter 'substitution_reading': need one of ('share_of_primary', 'percentage_points') "
        "(got substitution_reading = 'relative')")
    assert _message(lambda: whatifs.substitution_target_ratio(1.5, 0.3)).startswith("argument 'recycled_ratio_baseline' = 1.5")


def test_combined_reductions_refusal_in_full():
    from ev_compendium.ch000_ecc.model import combine_reductions

    assert _message(lambda: combine_reductions([0.6, 0.5])) == (
        "parameter 'lever reduction fractions': need a total below 100 % (design outside the model's range)")


def test_recovery_below_its_baseline_saves_nothing(params):
    m = EccModel.from_params({**params, "energy_recovery_baseline": 0.05})
    assert m.energy_saving_fractions(np.array([0.12, 0.914, 0.0, 0.0]))[0].tolist() == [0.0, 0.0, 0.0]


def test_defined_reductions_use_the_model_given(params, ecc_model):
    # the paper's parameters pass; a model whose material lever saves 10 x more does not
    whatifs.require_defined_reductions(params, ecc_model)
    strong = replace(ecc_model, material_saving_per_ratio=10 * ecc_model.material_saving_per_ratio)
    with pytest.raises(ParameterError, match="to total below 100 %"):
        whatifs.require_defined_reductions(params, strong)


def test_a_3d_design_array_is_refused(ecc_model):
    # five rows of four values, each a valid column (ratios, efficiencies, cooling 0/1, recovery) if read
    # as x[:, j]: before the check on ndim this returned a 1 x 4 "cost" instead of refusing
    stacked = [[[0.3] * 4, [0.93] * 4, [0.0, 1.0, 0.0, 1.0], [0.15] * 4, [0.5] * 4]]
    for method in (ecc_model.carbon_kg, ecc_model.cost_cny, ecc_model.system_efficiency):
        assert _message(lambda: method(stacked)) == (
            "parameter 'designs': need 4 columns ('recycled_ratio', 'motor_efficiency', 'oil_free_cooling', "
            "'energy_recovery') (got shape (1, 5, 4))")
    # 1-d (one design) and 2-d (a batch) are the two accepted shapes
    assert ecc_model.cost_cny(ecc_model.baseline_design()).shape == (1,)
    assert ecc_model.cost_cny([ecc_model.baseline_design()] * 3).shape == (3,)
