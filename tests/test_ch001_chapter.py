"""ch001 chapter: baseline claims check, context helpers, and a CLI re-run with overrides."""

from __future__ import annotations


import pytest

from ev_compendium import fleet_scenarios as fs
from ev_compendium import framework_diagrams as fd
from ev_compendium.claims import check_claims, load_claims
from ev_compendium.params import load_parameters


def _scenario_results(params):
    return fs.scenario_results(fs.load_fleet_inputs(), params.fleet_ev_shares,
                                    params.fleet_grid_factor_kg_per_kwh,
                                    fs.FuelFactors.from_params(params))


def test_baseline_fleet_discrepancies_are_what_the_registry_documents():
    P = load_parameters("ch001")
    r = _scenario_results(P)
    checks = {
        "ch001.s3_3.energy_falls_with_ev_share": fs.falls_with_share(r, "energy_mtce"),
        "ch001.s3_3.co2_falls_with_ev_share": fs.falls_with_share(r, "co2_mt"),
        "ch001.s3_3.energy_peak_year": fs.peak_years(r)[0.0],
        "ch001.s3_3.marginal_benefit_weakens": fs.weakens_over_time(fs.marginal_benefit_mt_per_10pp(r)),
        "ch001.s3_3.co2_decreases_year_by_year": fs.decreases_year_by_year(r),
    }
    table = check_claims("ch001", checks, only="ch001.s3_3")  # strict: raises on drift
    assert (table.loc[list(checks), "check"] == "ok").all()


def test_context_helpers():
    registry = load_claims("ch001")
    assert fd.implied_previous_year(7.8, 68) == pytest.approx(4.642857, rel=1e-6)
    table = fd.sales_context(registry)
    assert table.loc["China", "share of world 2022 (%)"] == pytest.approx(68.8)
    assert fd.contributions_sum_pct({"a": 47, "b": 21, "c": 15, "d": 17}) == 100
    with pytest.raises(ValueError, match="growth_pct"):
        fd.implied_previous_year(1.0, -100)
    with pytest.raises(ValueError, match="shares_pct"):
        fd.contributions_sum_pct({"a": -1})


def test_cli_run_with_overrides_executes_and_flags_informational_checks(run_chapter_cli):
    run = run_chapter_cli("ch001", "v2g_price_gaps_yuan_per_kwh=[0.2, 0.9]",
                          "fleet_grid_factor_kg_per_kwh=[0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]")
    assert "v2g_price_gaps_yuan_per_kwh" in run.text  # flagged as overridden in the parameter table


def test_baseline_scenarios_are_the_papers_printed_scenarios():
    registry = load_claims("ch001")
    P = load_parameters("ch001")
    assert P.v2g_price_gaps_yuan_per_kwh == pytest.approx(fd.published_values(registry, fd.PRICE_GAP_IDS))
    assert P.fleet_ev_shares == pytest.approx(fd.published_values(registry, fd.EV_SHARE_IDS, 0.01))
    assert len(P.v2g_price_gaps_yuan_per_kwh) == float(registry.loc["ch001.s3_2.scenario_count", "published"])
    fv = fd.published_values(registry, [f"ch001.s3_3.fv_share_{v}" for v in (100, 80, 60, 40, 20, 0)], 0.01)
    assert [1 - s for s in P.fleet_ev_shares] == pytest.approx(fv)
    with pytest.raises(KeyError, match="not in the registry"):
        fd.published_values(registry, ["ch001.nope"])
