"""Every external input names its source; weak secondary sites are never the only one (issue 15).

Applies to every chapter: each parameter's ``source`` in ``data/params/chNNN.yaml`` and every
row of the chapters' data tables (``data/chNNN/*.csv``). A social-media mirror, a news
aggregator, trade press or a blog may appear only after "retrieved via" (the copy we could
read), never as the source itself. ch001's inputs are held to more (a primary source per value,
``tests/test_ch001_sources.py``).
"""

from __future__ import annotations

import csv
import re

import pytest

from ev_compendium.chapters import CHAPTERS
from ev_compendium.params import load_parameter_specs
from ev_compendium.paths import REPO_ROOT

WEAK = ("linkedin", "dhirubhai", "breakinglatest", "xfafinance", "gubot", "steelorbis",
        "newgeography", "researchinchina", "research in china", "scribd", "wikipedia", "blogspot",
        "medium.com", "baidu zhidao")


def weak_sources(text: str) -> list[str]:
    """Weak sites named in ``text`` before any "retrieved via" / "via" hand-off."""
    own = re.split(r"(?i)\bretrieved via\b|\bread via\b|\bsecondary cop(?:y|ies)\b", text)[0]
    return [w for w in WEAK if w in own.lower()]


def test_detector_bites_and_spares_retrieved_via():
    assert weak_sources("MEE 2022 factor (LinkedIn post)") == ["linkedin"]
    assert weak_sources("MEE/NBS announcement No. 12; retrieved via LinkedIn") == []
    assert weak_sources("GB/T 2589-2020 Table A.1") == []


@pytest.mark.parametrize("chapter_id", sorted(CHAPTERS))
def test_parameter_sources_are_named_and_not_weak(chapter_id):
    for name, spec in load_parameter_specs(chapter_id).items():
        assert spec.source.strip(), f"{chapter_id}.{name} has no source"
        assert not weak_sources(spec.source), f"{chapter_id}.{name}: source is a weak site: {spec.source}"


@pytest.mark.parametrize("chapter_id", sorted(CHAPTERS))
def test_data_rows_never_cite_a_weak_site_as_their_source(chapter_id):
    """Every field of every data row, except a ``retrieved_via`` column (the copy we read)."""
    for path in sorted((REPO_ROOT / "data" / chapter_id).glob("*.csv")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        for number, row in enumerate(csv.DictReader(lines), 2):
            fields = {k: v for k, v in row.items() if k and k != "retrieved_via"}
            found = weak_sources(" | ".join(str(v) for v in fields.values()))
            assert not found, f"{path.name} row {number}: {found}"
