"""Where the compendium's files live.

The package is installed in editable mode from the repository, so the data and
book folders are found relative to this file. ``EV_COMPENDIUM_DATA`` points the
loaders at another data folder (used by the tests that prove a changed registry
value makes the checks fail).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
BOOK_DIR = REPO_ROOT / "book"


def data_dir() -> Path:
    """The data folder: ``$EV_COMPENDIUM_DATA`` if set, else ``<repo>/data``."""
    override = os.environ.get("EV_COMPENDIUM_DATA")
    return Path(override) if override else REPO_ROOT / "data"


def chapter_data_dir(chapter: str) -> Path:
    """Folder of a chapter's own tidy data files, e.g. ``data/ch003``."""
    return data_dir() / chapter
