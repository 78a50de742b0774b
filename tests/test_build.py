"""The book build is never stale: each executed page knows every file its output depends on."""

from __future__ import annotations

import json

import pytest

from ev_compendium import build
from ev_compendium.chapters import CHAPTERS
from ev_compendium.paths import REPO_ROOT

SRC = REPO_ROOT / "src" / "ev_compendium"


def _rel(paths):
    return {str(p.relative_to(REPO_ROOT)) for p in paths}


@pytest.mark.parametrize("chapter_id", sorted(CHAPTERS))
def test_chapter_depends_on_its_source_code_data_parameters_and_claims(chapter_id):
    page = CHAPTERS[chapter_id].markdown
    deps = _rel(build.dependencies(page))
    from ev_compendium.chapter import PACKAGES

    package = SRC / PACKAGES[chapter_id]
    assert str(page.relative_to(REPO_ROOT)) in deps
    assert _rel(package.glob("*.py")) <= deps, "the whole chapter subpackage"
    assert {f"data/params/{chapter_id}.yaml", f"data/claims/{chapter_id}.csv"} <= deps
    assert _rel(p for p in (REPO_ROOT / "data" / chapter_id).rglob("*") if p.is_file()) <= deps
    # shared modules the notebook's setup and the checks go through
    assert {"src/ev_compendium/notebook.py", "src/ev_compendium/claims.py",
            "src/ev_compendium/params.py", "src/ev_compendium/chapter.py"} <= deps
    # ...but not other chapters' code or data, nor modules it never imports
    others = [c for c in CHAPTERS if c != chapter_id]
    assert not [d for d in deps if any(f"data/{o}/" in d or f"/{PACKAGES[o]}/" in d or
                                       d == f"data/params/{o}.yaml" for o in others)]
    assert "src/ev_compendium/cli.py" not in deps and "src/ev_compendium/build.py" not in deps


def test_a_page_that_runs_report_code_depends_on_every_registry_file(tmp_path):
    page = tmp_path / "summary.md"
    page.write_text("# Summary\n\n```{code-cell} ipython3\nfrom ev_compendium.report import summary_markdown\n```\n")
    deps = {d for d in _rel([p for p in build.dependencies(page) if p != page])}
    assert {f"data/claims/{c}.csv" for c in CHAPTERS} <= deps
    assert "src/ev_compendium/report.py" in deps
    assert not [d for d in deps if d.startswith("data/params/")]


def test_imports_are_followed_transitively_and_relatively():
    found = build._imports("from .claims import load_claims\nfrom . import tables\n"
                           "import ev_compendium.params as p\nimport numpy\n",
                           "ev_compendium.ch002_circularity.checks")
    assert {"ev_compendium.ch002_circularity.claims", "ev_compendium.ch002_circularity",
            "ev_compendium.ch002_circularity.tables", "ev_compendium.params"} <= found
    assert not [f for f in found if f.startswith("numpy")]
    found = build._imports("from ..claims import load_claims", "ev_compendium.ch002_circularity.checks")
    assert "ev_compendium.claims" in found


def test_only_pages_whose_inputs_changed_are_stale(tmp_path, monkeypatch):
    pages = build.executed_pages()
    current = {build._key(p): build.dependency_hash(p) for p in pages}
    record = tmp_path / "dependencies.json"
    monkeypatch.setattr(build, "RECORD", record)
    assert set(build.stale_pages()) == set(pages), "nothing recorded: everything is stale"
    changed = CHAPTERS["ch002"].markdown
    record.write_text(json.dumps({**current, build._key(changed): "an older hash"}))
    assert list(build.stale_pages()) == [changed]
    record.write_text(json.dumps(current))
    assert build.stale_pages() == {}


def test_a_changed_data_file_changes_the_hash(tmp_path, monkeypatch):
    """Edit a copy of a chapter's parameter file: its page's hash moves, another's does not."""
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "data", root / "data")
    shutil.copytree(REPO_ROOT / "book", root / "book", ignore=shutil.ignore_patterns("*.ipynb"))
    shutil.copytree(SRC, root / "src" / "ev_compendium", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build, "REPO_ROOT", root)
    monkeypatch.setattr(build, "PACKAGE_DIR", root / "src" / "ev_compendium")
    ch002 = root / "book" / CHAPTERS["ch002"].markdown.name
    ch004 = root / "book" / CHAPTERS["ch004"].markdown.name
    before = build.dependency_hash(ch002), build.dependency_hash(ch004)
    params = root / "data" / "params" / "ch002.yaml"
    params.write_text(params.read_text().replace("source: ", "source: (edited) ", 1))
    after = build.dependency_hash(ch002), build.dependency_hash(ch004)
    assert after[0] != before[0] and after[1] == before[1]


def test_site_files_force_a_full_rerender_when_they_change():
    """Sphinx re-copies CSS and re-renders pages only when a page changes: the build tracks
    the configuration, static files, extensions and bibliography itself."""
    names = _rel(build.site_files())
    assert {"_config.yml", "_toc.yml", "book/_static/compendium.css", "book/_ext/compendium_sphinx.py",
            "book/references.bib", "book/bib/ch001.bib"} <= names
    assert not [n for n in names if n.endswith(".md") or n.startswith(("src/", "data/"))]


def test_pages_start_longest_first():
    """Known execution times order the pages (longest first); untimed pages follow in the
    benchmark's order, so a clean build starts ch000 and ch004 together."""
    page = {key: REPO_ROOT / key for key in build.LONGEST_FIRST}
    ch000, ch004, ch003, ch001, ch002 = (page[k] for k in build.LONGEST_FIRST)
    other = REPO_ROOT / "book" / "summary.md"  # a page not in the list: after the listed ones
    shuffled = [ch002, ch004, other, ch001, ch000, ch003]
    assert build.execution_order(shuffled, {}) == [ch000, ch004, ch003, ch001, ch002, other]
    timed = build.execution_order(shuffled, {ch002: 9.0, other: 0.5, ch000: 3.0})
    assert timed == [ch002, ch000, other, ch004, ch003, ch001]
    assert set(build.LONGEST_FIRST) == {build._key(p) for p in build.executed_pages()}
