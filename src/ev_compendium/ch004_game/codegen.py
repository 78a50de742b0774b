"""Generated numeric code for the closed forms of :mod:`.derivation`, cached on disk.

Deriving the four games with sympy and generating code takes seconds; evaluating the
generated code takes microseconds. So the derivation runs once, the numeric code is written
as one plain Python module (no sympy needed to run it), and later processes load that file:

* per scenario ``scenario_C(pi_m, ..., D0) -> dict``, the equilibrium (:data:`QUANTITIES`),
  and ``sensitivities_C(...)``, the total derivatives of :data:`DERIVATIVES` (chain rule
  through the value slopes) and, for S and S_printed, Corollary 4's price threshold and the
  slope of the cooperation condition in p (split so that grids skip the derivatives);
* common subexpressions eliminated in two stages (slopes first, then everything that uses
  them), so no closed form is expanded into the parameters;
* ``FACTS``: the parameter-free symbolic statements of :func:`.derivation.symbolic_facts`;
* ``LATEX``: the closed forms the chapter page shows (:func:`.derivation.displayed_latex`), so
  that the page displays the derivation without running it.

The code is keyed by a hash of the source of :mod:`.model`, :mod:`.derivation` and this
module plus the sympy version, so any change of the derivation regenerates it. It is looked
up, in order, in

1. ``generated_equilibria.py`` next to this module: committed, so that a fresh clone (and a
   clean build) does not spend seconds of sympy on every checkout; used only when the hash on
   its first line is the current one (``tests/test_ch004_codegen.py`` regenerates it and
   checks that it is exactly what the derivation gives; ``python -m ev_compendium refresh
   ch004`` rewrites it after a change of the derivation);
2. ``<repo>/_build/cache/`` (never committed), else the user cache
   (``$XDG_CACHE_HOME/ev_compendium``), named by the hash; else it is generated, written
   there (atomically) and kept in memory.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..paths import REPO_ROOT
from .model import PARAMETER_NAMES

SCENARIOS = ("C", "D", "S", "I", "S_printed")
QUANTITIES = ("u", "g", "gamma", "eps", "m1", "m2", "r1", "r2", "decay", "E_ss")
#: (quantity, parameter) pairs whose total derivative is generated, key ``d<q>_d<x>``.
DERIVATIVES = tuple((q, x) for q in ("u", "g", "E_ss") for x in ("p", "alpha", "pi_c", "pi_U"))
THRESHOLD_KEYS = ("p_threshold", "p_threshold_slope")
_SOURCES = ("model.py", "derivation.py", "codegen.py")


def derivative_key(quantity: str, parameter: str) -> str:
    """``"du_dp"`` for the derivative of ``u`` in ``p``."""
    return f"d{quantity}_d{parameter}"


def source_hash() -> str:
    """Hash of everything the generated code depends on."""
    import importlib.metadata

    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _SOURCES:
        digest.update((here / name).read_bytes())
    digest.update(importlib.metadata.version("sympy").encode())
    return digest.hexdigest()[:20]


def default_cache_dirs() -> list[Path]:
    """Candidate cache folders, in order of preference."""
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return [REPO_ROOT / "_build" / "cache", Path(xdg) / "ev_compendium"]


def _function(name: str, printer: Any, stage1: dict, outputs: dict, prefix: str) -> list[str]:
    """Source lines of ``def name(<parameters>)``: ``stage1`` (symbol -> expression in the
    parameters) assigned first, then ``outputs`` (key -> expression that may use the stage-1
    symbols), each stage with its common subexpressions eliminated."""
    import sympy as sp

    lines = [f"def {name}({', '.join(PARAMETER_NAMES)}):"]
    if stage1:
        repl1, red1 = sp.cse(list(stage1.values()), symbols=sp.numbered_symbols(f"_{prefix}a"))
        lines += [f"    {sym} = {printer.doprint(expr)}" for sym, expr in repl1]
        lines += [f"    {sym} = {printer.doprint(expr)}" for sym, expr in zip(stage1, red1)]
    repl2, red2 = sp.cse(list(outputs.values()), symbols=sp.numbered_symbols(f"_{prefix}b"))
    lines += [f"    {sym} = {printer.doprint(expr)}" for sym, expr in repl2]
    lines.append("    return {")
    lines += [f"        {key!r}: {printer.doprint(expr)}," for key, expr in zip(outputs, red2)]
    return lines + ["    }", ""]


def generate_source() -> str:
    """Derive every scenario with sympy and return the numeric module's source text:
    per scenario ``scenario_<X>`` (the equilibrium), ``sensitivities_<X>`` (derivatives and,
    for S and S_printed, the cooperation threshold) and, for S and S_printed, ``gamma1_<X>``
    (the cost share alone, for sweeps that only ask whether the firms cooperate)."""
    import sympy as sp
    from sympy.printing.numpy import NumPyPrinter

    from . import derivation as dv

    printer = NumPyPrinter({"fully_qualified_modules": True})
    lines = ['"""Generated by ev_compendium.ch004_game.codegen from the sympy derivation; do not edit."""',
             "import numpy", ""]
    wrt = sorted({x for _, x in DERIVATIVES})
    for scenario in SCENARIOS:
        compact, slopes = dv.derive_compact(scenario)
        slope_syms = [s for s in (dv.A1C, dv.M1, dv.R1) if s in slopes]
        core = {s: slopes[s] for s in slope_syms}
        outputs = {q: sp.sympify(compact[q]) for q in QUANTITIES}
        lines += _function(f"scenario_{scenario}", printer, core, outputs, "")
        # sensitivities: total derivatives by the chain rule through the slopes
        with_derivatives = dict(core)
        for s in slope_syms:
            for x in wrt:
                with_derivatives[sp.Symbol(f"d_{s}_d_{x}")] = sp.diff(slopes[s], dv.SYM[x])
        sensitivities = {}
        for q, x in DERIVATIVES:
            expr = sp.diff(outputs[q], dv.SYM[x])
            for s in slope_syms:
                expr += sp.diff(outputs[q], s) * sp.Symbol(f"d_{s}_d_{x}")
            sensitivities[derivative_key(q, x)] = expr
        if scenario in ("S", "S_printed"):
            sensitivities["p_threshold"] = dv.cooperation_threshold_price(scenario)
            sensitivities["p_threshold_slope"] = dv.cooperation_threshold_slope(scenario)
            lines += _function(f"gamma1_{scenario}", printer, {},
                               {"gamma": dv.substitute_slopes(compact["gamma"], scenario)}, "g")
        lines += _function(f"sensitivities_{scenario}", printer, with_derivatives, sensitivities, "s")
    lines.append(f"FACTS = {dv.symbolic_facts()!r}")
    lines.append(f"LATEX = {dv.displayed_latex()!r}")
    return "\n".join(lines) + "\n"


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


COMMITTED = Path(__file__).with_name("generated_equilibria.py")
_HASH_LINE = "# source-hash: "


def committed_source(path: Path = COMMITTED) -> str | None:
    """The committed generated source if its hash line is the current hash, else None."""
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    return rest if first == _HASH_LINE + source_hash() else None


def write_committed(path: Path = COMMITTED) -> Path:
    """Regenerate the code and write it, under its hash line, to ``path``."""
    _write_atomically(path, f"{_HASH_LINE}{source_hash()}\n{generate_source()}")
    return path


def load_source(cache_dirs: list[Path] | None = None,
                committed: Path | None = COMMITTED) -> tuple[str, Path | None]:
    """The generated source: the committed file if it is current, else read from the first
    cache folder that has it, else generated and written to the first writable one.
    Returns ``(source, path or None)``."""
    if committed is not None:
        source = committed_source(committed)
        if source is not None:
            return source, committed
    name = f"ch004_equilibria_{source_hash()}.py"
    folders = default_cache_dirs() if cache_dirs is None else list(cache_dirs)
    for folder in folders:
        path = folder / name
        if path.is_file():
            return path.read_text(encoding="utf-8"), path
    source = generate_source()
    for folder in folders:
        try:
            _write_atomically(folder / name, source)
        except OSError:
            continue
        for stale in folder.glob("ch004_equilibria_*.py"):   # earlier derivations' code
            if stale.name != name:
                stale.unlink(missing_ok=True)
        return source, folder / name
    return source, None


@lru_cache(maxsize=1)
def compiled() -> dict[str, Any]:
    """The generated module's namespace (``scenario_C`` ..., ``FACTS``, ``LATEX``), once per process."""
    source, path = load_source()
    namespace: dict[str, Any] = {"__name__": "ch004_equilibria"}
    exec(compile(source, str(path or "<ch004 generated>"), "exec"), namespace)  # noqa: S102
    return namespace


def scenario_function(scenario: str, sensitivities: bool = False) -> Callable[..., dict[str, Any]]:
    """The generated equilibrium of one scenario (positional arguments: PARAMETER_NAMES), or
    with ``sensitivities`` its derivatives (:data:`DERIVATIVES`) and price threshold."""
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS}, got {scenario!r}")
    return compiled()[f"{'sensitivities' if sensitivities else 'scenario'}_{scenario}"]


def gamma1_function(scenario: str) -> Callable[..., Any]:
    """The generated cost share gamma1 alone, for ``"S"`` or ``"S_printed"``."""
    if scenario not in ("S", "S_printed"):
        raise ValueError(f"scenario must be 'S' or 'S_printed', got {scenario!r}")
    return lambda *args: compiled()[f"gamma1_{scenario}"](*args)["gamma"]


def symbolic_facts() -> dict[str, bool]:
    """The parameter-free statements settled symbolically, without importing sympy."""
    return dict(compiled()["FACTS"])


__all__ = ["DERIVATIVES", "QUANTITIES", "SCENARIOS", "compiled", "derivative_key", "gamma1_function",
           "generate_source", "load_source", "scenario_function", "source_hash", "symbolic_facts"]
