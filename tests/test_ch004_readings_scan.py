"""ch004 readings investigation: the typo scan against a scalar re-computation of each variant,
the non-primary readings of Section 6.1 against a second path through the numerics, and the
reading-independent identities on hand-made printed numbers."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from ev_compendium.ch004_game import model, numeric, printed, readings, statements
from ev_compendium.ch004_game.model import PARAMETER_NAMES
from ev_compendium.ch004_game.numeric import SECTION6_KEYS
from ev_compendium.params import load_parameters

BASE = model.model_parameters(load_parameters("ch004", {}))
FACTORS = (0.1, 0.5, 2.0, 10.0)


def _variants(mp):
    """The documented variants, one at a time: every swap of two different values (pairs in
    parameter order), then every non-zero parameter times each factor; inadmissible ones
    (positivity, delta > 1) dropped, each checked as a scalar parameter set."""
    out = []
    for a, b in itertools.combinations(PARAMETER_NAMES, 2):
        if mp[a] != mp[b]:
            out.append((f"swap {a} <-> {b}", {**mp, a: mp[b], b: mp[a]}))
    for name in PARAMETER_NAMES:
        for fac in FACTORS:
            if mp[name] != 0:
                out.append((f"{name} x {fac:g}", {**mp, name: mp[name] * fac}))
    return [(label, v) for label, v in out if bool(model.positivity(v)) and v["delta"] <= 1]


def _primary(mp):
    """Section 6.1's primary reading at one parameter set (numeric.section6_values)."""
    eqs = {s: numeric.equilibrium(mp, s) for s in ("C", "D", "S", "I")}
    return numeric.section6_values(mp, eqs, 20.0, 1.0)


@pytest.mark.parametrize("changes", [{}, {"delta": 0.5}, {"pi_b": 0.0}])
def test_typo_scan_lists_exactly_the_admissible_variants_in_order(changes):
    # delta = 0.5: "delta x 2" gives delta = 1 exactly, still admissible; pi_b = 0 is never scaled
    mp = {**BASE, **changes}
    expected = [label for label, _ in _variants(mp)]
    published = {key: 1e6 for key in SECTION6_KEYS}           # nothing is reproduced
    scan = readings.typo_scan(mp, published, {key: 1.0 for key in SECTION6_KEYS})
    assert scan["variant"].tolist() == expected               # stable sort: ties keep this order
    assert (scan["printed numbers reproduced"] == 0).all()


def test_a_variant_whose_numbers_are_printed_reproduces_all_fourteen():
    # print the primary gains of the variant "k x 2" (each shifted by exactly its tolerance, 1
    # point, or 0 with tolerance 0 for the goodwill gain): that variant reproduces all 14, first
    target = _primary({**BASE, "k": BASE["k"] * 2.0})
    published = {key: value + 1.0 for key, value in target.items()}
    tolerances = {key: 1.0 for key in SECTION6_KEYS}
    scan = readings.typo_scan(BASE, published, tolerances)
    assert list(scan.columns) == ["variant", "printed numbers reproduced", "which"]
    assert list(scan.index) == list(range(len(scan)))
    assert scan["printed numbers reproduced"].dtype.kind == "i"
    top = scan.iloc[0]
    assert top["variant"] == "k x 2" and top["printed numbers reproduced"] == 14
    assert top["which"] == ", ".join(readings.label(key) for key in SECTION6_KEYS)
    assert scan["printed numbers reproduced"].is_monotonic_decreasing
    # the other variants: each count re-computed one variant at a time
    counts = {label: sum(abs(_primary(v)[key] - published[key]) <= 1.0 + 1e-9 for key in SECTION6_KEYS)
              for label, v in _variants(BASE)[:12]}
    got = dict(zip(scan["variant"], scan["printed numbers reproduced"]))
    assert {label: got[label] for label in counts} == counts


def test_typo_scan_zero_tolerance_accepts_an_exact_match():
    target = _primary({**BASE, "k": BASE["k"] * 2.0})
    key = ("E", "C_vs_D")
    scan = readings.typo_scan(BASE, {**{k: 1e6 for k in SECTION6_KEYS}, key: target[key]},
                              {**{k: 1.0 for k in SECTION6_KEYS}, key: 0.0})
    row = scan.set_index("variant").loc["k x 2"]
    assert row["printed numbers reproduced"] == 1 and row["which"] == "goodwill.C_vs_D"


# --- the other readings of Section 6.1 ----------------------------------------------------------

@pytest.fixture(scope="module")
def table():
    return readings.section6_readings(BASE)


def test_s_as_printed_row_is_section6_with_the_printed_s(table):
    # second path: numeric.section6_values with S replaced by S_printed; only S_vs_D concerned
    eqs = {s: numeric.equilibrium(BASE, s) for s in ("C", "D", "I")}
    eqs["S"] = numeric.equilibrium(BASE, "S_printed")
    expected = numeric.section6_values(BASE, eqs, 20.0, 1.0)
    row = table.loc["S as printed"]
    for key in SECTION6_KEYS:
        if key[1] == "S_vs_D":
            assert row[readings.label(key)] == pytest.approx(expected[key], rel=1e-12), key
        else:
            assert np.isnan(row[readings.label(key)]), key


def test_printed_e_s_row_concerns_only_the_goodwill_gain(table):
    e_d = float(numeric.equilibrium(BASE, "D")["E_ss"])
    row = table.loc["printed E^S"]
    assert row["goodwill.S_vs_D"] == pytest.approx(100 * (float(printed.steady_goodwill_S(BASE)) / e_d - 1))
    assert row.drop("goodwill.S_vs_D").isna().all()


def test_natural_split_row_values_by_the_firms_own_flows(table):
    # C efforts, each firm its own revenues and effort cost: V = s E + c from readings.policy_value,
    # at t = 1 from E0 = 20 on C's goodwill path, against D's own value functions
    eq_c, eq_d = numeric.equilibrium(BASE, "C"), numeric.equilibrium(BASE, "D")
    e_c = numeric.goodwill_path(eq_c, 1.0, 20.0)
    e_d = numeric.goodwill_path(eq_d, 1.0, 20.0)
    row = table.loc["C split natural"]
    for who, (s_d, c_d) in (("J_m", ("m1", "m2")), ("J_U", ("r1", "r2"))):
        s, c = readings.policy_value(BASE, "C", who, "natural")
        expected = 100 * ((s * e_c + c) / (eq_d[s_d] * e_d + eq_d[c_d]) - 1)
        assert row[readings.label((who, "C_vs_D"))] == pytest.approx(float(expected), rel=1e-10)
    assert row.drop(["J.manufacturer.C_vs_D", "J.recycler.C_vs_D"]).isna().all()


def test_readings_table_rows_and_columns(table):
    assert list(table.index) == list(readings.SECTION6_READINGS)
    assert list(table.columns) == [readings.label(key) for key in SECTION6_KEYS]


# --- identities on hand-made printed numbers -------------------------------------------------------

def _printed(**gains):
    """Printed gains, 10 % each unless given (keys ``Q__comparison``)."""
    base = {key: 10.0 for key in SECTION6_KEYS}
    base.update({tuple(k.split("__")): v for k, v in gains.items()})
    return base


def test_identity_table_by_hand():
    # goodwill 40 / 20 %, demand 20 / 10.1 % (ratios 0.505 vs 0.5: within 2 %);
    # chain C 30 % equal to the recycler's 30 % (on the bound), manufacturer 50 %;
    # chain S 12 % outside [5, 10] %
    g = _printed(E__C_vs_D=40.0, E__S_vs_D=20.0, D__C_vs_D=20.0, D__S_vs_D=10.1,
                 J__C_vs_D=30.0, J_m__C_vs_D=50.0, J_U__C_vs_D=30.0,
                 J__S_vs_D=12.0, J_m__S_vs_D=5.0, J_U__S_vs_D=10.0)
    frame = readings.printed_identity_checks(g)
    expected = pd.DataFrame({
        "relation": ["demand gain < goodwill gain (C_vs_D)", "demand gain < goodwill gain (S_vs_D)",
                     "(S gain)/(C gain) equal for demand and goodwill",
                     "chain gain between the firms' gains (C_vs_D)", "chain gain between the firms' gains (S_vs_D)"],
        "printed": ["20 % vs 40 %", "10.1 % vs 20 %", "0.505 vs 0.500",
                    "30 % vs [30, 50] % (implied manufacturer share of D profit 0.00)",
                    "12 % vs [5, 10] % (implied manufacturer share of D profit -0.40)"],
        "holds": [True, True, True, True, False]}).set_index("relation")
    pd.testing.assert_frame_equal(frame, expected)


def test_identity_bounds_equal_gains_and_a_ratio_off_by_three_percent():
    g = _printed(E__C_vs_D=20.0, D__C_vs_D=20.0, E__S_vs_D=10.0, D__S_vs_D=5.15,
                 J__C_vs_D=50.0, J_m__C_vs_D=50.0, J_U__C_vs_D=30.0, J_m__S_vs_D=5.0)
    holds = readings.printed_identity_checks(g)["holds"].tolist()
    # demand = goodwill gain is not smaller; 0.2575 vs 0.5 differ; 50 on the upper bound holds
    assert holds == [False, True, False, True, True]
    g = _printed(E__C_vs_D=40.0, E__S_vs_D=20.0, D__C_vs_D=20.0, D__S_vs_D=10.03, J_m__C_vs_D=20.0, J_m__S_vs_D=5.0)
    assert readings.printed_identity_checks(g)["holds"].iloc[2]     # 0.5015 vs 0.5: 0.3 % apart


def test_table2_readings_columns():
    table = readings.table2_readings(BASE)
    assert list(table.columns) == ["eps derived", "eps printed", "eps printed, pi_m alpha -> pi_m",
                                   "gamma2 derived", "gamma2 printed"]
    assert table["gamma2 printed"].to_numpy() == pytest.approx(
        printed.gamma2_bilateral({**BASE, "delta": np.array(numeric.TABLE2_DELTAS)}))


# --- sign shares ------------------------------------------------------------------------------------

def test_sign_shares_are_the_mean_of_the_statements_at_each_parameter_set():
    # second path: the statements evaluated one parameter set at a time, then averaged
    # the baseline, lambda = 1.3 (between the printed and derived thresholds of Corollary 1(i)),
    # p = 7 and a seeded admissible sample around the baseline
    sets = [BASE, {**BASE, "lambda_": 1.3}, {**BASE, "p": 7.0}]
    drawn = statements.admissible_sample(BASE, n=9, seed=3)
    sets += [{k: float(v[i]) for k, v in drawn.items()} for i in range(9)]
    sample = {name: np.array([s[name] for s in sets]) for name in PARAMETER_NAMES}
    shares = statements.sign_shares(sample)
    one_by_one = [statements.sign_statements(s) for s in sets]
    assert list(shares) == list(statements.SIGN_STATEMENTS)
    for name in statements.SIGN_STATEMENTS:
        assert shares[name] == pytest.approx(np.mean([s[name] for s in one_by_one])), name
    assert any(0 < v < 1 for v in shares.values())      # a non-degenerate sample


def test_sign_shares_of_an_empty_sample_are_nan():
    empty = {name: np.array([]) for name in PARAMETER_NAMES}
    shares = statements.sign_shares(empty)
    assert list(shares) == list(statements.SIGN_STATEMENTS) and all(np.isnan(v) for v in shares.values())


# --- profit readings, flows and the ODE check -------------------------------------------------------

@pytest.mark.parametrize("t", [1.0, 2.0])
def test_printed_a2_row_by_hand(t):
    # chain profit under C with Appendix A's printed A2 against D's chain value, at time t from E0 = 20
    table = readings.section6_readings(BASE, t_profit=t)
    eq_c, eq_d = numeric.equilibrium(BASE, "C"), numeric.equilibrium(BASE, "D")
    e_c, e_d = numeric.goodwill_path(eq_c, t, 20.0), numeric.goodwill_path(eq_d, t, 20.0)
    j_c = eq_c["m1"] * e_c + printed.A2_centralised(BASE, {k: float(v) for k, v in eq_c.items()})
    j_d = (eq_d["m1"] + eq_d["r1"]) * e_d + eq_d["m2"] + eq_d["r2"]
    row = table.loc["printed A2"]
    assert row["J.total.C_vs_D"] == pytest.approx(float(100 * (j_c / j_d - 1)), rel=1e-10)
    assert row.drop("J.total.C_vs_D").isna().all()


def test_chain_flow_is_the_sum_of_the_firms_and_its_value_the_hjb_value():
    for scenario in ("D", "S", "I"):
        flows = readings.affine_flows(BASE, scenario)
        assert flows["J"] == pytest.approx((flows["J_m"][0] + flows["J_U"][0], flows["J_m"][1] + flows["J_U"][1]))
        eq = numeric.equilibrium(BASE, scenario)
        s, c = readings.policy_value(BASE, scenario, "J")
        assert (s, c) == pytest.approx((float(eq["m1"] + eq["r1"]), float(eq["m2"] + eq["r2"])), rel=1e-10)


def test_centralised_contract_split_is_the_bilateral_contract():
    contract, bilateral = readings.affine_flows(BASE, "C", "contract"), readings.affine_flows(BASE, "I")
    natural = readings.affine_flows(BASE, "C", "natural")
    assert contract["J_m"] == pytest.approx(bilateral["J_m"]) and contract["J_U"] == pytest.approx(bilateral["J_U"])
    assert natural["J_m"][0] != pytest.approx(bilateral["J_m"][0], rel=1e-3)


def test_natural_split_values_by_ode_integration():
    # second method: ode_check integrates the goodwill ODE and each firm's own flows (no transfer)
    # under the centralised efforts; V(E0) = s E0 + c of the natural split must agree
    from ev_compendium.ch004_game import ode_check

    eq = numeric.equilibrium(BASE, "C")
    sim = ode_check.simulate_values(BASE, {"u": float(eq["u"]), "g": float(eq["g"])}, 20.0)
    for who, key in (("J_m", "V_m"), ("J_U", "V_U")):
        s, c = readings.policy_value(BASE, "C", who, "natural")
        assert float(s * 20.0 + c) == pytest.approx(sim[key], rel=1e-7), who
        # steady-state value and the value at t = 0 with E0 = E_ss are the same number
        assert readings.profit_measure(BASE, "C", who, "steady_value", 0.0, 20.0, "natural") == pytest.approx(
            float(s * eq["E_ss"] + c), rel=1e-12)


def test_simulate_values_refuses_negative_goodwill_with_its_unit():
    from ev_compendium.ch004_game import ode_check

    with pytest.raises(ValueError, match=r"^argument 'e0' = -1.0 goodwill is out of range: valid range is \[0, inf\)$"):
        ode_check.simulate_values(BASE, {"u": 1.0, "g": 1.0}, -1.0)


@pytest.mark.parametrize("scenario, who", [("S", "J_m"), ("D", "J_U"), ("I", "J")])
def test_profit_measures_at_t_2_by_a_second_path(scenario, who):
    t, e0 = 2.0, 20.0
    eq = numeric.equilibrium(BASE, scenario)
    goodwill = float(numeric.goodwill_path(eq, t, e0))
    a, b = readings.affine_flows(BASE, scenario)[who]
    value = numeric.values_at(eq, goodwill)[who]
    rho = BASE["rho"]
    assert readings.profit_measure(BASE, scenario, who, "value", t, e0) == pytest.approx(float(np.exp(-rho * t) * value))
    assert readings.profit_measure(BASE, scenario, who, "flow", t, e0) == pytest.approx(float(a + b * goodwill))
    s, c = readings.policy_value(BASE, scenario, who)
    assert readings.profit_measure(BASE, scenario, who, "slope_only", t, e0) == pytest.approx(float(s * goodwill))
    steady = numeric.values_at(eq, eq["E_ss"])[who]
    assert readings.profit_measure(BASE, scenario, who, "steady_value", t, e0) == pytest.approx(float(steady))
    from scipy.integrate import quad

    path = lambda x: float(numeric.goodwill_path(eq, x, e0))  # noqa: E731
    integral, _ = quad(lambda x: float(np.exp(-rho * x) * (a + b * path(x))), 0.0, t)
    assert readings.profit_measure(BASE, scenario, who, "cumulative", t, e0) == pytest.approx(integral, rel=1e-9)


def test_reading_matches_tolerance_bounds():
    cols = [readings.label(key) for key in SECTION6_KEYS]
    first = cols[0]
    frame = pd.DataFrame([[10.0] + [np.nan] * 13, [11.5] + [np.nan] * 13, [9.0] + [np.nan] * 13],
                         index=["exact", "far", "on the bound"], columns=cols)
    published = {key: 9.0 for key in SECTION6_KEYS}
    published[SECTION6_KEYS[0]] = 10.0
    # tolerance 1: 10 -> 11.5 is 1.5 away (out), 9 is exactly 1 away (in); tolerance 0: only exact
    out = readings.reading_matches(frame, published, {key: 1.0 for key in SECTION6_KEYS})
    values = [out.loc[r, first] for r in frame.index]
    assert values == [True, False, True] and all(isinstance(v, (bool, np.bool_)) for v in values)  # not 1.0/0.0
    assert all(out.loc[r, cols[1]] is None for r in frame.index)
    zero = readings.reading_matches(frame, published, {key: 0.0 for key in SECTION6_KEYS})
    assert [zero.loc[r, first] for r in frame.index] == [True, False, False]


def test_natural_split_flow_profit_uses_the_firms_own_flows():
    # the centralised chain's flow profit at t = 2, manufacturer's natural share: a + b E(t) with
    # the natural flows (no transfer), which differ from the contract's
    t, e0 = 2.0, 20.0
    eq = numeric.equilibrium(BASE, "C")
    a, b = readings.affine_flows(BASE, "C", "natural")["J_m"]
    expected = float(a + b * numeric.goodwill_path(eq, t, e0))
    assert readings.profit_measure(BASE, "C", "J_m", "flow", t, e0, "natural") == pytest.approx(expected)
    assert readings.profit_measure(BASE, "C", "J_m", "flow", t, e0, "contract") != pytest.approx(expected, rel=1e-3)


def test_printed_section6_numbers_and_their_half_unit_tolerances():
    # Section 6.1 as printed: goodwill +15 % (C) and +3.8 % (S) over D, ...; the tolerance is half a
    # unit of the last printed digit (15 -> 0.5, 3.8 -> 0.05), absolute
    from ev_compendium.ch004_game import checks

    printed_gains = {("E", "C_vs_D"): 15.0, ("E", "S_vs_D"): 3.8, ("D", "C_vs_D"): 14.5, ("D", "S_vs_D"): 5.2,
                     ("Q", "C_vs_D"): 14.4, ("Q", "S_vs_D"): 3.1, ("F", "C_vs_D"): 9.9, ("F", "S_vs_D"): 4.3,
                     ("J", "C_vs_D"): 45.2, ("J", "S_vs_D"): 20.5, ("J_m", "C_vs_D"): 36.3, ("J_m", "S_vs_D"): 8.4,
                     ("J_U", "C_vs_D"): 49.7, ("J_U", "S_vs_D"): 12.9}
    got = checks.printed_section6()
    assert set(got) == set(printed_gains)
    for key, value in printed_gains.items():
        assert got[key] == pytest.approx((value, 0.5 if key == ("E", "C_vs_D") else 0.05)), key
