"""The one range and condition checker, and the one error format.

Every check on a value a user can set goes through :func:`check_range` (one number against
its bounds) or :func:`require` (a joint condition on several parameters). Both raise
:class:`ParameterError`, whose message names the parameter(s) involved, so the command line
can print it as one line and exit 2 before a kernel starts.

Message formats (tests and the how-to page quote them)::

    parameter 'v2g_roundtrip_efficiency' = 1.2 is out of range: valid range is (0, 1]
    parameters 'Em', 'Er': need 0 < Em - Er (got Em = 0.3, Er = 0.5)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ParameterError(ValueError):
    """A parameter definition, override or combination is invalid; the message names it."""


def interval(lo: float | None, hi: float | None, lo_inclusive: bool = True,
             hi_inclusive: bool = True) -> str:
    """Human-readable interval: ``[0, 1]``, ``(0, inf)``."""
    lo_text = "-inf" if lo is None else f"{lo:g}"
    hi_text = "inf" if hi is None else f"{hi:g}"
    left = "[" if (lo is not None and lo_inclusive) else "("
    right = "]" if (hi is not None and hi_inclusive) else ")"
    return f"{left}{lo_text}, {hi_text}{right}"


def in_interval(value: float, lo: float | None, hi: float | None, lo_inclusive: bool = True,
                hi_inclusive: bool = True) -> bool:
    """True when ``value`` lies inside the interval (bounds ``None`` are open to infinity)."""
    if lo is not None and (value < lo or (value == lo and not lo_inclusive)):
        return False
    if hi is not None and (value > hi or (value == hi and not hi_inclusive)):
        return False
    return True


def check_range(name: str, value: float, lo: float | None = None, hi: float | None = None, *,
                lo_inclusive: bool = True, hi_inclusive: bool = True, unit: str = "",
                what: str = "parameter") -> float:
    """Return ``value`` if it lies in the interval, else raise :class:`ParameterError`.
    NaN is never in range (it compares false with every bound).

    ``what`` says what ``name`` is (``"parameter"`` for a user's input, ``"argument"`` for a
    model function's argument) so that the same message serves both."""
    if isinstance(value, float) and value != value:
        raise ParameterError(f"{what} {name!r} must be a finite number, got {value!r}")
    if not in_interval(value, lo, hi, lo_inclusive, hi_inclusive):
        unit_text = f" {unit}" if unit and unit != "-" else ""
        raise ParameterError(
            f"{what} {name!r} = {value!r}{unit_text} is out of range: valid range is "
            f"{interval(lo, hi, lo_inclusive, hi_inclusive)}")
    return value


def _format(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else repr(value) if isinstance(value, str) else str(value)


def require(condition: bool, names: tuple[str, ...] | list[str], requirement: str,
            values: Mapping[str, Any] | None = None) -> None:
    """Raise :class:`ParameterError` naming ``names`` unless ``condition`` holds.

    ``requirement`` states what must hold, in the parameters' own names (``"0 < Em - Er"``);
    the message adds the current value of each named parameter taken from ``values``."""
    if condition:
        return
    quoted = ", ".join(repr(n) for n in names)
    label = "parameter" if len(names) == 1 else "parameters"
    got = ""
    if values is not None:
        got = " (got " + ", ".join(f"{n} = {_format(values[n])}" for n in names if n in values) + ")"
    raise ParameterError(f"{label} {quoted}: need {requirement}{got}")
