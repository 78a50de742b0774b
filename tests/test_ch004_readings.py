"""ch004: the alternative readings of Section 6 (percentages, profits, Table 2, typo scan)."""

from __future__ import annotations

import time

import numpy as np
import pytest
from scipy.integrate import quad

from ev_compendium import carbon_trading_game as game
from ev_compendium.claims import load_claims, parse_tolerance
from ev_compendium.params import load_parameters

P = load_parameters("ch004", {})
BASE = game.model_parameters(P)
REGISTRY = load_claims("ch004")
PUBLISHED = {cid: float(REGISTRY.loc[cid, "published"]) for cid, _, _ in game.SECTION6_CLAIMS}


@pytest.mark.parametrize("scenario", ["D", "S", "I"])
def test_policy_value_equals_the_hjb_value_functions(scenario):
    eq = game.equilibrium(BASE, scenario)
    for who, (s_key, c_key) in (("J_m", ("m1", "m2")), ("J_U", ("r1", "r2"))):
        s, c = game.policy_value(BASE, scenario, who)
        assert s == pytest.approx(eq[s_key], rel=1e-10)
        assert c == pytest.approx(eq[c_key], rel=1e-10)


def test_natural_split_of_the_centralised_value_adds_up():
    eq = game.equilibrium(BASE, "C")
    parts = [game.policy_value(BASE, "C", who, "natural") for who in ("J_m", "J_U")]
    assert sum(p[0] for p in parts) == pytest.approx(eq["m1"], rel=1e-10)
    assert sum(p[1] for p in parts) == pytest.approx(eq["m2"], rel=1e-10)
    with pytest.raises(ValueError, match="split"):
        game.affine_flows(BASE, "C", "other")


def test_profit_measures_against_paths_and_quadrature():
    e0, t = 20.0, 1.0
    pth = game.paths(BASE, "S", np.array([t]), e0)
    assert game.profit_measure(BASE, "S", "J_m", "value", t, e0) == pytest.approx(pth["J_m"][0], rel=1e-10)
    a, b = game.affine_flows(BASE, "S")["J_U"]
    eq = game.equilibrium(BASE, "S")
    goodwill = lambda x: eq["E_ss"] + (e0 - eq["E_ss"]) * np.exp(-eq["decay"] * x)  # noqa: E731
    numeric, _ = quad(lambda x: np.exp(-BASE["rho"] * x) * (a + b * goodwill(x)), 0.0, t)
    assert game.profit_measure(BASE, "S", "J_U", "cumulative", t, e0) == pytest.approx(numeric, rel=1e-9)
    with pytest.raises(ValueError, match="measure"):
        game.profit_measure(BASE, "S", "J", "nope", t, e0)


def test_printed_A2_is_the_appendix_formula():
    eq = game.equilibrium(BASE, "C")
    a1, u, g = eq["m1"], eq["u"], eq["g"]
    s = BASE["Em"] - BASE["Er"]
    delta_p = BASE["delta"] * (BASE["pi_b"] + BASE["pi_c"] - BASE["pi_U"] + BASE["p"] * s) + BASE["pi_U"]
    v2 = BASE["phi"] + BASE["delta"] * BASE["xi"] * BASE["lambda_"] * s
    base_f = BASE["C"] - BASE["Em"] * BASE["D0"] + u
    typed = (BASE["p"] * base_f - BASE["k"] * u**2 / 2 - (BASE["lambda_"] * delta_p + v2 * a1) ** 2 / (2 * BASE["f"])
             + a1 * BASE["xi"] * base_f + (BASE["lambda_"] * delta_p + v2 * a1) ** 2 / BASE["f"])
    assert game.printed_A2(BASE) == pytest.approx(typed, rel=1e-12)
    assert f"{g:.4f}" == f"{(BASE['lambda_'] * delta_p + v2 * a1) / BASE['f']:.4f}"


def test_readings_table_primary_row_and_the_single_coincidence():
    readings = game.section6_readings(BASE)
    sec6 = game.section6_values(BASE, 20.0, 1.0)
    assert readings.loc["primary", "ch004.ss.goodwill.C_vs_D"] == pytest.approx(sec6["ss_E_C_vs_D"])
    assert readings.loc["primary", "ch004.profit_t1.recycler.S_vs_D"] == pytest.approx(sec6["J_U_S_vs_D"])
    hits = game.reading_matches(readings, REGISTRY)
    matched = [(r, c) for r in hits.index for c in hits.columns if hits.loc[r, c] is True]
    assert matched == [("stocks at t = 1.4", "ch004.ss.goodwill.S_vs_D")]
    # slopes are shared by D, S and I, so the slope-only reading is the goodwill gain at t = 1
    assert readings.loc["slope terms only", "ch004.profit_t1.total.C_vs_D"] == pytest.approx(
        readings.loc["stocks at t = 1", "ch004.ss.goodwill.C_vs_D"])


def test_printed_numbers_violate_reading_independent_identities():
    checks = game.printed_identity_checks(PUBLISHED)
    assert checks["holds"].tolist() == [True, False, False, True, False]


def test_no_single_typo_reproduces_more_than_one_number_and_scan_is_fast():
    tol = {cid: parse_tolerance(REGISTRY.loc[cid, "tolerance"])[0] for cid in PUBLISHED}
    game.typo_scan(BASE, PUBLISHED, tol)  # warm caches
    t0 = time.perf_counter()
    scan = game.typo_scan(BASE, PUBLISHED, tol)
    assert time.perf_counter() - t0 < 1.0
    assert len(scan) > 150
    assert scan["printed numbers reproduced"].max() == 1


def test_table2_eps_row_is_the_printed_formula_without_alpha():
    table = game.table2_readings(BASE)
    printed = np.array([float(REGISTRY.loc[f"ch004.table2.eps.delta0{int(round(10 * d))}", "published"])
                        for d in game.TABLE2_DELTAS])
    alt = table["eps printed, pi_m alpha -> pi_m"].to_numpy()
    assert np.all(np.abs(alt - printed) <= 0.00011)
    assert np.sum(np.abs(alt - printed) <= 0.00005) == 7
    at_one = game.table2_readings({**BASE, "alpha": 1.0})["eps printed"].to_numpy()
    assert at_one == pytest.approx(alt, rel=1e-12)
    assert np.all(np.abs(table["eps derived"].to_numpy() - printed) > 0.002)
    assert table["gamma2 derived"].is_monotonic_increasing


def test_cited_baseline_claims_equal_the_parameter_file():
    for name in (*game.PARAMETER_NAMES, "E0", "t_end", "t_profit"):
        row = REGISTRY.loc[f"ch004.baseline.{name}"]
        assert row["status"] == "cited"
        assert float(row["published"]) == pytest.approx(float(P[name])), name
