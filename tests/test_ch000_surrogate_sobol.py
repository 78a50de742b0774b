"""ch000 surrogate loop (Sections 3.5, 3.7) and Sobol analysis (Section 3.6): the closed-form
variance shares by hand from Table 2, the loop replayed step by step with sklearn's own
prediction, and the documented edge cases (fixed levers, smallest sizes)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import RandomForestRegressor

from ev_compendium.ch000_ecc import optimisation as opt
from ev_compendium.ch000_ecc import sensitivity, surrogate
from ev_compendium.ch000_ecc.model import DESIGN_VARIABLES, EccModel
from ev_compendium.params import load_parameters
from ev_compendium.validate import ParameterError


@pytest.fixture(scope="module")
def model():
    return EccModel.from_params(load_parameters("ch000"))


# --- closed-form shares ------------------------------------------------------------------------

def test_analytic_shares_by_hand_from_table2(model):
    # slopes per unit of each input (Table 2: 8.6 % for 12 -> 38 %; 6.2 % for 91.4 -> 94.1 %;
    # 3.2 % for oil-free cooling; 5.8 % for 0 -> 15 % recovery); the recovery baseline is moved
    # to 5 % so that no bound is zero; uniform inputs: (b - a)^2 / 12, cooling Bernoulli(1/2): 1/4
    m = replace(model, u0=0.05)
    slope = np.array([0.086 / 0.26, 0.062 / 0.027, 0.032, 0.058 / 0.15])
    var = np.array([(0.5 - 0.12) ** 2 / 12, (0.96 - 0.914) ** 2 / 12, 0.25, (0.3 - 0.05) ** 2 / 12])
    part = slope ** 2 * var
    shares = sensitivity.analytic_variance_shares(m)
    assert shares.to_numpy() == pytest.approx(part / part.sum(), rel=1e-9)
    assert list(shares.index) == ["recycled material ratio", "motor efficiency", "cooling type", "energy recovery"]
    assert shares.name == "analytic S1"


def test_analytic_shares_are_nan_when_carbon_does_not_vary(model):
    flat = replace(model, material_saving_per_ratio=0.0, motor_loss_energy_share=0.0,
                   cooling_energy_saving=0.0, recovery_saving_per_utilisation=0.0)
    shares = sensitivity.analytic_variance_shares(flat)
    assert len(shares) == 4 and shares.dtype == float and shares.isna().all()


def test_analytic_shares_refuse_the_multiplicative_model_naming_it(model):
    with pytest.raises(ParameterError, match=r"^parameter 'combination': need 'additive' \(closed-form shares "
                                             r"exist only for the additive model\) \(got combination = "
                                             r"'multiplicative'\)$"):
        sensitivity.analytic_variance_shares(replace(model, combination="multiplicative"))


def test_top3_share_is_one_when_recovery_cannot_vary(model):
    # bound = baseline: the recovery input is fixed, the three others carry all the variance
    sweep = sensitivity.top3_share_vs_recovery_bound(model, [0, 1])
    assert list(sweep.columns) == ["energy_recovery_max", "top3_share"]
    assert sweep["energy_recovery_max"].dtype == float
    assert sweep["top3_share"].iloc[0] == pytest.approx(1.0)
    with pytest.raises(ParameterError, match=r"^parameter 'energy_recovery_max': need a bound >= the baseline 0 "
                                             r"\(got energy_recovery_max = -0.1\)$"):
        sensitivity.top3_share_vs_recovery_bound(model, [-0.1])


# --- Sobol estimate ------------------------------------------------------------------------------

def test_sobol_table_layout_and_a_fixed_lever_has_exactly_zero_first_order_index(model, capsys):
    fixed = replace(model, u_max=model.u0)           # energy recovery cannot move
    table = sensitivity.sobol_indices(fixed, base_samples=64, seed=3)
    assert list(table.columns) == ["S1", "S1_conf", "ST", "ST_conf"]
    assert table.index.name == "input"
    assert list(table.index) == ["recycled material ratio", "motor efficiency", "cooling type", "energy recovery"]
    # f(A_B) = f(A) exactly when the input has no effect: the estimator gives 0, not round-off
    assert table.loc["energy recovery", "S1"] == 0.0 and table.loc["energy recovery", "ST"] == 0.0
    assert capsys.readouterr().out == ""


def test_sobol_smallest_sample_and_refusal_naming_the_parameter(model):
    assert len(sensitivity.sobol_indices(model, base_samples=2, seed=1)) == 4
    with pytest.raises(ParameterError, match=r"^parameter 'sobol_base_samples': need a power of 2 \(>= 2\) "
                                             r"\(got sobol_base_samples = 1\)$"):
        sensitivity.sobol_indices(model, base_samples=1, seed=1)


def test_sobol_sample_is_scrambled_by_the_seed(model):
    # scrambled Sobol points depend on the seed; unscrambled ones would not
    a = sensitivity.sobol_indices(model, base_samples=32, seed=1)
    b = sensitivity.sobol_indices(model, base_samples=32, seed=2)
    assert not np.allclose(a["S1"], b["S1"])


# --- surrogate -----------------------------------------------------------------------------------

def test_sample_designs_smallest_size_a_fixed_lever_and_refusal(model):
    fixed = replace(model, u_max=model.u0)
    x = surrogate.sample_designs(fixed, 2, seed=1)
    assert x.shape == (2, 4)
    assert x[:, 3] == pytest.approx([model.u0] * 2, abs=1e-9)
    with pytest.raises(ParameterError, match=r"^argument 'surrogate_samples' = 1.0 is out of range"):
        surrogate.sample_designs(model, 1, seed=1)


def test_train_surrogate_split_sizes_tree_count_and_table(model):
    designs = surrogate.sample_designs(model, 10, seed=2)
    # 5 % of 10 rounds to 0: at least one test design is kept
    forest, metrics = surrogate.train_surrogate(designs, model, trees=3, test_fraction=0.05, seed=2)
    assert len(forest.estimators_) == 3
    assert list(metrics.index) == ["carbon C (kg CO2e/unit)", "cost K (CNY/unit)"]
    assert list(metrics.columns) == ["held-out R2", "held-out MAE", "train designs", "test designs"]
    assert metrics["test designs"].tolist() == [1, 1] and metrics["train designs"].tolist() == [9, 9]
    assert metrics["held-out R2"].isna().all()  # undefined for one held-out design (no warning)
    assert (metrics["held-out MAE"] >= 0).all()
    for fraction in (0.0, 1.0):
        with pytest.raises(ParameterError, match=r"^argument 'surrogate_test_fraction' = .* valid range is \(0, 1\)$"):
            surrogate.train_surrogate(designs, model, trees=3, test_fraction=fraction, seed=2)


def test_held_out_mae_by_hand(model):
    designs = surrogate.sample_designs(model, 20, seed=5)
    forest, metrics = surrogate.train_surrogate(designs, model, trees=4, test_fraction=0.25, seed=5)
    test = np.random.default_rng(5).permutation(20)[:5]     # the documented seeded split
    predicted = forest.predict(designs[test])
    mae_c = np.mean(np.abs(model.carbon_kg(designs[test]) - predicted[:, 0]))
    mae_k = np.mean(np.abs(model.cost_cny(designs[test]) - predicted[:, 1]))
    assert metrics["held-out MAE"].to_numpy() == pytest.approx([mae_c, mae_k])


def test_batched_prediction_of_a_single_output_forest(model):
    designs = surrogate.sample_designs(model, 50, seed=6)
    forest = RandomForestRegressor(n_estimators=5, random_state=0).fit(designs, model.carbon_kg(designs))
    predicted = surrogate.forest_predictor(forest)(designs[:7])
    assert predicted.shape == (7,)
    assert np.array_equal(predicted, forest.predict(designs[:7]))


def test_surrogate_loop_replayed_by_hand(model):
    kw = dict(samples=40, trees=5, test_fraction=0.25, population=8, generations=3, seed=9)
    front, log = surrogate.surrogate_optimisation(model, rounds=2, **kw)
    # the loop of Section 3.7 step by step, with sklearn's own predict
    designs = surrogate.sample_designs(model, 40, 9)
    for k in range(2):
        forest, metrics = surrogate.train_surrogate(designs, model, trees=5, test_fraction=0.25, seed=9 + k)
        step = opt.run_nsga2(model, population=8, generations=3, seed=9 + k, with_efficiency=False,
                             evaluator=lambda x, f=forest: tuple(f.predict(x).T))
        row = log.loc[k + 1]
        assert row["training designs"] == len(designs)
        assert row["held-out R2 (C)"] == metrics.iloc[0]["held-out R2"]
        assert row["held-out R2 (K)"] == metrics.iloc[1]["held-out R2"]
        assert row["front MAE C (kg CO2e)"] == pytest.approx(
            np.mean(np.abs(step["predicted_carbon_kg_co2e"] - step["carbon_kg_co2e"])))
        assert row["front MAE K (CNY)"] == pytest.approx(np.mean(np.abs(step["predicted_cost_cny"] - step["cost_cny"])))
        designs = np.vstack([designs, step[list(DESIGN_VARIABLES)].to_numpy()])
    pd.testing.assert_frame_equal(front, step)
    assert log.index.name == "round" and list(log.index) == [1, 2]
    assert list(log.columns) == ["training designs", "held-out R2 (C)", "held-out R2 (K)",
                                 "front MAE C (kg CO2e)", "front MAE K (CNY)"]
    with pytest.raises(ParameterError, match=r"^argument 'surrogate_feedback_rounds' = 0.0 is out of range"):
        surrogate.surrogate_optimisation(model, rounds=0, **kw)
