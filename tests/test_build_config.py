"""The book configuration: a chapter that raises must fail the build; the built book is whole.

Builds a one-page book in a temporary folder with this repository's execution and Sphinx
settings (``_config.yml``) and a page whose cell raises: the build must exit non-zero, name the
failing page's cell error and publish nothing. The book that README command 1 built (``_build/html``, as the
browser test reads it) must link the book's stylesheet, serve MathJax itself (offline), and
carry what the book's Sphinx extension writes without a kernel: the registry headline on the
front page and the numbered chart of the reproducibility report.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ev_compendium.claims import load_claims
from ev_compendium.paths import REPO_ROOT, data_dir

HTML = REPO_ROOT / "_build" / "html"

PAGE = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
# Probe

```{code-cell} ipython3
raise RuntimeError('a chapter that errors')
```
"""


def test_cell_error_fails_the_build(tmp_path):
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text())
    config["bibtex_bibfiles"] = ["refs.bib"]
    (tmp_path / "refs.bib").write_text("@misc{probe, title={Probe}, year={2026}}\n")
    config["exclude_patterns"] = ["_build"]
    shutil.copytree(REPO_ROOT / "book" / "_static", tmp_path / "book" / "_static")  # the book's CSS
    shutil.copytree(REPO_ROOT / "book" / "_ext", tmp_path / "book" / "_ext")  # its Sphinx fixes
    (tmp_path / "_config.yml").write_text(yaml.safe_dump(config))
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: probe\n")
    (tmp_path / "probe.md").write_text(PAGE)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run([str(jupyter_book), "build", str(tmp_path), "-W", "--keep-going"],
                            capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build published a page with an error cell"
    # a cell of this page failed (not the configuration, not another page)
    assert "probe.md: WARNING: Executing notebook failed: CellExecutionError" in output, output[-3000:]
    assert not (tmp_path / "_build" / "html" / "probe.html").exists()  # nothing published


@pytest.mark.skipif(not (HTML / "book" / "index.html").is_file(),
                    reason="the book is not built: run README command 1 first")
def test_the_built_book_is_offline_styled_and_carries_the_report():
    front = (HTML / "book" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link[^>]+href="\.\./_static/compendium\.css', front), "stylesheet not linked"
    # equations render offline: MathJax is served from the book, not from a CDN
    assert re.search(r'src="\.\./_static/mathjax/tex-chtml\.js(\?v=\w+)?"', front)
    assert "cdn.jsdelivr" not in front and "https://" not in "".join(re.findall(r"<script[^>]*>", front))
    assert (HTML / "_static" / "mathjax" / "tex-chtml.js").is_file()
    # the front page's headline is written by the book's Sphinx extension, without a kernel
    assert f"The registry holds <strong>{len(load_claims())} published claims</strong>" in front
    report = (HTML / "book" / "reproducibility.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure[^>]*id="fig-claims-by-status".*?</figure>', report, re.S)
    assert figure and '<span class="caption-number">Fig. 1 </span>' in figure.group(0)
    assert (HTML / "_images" / "fig-claims-by-status.png").is_file()


def test_report_pages_depend_on_the_registry_and_the_code_that_counts_it():
    """Sphinx re-reads the front page when one of these files changes (``note_dependency``)."""
    sys.path.insert(0, str(REPO_ROOT / "book" / "_ext"))
    try:
        import compendium_sphinx
    finally:
        sys.path.remove(str(REPO_ROOT / "book" / "_ext"))
    files = {Path(f) for f in compendium_sphinx.report_dependencies()}
    registry = set((data_dir() / "claims").glob("*.csv"))
    recorded = set((data_dir() / "robustness").glob("*.csv"))
    assert len(registry) == 5 and len(recorded) == 5 and registry | recorded <= files
    package = REPO_ROOT / "src" / "ev_compendium"
    assert {package / "report.py", package / "recorded.py", package / "claims.py",
            package / "compendium.mplstyle"} <= files
    assert not {f for f in files if f.suffix == ".py" and package / "ch000_ecc" in f.parents}
