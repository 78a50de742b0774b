"""Re-runs of a chapter with new parameters: one folder per run, kept with its provenance.

``python -m ev_compendium run ch003 --set bus_hp_power_kw=200`` writes::

    runs/
      _static/mathjax/             offline MathJax, shared by every run's HTML
      ch003-1a2b3c4d/              one folder per parameter set (or --name)
        run.json                   chapter, overrides, parameters, status, times, versions, verdicts
        ch003-dess-lca.ipynb       the executed notebook
        ch003-dess-lca.html        book-like HTML: hidden code stays hidden, equations offline
        run.log                    papermill's log (and a failure's full traceback)

A run executes in a staging folder ``<name>.running/`` (``run.json`` says ``running``); only
when it completes is it renamed to ``<name>/``, replacing an earlier run of the same name. A
failed or interrupted run (an error, Ctrl-C, SIGTERM) is kept as ``<name>.failed/`` or
``<name>.interrupted/``, its notebook named ``*.partial.ipynb`` and its ``run.json`` saying so:
no half-written file ever sits at a finished name, and no other run's folder is touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import logging
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .chapter import Chapter, load_chapter
from .params import ParameterSet
from .run_html import install_mathjax, notebook_html
from .paths import REPO_ROOT
from .validate import ParameterError

PROTECTED = ("book", "data", "src", "tests", ".git", ".ci")
KEY_PACKAGES = ("numpy", "pandas", "scipy", "sympy", "matplotlib", "pymoo", "SALib",
                "scikit-learn", "papermill", "nbconvert", "jupyter-book")
STATUSES = ("running", "completed", "failed", "interrupted")


class RunInterrupted(Exception):
    """SIGINT or SIGTERM arrived while a chapter was executing."""


# --- naming and destinations --------------------------------------------------------------

def run_name(chapter_id: str, P: ParameterSet) -> str:
    """``<chapter>-baseline`` at the paper's parameters, else ``<chapter>-<8 hex digits>``
    hashed from the overridden values (the same parameters always give the same name)."""
    if P.is_paper_baseline:
        return f"{chapter_id}-baseline"
    changed = {name: P[name] for name in sorted(P.overridden)}
    digest = hashlib.sha256(json.dumps(changed, sort_keys=True).encode()).hexdigest()[:8]
    return f"{chapter_id}-{digest}"


NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,80}$")


def check_name(name: str) -> str:
    """A ``--name`` must be a plain folder name (no path, no staging suffix)."""
    if not NAME_RE.match(name) or name.endswith((".running", ".failed", ".interrupted")):
        raise ParameterError(f"--name {name!r}: use letters, digits, '-', '_' or '.' "
                             "(a folder name, not a path)")
    return name


def check_destination(output_dir: Path) -> Path:
    """Refuse an output folder inside the repository's sources, a file, or an unwritable path;
    create it otherwise. Returns the resolved folder."""
    target = output_dir.expanduser().resolve()
    for protected in PROTECTED:
        root = (REPO_ROOT / protected).resolve()
        if target == root or root in target.parents:
            raise ParameterError(f"--output-dir {output_dir}: refusing to write runs inside the "
                                 f"compendium's {protected}/ folder; use e.g. --output-dir runs")
    if target.exists() and not target.is_dir():
        raise ParameterError(f"--output-dir {output_dir}: is a file, not a folder")
    try:
        target.mkdir(parents=True, exist_ok=True)
        probe = target / f".write-probe-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise ParameterError(f"--output-dir {output_dir}: cannot write there ({exc.strerror or exc})") from None
    return target


# --- provenance ----------------------------------------------------------------------------

def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"],
                             capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def _package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in KEY_PACKAGES:
        with contextlib.suppress(PackageNotFoundError):
            found[name] = version(name)
    return found


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not (value == value and abs(value) != float("inf")):
        return str(value)
    return value


def _write_json(path: Path, record: Mapping[str, Any]) -> None:
    """Write ``record`` atomically (a temporary file renamed over the old one)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(record, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)


# --- verdicts --------------------------------------------------------------------------------

@dataclass
class Verdict:
    """How a chapter's published claims fare under a parameter set (from its own check, no
    kernel). ``holds``: computed claims whose published value or statement holds now;
    ``no_longer_hold``: reproduced at the paper's parameters, not now; ``now_hold``:
    documented discrepancies that now agree with the paper; ``changed``: every claim whose
    check differs from what the registry documents (the exit status of ``check``)."""

    holds: list[str]
    no_longer_hold: list[str]
    now_hold: list[str]
    changed: list[str]
    values: dict[str, dict[str, str]]

    @staticmethod
    def _ids(ids: list[str]) -> str:
        return ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")

    def line(self, chapter_id: str, P: ParameterSet) -> str:
        """``ch003 (bus_hp_power_kw=200): 120 of 135 published claims hold; 6 no longer
        hold: a, b, ...``"""
        from .params import format_value

        label = ", ".join(f"{n}={format_value(P[n])}" for n in P.overridden) or "paper's parameters"
        total = len(self.values)
        text = f"{chapter_id} ({label}): {len(self.holds)} of {total} published claims hold"
        if self.no_longer_hold:
            text += f"; {len(self.no_longer_hold)} no longer hold: {self._ids(self.no_longer_hold)}"
        if self.now_hold:
            text += f"; {len(self.now_hold)} now hold: {self._ids(self.now_hold)}"
        moved = [c for c in self.changed if c not in self.no_longer_hold and c not in self.now_hold]
        if moved:
            noun = "discrepancy" if len(moved) == 1 else "discrepancies"
            text += f"; {len(moved)} documented {noun} changed value: {self._ids(moved)}"
        if not self.changed and total > len(self.holds):
            text += f" (the other {total - len(self.holds)} are documented discrepancies)"
        return text


def verdict(ch: Chapter, P: ParameterSet) -> Verdict:
    """Check every computed claim of ``ch`` under ``P`` (informational: never raises)."""
    from .claims import check_claims, load_claims, published_holds

    values = ch.evaluate(P)
    table = check_claims(ch.id, values, strict=False)  # the values above, not evaluated again
    registry = load_claims(ch.id)
    record, holds, no_longer, now, changed = {}, [], [], [], []
    for claim_id in table.index[table["check"] != ""]:
        row, claim = table.loc[claim_id], registry.loc[claim_id]
        ok_now = published_holds(claim, values[claim_id], claim_id)
        record[claim_id] = {"published": str(row["published"]), "reproduced": str(row["reproduced"]),
                            "check": str(row["check"]), "holds": ok_now}
        holds += [claim_id] if ok_now else []
        changed += [claim_id] if row["check"] != "ok" else []
        if claim["status"] == "reproduced" and not ok_now:
            no_longer.append(claim_id)
        elif claim["status"] == "discrepancy" and ok_now:
            now.append(claim_id)
    return Verdict(holds, no_longer, now, changed, record)


# --- one run ----------------------------------------------------------------------------------

@dataclass
class RunResult:
    """What ``execute_run`` did: the final folder, status, exit code and the line to print."""

    folder: Path
    status: str
    exit_code: int
    message: str

    def silence_stderr(self) -> None:
        """Send what this process still writes to standard error (asyncio's report of the
        kernel it shut down, at exit) to the run's log instead of the terminal."""
        log = self.folder / "run.log"
        if self.exit_code != 0 and log.is_file():
            sys.stderr.flush()
            handle = open(log, "a", encoding="utf-8")  # noqa: SIM115 - open until exit
            os.dup2(handle.fileno(), 2)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    def handler(signum, frame):  # noqa: ARG001
        raise RunInterrupted(signal.Signals(signum).name)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _stderr_to(log_path: Path) -> Iterator[None]:
    """Send this process's standard error (file descriptor 2, which the kernel inherits) to
    the run's log while the notebook executes: the terminal gets one line, the log the rest."""
    sys.stderr.flush()
    saved = os.dup(2)
    with log_path.open("a", encoding="utf-8") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def _swap_in(staging: Path, final: Path) -> bool:
    """Rename ``staging`` to ``final``; an older ``final`` is removed only afterwards.
    Returns True when an earlier run was replaced."""
    replaced = final.exists()
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if replaced:
        final.replace(old)
    staging.replace(final)
    if replaced:
        shutil.rmtree(old, ignore_errors=True)
    return replaced


def execute_run(chapter_id: str, overrides: Mapping[str, Any], output_dir: Path,
                name: str | None = None, html: bool = True, source: Path | None = None) -> RunResult:
    """Validate, execute and record one run (see the module docstring). ``source`` is the
    notebook to execute (default: the chapter's committed ``.ipynb``)."""
    import papermill

    ch = load_chapter(chapter_id)
    P = ch.parameters(overrides)  # ParameterError before anything is written
    runs_dir = check_destination(output_dir)
    name = check_name(name) if name else run_name(chapter_id, P)
    final = runs_dir / name
    staging = runs_dir / f"{name}.running"
    shutil.rmtree(staging, ignore_errors=True)  # a stale one from a killed run
    staging.mkdir()
    stem = ch.info.notebook.stem
    notebook_in = source or ch.info.notebook
    partial_nb = staging / f"{stem}.partial.ipynb"
    record: dict[str, Any] = {
        "name": name, "chapter": chapter_id, "title": ch.info.title,
        "overrides": {k: _jsonable(P[k]) for k in P.overridden},
        "parameters": {k: _jsonable(v) for k, v in P.items()},
        "status": "running", "error": None, "started": _now(), "finished": None,
        "wall_seconds": None, "package_version": __version__, "git_commit": _git_commit(),
        "python": platform.python_version(), "packages": _package_versions(),
    }
    _write_json(staging / "run.json", record)
    log_path = staging / "run.log"
    handler = logging.FileHandler(log_path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    papermill_log = logging.getLogger("papermill")
    papermill_log.addHandler(handler)
    papermill_log.setLevel(logging.INFO)
    papermill_log.propagate = False
    start = time.monotonic()
    status, error = "completed", None
    with _stderr_to(log_path):  # the kernel's and asyncio's messages go to the log
        try:
            with _sigterm_as_interrupt():
                papermill.execute_notebook(
                    str(notebook_in), str(partial_nb), parameters={"overrides": dict(overrides)},
                    cwd=str(ch.info.notebook.parent), kernel_name="python3", progress_bar=False,
                    request_save_on_cell_execute=True, log_output=False)
        except (KeyboardInterrupt, RunInterrupted) as exc:
            status = "interrupted"
            error = f"interrupted by {exc.args[0] if exc.args else 'SIGINT'}"
        except Exception as exc:  # noqa: BLE001 - any failure is recorded, never shown as a traceback
            status = "failed"
            ename = getattr(exc, "ename", type(exc).__name__)
            evalue = getattr(exc, "evalue", str(exc))
            error = f"{ename}: {str(evalue).strip().splitlines()[0] if str(evalue).strip() else ''}"
            with log_path.open("a", encoding="utf-8") as log:
                log.write("\n" + "".join(traceback.format_exception(exc)))
        finally:
            papermill_log.removeHandler(handler)
            handler.close()
            # a cut-short execution leaves coroutines behind: collect them while standard error
            # still goes to the log, so their "never awaited" warnings land there
            gc.collect()
    record.update(status=status, error=error, finished=_now(),
                  wall_seconds=round(time.monotonic() - start, 2))

    if status != "completed":
        _mark_partial(partial_nb, status, error)
        record["notebook"] = partial_nb.name
        _write_json(staging / "run.json", record)
        kept = runs_dir / f"{name}.{status}"
        shutil.rmtree(kept, ignore_errors=True)
        staging.replace(kept)
        where = kept / "run.log"
        message = (f"{chapter_id}: run {status} ({error}); partial notebook and log kept in "
                   f"{kept}/ (see {where})")
        return RunResult(kept, status, 130 if status == "interrupted" else 1, message)

    notebook = staging / f"{stem}.ipynb"
    partial_nb.replace(notebook)
    record["notebook"] = notebook.name
    if html:
        install_mathjax(runs_dir)
        page = staging / f"{stem}.html"
        tmp = page.with_name(page.name + ".tmp")
        tmp.write_text(notebook_html(notebook, "../_static/mathjax/tex-chtml.js"), encoding="utf-8")
        tmp.replace(page)
        record["html"] = page.name
    outcome = verdict(ch, P)
    record["verdict"] = {"holds": len(outcome.holds), "no_longer_hold": outcome.no_longer_hold,
                         "now_hold": outcome.now_hold, "changed": outcome.changed,
                         "claims": outcome.values}
    _write_json(staging / "run.json", record)
    replaced = _swap_in(staging, final)
    lines = [outcome.line(chapter_id, P),
             f"run {'replaced' if replaced else 'written'}: {final}/"
             + (" (an earlier run with the same parameters was replaced)" if replaced else "")]
    return RunResult(final, "completed", 0, "\n".join(lines))


def _mark_partial(path: Path, status: str, error: str | None) -> None:
    """Put a banner at the top of a partial notebook so no reader takes it as finished."""
    import nbformat

    if not path.exists():
        return
    with contextlib.suppress(Exception):
        notebook = nbformat.read(path, as_version=4)
        banner = nbformat.v4.new_markdown_cell(
            f"**This run did not finish: {status}** ({error}). Cells after the point of failure "
            "were not executed; their outputs are missing or stale.")
        notebook.cells.insert(0, banner)
        notebook.metadata.setdefault("ev_compendium", {})["status"] = status
        nbformat.write(notebook, path)


# --- listing and comparing -------------------------------------------------------------------

def list_runs(runs_dir: Path) -> list[dict[str, Any]]:
    """Every run folder's ``run.json`` under ``runs_dir`` (newest first)."""
    found = []
    if not runs_dir.is_dir():
        return found
    for record_path in runs_dir.glob("*/run.json"):
        with contextlib.suppress(OSError, ValueError):
            record = json.loads(record_path.read_text(encoding="utf-8"))
            record["folder"] = record_path.parent.name
            found.append(record)
    return sorted(found, key=lambda r: r.get("started") or "", reverse=True)


def load_run(runs_dir: Path, name: str) -> dict[str, Any]:
    """The ``run.json`` of run ``name`` (a folder under ``runs_dir``, or a path)."""
    folder = Path(name) if Path(name).is_dir() else runs_dir / name
    path = folder / "run.json"
    if not path.is_file():
        raise ParameterError(f"no run named {name!r} in {runs_dir} (see `python -m ev_compendium runs`)")
    return json.loads(path.read_text(encoding="utf-8"))


def compare_runs(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[dict[str, str]]:
    """Claims whose reproduced value or verdict differs between two completed runs."""
    for run in (a, b):
        if run.get("status") != "completed" or "verdict" not in run:
            raise ParameterError(f"run {run.get('name')!r} is {run.get('status')}: only completed "
                                 "runs have verdicts to compare")
    if a["chapter"] != b["chapter"]:
        raise ParameterError(f"runs {a['name']!r} ({a['chapter']}) and {b['name']!r} "
                             f"({b['chapter']}) are of different chapters")
    claims_a, claims_b = a["verdict"]["claims"], b["verdict"]["claims"]
    rows = []
    for claim_id in sorted(set(claims_a) | set(claims_b)):
        va, vb = claims_a.get(claim_id, {}), claims_b.get(claim_id, {})
        if (va.get("reproduced"), va.get("check")) != (vb.get("reproduced"), vb.get("check")):
            rows.append({"claim": claim_id, "published": va.get("published") or vb.get("published", ""),
                         "A": va.get("reproduced", "—"), "A verdict": va.get("check", "—"),
                         "B": vb.get("reproduced", "—"), "B verdict": vb.get("check", "—")})
    return rows
