"""ch001 chapter: baseline claims check, context helpers, and a CLI re-run with overrides."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from ev_compendium import fleet_scenarios as fs
from ev_compendium import framework_diagrams as fd
from ev_compendium.claims import check_claims, load_claims
from ev_compendium.cli import main
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


def test_bad_cli_override_exits_2(capsys, tmp_path):
    assert main(["run", "ch001", "--set", "v2g_roundtrip_efficiency=1.5",
                 "--output-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "v2g_roundtrip_efficiency" in err and "(0, 1]" in err
    assert main(["run", "ch001", "--set", "no_such=1", "--output-dir", str(tmp_path)]) == 2
    assert not list(tmp_path.iterdir())


def test_cli_run_with_overrides_executes_and_flags_informational_checks(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "ev_compendium", "run", "ch001", "--no-html",
         "--set", "v2g_price_gaps_yuan_per_kwh=[0.2, 0.9]",
         "--set", "fleet_grid_factor_kg_per_kwh=[0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]",
         "--output-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    nb = nbformat.read(tmp_path / "ch001-energy-security-v2g-custom.ipynb", as_version=4)
    text = "\n".join(str(o.get("data", {}).get("text/markdown", "")) + str(o.get("text", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "informational" in text
    assert not any(o.output_type == "error" for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
