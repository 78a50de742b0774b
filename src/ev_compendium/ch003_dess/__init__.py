"""Chapter ch003: cradle-to-gate LCA of dual energy storage (Melzack, Wills & Cruden 2023,
Front. Energy Res. 11:1266670).

Modules, in the order of the paper:

``data``          the printed tables and text values (``data/ch003/``), read once per file version
``sizing``        Section 2.4 and Table 5: HP sizing by power, BMS, Table 1 physics checks
``replacements``  Section 2.5 and Table 6: replacements from lives, and as implied by Tables 7-8
``impacts``       Tables 7-8: EOL from BOL, the per-kg impact model and its least-squares fit
``whatifs``       Sections 3, 3.1, 4: copper, active material, electricity mix, transport, SC per kg
``audit``         the paper-consistency audit, from the printed numbers only
``results``       :class:`Results`, everything the chapter computes (what :func:`compute` returns)
``checks``        ``claim_values(P, results)``: the only module that names claim ids
``display``       tables for the notebook

The chapter contract (:mod:`ev_compendium.chapter`): :func:`constraints` and :func:`compute`.
"""

from __future__ import annotations

from ..params import ParameterSet
from ..validate import require
from .data import load_printed
from .results import Results


def constraints(P: ParameterSet) -> None:
    """Joint conditions on the parameters, checked before anything is computed.

    A DESS exists to relieve its Li-ion pack (Sections 1 and 2.5: the HP component limits the
    demand on the HE part and extends its life), so the Li-ion pack inside a DESS lives at least
    as long as the Li-ion-only pack, for the bus (years) and the EV (cycles). A shorter DESS
    life would make the paper's comparison meaningless, so it is refused.

    Everything else individually valid is computed: extreme lives give many replacements, and
    the what-ifs are linear in their knobs (the electricity what-if can then leave the range of
    physical impacts, as the parameter ``electricity_fossil_share`` says).
    """
    require(P["bus_dess_li_life_years"] >= P["bus_li_only_pack_life_years"],
            ("bus_dess_li_life_years", "bus_li_only_pack_life_years"),
            "bus_dess_li_life_years >= bus_li_only_pack_life_years (a DESS does not shorten the Li-ion life)", P)
    require(P["ev_dess_li_life_cycles"] >= P["ev_li_only_life_cycles"],
            ("ev_dess_li_life_cycles", "ev_li_only_life_cycles"),
            "ev_dess_li_life_cycles >= ev_li_only_life_cycles (a DESS does not shorten the Li-ion life)", P)


def compute(P: ParameterSet) -> Results:
    """Everything the chapter computes under ``P``: a :class:`Results` whose tables are
    computed on first use and kept (deterministic, nothing random)."""
    return Results(P, load_printed())


__all__ = ["constraints", "compute", "Results"]
