"""ch001's claims: the one module that names them (Guo et al. 2024).

:func:`claim_values` maps every registry row of ``data/claims/ch001.csv`` whose status is
``reproduced`` or ``discrepancy`` to the value the chapter computes. Each id is written out in
full so that ``grep <claim id>`` lands on its computation. Checks compare; the physics is in
:mod:`.v2g` and :mod:`.fleet`. Some checks are about printed numbers (the 2050 shares) and read
them from the registry; :func:`paper_scenario_grids` and :func:`published_sales` read the
printed scenario grids and market figures for tests and display.
"""

from __future__ import annotations

from ..claims import load_claims
from ..params import ParameterSet
from . import Results, context, fleet, v2g


def _published(*ids: str) -> list[float]:
    registry = load_claims("ch001")
    missing = [i for i in ids if i not in registry.index]
    if missing:
        raise KeyError(f"claim id(s) not in the registry: {missing}")
    return [float(registry.loc[i, "published"]) for i in ids]


def paper_scenario_grids() -> dict[str, list[float]]:
    """The scenario grids Section 3 prints: price gaps (yuan/kWh), EV and FV shares (as
    fractions, printed in %), and the number of price-gap scenarios."""
    gaps = _published("ch001.s3_2.price_gap_lowest", "ch001.s3_2.price_gap_2",
                      "ch001.s3_2.price_gap_3", "ch001.s3_2.price_gap_4",
                      "ch001.s3_2.price_gap_5", "ch001.s3_2.price_gap_highest")
    ev = _published("ch001.s3_3.ev_share_lowest", "ch001.s3_3.ev_share_step",
                    "ch001.s3_3.ev_share_40", "ch001.s3_3.ev_share_60",
                    "ch001.s3_3.ev_share_80", "ch001.s3_3.ev_share_highest")
    fv = _published("ch001.s3_3.fv_share_100", "ch001.s3_3.fv_share_80",
                    "ch001.s3_3.fv_share_60", "ch001.s3_3.fv_share_40",
                    "ch001.s3_3.fv_share_20", "ch001.s3_3.fv_share_0")
    (count,) = _published("ch001.s3_2.scenario_count")
    years = _published("ch001.s3_3.first_year", "ch001.s3_3.last_year")
    return {"price_gaps_yuan_per_kwh": gaps,
            "ev_shares": [s / 100 for s in ev],
            "fv_shares": [s / 100 for s in fv],
            "price_gap_scenario_count": [count],
            "first_last_year": years}


def published_sales() -> dict[str, tuple[float, float]]:
    """2022 battery-EV sales (million) and growth (%) as printed (Introduction, ref. 1)."""
    world = _published("ch001.intro.global_bev_sales_2022", "ch001.intro.global_bev_growth_2022")
    china = _published("ch001.intro.china_bev_sales_2022", "ch001.intro.china_bev_growth_2022")
    return {"World": (world[0], world[1]), "China": (china[0], china[1])}


def claim_values(P: ParameterSet, results: Results) -> dict[str, float | bool]:
    """``{claim id: computed value}`` for every reproduced / discrepancy row of ch001."""
    r = results
    shares_2050 = _published("ch001.s1_1.coal_substitution_share",
                             "ch001.s1_1.carbon_reduction_share",
                             "ch001.s1_1.carbon_sequestration_share",
                             "ch001.s1_1.carbon_cycling_share")
    reference_share = min(P["fleet_ev_shares"])  # the paper's peak year is read at 0 % EV
    return {
        # Section 1.1: printed arithmetic
        "ch001.s1_1.contributions_sum_to_100":
            context.contributions_sum_pct(dict(enumerate(shares_2050))) == 100.0,
        # Section 3.2: V2G (eqs. v2g-revenue, v2g-net)
        "ch001.s3_2.revenue_rises_with_gap":
            v2g.is_increasing(r.v2g_table["total_revenue_yuan"]),
        "ch001.s3_2.net_income_rises_with_gap":
            v2g.is_increasing(r.v2g_table["net_income_yuan"]),
        # Section 3.3: fleet scenarios (eqs. fleet-activity ... fleet-co2)
        "ch001.s3_3.energy_falls_with_ev_share":
            fleet.falls_with_share(r.scenarios, "energy_mtce"),
        "ch001.s3_3.co2_falls_with_ev_share":
            fleet.falls_with_share(r.scenarios, "co2_mt"),
        "ch001.s3_3.energy_peak_year": float(r.peak_years[reference_share]),
        "ch001.s3_3.marginal_benefit_weakens":
            fleet.weakens_over_time(r.marginal_benefit_mt_per_10pp),
        "ch001.s3_3.co2_decreases_year_by_year":
            fleet.decreases_year_by_year(r.scenarios, "co2_mt"),
    }
