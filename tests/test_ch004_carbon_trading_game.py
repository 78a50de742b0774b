"""ch004: sympy derivations vs hand results and numeric integration; corollaries; bad inputs."""

from __future__ import annotations


import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from ev_compendium import carbon_trading_game as game
from ev_compendium import carbon_trading_numerics as numerics
from ev_compendium.params import ParameterError, load_parameters

BASE = game.model_parameters(load_parameters("ch004", {}))


def test_centralised_closed_form_matches_hand_values():
    # Hand computation at the baseline: W = rho + eta + xi(alpha Em - delta theta (Em - Er)) = 0.5856,
    # A1 = (alpha(pi_m - p Em) + theta Delta)/W with Delta = 0.6(3.5 + 1.2) + 2 = 4.82 -> 1.946/0.5856.
    eq = game.equilibrium(BASE, "C")
    a1 = (0.5 * (4 - 6 * 0.5) + 0.3 * 4.82) / 0.5856
    assert eq["m1"] == pytest.approx(a1, rel=1e-12)
    assert eq["u"] == pytest.approx((6 + 0.4 * a1) / 0.4, rel=1e-12)
    v2 = 0.4 + 0.6 * 0.4 * 0.2 * 0.2
    assert eq["g"] == pytest.approx((0.2 * 4.82 + v2 * a1) / 0.2, rel=1e-12)
    assert eq["decay"] == pytest.approx(0.5856 - 0.2, rel=1e-12)


def test_decentralised_slopes_and_efforts():
    eq = game.equilibrium(BASE, "D")
    w = 0.5856
    assert eq["r1"] == pytest.approx(0.3 * (0.6 * 3 + 0.4 * 2) / w)
    assert eq["m1"] == pytest.approx((0.5 * (4 - 3) + 0.3 * 0.6 * (2.5 + 1.2)) / w)
    assert sp.simplify(sp.diff(game.derive("D")["g"], game.p)) == 0     # Corollary 2(i)


@pytest.mark.parametrize("scenario", ["C", "D", "S", "I"])
def test_value_functions_match_numeric_integration(scenario):
    for e0 in (0.0, 20.0, 150.0):
        sim = numerics.simulate_values(BASE, scenario, e0)
        cf = numerics.closed_form_values(BASE, scenario, e0)
        assert sim["V_m"] == pytest.approx(cf["V_m"], rel=1e-8)
        assert sim["V_U"] == pytest.approx(cf["V_U"], rel=1e-8, abs=1e-6)
        assert sim["E_end"] == pytest.approx(cf["E_ss"], rel=1e-6)


def test_symbolic_trajectory_solves_the_ode():
    t = sp.Symbol("t", real=True)
    path = game.goodwill_trajectory_symbolic("D")
    sol = game.derive("D")
    residual = sp.diff(path, t) + sol["decay"] * path - sol["decay"] * sol["E_ss"]
    at = {game.SYM[n]: v for n, v in BASE.items()}
    for tv, e0 in ((0.0, 20.0), (0.7, 20.0), (1.4, 120.0)):
        point = {**at, t: tv, sp.Symbol("E0", real=True): e0}
        assert abs(float(residual.xreplace(point))) < 1e-9
    assert float(path.xreplace({**at, t: 0.0, sp.Symbol("E0", real=True): 20.0})) == pytest.approx(20.0)


def test_bilateral_contract_coordinates_and_splits_the_centralised_value():
    c, i = game.equilibrium(BASE, "C"), game.equilibrium(BASE, "I")
    assert i["u"] == pytest.approx(c["u"]) and i["g"] == pytest.approx(c["g"])
    assert i["m1"] + i["r1"] == pytest.approx(c["m1"])
    assert i["m2"] + i["r2"] == pytest.approx(c["m2"])


def test_printed_threshold_and_printed_gamma_are_consistent():
    # The printed Corollary 4 threshold is exactly the sign change of the printed gamma1.
    p_star = game.printed_threshold_price(BASE)
    assert p_star == pytest.approx(9.4)
    sym_star = game.cooperation_threshold_price("S_printed").xreplace({game.SYM[n]: BASE[n] for n in BASE})
    assert float(sym_star) == pytest.approx(p_star)
    near = game.equilibrium({**BASE, "p": p_star}, "S_printed")["gamma"]
    assert float(near) == pytest.approx(0.0, abs=1e-9)


# pi_c, pi_U >= 0.1: with pi_c = pi_U = 0 the recycler earns nothing and the closed form of
# scenario I evaluates 0/0 (NaN) - a degenerate corner, reported in the chapter report.
admissible = st.fixed_dictionaries({
    "pi_m": st.floats(0.5, 10), "pi_c": st.floats(0.1, 5), "pi_b": st.floats(0, 5), "pi_U": st.floats(0.1, 5),
    "k": st.floats(0.1, 2), "f": st.floats(0.1, 2), "phi": st.floats(0.05, 1), "eta": st.floats(0.05, 1),
    "delta": st.floats(0.01, 1), "alpha": st.floats(0.05, 2), "theta": st.floats(0.05, 1),
    "lambda_": st.floats(0.05, 1), "rho": st.floats(0.05, 0.5), "xi": st.floats(0.05, 1),
    "C": st.floats(0, 100), "p": st.floats(0.1, 10), "Em": st.floats(0.1, 1), "D0": st.floats(0, 10),
    "saving_frac": st.floats(0.01, 0.99),
})


def _params(draw):
    d = dict(draw)
    frac = d.pop("saving_frac")
    upper = min(d["Em"], d["alpha"] * d["Em"] / (d["delta"] * d["theta"]))
    d["Er"] = d["Em"] - frac * upper
    return d


@settings(max_examples=25, deadline=None)
@given(admissible)
def test_corollaries_3_and_5_hold_over_admissible_space(draw):
    P = _params(draw)
    c, d, i = (game.equilibrium(P, s) for s in ("C", "D", "I"))
    assert c["decay"] > 0
    assert c["u"] >= d["u"] - 1e-9          # Corollary 3: u^C >= u^D (equality iff pi_c = pi_U = 0)
    # g^C - g^D = [lambda delta (pi_b + p (Em-Er)) + v2 G1] / f: Corollary 3's g^C > g^D needs
    # G1 >= 0 is sufficient; it FAILS where p Em > pi_m makes G1 sufficiently negative.
    if d["m1"] >= 0:
        assert c["g"] >= d["g"] - 1e-9
    assert np.isclose(i["u"], c["u"]) and np.isclose(i["g"], c["g"])   # Corollary 5
    # the centralised value dominates the decentralised total at any E0 >= 0 (Corollary 3, J^C > J^D)
    assert c["m1"] == pytest.approx(d["m1"] + d["r1"])
    assert c["m2"] >= d["m2"] + d["r2"] - 1e-6 * abs(c["m2"])


@settings(max_examples=25, deadline=None)
@given(admissible)
def test_corollary_1i_abatement_rises_with_carbon_price(draw):
    P = _params(draw)
    du = (game.equilibrium({**P, "p": P["p"] * 1.001}, "C")["u"] - game.equilibrium(P, "C")["u"])
    # du/dp = 1/k - xi (alpha Em - delta theta (Em-Er)) / (k W) = (rho+eta)/(k W) > 0
    assert du > 0


def test_corollary_4_gamma1_sign_fails_in_part_of_the_space():
    # With the correct derivation, gamma1 becomes negative at high carbon prices: the printed
    # "p above a threshold" direction of Corollary 4 does not hold at the baseline.
    assert game.equilibrium({**BASE, "p": 6.0}, "S")["gamma"] > 0
    assert game.equilibrium({**BASE, "p": 13.0}, "S")["gamma"] < 0


def test_grid_sweep_is_fast_and_masks_inadmissible_points():
    import time
    P = load_parameters("ch004", {"grid_points": 101})
    game.alpha_delta_grid(P)   # warm the lambdify cache
    t0 = time.perf_counter()
    grid = game.alpha_delta_grid(P)
    assert time.perf_counter() - t0 < 1.0
    assert grid["u"]["C"].shape == (101, 101)


@pytest.mark.parametrize("name, value, fragment", [
    ("delta", 1.5, "'delta'"), ("delta", -0.1, "'delta'"), ("k", 0.0, "'k'"), ("k", -1.0, "'k'"),
    ("Er", 0.6, "positivity condition"), ("Er", 0.5, "positivity condition"),
])
def test_bad_inputs_raise_with_parameter_named(name, value, fragment):
    with pytest.raises(ParameterError, match=fragment):
        game.equilibrium({**BASE, name: value}, "C")


def test_positivity_upper_bound_is_enforced():
    # alpha Em / (delta theta) = 0.05 * 0.5 / (0.6 * 0.3) = 0.139 < Em - Er = 0.2
    with pytest.raises(ParameterError, match="positivity condition"):
        game.equilibrium({**BASE, "alpha": 0.05}, "D")


def test_unknown_scenario_and_negative_initial_goodwill():
    with pytest.raises(ValueError, match="scenario"):
        game.derive("X")
    with pytest.raises(ValueError, match="e0"):
        game.paths(BASE, "C", [0.0, 1.0], -1.0)


def test_cli_run_with_override_renders_html(run_chapter_cli):
    run = run_chapter_cli("ch004", "p=7", html=True)  # the one custom run that also renders HTML
    html = (run.output_dir / "ch004-carbon-trading-game-custom.html").read_text(encoding="utf-8")
    assert "informational" in html and "<img" in html


def test_corollary_3_promotion_ordering_fails_when_carbon_price_is_high():
    # Region found by hypothesis: p Em > pi_m, pi_b = 0 -> G1 < 0 and g^C < g^D.
    P = {**BASE, "pi_m": 1.0, "pi_b": 0.0, "pi_c": 1.0, "pi_U": 1.0, "alpha": 2.0, "p": 6.0}
    c, d = game.equilibrium(P, "C"), game.equilibrium(P, "D")
    assert d["m1"] < 0 and c["g"] < d["g"]


def test_latex_uses_the_papers_notation_and_keeps_the_value():
    slope = game.derive_compact("C")[1][game.M1]
    shown = game.latex(slope)
    assert shown.startswith(r"\dfrac{") and "E_m" in shown and r"\pi_m" in shown
    assert "Em" not in shown.replace("E_m", "") and "pi_m" not in shown.replace(r"\pi_m", "")
    assert game.latex(game.derive_compact("C")[0]["u"]) == r"\dfrac{m_1 \xi + p}{k}"
