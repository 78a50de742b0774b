"""The reproducibility report's aggregation."""

from __future__ import annotations

import pandas as pd

from ev_compendium.report import open_findings_markdown, status_chart, status_counts, summary_markdown


def _registry():
    return pd.DataFrame({
        "chapter": ["ch000", "ch000", "ch003", "ch003"],
        "source": ["T1", "T2", "T7", "S4"],
        "quantity": ["a", "b", "c", "d"],
        "published": ["1", "2", "3", "4"],
        "unit": ["kg", "-", "%", "%"],
        "status": ["reproduced", "discrepancy", "not-reproducible", "cited"],
        "reproduced": ["", "2.5", "", ""],
        "diagnosis": ["", "typo | in table", "figure only", "context"],
    }, index=["ch000.a", "ch000.b", "ch003.c", "ch003.d"])


def test_summary_links_chapters_and_counts():
    text = summary_markdown(_registry())
    lines = text.splitlines()
    assert lines[0].startswith("| chapter | reproduced | discrepancy | not reproducible | cited | total")
    assert "| {doc}`ECC manufacturing (ch000) <ch000-ecc-manufacturing>` | 1 | 1 | 0 | 0 | 2 | 50 % |" in lines
    assert "| {doc}`Dual-storage LCA (ch003) <ch003-dess-lca>` | 0 | 0 | 1 | 1 | 2 | 0 % |" in lines
    assert lines[-1].startswith("| **all chapters** | 1 | 1 | 1 | 1 | 4 |")


def test_open_findings_list_only_unreproduced_with_diagnosis():
    text = open_findings_markdown(_registry())
    assert "`ch000.b`" in text and "`ch003.c`" in text
    assert "`ch000.a`" not in text and "`ch003.d`" not in text
    assert ("- `ch000.b` (T2): published **2**, reproduced **2.5**. *discrepancy*: typo | in table"
            in text.splitlines())
    assert "- `ch003.c` (T7): published **3 %**, reproduced **—**. *not-reproducible*: figure only" in text


def test_status_counts():
    assert status_counts(_registry()) == {
        "reproduced": 1, "discrepancy": 1, "not-reproducible": 1, "cited": 1}


def test_status_chart_draws_one_bar_per_chapter_and_status():
    import matplotlib

    matplotlib.use("Agg")
    fig = status_chart(_registry())
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * 4  # two chapters x four statuses (zero-width bars included)
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == [0, 0, 0, 0, 1, 1, 1, 1]
