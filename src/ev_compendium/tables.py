"""Presentation helpers for data tables shown in the chapters (no computation here)."""

from __future__ import annotations

import pandas as pd

MISSING = "—"


def for_display(frame: pd.DataFrame, missing: str = MISSING) -> pd.DataFrame:
    """``frame`` as a reader should see it: whole-number columns without a trailing ``.0``
    (pandas stores integer columns with gaps as floats) and empty cells as ``missing``
    instead of ``NaN``. The values themselves are not changed."""
    shown = frame.convert_dtypes().astype(object)
    return shown.where(frame.notna(), missing)
