"""ch004: the alternative readings of Section 6 (percentages, profits, Table 2, typo scan)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad

from ev_compendium.ch004_game import checks, model, numeric, printed, readings
from ev_compendium.claims import load_claims
from ev_compendium.params import load_parameters

P = load_parameters("ch004", {})
BASE = model.model_parameters(P)
REGISTRY = load_claims("ch004")
PRINTED = checks.printed_section6()
PUBLISHED = {key: value for key, (value, _) in PRINTED.items()}
TOLERANCES = {key: tol for key, (_, tol) in PRINTED.items()}


@pytest.mark.parametrize("scenario", ["D", "S", "I"])
def test_policy_value_equals_the_hjb_value_functions(scenario):
    eq = numeric.equilibrium(BASE, scenario)
    for who, (s_key, c_key) in (("J_m", ("m1", "m2")), ("J_U", ("r1", "r2"))):
        s, c = readings.policy_value(BASE, scenario, who)
        assert s == pytest.approx(eq[s_key], rel=1e-10)
        assert c == pytest.approx(eq[c_key], rel=1e-10)


def test_natural_split_of_the_centralised_value_adds_up():
    eq = numeric.equilibrium(BASE, "C")
    parts = [readings.policy_value(BASE, "C", who, "natural") for who in ("J_m", "J_U")]
    assert sum(p[0] for p in parts) == pytest.approx(eq["m1"], rel=1e-10)
    assert sum(p[1] for p in parts) == pytest.approx(eq["m2"], rel=1e-10)
    with pytest.raises(ValueError, match="split"):
        readings.affine_flows(BASE, "C", "other")


def test_profit_measures_against_paths_and_quadrature():
    e0, t = 20.0, 1.0
    eq = numeric.equilibrium(BASE, "S")
    pth = numeric.paths(BASE, eq, np.array([t]), e0)
    assert readings.profit_measure(BASE, "S", "J_m", "value", t, e0) == pytest.approx(pth["J_m"][0], rel=1e-10)
    a, b = readings.affine_flows(BASE, "S")["J_U"]
    goodwill = lambda x: eq["E_ss"] + (e0 - eq["E_ss"]) * np.exp(-eq["decay"] * x)  # noqa: E731
    numeric_value, _ = quad(lambda x: float(np.exp(-BASE["rho"] * x) * (a + b * goodwill(x))), 0.0, t)
    assert readings.profit_measure(BASE, "S", "J_U", "cumulative", t, e0) == pytest.approx(numeric_value, rel=1e-9)
    with pytest.raises(ValueError, match="measure"):
        readings.profit_measure(BASE, "S", "J", "nope", t, e0)


def test_printed_A2_is_the_appendix_formula():
    eq = {k: float(v) for k, v in numeric.equilibrium(BASE, "C").items()}
    a1, u = eq["m1"], eq["u"]
    s = BASE["Em"] - BASE["Er"]
    delta_p = BASE["delta"] * (BASE["pi_b"] + BASE["pi_c"] - BASE["pi_U"] + BASE["p"] * s) + BASE["pi_U"]
    v2 = BASE["phi"] + BASE["delta"] * BASE["xi"] * BASE["lambda_"] * s
    base_f = BASE["C"] - BASE["Em"] * BASE["D0"] + u
    typed = (BASE["p"] * base_f - BASE["k"] * u**2 / 2 - (BASE["lambda_"] * delta_p + v2 * a1) ** 2 / (2 * BASE["f"])
             + a1 * BASE["xi"] * base_f + (BASE["lambda_"] * delta_p + v2 * a1) ** 2 / BASE["f"])
    assert printed.A2_centralised(BASE, eq) == pytest.approx(typed, rel=1e-12)
    assert eq["g"] == pytest.approx((BASE["lambda_"] * delta_p + v2 * a1) / BASE["f"], rel=1e-12)


def test_readings_table_primary_row_and_the_single_coincidence():
    table = readings.section6_readings(BASE)
    eqs = {s: numeric.equilibrium(BASE, s) for s in ("C", "D", "S", "I")}
    sec6 = numeric.section6_values(BASE, eqs, 20.0, 1.0)
    assert table.loc["primary", "goodwill.C_vs_D"] == pytest.approx(sec6[("E", "C_vs_D")])
    assert table.loc["primary", "J.recycler.S_vs_D"] == pytest.approx(sec6[("J_U", "S_vs_D")])
    hits = readings.reading_matches(table, PUBLISHED, TOLERANCES)
    matched = [(r, c) for r in hits.index for c in hits.columns if hits.loc[r, c] is True]
    assert matched == [("stocks at t = 1.4", "goodwill.S_vs_D")]
    # slopes are shared by D, S and I, so the slope-only reading is the goodwill gain at t = 1
    assert table.loc["slope terms only", "J.total.C_vs_D"] == pytest.approx(
        table.loc["stocks at t = 1", "goodwill.C_vs_D"])


def test_printed_numbers_violate_reading_independent_identities():
    identities = readings.printed_identity_checks(PUBLISHED)
    assert identities["holds"].tolist() == [True, False, False, True, False]


def test_no_single_typo_reproduces_more_than_one_number():
    scan = readings.typo_scan(BASE, PUBLISHED, TOLERANCES)
    assert len(scan) > 150
    assert scan["printed numbers reproduced"].max() == 1


def test_table2_eps_row_is_the_printed_formula_without_alpha():
    table = readings.table2_readings(BASE)
    paper = checks.printed_table2()
    printed_eps = np.array([paper[d][0] for d in numeric.TABLE2_DELTAS])
    alt = table["eps printed, pi_m alpha -> pi_m"].to_numpy()
    assert np.all(np.abs(alt - printed_eps) <= 0.00011)
    assert np.sum(np.abs(alt - printed_eps) <= 0.00005) == 7
    at_one = readings.table2_readings({**BASE, "alpha": 1.0})["eps printed"].to_numpy()
    assert at_one == pytest.approx(alt, rel=1e-12)
    assert np.all(np.abs(table["eps derived"].to_numpy() - printed_eps) > 0.002)
    assert table["gamma2 derived"].is_monotonic_increasing


def test_cited_baseline_claims_equal_the_parameter_file():
    for name in (*model.PARAMETER_NAMES, "E0", "t_end", "t_profit"):
        row = REGISTRY.loc[f"ch004.baseline.{name}"]
        assert row["status"] == "cited"
        assert float(row["published"]) == pytest.approx(float(P[name])), name
