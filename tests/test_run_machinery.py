"""Re-runs never lose or fake a result: replacing, interrupting and failing runs.

The run machinery, not the model, is under test: each test executes a small stub notebook in
place of the probe chapter's (ch002's parameters, its run names), through
``ev_compendium.runs.execute_run`` or the real command line (``cli.main``).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from conftest import stub_notebook

from ev_compendium.runs import execute_run

CHAPTER = "ch002"
STEM = "ch002-circularity-matrix"


def test_same_parameters_replace_only_after_completion(tmp_path):
    runs = tmp_path / "runs"
    first = execute_run(CHAPTER, {}, runs, html=False, source=stub_notebook(tmp_path / "a.ipynb", "1"))
    assert first.exit_code == 0 and "run written" in first.message and "replaced" not in first.message
    before = json.loads((runs / "ch002-baseline" / "run.json").read_text())
    # the second run's notebook looks at the finished folder while it executes: it must still
    # hold the first run (the swap happens only after completion)
    probe = f"""
import json, pathlib
record = json.loads((pathlib.Path({str(runs)!r}) / "ch002-baseline" / "run.json").read_text())
assert record["started"] == {before["started"]!r} and record["status"] == "completed", record
assert (pathlib.Path({str(runs)!r}) / "ch002-baseline.running" / "run.json").is_file()  # staged
"""
    second = execute_run(CHAPTER, {}, runs, html=False, source=stub_notebook(tmp_path / "b.ipynb", probe))
    assert second.exit_code == 0, second.message
    assert "run replaced" in second.message and "earlier run with the same parameters was replaced" in second.message
    after = json.loads((runs / "ch002-baseline" / "run.json").read_text())
    assert after["status"] == "completed" and after["started"] >= before["started"]
    assert after["finished"] >= before["finished"] and after != before
    assert sorted(p.name for p in runs.iterdir()) == ["ch002-baseline"]  # no staging or copy left


def _saved_cells(notebook: Path) -> list:
    """The cells of a notebook papermill saves as it executes ([] if caught mid-write)."""
    try:
        return nbformat.read(notebook, as_version=4).cells
    except Exception:  # noqa: BLE001 - caught mid-write: not yet
        return []


def _printed(notebook: Path, text: str) -> bool:
    """Whether an output (not a source) of the notebook, saved as it executes, shows ``text``."""
    return any(text in str(o.get("text", "")) for c in _saved_cells(notebook) if c.cell_type == "code"
               for o in c.outputs)


def _running(notebook: Path, source: str) -> bool:
    """Whether papermill has marked the cell with ``source`` as running (it saves the notebook
    as each cell starts)."""
    return any(c.source == source and c.metadata.get("papermill", {}).get("status") == "running"
               for c in _saved_cells(notebook))


def test_sigint_leaves_an_interrupted_run_never_completed(tmp_path):
    """The real command line (``cli.main``) runs a notebook that waits in a cell; SIGINT arrives
    while that cell executes (not before the kernel starts nor after it finishes)."""
    wait = "import time\ntime.sleep(120)"
    stub = stub_notebook(tmp_path / "slow.ipynb", "print('started')", wait, "print('never')")
    runs = tmp_path / "runs"
    # SIGINT as in a terminal even when the suite itself runs as a background job (whose
    # children inherit an ignored SIGINT, so no Ctrl-C could ever reach them)
    command = ("import functools, signal, sys\n"
               "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
               "import ev_compendium.runs as runs\n"
               f"runs.execute_run = functools.partial(runs.execute_run, source={str(stub)!r})\n"
               "from ev_compendium.cli import main\n"
               f"sys.exit(main(['run', {CHAPTER!r}, '--set', 'impact_gap_level=1', "
               f"'--output-dir', {str(runs)!r}]))")
    proc = subprocess.Popen([sys.executable, "-c", command], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    partial = None
    while time.monotonic() < deadline and proc.poll() is None:
        found = list(runs.glob("*.running/*.partial.ipynb"))
        if found and _running(found[0], wait):  # the cell before it has finished
            partial = found[0]
            break
        time.sleep(0.05)
    assert partial is not None, "the stub run never reached its waiting cell"
    time.sleep(0.2)  # papermill marks the cell before sending it: let the kernel start it
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, (out, err)
    (folder,) = list(runs.iterdir())
    assert folder.name.endswith(".interrupted")
    record = json.loads((folder / "run.json").read_text())
    assert record["status"] == "interrupted" and "SIGINT" in record["error"]
    partial = folder / f"{STEM}.partial.ipynb"
    assert partial.is_file() and not (folder / f"{STEM}.ipynb").exists()
    notebook = nbformat.read(partial, as_version=4)
    assert "did not finish: interrupted" in notebook.cells[0].source
    assert _printed(partial, "started") and not _printed(partial, "never")
    assert len(err.strip().splitlines()) == 1 and "interrupted" in err  # one line, no traceback


def test_failed_run_is_kept_as_failed_with_log(tmp_path):
    broken = stub_notebook(tmp_path / "broken.ipynb", "raise RuntimeError('model blew up')")
    result = execute_run(CHAPTER, {}, tmp_path / "runs", html=False, source=broken)
    assert result.exit_code == 1 and result.status == "failed"
    assert result.folder.name == "ch002-baseline.failed"
    record = json.loads((result.folder / "run.json").read_text())
    assert record["status"] == "failed" and "RuntimeError: model blew up" in record["error"]
    assert "Traceback" in (result.folder / "run.log").read_text()
    assert "\n" not in result.message and "run.log" in result.message
    assert not (tmp_path / "runs" / "ch002-baseline").exists()  # nothing at the finished name
