"""Paired notebooks: .md and .ipynb in sync, outputs stored, checks wired to the registry.

nbval itself (``--nbval-lax``, configured in pyproject.toml) re-executes every
``book/*.ipynb`` and compares the stored outputs of the cells tagged
``nbval-check-output``. The tests here make sure that machinery is real:

* each chapter's ``.ipynb`` matches its MyST source cell by cell and stores outputs,
* each chapter has at least one checked published-vs-reproduced cell,
* changing a registry value or a stored output makes nbval fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import pytest

from ev_compendium.chapters import CHAPTERS
from ev_compendium.claims import load_claims
from ev_compendium.paths import REPO_ROOT

CHECK_TAG = "nbval-check-output"
CHAPTER_IDS = sorted(CHAPTERS)


def _cells(notebook):
    return [(c.cell_type, c.source.strip()) for c in notebook.cells]


@pytest.mark.parametrize("chapter_id", CHAPTER_IDS)
def test_markdown_and_notebook_are_in_sync(chapter_id):
    chapter = CHAPTERS[chapter_id]
    source = jupytext.read(chapter.markdown)
    paired = nbformat.read(chapter.notebook, as_version=4)
    assert _cells(paired) == _cells(source), (
        f"{chapter.notebook.name} is out of sync with {chapter.markdown.name}: "
        f"run `python -m ev_compendium refresh {chapter_id}`")
    for ours, theirs in zip(source.cells, paired.cells):
        assert ours.metadata.get("tags", []) == theirs.metadata.get("tags", []), (
            f"cell tags differ in {chapter.notebook.name}; run refresh")


@pytest.mark.parametrize("chapter_id", CHAPTER_IDS)
def test_notebook_is_executed_without_errors(chapter_id):
    notebook = nbformat.read(CHAPTERS[chapter_id].notebook, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code), "notebook is not executed"
    for cell in code:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source[:80]
    first = code[0]
    assert "parameters" in first.metadata.get("tags", []), "first code cell must be tagged parameters"
    assert first.source.strip().endswith("overrides = {}")


@pytest.mark.parametrize("chapter_id", CHAPTER_IDS)
def test_checked_cells_show_every_computed_value(chapter_id):
    notebook = nbformat.read(CHAPTERS[chapter_id].notebook, as_version=4)
    checked = [c for c in notebook.cells if CHECK_TAG in c.metadata.get("tags", [])]
    assert checked, f"{chapter_id} has no cell tagged {CHECK_TAG}"
    for cell in checked:
        assert cell.outputs, f"checked cell without stored output: {cell.source[:80]}"
    shown = " ".join(str(o.get("data", {}).get("text/plain", "")) for c in checked for o in c.outputs)
    computed = load_claims(chapter_id)
    computed = computed[computed["status"].isin(["reproduced", "discrepancy"])]
    missing = [i for i in computed.index if i not in shown]
    assert not missing, f"computed claims not shown in any checked cell: {missing}"


@pytest.mark.parametrize("chapter_id", CHAPTER_IDS)
def test_every_named_figure_has_an_image(chapter_id):
    """A cell labelled ``mystnb: figure: name:`` must produce a PNG, or the book's
    {numref} links to it are undefined (seen when MPLBACKEND=Agg leaked into the kernel)."""
    notebook = nbformat.read(CHAPTERS[chapter_id].notebook, as_version=4)
    named = [c for c in notebook.cells
             if c.cell_type == "code" and c.metadata.get("mystnb", {}).get("figure", {}).get("name")]
    assert named, f"{chapter_id} has no captioned, labelled figure"
    for cell in named:
        label = cell.metadata["mystnb"]["figure"]["name"]
        images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert images, f"figure {label!r} in {chapter_id} stores no image output"


# --- the checks must bite -------------------------------------------------------------

PROBE_CHAPTER = "ch002"  # a fast chapter is enough to prove the mechanism


def _run_nbval(notebooks: list[Path]) -> subprocess.CompletedProcess:
    root = notebooks[0].parent.parent
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-p", "no:xdist",
         "-rA", "--rootdir", str(root), "-c", os.devnull, *map(str, notebooks)],
        capture_output=True, text=True, cwd=root, timeout=600)


def _copy_chapter(folder: Path, data: Path | None = None) -> Path:
    """Copy the probe chapter's notebook, cut to what the checks need: the parameters cell, the
    set-up cell and every checked cell, verbatim with their stored outputs (the figures and
    tables in between do not feed a checked cell, and executing them proves nothing here).
    With ``data``, a first cell points the copy's kernel at that data folder
    (``EV_COMPENDIUM_DATA``), so that copies reading different registries share one nbval run."""
    notebook = nbformat.read(CHAPTERS[PROBE_CHAPTER].notebook, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    setup_cell = next(c for c in code if "setup(" in c.source)
    notebook.cells = [code[0], setup_cell] + [c for c in code if CHECK_TAG in c.metadata.get("tags", [])]
    assert "parameters" in code[0].metadata.get("tags", []) and len(notebook.cells) > 3
    if data is not None:
        notebook.cells.insert(0, nbformat.v4.new_code_cell(
            f"import os\nos.environ['EV_COMPENDIUM_DATA'] = {str(data)!r}"))
    target = folder / CHAPTERS[PROBE_CHAPTER].notebook.name
    target.parent.mkdir(parents=True)
    nbformat.write(notebook, target)
    return target


def _cell_outcomes(result: subprocess.CompletedProcess, notebook: Path) -> dict[int, str]:
    """``{cell number: PASSED/FAILED/ERROR}`` of one notebook's cells, from the -rA summary."""
    pattern = re.compile(rf"^(PASSED|FAILED|ERROR) \S*{re.escape(notebook.parent.name)}/\S+::Cell (\d+)")
    return {int(m.group(2)): m.group(1) for m in map(pattern.match, result.stdout.splitlines()) if m}


def _failures(result: subprocess.CompletedProcess, notebook: Path) -> str:
    """The failure reports (pytest's ``___ title ___`` sections) about one notebook's cells."""
    sections = re.split(r"\n_{3,} (?=\S)", result.stdout)
    return "\n".join(s for s in sections if f"{notebook.parent.name}/" in s.partition("\n")[0])


def _showing(notebook: Path, text: str) -> set[int]:
    """Numbers of the cells whose stored outputs show ``text``."""
    cells = nbformat.read(notebook, as_version=4).cells
    return {i for i, c in enumerate(cells)
            if any(text in str(o.get("data", {}).get("text/plain", "")) for o in c.get("outputs", []))}


@pytest.fixture(scope="module")
def tampered_run(tmp_path_factory):
    """One nbval run of two copies of the probe chapter: one with a stored output changed, one
    reading a registry whose published value of a reproduced claim was changed. Every other
    cell of each copy is the control: it must still pass (the copying breaks nothing).
    Returns the run, the copies, the changed cell of the first and the changed claim's id."""
    tmp_path = tmp_path_factory.mktemp("nbval")
    data = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", data)
    claims_csv = data / "claims" / f"{PROBE_CHAPTER}.csv"
    frame = pd.read_csv(claims_csv, dtype=str, keep_default_na=False)
    reproduced = frame.index[frame["status"] == "reproduced"]
    assert len(reproduced), f"{PROBE_CHAPTER} has no reproduced claim to tamper with"
    row = reproduced[0]
    if frame.loc[row, "kind"] == "numeric":
        frame.loc[row, "published"] = repr(float(frame.loc[row, "published"]) * 1.5 + 1.0)
    else:
        frame.loc[row, "published"] = "false" if frame.loc[row, "published"] == "true" else "true"
    frame.to_csv(claims_csv, index=False)

    copies = {"output": _copy_chapter(tmp_path / "output"),
              "registry": _copy_chapter(tmp_path / "registry", data)}
    notebook = nbformat.read(copies["output"], as_version=4)
    changed = next(i for i, c in enumerate(notebook.cells) if CHECK_TAG in c.metadata.get("tags", []))
    output = next(o for o in notebook.cells[changed].outputs if "text/plain" in o.get("data", {}))
    output["data"]["text/plain"] = output["data"]["text/plain"].replace("ok", "0k", 1)
    assert "0k" in output["data"]["text/plain"]
    nbformat.write(notebook, copies["output"])
    return _run_nbval(list(copies.values())), copies, changed, frame.loc[row, "id"]


def test_changed_stored_output_fails_nbval_and_only_that_cell(tampered_run):
    """Tamper with a stored output of a checked cell: nbval reports the mismatch there, and
    every other cell of the copy passes."""
    result, copies, changed, _ = tampered_run
    outcomes = _cell_outcomes(result, copies["output"])
    cells = len(nbformat.read(copies["output"], as_version=4).cells)
    assert sorted(outcomes) == list(range(cells)), result.stdout[-3000:]
    assert {i for i, o in outcomes.items() if o != "PASSED"} == {changed}, result.stdout[-3000:]
    report = _failures(result, copies["output"])
    assert "mismatch" in report.lower() and "0k" in report, result.stdout[-3000:]


def test_changed_registry_value_fails_nbval_where_the_claim_is_shown(tampered_run):
    """Edit the published value of a reproduced claim in a copy of the registry: nbval fails
    in the cells that show that claim, naming it, and every other cell passes."""
    result, copies, _, claim_id = tampered_run
    outcomes = _cell_outcomes(result, copies["registry"])
    cells = len(nbformat.read(copies["registry"], as_version=4).cells)
    shown = _showing(copies["registry"], claim_id)
    assert shown and sorted(outcomes) == list(range(cells)), result.stdout[-3000:]
    assert {i for i, o in outcomes.items() if o != "PASSED"} == shown, result.stdout[-3000:]
    assert claim_id in _failures(result, copies["registry"]), result.stdout[-3000:]
