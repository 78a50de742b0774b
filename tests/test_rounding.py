"""The one tolerance rule for printed numbers (rounding.py).

Expectations are worked out by hand from the rule in the module docstring (half a unit in
the last printed digit, plus first-order propagation of the inputs' own rounding), and the
property tests check the rule against a second construction of the same quantity.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ev_compendium.claims import format_number
from ev_compendium.rounding import half_unit, propagated, tolerance


@pytest.mark.parametrize("printed, expected", [
    ("23.8", 0.05),        # docstring examples
    ("1715", 0.5),
    ("0.522", 0.0005),
    ("1.2e3", 50.0),       # 1.2e3 = 12 x 10^2: the last digit is the hundreds
    ("1.20", 0.005),       # a printed trailing zero is a digit
    ("-4.25", 0.005),      # the sign changes nothing
    ("7", 0.5),
    ("0.0", 0.05),
    ("5e-3", 0.0005),
    ("12%", 0.5),          # a percentage sign is ignored ...
    (" 12.5 % ", 0.05),    # ... with the blanks around it
    ("  3.14\n", 0.005),
])
def test_half_unit_by_hand(printed, expected):
    assert half_unit(printed) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("printed", ["abc", "", "%", "1.2.3", "twelve %", "3X", "3%X"])
def test_half_unit_rejects_text(printed):
    with pytest.raises(ValueError, match="^not a printed number: " + repr(printed).replace(".", r"\.")):
        half_unit(printed)


@pytest.mark.parametrize("printed", ["inf", "-Infinity", "NaN"])
def test_half_unit_rejects_non_finite(printed):
    with pytest.raises(ValueError, match=f"^not a finite printed number: '{printed}'$"):
        half_unit(printed)


@given(integer=st.integers(min_value=-10**9, max_value=10**9),
       decimals=st.integers(min_value=0, max_value=8), data=st.data())
def test_half_unit_counts_the_printed_decimals(integer, decimals, data):
    """A number printed with k decimals (trailing zeros included) has half-unit 0.5 x 10^-k."""
    fraction = data.draw(st.text(alphabet="0123456789", min_size=decimals, max_size=decimals))
    printed = f"{integer}.{fraction}" if decimals else str(integer)
    assert half_unit(printed) == pytest.approx(0.5 / 10 ** decimals, rel=1e-12)
    assert half_unit(printed + "%") == half_unit(printed)


@given(st.one_of(st.floats(min_value=1e-300, max_value=99999.0),
                 st.floats(min_value=1e12, max_value=1e300)), st.booleans())
def test_a_formatted_number_is_within_half_a_unit_of_its_value(magnitude, negative):
    """What format_number prints (5 significant digits) lies within half a unit of its own
    last digit of the value: the invariant the tolerance rule rests on. (Not for integers of
    more than 5 digits below 1e12: "123460" for 123456 has a trailing zero that is not a
    printed digit, and half_unit cannot tell; see test_half_unit_reads_every_digit_as_printed.)"""
    x = -magnitude if negative else magnitude
    printed = format_number(x)
    assert abs(float(printed) - x) <= half_unit(printed) * (1 + 1e-9)


def test_half_unit_reads_every_digit_as_printed():
    assert format_number(123456.0) == "123460"
    assert half_unit("123460") == 0.5  # although the 5-digit rounding moved the value by 4


def test_propagated_by_hand():
    # x*y with x = 23.8 (half-unit 0.05) and y = 2.0 (0.05): |dx * y| + |x * dy|
    # = 0.05 * 2.0 + 23.8 * 0.05 = 0.1 + 1.19
    assert propagated(lambda x, y: x * y, {"x": "23.8", "y": "2.0"}) == pytest.approx(1.29, rel=1e-12)
    # a central difference of x^2 at 3.0 with step 0.05: (3.05^2 - 2.95^2) / 2 = 0.3
    assert propagated(lambda x: x * x, {"x": "3.0"}) == pytest.approx(0.3, rel=1e-12)
    # decreasing functions count in absolute value; a percentage reads as its number
    assert propagated(lambda x: 10 - 4 * x, {"x": "12%"}) == pytest.approx(4 * 0.5, rel=1e-12)
    # the inputs' own values are used (not zero, not their half-units)
    assert propagated(lambda x, y: x / y, {"x": "1.5", "y": "4"}) == pytest.approx(
        ((1.55 / 4 - 1.45 / 4) + (1.5 / 3.5 - 1.5 / 4.5)) / 2, rel=1e-12)
    assert propagated(lambda: 1.0, {}) == 0.0


def test_propagated_sums_a_worst_case_over_inputs():
    """Opposite-signed sensitivities do not cancel: x - y moves by 0.05 + 0.5."""
    assert propagated(lambda x, y: x - y, {"x": "1.0", "y": "7"}) == pytest.approx(0.55, rel=1e-12)


def test_tolerance_is_own_rounding_plus_propagation():
    def area(w, h):
        return w * h

    inputs = {"w": "2.5", "h": "4.0"}  # 0.05 * 4.0 + 2.5 * 0.05 = 0.325
    assert tolerance("10.0", area, inputs) == pytest.approx(0.05 + 0.325, rel=1e-12)
    assert tolerance("10", area, inputs) == pytest.approx(0.5 + 0.325, rel=1e-12)
    # without a computation or without printed inputs: the claim's own rounding only
    assert tolerance("23.8") == pytest.approx(0.05, rel=1e-12)
    assert tolerance("23.8", area) == pytest.approx(0.05, rel=1e-12)
    assert tolerance("23.8", area, {}) == pytest.approx(0.05, rel=1e-12)
    assert tolerance("23.8", None, inputs) == pytest.approx(0.05, rel=1e-12)


def test_decimal_places_agree_with_a_second_method():
    """half_unit from Decimal's exponent agrees with counting characters after the point."""
    for printed in ("0.1", "10.25", "100", "3.000", "123456.7"):
        decimals = len(printed.partition(".")[2])
        assert half_unit(printed) == pytest.approx(0.5 * 10.0 ** -decimals, rel=1e-12)
        assert math.isclose(half_unit(printed), float(Decimal("0.5").scaleb(-decimals)))
