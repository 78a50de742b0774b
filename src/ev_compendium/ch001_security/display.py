"""Tables and figures of the ch001 notebook (Guo et al. 2024, Sections 1, 3.2 and 3.3).

Presentation only: every number comes from :func:`ev_compendium.ch001_security.compute`
(``Results``) or, for the paper's printed context numbers and scenario grids, from
:mod:`.checks`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..claims import STATUSES, load_claims
from ..params import ParameterSet
from . import Results, checks, context, data

# Reader-facing labels of the V2G inputs (figures only; symbols as in eqs. v2g-*).
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


def share_label(share: float) -> str:
    """``0.2`` -> ``"EV 20 %"``."""
    return f"EV {100 * share:.0f} %"


# --- context (Introduction, Section 1) ----------------------------------------------------

def sales_context() -> pd.DataFrame:
    """2022 BEV sales (cited) with the 2021 levels and China's share they imply."""
    rows = []
    for region, (sales, growth) in checks.published_sales().items():
        rows.append({"region": region, "2022 sales (M, cited)": sales,
                     "growth 2022 (%, cited)": growth,
                     "implied 2021 sales (M)": round(context.implied_previous_year(sales, growth), 3)})
    table = pd.DataFrame(rows).set_index("region")
    table["share of world 2022 (%)"] = (100 * table["2022 sales (M, cited)"]
                                        / table.loc["World", "2022 sales (M, cited)"]).round(1)
    return table


def status_counts() -> pd.DataFrame:
    """ch001's registry rows counted by status."""
    counts = load_claims("ch001")["status"].value_counts()
    return counts.reindex(STATUSES, fill_value=0).rename_axis("status").to_frame("claims")


# --- Section 3.2: V2G ---------------------------------------------------------------------

def v2g_results_table(R: Results) -> pd.DataFrame:
    """Yearly amounts per vehicle (yuan), one row per price gap, rounded to whole yuan."""
    shown = R.v2g_table[["total_revenue_yuan", "degradation_cost_yuan", "fixed_cost_yuan",
                         "net_income_yuan"]]
    return shown.rename_axis("P_gap (yuan/kWh)").rename(columns={
        "total_revenue_yuan": "total revenue R", "degradation_cost_yuan": "battery wear",
        "fixed_cost_yuan": "charger + fee", "net_income_yuan": "net income N",
    }).round(0).astype(int)


def scenario_grid_table(P: ParameterSet) -> pd.DataFrame:
    """The scenario grids Section 3 prints next to the ones this run uses."""
    paper = checks.paper_scenario_grids()
    return pd.DataFrame(
        {"paper (Section 3)": [paper["price_gaps_yuan_per_kwh"],
                               [round(100 * s) for s in paper["ev_shares"]]],
         "used here": [list(P["v2g_price_gaps_yuan_per_kwh"]),
                       [round(100 * s) for s in P["fleet_ev_shares"]]]},
        index=["P_gap scenarios (yuan/kWh)", "EV-share scenarios (%)"])


def plot_v2g_revenue(R: Results, ax: plt.Axes) -> None:
    """Total revenue and net income against the price gap, with the break-even gap."""
    table, p_star = R.v2g_table, R.break_even_gap_yuan_per_kwh
    ax.plot(table.index, table["total_revenue_yuan"], "o-", label="total revenue $R$")
    ax.plot(table.index, table["net_income_yuan"], "s-", label="net income $N$")
    ax.axhline(0, color="black", lw=0.8)
    ax.axvline(p_star, color="gray", ls=":", label=f"break-even $P^*_{{gap}}$ = {p_star:.2f}")
    ax.set_xlabel("peak-valley price gap $P_{gap}$ (yuan/kWh)")
    ax.set_ylabel("yuan per vehicle per year")
    ax.legend(loc="lower right")
    ax.grid(alpha=0.3)


def plot_tornado(R: Results, ax: plt.Axes) -> None:
    """One-at-a-time -20 % (red) / +20 % (blue) bars of net income, widest on top."""
    oat = R.sensitivity
    ypos = np.arange(len(oat))[::-1]
    base = oat.attrs["base_net_income_yuan"]
    for y, (_, row) in zip(ypos, oat.iterrows()):
        ax.barh(y, row["net_income_low_yuan"] - base, left=base, color="#C44E52", alpha=0.8,
                label="input -20 %" if y == ypos[0] else None)
        ax.barh(y, row["net_income_high_yuan"] - base, left=base, color="#4C72B0", alpha=0.8,
                label="input +20 %" if y == ypos[0] else None)
    ax.axvline(base, color="black", lw=0.8)
    ax.text(base, ypos[0] + 0.6, f" baseline {base:,.0f}", va="bottom")
    ax.set_ylim(ypos[-1] - 0.6, ypos[0] + 1.3)
    ax.set_yticks(ypos, [INPUT_LABELS[name] for name in oat.index])
    ax.set_xlabel(f"net income N at $P_{{gap}}$ = {R.sensitivity_gap_yuan_per_kwh:g} yuan/kWh "
                  "(yuan per vehicle-year)")
    ax.legend(loc="lower right")
    ax.grid(axis="x", alpha=0.3)


def plot_net_income_map(R: Results, fig: plt.Figure, ax: plt.Axes) -> None:
    """Net income over the two most influential inputs, break-even contour and baseline."""
    (name_a, name_b), (va, vb), grid = R.map_inputs, R.map_values, R.map_net_income_yuan
    limit = float(np.abs(grid).max()) or 1.0
    mesh = ax.pcolormesh(va, vb, grid, cmap="RdBu", shading="auto", vmin=-limit, vmax=limit)
    if grid.min() < 0 < grid.max():
        ax.contour(va, vb, grid, levels=[0], colors="black")
    ax.plot(getattr(R.v2g_inputs, name_a), getattr(R.v2g_inputs, name_b), "kx", ms=10)
    fig.colorbar(mesh, ax=ax, label="net income N (yuan/yr)")
    ax.set_xlabel(INPUT_LABELS[name_a])
    ax.set_ylabel(INPUT_LABELS[name_b])
    ax.set_title(f"$P_{{gap}}$ = {R.sensitivity_gap_yuan_per_kwh:g} yuan/kWh")


# --- Section 3.3: fleet -------------------------------------------------------------------

def fleet_inputs_table(R: Results) -> pd.DataFrame:
    """Yearly inputs with the grid factor and the per-km CO2 they imply."""
    derived = ["grid_factor_kg_per_kwh", "ev_kg_co2_per_km", "fv_kg_co2_per_km"]
    table = R.fleet_inputs.join(R.per_km[derived].round(3))
    table.insert(table.columns.get_loc("grid_factor_kg_per_kwh") + 1, "grid factor is",
                 ["official" if y in data.OFFICIAL_GRID_FACTORS else "derived" for y in table.index])
    return table.rename(columns={
        "vehicle_stock_million": "cars (M)", "vkt_km_per_vehicle": "km per car",
        "fv_gasoline_l_per_100km": "FV L/100 km", "ev_kwh_per_100km": "EV kWh/100 km",
        "grid_factor_kg_per_kwh": "grid kg CO2/kWh", "ev_kg_co2_per_km": "EV kg CO2/km",
        "fv_kg_co2_per_km": "FV kg CO2/km (WTW)"})


def by_share_table(table: pd.DataFrame, digits: int = 1) -> pd.DataFrame:
    """A year x EV-share table with readable column names, rounded."""
    return table.rename(columns=share_label).rename_axis(columns=None).round(digits)


def peak_year_table(R: Results) -> pd.DataFrame:
    """Year of peak energy use per EV-share scenario (one row)."""
    peaks = R.peak_years.copy()
    peaks.index = [share_label(s) for s in peaks.index]
    return peaks.to_frame("year of peak energy use").T


def per_km_ranges(R: Results) -> str:
    """One sentence: the 2015-2022 range of per-km energy and CO2 of an EV and an FV."""
    def span(column: str) -> str:
        return f"**{R.per_km[column].min():.3f}–{R.per_km[column].max():.3f}**"
    return (f"Per vehicle-km over {R.per_km.index.min()}–{R.per_km.index.max()}: "
            f"{span('ev_kgce_per_km')} kgce for an EV against {span('fv_kgce_per_km')} for an "
            f"FV; {span('ev_kg_co2_per_km')} kg CO2 against {span('fv_kg_co2_per_km')}.")


def plot_fleet(R: Results, fig: plt.Figure, axes) -> None:
    """Energy (Mtce) and CO2 (Mt) by year, one curve per EV-share scenario."""
    cmap = plt.get_cmap("viridis")
    shares = list(R.energy_mtce.columns)
    for k, share in enumerate(shares):
        color = cmap(0.9 * k / max(len(shares) - 1, 1))  # stop before pale yellow
        axes[0].plot(R.energy_mtce.index, R.energy_mtce[share], "o-", color=color, ms=4,
                     label=share_label(share))
        axes[1].plot(R.co2_mt.index, R.co2_mt[share], "o-", color=color, ms=4,
                     label=share_label(share))
    axes[0].set_ylabel("energy use (Mtce)")
    axes[1].set_ylabel("CO$_2$ (Mt)")
    for ax in axes:
        ax.set_xlabel("year")
        ax.tick_params(axis="x", labelrotation=45)
        ax.grid(alpha=0.3)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="upper center", ncol=len(shares),
               bbox_to_anchor=(0.5, 1.0), frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 0.92))


def plot_marginal(R: Results, axes) -> None:
    """Left: CO2 avoided per +10 pp of EV share; right: per-km CO2 of an EV and an FV."""
    marginal, per_km = R.marginal_benefit_mt_per_10pp, R.per_km
    axes[0].bar(marginal.index, marginal.values, color="#55A868")
    axes[0].set_ylabel("CO$_2$ avoided per +10 pp\nof EV share (Mt/yr)")
    axes[1].plot(per_km.index, per_km["fv_kg_co2_per_km"], "o-", label="fuel vehicle (well-to-wheel)")
    axes[1].plot(per_km.index, per_km["ev_kg_co2_per_km"], "s-", label="EV (grid electricity)")
    axes[1].set_ylim(0, None)
    axes[1].set_ylabel("kg CO$_2$ per vehicle-km")
    axes[1].legend(loc="lower left")
    for ax in axes:
        ax.set_xlabel("year")
        ax.set_xticks(marginal.index)
        ax.tick_params(axis="x", labelrotation=45)
        ax.grid(alpha=0.3)
