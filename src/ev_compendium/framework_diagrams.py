"""Diagrams of the paper's conceptual framework and its context numbers (ch001, Guo et al. 2024, Section 2).

The paper's Figure 1 ("two-system, three-level" framework) and the dual-triangle theory
are not in the text we have; the drawings here are built only from what Section 2 says:

* the "Sustainable Development Triangle" (3E system: Energy - Economy - Environment, ref. 3)
  and the "Energy Impossible Triangle" (energy subsystem: Energy price - Energy supply -
  Energy ecology, ref. 4);
* three levels: implementation path, current status, long-term goals; EVs exert a
  *stability thrust* in the 3E system at the current-status and path levels (Section 2.1)
  and a *coordination thrust* in the energy subsystem at the long-term-goal level (Section 2.2).
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import FancyBboxPatch, Polygon

DUAL_TRIANGLES = {
    "Sustainable Development Triangle\n(3E system)": ("Energy", "Economy", "Environment"),
    "Energy Impossible Triangle\n(energy subsystem)": ("Energy price", "Energy supply", "Energy ecology"),
}

LEVELS = ("Long-term goals", "Current status", "Implementation path")
FRAMEWORK_CELLS = {
    # (system, level): text from Sections 2.1 and 2.2
    ("3E system", "Implementation path"): "Stability thrust:\nEV industry overcomes\npath defects",
    ("3E system", "Current status"): "Stability thrust:\nenergy-supply and\npower-system stability",
    ("3E system", "Long-term goals"): "",
    ("Energy subsystem", "Implementation path"): "",
    ("Energy subsystem", "Current status"): "",
    ("Energy subsystem", "Long-term goals"): "Coordination thrust:\nsecure supply and clean\necology advance together",
}


def draw_dual_triangle(ax=None):
    """Two triangles side by side with the EV at each centroid (Section 2, refs. 3-4)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.2))
    colors = ("#4C72B0", "#DD8452")
    for k, ((title, corners), color) in enumerate(zip(DUAL_TRIANGLES.items(), colors)):
        cx = 2.2 + 5.8 * k
        pts = np.array([[cx, 3.3], [cx - 1.7, 0.3], [cx + 1.7, 0.3]])
        ax.add_patch(Polygon(pts, closed=True, fc=color, alpha=0.15, ec=color, lw=2))
        offsets = ((0, 0.25), (-0.1, -0.3), (0.1, -0.3))
        for (x, y), label, (dx, dy) in zip(pts, corners, offsets):
            ax.text(x + dx, y + dy, label, ha="center", va="center", fontsize=10, weight="bold")
        centre = pts.mean(axis=0)
        ax.text(*centre, "EV", ha="center", va="center", fontsize=11, weight="bold",
                bbox=dict(boxstyle="circle", fc="white", ec="black"))
        ax.text(cx, -0.85, title, ha="center", va="center", fontsize=10)
    ax.annotate("", xy=(5.9, 1.4), xytext=(4.3, 1.4),
                arrowprops=dict(arrowstyle="<->", lw=1.5, color="gray"))
    ax.text(5.1, 1.65, "energy\nlinks both", ha="center", va="bottom", fontsize=8, color="gray")
    ax.set_xlim(-0.3, 10.3)
    ax.set_ylim(-1.3, 3.8)
    ax.set_axis_off()
    return ax


def draw_two_system_three_level(ax=None):
    """Grid of 2 systems x 3 levels with the EV thrust placed where Section 2 puts it."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.8))
    systems = ("3E system", "Energy subsystem")
    colors = {"3E system": "#4C72B0", "Energy subsystem": "#DD8452"}
    for j, system in enumerate(systems):
        x0 = 2.3 + 3.4 * j
        ax.text(x0 + 1.5, 3.25, system, ha="center", va="center", fontsize=11, weight="bold",
                color=colors[system])
        for i, level in enumerate(LEVELS):
            y0 = 2.0 - i * 1.0
            text = FRAMEWORK_CELLS[(system, level)]
            ax.add_patch(FancyBboxPatch((x0, y0 + 0.08), 3.0, 0.84, boxstyle="round,pad=0.02",
                                        fc=colors[system] if text else "white",
                                        alpha=0.18 if text else 1.0, ec="gray"))
            ax.text(x0 + 1.5, y0 + 0.5, text or "-", ha="center", va="center", fontsize=8.5)
    for i, level in enumerate(LEVELS):
        ax.text(2.1, 2.5 - i * 1.0, level, ha="right", va="center", fontsize=10)
    ax.text(4.9, -0.35, "EVs: high efficiency + zero tailpipe emission  ->  energy security "
            "and dual-carbon goals advance together", ha="center", fontsize=9, style="italic")
    ax.set_xlim(0, 9.0)
    ax.set_ylim(-0.6, 3.5)
    ax.set_axis_off()
    return ax


def contributions_sum_pct(shares_pct: Mapping[str, float]) -> float:
    """Sum of percentage shares (Section 1.1's 2050 carbon-neutrality contributions)."""
    values = np.asarray(list(shares_pct.values()), dtype=float)
    if values.size == 0 or np.any(~np.isfinite(values)) or np.any(values < 0):
        raise ValueError("shares_pct must be non-empty, finite and >= 0 (percent)")
    return float(values.sum())


def implied_previous_year(value: float, growth_pct: float) -> float:
    """Previous-year value implied by ``value`` and a year-on-year growth in percent."""
    if growth_pct <= -100:
        raise ValueError(f"growth_pct = {growth_pct!r} is out of range: valid range is (-100, inf)")
    return value / (1 + growth_pct / 100.0)


def sales_context(registry: pd.DataFrame) -> pd.DataFrame:
    """2022 BEV sales (cited) with the 2021 levels and China's share they imply."""
    def pub(slug):
        return float(registry.loc[f"ch001.intro.{slug}", "published"])
    rows = []
    for region, sales, growth in (("World", "global_bev_sales_2022", "global_bev_growth_2022"),
                                  ("China", "china_bev_sales_2022", "china_bev_growth_2022")):
        s, g = pub(sales), pub(growth)
        rows.append({"region": region, "2022 sales (M, cited)": s, "growth 2022 (%, cited)": g,
                     "implied 2021 sales (M)": round(implied_previous_year(s, g), 3)})
    table = pd.DataFrame(rows).set_index("region")
    table["share of world 2022 (%)"] = (100 * table["2022 sales (M, cited)"]
                                        / table.loc["World", "2022 sales (M, cited)"]).round(1)
    return table


# Registry ids of the scenario values the paper prints (Sections 3.2 and 3.3), in scenario order.
PRICE_GAP_IDS = tuple(f"ch001.s3_2.{slug}" for slug in (
    "price_gap_lowest", "price_gap_2", "price_gap_3", "price_gap_4", "price_gap_5", "price_gap_highest"))
EV_SHARE_IDS = tuple(f"ch001.s3_3.{slug}" for slug in (
    "ev_share_lowest", "ev_share_step", "ev_share_40", "ev_share_60", "ev_share_80", "ev_share_highest"))


def published_values(registry: pd.DataFrame, ids, scale: float = 1.0) -> list[float]:
    """Published numbers of the registry rows ``ids`` (in that order), each multiplied by ``scale``.

    Used to check that a chapter's baseline scenario parameters are the paper's printed
    scenarios (e.g. EV shares printed in % against parameters as fractions: ``scale=0.01``).
    """
    missing = [i for i in ids if i not in registry.index]
    if missing:
        raise KeyError(f"claim id(s) not in the registry: {missing}")
    return [float(registry.loc[i, "published"]) * scale for i in ids]
