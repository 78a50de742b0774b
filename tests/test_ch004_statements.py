"""ch004: Corollaries 1-2 sign statements, Section 7 (ii), Section 6.2 figure statements."""

from __future__ import annotations

import numpy as np
import pytest

from ev_compendium import load_chapter
from ev_compendium.ch004_game import model, numeric, printed, statements
from ev_compendium.params import load_parameters

BASE = model.model_parameters(load_parameters("ch004", {}))


def test_printed_thresholds_by_hand():
    # s = 0.2, W = 0.5856; lambda*: phi (alpha Em - theta delta s) / (delta s W) = 0.4*0.214/(0.12*0.5856)
    assert float(printed.lambda_threshold_dgC_dp(BASE)) == pytest.approx(0.0856 / (0.12 * 0.5856))
    # delta*_u: [(4 - 3) 0.5 - 0.3*2*0.5*0.4] / (0.4*0.3 [0.5 (2.5 + 3 - 2) + 4*0.2]) = 0.38 / 0.306
    assert float(printed.delta_threshold_duC_dalpha(BASE)) == pytest.approx(0.38 / 0.306)
    # delta*_D: (4 - 3) 0.5 / (0.4*0.3 [2.5*0.5 + 4*0.2]) = 0.5 / 0.246
    assert float(printed.delta_threshold_duD_dalpha(BASE)) == pytest.approx(0.5 / 0.246)
    assert float(printed.lambda_threshold_dgC_dp({**BASE, "delta": 0.0})) == np.inf


def test_corollary_1i_condition_fails_between_the_printed_and_derived_thresholds():
    # derived: dg^C/dp < 0 iff lambda < phi (alpha Em - theta delta s) / (delta s (rho + eta)) = 1.4267;
    # printed: lambda < 1.218. At lambda = 1.3 the sign is negative but the printed test says >= 0.
    at = {**BASE, "lambda_": 1.3}
    assert float(numeric.equilibrium(at, "C")["dg_dp"]) < 0
    assert statements.sign_statements(at)["dgC_dp_sign_condition"] is False
    assert statements.sign_statements(BASE)["dgC_dp_sign_condition"] is True


def test_corollary_1iii_and_2iii_conditions_follow_the_sign_when_it_turns():
    # p = 7: pi_m - p Em = 0.5, delta*_u = (0.25 - 0.12) / 0.306 = 0.425 < delta = 0.6, so
    # du^C/dalpha < 0; by hand its numerator 0.25 - 0.12 - 0.12*0.6*2.55 = -0.0536
    at = {**BASE, "p": 7.0}
    assert float(numeric.equilibrium(at, "C")["du_dalpha"]) < 0
    signs = statements.sign_statements(at)
    assert signs["duC_dalpha_sign_condition"] and signs["dgC_dalpha_switch_in_delta"]
    assert signs["duD_dalpha_sign_condition"]


def test_corollary_1ii_pattern_fails_and_every_other_sign_holds_at_the_baseline():
    signs = statements.sign_statements(BASE)
    assert signs.pop("dEC_dp_switch_in_k") is False
    assert all(signs.values()), signs


def test_cooperation_cost_share_by_hand():
    # gamma1 = (2a - b)/(2a + b), a = lambda delta (pi_b + p s) + H1 v2, b = lambda X + N1 v2,
    # H1 = G1 = (alpha (pi_m - p Em) + theta delta (pi_b + p s)) / W, N1 = B1 = theta X / W
    w, v2, x = 0.5856, 0.4096, 0.6 * 3 + 0.4 * 2
    n1 = 0.3 * x / w
    b = 0.2 * x + n1 * v2
    for p in (6.0, 0.0):
        h1 = (0.5 * (4 - 0.5 * p) + 0.3 * 0.6 * (2.5 + 0.2 * p)) / w
        a = 0.2 * 0.6 * (2.5 + 0.2 * p) + h1 * v2
        assert float(numeric.gamma1({**BASE, "p": p}, "S")) == pytest.approx((2 * a - b) / (2 * a + b), rel=1e-12)


def test_cooperation_stringency_compares_the_same_sample():
    sample = statements.admissible_sample(BASE)
    assert len(sample["p"]) == statements.SAMPLE_SIZE
    assert bool(np.all(model.positivity(sample)))
    again = statements.admissible_sample(BASE)
    assert all(np.array_equal(sample[k], again[k]) for k in sample)          # seeded
    result = statements.cooperation_stringency(BASE, sample)
    assert result["more stringent (derived)"] is True and result["more stringent (printed)"] is False
    assert result["gamma1 at P (derived)"] < result["gamma1 at P, p = 0 (derived)"]


def _grid(e_by_scenario):
    n = e_by_scenario["C"].shape[0]
    zeros = {s: np.zeros((n, n)) for s in ("C", "S", "D", "I")}
    return {"alpha": np.linspace(0.1, 1, n), "delta": np.linspace(0.05, 0.95, n),
            "u": zeros, "g": zeros, "E": {**zeros, **e_by_scenario}, "J": zeros, "J_m": zeros, "J_U": zeros}


def test_goodwill_change_statement_measures_the_spread_over_delta():
    delta = np.linspace(0.05, 0.95, 8)[:, None] * np.ones((1, 8))
    steep = _grid({"C": 1 * delta, "S": 0.5 * delta, "D": 3 * delta})
    flat = _grid({"C": 3 * delta, "S": 2 * delta, "D": 1 * delta})
    assert statements.grid_statements(steep)["E_change_largest_under_D"] is True
    assert statements.grid_statements(steep)["E_change_under_S_smoother_than_D"] is True
    assert statements.grid_statements(flat)["E_change_largest_under_D"] is False
    # spread over delta of 3 * delta is 3 * 0.9 = 2.7
    assert statements.grid_statements(steep)["goodwill_spread_over_delta"]["D"] == pytest.approx(2.7)


def test_baseline_goodwill_changes_least_under_D():
    R = load_chapter("ch004").results({})
    spread = R.grid_statements["goodwill_spread_over_delta"]
    assert spread["D"] < spread["S"] < spread["C"]
