"""Command line: bad parameters and unknown chapters give clear errors before any kernel starts."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest
import yaml

from ev_compendium.cli import main
from ev_compendium.params import ParameterError, load_parameters, parse_assignment
from ev_compendium.paths import REPO_ROOT


def test_list_shows_every_chapter(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for chapter_id in ("ch000", "ch001", "ch002", "ch003", "ch004"):
        assert chapter_id in out


def test_params_prints_the_table(capsys):
    assert main(["params", "ch003"]) == 0
    assert "valid range" in capsys.readouterr().out


@pytest.mark.parametrize("argv, fragment", [
    (["run", "ch002", "--set", "no_such_parameter=1"], "unknown parameter(s) ['no_such_parameter']"),
    (["run", "ch002", "--set", "novalue"], "expected name=value"),
    (["run", "ch999"], "unknown chapter 'ch999'"),
    (["params", "ch999"], "unknown chapter 'ch999'"),
])
def test_bad_run_arguments_exit_2_with_message(capsys, tmp_path, argv, fragment):
    assert main([*argv, "--output-dir", str(tmp_path)] if argv[0] == "run" else argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and fragment in err
    assert not list(tmp_path.iterdir()), "nothing may be written for a rejected run"


# One row per way a reader can get a chapter's parameters wrong; each must stop the run
# (exit 2, nothing written) with a message naming the parameter and what is allowed.
BAD_OVERRIDES = [
    ("ch000", "no_such_knob=1", "unknown parameter(s) ['no_such_knob']"),
    ("ch000", "grid_factor_saic_kg_per_kwh=-0.2", "parameter 'grid_factor_saic_kg_per_kwh' = -0.2"),
    ("ch000", "combination=geometric", "parameter 'combination' = 'geometric' is not allowed"),
    ("ch001", "v2g_roundtrip_efficiency=1.5",
     "'v2g_roundtrip_efficiency' = 1.5 is out of range: valid range is (0, 1]"),
    ("ch001", "fleet_grid_factor_kg_per_kwh=[0.5, 0.5]", "needs exactly 8 element(s), got 2"),
    ("ch002", "priority_weight_ease=9", "'priority_weight_ease' = 9.0"),
    ("ch002", "symbol_scores=[3, 2, 1]", "'symbol_scores' must be strictly increasing"),
    ("ch003", "sc_power_density_bus_kw_per_kg=-5", "'sc_power_density_bus_kw_per_kg' = -5.0"),
    ("ch003", "ev_al_ion_life_cycles=0", "'ev_al_ion_life_cycles' = 0"),
    ("ch004", "delta=2", "'delta' = 2.0"),
    ("ch004", "nope=1", "unknown parameter(s) ['nope']"),
]


@pytest.mark.parametrize("chapter_id, assignment, fragment", BAD_OVERRIDES)
def test_bad_chapter_override_exits_2(rejected_override, chapter_id, assignment, fragment):
    assert fragment in rejected_override(chapter_id, assignment)


def test_out_of_range_value_names_parameter_and_range(capsys, tmp_path):
    from ev_compendium.params import load_parameter_specs

    name, spec = next((n, s) for n, s in load_parameter_specs("ch003").items()
                      if s.type == "float" and s.max is not None)
    assert main(["run", "ch003", "--set", f"{name}={spec.max + 1e6}", "--output-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"parameter '{name}'" in err and "valid range is" in err


def test_module_entry_point_exit_code():
    result = subprocess.run([sys.executable, "-m", "ev_compendium", "run", "ch001", "--set", "bogus=1"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "unknown parameter(s) ['bogus']" in result.stderr


def test_ctrl_c_while_the_modules_load_is_one_line():
    """A KeyboardInterrupt raised while ``python -m ev_compendium`` imports the command line
    (here from a stand-in module, so the moment is not left to chance) gives exit 130 and one
    line, no traceback."""
    code = ("import runpy, sys, types\n"
            "class Interrupting(types.ModuleType):\n"
            "    def __getattr__(self, name):\n"
            "        raise KeyboardInterrupt\n"
            "sys.modules['ev_compendium.cli'] = Interrupting('ev_compendium.cli')\n"
            "runpy.run_module('ev_compendium', run_name='__main__')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 130 and result.stderr == "interrupted\n", result.stderr


# --- the documentation's examples must be real ------------------------------------------

DOCUMENTED = [REPO_ROOT / "README.md", REPO_ROOT / "book" / "how-to-use.md"] + sorted(
    (REPO_ROOT / "book").glob("ch00*.md"))


def _documented_overrides():
    """(file, chapter, name, value) for every documented override example: each
    ``--set name=value`` on a line that says ``run chNNN`` (README, guide) or anywhere in a
    chapter (its own parameters), and each ``overrides = {"name": value}`` in chapter NNN."""
    found = []
    for path in DOCUMENTED:
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            run = re.search(r"run (ch\d{3})", line)
            chapter = run.group(1) if run else (path.name[:5] if path.name.startswith("ch") else None)
            if chapter is None:
                continue
            for segment in re.findall(r"--set\s[^`\n]+", line):  # up to the closing backtick
                tokens = shlex.split(segment)
                for flag, assignment in zip(tokens, tokens[1:]):
                    if flag != "--set":
                        continue
                    name, value = parse_assignment(assignment)
                    if not name.startswith("<"):  # skip the README's `--set <name>=<value>`
                        found.append((path.name, chapter, name, value))
        for match in re.finditer(r"overrides = (\{\"[a-z0-9_]+\":[^}]*\})` in chapter (\d{3})", text):
            for name, value in yaml.safe_load(match.group(1)).items():
                found.append((path.name, "ch" + match.group(2), name, value))
    return found


def test_documented_override_examples_are_valid():
    """Every example a reader may copy names a real parameter with an allowed value."""
    found = _documented_overrides()
    assert len(found) >= 8, found  # the guide and the chapters do show examples
    for where, chapter, name, value in found:
        try:
            load_parameters(chapter, {name: value})
        except ParameterError as exc:
            pytest.fail(f"{where}: the example --set {name}={value!r} for {chapter} is rejected: {exc}")


def test_documented_error_message_is_the_real_one(capsys, tmp_path):
    text = (REPO_ROOT / "book" / "how-to-use.md").read_text(encoding="utf-8")
    match = re.search(r"`--set (\S+)` in chapter (\d{3}) gives\s*```text\n(error: [^\n]+)\n```", text)
    assert match, "how-to-use.md lost its example error message"
    assignment, chapter, message = match.groups()
    assert main(["run", "ch" + chapter, "--set", assignment, "--output-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == message


# --- check: a chapter's verdicts without a kernel ----------------------------------------

def test_check_prints_verdicts_and_exits_0_when_all_hold(capsys):
    assert main(["check", "ch002"]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1].startswith("ch002 (paper's parameters): ")
    assert "no longer hold" not in out and " FAIL" not in out
    from ev_compendium.claims import load_claims

    registry = load_claims("ch002")
    computed = registry.index[registry["status"].isin(["reproduced", "discrepancy"])]
    assert all(claim_id in out for claim_id in computed)  # one line per computed claim


def test_check_exits_1_and_names_claims_that_no_longer_hold(capsys):
    assert main(["check", "ch002", "--set", "impact_gap_level=2"]) == 1
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("ch002 (impact_gap_level=2): ") and " no longer hold: ch002." in last


def test_check_refuses_bad_parameters_with_exit_2(capsys):
    assert main(["check", "ch002", "--set", "impact_gap_level=7"]) == 2
    assert "'impact_gap_level' = 7" in capsys.readouterr().err


def test_documented_python_example_runs():
    """The plain-Python example of the how-to page runs as printed."""
    text = (REPO_ROOT / "book" / "how-to-use.md").read_text(encoding="utf-8")
    section = text.split("## Asking a chapter what it concludes", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)
    namespace: dict = {}
    exec(compile(code, "how-to-use.md", "exec"), namespace)  # noqa: S102 - our own documentation
    assert namespace["values"]["ch004.ss.goodwill.C_vs_D"] > 0
    assert list(namespace["P"]["v2g_price_gaps_yuan_per_kwh"]) == [0.4, 0.9]


def test_verdict_line_counts_published_claims_and_both_directions_of_change():
    """ch004 at p=10: a documented discrepancy (the baseline lies below Corollary 4's
    threshold) now agrees with the paper, while reproduced claims stop holding."""
    from ev_compendium import load_chapter
    from ev_compendium.runs import verdict

    ch = load_chapter("ch004")
    base = verdict(ch, ch.parameters({}))
    assert not base.changed and not base.no_longer_hold and not base.now_hold
    registry = __import__("ev_compendium.claims", fromlist=["load_claims"]).load_claims("ch004")
    computed = registry[registry["status"].isin(["reproduced", "discrepancy"])]
    assert len(base.holds) == int((computed["status"] == "reproduced").sum())
    moved = verdict(ch, ch.parameters({"p": 10}))
    assert "ch004.cor4.baseline_above_threshold" in moved.now_hold
    assert moved.no_longer_hold and set(moved.no_longer_hold) <= set(moved.changed)
    line = moved.line("ch004", ch.parameters({"p": 10}))
    assert line.startswith(f"ch004 (p=10): {len(moved.holds)} of {len(computed)} published claims hold; ")
    assert " now hold: " in line and " no longer hold: " in line
