"""The recorded robustness summaries the book shows (``data/robustness/chNNN.csv``).

Written by ``python -m ev_compendium robustness chNNN --record`` (:mod:`.robustness`); read here
by the verdict tables and the report, which must not import the sampling machinery.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .paths import data_dir


def recorded_path(chapter_id: str) -> Path:
    """Where the book's recorded robustness summary of a chapter lives."""
    return data_dir() / "robustness" / f"{chapter_id}.csv"


def recorded_header(chapter_id: str) -> dict[str, str]:
    """The ``# key: value`` header lines of a recorded summary (empty if none)."""
    path = recorded_path(chapter_id)
    if not path.is_file():
        return {}
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition(":")
        found[key.strip()] = value.strip()
    return found


def recorded_shares(chapter_id: str | None = None) -> dict[str, float]:
    """``{claim id: share of plausible samples in which the published claim holds}`` from the
    recorded summaries (one chapter, or all)."""
    folder = data_dir() / "robustness"
    paths = [recorded_path(chapter_id)] if chapter_id else sorted(folder.glob("ch*.csv"))
    shares: dict[str, float] = {}
    for path in paths:
        if path.is_file():
            frame = pd.read_csv(path, comment="#", index_col="claim")
            shares.update(frame["share_holds"].astype(float).to_dict())
    return shares
