"""Command line: re-run a chapter with new parameters, refresh paired notebooks.

    python -m ev_compendium list
    python -m ev_compendium params ch000
    python -m ev_compendium run ch000 --set grid_factor_east_kg_per_kwh=0.6 [--output-dir runs]
    python -m ev_compendium refresh [ch000 ...]

``run`` validates the overrides *before* starting a kernel (unknown names and
out-of-range values exit with status 2 and a message naming the parameter), then
executes the chapter with papermill, injecting ``overrides`` into its
``parameters`` cell, and writes the executed notebook and an HTML rendering.

``refresh`` regenerates each chapter's ``.ipynb`` from its MyST ``.md`` source
(jupytext) and executes it in place, so the committed outputs that nbval checks
are the outputs of the current source.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .chapters import CHAPTERS, get_chapter
from .params import ParameterError, load_parameters, parse_assignment


def _kernel_name() -> str:
    return "python3"


def run_chapter(chapter_id: str, assignments: list[str], output_dir: Path,
                html: bool = True) -> Path:
    """Execute one chapter with overrides; return the executed notebook path."""
    import papermill

    chapter = get_chapter(chapter_id)
    overrides = dict(parse_assignment(a) for a in assignments)
    params = load_parameters(chapter_id, overrides)  # fail fast, before any kernel starts
    output_dir.mkdir(parents=True, exist_ok=True)
    suffix = "-custom" if params.overridden else ""
    out_nb = output_dir / f"{chapter.stem}{suffix}.ipynb"
    papermill.execute_notebook(
        str(chapter.notebook), str(out_nb),
        parameters={"overrides": overrides},
        cwd=str(chapter.notebook.parent),
        kernel_name=_kernel_name(),
        progress_bar=False,
    )
    if html:
        import nbconvert
        import nbformat

        body, _ = nbconvert.HTMLExporter().from_notebook_node(nbformat.read(out_nb, as_version=4))
        out_nb.with_suffix(".html").write_text(body, encoding="utf-8")
    return out_nb


def refresh_chapter(chapter_id: str, timeout_s: int = 600) -> Path:
    """Regenerate ``<chapter>.ipynb`` from ``<chapter>.md`` and execute it in place."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    chapter = get_chapter(chapter_id)
    notebook = jupytext.read(chapter.markdown)
    notebook.metadata.setdefault("kernelspec", {
        "name": _kernel_name(), "display_name": "Python 3", "language": "python"})
    NotebookClient(notebook, timeout=timeout_s, kernel_name=_kernel_name(),
                   resources={"metadata": {"path": str(chapter.markdown.parent)}}).execute()
    for index, cell in enumerate(notebook.cells):  # keep the committed diff to real changes:
        cell.get("metadata", {}).pop("execution", None)  # timings differ per run and
        cell["id"] = f"cell-{index:03d}"  # jupytext draws random cell ids on every read
    nbformat.write(notebook, chapter.notebook)
    return chapter.notebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ev_compendium", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the chapters")
    p_params = sub.add_parser("params", help="show a chapter's parameters and valid ranges")
    p_params.add_argument("chapter")
    p_run = sub.add_parser("run", help="re-execute a chapter with parameter overrides")
    p_run.add_argument("chapter")
    p_run.add_argument("--set", dest="assignments", action="append", default=[],
                       metavar="NAME=VALUE", help="override a parameter (repeatable); "
                       "VALUE is read as YAML, e.g. 0.6 or [0.3,0.5]")
    p_run.add_argument("--output-dir", type=Path, default=Path("runs"))
    p_run.add_argument("--no-html", action="store_true", help="skip the HTML rendering")
    p_refresh = sub.add_parser("refresh", help="regenerate and execute paired .ipynb files")
    p_refresh.add_argument("chapters", nargs="*", help="default: all chapters")
    args = parser.parse_args(argv)

    try:
        if args.command == "list":
            for chapter in CHAPTERS.values():
                print(f"{chapter.id}  {chapter.markdown.name:36s}  {chapter.title}")
        elif args.command == "params":
            get_chapter(args.chapter)
            import pandas as pd
            with pd.option_context("display.max_colwidth", 60, "display.width", 200):
                print(load_parameters(args.chapter).table().to_string())
        elif args.command == "run":
            out = run_chapter(args.chapter, args.assignments, args.output_dir,
                              html=not args.no_html)
            print(f"executed {out}" + ("" if args.no_html else f" and {out.with_suffix('.html')}"))
        elif args.command == "refresh":
            for chapter_id in args.chapters or list(CHAPTERS):
                print(f"refreshed {refresh_chapter(chapter_id)}")
    except (ParameterError, KeyError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        print(f"error: {message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
