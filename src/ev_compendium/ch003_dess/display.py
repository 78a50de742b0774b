"""Tables of chapter ch003 as the notebook shows them (reshaped for reading; no new numbers).

Each function takes the chapter's :class:`~ev_compendium.ch003_dess.results.Results` (or the
printed tables) and returns a frame that fits the book's page: units in the headers, printed
layouts next to printed counts, values formatted as a reader would write them.
"""

from __future__ import annotations

import pandas as pd

from ..tables import WrappingFrame, for_display
from .data import Printed, _choice
from .results import Results


def _layout(series: float, parallel: float) -> str:
    """A printed array layout ``XsYp`` (``—`` where the paper prints neither, ``Xs``/``Yp`` where one)."""
    parts = [f"{int(v)}{tag}" for v, tag in ((series, "s"), (parallel, "p")) if not pd.isna(v)]
    return "".join(parts) or "—"


def table1_display(printed: Printed, part: str) -> pd.DataFrame:
    """Table 1 split into its supercapacitor (``part="sc"``) or battery (``part="battery"``) half,
    the printed series/parallel counts shown as the paper's ``XsYp`` layout next to the printed
    number of units (empty cells shown as ``—``)."""
    _choice("part", part, ("sc", "battery"))
    t = printed.table1
    if part == "sc":
        out = pd.DataFrame({"vehicle": t.vehicle, "SCs": t.sc_units,
                            "layout": [_layout(s, p) for s, p in zip(t.sc_series, t.sc_parallel)],
                            "F each": t.sc_capacitance_f, "V each": t.sc_voltage_v,
                            "W each": t.sc_power_w_each})
    else:
        out = pd.DataFrame({"vehicle": t.vehicle, "cells": t.battery_cells,
                            "layout": [_layout(s, p) for s, p in zip(t.battery_series, t.battery_parallel)],
                            "kWh": t.battery_kwh, "V": t.battery_voltage_v, "chemistry": t.li_chemistry,
                            "DC/DC kW": t.dcdc_kw, "optimisation aim": t.optimisation_aim})
    return for_display(out).map(lambda v: f"{v:g}" if isinstance(v, float) else v)


def inventory_display(printed: Printed) -> pd.DataFrame:
    """Tables 2-4 side by side, one row per material (unit in the row label), blanks where absent."""
    inv = printed.inventories
    inv = inv.assign(item=[m if u == "kg" else f"{m} ({u.replace('*', '·')})" for m, u in zip(inv.material, inv.unit)],
                     in_product=inv.in_product_mass.map({1: "material (kg per kg)", 0: "process input"}))
    table = inv.pivot_table(index=["in_product", "item"], columns="component", values="value", aggfunc="sum")
    table = table[["lfp_pack", "supercapacitor", "al_ion_cell"]].rename(
        columns={"lfp_pack": "LFP pack (T2)", "supercapacitor": "SC (T3)", "al_ion_cell": "Al-ion cell (T4)"})
    table.index.names = [None, None]
    table.columns.name = None
    return table.map(lambda v: "" if pd.isna(v) else f"{v:g}")


def sizing_display(R: Results) -> pd.DataFrame:
    """The steps of the HP sizing (Section 2.4) with their formulas."""
    return R.sizing_steps.set_index(["vehicle", "step"]).round(3)


def table5_comparison(R: Results) -> pd.DataFrame:
    """Table 5 recomputed with the BMS fraction next to the printed BMS and total (kg)."""
    from .audit import table5_row_sums

    ours = R.masses.set_index(["vehicle", "case"])
    printed = table5_row_sums(R.printed).set_index(["vehicle", "case"])
    out = pd.DataFrame({
        "LFP": ours.he_lfp_kg, "HP": ours.hp_kg.round(2),
        f"BMS ({100 * R.P['bms_fraction_of_he']:g} %)": ours.bms_kg.round(2),
        "total": ours.total_kg.round(2), "printed BMS": printed.bms_casing_kg,
        "printed total": printed.total_kg, "sum of printed columns": printed.sum_of_columns_kg.round(2)})
    return out.map(lambda v: f"{v:,.2f}".rstrip("0").rstrip("."))


def table6_display(R: Results) -> pd.DataFrame:
    """Table 6 entry by entry: printed, derived and the basis of the derivation."""
    return for_display(R.table6_basis.set_index(["vehicle", "case", "component"]))


def alion_evidence_display(R: Results) -> pd.DataFrame:
    """How many first Al-ion units the Al-ion EOL rows add (:func:`~.audit.alion_replacement_evidence`)."""
    ev = R.alion_evidence.set_index(["vehicle", "category"])

    def num(v: float) -> str:
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"

    return pd.DataFrame({"first_unit": ev.first_unit.map(num), "added_at_eol": ev.added_at_eol.map(num),
                         "implied_units": ev.implied_units.map("{:.2f}".format),
                         "table6_replacements": ev.table6_replacements.astype(int)})


def fit_display(R: Results) -> pd.DataFrame:
    """Per-kg factors of the least-squares fits and their residuals (3 significant figures)."""
    fit = R.fit_summary.set_index(["category", "fit"]).rename(columns={
        "lfp_pack": "LFP pack", "supercapacitor": "SC", "al_ion_cell": "Al-ion cell",
        "max_abs_residual_pct": "max |residual| (%)", "rms_residual_pct": "rms residual (%)"})
    return fit.apply(lambda col: col.map(("{:.3g}" if "residual" not in col.name else "{:.1f}").format))


def minerals_display(R: Results) -> pd.DataFrame:
    """The copper and active-material what-ifs (Section 3), one row per scenario."""
    cu = R.minerals_whatif.set_index("scenario")
    return pd.DataFrame({"Al-ion cells (kg)": cu.al_ion_cell_kg.map("{:,.1f}".format),
                         "recycled Cu share": cu.recycled_cu_share.map("{:.0%}".format),
                         "minerals (kg Sb eq)": cu.minerals_kg_sb_eq.map("{:.4f}".format)})


def electricity_display(R: Results) -> pd.DataFrame:
    """Electricity, the starting impacts and the linear-mix prediction at the parameter's fossil share."""
    climate = R.electricity_whatif("climate")
    acid = R.electricity_whatif("acidification")
    return pd.DataFrame({
        "electricity (kWh)": climate.kwh.round().astype(int),
        "climate, start (kg CO2 eq)": climate.anchor.round().astype(int),
        "climate, model (kg CO2 eq)": climate.predicted.round().astype(int),
        "acidification, start (mol H+ eq)": acid.anchor.round(2),
        "acidification, model (mol H+ eq)": acid.predicted.round(2),
    }).set_index(pd.MultiIndex.from_frame(climate[["vehicle", "case", "stage"]]))


def wind_display(R: Results) -> pd.DataFrame:
    """Bus BOL change at 100 % wind implied by each printed (baseline, fossil) pair."""
    w = R.wind_changes.set_index(["category", "case"])
    return pd.DataFrame({"baseline": w.baseline.map("{:g}".format), "100 % fossil": w.fossil.map("{:g}".format),
                         "100 % wind (linear)": w.wind.map("{:,.1f}".format),
                         "change at 100 % wind (%)": w.change_pct.map("{:+.0f}".format)})


def sc_display(R: Results) -> pd.DataFrame:
    """Section 4: SC climate footprint per kg and for the EV's 4.32 kg of SCs."""
    return R.sc_comparison.drop(columns="key").set_index("source").round(2)


def discrepancy_counts() -> pd.DataFrame:
    """Number of registered discrepancies of each kind (:func:`~.checks.discrepancy_kinds`)."""
    from .checks import discrepancy_kinds

    return discrepancy_kinds().groupby("kind", observed=False).size().rename("discrepancies").to_frame()


def discrepancy_display() -> pd.DataFrame:
    """The registered discrepancies (:func:`~.checks.discrepancy_kinds`) narrowed to fit the page.

    Index: the kind. The source joins the quantity and the unit joins both numbers, so that the
    full diagnosis gets the width; the claim ids are in the check tables of each section."""
    from .checks import discrepancy_kinds

    kinds = discrepancy_kinds()

    def with_unit(value, unit):
        if unit in ("-", "") or pd.isna(unit):
            return f"{value}"
        if unit == "replacements" and str(value) in ("1", "1.0"):
            unit = "replacement"
        return f"{value} {unit}"

    out = pd.DataFrame({
        "kind": kinds["kind"],
        "quantity (where)": [f"{q} ({s})" for q, s in zip(kinds.quantity, kinds.source)],
        "published": [with_unit(v, u) for v, u in zip(kinds.published, kinds.unit)],
        "reproduced": [with_unit(v, u) for v, u in zip(kinds.reproduced, kinds.unit)],
        "basis": kinds.basis,
        "diagnosis": kinds.diagnosis})
    return WrappingFrame(out.set_index("kind"))


def audit_display(R: Results) -> pd.DataFrame:
    """Findings that are not a single printed number (:func:`~.audit.audit_findings`)."""
    return WrappingFrame(R.audit_findings.set_index("where"))


def status_counts() -> pd.DataFrame:
    """Registered claims of ch003 by status (:func:`ev_compendium.claims.status_summary`)."""
    from ..claims import load_claims, status_summary

    return status_summary(load_claims("ch003"))
