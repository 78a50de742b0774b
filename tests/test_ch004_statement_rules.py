"""ch004 statements and claims: every registered claim at the paper's parameters, and each
statement's rule on both sides of its boundary with hand-made equilibria and paths."""

from __future__ import annotations

import numpy as np
import pytest

from ev_compendium import load_chapter
from ev_compendium.ch004_game import statements
from ev_compendium.claims import check_claims


def test_every_ch004_claim_checks_at_the_papers_parameters():
    # strict: any computed value that disagrees with the registry's verdict raises
    values = load_chapter("ch004").evaluate({})
    table = check_claims("ch004", values)
    assert (table.loc[list(values), "check"] != "FAIL").all()


# --- Corollaries 3-5 and Propositions 1-3: orderings ------------------------------------------------

def _eq(u, g, e, m1, m2, r1, r2, gamma=0.0, slope=0.5):
    return {"u": u, "g": g, "E_ss": e, "m1": m1, "m2": m2, "r1": r1, "r2": r2, "gamma": gamma,
            **{f"d{q}_d{x}": slope for q in ("u", "g") for x in ("pi_c", "pi_U")}}


def _base():
    # C > S > D in efforts (u^S = u^D), goodwill and steady state; values at E0 = 10:
    # V^C = 2*10 + 5 = 25 > V_m^D + V_U^D = 11 + 6 = 17; S: 14 > 11 and 8 > 6; I splits C's 25
    return {"C": _eq(3.0, 3.0, 30.0, 2.0, 5.0, 0.0, 0.0),
            "D": _eq(1.0, 1.0, 10.0, 1.0, 1.0, 0.5, 1.0),
            "S": _eq(1.0, 2.0, 20.0, 1.2, 2.0, 0.6, 2.0, gamma=0.3),
            "I": _eq(3.0, 3.0, 30.0, 1.5, 5.0, 0.5, 0.0)}


def test_orderings_all_hold_on_a_hand_made_equilibrium():
    assert statements.orderings(_base(), 10.0) == {
        "cor3": True, "cor4": True, "cor5": True, "gamma1_positive": True,
        "C_efforts_rise_with_recycling_margins": True, "C_value_rises_with_goodwill": True,
        "D_values_rise_with_goodwill": True}


@pytest.mark.parametrize("scenario, key, value, broken", [
    ("C", "u", 1.0, ("cor3", "cor4", "cor5")),    # u^C = u^D = u^S: not above (and I no longer matches C)
    ("C", "g", 1.0, ("cor3", "cor4", "cor5")),    # g^C = g^D
    ("C", "E_ss", 10.0, ("cor3", "cor4", "cor5")),  # E^C = E^D
    ("C", "m2", -3.0, ("cor3", "cor5")),          # V^C = 2*10 - 3 = 17 = V^D: not above
    ("S", "g", 1.0, ("cor4",)),                   # g^S = g^D
    ("S", "g", 3.0, ("cor4",)),                   # g^S = g^C
    ("S", "E_ss", 10.0, ("cor4",)),               # E^S = E^D
    ("S", "E_ss", 30.0, ("cor4",)),               # E^S = E^C
    ("S", "m2", -1.0, ("cor4",)),                 # V_m^S = 12 - 1 = 11 = V_m^D
    ("S", "r2", 0.0, ("cor4",)),                  # V_U^S = 6 = V_U^D
    ("S", "u", 1.5, ("cor4",)),                   # u^S != u^D
    ("I", "u", 2.0, ("cor5",)),
    ("I", "g", 2.0, ("cor5",)),
    ("I", "E_ss", 20.0, ("cor5",)),
    ("I", "r2", 1.0, ("cor5",)),                  # V^I = 15 + 5 + 5 + 1 = 26 != 25
    ("S", "gamma", 0.0, ("gamma1_positive",)),
    ("C", "m1", 0.0, ("C_value_rises_with_goodwill",)),
    ("D", "m1", 0.0, ("D_values_rise_with_goodwill",)),
    ("D", "r1", 0.0, ("D_values_rise_with_goodwill",)),
])
def test_each_ordering_is_strict(scenario, key, value, broken):
    eq = _base()
    eq[scenario] = {**eq[scenario], key: value}
    if (scenario, key) == ("D", "m1"):      # keep V^D, only its slope moves: V_m^D = 0*10 + 11
        eq["D"]["m2"] = 11.0
    if (scenario, key) == ("D", "r1"):
        eq["D"]["r2"] = 6.0
    if (scenario, key) == ("C", "m1"):      # V^C stays 25 > 17
        eq["C"]["m2"] = 25.0
    result = statements.orderings(eq, 10.0)
    assert [k for k, v in result.items() if not v] == list(broken)


@pytest.mark.parametrize("slope, holds", [(0.5, True), (0.0, False)])
def test_centralised_efforts_must_rise_strictly_with_the_recycling_margins(slope, holds):
    eq = _base()
    eq["C"]["dg_dpi_U"] = slope
    assert statements.orderings(eq, 10.0)["C_efforts_rise_with_recycling_margins"] is holds


def test_small_positive_slopes_still_rise():
    eq = _base()
    eq["C"] = {**eq["C"], "m1": 0.5, "m2": 20.0}
    eq["D"] = {**eq["D"], "m1": 0.5, "r1": 0.5, "m2": 6.0, "r2": 1.0}
    eq["S"] = {**eq["S"], "m1": 0.5, "m2": 7.0, "r1": 0.5, "r2": 2.0}
    result = statements.orderings(eq, 10.0)
    assert result["C_value_rises_with_goodwill"] and result["D_values_rise_with_goodwill"] and result["cor4"]


# --- Figures 3-5 in time -------------------------------------------------------------------------------

def _paths(j=(1.0, 3.0, 2.0), f=(5.0, 4.5, 4.0), rise=(1.0, 1.5, 2.0)):
    flows = {"D": np.array(rise), "Q": np.array(rise)}
    return {"C": {"J": np.array(j), **flows}, "S": {**flows}, "D": {"F": np.array(f), **flows}}


TRAJ = {10.0: {"C": np.array([10.0, 12.0, 13.0]), "S": np.array([10.0, 11.0, 11.5]), "D": np.array([10.0, 10.0, 9.0])}}
STEADY = {"C": 14.0, "S": 12.0, "D": 8.0}


def test_time_statements_on_hand_made_paths():
    assert statements.time_statements(TRAJ, STEADY, _paths()) == {
        "goodwill_monotone_to_steady_state": True, "permits_decrease": True,
        "chain_profit_rises_then_falls": True, "demand_and_recycling_rise": True}


@pytest.mark.parametrize("j, holds", [((3.0, 2.0, 1.0), False), ((1.0, 2.0, 3.0), False),
                                      ((1.0, 2.0, 4.0, 3.0), True), ((1.0, 3.0, 2.0, 1.0), True)])
def test_chain_profit_peak_must_be_inside(j, holds):
    assert statements.time_statements(TRAJ, STEADY, _paths(j=j))["chain_profit_rises_then_falls"] is holds


@pytest.mark.parametrize("f, holds", [((5.0, 5.0, 4.0), False), ((5.0, 5.5, 6.0), False)])
def test_permits_must_decrease_strictly(f, holds):
    assert statements.time_statements(TRAJ, STEADY, _paths(f=f))["permits_decrease"] is holds


@pytest.mark.parametrize("rise, holds", [((1.0, 1.0, 2.0), False), ((1.0, 1.2, 1.4), True)])
def test_demand_and_recycling_must_rise_strictly(rise, holds):
    assert statements.time_statements(TRAJ, STEADY, _paths(rise=rise))["demand_and_recycling_rise"] is holds


def test_a_non_monotone_trajectory_breaks_figure_3():
    traj = {10.0: {**TRAJ[10.0], "S": np.array([10.0, 13.0, 12.0])}}
    assert statements.time_statements(traj, STEADY, _paths())["goodwill_monotone_to_steady_state"] is False


@pytest.mark.parametrize("values, target, monotone", [
    ([5.0, 5.0, 5.0], 5.0, True), ([1.0, 1.0, 2.0], 3.0, True), ([1.0, 2.0, 3.0], 4.0, True),
    ([3.0, 2.0, 2.0], 1.0, True), ([3.0, 2.0, 1.0], 0.0, True), ([1.0, 3.0, 2.0], 2.5, False),
    ([3.0, 1.0, 2.0], 2.5, False)])
def test_monotone_to_steady_state(values, target, monotone):
    assert statements._is_monotone_to(np.array(values), target) is monotone


# --- claim rules on edited results, and compute()'s parts --------------------------------------------

@pytest.fixture(scope="module")
def results():
    from ev_compendium.ch004_game import compute
    from ev_compendium.params import load_parameters

    return compute(load_parameters("ch004", {}))


def _claims(results, **changes):
    from dataclasses import replace

    from ev_compendium.ch004_game import checks

    return checks.claim_values(None, replace(results, **changes))


def test_compute_parts_follow_the_parameters(results):
    from ev_compendium.params import load_parameters

    P = load_parameters("ch004", {})
    assert results.t.tolist() == pytest.approx(np.linspace(0.0, float(P["t_end"]), 141).tolist())
    assert results.e0 == float(P["E0"]) and results.t_profit == float(P["t_profit"])
    assert set(results.paths) == {"C", "D", "S", "I"} and len(results.paths["C"]["J"]) == 141
    assert sorted(results.trajectories) == sorted(float(e) for e in P["E0_values"])
    assert set(results.grid) >= {"alpha", "u", "g", "E", "J"} and len(results.sample["p"]) > 0


@pytest.mark.parametrize("eps, holds", [([0.1, 0.3, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], False),
                                        ([0.1, 0.2, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], False),
                                        ([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], True)])
def test_table2_eps_must_rise_strictly_at_every_step(results, eps, holds):
    # gamma2 falls the mirror way: reversed eps
    table2 = {d: (e, g) for d, e, g in zip(sorted(results.table2), eps, eps[::-1])}
    values = _claims(results, table2=table2)
    assert values["ch004.table2.eps_rises_with_delta"] is holds
    assert values["ch004.table2.gamma2_falls_with_delta"] is holds


@pytest.mark.parametrize("jm, ju, holds", [(0.5, 0.5, True), (0.0, 0.5, False), (0.5, 0.0, False), (3.0, -1.0, False)])
def test_s_beats_d_for_both_firms(results, jm, ju, holds):
    section6 = {**results.section6, ("J_m", "S_vs_D"): jm, ("J_U", "S_vs_D"): ju}
    assert _claims(results, section6=section6)["ch004.fig5bc.S_beats_D_both_firms"] is holds


def test_baseline_price_on_the_printed_threshold_is_not_above_it(results):
    assert _claims(results, printed_threshold=results.parameters["p"])["ch004.cor4.baseline_above_threshold"] is False


# --- the independent ODE check ----------------------------------------------------------------------------

def test_simulate_values_over_a_short_horizon_against_the_closed_forms():
    from ev_compendium.ch004_game import model, numeric, ode_check, readings
    from ev_compendium.params import load_parameters

    base = model.model_parameters(load_parameters("ch004", {}))
    eq = numeric.equilibrium(base, "S")
    efforts = {"u": float(eq["u"]), "g": float(eq["g"]), "gamma": float(eq["gamma"])}
    sim = ode_check.simulate_values(base, efforts, 20.0, horizon=1.0)
    # goodwill at t = 1 on the closed-form path; each firm's discounted profit earned on [0, 1]
    assert sim["E_end"] == pytest.approx(float(numeric.goodwill_path(eq, 1.0, 20.0)), rel=1e-9)
    for key, who in (("V_m", "J_m"), ("V_U", "J_U")):
        assert sim[key] == pytest.approx(float(readings.profit_measure(base, "S", who, "cumulative", 1.0, 20.0)), rel=1e-9)
    # absent cost shares are 0: the same as passing 0 explicitly
    d = numeric.equilibrium(base, "D")
    plain = ode_check.simulate_values(base, {"u": float(d["u"]), "g": float(d["g"])}, 20.0, horizon=0.5)
    assert plain == ode_check.simulate_values(base, {"u": float(d["u"]), "g": float(d["g"]), "gamma": 0.0, "eps": 0.0},
                                              20.0, horizon=0.5)
    with pytest.raises(ValueError, match=r"^argument 'horizon' = 0.0 is out of range: valid range is \(0, inf\)$"):
        ode_check.simulate_values(base, efforts, 20.0, horizon=0.0)


# --- Figures 6-7 statements on a hand-made alpha x delta grid -------------------------------------------

def _hand_grid():
    """2 deltas x 4 alphas ([delta, alpha]); C > S > D everywhere, rising in both directions
    (one flat step), u^S = u^D; E falls with delta in the last alpha column."""
    rise = np.array([[1.0, 2.0, 2.0, 4.0], [2.0, 3.0, 4.0, 5.0]])
    e = {"C": np.array([[1.0, 2.0, 3.0, 9.0], [3.0, 4.0, 5.0, 8.0]]),
         "S": np.array([[0.5, 1.5, 2.5, 7.0], [1.5, 2.5, 3.5, 6.0]]),
         "D": np.array([[0.0, 1.0, 2.0, 6.0], [4.0, 5.0, 6.0, 5.0]])}
    return {"alpha": np.array([0.1, 0.2, 0.3, 0.4]),
            "u": {"C": rise + 2.0, "S": rise, "D": rise},
            "g": {"C": rise * 3.0, "S": rise * 2.0, "D": rise},
            "E": e,
            "J": {"C": rise * 4.0, "S": rise * 2.0, "D": rise},
            "J_m": {"I": rise * 3.0, "S": rise * 2.0, "D": rise},
            "J_U": {"I": rise * 3.0, "S": rise * 2.0, "D": rise}}


def test_grid_statements_on_a_hand_made_grid():
    out = statements.grid_statements(_hand_grid())
    assert {k: v for k, v in out.items() if k not in ("shares", "goodwill_spread_over_delta")} == {
        "u_rises_with_alpha_and_delta": True, "u_order": True, "g_rises_with_alpha_and_delta": True,
        "g_order": True, "g_gaps_rise_with_delta": True, "E_rises_with_alpha": False,
        "E_rises_with_delta_small_alpha": True, "E_falls_with_delta_large_alpha": True,
        "E_change_largest_under_D": True, "E_change_under_S_smoother_than_D": True,
        "J_rises_with_alpha_and_delta": True, "J_order": True, "J_gap_C_S_exceeds_gap_S_D": True,
        "Jm_order": True, "JU_order": True, "JU_gap_C_S_rises_with_delta": True}
    # spreads over delta in the first alpha column: C 2, S 1, D 4
    assert out["goodwill_spread_over_delta"] == {"C": 2.0, "S": 1.0, "D": 4.0}
    assert out["shares"] == {"g^S > g^D": 1.0, "J^S > J^D": 1.0, "J^C - J^S > J^S - J^D": 1.0,
                             "J_m^S > J_m^D": 1.0, "J_U^C > J_U^S": 1.0}


def test_grid_orders_are_strict_and_shares_count_strictly():
    g = _hand_grid()
    g["g"]["S"] = g["g"]["S"].copy()
    g["g"]["S"][0, 0] = g["g"]["D"][0, 0]          # one point where g^S = g^D
    out = statements.grid_statements(g)
    assert out["g_order"] is False
    assert out["shares"]["g^S > g^D"] == pytest.approx(7 / 8)


def test_grid_falls_allow_a_flat_step_and_nan_points_are_ignored():
    g = _hand_grid()
    e = {k: v.copy() for k, v in g["E"].items()}
    e["D"][1, 3] = e["D"][0, 3]                       # flat in delta at large alpha: still not rising
    g["E"] = e
    assert statements.grid_statements(g)["E_falls_with_delta_large_alpha"] is True
    nan = {key: {s: np.full((2, 4), np.nan) for s in g[key]} for key in ("u", "g", "E", "J", "J_m", "J_U")}
    out = statements.grid_statements({"alpha": g["alpha"], **nan})
    assert all(np.isnan(v) for v in out["shares"].values())
    assert all(np.isnan(v) for v in out["goodwill_spread_over_delta"].values())


def test_mean_spread_needs_two_admissible_points():
    cols = np.array([[1.0, 5.0, np.nan], [3.0, np.nan, np.nan]])
    assert statements._mean_spread(cols) == 2.0                # only the first column has two points
    assert np.isnan(statements._mean_spread(np.array([[1.0], [np.nan]])))


# --- Corollaries 1-2: each sign rule on both sides of its boundary (derivatives stubbed) -------------------

_C = {"du_dp": 0.5, "dg_dp": -0.5, "du_dalpha": 0.5}
_D = {"du_dp": 0.5, "dg_dp": 0.0, "g": 0.0, "dE_ss_dp": 0.5, "du_dalpha": 0.5, "dg_dalpha": -0.5}


def _signs_with(monkeypatch, c=None, d=None, small_k=-1.0, large_k=1.0, lam=2.0, thr_c=1.0, thr_d=1.0,
                P=None):
    c, d = {**_C, **(c or {})}, {**_D, **(d or {})}
    P = {"k": 1.0, "lambda_": 1.0, "delta": 0.5, **(P or {})}

    def fake_equilibrium(mp, scenario, check=True, sensitivities=True):
        if scenario == "D":
            return d
        if mp["k"] == P["k"]:
            return c
        return {**c, "dE_ss_dp": small_k if mp["k"] < P["k"] else large_k}

    monkeypatch.setattr(statements.numeric, "equilibrium", fake_equilibrium)
    monkeypatch.setattr(statements.printed, "lambda_threshold_dgC_dp", lambda mp: lam)
    monkeypatch.setattr(statements.printed, "delta_threshold_duC_dalpha", lambda mp: thr_c)
    monkeypatch.setattr(statements.printed, "delta_threshold_duD_dalpha", lambda mp: thr_d)
    monkeypatch.setattr(statements, "_switches_down_in_delta", lambda mp: True)
    return statements.sign_statements(P)


def test_sign_statements_hold_on_the_stubbed_derivatives(monkeypatch):
    assert _signs_with(monkeypatch) == {name: True for name in statements.SIGN_STATEMENTS}


@pytest.mark.parametrize("kw, name, holds", [
    ({"c": {"du_dp": 0.0}}, "duC_dp_positive", False),
    ({"c": {"du_dp": 0.5}}, "duC_dp_positive", True),
    # dg^C/dp = 0 is not negative, and lambda = lambda* is not below it: the condition agrees
    ({"c": {"dg_dp": 0.0}, "P": {"lambda_": 2.0}}, "dgC_dp_sign_condition", True),
    ({"c": {"dg_dp": 0.5}}, "dgC_dp_sign_condition", False),
    ({"small_k": 0.0, "large_k": 0.0}, "dEC_dp_switch_in_k", False),
    ({"small_k": -1.0, "large_k": 0.0}, "dEC_dp_switch_in_k", True),
    ({"small_k": -1.0, "large_k": 0.5}, "dEC_dp_switch_in_k", True),
    ({"small_k": 0.5, "large_k": 0.5}, "dEC_dp_switch_in_k", False),
    # du/dalpha = 0 counts as >= 0, and delta = threshold as below it
    ({"c": {"du_dalpha": 0.0}, "P": {"delta": 1.0}}, "duC_dalpha_sign_condition", True),
    ({"d": {"du_dp": 0.0}}, "duD_dp_positive", False),
    ({"d": {"du_dp": 0.5}}, "duD_dp_positive", True),
    ({"d": {"dg_dp": 5e-7, "g": 1000.0}}, "dgD_dp_zero", True),      # within 1e-9 (1 + |g|)
    ({"d": {"dg_dp": 1.0015e-6, "g": 1000.0}}, "dgD_dp_zero", False),
    ({"d": {"dg_dp": 0.5}}, "dgD_dp_zero", False),
    ({"d": {"dE_ss_dp": 0.0}}, "dED_dp_positive", False),
    ({"d": {"dE_ss_dp": 0.5}}, "dED_dp_positive", True),
    ({"d": {"du_dalpha": 0.0}, "P": {"delta": 1.0}}, "duD_dalpha_sign_condition", True),
    ({"d": {"dg_dalpha": 0.0}}, "dgD_dalpha_negative", False),
    ({"d": {"dg_dalpha": 0.5}}, "dgD_dalpha_negative", False),
])
def test_each_sign_rule_at_its_boundary(monkeypatch, kw, name, holds):
    assert _signs_with(monkeypatch, **kw)[name] is holds


#: an admissible parameter set (found by sampling 5x around the baseline) where dg^C/dalpha runs
#: the other way: negative for delta below ~0.65, positive above
UPWARD = {"pi_m": 4.17, "pi_c": 0.664, "pi_b": 1.62, "pi_U": 9.29, "k": 0.378, "f": 0.0509, "phi": 0.568,
          "eta": 0.0818, "delta": 0.77, "alpha": 1.47, "theta": 0.301, "lambda_": 0.245, "rho": 0.696,
          "xi": 0.364, "C": 83.8, "p": 1.34, "Em": 1.85, "Er": 0.622, "D0": 8.3}


def _fine_scan_switches_down(P):
    """Second method: dg^C/dalpha on 2001 deltas over the admissible [0, min(1, alpha Em / (theta s)))."""
    top = min(1.0, P["alpha"] * P["Em"] / (P["theta"] * (P["Em"] - P["Er"])))
    deltas = np.linspace(0.0, top * (1 - 1e-9), 2001)
    from ev_compendium.ch004_game import numeric

    slope = numeric.equilibrium({**P, "delta": deltas}, "C", check=False)["dg_dalpha"]
    up = (slope[:-1] < 0) & (slope[1:] >= 0)
    return not up.any(), deltas[np.flatnonzero(up)]


def test_switch_in_delta_statement_against_a_fine_scan():
    from ev_compendium.ch004_game import model
    from ev_compendium.params import load_parameters

    base = model.model_parameters(load_parameters("ch004", {}))
    holds, _ = _fine_scan_switches_down(base)
    assert holds and bool(statements._switches_down_in_delta(base))
    holds, where = _fine_scan_switches_down(UPWARD)
    assert not holds and 0.5 < where[0] < 0.8
    assert not bool(statements._switches_down_in_delta(UPWARD))
    assert statements.sign_statements(UPWARD)["dgC_dalpha_switch_in_delta"] is False
    # vectorised: one answer per parameter set
    both = {k: np.array([base[k], UPWARD[k]]) for k in UPWARD}
    assert statements._switches_down_in_delta(both).tolist() == [True, False]


# --- joint constraints in full, and the admissible sample ---------------------------------------------------

@pytest.mark.parametrize("changes, message", [
    ({"Er": 0.5}, "parameters 'Em', 'Er': need 0 < Em - Er (Assumption 4: a vehicle made with recycled material "
                  "emits less) (got Em = 0.5, Er = 0.5)"),
    ({"delta": 0.9, "alpha": 0.1, "theta": 1.0},
     "parameters 'Em', 'Er', 'alpha', 'delta', 'theta': need Em - Er < alpha*Em/(delta*theta) (Assumption 4's "
     "positivity condition) (got Em = 0.5, Er = 0.3, alpha = 0.1, delta = 0.9, theta = 1)"),
    ({"alpha": 0.15, "theta": 1.2, "delta": 0.1},
     "parameters 'Em', 'Er', 'alpha', 'theta': need Em - Er < alpha*Em/(0.9*theta): Table 2 evaluates the bilateral "
     "contract up to delta = 0.9, where the positivity condition must still hold (got Em = 0.5, Er = 0.3, "
     "alpha = 0.15, theta = 1.2)"),
    ({"alpha_max": 0.05},
     "parameters 'alpha_max', 'Em', 'Er', 'theta': need alpha_max > 0.95*theta*(Em - Er)/Em, so that every row of "
     "the alpha x delta grid of Figures 6-7 has admissible points (got alpha_max = 0.05, Em = 0.5, Er = 0.3, "
     "theta = 0.3)"),
])
def test_joint_constraints_in_full(changes, message):
    from ev_compendium.ch004_game import constraints
    from ev_compendium.params import load_parameters
    from ev_compendium.validate import ParameterError

    with pytest.raises(ParameterError) as err:
        constraints({**dict(load_parameters("ch004", {})), **changes})
    assert str(err.value) == message


def test_admissible_sample_ranges():
    from ev_compendium.ch004_game import model
    from ev_compendium.params import load_parameters

    base = model.model_parameters(load_parameters("ch004", {}))
    sample = statements.admissible_sample(base, n=200, seed=5)
    # delta uniform on [0, 1] (not scaled like the others: values below 0.6/2 occur), every other
    # parameter within a factor 2 of the baseline, both sides
    assert sample["delta"].min() < 0.3 and sample["delta"].max() <= 1.0 and sample["delta"].max() > 0.7
    for name in ("k", "p", "alpha"):
        ratio = sample[name] / base[name]
        assert ratio.min() >= 0.5 and ratio.max() <= 2.0 and ratio.min() < 0.9 and ratio.max() > 1.1, name
    assert bool(np.all(model.positivity(sample))) and len(sample["p"]) == 200


def test_grid_rises_must_hold_along_both_axes():
    g = _hand_grid()
    flat_delta = np.array([[1.0, 2.0, 3.0, 4.0], [0.5, 1.5, 2.5, 3.5]])     # rises with alpha, falls with delta
    for key in ("u", "g", "J"):
        h = {**g, key: {s: (v.copy() if s != "D" else flat_delta) for s, v in g[key].items()}}
        out = statements.grid_statements(h)
        name = {"u": "u_rises_with_alpha_and_delta", "g": "g_rises_with_alpha_and_delta",
                "J": "J_rises_with_alpha_and_delta"}[key]
        assert out[name] is False, key


def test_grid_gap_statements_each_part_counts():
    g = _hand_grid()
    # S - D gap falling with delta while C - S rises: the gaps statement fails
    g2 = {**g, "g": {"C": g["g"]["C"] * 3.0, "S": g["g"]["S"], "D": g["g"]["S"] - np.array([[2.0] * 4, [1.0] * 4])}}
    assert statements.grid_statements(g2)["g_gaps_rise_with_delta"] is False
    # J_U^C - J_U^S falling with delta
    g3 = {**g, "J_U": {"I": g["J_U"]["S"] + np.array([[3.0] * 4, [2.0] * 4]), "S": g["J_U"]["S"], "D": g["J_U"]["D"]}}
    out = statements.grid_statements(g3)
    assert out["JU_gap_C_S_rises_with_delta"] is False and out["JU_order"] is True
    # J_U^S not above J_U^D everywhere
    g4 = {**g, "J_U": {"I": g["J_U"]["I"], "S": g["J_U"]["D"], "D": g["J_U"]["D"]}}
    assert statements.grid_statements(g4)["JU_order"] is False
    # u^S != u^D somewhere
    g5 = {**g, "u": {"C": g["u"]["C"], "S": g["u"]["S"] + 0.5, "D": g["u"]["D"]}}
    assert statements.grid_statements(g5)["u_order"] is False
