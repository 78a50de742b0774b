"""Book-like, offline HTML of an executed chapter notebook (for ``python -m ev_compendium run``).

nbconvert's HTML loads MathJax, require.js and Mermaid from CDNs, shows every code cell and
renders MyST markup (``{cite}``, ``:::{admonition}``, ``(label)=``) as raw text. Here:

* cells tagged ``hide-input`` / ``remove-input`` show only their outputs and ``remove-cell``
  cells are dropped, as in the book;
* MyST markup is turned into plain Markdown a reader can read (admonitions into quoted boxes,
  roles into their text, labels dropped), and figure captions are shown under their figures;
* equations are typeset by the local MathJax copied to ``runs/_static/mathjax`` (no network),
  and figures are embedded in the page.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

MATHJAX_CONFIG = ("<script>window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], "
                  "displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']], processEscapes: true, "
                  "tags: 'ams'}, svg: {fontCache: 'global'}};</script>")


def _mathjax_source() -> Path:
    from importlib.util import find_spec

    spec = find_spec("sphinx-mathjax-offline")
    roots = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    for root in roots:
        if (root / "static" / "mathjax" / "tex-chtml.js").is_file():
            return root / "static" / "mathjax"
    raise FileNotFoundError("sphinx-mathjax-offline's MathJax is not installed")


def install_mathjax(runs_dir: Path) -> Path:
    """Copy the offline MathJax (the script and its fonts) to ``runs/_static/mathjax`` once."""
    target = runs_dir / "_static" / "mathjax"
    if (target / "tex-chtml.js").is_file():
        return target
    source = _mathjax_source()
    staging = runs_dir / "_static" / f".mathjax-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "output" / "chtml").mkdir(parents=True)
    shutil.copy2(source / "tex-chtml.js", staging / "tex-chtml.js")
    shutil.copytree(source / "output" / "chtml" / "fonts", staging / "output" / "chtml" / "fonts")
    with contextlib.suppress(OSError):
        staging.replace(target)
    shutil.rmtree(staging, ignore_errors=True)
    return target


_ROLE = re.compile(r"\{(cite:t|cite:p|cite|numref|ref|doc|eq|download|term)\}`([^`]*)`")


def _role_text(match: re.Match) -> str:
    role, target = match.group(1), match.group(2)
    shown = re.match(r"(.*?)\s*<([^>]+)>$", target)
    if shown:  # {ref}`text <label>`
        return shown.group(1)
    if role.startswith("cite"):
        return "[" + target + "]"
    if role == "numref":
        return "the figure (" + target + ")"
    if role == "eq":
        return "(" + target + ")"
    return target


def myst_to_markdown(text: str) -> str:
    """Plain Markdown for a MyST cell: labels dropped, admonitions as quoted boxes, roles as
    their text, equation labels removed."""
    text = re.sub(r"^\([\w:.-]+\)=\s*$", "", text, flags=re.M)

    def admonition(match: re.Match) -> str:
        kind, title, body = match.group(1), match.group(2).strip(), match.group(3)
        body = "\n".join(line for line in body.splitlines() if not re.match(r"^:\w+:", line))
        heading = title or kind.capitalize()
        quoted = "\n".join("> " + line if line.strip() else ">" for line in body.strip().splitlines())
        return f"> **{heading}**\n>\n{quoted}"

    text = re.sub(r"^:::+\{(\w+)\}([^\n]*)\n(.*?)^:::+\s*$", admonition, text, flags=re.M | re.S)
    text = re.sub(r"^```\{(\w+)\}([^\n]*)\n(.*?)^```\s*$", admonition, text, flags=re.M | re.S)
    text = re.sub(r"(\$\$)\s*\(([\w:.-]+)\)\s*$", r"\1", text, flags=re.M)
    return _ROLE.sub(_role_text, text)


def _readable(notebook):
    """The notebook with MyST markup made readable and captions under their figures."""
    import nbformat

    cells = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = myst_to_markdown(cell.source)
        cells.append(cell)
        caption = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("caption")
        if cell.cell_type == "code" and caption:
            cells.append(nbformat.v4.new_markdown_cell("*Figure: " + " ".join(str(caption).split()) + "*"))
    notebook.cells = cells
    return notebook


def notebook_html(notebook_path: Path, mathjax_src: str) -> str:
    """Book-like HTML of an executed notebook: cells tagged ``hide-input``/``remove-input``
    show only their outputs, ``remove-cell`` cells are dropped, figures are embedded, and
    equations are typeset by the local MathJax at ``mathjax_src`` (no CDN, no require.js)."""
    import nbconvert
    import nbformat
    from nbconvert.preprocessors import TagRemovePreprocessor

    notebook = _readable(nbformat.read(notebook_path, as_version=4))
    exporter = nbconvert.HTMLExporter(exclude_input_prompt=True, exclude_output_prompt=True)
    tags = TagRemovePreprocessor(remove_input_tags={"hide-input", "remove-input"},
                                 remove_cell_tags={"remove-cell"}, enabled=True)
    exporter.register_preprocessor(tags, enabled=True)
    body, _ = exporter.from_notebook_node(notebook)
    body = re.sub(r'<script src="https://[^"]*require[^"]*"></script>', "", body)
    local = MATHJAX_CONFIG + f'<script defer src="{mathjax_src}"></script>'
    body = re.sub(r'<script src="https://[^"]*mathjax[^"]*">\s*</script>', lambda m: local, body)
    body = re.sub(r'<script type="text/x-mathjax-config">.*?</script>', "", body, flags=re.S)
    # the template's Mermaid loader imports from a CDN; no chapter draws Mermaid diagrams
    body = re.sub(r'<script type="module">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>',
                  "", body, flags=re.S)
    return body


