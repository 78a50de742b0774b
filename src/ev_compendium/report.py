"""The book-wide reproducibility report: the claims registry aggregated over chapters."""

from __future__ import annotations

import pandas as pd

from .chapters import CHAPTERS
from .claims import STATUSES, load_claims, status_summary


def chapter_link(chapter_id: str, short: bool = False) -> str:
    """A MyST cross-reference to a chapter's page, rendered as its title or, with ``short``,
    as its short title and id (for narrow tables)."""
    chapter = CHAPTERS[chapter_id]
    if short:
        return f"{{doc}}`{chapter.short_title} ({chapter.id}) <{chapter.stem}>`"
    return f"{{doc}}`{chapter.stem}`"


def _markdown_table(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |"
            for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def summary_markdown(registry: pd.DataFrame | None = None) -> str:
    """Counts per chapter and status as a MyST table whose chapter cells link to the chapters."""
    registry = load_claims() if registry is None else registry
    counts = status_summary(registry).reset_index(names="chapter")
    counts["chapter"] = [chapter_link(c, short=True) if c in CHAPTERS else f"**{c}**" for c in counts["chapter"]]
    counts = counts.rename(columns={"not-reproducible": "not reproducible"})
    counts["reproduced share"] = [
        f"{100 * r / (r + d + n):.0f} %" if (r + d + n) else "—"
        for r, d, n in zip(counts["reproduced"], counts["discrepancy"], counts["not reproducible"])
    ]
    return _markdown_table(counts)


def open_findings_markdown(registry: pd.DataFrame | None = None) -> str:
    """Every discrepancy and not-reproducible claim with its diagnosis, grouped by chapter.

    One bullet per claim (a list wraps on narrow pages where a six-column table would not)::

        - `id` (source): published **value unit**, reproduced **value**. *status*: diagnosis
    """
    registry = load_claims() if registry is None else registry
    findings = registry[registry["status"].isin(["discrepancy", "not-reproducible"])]
    parts = []
    for chapter_id, group in findings.groupby("chapter", sort=True):
        parts.append(f"### {chapter_link(chapter_id)}\n")
        for claim_id, row in group.iterrows():
            unit = "" if row["unit"] in ("", "-") else f" {row['unit']}"
            reproduced = row["reproduced"] or "—"
            parts.append(f"- `{claim_id}` ({row['source']}): published **{row['published']}{unit}**, "
                         f"reproduced **{reproduced}**. *{row['status']}*: {row['diagnosis']}")
        parts.append("")
    return "\n".join(parts) if parts else "No open findings."


def status_counts(registry: pd.DataFrame | None = None) -> dict[str, int]:
    """Total number of claims per status across the book."""
    registry = load_claims() if registry is None else registry
    return {s: int((registry["status"] == s).sum()) for s in STATUSES}


STATUS_COLOURS = {"reproduced": "#2a9d8f", "discrepancy": "#e76f51",
                  "not-reproducible": "#8d99ae", "cited": "#e9c46a"}


def status_chart(registry: pd.DataFrame | None = None):
    """Stacked horizontal bars: claims per chapter, coloured by status. Returns the figure."""
    import matplotlib.pyplot as plt

    registry = load_claims() if registry is None else registry
    counts = status_summary(registry).drop(index="all chapters", errors="ignore")[list(STATUSES)]
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(counts) + 1.2))
    left = pd.Series(0, index=counts.index)
    for status in STATUSES:
        ax.barh(counts.index, counts[status], left=left, color=STATUS_COLOURS[status], label=status)
        left = left + counts[status]
    ax.invert_yaxis()
    ax.set_xlabel("number of published claims")
    ax.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig
