"""Arithmetic on the paper's context numbers (ch001, Guo et al. 2024, Introduction and
Section 1.1): sums of printed shares and the previous-year levels implied by printed growth
rates. Pure functions; the numbers themselves are read from the registry by :mod:`.checks`."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ._arguments import argument


def contributions_sum_pct(shares_pct: Mapping[str, float]) -> float:
    """Sum of percentage shares (Section 1.1's 2050 carbon-neutrality contributions)."""
    values = np.asarray(list(shares_pct.values()), dtype=float)
    if values.size == 0 or np.any(~np.isfinite(values)) or np.any(values < 0):
        raise ValueError("shares_pct must be non-empty, finite and >= 0 (percent)")
    return float(values.sum())


def implied_previous_year(value: float, growth_pct: float) -> float:
    """Previous-year value implied by ``value`` and a year-on-year growth in percent."""
    growth_pct = argument("growth_pct", growth_pct, -100.0, None, lo_inclusive=False)
    return value / (1 + growth_pct / 100.0)
