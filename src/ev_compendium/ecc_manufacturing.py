"""Energy-Carbon-Cost (ECC) model of NEV power-system manufacturing (Li 2026, chapter ch000).

The paper's framework (Section 3.1) has three constructs:

* Lifecycle Energy Flow, ``E_total = sum_i E_i`` (kWh per unit);
* Carbon Intensity Function, ``C_total = sum_i E_i * f_i`` (kg CO2e per unit), with
  region-specific grid factors ``f_i`` (Table 1; Section 3.4);
* Cost-Efficiency Coupling between cost ``K`` and efficiency ``eta`` and the design
  variables (material substitution ratio, motor efficiency, cooling type, ...).

The paper prints the lever effects of Table 2 but no functional form, and no cost data.
This module therefore implements a *parametric* design model, calibrated so that each
Table 2 lever, moved alone from its baseline to its optimised value, reproduces the
printed carbon impact at the reference plant:

* energy levers (motor efficiency, oil-free cooling, energy recovery) cut the plant's
  electricity use; their fractional carbon saving is grid-independent;
* the material lever (recycled ratio) saves a fixed mass of embodied carbon
  (``impact * C_ref`` per Table 2 step), so its *fractional* saving is larger on a cleaner grid.

A design is a row ``[recycled_ratio, motor_efficiency, oil_free_cooling (0/1),
energy_recovery]`` (all fractions). Every coefficient comes from ``data/params/ch000.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .paths import chapter_data_dir

PLANTS = ("SAIC", "BYD", "VW")
DESIGN_VARIABLES = ("recycled_ratio", "motor_efficiency", "oil_free_cooling", "energy_recovery")
LEVERS = ("recycled material", "motor efficiency", "oil-free cooling", "energy recovery")


# --- input validation ----------------------------------------------------------------

def check_in_range(name: str, value, low: float, high: float, *, low_inclusive: bool = True,
                   high_inclusive: bool = True) -> np.ndarray:
    """Return ``value`` as a float array, or raise ValueError naming ``name`` and its valid range."""
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    too_low = arr < low if low_inclusive else arr <= low
    too_high = arr > high if high_inclusive else arr >= high
    if np.any(too_low) or np.any(too_high):
        left = "[" if low_inclusive else "("
        right = "]" if high_inclusive else ")"
        bad = arr[too_low | too_high].ravel()[0]
        raise ValueError(f"{name} = {bad:g} is out of range: valid range is {left}{low:g}, {high:g}{right}")
    return arr


def check_fraction(name: str, value) -> np.ndarray:
    """A ratio or share in [0, 1]."""
    return check_in_range(name, value, 0.0, 1.0)


def check_efficiency(name: str, value) -> np.ndarray:
    """An efficiency in (0, 1]."""
    return check_in_range(name, value, 0.0, 1.0, low_inclusive=False)


# --- Table 1: energy x grid factor ------------------------------------------------------

def carbon_per_unit_kg(energy_kwh, grid_factor_kg_per_kwh) -> np.ndarray:
    """Carbon Intensity Function, Section 3.1: ``C = E * f`` (kg CO2e per unit).

    ``energy_kwh`` > 0 and ``grid_factor_kg_per_kwh`` >= 0; arrays broadcast, and a sum over
    processes ``sum_i E_i f_i`` is ``carbon_per_unit_kg(E_i, f_i).sum()``.
    """
    energy = check_in_range("energy_kwh", energy_kwh, 0.0, np.inf, low_inclusive=False,
                            high_inclusive=False)
    factor = check_in_range("grid_factor_kg_per_kwh", grid_factor_kg_per_kwh, 0.0, np.inf,
                            high_inclusive=False)
    return energy * factor


def mix_emission_factor(shares: Mapping[str, float], source_factors: Mapping[str, float]) -> float:
    """Grid factor implied by an electricity mix: ``sum_s share_s * f_s`` (kg CO2e/kWh).

    ``shares`` (fractions, summing to 1 within 1e-6) by source name; ``source_factors`` must
    cover every source used.
    """
    total = 0.0
    for source, share in shares.items():
        check_fraction(f"share of {source!r}", share)
        if source not in source_factors:
            raise ValueError(f"no emission factor for source {source!r}; known: {sorted(source_factors)}")
        total += share
    if abs(total - 1.0) > 1e-6:
        raise ValueError(f"electricity-mix shares must sum to 1, got {total:g}")
    return float(sum(share * source_factors[s] for s, share in shares.items()))


def load_grid_mixes() -> pd.DataFrame:
    """Table 1's electricity-source composition (``data/ch000/table1_grid_mix.csv``)."""
    return pd.read_csv(chapter_data_dir("ch000") / "table1_grid_mix.csv")


def load_source_factors() -> dict[str, float]:
    """Lifecycle factors per technology, kg CO2e/kWh (``data/ch000/source_emission_factors.csv``)."""
    frame = pd.read_csv(chapter_data_dir("ch000") / "source_emission_factors.csv")
    return dict(zip(frame["source"], frame["factor_kg_co2e_per_kwh"]))


def load_table3() -> pd.DataFrame:
    """The paper's Table 3 (qualitative comparison of frameworks), as printed."""
    return pd.read_csv(chapter_data_dir("ch000") / "table3_frameworks.csv", index_col="criterion",
                       keep_default_na=False)


def plant_table(P: Mapping) -> pd.DataFrame:
    """Table 1 recomputed: energy (kWh/unit), printed grid factor, carbon = E*f (kg CO2e/unit),
    the mix-implied grid factor and its relative deviation from the printed factor.
    """
    mixes = load_grid_mixes()
    source_factors = load_source_factors()
    rows = []
    for plant in PLANTS:
        key = plant.lower()
        energy = P[f"energy_{key}_kwh"]
        factor = P[f"grid_factor_{key}_kg_per_kwh"]
        mix = mixes[mixes["plant"] == plant]
        implied = mix_emission_factor(dict(zip(mix["source"], mix["share"])), source_factors)
        rows.append({
            "plant": plant,
            "region": mix["region"].iloc[0],
            "mix": ", ".join(f"{100 * s:.0f}% {src}" for src, s in zip(mix["source"], mix["share"])),
            "energy_kwh": energy,
            "grid_factor_kg_per_kwh": factor,
            "carbon_kg_co2e": float(carbon_per_unit_kg(energy, factor)),
            "mix_implied_factor_kg_per_kwh": implied,
            "printed_vs_mix_pct": 100.0 * (factor / implied - 1.0),
        })
    return pd.DataFrame(rows).set_index("plant")


def percent_higher(value: float, reference: float) -> float:
    """How much higher ``value`` is than ``reference``, in % (Section 4.1's '83 % higher')."""
    check_in_range("reference", reference, 0.0, np.inf, low_inclusive=False, high_inclusive=False)
    return 100.0 * (value / reference - 1.0)


def relative_change_pct(baseline: float, new: float) -> float:
    """Table 2 'Change (%)' column: ``100 (new - baseline) / baseline``; baseline must be > 0."""
    check_in_range("baseline", baseline, 0.0, np.inf, low_inclusive=False, high_inclusive=False)
    return 100.0 * (new - baseline) / baseline


# --- combining lever reductions ------------------------------------------------------------

def combine_reductions(fractions, method: str = "additive") -> np.ndarray:
    """Total fractional carbon reduction from per-lever fractions (last axis = levers).

    ``additive``: ``sum_k s_k`` (what Table 2 does: 8.6+6.2+3.2+5.8 = 23.8);
    ``multiplicative``: ``1 - prod_k (1 - s_k)`` (each lever acts on what the others left).
    Each fraction must lie in [0, 1]; an additive total >= 1 is rejected.
    """
    s = check_fraction("lever reduction fraction", fractions)
    if method == "additive":
        total = s.sum(axis=-1)
        if np.any(total >= 1.0):
            raise ValueError("additive lever reductions sum to >= 100 %: design outside the model's range")
        return total
    if method == "multiplicative":
        return 1.0 - np.prod(1.0 - s, axis=-1)
    raise ValueError(f"method = {method!r}: valid values are 'additive', 'multiplicative'")


# --- the parametric design model ------------------------------------------------------------

@dataclass(frozen=True)
class EccModel:
    """Calibrated design model ``x -> (C(x), K(x), eta(x))`` for one reference plant.

    Build it with :meth:`from_params`. Lever coefficients (Section 4.2, Table 2):

    * ``material_saving_per_ratio``: fraction of the reference carbon saved per unit of
      recycled ratio, ``impact_recycled / (r1 - r0)``;
    * ``motor_loss_energy_share``: share of plant energy that scales with motor losses
      (end-of-line testing), ``impact_motor * (1 - eta0) / (eta1 - eta0)``, so the energy
      saved is ``share * (eta - eta0) / (1 - eta0)``;
    * ``cooling_energy_saving``: energy fraction saved by oil-free cooling;
    * ``recovery_saving_per_utilisation``: energy fraction saved per unit of recovery
      utilisation, ``impact_recovery / (u1 - u0)``.
    """

    reference: str
    reference_energy_kwh: float
    reference_carbon_kg: float
    r0: float
    eta0: float
    u0: float
    material_saving_per_ratio: float
    motor_loss_energy_share: float
    cooling_energy_saving: float
    recovery_saving_per_utilisation: float
    combination: str
    cooling_efficiency_gain: float
    # design space
    r_max: float
    eta_max: float
    u_max: float
    # cost model (all CNY per unit)
    base_cost_cny: float
    recycled_cost_cny: float
    motor_cost_cny: float
    eta_ceiling: float
    oilfree_cooling_cost_cny: float
    recovery_cost_linear_cny: float
    recovery_cost_quadratic_cny: float
    electricity_price_cny_per_kwh: float
    cost_cap_ratio: float

    @classmethod
    def from_params(cls, P: Mapping, reference: str | None = None) -> "EccModel":
        """Calibrate the lever coefficients on Table 2 and read the cost/design assumptions."""
        reference = P["reference_plant"] if reference is None else reference
        table = plant_table(P)
        if reference == "mean":
            energy = float(table["energy_kwh"].mean())
            carbon = float(table["carbon_kg_co2e"].mean())
        elif reference in PLANTS:
            energy = float(table.loc[reference, "energy_kwh"])
            carbon = float(table.loc[reference, "carbon_kg_co2e"])
        else:
            raise ValueError(f"reference = {reference!r}: valid values are {PLANTS + ('mean',)}")
        r0, r1 = P["recycled_ratio_baseline"], P["recycled_ratio_optimised"]
        eta0, eta1 = P["motor_efficiency_baseline"], P["motor_efficiency_optimised"]
        u0, u1 = P["energy_recovery_baseline"], P["energy_recovery_optimised"]
        for name, lo, hi in (("recycled_ratio", r0, r1), ("motor_efficiency", eta0, eta1),
                             ("energy_recovery", u0, u1)):
            if not hi > lo:
                raise ValueError(f"{name}_optimised ({hi:g}) must exceed {name}_baseline ({lo:g}) "
                                 "to calibrate the lever")
        if not eta0 < 1.0:
            raise ValueError(f"motor_efficiency_baseline = {eta0:g} must be < 1")
        for name, lo, hi in (("recycled_ratio_max", r0, P["recycled_ratio_max"]),
                             ("motor_efficiency_max", eta0, P["motor_efficiency_max"]),
                             ("energy_recovery_max", u0, P["energy_recovery_max"])):
            if hi < lo:
                raise ValueError(f"{name} = {hi:g} is below the baseline {lo:g}: valid range is [{lo:g}, 1]")
        if not P["motor_efficiency_ceiling"] > P["motor_efficiency_max"]:
            raise ValueError(
                f"motor_efficiency_ceiling = {P['motor_efficiency_ceiling']:g} must exceed "
                f"motor_efficiency_max = {P['motor_efficiency_max']:g}")
        return cls(
            reference=reference, reference_energy_kwh=energy, reference_carbon_kg=carbon,
            r0=r0, eta0=eta0, u0=u0,
            material_saving_per_ratio=P["impact_recycled_pct"] / 100.0 / (r1 - r0),
            motor_loss_energy_share=P["impact_motor_pct"] / 100.0 * (1.0 - eta0) / (eta1 - eta0),
            cooling_energy_saving=P["impact_cooling_pct"] / 100.0,
            recovery_saving_per_utilisation=P["impact_recovery_pct"] / 100.0 / (u1 - u0),
            combination=P["combination"],
            cooling_efficiency_gain=P["cooling_system_efficiency_gain"],
            r_max=P["recycled_ratio_max"], eta_max=P["motor_efficiency_max"], u_max=P["energy_recovery_max"],
            base_cost_cny=P["base_cost_cny"], recycled_cost_cny=P["recycled_cost_cny"],
            motor_cost_cny=P["motor_cost_cny"], eta_ceiling=P["motor_efficiency_ceiling"],
            oilfree_cooling_cost_cny=P["oilfree_cooling_cost_cny"],
            recovery_cost_linear_cny=P["recovery_cost_linear_cny"],
            recovery_cost_quadratic_cny=P["recovery_cost_quadratic_cny"],
            electricity_price_cny_per_kwh=P["electricity_price_cny_per_kwh"],
            cost_cap_ratio=P["cost_cap_ratio"],
        )

    # -- designs ------------------------------------------------------------------------
    def baseline_design(self) -> np.ndarray:
        """Table 2 baseline: ``[r0, eta0, 0 (oil-based), u0]``."""
        return np.array([self.r0, self.eta0, 0.0, self.u0])

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Design-space bounds (lower = baseline, upper = the assumed limits)."""
        return (np.array([self.r0, self.eta0, 0.0, self.u0]),
                np.array([self.r_max, self.eta_max, 1.0, self.u_max]))

    @staticmethod
    def _columns(designs) -> tuple[np.ndarray, ...]:
        x = np.atleast_2d(np.asarray(designs, dtype=float))
        if x.shape[-1] != 4:
            raise ValueError(f"designs need 4 columns {DESIGN_VARIABLES}, got shape {x.shape}")
        r = check_fraction("recycled_ratio", x[:, 0])
        eta = check_efficiency("motor_efficiency", x[:, 1])
        cooling = x[:, 2]
        if not np.all(np.isin(cooling, (0.0, 1.0))):
            raise ValueError("oil_free_cooling must be 0 (oil-based) or 1 (oil-free)")
        u = check_fraction("energy_recovery", x[:, 3])
        return r, eta, cooling, u

    # -- carbon ----------------------------------------------------------------------------
    def energy_saving_fractions(self, designs) -> np.ndarray:
        """Per-lever fraction of plant electricity saved: columns (motor, cooling, recovery)."""
        _, eta, cooling, u = self._columns(designs)
        motor = self.motor_loss_energy_share * (eta - self.eta0) / (1.0 - self.eta0)
        return np.column_stack([np.clip(motor, 0.0, None), self.cooling_energy_saving * cooling,
                                np.clip(self.recovery_saving_per_utilisation * (u - self.u0), 0.0, None)])

    def lever_reductions(self, designs, plant_carbon_kg: float | None = None) -> np.ndarray:
        """Per-lever fractional carbon reduction at a plant (columns in :data:`LEVERS` order).

        The material lever saves ``material_saving_per_ratio * (r - r0) * C_ref`` kg, a fraction
        ``... * C_ref / C_plant`` of the plant's baseline carbon; energy levers save the same
        fraction everywhere. ``plant_carbon_kg`` defaults to the reference plant.
        """
        r, *_ = self._columns(designs)
        plant_carbon = self.reference_carbon_kg if plant_carbon_kg is None else plant_carbon_kg
        check_in_range("plant_carbon_kg", plant_carbon, 0.0, np.inf, low_inclusive=False,
                       high_inclusive=False)
        material = self.material_saving_per_ratio * (r - self.r0) * self.reference_carbon_kg / plant_carbon
        return np.column_stack([np.clip(material, 0.0, None), self.energy_saving_fractions(designs)])

    def carbon_reduction(self, designs, plant_carbon_kg: float | None = None) -> np.ndarray:
        """Total fractional reduction vs the plant's baseline, combined per ``self.combination``."""
        return combine_reductions(self.lever_reductions(designs, plant_carbon_kg), self.combination)

    def carbon_kg(self, designs) -> np.ndarray:
        """C(x): carbon per unit at the reference plant, kg CO2e."""
        return self.reference_carbon_kg * (1.0 - self.carbon_reduction(designs))

    # -- cost and efficiency -----------------------------------------------------------------
    def cost_cny(self, designs) -> np.ndarray:
        """K(x), CNY per unit (every coefficient an assumption, see ch000.yaml)::

            K = K0 + c_r (r - r0)^2 + c_m [1/(eta_c - eta) - 1/(eta_c - eta0)] + c_cool * cooling
                   + c_u1 (u - u0) + c_u2 (u - u0)^2 - price * E_ref * (energy fraction saved)
        """
        r, eta, cooling, u = self._columns(designs)
        if np.any(eta >= self.eta_ceiling):
            raise ValueError(f"motor_efficiency must be below motor_efficiency_ceiling = {self.eta_ceiling:g}")
        du = u - self.u0
        energy_saved_kwh = self.reference_energy_kwh * combine_reductions(
            self.energy_saving_fractions(designs), self.combination)
        return (self.base_cost_cny
                + self.recycled_cost_cny * (r - self.r0) ** 2
                + self.motor_cost_cny * (1.0 / (self.eta_ceiling - eta) - 1.0 / (self.eta_ceiling - self.eta0))
                + self.oilfree_cooling_cost_cny * cooling
                + self.recovery_cost_linear_cny * du + self.recovery_cost_quadratic_cny * du ** 2
                - self.electricity_price_cny_per_kwh * energy_saved_kwh)

    def system_efficiency(self, designs) -> np.ndarray:
        """eta(x) = motor efficiency x (1 + gain if oil-free cooling) (Section 3.6's 3.2 %)."""
        _, eta, cooling, _ = self._columns(designs)
        return eta * (1.0 + self.cooling_efficiency_gain * cooling)

    def evaluate(self, designs) -> pd.DataFrame:
        """All outputs for a batch of designs: C (kg), reduction (%), K (CNY), cost increase (%), eta."""
        x = np.atleast_2d(np.asarray(designs, dtype=float))
        carbon = self.carbon_kg(x)
        cost = self.cost_cny(x)
        frame = pd.DataFrame(x, columns=list(DESIGN_VARIABLES))
        frame["carbon_kg_co2e"] = carbon
        frame["reduction_pct"] = 100.0 * (1.0 - carbon / self.reference_carbon_kg)
        frame["cost_cny"] = cost
        frame["cost_increase_pct"] = 100.0 * (cost / self.base_cost_cny - 1.0)
        frame["system_efficiency"] = self.system_efficiency(x)
        return frame


def optimised_design(P: Mapping) -> np.ndarray:
    """Table 2's optimised configuration ``[r1, eta1, 1 (oil-free), u1]``."""
    return np.array([P["recycled_ratio_optimised"], P["motor_efficiency_optimised"], 1.0,
                     P["energy_recovery_optimised"]])


def one_at_a_time_impacts(model: EccModel, P: Mapping) -> pd.DataFrame:
    """Table 2 recomputed: each lever moved alone from baseline to optimised (reduction, %)."""
    base = model.baseline_design()
    target = optimised_design(P)
    rows = []
    for k, lever in enumerate(LEVERS):
        design = base.copy()
        design[k] = target[k]
        rows.append({"lever": lever, "reduction_pct": 100.0 * float(model.carbon_reduction(design)[0])})
    rows.append({"lever": "all four together", "reduction_pct": 100.0 * float(model.carbon_reduction(target)[0])})
    return pd.DataFrame(rows).set_index("lever")


SUBSTITUTION_READINGS = ("share_of_primary", "percentage_points")


def substitution_target_ratio(r0: float, step: float, reading: str = "share_of_primary") -> float:
    """Recycled ratio after Section 3.6's "substituting 30 percent of primary aluminum".

    ``share_of_primary``: 30 % of the *primary* (virgin) share is replaced,
    ``r0 + step (1 - r0)`` (12 % -> 12 + 0.3 x 88 = 38.4 %, Table 2's 38 % to within its
    rounding); ``percentage_points``: the recycled ratio rises by ``step``, ``r0 + step``
    (12 % -> 42 %). Both ``r0`` and ``step`` are fractions in [0, 1]; the result is capped at 1.
    """
    check_fraction("recycled_ratio_baseline", r0)
    check_fraction("substitution_step", step)
    if reading == "share_of_primary":
        return float(r0 + step * (1.0 - r0))
    if reading == "percentage_points":
        return float(min(r0 + step, 1.0))
    raise ValueError(f"reading = {reading!r}: valid values are {SUBSTITUTION_READINGS}")


def substitution_readings(model: EccModel, step: float) -> pd.DataFrame:
    """Section 3.6's substitution example under both readings of "30 percent": the recycled
    ratio reached and the carbon reduction of the calibrated material lever (all else at baseline)."""
    rows = []
    for reading in SUBSTITUTION_READINGS:
        design = model.baseline_design()
        design[0] = substitution_target_ratio(model.r0, step, reading)
        rows.append({"reading": reading, "recycled_ratio_pct": 100.0 * design[0],
                     "reduction_pct": 100.0 * float(model.carbon_reduction(design)[0])})
    return pd.DataFrame(rows).set_index("reading")


def cross_case_reductions(P: Mapping, model: EccModel | None = None, design=None) -> pd.DataFrame:
    """Apply one design (default: Table 2's optimised) to SAIC, BYD and VW (Section 3.6).

    Returns, per plant, the baseline and optimised carbon (kg CO2e/unit), the reduction (%)
    and its deviation from the reference plant's reduction (relative %).
    """
    model = EccModel.from_params(P) if model is None else model
    design = optimised_design(P) if design is None else np.asarray(design, dtype=float)
    reference_reduction = float(model.carbon_reduction(design)[0])
    table = plant_table(P)
    rows = []
    for plant in PLANTS:
        baseline = float(table.loc[plant, "carbon_kg_co2e"])
        reduction = float(model.carbon_reduction(design, baseline)[0])
        rows.append({
            "plant": plant,
            "baseline_kg_co2e": baseline,
            "optimised_kg_co2e": baseline * (1.0 - reduction),
            "reduction_pct": 100.0 * reduction,
            "deviation_from_reference_pct": 100.0 * (reduction / reference_reduction - 1.0),
        })
    return pd.DataFrame(rows).set_index("plant")


def regional_comparison(P: Mapping, model: EccModel | None = None) -> pd.DataFrame:
    """The reference plant's energy use on the eastern vs western grid of Section 3.4,
    baseline and Table 2-optimised (kg CO2e/unit)."""
    model = EccModel.from_params(P) if model is None else model
    design = optimised_design(P)
    rows = []
    for region in ("east", "west"):
        factor = P[f"grid_factor_{region}_kg_per_kwh"]
        base = float(carbon_per_unit_kg(model.reference_energy_kwh, factor))
        reduction = float(model.carbon_reduction(design, base)[0])
        rows.append({"grid": region, "grid_factor_kg_per_kwh": factor, "baseline_kg_co2e": base,
                     "optimised_kg_co2e": base * (1.0 - reduction), "reduction_pct": 100.0 * reduction})
    return pd.DataFrame(rows).set_index("grid")
