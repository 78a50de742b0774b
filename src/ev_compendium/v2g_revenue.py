"""Single-vehicle V2G arbitrage revenue under peak-valley price gaps (ch001, Guo et al. 2024, Section 3.2).

The paper (Section 3.2) follows the "cost-benefit calculation method" of its ref. 5
(Yang, Guo & Cao 2020) and reports only the qualitative result: "both total revenue
and net income ... increase with larger peak-valley electricity price differences"
for P_gap = 0.3 ... 0.8 yuan/kWh. Ref. 5's inputs are not printed, so this module
re-implements the method in its textbook form with every input a named parameter
(``data/params/ch001.yaml``, ``v2g_*``):

* energy sold to the grid per year (kWh)
  ``E_dis = capacity_kwh * dod * cycles_per_day * days_per_year``                (eq. v2g-energy)
* energy bought in the valley to supply it: ``E_ch = E_dis / eta_rt``
* total (arbitrage) revenue, yuan/yr
  ``R = E_dis * (p_valley + P_gap) - E_ch * p_valley``                           (eq. v2g-revenue)
* battery-degradation cost, yuan/yr: ``C_deg = E_dis * battery_price / cycle_life_efc``
  (replacement cost spread over the lifetime throughput of ``cycle_life_efc``
  equivalent full cycles)
* annualised equipment/participation cost, yuan/yr:
  ``C_fix = equipment_cost * CRF(r, n) + participation_fee``
* net income ``N = R - C_deg - C_fix``                                             (eq. v2g-net)

``N`` is linear in ``P_gap``, so the break-even gap has a closed form
(:func:`break_even_price_gap`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd


def _check(name: str, value: float, lo: float | None = None, hi: float | None = None,
           lo_open: bool = False, hi_open: bool = False) -> float:
    """Return ``value`` as float or raise ValueError naming ``name`` and its valid range."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    bad_lo = lo is not None and (value < lo or (lo_open and value == lo))
    bad_hi = hi is not None and (value > hi or (hi_open and value == hi))
    if bad_lo or bad_hi:
        left = "(" if lo_open else "["
        right = ")" if hi_open else "]"
        rng = f"{left}{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}{right}"
        raise ValueError(f"{name} = {value!r} is out of range: valid range is {rng}")
    return value


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

    def __post_init__(self):
        _check("battery_capacity_kwh", self.battery_capacity_kwh, 0, None, lo_open=True)
        _check("dod", self.dod, 0, 1, lo_open=True)
        _check("cycles_per_day", self.cycles_per_day, 0, 24, lo_open=True)
        _check("days_per_year", self.days_per_year, 0, 366, lo_open=True)
        _check("roundtrip_efficiency", self.roundtrip_efficiency, 0, 1, lo_open=True)
        _check("valley_price_yuan_per_kwh", self.valley_price_yuan_per_kwh, 0, None)
        _check("battery_price_yuan_per_kwh", self.battery_price_yuan_per_kwh, 0, None)
        _check("cycle_life_efc", self.cycle_life_efc, 0, None, lo_open=True)
        _check("equipment_cost_yuan", self.equipment_cost_yuan, 0, None)
        _check("equipment_life_years", self.equipment_life_years, 0, None, lo_open=True)
        _check("discount_rate", self.discount_rate, 0, 1)
        _check("participation_fee_yuan_per_year", self.participation_fee_yuan_per_year, 0, None)

    @classmethod
    def from_params(cls, params: Mapping) -> "V2GInputs":
        """Build from a chapter ParameterSet (keys ``v2g_<field>``)."""
        return cls(**{f.name: params[f"v2g_{f.name}"] for f in fields(cls)})


def capital_recovery_factor(rate: float, years: float) -> float:
    """CRF = r(1+r)^n / ((1+r)^n - 1); 1/n when r = 0 (annuity of a unit investment)."""
    rate = _check("discount_rate", rate, 0, 1)
    years = _check("equipment_life_years", years, 0, None, lo_open=True)
    if rate == 0:
        return 1.0 / years
    growth = (1 + rate) ** years
    return rate * growth / (growth - 1)


def annual_discharge_kwh(x: V2GInputs) -> float:
    """Energy sold to the grid per vehicle-year, kWh (eq. v2g-energy)."""
    return x.battery_capacity_kwh * x.dod * x.cycles_per_day * x.days_per_year


def degradation_cost_yuan_per_kwh(x: V2GInputs) -> float:
    """Battery wear per kWh discharged: battery price / lifetime equivalent full cycles."""
    return x.battery_price_yuan_per_kwh / x.cycle_life_efc


def annual_fixed_cost_yuan(x: V2GInputs) -> float:
    """Annualised bidirectional-charger cost plus the yearly participation fee, yuan/yr."""
    return (x.equipment_cost_yuan * capital_recovery_factor(x.discount_rate, x.equipment_life_years)
            + x.participation_fee_yuan_per_year)


def v2g_economics(price_gap_yuan_per_kwh: float, x: V2GInputs) -> dict[str, float]:
    """Yearly economics of one vehicle at one peak-valley gap (eqs. v2g-revenue and v2g-net).

    Returns energy (kWh/yr), total revenue, degradation cost, fixed cost and net income
    (yuan/yr). Raises ValueError for a negative gap.
    """
    gap = _check("price_gap_yuan_per_kwh", price_gap_yuan_per_kwh, 0, None)
    e_dis = annual_discharge_kwh(x)
    e_ch = e_dis / x.roundtrip_efficiency
    peak = x.valley_price_yuan_per_kwh + gap
    revenue = e_dis * peak - e_ch * x.valley_price_yuan_per_kwh
    deg = e_dis * degradation_cost_yuan_per_kwh(x)
    fixed = annual_fixed_cost_yuan(x)
    return {
        "price_gap_yuan_per_kwh": gap,
        "discharged_kwh": e_dis,
        "charged_kwh": e_ch,
        "total_revenue_yuan": revenue,
        "degradation_cost_yuan": deg,
        "fixed_cost_yuan": fixed,
        "net_income_yuan": revenue - deg - fixed,
    }


def revenue_table(price_gaps_yuan_per_kwh: Sequence[float], x: V2GInputs) -> pd.DataFrame:
    """One row per price-gap scenario (Section 3.2's six scenarios by default)."""
    if len(price_gaps_yuan_per_kwh) == 0:
        raise ValueError("price_gaps_yuan_per_kwh must hold at least one gap")
    rows = [v2g_economics(g, x) for g in price_gaps_yuan_per_kwh]
    return pd.DataFrame(rows).set_index("price_gap_yuan_per_kwh")


def break_even_price_gap(x: V2GInputs) -> float:
    """Gap (yuan/kWh) at which net income is zero: N is linear in P_gap with slope E_dis.

    P* = p_valley (1/eta - 1) + c_deg + C_fix / E_dis.
    """
    e_dis = annual_discharge_kwh(x)
    return (x.valley_price_yuan_per_kwh * (1 / x.roundtrip_efficiency - 1)
            + degradation_cost_yuan_per_kwh(x) + annual_fixed_cost_yuan(x) / e_dis)


def is_increasing(values: Sequence[float]) -> bool:
    """True when ``values`` rise strictly from each element to the next."""
    arr = np.asarray(values, dtype=float)
    return bool(arr.size >= 2 and np.all(np.diff(arr) > 0))


SENSITIVITY_FIELDS = (
    "battery_capacity_kwh", "dod", "cycles_per_day", "days_per_year", "roundtrip_efficiency",
    "valley_price_yuan_per_kwh", "battery_price_yuan_per_kwh", "cycle_life_efc",
    "equipment_cost_yuan", "participation_fee_yuan_per_year",
)


def one_at_a_time_sensitivity(price_gap_yuan_per_kwh: float, x: V2GInputs,
                              relative_step: float = 0.2) -> pd.DataFrame:
    """Net income when each input moves by -/+ ``relative_step`` (clipped to its valid range).

    Returns one row per input sorted by swing (|high - low|, yuan/yr), largest first.
    """
    step = _check("relative_step", relative_step, 0, 1, lo_open=True, hi_open=True)
    base = v2g_economics(price_gap_yuan_per_kwh, x)["net_income_yuan"]
    rows = []
    for name in SENSITIVITY_FIELDS:
        value = getattr(x, name)
        results = {}
        for label, factor in (("low", 1 - step), ("high", 1 + step)):
            new = value * factor
            if name in ("dod", "roundtrip_efficiency"):
                new = min(new, 1.0)
            results[label] = v2g_economics(price_gap_yuan_per_kwh,
                                           replace(x, **{name: new}))["net_income_yuan"]
        rows.append({"input": name, "base_value": value,
                     "net_income_low_yuan": results["low"],
                     "net_income_high_yuan": results["high"],
                     "swing_yuan": abs(results["high"] - results["low"])})
    table = pd.DataFrame(rows).set_index("input").sort_values("swing_yuan", ascending=False)
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


# Reader-facing labels of the inputs (figures and tables only; symbols as in eqs. v2g-*).
INPUT_LABELS = {
    "battery_capacity_kwh": "battery capacity $C$ (kWh)",
    "dod": "depth of discharge $d$",
    "cycles_per_day": "cycles per day $n$",
    "days_per_year": "V2G days per year $D$",
    "roundtrip_efficiency": r"round-trip efficiency $\eta$",
    "valley_price_yuan_per_kwh": "valley price $p_v$ (yuan/kWh)",
    "battery_price_yuan_per_kwh": "battery price $c_b$ (yuan/kWh)",
    "cycle_life_efc": "cycle life $L$ (full cycles)",
    "equipment_cost_yuan": "charger cost $I$ (yuan)",
    "equipment_life_years": "charger life $m$ (years)",
    "discount_rate": "discount rate $r$",
    "participation_fee_yuan_per_year": "yearly fee $F$ (yuan/yr)",
}
