"""Shared fixtures and the suite's scheduling.

``rejected_override`` checks that a bad ``--set`` stops ``python -m ev_compendium run`` with
exit code 2 before anything is written. (Real runs from the command line are in
tests/test_runs.py.)
"""

from __future__ import annotations

import pytest

from ev_compendium.cli import main


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
# the workers in collection order. Starting the longest files first (longest-processing-time
# rule) lets the workers finish together instead of one waiting on a notebook picked up last.
# Measured per-file test time, longest first; the files not listed keep their order after these.
LONGEST_FIRST = (  # measured serially (-p no:xdist) on the idle 2-core machine, 2026-11-30, s:
    "tests/test_browser.py",            # 7.7 (and Chromium's own processes beside it)
    "book/ch000-",                      # 7.6
    "tests/test_runs.py",               # 6.2
    "tests/test_run_machinery.py",      # 5.4
    "book/ch003-",                      # 5.2
    "book/ch004-",                      # 4.9
    "tests/test_ch003_api.py",          # 4.8
    "tests/test_ch004_codegen.py",      # 4.6
    "tests/test_notebooks.py",          # 4.2
    "book/ch001-",                      # 2.8
    "tests/test_robustness.py",         # 2.7
    "book/ch002-",                      # 2.6
    "tests/test_ch000_api.py",          # 2.6
    "tests/test_ch001_api.py",          # 2.4
    "tests/test_build_config.py",       # 2.2
)


def _rank(nodeid: str) -> int:
    return next((i for i, prefix in enumerate(LONGEST_FIRST) if nodeid.startswith(prefix)),
                len(LONGEST_FIRST))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: _rank(item.nodeid))  # stable: a file's own order is kept
