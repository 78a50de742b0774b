"""Command line: bad parameters and unknown chapters give clear errors before any kernel starts."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ev_compendium.cli import main


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
