"""ch001 V2G revenue model (Guo et al. 2024, Section 3.2): hand-checked values, bad inputs, properties."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ev_compendium.ch001_security import v2g
from ev_compendium.params import ParameterError, load_parameters

# Hand-checkable inputs: E_dis = 10 kWh * 1 * 1 * 100 = 1000 kWh/yr, wear 100/1000 = 0.1 yuan/kWh,
# fixed = 1000 yuan / 10 yr (r = 0) + 50 = 150 yuan/yr.
SIMPLE = v2g.V2GInputs(
    battery_capacity_kwh=10, dod=1.0, cycles_per_day=1, days_per_year=100,
    roundtrip_efficiency=0.8, valley_price_yuan_per_kwh=0.2, battery_price_yuan_per_kwh=100,
    cycle_life_efc=1000, equipment_cost_yuan=1000, equipment_life_years=10, discount_rate=0.0,
    participation_fee_yuan_per_year=50,
)


def test_hand_checked_economics():
    out = v2g.v2g_economics(0.5, SIMPLE)
    assert out["discharged_kwh"] == pytest.approx(1000)
    assert out["charged_kwh"] == pytest.approx(1250)
    # 1000 kWh * 0.7 yuan - 1250 kWh * 0.2 yuan
    assert out["total_revenue_yuan"] == pytest.approx(450)
    assert out["degradation_cost_yuan"] == pytest.approx(100)
    assert out["fixed_cost_yuan"] == pytest.approx(150)
    assert out["net_income_yuan"] == pytest.approx(200)


def test_break_even_gap_by_hand_and_net_zero_there():
    # 0.2 * (1/0.8 - 1) + 0.1 + 150/1000 = 0.05 + 0.1 + 0.15
    assert v2g.break_even_price_gap(SIMPLE) == pytest.approx(0.30)
    assert v2g.v2g_economics(0.30, SIMPLE)["net_income_yuan"] == pytest.approx(0, abs=1e-9)


def test_capital_recovery_factor():
    assert v2g.capital_recovery_factor(0.0, 10) == pytest.approx(0.1)
    assert v2g.capital_recovery_factor(0.05, 10) == pytest.approx(0.1295045750, rel=1e-9)


def test_baseline_parameters_give_documented_break_even():
    x = v2g.V2GInputs.from_params(load_parameters("ch001"))
    # 0.3 (1/0.85 - 1) + 800/3000 + 10000 CRF(5 %, 10 yr) / 7500
    expected = 0.3 * (1 / 0.85 - 1) + 800 / 3000 + 10000 * 0.1295045750 / 7500
    assert v2g.break_even_price_gap(x) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("gap", [-0.1, -1e-9, math.nan, math.inf])
def test_negative_or_non_finite_gap_raises(gap):
    with pytest.raises(ValueError, match="price_gap_yuan_per_kwh"):
        v2g.v2g_economics(gap, SIMPLE)


@pytest.mark.parametrize("eta", [0.0, -0.5, 1.0001, 1.5])
def test_efficiency_outside_0_1_raises(eta):
    with pytest.raises(ValueError, match=r"'roundtrip_efficiency' = .* valid range is \(0, 1\]"):
        replace(SIMPLE, roundtrip_efficiency=eta)


@pytest.mark.parametrize("field, value", [("dod", 0.0), ("dod", 1.2), ("battery_capacity_kwh", -1),
                                          ("cycle_life_efc", 0), ("days_per_year", 400)])
def test_other_bad_inputs_name_the_argument(field, value):
    with pytest.raises(ValueError, match=field):
        replace(SIMPLE, **{field: value})


def test_efficiency_one_is_allowed_and_removes_the_loss_term():
    lossless = replace(SIMPLE, roundtrip_efficiency=1.0)
    assert v2g.break_even_price_gap(lossless) == pytest.approx(0.25)


def test_empty_gap_list_raises():
    with pytest.raises(ValueError, match="price_gaps_yuan_per_kwh"):
        v2g.revenue_table([], SIMPLE)


def test_parameter_file_rejects_bad_overrides_with_name():
    with pytest.raises(ParameterError, match="v2g_roundtrip_efficiency"):
        load_parameters("ch001", {"v2g_roundtrip_efficiency": 1.2})
    with pytest.raises(ParameterError, match=r"'v2g_price_gaps_yuan_per_kwh\[1\]' = -0.1"):
        load_parameters("ch001", {"v2g_price_gaps_yuan_per_kwh": [0.3, -0.1]})


def test_is_increasing():
    assert v2g.is_increasing([1, 2, 3])
    assert not v2g.is_increasing([1, 1, 2])
    assert not v2g.is_increasing([3, 2])
    assert not v2g.is_increasing([1])


def test_sensitivity_ranks_and_energy_scalers_tie():
    table = v2g.one_at_a_time_sensitivity(0.5, SIMPLE)
    assert list(table["swing_yuan"]) == sorted(table["swing_yuan"], reverse=True)
    # capacity, cycles and days all scale E_dis linearly: identical swings
    swings = table["swing_yuan"]
    assert swings["battery_capacity_kwh"] == pytest.approx(swings["days_per_year"])
    assert swings["cycles_per_day"] == pytest.approx(swings["days_per_year"])
    assert table.attrs["base_net_income_yuan"] == pytest.approx(200)


def test_net_income_grid_matches_pointwise_and_rejects_unknown_names():
    grid = v2g.net_income_grid(0.5, SIMPLE, "cycle_life_efc", [500, 1000], "roundtrip_efficiency", [0.8])
    assert grid.shape == (1, 2)
    assert grid[0, 1] == pytest.approx(200)
    assert grid[0, 0] == pytest.approx(100)  # wear doubles to 200 yuan
    with pytest.raises(ValueError, match="input name"):
        v2g.net_income_grid(0.5, SIMPLE, "colour", [1], "dod", [1])


@settings(max_examples=60, deadline=None)
@given(gap_a=st.floats(0, 3), gap_b=st.floats(0, 3),
       eta=st.floats(0.05, 1.0), valley=st.floats(0, 2), price=st.floats(0, 3000))
def test_revenue_and_net_income_rise_with_gap_for_any_inputs(gap_a, gap_b, eta, valley, price):
    x = replace(SIMPLE, roundtrip_efficiency=eta, valley_price_yuan_per_kwh=valley,
                battery_price_yuan_per_kwh=price)
    lo, hi = sorted((gap_a, gap_b))
    a, b = v2g.v2g_economics(lo, x), v2g.v2g_economics(hi, x)
    # slope of both in P_gap is E_dis
    assert b["total_revenue_yuan"] - a["total_revenue_yuan"] == pytest.approx(1000 * (hi - lo), abs=1e-6)
    assert b["net_income_yuan"] - a["net_income_yuan"] == pytest.approx(1000 * (hi - lo), abs=1e-6)
    assert v2g.v2g_economics(v2g.break_even_price_gap(x), x)["net_income_yuan"] == pytest.approx(0, abs=1e-6)
