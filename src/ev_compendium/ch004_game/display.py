"""Tables, equations and figures of the ch004 page (Zhao, Li & Bao 2025), from the results.

Presentation only: every number shown comes from :func:`ev_compendium.ch004_game.compute`
(``R``) or from the chapter's modules; the printed values the readings tables compare with
come from the registry through :mod:`.checks`.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown
from matplotlib.lines import Line2D

from . import Results, checks, ode_check, printed, readings, statements
from .numeric import SECTION6_KEYS, TABLE2_DELTAS

STYLES = {"C": "-", "S": "--", "D": ":"}


# --- labels readers see: typeset with Unicode, never ASCII math ---------------------------

_GREEK = {"alpha": "α", "delta": "δ", "gamma": "γ", "eps": "ε", "lambda": "λ", "rho": "ρ",
          "eta": "η", "phi": "φ", "xi": "ξ", "theta": "θ", "upsilon": "υ", "pi": "π"}
_SUPER = {"C": "ᶜ", "D": "ᴰ", "S": "ˢ", "I": "ᴵ"}
_SUB_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
#: parameter names of data/params/ch004.yaml that are not spelled like their symbol
_PARAMETER_SYMBOLS = {"lambda_": "λ", "Em": "E_m", "Er": "E_r"}
#: the fourteen Section 6.1 numbers, "quantity.comparison" in the readings module
_SECTION6_QUANTITIES = {"goodwill": "goodwill", "demand": "demand", "recycling": "recycling",
                        "permits": "remaining permits", "J.total": "chain profit",
                        "J.manufacturer": "manufacturer profit", "J.recycler": "recycler profit"}
#: grid orderings of :func:`.statements.grid_statements`, in words where a symbol has none
_GRID_STATEMENTS = {"J_m^S > J_m^D": "manufacturer profit, S > D",
                    "J_U^C > J_U^S": "recycler profit, C > S"}


def typeset(label: str) -> str:
    """An ASCII-math label as readers see it: Greek letters, sub- and superscripts, ∂, ≥, −.

    ``gamma1^S`` -> ``γ₁ˢ``, ``du^C/dalpha >= 0`` -> ``∂uᶜ/∂α ≥ 0``, ``u^C - u^D`` ->
    ``uᶜ − uᴰ``, ``A1`` -> ``A₁``; letter subscripts keep the underscore (``π_m``, ``V_U``:
    Unicode has no subscript capitals). Labels only: numbers are never touched.
    """
    out = re.sub(r"\bd([A-Za-z]+(?:\^[CDSI])?)/d(alpha|delta|lambda|p|k)\b", r"∂\1/∂\2", label)
    out = re.sub(r"\blambda_", "lambda", out)
    out = re.sub(r"\b(" + "|".join(_GREEK) + r")(\d*)(?![A-Za-z])",
                 lambda m: _GREEK[m.group(1)] + m.group(2).translate(_SUB_DIGITS), out)
    out = re.sub(r"\b([A-Z])(\d)\b", lambda m: m.group(1) + m.group(2).translate(_SUB_DIGITS), out)
    out = re.sub(r"\^([CDSI])\b", lambda m: _SUPER[m.group(1)], out)
    for ascii_, sign in ((" <-> ", " ↔ "), (" -> ", " → "), (">=", "≥"), ("<=", "≤"), (" - ", " − "),
                         (" x ", " × "), ("(-", "(−")):
        out = out.replace(ascii_, sign)
    return out


def _parameter(name: str) -> str:
    return _PARAMETER_SYMBOLS.get(name) or typeset(name)


def _typo_variant(label: str) -> str:
    """``swap pi_c <-> eta`` -> ``swap π_c ↔ η``; ``Em x 0.5`` -> ``E_m × 0.5``."""
    swap = re.fullmatch(r"swap (\S+) <-> (\S+)", label)
    if swap:
        return f"swap {_parameter(swap.group(1))} ↔ {_parameter(swap.group(2))}"
    scaled = re.fullmatch(r"(\S+) x (\S+)", label)
    return f"{_parameter(scaled.group(1))} × {scaled.group(2)}" if scaled else typeset(label)


def section6_label(key: str) -> str:
    """``goodwill.C_vs_D`` -> ``goodwill, C vs D``; ``J.recycler.S_vs_D`` -> ``recycler profit, S vs D``."""
    quantity, _, comparison = key.rpartition(".")
    return f"{_SECTION6_QUANTITIES.get(quantity, quantity)}, {comparison.replace('_vs_', ' vs ')}"


# --- derivations (sympy's, generated once: see codegen; the page does not derive again) ---------

def _number_latex(x: float) -> str:
    r"""``x`` to 5 significant digits, as LaTeX (``1.2346 \cdot 10^{5}`` when large or small)."""
    mantissa, _, exponent = f"{x:.5g}".partition("e")
    return rf"{mantissa} \cdot 10^{{{int(exponent)}}}" if exponent else mantissa


def goodwill_path_latex(decay: float, steady_state: float) -> str:
    """E(t) = E_bar + (E0 - E_bar) exp(-kappa t) at these numbers (5 significant digits)."""
    e_bar = _number_latex(abs(steady_state))
    sign, start = ("", f"E_0 - {e_bar}") if steady_state >= 0 else ("-", f"E_0 + {e_bar}")
    rate = f"- {_number_latex(decay)} t" if decay >= 0 else f"{_number_latex(-decay)} t"
    return rf"{sign}{e_bar} + \left({start}\right) e^{{{rate}}}"


def centralised_derivation(R: Results) -> Markdown:
    """Proposition 1: the chain's value slope A1, the efforts, and the goodwill path at P
    (``dsolve``'s general solution, solved when the code was generated, with this P's decay
    rate and steady state)."""
    from . import codegen

    namespace = codegen.compiled()
    if not namespace["FACTS"]["goodwill_path_relaxes"]:
        raise AssertionError("dsolve's goodwill path is not E_bar + (E0 - E_bar) exp(-kappa t)")
    shown = namespace["LATEX"]
    path = goodwill_path_latex(R.eq["C"]["decay"], R.eq["C"]["E_ss"])
    return Markdown(
        f"The chain's value slope\n\n$$A_1 = {shown['A1_C']}$$\n\n"
        f"and the efforts, with $m_1 = A_1$:\n\n$$u^C = {shown['u_C']}$$\n\n"
        f"$$g^C = {shown['g_C']}$$\n\n"
        r"Goodwill path: `sympy.dsolve` solves $\dot E = -\kappa (E - \bar{E})$, $E(0) = E_0$, as "
        f"$E(t) = {shown['E_general']}$; with this scenario's decay rate $\\kappa$ and steady state "
        f"$\\bar{{E}}$: $E^C(t) = {path}$")


def shared_slopes() -> Markdown:
    """G1 = H1 = Z1 and B1 = N1 = Y1 (checked symbolically when the code was generated)."""
    from . import codegen

    namespace = codegen.compiled()
    if not namespace["FACTS"]["slopes_shared"]:
        raise AssertionError("the value slopes of D, S and I differ")
    shown = namespace["LATEX"]
    return Markdown(f"$$G_1 = H_1 = Z_1 = {shown['G1']}$$\n\n"
                    f"$$B_1 = N_1 = Y_1 = {shown['B1']}$$")


def leader_marginal_value() -> Markdown:
    """The manufacturer's marginal value of promotion in S: derived, and as printed."""
    from . import codegen

    shown = codegen.compiled()["LATEX"]
    return Markdown(
        "Manufacturer's marginal value of promotion in S ($m_1 = H_1$), derived:\n\n"
        f"$$a = {shown['a_S']}$$\n\n"
        "As implied by the printed $\\gamma_1^S$ and $g^S$ (Proposition 3) — the goodwill "
        "term $\\varphi H_1$ is missing:\n\n"
        f"$$a = {shown['a_S_printed']}$$")


# --- printed formulas, thresholds, the ODE check ------------------------------------------

def printed_formula_table(R: Results) -> pd.DataFrame:
    """Each printed closed form (operators restored) against the derived one at P."""
    table = printed.formula_comparison(R.parameters, R.eq)
    table["agrees"] = table["agrees"].map({True: "✓", False: "✗ differs"})
    return table.round(3).rename(index=typeset, level="quantity")


def threshold_text(R: Results) -> Markdown:
    """Corollary 4's printed threshold against the derived cooperation condition."""
    s = R.eq["S"]
    side = "<" if s["p_threshold_slope"] < 0 else ">"
    meets = (R.parameters["p"] < s["p_threshold"]) if side == "<" else (R.parameters["p"] > s["p_threshold"])
    relation = "above" if R.printed_threshold > R.parameters["p"] else "below"
    return Markdown(
        f"Corollary 4's printed threshold evaluates to $p^* = {R.printed_threshold:.2f}$, "
        f"**{relation}** the carbon price $p = {R.parameters['p']:g}$ (Section 6 states that its baseline "
        f"satisfies $p > p^*$). The derived condition $\\gamma_1^S > 0$ is linear in $p$ with slope "
        f"${s['p_threshold_slope']:+.3f}$: with the correct derivation cooperation requires "
        f"$p {side} {s['p_threshold']:.2f}$, which these parameters {'satisfy' if meets else 'do not satisfy'} "
        f"($\\gamma_1^S = {s['gamma']:.3f}$).")


def ode_check_table(R: Results) -> pd.DataFrame:
    """Value functions by numerical integration (:mod:`.ode_check`) against V(E0) = s E0 + c."""
    rows = []
    for sc in ("C", "D", "S", "I"):
        eq = R.eq[sc]
        sim = ode_check.simulate_values(R.parameters, eq, R.e0, centralised=sc == "C")
        closed_m, closed_u = eq["m1"] * R.e0 + eq["m2"], eq["r1"] * R.e0 + eq["r2"]
        rows.append({"scenario": sc, "V_m simulated": sim["V_m"], "V_m closed form": closed_m,
                     "V_U simulated": sim["V_U"], "V_U closed form": closed_u,
                     "max rel. error": max(abs(sim["V_m"] - closed_m) / abs(closed_m),
                                           abs(sim["V_U"] - closed_u) / max(abs(closed_u), 1.0))})
    check = pd.DataFrame(rows).set_index("scenario")
    check["agree (rel. error < 1e-8)"] = check["max rel. error"] < 1e-8
    return check.round(3).assign(**{"max rel. error": check["max rel. error"].map("{:.1e}".format)})


# --- Corollaries 1-2 and Section 7 (ii) --------------------------------------------------

def sign_table(R: Results) -> pd.DataFrame:
    """Each sign statement at P and its share on the admissible sample around P."""
    rows = [{"source": source, "statement": typeset(words), "holds at P": R.signs[name],
             "share of sample": f"{100 * R.sign_shares[name]:.1f} %"}
            for name, (source, words) in statements.SIGN_STATEMENTS.items()]
    return pd.DataFrame(rows).set_index(["source", "statement"])


def cooperation_table(R: Results) -> pd.DataFrame:
    """Section 7 (ii): share of the sample where the manufacturer shares costs (γ₁ˢ > 0)."""
    c = R.cooperation
    rows = [{"solution": f"S {tag}",
             "γ₁ˢ at P": round(c[f"gamma1 at P ({tag})"], 3),
             "γ₁ˢ at P with p = 0": round(c[f"gamma1 at P, p = 0 ({tag})"], 3),
             "share γ₁ˢ > 0, with trading": f"{100 * c[f'share with trading ({tag})']:.1f} %",
             "share γ₁ˢ > 0, p = 0": f"{100 * c[f'share without trading ({tag})']:.1f} %",
             "trading more stringent": c[f"more stringent ({tag})"]}
            for tag in ("derived", "printed")]
    return pd.DataFrame(rows).set_index("solution")


# --- the readings investigation of Section 6 ---------------------------------------------

def reading_list() -> Markdown:
    return Markdown("\n".join(f"* **{typeset(name)}**: {typeset(what.replace('*', ' × '))}"
                              for name, what in readings.SECTION6_READINGS.items()))


def _printed_values() -> tuple[dict, dict]:
    printed_ = checks.printed_section6()
    return {k: v for k, (v, _) in printed_.items()}, {k: tol for k, (_, tol) in printed_.items()}


def readings_table(R: Results, t_end: float) -> pd.DataFrame:
    """Each reading's percentage gains; ✓ within the printed number's rounding."""
    published, tolerances = _printed_values()
    table = readings.section6_readings(R.parameters, R.e0, R.t_profit, t_end)
    hits = readings.reading_matches(table, published, tolerances)
    shown = table.apply(lambda col: [("—" if not np.isfinite(v) else f"{v:.2f}" + (" ✓" if hits.loc[r, col.name] else ""))
                                     for r, v in col.items()])
    shown.loc["printed in the paper"] = [f"{published[key]:g}" for key in SECTION6_KEYS]
    shown = shown.reindex(["printed in the paper", *table.index]).T
    return shown.rename(index=section6_label, columns=typeset)


def identity_checks() -> pd.DataFrame:
    table = readings.printed_identity_checks(_printed_values()[0])
    return table.rename(index=lambda relation: relation.replace("_vs_", " vs "))


def typo_scan(R: Results) -> tuple[str, pd.DataFrame]:
    """(one-line summary, the five best variants)."""
    published, tolerances = _printed_values()
    scan = readings.typo_scan(R.parameters, published, tolerances, R.e0, R.t_profit)
    summary = (f"{len(scan)} admissible variants; best variant reproduces "
               f"{scan['printed numbers reproduced'].max()} of {len(published)} printed numbers")
    best = scan.head(5).assign(variant=lambda s: s["variant"].map(_typo_variant),
                               which=lambda s: s["which"].map(
                                   lambda keys: "; ".join(section6_label(k) for k in keys.split(", ") if k)))
    return summary, best


def table2_table(R: Results) -> pd.DataFrame:
    table = readings.table2_readings(R.parameters)
    paper = checks.printed_table2()
    table.insert(0, "Table 2 eps", [paper[d][0] for d in TABLE2_DELTAS])
    table.insert(4, "Table 2 gamma2", [paper[d][1] for d in TABLE2_DELTAS])
    table = table.rename(columns=lambda name: typeset(re.sub(r"\b(eps|gamma2)\b", r"\1^I", name)))
    return table.rename_axis(index=typeset(table.index.name)).round(4)


def gamma2_steps(table2: pd.DataFrame) -> pd.DataFrame:
    """Steps of the printed and the derived γ₂ᴵ between neighbouring δ of :func:`table2_table`."""
    deltas = table2.index.to_numpy()
    return pd.DataFrame({"δ step": [f"{a:.1f} → {b:.1f}" for a, b in zip(deltas[:-1], deltas[1:])],
                         "printed γ₂ᴵ change": np.diff(table2["Table 2 γ₂ᴵ"].to_numpy()).round(4),
                         "derived γ₂ᴵ change": np.diff(table2["γ₂ᴵ derived"].to_numpy()).round(4)}
                        ).set_index("δ step")


# --- figures ----------------------------------------------------------------------------

def goodwill_figure(R: Results) -> plt.Figure:
    """Figure 3: goodwill under C, S, D from each E0."""
    fig, ax = plt.subplots(figsize=(8.5, 4.6))
    for i, (start, by_s) in enumerate(R.trajectories.items()):
        for sc in ("C", "S", "D"):
            ax.plot(R.t, by_s[sc], STYLES[sc], color=f"C{i}")
    handles = ([Line2D([], [], color="k", ls=STYLES[sc], label=sc) for sc in STYLES]
               + [Line2D([], [], color=f"C{i}", label=f"$E_0$ = {e0:g}") for i, e0 in enumerate(R.trajectories)])
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_xlabel("t (units of 10 years)")
    ax.set_ylabel("goodwill $E$ (goodwill units)")
    return fig


def stocks_figure(R: Results) -> plt.Figure:
    """Figure 4: demand, recycling and remaining permits from E0."""
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.8))
    panels = (("D", "demand $D$", "vehicles/time"), ("Q", "recycling $Q$", "batteries"),
              ("F", "remaining permits $F$", "permits (t CO$_2$)"))
    for (key, title, unit), ax in zip(panels, axes):
        for sc in ("C", "S", "D"):
            ax.plot(R.t, R.paths[sc][key], STYLES[sc], label=sc)
        ax.set_xlabel("t (units of 10 years)")
        ax.set_ylabel(unit)
        ax.set_title(title)
    axes[0].legend(loc="upper left")
    fig.tight_layout()
    return fig


def profit_figure(R: Results) -> plt.Figure:
    """Figure 5: discounted profits; the centralised firm-level split uses contract I."""
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.8))
    for key, ax, name in zip(("J", "J_m", "J_U"), axes, ("chain", "manufacturer", "recycler")):
        for sc in ("C", "S", "D"):
            source = "I" if (sc == "C" and key != "J") else sc
            ax.plot(R.t, R.paths[source][key], STYLES[sc], label=sc)
        ax.set_xlabel("t (units of 10 years)")
        ax.set_title(f"{name} profit")
    axes[0].set_ylabel("discounted profit $J$ (money)")
    axes[0].legend(loc="upper right")
    fig.tight_layout()
    return fig


def surfaces(R: Results, keys: tuple[str, ...], titles: tuple[str, ...], units: tuple[str, ...]) -> plt.Figure:
    """Figures 6-7: one row per quantity, one column per scenario (C, S, D), shared colour
    scale per row; the centralised firm-level profits are split by contract I."""
    grid = R.grid
    fig, axes = plt.subplots(len(keys), 3, figsize=(10, 3.2 * len(keys)), sharex=True, sharey=True)
    for row, (key, title, unit) in enumerate(zip(keys, titles, units)):
        data = {sc: grid[key]["I" if (sc == "C" and key in ("J_m", "J_U")) else sc] for sc in ("C", "S", "D")}
        lo = min(np.nanmin(v) for v in data.values())
        hi = max(np.nanmax(v) for v in data.values())
        for col, sc in enumerate(("C", "S", "D")):
            im = axes[row, col].pcolormesh(grid["alpha"], grid["delta"], data[sc], vmin=lo, vmax=hi, shading="auto")
            axes[row, col].set_title(f"{title}, {sc}", fontsize="medium")
        fig.colorbar(im, ax=axes[row, :], shrink=0.8, label=unit)
    for ax in axes[-1, :]:
        ax.set_xlabel(r"demand sensitivity $\alpha$")
    for ax in axes[:, 0]:
        ax.set_ylabel(r"recycling share $\delta$")
    return fig


def grid_shares(R: Results) -> pd.DataFrame:
    """Shares of the α × δ grid where the orderings hold, and goodwill's spread."""
    shares = R.grid_statements["shares"]
    spread = R.grid_statements["goodwill_spread_over_delta"]
    rows = [{"quantity": _GRID_STATEMENTS.get(name) or typeset(name), "value": f"{100 * v:.1f} % of the grid"}
            for name, v in shares.items()]
    rows += [{"quantity": f"spread of E(t) over δ at small α, {sc}", "value": f"{spread[sc]:.2f}"}
             for sc in ("C", "S", "D")]
    return pd.DataFrame(rows).set_index("quantity")

