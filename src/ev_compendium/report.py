"""The book-wide reproducibility report: the claims registry aggregated over chapters.

The headline separates what a verdict rests on (the registry's ``basis``): claims reproduced
from the paper's printed numbers or its model with printed inputs; claims reproduced only
under our assumptions (with their robustness to those assumptions); agreement by
construction, which is never counted as reproduced; discrepancies; claims the papers do not
print enough to reproduce; cited context.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from .chapters import CHAPTERS
from .claims import STATUSES, load_claims, status_summary

#: headline categories, in reading order: (key, label)
HEADLINE = (
    ("printed", "reproduced from the paper's printed numbers or its model"),
    ("assumptions", "reproduced only under our assumptions"),
    ("construction", "agree by construction (not counted as reproduced)"),
    ("discrepancy", "discrepancies"),
    ("not-reproducible", "not reproducible from what the paper prints"),
    ("cited", "cited context (not model outputs)"),
)

#: kinds of open finding, matched on the diagnosis (first match wins), then by status/basis
FINDING_KINDS = (
    ("typo", "Typo in the paper", r"\btypo"),
    ("rounding", "Rounding in the paper", r"^rounding|\brounding\b"),
    ("text-vs-table", "Text and table disagree", r"text vs\.? table|text and table|table vs\.? text"),
    ("paper-inconsistency", "Paper internally inconsistent", r"inconsisten|contradict"),
    ("our-model", "Our model's limitation", r"our model|our (assumed|assumption)|we assume"),
)
KIND_FALLBACK = {
    "not-reproducible": ("not-printed", "Not enough printed to reproduce"),
    "our-assumptions": ("our-assumptions", "Depends on our assumptions"),
    "other": ("other", "Other discrepancies"),
}


def chapter_link(chapter_id: str, short: bool = False) -> str:
    """A MyST cross-reference to a chapter's page, rendered as its title or, with ``short``,
    as its short title and id (for narrow tables)."""
    chapter = CHAPTERS[chapter_id]
    if short:
        return f"{{doc}}`{chapter.short_title} ({chapter.id}) <{chapter.stem}>`"
    return f"{{doc}}`{chapter.stem}`"


def md_escape(text: str) -> str:
    """Text that MyST shows literally: no emphasis from ``*`` or ``_``, no math from ``$``,
    no links, roles or HTML."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|$~])", r"\\\1", str(text))


def _markdown_table(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |"
            for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def headline_category(row: Mapping[str, str]) -> str:
    """The headline category of one registry row (see :data:`HEADLINE`)."""
    status, basis = row["status"], row.get("basis", "")
    if status == "reproduced":
        if basis == "by-construction":
            return "construction"
        return "assumptions" if basis == "our-assumptions" else "printed"
    return status


def headline_counts(registry: pd.DataFrame | None = None) -> dict[str, int]:
    """Number of claims in each headline category, across the book."""
    registry = load_claims() if registry is None else registry
    categories = registry.apply(headline_category, axis=1) if len(registry) else pd.Series(dtype=str)
    return {key: int((categories == key).sum()) for key, _ in HEADLINE}


def headline_markdown(registry: pd.DataFrame | None = None,
                      robustness: Mapping[str, float] | None = None) -> str:
    """One paragraph: the registry's claims split by what their verdict rests on.
    ``robustness`` maps claim id -> share of plausible inputs under which it holds."""
    registry = load_claims() if registry is None else registry
    counts = headline_counts(registry)
    parts = []
    for key, label in HEADLINE:
        text = f"**{counts[key]}** {label}"
        if key == "assumptions" and robustness:
            ours = registry.index[(registry["status"] == "reproduced")
                                  & (registry["basis"] == "our-assumptions")]
            shares = [robustness[c] for c in ours if c in robustness]
            if shares:
                text += (f" (they hold in a median {100 * pd.Series(shares).median():.0f} % of "
                         f"plausible inputs, across {len(shares)} sampled claims)")
        parts.append(text)
    return (f"The registry holds **{len(registry)} published claims** from five papers: "
            + "; ".join(parts) + ".")


def summary_markdown(registry: pd.DataFrame | None = None) -> str:
    """Counts per chapter and headline category as a MyST table linking to the chapters."""
    registry = load_claims() if registry is None else registry
    registry = registry.assign(category=registry.apply(headline_category, axis=1))
    counts = pd.crosstab(registry["chapter"], registry["category"])
    keys = [key for key, _ in HEADLINE]
    counts = counts.reindex(columns=keys, fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts.loc["all"] = counts.sum(axis=0)
    attempted = counts[["printed", "assumptions", "construction", "discrepancy", "not-reproducible"]].sum(axis=1)
    share = [f"{100 * p / a:.0f} %" if a else "—" for p, a in zip(counts["printed"], attempted)]
    shown = counts.rename(columns={"printed": "from printed", "assumptions": "under our assumptions",
                                   "construction": "by construction", "not-reproducible": "not reproducible"})
    shown["reproduced from printed (share)"] = share
    shown = shown.reset_index(names="chapter")
    shown["chapter"] = [chapter_link(c, short=True) if c in CHAPTERS else f"**{c}**" for c in shown["chapter"]]
    return _markdown_table(shown)


def finding_kind(row: Mapping[str, str]) -> tuple[str, str]:
    """``(key, label)`` of the kind of an open finding (a discrepancy or not-reproducible claim)."""
    diagnosis = str(row.get("diagnosis", "")).lower()
    for key, label, pattern in FINDING_KINDS:
        if re.search(pattern, diagnosis):
            return key, label
    if row["status"] == "not-reproducible":
        return KIND_FALLBACK["not-reproducible"]
    if row.get("basis") == "our-assumptions":
        return KIND_FALLBACK["our-assumptions"]
    return KIND_FALLBACK["other"]


def _shape(diagnosis: str) -> str:
    """A diagnosis with its numbers blanked: near-duplicates share a shape."""
    return re.sub(r"[-+]?\d[\d.,]*\s*%?", "#", diagnosis.strip().lower())


def open_findings_markdown(registry: pd.DataFrame | None = None) -> str:
    """Every discrepancy and not-reproducible claim, grouped by kind of finding, with
    near-duplicate diagnoses (the same sentence with other numbers) collapsed into one entry
    that counts them; diagnoses are escaped so they read as written."""
    registry = load_claims() if registry is None else registry
    findings = registry[registry["status"].isin(["discrepancy", "not-reproducible"])]
    if findings.empty:
        return "No open findings."
    kinds = findings.apply(lambda r: finding_kind(r)[0], axis=1)
    labels = dict(finding_kind(r) for _, r in findings.iterrows())
    order = [k for k, _, _ in FINDING_KINDS] + [v[0] for v in KIND_FALLBACK.values()]
    parts = []
    for kind in [k for k in order if k in set(kinds)]:
        group = findings[kinds == kind]
        parts.append(f"### {labels[kind]} ({len(group)})\n")
        entries = group.assign(shape=group["diagnosis"].map(_shape)).groupby(
            ["chapter", "shape"], sort=False)
        for (chapter_id, _), same in entries:
            first_id, first = same.index[0], same.iloc[0]
            where = chapter_link(chapter_id, short=True)
            if len(same) == 1:
                unit = "" if first["unit"] in ("", "-") else f" {md_escape(first['unit'])}"
                reproduced = md_escape(first["reproduced"]) if first["reproduced"] else "—"
                parts.append(f"- {where}, `{first_id}` ({md_escape(first['source'])}): published "
                             f"**{md_escape(first['published'])}{unit}**, reproduced **{reproduced}**. "
                             f"{md_escape(first['diagnosis'])}")
            else:
                ids = ", ".join(f"`{i}`" for i in same.index)
                parts.append(f"- {where}, **{len(same)} claims** alike "
                             f"({md_escape(first['source'])} …): {md_escape(first['diagnosis'])}"
                             f" *(and the same with other numbers: {ids})*")
        parts.append("")
    return "\n".join(parts)


def status_counts(registry: pd.DataFrame | None = None) -> dict[str, int]:
    """Total number of claims per status across the book."""
    registry = load_claims() if registry is None else registry
    return {s: int((registry["status"] == s).sum()) for s in STATUSES}


CATEGORY_COLOURS = {"printed": "#2a9d8f", "assumptions": "#8ab17d", "construction": "#7b7fd4",
                    "discrepancy": "#e76f51", "not-reproducible": "#8d99ae", "cited": "#e9c46a"}


def status_chart(registry: pd.DataFrame | None = None):
    """Stacked horizontal bars: claims per chapter by headline category. Returns the figure."""
    import matplotlib.pyplot as plt

    registry = load_claims() if registry is None else registry
    registry = registry.assign(category=registry.apply(headline_category, axis=1))
    keys = [key for key, _ in HEADLINE]
    counts = pd.crosstab(registry["chapter"], registry["category"]).reindex(columns=keys, fill_value=0)
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(counts) + 1.8))
    left = pd.Series(0, index=counts.index)
    short = {"printed": "from printed", "assumptions": "our assumptions", "construction": "by construction",
             "discrepancy": "discrepancy", "not-reproducible": "not reproducible", "cited": "cited"}
    for key in keys:
        ax.barh(counts.index, counts[key], left=left, color=CATEGORY_COLOURS[key], label=short[key])
        left = left + counts[key]
    ax.invert_yaxis()
    ax.set_xlabel("number of published claims")
    ax.legend(ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


# kept for callers that show the plain status table
__all__ = ["chapter_link", "headline_markdown", "headline_counts", "summary_markdown",
           "open_findings_markdown", "status_counts", "status_chart", "status_summary", "md_escape"]
