"""Figures of chapter ch003 (drawn from :class:`~ev_compendium.ch003_dess.results.Results`).

* :func:`scaled_impacts` redraws the paper's Figures 3-4 from Tables 7-8;
* :func:`implied_increments` and :func:`fit_residuals` show why no positive per-kg model
  reproduces Tables 7-8;
* :func:`electricity_mix` and :func:`transport` draw the Section 3.1 what-ifs.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .data import CASES, CATEGORIES, STAGES, VEHICLES
from .results import Results

COLORS = {"Li-ion only": "#4c72b0", "SC/Li-ion": "#55a868", "Al-ion/Li-ion": "#dd8452"}
SHORT = {"climate": "Climate", "acidification": "Acidification", "minerals": "Minerals\n& metals",
         "energy": "Energy\ncarriers"}


def scaled_impacts(R: Results) -> Figure:
    """Tables 7-8 scaled to the Li-ion-only EOL of each category (the paper's Figures 3-4)."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.8), sharey=True)
    for ax, vehicle, title in zip(axes, VEHICLES, ("City bus (Table 7)", "Car (Table 8)")):
        r = R.ratios(vehicle).set_index(["case", "stage", "category"])["ratio"]
        x = np.arange(len(CATEGORIES))
        width = 0.13
        for j, (case, stage) in enumerate([(c, s) for c in CASES for s in STAGES]):
            ax.bar(x + (j - 2.5) * width, [r[(case, stage, c)] for c in CATEGORIES], width, color=COLORS[case],
                   hatch="//" if stage == "EOL" else None, edgecolor="white", label=f"{case} {stage}")
        ax.axhline(1, color="k", lw=0.8)
        ax.set_xticks(x, [SHORT[c] for c in CATEGORIES])
        ax.set_title(title)
    axes[0].set_ylabel("impact / Li-ion-only EOL")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, ncol=3, loc="lower center", bbox_to_anchor=(0.5, -0.02))
    fig.tight_layout(rect=(0, 0.13, 1, 1))
    return fig


def implied_increments(R: Results) -> Figure:
    """Per-kg factors implied by differences between cases, relative to the LFP pack factor."""
    inc = R.increments.set_index(["vehicle", "category", "basis"])["per_kg"]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4), sharey=True)
    bases = [b for b in R.increments.basis.unique() if not b.startswith("LFP")]
    for ax, vehicle in zip(axes, VEHICLES):
        x = np.arange(len(CATEGORIES))
        for j, basis in enumerate(bases):
            rel = [inc[(vehicle, c, basis)] / inc[(vehicle, c, "LFP pack (Li-only BOL)")] for c in CATEGORIES]
            case = "SC/Li-ion" if basis.startswith("SC") else "Al-ion/Li-ion"
            ax.bar(x + (j - 1) * 0.27, rel, 0.27, label=basis, color=COLORS[case], edgecolor="white",
                   hatch="//" if "replacement" in basis else None)
        ax.axhline(0, color="k", lw=0.8)
        ax.set_xticks(x, [SHORT[c] for c in CATEGORIES])
        ax.set_title({"bus": "City bus", "ev": "Car"}[vehicle], fontsize=12)
        ax.set_yscale("symlog", linthresh=0.1)
        ax.tick_params(labelsize=10)
    axes[0].set_ylabel("per-kg factor / LFP per-kg factor", fontsize=11)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=10, ncol=3, loc="lower center", bbox_to_anchor=(0.5, -0.01))
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def fit_residuals(R: Results) -> Figure:
    """Relative residuals of the joint least-squares fit, one panel per category."""
    fig, axes = plt.subplots(1, 4, figsize=(11, 4.4), sharey=True)
    for ax, category in zip(axes, CATEGORIES):
        _, t = R.fit(category)
        labels = [f"{'car' if v == 'ev' else v} {c.split('/')[0].replace('Li-ion only', 'Li-only')} {s}"
                  for v, c, s in zip(t.vehicle, t.case, t.stage)]
        ax.barh(labels, t.residual_pct, color=[COLORS[c] for c in t.case])
        ax.axvline(0, color="k", lw=0.8)
        ax.set_title(SHORT[category].replace("\n", " "), fontsize=12)
        ax.set_xlabel("residual (%)", fontsize=11)
        ax.tick_params(labelsize=10)
    fig.tight_layout()
    return fig


def electricity_mix(R: Results) -> Figure:
    """Bus BOL climate impact against the fossil share: linear model and printed points."""
    shares = np.linspace(0, 1, 21)
    curve = R.electricity_curve("climate", shares)
    s0 = R.P["electricity_baseline_fossil_share"]
    fig, ax = plt.subplots(figsize=(8.5, 4.8))
    for case in CASES:
        ax.plot(shares, curve[case], color=COLORS[case], label=f"{case} (model)")
        base, fossil = R.printed.electricity_pair(case, "climate")
        ax.plot([s0, 1.0], [base, fossil], "o", color=COLORS[case], mec="k")
        ax.plot([0.0], [base], "s", color=COLORS[case], mec="k", alpha=0.6)
    ax.axvline(R.P["electricity_fossil_share"], color="grey", ls=":", lw=1)
    ax.axhline(0, color="k", lw=0.6)
    ax.set_xlabel("fossil share of manufacturing electricity")
    ax.set_ylabel("bus BOL climate impact (kg CO$_2$ eq)")
    ax.plot([], [], "ko", label="printed (baseline, 100 % fossil)")
    ax.plot([], [], "ks", alpha=0.6, label="paper: 100 % wind ~ baseline")
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig


def transport(R: Results) -> Figure:
    """Bus acidification with no, baseline and double transport, BOL and EOL."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), sharey=True)
    for ax, stage in zip(axes, STAGES):
        for j, mult in enumerate((0.0, 1.0, 2.0)):
            t = R.transport_whatif(mult).set_index(["vehicle", "case", "stage"])["predicted"]
            ax.bar(np.arange(3) + (j - 1) * 0.27, [t[("bus", c, stage)] for c in CASES], 0.27,
                   label=f"{mult:g}× transport", color=["#c6dbef", "#6baed6", "#08519c"][j])
        ax.set_xticks(np.arange(3), CASES)
        ax.set_title(f"City bus, {stage}")
    axes[0].set_ylabel("acidification (mol H$^+$ eq)")
    axes[0].legend()
    fig.tight_layout()
    return fig
