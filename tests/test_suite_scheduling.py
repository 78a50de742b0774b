"""The suite's own scheduling (tests/conftest.py): what goes to one xdist worker, and in what order.

A notebook's cells must stay on one kernel, so a file is never split; a chapter's unit-test
files share one worker so that what they compute once per process is computed once per suite.
"""

from __future__ import annotations

from pathlib import Path

from conftest import LONGEST_FIRST, _rank, worker_scope

from ev_compendium.paths import REPO_ROOT


def test_a_chapters_unit_test_files_share_a_worker():
    assert worker_scope("tests/test_ch004_game.py::test_a") == worker_scope("tests/test_ch004_codegen.py::test_b[x]")
    assert worker_scope("tests/test_ch000_api.py::t") != worker_scope("tests/test_ch004_api.py::t")


def test_a_notebook_and_other_files_stay_whole_and_apart():
    cell = "book/ch004-carbon-trading-game.ipynb::Cell 3"
    assert worker_scope(cell) == "book/ch004-carbon-trading-game.ipynb"
    assert worker_scope(cell) != worker_scope("tests/test_ch004_api.py::t")
    assert worker_scope("tests/test_runs.py::test_a") == worker_scope("tests/test_runs.py::test_b") == "tests/test_runs.py"
    assert worker_scope("tests/test_chapter_api.py::t") == "tests/test_chapter_api.py"


def test_every_scheduled_prefix_names_existing_files():
    """No stale entry: each longest-first prefix matches a test file or a chapter notebook."""
    paths = [p.relative_to(REPO_ROOT).as_posix()
             for p in [*Path(REPO_ROOT, "tests").glob("test_*.py"), *Path(REPO_ROOT, "book").glob("*.ipynb")]]
    for prefix in LONGEST_FIRST:
        assert any(path.startswith(prefix) for path in paths), prefix
    assert _rank("tests/test_browser.py::t") < _rank("tests/test_params.py::t") == len(LONGEST_FIRST)
