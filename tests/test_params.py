"""Parameter files: schema validation, overrides, error messages."""

from __future__ import annotations

import textwrap

import pytest

from ev_compendium.chapters import CHAPTERS
from ev_compendium.params import (
    ParameterError,
    load_parameter_specs,
    load_parameters,
    parse_assignment,
)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A throw-away data folder with one parameter file, chapter 'ch999'."""
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "ch999.yaml").write_text(textwrap.dedent("""\
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
          price_gaps_yuan_per_kwh:
            value: [0.3, 0.4]
            type: list[float]
            min: 0
            unit: yuan/kWh
            source: "Section 9"
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
        """))
    monkeypatch.setenv("EV_COMPENDIUM_DATA", str(tmp_path))
    return tmp_path


def test_defaults_are_loaded_and_typed(data_dir):
    params = load_parameters("ch999")
    assert params.efficiency == 0.9
    assert params["price_gaps_yuan_per_kwh"] == [0.3, 0.4]
    assert params.years == 10 and isinstance(params.years, int)
    assert params.is_paper_baseline
    assert list(params.table().index) == ["efficiency", "price_gaps_yuan_per_kwh", "cooling", "scores",
                                          "years"]
    html = params.table()._repr_html_()
    assert "overridden" not in html  # nothing to flag: not shown
    assert html.index(">source</th>") < html.index(">valid range</th>")  # the source is read first
    assert params.table().loc["efficiency", "value"] == "0.9"
    assert params.table().loc["scores", "value"] == "[1, 2, 3]"
    assert params.table().loc["scores", "valid range"] == (
        "each in [0, inf); exactly 3 values; strictly increasing")


def test_override_is_applied_and_flagged(data_dir):
    params = load_parameters("ch999", {"efficiency": 0.8, "cooling": "air"})
    assert params.efficiency == 0.8 and params.cooling == "air"
    assert set(params.overridden) == {"efficiency", "cooling"}
    assert not params.is_paper_baseline
    assert params.table().loc["efficiency", "overridden"] == "yes"


def test_override_equal_to_default_keeps_baseline(data_dir):
    assert load_parameters("ch999", {"years": 10.0}).is_paper_baseline


@pytest.mark.parametrize("overrides, fragment", [
    ({"efficiency": 0.0}, "parameter 'efficiency' = 0.0 is out of range: valid range is (0, 1]"),
    ({"efficiency": 1.5}, "valid range is (0, 1]"),
    ({"efficiency": float("nan")}, "'efficiency' must be finite"),
    ({"efficiency": "high"}, "'efficiency' must be a number"),
    ({"efficiency": True}, "'efficiency' must be a number"),
    ({"price_gaps_yuan_per_kwh": [0.3, -0.1]}, "'price_gaps_yuan_per_kwh[1]' = -0.1"),
    ({"price_gaps_yuan_per_kwh": 0.3}, "must be a list of float"),
    ({"price_gaps_yuan_per_kwh": []}, "needs at least 1 element"),
    ({"cooling": "water"}, "valid values are one of {'air', 'liquid'}"),
    ({"years": 2.5}, "'years' must be an integer"),
    ({"scores": [1, 2]}, "'scores' needs exactly 3 element(s), got 2"),
    ({"scores": [1, 3, 2]}, "'scores' must be strictly increasing, but element [2] = 2.0 follows [1] = 3.0"),
    ({"scores": [1, 2, 2]}, "'scores' must be strictly increasing"),
    ({"scores": [1, 2, -3]}, "'scores[2]' = -3.0 score is out of range"),
    ({"nonsense": 1}, "unknown parameter(s) ['nonsense'] for chapter 'ch999'"),
])
def test_bad_overrides_name_the_parameter_and_range(data_dir, overrides, fragment):
    with pytest.raises(ParameterError) as info:
        load_parameters("ch999", overrides)
    assert fragment in str(info.value)


def test_invalid_default_in_file_is_reported(data_dir):
    path = data_dir / "params" / "ch999.yaml"
    path.write_text(path.read_text().replace("value: 0.9", "value: 1.9"))
    with pytest.raises(ParameterError, match="default value is invalid.*'efficiency'"):
        load_parameter_specs("ch999")


@pytest.mark.parametrize("field, fragment", [
    ("    order: sideways\n", "order must be one of"),
    ("    length: 2\n", "needs exactly 2 element(s), got 3"),
])
def test_bad_list_constraints_in_file_are_reported(data_dir, field, fragment):
    path = data_dir / "params" / "ch999.yaml"
    text = path.read_text().replace("    order: strictly_increasing\n", field, 1)
    path.write_text(text)
    with pytest.raises(ParameterError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        load_parameter_specs("ch999")


def test_list_constraints_on_scalars_are_rejected(data_dir):
    path = data_dir / "params" / "ch999.yaml"
    path.write_text(path.read_text().replace("    value: 10\n", "    value: 10\n    length: 1\n", 1))
    with pytest.raises(ParameterError, match="'years': 'length' applies to list types only"):
        load_parameter_specs("ch999")


def test_missing_source_is_reported(data_dir):
    path = data_dir / "params" / "ch999.yaml"
    path.write_text(path.read_text().replace('    source: "Table 9"\n', "", 1))
    with pytest.raises(ParameterError, match="'efficiency' lacks required field 'source'"):
        load_parameter_specs("ch999")


def test_unknown_chapter_file(data_dir):
    with pytest.raises(ParameterError, match="no parameter file for chapter 'ch123'"):
        load_parameters("ch123")


@pytest.mark.parametrize("text, expected", [
    ("a=0.5", ("a", 0.5)),
    ("gaps=[0.3, 0.5]", ("gaps", [0.3, 0.5])),
    ("cooling=air", ("cooling", "air")),
    (" n = 3", ("n", 3)),
])
def test_parse_assignment(text, expected):
    assert parse_assignment(text) == expected


@pytest.mark.parametrize("text", ["novalue", "=3"])
def test_parse_assignment_rejects_malformed(text):
    with pytest.raises(ParameterError):
        parse_assignment(text)


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_every_chapter_parameter_file_is_valid(chapter):
    """The real parameter files load, and every entry states unit and source."""
    specs = load_parameter_specs(chapter)
    assert specs, f"{chapter} has no parameters"
    for spec in specs.values():
        assert spec.source.strip(), f"{chapter}.{spec.name} lacks a source"
