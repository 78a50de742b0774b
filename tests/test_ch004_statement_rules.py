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
