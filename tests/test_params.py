"""Parameter files: schema validation, overrides, error messages.

A throw-away parameter file (chapter ``ch999``) exercises every feature of a parameter spec
(params.py's docstring): inclusive and exclusive bounds, one-sided and absent bounds, lengths,
orders, choices, every type and plausible ranges. Each feature is probed on both sides of
its boundary; expected texts and values are typed by hand from that docstring.
"""

from __future__ import annotations

import os
import re

import pandas as pd
import pytest
import yaml

from ev_compendium.chapters import CHAPTERS
from ev_compendium.params import (
    ParameterError,
    ParameterSet,
    format_value,
    load_parameter_specs,
    load_parameters,
    parse_assignment,
    parse_assignments,
    parse_value,
)

SPEC = """\
chapter: ch999
parameters:
  efficiency:
    value: 0.9
    type: float
    min: 0
    min_inclusive: false
    max: 1
    unit: "-"
    source: "Table 9"
    description: Round-trip efficiency.
  share:
    value: 0.25
    type: float
    min: 0
    max: 1
    max_inclusive: false
    unit: "-"
    source: "Table 9, share"
  price_gaps_yuan_per_kwh:
    value: [0.3, 0.4]
    type: list[float]
    min: 0
    unit: yuan/kWh
    source: "Section 9"
    plausible: [0.9, 1.25]
    plausible_reason: "  spread of regional tariffs  "
  cooling:
    value: liquid
    type: str
    choices: [air, liquid]
    unit: "-"
    source: "assumption: baseline cooling"
  scores:
    value: [1, 2, 3]
    type: list[float]
    min: 0
    length: 3
    order: strictly_increasing
    unit: score
    source: "assumption: ordinal scores"
  years:
    value: 10
    type: int
    min: 1
    unit: year
    source: "Table 9"
    plausible: [5, 15]
    plausible_reason: "service lives in the literature"
  flag:
    value: true
    type: bool
    unit: "-"
    source: "assumption"
  names:
    value: [a, b]
    type: list[str]
    choices: [a, b, c]
    min_length: 2
    unit: "-"
    source: "Table 8"
  steps:
    value: [1, 1, 2]
    type: list[int]
    order: increasing
    unit: step
    source: "Table 7"
  limit:
    value: 2.5
    type: float
    max: 5
    unit: kW
    source: "Table 6"
  anything:
    value: -12345678.9
    type: float
    unit: "-"
    source: "Calibrated to Table 5"
"""
NAMES = ["efficiency", "share", "price_gaps_yuan_per_kwh", "cooling", "scores", "years", "flag",
         "names", "steps", "limit", "anything"]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A throw-away data folder with one parameter file, chapter 'ch999'."""
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "ch999.yaml").write_text(SPEC)
    monkeypatch.setenv("EV_COMPENDIUM_DATA", str(tmp_path))
    return tmp_path


@pytest.fixture
def path(data_dir):
    return data_dir / "params" / "ch999.yaml"


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _error(call, *args) -> str:
    with pytest.raises(ParameterError) as info:
        call(*args)
    return str(info.value)


def test_defaults_are_loaded_and_typed(data_dir):
    params = load_parameters("ch999")
    assert isinstance(params, ParameterSet) and params.chapter == "ch999"
    assert list(params) == NAMES and len(params) == len(NAMES)
    assert dict(params) == {
        "efficiency": 0.9, "share": 0.25, "price_gaps_yuan_per_kwh": [0.3, 0.4],
        "cooling": "liquid", "scores": [1.0, 2.0, 3.0], "years": 10, "flag": True,
        "names": ["a", "b"], "steps": [1, 1, 2], "limit": 2.5, "anything": -12345678.9}
    assert params.efficiency == params["efficiency"] == 0.9
    assert type(params.years) is int and all(type(s) is float for s in params.scores)
    assert all(type(s) is int for s in params.steps)
    assert params.is_paper_baseline and params.overridden == ()
    with pytest.raises(AttributeError, match=r"^chapter 'ch999' has no parameter 'nope'$"):
        params.nope  # noqa: B018
    with pytest.raises(KeyError):
        params["nope"]  # noqa: B018


def test_parameter_table_by_hand(data_dir):
    table = load_parameters("ch999").table()
    expected = pd.DataFrame(
        [  # value, unit, valid range, source, overridden
            ["0.9", "-", "(0, 1]", "Table 9", ""],
            ["0.25", "-", "[0, 1)", "Table 9, share", ""],
            ["[0.3, 0.4]", "yuan/kWh", "each in [0, inf)", "Section 9", ""],
            ["liquid", "-", "one of {'air', 'liquid'}", "assumption: baseline cooling", ""],
            ["[1, 2, 3]", "score", "each in [0, inf); exactly 3 values; strictly increasing",
             "assumption: ordinal scores", ""],
            ["10", "year", "[1, inf)", "Table 9", ""],
            ["true", "-", "any bool", "assumption", ""],
            ["[a, b]", "-", "each in one of {'a', 'b', 'c'}; at least 2 values", "Table 8", ""],
            ["[1, 1, 2]", "step", "any list[int]; increasing", "Table 7", ""],
            ["2.5", "kW", "(-inf, 5]", "Table 6", ""],
            ["-1.23457e+07", "-", "any float", "Calibrated to Table 5", ""],
        ],
        columns=["value", "unit", "valid range", "source", "overridden"],
        index=pd.Index(NAMES, name="parameter"))
    pd.testing.assert_frame_equal(pd.DataFrame(table), expected)
    html = table._repr_html_()
    assert ">overridden</th>" not in html  # nothing to flag: not shown
    assert html.index(">value</th>") < html.index(">unit</th>") < html.index(">source</th>") < html.index(
        ">valid range</th>")  # value, unit and source are read first


SUMMARY = re.compile(r'^<details class="inputs"><summary>(.*?)</summary>(.*)</details>$', re.S)


def test_parameter_table_html_is_a_closed_block_with_a_summary(data_dir):
    # 11 parameters; sources starting "assumption" (3) or "calibrat..." (1) are our assumptions
    html = load_parameters("ch999").table()._repr_html_()
    summary, inner = SUMMARY.match(html).groups()
    assert summary == ("Inputs and assumptions: 11 parameters, 4 of them our assumptions "
                       "(click to show values, units, valid ranges and sources)")
    assert "<table" in inner and ">Calibrated to Table 5</td>" in inner
    html = load_parameters("ch999", {"efficiency": 0.8, "cooling": "air"}).table()._repr_html_()
    assert SUMMARY.match(html).group(1) == (
        "Inputs and assumptions: 11 parameters, 4 of them our assumptions, 2 overridden in this "
        "run (click to show values, units, valid ranges and sources)")
    # neither assumptions nor overrides (nor the columns to count them in): no counts
    bare = type(load_parameters("ch999").table())(pd.DataFrame({"value": ["1", "2"]}, index=["a", "b"]))
    assert SUMMARY.match(bare._repr_html_()).group(1) == (
        "Inputs and assumptions: 2 parameters (click to show values, units, valid ranges and sources)")
    none = type(bare)(pd.DataFrame({"source": ["Table 1"], "overridden": [""]}, index=["a"]))
    assert SUMMARY.match(none._repr_html_()).group(1) == (
        "Inputs and assumptions: 1 parameters (click to show values, units, valid ranges and sources)")


def test_a_changed_file_is_read_again(path):
    """Parsed once per file version: any change of content is seen, even one that keeps the
    size and the modification time (two saves within the file system's clock tick)."""
    assert load_parameter_specs("ch999")["limit"].default == 2.5
    before = path.stat()
    _edit(path, "value: 2.5", "value: 3.5")  # same size, same modification time
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert load_parameter_specs("ch999")["limit"].default == 3.5
    _edit(path, "value: 3.5", "value: 4.25")  # another size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert load_parameter_specs("ch999")["limit"].default == 4.25
    assert load_parameters("ch999").limit == 4.25
    _edit(path, "value: 4.25", "value: 2.5")  # back to a version read before
    assert load_parameter_specs("ch999")["limit"].default == 2.5


def test_specs_keep_every_field(data_dir):
    specs = load_parameter_specs("ch999")
    eff, share, gaps, years = specs["efficiency"], specs["share"], specs["price_gaps_yuan_per_kwh"], specs["years"]
    assert (eff.min, eff.max, eff.min_inclusive, eff.max_inclusive) == (0, 1, False, True)
    assert (share.min_inclusive, share.max_inclusive) == (True, False)
    assert eff.description == "Round-trip efficiency." and eff.source == "Table 9" and eff.unit == "-"
    assert share.description == "" and share.plausible is None and share.plausible_values() is None
    assert specs["names"].min_length == 2 and specs["names"].choices == ("a", "b", "c")
    assert specs["scores"].length == 3 and specs["scores"].order == "strictly_increasing"
    assert gaps.min_length == 1 and gaps.length is None and gaps.order is None
    assert gaps.plausible == (0.9, 1.25) and gaps.plausible_reason == "spread of regional tariffs"
    assert years.plausible == (5.0, 15.0) and years.plausible_reason == "service lives in the literature"
    # a list[float] is scaled element-wise by [low, high]; a number takes them as they are
    low, high = gaps.plausible_values()
    assert low == pytest.approx([0.27, 0.36]) and high == pytest.approx([0.375, 0.5])
    assert years.plausible_values() == (5.0, 15.0)


def test_override_is_applied_and_flagged(data_dir):
    params = load_parameters("ch999", {"efficiency": 0.8, "cooling": "air", "years": 10.0})
    assert params.efficiency == 0.8 and params.cooling == "air"
    assert params.overridden == ("efficiency", "cooling")  # years = 10.0 is the default
    assert type(params.years) is int
    assert not params.is_paper_baseline
    table = params.table()
    assert list(table["overridden"]) == ["yes", "", "", "yes"] + [""] * 7
    assert table.loc["efficiency", "value"] == "0.8"


def test_override_equal_to_default_keeps_baseline(data_dir):
    params = load_parameters("ch999", {"years": 10.0, "scores": (1, 2, 3), "flag": True})
    assert params.is_paper_baseline and params.scores == [1.0, 2.0, 3.0]


ACCEPTED = [  # (parameter, value at or just inside a boundary)
    ("efficiency", 1.0), ("efficiency", 1e-12), ("efficiency", 1),
    ("share", 0.0), ("share", 0.999999),
    ("years", 1), ("years", 1.0), ("years", 10**9),
    ("limit", 5.0), ("limit", -1e300),
    ("anything", -1e300), ("anything", 0),
    ("price_gaps_yuan_per_kwh", [0.0]), ("price_gaps_yuan_per_kwh", [0, 1e9, 0.5]),
    ("scores", [0.0, 1e-9, 2e-9]), ("scores", (0, 1, 2)),
    ("names", ["a", "a"]), ("names", ["c", "b", "a"]),
    ("steps", [0]), ("steps", [-3, -3, -3]), ("steps", [1.0, 2.0]),
    ("cooling", "air"), ("flag", False),
]


@pytest.mark.parametrize("name, value", ACCEPTED, ids=[f"{n}={v}" for n, v in ACCEPTED])
def test_values_at_the_boundaries_are_accepted(data_dir, name, value):
    got = load_parameters("ch999", {name: value})[name]
    assert got == (list(value) if isinstance(value, tuple) else value)


REJECTED = [  # (overrides, the whole message, or a regex where the index may be quoted either way)
    ({"efficiency": 0.0}, "parameter 'efficiency' = 0.0 is out of range: valid range is (0, 1]"),
    ({"efficiency": 1.0000001}, "parameter 'efficiency' = 1.0000001 is out of range: valid range is (0, 1]"),
    ({"share": 1.0}, "parameter 'share' = 1.0 is out of range: valid range is [0, 1)"),
    ({"share": -1e-12}, "parameter 'share' = -1e-12 is out of range: valid range is [0, 1)"),
    ({"years": 0}, "parameter 'years' = 0 year is out of range: valid range is [1, inf)"),
    ({"limit": 5.001}, "parameter 'limit' = 5.001 kW is out of range: valid range is (-inf, 5]"),
    ({"efficiency": float("nan")}, "parameter 'efficiency' must be finite, got nan"),
    ({"anything": float("inf")}, "parameter 'anything' must be finite, got inf"),
    ({"anything": float("-inf")}, "parameter 'anything' must be finite, got -inf"),
    ({"efficiency": "high"}, "parameter 'efficiency' must be a number (float), got 'high'"),
    ({"efficiency": True}, "parameter 'efficiency' must be a number (float), got True"),
    ({"years": 2.5}, "parameter 'years' must be an integer, got 2.5"),
    ({"years": "10"}, "parameter 'years' must be a number (int), got '10'"),
    ({"years": False}, "parameter 'years' must be a number (int), got False"),
    ({"flag": "yes"}, "parameter 'flag' must be true or false, got 'yes'"),
    ({"flag": 1}, "parameter 'flag' must be true or false, got 1"),
    ({"cooling": "water"}, "parameter 'cooling' = 'water' is not allowed: valid values are one of {'air', 'liquid'}"),
    ({"cooling": 3}, "parameter 'cooling' must be a string, got 3"),
    ({"price_gaps_yuan_per_kwh": 0.3}, "parameter 'price_gaps_yuan_per_kwh' must be a list of float, got 0.3"),
    ({"price_gaps_yuan_per_kwh": "0.3"}, "parameter 'price_gaps_yuan_per_kwh' must be a list of float, got '0.3'"),
    ({"price_gaps_yuan_per_kwh": []}, "parameter 'price_gaps_yuan_per_kwh' needs at least 1 element(s), got 0"),
    ({"price_gaps_yuan_per_kwh": [0.3, -0.1]},
     "parameter 'price_gaps_yuan_per_kwh[1]' = -0.1 yuan/kWh is out of range: valid range is [0, inf)"),
    ({"price_gaps_yuan_per_kwh": [0.3, float("nan")]},
     re.compile(r"^parameter '(price_gaps_yuan_per_kwh'\[1\]|price_gaps_yuan_per_kwh\[1\]') must be finite, got nan$")),
    ({"names": ["a"]}, "parameter 'names' needs at least 2 element(s), got 1"),
    ({"names": ["a", "d"]},
     re.compile(r"^parameter '(names'\[1\]|names\[1\]') = 'd' is not allowed: valid values are one of \{'a', 'b', 'c'\}$")),
    ({"names": ["a", 2]}, re.compile(r"^parameter '(names'\[1\]|names\[1\]') must be a string, got 2$")),
    ({"steps": [1, 1.5]}, re.compile(r"^parameter '(steps'\[1\]|steps\[1\]') must be an integer, got 1.5$")),
    ({"steps": [2, 1]}, "parameter 'steps' must be increasing, but element [1] = 1 follows [0] = 2"),
    ({"scores": [1, 2]}, "parameter 'scores' needs exactly 3 element(s), got 2"),
    ({"scores": [1, 2, 3, 4]}, "parameter 'scores' needs exactly 3 element(s), got 4"),
    ({"scores": [1, 3, 2]}, "parameter 'scores' must be strictly increasing, but element [2] = 2.0 follows [1] = 3.0"),
    ({"scores": [1, 1, 2]}, "parameter 'scores' must be strictly increasing, but element [1] = 1.0 follows [0] = 1.0"),
    ({"scores": [1, 2, -3]}, "parameter 'scores[2]' = -3.0 score is out of range: valid range is [0, inf)"),
    ({"nonsense": 1}, "unknown parameter(s) ['nonsense'] for chapter 'ch999'; "
                      "see `python -m ev_compendium params ch999`"),
    ({"efficency": 1, "yeras": 2, "zzz": 3},
     "unknown parameter(s) ['efficency', 'yeras', 'zzz'] for chapter 'ch999'; "
     "for 'efficency' did you mean 'efficiency'?; for 'yeras' did you mean 'years'?"),
    ({"cores": 1}, "unknown parameter(s) ['cores'] for chapter 'ch999'; "  # 'scores': 2*5/11,
                   "for 'cores' did you mean 'scores'?"),                   # 'cooling': 2*2/12
]


@pytest.mark.parametrize("overrides, message", REJECTED, ids=[str(o) for o, _ in REJECTED])
def test_bad_overrides_name_the_parameter_and_range(data_dir, overrides, message):
    text = _error(load_parameters, "ch999", overrides)
    if isinstance(message, str):
        assert text == message
    else:
        assert message.match(text), text


def test_close_names_are_suggested_best_first_at_most_three(data_dir, path):
    # similarity of 'rate_' (difflib ratio 2M/T): rate_a 10/11, rate_ab 10/12, rate_abc 10/13,
    # rate_abcd 10/14 (all above the 0.6 cutoff), rate_xyzwv 10/15 = 0.67, other 0
    names = ["rate_abcd", "other", "rate_ab", "rate_xyzwv", "rate_a", "rate_abc"]
    path.write_text("chapter: ch999\nparameters:\n" + "".join(
        f"  {n}:\n    value: 1\n    type: int\n    unit: '-'\n    source: T\n" for n in names))
    assert _error(load_parameters, "ch999", {"rate_": 1}) == (
        "unknown parameter(s) ['rate_'] for chapter 'ch999'; "
        "for 'rate_' did you mean 'rate_a', 'rate_ab', 'rate_abc'?")


def test_invalid_default_in_file_is_reported(path):
    _edit(path, "value: 0.9", "value: 1.9")
    assert _error(load_parameter_specs, "ch999") == (
        f"{path}: the default value is invalid: "
        "parameter 'efficiency' = 1.9 is out of range: valid range is (0, 1]")


FILE_ERRORS = [  # (old text, new text, message after "<path>: ")
    ("    order: strictly_increasing\n", "    order: sideways\n",
     "parameter 'scores': order must be one of ('increasing', 'strictly_increasing'), got 'sideways'"),
    ("    length: 3\n", "    length: 2\n",
     "the default value is invalid: parameter 'scores' needs exactly 2 element(s), got 3"),
    ("    min_length: 2\n", "    min_length: 3\n",
     "the default value is invalid: parameter 'names' needs at least 3 element(s), got 2"),
    ("    value: 10\n", "    value: 10\n    length: 1\n", "parameter 'years': 'length' applies to list types only"),
    ("    value: 10\n", "    value: 10\n    min_length: 1\n", "parameter 'years': 'min_length' applies to list types only"),
    ("    value: 10\n", "    value: 10\n    order: increasing\n", "parameter 'years': 'order' applies to list types only"),
    ('    source: "Table 9"\n', "", "parameter 'efficiency' lacks required field 'source'"),
    ('    unit: "-"\n    source: "Table 9"\n', "", "parameter 'efficiency' lacks required field 'unit'"),
    ("    value: 0.9\n", "", "parameter 'efficiency' lacks required field 'value'"),
    ("    type: float\n    min: 0\n    min_inclusive", "    min: 0\n    min_inclusive",
     "parameter 'efficiency' lacks required field 'type'"),
    ("    type: float\n    min: 0\n    min_inclusive", "    type: double\n    min: 0\n    min_inclusive",
     "parameter 'efficiency' has type 'double'; expected one of ('float', 'int', 'bool', 'str', "
     "'list[float]', 'list[int]', 'list[str]')"),
    ("    description: Round-trip efficiency.\n", "    descripton: typo\n    remark: x\n",
     "parameter 'efficiency' has unknown field(s) ['descripton', 'remark']"),
    ("  limit:\n    value: 2.5\n    type: float\n    max: 5\n    unit: kW\n    source: \"Table 6\"\n",
     "  limit: 2.5\n", "parameter 'limit' must be a mapping with 'value', 'type', ..."),
]


@pytest.mark.parametrize("old, new, message", FILE_ERRORS, ids=[m[:50] for _, _, m in FILE_ERRORS])
def test_bad_parameter_files_are_reported(path, old, new, message):
    _edit(path, old, new)
    assert _error(load_parameter_specs, "ch999") == f"{path}: {message}"


PLAUSIBLE_ERRORS = [  # (parameter block edit, message after "<path>: parameter <name>: plausible")
    ("years", "[5, 15]", "[10, 10]", " = [10, 10] must satisfy low <= value <= high, low < high"),
    ("years", "[5, 15]", "[11, 15]", " = [11, 15] must satisfy low <= value <= high, low < high"),
    ("years", "[5, 15]", "[5, 9]", " = [5, 9] must satisfy low <= value <= high, low < high"),
    ("years", "[5, 15]", "[0, 15]",
     " reaches outside the valid range: parameter 'years' = 0 year is out of range: valid range is [1, inf)"),
    ("years", "[5, 15]", "[5.5, 15]",
     " reaches outside the valid range: parameter 'years' must be an integer, got 5.5"),
    ("years", "[5, 15]", "[5, 15, 20]", " must be a list [low, high] of two numbers, got [5, 15, 20]"),
    ("years", "[5, 15]", "[5]", " must be a list [low, high] of two numbers, got [5]"),
    ("years", "[5, 15]", "12", " must be a list [low, high] of two numbers, got 12"),
    ("years", "[5, 15]", "[true, 15]", " must be a list [low, high] of two numbers, got [True, 15]"),
    ("years", "[5, 15]", "[5, '15']", " must be a list [low, high] of two numbers, got [5, '15']"),
    ("price_gaps_yuan_per_kwh", "[0.9, 1.25]", "[1.05, 1.25]",
     " = [1.05, 1.25] must satisfy low <= 1 (the scale of the value) <= high, low < high"),
    ("price_gaps_yuan_per_kwh", "[0.9, 1.25]", "[1, 1]",
     " = [1, 1] must satisfy low <= 1 (the scale of the value) <= high, low < high"),
    ("price_gaps_yuan_per_kwh", "[0.9, 1.25]", "[-0.5, 1.25]",
     " reaches outside the valid range: parameter 'price_gaps_yuan_per_kwh[0]' = -0.15 yuan/kWh is out of "
     "range: valid range is [0, inf)"),
]


@pytest.mark.parametrize("name, old, new, message", PLAUSIBLE_ERRORS,
                         ids=[f"{n}:{new}" for n, _, new, _ in PLAUSIBLE_ERRORS])
def test_bad_plausible_ranges_are_reported(path, name, old, new, message):
    _edit(path, f"plausible: {old}", f"plausible: {new}")
    assert _error(load_parameter_specs, "ch999") == f"{path}: parameter {name!r}: plausible{message}"


def test_plausible_needs_a_reason_and_a_numeric_type(path):
    _edit(path, '    plausible_reason: "service lives in the literature"\n', "")
    assert _error(load_parameter_specs, "ch999") == (
        f"{path}: parameter 'years': plausible needs a plausible_reason saying where the range comes from")
    _edit(path, "    plausible: [5, 15]\n", "    plausible: [5, 15]\n    plausible_reason: '   '\n")
    assert _error(load_parameter_specs, "ch999") == (
        f"{path}: parameter 'years': plausible needs a plausible_reason saying where the range comes from")
    path.write_text(SPEC.replace("    choices: [air, liquid]\n",
                                 "    choices: [air, liquid]\n    plausible: [0, 1]\n    plausible_reason: r\n"))
    assert _error(load_parameter_specs, "ch999") == (
        f"{path}: parameter 'cooling': plausible applies to float, int and list[float] parameters only")


def test_a_float_equal_to_one_is_a_value_not_a_scale(path):
    path.write_text(SPEC + "  factor:\n    value: 1.0\n    type: float\n    unit: '-'\n    source: T\n"
                           "    plausible: [1.5, 2]\n    plausible_reason: r\n")
    assert _error(load_parameter_specs, "ch999") == (
        f"{path}: parameter 'factor': plausible = [1.5, 2] must satisfy low <= value <= high, low < high")
    _edit(path, "plausible: [1.5, 2]", "plausible: [0.5, 1]")
    assert load_parameter_specs("ch999")["factor"].plausible_values() == (0.5, 1.0)


@pytest.mark.parametrize("text, message", [
    ("- a\n- b\n", "expected a top-level 'parameters' mapping"),
    ("chapter: ch999\n", "expected a top-level 'parameters' mapping"),
    ("chapter: ch999\nparameters: [a, b]\n", "expected a top-level 'parameters' mapping"),
    ("chapter: ch998\nparameters: {}\n", "'chapter' field is 'ch998', expected 'ch999'"),
    ("parameters: {}\n", "'chapter' field is None, expected 'ch999'"),
])
def test_malformed_files_are_reported(path, text, message):
    path.write_text(text)
    assert _error(load_parameter_specs, "ch999") == f"{path}: {message}"


def test_empty_parameter_mapping_and_unicode(path):
    path.write_text("chapter: ch999\nparameters: {}\n")
    assert load_parameter_specs("ch999") == {}
    path.write_bytes(SPEC.replace('unit: kW', 'unit: "kg CO₂e/µs"').encode("utf-8"))
    assert load_parameter_specs("ch999")["limit"].unit == "kg CO₂e/µs"


def test_unknown_chapter_file(data_dir):
    assert _error(load_parameters, "ch123") == (
        f"no parameter file for chapter 'ch123' (looked for {data_dir / 'params' / 'ch123.yaml'})")


@pytest.mark.parametrize("value, text", [
    (True, "true"), (False, "false"), (0.711, "0.711"), (150, "150"), (150.0, "150"),
    (1 / 3, "0.333333"), (1e-7, "1e-07"), ("air", "air"), ([0.3, 0.5], "[0.3, 0.5]"),
    ((1, True, "x"), "[1, true, x]"), ([], "[]"), ([[1.0, 2.5]], "[[1, 2.5]]"),
])
def test_format_value(value, text):
    assert format_value(value) == text


@pytest.mark.parametrize("raw, value", [
    ("0.5", 0.5), ("1e-3", 0.001), ("1E-3", 0.001), ("1.5e3", 1500.0), ("1e3", 1000.0),
    ("+2.5e+3", 2500.0), ("-4", -4), ("[0.3, 0.4]", [0.3, 0.4]), ("air", "air"), ("true", True),
    ("null", None),
])
def test_parse_value_reads_yaml_1_2_numbers(raw, value):
    parsed = parse_value(raw)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize("text, expected", [
    ("a=0.5", ("a", 0.5)),
    ("gaps=[0.3, 0.5]", ("gaps", [0.3, 0.5])),
    ("cooling=air", ("cooling", "air")),
    (" n = 3", ("n", 3)),
    ("label=x=y", ("label", "x=y")),  # only the first '=' separates
    ("eps=1e-3", ("eps", 0.001)),
])
def test_parse_assignment(text, expected):
    assert parse_assignment(text) == expected


def _yaml_problem(raw: str) -> str:
    try:
        yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        return getattr(exc, "problem", None) or type(exc).__name__
    raise AssertionError(f"{raw!r} is valid YAML")


@pytest.mark.parametrize("text, message", [
    ("novalue", "expected name=value, got 'novalue'"),
    ("=3", "missing parameter name in '=3'"),
    ("  =3", "missing parameter name in '  =3'"),
    ("a=[1, 2", f"cannot read the value of 'a': '[1, 2' ({_yaml_problem('[1, 2')})"),
    ("b={x", f"cannot read the value of 'b': '{{x' ({_yaml_problem('{x')})"),
    ("c=\x07", "cannot read the value of 'c': '\\x07' (ReaderError)"),  # an error without a 'problem'
])
def test_parse_assignment_rejects_malformed(text, message):
    assert _error(parse_assignment, text) == message


def test_parse_assignments():
    assert parse_assignments([]) == {}
    assert parse_assignments(["a=0.5", "b=[1, 2]", "c=air"]) == {"a": 0.5, "b": [1, 2], "c": "air"}
    assert _error(parse_assignments, ["a=0.5", "b=1", " a =0.6"]) == (
        "parameter 'a' is set more than once (0.5 and 0.6)")
    assert _error(parse_assignments, ["x=[1, 2]", "x=true"]) == (
        "parameter 'x' is set more than once ([1, 2] and true)")


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_every_chapter_parameter_file_is_valid(chapter):
    """The real parameter files load, every entry states unit and source, and the defaults
    are the values a run without overrides gets."""
    specs = load_parameter_specs(chapter)
    assert specs, f"{chapter} has no parameters"
    params = load_parameters(chapter)
    assert params.is_paper_baseline and set(params) == set(specs)
    for spec in specs.values():
        assert spec.source.strip(), f"{chapter}.{spec.name} lacks a source"
        assert spec.unit.strip(), f"{chapter}.{spec.name} lacks a unit"
        if spec.plausible is not None:
            assert spec.plausible_reason, f"{chapter}.{spec.name}: plausible range without a reason"
