"""Small Sphinx fixes for the compendium's HTML (registered in ``_config.yml``).

* **Alt text from captions.** MyST-NB gives a notebook figure the image's file path as its alt
  text; a screen reader would read out a hash. Every image inside a captioned figure whose alt
  text is missing or a path gets the caption's first sentence (what the figure shows); an image
  with no caption gets "Figure output of the code cell".
* **The registry as data.** Every build writes the claims registry (``data/claims/*.csv``) to
  ``_static/registry.csv``, ``registry.json`` and ``registry-data.js`` (for the report's
  filterable table, which must work from a file:// page where fetching JSON is blocked).
* **The headline without a kernel.** The ``{compendium-headline}`` directive (the front page)
  writes the report's one-sentence headline (:func:`ev_compendium.report.headline_markdown`)
  when Sphinx reads the page, so the front page needs no notebook execution. The page depends
  on every registry and recorded-robustness file and on the modules that compute the sentence:
  they are noted as its dependencies, so Sphinx re-reads it whenever one of them changes.
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


def headline_dependencies() -> list:
    """The files the headline is computed from: the registry, the recorded robustness shares
    and the ``ev_compendium`` modules that read and count them (followed transitively)."""
    from ev_compendium.build import _module_closure
    from ev_compendium.paths import data_dir

    files = sorted((data_dir() / "claims").glob("*.csv")) + sorted((data_dir() / "robustness").glob("*.csv"))
    return files + sorted(_module_closure(["ev_compendium.report", "ev_compendium.recorded"]))


class HeadlineDirective(SphinxDirective):
    """``{compendium-headline}``: the registry's headline sentence, as MyST Markdown."""

    has_content = False

    def run(self) -> list:
        from ev_compendium.recorded import recorded_shares
        from ev_compendium.report import headline_markdown

        for path in headline_dependencies():
            self.env.note_dependency(str(path))
        text = headline_markdown(robustness=recorded_shares())
        container = nodes.container(classes=["compendium-headline"])
        self.state.nested_parse(StringList(text.splitlines(), source="headline"), self.content_offset,
                                container)
        return [container]


def setup(app):
    app.add_directive("compendium-headline", HeadlineDirective)
    app.connect("build-finished", write_registry)
    app.connect("doctree-resolved", add_alt_text)
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
