"""ch001 V2G revenue model (Guo et al. 2024, Section 3.2; eqs. v2g-energy ... v2g-breakeven).

The fixture is non-degenerate on purpose: every multiplicative input differs from 1 and the
discount rate from 0, so a mutation that drops or swaps any term (depth of discharge, cycles
per day, efficiency, the capital recovery factor) changes the expected numbers. Expectations
are worked out by hand below, or by a second method (the annuity sum for the CRF, the
"loss cost" form of the revenue).
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ev_compendium.ch001_security import v2g
from ev_compendium.validate import ParameterError

# E_dis = 40 kWh x 0.6 x 1.5 cycles/day x 200 days = 7200 kWh/yr; E_ch = 7200 / 0.9 = 8000 kWh
# wear  = 900 / 2500 = 0.36 yuan/kWh -> 2592 yuan/yr
# CRF(6 %, 8 yr) = 0.06 x 1.06^8 / (1.06^8 - 1) = 0.1610359; fixed = 6000 x CRF + 120 = 1086.216
X = v2g.V2GInputs(
    battery_capacity_kwh=40, dod=0.6, cycles_per_day=1.5, days_per_year=200,
    roundtrip_efficiency=0.9, valley_price_yuan_per_kwh=0.25, battery_price_yuan_per_kwh=900,
    cycle_life_efc=2500, equipment_cost_yuan=6000, equipment_life_years=8, discount_rate=0.06,
    participation_fee_yuan_per_year=120,
)
E_DIS = 7200.0
FIXED = 1086.2156558887737


def _crf_by_annuity_sum(rate: float, years: int) -> float:
    """Second method: the payment A with sum_k A / (1 + r)^k = 1 over k = 1..m."""
    return 1.0 / sum((1 + rate) ** -k for k in range(1, years + 1))


def test_capital_recovery_factor_by_a_second_method():
    for rate, years in ((0.06, 8), (0.05, 10), (0.12, 3)):
        assert v2g.capital_recovery_factor(rate, years) == pytest.approx(
            _crf_by_annuity_sum(rate, years), rel=1e-12)
    assert v2g.capital_recovery_factor(0.0, 8) == pytest.approx(1 / 8)


def test_hand_checked_economics():
    out = v2g.v2g_economics(0.5, X)
    assert out["discharged_kwh"] == pytest.approx(E_DIS)
    assert out["charged_kwh"] == pytest.approx(8000.0)
    # 7200 kWh x (0.25 + 0.5) - 8000 kWh x 0.25 = 5400 - 2000
    assert out["total_revenue_yuan"] == pytest.approx(3400.0)
    # second method: gap income minus the cost of the lost energy, E_dis (P_gap - p_v (1/eta - 1))
    assert out["total_revenue_yuan"] == pytest.approx(E_DIS * (0.5 - 0.25 * (1 / 0.9 - 1)))
    assert out["degradation_cost_yuan"] == pytest.approx(2592.0)
    assert out["fixed_cost_yuan"] == pytest.approx(6000 * _crf_by_annuity_sum(0.06, 8) + 120)
    assert out["net_income_yuan"] == pytest.approx(3400.0 - 2592.0 - FIXED)  # -278.216


def test_break_even_gap_by_hand_and_net_zero_there():
    # 0.25 (1/0.9 - 1) + 0.36 + 1086.216 / 7200 = 0.027778 + 0.36 + 0.150863
    p_star = v2g.break_even_price_gap(X)
    assert p_star == pytest.approx(0.5386410633, rel=1e-9)
    assert v2g.v2g_economics(p_star, X)["net_income_yuan"] == pytest.approx(0, abs=1e-9)


def test_each_energy_factor_scales_the_energy_sold():
    """d, n, D and C enter E_dis as a product: halving any one halves E_dis."""
    for name in ("battery_capacity_kwh", "dod", "cycles_per_day", "days_per_year"):
        half = replace(X, **{name: getattr(X, name) / 2})
        assert v2g.annual_discharge_kwh(half) == pytest.approx(E_DIS / 2), name


def test_efficiency_one_removes_the_loss_term():
    lossless = replace(X, roundtrip_efficiency=1.0)
    assert v2g.break_even_price_gap(lossless) == pytest.approx(0.36 + FIXED / E_DIS)


@pytest.mark.parametrize("gap", [-0.1, -1e-9, math.nan, math.inf])
def test_negative_or_non_finite_gap_raises(gap):
    with pytest.raises(ParameterError, match="'price_gap_yuan_per_kwh'"):
        v2g.v2g_economics(gap, X)


@pytest.mark.parametrize("eta", [0.0, -0.5, 1.0001, 1.5])
def test_efficiency_outside_0_1_raises(eta):
    with pytest.raises(ParameterError, match=r"'roundtrip_efficiency' = .* valid range is \(0, 1\]"):
        replace(X, roundtrip_efficiency=eta)


@pytest.mark.parametrize("field, value", [("dod", 0.0), ("dod", 1.2), ("battery_capacity_kwh", -1),
                                          ("cycle_life_efc", 0), ("days_per_year", 400),
                                          ("discount_rate", math.nan)])
def test_other_bad_inputs_name_the_argument(field, value):
    with pytest.raises(ParameterError, match=f"'{field}'"):
        replace(X, **{field: value})


def test_empty_gap_list_raises():
    with pytest.raises(ValueError, match="price_gaps_yuan_per_kwh"):
        v2g.revenue_table([], X)


def test_is_increasing():
    assert v2g.is_increasing([1, 2, 3])
    assert not v2g.is_increasing([1, 1, 2])
    assert not v2g.is_increasing([3, 2])
    assert not v2g.is_increasing([1])


def test_sensitivity_ranks_and_energy_scalers_tie():
    table = v2g.one_at_a_time_sensitivity(0.5, X)
    swings = table["swing_yuan"]
    assert list(swings) == sorted(swings, reverse=True)
    # C, d, n and D all scale E_dis linearly: N(+-20 %) differ by 0.4 x E_dis x margin
    margin = 0.5 - 0.25 * (1 / 0.9 - 1) - 0.36  # yuan per kWh sold, before fixed costs
    for name in ("battery_capacity_kwh", "dod", "cycles_per_day", "days_per_year"):
        assert swings[name] == pytest.approx(0.4 * E_DIS * margin), name
    # the fee enters N with slope -1: swing 0.4 x 120
    assert swings["participation_fee_yuan_per_year"] == pytest.approx(48.0)
    assert table.attrs["base_net_income_yuan"] == pytest.approx(3400.0 - 2592.0 - FIXED)


def test_sensitivity_clips_at_the_model_domain():
    """At 366 days (the parameter's maximum) +20 % would be 439 days: clipped to 366, the
    high end equals the baseline and the swing is the -20 % half only."""
    full_year = replace(X, days_per_year=366)
    table = v2g.one_at_a_time_sensitivity(0.5, full_year)
    base = table.attrs["base_net_income_yuan"]
    assert table.loc["days_per_year", "net_income_high_yuan"] == pytest.approx(base)
    margin = 0.5 - 0.25 * (1 / 0.9 - 1) - 0.36
    e_dis = 40 * 0.6 * 1.5 * 366
    assert table.loc["days_per_year", "swing_yuan"] == pytest.approx(0.2 * e_dis * margin)


def test_net_income_grid_matches_pointwise_and_rejects_unknown_names():
    grid = v2g.net_income_grid(0.5, X, "cycle_life_efc", [1250, 2500], "roundtrip_efficiency", [0.9, 1.0])
    assert grid.shape == (2, 2)
    assert grid[0, 1] == pytest.approx(3400.0 - 2592.0 - FIXED)
    assert grid[0, 0] == pytest.approx(3400.0 - 2 * 2592.0 - FIXED)  # wear doubles
    assert grid[1, 1] == pytest.approx(7200 * 0.5 - 2592.0 - FIXED)  # no loss: R = E_dis P_gap
    with pytest.raises(ValueError, match="input name"):
        v2g.net_income_grid(0.5, X, "colour", [1], "dod", [1])


def test_map_span_is_clipped_to_the_domain():
    assert v2g.map_span("dod", 0.9, points=3).tolist() == pytest.approx([0.54, 0.77, 1.0])
    assert v2g.map_span("battery_capacity_kwh", 50, points=3).tolist() == pytest.approx([30, 50, 70])


@settings(max_examples=60, deadline=None)
@given(gap_a=st.floats(0, 3), gap_b=st.floats(0, 3),
       eta=st.floats(0.05, 1.0), valley=st.floats(0, 2), price=st.floats(0, 3000))
def test_revenue_and_net_income_rise_with_gap_for_any_inputs(gap_a, gap_b, eta, valley, price):
    x = replace(X, roundtrip_efficiency=eta, valley_price_yuan_per_kwh=valley,
                battery_price_yuan_per_kwh=price)
    lo, hi = sorted((gap_a, gap_b))
    a, b = v2g.v2g_economics(lo, x), v2g.v2g_economics(hi, x)
    # slope of both in P_gap is E_dis = 7200 kWh/yr
    assert b["total_revenue_yuan"] - a["total_revenue_yuan"] == pytest.approx(E_DIS * (hi - lo), abs=1e-6)
    assert b["net_income_yuan"] - a["net_income_yuan"] == pytest.approx(E_DIS * (hi - lo), abs=1e-6)
    assert v2g.v2g_economics(v2g.break_even_price_gap(x), x)["net_income_yuan"] == pytest.approx(0, abs=1e-6)


def test_two_rising_values_are_increasing():
    # "needs >= 2": two values are enough (the smallest series the definition accepts)
    assert v2g.is_increasing([1.0, 2.0])
    assert v2g.is_increasing((0.5, 0.6))


def test_empty_gap_list_message():
    with pytest.raises(ValueError) as err:
        v2g.revenue_table([], X)
    assert str(err.value) == "price_gaps_yuan_per_kwh must hold at least one gap"


@pytest.mark.parametrize("step", [0.0, -0.2, 1.0, 1.5])
def test_sensitivity_step_is_inside_0_1(step):
    with pytest.raises(ParameterError) as err:
        v2g.one_at_a_time_sensitivity(0.5, X, relative_step=step)
    assert str(err.value) == f"argument 'relative_step' = {step!r} is out of range: valid range is (0, 1)"


def test_map_span_has_41_points_by_default():
    assert len(v2g.map_span("dod", 0.5)) == 41


def test_sensitivity_columns_and_the_fee_row_by_hand():
    table = v2g.one_at_a_time_sensitivity(0.5, X)
    assert list(table.columns) == ["base_value", "net_income_low_yuan", "net_income_high_yuan", "swing_yuan"]
    fee = table.loc["participation_fee_yuan_per_year"]
    base = table.attrs["base_net_income_yuan"]
    # fee 120 yuan/yr moved -/+ 20 %: net income +24 / -24 around the baseline
    assert fee["base_value"] == 120.0
    assert fee["net_income_low_yuan"] == pytest.approx(base + 24.0)
    assert fee["net_income_high_yuan"] == pytest.approx(base - 24.0)


def test_clip_to_domain_at_both_ends():
    assert v2g.clip_to_domain("dod", -0.5) == 0.0
    assert v2g.clip_to_domain("dod", 1.2) == 1.0
    assert v2g.clip_to_domain("days_per_year", 440) == 366.0
    assert v2g.clip_to_domain("valley_price_yuan_per_kwh", -1.0) == 0.0
    assert v2g.clip_to_domain("dod", 0.7) == 0.7


def test_capital_recovery_factor_bounds_in_full():
    with pytest.raises(ParameterError) as err:
        v2g.capital_recovery_factor(-0.1, 8)
    assert str(err.value) == "argument 'discount_rate' = -0.1 is out of range: valid range is [0, 1]"
    with pytest.raises(ParameterError, match=r"'discount_rate' = 1.5 is out of range"):
        v2g.capital_recovery_factor(1.5, 8)
    with pytest.raises(ParameterError) as err:
        v2g.capital_recovery_factor(0.06, 0)
    assert str(err.value) == "argument 'equipment_life_years' = 0.0 is out of range: valid range is (0, inf)"
    with pytest.raises(ParameterError, match=r"'equipment_life_years' = -1.0 is out of range"):
        v2g.capital_recovery_factor(0.06, -1)
    assert v2g.capital_recovery_factor(1.0, 1) == pytest.approx(2.0)  # r (1+r)/((1+r) - 1) at r = 1, m = 1


def test_is_increasing_compares_values_not_unsigned_wraparound():
    """A falling unsigned-integer series (3 -> 2) is not rising: np.diff of uint8 would wrap
    to 255 without the conversion to float."""
    import numpy as np

    assert not v2g.is_increasing(np.array([3, 2], dtype=np.uint8))
    assert v2g.is_increasing(np.array([2, 3], dtype=np.uint8))
    assert v2g.is_increasing([False, True])  # booleans count as 0 and 1


def test_sensitivity_ties_keep_the_input_order():
    """Free valley electricity: the efficiency and the valley price then only scale a zero
    purchase cost and swing the net income by exactly 0, and the four energy scalers swing by
    exactly the same 0.4 x 7200 x (0.5 - 0.36) = 403.2 yuan. Exact ties are listed in the order
    of the model's inputs (a stable sort: the same table on every machine). By hand: cycle life
    2592 / 0.8 - 2592 / 1.2 = 1080, pack price 0.4 x 2592 = 1036.8, charger 0.4 x 6000 x CRF =
    386.5, fee 0.4 x 120 = 48."""
    free = replace(X, valley_price_yuan_per_kwh=0.0)
    table = v2g.one_at_a_time_sensitivity(0.5, free)
    assert list(table.index) == [
        "cycle_life_efc", "battery_price_yuan_per_kwh", "battery_capacity_kwh", "dod", "cycles_per_day",
        "days_per_year", "equipment_cost_yuan", "participation_fee_yuan_per_year", "roundtrip_efficiency",
        "valley_price_yuan_per_kwh"]
    assert table["swing_yuan"].tolist() == pytest.approx(
        [1080.0, 1036.8, 403.2, 403.2, 403.2, 403.2, 0.4 * 6000 * 0.1610359, 48.0, 0.0, 0.0], abs=1e-3)
