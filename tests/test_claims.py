"""The claims registry: validation on load, and the published-vs-reproduced check."""

from __future__ import annotations

import pandas as pd
import pytest

from ev_compendium.claims import (
    COLUMNS,
    ClaimCheckError,
    RegistryError,
    check_claims,
    format_number,
    load_claims,
    parse_tolerance,
    status_summary,
)
from ev_compendium.chapters import CHAPTERS

HEADER = ",".join(COLUMNS)
ROWS = [
    "ch999.total,ch999,Table 2 total,total reduction,numeric,23.8,%,0.05,reproduced,paper-model,,",
    "ch999.energy,ch999,Table 1 SAIC,energy x factor,numeric,895.5,kg,0.05,discrepancy,printed-arithmetic,895.23,rounding of the factor",
    "ch999.rel,ch999,Section 4,relative claim,numeric,1000,kWh,1%,reproduced,our-assumptions,,",
    "ch999.rises,ch999,Section 5,revenue rises with gap,qualitative,true,-,,reproduced,by-construction,,",
    "ch999.sales,ch999,Introduction,2022 sales,numeric,7.8,million,,cited,,,context for the market",
    "ch999.missing,ch999,Figure 3,value read from a figure,numeric,12,%,,not-reproducible,our-assumptions,,figure data not given",
]


@pytest.fixture
def registry(tmp_path, monkeypatch):
    (tmp_path / "claims").mkdir()
    path = tmp_path / "claims" / "ch999.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n")
    monkeypatch.setenv("EV_COMPENDIUM_DATA", str(tmp_path))
    return path


GOOD = {"ch999.total": 23.78, "ch999.energy": 895.2276, "ch999.rel": 1009.0, "ch999.rises": True}


def test_good_values_pass_and_table_has_every_claim(registry):
    table = check_claims("ch999", GOOD)
    assert list(table.index) == [r.split(",")[0] for r in ROWS]
    assert table.loc["ch999.total", "check"] == "ok"
    assert table.loc["ch999.energy", "reproduced"] == "895.23"
    assert table.loc["ch999.sales", "reproduced"] == "—"
    assert table.loc["ch999.rel", "deviation"] == "+0.90 %"


def test_reproduced_claim_out_of_tolerance_fails(registry):
    with pytest.raises(ClaimCheckError, match=r"ch999.total: 23.9 is outside 23.8"):
        check_claims("ch999", {**GOOD, "ch999.total": 23.9})


def test_relative_tolerance(registry):
    with pytest.raises(ClaimCheckError, match="ch999.rel"):
        check_claims("ch999", {**GOOD, "ch999.rel": 1011.0})


def test_discrepancy_that_drifts_fails(registry):
    with pytest.raises(ClaimCheckError, match="drifted from the documented reproduced value 895.23"):
        check_claims("ch999", {**GOOD, "ch999.energy": 894.0})


def test_discrepancy_that_now_reproduces_must_change_status(registry):
    with pytest.raises(ClaimCheckError, match="status should become 'reproduced'"):
        check_claims("ch999", {**GOOD, "ch999.energy": 895.5})


def test_failed_qualitative_check(registry):
    with pytest.raises(ClaimCheckError, match="ch999.rises: check returned False"):
        check_claims("ch999", {**GOOD, "ch999.rises": False})


def test_non_strict_reports_instead_of_raising(registry):
    table = check_claims("ch999", {**GOOD, "ch999.total": 30.0}, strict=False)
    assert table.loc["ch999.total", "check"] == "FAIL"


@pytest.mark.parametrize("values, fragment", [
    ({k: v for k, v in GOOD.items() if k != "ch999.total"}, "no computed value for claim(s) ['ch999.total']"),
    ({**GOOD, "ch999.sales": 7.8}, "registered as cited/not-reproducible"),
    ({**GOOD, "ch999.nope": 1.0}, "unregistered"),
    ({**GOOD, "ch999.total": float("nan")}, "not finite"),
    ({**GOOD, "ch999.rises": 1.0}, "take True/False"),
])
def test_misuse_is_loud(registry, values, fragment):
    with pytest.raises(ClaimCheckError) as info:
        check_claims("ch999", values)
    assert fragment in str(info.value)


def test_only_restricts_scope(registry):
    table = check_claims("ch999", {"ch999.total": 23.8}, only="ch999.total")
    assert list(table.index) == ["ch999.total"]


@pytest.mark.parametrize("bad_row, fragment", [
    ("ch999.x,ch999,T1,q,numeric,abc,-,0.1,reproduced,paper-model,,", "'published': must be a finite number"),
    ("ch999.x,ch999,T1,q,numeric,1,-,0.1,guessed,paper-model,,", "'status': must be one of"),
    ("ch999.x,ch999,T1,q,numeric,1,-,,reproduced,paper-model,,", "'tolerance': is required"),
    ("ch999.x,ch999,T1,q,numeric,1,-,-2,reproduced,paper-model,,", "'tolerance': tolerance must be a non-negative"),
    ("ch999.x,ch999,T1,q,numeric,1,-,0.1,discrepancy,paper-model,,typo", "'reproduced': a discrepancy must document"),
    ("ch999.x,ch999,T1,q,numeric,1,-,0.1,discrepancy,paper-model,2,", "'diagnosis': a one-line diagnosis is required"),
    ("ch999.x,ch999,T1,q,numeric,1,-,0.1,reproduced,paper-model,1,", "'reproduced': must be empty"),
    ("ch999.x,ch999,T1,q,qualitative,maybe,-,,reproduced,paper-model,,", "'published': a qualitative claim"),
    ("ch998.x,ch999,T1,q,numeric,1,-,0.1,reproduced,paper-model,,", "'chapter'"),
    ("bad id,ch999,T1,q,numeric,1,-,0.1,reproduced,paper-model,,", "'id': must look like"),
    ("ch999.x,ch999,,q,numeric,1,-,0.1,reproduced,paper-model,,", "'source': is required"),
    ("ch999.x,ch999,T1,q,numeric,1,-,0.1,reproduced,guesswork,,", "'basis': must be one of"),
    ("ch999.x,ch999,T1,q,numeric,1,-,,cited,paper-model,,context", "'basis': must be empty for a cited"),
])
def test_registry_validation_names_row_and_field(registry, bad_row, fragment):
    registry.write_text("\n".join([HEADER, ROWS[0], bad_row]) + "\n")
    with pytest.raises(RegistryError) as info:
        load_claims("ch999")
    assert fragment in str(info.value)
    assert "ch999.csv:3" in str(info.value)


def test_duplicate_ids_rejected(registry):
    registry.write_text("\n".join([HEADER, ROWS[0], ROWS[0]]) + "\n")
    with pytest.raises(RegistryError, match="duplicate claim id"):
        load_claims()


def test_missing_column_rejected(registry):
    registry.write_text("id,chapter\nch999.a,ch999\n")
    with pytest.raises(RegistryError, match="missing columns"):
        load_claims()


@pytest.mark.parametrize("text, expected", [("0.05", (0.05, False)), ("2%", (0.02, True)), ("0", (0.0, False))])
def test_parse_tolerance(text, expected):
    assert parse_tolerance(text) == expected


@pytest.mark.parametrize("value, expected", [
    (895.2276, "895.23"), (516000.0, "516000"), (0.047, "0.047"), (23.75, "23.75"), (-1.5, "-1.5"),
    (1.0, "1"), (0.0, "0"),
])
def test_format_number(value, expected):
    assert format_number(value) == expected


def test_status_summary_counts(registry):
    summary = status_summary()
    assert summary.loc["ch999", "reproduced"] == 3
    assert summary.loc["ch999", "discrepancy"] == 1
    assert summary.loc["ch999", "total"] == len(ROWS)
    assert "all chapters" not in summary.index  # one chapter: a total row would repeat it
    one = load_claims()
    two = pd.concat([one, one.assign(chapter="ch998").rename(index=lambda i: "x" + i)])
    book = status_summary(two)
    assert book.loc["all chapters", "total"] == 2 * len(ROWS)


def test_real_registry_is_valid_and_covers_every_chapter():
    registry = load_claims()
    assert set(registry["chapter"]) == set(CHAPTERS)
    assert registry.index.is_unique
