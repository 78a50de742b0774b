"""One way for ch001's model functions to check an argument: the shared
:func:`~ev_compendium.validate.check_range` (one message format), after turning the value into a
finite float (``check_range`` alone lets NaN through, since NaN compares false with both bounds).
"""

from __future__ import annotations

import math

from ..validate import ParameterError, check_range


def argument(name: str, value: object, lo: float | None = None, hi: float | None = None, *,
             lo_inclusive: bool = True, hi_inclusive: bool = True) -> float:
    """``value`` as a finite float inside the interval, else ParameterError naming ``name``."""
    if isinstance(value, bool):
        raise ParameterError(f"argument {name!r} must be a number, got {value!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ParameterError(f"argument {name!r} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ParameterError(f"argument {name!r} must be finite, got {value!r}")
    return check_range(name, number, lo, hi, lo_inclusive=lo_inclusive,
                       hi_inclusive=hi_inclusive, what="argument")
