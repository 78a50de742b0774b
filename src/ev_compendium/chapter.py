"""The chapter contract: ``parameters -> evaluate -> check``, the same for every chapter.

A plain Python user, the command line, the tests and the robustness analysis all ask a chapter
what it concludes under given parameters through this one object, without a kernel::

    from ev_compendium import load_chapter
    ch = load_chapter("ch004")
    P = ch.parameters({"alpha": 0.8})   # per-parameter and joint constraints (ParameterError)
    values = ch.evaluate(P)             # {claim id: computed value} for every computed claim
    table = ch.check(P)                 # published vs reproduced (strict at the paper's baseline)

Each chapter is a subpackage ``ev_compendium.chNNN_<topic>`` whose ``__init__`` provides

``constraints(P)``
    raises :class:`~ev_compendium.validate.ParameterError` (via
    :func:`~ev_compendium.validate.require`) for every joint condition its model needs;
``compute(P)``
    runs the chapter's models once and returns everything its figures and checks need
    (a mapping or an object; the notebook uses it for figures);
``checks.claim_values(P, results)``
    in ``checks.py``, the only module that writes claim ids: ``{claim id: value}``.

The results of ``compute`` are cached per parameter set, so a notebook can show its
sections' tables one by one without recomputing the chapter.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import Any

import pandas as pd

from .chapters import get_chapter
from .claims import check_claims
from .params import ParameterSet, load_parameters

#: chapter id -> its subpackage (named after the chapter's page, book/chNNN-<topic>.md)
PACKAGES = {
    "ch000": "ch000_ecc",
    "ch001": "ch001_security",
    "ch002": "ch002_circularity",
    "ch003": "ch003_dess",
    "ch004": "ch004_game",
}


def parameter_key(P: Mapping[str, Any]) -> str:
    """A stable text key of a parameter set's values (for caches and run names)."""
    return json.dumps({k: P[k] for k in sorted(P)}, sort_keys=True, default=str)


class Chapter:
    """One chapter's computational contract (see the module docstring)."""

    def __init__(self, chapter_id: str, module: ModuleType):
        self.id = chapter_id
        self.info = get_chapter(chapter_id)
        self.module = module
        self._checks = importlib.import_module(f"{module.__name__}.checks")
        self._cache: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"<Chapter {self.id}: {self.info.title}>"

    def parameters(self, overrides: Mapping[str, Any] | None = None) -> ParameterSet:
        """The chapter's validated parameters: the paper's baseline with ``overrides``
        applied. Raises ParameterError naming the parameter(s) for a value outside its
        range *and* for any combination the chapter's model cannot take."""
        P = load_parameters(self.id, overrides)
        self.module.constraints(P)
        return P

    def _as_parameters(self, P: ParameterSet | Mapping[str, Any] | None) -> ParameterSet:
        if P is None:
            return self.parameters()
        if isinstance(P, ParameterSet):
            return P
        return self.parameters(P)  # a plain mapping of overrides

    def results(self, P: ParameterSet | Mapping[str, Any] | None = None) -> Any:
        """Everything the chapter computes under ``P`` (cached per parameter set)."""
        P = self._as_parameters(P)
        key = parameter_key(P)
        if key not in self._cache:
            self._cache.clear()  # keep one: a notebook or a sweep moves on, never back
            self._cache[key] = self.module.compute(P)
        return self._cache[key]

    def evaluate(self, P: ParameterSet | Mapping[str, Any] | None = None) -> dict[str, Any]:
        """``{claim id: computed value}`` for every registry row whose status is
        ``reproduced`` or ``discrepancy`` (numbers as float, statements as bool)."""
        P = self._as_parameters(P)
        return dict(self._checks.claim_values(P, self.results(P)))

    def check(self, P: ParameterSet | Mapping[str, Any] | None = None, *,
              only: str | Iterable[str] | None = None, strict: bool | None = None) -> pd.DataFrame:
        """The published-vs-reproduced table of this chapter (or of the claims whose ids
        start with ``only``). ``strict`` defaults to True at the paper's baseline: a failed
        check raises ClaimCheckError; with overrides the table is informational."""
        P = self._as_parameters(P)
        values = self.evaluate(P)
        if only is not None:
            prefixes = (only,) if isinstance(only, str) else tuple(only)
            values = {k: v for k, v in values.items() if k.startswith(prefixes)}
        strict = P.is_paper_baseline if strict is None else strict
        return check_claims(self.id, values, strict=strict, only=only)


_LOADED: dict[str, Chapter] = {}


def load_chapter(chapter_id: str) -> Chapter:
    """The chapter ``chapter_id`` (``"ch000"`` ... ``"ch004"``) as a :class:`Chapter`."""
    get_chapter(chapter_id)  # KeyError listing the valid ids
    if chapter_id not in _LOADED:
        module = importlib.import_module(f"ev_compendium.{PACKAGES[chapter_id]}")
        _LOADED[chapter_id] = Chapter(chapter_id, module)
    return _LOADED[chapter_id]
