"""The published-claims registry and the published-vs-reproduced check.

Every number a paper prints (and every qualitative claim a chapter tests) is a
row in ``data/claims/<chapter>.csv``:

=============  ==================================================================
column         meaning
=============  ==================================================================
id             unique id, ``<chapter>.<slug>`` (e.g. ``ch000.table1.saic_energy``)
chapter        ``ch000`` ... ``ch004``; must match the file name
source         where the paper prints it ("Table 1, row SAIC", "Section 4.2")
quantity       what it is, in words
kind           ``numeric`` or ``qualitative`` (published is ``true``/``false``)
published      the value as printed
unit           unit of ``published`` (``-`` if none, ``%`` for percentages)
tolerance      absolute (``0.05``) or relative (``0.5%``), reflecting the rounding
               printed; empty for qualitative claims
status         ``reproduced`` | ``discrepancy`` | ``not-reproducible`` | ``cited``
basis          what a verdict rests on (required, and checked on load, for reproduced, discrepancy and
               not-reproducible; empty for cited), exactly one of
               ``printed-arithmetic`` (only numbers the paper prints),
               ``paper-model`` (the paper's model with its printed inputs),
               ``our-assumptions`` (needs inputs the paper does not print: our choices),
               ``by-construction`` (we set an input or rule from this very claim, so
               agreement proves nothing)
reproduced     for a ``discrepancy``: the value the chapter computes, documented
               so that any drift is caught; empty otherwise
diagnosis      one line: why a claim is a discrepancy / not reproducible, or what
               a cited number is context for
=============  ==================================================================

``reproduced`` claims must be matched by the chapter's computation within
tolerance; ``discrepancy`` claims must stay *out* of tolerance of the published
value and *within* tolerance of the documented reproduced value; ``cited`` and
``not-reproducible`` claims are shown but never computed.

:func:`check_claims` takes the values a chapter computed and returns the table the
chapter displays; it raises :class:`ClaimCheckError` when any of the above fails.
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .paths import data_dir
from .tables import WrappingFrame

COLUMNS = [
    "id", "chapter", "source", "quantity", "kind", "published", "unit",
    "tolerance", "status", "basis", "reproduced", "diagnosis",
]
STATUSES = ("reproduced", "discrepancy", "not-reproducible", "cited")
BASES = ("printed-arithmetic", "paper-model", "our-assumptions", "by-construction")
KINDS = ("numeric", "qualitative")
CHAPTER_RE = re.compile(r"^ch\d{3}$")
ID_RE = re.compile(r"^(ch\d{3})\.[A-Za-z0-9_.\-]+$")
BOOLEANS = {"true": True, "false": False}


class RegistryError(ValueError):
    """The claims registry file is malformed; the message names file, row and field."""


class ClaimCheckError(AssertionError):
    """A computed value disagrees with the registry (drift, or a stale status)."""


def _parse_number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_tolerance(text: str) -> tuple[float, bool]:
    """``"0.05"`` -> (0.05, False) absolute; ``"0.5%"`` -> (0.005, True) relative."""
    text = text.strip()
    relative = text.endswith("%")
    value = _parse_number(text[:-1] if relative else text)
    if value is None or value < 0:
        raise ValueError(f"tolerance must be a non-negative number or percentage, got {text!r}")
    return (value / 100.0 if relative else value), relative


def _validate_row(row: pd.Series, where: str, chapter: str) -> None:
    def fail(field: str, message: str) -> None:
        raise RegistryError(f"{where} (id {row['id']!r}), field {field!r}: {message}")

    match = ID_RE.match(row["id"])
    if not match:
        fail("id", "must look like '<chapter>.<slug>' (letters, digits, _ . -)")
    if row["chapter"] != chapter or match.group(1) != chapter:
        fail("chapter", f"claims in {chapter}.csv must have chapter {chapter!r} and id prefix")
    for field in ("source", "quantity", "unit"):
        if not row[field]:
            fail(field, "is required")
    if row["kind"] not in KINDS:
        fail("kind", f"must be one of {KINDS}")
    if row["status"] not in STATUSES:
        fail("status", f"must be one of {STATUSES}, got {row['status']!r}")
    if row["kind"] == "numeric":
        if _parse_number(row["published"]) is None:
            fail("published", f"must be a finite number, got {row['published']!r}")
        if row["status"] in ("reproduced", "discrepancy"):
            if not row["tolerance"]:
                fail("tolerance", "is required for a computed numeric claim")
        if row["tolerance"]:
            try:
                parse_tolerance(row["tolerance"])
            except ValueError as exc:
                fail("tolerance", str(exc))
        if row["status"] == "discrepancy" and _parse_number(row["reproduced"]) is None:
            fail("reproduced", "a discrepancy must document the reproduced number")
    else:
        if row["published"].lower() not in BOOLEANS:
            fail("published", "a qualitative claim's published value is 'true' or 'false'")
        if row["status"] == "discrepancy" and row["reproduced"].lower() not in BOOLEANS:
            fail("reproduced", "a qualitative discrepancy documents 'true' or 'false'")
    if row["status"] != "cited" and not row["basis"]:
        fail("basis", f"is required for status {row['status']!r}: one of {BASES}")
    if row["basis"] and row["basis"] not in BASES:
        fail("basis", f"must be one of {BASES}, got {row['basis']!r}")
    if row["status"] == "cited" and row["basis"]:
        fail("basis", "must be empty for a cited claim (it is context, not a verdict)")
    if row["status"] in ("reproduced", "cited") and row["reproduced"]:
        fail("reproduced", f"must be empty for status {row['status']!r} (only discrepancies document it)")
    if row["status"] in ("discrepancy", "not-reproducible") and not row["diagnosis"]:
        fail("diagnosis", f"a one-line diagnosis is required for status {row['status']!r}")


def _read_chapter_file(path: Path, content: bytes) -> pd.DataFrame:
    chapter = path.stem
    if not CHAPTER_RE.match(chapter):
        raise RegistryError(f"{path}: claims files are named <chapter>.csv, e.g. ch000.csv")
    frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in frame.columns]
    extra = [c for c in frame.columns if c not in COLUMNS]
    if missing or extra:
        raise RegistryError(f"{path}: missing columns {missing}, unexpected columns {extra}")
    frame = frame[COLUMNS].apply(lambda col: col.str.strip())
    for i, row in frame.iterrows():
        _validate_row(row, f"{path}:{i + 2}", chapter)
    return frame


def load_claims(chapter: str | None = None) -> pd.DataFrame:
    """Load (and validate) the registry: one chapter, or all chapters if ``chapter`` is None.

    Ids are unique across the whole registry. Returns a DataFrame indexed by id with
    the registry columns as strings (a copy: callers may change it). The files are read and
    validated once per version (name and content of every file), so a sweep that checks
    thousands of parameter sets does not re-parse them.
    """
    folder = data_dir() / "claims"
    paths = sorted(folder.glob("ch*.csv"))
    if not paths:
        raise RegistryError(f"no claims files found in {folder}")
    versions = tuple((str(p), p.read_bytes()) for p in paths)
    frame = _read_registry(versions)
    if chapter is not None:
        frame = frame[frame["chapter"] == chapter]
        if frame.empty:
            raise RegistryError(f"no claims registered for chapter {chapter!r}")
    return frame.copy()


@functools.lru_cache(maxsize=8)
def _read_registry(versions: tuple[tuple[str, bytes], ...]) -> pd.DataFrame:
    # parse the bytes the cache is keyed on: the file is read once, and what is validated is
    # exactly what the key says
    frame = pd.concat([_read_chapter_file(Path(path), content) for path, content in versions],
                      ignore_index=True)
    duplicated = frame["id"][frame["id"].duplicated()].tolist()
    if duplicated:
        raise RegistryError(f"duplicate claim id(s) in {Path(versions[0][0]).parent}: {duplicated}")
    return frame.set_index("id")


def format_number(value: float, digits: int = 5) -> str:
    """Format with ``digits`` significant digits, positional (no exponent), trailing zeros trimmed."""
    if value == 0:
        return "0"
    if abs(value) >= 1e12 or abs(value) < 1e-6:
        return f"{value:.{digits - 1}e}"
    return np.format_float_positional(value, precision=digits, unique=False,
                                      fractional=False, trim="-")


def _within(published: float, value: float, tolerance: str) -> tuple[bool, float]:
    tol, relative = parse_tolerance(tolerance)
    allowed = tol * abs(published) if relative else tol
    # a tiny slack so that exact-boundary rounding (e.g. 23.75 vs 23.8 +- 0.05) is not lost to float error
    return abs(value - published) <= allowed * (1 + 1e-9) + 1e-12, allowed


def _as_bool(value, claim_id: str) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise ClaimCheckError(f"claim {claim_id}: qualitative claims take True/False, got {value!r}")


def _as_float(value, claim_id: str) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise ClaimCheckError(f"claim {claim_id}: numeric claim got a boolean {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ClaimCheckError(f"claim {claim_id}: not a number: {value!r}") from None
    if not math.isfinite(number):
        raise ClaimCheckError(f"claim {claim_id}: reproduced value is {number!r} (not finite)")
    return number


def published_holds(claim: Mapping[str, str], value: object, claim_id: str = "") -> bool:
    """Does the paper's published claim hold for ``value``? Numeric: within the claim's
    tolerance of the published number; qualitative: the same truth value. (The registry
    check and the robustness analysis use this one rule.)"""
    if claim["kind"] == "numeric":
        return _within(float(claim["published"]), _as_float(value, claim_id), claim["tolerance"])[0]
    return _as_bool(value, claim_id) == BOOLEANS[claim["published"].lower()]


class ClaimTable(WrappingFrame):
    """The published-vs-reproduced table of :func:`check_claims`. In HTML (the book) it is a
    compact verdict table that fits the text column (quantity | published | reproduced | unit |
    verdict, with id, source, basis, robustness and diagnosis on a second line, cited context
    collapsed: :func:`ev_compendium.tables.verdict_html`); its text form, which nbval
    compares, is a plain DataFrame's."""

    html_first = ("quantity", "published", "reproduced", "unit", "status", "check", "basis",
                  "diagnosis")
    html_min_widths = {"quantity": "6rem", "diagnosis": "16rem"}

    def _repr_html_(self) -> str:
        from .tables import verdict_html

        needed = {"source", "quantity", "published", "reproduced", "unit", "status", "basis",
                  "check", "diagnosis"}
        if not needed <= set(self.columns):  # a selection of columns: show it as it is
            return super()._repr_html_()
        from .recorded import recorded_shares

        chapters = {str(i)[:5] for i in self.index}
        shares: dict[str, float] = {}
        for chapter in chapters:
            shares.update(recorded_shares(chapter))
        ours = {i: v for i, v in shares.items()
                if i in self.index and self.loc[i, "basis"] == "our-assumptions"}
        return verdict_html(self, ours)


def check_claims(
    chapter: str,
    reproduced: Mapping[str, object],
    *,
    strict: bool = True,
    only: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Compare a chapter's computed values with its registered claims.

    Parameters
    ----------
    chapter : e.g. ``"ch000"``.
    reproduced : ``{claim id: computed value}`` (float for numeric, bool for qualitative),
        one entry for every claim with status ``reproduced`` or ``discrepancy`` in scope.
    strict : raise :class:`ClaimCheckError` on any failed check (the default: the
        paper's parameters). With overridden parameters, pass ``strict=False``: the
        table then reports deviations without failing.
    only : id prefix(es) limiting the table to one section of the chapter.

    Returns a display DataFrame indexed by claim id.
    """
    registry = load_claims(chapter)
    if only is not None:
        prefixes = (only,) if isinstance(only, str) else tuple(only)
        registry = registry[[any(i.startswith(p) for p in prefixes) for i in registry.index]]
        if registry.empty:
            raise ClaimCheckError(f"no claims of {chapter} match {prefixes}")

    unknown = sorted(set(reproduced) - set(registry.index))
    if unknown:
        raise ClaimCheckError(f"values given for unregistered (or out-of-scope) claims: {unknown}")
    computed_statuses = ("reproduced", "discrepancy")
    expected = set(registry.index[registry["status"].isin(computed_statuses)])
    missing = sorted(expected - set(reproduced))
    if missing:
        raise ClaimCheckError(f"{chapter}: no computed value for claim(s) {missing}")
    not_computed = sorted(set(reproduced) - expected)
    if not_computed:
        raise ClaimCheckError(
            f"{chapter}: claim(s) {not_computed} are registered as cited/not-reproducible "
            "but the chapter computes them: update their status"
        )

    failures: list[str] = []
    rows = []
    for claim_id, claim in registry.iterrows():
        row = {
            "source": claim["source"], "quantity": claim["quantity"],
            "published": claim["published"], "reproduced": "—", "unit": claim["unit"],
            "deviation": "", "status": claim["status"], "basis": claim["basis"], "check": "",
            "diagnosis": claim["diagnosis"],
        }
        if claim_id in reproduced:
            problem = None
            if claim["kind"] == "numeric":
                published = float(claim["published"])
                value = _as_float(reproduced[claim_id], claim_id)
                row["reproduced"] = format_number(value)
                delta = value - published
                row["deviation"] = (f"{100 * delta / abs(published):+.2f} %" if published
                                    else format_number(delta))
                ok = published_holds(claim, value, claim_id)
                _, allowed = _within(published, value, claim["tolerance"])
                if claim["status"] == "reproduced" and not ok:
                    problem = (f"{format_number(value)} is outside {claim['published']} "
                               f"± {format_number(allowed)}")
                elif claim["status"] == "discrepancy":
                    documented = float(claim["reproduced"])
                    same, _ = _within(documented, value, claim["tolerance"])
                    if ok:
                        problem = (f"now reproduces the published {claim['published']} "
                                   "(status should become 'reproduced')")
                    elif not same:
                        problem = (f"{format_number(value)} drifted from the documented "
                                   f"reproduced value {claim['reproduced']}")
            else:
                published_bool = BOOLEANS[claim["published"].lower()]
                value = _as_bool(reproduced[claim_id], claim_id)
                row["reproduced"] = str(value).lower()
                if claim["status"] == "reproduced" and not published_holds(claim, value, claim_id):
                    problem = f"check returned {value}, the paper claims {published_bool}"
                elif claim["status"] == "discrepancy":
                    if value == published_bool:
                        problem = "now holds (status should become 'reproduced')"
                    elif value != BOOLEANS[claim["reproduced"].lower()]:
                        problem = f"check returned {value}, documented {claim['reproduced']}"
            row["check"] = "FAIL" if problem else "ok"
            if problem:
                failures.append(f"{claim_id}: {problem}")
        rows.append({"claim": claim_id, **row})

    table = ClaimTable(pd.DataFrame(rows).set_index("claim"))
    if failures and strict:
        raise ClaimCheckError(
            f"{len(failures)} claim check(s) failed in {chapter}:\n  " + "\n  ".join(failures)
        )
    return table


def status_summary(registry: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts of claims per chapter and status (rows: chapters, plus an "all chapters" total
    row when the registry spans more than one chapter)."""
    registry = load_claims() if registry is None else registry
    counts = pd.crosstab(registry["chapter"], registry["status"])
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    counts["total"] = counts.sum(axis=1)
    if len(counts) > 1:
        counts.loc["all chapters"] = counts.sum(axis=0)
    counts.columns.name = None
    return counts
