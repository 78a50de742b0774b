"""Everything chapter ch003 computes under one parameter set (the object ``compute(P)`` returns).

Each table is computed the first time it is asked for and kept, so the claim checks (which
need the sizing, the replacements, the EOL identities and a few what-if points) do not pay
for the least-squares fits, the audit or the figure curves, and a figure never recomputes
what a table already has. Nothing here is random.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..params import ParameterSet
from . import audit, impacts, replacements, sizing, whatifs
from .data import VEHICLES, Printed


class Results:
    """The chapter's computed tables under ``P`` (see the module docstring); ``printed`` is
    :func:`~ev_compendium.ch003_dess.data.load_printed`."""

    def __init__(self, P: ParameterSet, printed: Printed):
        self.P = P
        self.printed = printed
        self._eol: dict[tuple[str, str], pd.Series] = {}
        self._anchors: dict[str, pd.DataFrame] = {}
        self._fits: dict[str, tuple[dict[str, float], pd.DataFrame]] = {}

    # --- sizing (Section 2.4, Table 5) -----------------------------------------------------
    @cached_property
    def sizing_steps(self) -> pd.DataFrame:
        """:func:`~.sizing.sizing_steps`."""
        return sizing.sizing_steps(self.P)

    @cached_property
    def step(self) -> dict[tuple[str, str], float]:
        """Sizing steps by (vehicle, step), e.g. ``("ev", "HP power")`` (kW) or ``("bus", "SC mass")`` (kg)."""
        s = self.sizing_steps
        return dict(zip(zip(s.vehicle, s.step), s.value))

    @cached_property
    def al_capacity(self) -> tuple[float, float]:
        """Theoretical capacity of aluminium, (mAh/g, mAh/cm3) (:func:`~.sizing.theoretical_capacity_al`)."""
        return sizing.theoretical_capacity_al(self.P["al_molar_mass_g_per_mol"], self.P["al_density_g_per_cm3"],
                                              self.P["faraday_c_per_mol"])

    @cached_property
    def bus10_sc_energy_wh(self) -> float:
        """Energy of one SC module of Table 1 example 10 (140 F, 27 V), Wh."""
        t1 = self.printed.table1
        return sizing.supercap_energy_wh(t1.loc[10, "sc_capacitance_f"], t1.loc[10, "sc_voltage_v"])

    @cached_property
    def ev7_sc_specific_energy_wh_per_kg(self) -> float:
        """Specific energy of the EV's SC cell (Table 1 example 7) at the rated voltage, Wh/kg."""
        return (sizing.supercap_energy_wh(self.P["ev_sc_capacitance_f"], self.P["sc_rated_voltage_v"])
                / self.P["ev_sc_unit_mass_kg"])

    @cached_property
    def bus_he_mass_from_energy_kg(self) -> float:
        """Bus LFP pack mass from its energy and the pack specific energy of Section 2.2, kg."""
        return sizing.pack_mass_from_energy_kg(self.P["bus_pack_energy_kwh"], self.P["pack_energy_density_wh_per_kg"])

    @cached_property
    def masses(self) -> pd.DataFrame:
        """Table 5 recomputed (:func:`~.sizing.case_masses`)."""
        return sizing.case_masses(self.P, self.sizing_steps)

    @cached_property
    def mass(self) -> dict[tuple[str, str], dict[str, Any]]:
        """Table 5 recomputed, by (vehicle, case): ``{"he_lfp_kg": ..., "hp_kg": ..., ...}``."""
        return {(r["vehicle"], r["case"]): r for r in self.masses.to_dict("records")}

    # --- replacements (Section 2.5, Table 6) -----------------------------------------------
    @cached_property
    def replacements(self) -> pd.DataFrame:
        """Table 6 recomputed from the component lives (:func:`~.replacements.replacement_table`)."""
        return replacements.replacement_table(self.P)

    @cached_property
    def replacement(self) -> dict[tuple[str, str], dict[str, float]]:
        """The replacement table by (vehicle, case): ``{"eol_hp": ..., "eol_he": ..., ...}``."""
        return {(r["vehicle"], r["case"]): r for r in self.replacements.to_dict("records")}

    @cached_property
    def implied_replacements(self) -> dict[str, dict[str, int]]:
        """Replacements implied by Tables 7-8 alone, by vehicle and case."""
        return {v: replacements.replacements_implied_by_impacts(self.printed, v) for v in VEHICLES}

    # --- impacts (Tables 7-8) ----------------------------------------------------------------
    def eol(self, vehicle: str, category: str) -> pd.Series:
        """EOL of each case from the printed BOL and the replacements (:func:`~.impacts.eol_from_bol`)."""
        if (vehicle, category) not in self._eol:
            self._eol[(vehicle, category)] = impacts.eol_from_bol(self.printed, self.replacements, vehicle, category)
        return self._eol[(vehicle, category)]

    @cached_property
    def exposure(self) -> pd.DataFrame:
        """Mass of each component produced over the life (:func:`~.impacts.exposure_table`)."""
        return impacts.exposure_table(self.masses, self.replacements)

    def fit(self, category: str) -> tuple[dict[str, float], pd.DataFrame]:
        """Joint (bus + EV) per-kg least-squares fit of one category."""
        if category not in self._fits:
            self._fits[category] = impacts.fit_per_kg_factors(self.exposure, self.printed, category)
        return self._fits[category]

    @cached_property
    def fit_summary(self) -> pd.DataFrame:
        """:func:`~.impacts.fit_summary`."""
        return impacts.fit_summary(self.exposure, self.printed)

    @cached_property
    def increments(self) -> pd.DataFrame:
        """:func:`~.impacts.implied_increments`."""
        return impacts.implied_increments(self.masses, self.replacements, self.printed)

    def ratios(self, vehicle: str) -> pd.DataFrame:
        """Figures 3-4: published impacts over the Li-only EOL (:func:`~.impacts.ratio_to_li_only_eol`)."""
        return impacts.ratio_to_li_only_eol(self.printed, vehicle)

    # --- what-ifs (Sections 3, 3.1, 4) -------------------------------------------------------
    def anchor(self, category: str) -> pd.DataFrame:
        """Starting point of the what-ifs (:func:`~.whatifs.anchor_impacts`)."""
        if category not in self._anchors:
            self._anchors[category] = whatifs.anchor_impacts(self.printed, self.replacements, category)
        return self._anchors[category]

    @cached_property
    def kwh(self) -> pd.DataFrame:
        """Manufacturing electricity per vehicle/case/stage (:func:`~.whatifs.electricity_kwh`)."""
        return whatifs.electricity_kwh(self.exposure, self.printed)

    def electricity_whatif(self, category: str, fossil_share: float | None = None) -> pd.DataFrame:
        """:func:`~.whatifs.electricity_whatif` at ``fossil_share`` (default: the parameter)."""
        share = self.P["electricity_fossil_share"] if fossil_share is None else fossil_share
        return whatifs.electricity_whatif(self.kwh, self.anchor(category), self.printed, category, share,
                                          self.P["electricity_baseline_fossil_share"])

    def electricity_curve(self, category: str, shares: np.ndarray) -> pd.DataFrame:
        """Bus BOL impact of each case against the fossil share (:func:`~.whatifs.electricity_curve`)."""
        return whatifs.electricity_curve(self.kwh, self.anchor(category), self.printed, category, shares,
                                         self.P["electricity_baseline_fossil_share"])

    @cached_property
    def wind_changes(self) -> pd.DataFrame:
        """:func:`~.whatifs.wind_change_from_printed_pairs`."""
        return whatifs.wind_change_from_printed_pairs(self.printed, self.P["electricity_baseline_fossil_share"])

    def fossil_upper_bound(self, case: str, category: str) -> float:
        """:func:`~.whatifs.fossil_upper_bound` at the baseline fossil share of the parameters."""
        return whatifs.fossil_upper_bound(self.printed, case, category, self.P["electricity_baseline_fossil_share"])

    @cached_property
    def alion_electricity_needed_mj_per_kg(self) -> float:
        """:func:`~.whatifs.alion_electricity_needed_mj_per_kg`."""
        return whatifs.alion_electricity_needed_mj_per_kg(self.kwh, self.masses, self.printed,
                                                          self.P["electricity_baseline_fossil_share"])

    @cached_property
    def tkm(self) -> pd.DataFrame:
        """Transport per vehicle/case/stage (:func:`~.whatifs.transport_tkm`)."""
        return whatifs.transport_tkm(self.exposure, self.printed, self.P["alion_transport_tkm_per_kg"])

    def transport_whatif(self, multiplier: float | None = None) -> pd.DataFrame:
        """:func:`~.whatifs.transport_whatif` at ``multiplier`` (default: the parameter)."""
        m = self.P["transport_multiplier"] if multiplier is None else multiplier
        return whatifs.transport_whatif(self.tkm, self.anchor("acidification"), self.printed, m)

    @cached_property
    def minerals_whatif(self) -> pd.DataFrame:
        """:func:`~.whatifs.alion_minerals_whatif`."""
        return whatifs.alion_minerals_whatif(self.P, self.printed, self.masses, self.replacements,
                                             self.step[("ev", "Al-ion active mass")])

    @cached_property
    def sc_comparison(self) -> pd.DataFrame:
        """:func:`~.whatifs.sc_per_kg_comparison`."""
        return whatifs.sc_per_kg_comparison(self.P, self.printed)

    # --- audit ---------------------------------------------------------------------------------
    @cached_property
    def table1_counts(self) -> pd.DataFrame:
        """:func:`~.audit.table1_count_checks`."""
        return audit.table1_count_checks(self.printed)

    @cached_property
    def layout_count(self) -> dict[tuple[int, str], int]:
        """Series x parallel of each printed Table 1 layout, by (example, ``"SC"`` or ``"battery"``)."""
        t = self.table1_counts
        return dict(zip(zip(t.example, t.array), t["product"]))

    @cached_property
    def alion_evidence(self) -> pd.DataFrame:
        """:func:`~.audit.alion_replacement_evidence` with the replacements of the parameters."""
        return audit.alion_replacement_evidence(self.printed, self.replacements)

    @cached_property
    def table6_basis(self) -> pd.DataFrame:
        """:func:`~.audit.table6_basis`."""
        return audit.table6_basis(self.P, self.printed)

    @cached_property
    def audit_findings(self) -> pd.DataFrame:
        """:func:`~.audit.audit_findings`."""
        return audit.audit_findings(self.P, self.printed, self.sizing_steps, self.increments, self.sc_comparison)

    @cached_property
    def active30_minerals_upper_bound(self) -> float:
        """:func:`~.audit.active30_minerals_upper_bound`."""
        return audit.active30_minerals_upper_bound(self.printed)

