"""ch003: every value ``checks.claim_values`` computes, worked out by hand from the paper.

tests/test_ch003_claims.py compares each value with the paper's printed number within its
tolerance (a discrepancy must miss it); this file pins every value, reproduced or not, to
its own hand derivation (and computes it inside the test, so that a change of
``claim_values`` is seen by this test directly). Sources, Melzack, Wills & Cruden (2023):
Table 1 (layouts, voltages, capacities; Tesla SCs 150 x 1,850 W and 90 x 4,420 W; example 10:
140 F, 27 V; example 7: 350 F at 2.7 V, 0.06 kg), Tables 2-4 (per-kg inventories), Section
2.4 (150 kW at 5.7 kW/kg, 0.3 kW/kg of Al-ion active material, 60 % / 6.022 % active; 72 SCs
of 0.06 kg at 4.6 kW/kg; 115.2 kWh at 88 Wh/kg), Table 5 (HE 1,200 / 568 kg, BMS 3 %), Section
2.5 (10-year bus, 4-year Li-ion pack, 10-year SC; EV 6,241 cycles, 5,129 for the Li-ion-only
pack, Al-ion 3,500), Tables 7-8, Section 3 (75 % recycled copper, 0.043 at 100 %, 30 % active
material), Section 3.1 (electricity pairs, 36.7 at double transport, 1.55 / 3.59 t*km per kg)
and Section 4 (0.106 kg CO2 eq per five 2.1 g capacitors, 3.8 kg CO2 eq/kg).
"""

from __future__ import annotations

import pytest

from ev_compendium.ch003_dess import checks
from ev_compendium.chapter import load_chapter

CH = load_chapter("ch003")


def _by_hand() -> dict[str, float | bool]:
    m_al = 66.24 / 0.06022  # EV Al-ion cells, kg

    def ev_alion_minerals(mass, share):
        # Section 3 what-if: 0.019 + (1 + 1) M (f - s d), f = 0.044 / 2,200, d = 0.020 / 2,200
        return 0.019 + 2 * mass * (0.044 - share * 0.020) / 2200

    return {
        # Introduction and Table 1
        "ch003.intro.al_capacity_mah_per_g": 3 * 96485.332 / (3.6 * 26.9815),
        "ch003.intro.al_capacity_mah_per_cm3": 3 * 96485.332 / (3.6 * 26.9815) * 2.7,
        "ch003.intro.cells_max": 38406.0, "ch003.intro.cells_min": 1.0,
        "ch003.intro.voltage_min": 136.9, "ch003.intro.voltage_max": 444.0,
        "ch003.intro.capacity_min": 0.9, "ch003.intro.capacity_max": 318.0,
        "ch003.intro.tesla_sc_power_difference": (90 * 4420 - 150 * 1850) / 1000,  # 120.3 kW
        "ch003.intro.ev_hp_power": 72 * 0.06 * 4.6,  # 19.872 kW
        "ch003.table1.array_counts_match": True,
        "ch003.table1.ex1_sc_units": 222 * 58, "ch003.table1.ex1_battery_cells": 37 * 1038,
        "ch003.table1.ex2_sc_units": 150 * 1, "ch003.table1.ex2_battery_cells": 74 * 160,
        "ch003.table1.ex3_sc_units": 90 * 1, "ch003.table1.ex3_battery_cells": 96 * 74,
        "ch003.table1.ex7_battery_cells": 100 * 71, "ch003.table1.ex8_sc_units": 151 * 14,
        "ch003.table1.ex9_sc_units": 24 * 1, "ch003.table1.ex9_battery_cells": 89 * 21,
        "ch003.table1.ex10_sc_units": 25 * 2, "ch003.table1.ex10_battery_cells": 120 * 5,
        "ch003.table1.bus10_sc_energy": 0.5 * 140 * 27**2 / 3600,  # 14.175 Wh
        "ch003.table1.ev7_sc_specific_energy": 0.5 * 350 * 2.7**2 / 3600 / 0.06,  # 5.906 Wh/kg
        # Section 2.3, Tables 2-4
        "ch003.s2_3.t2_total_mass": 1.0, "ch003.s2_3.t3_total_mass": 1.0, "ch003.s2_3.t4_total_mass": 1.0,
        "ch003.s2_3.li_electricity_mj": 60.48, "ch003.s2_3.alion_electricity_mj": 37.0,
        "ch003.s2_3.sc_electricity_mj": 63.077, "ch003.s2_3.alion_electrolyte": 0.26,
        "ch003.s2_3.sc_electrolyte": 0.252, "ch003.s2_3.li_electrolyte": 0.12,
        "ch003.s2_3.li_electrolyte_about_half": True,  # 0.12 / 0.26 = 0.46, 0.12 / 0.252 = 0.48
        "ch003.s2_3.li_water": 380.0,
        # Section 2.4, Table 5
        "ch003.s2_4.bus_sc_mass": 150 / 5.7, "ch003.s2_4.bus_alion_active_mass": 150 / 0.3,
        "ch003.s2_4.ev_sc_mass": 72 * 0.06, "ch003.s2_4.ev_hp_power": 72 * 0.06 * 4.6,
        "ch003.s2_4.ev_alion_active_mass": 72 * 0.06 * 4.6 / 0.3,  # 66.24 kg
        "ch003.s2_4.bus_cells": 600.0, "ch003.s2_4.bus_scs": 50.0,
        "ch003.s2_4.ev_cells": 7100.0, "ch003.s2_4.ev_cells_battery_only": 7100.0,
        "ch003.s2_4.bus_he_mass_from_energy": 115.2 * 1000 / 88,
        "ch003.table5.bus_bms": 36.0, "ch003.table5.bus_total_li_only": 1236.0,
        "ch003.table5.bus_total_sc": 1236 + 150 / 5.7, "ch003.table5.bus_total_alion": 1236 + 500 / 0.6,
        "ch003.table5.ev_bms": 17.04, "ch003.table5.ev_total_li_only": 585.04,
        "ch003.table5.ev_total_sc": 585.04 + 4.32, "ch003.table5.ev_total_alion": 585.04 + m_al,
        "ch003.s3.bus_sc_mass_ratio": 1200 / (150 / 5.7), "ch003.s3.ev_sc_mass_ratio": 568 / 4.32,
        "ch003.s3.alion_active_share": 100 * 66.24 / 1100,
        "ch003.s3.alion_casing_share": 11.0, "ch003.s3.li_casing_share": 20.1, "ch003.s3.sc_casing_share": 22.5,
        # Section 2.5, Table 6: ceil(life demand / life) - 1
        "ch003.table6.bus_li_only_eol_he": 2.0,  # Table 7: EOL = 3 x BOL
        "ch003.table6.bus_sc_eol_hp": 0.0, "ch003.table6.bus_sc_eol_he": 0.0,
        "ch003.table6.ev_li_only_eol_he": 1.0, "ch003.table6.ev_sc_eol_hp": 0.0, "ch003.table6.ev_sc_eol_he": 0.0,
        "ch003.repl.bus_li_only_replaced_once": 2.0, "ch003.s2_5.bus_li_only_replacements": 2.0,
        "ch003.s2_5.ev_lifetime_extension": 100 * (6241 / 5129 - 1), "ch003.s3.ev_short_life": 5129.0,
        # Tables 7-8: EOL = Li BOL (1 + r_HE) + (case BOL - Li BOL)(1 + r_HP); bus Li-only r_HE = 2,
        # bus Al-ion r_HP = 2, EV Li-only r_HE = 1, EV Al-ion r_HP = 1, SC: none
        "ch003.table7.li_only_eol_climate": 3 * 8482, "ch003.table7.sc_eol_climate": 7990.0,
        "ch003.table7.alion_eol_climate": 8482 + 3 * (8536 - 8482),
        "ch003.table7.li_only_eol_acidification": 3 * 31.09, "ch003.table7.sc_eol_acidification": 29.32,
        "ch003.table7.alion_eol_acidification": 31.09 + 3 * (33.25 - 31.09),
        "ch003.table7.li_only_eol_minerals": 3 * 0.044, "ch003.table7.sc_eol_minerals": 0.041,
        "ch003.table7.alion_eol_minerals": 0.044 + 3 * (0.058 - 0.044),
        "ch003.table7.li_only_eol_energy": 3 * 96050, "ch003.table7.sc_eol_energy": 93230.0,
        "ch003.table7.alion_eol_energy": 96050 + 3 * (99180 - 96050),
        "ch003.table8.li_only_eol_climate": 2 * 3740, "ch003.table8.sc_eol_climate": 3752.0,
        "ch003.table8.alion_eol_climate": 3740 + 2 * (4541 - 3740),
        "ch003.table8.li_only_eol_acidification": 2 * 13.72, "ch003.table8.sc_eol_acidification": 13.76,
        "ch003.table8.alion_eol_acidification": 13.72 + 2 * (19.06 - 13.72),
        "ch003.table8.li_only_eol_minerals": 2 * 0.019, "ch003.table8.sc_eol_minerals": 0.019,
        "ch003.table8.alion_eol_minerals": 0.019 + 2 * (0.021 - 0.019),
        "ch003.table8.li_only_eol_energy": 2 * 42390, "ch003.table8.sc_eol_energy": 42940.0,
        "ch003.table8.alion_eol_energy": 42390 + 2 * (54380 - 42390),
        # Section 3
        "ch003.s3.bus_li_only_eol_text": 3 * 8482, "ch003.s3.bus_sc_eol_text": 7990.0,
        "ch003.s3.bus_sc_just_under_third": True, "ch003.s3.ev_sc_about_half": True,
        "ch003.s3.bus_alion_climate_pct": 100 * 9143 / 25450, "ch003.s3.bus_alion_minerals_pct": 100 * 0.093 / 0.13,
        "ch003.s3.ev_alion_climate_pct": 100 * 5399 / 7486, "ch003.s3.ev_alion_acid_pct": 100 * 24.66 / 27.44,
        "ch003.s5.ev_alion_minerals_pct": 100 * 0.063 / 0.039, "ch003.s3.li_only_eol_minerals_text": 0.039,
        "ch003.s3.bol_within_order_of_magnitude": True,
        "ch003.s3.bol_same_one_sig_fig": False,  # bus climate BOL 8,482 / 7,990 / 8,536: 8e3, 8e3, 9e3
        "ch003.s3.alion_worst_minerals_bol": True,  # 0.058 > 0.044, 0.041; 0.021 > 0.019
        "ch003.s3.alion_eol_consistently_lower": False,  # EV minerals 0.063 > 0.039
        "ch003.s5.sc_dess_lowest": True,
        "ch003.s3.cu75_minerals": ev_alion_minerals(m_al, 0.75), "ch003.s3.cu75_above_li_only": True,
        "ch003.s3.active30_mass": 66.24 / 0.3, "ch003.s3.active30_minerals": 0.025 + 0.75 * (0.063 - 0.043),
        "ch003.s3.active30_cu75_minerals": ev_alion_minerals(66.24 / 0.3, 0.75),
        "ch003.s3.active30_cu75_below_li_only": True,
        # Section 3.1
        "ch003.s3_1.li_transport_tkm": 1.55, "ch003.s3_1.li_transport_under_half": True,  # 1.55 < 1.795
        "ch003.s3_1.transport_baseline_acid": 33.25, "ch003.s3_1.transport_max_change_pct": 100 * (36.7 / 33.25 - 1),
        "ch003.s3_1.elec_li_only_climate_baseline": 8482.0, "ch003.s3_1.elec_li_only_acidification_baseline": 31.09,
        "ch003.s3_1.elec_sc_climate_baseline": 7990.0, "ch003.s3_1.elec_sc_acidification_baseline": 29.32,
        "ch003.s3_1.elec_alion_climate_baseline": 8536.0, "ch003.s3_1.elec_alion_acidification_baseline": 33.25,
        "ch003.s3_1.elec_alion_climate_fossil": 8536 / 0.2,
        "ch003.s3_1.wind_within_1pct": False,  # every printed pair implies a decrease at 100 % wind
        "ch003.s3_1.fossil_acid_increase_pct": 100 * (55.7 / 31.8 - 1),
        "ch003.s3_1.fossil_acid_increase_pct_sc": 100 * (56.6 / 29.3 - 1),
        "ch003.s3_1.fossil_climate_order_of_magnitude": False,  # 28,196 / 8,481 = 3.3
        "ch003.s3_1.fossil_alion_most_impactful": True,  # 45,028 > 28,700; 81 > 56.6
        # Section 4
        "ch003.s4.five_caps_mass_g": 5 * 2.1, "ch003.s4.capacitor_scaled": 3.8 * 72 * 0.06,
        "ch003.s4.sc_ev_total": 3752 - 3740, "ch003.s4.sc_value_intermediate": True,  # 16.4 < 28.7 < 43.6
    }


def test_every_claim_value_by_hand():
    P = CH.parameters({})
    values = checks.claim_values(P, CH.module.compute(P))
    expected = _by_hand()
    assert set(values) == set(expected)
    wrong = {}
    for claim, want in expected.items():
        got = values[claim]
        if isinstance(want, bool):
            if got is not want:
                wrong[claim] = (got, want)
        elif isinstance(got, bool) or got != pytest.approx(want, rel=1e-9, abs=1e-12):
            wrong[claim] = (got, want)
    assert not wrong
