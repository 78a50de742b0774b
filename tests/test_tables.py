"""Presentation of data tables."""

import re

import numpy as np
import pandas as pd
import pytest

from ev_compendium.claims import check_claims
from ev_compendium.tables import WrappingFrame, for_display


def test_for_display_drops_float_artefacts_and_marks_gaps():
    frame = pd.DataFrame({"units": [12876.0, np.nan], "kwh": [31.08, 318.0], "name": ["bus", None]})
    shown = for_display(frame)
    assert shown.to_dict("list") == {"units": [12876, "—"], "kwh": [31.08, 318.0], "name": ["bus", "—"]}
    assert str(shown.loc[0, "units"]) == "12876"
    assert frame.loc[1, "units"] != frame.loc[1, "units"]  # the input keeps its NaN


def test_wrapping_frame_keeps_text_and_breaks_ids_in_html():
    frame = pd.DataFrame({"diagnosis": ["x" * 200, "see lag_mature, 51.8 %"]},
                         index=["ch002.s4_1.design_critical", "ch002.s4_2.cathode_share"])
    shown = WrappingFrame(frame)
    assert repr(shown) == repr(frame)  # the text nbval compares is the frame's own
    html = shown._repr_html_()
    assert "ch002.<wbr>s4_1.<wbr>design_<wbr>critical" in html  # no break inside "s4_1"
    assert "lag_<wbr>mature, 51.8 %" in html
    assert "x" * 200 in html  # not truncated
    assert "\u200b" not in html
    # long words can break at a soft hyphen; the text form is untouched
    table = WrappingFrame(pd.DataFrame({"status": ["discrepancy"]}))
    assert "discrep\u00adancy" in table._repr_html_() and "\u00ad" not in repr(table)


def test_claim_tables_wrap_in_html_and_keep_their_text():
    table = check_claims("ch002", {}, only=("ch002.s3",))  # cited claims: nothing to compute
    assert isinstance(table, WrappingFrame)
    subset = table[["published", "status"]]
    assert isinstance(subset, WrappingFrame)  # selections keep the HTML behaviour
    assert repr(subset) == repr(pd.DataFrame(subset))
    assert "<wbr>" in subset._repr_html_()


def test_claim_table_html_is_a_compact_verdict_table():
    """Five columns (quantity | published | reproduced | unit | verdict), the id, source, basis
    and diagnosis on a second line, cited context collapsed; the text form keeps every column."""
    table = check_claims("ch001", {"ch001.s1_1.contributions_sum_to_100": True},
                         only=("ch001.intro", "ch001.s1"))
    html = table._repr_html_()
    main, _, cited = html.partition('<details class="cited-context">')
    headers = re.findall(r"<th>([^<]*)</th>", main.split("</thead>")[0])
    assert headers == ["quantity", "published", "reproduced", "unit", "verdict"]
    assert "ch001.<wbr>s1_1.<wbr>contributions_<wbr>sum_<wbr>to_<wbr>100" in main
    assert "✓ reproduced" in main and "basis: <span class=\"basis\">printed-arithmetic</span>" in main
    n_cited = int((table["status"] == "cited").sum())
    assert n_cited and f"<summary>{n_cited} cited context values" in cited
    assert main.count('<tr class="claim ') == int((table["status"] != "cited").sum())
    assert list(table.columns) == list(pd.DataFrame(table).columns)  # the data keep their order


@pytest.mark.parametrize("status, basis, check, label", [
    ("reproduced", "printed-arithmetic", "ok", "✓ reproduced"),
    ("reproduced", "by-construction", "ok", "◐ by construction"),
    ("discrepancy", "paper-model", "ok", "≠ discrepancy"),
    ("not-reproducible", "our-assumptions", "", "– not reproducible"),
    ("reproduced", "paper-model", "FAIL", "✗ no longer holds"),
    ("discrepancy", "paper-model", "FAIL", "≠ changed"),
])
def test_verdict_words_never_rely_on_colour_alone(status, basis, check, label):
    from ev_compendium.tables import verdict_word

    assert verdict_word(status, basis, check)[1] == label


def test_numbers_never_get_break_points():
    html = WrappingFrame(pd.DataFrame({"value": ["[0.3, 0.8]", "s4_1"]}))._repr_html_()
    assert "[0.3, 0.8]" in html and "s4_1" in html


def test_long_tables_collapse_routine_agreement_but_keep_findings_in_view():
    from ev_compendium.tables import ROUTINE_COLLAPSE_ROWS, verdict_html

    rows = [(f"ch999.r{i}", "reproduced", "printed-arithmetic", "ok") for i in range(ROUTINE_COLLAPSE_ROWS)]
    rows += [("ch999.d", "discrepancy", "paper-model", "ok"), ("ch999.a", "reproduced", "our-assumptions", "ok"),
             ("ch999.b", "reproduced", "by-construction", "ok")]
    frame = pd.DataFrame([{"claim": c, "status": s, "basis": b, "check": k, "source": "T1", "quantity": c,
                           "published": "1", "reproduced": "1", "unit": "-", "deviation": "+0.00 %",
                           "diagnosis": ""} for c, s, b, k in rows]).set_index("claim")
    html = verdict_html(frame, {"ch999.a": 0.75})
    shown, _, hidden = html.partition('<details class="routine">')
    assert f"<summary>{ROUTINE_COLLAPSE_ROWS} more claims reproduced" in hidden
    for claim in ("ch999.d", "ch999.a", "ch999.b"):
        assert f">{claim}</td>" in shown  # the quantity cell of each finding stays in view
    assert ">ch999.r0</td>" in hidden and ">ch999.r0</td>" not in shown
    assert "holds in 75 % of plausible inputs" in shown and "deviation +0.00 %" not in html
    short = verdict_html(frame.iloc[-4:])  # a short table shows everything
    assert '<details class="routine">' not in short
