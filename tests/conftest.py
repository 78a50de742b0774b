"""Shared fixtures: run a chapter from the command line, as a reader would.

``run_chapter_cli`` executes ``python -m ev_compendium run <chapter> --set ...`` in a
subprocess (papermill starts a real kernel) and returns the executed notebook and the
text of its outputs; ``rejected_override`` checks that a bad ``--set`` stops the run
with exit code 2 before anything is written.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from ev_compendium.chapters import get_chapter
from ev_compendium.cli import main


@dataclass
class ChapterRun:
    """An executed custom run: the notebook, its outputs' text and the output folder."""

    notebook: nbformat.NotebookNode
    text: str
    output_dir: Path
    stdout: str


def _outputs_text(notebook: nbformat.NotebookNode) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = output.get("data", {})
            parts += [str(data.get("text/markdown", "")), str(data.get("text/plain", "")),
                      str(output.get("text", ""))]
    return "\n".join(parts)


@pytest.fixture
def run_chapter_cli(tmp_path):
    """Return ``run(chapter_id, *assignments, html=False) -> ChapterRun``; asserts success."""

    def run(chapter_id: str, *assignments: str, html: bool = False, timeout_s: int = 600) -> ChapterRun:
        argv = [sys.executable, "-m", "ev_compendium", "run", chapter_id, "--output-dir", str(tmp_path)]
        argv += [] if html else ["--no-html"]
        for assignment in assignments:
            argv += ["--set", assignment]
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout_s)
        assert proc.returncode == 0, proc.stderr[-2000:]
        stem = get_chapter(chapter_id).notebook.stem
        (folder,) = [p for p in tmp_path.iterdir() if p.is_dir() and p.name.startswith(chapter_id)]
        notebook = nbformat.read(folder / f"{stem}.ipynb", as_version=4)
        errors = [o for c in notebook.cells if c.cell_type == "code"
                  for o in c.get("outputs", []) if o.output_type == "error"]
        assert not errors, errors[0].get("evalue")
        text = _outputs_text(notebook)
        assert "informational" in text, "an overridden run must say its claim checks are informational"
        return ChapterRun(notebook, text, tmp_path, proc.stdout)

    return run


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
    "tests/test_browser.py",            # 12.5
    "tests/test_runs.py",               # 9.6
    "tests/test_run_machinery.py",      # 8.6
    "book/ch000-",                      # 7.5
    "tests/test_ch003_api.py",          # 5.1
    "book/ch003-",                      # 4.9
    "book/ch004-",                      # 4.8
    "tests/test_ch004_codegen.py",      # 4.6
    "tests/test_notebooks.py",          # 4.2
    "book/ch001-",                      # 2.9
    "tests/test_build_config.py",       # 2.7
    "book/ch002-",                      # 2.7
    "tests/test_robustness.py",         # 2.5
    "tests/test_ch001_api.py",          # 2.4
    "tests/test_ch000_api.py",          # 2.3
)


def _rank(nodeid: str) -> int:
    return next((i for i, prefix in enumerate(LONGEST_FIRST) if nodeid.startswith(prefix)),
                len(LONGEST_FIRST))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: _rank(item.nodeid))  # stable: a file's own order is kept
