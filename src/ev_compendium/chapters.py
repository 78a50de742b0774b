"""The compendium's chapters: one per source paper."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .paths import BOOK_DIR


@dataclass(frozen=True)
class Chapter:
    """A chapter: its id (= the paper's seed number), source notebook stem, title and a
    short title for narrow tables."""

    id: str
    stem: str
    title: str
    short_title: str

    @property
    def markdown(self) -> Path:
        """The MyST Markdown notebook a person edits."""
        return BOOK_DIR / f"{self.stem}.md"

    @property
    def notebook(self) -> Path:
        """The paired .ipynb, committed with outputs (checked by nbval)."""
        return BOOK_DIR / f"{self.stem}.ipynb"


CHAPTERS: dict[str, Chapter] = {c.id: c for c in (
    Chapter("ch000", "ch000-ecc-manufacturing",
            "ECC optimisation of NEV power-system manufacturing", "ECC manufacturing"),
    Chapter("ch001", "ch001-energy-security-v2g",
            "EVs, energy security and dual-carbon goals: fleet scenarios and V2G revenue",
            "Energy security and V2G"),
    Chapter("ch002", "ch002-circularity-matrix",
            "The Li-ion battery circularity matrix", "Circularity matrix"),
    Chapter("ch003", "ch003-dess-lca",
            "Cradle-to-gate LCA of dual energy storage", "Dual-storage LCA"),
    Chapter("ch004", "ch004-carbon-trading-game",
            "Differential games of NEV emission reduction under carbon trading",
            "Carbon-trading game"),
)}


def get_chapter(chapter_id: str) -> Chapter:
    """Look a chapter up by id, with an error that lists the valid ids."""
    try:
        return CHAPTERS[chapter_id]
    except KeyError:
        raise KeyError(f"unknown chapter {chapter_id!r}; valid chapters: {sorted(CHAPTERS)}") from None
