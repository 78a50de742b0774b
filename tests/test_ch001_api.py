"""ch001 through the chapter API (no kernel): evaluate/check at the baseline, joint
constraints, every parameter at both ends of its range, overrides that move a value the way
the model says, and the baseline scenario grids against the paper's printed grids."""

from __future__ import annotations

import math

import pytest

from ev_compendium import load_chapter
from ev_compendium.ch001_security import checks
from ev_compendium.cli import main
from ev_compendium.params import load_parameter_specs
from ev_compendium.validate import ParameterError

CH = load_chapter("ch001")


def test_baseline_scenario_grids_are_the_papers_printed_grids():
    """Section 3 prints the grids; the baseline parameters must be exactly them."""
    paper = checks.paper_scenario_grids()
    P = CH.parameters({})
    assert P.v2g_price_gaps_yuan_per_kwh == pytest.approx(paper["price_gaps_yuan_per_kwh"])
    assert len(P.v2g_price_gaps_yuan_per_kwh) == paper["price_gap_scenario_count"][0] == 6
    assert P.fleet_ev_shares == pytest.approx(paper["ev_shares"])
    assert [1 - s for s in P.fleet_ev_shares] == pytest.approx(paper["fv_shares"])
    years = list(CH.results(P).fleet_inputs.index)
    assert [years[0], years[-1]] == paper["first_last_year"] == [2015, 2022]


# --- joint constraints -------------------------------------------------------------------

KGCE_NCV = {"fleet_gasoline_ncv_mj_per_kg": 45.0}  # 45 / 29.3076 = 1.5354, 4.3 % off 1.4714


def test_kgce_and_ncv_of_gasoline_must_describe_one_fuel():
    with pytest.raises(ParameterError) as info:
        CH.parameters(KGCE_NCV)
    message = str(info.value)
    assert "'fleet_gasoline_kgce_per_kg', 'fleet_gasoline_ncv_mj_per_kg'" in message
    # changing both consistently is accepted (45 / 29.3076 = 1.53544)
    P = CH.parameters({**KGCE_NCV, "fleet_gasoline_kgce_per_kg": 1.5354})
    assert P.fleet_gasoline_kgce_per_kg == 1.5354
    # GB/T 2589's own pair is 0.12 % apart and accepted
    assert abs(43.07 / 29.3076 / 1.4714 - 1) == pytest.approx(0.0012, abs=1e-4)


def test_cli_refuses_the_inconsistent_pair_before_any_kernel(rejected_override, capsys, tmp_path):
    err = rejected_override("ch001", "fleet_gasoline_kgce_per_kg=1.3")
    assert "'fleet_gasoline_kgce_per_kg', 'fleet_gasoline_ncv_mj_per_kg'" in err
    out = tmp_path / "two"
    assert main(["run", "ch001", "--set", "fleet_gasoline_ncv_mj_per_kg=40",
                 "--set", "fleet_gasoline_kgce_per_kg=1.5", "--output-dir", str(out)]) == 2
    assert "fleet_gasoline_ncv_mj_per_kg = 40" in capsys.readouterr().err
    assert not out.exists() or not list(out.iterdir())


# --- every numeric parameter at both ends of its valid range ------------------------------

def _ends(spec):
    lo = spec.min if spec.min_inclusive else spec.min + max(1e-9, abs(spec.min) * 1e-9)
    hi = spec.max if spec.max_inclusive else spec.max - max(1e-9, abs(spec.max) * 1e-9)
    if spec.type != "list[float]":
        return [lo, hi]
    n = spec.length or 2
    if spec.order:
        return [[lo + 1e-6 * i for i in range(n)], [hi - 1e-6 * (n - 1 - i) for i in range(n)]]
    return [[lo] * n, [hi] * n]


CONSISTENT_PARTNER = {  # the joint constraint moves these two together
    "fleet_gasoline_ncv_mj_per_kg": lambda v: {"fleet_gasoline_kgce_per_kg": v / 29.3076},
    "fleet_gasoline_kgce_per_kg": lambda v: {"fleet_gasoline_ncv_mj_per_kg": v * 29.3076},
}
BASELINE_CLAIMS = set(CH.evaluate(CH.parameters({})))
PROBES = [(name, value) for name, spec in load_parameter_specs("ch001").items()
          if spec.type in ("float", "int", "list[float]") for value in _ends(spec)]


@pytest.mark.parametrize("name, value", PROBES, ids=[f"{n}={str(v)[:12]}" for n, v in PROBES])
def test_every_parameter_end_evaluates_to_finite_values(name, value):
    overrides = {name: value}
    if name in CONSISTENT_PARTNER:
        overrides.update(CONSISTENT_PARTNER[name](value))
        spec = load_parameter_specs("ch001")[next(iter(CONSISTENT_PARTNER[name](value)))]
        partner = next(iter(CONSISTENT_PARTNER[name](value).values()))
        if not spec.min <= partner <= spec.max:
            with pytest.raises(ParameterError):
                CH.parameters(overrides)
            return
    P = CH.parameters(overrides)
    values = CH.evaluate(P)
    R = CH.results(P)  # the same computation (one-entry cache), before the baseline evicts it
    assert set(values) == BASELINE_CLAIMS
    assert math.isfinite(R.break_even_gap_yuan_per_kwh)
    assert R.v2g_table.notna().all().all() and R.scenarios.notna().all().all()


# --- overrides move values the way the model says -----------------------------------------

def test_break_even_gap_moves_by_the_wear_term():
    """eq. v2g-breakeven: P* contains c_b / L; doubling the pack price adds 800/3000 yuan/kWh."""
    base = CH.results(CH.parameters({})).break_even_gap_yuan_per_kwh
    dearer = CH.results(CH.parameters({"v2g_battery_price_yuan_per_kwh": 1600.0}))
    assert dearer.break_even_gap_yuan_per_kwh - base == pytest.approx(800 / 3000, rel=1e-12)


def test_a_carbon_free_grid_makes_the_marginal_benefit_a_tenth_of_the_fv_fleet_co2():
    """With a grid factor of 0 every EV-km is CO2-free, so the CO2 avoided per +10 pp equals
    10 % of the all-FV fleet's CO2 (eq. fleet-co2), which follows activity x FV intensity."""
    P = CH.parameters({"fleet_grid_factor_kg_per_kwh": [0.0] * 8})
    R = CH.results(P)
    assert (R.co2_mt[1.0] == 0).all()
    assert R.marginal_benefit_mt_per_10pp.to_numpy() == pytest.approx(0.1 * R.co2_mt[0.0].to_numpy())
    values = CH.evaluate(P)
    assert values["ch001.s3_3.co2_falls_with_ev_share"] is True


def test_fossil_factor_trend_raises_the_derived_grid_years_only():
    """eq. fleet-grid: EF_t (1 + c)^(t - 2021) for t < 2021; 2015 at c = -1.2 %/yr: x 0.988^-6 = 1.07512."""
    base = CH.results(CH.parameters({})).grid_factor_kg_per_kwh
    moved = CH.results(CH.parameters({"fleet_fossil_factor_change_per_year": -0.012}))
    grid = moved.grid_factor_kg_per_kwh
    assert grid[2015] == pytest.approx(0.6292 * 0.988 ** -6, rel=1e-9)
    assert grid[2015] / base[2015] == pytest.approx(1.07512, abs=1e-5)
    assert grid[2021] == base[2021] == 0.5568 and grid[2022] == 0.5366
    # the verdicts do not move across the plausible range (shown in the chapter's what-if)
    assert CH.evaluate(CH.parameters({"fleet_fossil_factor_change_per_year": -0.012})) == \
        CH.evaluate(CH.parameters({}))


def test_the_four_2050_shares_add_up_to_100():
    """Section 1.1 prints 47 + 21 + 15 + 17 = 100 %: the claim reads all four printed shares."""
    values = CH.evaluate(CH.parameters({}))
    assert values["ch001.s1_1.contributions_sum_to_100"] is True
    # and the paper's qualitative V2G and fleet-share findings hold at the baseline
    for claim in ("ch001.s3_2.revenue_rises_with_gap", "ch001.s3_2.net_income_rises_with_gap",
                  "ch001.s3_3.energy_falls_with_ev_share", "ch001.s3_3.co2_falls_with_ev_share"):
        assert values[claim] is True, claim


def test_claim_values_name_exactly_the_computed_rows_of_the_registry():
    """The ids come from the registry file itself (read here with the csv module): every
    reproduced or discrepancy row gets a value, and nothing else does."""
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "claims" / "ch001.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(line for line in fh if not line.startswith("#"))]
    computed = {r["id"] for r in rows if r["status"] in ("reproduced", "discrepancy")}
    assert len(computed) == 8
    assert set(checks.claim_values(CH.parameters({}), CH.results(CH.parameters({})))) == computed


def test_kgce_ncv_constraint_message_and_its_inclusive_1_percent_boundary():
    import math

    with pytest.raises(ParameterError) as info:
        CH.parameters({"fleet_gasoline_ncv_mj_per_kg": 45.0})
    assert str(info.value) == (
        "parameters 'fleet_gasoline_kgce_per_kg', 'fleet_gasoline_ncv_mj_per_kg': need "
        "|fleet_gasoline_kgce_per_kg - fleet_gasoline_ncv_mj_per_kg / 29.3076| <= 1 % of "
        "fleet_gasoline_ncv_mj_per_kg / 29.3076 (both describe one gasoline) "
        "(got fleet_gasoline_kgce_per_kg = 1.4714, fleet_gasoline_ncv_mj_per_kg = 45)")
    # a pair exactly 1 % apart in floating point (found by search: |k - n / 29.3076| equals
    # 0.01 n / 29.3076 to the last bit) is accepted on both sides; one ulp further is not
    ncv = 42.60622904672562
    for kgce in (1.4682980297667798, 1.4392228212565465):
        assert CH.parameters({"fleet_gasoline_ncv_mj_per_kg": ncv,
                              "fleet_gasoline_kgce_per_kg": kgce}).fleet_gasoline_kgce_per_kg == kgce
    for kgce in (math.nextafter(1.4682980297667798, 2.0), math.nextafter(1.4392228212565465, 0.0)):
        with pytest.raises(ParameterError):
            CH.parameters({"fleet_gasoline_ncv_mj_per_kg": ncv, "fleet_gasoline_kgce_per_kg": kgce})
    # GB/T 2589: 29.3076 MJ per kgce, so 43.9614 MJ/kg is 1.5 kgce/kg
    from ev_compendium.ch001_security import kgce_per_kg_from_ncv

    assert kgce_per_kg_from_ncv(43.9614) == pytest.approx(1.5, rel=1e-12)
    assert kgce_per_kg_from_ncv(29.3076) == 1.0


def test_compute_names_the_grid_series_for_its_unit_and_years():
    R = CH.module.compute(CH.parameters({}))  # computed here, not the cached baseline
    grid = R.grid_factor_kg_per_kwh
    assert grid.name == "grid_factor_kg_per_kwh" and grid.index.name == "year"
    assert grid.index.tolist() == list(range(2015, 2023))


def test_published_refuses_an_unknown_claim_id():
    # Section 3.2's lowest price gap (0.3 yuan/kWh) and Section 3.3's first year, in the order asked
    assert checks._published("ch001.s3_2.price_gap_lowest", "ch001.s3_3.first_year") == [0.3, 2015.0]
    with pytest.raises(KeyError) as err:
        checks._published("ch001.s3_3.first_year", "ch001.s9.nope")
    assert err.value.args == ("claim id(s) not in the registry: ['ch001.s9.nope']",)


def test_compute_hands_each_result_its_own_inputs():
    """Each field of the results under a non-baseline parameter set, recomputed by calling the
    model functions directly with the parameters (the V2G map at one point by the economics of
    that one point; the fossil-trend cases are 0, the parameter's -0.5 %/yr and the official
    0.8325 / 0.8426 - 1 = -1.2 %/yr, listed from the highest)."""
    from dataclasses import replace

    import numpy as np
    import pandas as pd

    from ev_compendium.ch001_security import data as fdata
    from ev_compendium.ch001_security import fleet, v2g

    P = CH.parameters({"fleet_fossil_factor_change_per_year": -0.005,
                       "v2g_sensitivity_price_gap_yuan_per_kwh": 0.8})
    R = CH.module.compute(P)
    x = v2g.V2GInputs.from_params(P)
    assert R.v2g_inputs == x and x.battery_capacity_kwh == P.v2g_battery_capacity_kwh
    assert R.sensitivity_gap_yuan_per_kwh == 0.8
    pd.testing.assert_frame_equal(R.sensitivity, v2g.one_at_a_time_sensitivity(0.8, x))
    a, b = R.map_inputs
    assert (a, b) == tuple(R.sensitivity.index[:2]) and a != b
    np.testing.assert_array_equal(R.map_values[0], v2g.map_span(a, getattr(x, a)))
    np.testing.assert_array_equal(R.map_values[1], v2g.map_span(b, getattr(x, b)))
    assert R.map_net_income_yuan.shape == (41, 41)
    point = replace(x, **{a: R.map_values[0][3], b: R.map_values[1][29]})
    assert R.map_net_income_yuan[29, 3] == pytest.approx(v2g.v2g_economics(0.8, point)["net_income_yuan"])
    pd.testing.assert_frame_equal(R.v2g_table, v2g.revenue_table(P.v2g_price_gaps_yuan_per_kwh, x))
    assert R.break_even_gap_yuan_per_kwh == v2g.break_even_price_gap(x)
    inputs = fdata.load_fleet_inputs()
    pd.testing.assert_frame_equal(R.fleet_inputs, inputs)
    # 2020 is the last derived year: x 0.995^-1
    assert R.grid_factor_kg_per_kwh[2020] == pytest.approx(P.fleet_grid_factor_kg_per_kwh[5] / 0.995)
    factors = fleet.FuelFactors.from_params(P)
    grid = R.grid_factor_kg_per_kwh
    pd.testing.assert_frame_equal(R.per_km, fleet.per_km_intensities(inputs, grid, factors))
    scenarios = fleet.scenario_results(inputs, P.fleet_ev_shares, grid, factors)
    pd.testing.assert_frame_equal(R.scenarios, scenarios)
    pd.testing.assert_frame_equal(R.energy_mtce, fleet.by_share(scenarios, "energy_mtce"))
    pd.testing.assert_frame_equal(R.co2_mt, fleet.by_share(scenarios, "co2_mt"))
    pd.testing.assert_series_equal(R.marginal_benefit_mt_per_10pp, fleet.marginal_benefit_mt_per_10pp(scenarios))
    pd.testing.assert_series_equal(R.peak_years, fleet.peak_years(scenarios))
    assert R.fossil_trend_whatif.index.tolist() == [0.0, -0.5, -1.2]
    # the what-if starts from the given series (not the trended one): at 0 %/yr, 2015 keeps the YAML value
    assert R.fossil_trend_whatif.loc[0.0, "grid factor 2015 (kg/kWh)"] == round(P.fleet_grid_factor_kg_per_kwh[0], 4)
