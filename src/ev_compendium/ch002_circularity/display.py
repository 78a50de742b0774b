"""Figures and tables of the ch002 chapter (presentation only: every number comes from ``compute``).

* :func:`matrix_heatmap` — Figure 1 of Rahnama et al. (2023) as a heatmap, the unprinted cell
  marked;
* :func:`readings_table`, :func:`consistent_readings_text`, :func:`agreement_text`,
  :func:`alternatives_table` — the 27 readings of the unprinted cell (Sections 4.1, 4.4);
* :func:`bubble_chart` — the conceptual model of Figure 2 (Section 4.4), redrawn from Figure 1;
* :func:`priority_table`, :func:`priority_bars` — our prioritisation;
* :func:`verdict_summary` — the closing count of verdicts.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..claims import STATUSES
from ..tables import WrappingFrame, for_display
from .data import LEVEL_NAMES, LEVEL_SYMBOLS, STAGES, THEME_LABELS, THEMES
from .statements import STATEMENTS

STAGE_COLOURS = dict(zip(STAGES, plt.get_cmap("tab10").colors))
NBSP = "\u00a0"  # keeps a row of symbols on one line
CONSTRAINT_LABELS = {"collection_recycling_top": "(a)", "reuse_collection_recycling_high": "(b)",
                     "design_high": "(c)", "least_influence_set": "(d)", "consistent": "all four",
                     "only_collection_recycling_top": "strict (a)"}


def _ticks(values: pd.Series) -> pd.Series:
    return values.replace({True: "✓", False: "✗"}).astype(object)


def statement_label(name: str) -> str:
    """``'4.1 design_critical'``: a sentence's section and name (the Conclusion's has no section)."""
    return f"{STATEMENTS[name].section} {name}" if name in STATEMENTS else f"Concl. {name}"


def matrix_heatmap(levels: pd.DataFrame, gap_stage: str) -> Figure:
    """Figure 1 as a heatmap (colour = level, symbol as printed), the unprinted cell dashed."""
    fig, ax = plt.subplots(figsize=(9, 4))
    cmap = plt.get_cmap("YlOrRd", 3)
    ax.imshow(levels.to_numpy(), cmap=cmap, vmin=0.5, vmax=3.5, aspect="auto")
    for i in range(len(levels.index)):
        for j in range(len(levels.columns)):
            level = levels.iloc[i, j]
            ax.text(j, i, LEVEL_SYMBOLS[level], ha="center", va="center", fontsize=18,
                    color="white" if level == 3 else "black")
    gap_j = list(STAGES).index(gap_stage)
    ax.add_patch(Rectangle((gap_j - 0.46, -0.46), 0.92, 0.92, fill=False, ls="--", lw=3, ec="deepskyblue"))
    ax.set_xticks(range(len(STAGES)), [s.capitalize() for s in STAGES], rotation=30, ha="right", fontsize=11)
    ax.set_yticks(range(len(THEMES)), [THEME_LABELS[t] for t in THEMES], fontsize=11)
    ax.set_xlabel("value-chain stage", fontsize=11)
    handles = [plt.Rectangle((0, 0), 1, 1, color=cmap(k)) for k in range(3)]
    ax.legend(handles, ["△ low", "○ medium", "◎ high"], loc="upper left", bbox_to_anchor=(1.01, 1),
              frameon=False, fontsize=11)
    fig.tight_layout()
    return fig


def symbol_table(levels: pd.DataFrame) -> pd.DataFrame:
    """The matrix in the paper's symbols, stages as rows (so all nine fit the page)."""
    symbols = levels.apply(lambda col: col.map(LEVEL_SYMBOLS)).rename(index=THEME_LABELS)
    return symbols.T.rename_axis(index="stage", columns=None)


def readings_table(readings: pd.DataFrame) -> pd.DataFrame:
    """The 27 readings with ✓/✗ for constraints (a)–(d), all four, and strict (a)."""
    shown = readings.assign(row=readings["row"].str.replace(" ", NBSP))
    shown = shown.rename(columns={"row": "impact row, exploration … recycling", **CONSTRAINT_LABELS})
    shown = shown.set_index(["gap_stage", "gap_level"])
    return shown.apply(lambda col: _ticks(col) if col.dtype == bool else col)


def consistent_readings_text(readings: pd.DataFrame, rows: Sequence[str]) -> str:
    """One sentence: how many readings satisfy all four constraints, and which rows they give."""
    consistent = readings[readings["consistent"]]
    levels = sorted(set(consistent["gap_level"]))
    rows_text = " | ".join(row.replace(" ", NBSP) for row in rows)
    return (f"**{len(consistent)} of {len(readings)} readings** satisfy all four constraints "
            f"(gap at {', '.join(consistent['gap_stage'])}, level {' or '.join(levels)}), and they give "
            f"**{len(rows)} distinct row{'s' if len(rows) != 1 else ''}**: {rows_text}.")


def agreement_text(agreement: pd.DataFrame, n_sentences: int) -> str:
    """Which readings make the most sentences true, and how the field-aligned one does."""
    stacked = agreement.stack()
    best = stacked[stacked == stacked.max()]
    return (f"Sentences holding (of {n_sentences}) for each gap position and level. The best "
            f"agreement, **{best.max()} of {n_sentences}**, is reached only with the gap at "
            f"{', '.join(f'{s} ({lv})' for s, lv in best.index)}; the field-aligned reading (gap "
            f"at exploration) reaches {agreement.loc['exploration'].max()}.")


def alternatives_table(alternatives: pd.DataFrame, sweep: pd.DataFrame) -> pd.DataFrame:
    """The sentences that depend on the reading (hold under some but not all 27), under the
    compared readings, with the number of readings under which each holds."""
    holds_in = sweep.sum(axis=1)
    depends = holds_in[(holds_in > 0) & (holds_in < sweep.shape[1])].index
    shown = alternatives.loc[depends].apply(_ticks)
    shown.columns = pd.MultiIndex.from_tuples(shown.columns, names=["gap at", "gap level"])
    shown.insert(0, ("", f"holds in (of {sweep.shape[1]})"), holds_in.loc[depends].astype(object))
    shown.loc["sentences holding (all)"] = ["—", *alternatives.sum(axis=0).astype(int)]
    shown.index = [statement_label(i) if i in sweep.index else i for i in shown.index]
    return WrappingFrame(shown)


def bubble_chart(levels: pd.DataFrame) -> Figure:
    """Figure 2 redrawn: y impact, x digitalisation difficulty, area carbon level. Stages
    sharing a grid point are spread horizontally so that every label is readable."""
    fig, ax = plt.subplots(figsize=(8.5, 5.8))
    x = levels.loc["digitalisation_difficulty"]
    y = levels.loc["impact_on_circularity"]
    size = levels.loc["carbon_footprint"]
    for (xi, yi), group in pd.DataFrame({"x": x, "y": y}).groupby(["x", "y"]):
        offsets = np.linspace(-0.38, 0.38, len(group)) if len(group) > 1 else [0.0]
        for k, (stage, dx) in enumerate(zip(group.index, offsets)):
            ax.scatter(xi + dx, yi, s=160 * size[stage] ** 1.6, color=STAGE_COLOURS[stage], alpha=0.6,
                       edgecolor="black")
            dy = (20 + 4 * size[stage]) * (1 if k % 2 else -1)
            ax.annotate(stage, (xi + dx, yi), xytext=(0, dy), textcoords="offset points",
                        ha="center", va="center", fontsize=10)
    ax.set_xlim(0.4, 3.6)
    ax.set_ylim(0.4, 3.6)
    ax.set_xticks([1, 2, 3], ["△ low", "○ medium", "◎ high"])
    ax.set_yticks([1, 2, 3], ["△ low", "○ medium", "◎ high"])
    ax.set_xlabel("difficulty of adopting digitalisation")
    ax.set_ylabel("impact on circularity")
    for level, name in LEVEL_NAMES.items():
        ax.scatter([], [], s=160 * level ** 1.6, color="grey", alpha=0.4, label=f"carbon {name}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, labelspacing=1.6, borderpad=1.2)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def priority_table(levels: pd.DataFrame, priority: pd.DataFrame) -> pd.DataFrame:
    """Rank, priority and the three inputs (as symbols) for each stage, highest first."""
    stages = priority.index

    def symbols(theme: str) -> list[str]:
        return [LEVEL_SYMBOLS[levels.loc[theme, s]] for s in stages]

    table = pd.DataFrame({
        "rank": priority["rank"],
        "priority": priority["priority"].round(3),
        "impact": symbols("impact_on_circularity"),
        "digitalisation difficulty": symbols("digitalisation_difficulty"),
        "carbon footprint": symbols("carbon_footprint"),
    }, index=stages)
    return for_display(table)


def priority_bars(priority: pd.DataFrame, weights: Sequence[float]) -> Figure:
    """Horizontal bars of the priority, highest on top."""
    fig, ax = plt.subplots(figsize=(8, 3.6))
    order = priority.index[::-1]
    ax.barh(order, priority.loc[order, "priority"].to_numpy(),
            color=[STAGE_COLOURS[s] for s in order], edgecolor="black")
    ax.set_xlabel(f"priority (weights: impact {weights[0]:g}, ease {weights[1]:g}, carbon {weights[2]:g})")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def verdict_summary(table: pd.DataFrame) -> str:
    """One sentence counting a chapter's registered claims by status (from ``ch.check(P)``)."""
    n = table["status"].value_counts().reindex(STATUSES, fill_value=0)
    n_computed = n["reproduced"] + n["discrepancy"]
    rest = [f"{n['not-reproducible']} are not reproducible"] if n["not-reproducible"] else []
    rest += [f"{n['cited']} are cited context"] if n["cited"] else []
    return (f"Of the **{len(table)} registered claims**, the chapter recomputes {n_computed}: "
            f"**{n['reproduced']} reproduced** and **{n['discrepancy']} discrepancies**"
            + (f"; {' and '.join(rest)}." if rest else "."))
