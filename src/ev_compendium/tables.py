"""Presentation helpers for data tables shown in the chapters (no computation here)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import pandas as pd

MISSING = "—"


def for_display(frame: pd.DataFrame, missing: str = MISSING) -> pd.DataFrame:
    """``frame`` as a reader should see it: whole-number columns without a trailing ``.0``
    (pandas stores integer columns with gaps as floats) and empty cells as ``missing``
    instead of ``NaN``. The values themselves are not changed."""
    shown = frame.convert_dtypes().astype(object)
    return shown.where(frame.notna(), missing)


_BREAK = "\u200b"  # placeholder for a line-break opportunity, turned into <wbr> in HTML
_SOFT_HYPHENATED = ("pub\u00adlished", "repro\u00adduced", "discrep\u00adancy",
                    "technolog\u00adically", "Conclu\u00adsion")  # long words, with a soft hyphen
_SOFT_HYPHENS = {word.replace("\u00ad", ""): word for word in _SOFT_HYPHENATED}
_SOFT_HYPHEN_WORDS = re.compile(r"\b(" + "|".join(_SOFT_HYPHENS) + r")\b")


def _breakable(value):
    if not isinstance(value, str):
        return value
    # after "." or "/" before a letter, after "_" except inside a section token such as "s4_1"
    value = re.sub(r"([./](?=[A-Za-z])|(?<!s\d)_(?=\w))", r"\1" + _BREAK, value)
    return _SOFT_HYPHEN_WORDS.sub(lambda m: _SOFT_HYPHENS[m.group(0)], value)


def wrapping_html(frame: pd.DataFrame, first: tuple[str, ...] = (),
                  min_widths: Mapping[str, str] | None = None) -> str:
    """HTML of ``frame`` that fits the book's narrow page column. No value is changed.

    * Identifiers such as the claim id ``ch002.s4_2.extraction_processing_production_most_carbon``
      have no spaces and would push the verdict and diagnosis columns off the right edge: they
      get a line-break opportunity (``<wbr>``) after every ``.``, ``_`` or ``/`` followed by a
      letter (never inside numbers such as ``0.8`` or section tokens such as ``s4_1``), in the
      index, the header and text cells; long words of the claim tables get a soft hyphen.
    * Text cells are shown in full (no ``...``), and all rows are shown.
    * Columns whose every cell is blank (``""``) are left out: they carry nothing to read.
    * Columns named in ``first`` come first, in that order; columns in ``min_widths`` get a
      minimum width (a CSS length such as ``"8rem"``) so long text is not squeezed.
    * The index name sits in the header's corner instead of a second header row.
    """
    plain = pd.DataFrame(frame)
    blank = [c for c in plain.columns if plain[c].map(lambda v: isinstance(v, str) and v == "").all()]
    kept = [c for c in plain.columns if c not in blank]
    order = [c for c in first if c in kept] + [c for c in kept if c not in first]
    shown = plain[order].rename(index=_breakable, columns=_breakable).map(_breakable)
    shown.columns.name, shown.index.name = shown.index.name, None
    with pd.option_context("display.max_colwidth", None, "display.max_rows", None):
        html = shown._repr_html_()
    for column, width in (min_widths or {}).items():  # header cells come first in the HTML
        html = html.replace(f"<th>{_breakable(column).replace(_BREAK, '<wbr>')}</th>",
                            f'<th style="min-width: {width}">{column}</th>', 1)
    return html.replace(_BREAK, "<wbr>")


class WrappingFrame(pd.DataFrame):
    """A DataFrame that renders with :func:`wrapping_html` in notebooks and the book;
    ``WrappingFrame(frame)`` wraps any table for display.

    Its text form (``repr``, the ``text/plain`` output that nbval compares) is a plain
    DataFrame's; selections and slices stay of the same class. Subclasses set
    ``html_first`` / ``html_min_widths`` for their kind of table.
    """

    html_first: tuple[str, ...] = ()
    html_min_widths: dict[str, str] = {}

    @property
    def _constructor(self):
        return type(self)

    def _repr_html_(self) -> str:
        return wrapping_html(self, self.html_first, self.html_min_widths)


# --- compact verdict tables ------------------------------------------------------------------

VERDICT_COLUMNS = ("quantity", "published", "reproduced", "unit", "verdict")


def verdict_word(status: str, basis: str, check: str) -> tuple[str, str]:
    """``(css class, label)`` of one verdict: a symbol and a word, so colour is never the only
    cue. By-construction agreement is labelled as such, never as reproduced."""
    if check == "FAIL":  # only with overridden parameters: the claim moved from the registry
        return ("v-fail", "✗ no longer holds") if status == "reproduced" else ("v-fail", "≠ changed")
    if status == "reproduced":
        return ("v-construction", "◐ by construction") if basis == "by-construction" else ("v-ok", "✓ reproduced")
    if status == "discrepancy":
        return "v-discrepancy", "≠ discrepancy"
    if status == "not-reproducible":
        return "v-nr", "– not reproducible"
    return "v-cited", "cited"


def _cell(value, numeric: bool = False, label: str = "") -> str:
    """A table cell; ``label`` names its column for narrow screens, where the book's CSS
    stacks a verdict row and shows the column name before each value."""
    text = html.escape(str(value)) if value is not None else ""
    attributes = (' class="num"' if numeric else "") + (f' data-label="{label}"' if label else "")
    return f"<td{attributes}>{text}</td>"


def _breakable_html(text: str) -> str:
    return html.escape(_breakable(text)).replace(_BREAK, "<wbr>")


#: a section table longer than this shows routine agreement (reproduced from printed numbers
#: or the paper's model) in a closed block, so the verdicts worth reading stay in view
ROUTINE_COLLAPSE_ROWS = 10


def _verdict_rows(rows: pd.DataFrame, robustness: Mapping[str, float]) -> str:
    parts = []
    for claim_id, row in rows.iterrows():
        css, label = verdict_word(row["status"], row.get("basis", ""), row.get("check", ""))
        unit = "" if row["unit"] in ("-", "") else row["unit"]
        parts.append(f'<tr class="claim {css}">' + _cell(row["quantity"])
                     + _cell(row["published"], True, "published")
                     + _cell(row["reproduced"], True, "reproduced")
                     + _cell(unit, label="unit" if unit else "")
                     + f'<td class="verdict"><span class="{css}">{label}</span></td></tr>')
        details = [f"<code>{_breakable_html(str(claim_id))}</code>", html.escape(row["source"])]
        if row.get("basis"):
            details.append(f'basis: <span class="basis">{html.escape(row["basis"])}</span>')
        if claim_id in robustness:
            details.append(f"holds in {100 * robustness[claim_id]:.0f} % of plausible inputs")
        if row.get("deviation") and row["deviation"] not in ("+0.00 %", "-0.00 %", "0"):
            details.append(f"deviation {html.escape(row['deviation'])}")
        if row.get("diagnosis"):
            details.append(html.escape(row["diagnosis"]))
        parts.append(f'<tr class="claim-detail {css}"><td colspan="5">' + " · ".join(details)
                     + "</td></tr>")
    return "".join(parts)


def _table(body: str) -> str:
    return ('<table class="verdict-table"><thead><tr>'
            + "".join(f"<th>{c}</th>" for c in VERDICT_COLUMNS) + f"</tr></thead><tbody>{body}</tbody></table>")


def verdict_html(frame: pd.DataFrame, robustness: Mapping[str, float] | None = None) -> str:
    """A published-vs-reproduced table that fits the text column: one line per claim
    (quantity | published | reproduced | unit | verdict), a second line in small type with the
    claim id, the paper's location, the basis and the diagnosis; cited context rows collapsed
    into a block below. In a long table (more than :data:`ROUTINE_COLLAPSE_ROWS` verdicts)
    the routine agreements — reproduced from printed numbers or the paper's model, check ok —
    are collapsed too, so discrepancies, assumptions and by-construction rows stay in view.
    ``robustness`` maps claim id -> share of plausible assumptions under which the published
    claim holds (shown for ``our-assumptions`` verdicts)."""
    robustness = robustness or {}
    cited = frame[frame["status"] == "cited"]
    verdicts = frame[frame["status"] != "cited"]
    routine = (verdicts["status"] == "reproduced") & verdicts["basis"].isin(
        ["printed-arithmetic", "paper-model"]) & (verdicts["check"] != "FAIL")
    if len(verdicts) <= ROUTINE_COLLAPSE_ROWS or routine.sum() < 3:
        routine[:] = False
    parts = ['<div class="verdicts">']
    if len(verdicts[~routine]):
        parts.append(_table(_verdict_rows(verdicts[~routine], robustness)))
    if routine.any():
        n = int(routine.sum())
        parts.append(f'<details class="routine"><summary>{n} more claim{"s" if n != 1 else ""} '
                     "reproduced from the paper's printed numbers or model (click to show)</summary>"
                     + _table(_verdict_rows(verdicts[routine], robustness)) + "</details>")
    if len(cited):
        parts.append(f'<details class="cited-context"><summary>{len(cited)} cited context value'
                     f'{"s" if len(cited) != 1 else ""} (from the paper\'s sources, not model outputs)'
                     "</summary><table class=\"verdict-table cited\"><tbody>")
        for claim_id, row in cited.iterrows():
            unit = "" if row["unit"] in ("-", "") else row["unit"]
            parts.append('<tr class="claim">' + _cell(row["quantity"]) + _cell(row["published"], True)
                         + _cell(unit) + "</tr>")
            note = f"<code>{_breakable_html(str(claim_id))}</code> · {html.escape(row['source'])}"
            if row.get("diagnosis"):
                note += " · " + html.escape(row["diagnosis"])
            parts.append(f'<tr class="claim-detail"><td colspan="3">{note}</td></tr>')
        parts.append("</tbody></table></details>")
    parts.append("</div>")
    return "".join(parts)


def collapsed_html(summary: str, inner_html: str, css: str = "inputs") -> str:
    """``inner_html`` inside a closed ``<details>`` block headed by ``summary``."""
    return (f'<details class="{css}"><summary>{html.escape(summary)}</summary>'
            f"{inner_html}</details>")
