"""ev_compendium: the computational core of the EV carbon / energy-security / circularity compendium.

Ask any chapter what it concludes under given parameters, without a kernel::

    from ev_compendium import load_chapter
    ch = load_chapter("ch001")
    P = ch.parameters({"v2g_price_gaps_yuan_per_kwh": [0.4, 0.9]})
    ch.evaluate(P)      # {claim id: value}
    ch.check(P)         # published vs reproduced

Shared, flat layer: :mod:`.params` (chapter parameters), :mod:`.validate` (the one range and
condition checker), :mod:`.claims` (registry and check), :mod:`.chapter` (the contract),
:mod:`.notebook` (one setup for every chapter notebook), :mod:`.tables`, :mod:`.report`,
:mod:`.cli`, :mod:`.paths`. One subpackage per chapter: ``ch000_ecc``, ``ch001_security``,
``ch002_circularity``, ``ch003_dess``, ``ch004_game``.
"""

__version__ = "0.1.0"


def load_chapter(chapter_id: str):
    """The chapter ``chapter_id`` as a :class:`ev_compendium.chapter.Chapter`."""
    from .chapter import load_chapter as _load

    return _load(chapter_id)
