"""The reproducibility report's aggregation: headline by basis, findings by kind.

Every expectation below is counted or typed by hand from the small registry in ``ROWS``
(whose categories have different sizes, so that swapping two categories shows), and the
chapter titles are typed again from the chapter list, not taken from the code under test.
"""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from ev_compendium.claims import COLUMNS, load_claims
from ev_compendium.report import (
    CATEGORY_COLOURS,
    _markdown_table,
    _shape,
    chapter_link,
    finding_kind,
    headline_category,
    headline_counts,
    headline_markdown,
    md_escape,
    open_findings_markdown,
    status_chart,
    status_counts,
    summary_markdown,
)

matplotlib.use("Agg")

# id, chapter, source, status, basis, published, unit, reproduced, diagnosis
ROWS = [
    ("ch000.a", "ch000", "T1", "reproduced", "printed-arithmetic", "1", "kg", "", ""),
    ("ch000.b", "ch000", "T1", "reproduced", "paper-model", "2", "kg", "", ""),
    ("ch000.c", "ch000", "T2", "reproduced", "by-construction", "5", "%", "", "set from it"),
    ("ch000.d", "ch000", "S3", "reproduced", "our-assumptions", "6", "%", "", ""),
    ("ch000.e", "ch000", "T2", "discrepancy", "paper-model", "2", "-", "2.5", "Typo | in Table 2"),
    ("ch002.z", "ch002", "Intro", "cited", "", "7.8", "million", "", "context"),
    ("ch003.b", "ch003", "T3_a", "discrepancy", "paper-model", "4", "MJ", "4.2", "Units differ from Table 3"),
    ("ch003.c", "ch003", "T7", "not-reproducible", "paper-model", "3", "%", "", "figure only"),
    ("ch003.d", "ch003", "S4", "cited", "", "4", "%", "", "context"),
    ("ch003.e", "ch003", "T8", "discrepancy", "paper-model", "10", "kg", "11",
     "Em*alpha*E differs by 12.5 % from the printed value"),
    ("ch003.f", "ch003", "T8", "discrepancy", "paper-model", "20", "kg", "23",
     "Em*alpha*E differs by 3.1 % from the printed value"),
    ("ch003.g", "ch003", "T9", "reproduced", "paper-model", "7", "kg", "", ""),
    ("ch003.h", "ch003", "S5", "reproduced", "our-assumptions", "8", "kg", "", ""),
]
# counted by hand from ROWS
COUNTS = {"printed": 3, "assumptions": 2, "construction": 1, "discrepancy": 4,
          "not-reproducible": 1, "cited": 2}
LINK = {"ch000": "{doc}`ECC manufacturing (ch000) <ch000-ecc-manufacturing>`",
        "ch002": "{doc}`Circularity matrix (ch002) <ch002-circularity-matrix>`",
        "ch003": "{doc}`Dual-storage LCA (ch003) <ch003-dess-lca>`"}


def _registry(rows=ROWS) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["id", "chapter", "source", "status", "basis", "published",
                                        "unit", "reproduced", "diagnosis"]).set_index("id")
    frame["quantity"] = "q"
    return frame


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """The same registry as CSV files, so that the functions' default (the book's registry,
    read by load_claims) can be checked too."""
    (tmp_path / "claims").mkdir()
    frame = _registry().reset_index()
    frame["kind"] = "numeric"
    frame["tolerance"] = [("0.1" if s in ("reproduced", "discrepancy") else "") for s in frame["status"]]
    frame["unit"] = frame["unit"].replace("", "-")
    for chapter, rows in frame.groupby("chapter"):
        rows[COLUMNS].to_csv(tmp_path / "claims" / f"{chapter}.csv", index=False)
    monkeypatch.setenv("EV_COMPENDIUM_DATA", str(tmp_path))
    assert len(load_claims()) == len(ROWS)
    return tmp_path


def test_headline_categories_by_hand():
    categories = [headline_category(row) for _, row in _registry().iterrows()]
    assert categories == ["printed", "printed", "construction", "assumptions", "discrepancy",
                          "cited", "discrepancy", "not-reproducible", "cited", "discrepancy",
                          "discrepancy", "printed", "assumptions"]
    # a row without a basis is judged on its status alone
    assert headline_category({"status": "reproduced"}) == "printed"
    assert headline_category({"status": "cited"}) == "cited"


def test_headline_never_counts_by_construction_as_reproduced():
    assert headline_counts(_registry()) == COUNTS


def test_headline_counts_of_an_empty_registry():
    assert headline_counts(_registry([])) == dict.fromkeys(COUNTS, 0)


HEADLINE = ("The registry holds **13 published claims** from five papers: "
            "**3** reproduced from the paper's printed numbers or its model; "
            "**2** reproduced only under our assumptions{robust}; "
            "**1** agree by construction (not counted as reproduced); "
            "**4** discrepancies; "
            "**1** not reproducible from what the paper prints; "
            "**2** cited context (not model outputs).")


def test_headline_text():
    assert headline_markdown(_registry()) == HEADLINE.format(robust="")
    # robustness of the two claims reproduced under our assumptions: median of 0.6 and 0.9;
    # shares of other claims (a printed one, a by-construction one) are not theirs
    robustness = {"ch000.d": 0.6, "ch003.h": 0.9, "ch000.a": 0.0, "ch000.c": 0.1, "ch003.e": 0.2}
    assert headline_markdown(_registry(), robustness=robustness) == HEADLINE.format(
        robust=" (they hold in a median 75 % of plausible inputs, across 2 sampled claims)")
    # only sampled claims count; none sampled: no parenthesis
    assert headline_markdown(_registry(), robustness={"ch000.d": 0.4}) == HEADLINE.format(
        robust=" (they hold in a median 40 % of plausible inputs, across 1 sampled claims)")
    assert headline_markdown(_registry(), robustness={"ch000.a": 0.4}) == HEADLINE.format(robust="")


SUMMARY = """\
| chapter | from printed | under our assumptions | by construction | discrepancy | not reproducible | cited | total | reproduced from printed (share) |
|---|---|---|---|---|---|---|---|---|
| {ch000} | 2 | 1 | 1 | 1 | 0 | 0 | 5 | 40 % |
| {ch002} | 0 | 0 | 0 | 0 | 0 | 1 | 1 | — |
| {ch003} | 1 | 1 | 0 | 3 | 1 | 1 | 7 | 17 % |
| **all** | 3 | 2 | 1 | 4 | 1 | 2 | 13 | 27 % |"""


def test_summary_links_chapters_and_splits_by_basis():
    # share reproduced from printed numbers = printed / (all but cited): 2/5, none of 0,
    # 1/6 = 16.7 %, 3/11 = 27.3 %
    assert summary_markdown(_registry()) == SUMMARY.format(**LINK)


def test_summary_fills_absent_categories_and_unknown_chapters():
    rows = [("ch000.a", "ch000", "T1", "reproduced", "paper-model", "1", "kg", "", ""),
            ("ch999.a", "ch999", "T1", "cited", "", "1", "kg", "", "context")]
    lines = summary_markdown(_registry(rows)).splitlines()
    assert lines[2:] == [f"| {LINK['ch000']} | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 100 % |",
                         "| **ch999** | 0 | 0 | 0 | 0 | 0 | 1 | 1 | — |",
                         "| **all** | 1 | 0 | 0 | 0 | 0 | 1 | 2 | 100 % |"]


def test_markdown_table_escapes_pipes():
    frame = pd.DataFrame({"a": ["x|y", "2"], "b c": [1, 2.5]}, index=["i", "j"])
    assert _markdown_table(frame) == "| a | b c |\n|---|---|\n| x\\|y | 1.0 |\n| 2 | 2.5 |"


FINDINGS = """\
### Typo in the paper (1)

- {ch000}, `ch000.e` (T2): published **2**, reproduced **2.5**. Typo \\| in Table 2

### Not enough printed to reproduce (1)

- {ch003}, `ch003.c` (T7): published **3 %**, reproduced **—**. figure only

### Other discrepancies (3)

- {ch003}, `ch003.b` (T3\\_a): published **4 MJ**, reproduced **4.2**. Units differ from Table 3
- {ch003}, **2 claims** alike (T8 …): Em\\*alpha\\*E differs by 12.5 % from the printed value *(and the same with other numbers: `ch003.e`, `ch003.f`)*
"""


def test_findings_grouped_by_kind_with_near_duplicates_collapsed():
    # kinds in the order of report.FINDING_KINDS then the fallbacks; entries in registry order
    assert open_findings_markdown(_registry()) == FINDINGS.format(**LINK)


def test_findings_without_unit_or_reproduced_value():
    rows = [("ch001.a", "ch001", "S2", "not-reproducible", "paper-model", "12", "", "", "Figure 3 values not printed"),
            ("ch001.b", "ch001", "S2", "discrepancy", "paper-model", "3", "-", "4", "rounding of 3.46")]
    link = "{doc}`Energy security and V2G (ch001) <ch001-energy-security-v2g>`"
    assert open_findings_markdown(_registry(rows)) == (
        "### Rounding in the paper (1)\n\n"
        f"- {link}, `ch001.b` (S2): published **3**, reproduced **4**. rounding of 3.46\n\n"
        "### Not enough printed to reproduce (1)\n\n"
        f"- {link}, `ch001.a` (S2): published **12**, reproduced **—**. Figure 3 values not printed\n")


def test_no_findings():
    assert open_findings_markdown(_registry([r for r in ROWS if r[3] in ("reproduced", "cited")])) == (
        "No open findings.")


def test_near_duplicates_differ_only_in_numbers():
    assert _shape("  Off by -12.5 % and +3,000 ") == "off by # and #"
    assert _shape("Off by 7%") == _shape("off by 12 %")
    assert _shape("Maß 5") != _shape("Mass 5")  # different words are different sentences


@pytest.mark.parametrize("row, kind", [
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "A TYPO in Table 2"}, "typo"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "Rounding: 3.46 printed as 3"}, "rounding"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "due to rounding"}, "rounding"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "text vs table: 12 in the text"}, "text-vs-table"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "Text vs. Table"}, "text-vs-table"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "text and table differ"}, "text-vs-table"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "table vs text"}, "text-vs-table"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "Inconsistent with Eq. 3"}, "paper-inconsistency"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "contradicts Table 4"}, "paper-inconsistency"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "Our model omits losses"}, "our-model"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "our assumed grid factor"}, "our-model"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "We assume 300 days"}, "our-model"),
    ({"status": "discrepancy", "basis": "our-assumptions", "diagnosis": "differs"}, "our-assumptions"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "differs"}, "other"),
    ({"status": "discrepancy", "basis": "our-assumptions"}, "our-assumptions"),  # no diagnosis
    ({"status": "not-reproducible", "basis": "our-assumptions", "diagnosis": "Figure 3 values not printed"},
     "not-printed"),
    ({"status": "not-reproducible", "basis": "paper-model", "diagnosis": "a typo prevents it"}, "typo"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "typography"}, "typo"),  # \btypo: prefix
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "subtypo"}, "other"),
    ({"status": "discrepancy", "basis": "paper-model", "diagnosis": "the surroundings"}, "other"),
])
def test_finding_kinds(row, kind):
    assert finding_kind(row)[0] == kind


def test_finding_kind_labels():
    assert finding_kind({"status": "discrepancy", "diagnosis": "typo"}) == ("typo", "Typo in the paper")
    assert finding_kind({"status": "not-reproducible", "diagnosis": ""}) == (
        "not-printed", "Not enough printed to reproduce")
    assert finding_kind({"status": "discrepancy", "basis": "our-assumptions"}) == (
        "our-assumptions", "Depends on our assumptions")
    assert finding_kind({"status": "discrepancy"}) == ("other", "Other discrepancies")


def test_markdown_escaping_keeps_text_literal():
    assert md_escape("Em*alpha*E_r $x$") == "Em\\*alpha\\*E\\_r \\$x\\$"
    assert md_escape(r"a\b`c{d}[e](f)<g>#h+i!j|k~l") == r"a\\b\`c\{d\}\[e\]\(f\)\<g\>\#h\+i\!j\|k\~l"
    assert md_escape("plain text, 3.5 % - ok") == "plain text, 3.5 % - ok"
    assert md_escape(2.5) == "2.5"


def test_chapter_links():
    assert chapter_link("ch004") == "{doc}`ch004-carbon-trading-game`"
    assert chapter_link("ch004", short=True) == (
        "{doc}`Carbon-trading game (ch004) <ch004-carbon-trading-game>`")
    with pytest.raises(KeyError):
        chapter_link("ch999")


def test_status_counts():
    assert status_counts(_registry()) == {
        "reproduced": 6, "discrepancy": 4, "not-reproducible": 1, "cited": 2}


def test_functions_read_the_books_registry_by_default(data_dir):
    assert headline_counts() == COUNTS
    assert status_counts() == {"reproduced": 6, "discrepancy": 4, "not-reproducible": 1, "cited": 2}
    assert headline_markdown() == HEADLINE.format(robust="")
    assert summary_markdown() == SUMMARY.format(**LINK)
    assert open_findings_markdown() == FINDINGS.format(**LINK)
    fig = status_chart()
    assert [p.get_width() for p in fig.axes[0].patches][:3] == [2, 0, 1]  # printed per chapter
    matplotlib.pyplot.close(fig)


LABELS = ["from printed", "our assumptions", "by construction", "discrepancy", "not reproducible",
          "cited"]


def _bars(fig):
    """{(chapter, label): (left, width, colour)}, chapters read from the y axis."""
    ax = fig.axes[0]
    chapters = [t.get_text() for t in ax.get_yticklabels()]
    bars = {}
    for container, label in zip(ax.containers, LABELS):
        for chapter, patch in zip(chapters, container.patches):
            bars[chapter, label] = (patch.get_x(), patch.get_width(), to_hex(patch.get_facecolor()))
    return bars


def test_status_chart_stacks_one_bar_per_chapter_and_category():
    fig = status_chart(_registry())
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["ch000", "ch002", "ch003"]
    assert ax.yaxis_inverted()  # first chapter on top
    assert len(ax.patches) == 3 * 6
    # counted by hand (columns of SUMMARY); each bar starts where the previous one ends
    widths = {"ch000": [2, 1, 1, 1, 0, 0], "ch002": [0, 0, 0, 0, 0, 1], "ch003": [1, 1, 0, 3, 1, 1]}
    colours = ["#2a9d8f", "#8ab17d", "#7b7fd4", "#e76f51", "#8d99ae", "#e9c46a"]
    bars = _bars(fig)
    for chapter, row in widths.items():
        for i, label in enumerate(LABELS):
            assert bars[chapter, label] == (sum(row[:i]), row[i], colours[i])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == LABELS
    assert ax.get_xlabel() == "number of published claims"
    matplotlib.pyplot.close(fig)


def test_status_chart_with_absent_categories():
    rows = [r for r in ROWS if r[4] not in ("by-construction", "our-assumptions")]
    bars = _bars(fig := status_chart(_registry(rows)))
    assert bars["ch000", "by construction"] == (2, 0, CATEGORY_COLOURS["construction"])
    assert bars["ch000", "discrepancy"] == (2, 1, CATEGORY_COLOURS["discrepancy"])
    assert bars["ch003", "cited"] == (5, 1, CATEGORY_COLOURS["cited"])
    matplotlib.pyplot.close(fig)


def test_status_chart_layout():
    """Legend above the bars (three columns, no frame), open top/right, 8 in wide and
    0.55 in per chapter plus 1.8 in for the axis and legend."""
    fig = status_chart(_registry())
    ax = fig.axes[0]
    assert tuple(fig.get_size_inches()) == pytest.approx((8.0, 3 * 0.55 + 1.8))
    legend = ax.get_legend()
    assert legend._ncols == 3 and not legend.get_frame_on()
    assert legend._loc == 8  # "lower center" of the legend ...
    anchor = legend.get_bbox_to_anchor().transformed(ax.transAxes.inverted())
    assert (anchor.x0, anchor.y0) == pytest.approx((0.5, 1.0))  # ... at the top centre of the axes
    assert [ax.spines[s].get_visible() for s in ("top", "right", "bottom", "left")] == [
        False, False, True, True]
    matplotlib.pyplot.close(fig)
