"""ch003: the qualitative claims at the edges of their wording.

Each statement of Melzack et al. (2023) that ``checks.claim_values`` turns into a comparison
("about half" = 0.4-0.6, "just under a third" = 0.30 to below 1/3, "about half" for the EV
= 0.45-0.55, "within an order of magnitude" = a max/min ratio below 10, "consistently lower",
"above"/"below" the Li-ion-only value, "just under half", "0-1 %", "an order of magnitude"
= at least x10, "the most impactful", "intermediate") is evaluated on printed tables or
parameters changed so that the compared numbers sit exactly on the edge (or just past it);
the expected truth value follows from the wording alone. The edges are chosen so that the
floating-point values are exact (30 / 100, 45 / 100, ratios of powers of two, equal numbers).
"""

from __future__ import annotations

import pytest

from ev_compendium.ch003_dess import checks, data
from ev_compendium.ch003_dess.results import Results
from ev_compendium.chapter import load_chapter

CH = load_chapter("ch003")
CATEGORIES = ("climate", "acidification", "minerals", "energy")


def _claims(edit=None, **overrides):
    tables = {name: data.load_table(name) for name in data.TABLES}
    if edit is not None:
        edit(tables)
    P = CH.parameters(overrides)
    return checks.claim_values(P, Results(P, data.Printed(tables)))


def _set(frame, value, **where):
    mask = True
    for column, wanted in where.items():
        mask = mask & (frame[column] == wanted)
    assert mask.sum() >= 1, where
    frame.loc[mask, "value"] = value


def _impacts(vehicle, case, stage, value, categories=CATEGORIES):
    def edit(tables):
        for category in categories:
            _set(tables["table7_8_impacts"], value, vehicle=vehicle, case=case, stage=stage, category=category)
    return edit


def _both(*edits):
    def edit(tables):
        for e in edits:
            e(tables)
    return edit


@pytest.mark.parametrize("lipf6, others, expected", [
    (0.1, 0.25, True),   # exactly 0.4: still 'about half'
    (0.3, 0.5, True),    # exactly 0.6
    (0.25, 0.25, False),  # as much as the others: not half
])
def test_li_electrolyte_about_half_edges(lipf6, others, expected):
    def edit(tables):
        inv = tables["inventories"]
        _set(inv, lipf6, component="lfp_pack", material="lithium hexafluorophosphate")
        _set(inv, others, component="al_ion_cell", material="AlCl3 and KCl")
        _set(inv, others, component="supercapacitor", material="acetonitrile")
    assert _claims(edit)["ch003.s2_3.li_electrolyte_about_half"] is expected


@pytest.mark.parametrize("sc_eol, expected", [(30.0, True), (50.0, False)])
def test_bus_sc_just_under_a_third_edges(sc_eol, expected):
    # Li-ion only EOL 100 in every category: SC/Li-ion at 30 % is just under a third, 50 % is not
    edit = _both(_impacts("bus", "Li-ion only", "EOL", 100.0), _impacts("bus", "SC/Li-ion", "EOL", sc_eol))
    assert _claims(edit)["ch003.s3.bus_sc_just_under_third"] is expected


@pytest.mark.parametrize("sc_eol, expected", [(45.0, True), (55.0, True), (100.0, False)])
def test_ev_sc_about_half_edges(sc_eol, expected):
    edit = _both(_impacts("ev", "Li-ion only", "EOL", 100.0), _impacts("ev", "SC/Li-ion", "EOL", sc_eol))
    assert _claims(edit)["ch003.s3.ev_sc_about_half"] is expected


@pytest.mark.parametrize("alion_bol, expected", [(10000.0, False), (10500.0, False), (9000.0, True)])
def test_bol_within_an_order_of_magnitude_edges(alion_bol, expected):
    # EV climate BOL 1,000 / 1,000 / Al-ion: a ratio of 10 is an order of magnitude, not within it
    edit = _both(_impacts("ev", "Li-ion only", "BOL", 1000.0, ["climate"]),
                 _impacts("ev", "SC/Li-ion", "BOL", 1000.0, ["climate"]),
                 _impacts("ev", "Al-ion/Li-ion", "BOL", alion_bol, ["climate"]))
    assert _claims(edit)["ch003.s3.bol_within_order_of_magnitude"] is expected


def test_alion_eol_lower_everywhere_but_where_equal():
    # Table 8 EV minerals, Al-ion/Li-ion EOL 0.063 > 0.039 (the paper's exception) set to 0.03:
    # then every Al-ion EOL is lower, unless EV climate is set equal to the Li-ion only 7,486
    lower = _impacts("ev", "Al-ion/Li-ion", "EOL", 0.03, ["minerals"])
    assert _claims(lower)["ch003.s3.alion_eol_consistently_lower"] is True
    equal = _both(lower, _impacts("ev", "Al-ion/Li-ion", "EOL", 7486.0, ["climate"]))
    assert _claims(equal)["ch003.s3.alion_eol_consistently_lower"] is False


@pytest.mark.parametrize("quantity, claim", [("cu75_minerals", "ch003.s3.cu75_above_li_only"),
                                             ("active30_cu75_minerals", "ch003.s3.active30_cu75_below_li_only")])
def test_text_minerals_equal_to_li_only_are_neither_above_nor_below(quantity, claim):
    # Table 8: EV Li-ion only EOL minerals 0.039 kg Sb eq; the text value set to the same 0.039
    assert _claims(lambda t: _set(t["text_values"], 0.039, quantity=quantity))[claim] is False


def test_li_transport_just_under_half_edges():
    li_tkm = 1.276 + 0.274  # Table 2: train + lorry, t*km per kg of LFP pack
    assert _claims(alion_transport_tkm_per_kg=2 * li_tkm)["ch003.s3_1.li_transport_under_half"] is False  # exactly half
    assert _claims(alion_transport_tkm_per_kg=2.0)["ch003.s3_1.li_transport_under_half"] is False  # 1.55 > 1.0
    assert _claims(alion_transport_tkm_per_kg=4.0)["ch003.s3_1.li_transport_under_half"] is True  # 1.55 < 2.0


def _pairs(climate, acidification):
    def edit(tables):
        e = tables["electricity_sensitivity"]
        for category, pairs in (("climate", climate), ("acidification", acidification)):
            for case, (base, fossil) in pairs.items():
                _set(e, base, case=case, category=category, mix="baseline")
                _set(e, fossil, case=case, category=category, mix="fossil")
    return edit


CASES = ("Li-ion only", "SC/Li-ion", "Al-ion/Li-ion")


def test_wind_within_one_percent_edges():
    # fossil = baseline: wind = baseline, a change of exactly 0 %: within 0-1 %
    same = {c: (100.0, 100.0) for c in CASES}
    assert _claims(_pairs(same, same))["ch003.s3_1.wind_within_1pct"] is True
    # fossil 6 % below the baseline: wind = 100 + 0.2 / 0.8 x 6 = 101.5, +1.5 %: outside 0-1 %
    lower = {c: (100.0, 94.0) for c in CASES}
    assert _claims(_pairs(lower, lower))["ch003.s3_1.wind_within_1pct"] is False


def test_fossil_climate_order_of_magnitude_edge():
    # exactly x10 for both named cases: 'an order of magnitude'
    climate = {"Li-ion only": (1000.0, 10000.0), "SC/Li-ion": (1000.0, 10000.0), "Al-ion/Li-ion": (1000.0, 20000.0)}
    acid = {c: (30.0, 60.0) for c in CASES}
    assert _claims(_pairs(climate, acid))["ch003.s3_1.fossil_climate_order_of_magnitude"] is True


def test_fossil_alion_equal_to_the_highest_is_not_the_most_impactful():
    # Section 3.1 climate, 100 % fossil: SC/Li-ion 28,700; Al-ion/Li-ion set to the same
    edit = lambda t: _set(t["electricity_sensitivity"], 28700.0, case="Al-ion/Li-ion", category="climate",
                          mix="fossil")  # noqa: E731
    assert _claims(edit)["ch003.s3_1.fossil_alion_most_impactful"] is False


@pytest.mark.parametrize("capacitor_per_kg, euef, between", [(5.0, 22.5, 30.0), (20.0, 90.0, 60.0)])
def test_sc_value_on_a_literature_value_is_not_intermediate(capacitor_per_kg, euef, between):
    # 72 SCs of 0.0625 kg: 4.5 kg; capacitors 5 or 20 kg CO2 eq/kg: 22.5 or 90 kg CO2 eq (the lower
    # and the upper literature value; Cossutta: 0.106 / 10.5 g x 4.5 kg = 45.4); EUEF value set equal
    edit = lambda t: _set(t["text_values"], euef, quantity="sc_ev_euef_climate")  # noqa: E731
    values = _claims(edit, ev_sc_unit_mass_kg=0.0625, capacitor_kg_co2_per_kg=capacitor_per_kg)
    assert values["ch003.s4.sc_value_intermediate"] is False
    values = _claims(lambda t: _set(t["text_values"], between, quantity="sc_ev_euef_climate"),
                     ev_sc_unit_mass_kg=0.0625, capacitor_kg_co2_per_kg=capacitor_per_kg)
    assert values["ch003.s4.sc_value_intermediate"] is True  # between 22.5 and 45.4, or 45.4 and 90


def test_bol_same_to_one_significant_figure_when_every_case_matches():
    """Section 3: 'BOL impacts are the same to one significant figure'. With every case's BOL set
    to the Li-ion-only value (Tables 7-8), each vehicle and category rounds to one number: true;
    one bus climate BOL of 9,000 next to 8,482 (8e3 vs 9e3) makes it false."""
    def same(tables):
        t = tables["table7_8_impacts"]
        for (vehicle, category), li in t[(t.case == "Li-ion only") & (t.stage == "BOL")].set_index(
                ["vehicle", "category"]).value.items():
            for case in ("SC/Li-ion", "Al-ion/Li-ion"):
                _set(t, li, vehicle=vehicle, case=case, stage="BOL", category=category)
    assert _claims(same)["ch003.s3.bol_same_one_sig_fig"] is True
    differ = _both(same, _impacts("bus", "Al-ion/Li-ion", "BOL", 9000.0, ["climate"]))
    assert _claims(differ)["ch003.s3.bol_same_one_sig_fig"] is False
