"""Command line: ask a chapter what it concludes, re-run it with new parameters, build the book.

    python -m ev_compendium list
    python -m ev_compendium params ch000
    python -m ev_compendium check ch004 --set alpha=0.8          # verdicts, no kernel
    python -m ev_compendium run ch003 --set bus_hp_power_kw=200  # runs/<chapter>-<hash>/
    python -m ev_compendium runs                                 # list the runs
    python -m ev_compendium compare RUN_A RUN_B                  # what changed between runs
    python -m ev_compendium robustness ch004 --samples 1024      # verdicts under our assumptions
    python -m ev_compendium build                                # the book, never stale
    python -m ev_compendium refresh [ch000 ...]                  # regenerate paired notebooks

Every parameter is validated by the chapter (``ch.parameters()``: ranges and joint
conditions) before a kernel starts: a bad value, an unknown name or a combination the model
cannot take exits with status 2 and one line naming the parameter(s). Exit codes: 0 done
(``check``: every claim holds), 1 failed (``check``: some claim no longer holds), 2 refused,
130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .chapters import CHAPTERS, get_chapter
from .paths import REPO_ROOT
from .params import ParameterError, format_value, parse_assignments


def refresh_chapter(chapter_id: str, timeout_s: int = 600) -> Path:
    """Regenerate ``<chapter>.ipynb`` from ``<chapter>.md`` and execute it in place; first
    rewrite the chapter's committed generated code if it is out of date (a chapter package's
    optional ``refresh_generated()``, e.g. ch004's closed forms)."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    from .chapter import load_chapter

    for path in getattr(load_chapter(chapter_id).module, "refresh_generated", lambda: [])():
        print(f"regenerated {path.relative_to(REPO_ROOT)}")
    chapter = get_chapter(chapter_id)
    notebook = jupytext.read(chapter.markdown)
    notebook.metadata.setdefault("kernelspec", {
        "name": "python3", "display_name": "Python 3", "language": "python"})
    NotebookClient(notebook, timeout=timeout_s, kernel_name="python3",
                   resources={"metadata": {"path": str(chapter.markdown.parent)}}).execute()
    for index, cell in enumerate(notebook.cells):  # keep the committed diff to real changes:
        cell.get("metadata", {}).pop("execution", None)  # timings differ per run and
        cell["id"] = f"cell-{index:03d}"  # jupytext draws random cell ids on every read
    nbformat.write(notebook, chapter.notebook)
    return chapter.notebook


def _print_check(chapter_id: str, assignments: list[str]) -> int:
    import pandas as pd

    from .chapter import load_chapter
    from .runs import verdict

    ch = load_chapter(chapter_id)
    P = ch.parameters(parse_assignments(assignments))
    outcome = verdict(ch, P)
    table = pd.DataFrame.from_dict(outcome.values, orient="index")[["published", "reproduced", "check"]]
    with pd.option_context("display.max_rows", None, "display.width", 200):
        print(table.rename_axis("claim").to_string())
    print(outcome.line(chapter_id, P))
    return 0 if not outcome.changed else 1


def _print_runs(runs_dir: Path) -> int:
    from .runs import list_runs

    runs = list_runs(runs_dir)
    if not runs:
        print(f"no runs in {runs_dir}")
        return 0
    for run in runs:
        overrides = ", ".join(f"{k}={format_value(v)}" for k, v in run.get("overrides", {}).items())
        print(f"{run['folder']:28s} {run.get('chapter', '?'):6s} {run.get('status', '?'):11s} "
              f"{(run.get('started') or '')[:19]:19s} {overrides or '(paper parameters)'}")
    return 0


def _print_compare(runs_dir: Path, a: str, b: str) -> int:
    import pandas as pd

    from .runs import compare_runs, load_run

    run_a, run_b = load_run(runs_dir, a), load_run(runs_dir, b)
    rows = compare_runs(run_a, run_b)
    print(f"A = {run_a['name']} ({_label(run_a)}); B = {run_b['name']} ({_label(run_b)})")
    if not rows:
        print("no claim changes value or verdict between the two runs")
        return 0
    with pd.option_context("display.max_rows", None, "display.width", 200):
        print(pd.DataFrame(rows).set_index("claim").to_string())
    print(f"{len(rows)} claim(s) differ")
    return 0


def _print_robustness(args: argparse.Namespace) -> int:
    import pandas as pd

    from . import robustness
    from .runs import check_destination

    get_chapter(args.chapter)
    folder = check_destination(args.output_dir)
    result = robustness.run(args.chapter, args.samples, seed=args.seed, n_jobs=args.jobs,
                            scheduler=args.scheduler, progress=sys.stderr.isatty())
    shown = result.summary.assign(share_holds=lambda f: (100 * f["share_holds"]).round(1))
    with pd.option_context("display.max_rows", None, "display.width", 200,
                           "display.max_colwidth", 70):
        print(shown.drop(columns=["admissible_samples"]).to_string())
    paths = robustness.write(result, folder)
    if args.record:
        paths.append(robustness.record(result))
    admissible = int(result.summary["admissible_samples"].iloc[0]) if len(result.summary) else 0
    print(f"{args.chapter}: {len(result.samples)} samples ({result.method}), {admissible} admissible; "
          f"wrote {', '.join(str(p) for p in paths)}")
    return 0


def _label(run: dict) -> str:
    return ", ".join(f"{k}={format_value(v)}" for k, v in run.get("overrides", {}).items()) or "paper parameters"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ev_compendium", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the chapters")
    p_params = sub.add_parser("params", help="show a chapter's parameters and valid ranges")
    p_params.add_argument("chapter")

    def add_sets(p: argparse.ArgumentParser) -> None:
        p.add_argument("--set", dest="assignments", action="append", default=[],
                       metavar="NAME=VALUE", help="override a parameter (repeatable); VALUE is "
                       "read as YAML 1.2, e.g. 0.6, 1e-3 or [0.3,0.5]")

    p_check = sub.add_parser("check", help="print a chapter's verdicts (no kernel)")
    p_check.add_argument("chapter")
    add_sets(p_check)
    p_run = sub.add_parser("run", help="re-execute a chapter with parameter overrides")
    p_run.add_argument("chapter")
    add_sets(p_run)
    p_run.add_argument("--output-dir", type=Path, default=Path("runs"),
                       help="where run folders go (default: runs)")
    p_run.add_argument("--name", help="the run's folder name (default: <chapter>-<hash of the overrides>)")
    p_run.add_argument("--no-html", action="store_true", help="skip the HTML rendering")
    p_runs = sub.add_parser("runs", help="list the runs")
    p_runs.add_argument("--output-dir", type=Path, default=Path("runs"))
    p_compare = sub.add_parser("compare", help="claims whose value or verdict differ between two runs")
    p_compare.add_argument("run_a")
    p_compare.add_argument("run_b")
    p_compare.add_argument("--output-dir", type=Path, default=Path("runs"))
    p_rob = sub.add_parser("robustness", help="share of plausible assumptions under which each "
                           "published claim holds, and which assumptions decide it")
    p_rob.add_argument("chapter")
    p_rob.add_argument("--samples", type=int, default=256, help="number of samples (default 256)")
    p_rob.add_argument("--seed", type=int, default=20261130)
    p_rob.add_argument("--jobs", type=int, default=-1, help="local worker processes (default: all cores)")
    p_rob.add_argument("--scheduler", help="a Dask scheduler address, e.g. tcp://HOST:8786")
    p_rob.add_argument("--output-dir", type=Path, default=Path("robustness"))
    p_rob.add_argument("--record", action="store_true", help="also record the summary the book "
                       "shows (data/robustness/<chapter>.csv)")
    p_build = sub.add_parser("build", help="build the HTML book, re-executing exactly the "
                             "pages whose inputs changed (in parallel)")
    p_build.add_argument("jb_args", nargs="*", help="extra arguments for jupyter-book build")
    p_refresh = sub.add_parser("refresh", help="regenerate and execute paired .ipynb files")
    p_refresh.add_argument("chapters", nargs="*", help="default: all chapters")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            for chapter in CHAPTERS.values():
                print(f"{chapter.id}  {chapter.markdown.name:36s}  {chapter.title}")
        elif args.command == "params":
            get_chapter(args.chapter)
            import pandas as pd

            from .params import load_parameters
            with pd.option_context("display.max_colwidth", 60, "display.width", 200):
                print(load_parameters(args.chapter).table().to_string())
        elif args.command == "check":
            get_chapter(args.chapter)
            return _print_check(args.chapter, args.assignments)
        elif args.command == "run":
            from .runs import execute_run

            get_chapter(args.chapter)
            overrides = parse_assignments(args.assignments)
            result = execute_run(args.chapter, overrides, args.output_dir, name=args.name,
                                 html=not args.no_html)
            print(result.message, file=sys.stdout if result.exit_code == 0 else sys.stderr)
            result.silence_stderr()
            return result.exit_code
        elif args.command == "runs":
            return _print_runs(args.output_dir)
        elif args.command == "compare":
            return _print_compare(args.output_dir, args.run_a, args.run_b)
        elif args.command == "robustness":
            return _print_robustness(args)
        elif args.command == "build":
            from .build import build

            return build(args.jb_args).returncode
        elif args.command == "refresh":
            for chapter_id in args.chapters or list(CHAPTERS):
                print(f"refreshed {refresh_chapter(chapter_id)}")
    except (ParameterError, KeyError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        print(f"error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
