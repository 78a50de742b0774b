"""Mutation testing with mutmut: does a test fail when a number (or a rule) in the code is wrong?

    .venv/bin/python mutation/run.py TARGET [TARGET ...]     # or: all
    .venv/bin/python mutation/run.py --list                  # the targets
    .venv/bin/python mutation/run.py --collect all           # check the setup only (fast)
    .venv/bin/python mutation/run.py ch004 --mutants NAME ...  # re-check named mutants only

Slow (minutes to an hour per target), so never run in CI. Each target (see ``TARGETS``) names
the source files to mutate and the fast tests that exercise them. For each target the script

1. copies the working tree (without .venv, _build, .git, ...) to a scratch folder, so targets
   never clobber each other or the working tree and other edits can go on meanwhile;
2. writes a ``setup.cfg`` ``[mutmut]`` section for that target there: mutate only the
   target's files, run only its tests, with the repository's pytest ``addopts`` (xdist, nbval)
   switched off and ``_pytest_select.py`` loaded (drops subprocess tests, makes hypothesis
   deterministic);
3. runs ``mutmut run`` there, then ``mutmut results`` and ``mutmut show`` for every survivor;
4. writes ``mutation/results/<target>.txt``: the score, the counts, and every surviving mutant
   with its diff (survivors listed in ``mutation/EQUIVALENT.md`` are marked as such and leave
   the score's denominator), and prints one summary line.

The score is killed / (total - listed equivalent survivors); timeouts, suspicious mutants and
mutants no selected test reaches ("no tests") count as not killed and are shown separately.
"""

from __future__ import annotations

import argparse
import configparser
import fnmatch
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
EQUIVALENT = HERE / "EQUIVALENT.md"
PLUGIN = HERE / "_pytest_select.py"
MUTMUT = Path(sys.executable).parent / "mutmut"


@dataclass(frozen=True)
class Target:
    """What to mutate (globs relative to the repository, as mutmut's ``only_mutate``) and the
    test files (globs) that exercise it: fast unit tests only, no notebooks (nbval) and no
    subprocess runs, which mutmut cannot attribute to a mutant."""

    mutate: tuple[str, ...]
    tests: tuple[str, ...]
    #: globs left out of ``mutate`` (mutmut's ``do_not_mutate``): for the chapters, the
    #: presentation modules (``display.py``, ``figures.py``), whose output no number depends on
    skip: tuple[str, ...] = ()
    #: node-id fragments of slow tests left out of this target's mutation runs (they stay in
    #: the suite): sweeps that assert only that everything computes, at a cost that would make
    #: every surviving mutant re-run them
    deselect: tuple[str, ...] = ()


PKG = "src/ev_compendium"

#: the one table of targets
TARGETS: dict[str, Target] = {
    "params": Target((f"{PKG}/params.py", f"{PKG}/validate.py"),
                     ("tests/test_params.py", "tests/test_validate.py")),
    "claims": Target((f"{PKG}/claims.py", f"{PKG}/rounding.py"),
                     ("tests/test_claims.py", "tests/test_rounding.py")),
    "report": Target((f"{PKG}/report.py",), ("tests/test_report.py",)),
    **{name: Target((f"{PKG}/{package}/*",), (f"tests/test_{name}*.py",),
                    skip=(f"{PKG}/{package}/display.py", f"{PKG}/{package}/figures.py"))
       for name, package in (("ch000", "ch000_ecc"), ("ch001", "ch001_security"),
                             ("ch002", "ch002_circularity"), ("ch003", "ch003_dess"),
                             ("ch004", "ch004_game"))},
}
# ch001's framework.py only draws the paper's two framework diagrams (matplotlib, no number)
TARGETS["ch001"] = Target(TARGETS["ch001"].mutate, TARGETS["ch001"].tests,
                          TARGETS["ch001"].skip + (f"{PKG}/ch001_security/framework.py",))
# ch004's generated_equilibria.py is sympy's output, committed; tests/test_ch004_codegen.py
# regenerates it and compares the whole text, so a change in it is caught without mutating it
TARGETS["ch004"] = Target(TARGETS["ch004"].mutate, TARGETS["ch004"].tests,
                          TARGETS["ch004"].skip + (f"{PKG}/ch004_game/generated_equilibria.py",))
# ch003's sweep of every parameter to both ends of its range (82 tests) asserts only that the
# chapter computes finite values there, and took 12.5 of the 17.9 s that every surviving
# mutant re-runs (70 %); run 3 (audit, checks, data, what-ifs, results) leaves it out
TARGETS["ch003"] = Target(TARGETS["ch003"].mutate, TARGETS["ch003"].tests, TARGETS["ch003"].skip,
                          deselect=("test_every_parameter_at_both_ends_of_its_range",))

#: pytest options for every mutation run: the repository's addopts (-n auto for xdist, nbval
#: over book/) are replaced by nothing; the selection plugin is loaded.
PYTEST_ARGS = ("-o", "addopts=", "-p", "no:xdist", "-p", "no:nbval", "-p", "no:cacheprovider",
               "-p", "_pytest_select")
#: besides src/ and tests/ (copied by mutmut itself), what the tests read
ALSO_COPY = ("data", "book", "_config.yml", "_toc.yml", "_pytest_select.py", "_mutation_deselect.txt")
#: never copied to the scratch folder
SKIP_DIRS = {".venv", "_build", ".git", "mutants", ".hypothesis", "runs", "robustness",
             "__pycache__", ".pytest_cache", ".ipynb_checkpoints", ".jupyter_cache"}
STATUSES = ("killed", "survived", "timeout", "suspicious", "no tests")


def _ignore(folder: str, names: list[str]) -> set[str]:
    rel = Path(folder).resolve().relative_to(REPO)
    skipped = {n for n in names if n in SKIP_DIRS or n.endswith(".egg-info")}
    if rel == Path("mutation"):
        skipped.add("results")
    return skipped


def scratch_copy(target: str) -> Path:
    """A copy of the working tree in a fresh temporary folder."""
    root = Path(tempfile.mkdtemp(prefix=f"ev-mutmut-{target}-")) / "repo"
    shutil.copytree(REPO, root, ignore=_ignore, symlinks=False)
    shutil.copy2(PLUGIN, root / PLUGIN.name)
    return root


def expand(root: Path, patterns: tuple[str, ...], what: str) -> list[str]:
    """Expand globs against the scratch copy; a pattern that matches nothing is an error."""
    found: list[str] = []
    for pattern in patterns:
        matches = sorted(str(Path(p).relative_to(root)) for p in glob.glob(str(root / pattern)))
        matches = [m for m in matches if m.endswith(".py")]
        if not matches:
            raise SystemExit(f"{what} pattern {pattern!r} matches no Python file")
        found += [m for m in matches if m not in found]
    return found


def write_config(root: Path, target: Target, tests: list[str]) -> None:
    """The target's ``[mutmut]`` section (pyproject.toml has none, so mutmut reads setup.cfg)."""
    def lines(values) -> str:
        return "\n" + "\n".join(values)

    (root / "_mutation_deselect.txt").write_text("".join(f"{f}\n" for f in target.deselect))
    cfg = configparser.ConfigParser(interpolation=None)
    cfg["mutmut"] = {
        "source_paths": "src",
        "only_mutate": lines(target.mutate),
        **({"do_not_mutate": lines(target.skip)} if target.skip else {}),
        "pytest_add_cli_args_test_selection": lines(tests),
        "pytest_add_cli_args": lines(PYTEST_ARGS),
        "also_copy": lines(p for p in ALSO_COPY if (root / p).exists()),
        "use_git_change_detection": "false",
    }
    with (root / "setup.cfg").open("w") as fh:
        cfg.write(fh)


def mutmut(root: Path, *args: str, log: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("EV_COMPENDIUM_DATA", "PYTHONPATH", "PYTEST_ADDOPTS")}
    env.update(MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    if log is None:
        return subprocess.run([str(MUTMUT), *args], cwd=root, env=env, capture_output=True,
                              text=True)
    with log.open("w") as fh:
        return subprocess.run([str(MUTMUT), *args], cwd=root, env=env, stdout=fh,
                              stderr=subprocess.STDOUT, text=True)


#: prints ``mutmut show``'s diff of every mutant named on stdin, in one process (one
#: ``mutmut show`` per mutant would start mutmut a hundred times)
_SHOW = """
import sys
from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant
for name in sys.stdin.read().split():
    print("@@@MUTANT " + name)
    print(get_diff_for_mutant(name, path=find_mutant(name).path))
"""


def diffs(root: Path, names: list[str]) -> dict[str, str]:
    """``{mutant name: unified diff}``, as ``mutmut show`` prints them."""
    if not names:
        return {}
    proc = subprocess.run([sys.executable, "-c", _SHOW], cwd=root, input="\n".join(names),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"mutmut show failed:\n{proc.stderr[-3000:]}")
    found: dict[str, str] = {}
    for chunk in proc.stdout.split("@@@MUTANT ")[1:]:
        name, _, diff = chunk.partition("\n")
        found[name.strip()] = diff.rstrip()
    return found


def equivalents() -> dict[str, dict[str, str]]:
    """``{target: {mutant name: reason}}`` from the table in EQUIVALENT.md."""
    listed: dict[str, dict[str, str]] = {}
    if not EQUIVALENT.exists():
        return listed
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.lstrip().startswith("|") or len(cells) < 3 or cells[0] in ("target", "") \
                or set(cells[0]) <= set("-: "):
            continue
        listed.setdefault(cells[0], {})[cells[1].strip("`")] = cells[2]
    return listed


def run_target(name: str, max_children: int | None, keep: bool,
               only: tuple[str, ...] = (), mutants: tuple[str, ...] = ()) -> str:
    target = TARGETS[name]
    if only:  # a narrower run of this target (e.g. its model modules only, to fit a time box)
        target = Target(only, target.tests, target.skip, target.deselect)
    start = time.monotonic()
    root, tests = _run_mutmut(name, target, max_children, mutants)
    if mutants:
        return recheck(name, root, target, tests, start, keep, mutants)
    return write_results(name, root, target, tests, start, time.monotonic() - start, keep)


def _run_mutmut(name: str, target: Target, max_children: int | None,
                mutants: tuple[str, ...]) -> tuple[Path, list[str]]:
    """Copy the tree, configure the target and run ``mutmut run`` (all mutants, or only
    ``mutants``); returns the scratch root and the selected test files."""
    root = scratch_copy(name)
    tests = expand(root, target.tests, "test")
    expand(root, target.mutate, "source")
    write_config(root, target, tests)
    log = root.parent / "mutmut-run.log"
    args = ["run", *mutants] + ([f"--max-children={max_children}"] if max_children else [])
    proc = mutmut(root, *args, log=log)
    if proc.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").replace("\r", "\n").splitlines()[-40:])
        raise SystemExit(f"{name}: mutmut run failed (exit {proc.returncode}); scratch kept in "
                         f"{root.parent}\n{tail}")
    return root, tests


def _statuses(name: str, root: Path) -> dict[str, str]:
    """``{mutant name: status}`` as ``mutmut results --all true`` reports them."""
    results = mutmut(root, "results", "--all", "true")
    statuses: dict[str, str] = {}
    for line in results.stdout.splitlines():
        match = re.match(r"^\s+(\S+): (.+)$", line)
        if match:
            statuses[match.group(1)] = match.group(2).strip()
    if not statuses:
        raise SystemExit(f"{name}: no mutants reported\n{results.stdout}\n{results.stderr}")
    return statuses


def _tests_line(target: Target, tests: list[str]) -> str:
    return (f"tests: {' '.join(tests)}"
            + (f" (not: {', '.join(target.deselect)})" if target.deselect else ""))


def _not_killed_lines(not_killed: list[str], statuses: dict[str, str], equivalent: list[str],
                      listed: dict[str, str], shown: dict[str, str]) -> list[str]:
    """One section per mutant not killed: its status, why it is equivalent if listed, its diff."""
    out = []
    for key in not_killed:
        note = f"  [listed equivalent: {listed[key]}]" if key in equivalent else ""
        out += [f"### {key}: {statuses[key]}{note}", shown.get(key, "(no diff)"), ""]
    return out


def _write_report(filename: str, lines: list[str], name: str, root: Path, keep: bool) -> None:
    """Write ``results/<filename>``, then remove the scratch copy (or say where it is kept)."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / filename).write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    if keep:
        print(f"{name}: scratch kept in {root.parent}")
    else:
        shutil.rmtree(root.parent, ignore_errors=True)


def write_results(name: str, root: Path, target: Target, tests: list[str], start: float,
                  run_seconds: float, keep: bool) -> str:
    """Read the finished run's statuses in ``root`` and write ``results/<name>.txt``."""
    statuses = _statuses(name, root)

    listed = equivalents().get(name, {})
    counts = {s: sum(1 for v in statuses.values() if v == s) for s in STATUSES}
    other = len(statuses) - sum(counts.values())
    not_killed = sorted(k for k, v in statuses.items() if v != "killed")
    equivalent = [k for k in not_killed if statuses[k] == "survived" and k in listed]
    stale = sorted(k for k in listed if statuses.get(k) != "survived")
    denominator = len(statuses) - len(equivalent)
    score = 100.0 * counts["killed"] / denominator if denominator else 0.0
    shown = diffs(root, not_killed)
    seconds = time.monotonic() - start

    out = [
        f"# Mutation testing: target {name!r}",
        f"mutated: {', '.join(target.mutate)}"
        + (f" (except {', '.join(target.skip)})" if target.skip else ""),
        _tests_line(target, tests),
        f"run: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, mutmut {_version()}, "
        f"wall time {seconds:.0f} s (copy + mutmut run {run_seconds:.0f} s)",
        "",
        f"score: {counts['killed']} killed / {denominator} = {score:.1f} % "
        f"(total {len(statuses)} mutants, minus {len(equivalent)} listed equivalent)",
        "counts: " + ", ".join(f"{s} {counts[s]}" for s in STATUSES)
        + (f", other {other}" if other else "")
        + f"; of the survivors, listed equivalent {len(equivalent)}",
    ]
    if stale:
        out.append("STALE entries in EQUIVALENT.md (no longer surviving or no longer generated): "
                   + ", ".join(stale))
    out += ["", f"## Mutants not killed ({len(not_killed)})", ""]
    out += _not_killed_lines(not_killed, statuses, equivalent, listed, shown)
    _write_report(f"{name}.txt", out, name, root, keep)
    return (f"{name}: {counts['killed']}/{denominator} killed ({score:.1f} %), "
            f"survived {counts['survived']} ({len(equivalent)} listed equivalent), "
            f"timeout {counts['timeout']}, suspicious {counts['suspicious']}, "
            f"no tests {counts['no tests']}" + (f", other {other}" if other else "")
            + f"; {seconds:.0f} s" + (f"; STALE equivalents: {', '.join(stale)}" if stale else ""))


def recheck(name: str, root: Path, target: Target, tests: list[str], start: float, keep: bool,
            mutants: tuple[str, ...]) -> str:
    """After ``mutmut run <mutants>`` (names or fnmatch patterns, as mutmut takes them; e.g.
    the survivors of the last run, after new tests were written), write
    ``results/<target>.recheck.txt``: each one's status, the diff of those still not killed.
    The target's full results file is left as it is (fold the outcome into it by hand, saying
    so in its header)."""
    statuses = _statuses(name, root)
    missing = [m for m in mutants if not fnmatch.filter(statuses, m)]
    if missing:
        raise SystemExit(f"{name}: no such mutant(s) in this run: {', '.join(missing)}")
    mutants = tuple(dict.fromkeys(n for m in mutants for n in sorted(fnmatch.filter(statuses, m))))
    listed = equivalents().get(name, {})
    not_killed = [m for m in mutants if statuses[m] != "killed"]
    shown = diffs(root, not_killed)
    killed = len(mutants) - len(not_killed)
    equivalent = [m for m in not_killed if statuses[m] == "survived" and m in listed]
    seconds = time.monotonic() - start
    out = [f"# Mutation testing: target {name!r}, re-check of {len(mutants)} named mutant(s)",
           f"mutated: {', '.join(target.mutate)}",
           _tests_line(target, tests),
           f"run: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, mutmut {_version()}, "
           f"wall time {seconds:.0f} s",
           "",
           f"killed {killed} of {len(mutants)}; not killed {len(not_killed)} "
           f"(listed equivalent {len(equivalent)})",
           "", "## Statuses", ""]
    out += [f"- {m}: {statuses[m]}" + ("  [listed equivalent]" if m in equivalent else "")
            for m in mutants]
    out += ["", f"## Not killed ({len(not_killed)})", ""]
    out += _not_killed_lines(not_killed, statuses, equivalent, listed, shown)
    _write_report(f"{name}.recheck.txt", out, name, root, keep)
    return (f"{name}: re-check: {killed}/{len(mutants)} killed, {len(equivalent)} listed equivalent, "
            f"{len(not_killed) - len(equivalent)} other not killed; {seconds:.0f} s")


def collect(name: str) -> str:
    """Check a target's setup without mutating: the scratch copy, its config, and the tests
    pytest would run there (collected, deselected) with the mutation run's options."""
    target = TARGETS[name]
    root = scratch_copy(name)
    try:
        tests = expand(root, target.tests, "test")
        sources = expand(root, target.mutate, "source")
        write_config(root, target, tests)
        env = {k: v for k, v in os.environ.items() if k not in ("EV_COMPENDIUM_DATA", "PYTEST_ADDOPTS")}
        env.update(PYTHONPATH=f"{root / 'src'}{os.pathsep}{root}", MPLBACKEND="Agg")
        proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", *PYTEST_ARGS,
                               *tests], cwd=root, env=env, capture_output=True, text=True)
        last = (proc.stdout.strip().splitlines() or ["(no output)"])[-1]
        if proc.returncode != 0:
            raise SystemExit(f"{name}: collection failed (exit {proc.returncode}):\n"
                             f"{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}")
        return f"{name}: {len(sources)} source file(s), {len(tests)} test file(s): {last}"
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


def _version() -> str:
    from importlib.metadata import version

    return version("mutmut")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help=f"'all' or any of {', '.join(TARGETS)}")
    parser.add_argument("--list", action="store_true", help="list the targets and exit")
    parser.add_argument("--max-children", type=int, default=None,
                        help="parallel mutant workers (mutmut's default: the CPU count)")
    parser.add_argument("--keep", action="store_true", help="keep each scratch folder")
    parser.add_argument("--only", action="append", default=[], metavar="GLOB",
                        help="mutate only these files (repeatable; replaces the target's "
                             "'mutate' for this run, its skip list still applies)")
    parser.add_argument("--mutants", nargs="+", default=[], metavar="NAME",
                        help="re-check only these mutants (one target; writes "
                             "results/<target>.recheck.txt, leaves results/<target>.txt alone)")
    parser.add_argument("--collect", action="store_true",
                        help="only check each target's setup: the tests it would run (fast)")
    args = parser.parse_args(argv)
    if args.list or not args.targets:
        for name, target in TARGETS.items():
            skip = f" (not {' '.join(target.skip)})" if target.skip else ""
            print(f"{name:7s} mutate {' '.join(target.mutate)}{skip}  |  tests {' '.join(target.tests)}")
        return 0
    names = list(TARGETS) if args.targets == ["all"] else args.targets
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {unknown}; valid: all, {', '.join(TARGETS)}")
    if args.mutants and len(names) != 1:
        parser.error("--mutants needs exactly one target")
    summaries = []
    for name in names:
        summaries.append(collect(name) if args.collect else
                         run_target(name, args.max_children, args.keep, tuple(args.only),
                                    tuple(args.mutants)))
        print(summaries[-1], flush=True)
    if len(summaries) > 1:
        print("\n".join(["", "summary:", *summaries]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
