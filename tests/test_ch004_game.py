"""ch004 model: closed forms vs hand results, numeric integration, sympy; corollaries; bad inputs."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from ev_compendium.ch004_game import codegen, derivation, model, numeric, ode_check, printed
from ev_compendium.params import load_parameters
from ev_compendium.validate import ParameterError

BASE = model.model_parameters(load_parameters("ch004", {}))


def eq(P, scenario):
    return {k: float(v) for k, v in numeric.equilibrium(P, scenario).items()}


def test_centralised_closed_form_matches_hand_values():
    # Hand computation at the baseline: W = rho + eta + xi(alpha Em - delta theta (Em - Er)) = 0.5856,
    # A1 = (alpha(pi_m - p Em) + theta Delta)/W with Delta = 0.6(3.5 + 1.2) + 2 = 4.82 -> 1.946/0.5856.
    c = eq(BASE, "C")
    a1 = (0.5 * (4 - 6 * 0.5) + 0.3 * 4.82) / 0.5856
    assert c["m1"] == pytest.approx(a1, rel=1e-12)
    assert c["u"] == pytest.approx((6 + 0.4 * a1) / 0.4, rel=1e-12)
    v2 = 0.4 + 0.6 * 0.4 * 0.2 * 0.2
    assert c["g"] == pytest.approx((0.2 * 4.82 + v2 * a1) / 0.2, rel=1e-12)
    assert c["decay"] == pytest.approx(0.5856 - 0.2, rel=1e-12)
    # du^C/dp = (rho + eta)/(k W); dg^C/dp = [lambda delta s (rho + eta) - phi (alpha Em - theta delta s)]/(f W)
    assert c["du_dp"] == pytest.approx(0.5 / (0.4 * 0.5856), rel=1e-12)
    assert c["dg_dp"] == pytest.approx((0.2 * 0.12 * 0.5 - 0.4 * (0.25 - 0.036)) / (0.2 * 0.5856), rel=1e-12)


def test_decentralised_slopes_and_efforts():
    d = eq(BASE, "D")
    w = 0.5856
    assert d["r1"] == pytest.approx(0.3 * (0.6 * 3 + 0.4 * 2) / w)
    assert d["m1"] == pytest.approx((0.5 * (4 - 3) + 0.3 * 0.6 * (2.5 + 1.2)) / w)
    assert d["dg_dp"] == 0.0
    assert codegen.symbolic_facts() == {"gD_free_of_p": True, "uD_free_of_pi_c_pi_U": True, "slopes_shared": True,
                                        "goodwill_path_relaxes": True}


def test_generated_code_equals_the_sympy_closed_forms_and_its_derivatives():
    """The generated (cse, chain-rule) code against sympy's fully substituted expressions,
    and its derivatives against central finite differences of the generated values."""
    at = {derivation.SYM[n]: v for n, v in BASE.items()}
    for scenario in ("C", "S", "I"):
        full = derivation.derive(scenario)
        ours = eq(BASE, scenario)
        for q in ("u", "g", "gamma", "eps", "m2", "r2", "E_ss"):
            assert ours[q] == pytest.approx(float(full[q].xreplace(at)), rel=1e-10, abs=1e-12), (scenario, q)
        for q, x in codegen.DERIVATIVES:
            h = 1e-6 * max(1.0, abs(BASE[x]))
            fd = (eq({**BASE, x: BASE[x] + h}, scenario)[q] - eq({**BASE, x: BASE[x] - h}, scenario)[q]) / (2 * h)
            assert ours[codegen.derivative_key(q, x)] == pytest.approx(fd, rel=1e-5, abs=1e-7), (scenario, q, x)


def test_generated_code_is_cached_under_the_source_hash(tmp_path, monkeypatch):
    """Without (current) committed code: generated once, written under the hash, earlier
    derivations' files removed, then read back. (The generator is a stand-in here; that the real
    one gives the committed text is tests/test_ch004_codegen.py's job.)"""
    old = tmp_path / "ch004_equilibria_00000000000000000000.py"
    old.write_text("OLD = 1\n", encoding="utf-8")
    monkeypatch.setattr(codegen, "generate_source", lambda: "GENERATED = 1\n")
    source, path = codegen.load_source([tmp_path], committed=None)
    assert path == tmp_path / f"ch004_equilibria_{codegen.source_hash()}.py"
    assert path.read_text(encoding="utf-8") == source == "GENERATED = 1\n" and not old.exists()
    monkeypatch.setattr(codegen, "generate_source", lambda: pytest.fail("regenerated despite the cache"))
    again, same = codegen.load_source([tmp_path], committed=None)
    assert (again, same) == (source, path)


@pytest.mark.parametrize("scenario", ["C", "D", "S", "I"])
def test_value_functions_match_numeric_integration(scenario):
    e = eq(BASE, scenario)
    for e0 in (0.0, 20.0, 150.0):
        sim = ode_check.simulate_values(BASE, e, e0, centralised=scenario == "C")
        assert sim["V_m"] == pytest.approx(e["m1"] * e0 + e["m2"], rel=1e-8)
        assert sim["V_U"] == pytest.approx(e["r1"] * e0 + e["r2"], rel=1e-8, abs=1e-6)
        assert sim["E_end"] == pytest.approx(e["E_ss"], rel=1e-6)


def test_centralised_efforts_are_optimal_among_constant_efforts():
    # the HJB solution is optimal among all feedback policies, so moving either effort lowers V
    c = eq(BASE, "C")
    best = ode_check.simulate_values(BASE, c, 20.0, centralised=True)["V_m"]
    for key in ("u", "g"):
        for step in (-0.05, 0.05):
            moved = ode_check.simulate_values(BASE, {**c, key: c[key] * (1 + step)}, 20.0, centralised=True)
            assert moved["V_m"] < best


def test_symbolic_trajectory_solves_the_ode():
    t = sp.Symbol("t", real=True)
    path = derivation.goodwill_trajectory_symbolic("D")
    sol = derivation.derive("D")
    residual = sp.diff(path, t) + sol["decay"] * path - sol["decay"] * sol["E_ss"]
    at = {derivation.SYM[n]: v for n, v in BASE.items()}
    for tv, e0 in ((0.0, 20.0), (0.7, 20.0), (1.4, 120.0)):
        point = {**at, t: tv, sp.Symbol("E0", real=True): e0}
        assert abs(float(residual.xreplace(point))) < 1e-9
    assert float(path.xreplace({**at, t: 0.0, sp.Symbol("E0", real=True): 20.0})) == pytest.approx(20.0)


def test_displayed_goodwill_path_is_the_symbolic_one_at_these_parameters():
    """The page fills dsolve's general solution (solved when the code was generated) with this
    P's decay rate and steady state, to 5 significant digits: the path it shows agrees with the
    fully symbolic path (every parameter a symbol, then substituted) to that precision, at the
    baseline and at two overridden parameter sets, at several times and starting goodwills."""
    from ev_compendium import load_chapter
    from ev_compendium.ch004_game import display as show

    ch = load_chapter("ch004")
    t, e0 = sp.Symbol("t", real=True), sp.Symbol("E0", real=True)
    pattern = re.compile(r"\$E\^C\(t\) = (\S+) \+ \\left\(E_0 - (\S+)\\right\) e\^\{- (\S+) t\}\$$")
    for overrides in ({}, {"p": 0.9}, {"delta": 0.05, "eta": 0.31}):
        R = ch.results(ch.parameters(overrides))
        shown = show.centralised_derivation(R).data
        steady, steady_again, decay = pattern.search(shown).groups()
        assert steady == steady_again
        at = {derivation.SYM[n]: v for n, v in R.parameters.items()}
        symbolic = derivation.goodwill_trajectory_symbolic("C").xreplace(at)
        for tv, start in ((0.0, 20.0), (0.7, 20.0), (1.4, 120.0), (5.0, 0.0)):
            exact = float(symbolic.xreplace({t: tv, e0: start}))
            displayed = float(steady) + (start - float(steady)) * math.exp(-float(decay) * tv)
            assert displayed == pytest.approx(exact, rel=1e-4), (overrides, tv, start)


def test_goodwill_path_shows_signs_and_magnitudes_readably():
    from ev_compendium.ch004_game.display import goodwill_path_latex

    assert goodwill_path_latex(0.38561, 80.6301) == r"80.63 + \left(E_0 - 80.63\right) e^{- 0.38561 t}"
    assert goodwill_path_latex(0.5, -3.25) == r"-3.25 + \left(E_0 + 3.25\right) e^{- 0.5 t}"
    assert goodwill_path_latex(-0.5, 0.0) == r"0 + \left(E_0 - 0\right) e^{0.5 t}"
    assert goodwill_path_latex(1.5e-6, 123456.7) == (
        r"1.2346 \cdot 10^{5} + \left(E_0 - 1.2346 \cdot 10^{5}\right) e^{- 1.5 \cdot 10^{-6} t}")


def test_bilateral_contract_coordinates_and_splits_the_centralised_value():
    c, i = eq(BASE, "C"), eq(BASE, "I")
    assert i["u"] == pytest.approx(c["u"]) and i["g"] == pytest.approx(c["g"])
    assert i["m1"] + i["r1"] == pytest.approx(c["m1"])
    assert i["m2"] + i["r2"] == pytest.approx(c["m2"])


def test_printed_threshold_and_printed_gamma_are_consistent():
    # The printed Corollary 4 threshold is exactly the sign change of the printed gamma1.
    p_star = float(printed.threshold_price(BASE))
    assert p_star == pytest.approx(9.4)
    assert eq(BASE, "S_printed")["p_threshold"] == pytest.approx(p_star)
    assert eq({**BASE, "p": p_star}, "S_printed")["gamma"] == pytest.approx(0.0, abs=1e-9)
    assert float(numeric.gamma1({**BASE, "p": p_star}, "S_printed")) == pytest.approx(0.0, abs=1e-9)


def test_printed_threshold_is_infinite_without_recycled_material():
    assert float(printed.threshold_price({**BASE, "delta": 0.0})) == np.inf


# pi_c, pi_U >= 0.1 keeps the recycler's margin positive (Corollary 3's strict u^C > u^D)
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
    c, d, i = (eq(P, s) for s in ("C", "D", "I"))
    assert c["decay"] > 0
    assert c["u"] >= d["u"] - 1e-9          # Corollary 3: u^C >= u^D
    # g^C - g^D = [lambda delta (pi_b + p (Em-Er)) + v2 G1] / f: G1 >= 0 is sufficient for
    # Corollary 3's g^C > g^D; it FAILS where p Em > pi_m makes G1 sufficiently negative.
    if d["m1"] >= 0:
        assert c["g"] >= d["g"] - 1e-9
    assert np.isclose(i["u"], c["u"]) and np.isclose(i["g"], c["g"])   # Corollary 5
    assert c["m1"] == pytest.approx(d["m1"] + d["r1"])
    assert c["m2"] >= d["m2"] + d["r2"] - 1e-6 * abs(c["m2"])


@settings(max_examples=25, deadline=None)
@given(admissible)
def test_corollary_1i_abatement_rises_with_carbon_price(draw):
    P = _params(draw)
    # du/dp = 1/k - xi (alpha Em - delta theta (Em-Er)) / (k W) = (rho+eta)/(k W) > 0
    assert eq({**P, "p": P["p"] * 1.001}, "C")["u"] > eq(P, "C")["u"]


def test_corollary_4_gamma1_sign_fails_in_part_of_the_space():
    # With the correct derivation gamma1 becomes negative at high carbon prices: the printed
    # "p above a threshold" direction of Corollary 4 does not hold.
    assert eq({**BASE, "p": 6.0}, "S")["gamma"] > 0
    assert eq({**BASE, "p": 13.0}, "S")["gamma"] < 0


def test_corollary_1ii_goodwill_price_effect_switches_the_other_way_in_k():
    # dE^C/dp > 0 for cheap abatement (k -> 0: u reacts strongly to p), < 0 for dear abatement:
    # the opposite of Corollary 1(ii). Threshold by hand: xi f (rho+eta) / (v2 [phi (alpha Em -
    # theta delta s) - lambda delta s (rho+eta)]) = 0.04 / (0.4096 * 0.0736) = 1.327
    k_star = 0.04 / (0.4096 * 0.0736)
    assert eq({**BASE, "k": 0.99 * k_star}, "C")["dE_ss_dp"] > 0
    assert eq({**BASE, "k": 1.01 * k_star}, "C")["dE_ss_dp"] < 0


def test_grid_masks_inadmissible_points():
    grid = numeric.alpha_delta_grid(BASE, 20.0, 1.0, 1.0, 11)
    assert grid["u"]["C"].shape == (11, 11)
    # alpha = 1/11 is admissible only for delta < alpha Em / (theta (Em - Er)) = 0.758
    column = grid["u"]["C"][:, 0]
    expected = grid["delta"] < (1 / 11) * 0.5 / (0.3 * 0.2)
    assert np.array_equal(np.isfinite(column), expected)


@pytest.mark.parametrize("name, value, names", [
    ("Er", 0.6, "'Em', 'Er'"), ("Er", 0.5, "'Em', 'Er'"), ("alpha", 0.05, "'Em', 'Er', 'alpha', 'delta', 'theta'"),
])
def test_inadmissible_parameters_raise_naming_them(name, value, names):
    with pytest.raises(ParameterError, match=names):
        numeric.equilibrium({**BASE, name: value}, "C")


def test_unknown_scenario_and_negative_initial_goodwill():
    with pytest.raises(ValueError, match="scenario"):
        codegen.scenario_function("X")
    with pytest.raises(ValueError, match="scenario"):
        derivation.derive("X")
    with pytest.raises(ParameterError, match="'e0'"):
        ode_check.simulate_values(BASE, eq(BASE, "C"), -1.0)


def test_corollary_3_promotion_ordering_fails_when_carbon_price_is_high():
    # Region found by hypothesis: p Em > pi_m, pi_b = 0 -> G1 < 0 and g^C < g^D.
    P = {**BASE, "pi_m": 1.0, "pi_b": 0.0, "pi_c": 1.0, "pi_U": 1.0, "alpha": 2.0, "p": 6.0}
    c, d = eq(P, "C"), eq(P, "D")
    assert d["m1"] < 0 and c["g"] < d["g"]


def test_latex_uses_the_papers_notation_and_keeps_the_value():
    slope = derivation.derive_compact("C")[1][derivation.M1]
    shown = derivation.latex(slope)
    assert shown.startswith(r"\dfrac{") and "E_m" in shown and r"\pi_m" in shown
    assert "Em" not in shown.replace("E_m", "") and "pi_m" not in shown.replace(r"\pi_m", "")
    assert derivation.latex(derivation.derive_compact("C")[0]["u"]) == r"\dfrac{m_1 \xi + p}{k}"


def test_permits_identity_is_the_papers_assumption_4():
    # F = C - Em D + u + (Em - Er) delta Q, by hand at D = 10, Q = 3, u = 2
    assert model.remaining_permits(BASE, 10.0, 3.0, 2.0) == pytest.approx(50 - 5 + 2 + 0.2 * 0.6 * 3)


# --------------------------------------------------------------------------- mutation-testing additions
# Hand values at the baseline (pi_m 4, pi_c 3, pi_b 2.5, pi_U 2, k 0.4, f 0.2, phi 0.4, eta 0.3,
# delta 0.6, alpha 0.5, theta 0.3, lambda 0.2, rho 0.2, xi 0.4, C 50, p 6, Em 0.5, Er 0.3, D0 5):
# s = 0.2, v1 = 0.3 + 0.4 (0.25 - 0.036) = 0.3856, W = 0.5856, v2 = 0.4 + 0.6*0.4*0.2*0.2 = 0.4096,
# v3 = 0.6 (2.5 + 1.2) = 2.22, Delta = 0.6 (2.5 + 3 - 2 + 1.2) + 2 = 4.82, X = 1.8 + 0.8 = 2.6,
# psi = 0.5 (4 - 3) = 0.5, psi + theta v3 = 1.166.

AGREEING = ["u^C", "g^C", "A1", "E^C (steady state)", "u^D", "g^D", "G1", "B1", "u^S", "u^I", "g^I"]


def test_printed_formulas_by_hand_at_the_baseline():
    eqs = {s: numeric.equilibrium(BASE, s) for s in "CDSI"}
    table = printed.formula_comparison(BASE, eqs)
    assert list(table.index.names) == ["source", "quantity"]
    assert list(table.columns) == ["printed (evaluated)", "derived", "agrees"]
    agrees = dict(zip(table.index.get_level_values("quantity"), table["agrees"]))
    assert agrees == {q: q in AGREEING for q in agrees} and len(agrees) == 16
    value = dict(zip(table.index.get_level_values("quantity"), table["printed (evaluated)"]))
    # App. E: xi theta (pi_c + (1 - delta) pi_U) / (k W) = 0.12 * 3.8 / 0.23424
    assert value["u^C - u^D"] == pytest.approx(0.456 / 0.23424, abs=1e-6)
    # App. C restates u^D with Delta in place of v3: Prop. 1's u^C, p/k + xi (psi + theta Delta)/(k W)
    assert value["u^D (restated)"] == pytest.approx(15 + 0.4 * 1.946 / 0.23424, abs=1e-6)
    # Prop. 3 g^S: theta X v2/(2 f W) + lambda (delta (2 pi_b + 2 p s + pi_c - pi_U) + pi_U)/(2 f)
    #              + delta xi lambda s (psi + theta v3)/(f W)
    g_s = 0.3 * 2.6 * 0.4096 / 0.23424 + 0.2 * (0.6 * 8.4 + 2) / 0.4 + 0.0096 * 1.166 / 0.11712
    assert value["g^S"] == pytest.approx(g_s, abs=1e-6)
    # Prop. 3 gamma1^S with h1 = 1.166 / W: a = 2 lambda delta (pi_b + (p + xi h1) s), b = lambda X,
    # c = theta X v2 / W; gamma = (a - b - c) / (a + b + c)
    a = 0.24 * (2.5 + (6 + 0.4 * 1.166 / 0.5856) * 0.2)
    b, c = 0.52, 0.78 * 0.4096 / 0.5856
    assert value["gamma1^S"] == pytest.approx((a - b - c) / (a + b + c), abs=1e-6)
    # Prop. 4 eps^I = theta delta X / (pi_m alpha + theta (delta (pi_b + pi_c) + (1 - delta) pi_U))
    assert value["eps^I"] == pytest.approx(0.468 / (2 + 0.3 * 4.1), abs=1e-6)
    derived = dict(zip(table.index.get_level_values("quantity"), table["derived"]))
    assert derived["u^C - u^D"] == pytest.approx(float(eqs["C"]["u"] - eqs["D"]["u"]), abs=1e-6)
    assert derived["gamma1^S"] == pytest.approx(float(eqs["S"]["gamma"]), abs=1e-6)
    assert derived["eps^I"] == pytest.approx(float(eqs["I"]["eps"]), abs=1e-6)
    assert derived["B1"] == pytest.approx(float(eqs["D"]["r1"]), abs=1e-6)


def test_printed_formulas_that_agree_match_the_derivation_everywhere():
    # second method: the sympy derivation (numeric.equilibrium) at admissible points around the baseline
    from ev_compendium.ch004_game import statements

    sample = statements.admissible_sample(BASE, n=5, seed=7)
    for i in range(len(sample["delta"])):
        P = {name: float(values[i]) for name, values in sample.items()}
        eqs = {s: numeric.equilibrium(P, s) for s in "CDSI"}
        table = printed.formula_comparison(P, eqs)
        agrees = dict(zip(table.index.get_level_values("quantity"), table["agrees"]))
        assert [q for q in AGREEING if not agrees[q]] == [], P
        # the restated u^D is always Prop. 1's u^C; u^C - u^D of App. E is the printed formula
        f = printed.formulas(P)
        assert f[("App. C", "u^D (restated)")] == pytest.approx(f[("Prop. 1", "u^C")], rel=1e-12)


def test_printed_steady_goodwill_and_gamma2_by_hand():
    # Appendix F's printed E^S, term by term
    t1 = 0.2 * 0.4096 * (2 * 2.22 + 3 - 2) / (2 * 0.2 * 0.3856)
    t2 = 0.3 * 0.4096**2 * (3 + 0.4 * 2) / (2 * 0.2 * 0.5856)
    t3 = 0.4 * (50 - 0.5 * 5) / 0.3856
    t4 = (0.2 * 0.4**2 + 0.4 * 0.6 * 0.4 * 0.2 * 0.2 * 0.4096) * 1.166 / (0.4 * 0.2 * 0.3856 * 0.5856)
    assert printed.steady_goodwill_S(BASE) == pytest.approx(t1 + t2 + t3 + t4, rel=1e-12)
    # Proposition 4's printed gamma2^I = [lambda delta W (delta pi_b + p s) + v2 (psi + theta v3)]
    #                                   / [lambda Delta W + v2 (psi + theta Delta)]
    num = 0.2 * 0.6 * 0.5856 * (0.6 * 2.5 + 1.2) + 0.4096 * 1.166
    den = 0.2 * 4.82 * 0.5856 + 0.4096 * (0.5 + 0.3 * 4.82)
    assert printed.gamma2_bilateral(BASE) == pytest.approx(num / den, rel=1e-12)
    # eps^I with and without the factor alpha on pi_m
    assert printed.eps_bilateral(BASE) == pytest.approx(0.468 / (0.5 * 4 + 1.23), rel=1e-12)
    assert printed.eps_bilateral(BASE, alpha_factor=False) == pytest.approx(0.468 / (4 + 1.23), rel=1e-12)


def test_flows_by_hand():
    # E = 10, u = 1, g = 2: D = 5 + 0.5*10 = 10, Q = 0.3*10 + 0.2*2 = 3.4,
    # F = 50 - 0.5*10 + 1 + 0.2*0.6*3.4 = 46.408, dE/dt = 0.4 F + 0.4*2 - 0.3*10
    out = model.flows(BASE, 10.0, 1.0, 2.0)
    assert set(out) == {"E", "D", "Q", "F", "drift", "revenue_m", "revenue_u"}
    assert out["F"] == pytest.approx(46.408, rel=1e-12)
    assert out["drift"] == pytest.approx(0.4 * 46.408 + 0.8 - 3.0, rel=1e-12)
    assert out["revenue_m"] == pytest.approx(40 + 2.5 * 0.6 * 3.4 + 6 * 46.408, rel=1e-12)
    assert out["revenue_u"] == pytest.approx(3 * 0.6 * 3.4 + 2 * 0.4 * 3.4, rel=1e-12)


def test_gamma1_alone_equals_the_equilibrium_share():
    for P in (BASE, {**BASE, "delta": 0.3, "p": 2.0}):
        assert float(numeric.gamma1(P)) == pytest.approx(float(numeric.equilibrium(P, "S")["gamma"]), rel=1e-12)
        assert float(numeric.gamma1(P, "S_printed")) == pytest.approx(
            float(numeric.equilibrium(P, "S_printed")["gamma"]), rel=1e-12)


def test_paths_discount_profits_by_exp_minus_rho_t():
    e0, ts = 20.0, np.array([0.5, 2.0, 4.0])
    eq_s = numeric.equilibrium(BASE, "S")
    out = numeric.paths(BASE, eq_s, ts, e0)
    assert np.array_equal(out["t"], ts)
    goodwill = float(eq_s["E_ss"]) + (e0 - float(eq_s["E_ss"])) * np.exp(-float(eq_s["decay"]) * ts)
    v_m = float(eq_s["m1"]) * goodwill + float(eq_s["m2"])
    assert out["J_m"] == pytest.approx(np.exp(-0.2 * ts) * v_m, rel=1e-12)


def test_grid_points_equal_pointwise_equilibria():
    # second method: one scalar equilibrium per grid point, profits discounted at t = 2
    # alpha 0.05 ... 0.3: at alpha = 0.05 only delta < 0.05*0.5/(0.3*0.2) = 0.417 is admissible
    e0, t, n = 20.0, 2.0, 6
    grid = numeric.alpha_delta_grid(BASE, e0, t, 0.3, n)
    assert set(grid) >= {"alpha", "delta", "admissible", "u", "g", "E", "J", "J_m", "J_U"}
    assert grid["admissible"].shape == (n, n)
    for i, delta in enumerate(grid["delta"]):
        for j, alpha in enumerate(grid["alpha"]):
            P = {**BASE, "alpha": float(alpha), "delta": float(delta)}
            ok = bool(model.positivity(P))
            assert bool(grid["admissible"][i, j]) == ok
            for s in "CDSI":
                if not ok:
                    assert np.isnan(grid["u"][s][i, j]) and np.isnan(grid["J"][s][i, j])
                    continue
                e = numeric.equilibrium(P, s)
                goodwill = float(e["E_ss"]) + (e0 - float(e["E_ss"])) * np.exp(-float(e["decay"]) * t)
                vm = float(e["m1"]) * goodwill + float(e["m2"])
                vu = float(e["r1"]) * goodwill + float(e["r2"])
                disc = np.exp(-0.2 * t)
                assert grid["u"][s][i, j] == pytest.approx(float(e["u"]), rel=1e-10)
                assert grid["g"][s][i, j] == pytest.approx(float(e["g"]), rel=1e-10)
                assert grid["E"][s][i, j] == pytest.approx(goodwill, rel=1e-10)
                assert grid["J_m"][s][i, j] == pytest.approx(disc * vm, rel=1e-10)
                assert grid["J_U"][s][i, j] == pytest.approx(disc * vu, rel=1e-10)
                assert grid["J"][s][i, j] == pytest.approx(disc * (vm + vu), rel=1e-10)
    assert not grid["admissible"].all() and grid["admissible"].any()


def test_steady_state_goodwill_broadcasts_over_t_and_parameters():
    from ev_compendium.ch004_game import statements

    sample = statements.admissible_sample(BASE, n=3, seed=1)
    eq_c = numeric.equilibrium(sample, "C", sensitivities=False)
    at_inf = numeric.goodwill_path(eq_c, np.full((2, 1), np.inf), 20.0)
    assert at_inf.shape == (2, len(sample["delta"]))
    assert np.array_equal(at_inf, np.broadcast_to(eq_c["E_ss"], (2, len(sample["delta"]))))
    assert np.array_equal(numeric.goodwill_path(eq_c, np.inf, 20.0), eq_c["E_ss"])


def test_section6_profit_gains_from_discounted_paths():
    # second method: the discounted paths at t = 1.5 (the discount cancels in each ratio); the
    # centralised manufacturer and recycler profits are the bilateral contract's split, the
    # chain's total is the centralised one
    e0, t = 20.0, 1.5
    eqs = {s: numeric.equilibrium(BASE, s) for s in "CDSI"}
    gains = numeric.section6_values(BASE, eqs, e0, t)
    at = {s: numeric.paths(BASE, eqs[s], np.array([t]), e0) for s in "CDSI"}
    for key in ("J_m", "J_U"):
        assert gains[(key, "C_vs_D")] == pytest.approx(100 * (at["I"][key][0] / at["D"][key][0] - 1), rel=1e-9)
        assert gains[(key, "S_vs_D")] == pytest.approx(100 * (at["S"][key][0] / at["D"][key][0] - 1), rel=1e-9)
    assert gains[("J", "C_vs_D")] == pytest.approx(100 * (at["C"]["J"][0] / at["D"]["J"][0] - 1), rel=1e-9)


def test_admissibility_messages_in_full_and_the_boundaries():
    with pytest.raises(ParameterError) as err:
        numeric.check_admissible({**BASE, "Er": 0.6})
    assert str(err.value) == ("parameters 'Em', 'Er': need 0 < Em - Er (Assumption 4: remanufacturing with "
                              "recycled material saves emissions) (got Em = 0.5, Er = 0.6)")
    with pytest.raises(ParameterError, match="need 0 < Em - Er"):  # Em - Er = 0 is not a saving
        numeric.check_admissible({**BASE, "Er": 0.5})
    with pytest.raises(ParameterError) as err:
        numeric.check_admissible({**BASE, "alpha": 0.05})
    assert str(err.value) == (
        "parameters 'Em', 'Er', 'alpha', 'delta', 'theta': need Em - Er < alpha*Em/(delta*theta) "
        "(Assumption 4's positivity condition) (got Em = 0.5, Er = 0.3, alpha = 0.05, delta = 0.6, theta = 0.3)")
    # at equality delta theta (Em - Er) = alpha Em (1 * 0.5 * 0.25 = 0.25 * 0.5, exact in binary) the
    # condition is strict: not admissible
    edge = {**BASE, "delta": 1.0, "theta": 0.5, "Em": 0.5, "Er": 0.25, "alpha": 0.25}
    assert not bool(model.positivity(edge))
    assert bool(model.positivity({**edge, "alpha": 0.2500001}))


def test_equilibrium_broadcasts_every_output_to_the_parameters_shape():
    # only the intercepts and E_ss depend on the cap C: every other output is broadcast
    out = numeric.equilibrium({**BASE, "C": np.array([40.0, 50.0])}, "D")
    assert {key: np.shape(v) for key, v in out.items()} == {key: (2,) for key in out}
    assert float(out["u"][1]) == pytest.approx(float(numeric.equilibrium(BASE, "D")["u"]), rel=1e-12)


def test_formula_comparison_names_where_the_paper_prints_each_formula():
    eqs = {s: numeric.equilibrium(BASE, s) for s in "CDSI"}
    table = printed.formula_comparison(BASE, eqs)
    assert list(table.index) == [
        ("Prop. 1", "u^C"), ("Prop. 1", "g^C"), ("App. A", "A1"), ("App. A", "E^C (steady state)"),
        ("Prop. 2", "u^D"), ("App. C", "u^D (restated)"), ("Prop. 2", "g^D"), ("App. C", "G1"),
        ("App. C", "B1"), ("Prop. 3", "u^S"), ("Prop. 3", "g^S"), ("Prop. 3", "gamma1^S"),
        ("App. E", "u^C - u^D"), ("Prop. 4", "u^I"), ("Prop. 4", "g^I"), ("Prop. 4", "eps^I")]
    # both columns rounded to 6 decimals (hand value of App. E's u^C - u^D: 0.456 / 0.23424)
    assert table.loc[("App. E", "u^C - u^D"), "printed (evaluated)"] == round(0.456 / 0.23424, 6)
    assert table.loc[("App. E", "u^C - u^D"), "derived"] == round(float(eqs["C"]["u"] - eqs["D"]["u"]), 6)
