"""The claims registry: validation on load, and the published-vs-reproduced check.

Expected tables, deviations and messages are worked out by hand from the small registry in
``ROWS`` and the rules in claims.py's docstring; formatting is checked against a second
method (exact decimal rounding of the binary value).
"""

from __future__ import annotations

import os
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ev_compendium.chapters import CHAPTERS
from ev_compendium.claims import (
    COLUMNS,
    ClaimCheckError,
    ClaimTable,
    RegistryError,
    check_claims,
    format_number,
    load_claims,
    parse_tolerance,
    published_holds,
    status_summary,
)

HEADER = ",".join(COLUMNS)
ROWS = [
    "ch999.total,ch999,Table 2 total,total reduction,numeric,23.8,%,0.05,reproduced,paper-model,,",
    "ch999.energy,ch999,Table 1 SAIC,energy x factor,numeric,895.5,kg,0.05,discrepancy,printed-arithmetic,895.23,rounding of the factor",
    "ch999.rel,ch999,Section 4,relative claim,numeric,1000,kWh,1%,reproduced,our-assumptions,,",
    "ch999.rises,ch999,Section 5,revenue rises with gap,qualitative,true,-,,reproduced,by-construction,,",
    "ch999.sales,ch999,Introduction,2022 sales,numeric,7.8,million,,cited,,,context for the market",
    "ch999.missing,ch999,Figure 3,value read from a figure,numeric,12,%,,not-reproducible,our-assumptions,,figure data not given",
    "ch999.zero,ch999,Table 3,net balance,numeric,0,t,0.5,reproduced,printed-arithmetic,,",
    "ch999.falls,ch999,Section 6,cost falls,qualitative,TRUE,-,,discrepancy,paper-model,false,the model's cost rises",
]
IDS = ["ch999.total", "ch999.energy", "ch999.rel", "ch999.rises", "ch999.sales", "ch999.missing",
       "ch999.zero", "ch999.falls"]


@pytest.fixture
def registry(tmp_path, monkeypatch):
    (tmp_path / "claims").mkdir()
    path = tmp_path / "claims" / "ch999.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n")
    monkeypatch.setenv("EV_COMPENDIUM_DATA", str(tmp_path))
    return path


GOOD = {"ch999.total": 23.78, "ch999.energy": 895.2276, "ch999.rel": 1009.0, "ch999.rises": True,
        "ch999.zero": -0.25, "ch999.falls": False}


def test_good_values_give_the_table_by_hand(registry):
    table = check_claims("ch999", GOOD)
    assert isinstance(table, ClaimTable)
    expected = pd.DataFrame(
        [  # source, quantity, published, reproduced, unit, deviation, status, basis, check, diagnosis
            ["Table 2 total", "total reduction", "23.8", "23.78", "%", "-0.08 %", "reproduced",
             "paper-model", "ok", ""],  # (23.78 - 23.8) / 23.8 = -0.084 %
            ["Table 1 SAIC", "energy x factor", "895.5", "895.23", "kg", "-0.03 %", "discrepancy",
             "printed-arithmetic", "ok", "rounding of the factor"],  # -0.2724 / 895.5 = -0.030 %
            ["Section 4", "relative claim", "1000", "1009", "kWh", "+0.90 %", "reproduced",
             "our-assumptions", "ok", ""],
            ["Section 5", "revenue rises with gap", "true", "true", "-", "", "reproduced",
             "by-construction", "ok", ""],
            ["Introduction", "2022 sales", "7.8", "—", "million", "", "cited", "", "",
             "context for the market"],
            ["Figure 3", "value read from a figure", "12", "—", "%", "", "not-reproducible",
             "our-assumptions", "", "figure data not given"],
            ["Table 3", "net balance", "0", "-0.25", "t", "-0.25", "reproduced",  # published 0:
             "printed-arithmetic", "ok", ""],                                     # absolute deviation
            ["Section 6", "cost falls", "TRUE", "false", "-", "", "discrepancy", "paper-model", "ok",
             "the model's cost rises"],
        ],
        columns=["source", "quantity", "published", "reproduced", "unit", "deviation", "status",
                 "basis", "check", "diagnosis"],
        index=pd.Index(IDS, name="claim"))
    pd.testing.assert_frame_equal(pd.DataFrame(table), expected)


@pytest.mark.parametrize("change, message", [
    ({"ch999.total": 23.9}, "ch999.total: 23.9 is outside 23.8 ± 0.05"),
    ({"ch999.total": 23.7}, "ch999.total: 23.7 is outside 23.8 ± 0.05"),
    ({"ch999.rel": 1011.0}, "ch999.rel: 1011 is outside 1000 ± 10"),       # 1 % of 1000
    ({"ch999.rel": 989.5}, "ch999.rel: 989.5 is outside 1000 ± 10"),
    ({"ch999.zero": 0.75}, "ch999.zero: 0.75 is outside 0 ± 0.5"),
    ({"ch999.energy": 894.0}, "ch999.energy: 894 drifted from the documented reproduced value 895.23"),
    ({"ch999.energy": 895.3}, "ch999.energy: 895.3 drifted from the documented reproduced value 895.23"),
    ({"ch999.energy": 895.5}, "ch999.energy: now reproduces the published 895.5 (status should become 'reproduced')"),
    ({"ch999.energy": 895.46}, "ch999.energy: now reproduces the published 895.5 (status should become 'reproduced')"),
    ({"ch999.rises": False}, "ch999.rises: check returned False, the paper claims True"),
    ({"ch999.falls": True}, "ch999.falls: now holds (status should become 'reproduced')"),
])
def test_one_failed_check_is_reported_exactly(registry, change, message):
    with pytest.raises(ClaimCheckError) as info:
        check_claims("ch999", {**GOOD, **change})
    assert str(info.value) == f"1 claim check(s) failed in ch999:\n  {message}"
    table = check_claims("ch999", {**GOOD, **change}, strict=False)
    assert list(table["check"]) == ["FAIL" if i == message.split(":")[0] else ("" if i in (
        "ch999.sales", "ch999.missing") else "ok") for i in IDS]


def test_every_failure_is_listed_in_registry_order(registry):
    with pytest.raises(ClaimCheckError) as info:
        check_claims("ch999", {**GOOD, "ch999.rises": False, "ch999.total": 30})
    assert str(info.value) == ("2 claim check(s) failed in ch999:\n"
                               "  ch999.total: 30 is outside 23.8 ± 0.05\n"
                               "  ch999.rises: check returned False, the paper claims True")


def test_tolerance_boundaries(registry):
    # exactly on the printed rounding (23.75 and 23.85 print as 23.8): inside
    for total in (23.75, 23.85, 23.8):
        assert check_claims("ch999", {**GOOD, "ch999.total": total}).loc["ch999.total", "check"] == "ok"
    for total in (23.7499, 23.8501):
        table = check_claims("ch999", {**GOOD, "ch999.total": total}, strict=False)
        assert table.loc["ch999.total", "check"] == "FAIL"
    for rel, check in ((990.0, "ok"), (1010.0, "ok"), (989.99, "FAIL"), (1010.01, "FAIL")):
        table = check_claims("ch999", {**GOOD, "ch999.rel": rel}, strict=False)
        assert table.loc["ch999.rel", "check"] == check
    # a discrepancy stays within the tolerance of its documented value (895.23 +- 0.05)
    for energy, check in ((895.18, "ok"), (895.28, "ok"), (895.17, "FAIL"), (895.29, "FAIL")):
        table = check_claims("ch999", {**GOOD, "ch999.energy": energy}, strict=False)
        assert table.loc["ch999.energy", "check"] == check


def _claim(published, tolerance, kind="numeric"):
    return {"kind": kind, "published": published, "tolerance": tolerance}


@pytest.mark.parametrize("claim, value, holds", [
    (_claim("23.8", "0.05"), 23.75, True),       # float error at the exact boundary is forgiven
    (_claim("23.8", "0.05"), 23.85, True),
    (_claim("23.8", "0.05"), 23.749, False),
    (_claim("-40", "0.5%"), -40.2, True),        # relative to |published|
    (_claim("-40", "0.5%"), -39.8, True),
    (_claim("-40", "0.5%"), -40.21, False),
    (_claim("5", "0"), 5.0, True),               # zero tolerance: exact (to 1e-12) only
    (_claim("5", "0"), 5.0 + 4e-15, True),
    (_claim("5", "0"), 5.0 + 1e-9, False),
    (_claim("0", "0"), 5e-13, True),
    (_claim("0", "0"), 1e-12, True),             # exactly the slack: still inside
    (_claim("0", "0"), 2e-12, False),
    (_claim("0", "10%"), 1e-13, True),            # 10 % of 0 is 0
    (_claim("0", "10%"), 1e-6, False),
    (_claim("1e9", "0.001%"), 1e9 + 10_000, True),
    (_claim("1e9", "0.001%"), 1e9 + 10_001, False),
    (_claim("true", "", "qualitative"), True, True),
    (_claim("True", "", "qualitative"), np.bool_(False), False),
    (_claim("false", "", "qualitative"), False, True),
    (_claim("FALSE", "", "qualitative"), True, False),
])
def test_published_holds(claim, value, holds):
    assert published_holds(claim, value, "c") is holds


@pytest.mark.parametrize("claim, value, message", [
    (_claim("1", "0.1"), True, "claim c: numeric claim got a boolean True"),
    (_claim("1", "0.1"), np.bool_(False), "claim c: numeric claim got a boolean np.False_"),
    (_claim("1", "0.1"), "abc", "claim c: not a number: 'abc'"),
    (_claim("1", "0.1"), None, "claim c: not a number: None"),
    (_claim("1", "0.1"), float("inf"), "claim c: reproduced value is inf (not finite)"),
    (_claim("1", "0.1"), float("nan"), "claim c: reproduced value is nan (not finite)"),
    (_claim("true", "", "qualitative"), 1, "claim c: qualitative claims take True/False, got 1"),
    (_claim("true", "", "qualitative"), "true", "claim c: qualitative claims take True/False, got 'true'"),
])
def test_published_holds_refuses_wrong_types(claim, value, message):
    with pytest.raises(ClaimCheckError) as info:
        published_holds(claim, value, "c")
    assert str(info.value) == message


def test_claim_table_html_is_a_verdict_table_with_recorded_robustness(registry):
    """In HTML the full table is the compact verdict table, showing the recorded robustness of
    claims that rest on our assumptions only; a selection of columns is shown as it is."""
    from ev_compendium.tables import verdict_html

    (registry.parent.parent / "robustness").mkdir()
    (registry.parent.parent / "robustness" / "ch999.csv").write_text(
        "# recorded\nclaim,share_holds\nch999.rel,0.8\nch999.total,0.5\nch999.missing,0.3\n"
        "ch999.gone,0.1\n")
    table = check_claims("ch999", GOOD)
    html = table._repr_html_()
    # our-assumptions: ch999.rel and ch999.missing; ch999.total rests on the paper's model and
    # ch999.gone is not in the table
    assert html == verdict_html(table, {"ch999.rel": 0.8, "ch999.missing": 0.3})
    assert "holds in 80 % of plausible inputs" in html and "holds in 50 %" not in html
    assert html.startswith('<div class="verdicts">')
    # exactly the columns the verdict table needs (no deviation) are enough for it
    assert table.drop(columns="deviation")._repr_html_().startswith('<div class="verdicts">')
    part = table[["quantity", "published", "reproduced"]]
    html = part._repr_html_()
    assert 'class="verdicts"' not in html and "<table" in html and ">total reduction</td>" in html


def test_published_holds_without_a_claim_id():
    with pytest.raises(ClaimCheckError) as info:
        published_holds(_claim("1", "0.1"), "abc")
    assert str(info.value) == "claim : not a number: 'abc'"


def test_check_claims_reads_only_its_chapter(registry):
    (registry.parent / "ch998.csv").write_text("\n".join([
        HEADER, "ch998.a,ch998,T1,q,numeric,1,-,0.1,reproduced,paper-model,,"]) + "\n")
    assert list(check_claims("ch999", GOOD).index) == IDS
    assert list(check_claims("ch998", {"ch998.a": 1.05}).index) == ["ch998.a"]


def test_numpy_values_are_accepted(registry):
    values = {**GOOD, "ch999.total": np.float64(23.78), "ch999.rel": np.int64(1009),
              "ch999.rises": np.bool_(True)}
    table = check_claims("ch999", values)
    assert list(table.loc[["ch999.total", "ch999.rel", "ch999.rises"], "reproduced"]) == [
        "23.78", "1009", "true"]


def test_qualitative_discrepancy_that_drifts(tmp_path, monkeypatch):
    """A (valid) qualitative discrepancy documenting the published truth value: the other
    value is neither published nor documented."""
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "ch998.csv").write_text("\n".join([
        HEADER, "ch998.q,ch998,S1,q,qualitative,true,-,,discrepancy,paper-model,True,odd"]) + "\n")
    monkeypatch.setenv("EV_COMPENDIUM_DATA", str(tmp_path))
    with pytest.raises(ClaimCheckError) as info:
        check_claims("ch998", {"ch998.q": False})
    assert str(info.value) == ("1 claim check(s) failed in ch998:\n"
                               "  ch998.q: check returned False, documented True")


@pytest.mark.parametrize("values, message", [
    ({k: v for k, v in GOOD.items() if k != "ch999.total"}, "ch999: no computed value for claim(s) ['ch999.total']"),
    ({k: v for k, v in GOOD.items() if k not in ("ch999.total", "ch999.falls")},
     "ch999: no computed value for claim(s) ['ch999.falls', 'ch999.total']"),
    ({**GOOD, "ch999.sales": 7.8}, "ch999: claim(s) ['ch999.sales'] are registered as "
     "cited/not-reproducible but the chapter computes them: update their status"),
    ({**GOOD, "ch999.missing": 12, "ch999.sales": 7.8}, "ch999: claim(s) ['ch999.missing', 'ch999.sales'] are "
     "registered as cited/not-reproducible but the chapter computes them: update their status"),
    ({**GOOD, "ch999.nope": 1.0}, "values given for unregistered (or out-of-scope) claims: ['ch999.nope']"),
    ({**GOOD, "ch999.total": float("nan")}, "claim ch999.total: reproduced value is nan (not finite)"),
    ({**GOOD, "ch999.rises": 1.0}, "claim ch999.rises: qualitative claims take True/False, got 1.0"),
])
def test_misuse_is_loud(registry, values, message):
    with pytest.raises(ClaimCheckError) as info:
        check_claims("ch999", values)
    assert str(info.value) == message


def test_only_restricts_scope(registry):
    table = check_claims("ch999", {"ch999.total": 23.8}, only="ch999.total")
    assert list(table.index) == ["ch999.total"]
    # prefixes: a string or several
    table = check_claims("ch999", {"ch999.rel": 1000, "ch999.rises": True}, only="ch999.r")
    assert list(table.index) == ["ch999.rel", "ch999.rises"]
    table = check_claims("ch999", {"ch999.zero": 0, "ch999.total": 23.8},
                         only=["ch999.zero", "ch999.t", "ch999.s"])
    assert list(table.index) == ["ch999.total", "ch999.sales", "ch999.zero"]
    with pytest.raises(ClaimCheckError) as info:
        check_claims("ch999", {}, only=("ch999.x", "ch999.y"))
    assert str(info.value) == "no claims of ch999 match ('ch999.x', 'ch999.y')"
    with pytest.raises(ClaimCheckError) as info:  # in the chapter, but out of scope
        check_claims("ch999", {"ch999.total": 23.8, "ch999.rel": 1000}, only="ch999.total")
    assert str(info.value) == "values given for unregistered (or out-of-scope) claims: ['ch999.rel']"


@pytest.mark.parametrize("bad_row, message", [
    ("ch999.x,ch999,T1,q,numeric,abc,-,0.1,reproduced,paper-model,,", "'published': must be a finite number, got 'abc'"),
    ("ch999.x,ch999,T1,q,numeric,inf,-,0.1,reproduced,paper-model,,", "'published': must be a finite number, got 'inf'"),
    ("ch999.x,ch999,T1,q,numeric,1,-,0.1,guessed,paper-model,,",
     "'status': must be one of ('reproduced', 'discrepancy', 'not-reproducible', 'cited'), got 'guessed'"),
    ("ch999.x,ch999,T1,q,numerical,1,-,0.1,reproduced,paper-model,,", "'kind': must be one of ('numeric', 'qualitative')"),
    ("ch999.x,ch999,T1,q,numeric,1,-,,reproduced,paper-model,,", "'tolerance': is required for a computed numeric claim"),
    ("ch999.x,ch999,T1,q,numeric,1,-,,discrepancy,paper-model,2,why", "'tolerance': is required for a computed numeric claim"),
    ("ch999.x,ch999,T1,q,numeric,1,-,-2,reproduced,paper-model,,",
     "'tolerance': tolerance must be a non-negative number or percentage, got '-2'"),
    ("ch999.x,ch999,T1,q,numeric,1,-,lots,cited,,,context",   # a given tolerance must parse
     "'tolerance': tolerance must be a non-negative number or percentage, got 'lots'"),
    ("ch999.x,ch999,T1,q,numeric,1,-,0.1,discrepancy,paper-model,,typo", "'reproduced': a discrepancy must document the reproduced number"),
    ("ch999.x,ch999,T1,q,numeric,1,-,0.1,discrepancy,paper-model,n/a,typo", "'reproduced': a discrepancy must document the reproduced number"),
    ("ch999.x,ch999,T1,q,numeric,1,-,0.1,discrepancy,paper-model,2,", "'diagnosis': a one-line diagnosis is required for status 'discrepancy'"),
    ("ch999.x,ch999,T1,q,numeric,1,-,,not-reproducible,paper-model,,", "'diagnosis': a one-line diagnosis is required for status 'not-reproducible'"),
    ("ch999.x,ch999,T1,q,numeric,1,-,0.1,reproduced,paper-model,1,", "'reproduced': must be empty for status 'reproduced' (only discrepancies document it)"),
    ("ch999.x,ch999,T1,q,numeric,1,-,,cited,,1,context", "'reproduced': must be empty for status 'cited' (only discrepancies document it)"),
    ("ch999.x,ch999,T1,q,qualitative,maybe,-,,reproduced,paper-model,,", "'published': a qualitative claim's published value is 'true' or 'false'"),
    ("ch999.x,ch999,T1,q,qualitative,true,-,,discrepancy,paper-model,1,why", "'reproduced': a qualitative discrepancy documents 'true' or 'false'"),
    ("ch998.x,ch999,T1,q,numeric,1,-,0.1,reproduced,paper-model,,", "'chapter': claims in ch999.csv must have chapter 'ch999' and id prefix"),
    ("ch999.x,ch998,T1,q,numeric,1,-,0.1,reproduced,paper-model,,", "'chapter': claims in ch999.csv must have chapter 'ch999' and id prefix"),
    ("bad id,ch999,T1,q,numeric,1,-,0.1,reproduced,paper-model,,", "'id': must look like '<chapter>.<slug>' (letters, digits, _ . -)"),
    ("ch999,ch999,T1,q,numeric,1,-,0.1,reproduced,paper-model,,", "'id': must look like '<chapter>.<slug>' (letters, digits, _ . -)"),
    ("ch999.x,ch999,,q,numeric,1,-,0.1,reproduced,paper-model,,", "'source': is required"),
    ("ch999.x,ch999,T1,,numeric,1,-,0.1,reproduced,paper-model,,", "'quantity': is required"),
    ("ch999.x,ch999,T1,q,numeric,1,,0.1,reproduced,paper-model,,", "'unit': is required"),
    ("ch999.x,ch999,T1,q,numeric,1,-,0.1,reproduced,guesswork,,",
     "'basis': must be one of ('printed-arithmetic', 'paper-model', 'our-assumptions', 'by-construction'), got 'guesswork'"),
    ("ch999.x,ch999,T1,q,numeric,1,-,,cited,paper-model,,context", "'basis': must be empty for a cited claim (it is context, not a verdict)"),
    ("ch999.x,ch999,T1,q,numeric,1,-,0.1,reproduced,,,",
     "'basis': is required for status 'reproduced': one of ('printed-arithmetic', 'paper-model', 'our-assumptions', 'by-construction')"),
    ("ch999.x,ch999,T1,q,numeric,1,-,,not-reproducible,,,figure only",
     "'basis': is required for status 'not-reproducible': one of ('printed-arithmetic', 'paper-model', 'our-assumptions', 'by-construction')"),
])
def test_registry_validation_names_row_and_field(registry, bad_row, message):
    registry.write_text("\n".join([HEADER, ROWS[0], bad_row]) + "\n")
    with pytest.raises(RegistryError) as info:
        load_claims("ch999")
    row_id = bad_row.split(",")[0]
    field = message.split("'")[1]
    assert str(info.value) == f"{registry}:3 (id {row_id!r}), field {message}"
    assert field in COLUMNS


@pytest.mark.parametrize("row", [
    # valid edge cases: no tolerance where nothing is computed, any case of true/false,
    # a qualitative discrepancy documenting its value, blanks around fields
    "ch999.x,ch999,T1,q,numeric,1,-,,not-reproducible,paper-model,,figure only",
    "ch999.x,ch999,T1,q,numeric,1,-,,cited,,,context",
    "ch999.x,ch999,T1,q,numeric,-0,-,0,reproduced,paper-model,,",
    "ch999.x,ch999,T1,q,qualitative,FALSE,-,,discrepancy,paper-model,True,why",
    "ch999.x-1_a.B,ch999,T1,q,qualitative,True,-,,reproduced,our-assumptions,,",
    " ch999.x , ch999 , T1 , q , numeric , 2.5 , kg , 1% , reproduced , paper-model , , ",
])
def test_valid_edge_rows_load(registry, row):
    registry.write_text("\n".join([HEADER, row]) + "\n")
    claims = load_claims("ch999")
    assert len(claims) == 1 and claims.index[0] == row.split(",")[0].strip()
    assert claims.iloc[0]["source"] == "T1"


def test_loaded_registry_by_hand(registry):
    claims = load_claims("ch999")
    assert list(claims.index) == IDS
    assert claims.index.name == "id"
    assert list(claims.columns) == COLUMNS[1:]
    assert claims.loc["ch999.energy"].tolist() == [
        "ch999", "Table 1 SAIC", "energy x factor", "numeric", "895.5", "kg", "0.05", "discrepancy",
        "printed-arithmetic", "895.23", "rounding of the factor"]
    assert claims.loc["ch999.sales", "basis"] == "" and claims.loc["ch999.sales", "tolerance"] == ""


def test_columns_in_any_order_and_blanks_stripped(registry):
    order = COLUMNS[::-1]
    fields = dict(zip(COLUMNS, ROWS[0].split(",")))
    registry.write_text(",".join(order) + "\n" + ",".join(f" {fields[c]} " for c in order) + "\n")
    claims = load_claims()
    assert list(claims.columns) == COLUMNS[1:]
    assert claims.loc["ch999.total", "published"] == "23.8"


def test_several_chapters_and_the_chapter_filter(registry):
    (registry.parent / "ch998.csv").write_text("\n".join([
        HEADER, "ch998.a,ch998,T1,q,numeric,1,-,0.1,reproduced,paper-model,,"]) + "\n")
    assert list(load_claims().index) == ["ch998.a", *IDS]  # files in name order
    assert list(load_claims("ch998").index) == ["ch998.a"]
    assert list(load_claims("ch999").index) == IDS
    with pytest.raises(RegistryError) as info:
        load_claims("ch123")
    assert str(info.value) == "no claims registered for chapter 'ch123'"


def test_a_changed_registry_is_read_again(registry):
    """Read once per version of the files: a change of content (same size and modification
    time) or a new file is seen; the frame returned is the caller's to change."""
    assert load_claims().loc["ch999.total", "published"] == "23.8"
    before = registry.stat()
    registry.write_text(registry.read_text().replace(",23.8,", ",23.9,"))
    os.utime(registry, ns=(before.st_atime_ns, before.st_mtime_ns))
    claims = load_claims()
    assert claims.loc["ch999.total", "published"] == "23.9"
    claims.loc["ch999.total", "published"] = "changed by the caller"
    assert load_claims().loc["ch999.total", "published"] == "23.9"
    (registry.parent / "ch998.csv").write_text("\n".join([
        HEADER, "ch998.a,ch998,T1,q,numeric,1,-,0.1,reproduced,paper-model,,"]) + "\n")
    assert list(load_claims().index) == ["ch998.a", *IDS]


def test_duplicate_ids_rejected_across_files(registry):
    (registry.parent / "ch998.csv").write_text("\n".join([
        HEADER, "ch998.a,ch998,T1,q,numeric,1,-,0.1,reproduced,paper-model,,"]) + "\n")
    registry.write_text("\n".join([HEADER, ROWS[0], ROWS[2], ROWS[0]]) + "\n")
    with pytest.raises(RegistryError) as info:
        load_claims()
    assert str(info.value) == f"duplicate claim id(s) in {registry.parent}: ['ch999.total']"


@pytest.mark.parametrize("text, missing, extra", [
    ("id,chapter\nch999.a,ch999\n", COLUMNS[2:], []),
    (HEADER + ",remark\n" + ROWS[0] + ",x\n", [], ["remark"]),
])
def test_wrong_columns_rejected(registry, text, missing, extra):
    registry.write_text(text)
    with pytest.raises(RegistryError) as info:
        load_claims()
    assert str(info.value) == f"{registry}: missing columns {missing}, unexpected columns {extra}"


def test_misnamed_or_absent_files(registry):
    (registry.parent / "chapter1.csv").write_text(HEADER + "\n")
    with pytest.raises(RegistryError) as info:
        load_claims()
    assert str(info.value) == (f"{registry.parent / 'chapter1.csv'}: claims files are named "
                               "<chapter>.csv, e.g. ch000.csv")
    for path in registry.parent.iterdir():
        path.unlink()
    with pytest.raises(RegistryError) as info:
        load_claims()
    assert str(info.value) == f"no claims files found in {registry.parent}"


@pytest.mark.parametrize("text, expected", [
    ("0.05", (0.05, False)), ("2%", (0.02, True)), ("0", (0.0, False)), (" 0.5% ", (0.005, True)),
    ("1e-3", (0.001, False)), ("0%", (0.0, True)), ("-0", (0.0, False)),
])
def test_parse_tolerance(text, expected):
    value, relative = parse_tolerance(text)
    assert value == pytest.approx(expected[0], rel=1e-15) and relative is expected[1]


@pytest.mark.parametrize("text", ["-1", "-0.5%", "abc", "%", "", "inf", "nan%", "5 %%"])
def test_parse_tolerance_rejects(text):
    with pytest.raises(ValueError) as info:
        parse_tolerance(text)
    assert str(info.value) == f"tolerance must be a non-negative number or percentage, got {text.strip()!r}"


@pytest.mark.parametrize("value, digits, expected", [
    (895.2276, 5, "895.23"), (516000.0, 5, "516000"), (0.047, 5, "0.047"), (23.75, 5, "23.75"),
    (-1.5, 5, "-1.5"), (1.0, 5, "1"), (0.0, 5, "0"), (-0.0, 5, "0"), (123456.0, 5, "123460"),
    (895.2276, 3, "895"), (0.1, 17, "0.10000000000000001"),     # the binary value, not "0.1"
    (999999999999.0, 5, "1000000000000"),                       # below 1e12: positional
    (1e12, 5, "1.0000e+12"), (-2.5e13, 3, "-2.50e+13"),         # from 1e12 up: exponent
    (1e-6, 5, "0.000001"), (9.99e-7, 5, "9.9900e-07"), (1.23456e-9, 2, "1.2e-09"),
])
def test_format_number(value, digits, expected):
    assert format_number(value, digits) == expected


def _exact_rounding(x: float, digits: int) -> Decimal:
    """x's exact binary value rounded half-even to ``digits`` significant digits."""
    exact = Decimal(x)
    return exact.quantize(Decimal(1).scaleb(exact.adjusted() - digits + 1), rounding=ROUND_HALF_EVEN)


@given(x=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)
       .filter(lambda v: v == 0 or abs(v) > 1e-300), digits=st.integers(1, 17))
def test_format_number_round_trips_to_exact_rounding(x, digits):
    """A second method (decimal arithmetic) gives the same number; positional text inside
    [1e-6, 1e12) without trailing zeros, scientific with digits - 1 decimals outside."""
    printed = format_number(x, digits)
    if x == 0:
        assert printed == "0"
        return
    assert Decimal(printed) == _exact_rounding(x, digits)
    if 1e-6 <= abs(x) < 1e12:
        assert "e" not in printed
        assert not printed.endswith(".") and ("." not in printed or not printed.endswith("0"))
    else:
        mantissa = printed.partition("e")[0]
        assert "e" in printed and len(mantissa.partition(".")[2]) == digits - 1


def test_status_summary_counts(registry):
    expected = pd.DataFrame({"reproduced": [4], "discrepancy": [2], "not-reproducible": [1],
                             "cited": [1], "total": [8]}, index=pd.Index(["ch999"], name="chapter"))
    pd.testing.assert_frame_equal(status_summary(), expected, check_dtype=False)
    # several chapters: a total row; statuses absent everywhere are zero columns
    one = load_claims()
    two = pd.concat([one, one[one["status"] == "reproduced"].assign(chapter="ch998")
                    .rename(index=lambda i: "x" + i)])
    book = status_summary(two)
    assert book.columns.name is None
    assert book.to_dict("index") == {
        "ch998": {"reproduced": 4, "discrepancy": 0, "not-reproducible": 0, "cited": 0, "total": 4},
        "ch999": {"reproduced": 4, "discrepancy": 2, "not-reproducible": 1, "cited": 1, "total": 8},
        "all chapters": {"reproduced": 8, "discrepancy": 2, "not-reproducible": 1, "cited": 1, "total": 12},
    }
    only_cited = status_summary(one[one["status"] == "cited"])
    assert only_cited.to_dict("index") == {
        "ch999": {"reproduced": 0, "discrepancy": 0, "not-reproducible": 0, "cited": 1, "total": 1}}


def test_real_registry_is_valid_and_covers_every_chapter():
    registry = load_claims()
    assert set(registry["chapter"]) == set(CHAPTERS)
    assert registry.index.is_unique
    assert all(i.startswith(c + ".") for i, c in zip(registry.index, registry["chapter"]))
