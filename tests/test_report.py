"""The reproducibility report's aggregation: headline by basis, findings by kind."""

from __future__ import annotations

import pandas as pd

from ev_compendium.report import (
    finding_kind,
    headline_counts,
    headline_markdown,
    md_escape,
    open_findings_markdown,
    status_chart,
    status_counts,
    summary_markdown,
)


def _registry():
    rows = [
        # id, chapter, source, status, basis, published, unit, reproduced, diagnosis
        ("ch000.a", "ch000", "T1", "reproduced", "printed-arithmetic", "1", "kg", "", ""),
        ("ch000.b", "ch000", "T2", "discrepancy", "paper-model", "2", "-", "2.5", "typo | in table"),
        ("ch000.c", "ch000", "T2", "reproduced", "by-construction", "5", "%", "", "set from it"),
        ("ch000.d", "ch000", "S3", "reproduced", "our-assumptions", "6", "%", "", ""),
        ("ch003.c", "ch003", "T7", "not-reproducible", "paper-model", "3", "%", "", "figure only"),
        ("ch003.d", "ch003", "S4", "cited", "", "4", "%", "", "context"),
        ("ch003.e", "ch003", "T8", "discrepancy", "paper-model", "10", "kg", "11",
         "Em*alpha*E differs by 12.5 % from the printed value"),
        ("ch003.f", "ch003", "T8", "discrepancy", "paper-model", "20", "kg", "23",
         "Em*alpha*E differs by 3.1 % from the printed value"),
    ]
    frame = pd.DataFrame(rows, columns=["id", "chapter", "source", "status", "basis", "published",
                                        "unit", "reproduced", "diagnosis"]).set_index("id")
    frame["quantity"] = "q"
    return frame


def test_headline_never_counts_by_construction_as_reproduced():
    counts = headline_counts(_registry())
    assert counts == {"printed": 1, "assumptions": 1, "construction": 1, "discrepancy": 3,
                      "not-reproducible": 1, "cited": 1}
    text = headline_markdown(_registry(), robustness={"ch000.d": 0.8})
    assert "**8 published claims**" in text
    assert "**1** agree by construction (not counted as reproduced)" in text
    assert "median 80 % of plausible inputs" in text


def test_summary_links_chapters_and_splits_by_basis():
    lines = summary_markdown(_registry()).splitlines()
    assert lines[0].startswith("| chapter | from printed | under our assumptions | by construction | "
                               "discrepancy | not reproducible | cited | total |")
    # ch000: 1 printed of 4 attempted (printed, assumptions, construction, discrepancy) = 25 %
    assert "| {doc}`ECC manufacturing (ch000) <ch000-ecc-manufacturing>` | 1 | 1 | 1 | 1 | 0 | 0 | 4 | 25 % |" in lines
    assert lines[-1].startswith("| **all** | 1 | 1 | 1 | 3 | 1 | 1 | 8 |")


def test_findings_grouped_by_kind_with_near_duplicates_collapsed():
    text = open_findings_markdown(_registry())
    assert "### Typo in the paper (1)" in text
    assert "### Not enough printed to reproduce (1)" in text
    assert "`ch000.a`" not in text and "`ch003.d`" not in text and "`ch000.c`" not in text
    # the two Table 8 diagnoses differ only in their numbers: one entry that counts them
    assert text.count("Em\\*alpha\\*E") == 1
    assert "**2 claims** alike" in text and "`ch003.e`, `ch003.f`" in text


def test_finding_kinds():
    assert finding_kind({"status": "discrepancy", "basis": "paper-model",
                         "diagnosis": "text vs table: 12 in the text"})[0] == "text-vs-table"
    assert finding_kind({"status": "discrepancy", "basis": "our-assumptions",
                         "diagnosis": "differs"})[0] == "our-assumptions"
    assert finding_kind({"status": "not-reproducible", "basis": "paper-model",
                         "diagnosis": "Figure 3 values not printed"})[0] == "not-printed"


def test_markdown_escaping_keeps_text_literal():
    assert md_escape("Em*alpha*E_r $x$") == "Em\\*alpha\\*E\\_r \\$x\\$"


def test_status_counts():
    assert status_counts(_registry()) == {
        "reproduced": 3, "discrepancy": 3, "not-reproducible": 1, "cited": 1}


def test_status_chart_draws_one_bar_per_chapter_and_category():
    import matplotlib

    matplotlib.use("Agg")
    fig = status_chart(_registry())
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * 6  # two chapters x six categories (zero-width bars included)
    assert sum(p.get_width() for p in ax.patches) == 8
