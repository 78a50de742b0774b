"""ch000 optimisation module (eq. 1-2, Figure 1): knee, frontier, NSGA-II wrapper, each against
an expectation worked out by hand or by a second method (brute force, pymoo called directly)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from ev_compendium.ch000_ecc import optimisation as opt
from ev_compendium.ch000_ecc.model import DESIGN_VARIABLES, EccModel
from ev_compendium.params import load_parameters
from ev_compendium.validate import ParameterError


@pytest.fixture(scope="module")
def model():
    return EccModel.from_params(load_parameters("ch000"))


# --- knee_point --------------------------------------------------------------------------------

def _dipping_front():
    """r in [10, 40] % (step 0.1), K = 100 + (r - 15)^2: cheapest at r = 15, not at the lowest r.

    Scaled to [0, 1]: rs = (r - 10)/30, ks = (r - 15)^2/625; the chord runs from (0, 25/625) to
    (1, 1), slope 0.96; the farthest point below it has dks/drs = 60 (r - 15)/625 = 0.96, i.e.
    r = 15 + 10 = 25 (by hand)."""
    r = np.round(np.linspace(10.0, 40.0, 301), 10)
    return r, 100.0 + (r - 15.0) ** 2


def test_knee_of_a_shifted_scaled_front_whose_cheapest_point_is_inside():
    r, k = _dipping_front()
    assert r[opt.knee_point(r, k)] == pytest.approx(25.0)


def test_knee_does_not_depend_on_the_order_of_the_points():
    r, k = _dipping_front()
    perm = np.random.default_rng(11).permutation(r.size)
    assert perm[0] != np.argmin(r[perm])            # the lowest reduction is not listed first
    assert r[perm][opt.knee_point(r[perm], k[perm])] == pytest.approx(25.0)


def test_knee_of_an_exponential_front_by_hand():
    # K = exp(c r) on [r0, r1]: after scaling the chord has slope 1 and the knee is where
    # c (r1 - r0) exp(c r) / (exp(c r1) - exp(c r0)) = 1
    c, r0, r1 = 0.1, 5.0, 45.0
    r = np.linspace(r0, r1, 4001)
    expected = np.log((np.exp(c * r1) - np.exp(c * r0)) / (c * (r1 - r0))) / c
    assert r[opt.knee_point(r, 500.0 + np.exp(c * r))] == pytest.approx(expected, abs=0.01)


def test_three_points_are_enough_for_a_knee():
    # (0, 0), (10, 1), (20, 10): the middle point lies below the chord
    assert opt.knee_point([0.0, 10.0, 20.0], [0.0, 1.0, 10.0]) == 1
    three = pd.DataFrame({"reduction_pct": [5.0, 15.0, 25.0], "cost_cny": [100.0, 101.0, 200.0]})
    assert opt.knee_row(three)["reduction_pct"] == 15.0
    with pytest.raises(ParameterError, match=r"parameters 'reduction_pct', 'cost': need >= 3 paired points"):
        opt.knee_point([1.0, 2.0], [1.0, 2.0])


# --- marginal_costs ----------------------------------------------------------------------------

def test_marginal_costs_by_hand_on_a_front_not_starting_at_zero():
    front = pd.DataFrame({"reduction_pct": [35.0, 5.0, 20.0], "cost_cny": [250.0, 100.0, 130.0]})
    m = opt.marginal_costs(front, 20.0)
    # below: (130 - 100)/(20 - 5) = 2 per point; above: (250 - 130)/(35 - 20) = 8; ratio 4
    assert m == pytest.approx({"below_cny_per_pp": 2.0, "above_cny_per_pp": 8.0, "ratio": 4.0})


def test_marginal_costs_need_the_split_strictly_inside_the_front():
    front = pd.DataFrame({"reduction_pct": [5.0, 20.0, 35.0], "cost_cny": [100.0, 130.0, 250.0]})
    assert opt.marginal_costs(front, 5.0) is None
    assert opt.marginal_costs(front, 35.0) is None


def test_marginal_cost_ratio_is_infinite_when_reductions_below_the_split_cost_nothing_or_save():
    flat = pd.DataFrame({"reduction_pct": [5.0, 20.0, 35.0], "cost_cny": [100.0, 100.0, 100.0]})
    assert opt.marginal_costs(flat, 20.0)["ratio"] == float("inf")
    saving = pd.DataFrame({"reduction_pct": [5.0, 20.0, 35.0], "cost_cny": [120.0, 100.0, 160.0]})
    assert opt.marginal_costs(saving, 20.0)["ratio"] == float("inf")


# --- pareto helpers and cooling rounding -----------------------------------------------------

def test_pareto_mask_refuses_unequal_lengths_naming_both():
    with pytest.raises(ParameterError, match=r"parameters 'a', 'b': need two 1-d arrays of equal length "
                                             r"\(got shapes \(3,\), \(2,\)\)"):
        opt.pareto_mask_2d([1.0, 2.0, 3.0], [1.0, 2.0])


def test_round_cooling_rounds_half_up_and_leaves_the_input_alone():
    x = np.array([[0.2, 0.95, 0.5, 0.1], [0.2, 0.95, 0.49, 0.1], [0.2, 0.95, 0.51, 0.1]])
    before = x.copy()
    rounded = opt.round_cooling(x)
    assert rounded[:, 2].tolist() == [1.0, 0.0, 1.0]
    assert np.array_equal(x, before)                       # a copy, the input is unchanged
    assert np.array_equal(rounded[:, [0, 1, 3]], before[:, [0, 1, 3]])


# --- grid and front -----------------------------------------------------------------------

def test_two_levels_give_the_corners_of_the_design_space(model):
    x = opt.grid_designs(model, 2)
    lower, upper = model.bounds()
    corners = {tuple(np.where(bits, upper, lower)) for bits in np.ndindex(2, 2, 2, 2)}
    assert x.shape == (16, 4)
    assert {tuple(row) for row in x} == corners


def _boundary_case(model):
    """Five designs with their (carbon, cost) given: cap 1.5 x 10000 = 15000 exactly."""
    m = replace(model, base_cost_cny=10000.0, cost_cap_ratio=1.5)
    x = np.array([[m.r0, m.eta0, 0.0, m.u0],          # eta exactly eta0: feasible (g2 = 0)
                  [m.r0, 0.93, 1.0, m.u0],             # cost exactly at the cap: feasible (g1 = 0)
                  [m.r0, 0.92, 0.0, m.u0],
                  [m.r0, m.eta0 - 0.01, 0.0, m.u0],    # efficiency loss: infeasible
                  [m.r0, 0.95, 1.0, m.u0]])            # 1 CNY over the cap: infeasible
    carbon = np.array([100.0, 80.0, 90.0, 70.0, 60.0])
    cost = np.array([9000.0, 15000.0, 12000.0, 9500.0, 15001.0])
    return m, x, carbon, cost


@pytest.mark.parametrize("with_order", [False, True])
def test_front_of_keeps_designs_on_both_constraint_boundaries(model, with_order):
    m, x, carbon, cost = _boundary_case(model)
    order = np.argsort(carbon, kind="stable") if with_order else None
    front = opt._front_of(m, x, carbon, cost, order)
    expected = pd.DataFrame(x[[1, 2, 0]], columns=list(DESIGN_VARIABLES))
    expected["carbon_kg_co2e"] = [80.0, 90.0, 100.0]
    expected["reduction_pct"] = 100.0 * (1.0 - np.array([80.0, 90.0, 100.0]) / m.reference_carbon_kg)
    expected["cost_cny"] = [15000.0, 12000.0, 9000.0]
    expected["cost_increase_pct"] = [50.0, 20.0, -10.0]
    pd.testing.assert_frame_equal(front, expected)


def test_grid_front_equals_brute_force_filtering(model):
    # second method: evaluate every grid design, filter g1/g2 by hand, pairwise Pareto filter
    x = opt.grid_designs(model, 5)
    table = model.evaluate(x)
    eta0 = model.system_efficiency(model.baseline_design())[0]
    ok = (table["cost_cny"] <= model.cost_cap_ratio * model.base_cost_cny) & (table["system_efficiency"] >= eta0)
    brute = opt.pareto_front_2d(table[ok].drop(columns="system_efficiency"))
    front = opt.grid_front(model, 5)
    pd.testing.assert_frame_equal(front, brute[front.columns], check_exact=False, rtol=1e-12)
    assert list(front.columns) == list(DESIGN_VARIABLES) + ["carbon_kg_co2e", "reduction_pct", "cost_cny",
                                                            "cost_increase_pct"]


def test_knee_sensitivity_of_the_base_cost_moves_the_cost_cap_too(model):
    # scaling K0 scales the cap (cap_ratio x K0): recompute the grid front with the scaled model
    sens = opt.knee_sensitivity(model, [1.1], levels=7, coefficients=("base_cost_cny",))
    front = opt.grid_front(replace(model, base_cost_cny=1.1 * model.base_cost_cny), 7)
    assert sens.loc[("base_cost_cny", 1.1), "front_max_reduction_pct"] == front["reduction_pct"].max()
    assert sens.loc[("base_cost_cny", 1.1), "knee_reduction_pct"] == opt.knee_row(front)["reduction_pct"]


def test_knee_sensitivity_reports_nan_when_the_front_is_a_single_point(model):
    # K0 x 1e-6: the cap is 1.2 x 0.012 CNY; every lever step adds more than 0.0024 CNY (each
    # lever's cost rises faster than its electricity saving), so only the baseline (cost K0,
    # reduction 0) is feasible: no knee
    sens = opt.knee_sensitivity(model, [1e-6], levels=3, coefficients=("base_cost_cny",))
    assert np.isnan(sens["knee_reduction_pct"]).all()
    assert sens["front_max_reduction_pct"].tolist() == [0.0]


def test_knee_sensitivity_names_the_unknown_coefficient_argument(model):
    with pytest.raises(ParameterError, match=r"parameter 'coefficients': need cost coefficients among"):
        opt.knee_sensitivity(model, [1.0], levels=3, coefficients=("r0_cost",))


# --- the problem of eq. (1)-(2) and the NSGA-II wrapper ----------------------------------------

def test_problem_objectives_and_constraints_by_hand(model):
    problem = opt.EccProblem(model)
    assert (problem.n_obj, problem.n_ieq_constr) == (3, 2)
    design = np.array([[0.38, 0.941, 0.7, 0.15]])          # cooling 0.7 is rounded to oil-free
    F, G = problem.evaluate(design, return_values_of=["F", "G"])
    rounded = np.array([[0.38, 0.941, 1.0, 0.15]])
    eta = 0.941 * (1 + 0.032)                                # Section 3.6's 3.2 % cooling gain
    cost = model.cost_cny(rounded)[0]
    assert F[0] == pytest.approx([model.carbon_kg(rounded)[0], cost, -eta])
    assert G[0] == pytest.approx([cost / 12000.0 - 1.2, 0.914 - eta])
    assert opt.EccProblem(model, with_efficiency=False).n_obj == 2


def test_nsga2_refuses_too_small_settings_naming_both(model):
    message = r"parameters 'nsga_population', 'nsga_generations': need nsga_population >= 4 and " \
              r"nsga_generations >= 1 \(got nsga_population = {}, nsga_generations = {}\)"
    with pytest.raises(ParameterError, match=message.format(3, 1)):
        opt.run_nsga2(model, population=3, generations=1, seed=1)
    with pytest.raises(ParameterError, match=message.format(4, 0)):
        opt.run_nsga2(model, population=4, generations=0, seed=1)


def test_nsga2_smallest_settings_run_and_print_nothing(model, capsys):
    frame = opt.run_nsga2(model, population=4, generations=1, seed=2, with_efficiency=False)
    assert 1 <= len(frame) <= 4
    assert capsys.readouterr().out == ""


def test_nsga2_is_pymoo_nsga2_on_the_problem(model):
    # second method: pymoo called directly on EccProblem (LHS sampling, the population size
    # asked for), feasible members rounded and deduplicated
    from pymoo.algorithms.moo.nsga2 import NSGA2
    from pymoo.operators.sampling.lhs import LHS
    from pymoo.optimize import minimize

    for with_efficiency in (True, False):
        result = minimize(opt.EccProblem(model, with_efficiency=with_efficiency),
                          NSGA2(pop_size=12, sampling=LHS()), ("n_gen", 6), seed=3, verbose=False)
        feasible = np.all(result.pop.get("G") <= 0, axis=1)
        expected = np.unique(opt.round_cooling(result.pop.get("X")[feasible]), axis=0)
        kwargs = {} if with_efficiency else {"with_efficiency": False}
        frame = opt.run_nsga2(model, population=12, generations=6, seed=3, **kwargs)
        got = np.unique(frame[list(DESIGN_VARIABLES)].to_numpy(), axis=0)
        assert np.array_equal(got, expected), with_efficiency
        assert list(frame.index) == list(range(len(frame)))
        assert list(frame.columns) == list(DESIGN_VARIABLES) + [
            "carbon_kg_co2e", "reduction_pct", "cost_cny", "cost_increase_pct", "system_efficiency",
            "predicted_carbon_kg_co2e", "predicted_cost_cny"]


def test_nsga2_reports_the_evaluators_own_predictions(model):
    # an evaluator that doubles carbon and adds 1 CNY: the predicted columns are its values,
    # the others the mechanistic model's
    def evaluator(x):
        return 2.0 * model.carbon_kg(x), model.cost_cny(x) + 1.0

    frame = opt.run_nsga2(model, population=10, generations=3, seed=4, evaluator=evaluator,
                          with_efficiency=False)
    assert frame["predicted_carbon_kg_co2e"].to_numpy() == pytest.approx(2.0 * frame["carbon_kg_co2e"].to_numpy())
    assert frame["predicted_cost_cny"].to_numpy() == pytest.approx(frame["cost_cny"].to_numpy() + 1.0)


def test_nsga2_keeps_designs_that_exactly_meet_the_efficiency_constraint(model):
    # motor efficiency fixed at its baseline: an oil-based design has eta = eta0, g2 = 0 exactly,
    # which eq. (2) (g <= 0) admits; the cheap end of the (C, K) front is oil-based
    fixed = replace(model, eta_max=model.eta0)
    frame = opt.run_nsga2(fixed, population=20, generations=10, seed=5, with_efficiency=False)
    assert (frame["oil_free_cooling"] == 0.0).any() and len(frame) > 1


def test_a_cost_cap_without_room_reports_the_baseline_with_its_own_predictions(model):
    frame = opt.run_nsga2(replace(model, cost_cap_ratio=0.99), population=6, generations=2, seed=1)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["predicted_carbon_kg_co2e"] == pytest.approx(model.reference_carbon_kg)
    assert row["predicted_cost_cny"] == pytest.approx(model.base_cost_cny)
