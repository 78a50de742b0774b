"""ch004 model: closed forms vs hand results, numeric integration, sympy; corollaries; bad inputs."""

from __future__ import annotations

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
    assert codegen.symbolic_facts() == {"gD_free_of_p": True, "uD_free_of_pi_c_pi_U": True, "slopes_shared": True}


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
    source, path = codegen.load_source([tmp_path])
    assert path == tmp_path / f"ch004_equilibria_{codegen.source_hash()}.py"
    assert path.read_text(encoding="utf-8") == source
    monkeypatch.setattr(codegen, "generate_source", lambda: pytest.fail("regenerated despite the cache"))
    again, same = codegen.load_source([tmp_path])
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
