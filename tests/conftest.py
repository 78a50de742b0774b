"""Shared fixtures and the suite's scheduling.

``rejected_override`` checks that a bad ``--set`` stops ``python -m ev_compendium run`` with
exit code 2 before anything is written (real runs from the command line are in
tests/test_runs.py); ``stub_notebook`` writes a small notebook to run in place of a chapter's.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from ev_compendium.cli import main


def stub_notebook(path: Path, *sources: str) -> Path:
    """A small notebook standing in for a chapter's (when the run machinery, not the model, is
    under test): the parameters cell, then ``sources`` as code cells."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("overrides = {}", metadata={"tags": ["parameters"]}),
        *(nbformat.v4.new_code_cell(source) for source in sources)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def rejected_override(capsys, tmp_path):
    """Return ``reject(chapter_id, assignment) -> stderr``; asserts exit 2 and nothing written."""

    def reject(chapter_id: str, assignment: str) -> str:
        assert main(["run", chapter_id, "--set", assignment, "--output-dir", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: "), err
        assert not list(tmp_path.iterdir()), "a rejected run must not write anything"
        return err

    return reject


# --- scheduling ------------------------------------------------------------------------------
# pytest-xdist (`--dist loadfile --no-loadscope-reorder`, pyproject.toml) hands whole files to
# the workers in collection order, with one change (``pytest_xdist_make_scheduler`` below): the
# unit-test files of one chapter (tests/test_chNNN_*.py) go to the same worker, because they
# share what a process computes once (the chapter's baseline results, ch000's optimisations,
# ch004's sympy derivation, ~4 s): split over two workers, both computed it.
# Starting the longest groups first (longest-processing-time rule) lets the workers finish
# together instead of one waiting on a notebook picked up last. Measured time per file or
# chapter group, longest first; the files not listed keep their order after these.
LONGEST_FIRST = (  # measured serially (-p no:xdist) on the idle 2-core machine, 2026-11-30, s:
    "tests/test_browser.py",            # 8.6 (and Chromium's own processes beside it)
    "book/ch000-",                      # 7.4
    "tests/test_ch004_",                # 7.0
    "tests/test_runs.py",               # 6.2
    "tests/test_ch003_",                # 5.2
    "tests/test_run_machinery.py",      # 5.0 (apart from test_runs: both wait on kernels)
    "book/ch003-",                      # 4.9
    "tests/test_ch000_",                # 4.6
    "tests/test_notebooks.py",          # 4.2
    "book/ch004-",                      # 4.2
    "tests/test_ch001_",                # 3.0
    "book/ch001-",                      # 2.7
    "tests/test_robustness.py",         # 2.6
    "book/ch002-",                      # 2.5
    "tests/test_build_config.py",       # 2.1
    "tests/test_ch002_",                # 2.1
)
CHAPTER_TESTS = re.compile(r"tests/test_(ch\d{3})_")


def _rank(nodeid: str) -> int:
    return next((i for i, prefix in enumerate(LONGEST_FIRST) if nodeid.startswith(prefix)),
                len(LONGEST_FIRST))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: _rank(item.nodeid))  # stable: a file's own order is kept


def worker_scope(nodeid: str) -> str:
    """What goes to one worker as a whole: a file, or all unit-test files of one chapter."""
    path = nodeid.split("::", 1)[0]
    chapter = CHAPTER_TESTS.match(path)
    return f"tests/test_{chapter.group(1)}_*" if chapter else path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, with a chapter's unit-test files as one unit (:func:`worker_scope`)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class ChapterScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return worker_scope(nodeid)

    return ChapterScheduling(config, log)
