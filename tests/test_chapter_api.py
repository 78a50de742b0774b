"""The one chapter contract, for every chapter: parameters -> evaluate -> check.

These hold the shape of the package to what the book promises a reader: every computed claim
is answered by plain Python (no kernel), strictly checked at the paper's baseline, and written
literally in one place (its chapter's ``checks.py``); models never read the registry they are
judged against; the notebook's tables show the same numbers.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from ev_compendium import load_chapter
from ev_compendium.chapter import PACKAGES
from ev_compendium.chapters import CHAPTERS
from ev_compendium.claims import format_number, load_claims
from ev_compendium.paths import REPO_ROOT

SRC = REPO_ROOT / "src" / "ev_compendium"
CHAPTER_IDS = sorted(CHAPTERS)
MAX_LINES = 500


def _computed(chapter_id: str):
    registry = load_claims(chapter_id)
    return registry[registry["status"].isin(["reproduced", "discrepancy"])]


@pytest.mark.parametrize("chapter_id", CHAPTER_IDS)
def test_evaluate_covers_exactly_the_computed_claims_and_checks_strictly(chapter_id):
    ch = load_chapter(chapter_id)
    P = ch.parameters({})
    assert P.is_paper_baseline
    values = ch.evaluate(P)
    assert set(values) == set(_computed(chapter_id).index)
    table = ch.check(P)  # strict at the baseline: raises ClaimCheckError on any drift
    assert (table.loc[list(values), "check"] == "ok").all()


@pytest.mark.parametrize("chapter_id", CHAPTER_IDS)
def test_notebook_tables_show_the_values_the_api_computes(chapter_id):
    """Each computed claim's value, as the API formats it, stands on a line of the stored
    published-vs-reproduced output that names the claim."""
    ch = load_chapter(chapter_id)
    values = ch.evaluate(ch.parameters({}))
    notebook = nbformat.read(CHAPTERS[chapter_id].notebook, as_version=4)
    lines = [line for cell in notebook.cells if cell.cell_type == "code"
             and "nbval-check-output" in cell.metadata.get("tags", [])
             for output in cell.get("outputs", [])
             for line in str(output.get("data", {}).get("text/plain", "")).splitlines()]
    missing = []
    for claim_id, value in values.items():
        shown = str(value).lower() if isinstance(value, bool) else format_number(float(value))
        if not any(claim_id in line and shown in line.split() for line in lines):
            missing.append(f"{claim_id} = {shown}")
    assert not missing, f"stored notebook tables disagree with ch.evaluate(): {missing[:5]}"


def _python_files(package: str):
    return sorted((SRC / package).glob("*.py"))


def _registry_ids():
    return set(load_claims().index)


@pytest.mark.parametrize("chapter_id", CHAPTER_IDS)
def test_claim_ids_are_written_only_in_the_chapters_checks(chapter_id):
    ids = _registry_ids()
    pattern = re.compile(r"""["'](ch\d{3}\.[A-Za-z0-9_.\-]+)["']""")
    for path in SRC.rglob("*.py"):
        found = {m for m in pattern.findall(path.read_text(encoding="utf-8")) if m in ids}
        if path.name == "checks.py":
            continue
        assert not found, f"{path.relative_to(REPO_ROOT)} writes claim ids {sorted(found)[:3]}"
    checks = (SRC / PACKAGES[chapter_id] / "checks.py").read_text(encoding="utf-8")
    literal = set(pattern.findall(checks))
    missing = sorted(set(_computed(chapter_id).index) - literal)
    assert not missing, f"computed claims not written literally in checks.py: {missing[:5]}"


@pytest.mark.parametrize("chapter_id", CHAPTER_IDS)
def test_models_never_import_the_registry(chapter_id):
    for path in _python_files(PACKAGES[chapter_id]):
        if path.name in ("checks.py", "display.py"):  # comparing and showing may read it
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not [m for m in imported if m.endswith("claims")], (
            f"{path.relative_to(REPO_ROOT)} imports the claims registry: models compute, checks compare")


@pytest.mark.parametrize("chapter_id", CHAPTER_IDS)
def test_notebook_holds_no_claim_ids_beyond_section_prefixes(chapter_id):
    text = CHAPTERS[chapter_id].markdown.read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, flags=re.S))
    used = set(re.findall(r"""["'](ch\d{3}\.[A-Za-z0-9_.\-]+)["']""", code))
    assert not used & set(_computed(chapter_id).index), (
        "the notebook assembles claim values itself; use verdicts(ch, P, prefix)")
    assert "check_claims" not in code and "load_claims" not in code


def test_no_module_is_longer_than_about_500_lines():
    long = {str(p.relative_to(REPO_ROOT)): n for p in SRC.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long
