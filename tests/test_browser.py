"""Every built page, opened in a real browser (headless Chromium) as a reader would.

Loads each page of ``_build/html`` from a local HTTP server at a phone width (400 px), then
widens it to a desktop width (1400 px), and fails on

* any console error (a broken script, a missing file),
* math that MathJax did not typeset,
* at 400 px, any element wider than the viewport that is not inside a horizontal scroll
  container (the page itself must not scroll sideways),
* an image whose alt text is empty or a file path,
* an unresolved cross-reference (Sphinx renders it as ``??``).

Needs the built book (README command 1) and Debian's ``chromium`` (``.ci/run`` installs it);
skips with a message saying which is missing.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

from ev_compendium.paths import REPO_ROOT

HTML = REPO_ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PAGES = sorted(p.relative_to(HTML).as_posix() for p in HTML.glob("**/*.html")
               if not p.relative_to(HTML).as_posix().startswith(("_static", "_sources", "genindex",
                                                                  "search", "_modules"))
               and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8", errors="replace")[:2000])

pytestmark = [
    pytest.mark.skipif(not HTML.is_dir() or not PAGES,
                       reason="the book is not built: run README command 1 first"),
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine "
                       "(apt-get install chromium; .ci/run does it)"),
]

# What the page must not show: measured in the browser, returned as lists of descriptions.
PROBE = r"""
() => {
  const vw = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (["auto", "scroll", "hidden"].includes(s.overflowX) && p.clientWidth <= vw) return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.querySelectorAll("main article *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > vw + 1 && !scrolls(el)) {
      wide.push(`${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80) + ` (${Math.round(r.right)} px)`);
    }
  }
  const badAlt = [...document.querySelectorAll("main img")]
    .map((img) => img.getAttribute("alt") || "")
    .filter((alt) => alt.trim() === "" || /(^|\/)[\w.-]+\.(png|svg|jpe?g)$/i.test(alt.trim()) || alt.includes("_build"));
  const rawMath = [...document.querySelectorAll("main .math")]
    .filter((el) => !el.querySelector("mjx-container")).map((el) => el.textContent.slice(0, 60));
  const text = document.querySelector("main") ? document.querySelector("main").innerText : "";
  const unresolved = (text.match(/\?\?/g) || []).length;
  return {wide: wide.slice(0, 5), nWide: wide.length, badAlt, rawMath: rawMath.slice(0, 5),
          nRawMath: rawMath.length, unresolved, pageWidth: document.documentElement.scrollWidth, vw};
}
"""


@pytest.fixture(scope="module")
def server():
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # noqa: D102 - keep the test output readable
            pass

    handler = functools.partial(Quiet, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def tab():
    """One browser tab for all pages, as a reader moving through the book has: each page is a
    fresh load of its document, while the theme's scripts, styles and fonts come from the cache
    after the first page and the tab's renderer process is reused (a new tab per page measured
    19.8 against 11.8 CPU-seconds for the nine pages). Yields ``(page, errors)``: ``errors``
    collects what the current document reports and is emptied before each load."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = chromium.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: errors.append(f"failed to load {r.url}"))
        page.on("response", lambda r: errors.append(f"HTTP {r.status} for {r.url}") if r.status >= 400 else None)
        yield page, errors
        context.close()
        chromium.close()


def _open(tab, url: str, width: int):
    """Load ``url`` afresh at ``width`` px and wait for MathJax to finish typesetting."""
    page, errors = tab
    page.set_viewport_size({"width": width, "height": 900})
    errors.clear()  # what the previous document reported is that page's business
    page.goto(url, wait_until="load")
    if page.evaluate("() => !!window.MathJax && !!window.MathJax.startup"):
        page.evaluate("() => MathJax.startup.promise")
    return page, errors


@pytest.mark.parametrize("path", PAGES)
def test_page_reads_well_on_desktop_and_phone(server, tab, path):
    """Loaded at the phone width (a fresh load, as a phone would), then widened to the desktop
    width: the theme's resize handlers run and the layout is measured again, without paying for
    a second load and MathJax typesetting of the same page."""
    problems = []
    page, errors = _open(tab, f"{server}/{path}", 400)
    for width in (400, 1400):
        if width != 400:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(50)  # let resize handlers run
        found = page.evaluate(PROBE)
        assert found["vw"] <= width, found["vw"]  # measured at this width (less a scroll bar)
        if errors:
            problems.append(f"{width} px: console errors: {errors[:3]}")
            errors.clear()
        if found["nRawMath"]:
            problems.append(f"{width} px: {found['nRawMath']} math element(s) not typeset: {found['rawMath']}")
        if found["badAlt"]:
            problems.append(f"{width} px: images without real alt text: {found['badAlt'][:3]}")
        if found["unresolved"]:
            problems.append(f"{width} px: {found['unresolved']} unresolved reference(s) '??'")
        if width == 400 and (found["nWide"] or found["pageWidth"] > found["vw"] + 1):
            problems.append(f"400 px: page is {found['pageWidth']} px wide; {found['nWide']} element(s) "
                            f"overflow outside a scroll container: {found['wide']}")
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


def test_pages_were_found():
    """Guard: the parametrisation above must cover the chapters and the report."""
    names = {Path(p).stem for p in PAGES}
    assert {"index", "reproducibility", "ch000-ecc-manufacturing", "ch003-dess-lca"} <= names, names
    assert not [p for p in PAGES if re.search(r"\s", p)]
