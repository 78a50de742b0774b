"""Small Sphinx fixes for the compendium's HTML (registered in ``_config.yml``).

* **Alt text from captions.** MyST-NB gives a notebook figure the image's file path as its alt
  text; a screen reader would read out a hash. Every image inside a captioned figure whose alt
  text is missing or a path gets the caption's first sentence (what the figure shows); an image
  with no caption gets "Figure output of the code cell".
* **The registry as data.** Every build writes the claims registry (``data/claims/*.csv``) to
  ``_static/registry.csv``, ``registry.json`` and ``registry-data.js`` (for the report's
  filterable table, which must work from a file:// page where fetching JSON is blocked).
* **The report without a kernel.** The ``{compendium-report} <part>`` directive writes the
  reproducibility report's parts (headline, summary table, chart, open findings;
  :mod:`ev_compendium.report`) when Sphinx reads the page, so neither the report nor the front
  page needs a notebook execution. Such a page depends on every registry and
  recorded-robustness file, the figure style and the modules that compute the report: they are
  noted as its dependencies, so Sphinx re-reads it whenever one of them changes.
* **Scripts once, and no CDN.** sphinx-thebe registers its inline configuration script twice
  (a console error on every page: ``THEBE_JS_URL`` declared twice) and points it at a CDN.
  Thebe is not enabled in this book, so its scripts are dropped; other duplicates are removed.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

PATHLIKE = re.compile(r"(^|/)[\w.\-]+\.(png|jpe?g|svg|gif)$", re.I)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return (match.group(1) if match else text)[:300]


def add_alt_text(app, doctree, docname) -> None:  # noqa: ARG001 - Sphinx event signature
    for image in doctree.findall(nodes.image):
        alt = image.get("alt", "")
        if alt and not PATHLIKE.search(alt.strip()) and "_build" not in alt:
            continue
        figure = image.parent
        while figure is not None and not isinstance(figure, nodes.figure):
            figure = figure.parent
        captions = list(figure.findall(nodes.caption)) if figure is not None else []
        image["alt"] = (_first_sentence(captions[0].astext()) if captions
                        else "Figure output of the code cell")


def drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:  # noqa: ARG001
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        body = getattr(script, "attributes", {}).get("body", "")
        key = (str(script), body)
        if "THEBE_JS_URL" in body or "thebe" in str(script).lower() or key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def write_registry(app, exception) -> None:
    """Write the registry files into the built site's ``_static`` folder."""
    if exception is not None or app.builder.format != "html":
        return
    import json
    from pathlib import Path

    from ev_compendium.claims import load_claims

    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    registry = load_claims().reset_index()
    registry.to_csv(static / "registry.csv", index=False)
    records = registry.to_dict(orient="records")
    (static / "registry.json").write_text(json.dumps(records, ensure_ascii=False, indent=1),
                                          encoding="utf-8")
    (static / "registry-data.js").write_text(
        "window.EV_REGISTRY = " + json.dumps(records, ensure_ascii=False) + ";\n", encoding="utf-8")


def report_dependencies() -> list:
    """The files the report is computed from: the registry, the recorded robustness shares,
    the book's figure style and the ``ev_compendium`` modules that read and count them
    (followed transitively)."""
    from ev_compendium.build import STYLE_FILES, _module_closure
    from ev_compendium.paths import REPO_ROOT, data_dir

    files = sorted((data_dir() / "claims").glob("*.csv")) + sorted((data_dir() / "robustness").glob("*.csv"))
    return (files + [REPO_ROOT / f for f in STYLE_FILES]
            + sorted(_module_closure(["ev_compendium.report", "ev_compendium.recorded"])))


FIGURE_DIR = "_build/compendium_figures"  # inside Sphinx's source folder (the book root)


def _report_figure(name: str, caption: str, outdir) -> str:
    """The report's claims-by-status chart as a PNG under ``FIGURE_DIR``; its MyST figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ev_compendium.notebook import STYLE
    from ev_compendium.report import status_chart

    outdir.mkdir(parents=True, exist_ok=True)
    with plt.style.context(STYLE):
        fig = status_chart()
        fig.savefig(outdir / f"{name}.png", bbox_inches="tight")
        plt.close(fig)
    return f":::{{figure}} /{FIGURE_DIR}/{name}.png\n:name: {name}\n\n{caption}\n:::"


class ReportDirective(SphinxDirective):
    """``{compendium-report} <part>``: a part of the reproducibility report, computed from the
    registry when Sphinx reads the page (no kernel). Parts: ``headline`` (one sentence),
    ``summary`` (claims per chapter by basis), ``findings`` (open findings by kind) and
    ``figure`` (the claims-by-status chart; the directive's content is its caption, the
    ``name`` option its label)."""

    required_arguments = 1
    has_content = True
    option_spec = {"name": lambda text: text.strip()}
    PARTS = ("headline", "summary", "findings", "figure")

    def run(self) -> list:
        from pathlib import Path

        from ev_compendium.recorded import recorded_shares
        from ev_compendium.report import headline_markdown, open_findings_markdown, summary_markdown

        part = self.arguments[0]
        if part not in self.PARTS:
            raise self.error(f"compendium-report: unknown part {part!r}; one of {', '.join(self.PARTS)}")
        for path in report_dependencies():
            self.env.note_dependency(str(path))
        if part == "headline":
            text = headline_markdown(robustness=recorded_shares())
        elif part == "summary":
            text = summary_markdown()
        elif part == "findings":
            text = open_findings_markdown()
        else:
            name = self.options.get("name", "fig-claims-by-status")
            text = _report_figure(name, " ".join(self.content), Path(self.env.srcdir) / FIGURE_DIR)
        container = nodes.container(classes=[f"compendium-{part}"])
        self.state.nested_parse(StringList(text.splitlines(), source=f"report {part}"),
                                self.content_offset, container)
        return [container]


def pin_pybtex_plaintext_backend() -> None:
    """sphinxcontrib-bibtex asks pybtex for its plain-text backend once per citation it resolves,
    and each such lookup scans the installed entry points (~6 ms; 0.29 s for the book's 51
    citations). Registering the class found as a runtime plugin (pybtex's ``register_plugin``)
    makes every later lookup a dictionary hit; the class is the same one."""
    import pybtex.plugin

    backend = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    pybtex.plugin.register_plugin("pybtex.backends", "plaintext", backend, force=True)


def setup(app):
    pin_pybtex_plaintext_backend()
    app.add_directive("compendium-report", ReportDirective)
    app.connect("build-finished", write_registry)
    app.connect("doctree-resolved", add_alt_text)
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
