"""Range checks on the arrays the ch000 model functions take (designs, energies, factors).

One rule for every check: :func:`ev_compendium.validate.check_range` on the first value out of
range (so the message is the package's one format, naming the argument and its valid range),
and :func:`ev_compendium.validate.require` for finiteness.
"""

from __future__ import annotations

import numpy as np

from ..validate import check_range, require


def check_values(name: str, values, lo: float | None = None, hi: float | None = None, *,
                 lo_inclusive: bool = True, hi_inclusive: bool = True) -> np.ndarray:
    """``values`` as a float array, or ParameterError (a ValueError) naming ``name``."""
    arr = np.asarray(values, dtype=float)
    require(bool(np.all(np.isfinite(arr))), (name,), "finite values")
    outside = np.zeros(arr.shape, dtype=bool)  # vectorised screen; the verdict is check_range's
    if lo is not None:
        outside |= arr < lo if lo_inclusive else arr <= lo
    if hi is not None:
        outside |= arr > hi if hi_inclusive else arr >= hi
    if np.any(outside):
        check_range(name, float(np.atleast_1d(arr)[np.atleast_1d(outside)][0]), lo, hi,
                    lo_inclusive=lo_inclusive, hi_inclusive=hi_inclusive, what="argument")
    return arr


def check_fraction(name: str, values) -> np.ndarray:
    """A ratio or share in [0, 1]."""
    return check_values(name, values, 0.0, 1.0)


def check_efficiency(name: str, values) -> np.ndarray:
    """An efficiency in (0, 1]."""
    return check_values(name, values, 0.0, 1.0, lo_inclusive=False)


def check_positive(name: str, values) -> np.ndarray:
    """A finite value > 0."""
    return check_values(name, values, 0.0, None, lo_inclusive=False)
