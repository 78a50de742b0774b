"""ch003: every computed claim against the paper's printed number (read from the registry
file with the csv module, not through the chapter): the computed ids are exactly the
registry's reproduced and discrepancy rows; a reproduced claim holds within its tolerance of
the published value, a discrepancy does not (the paper's number is the independent side)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ev_compendium.ch003_dess import checks
from ev_compendium.chapter import load_chapter
from ev_compendium.claims import published_holds

CH = load_chapter("ch003")
REGISTRY = Path(__file__).resolve().parents[1] / "data" / "claims" / "ch003.csv"


def _rows() -> dict[str, dict[str, str]]:
    with REGISTRY.open(newline="", encoding="utf-8") as fh:
        return {r["id"]: r for r in csv.DictReader(line for line in fh if not line.startswith("#"))}


ROWS = _rows()
COMPUTED = {i: r for i, r in ROWS.items() if r["status"] in ("reproduced", "discrepancy")}


@pytest.fixture(scope="module")
def values():
    P = CH.parameters({})
    return checks.claim_values(P, CH.module.compute(P))


def test_claim_values_name_exactly_the_computed_rows(values):
    assert len(COMPUTED) == 135
    assert set(values) == set(COMPUTED)


@pytest.mark.parametrize("claim", sorted(COMPUTED))
def test_each_claim_against_the_printed_number(values, claim):
    row = COMPUTED[claim]
    holds = published_holds(row, values[claim], claim)
    assert holds is (row["status"] == "reproduced"), (claim, row["published"], values[claim])
