"""The one tolerance rule for printed numbers, used by every chapter.

A paper prints rounded numbers. A claim recomputed from printed inputs agrees with its
printed value when the two differ by no more than what rounding can explain:

    tolerance = half a unit in the last printed digit of the claim
              + the change of the computed value when each printed input moves by half a
                unit in its own last digit (first-order propagation, summed in absolute value)

:func:`half_unit` gives the first term from the printed text; :func:`propagated` the second
from the computation and its printed inputs; :func:`tolerance` both. A chapter writes the
result into the registry's ``tolerance`` column (absolute, in the claim's unit), so the rule
is applied once, when the registry row is written, and the check itself stays a plain
comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation


def half_unit(printed: str) -> float:
    """Half a unit in the last printed digit: ``"23.8"`` -> 0.05, ``"1715"`` -> 0.5,
    ``"0.522"`` -> 0.0005, ``"1.2e3"`` -> 50. A percentage sign is ignored."""
    text = printed.strip().rstrip("%").strip()
    try:
        exponent = Decimal(text).as_tuple().exponent
    except InvalidOperation:
        raise ValueError(f"not a printed number: {printed!r}") from None
    if not isinstance(exponent, int):
        raise ValueError(f"not a finite printed number: {printed!r}")
    return 0.5 * 10.0 ** exponent


def propagated(func: Callable[..., float], printed_inputs: Mapping[str, str]) -> float:
    """How far ``func(**inputs)`` can move when each printed input moves within its rounding
    (half a unit in its last digit): the sum over inputs of the absolute central difference,
    i.e. a first-order worst case. ``printed_inputs`` maps argument name -> printed text."""
    values = {name: float(text.strip().rstrip("%")) for name, text in printed_inputs.items()}
    total = 0.0
    for name, text in printed_inputs.items():
        step = half_unit(text)
        up = func(**{**values, name: values[name] + step})
        down = func(**{**values, name: values[name] - step})
        total += abs(up - down) / 2.0
    return total


def tolerance(published: str, func: Callable[..., float] | None = None,
              printed_inputs: Mapping[str, str] | None = None) -> float:
    """The absolute tolerance of a claim printed as ``published`` and computed by ``func``
    from ``printed_inputs`` (both optional: without them, the claim's own rounding only)."""
    own = half_unit(published)
    if func is None or not printed_inputs:
        return own
    return own + propagated(func, printed_inputs)
