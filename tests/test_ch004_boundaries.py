"""ch004 at its boundaries: inputs built so that a comparison meets its bound exactly (a joint
constraint at equality, a step of exactly 1e-12, a cost share of exactly 0, equal spreads),
sign patterns of the delta scan chosen by hand, tie order of the typo scan, the agreement
tolerance of the printed formulas and the accuracy the ODE check asks its solver for."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from ev_compendium import load_chapter
from ev_compendium.ch004_game import model, numeric, ode_check, printed, readings, statements
from ev_compendium.ch004_game.model import PARAMETER_NAMES
from ev_compendium.ch004_game.numeric import SECTION6_KEYS
from ev_compendium.params import load_parameters
from ev_compendium.validate import ParameterError


def _base() -> dict[str, float]:
    return model.model_parameters(load_parameters("ch004", {}))


# --- joint constraints at equality: each `<` refuses its boundary -------------------------------------
# Em = 0.5, Er = 0.25, theta = 1: Em - Er = 0.25, and every product below is exact in binary.

@pytest.mark.parametrize("overrides, message", [
    # delta theta (Em - Er) = 1 * 1 * 0.25 = alpha Em = 0.5 * 0.5 (0.9 * 0.25 and 0.95 * 0.25 are below)
    ({"Em": 0.5, "Er": 0.25, "theta": 1.0, "delta": 1.0, "alpha": 0.5},
     "parameters 'Em', 'Er', 'alpha', 'delta', 'theta': need Em - Er < alpha*Em/(delta*theta) (Assumption 4's "
     "positivity condition) (got Em = 0.5, Er = 0.25, alpha = 0.5, delta = 1, theta = 1)"),
    # 0.9 * 1 * 0.25 = float(0.9) / 4 = alpha Em = 0.45 * 0.5 (float(0.45) = float(0.9) / 2)
    ({"Em": 0.5, "Er": 0.25, "theta": 1.0, "delta": 0.5, "alpha": 0.45},
     "parameters 'Em', 'Er', 'alpha', 'theta': need Em - Er < alpha*Em/(0.9*theta): Table 2 evaluates the "
     "bilateral contract up to delta = 0.9, where the positivity condition must still hold (got Em = 0.5, "
     "Er = 0.25, alpha = 0.45, theta = 1)"),
    # 0.95 * 1 * 0.25 = float(0.95) / 4 = alpha_max Em = 0.475 * 0.5
    ({"Em": 0.5, "Er": 0.25, "theta": 1.0, "delta": 0.5, "alpha": 0.46, "alpha_max": 0.475},
     "parameters 'alpha_max', 'Em', 'Er', 'theta': need alpha_max > 0.95*theta*(Em - Er)/Em, so that every row "
     "of the alpha x delta grid of Figures 6-7 has admissible points (got alpha_max = 0.475, Em = 0.5, "
     "Er = 0.25, theta = 1)"),
])
def test_joint_constraints_refuse_their_boundary(overrides: dict, message: str) -> None:
    assert 0.9 * 1.0 * 0.25 == 0.45 * 0.5 and 0.95 * 1.0 * 0.25 == 0.475 * 0.5   # equality really holds
    with pytest.raises(ParameterError) as err:
        load_chapter("ch004").parameters(overrides)
    assert str(err.value) == message


def test_joint_constraints_accept_just_inside_each_boundary() -> None:
    ch = load_chapter("ch004")
    for overrides in ({"Em": 0.5, "Er": 0.25, "theta": 1.0, "delta": 1.0, "alpha": 0.5 + 1e-12},
                      {"Em": 0.5, "Er": 0.25, "theta": 1.0, "delta": 0.5, "alpha": 0.45 + 1e-12},
                      {"Em": 0.5, "Er": 0.25, "theta": 1.0, "delta": 0.5, "alpha": 0.46, "alpha_max": 0.475 + 1e-12}):
        assert ch.parameters(overrides)["alpha"] == overrides["alpha"]


# --- Corollary 1(iii): the scan of dg^C/dalpha over delta (the derivative stubbed by hand) ----------------
# The scan looks at 11 deltas, top * (0, 0.1, ..., 0.9, 1 - 1e-9), top = min(1, alpha Em / (theta (Em - Er))):
# the admissible deltas (Assumption 4's positivity condition and delta <= 1), the last point just inside.

#: alpha Em / (theta (Em - Er)) = 0.125 / 0.25 = 0.5 exactly: admissible delta in [0, 0.5)
HALF = {"Em": 0.5, "Er": 0.25, "theta": 1.0, "alpha": 0.25}


def _scan_with(monkeypatch, slope_of_delta, changes=None) -> bool:
    seen = []

    def fake_equilibrium(mp, scenario, check=True, sensitivities=True):
        assert scenario == "C" and check is False
        seen.append(np.asarray(mp["delta"], dtype=float))
        return {"dg_dalpha": slope_of_delta(np.asarray(mp["delta"], dtype=float))}

    P = {**_base(), **(changes or {})}
    monkeypatch.setattr(statements.numeric, "equilibrium", fake_equilibrium)
    out = bool(statements._switches_down_in_delta(P))
    assert len(seen) == 1
    return out


def _step(at: float, before: float = -1.0, after: float = 1.0):
    return lambda d: np.where(d >= at, after, before)


@pytest.mark.parametrize("changes, at", [
    (None, 1.0),          # top = 1 (alpha Em / (theta s) = 4.17): delta = 1 and above are not scanned
    (HALF, 0.5),          # top = 0.5: the positivity boundary itself is not admissible
])
def test_a_switch_at_or_beyond_the_admissible_end_is_not_seen(monkeypatch, changes, at) -> None:
    assert _scan_with(monkeypatch, _step(at), changes) is True


@pytest.mark.parametrize("changes, at", [(None, 0.95), (HALF, 0.4), (HALF, 0.05)])
def test_a_switch_inside_the_admissible_range_is_seen(monkeypatch, changes, at) -> None:
    # HALF at 0.4: inside [0, 0.5), though beyond alpha Em theta s = 0.03125 or alpha Em / (theta (Em + Er)) = 1/6
    assert _scan_with(monkeypatch, _step(at), changes) is False


@pytest.mark.parametrize("after", [0.0, 0.5])
def test_a_switch_to_zero_or_a_small_positive_slope_counts(monkeypatch, after) -> None:
    # "dg^C/dalpha >= 0 below a threshold": negative, then exactly 0 (or 0.5) is a switch to non-negative
    assert _scan_with(monkeypatch, _step(0.45, after=after)) is False
    assert _scan_with(monkeypatch, _step(0.45, before=after, after=-1.0)) is True      # the printed direction


def test_a_switch_anywhere_along_the_scan_counts(monkeypatch) -> None:
    # non-negative, negative on (0.2, 0.6), non-negative again: the second change is the one that breaks it
    assert _scan_with(monkeypatch, lambda d: np.where((d > 0.2) & (d < 0.6), -1.0, 1.0)) is False
    assert _scan_with(monkeypatch, lambda d: np.where(d > 0.2, -1.0, 1.0)) is True


def test_the_scan_resolves_a_window_around_its_middle_point(monkeypatch) -> None:
    # top = 1: a non-negative window [0.495, 0.505] holds the scan point 0.5 (1 - 1e-9), so the
    # change from negative to non-negative there is seen
    assert _scan_with(monkeypatch, lambda d: np.where(np.abs(d - 0.5) <= 0.005, 1.0, -1.0)) is False


# --- Figure 3: monotone within 1e-12 ---------------------------------------------------------------------

@pytest.mark.parametrize("values, target", [
    ([0.0, -1e-12, 1.0], 2.0),    # rising, with one step of exactly -1e-12 (0.0 - 1e-12 is exact)
    ([0.0, 1e-12, -1.0], -2.0),   # falling, with one step of exactly +1e-12
])
def test_monotone_allows_a_step_of_exactly_1e12_against_the_trend(values, target) -> None:
    assert np.diff(values)[0] == (-1e-12 if target > 0 else 1e-12)
    assert statements._is_monotone_to(np.array(values), target) is True


# --- Section 7 (ii): cooperation stringency on hand-made cost shares (gamma1 stubbed) -------------------

def _fake_gamma1(mp, scenario="S"):
    """gamma1 by hand: on the 4-point sample a sign pattern per scenario and price; at a scalar
    parameter set 10 (S) or 20 (S_printed) plus the carbon price."""
    p = np.asarray(mp["p"], dtype=float)
    if p.ndim == 0:
        return np.asarray({"S": 10.0, "S_printed": 20.0}[scenario] + float(p))
    patterns = {("S", True): [1.0, 0.0, -1.0, 1.0], ("S", False): [1.0, 0.0, 1.0, -1.0],
                ("S_printed", True): [1.0, 1.0, 1.0, -1.0], ("S_printed", False): [-1.0, -1.0, 0.0, 1.0]}
    return np.array(patterns[(scenario, bool(np.all(p > 0)))])


def test_cooperation_stringency_counts_gamma1_strictly_and_per_scenario(monkeypatch) -> None:
    monkeypatch.setattr(statements.numeric, "gamma1", _fake_gamma1)
    mp = {"p": 6.0}
    sample = {"p": np.array([1.0, 2.0, 3.0, 4.0])}
    out = statements.cooperation_stringency(mp, sample)
    assert out == {
        # S: 2 of 4 positive with the price (a 0 is not > 0), 2 of 4 without: equal shares are not "more stringent"
        "share with trading (derived)": 0.5, "share without trading (derived)": 0.5,
        "gamma1 at P (derived)": 16.0, "gamma1 at P, p = 0 (derived)": 10.0, "more stringent (derived)": False,
        # S as printed: 3 of 4 with the price, 1 of 4 without (again a 0 does not count)
        "share with trading (printed)": 0.75, "share without trading (printed)": 0.25,
        "gamma1 at P (printed)": 26.0, "gamma1 at P, p = 0 (printed)": 20.0, "more stringent (printed)": False}


# --- Figures 6-7 on hand-made grids ([delta, alpha]) ---------------------------------------------------------

def _flat_grid(n_alpha: int, e: dict[str, np.ndarray] | None = None, **keys) -> dict:
    zeros = {s: np.zeros((2, n_alpha)) for s in ("C", "S", "D", "I")}
    grid = {"alpha": np.linspace(0.1, 1.0, n_alpha),
            **{key: dict(zeros) for key in ("u", "g", "E", "J", "J_m", "J_U")}}
    if e is not None:
        grid["E"] = {**zeros, **e}
    grid.update(keys)
    return grid


def test_the_goodwill_gaps_must_each_rise_with_delta() -> None:
    # g^C - g^S = 4 -> 2 falls with delta (though g^C + g^S = 6 -> 10 rises); g^S - g^D = 1 -> 3 rises
    g = {"C": np.array([[5.0] * 4, [6.0] * 4]), "S": np.array([[1.0] * 4, [4.0] * 4]),
         "D": np.array([[0.0] * 4, [1.0] * 4])}
    assert statements.grid_statements(_flat_grid(4, g=g))["g_gaps_rise_with_delta"] is False


def test_rises_and_falls_allow_a_step_of_exactly_1e12() -> None:
    # 4 alphas: small and large alpha are one column each; E falls by exactly 1e-12 along delta in the
    # first column and rises by exactly 1e-12 in the last
    col = np.array([[1e-12, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1e-12]])
    assert np.diff(col, axis=0)[0, 0] == -1e-12 and np.diff(col, axis=0)[0, 3] == 1e-12
    out = statements.grid_statements(_flat_grid(4, {s: col for s in ("C", "S", "D")}))
    assert out["E_rises_with_delta_small_alpha"] is True and out["E_falls_with_delta_large_alpha"] is True


def test_equal_goodwill_spreads_are_not_larger_or_smoother() -> None:
    delta = np.array([[0.0] * 4, [1.0] * 4])
    # spread over delta in the first alpha column: C 3, S 1, D 3 (D not above C)
    out = statements.grid_statements(_flat_grid(4, {"C": 3 * delta, "S": 1 * delta, "D": 3 * delta}))
    assert out["E_change_largest_under_D"] is False and out["E_change_under_S_smoother_than_D"] is True
    # C 1, S 3, D 3: S not below D, D not above S
    out = statements.grid_statements(_flat_grid(4, {"C": 1 * delta, "S": 3 * delta, "D": 3 * delta}))
    assert out["E_change_under_S_smoother_than_D"] is False and out["E_change_largest_under_D"] is False


def test_share_of_the_larger_chain_gap_by_hand() -> None:
    rise = np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 3.0, 4.0, 5.0]])
    # J^C - J^S = 0.5 rise is below J^S - J^D = rise everywhere: share 0
    out = statements.grid_statements(_flat_grid(4, J={"C": 2.5 * rise, "S": 2.0 * rise, "D": rise}))
    assert out["shares"]["J^C - J^S > J^S - J^D"] == 0.0
    assert out["J_gap_C_S_exceeds_gap_S_D"] is False


def test_small_and_large_alpha_are_a_quarter_of_the_axis() -> None:
    # 8 alphas: the lowest and highest quarter are two columns each. E rises with delta in column 0
    # but falls in column 1; falls in column 7 but rises in column 6
    e = np.array([[0.0, 2.0, 1.0, 1.0, 1.0, 1.0, 0.0, 2.0],
                  [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]])
    out = statements.grid_statements(_flat_grid(8, {s: e for s in ("C", "S", "D")}))
    assert out["E_rises_with_delta_small_alpha"] is False and out["E_falls_with_delta_large_alpha"] is False
    # spread over delta averaged over the two small-alpha columns: (1 + 1) / 2
    assert out["goodwill_spread_over_delta"] == {"C": 1.0, "S": 1.0, "D": 1.0}


# --- the seeded admissible sample --------------------------------------------------------------------------

def test_admissible_sample_is_the_documented_recipe() -> None:
    """Seeded: 2n draws per parameter in PARAMETER_NAMES order (delta uniform on [0, 1], every other
    parameter times exp(U(-ln 2, ln 2))), the first n admissible ones kept (re-drawn here by hand)."""
    base = _base()
    n, seed = 50, 11
    rng = np.random.default_rng(seed)
    drawn = {}
    for name in PARAMETER_NAMES:
        if name == "delta":
            drawn[name] = rng.uniform(0.0, 1.0, 2 * n)
        else:
            drawn[name] = base[name] * np.exp(rng.uniform(-math.log(2.0), math.log(2.0), 2 * n))
    s = drawn["Em"] - drawn["Er"]
    ok = (s > 0) & (drawn["delta"] * drawn["theta"] * s < drawn["alpha"] * drawn["Em"])
    keep = np.flatnonzero(ok)[:n]
    sample = statements.admissible_sample(base, n=n, seed=seed)
    assert set(sample) == set(PARAMETER_NAMES)
    for name in PARAMETER_NAMES:
        assert np.array_equal(sample[name], drawn[name][keep]), name


# --- the typo scan: ties keep the order the variants are generated in ------------------------------------

def test_typo_scan_keeps_tied_variants_in_generation_order() -> None:
    base = _base()
    eqs = {s: numeric.equilibrium(base, s) for s in ("C", "D", "S", "I")}
    key = ("E", "C_vs_D")
    printed_gain = float(numeric.section6_values(base, eqs, 20.0, 1.0)[key])
    # only the goodwill gain can be reproduced, within 3 points of the baseline's: many variants do, many not
    published = {**{k: 1e6 for k in SECTION6_KEYS}, key: printed_gain}
    tolerances = {**{k: 1.0 for k in SECTION6_KEYS}, key: 3.0}
    scan = readings.typo_scan(base, published, tolerances)
    counts = dict(zip(scan["variant"], scan["printed numbers reproduced"]))
    assert set(counts.values()) == {0, 1}
    generated = [lab for lab in _generated_labels(base) if lab in counts]
    assert len(generated) == len(scan)
    ones = [lab for lab in generated if counts[lab] == 1]
    zeros = [lab for lab in generated if counts[lab] == 0]
    assert len(ones) > 20 and len(zeros) > 20
    assert scan["variant"].tolist() == ones + zeros


def _generated_labels(mp) -> list[str]:
    """The typo scan's variants in the order its docstring lists them: swaps, then factors."""
    labels = []
    for i, a in enumerate(PARAMETER_NAMES):
        for b in PARAMETER_NAMES[i + 1:]:
            if mp[a] != mp[b]:
                labels.append(f"swap {a} <-> {b}")
    for name in PARAMETER_NAMES:
        for fac in (0.1, 0.5, 2.0, 10.0):
            if mp[name] != 0:
                labels.append(f"{name} x {fac:g}")
    return labels


# --- the printed formulas' agreement tolerance: rtol 1e-9, atol 1e-12 -------------------------------------

@pytest.mark.parametrize("shift", [
    lambda u: u * 1e-7,                 # 1e-7 relative: within numpy's default rtol (1e-5), not within 1e-9
    lambda u: 1e-9 * abs(u) + 5e-9,     # 5e-9 beyond 1e-9 relative: within the default atol (1e-8), not 1e-12
])
def test_formula_comparison_agrees_only_within_rtol_1e9_atol_1e12(shift) -> None:
    base = _base()
    eqs = {s: {q: float(v) for q, v in numeric.equilibrium(base, s).items()} for s in "CDSI"}
    before = printed.formula_comparison(base, eqs)
    assert bool(before.loc[("Prop. 1", "u^C"), "agrees"]) is True
    eqs["C"]["u"] = eqs["C"]["u"] + shift(eqs["C"]["u"])
    after = printed.formula_comparison(base, eqs)
    assert bool(after.loc[("Prop. 1", "u^C"), "agrees"]) is False
    # a value within the tolerance still agrees: A1, untouched
    assert bool(after.loc[("App. A", "A1"), "agrees"]) is True


# --- the ODE check: the requested accuracy, and a failed integration --------------------------------------

@pytest.mark.parametrize("scenario", ["C", "D", "S", "I"])
def test_simulate_values_meets_the_closed_forms_within_the_requested_tolerances(scenario) -> None:
    # the closed forms V = s E0 + c (Propositions 1-4) against the integration, which asks for rtol 1e-11
    # and atol 1e-9: V_m within 1e-11 relative, V_U within 1e-9 absolute, E at the horizon within 1e-9
    base = _base()
    e = {k: float(v) for k, v in numeric.equilibrium(base, scenario).items()}
    for e0 in (0.0, 20.0, 150.0):
        sim = ode_check.simulate_values(base, e, e0, centralised=scenario == "C")
        assert sim["V_m"] == pytest.approx(e["m1"] * e0 + e["m2"], rel=1e-11, abs=0), (scenario, e0)
        assert sim["V_U"] == pytest.approx(0.0 if scenario == "C" else e["r1"] * e0 + e["r2"], rel=0, abs=1e-9)
        assert sim["E_end"] == pytest.approx(e["E_ss"], rel=1e-9, abs=0)


def test_simulate_values_reports_a_failed_integration(monkeypatch) -> None:
    def failing(*args, **kwargs):
        return SimpleNamespace(success=False, message="Required step size is less than spacing between numbers.")

    monkeypatch.setattr(ode_check, "solve_ivp", failing)
    with pytest.raises(RuntimeError) as err:
        ode_check.simulate_values(_base(), {"u": 1.0, "g": 1.0}, 20.0)
    assert str(err.value) == "ODE integration failed: Required step size is less than spacing between numbers."
