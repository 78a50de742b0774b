"""ch001 fleet-scenario model (Guo et al. 2024, Section 3.3): hand-checked totals, bad inputs, invariants."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ev_compendium.ch001_security import data as fdata
from ev_compendium.ch001_security import fleet as fs
from ev_compendium.params import ParameterError, load_parameters

# Round numbers: 1 M vehicles x 10 000 km = 1e10 vehicle-km; EV 20 kWh/100 km, FV 10 L/100 km.
FACTORS = fs.FuelFactors(
    gasoline_density_kg_per_l=0.75, gasoline_ncv_mj_per_kg=40.0, gasoline_kgce_per_kg=1.4714,
    gasoline_combustion_g_co2_per_mj=70.0, gasoline_upstream_g_co2e_per_mj=10.0,
    electricity_kgce_per_kwh=0.1229, grid_loss_fraction=0.0,
)
INPUTS = pd.DataFrame({
    "vehicle_stock_million": [1.0, 2.0], "vkt_km_per_vehicle": [10000.0, 10000.0],
    "fv_gasoline_l_per_100km": [10.0, 10.0], "ev_kwh_per_100km": [20.0, 20.0],
}, index=pd.Index([2020, 2021], name="year"))


def test_hand_checked_totals():
    r = fs.scenario_results(INPUTS, [0.0, 1.0], [0.5, 0.5], FACTORS)
    ev, fv = r.loc[(2020, 1.0)], r.loc[(2020, 0.0)]
    assert ev["activity_billion_vkm"] == pytest.approx(10)
    # EV: 2e9 kWh x 0.5 kg = 1 Mt; 2e9 kWh x 0.1229 kgce = 0.2458 Mtce; 2e9 x 3.6 MJ = 7.2 PJ
    assert ev["co2_mt"] == pytest.approx(1.0)
    assert ev["energy_mtce"] == pytest.approx(0.2458)
    assert ev["energy_pj"] == pytest.approx(7.2)
    # FV: 1e9 L x 30 MJ/L x 80 g/MJ = 2.4 Mt; 1e9 L x 0.75 kg x 1.4714 kgce = 1.10355 Mtce; 30 PJ
    assert fv["co2_mt"] == pytest.approx(2.4)
    assert fv["energy_mtce"] == pytest.approx(1.10355)
    assert fv["energy_pj"] == pytest.approx(30.0)


def test_grid_losses_gross_up_ev_emissions():
    lossy = fs.FuelFactors(**{**FACTORS.__dict__, "grid_loss_fraction": 0.2})
    r = fs.scenario_results(INPUTS, [1.0], [0.5, 0.5], lossy)
    assert r.loc[(2020, 1.0), "co2_mt"] == pytest.approx(1.25)


@pytest.mark.parametrize("share, message", [(-0.1, r"valid range is \[0, 1\]"),
                                            (1.2, r"valid range is \[0, 1\]"),
                                            (float("nan"), "must be finite")])
def test_share_outside_0_1_raises(share, message):
    with pytest.raises(ValueError, match=r"'ev_shares\[1\]'.*" + message):
        fs.scenario_results(INPUTS, [0.0, share], [0.5, 0.5], FACTORS)


def test_grid_factor_needs_one_value_per_year():
    with pytest.raises(ValueError, match="grid_factor_kg_per_kwh needs one value per year"):
        fs.scenario_results(INPUTS, [0.0, 1.0], [0.5], FACTORS)
    with pytest.raises(ValueError, match="grid_factor_kg_per_kwh"):
        fs.scenario_results(INPUTS, [0.0, 1.0], [0.5, -0.1], FACTORS)


def test_bad_fuel_factors_are_named():
    with pytest.raises(ValueError, match="grid_loss_fraction"):
        fs.FuelFactors(**{**FACTORS.__dict__, "grid_loss_fraction": 1.0})
    with pytest.raises(ValueError, match="gasoline_density_kg_per_l"):
        fs.FuelFactors(**{**FACTORS.__dict__, "gasoline_density_kg_per_l": 0.0})


def test_parameter_file_rejects_bad_share_override():
    with pytest.raises(ParameterError, match=r"'fleet_ev_shares\[2\]' = 1.5.*\[0, 1\]"):
        load_parameters("ch001", {"fleet_ev_shares": [0.0, 0.5, 1.5]})


def test_trend_helpers_on_hand_built_series():
    r = fs.scenario_results(INPUTS, [0.0, 0.5, 1.0], [0.5, 0.5], FACTORS)
    assert fs.falls_with_share(r, "co2_mt") and fs.falls_with_share(r, "energy_mtce")
    # stock doubles with constant intensities: CO2 rises, peak in 2021, marginal benefit doubles
    assert not fs.decreases_year_by_year(r)
    assert set(fs.peak_years(r)) == {2021}
    marginal = fs.marginal_benefit_mt_per_10pp(r)
    assert marginal[2020] == pytest.approx(0.1 * (2.4 - 1.0))
    assert marginal[2021] == pytest.approx(2 * marginal[2020])
    assert not fs.weakens_over_time(marginal)
    assert fs.weakens_over_time(pd.Series([3.0, 2.0, 2.5, 1.0], index=[2015, 2016, 2017, 2018]))


def test_shipped_fleet_inputs_are_complete():
    inputs = fdata.load_fleet_inputs()
    assert list(inputs.index) == list(range(2015, 2023))
    assert len(load_parameters("ch001").fleet_grid_factor_kg_per_kwh) == len(inputs)


@settings(max_examples=50, deadline=None)
@given(s=st.floats(0.001, 0.999), grid=st.floats(0, 1.2))  # interior: 0 and 1 are listed
def test_results_are_linear_in_the_share(s, grid):
    r = fs.scenario_results(INPUTS, [0.0, s, 1.0], [grid, grid], FACTORS)
    for column in ("energy_mtce", "energy_pj", "co2_mt"):
        lo, mid, hi = r.loc[(2020, 0.0), column], r.loc[(2020, s), column], r.loc[(2020, 1.0), column]
        assert mid == pytest.approx((1 - s) * lo + s * hi, rel=1e-9, abs=1e-12)


def test_baseline_grid_factors_are_the_documented_construction():
    """The YAML grid factors are rebuilt from the sourced 2022 anchor and fossil shares (README)."""
    years = list(fdata.load_fleet_inputs().index)
    built = fdata.grid_factor_path(years, *fdata.GRID_FACTOR_ANCHOR, fdata.FOSSIL_SHARE_POINTS)
    shipped = load_parameters("ch001").fleet_grid_factor_kg_per_kwh
    assert shipped == pytest.approx(built.tolist(), abs=5e-5)
    assert built[2022] == pytest.approx(0.5366)
    assert built[2015] / built[2020] == pytest.approx(0.73 / 0.66)


def test_grid_factor_path_rejects_bad_inputs():
    with pytest.raises(ValueError, match="exactly two different years"):
        fdata.grid_factor_path([2020], 2020, 0.5, {2020: 0.6})
    with pytest.raises(ValueError, match=r"'fossil share in 2015' = 1.5 is out of range"):
        fdata.grid_factor_path([2020], 2020, 0.5, {2015: 1.5, 2020: 0.6})
    with pytest.raises(ValueError, match="anchor_factor_kg_per_kwh"):
        fdata.grid_factor_path([2020], 2020, -0.1, {2015: 0.7, 2020: 0.6})
    with pytest.raises(ValueError, match="extrapolated fossil share in 2100"):
        fdata.grid_factor_path([2100], 2020, 0.5, {2015: 0.7, 2020: 0.6})


def test_scenario_lists_must_be_increasing():
    with pytest.raises(ParameterError, match="fleet_ev_shares' must be strictly increasing"):
        load_parameters("ch001", {"fleet_ev_shares": [0.0, 0.6, 0.4]})
    with pytest.raises(ParameterError, match="v2g_price_gaps_yuan_per_kwh' must be strictly increasing"):
        load_parameters("ch001", {"v2g_price_gaps_yuan_per_kwh": [0.5, 0.3]})
