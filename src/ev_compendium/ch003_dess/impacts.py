"""Impacts over the vehicle's life (Melzack et al. 2023, Section 3, Tables 7-8, Figures 3-4).

The paper's LCA (openLCA, ecoinvent 3.2 / GaBi, EU Environmental Footprint) cannot be re-run:
its BOL results are inputs here. What follows from them:

* **EOL from BOL** (:func:`eol_from_bol`): the HE part of every case (LFP cells + BMS, the same
  in all cases of a vehicle) is the Li-ion-only BOL impact and is built ``1 + r_HE`` times;
  the HP increment (case BOL minus Li-ion-only BOL) is built ``1 + r_HP`` times;
* **a per-kg impact model** ``I_c = sum_k m_k (1 + r_k) f_kc`` (:func:`exposure_table`,
  :func:`predict_impacts`) whose non-negative factors are fitted to Tables 7-8 by least
  squares (:func:`fit_per_kg_factors`), and the per-kg factors implied exactly by the
  differences between cases (:func:`implied_increments`).

Impacts are in the units of Tables 7-8 (kg CO2 eq, mol H+ eq, kg Sb eq, MJ); masses in kg.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.optimize import nnls

from ..validate import ParameterError, check_range
from .data import CASES, CATEGORIES, COMPONENTS, STAGES, VEHICLES, Printed, _choice


def eol_from_bol_value(li_only_bol: float, case_bol: float, he_replacements: float,
                       hp_replacements: float) -> float:
    """EOL impact of one case from BOL impacts and replacements (the identity of Section 2.5).

    ``li_only_bol * (1 + r_HE) + (case_bol - li_only_bol) * (1 + r_HP)``: the HE part
    (LFP cells and BMS, equal in every case) is built ``1 + r_HE`` times, the HP increment
    ``1 + r_HP`` times. For the Li-ion-only case ``case_bol == li_only_bol``."""
    return li_only_bol * (1.0 + he_replacements) + (case_bol - li_only_bol) * (1.0 + hp_replacements)


def eol_replacements(reps: pd.DataFrame) -> dict[tuple[str, str], tuple[float, float]]:
    """``{(vehicle, case): (r_HP, r_HE)}`` at EOL from a replacement table (no HP: 0)."""
    return {(v, c): (0.0 if pd.isna(hp) else float(hp), float(he))
            for v, c, hp, he in zip(reps.vehicle, reps.case, reps.eol_hp, reps.eol_he)}


def eol_from_bol(printed: Printed, reps: pd.DataFrame, vehicle: str, category: str) -> pd.Series:
    """EOL of each case predicted from the published BOL and the replacements ``reps``
    (:func:`~ev_compendium.ch003_dess.replacements.replacement_table`), by
    :func:`eol_from_bol_value`."""
    _choice("category", category, CATEGORIES)
    counts = eol_replacements(reps)
    li_bol = printed.impact(vehicle, "Li-ion only", "BOL", category)
    out = {}
    for case in CASES:
        r_hp, r_he = counts[(vehicle, case)]
        out[case] = eol_from_bol_value(li_bol, printed.impact(vehicle, case, "BOL", category), r_he, r_hp)
    return pd.Series(out, name=f"{vehicle} {category} EOL from BOL")


def ratio_to_li_only_eol(printed: Printed, vehicle: str) -> pd.DataFrame:
    """Published impacts divided by the Li-only EOL value (Figures 3-4), case/stage x category."""
    rows = []
    for category in CATEGORIES:
        ref = printed.impact(vehicle, "Li-ion only", "EOL", category)
        for case in CASES:
            for stage in STAGES:
                rows.append(dict(case=case, stage=stage, category=category,
                                 ratio=printed.impact(vehicle, case, stage, category) / ref))
    return pd.DataFrame(rows)


def exposure_table(masses: pd.DataFrame, reps: pd.DataFrame) -> pd.DataFrame:
    """Mass of each component produced over the life (kg): mass x (1 + replacements).

    One row per vehicle, case and stage; columns ``lfp_pack`` (HE + BMS: the BMS is part of
    the Table 2 pack and is replaced with it), ``supercapacitor``, ``al_ion_cell``.
    ``masses`` is :func:`~ev_compendium.ch003_dess.sizing.case_masses`, ``reps`` the
    replacement table."""
    at_eol = eol_replacements(reps)
    rows = []
    for m in masses.itertuples(index=False):
        for stage in STAGES:
            r_hp, r_he = at_eol[(m.vehicle, m.case)] if stage == "EOL" else (0.0, 0.0)  # none at BOL
            row = dict(vehicle=m.vehicle, case=m.case, stage=stage,
                       lfp_pack=(m.he_lfp_kg + m.bms_kg) * (1 + r_he), supercapacitor=0.0, al_ion_cell=0.0)
            if m.hp_type == "SC":
                row["supercapacitor"] = m.hp_kg * (1 + r_hp)
            elif m.hp_type == "Al-ion":
                row["al_ion_cell"] = m.hp_kg * (1 + r_hp)
            rows.append(row)
    return pd.DataFrame(rows)


def _mass_times_factor(masses_kg: np.ndarray, factors: Mapping[str, float]) -> np.ndarray:
    """Sum over components of produced mass (kg; one column per component, ``COMPONENTS``
    order) x per-kg factor; a component without a factor counts 0."""
    return sum(masses_kg[:, j] * factors.get(k, 0.0) for j, k in enumerate(COMPONENTS))


def predict_impacts(exposure: pd.DataFrame, factors: Mapping[str, float]) -> pd.Series:
    """Impact = sum over components of produced mass (kg) x per-kg factor (>= 0)."""
    for k, v in factors.items():
        _choice("factor key", k, COMPONENTS)
        check_range(f"factor[{k}]", float(v), 0.0, None, what="argument")
    return pd.Series(_mass_times_factor(exposure[list(COMPONENTS)].to_numpy(float), factors), index=exposure.index)


def _fitted_rows(exposure: pd.DataFrame, vehicles: tuple[str, ...]) -> pd.DataFrame:
    """The exposure rows a fit uses: those of ``vehicles``, the SC/Li-ion EOL rows left out
    (identical to its BOL rows, so counted once)."""
    if not vehicles or set(vehicles) - set(VEHICLES):
        raise ParameterError(f"argument 'vehicles' = {vehicles!r}: need a non-empty subset of {VEHICLES}")
    exp = exposure[exposure.vehicle.isin(vehicles)]
    return exp[~((exp.case == "SC/Li-ion") & (exp.stage == "EOL"))].reset_index(drop=True)


def _nnls_fit(masses_kg: np.ndarray, published: np.ndarray, vehicles: tuple[str, ...]
              ) -> tuple[dict[str, float], np.ndarray]:
    """Factors minimising the squared relative residuals, and the fitted impacts.

    ``masses_kg`` has one column per component (``COMPONENTS`` order) and one row per published
    value; components without any produced mass are left out of the fit (no factor)."""
    used = [j for j, _ in enumerate(COMPONENTS) if np.abs(masses_kg[:, j]).sum() > 0]
    if not used:  # no rows, or no produced mass: scipy's nnls would abort the process on it
        raise ValueError(f"nothing to fit: no component has a produced mass in the exposure rows of "
                         f"{vehicles!r} ({len(masses_kg)} row(s))")
    coef, _ = nnls(masses_kg[:, used] / published[:, None], np.ones(len(published)))
    factors = {COMPONENTS[j]: float(c) for j, c in zip(used, coef)}
    return factors, _mass_times_factor(masses_kg, factors)


def fit_per_kg_factors(exposure: pd.DataFrame, printed: Printed, category: str,
                       vehicles: tuple[str, ...] = VEHICLES) -> tuple[dict[str, float], pd.DataFrame]:
    """Non-negative least-squares per-kg factors for one impact category.

    Minimises the sum of squared *relative* residuals (each row divided by its published
    value) over the Tables 7-8 rows of ``vehicles``; the SC/Li-ion BOL and EOL rows are
    identical and are counted once. Returns (factors, residual table).
    """
    _choice("category", category, CATEGORIES)
    exp = _fitted_rows(exposure, vehicles)
    published = np.array([printed.impact(v, c, s, category) for v, c, s in zip(exp.vehicle, exp.case, exp.stage)])
    factors, fitted = _nnls_fit(exp[list(COMPONENTS)].to_numpy(float), published, vehicles)
    table = exp[["vehicle", "case", "stage"]].copy()
    table["published"] = published
    table["fitted"] = fitted
    table["residual_pct"] = 100 * (table.fitted - published) / published
    return factors, table


def fit_summary(exposure: pd.DataFrame, printed: Printed) -> pd.DataFrame:
    """Per-kg factors and worst relative residual, per category, joint and per-vehicle fits
    (:func:`fit_per_kg_factors`' fits, on arrays: the chapter's parameter sweeps compute it
    often)."""
    exp = _fitted_rows(exposure, VEHICLES)
    masses_kg = exp[list(COMPONENTS)].to_numpy(float)
    vehicle = exp.vehicle.to_numpy()
    keys = list(zip(exp.vehicle, exp.case, exp.stage))
    rows = []
    for category in CATEGORIES:
        published = np.array([printed.impact(v, c, s, category) for v, c, s in keys])
        for label, vehicles in (("bus + EV", VEHICLES), ("bus only", ("bus",)), ("EV only", ("ev",))):
            rows_of = np.isin(vehicle, vehicles)
            f, fitted = _nnls_fit(masses_kg[rows_of], published[rows_of], vehicles)
            residual_pct = 100 * (fitted - published[rows_of]) / published[rows_of]
            rows.append(dict(category=category, fit=label,
                             lfp_pack=f.get("lfp_pack", 0.0), supercapacitor=f.get("supercapacitor", 0.0),
                             al_ion_cell=f.get("al_ion_cell", 0.0),
                             max_abs_residual_pct=np.abs(residual_pct).max(),
                             rms_residual_pct=float(np.sqrt((residual_pct**2).mean()))))
    return pd.DataFrame(rows)


def implied_increments(masses: pd.DataFrame, reps: pd.DataFrame, printed: Printed) -> pd.DataFrame:
    """Per-kg factors implied exactly by differences between published cases.

    * ``LFP pack``: Li-only BOL / (HE + BMS mass);
    * ``SC, first unit``: (SC/Li-ion BOL - Li-only BOL) / SC mass;
    * ``Al-ion, first unit``: (Al-ion/Li-ion BOL - Li-only BOL) / Al-ion mass;
    * ``Al-ion, each replacement``: (Al-ion/Li-ion EOL - BOL) / (replacements x Al-ion mass),
      ``NaN`` without a replacement.

    A consistent per-kg model needs every factor of a component to agree across rows and
    vehicles and to be positive; the table shows they do not.
    """
    m = masses.set_index(["vehicle", "case"])
    r = reps.set_index(["vehicle", "case"])
    rows = []
    for vehicle in VEHICLES:
        li = m.loc[(vehicle, "Li-ion only")]
        sc = m.loc[(vehicle, "SC/Li-ion"), "hp_kg"]
        al = m.loc[(vehicle, "Al-ion/Li-ion"), "hp_kg"]
        r_al = float(r.loc[(vehicle, "Al-ion/Li-ion"), "eol_hp"])
        for category in CATEGORIES:
            t = printed.impact_matrix(vehicle, category)
            li_bol = t.loc["Li-ion only", "BOL"]
            added = t.loc["Al-ion/Li-ion", "EOL"] - t.loc["Al-ion/Li-ion", "BOL"]
            rows += [
                dict(vehicle=vehicle, category=category, basis="LFP pack (Li-only BOL)",
                     per_kg=li_bol / (li.he_lfp_kg + li.bms_kg)),
                dict(vehicle=vehicle, category=category, basis="SC, first unit (BOL)",
                     per_kg=(t.loc["SC/Li-ion", "BOL"] - li_bol) / sc),
                dict(vehicle=vehicle, category=category, basis="Al-ion, first unit (BOL)",
                     per_kg=(t.loc["Al-ion/Li-ion", "BOL"] - li_bol) / al),
                dict(vehicle=vehicle, category=category, basis="Al-ion, each replacement (EOL-BOL)",
                     per_kg=added / (r_al * al) if r_al > 0 else np.nan),
            ]
    return pd.DataFrame(rows)
