"""Chapter ch000 (Li 2026, ECC framework): model functions, calibration, optimisation, surrogate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ev_compendium import load_chapter
from ev_compendium.ch000_ecc import optimisation as opt
from ev_compendium.ch000_ecc import plants, sensitivity, surrogate, whatifs
from ev_compendium.ch000_ecc.model import EccModel, combine_reductions, one_at_a_time_impacts
from ev_compendium.claims import ClaimCheckError, check_claims
from ev_compendium.params import load_parameters
from ev_compendium.validate import ParameterError

#: small numerical settings for tests that run the whole chapter
FAST = {"nsga_population": 20, "nsga_generations": 10, "surrogate_samples": 100, "surrogate_trees": 10,
        "surrogate_feedback_rounds": 1, "sobol_base_samples": 128, "front_grid_levels": 11}


@pytest.fixture(scope="module")
def P():
    return load_parameters("ch000")


@pytest.fixture(scope="module")
def model(P):
    return EccModel.from_params(P)


# --- Table 1 arithmetic -------------------------------------------------------------------

def test_carbon_is_energy_times_factor_and_sums_over_processes():
    assert plants.carbon_per_unit_kg(1820.0, 0.711) == pytest.approx(1294.02)
    assert plants.carbon_per_unit_kg([100.0, 50.0], [0.5, 0.2]).sum() == pytest.approx(60.0)


@pytest.mark.parametrize("energy, factor, name", [(0.0, 0.5, "energy_kwh"), (-5.0, 0.5, "energy_kwh"),
                                                  (100.0, -0.1, "grid_factor_kg_per_kwh"),
                                                  (np.nan, 0.5, "energy_kwh")])
def test_carbon_rejects_bad_inputs_by_name(energy, factor, name):
    with pytest.raises(ParameterError, match=name):
        plants.carbon_per_unit_kg(energy, factor)


def test_mix_factor_hand_value_and_errors():
    factors = {"coal": 0.8, "gas": 0.4}
    assert plants.mix_emission_factor({"coal": 0.5, "gas": 0.5}, factors) == pytest.approx(0.6)
    with pytest.raises(ParameterError, match="sum to 1"):
        plants.mix_emission_factor({"coal": 0.5, "gas": 0.4}, factors)
    with pytest.raises(ParameterError, match="source 'oil'.*need an emission factor"):
        plants.mix_emission_factor({"oil": 1.0}, factors)
    with pytest.raises(ParameterError, match=r"share of 'coal'.*\[0, 1\]"):
        plants.mix_emission_factor({"coal": 1.2, "gas": -0.2}, factors)


def test_plant_table_matches_table1_and_flags_vw(P):
    table = plants.plant_table(P)
    assert table.loc["VW", "carbon_kg_co2e"] == pytest.approx(1608 * 0.438)
    # 0.70*0.82 + 0.25*0.49 + 0.05*0.0277 (IPCC medians): SAIC's printed 0.711 is close, VW's is not
    assert table.loc["SAIC", "mix_implied_factor_kg_per_kwh"] == pytest.approx(0.6979, abs=1e-3)
    assert abs(table.loc["SAIC", "printed_vs_mix_pct"]) < 5
    assert table.loc["VW", "printed_vs_mix_pct"] < -15


def test_relative_changes_of_table2():
    assert plants.relative_change_pct(12, 38) == pytest.approx(216.667, abs=1e-3)
    assert plants.percent_higher(1294.0, 704.3) == pytest.approx(83.73, abs=0.01)
    with pytest.raises(ParameterError, match="'baseline' = 0.0"):
        plants.relative_change_pct(0.0, 15.0)


# --- combining levers ------------------------------------------------------------------------

def test_additive_and_multiplicative_totals_of_table2():
    s = [0.086, 0.062, 0.032, 0.058]
    assert combine_reductions(s, "additive") == pytest.approx(0.238)
    assert combine_reductions(s, "multiplicative") == pytest.approx(1 - 0.914 * 0.938 * 0.968 * 0.942)
    with pytest.raises(ParameterError, match="'combination': need one of"):
        combine_reductions(s, "geometric")
    with pytest.raises(ParameterError, match=r"'lever reduction fraction' = 1.5 is out of range"):
        combine_reductions([1.5, 0.0])
    with pytest.raises(ParameterError, match="a total below 100 %"):
        combine_reductions([0.6, 0.5])


@given(st.lists(st.floats(0.0, 0.15), min_size=1, max_size=6))
def test_compounding_never_exceeds_adding(fractions):
    assert combine_reductions(fractions, "multiplicative") <= combine_reductions(fractions) + 1e-12


# --- the calibrated design model -------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(st.floats(0.5, 15.0), st.floats(0.5, 15.0), st.floats(0.5, 10.0), st.floats(0.5, 15.0),
       st.sampled_from(["SAIC", "BYD", "VW", "mean"]))
def test_calibration_reproduces_any_lever_impacts(a, b, c, d, reference):
    P = load_parameters("ch000", {"impact_recycled_pct": a, "impact_motor_pct": b,
                                  "impact_cooling_pct": c, "impact_recovery_pct": d,
                                  "reference_plant": reference})
    impacts = one_at_a_time_impacts(EccModel.from_params(P), P)["reduction_pct"]
    assert impacts.iloc[:4].to_numpy() == pytest.approx([a, b, c, d])
    assert impacts["all four together"] == pytest.approx(a + b + c + d)


@pytest.mark.parametrize("column, value, name", [
    (0, 1.2, "recycled_ratio"), (0, -0.1, "recycled_ratio"),
    (1, 0.0, "motor_efficiency"), (1, 1.05, "motor_efficiency"),
    (2, 0.5, "oil_free_cooling"), (3, 1.5, "energy_recovery")])
def test_model_rejects_out_of_range_designs(model, column, value, name):
    design = model.baseline_design()
    design[column] = value
    with pytest.raises(ParameterError, match=name):
        model.carbon_kg(design)


def test_baseline_design_costs_k0_and_emits_reference_carbon(model):
    base = model.evaluate(model.baseline_design()).iloc[0]
    assert base["cost_cny"] == pytest.approx(model.base_cost_cny)
    assert base["carbon_kg_co2e"] == pytest.approx(model.reference_carbon_kg)
    with pytest.raises(ParameterError, match=r"'motor_efficiency' = 0.97 is out of range: valid range is \(-inf, 0.97\)"):
        model.cost_cny([0.2, model.eta_ceiling, 0, 0])


def test_cost_of_the_optimised_design_by_hand(P, model):
    # K = K0 + c_r 0.26^2 + c_m [1/(0.97-0.941) - 1/(0.97-0.914)] + c_cool + c_u1 0.15 + c_u2 0.15^2
    #       - p E_ref (0.062 + 0.032 + 0.058), every coefficient from ch000.yaml
    e_ref = (1820 + 1715 + 1608) / 3
    by_hand = (12000 + 4000 * 0.26 ** 2 + 20 * (1 / 0.029 - 1 / 0.056) + 150 + 1000 * 0.15
               + 4000 * 0.15 ** 2 - 0.75 * e_ref * 0.152)
    optimised = np.array([0.38, 0.941, 1.0, 0.15])
    assert model.cost_cny(optimised)[0] == pytest.approx(by_hand)
    terms = model.cost_terms(optimised)
    assert model.cost_from_terms(terms, motor_cost_cny=0.0)[0] == pytest.approx(by_hand - 20 * (1 / 0.029 - 1 / 0.056))
    with pytest.raises(ParameterError, match="r0_cost"):
        model.cost_from_terms(terms, r0_cost=1.0)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 3), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_carbon_reduction_is_monotone_in_every_lever(model, k, t1, t2):
    lower, upper = model.bounds()
    lo, hi = sorted((t1, t2))
    a, b = model.baseline_design(), model.baseline_design()
    if k == 2:
        a[k], b[k] = 0.0, 1.0
    else:
        a[k] = lower[k] + lo * (upper[k] - lower[k])
        b[k] = lower[k] + hi * (upper[k] - lower[k])
    assert model.carbon_kg(b)[0] <= model.carbon_kg(a)[0] + 1e-9


def test_energy_levers_save_the_same_share_everywhere_material_does_not(P, model):
    energy_only = np.array([model.r0, 0.941, 1.0, 0.15])
    cc = whatifs.cross_case_reductions(P, model, energy_only)
    assert np.ptp(cc["reduction_pct"]) == pytest.approx(0.0, abs=1e-9)
    # 6.2 + 3.2 + 5.8 = 15.2 % of each plant's Table 1 electricity
    assert cc["energy_saved_kwh"].to_numpy() == pytest.approx(0.152 * np.array([1820, 1715, 1608]))
    material_only = np.array([0.38, model.eta0, 0.0, 0.0])
    cc = whatifs.cross_case_reductions(P, model, material_only)
    assert cc.loc["VW", "reduction_pct"] > cc.loc["BYD", "reduction_pct"] > cc.loc["SAIC", "reduction_pct"]
    assert (cc["energy_saved_kwh"] == 0).all()


@pytest.mark.parametrize("reference", ["SAIC", "BYD", "VW", "mean"])
def test_cross_case_spread_exceeds_ten_percent_for_any_reference_plant(reference):
    P = load_parameters("ch000", {"reference_plant": reference})
    cc = whatifs.cross_case_reductions(P)
    if reference != "mean":  # the reference plant reproduces Table 2's 23.8 % exactly
        assert cc.loc[reference, "reduction_pct"] == pytest.approx(23.8)
    assert cc["deviation_from_reference_pct"].abs().max() > 10.0


def test_same_design_saves_a_larger_share_on_the_cleaner_regional_grid(P, model):
    regional = whatifs.regional_comparison(P, model)
    assert regional.loc["east", "baseline_kg_co2e"] == pytest.approx(model.reference_energy_kwh * 0.711)
    assert regional.loc["west", "reduction_pct"] > regional.loc["east", "reduction_pct"]


# --- Section 3.6 substitution example --------------------------------------------------------

def test_substitution_readings_of_section_3_6(model):
    assert whatifs.substitution_target_ratio(0.12, 0.30) == pytest.approx(0.384)  # 12 + 0.3 x 88
    assert whatifs.substitution_target_ratio(0.12, 0.30, "percentage_points") == pytest.approx(0.42)
    assert whatifs.substitution_target_ratio(0.9, 0.3, "percentage_points") == 1.0
    with pytest.raises(ParameterError, match="'substitution_reading': need one of"):
        whatifs.substitution_target_ratio(0.12, 0.3, "relative")
    with pytest.raises(ParameterError, match="'substitution_step' = 1.5"):
        whatifs.substitution_target_ratio(0.12, 1.5)
    table = whatifs.substitution_readings(model, 0.30)
    # linear lever calibrated on 8.6 % for 26 points: 8.6 x 26.4/26 and 8.6 x 30/26
    assert table.loc["share_of_primary", "reduction_pct"] == pytest.approx(8.6 * 26.4 / 26)
    assert table.loc["percentage_points", "reduction_pct"] == pytest.approx(8.6 * 30 / 26)


# --- optimisation, frontier, knee ------------------------------------------------------------

def test_knee_of_a_parabola_is_where_the_slope_matches_the_chord():
    x = np.linspace(0.0, 1.0, 101)
    assert x[opt.knee_point(x, x ** 2)] == pytest.approx(0.5)
    with pytest.raises(ParameterError, match=">= 3 paired points"):
        opt.knee_point([0, 1], [0, 1])
    assert opt.knee_row(pd.DataFrame({"reduction_pct": [0.0, 1.0], "cost_cny": [0.0, 1.0]})) is None


def test_pareto_filter_and_marginal_costs():
    frame = pd.DataFrame({"carbon_kg_co2e": [3.0, 2.0, 1.0, 2.5], "cost_cny": [1.0, 2.0, 3.0, 2.5]})
    assert opt.pareto_front_2d(frame)["carbon_kg_co2e"].tolist() == [1.0, 2.0, 3.0]
    line = pd.DataFrame({"reduction_pct": [0.0, 10.0, 40.0], "cost_cny": [0.0, 10.0, 40.0]})
    assert opt.marginal_costs(line, 30.0)["ratio"] == pytest.approx(1.0)
    kinked = pd.DataFrame({"reduction_pct": [0.0, 30.0, 40.0], "cost_cny": [0.0, 30.0, 70.0]})
    assert opt.marginal_costs(kinked, 30.0)["ratio"] == pytest.approx(4.0)  # 40 per point vs 1
    assert opt.marginal_costs(line, 50.0) is None  # the front does not reach 50 %


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=1, max_size=40))
def test_fast_pareto_mask_agrees_with_the_pairwise_filter(points):
    frame = pd.DataFrame(points, columns=["carbon_kg_co2e", "cost_cny"]).astype(float).drop_duplicates()
    slow = opt.pareto_front_2d(frame)
    fast = frame[opt.pareto_mask_2d(frame["carbon_kg_co2e"], frame["cost_cny"])]
    assert sorted(map(tuple, slow.to_numpy())) == sorted(map(tuple, fast.to_numpy()))


def test_nsga2_is_deterministic_and_feasible(model):
    kw = dict(population=20, generations=10, seed=7, with_efficiency=False)
    a, b = opt.run_nsga2(model, **kw), opt.run_nsga2(model, **kw)
    assert a.equals(b)
    assert (a["cost_cny"] <= model.cost_cap_ratio * model.base_cost_cny + 1e-6).all()
    assert set(a["oil_free_cooling"]) <= {0.0, 1.0}


def test_a_cost_cap_without_room_leaves_the_baseline_design_alone(model):
    from dataclasses import replace

    # at a cap of 1.0 every lever costs more than it saves, so only the baseline is feasible
    front = opt.run_nsga2(replace(model, cost_cap_ratio=1.0), population=10, generations=2, seed=1)
    assert len(front) == 1
    assert front.iloc[0][["recycled_ratio", "motor_efficiency", "oil_free_cooling", "energy_recovery"]].tolist() \
        == model.baseline_design().tolist()


def test_grid_front_is_feasible_monotone_and_matches_nsga2(model):
    front = opt.grid_front(model, 21)
    assert (front["cost_cny"] <= model.cost_cap_ratio * model.base_cost_cny + 1e-9).all()
    assert np.all(np.diff(front["carbon_kg_co2e"]) > 0) and np.all(np.diff(front["cost_cny"]) < 0)
    nsga = opt.pareto_front_2d(opt.run_nsga2(model, population=40, generations=40, seed=5,
                                             with_efficiency=False))
    # no NSGA-II point beats the grid frontier by more than the grid's resolution allows
    grid_cost_at = np.interp(nsga["reduction_pct"], front["reduction_pct"], front["cost_cny"])
    assert np.all(nsga["cost_cny"] >= grid_cost_at - 0.01 * model.base_cost_cny)
    with pytest.raises(ParameterError, match="'front_grid_levels' = 1"):
        opt.grid_front(model, 1)


def test_knee_sensitivity_passes_through_the_default_knee(model):
    sens = opt.knee_sensitivity(model, [0.5, 1.0, 2.0], levels=15,
                                coefficients=("motor_cost_cny", "electricity_price_cny_per_kwh"))
    at_one = sens.xs(1.0, level="scale")["knee_reduction_pct"]
    assert np.ptp(at_one) == pytest.approx(0.0)
    assert at_one.iloc[0] == pytest.approx(opt.knee_row(opt.grid_front(model, 15))["reduction_pct"])
    assert sens["knee_reduction_pct"].between(0, sens["front_max_reduction_pct"].max()).all()
    with pytest.raises(ParameterError, match="'scale' = 0"):
        opt.knee_sensitivity(model, [0.0], levels=5)
    with pytest.raises(ParameterError, match="unknown cost coefficient 'r0_cost'"):
        opt.knee_sensitivity(model, [1.0], levels=5, coefficients=("r0_cost",))


# --- surrogate and Sobol ------------------------------------------------------------------------

def test_knee_sensitivity_equals_recomputing_each_scaled_model(model):
    from dataclasses import replace

    scales, levels = [0.5, 2.0], 9
    sens = opt.knee_sensitivity(model, scales, levels=levels)
    for (name, scale), row in sens.iterrows():
        front = opt.grid_front(replace(model, **{name: getattr(model, name) * scale}), levels)
        assert row["knee_reduction_pct"] == opt.knee_row(front)["reduction_pct"]
        assert row["front_max_reduction_pct"] == front["reduction_pct"].max()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=1, max_size=40))
def test_a_shared_carbon_order_gives_the_same_pareto_mask(points):
    a, b = np.array(points, dtype=float).T
    expected = opt.pareto_mask_2d(a, b)
    # with ties in a the shared order is ignored; without, it must give the same answer
    assert np.array_equal(opt.pareto_mask_2d(a, b, np.argsort(a, kind="stable")), expected)
    jitter = a + np.arange(a.size) * 1e-6  # no ties
    assert np.array_equal(opt.pareto_mask_2d(jitter, b, np.argsort(jitter, kind="stable")),
                          opt.pareto_mask_2d(jitter, b))


def test_batched_forest_prediction_is_bit_identical_to_sklearn(model):
    designs = surrogate.sample_designs(model, 200, seed=4)
    forest, _ = surrogate.train_surrogate(designs, model, trees=20, test_fraction=0.25, seed=4)
    population = surrogate.sample_designs(model, 100, seed=5)
    assert np.array_equal(surrogate.forest_predictor(forest)(population), forest.predict(population))


def test_surrogate_is_accurate_and_seeded(model):
    designs = surrogate.sample_designs(model, 300, seed=3)
    forest, metrics = surrogate.train_surrogate(designs, model, trees=30, test_fraction=0.25, seed=3)
    assert (metrics["held-out R2"] > 0.8).all()
    again, _ = surrogate.train_surrogate(designs, model, trees=30, test_fraction=0.25, seed=3)
    assert np.array_equal(forest.predict(designs[:5]), again.predict(designs[:5]))
    with pytest.raises(ParameterError, match="surrogate_test_fraction"):
        surrogate.train_surrogate(designs, model, trees=5, test_fraction=1.0, seed=3)


def test_sobol_estimate_matches_closed_form(model):
    estimate = sensitivity.sobol_indices(model, base_samples=512, seed=1)
    analytic = sensitivity.analytic_variance_shares(model)
    assert analytic.sum() == pytest.approx(1.0)
    assert estimate["S1"].to_numpy() == pytest.approx(analytic.to_numpy(), abs=0.03)
    with pytest.raises(ParameterError, match="power of 2"):
        sensitivity.sobol_indices(model, base_samples=1000, seed=1)


def test_top3_variance_share_falls_as_the_recovery_range_widens(model):
    sweep = sensitivity.top3_share_vs_recovery_bound(model, [0.1, 0.2, 0.3, 0.4])
    assert np.all(np.diff(sweep["top3_share"]) < 0)
    with pytest.raises(ParameterError, match="energy_recovery_max"):
        sensitivity.top3_share_vs_recovery_bound(model, [-0.1])


# --- the chapter through its API ------------------------------------------------------------------

def test_claim_check_bites_when_the_combination_rule_changes():
    ch = load_chapter("ch000")
    values = ch.evaluate({**FAST, "combination": "multiplicative"})
    assert values["ch000.table2.total_reduction"] == pytest.approx(21.82, abs=0.01)
    with pytest.raises(ClaimCheckError, match="ch000.table2.total_reduction"):
        check_claims("ch000", values)
    table = check_claims("ch000", values, strict=False)
    assert table.loc["ch000.table2.total_reduction", "check"] == "FAIL"


# --- Phase C: the quantities behind the new verdicts, by hand ----------------------------------

def test_mix_range_puts_vw_below_anything_its_mix_allows(P):
    table = plants.plant_table(P)
    # 0.45 coal x 0.740 + 0.35 gas x 0.410 + 0.20 wind x 0.007 (IPCC minima)
    assert table.loc["VW", "mix_min_factor_kg_per_kwh"] == pytest.approx(0.45 * 0.74 + 0.35 * 0.41 + 0.2 * 0.007)
    assert table.loc["VW", "grid_factor_kg_per_kwh"] < table.loc["VW", "mix_min_factor_kg_per_kwh"]
    for plant in ("SAIC", "BYD"):
        assert (table.loc[plant, "mix_min_factor_kg_per_kwh"] <= table.loc[plant, "grid_factor_kg_per_kwh"]
                <= table.loc[plant, "mix_max_factor_kg_per_kwh"])


def test_carbon_gap_splits_exactly_into_energy_and_factor(P):
    table = plants.plant_table(P)
    gaps = plants.carbon_gap_decomposition(table)
    row = gaps.loc["SAIC vs VW"]
    assert row["log_energy_ratio"] + row["log_factor_ratio"] == pytest.approx(np.log(1820 * 0.711 / (1608 * 0.438)))
    assert row["factor_share"] == pytest.approx(np.log(0.711 / 0.438) / (np.log(0.711 / 0.438) + np.log(1820 / 1608)))
    # a pair whose factors are equal: energy explains everything
    same = table.copy()
    same["grid_factor_kg_per_kwh"] = 0.5
    assert (plants.carbon_gap_decomposition(same)["factor_share"] == 0.0).all()


def test_bill_saving_per_kg_follows_tariff_over_factor():
    assert whatifs.bill_saving_per_kg_ratio(0.711, 0.382) == pytest.approx(0.382 / 0.711)
    # the eastern saving per kg reaches the western one only at a tariff 0.711/0.382 = 1.86 times higher
    assert whatifs.bill_saving_per_kg_ratio(0.711, 0.382, 0.711 / 0.382) == pytest.approx(1.0)
    with pytest.raises(ParameterError, match="factor_east"):
        whatifs.bill_saving_per_kg_ratio(0.0, 0.382)


def test_cost_sensitivity_equals_re_evaluating_scaled_models(model):
    from dataclasses import replace

    design = np.array([0.38, 0.941, 1.0, 0.15])
    sens = whatifs.cost_sensitivity(model, design, [0.5, 2.0])
    for (name, scale), row in sens.iterrows():
        scaled = replace(model, **{name: getattr(model, name) * scale})
        assert row["cost_increase_pct"] == pytest.approx(scaled.evaluate(design)["cost_increase_pct"].iloc[0])
        assert row["within_cap"] == (row["cost_increase_pct"] <= 100 * (model.cost_cap_ratio - 1))


def test_optimisation_results_do_not_depend_on_the_order_they_are_asked_for():
    from ev_compendium.ch000_ecc import compute

    P = load_parameters("ch000", FAST)
    first, second = compute(P), compute(P)
    a_front, a_sobol = first.front, first.sobol            # front first
    b_sobol, b_front = second.sobol, second.front          # Sobol first
    b_surrogate = second.surrogate_front                   # and the surrogate in between
    assert a_front.equals(b_front) and a_sobol.equals(b_sobol)
    assert first.surrogate_front.equals(b_surrogate)
