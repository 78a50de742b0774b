"""Drawings of the paper's conceptual framework (ch001, Guo et al. 2024, Section 2).

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

import matplotlib.pyplot as plt
import numpy as np
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


def draw_dual_triangle(ax: plt.Axes | None = None) -> plt.Axes:
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
    ax.text(5.1, 1.65, "energy\nlinks both", ha="center", va="bottom", fontsize=10, color="gray")
    ax.set_xlim(-0.3, 10.3)
    ax.set_ylim(-1.3, 3.8)
    ax.set_axis_off()
    return ax


def draw_two_system_three_level(ax: plt.Axes | None = None) -> plt.Axes:
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
            ax.text(x0 + 1.5, y0 + 0.5, text or "-", ha="center", va="center", fontsize=10)
    for i, level in enumerate(LEVELS):
        ax.text(2.1, 2.5 - i * 1.0, level, ha="right", va="center", fontsize=10)
    ax.text(4.9, -0.35, "EVs: high efficiency + zero tailpipe emission  ->  energy security "
            "and dual-carbon goals advance together", ha="center", fontsize=10, style="italic")
    ax.set_xlim(0, 9.0)
    ax.set_ylim(-0.6, 3.5)
    ax.set_axis_off()
    return ax


