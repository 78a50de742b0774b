"""Re-runs keep every result with its provenance, and bad requests are refused up front.

The probe chapter is ch002 (its kernel run takes a few seconds). One override is run from the
command line as a reader would (a subprocess, the chapter's real notebook, with its HTML page);
the baseline it is compared with is recorded through the same ``execute_run`` from a small stub
notebook: the folder, ``run.json`` and verdict are the run machinery's and the chapter API's, not
the notebook's, and the chapter's notebook at the baseline is executed by nbval already. The run
machinery itself (replacing, interrupting, failing) is tested in tests/test_run_machinery.py (a
separate file, so that the two can run on different test workers). Each test says which promise
of ``python -m ev_compendium run`` it holds the command to.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import stub_notebook

from ev_compendium.cli import main
from ev_compendium.paths import REPO_ROOT
from ev_compendium.runs import compare_runs, execute_run, load_run

CHAPTER = "ch002"
STEM = "ch002-circularity-matrix"


def _cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ev_compendium", *argv], capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """One runs folder holding the baseline (a stub notebook; its message is what the command
    prints) and one override of the probe chapter run from the command line, with its HTML."""
    runs = tmp_path_factory.mktemp("runs")
    source = stub_notebook(tmp_path_factory.mktemp("stub") / "stub.ipynb")
    base = execute_run(CHAPTER, {}, runs, html=False, source=source)
    other = _cli("run", CHAPTER, "--set", "impact_gap_level=2", "--output-dir", str(runs))
    return runs, base, other


def _override_folder(runs: Path) -> Path:
    return next(p for p in runs.iterdir() if p.name.startswith("ch002-") and "base" not in p.name)


def test_each_parameter_set_gets_its_own_folder(two_runs):
    runs, base, other = two_runs
    assert base.exit_code == 0 and other.returncode == 0, base.message + other.stderr
    folders = sorted(p.name for p in runs.iterdir() if p.name != "_static")
    assert "ch002-baseline" in folders and len(folders) == 2, folders
    (hashed,) = set(folders) - {"ch002-baseline"}
    assert hashed.startswith("ch002-") and len(hashed) == len("ch002-") + 8
    for folder in folders:
        record = json.loads((runs / folder / "run.json").read_text())
        assert record["status"] == "completed" and record["error"] is None
        assert (runs / folder / f"{STEM}.ipynb").is_file()
        assert not list((runs / folder).glob("*.partial.ipynb"))
    assert not [p for p in runs.iterdir() if p.name.endswith((".running", ".failed", ".interrupted"))]


def test_overridden_run_executes_the_chapter_and_says_its_checks_are_informational(two_runs):
    runs, _, _ = two_runs
    notebook = nbformat.read(_override_folder(runs) / f"{STEM}.ipynb", as_version=4)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(str(o.get("data", {}).get("text/markdown", "")) for o in outputs)
    assert "parameters overridden (impact_gap_level)" in text and "informational" in text
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 2  # the figures were drawn


def test_run_json_records_provenance(two_runs):
    runs, _, _ = two_runs
    record = load_run(runs, _override_folder(runs).name)
    assert record["chapter"] == CHAPTER and record["overrides"] == {"impact_gap_level": 2}
    assert record["parameters"]["impact_gap_level"] == 2
    assert record["parameters"]["impact_gap_stage"] == "recycling"  # the full set, not only overrides
    for key in ("started", "finished", "wall_seconds", "package_version", "python", "packages"):
        assert record[key], key
    assert record["wall_seconds"] > 0 and "numpy" in record["packages"]
    verdict = record["verdict"]
    assert verdict["holds"] == sum(c["holds"] for c in verdict["claims"].values())
    assert set(verdict["no_longer_hold"]) <= {i for i, c in verdict["claims"].items() if not c["holds"]}
    assert verdict["no_longer_hold"] and set(verdict["no_longer_hold"]) <= set(verdict["changed"])


def test_run_ends_with_a_verdict_line(two_runs):
    _, base, other = two_runs
    assert base.message.startswith("ch002 (paper's parameters): ") and "no longer hold" not in base.message
    first = other.stdout.splitlines()[0]
    assert first.startswith("ch002 (impact_gap_level=2): ") and " no longer hold: ch002." in first


def test_compare_lists_what_changed(two_runs, capsys):
    runs, _, _ = two_runs
    names = sorted((p.name for p in runs.iterdir() if p.name != "_static"),
                   key=lambda n: n != "ch002-baseline")  # baseline first
    rows = compare_runs(load_run(runs, names[0]), load_run(runs, names[1]))
    assert rows and all(r["A verdict"] == "ok" for r in rows)
    assert {r["B verdict"] for r in rows} == {"FAIL"}
    assert main(["compare", *names, "--output-dir", str(runs)]) == 0
    out = capsys.readouterr().out
    assert f"{len(rows)} claim(s) differ" in out and rows[0]["claim"] in out
    assert main(["runs", "--output-dir", str(runs)]) == 0
    listing = capsys.readouterr().out
    assert "ch002-baseline" in listing and "impact_gap_level=2" in listing and "completed" in listing


def test_run_html_is_offline_and_book_like(two_runs):
    runs, _, _ = two_runs
    page = (_override_folder(runs) / f"{STEM}.html").read_text(encoding="utf-8")
    scripts = [s for s in page.split("<script")[1:]]
    assert not [s[:120] for s in scripts if "https://" in s.split(">", 1)[0] or "import(\"https" in s]
    assert "cdnjs" not in page and "unpkg" not in page and "jsdelivr" not in page
    assert 'src="../_static/mathjax/tex-chtml.js"' in page
    assert (runs / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert "data:image/png;base64," in page  # figures embedded
    assert "from ev_compendium.notebook import" not in page  # hide-input cells show no code
    assert ":::{admonition}" not in page and "{cite}" not in page  # MyST made readable


@pytest.mark.parametrize("destination, fragment", [
    (REPO_ROOT / "book", "inside the compendium's book/ folder"),
    (REPO_ROOT / "data" / "runs", "inside the compendium's data/ folder"),
    (REPO_ROOT / "src", "inside the compendium's src/ folder"),
    (REPO_ROOT / "tests" / "x", "inside the compendium's tests/ folder"),
    (Path("/proc/ev-compendium-runs"), "cannot write there"),
])
def test_bad_destinations_are_refused(capsys, destination, fragment):
    assert main(["run", CHAPTER, "--output-dir", str(destination)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --output-dir") and fragment in err and err.count("\n") == 1


def test_output_dir_that_is_a_file_is_refused(capsys, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    assert main(["run", CHAPTER, "--output-dir", str(a_file)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert a_file.read_text() == "mine"


@pytest.mark.parametrize("argv, fragment", [
    (["--set", "impact_gap_level=2", "--set", "impact_gap_level=3"],
     "parameter 'impact_gap_level' is set more than once (2 and 3)"),
    (["--set", "impact_gap_levle=2"], "did you mean 'impact_gap_level'"),
    (["--set", "symbol_scores=[1, 2"], "cannot read the value of 'symbol_scores'"),
    (["--name", "../elsewhere"], "--name '../elsewhere'"),
])
def test_bad_values_give_one_line(capsys, tmp_path, argv, fragment):
    assert main(["run", CHAPTER, *argv, "--output-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1, err
    assert not list(tmp_path.iterdir())


def test_yaml_12_numbers_are_numbers():
    from ev_compendium.params import parse_assignments

    assert parse_assignments(["a=1e-3", "b=1.5e3", "c=[2e-1, 3]", "d=-4E2"]) == {
        "a": 0.001, "b": 1500.0, "c": [0.2, 3], "d": -400.0}
