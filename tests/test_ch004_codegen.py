"""ch004's committed generated code: current, exactly what the derivation gives, used first.

The closed forms of the four games are derived with sympy and turned into plain numeric code
(:mod:`ev_compendium.ch004_game.codegen`). That code is committed so that a fresh clone never
pays for the derivation; these tests make sure the committed file can never silently differ
from the derivation it claims to come from.
"""

from __future__ import annotations

import pytest

from ev_compendium.ch004_game import codegen, refresh_generated


def test_committed_code_is_exactly_what_the_derivation_generates():
    """Regenerates from sympy (seconds) and compares the whole text, under the current hash."""
    first_line = codegen.COMMITTED.read_text(encoding="utf-8").partition("\n")[0]
    assert first_line == f"# source-hash: {codegen.source_hash()}", (
        "the derivation changed: run `python -m ev_compendium refresh ch004`")
    assert codegen.committed_source() == codegen.generate_source()


def test_current_committed_code_is_used_without_generating(tmp_path, monkeypatch):
    monkeypatch.setattr(codegen, "generate_source", lambda: pytest.fail("generated despite the committed code"))
    source, path = codegen.load_source([tmp_path])
    assert path == codegen.COMMITTED and source == codegen.committed_source()
    assert not list(tmp_path.iterdir())  # nothing written to the cache
    assert refresh_generated() == []  # nothing to refresh


def test_committed_code_with_an_old_hash_is_ignored(tmp_path, monkeypatch):
    stale = tmp_path / "generated_equilibria.py"
    text = codegen.COMMITTED.read_text(encoding="utf-8")
    stale.write_text("# source-hash: 0123456789abcdef0123\n" + text.partition("\n")[2], encoding="utf-8")
    assert codegen.committed_source(stale) is None
    monkeypatch.setattr(codegen, "generate_source", lambda: "FRESH = 1\n")
    cache = tmp_path / "cache"
    source, path = codegen.load_source([cache], committed=stale)
    assert source == "FRESH = 1\n" and path == cache / f"ch004_equilibria_{codegen.source_hash()}.py"
    written = codegen.write_committed(stale)  # what `refresh ch004` does
    assert written.read_text(encoding="utf-8") == f"# source-hash: {codegen.source_hash()}\nFRESH = 1\n"
    assert codegen.committed_source(stale) == "FRESH = 1\n"


def test_a_missing_committed_file_falls_back_to_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(codegen, "generate_source", lambda: "FRESH = 2\n")
    source, path = codegen.load_source([tmp_path], committed=tmp_path / "absent.py")
    assert source == "FRESH = 2\n" and path.parent == tmp_path


def test_the_page_shows_the_derivation_without_running_it(monkeypatch):
    """The closed forms on the page come from the committed code's ``LATEX`` (generated from the
    derivation, which the regeneration test compares in full); the page derives nothing."""
    from ev_compendium import load_chapter
    from ev_compendium.ch004_game import derivation, display as show

    for name in ("derive_compact", "derive", "slopes_shared", "symbolic_facts", "displayed_latex",
                 "goodwill_trajectory_general", "goodwill_path_relaxes"):
        monkeypatch.setattr(derivation, name, lambda *a, _n=name: pytest.fail(f"the page ran {_n}"))
    shown = codegen.compiled()["LATEX"]
    assert set(shown) == {"A1_C", "u_C", "g_C", "G1", "B1", "a_S", "a_S_printed", "E_general"}
    ch = load_chapter("ch004")
    R = ch.results(ch.parameters({}))
    text = show.centralised_derivation(R).data
    assert f"$$A_1 = {shown['A1_C']}$$" in text and f"$$u^C = {shown['u_C']}$$" in text
    assert f"$$g^C = {shown['g_C']}$$" in text and f"$E(t) = {shown['E_general']}$" in text
    assert text.endswith(f"$E^C(t) = {show.goodwill_path_latex(R.eq['C']['decay'], R.eq['C']['E_ss'])}$")
    assert show.shared_slopes().data == f"$$G_1 = H_1 = Z_1 = {shown['G1']}$$\n\n$$B_1 = N_1 = Y_1 = {shown['B1']}$$"
    text = show.leader_marginal_value().data
    assert text.index(shown["a_S"]) < text.index("the goodwill term") < text.index(shown["a_S_printed"])
    # the symbols of the paper's notation, not Python names
    assert r"\pi_m" in shown["A1_C"] and "m_1" in shown["u_C"] and "pi_m" not in shown["A1_C"].replace(r"\pi_m", "")


def test_the_goodwill_path_is_shown_only_in_the_form_dsolve_gave(monkeypatch):
    namespace = dict(codegen.compiled())
    namespace["FACTS"] = {**namespace["FACTS"], "goodwill_path_relaxes": False}
    monkeypatch.setattr(codegen, "compiled", lambda: namespace)
    from ev_compendium import load_chapter
    from ev_compendium.ch004_game import display as show

    ch = load_chapter("ch004")
    with pytest.raises(AssertionError, match="goodwill path is not"):
        show.centralised_derivation(ch.results(ch.parameters({})))


def test_shared_slopes_refuse_to_show_slopes_that_differ(monkeypatch):
    namespace = dict(codegen.compiled())
    namespace["FACTS"] = {**namespace["FACTS"], "slopes_shared": False}
    monkeypatch.setattr(codegen, "compiled", lambda: namespace)
    from ev_compendium.ch004_game import display as show

    with pytest.raises(AssertionError, match="slopes of D, S and I differ"):
        show.shared_slopes()
