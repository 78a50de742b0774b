"""ch003 ``checks``: the discrepancy grouping and the tolerance rules' recomputations.

:func:`discrepancy_kinds` is fed a registry built here (``load_claims`` replaced), so the
expected table is known by construction: each diagnosis starts with one of the six kinds
and ``:``; the kind goes to its own ordered column, the rest (which may hold further colons)
stays; rows are grouped by kind in the order of ``DISCREPANCY_KINDS`` and keep the registry
order within a kind. The tolerance rules' functions must recompute their claim from the
printed inputs; the expected values are worked out by hand from the paper (Table 7: bus
Al-ion/Li-ion BOL acidification 33.25; Section 3.1: 36.7 at double transport, 31.8 -> 55.7
mol H+ eq with fossil electricity; Table 8: EV climate BOL 3,752 SC/Li-ion vs 3,740 Li-ion only).
"""

from __future__ import annotations

import pandas as pd
import pytest

from ev_compendium.ch003_dess import checks
from ev_compendium.chapter import load_chapter

CH = load_chapter("ch003")
KINDS = ("rounding", "typo", "text vs table", "loose wording", "paper inconsistency", "our assumption")
COLUMNS = ["chapter", "source", "quantity", "kind", "published", "unit", "tolerance", "status", "basis",
           "reproduced", "diagnosis"]


def _registry(rows):
    """A registry frame like ``load_claims``: indexed by id, every column a string."""
    frame = pd.DataFrame([dict(zip(["id", *COLUMNS], r)) for r in rows]).set_index("id")
    return frame


def _row(i, status, diagnosis):
    return (f"ch003.t.c{i:03d}", "ch003", f"Table {i}", f"quantity {i}", "numeric", str(i), "kg", "0.5",
            status, "printed-arithmetic", str(i + 1), diagnosis)


def test_discrepancy_kinds_splits_the_kind_off_exactly(monkeypatch):
    rows = [
        _row(1, "discrepancy", "text vs table: Table 7 prints 33.25: the text says 33.5"),
        _row(2, "reproduced", ""),
        _row(3, "discrepancy", "rounding:  printed 0.06; 0.0602 rounds to it  "),
        _row(4, "discrepancy", "our assumption: a 3 % BMS: Table 2 (see note: a)"),
    ]
    monkeypatch.setattr(checks, "load_claims", lambda chapter=None: _registry(rows))
    got = checks.discrepancy_kinds()
    assert list(got.columns) == ["kind", "source", "quantity", "published", "reproduced", "unit", "basis",
                                 "diagnosis"]
    assert list(got.index) == ["ch003.t.c003", "ch003.t.c001", "ch003.t.c004"]  # rounding, text vs table, ours
    assert list(got.kind) == ["rounding", "text vs table", "our assumption"]
    assert list(got.diagnosis) == ["printed 0.06; 0.0602 rounds to it", "Table 7 prints 33.25: the text says 33.5",
                                   "a 3 % BMS: Table 2 (see note: a)"]
    assert list(got.source) == ["Table 3", "Table 1", "Table 4"] and list(got.published) == ["3", "1", "4"]
    assert got.kind.dtype == pd.CategoricalDtype(list(KINDS), ordered=True)
    assert got.kind.max() == "our assumption"  # an ordered column: the last kind present


def test_discrepancy_kinds_keep_the_registry_order_within_a_kind(monkeypatch):
    # 300 discrepancies, kinds in a scrambled but known order: (7 i mod 11) picks the kind
    pattern = [KINDS[(7 * i) % 11 % 6] for i in range(300)]
    rows = [_row(i, "discrepancy", f"{kind}: number {i}") for i, kind in enumerate(pattern)]
    monkeypatch.setattr(checks, "load_claims", lambda chapter=None: _registry(rows))
    got = checks.discrepancy_kinds()
    expected = [f"number {i}" for kind in KINDS for i, k in enumerate(pattern) if k == kind]
    assert list(got.diagnosis) == expected


def test_discrepancy_without_a_kind_is_refused_with_the_exact_message(monkeypatch):
    text = "a misprint, not one of the kinds: " + "0123456789" * 4  # 74 characters
    rows = [_row(1, "discrepancy", "typo: 0.6 for 0.06"), _row(2, "discrepancy", text)]
    monkeypatch.setattr(checks, "load_claims", lambda chapter=None: _registry(rows))
    with pytest.raises(ValueError) as err:
        checks.discrepancy_kinds()
    assert str(err.value) == (
        "diagnosis must start with one of ('rounding', 'typo', 'text vs table', 'loose wording', "
        "'paper inconsistency', 'our assumption') and ':', got "
        "'a misprint, not one of the kinds: 01234567890123456789012345'")


def test_tolerance_rule_functions_recompute_their_claims():
    P = CH.parameters({})
    rules = checks.tolerance_rules(P, CH.module.compute(P))
    # Section 3.1: double transport, 33.25 -> 36.7 mol H+ eq: +10.38 %
    printed, func, inputs = rules["ch003.s3_1.transport_max_change_pct"]
    assert func(start=33.25, end=36.7) == pytest.approx(100 * 3.45 / 33.25)
    assert func(start=33.25, end=36.7) == pytest.approx(10.376, abs=1e-3)
    # fossil electricity, Li-ion only: 31.8 -> 55.7 is +75.2 %, not 'nearly 50 %'
    _, func, _ = rules["ch003.s3_1.fossil_acid_increase_pct"]
    assert func(start=31.8, end=55.7) == pytest.approx(100 * 23.9 / 31.8)
    assert func(start=50.0, end=50.0) == 0.0
    # Section 4: the SC's share of the EV BOL climate impact, 3,752 - 3,740 = 12 kg CO2 eq
    _, func, _ = rules["ch003.s4.sc_ev_total"]
    assert func(a=3752.0, b=3740.0) == pytest.approx(12.0)


def test_tolerance_rules_read_table_7_8_acidification_to_four_figures():
    P = CH.parameters({})
    rules = checks.tolerance_rules(P, CH.module.compute(P))
    # Table 7: bus Li-ion only BOL acidification 31.09, four significant figures
    assert rules["ch003.table7.li_only_eol_acidification"][2] == {"li": "3.109E+1"}
    # Table 8: EV Al-ion/Li-ion EOL 24.66 from Li-ion only 13.72 and Al-ion/Li-ion 19.06 (BOL)
    assert rules["ch003.table8.alion_eol_acidification"][2] == {"li": "1.372E+1", "bol": "1.906E+1"}
    # minerals are printed to two figures and stay as printed; climate to four
    assert rules["ch003.table8.alion_eol_minerals"][2] == {"li": "0.019", "bol": "0.021"}
    assert rules["ch003.table7.li_only_eol_climate"][2] == {"li": "8.482E+3"}
