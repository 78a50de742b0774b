"""Single-vehicle V2G arbitrage revenue under peak-valley price gaps (ch001, Guo et al. 2024,
Section 3.2).

The paper follows the "cost-benefit calculation method" of its ref. 5 (Yang, Guo & Cao 2020)
and reports only the qualitative result: "both total revenue and net income ... increase with
larger peak-valley electricity price differences" for P_gap = 0.3 ... 0.8 yuan/kWh. Ref. 5's
inputs are not printed, so this module implements the method in its textbook form with every
input a named parameter (``data/params/ch001.yaml``, ``v2g_*``):

* energy sold to the grid per year, kWh: ``E_dis = C d n D``                    (eq. v2g-energy)
* energy bought in the valley to supply it: ``E_ch = E_dis / eta``
* total (arbitrage) revenue, yuan/yr: ``R = E_dis (p_v + P_gap) - E_ch p_v``     (eq. v2g-revenue)
* battery wear, yuan/yr: ``E_dis c_b / L`` (pack price over lifetime full cycles)
* fixed cost, yuan/yr: ``I CRF(r, m) + F``
* net income: ``N = R - E_dis c_b / L - (I CRF(r, m) + F)``                     (eq. v2g-net)

``R`` and ``N`` are linear in ``P_gap`` with slope ``E_dis > 0``, so both rise with the gap for
any valid inputs, and the break-even gap has a closed form (eq. v2g-breakeven).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from ._arguments import argument

#: valid interval of each input: (lo, hi, lo_inclusive, hi_inclusive); the model's own
#: domain, at least as wide as the parameter file's ranges.
V2G_DOMAIN: dict[str, tuple[float | None, float | None, bool, bool]] = {
    "battery_capacity_kwh": (0.0, None, False, True),
    "dod": (0.0, 1.0, False, True),
    "cycles_per_day": (0.0, 24.0, False, True),
    "days_per_year": (0.0, 366.0, False, True),
    "roundtrip_efficiency": (0.0, 1.0, False, True),
    "valley_price_yuan_per_kwh": (0.0, None, True, True),
    "battery_price_yuan_per_kwh": (0.0, None, True, True),
    "cycle_life_efc": (0.0, None, False, True),
    "equipment_cost_yuan": (0.0, None, True, True),
    "equipment_life_years": (0.0, None, False, True),
    "discount_rate": (0.0, 1.0, True, True),
    "participation_fee_yuan_per_year": (0.0, None, True, True),
}


@dataclass(frozen=True)
class V2GInputs:
    """Inputs of the single-vehicle V2G model (units in the field names)."""

    battery_capacity_kwh: float
    dod: float                     # usable depth of discharge per V2G cycle, (0, 1]
    cycles_per_day: float
    days_per_year: float
    roundtrip_efficiency: float    # grid -> battery -> grid, (0, 1]
    valley_price_yuan_per_kwh: float
    battery_price_yuan_per_kwh: float
    cycle_life_efc: float          # equivalent full cycles until replacement
    equipment_cost_yuan: float     # extra cost of a bidirectional charger
    equipment_life_years: float
    discount_rate: float
    participation_fee_yuan_per_year: float

    def __post_init__(self) -> None:
        for name, (lo, hi, lo_in, hi_in) in V2G_DOMAIN.items():
            object.__setattr__(self, name, argument(name, getattr(self, name), lo, hi,
                                                    lo_inclusive=lo_in, hi_inclusive=hi_in))

    @classmethod
    def from_params(cls, params: Mapping) -> "V2GInputs":
        """Build from a chapter ParameterSet (keys ``v2g_<field>``)."""
        return cls(**{f.name: params[f"v2g_{f.name}"] for f in fields(cls)})


def clip_to_domain(name: str, value: float) -> float:
    """``value`` moved inside the model's domain of input ``name`` (closed ends only), e.g. a
    depth of discharge of 1.2 -> 1.0, 440 days -> 366."""
    lo, hi, _, _ = V2G_DOMAIN[name]
    if hi is not None:
        value = min(value, hi)
    if lo is not None:
        value = max(value, lo)
    return value


def capital_recovery_factor(rate: float, years: float) -> float:
    """CRF = r(1+r)^m / ((1+r)^m - 1); 1/m when r = 0 (annuity of a unit investment)."""
    rate = argument("discount_rate", rate, 0.0, 1.0)
    years = argument("equipment_life_years", years, 0.0, None, lo_inclusive=False)
    if rate == 0:
        return 1.0 / years
    growth = (1 + rate) ** years
    return rate * growth / (growth - 1)


def annual_discharge_kwh(x: V2GInputs) -> float:
    """Energy sold to the grid per vehicle-year, kWh (eq. v2g-energy)."""
    return x.battery_capacity_kwh * x.dod * x.cycles_per_day * x.days_per_year


def degradation_cost_yuan_per_kwh(x: V2GInputs) -> float:
    """Battery wear per kWh discharged: pack price / lifetime equivalent full cycles."""
    return x.battery_price_yuan_per_kwh / x.cycle_life_efc


def annual_fixed_cost_yuan(x: V2GInputs) -> float:
    """Annualised bidirectional-charger cost plus the yearly participation fee, yuan/yr."""
    return (x.equipment_cost_yuan * capital_recovery_factor(x.discount_rate, x.equipment_life_years)
            + x.participation_fee_yuan_per_year)


def v2g_economics(price_gap_yuan_per_kwh: float, x: V2GInputs) -> dict[str, float]:
    """Yearly economics of one vehicle at one peak-valley gap (eqs. v2g-revenue and v2g-net):
    energy (kWh/yr), total revenue, wear, fixed cost and net income (yuan/yr)."""
    gap = argument("price_gap_yuan_per_kwh", price_gap_yuan_per_kwh, 0.0, None)
    e_dis = annual_discharge_kwh(x)
    e_ch = e_dis / x.roundtrip_efficiency
    revenue = e_dis * (x.valley_price_yuan_per_kwh + gap) - e_ch * x.valley_price_yuan_per_kwh
    wear = e_dis * degradation_cost_yuan_per_kwh(x)
    fixed = annual_fixed_cost_yuan(x)
    return {
        "price_gap_yuan_per_kwh": gap,
        "discharged_kwh": e_dis,
        "charged_kwh": e_ch,
        "total_revenue_yuan": revenue,
        "degradation_cost_yuan": wear,
        "fixed_cost_yuan": fixed,
        "net_income_yuan": revenue - wear - fixed,
    }


def revenue_table(price_gaps_yuan_per_kwh: Sequence[float], x: V2GInputs) -> pd.DataFrame:
    """One row per price-gap scenario (Section 3.2's six scenarios at the baseline)."""
    if len(price_gaps_yuan_per_kwh) == 0:
        raise ValueError("price_gaps_yuan_per_kwh must hold at least one gap")
    rows = [v2g_economics(g, x) for g in price_gaps_yuan_per_kwh]
    return pd.DataFrame(rows).set_index("price_gap_yuan_per_kwh")


def break_even_price_gap(x: V2GInputs) -> float:
    """Gap (yuan/kWh) at which net income is zero (eq. v2g-breakeven):
    P* = p_v (1/eta - 1) + c_b / L + (I CRF + F) / E_dis (E_dis > 0 for every valid input)."""
    return (x.valley_price_yuan_per_kwh * (1 / x.roundtrip_efficiency - 1)
            + degradation_cost_yuan_per_kwh(x) + annual_fixed_cost_yuan(x) / annual_discharge_kwh(x))


def is_increasing(values: Sequence[float]) -> bool:
    """True when ``values`` rise strictly from each element to the next (needs >= 2)."""
    arr = np.asarray(values, dtype=float)
    return bool(arr.size >= 2 and np.all(np.diff(arr) > 0))


SENSITIVITY_FIELDS = (
    "battery_capacity_kwh", "dod", "cycles_per_day", "days_per_year", "roundtrip_efficiency",
    "valley_price_yuan_per_kwh", "battery_price_yuan_per_kwh", "cycle_life_efc",
    "equipment_cost_yuan", "participation_fee_yuan_per_year",
)


def one_at_a_time_sensitivity(price_gap_yuan_per_kwh: float, x: V2GInputs,
                              relative_step: float = 0.2) -> pd.DataFrame:
    """Net income when each input moves by -/+ ``relative_step`` (clipped to the model's
    domain, e.g. efficiency and depth of discharge at 1, days at 366).

    One row per input sorted by swing (|high - low|, yuan/yr), largest first; the baseline
    net income is in ``attrs["base_net_income_yuan"]``."""
    step = argument("relative_step", relative_step, 0.0, 1.0, lo_inclusive=False,
                    hi_inclusive=False)
    base = v2g_economics(price_gap_yuan_per_kwh, x)["net_income_yuan"]
    rows = []
    for name in SENSITIVITY_FIELDS:
        value = getattr(x, name)
        ends = {}
        for label, factor in (("low", 1 - step), ("high", 1 + step)):
            moved = replace(x, **{name: clip_to_domain(name, value * factor)})
            ends[label] = v2g_economics(price_gap_yuan_per_kwh, moved)["net_income_yuan"]
        rows.append({"input": name, "base_value": value,
                     "net_income_low_yuan": ends["low"], "net_income_high_yuan": ends["high"],
                     "swing_yuan": abs(ends["high"] - ends["low"])})
    table = pd.DataFrame(rows).set_index("input").sort_values("swing_yuan", ascending=False,
                                                              kind="stable")
    table.attrs["base_net_income_yuan"] = base
    return table


def net_income_grid(price_gap_yuan_per_kwh: float, x: V2GInputs, name_a: str,
                    values_a: Sequence[float], name_b: str, values_b: Sequence[float]) -> np.ndarray:
    """Net income (yuan/yr) on a grid of two inputs; shape (len(values_b), len(values_a))."""
    for name in (name_a, name_b):
        if name not in SENSITIVITY_FIELDS:
            raise ValueError(f"input name {name!r} is not one of {SENSITIVITY_FIELDS}")
    out = np.empty((len(values_b), len(values_a)))
    for i, vb in enumerate(values_b):
        for j, va in enumerate(values_a):
            out[i, j] = v2g_economics(price_gap_yuan_per_kwh,
                                      replace(x, **{name_a: va, name_b: vb}))["net_income_yuan"]
    return out


def map_span(name: str, value: float, points: int = 41, relative: float = 0.4) -> np.ndarray:
    """Values of input ``name`` from (1 - relative) to (1 + relative) times ``value``, clipped
    to the model's domain (the axes of the 2-D net-income map)."""
    lo = clip_to_domain(name, value * (1 - relative))
    hi = clip_to_domain(name, value * (1 + relative))
    return np.linspace(lo, hi, points)
