"""The book configuration: a chapter that raises must fail the build.

Builds a one-page book in a temporary folder with this repository's execution and Sphinx
settings (``_config.yml``) and a page whose cell raises; the build must exit non-zero and
name the failing notebook. A control build of a page that does not raise must succeed, with
the book's stylesheet, offline MathJax and the registry headline written by the book's Sphinx
extension (the report's headline and chart, as on the front page and the report).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ev_compendium.claims import load_claims
from ev_compendium.paths import REPO_ROOT, data_dir

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

Energy is $E = m c^2$.

```{{compendium-report}} headline
```

```{{compendium-report}} figure
:name: fig-probe
The claims by status.
```

See {{numref}}`fig-probe`.

```{{code-cell}} ipython3
{code}
```
"""


def _build(tmp_path: Path, code: str) -> subprocess.CompletedProcess:
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text())
    config["bibtex_bibfiles"] = ["refs.bib"]
    (tmp_path / "refs.bib").write_text("@misc{probe, title={Probe}, year={2026}}\n")
    config["exclude_patterns"] = ["_build"]
    shutil.copytree(REPO_ROOT / "book" / "_static", tmp_path / "book" / "_static")  # the book's CSS
    shutil.copytree(REPO_ROOT / "book" / "_ext", tmp_path / "book" / "_ext")  # its Sphinx fixes
    (tmp_path / "_config.yml").write_text(yaml.safe_dump(config))
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: probe\n")
    (tmp_path / "probe.md").write_text(PAGE.format(code=code))
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    return subprocess.run([str(jupyter_book), "build", str(tmp_path), "-W", "--keep-going"],
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("code, fails", [
    ("raise RuntimeError('a chapter that errors')", True),
    ("print(1 + 1)", False),
])
def test_cell_error_fails_the_build(tmp_path, code, fails):
    result = _build(tmp_path, code)
    output = result.stdout + result.stderr
    if fails:
        assert result.returncode != 0, "the build published a page with an error cell"
        assert "Executing notebook failed" in output
    else:
        assert result.returncode == 0, output[-3000:]
        page = (tmp_path / "_build" / "html" / "probe.html").read_text(encoding="utf-8")
        assert "compendium.css" in page, "the book's stylesheet is not linked"
        # equations render offline: MathJax is served from the book, not from a CDN
        assert 'src="_static/mathjax/tex-chtml.js"' in page and "cdn.jsdelivr" not in page
        assert (tmp_path / "_build" / "html" / "_static" / "mathjax" / "tex-chtml.js").is_file()
        # the front page's headline is written by the book's Sphinx extension, without a kernel
        assert f"The registry holds <strong>{len(load_claims())} published claims</strong>" in page
        assert 'id="fig-probe"' in page and "The claims by status." in page and "Fig. 1" in page
        assert (tmp_path / "_build" / "html" / "_images" / "fig-probe.png").is_file()


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
