"""ch001 fleet-scenario model (Guo et al. 2024, Section 3.3; eqs. fleet-activity ... fleet-grid).

The fixture is non-degenerate on purpose: three years in which the stock, the distance per
car, both per-km intensities and the grid factor all differ, a grid loss above 0 and fuel
factors different from 1, so that a mutation which drops a term, uses one year's grid factor
in another year (e.g. a series lagged by a year) or swaps the EV and FV intensities changes
the expected numbers. Every expectation is worked out by hand in the comments.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ev_compendium.ch001_security import checks, context
from ev_compendium.ch001_security import data as fdata
from ev_compendium.ch001_security import fleet as fs
from ev_compendium.params import ParameterError, load_parameters
from ev_compendium.validate import ParameterError as ValidateError

FACTORS = fs.FuelFactors(
    gasoline_density_kg_per_l=0.74, gasoline_ncv_mj_per_kg=43.0, gasoline_kgce_per_kg=1.47,
    gasoline_combustion_g_co2_per_mj=69.0, gasoline_upstream_g_co2e_per_mj=18.0,
    electricity_kgce_per_kwh=0.1229, grid_loss_fraction=0.05,
)
INPUTS = pd.DataFrame({
    "vehicle_stock_million": [2.0, 2.5, 3.2], "vkt_km_per_vehicle": [12000.0, 11000.0, 10500.0],
    "fv_gasoline_l_per_100km": [8.0, 7.5, 7.2], "ev_kwh_per_100km": [16.0, 15.0, 12.0],
}, index=pd.Index([2020, 2021, 2022], name="year"))
GRID = [0.60, 0.55, 0.50]

# By hand, per year: activity A = stock x km (2.4e10, 2.75e10, 3.36e10 vkm)
#   EV kWh = A e/100 (3.84e9, 4.125e9, 4.032e9); EV CO2 = kWh / 0.95 x EF_t
#   FV L = A g/100 (1.92e9, 2.0625e9, 2.4192e9); FV CO2 = L x 0.74 x 43 MJ x (69 + 18) g/MJ
EV_CO2_MT = {2020: 2.425263, 2021: 2.388158, 2022: 2.122105}   # 3.84e9 / 0.95 x 0.60 ...
FV_CO2_MT = {2020: 5.315213, 2021: 5.709701, 2022: 6.697168}   # 1.92e9 x 31.82 x 87 g ...
EV_MTCE = {2020: 0.471936, 2021: 0.506962, 2022: 0.495533}     # kWh x 0.1229 kgce
FV_MTCE = {2020: 2.088576, 2021: 2.243587, 2022: 2.631606}     # L x 0.74 x 1.47 kgce
EV_PJ = {2020: 13.824, 2021: 14.85, 2022: 14.5152}             # kWh x 3.6 MJ
FV_PJ = {2020: 61.0944, 2021: 65.62875, 2022: 76.978944}       # L x 0.74 x 43 MJ


@pytest.fixture(scope="module")
def results():
    return fs.scenario_results(INPUTS, [0.0, 0.25, 1.0], GRID, FACTORS)


def test_hand_checked_totals_every_year(results):
    for year in INPUTS.index:
        ev, fv = results.loc[(year, 1.0)], results.loc[(year, 0.0)]
        assert ev["co2_mt"] == pytest.approx(EV_CO2_MT[year], abs=1e-6), year
        assert fv["co2_mt"] == pytest.approx(FV_CO2_MT[year], abs=1e-6), year
        assert ev["energy_mtce"] == pytest.approx(EV_MTCE[year], abs=1e-6), year
        assert fv["energy_mtce"] == pytest.approx(FV_MTCE[year], abs=1e-6), year
        assert ev["energy_pj"] == pytest.approx(EV_PJ[year], rel=1e-9), year
        assert fv["energy_pj"] == pytest.approx(FV_PJ[year], rel=1e-9), year
    assert results.loc[(2022, 0.0), "activity_billion_vkm"] == pytest.approx(33.6)


def test_mixed_share_is_the_weighted_sum(results):
    # 25 % EV in 2021: 0.25 x 2.388158 + 0.75 x 5.709701 = 4.879315 Mt
    assert results.loc[(2021, 0.25), "co2_mt"] == pytest.approx(4.879315, abs=1e-6)


def test_each_year_uses_its_own_grid_factor():
    """EV kg CO2/km = e_t/100 / 0.95 x EF_t: 0.16/0.95 x 0.60, 0.15/0.95 x 0.55, 0.12/0.95 x 0.50.
    A series shifted by one year (EF_{t-1}) would give 0.0947 in 2021, not 0.0868."""
    per_km = fs.per_km_intensities(INPUTS, GRID, FACTORS)
    assert per_km["ev_kg_co2_per_km"].tolist() == pytest.approx([0.101053, 0.086842, 0.063158], abs=1e-6)
    assert per_km["grid_factor_kg_per_kwh"].tolist() == GRID
    # FV: g/100 x 0.74 x 43 x 87 / 1000 kg
    assert per_km["fv_kg_co2_per_km"].tolist() == pytest.approx(
        [0.08 * 2.768340, 0.075 * 2.768340, 0.072 * 2.768340], rel=1e-6)


def test_trend_helpers_on_the_fixture(results):
    assert fs.falls_with_share(results, "co2_mt") and fs.falls_with_share(results, "energy_mtce")
    # CO2 at 0 % EV rises (5.32 -> 5.71 -> 6.70 Mt): not decreasing year by year
    assert not fs.decreases_year_by_year(results)
    # energy peaks in 2022 for the all-FV fleet but in 2021 for the all-EV fleet (0.507 > 0.496)
    assert fs.peak_years(results).to_dict() == {0.0: 2022, 0.25: 2022, 1.0: 2021}
    marginal = fs.marginal_benefit_mt_per_10pp(results)
    # 0.1 x (FV - EV): 0.288995, 0.332154, 0.457506 Mt per +10 pp
    assert marginal.tolist() == pytest.approx([0.288995, 0.332154, 0.457506], abs=1e-6)
    assert not fs.weakens_over_time(marginal)


def test_trend_helpers_detect_a_shrinking_cleaning_fleet():
    """Stock, distance, intensities and grid factor all fall every year: every total falls,
    and so does the CO2 avoided per point of EV share."""
    shrinking = pd.DataFrame({
        "vehicle_stock_million": [3.0, 2.6, 2.2], "vkt_km_per_vehicle": [11000.0, 10800.0, 10500.0],
        "fv_gasoline_l_per_100km": [8.0, 7.8, 7.6], "ev_kwh_per_100km": [16.0, 15.5, 15.0],
    }, index=pd.Index([2020, 2021, 2022], name="year"))
    r = fs.scenario_results(shrinking, [0.0, 0.5, 1.0], [0.60, 0.58, 0.55], FACTORS)
    assert fs.decreases_year_by_year(r) and fs.decreases_year_by_year(r, "energy_mtce")
    assert set(fs.peak_years(r)) == {2020}
    assert fs.weakens_over_time(fs.marginal_benefit_mt_per_10pp(r))


def test_weakens_over_time_is_the_least_squares_sign():
    # slope of (3, 2, 2.5, 1) over 2015..2018 is -0.55 although 2017 rises
    assert fs.weakens_over_time(pd.Series([3.0, 2.0, 2.5, 1.0], index=[2015, 2016, 2017, 2018]))
    assert not fs.weakens_over_time(pd.Series([1.0, 2.5, 2.0, 3.0], index=[2015, 2016, 2017, 2018]))


@pytest.mark.parametrize("share, message", [(-0.1, r"valid range is \[0, 1\]"),
                                            (1.2, r"valid range is \[0, 1\]"),
                                            (float("nan"), "must be finite")])
def test_share_outside_0_1_raises(share, message):
    with pytest.raises(ValidateError, match=r"'ev_shares\[1\]'.*" + message):
        fs.scenario_results(INPUTS, [0.0, share], GRID, FACTORS)


def test_grid_factor_needs_one_finite_non_negative_value_per_year():
    with pytest.raises(ValueError, match="grid_factor_kg_per_kwh needs one value per year"):
        fs.scenario_results(INPUTS, [0.0, 1.0], GRID[:2], FACTORS)
    with pytest.raises(ValidateError, match=r"'grid_factor_kg_per_kwh\[2021\]' = -0.1"):
        fs.scenario_results(INPUTS, [0.0, 1.0], [0.5, -0.1, 0.5], FACTORS)


def test_bad_fuel_factors_are_named():
    with pytest.raises(ValidateError, match="'grid_loss_fraction' = 1.0"):
        fs.FuelFactors(**{**FACTORS.__dict__, "grid_loss_fraction": 1.0})
    with pytest.raises(ValidateError, match="'gasoline_density_kg_per_l' = 0.0"):
        fs.FuelFactors(**{**FACTORS.__dict__, "gasoline_density_kg_per_l": 0.0})


def test_parameter_file_rejects_bad_share_lists():
    with pytest.raises(ParameterError, match=r"'fleet_ev_shares\[2\]' = 1.5.*\[0, 1\]"):
        load_parameters("ch001", {"fleet_ev_shares": [0.0, 0.5, 1.5]})
    with pytest.raises(ParameterError, match="fleet_ev_shares' must be strictly increasing"):
        load_parameters("ch001", {"fleet_ev_shares": [0.0, 0.6, 0.4]})
    with pytest.raises(ParameterError, match="v2g_price_gaps_yuan_per_kwh' must be strictly increasing"):
        load_parameters("ch001", {"v2g_price_gaps_yuan_per_kwh": [0.5, 0.3]})


def test_shipped_fleet_inputs_are_complete():
    inputs = fdata.load_fleet_inputs()
    assert list(inputs.index) == list(range(2015, 2023))
    assert len(load_parameters("ch001").fleet_grid_factor_kg_per_kwh) == len(inputs)


@settings(max_examples=50, deadline=None)
@given(s=st.floats(0.001, 0.999), scale=st.floats(0, 2))  # interior: 0 and 1 are listed
def test_results_are_linear_in_the_share(s, scale):
    grid = [scale * g for g in GRID]
    r = fs.scenario_results(INPUTS, [0.0, s, 1.0], grid, FACTORS)
    for year in INPUTS.index:
        for column in ("energy_mtce", "energy_pj", "co2_mt"):
            lo, mid, hi = (r.loc[(year, x), column] for x in (0.0, s, 1.0))
            assert mid == pytest.approx((1 - s) * lo + s * hi, rel=1e-9, abs=1e-12)


def test_baseline_grid_factors_are_the_documented_construction():
    """YAML = official MEE/NBS factors for 2021-2022, derived 2015-2020 from the 2021 anchor."""
    years = list(fdata.load_fleet_inputs().index)
    built = fdata.baseline_grid_factors(years)
    shipped = load_parameters("ch001").fleet_grid_factor_kg_per_kwh
    assert shipped == pytest.approx(built.tolist(), abs=5e-5)
    assert built[2021] == 0.5568 and built[2022] == 0.5366
    # f_2021 on the line through (2015, 0.73) and (2020, 0.66) is 0.66 - 0.014 = 0.646
    assert built[2020] == pytest.approx(0.5568 * 0.66 / 0.646, rel=1e-12)
    assert built[2015] / built[2020] == pytest.approx(0.73 / 0.66)
    # the official 2021 -> 2022 drop is 3.6 %, larger than the derived path's 2.2 %
    assert 1 - 0.5366 / 0.5568 == pytest.approx(0.0363, abs=5e-4)
    assert 1 - fdata.linear_share(fdata.FOSSIL_SHARE_POINTS, 2022) / 0.646 == pytest.approx(0.0217, abs=5e-4)


def test_fossil_factor_trend_raises_only_the_derived_years():
    grid = pd.Series([0.60, 0.58, 0.5568, 0.5366], index=[2019, 2020, 2021, 2022])
    moved = fdata.apply_fossil_factor_trend(grid, -0.012)
    # 2019: two years before 2021 -> x 0.988^-2 = 1 / 0.976144 = 1.024439; 2020: x 0.988^-1 = 1.012146
    assert moved.tolist() == pytest.approx([0.60 * 1.024439, 0.58 * 1.012146, 0.5568, 0.5366], rel=1e-6)
    assert fdata.apply_fossil_factor_trend(grid, 0.0).tolist() == grid.tolist()
    assert fdata.official_fossil_factor_change_per_year() == pytest.approx(0.8325 / 0.8426 - 1)


def test_grid_factor_path_rejects_bad_inputs():
    with pytest.raises(ValueError, match="exactly two different years"):
        fdata.grid_factor_path([2020], 2020, 0.5, {2020: 0.6})
    with pytest.raises(ValueError, match=r"'fossil share in 2015' = 1.5 is out of range"):
        fdata.grid_factor_path([2020], 2020, 0.5, {2015: 1.5, 2020: 0.6})
    with pytest.raises(ValueError, match="anchor_factor_kg_per_kwh"):
        fdata.grid_factor_path([2020], 2020, -0.1, {2015: 0.7, 2020: 0.6})
    with pytest.raises(ValueError, match="extrapolated fossil share in 2100"):
        fdata.grid_factor_path([2100], 2020, 0.5, {2015: 0.7, 2020: 0.6})


def test_fuel_factor_bounds_and_messages():
    # the four physical factors must be > 0; the two emission factors may be 0 but not negative
    with pytest.raises(ValidateError) as err:
        fs.FuelFactors(**{**FACTORS.__dict__, "electricity_kgce_per_kwh": 0.0})
    assert str(err.value) == "argument 'electricity_kgce_per_kwh' = 0.0 is out of range: valid range is (0, inf)"
    with pytest.raises(ValidateError) as err:
        fs.FuelFactors(**{**FACTORS.__dict__, "gasoline_combustion_g_co2_per_mj": -1.0})
    assert str(err.value) == ("argument 'gasoline_combustion_g_co2_per_mj' = -1.0 is out of range: "
                              "valid range is [0, inf)")
    with pytest.raises(ValidateError, match="'gasoline_upstream_g_co2e_per_mj' = -0.5"):
        fs.FuelFactors(**{**FACTORS.__dict__, "gasoline_upstream_g_co2e_per_mj": -0.5})
    zero = fs.FuelFactors(**{**FACTORS.__dict__, "gasoline_upstream_g_co2e_per_mj": 0.0})
    assert zero.gasoline_kg_co2e_per_l == pytest.approx(0.74 * 43.0 * 69.0 / 1000.0)


def _two_share_results(first: list[float], second: list[float]) -> pd.DataFrame:
    index = pd.MultiIndex.from_product([[2020, 2021], [0.0, 0.5]], names=["year", "ev_share"])
    return pd.DataFrame({"co2_mt": first + second}, index=index)


def test_falls_with_share_is_strict_and_needs_two_shares():
    assert fs.falls_with_share(_two_share_results([3.0, 2.0], [5.0, 4.9]), "co2_mt")
    assert not fs.falls_with_share(_two_share_results([3.0, 3.0], [5.0, 4.0]), "co2_mt")  # flat in 2020
    assert not fs.falls_with_share(_two_share_results([3.0, 3.5], [5.0, 4.0]), "co2_mt")  # rises by 0.5
    one = pd.DataFrame({"co2_mt": [1.0, 2.0]},
                       index=pd.MultiIndex.from_product([[2020, 2021], [0.5]], names=["year", "ev_share"]))
    with pytest.raises(ValueError) as err:
        fs.falls_with_share(one, "co2_mt")
    assert str(err.value) == "need at least two EV shares to test a trend across shares"


def test_grid_loss_fraction_must_be_non_negative():
    with pytest.raises(ValidateError) as err:
        fs.FuelFactors(**{**FACTORS.__dict__, "grid_loss_fraction": -0.1})
    assert str(err.value) == "argument 'grid_loss_fraction' = -0.1 is out of range: valid range is [0, 1)"


def test_marginal_benefit_divides_by_the_share_span_and_peak_years_are_integers():
    # shares 0 and 0.5: CO2 per unit share = EV - FV, so +10 pp avoids 0.1 (FV - EV) Mt/yr
    two = fs.scenario_results(INPUTS, [0.0, 0.5], GRID, FACTORS)
    benefit = fs.marginal_benefit_mt_per_10pp(two)
    for year in (2020, 2021, 2022):
        assert benefit[year] == pytest.approx(0.1 * (FV_CO2_MT[year] - EV_CO2_MT[year]), abs=1e-6)
    one = fs.scenario_results(INPUTS, [0.5], GRID, FACTORS)
    with pytest.raises(ValueError) as err:
        fs.marginal_benefit_mt_per_10pp(one)
    assert str(err.value) == "need at least two EV shares to compute a marginal benefit"
    peaks = fs.peak_years(two, "co2_mt")
    assert pd.api.types.is_integer_dtype(peaks.dtype)


def test_trend_helpers_are_strict():
    # a flat year-to-year step does not "decrease" (a flat series' least-squares slope is
    # round-off of either sign, so weakens_over_time is not probed at exactly zero)
    flat = _two_share_results([3.0, 2.0], [3.0, 1.0])  # share 0 flat from 2020 to 2021
    assert not fs.decreases_year_by_year(flat, "co2_mt")
    assert fs.decreases_year_by_year(_two_share_results([3.0, 2.0], [2.5, 1.0]), "co2_mt")
    # shares 0.5 and 1.0: the span is 0.5, not 1.5
    upper = fs.scenario_results(INPUTS, [0.5, 1.0], GRID, FACTORS)
    assert fs.marginal_benefit_mt_per_10pp(upper)[2020] == pytest.approx(
        0.1 * (FV_CO2_MT[2020] - EV_CO2_MT[2020]), abs=1e-6)


def test_a_flat_trend_never_weakens():
    """A constant series over real years has slope exactly 0 (not a rounding-sign slope)."""
    import pandas as pd

    from ev_compendium.ch001_security.fleet import weakens_over_time

    for value in (0.1, 3.7, 1234.5678, 1e-9):
        assert not weakens_over_time(pd.Series([value] * 8, index=range(2015, 2023)))
    assert weakens_over_time(pd.Series([5.0, 4.0, 4.0, 3.0], index=range(2019, 2023)))
    assert not weakens_over_time(pd.Series([3.0, 4.0, 4.0, 5.0], index=range(2019, 2023)))


# --- context arithmetic (Introduction, Section 1.1) and the grid-factor construction ------
# The printed sales and shares are Guo et al.'s: 7.8 M global BEV sales, +68 %; 5.365 M in
# China, +81.6 %; 2050 contributions 47 + 21 + 15 + 17 %. The straight-line fixtures use
# binary-exact numbers (halves, quarters, sixteenths), so that a share that should be exactly
# 0 or 1 is exactly 0 or 1. Messages follow the documented format of validate.check_range.
SHARES_MESSAGE = "shares_pct must be non-empty, finite and >= 0 (percent)"


# --- context.contributions_sum_pct -------------------------------------------------------
def test_contributions_sum_by_hand():
    assert context.contributions_sum_pct({"coal": 47, "reduction": 21, "sequestration": 15,
                                          "cycling": 17}) == 100.0
    assert context.contributions_sum_pct({"all": 100.0}) == 100.0  # a single share is a sum too
    assert context.contributions_sum_pct({"a": 0.0, "b": 62.5}) == 62.5  # a zero share is allowed
    assert context.contributions_sum_pct({"a": 0.5, "b": 0.25}) == 0.75  # shares below 1 % too


@pytest.mark.parametrize("shares", [
    {},  # nothing to add
    {"a": 50.0, "b": math.nan},
    {"a": 50.0, "b": math.inf},
    {"a": 50.0, "b": -0.5},
    {"a": 50.0, "b": None},  # a missing share is the same documented error, not a TypeError
], ids=["empty", "nan", "inf", "negative", "missing"])
def test_contributions_sum_rejects_bad_shares(shares):
    with pytest.raises(ValueError) as err:
        context.contributions_sum_pct(shares)
    assert str(err.value) == SHARES_MESSAGE


# --- context.implied_previous_year -------------------------------------------------------
def test_implied_previous_year_by_hand():
    # 7.8 M after +68 %: 7.8 / 1.68 = 4.642857 M in 2021; 5.365 / 1.816 = 2.954295 M
    assert context.implied_previous_year(7.8, 68) == pytest.approx(4.642857, abs=1e-6)
    assert context.implied_previous_year(5.365, 81.6) == pytest.approx(2.954295, abs=1e-6)
    assert context.implied_previous_year(3.0, 0) == pytest.approx(3.0)
    assert context.implied_previous_year(3.0, -50) == pytest.approx(6.0)  # halved: it was twice as much


@pytest.mark.parametrize("growth, shown", [(-100, "-100.0"), (-150.0, "-150.0")])
def test_implied_previous_year_needs_growth_above_minus_100(growth, shown):
    with pytest.raises(ValidateError) as err:
        context.implied_previous_year(7.8, growth)
    assert str(err.value) == f"argument 'growth_pct' = {shown} is out of range: valid range is (-100, inf)"


def test_published_sales_are_the_printed_figures():
    assert checks.published_sales() == {"World": (7.8, 68.0), "China": (5.365, 81.6)}


# --- data.linear_share -------------------------------------------------------------------
POINTS = {2004: 0.25, 2000: 0.5}  # -1/16 a year, exact in binary; given out of order on purpose


def test_linear_share_by_hand():
    assert fdata.linear_share(POINTS, 2002) == 0.375
    assert fdata.linear_share(POINTS, 1996) == 0.75  # extrapolated back
    assert fdata.linear_share(POINTS, 1992) == 1.0  # all fossil is allowed
    assert fdata.linear_share(POINTS, 2007) == 0.0625


@pytest.mark.parametrize("year, shown", [(2008, "0.000"), (2010, "-0.125"), (1988, "1.250")])
def test_linear_share_must_stay_in_0_1(year, shown):
    with pytest.raises(ValueError) as err:
        fdata.linear_share(POINTS, year)
    assert str(err.value) == f"extrapolated fossil share in {year} = {shown} leaves (0, 1]"


# --- data.grid_factor_path / baseline_grid_factors ----------------------------------------
def test_grid_factor_path_by_hand():
    # EF_t = 0.4 x f_t / f_2002 with f on the line above: f_2002 = 0.375, f_2000 = 0.5
    path = fdata.grid_factor_path([2000, 2002, 2004], 2002, 0.4, POINTS)
    assert path.tolist() == pytest.approx([0.4 * 0.5 / 0.375, 0.4, 0.4 * 0.25 / 0.375])
    assert path.name == "grid_factor_kg_per_kwh" and path.index.name == "year"
    assert path.index.tolist() == [2000, 2002, 2004]
    # an all-fossil year is a valid point (the share's range is (0, 1])
    full = fdata.grid_factor_path([2000, 2004], 2000, 0.8, {2000: 1.0, 2004: 0.75})
    assert full.tolist() == pytest.approx([0.8, 0.8 * 0.75])  # anchor share 1: EF_t = 0.8 f_t


@pytest.mark.parametrize("points, anchor, message", [
    ({2000: 0.5}, 0.4, "fossil_share_points needs exactly two different years"),
    ({2000: 0.5, 2004: 0.0}, 0.4,
     "argument 'fossil share in 2004' = 0.0 is out of range: valid range is (0, 1]"),
    ({2000: -0.2, 2004: 0.25}, 0.4,
     "argument 'fossil share in 2000' = -0.2 is out of range: valid range is (0, 1]"),
    ({2000: 0.5, 2004: 0.25}, 0.0,
     "argument 'anchor_factor_kg_per_kwh' = 0.0 is out of range: valid range is (0, inf)"),
], ids=["one-year", "zero-share", "negative-share", "zero-anchor"])
def test_grid_factor_path_messages(points, anchor, message):
    with pytest.raises(ValueError) as err:
        fdata.grid_factor_path([2002], 2002, anchor, points)
    assert str(err.value) == message


def test_baseline_grid_factors_name_their_unit_and_years():
    built = fdata.baseline_grid_factors([2020, 2021, 2022])
    assert built.name == "grid_factor_kg_per_kwh" and built.index.name == "year"
    assert built.index.tolist() == [2020, 2021, 2022]
    assert isinstance(built, pd.Series)


# --- whatifs.fossil_trend_whatif on the hand-checked fixture ------------------------------
def test_fossil_trend_whatif_by_hand():
    """Change 0: the fixture's numbers above. Change -20 %/yr: only the derived year before
    2021 moves, 2020's grid factor 0.60 / 0.8 = 0.75, so EV CO2 2020 = 3.84e9 kWh / 0.95 x 0.75
    = 3.031579 Mt and +10 pp avoids 0.1 (5.315213 - 3.031579) = 0.228 Mt (0.2 to one decimal);
    2022 is official and keeps 0.1 (6.697168 - 2.122105) = 0.458 (0.5). The energy peak at
    0 % EV is the FV fleet's (2022: 2.6316 Mtce), not the all-EV one's (2021: 0.5070)."""
    from ev_compendium.ch001_security import whatifs

    grid = pd.Series(GRID, index=INPUTS.index)
    table = whatifs.fossil_trend_whatif(INPUTS, grid, FACTORS, [0.0, 0.5, 1.0], [0.0, -0.2])
    expected = pd.DataFrame({
        "grid factor 2020 (kg/kWh)": [0.6, 0.75],
        "CO2 avoided per +10 pp 2020 (Mt)": [0.3, 0.2],   # 0.288995 and 0.228363
        "CO2 avoided per +10 pp 2022 (Mt)": [0.5, 0.5],   # 0.457506
        "benefit weakens": [False, False],                # 0.29 -> 0.33 -> 0.46 rises
        "CO2 falls year by year": [False, False],         # the FV fleet's CO2 rises
        "energy peak (0 % EV)": [2022, 2022],
    }, index=pd.Index([0.0, -20.0], name="fossil factor change (%/yr)"))
    pd.testing.assert_frame_equal(table, expected, check_dtype=False)
    # the percent label keeps two decimals: -1.2345 %/yr is shown as -1.23
    odd = whatifs.fossil_trend_whatif(INPUTS, grid, FACTORS, [0.0, 1.0], [-0.012345, -0.03])
    assert odd.index.tolist() == [-1.23, -3.0]
    # grid factors to four decimals: 0.60 / 0.987655 = 0.607500, 0.60 / 0.97 = 0.618557
    assert odd["grid factor 2020 (kg/kWh)"].tolist() == [0.6075, 0.6186]


# --- data.load_fleet_inputs / apply_fossil_factor_trend and the argument checker -----------
CSV_HEADER = "year,vehicle_stock_million,vkt_km_per_vehicle,fv_gasoline_l_per_100km,ev_kwh_per_100km\n"


def test_load_fleet_inputs_reads_a_given_file(tmp_path):
    path = tmp_path / "fleet.csv"
    path.write_text(CSV_HEADER.replace("\n", ",note\n") + "2020,0.5,12000,8.0,16.0,x\n2021,2.5,11000,7.5,15.0,y\n")
    frame = fdata.load_fleet_inputs(path)
    assert frame.index.name == "year" and frame.index.tolist() == [2020, 2021]
    assert list(frame.columns) == ["vehicle_stock_million", "vkt_km_per_vehicle",
                                   "fv_gasoline_l_per_100km", "ev_kwh_per_100km"]  # 'note' dropped
    assert frame.loc[2021, "vkt_km_per_vehicle"] == 11000
    assert frame.loc[2020, "vehicle_stock_million"] == 0.5  # half a million cars: any value > 0 is valid
    assert fdata.load_fleet_inputs(str(path)).equals(frame)  # a str path too
    assert fdata.fleet_inputs_path().name == "fleet_inputs_2015_2022.csv"


@pytest.mark.parametrize("body, message", [
    ("year,vehicle_stock_million,vkt_km_per_vehicle,ev_kwh_per_100km\n2020,2.0,12000,16.0\n",
     "missing column(s) ['fv_gasoline_l_per_100km']"),
    (CSV_HEADER + "2020,2.0,12000,8.0,16.0\n2021,2.5,0,7.5,15.0\n",
     "column 'vkt_km_per_vehicle' must be finite and > 0 in every year"),
    (CSV_HEADER + "2020,2.0,12000,8.0,16.0\n2021,2.5,11000,7.5,-1.0\n",
     "column 'ev_kwh_per_100km' must be finite and > 0 in every year"),
    (CSV_HEADER + "2020,2.0,12000,inf,16.0\n",
     "column 'fv_gasoline_l_per_100km' must be finite and > 0 in every year"),
    (CSV_HEADER + "2020,,12000,8.0,16.0\n",
     "column 'vehicle_stock_million' must be finite and > 0 in every year"),
    (CSV_HEADER + "2020,2.0,12000,8.0,0\n",
     "column 'ev_kwh_per_100km' must be finite and > 0 in every year"),
    (CSV_HEADER + "2021,2.0,12000,8.0,16.0\n2020,2.5,11000,7.5,15.0\n", "years must be unique and increasing"),
    (CSV_HEADER + "2020,2.0,12000,8.0,16.0\n2020,2.5,11000,7.5,15.0\n", "years must be unique and increasing"),
], ids=["missing-column", "zero", "negative", "infinite", "empty", "zero-last-column", "decreasing", "duplicate"])
def test_load_fleet_inputs_messages(tmp_path, body, message):
    path = tmp_path / "fleet.csv"
    path.write_text(body)
    with pytest.raises(ValueError) as err:
        fdata.load_fleet_inputs(path)
    assert str(err.value) == f"{path}: {message}"


def test_fossil_factor_trend_message_and_official_year():
    grid = pd.Series([0.64, 0.62, 0.60], index=[2018, 2019, 2020])
    with pytest.raises(ValidateError) as err:
        fdata.apply_fossil_factor_trend(grid, -1)
    assert str(err.value) == "argument 'change_per_year' = -1.0 is out of range: valid range is (-1, inf)"
    # with 2020 as the first official year: 2018 x 1.25^-2 = 0.64 x 0.64, 2019 x 1.25^-1 = 0.62 x 0.8
    moved = fdata.apply_fossil_factor_trend(grid, 0.25, first_official_year=2020)
    assert moved.tolist() == pytest.approx([0.64 * 0.64, 0.62 * 0.8, 0.60])
    assert fdata.apply_fossil_factor_trend(grid, 0.25).tolist() == pytest.approx(
        [0.64 / 1.25 ** 3, 0.62 / 1.25 ** 2, 0.60 / 1.25])  # default: 2021, the first MEE/NBS year


@pytest.mark.parametrize("value, message", [
    (True, "argument 'x' must be a number, got True"),
    ("abc", "argument 'x' must be a number, got 'abc'"),
    (None, "argument 'x' must be a number, got None"),
    (math.nan, "argument 'x' must be finite, got nan"),
    (-math.inf, "argument 'x' must be finite, got -inf"),
])
def test_argument_messages(value, message):
    from ev_compendium.ch001_security._arguments import argument

    with pytest.raises(ValidateError) as err:
        argument("x", value, 0.0, 1.0)
    assert str(err.value) == message


def test_argument_bounds_pass_through():
    from ev_compendium.ch001_security._arguments import argument

    assert argument("x", 1, 0.0, 1.0) == 1.0 and isinstance(argument("x", 1, 0.0, 1.0), float)
    assert argument("x", "0.5", 0.0, 1.0) == 0.5  # a numeric string is a number
    assert argument("x", 7.0) == 7.0  # no bounds
    for call, message in (
            (lambda: argument("x", 1.0, 0.0, 1.0, hi_inclusive=False), "1.0 is out of range: valid range is [0, 1)"),
            (lambda: argument("x", 0, 0.0, 1.0, lo_inclusive=False), "0.0 is out of range: valid range is (0, 1]"),
            (lambda: argument("x", -0.5, 0.0), "-0.5 is out of range: valid range is [0, inf)"),
            (lambda: argument("x", 2.0, None, 1.5), "2.0 is out of range: valid range is (-inf, 1.5]")):
        with pytest.raises(ValidateError) as err:
            call()
        assert str(err.value) == "argument 'x' = " + message


def test_load_fleet_inputs_refuses_a_non_numeric_entry(tmp_path):
    path = tmp_path / "fleet.csv"
    path.write_text(CSV_HEADER + "2020,2.0,twelve thousand,8.0,16.0\n")
    with pytest.raises(ValueError):  # not a TypeError from numpy
        fdata.load_fleet_inputs(path)


def test_a_symmetric_series_has_no_trend():
    """A U-shaped series symmetric about the middle year has a least-squares slope of exactly
    0 by hand (the centred years are antisymmetric); fitted on centred years the sum is exactly
    0 in floating point too, so the benefit does not 'weaken' (on uncentred years, ~4,000 times
    larger, the same sum leaves a round-off of either sign)."""
    from ev_compendium.ch001_security.fleet import weakens_over_time

    for values in ([9.9, 4.7, 4.7, 9.9], [8.3, 4.8, 4.8, 8.3]):
        assert not weakens_over_time(pd.Series(values, index=range(2015, 2019)))


def test_scenario_units_to_the_last_digit_and_the_empty_share_list():
    """Billions and megatonnes are 1e9 exactly: 2.4e10 vkm = 24 billion; the FV fleet's 2020
    energy 1.92e9 L x 0.74 kg/L x 1.47 kgce/kg = 2.088576e9 kgce; the EV fleet's 2020 CO2
    3.84e9 kWh / 0.95 x 0.60 kg/kWh = 2.425263e9 kg."""
    r = fs.scenario_results(INPUTS, [0.0, 1.0], GRID, FACTORS)
    assert r.loc[(2020, 0.0), "activity_billion_vkm"] == pytest.approx(24.0, rel=1e-13)
    assert r.loc[(2020, 0.0), "energy_mtce"] == pytest.approx(2.088576, rel=1e-13)
    assert r.loc[(2020, 1.0), "co2_mt"] == pytest.approx(3.84 / 0.95 * 0.60, rel=1e-13)
    with pytest.raises(ValueError) as err:
        fs.scenario_results(INPUTS, [], GRID, FACTORS)
    assert str(err.value) == "ev_shares must hold at least one share"
