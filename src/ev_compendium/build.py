"""Build the book so that it never shows outputs older than their inputs.

Jupyter Book's execution cache (jupyter-cache) keys a notebook on its code cells only: after a
change in ``src/`` or ``data/`` a plain ``jupyter-book build`` re-uses the old outputs. This
module tracks what each executed page really depends on and re-executes exactly the stale ones:

1. :func:`dependencies` lists a page's inputs: its MyST source; the ``ev_compendium`` modules
   its code cells import and, transitively, the modules those import (a chapter subpackage
   counts whole); the chapter's ``data/chNNN/`` folder, parameter file and claims file; for
   any other page that runs code, every registry file; the book's figure style. (The
   reproducibility report and the front page's headline are written by the book's Sphinx
   extension, ``book/_ext``, which notes their dependencies for Sphinx itself: no kernel.)
2. :func:`stale_pages` compares a hash of those files' contents with the hash recorded at the
   last successful build (``_build/.ev_compendium/dependencies.json``).
3. Files every page's HTML depends on but Sphinx does not track — ``_config.yml``, the table of
   contents, ``book/_static`` (CSS, scripts), the local Sphinx extension, the bibliography —
   are hashed too; when they change, every page is re-rendered (``--all``; outputs still come
   from the cache).
4. :func:`build` drops the stale pages' cache entries, touches their sources so Sphinx re-reads
   them, executes them into the cache in parallel (jupyter-cache's ``local-parallel``
   executor, longest page first: :func:`execution_order`), runs ``jupyter-book build . -W
   --keep-going`` on the warm cache and, when that succeeds, records the new hashes.

The plain ``jupyter-book build`` keeps working; ``python -m ev_compendium build`` is the one
that is never stale.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .chapter import PACKAGES
from .chapters import CHAPTERS
from .paths import REPO_ROOT

PACKAGE_DIR = REPO_ROOT / "src" / "ev_compendium"
BUILD_DIR = REPO_ROOT / "_build"
CACHE_DIR = BUILD_DIR / ".jupyter_cache"
RECORD = BUILD_DIR / ".ev_compendium" / "dependencies.json"
STYLE_FILES = ("src/ev_compendium/compendium.mplstyle",)
#: files every page's HTML depends on but Sphinx does not track (it re-copies static files
#: and re-renders pages only when a page changes): a change forces `jupyter-book build --all`
GLOBAL_KEY = "<site: configuration, table of contents, static files, Sphinx extensions, bibliography>"
#: the order in which to start pages whose last execution time is unknown (a clean build):
#: longest first, as measured by ``benchmarks/bench.py`` (the two long ones start together
#: instead of one of them starting last and the build waiting for it alone)
LONGEST_FIRST = ("book/ch000-ecc-manufacturing.md", "book/ch004-carbon-trading-game.md",
                 "book/ch003-dess-lca.md", "book/ch001-energy-security-v2g.md",
                 "book/ch002-circularity-matrix.md")
GLOBAL_GLOBS = ("_config.yml", "_toc.yml", "book/_static/**/*", "book/_ext/*.py", "book/*.bib",
                "book/bib/*.bib")


def executed_pages() -> list[Path]:
    """Every page of the book that has code cells: the chapters (the report and the front page
    are written by the book's Sphinx extension, which notes their dependencies itself)."""
    chapters = [c.markdown for c in CHAPTERS.values()]
    others = [p for p in sorted((REPO_ROOT / "book").glob("*.md"))
              if p not in chapters and "{code-cell}" in _read(p)]
    return chapters + others


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _module_file(name: str) -> Path | None:
    """``ev_compendium.a.b`` -> its file (module or package ``__init__``), if it exists."""
    parts = name.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts) if parts else PACKAGE_DIR
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@functools.lru_cache(maxsize=None)
def _imports(source: str, module: str | None = None, is_package: bool = False) -> frozenset[str]:
    """``ev_compendium`` modules imported by ``source`` (absolute and relative imports).
    Cached on the text itself: the shared modules are parsed once per process, not once per
    page, and an edited file is a new text, so it is parsed again."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "ev_compendium"}
        elif isinstance(node, ast.ImportFrom):
            if node.level and module:
                package = module if is_package else module.rsplit(".", 1)[0]
                for _ in range(node.level - 1):
                    package = package.rsplit(".", 1)[0]
                base = f"{package}.{node.module}" if node.module else package
            elif node.module and node.module.split(".")[0] == "ev_compendium":
                base = node.module
            else:
                continue
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}  # `from pkg import module`
    return frozenset(found)


def _module_closure(roots: Iterable[str]) -> set[Path]:
    """The files of ``roots`` and of every ev_compendium module they import, transitively."""
    seen: set[Path] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if path is None or path in seen:
            continue
        seen.add(path)
        is_package = path.name == "__init__.py"
        if is_package and "." in name:  # a chapter subpackage counts whole (lazy imports too)
            todo += [f"{name}.{p.stem}" for p in path.parent.glob("*.py") if p.stem != "__init__"]
        todo += sorted(_imports(path.read_text(encoding="utf-8"), name, is_package))
    return seen


def _code_cells(markdown: Path) -> list[str]:
    """The code cells of a MyST notebook, without IPython magics (``%``, ``!``)."""
    import jupytext

    notebook = jupytext.read(markdown)
    return [re.sub(r"^\s*[%!].*$", "", c.source, flags=re.M)
            for c in notebook.cells if c.cell_type == "code"]


def dependencies(page: Path) -> list[Path]:
    """Every file whose content an executed page's output depends on (sorted)."""
    roots = {"ev_compendium"}.union(*(_imports(cell) for cell in _code_cells(page)))
    chapter = page.name[:5] if re.match(r"ch\d{3}-", page.name) else None
    if chapter:
        roots.add(f"ev_compendium.{PACKAGES[chapter]}")
        roots |= {"ev_compendium.chapter", "ev_compendium.notebook"}
    files = {page} | _module_closure(roots)
    data = REPO_ROOT / "data"
    if chapter:
        files |= {data / "params" / f"{chapter}.yaml", data / "claims" / f"{chapter}.csv",
                  data / "robustness" / f"{chapter}.csv"}
        files |= {p for p in (data / chapter).rglob("*") if p.is_file()}
    else:
        files |= set((data / "claims").glob("ch*.csv")) | set((data / "robustness").glob("ch*.csv"))
    files |= {REPO_ROOT / s for s in STYLE_FILES if (REPO_ROOT / s).is_file()}
    return sorted(p for p in files if p.is_file())


def dependency_hash(page: Path) -> str:
    """A hash of the names and contents of everything ``page`` depends on."""
    digest = hashlib.sha256()
    for path in dependencies(page):
        digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def site_files() -> list[Path]:
    """The files behind :data:`GLOBAL_KEY`."""
    return sorted({p for pattern in GLOBAL_GLOBS for p in REPO_ROOT.glob(pattern) if p.is_file()})


def site_hash() -> str:
    """A hash of the names and contents of :func:`site_files`."""
    digest = hashlib.sha256()
    for path in site_files():
        digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _key(page: Path) -> str:
    return str(page.relative_to(REPO_ROOT))


def recorded_hashes() -> dict[str, str]:
    """The hashes recorded by the last successful build (empty if none)."""
    try:
        return json.loads(RECORD.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def stale_pages(pages: Iterable[Path] | None = None) -> dict[Path, str]:
    """``{page: current hash}`` of the pages whose inputs changed since the last build."""
    recorded = recorded_hashes()
    current = {p: dependency_hash(p) for p in (pages or executed_pages())}
    return {p: h for p, h in current.items() if recorded.get(_key(p)) != h}


@dataclass
class BuildReport:
    """What a build did: pages re-executed, seconds spent, the build's exit code."""

    executed: list[str]
    seconds: float
    returncode: int


def execution_order(pages: Iterable[Path], seconds: dict[Path, float]) -> list[Path]:
    """``pages`` longest first (longest-processing-time rule for the parallel pool): by the
    seconds of their last execution where known (``seconds``), then in :data:`LONGEST_FIRST`'s
    order; a timed page goes before every page not timed yet."""
    def rank(page: Path) -> tuple[float, int]:
        key = _key(page)
        listed = LONGEST_FIRST.index(key) if key in LONGEST_FIRST else len(LONGEST_FIRST)
        return (-seconds.get(page, 0.0), listed)

    return sorted(pages, key=rank)


def _invalidate_and_execute(pages: list[Path], timeout_s: int) -> list[str]:
    """Drop the cache entries of ``pages`` and execute them into the cache in parallel, longest
    first. Returns the pages that failed to execute (the book build then reports their error)."""
    from jupyter_cache import get_cache
    from jupyter_cache.executors.basic import JupyterExecutorLocalMproc
    from myst_nb.core.read import myst_nb_reader_plugin

    cache = get_cache(str(CACHE_DIR))
    by_uri = {page.resolve(): page for page in pages}
    seconds: dict[Path, float] = {}
    for record in cache.list_cache_records():  # the page's last executions, whatever its code
        page = by_uri.get(Path(record.uri).resolve())
        if page is not None:
            seconds[page] = max(seconds.get(page, 0.0), float((record.data or {}).get("execution_seconds") or 0.0))
    for page in pages:
        with contextlib.suppress(KeyError):  # no entry for the page's current code cells
            cache.remove_cache(cache.match_cache_notebook(myst_nb_reader_plugin(str(page))).pk)
    order = execution_order(pages, seconds)
    position = {page.resolve(): i for i, page in enumerate(order)}
    pks = []
    for page in order:
        os.utime(page)  # Sphinx re-reads a source only when it is newer than its last read
        record = cache.add_nb_to_project(str(page), read_data={"name": "myst_nb_md", "type": "plugin"})
        pks.append(record.pk)
    if not pks:
        return []

    class LongestFirst(JupyterExecutorLocalMproc):
        """jupyter-cache's local-parallel executor, handing out the pages in our order."""

        def get_records(self, *args, **kwargs):  # noqa: D102
            records = super().get_records(*args, **kwargs)
            return sorted(records, key=lambda r: position.get(Path(r.uri).resolve(), len(position)))

    result = LongestFirst(cache=cache).run_and_cache(filter_pks=pks, timeout=timeout_s,
                                                     allow_errors=False, force=True)
    return [str(p) for p in (result.excepted + result.errored)]


def build(extra_args: Iterable[str] = (), timeout_s: int = 600, echo=print) -> BuildReport:
    """Re-execute the stale pages in parallel, then build the HTML book (see module doc)."""
    start = time.monotonic()
    stale = stale_pages()
    names = [_key(p) for p in stale]
    echo(f"build: {len(stale)} page(s) out of date" + (": " + ", ".join(names) if names else ""))
    if stale:
        executing = time.monotonic()
        failed = _invalidate_and_execute(list(stale), timeout_s)
        echo(f"build: executed {len(stale)} page(s) in {time.monotonic() - executing:.1f} s "
             f"(up to {os.cpu_count()} at a time)")
        if failed:
            echo(f"build: {len(failed)} page(s) failed to execute: {', '.join(failed)} "
                 "(jupyter-book reports the error)")
    site = site_hash()
    everything = recorded_hashes().get(GLOBAL_KEY) != site
    if everything:
        echo("build: configuration, static files, extensions or bibliography changed: "
             "re-rendering every page (from the cache)")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(REPO_ROOT), "-W", "--keep-going",
               *(["--all"] if everything else []), *extra_args]
    returncode = subprocess.run(command, cwd=REPO_ROOT).returncode
    if returncode == 0:
        recorded = recorded_hashes()
        recorded.update({_key(p): h for p, h in stale.items()})
        recorded[GLOBAL_KEY] = site
        RECORD.parent.mkdir(parents=True, exist_ok=True)
        RECORD.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    seconds = time.monotonic() - start
    echo(f"build: {'done' if returncode == 0 else 'FAILED'} in {seconds:.1f} s; re-executed: "
         + (", ".join(names) if names else "nothing"))
    return BuildReport(names, seconds, returncode)
