"""ch000 claim values, illustrative values and compute(): every value by hand from the paper's
Tables 1-3, and each claim's comparison rule on both sides of its boundary (results edited so
that the boundary case occurs)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from ev_compendium.ch000_ecc import checks, compute, data, plants, whatifs
from ev_compendium.ch000_ecc.model import EccModel
from ev_compendium.params import load_parameters
from ev_compendium.validate import ParameterError

#: small numerical settings (no claim depends on them)
FAST = {"nsga_population": 10, "nsga_generations": 5, "surrogate_samples": 50, "surrogate_trees": 5,
        "surrogate_feedback_rounds": 1, "sobol_base_samples": 64, "front_grid_levels": 5}


@pytest.fixture(scope="module")
def P():
    return load_parameters("ch000", FAST)


@pytest.fixture(scope="module")
def results(P):
    return compute(P)


# --- compute() -----------------------------------------------------------------------------------

def test_compute_totals_and_tables_by_hand(results):
    # Table 2: 8.6 + 6.2 + 3.2 + 5.8 added, and compounded
    assert results.additive_total_pct == pytest.approx(23.8)
    assert results.multiplicative_total_pct == pytest.approx(100 * (1 - 0.914 * 0.938 * 0.968 * 0.942))
    assert results.designs.index.name == "design"
    assert list(results.designs.index) == ["baseline (Table 2)", "optimised (Table 2)"]
    # every cost coefficient (7) at each of the 5 scales of ch000.yaml
    assert results.cost_sensitivity.shape == (35, 2)


@pytest.mark.parametrize("impacts", [(40.0, 30.0, 20.0, 15.0), (50.0, 25.0, 12.5, 12.5)])
def test_additive_total_is_nan_when_the_levers_add_up_to_100_percent_or_more(impacts):
    # compounded, the levers stay below 100 %; added they reach (binary fractions: exactly) or pass it
    P = {**load_parameters("ch000", FAST), "combination": "multiplicative",
         **dict(zip(("impact_recycled_pct", "impact_motor_pct", "impact_cooling_pct", "impact_recovery_pct"), impacts))}
    r = compute(P)
    assert np.isnan(r.additive_total_pct)
    assert r.multiplicative_total_pct == pytest.approx(100 * (1 - np.prod(1 - np.array(impacts) / 100)))


# --- claim values at the paper's parameters ------------------------------------------------------

def test_claim_values_by_hand(P, results):
    v = checks.claim_values(P, results)
    saic, byd, vw = 1820 * 0.711, 1715 * 0.522, 1608 * 0.438        # Table 1: E x f
    assert v == pytest.approx({
        "ch000.table1.saic_carbon": saic, "ch000.table1.byd_carbon": byd, "ch000.table1.vw_carbon": vw,
        "ch000.table1.factors_match_mixes": False,      # VW's 0.438 lies below its mix's IPCC minimum
        "ch000.sec4_1.vw_carbon_text": vw,
        "ch000.sec4_1.saic_vs_vw_gap": 100 * (saic / vw - 1),
        "ch000.sec4_1.vw_lowest": True,
        "ch000.sec4_1.coal_plant_above_renewable_plant": True,
        "ch000.sec4_1.grid_mix_dominant": True,
        "ch000.table2.recycled_change": 100 * 26 / 12,
        "ch000.table2.motor_change": 100 * 2.7 / 91.4,
        "ch000.table2.total_reduction": 23.8, "ch000.sec4_2.total_reduction_text": 23.8,
        "ch000.abstract.total_reduction": 23.8, "ch000.conclusion.total_reduction": 23.8,
        "ch000.sec4_2.recycled_largest": True,
        "ch000.sec3_6.material_and_thermal_largest": False,   # the top two are material and motor
        "ch000.sec4_2.no_performance_loss": True,
        "ch000.abstract.economic_feasibility": True, "ch000.sec4_2.cost_competitiveness": True,
        "ch000.conclusion.economic_viability": True,
        "ch000.sec3_6.substitution_30pct": 8.6 * 26.4 / 26,
        "ch000.sec4_3.east_marginal_benefit_diminishes": True,
        "ch000.sec4_3.energy_losses_reduced_all_cases": True,
    })


# --- each comparison rule on both sides of its boundary -----------------------------------------

def _values(P, results, **changes):
    return checks.claim_values(P, replace(results, **changes))


def test_printed_factors_on_the_mix_range_bounds_are_allowed(P, results):
    table = results.plants.copy()
    table["mix_min_factor_kg_per_kwh"] = [0.711, 0.3, 0.1]          # SAIC exactly at its minimum
    table["mix_max_factor_kg_per_kwh"] = [0.9, 0.522, 0.438]       # BYD, VW exactly at their maximum
    assert _values(P, results, plants=table)["ch000.table1.factors_match_mixes"] is True
    table["mix_max_factor_kg_per_kwh"] = [0.9, 0.522, 0.437]       # VW just above its range
    assert _values(P, results, plants=table)["ch000.table1.factors_match_mixes"] is False


def test_equal_footprints_are_not_above_one_another(P, results):
    table = results.plants.copy()
    table.loc["BYD", "carbon_kg_co2e"] = table.loc["SAIC", "carbon_kg_co2e"]
    assert _values(P, results, plants=table)["ch000.sec4_1.coal_plant_above_renewable_plant"] is False


@pytest.mark.parametrize("shares, dominant", [([0.6, 0.6, 0.6], True), ([0.6, 0.5, 0.6], False)])
def test_grid_mix_dominant_means_more_than_half(P, results, shares, dominant):
    gaps = results.carbon_gaps.copy()
    gaps["factor_share"] = shares
    assert _values(P, results, carbon_gaps=gaps)["ch000.sec4_1.grid_mix_dominant"] is dominant


def test_material_and_thermal_largest_when_cooling_is_second(P, results):
    impacts = results.impacts.copy()
    impacts.loc["oil-free cooling", "reduction_pct"] = 7.0          # 8.6 > 7.0 > 6.2 > 5.8
    v = _values(P, results, impacts=impacts)
    assert v["ch000.sec3_6.material_and_thermal_largest"] is True
    assert v["ch000.sec4_2.recycled_largest"] is True


def test_no_performance_loss_needs_both_efficiencies_not_lower(P, results):
    designs = results.designs.copy()
    base = designs.loc["baseline (Table 2)"]
    designs.loc["optimised (Table 2)", ["system_efficiency", "motor_efficiency"]] = \
        [base["system_efficiency"], base["motor_efficiency"]]               # equal: no loss
    assert _values(P, results, designs=designs)["ch000.sec4_2.no_performance_loss"] is True
    designs.loc["optimised (Table 2)", ["system_efficiency", "motor_efficiency"]] = [0.95, 0.90]
    assert _values(P, results, designs=designs)["ch000.sec4_2.no_performance_loss"] is False


def test_a_cost_exactly_at_the_cap_is_feasible(P, results):
    designs = results.designs.copy()
    designs.loc["optimised (Table 2)", "cost_cny"] = 1.2 * 12000.0
    assert _values(P, results, designs=designs)["ch000.abstract.economic_feasibility"] is True
    designs.loc["optimised (Table 2)", "cost_cny"] = 1.2 * 12000.0 + 0.01
    assert _values(P, results, designs=designs)["ch000.abstract.economic_feasibility"] is False


@pytest.mark.parametrize("ratio, diminishes", [(1.0, False), (1.5, False), (0.99, True)])
def test_east_benefit_diminishes_only_below_the_west(P, results, ratio, diminishes):
    regional = results.regional.copy()
    regional.loc["east", "bill_saving_per_kg_vs_west"] = ratio
    assert _values(P, results, regional=regional)["ch000.sec4_3.east_marginal_benefit_diminishes"] is diminishes


@pytest.mark.parametrize("saved, reduced", [([0.5, 0.5, 0.5], True), ([10.0, 0.0, 10.0], False)])
def test_energy_losses_reduced_means_some_energy_saved_at_every_plant(P, results, saved, reduced):
    cross = results.cross_case.copy()
    cross["energy_saved_kwh"] = saved
    assert _values(P, results, cross_case=cross)["ch000.sec4_3.energy_losses_reduced_all_cases"] is reduced


# --- illustrative values ---------------------------------------------------------------------------

LABELS = [
    ("ch000.sec4_3.knee_reduction", "knee of the NSGA-II carbon-cost frontier (%)", "beyond 30 %"),
    ("ch000.sec4_3.knee_reduction", "knee of the grid-search frontier (%)", "beyond 30 %"),
    ("ch000.sec4_3.knee_reduction", "lowest knee, one cost coefficient scaled (%)", "beyond 30 %"),
    ("ch000.sec4_3.knee_reduction", "highest knee, one cost coefficient scaled (%)", "beyond 30 %"),
    ("ch000.sec4_3.disproportionate_cost", "marginal cost above / below 30 % (ratio)", "disproportionate"),
    ("ch000.sec3_6.sobol_top3_above_70pct", "Sobol S1 of material + motor + cooling (%)", "> 70 %"),
    ("ch000.sec3_6.cross_case_within_10pct",
     "largest plant deviation from the reference reduction, fixed-mass material lever (%)", "within ±10 %"),
]


def _with_cached(results, **cached):
    """A copy of ``results`` whose lazily computed parts are the given values."""
    copy = replace(results, cross_case=cached.pop("cross_case", results.cross_case))
    copy.__dict__.update(cached)
    return copy


def test_illustrative_values_by_hand(P, results):
    sens = pd.DataFrame({"knee_reduction_pct": [20.0, 35.0, 27.0]})
    sobol = pd.DataFrame({"S1": [0.5, 0.2, 0.05, 0.25]})
    cross = pd.DataFrame({"deviation_from_reference_pct": [-12.0, 0.0, 9.0]})
    r = _with_cached(results, knee=pd.Series({"reduction_pct": 31.5}), grid_knee=pd.Series({"reduction_pct": 28.0}),
                     knee_sensitivity=sens, marginal={"ratio": 3.5}, sobol=sobol, cross_case=cross)
    table = checks.illustrative_values(P, r)
    assert table.index.name == "claim"
    assert list(table.columns) == ["computed under our assumptions", "value", "paper"]
    assert list(zip(table.index, table["computed under our assumptions"], table["paper"])) == LABELS
    # 0.5 + 0.2 + 0.05 = 75 %; the largest deviation is |-12| %
    assert table["value"].tolist() == pytest.approx([31.5, 28.0, 20.0, 35.0, 3.5, 75.0, 12.0])


def test_illustrative_values_without_a_knee_or_marginal_cost_are_nan(P, results):
    sens = pd.DataFrame({"knee_reduction_pct": [20.0, 35.0]})
    r = _with_cached(results, knee=None, grid_knee=None, knee_sensitivity=sens, marginal=None,
                     sobol=pd.DataFrame({"S1": [0.3, 0.3, 0.3, 0.1]}))
    values = checks.illustrative_values(P, r)["value"].tolist()
    assert np.isnan(values[0]) and np.isnan(values[1]) and np.isnan(values[4])
    assert values[2:4] == [20.0, 35.0] and values[5] == pytest.approx(90.0)


def test_illustrative_values_filter_by_claim_prefix(P, results):
    r = _with_cached(results, knee=None, grid_knee=None, marginal=None,
                     knee_sensitivity=pd.DataFrame({"knee_reduction_pct": [1.0]}),
                     sobol=pd.DataFrame({"S1": [0.3, 0.3, 0.3, 0.1]}))
    assert list(checks.illustrative_values(P, r, "ch000.sec3_6").index) == [
        "ch000.sec3_6.sobol_top3_above_70pct", "ch000.sec3_6.cross_case_within_10pct"]
    assert list(checks.illustrative_values(P, r, ("ch000.sec4_3.disp", "ch000.sec3_6.cross")).index) == [
        "ch000.sec4_3.disproportionate_cost", "ch000.sec3_6.cross_case_within_10pct"]
    assert checks.illustrative_values(P, r, "ch001").empty


# --- data and small helpers --------------------------------------------------------------------------

def test_table3_as_printed():
    # typed from the paper's Table 3 (Section 4.4); "None" is a cell, not a missing value
    expected = pd.DataFrame(
        [["Static", "Partially dynamic", "Fully dynamic (iterative feedback)"],
         ["Diagnostic", "Efficiency-oriented", "Multi-objective (Carbon-Cost-Efficiency)"],
         ["Average emission factors", "Process-level data", "Hybrid empirical + statistical"],
         ["None", "Single-objective", "Multi-objective (Pareto front)"],
         ["Moderate", "High", "Very High"]],
        index=pd.Index(["Temporal Dynamics", "Objective Orientation", "Data Basis", "Optimization Capability",
                        "Industrial Applicability"], name="criterion"),
        columns=["Conventional LCA", "Energy Optimization Models", "ECC Framework (This Study)"])
    pd.testing.assert_frame_equal(data.load_table3(), expected, check_dtype=False)


def test_percent_higher_names_its_reference():
    with pytest.raises(ParameterError, match=r"^argument 'reference' = 0.0 is out of range"):
        plants.percent_higher(5.0, 0.0)


def test_regional_comparison_builds_or_takes_the_model(P):
    built = whatifs.regional_comparison(P)
    model = EccModel.from_params(P)
    pd.testing.assert_frame_equal(built, whatifs.regional_comparison(P, model))
    assert list(built.columns) == ["grid_factor_kg_per_kwh", "baseline_kg_co2e", "optimised_kg_co2e",
                                   "reduction_pct", "bill_saving_per_kg_vs_west"]
    # a model calibrated differently from P is used as given: the material lever saving doubled
    doubled = replace(model, material_saving_per_ratio=2 * model.material_saving_per_ratio)
    east = whatifs.regional_comparison(P, doubled).loc["east"]
    base = model.reference_energy_kwh * 0.711
    saving = (2 * 0.086 * model.reference_carbon_kg + 0.152 * base) / base    # material 2 x 8.6 % of C_ref
    assert east["reduction_pct"] == pytest.approx(100 * saving)


def test_regional_rows_by_hand(P):
    # the reference plant's mean energy (1820 + 1715 + 1608)/3 on each Section 3.4 grid; the
    # material lever saves 8.6 % of the reference carbon (fixed mass), the energy levers 15.2 %
    energy = (1820 + 1715 + 1608) / 3
    c_ref = (1820 * 0.711 + 1715 * 0.522 + 1608 * 0.438) / 3
    table = whatifs.regional_comparison(P)
    for grid, factor in (("east", 0.711), ("west", 0.382)):
        base = energy * factor
        reduction = (0.086 * c_ref + 0.152 * base) / base
        assert table.loc[grid].to_dict() == pytest.approx({
            "grid_factor_kg_per_kwh": factor, "baseline_kg_co2e": base, "optimised_kg_co2e": base * (1 - reduction),
            "reduction_pct": 100 * reduction, "bill_saving_per_kg_vs_west": 0.382 / factor})


def test_substitution_rows_by_hand(P):
    table = whatifs.substitution_readings(EccModel.from_params(P), 0.3)
    assert table["recycled_ratio_pct"].to_dict() == pytest.approx({"share_of_primary": 38.4, "percentage_points": 42.0})


@pytest.mark.parametrize("args, name", [((0.0, 0.382), "factor_east"), ((0.711, 0.0), "factor_west"),
                                        ((0.711, 0.382, 0.0), "price_ratio_east_to_west")])
def test_bill_saving_ratio_refuses_zero_naming_the_argument(args, name):
    with pytest.raises(ParameterError, match=rf"^argument '{name}' = 0.0 is out of range: valid range is \(0, inf\)$"):
        whatifs.bill_saving_per_kg_ratio(*args)


# --- the joint condition: every evaluated reduction below 100 % ----------------------------------

_PLANT_NAMES = {"SAIC": ("energy_saic_kwh", "grid_factor_saic_kg_per_kwh"),
                "BYD": ("energy_byd_kwh", "grid_factor_byd_kg_per_kwh"),
                "VW": ("energy_vw_kwh", "grid_factor_vw_kg_per_kwh")}


def _refusal(P, **changes):
    with pytest.raises(ParameterError) as err:
        whatifs.require_defined_reductions({**P, **changes})      # the model is built from P
    return str(err.value)


def test_design_space_corner_refusal_message(P):
    assert _refusal(P, impact_recycled_pct=60.0) == (
        "parameters 'impact_recycled_pct', 'impact_motor_pct', 'impact_cooling_pct', 'impact_recovery_pct', "
        "'recycled_ratio_max', 'motor_efficiency_max', 'energy_recovery_max', 'combination': need the four lever "
        "reductions at the design-space limits (recycled_ratio_max, motor_efficiency_max, oil-free cooling, "
        "energy_recovery_max) to total below 100 % of the reference plant's carbon (got impact_recycled_pct = 60, "
        "impact_motor_pct = 6.2, impact_cooling_pct = 3.2, impact_recovery_pct = 5.8, recycled_ratio_max = 0.5, "
        "motor_efficiency_max = 0.96, energy_recovery_max = 0.3, combination = 'additive')")


def test_substitution_step_refusal_message(P):
    assert _refusal(P, impact_recycled_pct=30.0, substitution_step=1.0) == (
        "parameters 'substitution_step', 'substitution_reading', 'impact_recycled_pct': need Section 3.6's "
        "substitution step to cut less than 100 % of the reference plant's carbon (got substitution_step = 1, "
        "substitution_reading = 'share_of_primary', impact_recycled_pct = 30)")


def _fixed_mass_message(names, values, label, carbon, saving):
    return (f"parameters {', '.join(repr(n) for n in names)}: need Table 2's optimised design to cut less than "
            f"100 % of the carbon of {label} ({carbon:.4g} kg CO2e/unit): the recycled-material lever saves a fixed "
            f"{saving:.4g} kg CO2e/unit (impact_recycled_pct of the reference plant's carbon), so a (near-)zero "
            f"electricity footprint leaves the paper's relative reduction undefined (got "
            + ", ".join(f"{n} = {v}" for n, v in zip(names, values)) + ")")


def test_plant_and_grid_refusal_messages_name_the_reference_plants_inputs(P):
    saic, byd = 1820 * 0.711, 1715 * 0.522
    # VW at 0.03 kg/kWh: 48.24 kg; the mean reference carbon falls with it, 8.6 % of it is the saving
    names = _PLANT_NAMES["VW"] + _PLANT_NAMES["SAIC"] + _PLANT_NAMES["BYD"] + ("impact_recycled_pct", "reference_plant")
    assert _refusal(P, grid_factor_vw_kg_per_kwh=0.03) == _fixed_mass_message(
        names, [1608, 0.03, 1820, 0.711, 1715, 0.522, 8.6, "'mean'"], "plant VW", 1608 * 0.03,
        0.086 * (saic + byd + 1608 * 0.03) / 3)
    # the western grid at 0.03: the reference plant's mean energy x 0.03
    names = ("grid_factor_west_kg_per_kwh",) + _PLANT_NAMES["SAIC"] + _PLANT_NAMES["BYD"] + _PLANT_NAMES["VW"] \
        + ("impact_recycled_pct", "reference_plant")
    assert _refusal(P, grid_factor_west_kg_per_kwh=0.03) == _fixed_mass_message(
        names, [0.03, 1820, 0.711, 1715, 0.522, 1608, 0.438, 8.6, "'mean'"], "the western grid",
        (1820 + 1715 + 1608) / 3 * 0.03, 0.086 * (saic + byd + 1608 * 0.438) / 3)
    # a single reference plant: only its inputs are named besides the plant's own
    names = _PLANT_NAMES["VW"] + _PLANT_NAMES["SAIC"] + ("impact_recycled_pct", "reference_plant")
    assert _refusal(P, grid_factor_vw_kg_per_kwh=0.03, reference_plant="SAIC") == _fixed_mass_message(
        names, [1608, 0.03, 1820, 0.711, 8.6, "'SAIC'"], "plant VW", 1608 * 0.03, 0.086 * saic)


def test_defined_reductions_need_a_positive_footprint(P):
    model = EccModel.from_params(P)
    baseline = model.baseline_design()                    # no lever moved: nothing cut
    assert whatifs._defined(model, baseline, 0.0) is False
    assert whatifs._defined(model, baseline, 0.5) is True
    whatifs.require_defined_reductions(P, model)          # the paper's parameters pass, given a model
    # at a 150 kg plant the levers at their limits add up beyond 100 % (material 0.81, energy 0.25)
    # but compound below it
    assert whatifs._defined(model, model.upper_design(), 150.0) is False
    assert whatifs._defined(replace(model, combination="multiplicative"), model.upper_design(), 150.0) is True


def test_cross_case_rows_by_hand_and_the_compounded_energy_saving(P):
    model = EccModel.from_params(P)
    cc = whatifs.cross_case_reductions(P)
    c_ref = (1820 * 0.711 + 1715 * 0.522 + 1608 * 0.438) / 3
    for plant, e, f in (("SAIC", 1820, 0.711), ("BYD", 1715, 0.522), ("VW", 1608, 0.438)):
        reduction = (0.086 * c_ref + 0.152 * e * f) / (e * f)
        assert cc.loc[plant].to_dict() == pytest.approx({
            "baseline_kg_co2e": e * f, "optimised_kg_co2e": e * f * (1 - reduction), "reduction_pct": 100 * reduction,
            "deviation_from_reference_pct": 100 * (reduction / 0.238 - 1), "energy_saved_kwh": 0.152 * e})
    # compounded energy levers: 1 - (1 - 0.062)(1 - 0.032)(1 - 0.058) of each plant's electricity
    mult = replace(model, combination="multiplicative")
    energy_only = [model.r0, 0.941, 1.0, 0.15]
    saved = whatifs.cross_case_reductions(P, mult, energy_only)["energy_saved_kwh"]
    assert saved.to_numpy() == pytest.approx((1 - 0.938 * 0.968 * 0.942) * np.array([1820, 1715, 1608]))


def test_carbon_gap_pairs_and_a_pair_without_gap(P):
    table = plants.plant_table(P)
    assert list(plants.carbon_gap_decomposition(table).index) == ["SAIC vs BYD", "SAIC vs VW", "BYD vs VW"]
    same = table.copy()
    same.loc["BYD", ["energy_kwh", "grid_factor_kg_per_kwh"]] = same.loc["SAIC", ["energy_kwh", "grid_factor_kg_per_kwh"]]
    assert np.isnan(plants.carbon_gap_decomposition(same).loc["SAIC vs BYD", "factor_share"])


def test_evaluated_designs_report_table2_reductions(P):
    model = EccModel.from_params(P)
    frame = model.evaluate([model.baseline_design(), [0.38, 0.941, 1.0, 0.15]])
    assert frame["reduction_pct"].tolist() == pytest.approx([0.0, 23.8])        # Table 2: 8.6 + 6.2 + 3.2 + 5.8


@pytest.mark.parametrize("n, power", [(1, True), (2, True), (4, True), (1024, True), (0, False), (3, False),
                                      (6, False), (12, False), (1000, False)])
def test_powers_of_two(n, power):
    from ev_compendium.ch000_ecc.sensitivity import is_power_of_two

    assert is_power_of_two(n) is power


def test_cost_sensitivity_refuses_a_zero_scale(P):
    model = EccModel.from_params(P)
    with pytest.raises(ParameterError, match=r"^argument 'scale' = 0.0 is out of range: valid range is \(0, inf\)$"):
        whatifs.cost_sensitivity(model, model.baseline_design(), [1.0, 0.0])


def test_cost_exactly_at_the_cap_is_within_it(P):
    # constraint g1: K(x)/K0 - cost_cap_ratio <= 0. At the baseline design every cost term is 0
    # (K(x0) = K0 exactly), so with a cap ratio of 1 (its lower bound) the cost sits on the cap,
    # whatever coefficient is scaled (scaling K0 scales the cap with it)
    model = replace(EccModel.from_params(P), cost_cap_ratio=1.0)
    table = whatifs.cost_sensitivity(model, model.baseline_design(), [0.5, 1.0, 2.0])
    assert table["cost_increase_pct"].tolist() == [0.0] * len(table)
    assert table["within_cap"].tolist() == [True] * len(table)
    # one step beyond: a cap ratio just below 1 leaves the same costs outside
    below = replace(model, cost_cap_ratio=1.0 - 1e-12)
    assert not whatifs.cost_sensitivity(below, model.baseline_design(), [1.0])["within_cap"].any()
