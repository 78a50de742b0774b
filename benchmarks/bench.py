"""Benchmark the build and the chapters, as ratios measured in one run (not a timed test).

    .venv/bin/python benchmarks/bench.py [--repeat 3] [--skip-tests]

Works on a copy of the repository's working tree in a temporary folder (your ``_build`` is
never touched) and prints, each as the median of ``--repeat`` runs where it is cheap enough:

* the floor: starting a kernel and importing what a chapter imports (no computation);
* each chapter's execution, and its ratio to the floor;
* a clean build (``python -m ev_compendium build`` from nothing), a no-change rebuild, and a
  rebuild after editing one chapter's parameter file (a ``source:`` text only), with the pages
  each re-executed;
* the full test suite's wall time (README command 2), once.

Paste the printed table into the README's performance section.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHAPTERS = ("ch000", "ch001", "ch002", "ch003", "ch004")
ANYWHERE = shutil.ignore_patterns(".venv", "_build", "mutants", ".git", "__pycache__", ".hypothesis",
                                  "*.egg-info", ".pytest_cache")
TOP_LEVEL_ONLY = {"runs", "robustness"}  # the outputs of `run` / `robustness`; data/robustness stays


def _ignore(folder: str, names: list[str]) -> set[str]:
    ignored = set(ANYWHERE(folder, names))
    if Path(folder).resolve() == REPO:
        ignored |= TOP_LEVEL_ONLY & set(names)
    return ignored


def _copy() -> Path:
    target = Path(tempfile.mkdtemp(prefix="ev-bench-")) / "repo"
    shutil.copytree(REPO, target, ignore=_ignore)
    return target


def _env(root: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("MPLBACKEND", None)
    return env


def _timed(command: list[str], root: Path) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=root, env=_env(root), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return seconds, proc.stdout + proc.stderr


def _execute_notebook(path: Path, root: Path) -> float:
    code = ("import sys, time, nbformat; from nbclient import NotebookClient; "
            "nb = nbformat.read(sys.argv[1], as_version=4); t = time.perf_counter(); "
            "NotebookClient(nb, timeout=600, kernel_name='python3', "
            "resources={'metadata': {'path': sys.argv[2]}}).execute(); "
            "print('BENCH_SECONDS', time.perf_counter() - t)")
    _, out = _timed([sys.executable, "-c", code, str(path), str(path.parent)], root)
    return float(re.search(r"BENCH_SECONDS (\S+)", out).group(1))


def _floor_notebook(root: Path, chapter: str) -> Path:
    import nbformat

    cell = ("%matplotlib inline\nimport matplotlib.pyplot as plt\nimport numpy as np\n"
            "import pandas as pd\nfrom ev_compendium.notebook import setup, verdicts\n"
            f"from ev_compendium import load_chapter\nload_chapter({chapter!r})")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = root / "book" / f"_floor_{chapter}.ipynb"
    nbformat.write(nb, path)
    return path


def _reexecuted(output: str) -> str:
    match = re.search(r"re-executed: (.*)", output)
    return match.group(1).strip() if match else "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-tests", action="store_true")
    args = parser.parse_args()
    root = _copy()
    print(f"benchmark on a copy at {root}; medians of {args.repeat} runs; {os.cpu_count()} cores")

    floors, runs = {}, {}
    for chapter in CHAPTERS:
        floor_nb = _floor_notebook(root, chapter)
        floors[chapter] = statistics.median(_execute_notebook(floor_nb, root) for _ in range(args.repeat))
        notebook = next((root / "book").glob(f"{chapter}-*.ipynb"))
        runs[chapter] = statistics.median(_execute_notebook(notebook, root) for _ in range(args.repeat))
        floor_nb.unlink()
    build = [sys.executable, "-m", "ev_compendium", "build"]
    clean, clean_execution = [], []
    for _ in range(args.repeat):
        shutil.rmtree(root / "_build", ignore_errors=True)
        seconds, out = _timed(build, root)
        clean.append(seconds)
        clean_execution.append(float(re.search(r"executed \d+ page\(s\) in (\S+) s", out).group(1)))
    nochange, out_nochange = _timed(build, root)
    suite, out_suite = (0.0, "") if args.skip_tests else _timed([sys.executable, "-m", "pytest", "-q"], root)
    params = root / "data" / "params" / "ch002.yaml"
    text = params.read_text(encoding="utf-8")  # change one source text, keeping the YAML valid
    params.write_text(re.sub(r'(source: "?)', r"\1(edited) ", text, count=1), encoding="utf-8")
    edited, out_edited = _timed(build, root)
    clean_s = statistics.median(clean)

    print("\n| what | seconds | ratio | note |\n|---|---:|---:|---|")
    for chapter in CHAPTERS:
        print(f"| {chapter} execution | {runs[chapter]:.1f} | {runs[chapter] / floors[chapter]:.2f} × floor "
              f"| floor (kernel + imports) {floors[chapter]:.1f} s |")
    execution_s = statistics.median(clean_execution)
    print(f"| clean build | {clean_s:.1f} | 1.00 | `python -m ev_compendium build` from nothing; "
          f"executing the pages {execution_s:.1f} s of it, Sphinx the rest |")
    print(f"| no-change rebuild | {nochange:.1f} | {nochange / clean_s:.2f} × clean | re-executed: "
          f"{_reexecuted(out_nochange)} |")
    print(f"| rebuild after editing data/params/ch002.yaml | {edited:.1f} | {edited / clean_s:.2f} × clean "
          f"| re-executed: {_reexecuted(out_edited)} |")
    if not args.skip_tests:
        summary = [line for line in out_suite.splitlines() if " passed" in line]
        print(f"| test suite (README command 2) | {suite:.1f} | {suite / clean_s:.2f} × clean build | "
              f"{summary[-1].strip('= ') if summary else ''} |")
    shutil.rmtree(root.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
