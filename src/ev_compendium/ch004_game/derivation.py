"""The four differential games of Zhao, Li & Bao (2025), Section 5, derived with sympy.

The published text lost its operators in extraction, so nothing here is transcribed: every
closed form is obtained from the Hamilton-Jacobi-Bellman (HJB) equations (Appendices A, C,
F, H) with linear value functions ``V(E) = s E + c``, using the identities of
:mod:`.model` (Section 3). Scenarios:

``C``  centralised (Proposition 1, Appendix A);
``D``  decentralised Stackelberg game, the manufacturer leads (Proposition 2, Appendix C);
``S``  unilateral cost sharing: the manufacturer pays a share ``gamma1`` of the promotion
       cost (Proposition 3, Appendix F);
``I``  bilateral cost sharing: shares ``gamma2`` of the promotion cost and ``eps`` of the
       abatement cost, set so that the efforts equal the centralised ones (Proposition 4);
``S_printed``  S with the manufacturer's choice of ``gamma1`` as printed in Proposition 3,
       whose marginal value of promotion omits the goodwill term ``phi H1``.

Importing this module imports sympy; the numerics (:mod:`.numeric`) only need it when
their generated code is not cached yet (:mod:`.codegen`).
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from . import model
from .model import PARAMETER_NAMES

SYM = {name: sp.Symbol(name, positive=True) for name in PARAMETER_NAMES}
(pi_m, pi_c, pi_b, pi_U, k, f, phi, eta, delta, alpha, theta, lam, rho, xi, C, p, Em, Er,
 D0) = (SYM[n] for n in PARAMETER_NAMES)
E, u, g, gam, eps = sp.symbols("E u g gamma epsilon", real=True)

SCENARIOS = ("C", "D", "S", "I", "S_printed")
SCENARIO_LABELS = {
    "C": "centralised (C)", "D": "decentralised (D)", "S": "unilateral cost sharing (S)",
    "I": "bilateral cost sharing (I)", "S_printed": "S as printed (gamma1 without phi*H1)",
}

#: Symbols standing for value-function slopes while deriving (kept unexpanded).
M1, M2, R1, R2, A1C = sp.symbols("m1 m2 r1 r2 a1_C", real=True)

# Shorthands used by the paper (Proposition 1 and Appendix F).
DELTA_P = delta * (pi_b + pi_c - pi_U + p * (Em - Er)) + pi_U     # paper's Delta
V1 = eta + xi * (alpha * Em - delta * theta * (Em - Er))            # paper's upsilon_1
V2 = phi + delta * xi * lam * (Em - Er)                              # paper's upsilon_2
W = rho + V1                                                         # rho + upsilon_1

#: LaTeX names of the symbols whose Python names are not the paper's notation.
_LATEX_NAMES = {Em: "E_m", Er: "E_r", pi_m: r"\pi_m", pi_c: r"\pi_c", pi_b: r"\pi_b",
                pi_U: r"\pi_U", lam: r"\lambda", D0: "D_0", M1: "m_1", R1: "r_1", A1C: "A_1"}


def latex(expr: sp.Expr, collect: tuple = ()) -> str:
    """LaTeX of ``expr`` in the paper's notation (E_m, pi_m, lambda, m_1 ...).

    A fraction is shown as numerator over denominator, each collected in the symbols
    ``collect`` (default: the slopes m_1, r_1, then alpha and theta) with factored
    coefficients, the denominator collected in xi, so it reads like the paper's forms.
    """
    def tidy(part):
        return sp.collect(sp.expand(part), list(collect) or [M1, R1, alpha, theta], func=sp.factor)

    expr = sp.sympify(expr)
    num, den = sp.fraction(sp.factor(expr))
    if den == 1:
        return sp.latex(tidy(num), symbol_names=_LATEX_NAMES)
    den = sp.collect(sp.expand(den), [xi])
    return (r"\dfrac{" + sp.latex(tidy(num), symbol_names=_LATEX_NAMES) + "}{"
            + sp.latex(den, symbol_names=_LATEX_NAMES) + "}")


def _flows():
    """Goodwill drift and both revenues (Section 3), from the one set of identities."""
    out = model.flows(SYM, E, u, g)
    return out["drift"], out["revenue_m"], out["revenue_u"]


def _match(rhs: sp.Expr, slope: sp.Symbol, intercept: sp.Symbol) -> tuple[sp.Eq, sp.Eq]:
    """rho (s E + c) = rhs(E) matched in E: (E-coefficient equation, constant equation)."""
    # rhs is affine in E (controls are constant under linear value functions)
    return sp.Eq(rho * slope, sp.diff(rhs, E)), sp.Eq(rho * intercept, rhs.subs(E, 0))


def _solve_linear(equation, x: sp.Symbol) -> sp.Expr:
    """Root of an equation linear in x after clearing denominators (no sp.solve)."""
    expr = equation.lhs - equation.rhs if isinstance(equation, sp.Equality) else equation
    numer = sp.expand(sp.numer(sp.together(expr)))
    if sp.degree(numer, x) != 1:
        raise ValueError(f"expected an equation linear in {x}, got degree {sp.degree(numer, x)}")
    return -numer.coeff(x, 0) / numer.coeff(x, 1)


@lru_cache(maxsize=None)
def derive_compact(scenario: str) -> tuple[dict[str, sp.Expr], dict[sp.Symbol, sp.Expr]]:
    """Solve the HJB system of one scenario, keeping the value slopes as symbols.

    Returns ``(results, slopes)``: ``results`` holds ``u``, ``g``, ``gamma``, ``eps``,
    ``m1, m2`` (manufacturer's value slope / intercept; the system's for C), ``r1, r2``
    (recycler's), ``decay`` and ``E_ss`` (and ``a``, ``b`` for S: the leader's and the
    follower's marginal value of promotion), in the parameters and the symbols ``m1``,
    ``r1`` (and ``a1_C``, the centralised slope, for I); ``slopes`` maps those symbols to
    their closed forms.

    Steps (Appendices A, C, F, H): first-order conditions of each firm's HJB right-hand
    side; the follower's (recycler's) best response enters the leader's problem; matching
    the E-coefficients gives the slopes (they do not involve the controls), matching the
    constants gives the intercepts.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS}, got {scenario!r}")
    drift, rev_m, rev_u = _flows()
    out: dict[str, sp.Expr] = {"gamma": sp.Integer(0), "eps": sp.Integer(0)}

    if scenario == "C":
        ham = rev_m + rev_u - k * u**2 / 2 - f * g**2 / 2 + M1 * drift
        u_star = _solve_linear(sp.diff(ham, u), u)
        g_star = _solve_linear(sp.diff(ham, g), g)
        eq1, eq2 = _match(ham.subs({u: u_star, g: g_star}), M1, M2)
        slopes = {M1: sp.factor(_solve_linear(eq1, M1)), R1: sp.Integer(0)}
        out.update(m2=eq2.rhs / rho, r2=sp.Integer(0))
    else:
        share = sp.Integer(0) if scenario == "D" else gam
        g_resp = _solve_linear(sp.diff(rev_u - (1 - share) * f * g**2 / 2 + R1 * drift, g), g)
        u_star = _solve_linear(sp.diff(rev_m - k * u**2 / 2 + M1 * drift, u), u)
        eq_m1, _ = _match(rev_m + M1 * drift, M1, M2)
        eq_r1, _ = _match(rev_u + R1 * drift, R1, R2)
        slopes = {M1: sp.factor(_solve_linear(eq_m1, M1)), R1: sp.factor(_solve_linear(eq_r1, R1))}
        if scenario in ("S", "S_printed"):
            # The leader picks gamma anticipating g(gamma): max a g(gamma) - gamma f g(gamma)^2/2.
            a_value = sp.diff(rev_m + M1 * drift, g)
            if scenario == "S_printed":
                a_value = sp.expand(a_value - phi * M1)   # Proposition 3 as printed omits phi*H1
            objective = a_value * g_resp - gam * f * g_resp**2 / 2
            out["gamma"] = _solve_linear(sp.diff(objective, gam), gam)
            out["a"] = a_value
            out["b"] = sp.cancel(f * g_resp * (1 - gam))
        elif scenario == "I":
            # The recycler bears eps of the abatement cost: (1 - eps) k u = p + xi m1;
            # eps and gamma2 are set so that u and g equal the centralised efforts (Prop. 4).
            u_c = (p + xi * A1C) / k
            g_c = (lam * DELTA_P + V2 * A1C) / f
            out["eps"] = _solve_linear(sp.Eq(u_star / (1 - eps), u_c), eps)
            out["gamma"] = _solve_linear(sp.Eq(g_resp, g_c), gam)
            u_star = u_star / (1 - out["eps"])
            slopes[A1C] = derive_compact("C")[1][M1]
        g_star = g_resp.subs(gam, out["gamma"])
        cost_m = (1 - out["eps"]) * k * u**2 / 2 + out["gamma"] * f * g**2 / 2
        cost_u = out["eps"] * k * u**2 / 2 + (1 - out["gamma"]) * f * g**2 / 2
        at = {u: u_star, g: g_star}
        _, eq_m2 = _match((rev_m + M1 * drift).subs(at) - cost_m.subs(at), M1, M2)
        _, eq_r2 = _match((rev_u + R1 * drift).subs(at) - cost_u.subs(at), R1, R2)
        out.update(m2=eq_m2.rhs / rho, r2=eq_r2.rhs / rho)
    drift_eq = drift.subs({u: u_star, g: g_star})
    decay = sp.expand(-sp.diff(drift_eq, E))
    out.update(u=u_star, g=g_star, m1=M1, r1=R1, decay=decay, E_ss=drift_eq.subs(E, 0) / decay)
    return out, slopes


def substitute_slopes(expr: sp.Expr, scenario: str) -> sp.Expr:
    """``expr`` (in the parameters and the slope symbols of ``scenario``) in the parameters only."""
    slopes = derive_compact(scenario)[1]
    return sp.sympify(expr).xreplace({A1C: slopes.get(A1C, A1C)}).xreplace(
        {M1: slopes[M1], R1: slopes[R1]})


@lru_cache(maxsize=None)
def derive(scenario: str) -> dict[str, sp.Expr]:
    """Closed forms of one scenario in the model parameters only (see :func:`derive_compact`).

    Keys: ``u``, ``g`` (efforts), ``gamma``, ``eps`` (cost-sharing ratios, 0 where absent),
    ``m1, m2, r1, r2`` (value slopes and intercepts: A1, A2 for C; G1, G2, B1, B2 for D;
    H1, H2, N1, N2 for S; Z1, Z2, Y1, Y2 for I), ``decay`` and ``E_ss``.
    """
    compact, _ = derive_compact(scenario)
    return {key: substitute_slopes(val, scenario) for key, val in compact.items()}


def goodwill_trajectory_general() -> tuple[sp.Expr, sp.Symbol, sp.Symbol]:
    """E(t) solving dE/dt = -kappa E + kappa E_bar, E(0) = E0, with sympy's ``dsolve``;
    returns ``(E(t), kappa, E_bar)`` (the decay rate and the steady state still symbols)."""
    t, e0 = sp.symbols("t E0", real=True)
    kappa, e_bar = sp.symbols("kappa E_bar", positive=True)
    fn = sp.Function("E")
    ode = sp.Eq(fn(t).diff(t), -kappa * fn(t) + kappa * e_bar)
    return sp.dsolve(ode, fn(t), ics={fn(0): e0}).rhs, kappa, e_bar


def goodwill_path_relaxes() -> bool:
    """Whether ``dsolve``'s general solution is E_bar + (E0 - E_bar) exp(-kappa t): the form the
    chapter page fills in with a scenario's decay rate and steady state."""
    general, kappa, e_bar = goodwill_trajectory_general()
    t, e0 = sp.symbols("t E0", real=True)
    return bool(sp.simplify(general - (e_bar + (e0 - e_bar) * sp.exp(-kappa * t))) == 0)


def goodwill_trajectory_symbolic(scenario: str) -> sp.Expr:
    """E(t) = E_ss + (E0 - E_ss) exp(-decay t) (Equations (10), (16), (25), (35)).

    Obtained with sympy's ``dsolve`` on dE/dt = -decay E + decay E_ss, E(0) = E0.
    """
    general, kappa, e_bar = goodwill_trajectory_general()
    sol = derive(scenario)
    return general.xreplace({kappa: sol["decay"], e_bar: sol["E_ss"]})


def displayed_latex() -> dict[str, str]:
    """The parameter-free closed forms the chapter page shows, as LaTeX (:func:`latex`):
    Proposition 1's slope ``A1_C`` and efforts ``u_C``, ``g_C``; the slopes shared by D, S
    and I (``G1``, ``B1``); the leader's marginal value of promotion in S, derived (``a_S``)
    and as the printed Proposition 3 implies (``a_S_printed``), collected in m_1 and delta;
    ``E_general``, ``dsolve``'s general goodwill path (decay rate kappa, steady state E_bar)."""
    compact_c, slopes_c = derive_compact("C")
    general, kappa, e_bar = goodwill_trajectory_general()
    e0 = sp.Symbol("E0", real=True)
    slopes_d = derive_compact("D")[1]
    by_m1 = (M1, delta)
    return {
        "A1_C": latex(slopes_c[M1]), "u_C": latex(compact_c["u"]), "g_C": latex(compact_c["g"]),
        "G1": latex(slopes_d[M1]), "B1": latex(slopes_d[R1]),
        "a_S": latex(derive_compact("S")[0]["a"], collect=by_m1),
        "a_S_printed": latex(derive_compact("S_printed")[0]["a"], collect=by_m1),
        "E_general": sp.latex(general, symbol_names={kappa: r"\kappa", e_bar: r"\bar{E}", e0: "E_0"}),
    }


def _gamma_numerator(scenario: str) -> sp.Expr:
    """(2a - b) W, polynomial in p: a, b are the leader's and follower's marginal values of g."""
    if scenario not in ("S", "S_printed"):
        raise ValueError(f"scenario must be 'S' or 'S_printed', got {scenario!r}")
    sol = derive(scenario)
    return sp.expand(sp.cancel((2 * sol["a"] - sol["b"]) * W))  # W clears the slope denominators


def cooperation_threshold_price(scenario: str = "S") -> sp.Expr:
    """Carbon price p* at which gamma1 changes sign in scenario S (Corollary 4).

    gamma1 = (2a - b)/(2a + b) is positive iff 2a - b > 0, which is linear in p; p* is its
    root. For ``S_printed`` this reproduces the printed Corollary 4 threshold; for ``S`` it
    is the threshold of the correct derivation. The direction (cooperation above or below
    p*) is the sign of :func:`cooperation_threshold_slope`.
    """
    return _solve_linear(_gamma_numerator(scenario), p)


def cooperation_threshold_slope(scenario: str = "S") -> sp.Expr:
    """d/dp of (2a - b) W: positive means gamma1 > 0 exactly when p is above the threshold."""
    return sp.diff(_gamma_numerator(scenario), p)


def slopes_shared() -> bool:
    """The slopes of D, S and I coincide symbolically (G1 = H1 = Z1, B1 = N1 = Y1)."""
    base = derive_compact("D")[1]
    return all(sp.simplify(derive_compact(sc)[1][who] - base[who]) == 0
               for sc in ("S", "I") for who in (M1, R1))


def symbolic_facts() -> dict[str, bool]:
    """Parameter-free statements settled symbolically (Proposition 2, Corollary 2(i))."""
    sol_d = derive("D")
    return {
        "gD_free_of_p": bool(sp.simplify(sp.diff(sol_d["g"], p)) == 0),
        "uD_free_of_pi_c_pi_U": bool(sp.diff(sol_d["u"], pi_c) == 0 and sp.diff(sol_d["u"], pi_U) == 0),
        "slopes_shared": slopes_shared(),
        "goodwill_path_relaxes": goodwill_path_relaxes(),
    }
