"""The one range and condition checker (validate.py): intervals, their boundaries, and the
exact message formats the command line prints (quoted in validate.py's docstring)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ev_compendium.validate import ParameterError, check_range, in_interval, interval, require


@pytest.mark.parametrize("args, text", [
    ((0, 1), "[0, 1]"),
    ((0, 1, False, True), "(0, 1]"),
    ((0, 1, True, False), "[0, 1)"),
    ((0, 1, False, False), "(0, 1)"),
    ((0, None), "[0, inf)"),
    ((None, 2.5), "(-inf, 2.5]"),
    ((None, None), "(-inf, inf)"),
    ((None, None, True, True), "(-inf, inf)"),   # an infinite end is never closed
    ((-3, None, False, True), "(-3, inf)"),
    ((1e-6, 1e6), "[1e-06, 1e+06]"),             # %g: short, exponent where long
    ((0.125, 150), "[0.125, 150]"),
])
def test_interval_text(args, text):
    assert interval(*args) == text


@pytest.mark.parametrize("value, lo, hi, lo_inc, hi_inc, inside", [
    (0.0, 0, 1, True, True, True),      # closed ends include the bound
    (1.0, 0, 1, True, True, True),
    (0.0, 0, 1, False, True, False),    # open ends exclude it
    (1.0, 0, 1, True, False, False),
    (0.5, 0, 1, False, False, True),
    (-1e-12, 0, 1, True, True, False),  # just outside either end
    (1 + 1e-12, 0, 1, True, True, False),
    (1e300, 0, None, True, True, True),  # a missing bound is open to infinity
    (-1e300, None, 0, True, True, True),
    (5.0, None, None, False, False, True),
    (-0.5, None, -1, True, True, False),
    (-1.5, -1, None, True, True, False),
])
def test_in_interval_boundaries(value, lo, hi, lo_inc, hi_inc, inside):
    assert in_interval(value, lo, hi, lo_inc, hi_inc) is inside


def test_in_interval_defaults_are_closed():
    assert in_interval(0.0, 0.0, 1.0) and in_interval(1.0, 0.0, 1.0)


@given(lo=st.floats(-1e6, 1e6), width=st.floats(0, 1e6), t=st.floats(0, 1),
       lo_inc=st.booleans(), hi_inc=st.booleans())
def test_in_interval_agrees_with_its_text(lo, width, t, lo_inc, hi_inc):
    """A second method: read the bracket characters of interval() and compare by hand."""
    hi = lo + width
    text = interval(lo, hi, lo_inc, hi_inc)
    closed_left, closed_right = text[0] == "[", text[-1] == "]"
    for value in (lo, hi, lo + t * width, lo - 1.0, hi + 1.0):
        expected = ((lo < value or (closed_left and value == lo))
                    and (value < hi or (closed_right and value == hi)))
        assert in_interval(value, lo, hi, lo_inc, hi_inc) is expected


def test_check_range_returns_the_value_unchanged():
    assert check_range("x", 0.25, 0, 1) == 0.25
    assert check_range("x", 0, 0, 1) == 0
    assert check_range("x", 7) == 7                       # no bounds: anything goes
    assert check_range("x", 1.0, 0, 1, lo_inclusive=False) == 1.0


@pytest.mark.parametrize("kwargs, message", [
    (dict(name="v2g_roundtrip_efficiency", value=1.2, lo=0, hi=1, lo_inclusive=False),
     "parameter 'v2g_roundtrip_efficiency' = 1.2 is out of range: valid range is (0, 1]"),
    (dict(name="e", value=0.0, lo=0, hi=1, lo_inclusive=False),
     "parameter 'e' = 0.0 is out of range: valid range is (0, 1]"),
    (dict(name="e", value=1, lo=0, hi=1, hi_inclusive=False),
     "parameter 'e' = 1 is out of range: valid range is [0, 1)"),
    (dict(name="p", value=-2.5, lo=0, unit="kW"),
     "parameter 'p' = -2.5 kW is out of range: valid range is [0, inf)"),
    (dict(name="p", value=-2.5, lo=0, unit="-"),        # '-' means dimensionless: no unit
     "parameter 'p' = -2.5 is out of range: valid range is [0, inf)"),
    (dict(name="t", value=9.0, hi=5, what="argument"),
     "argument 't' = 9.0 is out of range: valid range is (-inf, 5]"),
])
def test_check_range_message(kwargs, message):
    with pytest.raises(ParameterError) as info:
        check_range(**kwargs)
    assert str(info.value) == message


@pytest.mark.parametrize("what", ["parameter", "argument"])
def test_check_range_refuses_nan(what):
    """NaN compares false with every bound, so it would slip through a plain range check."""
    for lo, hi in ((0, 1), (None, None), (0, None)):
        with pytest.raises(ParameterError) as info:
            check_range("x", float("nan"), lo, hi, what=what)
        assert str(info.value) == f"{what} 'x' must be a finite number, got nan"
    with pytest.raises(ParameterError, match="^parameter 'y' must be a finite number, got np.float64"):
        check_range("y", np.float64("nan"), 0, 1)


def test_parameter_error_is_a_value_error():
    assert issubclass(ParameterError, ValueError)


@pytest.mark.parametrize("names, requirement, values, message", [
    (("Em", "Er"), "0 < Em - Er", {"Em": 0.3, "Er": 0.5},
     "parameters 'Em', 'Er': need 0 < Em - Er (got Em = 0.3, Er = 0.5)"),
    (["weights"], "a positive sum", {"weights": [0, 0]},
     "parameter 'weights': need a positive sum (got weights = [0, 0])"),
    (("a", "b"), "a < b", None, "parameters 'a', 'b': need a < b"),
    (("n", "mode"), "n > 2 in mode 'fast'", {"n": 2, "mode": "fast", "other": 1.0},
     "parameters 'n', 'mode': need n > 2 in mode 'fast' (got n = 2, mode = 'fast')"),
    (("x", "y", "z"), "x != y", {"x": 0.1234567, "y": True, "z": np.int64(3)},  # %g for floats,
     "parameters 'x', 'y', 'z': need x != y (got x = 0.123457, y = True, z = 3)"),  # str() otherwise
    (("x",), "x > 0", {"x": np.float64(-1e-7)}, "parameter 'x': need x > 0 (got x = -1e-07)"),
    (("x", "y"), "x < y", {"x": 2.50},                 # names without a value are skipped
     "parameters 'x', 'y': need x < y (got x = 2.5)"),
])
def test_require_message(names, requirement, values, message):
    with pytest.raises(ParameterError) as info:
        require(False, names, requirement, values)
    assert str(info.value) == message


def test_require_passes_when_the_condition_holds():
    assert require(True, ("a",), "anything", {"a": 1}) is None
