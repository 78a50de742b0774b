"""The calibrated Energy-Carbon-Cost design model of Li (2026), Sections 3.1, 3.5 and 4.2.

The paper prints Table 2's lever effects but no functional form and no cost data. This module
implements a *parametric* design model, calibrated so that each Table 2 lever, moved alone from
its baseline to its optimised value at the reference plant, reproduces the printed carbon impact:

* energy levers (motor efficiency, oil-free cooling, energy recovery) cut the plant's electricity
  use; their fractional carbon saving is grid-independent;
* the material lever (recycled ratio) saves a fixed mass of embodied carbon (``impact * C_ref``
  per Table 2 step), so its *fractional* saving is larger on a cleaner grid.

A design is a row ``[recycled_ratio, motor_efficiency, oil_free_cooling (0/1), energy_recovery]``
(fractions). ``C(x)``, ``K(x)`` and ``eta(x)`` are the three objectives of eq. (1); the cost
``K(x)`` is entirely our assumption (every coefficient is in ``data/params/ch000.yaml``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .data import PLANTS
from .inputs import check_efficiency, check_fraction, check_values
from .plants import plant_table
from ..validate import require

DESIGN_VARIABLES = ("recycled_ratio", "motor_efficiency", "oil_free_cooling", "energy_recovery")
LEVERS = ("recycled material", "motor efficiency", "oil-free cooling", "energy recovery")
COMBINATIONS = ("additive", "multiplicative")
#: the cost coefficients of K(x) (fields of EccModel), all assumptions
COST_COEFFICIENTS = ("base_cost_cny", "recycled_cost_cny", "motor_cost_cny", "oilfree_cooling_cost_cny",
                     "recovery_cost_linear_cny", "recovery_cost_quadratic_cny",
                     "electricity_price_cny_per_kwh")


# --- combining lever reductions ------------------------------------------------------------

def reductions_defined(fractions, method: str = "additive") -> np.ndarray:
    """Whether per-lever fractional reductions (last axis = levers) combine into a total below
    100 % of the plant's carbon: every fraction in [0, 1] and, when they are added, a sum < 1."""
    s = np.asarray(fractions, dtype=float)
    each = np.all(np.isfinite(s) & (s >= 0.0) & (s <= 1.0), axis=-1)
    return each & (s.sum(axis=-1) < 1.0) if method == "additive" else each


def combine_reductions(fractions, method: str = "additive") -> np.ndarray:
    """Total fractional carbon reduction from per-lever fractions (last axis = levers).

    ``additive``: ``sum_k s_k`` (what Table 2 does: 8.6+6.2+3.2+5.8 = 23.8);
    ``multiplicative``: ``1 - prod_k (1 - s_k)`` (each lever acts on what the others left).
    Each fraction must lie in [0, 1]; an additive total >= 1 is rejected."""
    require(method in COMBINATIONS, ("combination",), f"one of {COMBINATIONS} (got {method!r})")
    s = check_fraction("lever reduction fraction", fractions)
    require(bool(np.all(reductions_defined(s, method))), ("lever reduction fractions",),
            "a total below 100 % (design outside the model's range)")
    return s.sum(axis=-1) if method == "additive" else 1.0 - np.prod(1.0 - s, axis=-1)


# --- calibration preconditions (also the chapter's joint constraints) ------------------------

def require_calibration(P: Mapping) -> None:
    """The joint conditions :meth:`EccModel.from_params` needs: each Table 2 lever moves up from
    baseline to optimised (its calibration step), the design space starts at the baseline, and the
    motor-cost ceiling lies above every motor efficiency evaluated. ParameterError otherwise."""
    for lever in ("recycled_ratio", "motor_efficiency", "energy_recovery"):
        base, opt = f"{lever}_baseline", f"{lever}_optimised"
        require(P[opt] > P[base], (base, opt), f"{base} < {opt} (the Table 2 step calibrates the lever)", P)
    for lever in ("recycled_ratio", "motor_efficiency", "energy_recovery"):
        base, top = f"{lever}_baseline", f"{lever}_max"
        require(P[top] >= P[base], (base, top), f"{base} <= {top} (the design space starts at the baseline)", P)
    require(P["motor_efficiency_ceiling"] > max(P["motor_efficiency_max"], P["motor_efficiency_optimised"]),
            ("motor_efficiency_ceiling", "motor_efficiency_max", "motor_efficiency_optimised"),
            "motor_efficiency_ceiling > motor_efficiency_max and > motor_efficiency_optimised "
            "(the motor cost diverges at the ceiling)", P)


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
        require_calibration(P)
        reference = P["reference_plant"] if reference is None else reference
        require(reference in PLANTS + ("mean",), ("reference_plant",), f"one of {PLANTS + ('mean',)}",
                {"reference_plant": reference})
        table = plant_table(P)
        rows = table if reference == "mean" else table.loc[[reference]]
        r0, r1 = P["recycled_ratio_baseline"], P["recycled_ratio_optimised"]
        eta0, eta1 = P["motor_efficiency_baseline"], P["motor_efficiency_optimised"]
        u0, u1 = P["energy_recovery_baseline"], P["energy_recovery_optimised"]
        return cls(
            reference=reference, reference_energy_kwh=float(rows["energy_kwh"].mean()),
            reference_carbon_kg=float(rows["carbon_kg_co2e"].mean()),
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

    def upper_design(self) -> np.ndarray:
        """The design-space corner where every lever is at its limit (the largest reductions)."""
        return np.array([self.r_max, self.eta_max, 1.0, self.u_max])

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Design-space bounds (lower = baseline, upper = the assumed limits)."""
        return self.baseline_design(), self.upper_design()

    @staticmethod
    def _columns(designs) -> tuple[np.ndarray, ...]:
        x = np.atleast_2d(np.asarray(designs, dtype=float))
        # one design (1-d) or a batch (2-d); a 3-d array would pass a check on shape[-1] alone and be
        # read column-wise as nonsense
        require(x.ndim == 2 and x.shape[1] == 4, ("designs",), f"4 columns {DESIGN_VARIABLES} (got shape {x.shape})")
        r = check_fraction("recycled_ratio", x[:, 0])
        eta = check_efficiency("motor_efficiency", x[:, 1])
        cooling = x[:, 2]
        require(bool(np.all(np.isin(cooling, (0.0, 1.0)))), ("oil_free_cooling",),
                "0 (oil-based) or 1 (oil-free)")
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
        fraction everywhere. ``plant_carbon_kg`` (> 0) defaults to the reference plant."""
        r, *_ = self._columns(designs)
        plant_carbon = self.reference_carbon_kg if plant_carbon_kg is None else plant_carbon_kg
        check_values("plant_carbon_kg", plant_carbon, 0.0, None, lo_inclusive=False)
        material = self.material_saving_per_ratio * (r - self.r0) * self.reference_carbon_kg / plant_carbon
        return np.column_stack([np.clip(material, 0.0, None), self.energy_saving_fractions(designs)])

    def carbon_reduction(self, designs, plant_carbon_kg: float | None = None) -> np.ndarray:
        """Total fractional reduction vs the plant's baseline, combined per ``self.combination``."""
        return combine_reductions(self.lever_reductions(designs, plant_carbon_kg), self.combination)

    def carbon_kg(self, designs) -> np.ndarray:
        """C(x): carbon per unit at the reference plant, kg CO2e."""
        return self.reference_carbon_kg * (1.0 - self.carbon_reduction(designs))

    # -- cost and efficiency -----------------------------------------------------------------
    def cost_terms(self, designs) -> dict[str, np.ndarray]:
        """The design-dependent factor multiplying each cost coefficient in K(x) (so that
        ``K = base + sum_c coefficient_c * term_c``, summed in :data:`COST_COEFFICIENTS` order)."""
        r, eta, cooling, u = self._columns(designs)
        check_values("motor_efficiency", eta, None, self.eta_ceiling, hi_inclusive=False)
        du = u - self.u0
        energy_saved_kwh = self.reference_energy_kwh * combine_reductions(
            self.energy_saving_fractions(designs), self.combination)
        return {
            "recycled_cost_cny": (r - self.r0) ** 2,
            "motor_cost_cny": 1.0 / (self.eta_ceiling - eta) - 1.0 / (self.eta_ceiling - self.eta0),
            "oilfree_cooling_cost_cny": cooling,
            "recovery_cost_linear_cny": du,
            "recovery_cost_quadratic_cny": du ** 2,
            "electricity_price_cny_per_kwh": -energy_saved_kwh,
        }

    def cost_from_terms(self, terms: Mapping[str, np.ndarray], **coefficients: float) -> np.ndarray:
        """K(x) from :meth:`cost_terms`, with any coefficient replaced by ``coefficients``."""
        unknown = set(coefficients) - set(COST_COEFFICIENTS)
        require(not unknown, tuple(sorted(unknown)), f"names among {COST_COEFFICIENTS}")
        value = {name: coefficients.get(name, getattr(self, name)) for name in COST_COEFFICIENTS}
        cost = value["base_cost_cny"]
        for name in COST_COEFFICIENTS[1:]:
            cost = cost + value[name] * terms[name]
        return cost

    def cost_cny(self, designs) -> np.ndarray:
        """K(x), CNY per unit (every coefficient an assumption, see ch000.yaml)::

            K = K0 + c_r (r - r0)^2 + c_m [1/(eta_c - eta) - 1/(eta_c - eta0)] + c_cool * cooling
                   + c_u1 (u - u0) + c_u2 (u - u0)^2 - price * E_ref * (energy fraction saved)
        """
        return self.cost_from_terms(self.cost_terms(designs))

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
    """Table 2 recomputed: each lever moved alone from baseline to optimised (reduction, %),
    and all four together."""
    base = model.baseline_design()
    target = optimised_design(P)
    rows = []
    for k, lever in enumerate(LEVERS):
        design = base.copy()
        design[k] = target[k]
        rows.append({"lever": lever, "reduction_pct": 100.0 * float(model.carbon_reduction(design)[0])})
    rows.append({"lever": "all four together", "reduction_pct": 100.0 * float(model.carbon_reduction(target)[0])})
    return pd.DataFrame(rows).set_index("lever")
