"""Chapter parameters: loaded from ``data/params/<chapter>.yaml``, validated, overridable.

Every input a chapter computes with lives in its parameter file, one entry per
parameter::

    parameters:
      grid_factor_east_kg_per_kwh:
        value: 0.711              # the paper's value (the default)
        type: float               # float | int | bool | str | list[float] | list[int] | list[str]
        min: 0.0                  # optional bounds; inclusive unless min_inclusive: false
        max: 2.0
        unit: kg CO2e/kWh
        source: "Table 1, eastern grid"   # where the value comes from, or "assumption: ..."
        description: Grid emission factor of the eastern plants.

List parameters may also fix ``length`` (exact number of elements, e.g. one per year),
``min_length`` and ``order`` (``increasing`` or ``strictly_increasing``).

An *assumed* input (one the paper does not print) also states how far it could plausibly be
off, for the robustness analysis (``python -m ev_compendium robustness``)::

        plausible: [0.4, 0.9]         # inside the valid range, around the value
        plausible_reason: "range of published LFP depths of discharge for V2G (Ref. 5)"

For a ``list[float]`` parameter ``plausible`` is a relative scale ``[low, high]`` applied to
every element at once (e.g. ``[0.95, 1.05]`` for a series known to +-5 %).

A chapter's first (``parameters``-tagged) cell holds ``overrides = {}``; papermill
or the command line (``python -m ev_compendium run``) replaces it. Overrides are
checked against the same definitions, so an unknown name or an out-of-range value
stops the run with a message that names the parameter and its valid range.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .paths import data_dir
from .tables import WrappingFrame
from .validate import ParameterError, check_range, interval

SCALAR_TYPES = ("float", "int", "bool", "str")
LIST_TYPES = tuple(f"list[{t}]" for t in ("float", "int", "str"))
KNOWN_FIELDS = {
    "value", "type", "min", "max", "min_inclusive", "max_inclusive", "choices",
    "min_length", "length", "order", "unit", "source", "description", "plausible",
    "plausible_reason",
}
ORDERS = ("increasing", "strictly_increasing")


@dataclass(frozen=True)
class ParameterSpec:
    """Definition of one parameter: type, bounds, unit and provenance."""

    name: str
    default: Any
    type: str
    unit: str
    source: str
    description: str = ""
    min: float | None = None
    max: float | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True
    choices: tuple | None = None
    min_length: int = 1
    length: int | None = None
    order: str | None = None
    plausible: tuple[float, float] | None = None
    plausible_reason: str = ""

    def plausible_values(self) -> tuple[Any, Any] | None:
        """The low and high plausible values (lists scaled element-wise), or None."""
        if self.plausible is None:
            return None
        lo, hi = self.plausible
        if self.type == "list[float]":
            return [v * lo for v in self.default], [v * hi for v in self.default]
        return lo, hi

    def valid_range(self) -> str:
        """Human-readable valid range, e.g. ``(0, 1]`` or ``one of {'air', 'liquid'}``."""
        if self.choices is not None:
            return "one of {" + ", ".join(repr(c) for c in self.choices) + "}"
        if self.min is None and self.max is None:
            return "any " + self.type
        return interval(self.min, self.max, self.min_inclusive, self.max_inclusive)

    def constraints(self) -> str:
        """All constraints, for tables: the element range plus any list length and order."""
        parts = [self.valid_range()]
        if self.type in LIST_TYPES:
            parts[0] = "each in " + parts[0] if not parts[0].startswith("any") else parts[0]
            if self.length is not None:
                parts.append(f"exactly {self.length} values")
            elif self.min_length > 1:
                parts.append(f"at least {self.min_length} values")
            if self.order is not None:
                parts.append(self.order.replace("_", " "))
        return "; ".join(parts)

    def _check_scalar(self, value: Any, base: str, where: str) -> Any:
        name = f"parameter '{self.name}{where}'"
        if base == "bool":
            if not isinstance(value, bool):
                raise ParameterError(f"{name} must be true or false, got {value!r}")
            return value
        if base == "str":
            if not isinstance(value, str):
                raise ParameterError(f"{name} must be a string, got {value!r}")
            if self.choices is not None and value not in self.choices:
                raise ParameterError(
                    f"{name} = {value!r} is not allowed: valid values are {self.valid_range()}"
                )
            return value
        # numeric
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParameterError(f"{name} must be a number ({base}), got {value!r}")
        if base == "int":
            if isinstance(value, float) and not value.is_integer():
                raise ParameterError(f"{name} must be an integer, got {value!r}")
            value = int(value)
        else:
            value = float(value)
            if not math.isfinite(value):
                raise ParameterError(f"{name} must be finite, got {value!r}")
        return check_range(f"{self.name}{where}", value, self.min, self.max,
                           lo_inclusive=self.min_inclusive, hi_inclusive=self.max_inclusive,
                           unit=self.unit)

    def validate(self, value: Any) -> Any:
        """Return ``value`` coerced to this parameter's type, or raise ParameterError."""
        if self.type in SCALAR_TYPES:
            return self._check_scalar(value, self.type, "")
        base = self.type[len("list["):-1]
        if not isinstance(value, (list, tuple)):
            raise ParameterError(
                f"parameter {self.name!r} must be a list of {base}, got {value!r}"
            )
        if self.length is not None and len(value) != self.length:
            raise ParameterError(
                f"parameter {self.name!r} needs exactly {self.length} element(s), got {len(value)}"
            )
        if len(value) < self.min_length:
            raise ParameterError(
                f"parameter {self.name!r} needs at least {self.min_length} element(s), got {len(value)}"
            )
        checked = [self._check_scalar(v, base, f"[{i}]") for i, v in enumerate(value)]
        if self.order is not None:
            strict = self.order == "strictly_increasing"
            for i, (a, b) in enumerate(zip(checked, checked[1:])):
                if b < a or (strict and b == a):
                    raise ParameterError(
                        f"parameter {self.name!r} must be {self.order.replace('_', ' ')}, but "
                        f"element [{i + 1}] = {b!r} follows [{i}] = {a!r}"
                    )
        return checked


def _spec_from_yaml(name: str, entry: Any, path: str) -> ParameterSpec:
    if not isinstance(entry, Mapping):
        raise ParameterError(f"{path}: parameter {name!r} must be a mapping with 'value', 'type', ...")
    unknown = set(entry) - KNOWN_FIELDS
    if unknown:
        raise ParameterError(f"{path}: parameter {name!r} has unknown field(s) {sorted(unknown)}")
    for required in ("value", "type", "unit", "source"):
        if required not in entry:
            raise ParameterError(f"{path}: parameter {name!r} lacks required field {required!r}")
    if entry["type"] not in SCALAR_TYPES + LIST_TYPES:
        raise ParameterError(
            f"{path}: parameter {name!r} has type {entry['type']!r}; "
            f"expected one of {SCALAR_TYPES + LIST_TYPES}"
        )
    is_list = entry["type"] in LIST_TYPES
    for list_only in ("length", "min_length", "order"):
        if list_only in entry and not is_list:
            raise ParameterError(f"{path}: parameter {name!r}: {list_only!r} applies to list types only")
    if entry.get("order") is not None and entry["order"] not in ORDERS:
        raise ParameterError(f"{path}: parameter {name!r}: order must be one of {ORDERS}, "
                             f"got {entry['order']!r}")
    spec = ParameterSpec(
        name=name,
        default=entry["value"],
        type=entry["type"],
        unit=str(entry["unit"]),
        source=str(entry["source"]),
        description=str(entry.get("description", "")),
        min=entry.get("min"),
        max=entry.get("max"),
        min_inclusive=bool(entry.get("min_inclusive", True)),
        max_inclusive=bool(entry.get("max_inclusive", True)),
        choices=tuple(entry["choices"]) if "choices" in entry else None,
        min_length=int(entry.get("min_length", 1)),
        length=int(entry["length"]) if entry.get("length") is not None else None,
        order=entry.get("order"),
    )
    try:
        spec.validate(spec.default)
    except ParameterError as exc:
        raise ParameterError(f"{path}: the default value is invalid: {exc}") from None
    if "plausible" in entry:
        spec = _with_plausible(spec, entry, path)
    return spec


def _with_plausible(spec: ParameterSpec, entry: Mapping, path: str) -> ParameterSpec:
    """Check and attach ``plausible: [low, high]`` (with its ``plausible_reason``)."""
    where = f"{path}: parameter {spec.name!r}: plausible"
    bounds = entry["plausible"]
    if spec.type not in ("float", "int", "list[float]"):
        raise ParameterError(f"{where} applies to float, int and list[float] parameters only")
    if (not isinstance(bounds, list) or len(bounds) != 2
            or not all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds)):
        raise ParameterError(f"{where} must be a list [low, high] of two numbers, got {bounds!r}")
    if not str(entry.get("plausible_reason", "")).strip():
        raise ParameterError(f"{where} needs a plausible_reason saying where the range comes from")
    lo, hi = float(bounds[0]), float(bounds[1])
    centre = 1.0 if spec.type == "list[float]" else spec.default
    if not lo <= centre <= hi or lo == hi:
        raise ParameterError(f"{where} = {bounds!r} must satisfy low <= "
                             f"{'1 (the scale of the value)' if centre == 1.0 and spec.type == 'list[float]' else 'value'} <= high, low < high")
    spec = ParameterSpec(**{**spec.__dict__, "plausible": (lo, hi),
                            "plausible_reason": str(entry["plausible_reason"]).strip()})
    for end in spec.plausible_values():
        try:
            spec.validate(end)
        except ParameterError as exc:
            raise ParameterError(f"{where} reaches outside the valid range: {exc}") from None
    return spec


def load_parameter_specs(chapter: str) -> dict[str, ParameterSpec]:
    """Read and validate ``data/params/<chapter>.yaml`` (parsed once per file content: a
    sweep of thousands of parameter sets does not re-parse the YAML)."""
    path = data_dir() / "params" / f"{chapter}.yaml"
    if not path.exists():
        raise ParameterError(f"no parameter file for chapter {chapter!r} (looked for {path})")
    return dict(_read_specs(chapter, str(path), path.read_bytes()))


@functools.lru_cache(maxsize=32)
def _read_specs(chapter: str, path_text: str, content: bytes) -> dict[str, ParameterSpec]:
    path = Path(path_text)
    doc = yaml.load(content.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(doc, Mapping) or not isinstance(doc.get("parameters"), Mapping):
        raise ParameterError(f"{path}: expected a top-level 'parameters' mapping")
    if doc.get("chapter") != chapter:
        raise ParameterError(f"{path}: 'chapter' field is {doc.get('chapter')!r}, expected {chapter!r}")
    return {name: _spec_from_yaml(name, entry, str(path)) for name, entry in doc["parameters"].items()}


class ParameterTable(WrappingFrame):
    """A chapter's parameter table: in HTML a closed "Inputs and assumptions" block (the
    chapter's narrative says what matters; the reader opens it for values, units, ranges and
    sources); inside, the source comes right after value and unit and names wrap."""

    html_first = ("value", "unit", "source")
    html_min_widths = {"source": "14rem"}

    def _repr_html_(self) -> str:
        from .tables import collapsed_html

        overridden = int((self["overridden"] == "yes").sum()) if "overridden" in self else 0
        assumed = int(self["source"].str.lower().str.startswith(("assumption", "calibrat")).sum()) \
            if "source" in self else 0
        summary = (f"Inputs and assumptions: {len(self)} parameters"
                   + (f", {assumed} of them our assumptions" if assumed else "")
                   + (f", {overridden} overridden in this run" if overridden else "")
                   + " (click to show values, units, valid ranges and sources)")
        return collapsed_html(summary, super()._repr_html_())


class ParameterSet(Mapping):
    """Validated parameter values of one chapter (read-only mapping, attribute access)."""

    def __init__(self, chapter: str, specs: dict[str, ParameterSpec], values: dict[str, Any],
                 overridden: tuple[str, ...]):
        self.chapter = chapter
        self.specs = specs
        self._values = values
        self.overridden = overridden

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"chapter {self.chapter!r} has no parameter {name!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    @property
    def is_paper_baseline(self) -> bool:
        """True when every value is the paper's (no override changed anything)."""
        return not self.overridden

    def table(self) -> pd.DataFrame:
        """Parameters with value (as printed text), unit, valid range and source;
        overridden values are flagged."""
        rows = []
        for name, spec in self.specs.items():
            rows.append({
                "parameter": name,
                "value": format_value(self._values[name]),
                "unit": spec.unit,
                "valid range": spec.constraints(),
                "source": spec.source,
                "overridden": "yes" if name in self.overridden else "",
            })
        # (the 'overridden' column is left out of the HTML when it is all blank)
        return ParameterTable(pd.DataFrame(rows).set_index("parameter"))


def format_value(value: Any) -> str:
    """A parameter value as a reader would type it: ``0.711``, ``150``, ``[0.3, 0.5]``."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


def load_parameters(chapter: str, overrides: Mapping[str, Any] | None = None) -> ParameterSet:
    """Load a chapter's parameters and apply validated ``overrides``.

    Raises ParameterError naming any unknown parameter, or any value of the wrong
    type or outside its valid range.
    """
    specs = load_parameter_specs(chapter)
    overrides = dict(overrides or {})
    unknown = sorted(set(overrides) - set(specs))
    if unknown:
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, list(specs), n=3, cutoff=0.6)
            if close:
                hints.append(f"for {name!r} did you mean " + ", ".join(repr(c) for c in close) + "?")
        hint = "; ".join(hints) if hints else f"see `python -m ev_compendium params {chapter}`"
        raise ParameterError(f"unknown parameter(s) {unknown} for chapter {chapter!r}; {hint}")
    values = {name: spec.validate(spec.default) for name, spec in specs.items()}
    changed = []
    for name, raw in overrides.items():
        value = specs[name].validate(raw)
        if value != values[name]:
            changed.append(name)
        values[name] = value
    return ParameterSet(chapter, specs, values, tuple(changed))


class _Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 numbers: ``1e-3`` and ``1.5e3`` are floats
    (YAML 1.1, PyYAML's default, reads them as strings)."""


_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
                    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
                    |\.[0-9_]+(?:[eE][-+][0-9]+)?
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""", re.X),
    list("-+0123456789."))


def parse_value(raw: str) -> Any:
    """A value as typed on the command line, read as YAML 1.2 (``0.5``, ``1e-3``,
    ``[0.3, 0.4]``, ``air``, ``true``)."""
    return yaml.load(raw, Loader=_Yaml12Loader)  # noqa: S506 (a SafeLoader subclass)


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse a command-line ``name=value`` (value read as YAML 1.2, see :func:`parse_value`)."""
    if "=" not in text:
        raise ParameterError(f"expected name=value, got {text!r}")
    name, raw = text.split("=", 1)
    name = name.strip()
    if not name:
        raise ParameterError(f"missing parameter name in {text!r}")
    try:
        value = parse_value(raw)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise ParameterError(f"cannot read the value of {name!r}: {raw!r} ({problem})") from None
    return name, value


def parse_assignments(texts: list[str]) -> dict[str, Any]:
    """Parse repeated ``--set name=value``; naming one parameter twice is an error."""
    overrides: dict[str, Any] = {}
    for text in texts:
        name, value = parse_assignment(text)
        if name in overrides:
            raise ParameterError(f"parameter {name!r} is set more than once "
                                 f"({format_value(overrides[name])} and {format_value(value)})")
        overrides[name] = value
    return overrides
