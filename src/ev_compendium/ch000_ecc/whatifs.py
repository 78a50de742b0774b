"""What the calibrated model says about the paper's other statements (Li 2026, Sections 3.4,
3.6 and 4.3), and the joint conditions under which it can say it.

* :func:`substitution_readings`: Section 3.6's "substituting 30 percent of primary aluminum
  ... decreases the embodied emissions by approximately 8.6 percent", under both readings of
  "30 percent";
* :func:`cross_case_reductions`: Section 3.6's cross-case verification (one design at SAIC, BYD
  and VW);
* :func:`regional_comparison`: the reference plant on the eastern and western grids of
  Section 3.4 (Section 4.3's regional statement);
* :func:`bill_saving_per_kg_ratio`: Section 4.3's "marginal benefit of further carbon reduction
  diminishes" in eastern China, rebuilt from the printed regional factors;
* :func:`cost_sensitivity`: "while maintaining economic feasibility" (abstract): the cost of
  Table 2's optimised design when each assumed cost coefficient is scaled;
* :func:`require_defined_reductions`: every design the chapter evaluates must cut less than
  100 % of the carbon of the plant it is evaluated at.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .data import PLANTS
from .inputs import check_fraction, check_values
from .model import COST_COEFFICIENTS, EccModel, combine_reductions, optimised_design, reductions_defined
from .plants import carbon_per_unit_kg, plant_table
from ..validate import require

SUBSTITUTION_READINGS = ("share_of_primary", "percentage_points")
REGIONS = ("east", "west")


def substitution_target_ratio(r0: float, step: float, reading: str = "share_of_primary") -> float:
    """Recycled ratio after Section 3.6's "substituting 30 percent of primary aluminum".

    ``share_of_primary``: 30 % of the *primary* (virgin) share is replaced,
    ``r0 + step (1 - r0)`` (12 % -> 12 + 0.3 x 88 = 38.4 %, Table 2's 38 % to within its
    rounding); ``percentage_points``: the recycled ratio rises by ``step``, ``r0 + step``
    (12 % -> 42 %). ``r0`` and ``step`` are fractions in [0, 1]; the result is capped at 1."""
    check_fraction("recycled_ratio_baseline", r0)
    check_fraction("substitution_step", step)
    require(reading in SUBSTITUTION_READINGS, ("substitution_reading",),
            f"one of {SUBSTITUTION_READINGS}", {"substitution_reading": reading})
    if reading == "share_of_primary":
        return float(r0 + step * (1.0 - r0))
    return float(min(r0 + step, 1.0))


def substitution_design(model: EccModel, step: float, reading: str) -> np.ndarray:
    """The baseline design with the recycled ratio moved by Section 3.6's substitution step."""
    design = model.baseline_design()
    design[0] = substitution_target_ratio(model.r0, step, reading)
    return design


def substitution_readings(model: EccModel, step: float) -> pd.DataFrame:
    """Section 3.6's substitution example under both readings of "30 percent": the recycled
    ratio reached and the carbon reduction of the calibrated material lever (all else at baseline)."""
    rows = []
    for reading in SUBSTITUTION_READINGS:
        design = substitution_design(model, step, reading)
        rows.append({"reading": reading, "recycled_ratio_pct": 100.0 * design[0],
                     "reduction_pct": 100.0 * float(model.carbon_reduction(design)[0])})
    return pd.DataFrame(rows).set_index("reading")


def cross_case_reductions(P: Mapping, model: EccModel | None = None, design=None) -> pd.DataFrame:
    """Apply one design (default: Table 2's optimised) to SAIC, BYD and VW (Section 3.6).

    Returns, per plant, the baseline and optimised carbon (kg CO2e/unit), the reduction (%), its
    deviation from the reference plant's reduction (relative %), and the electricity saved
    (kWh/unit) by the energy levers."""
    model = EccModel.from_params(P) if model is None else model
    design = optimised_design(P) if design is None else np.asarray(design, dtype=float)
    reference_reduction = float(model.carbon_reduction(design)[0])
    table = plant_table(P)
    saved_share = _energy_saved_share(model, design)
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
            "energy_saved_kwh": float(table.loc[plant, "energy_kwh"]) * saved_share,
        })
    return pd.DataFrame(rows).set_index("plant")


def _energy_saved_share(model: EccModel, design) -> float:
    """Fraction of plant electricity the design's energy levers save (the same at every plant)."""
    return float(combine_reductions(model.energy_saving_fractions(design), model.combination)[0])


def regional_comparison(P: Mapping, model: EccModel | None = None) -> pd.DataFrame:
    """The reference plant's energy use on the eastern vs western grid of Section 3.4: baseline
    and Table 2-optimised carbon (kg CO2e/unit), the reduction (%), and the electricity-bill
    saving per kg CO2e avoided relative to the western grid at equal tariffs (Section 4.3)."""
    model = EccModel.from_params(P) if model is None else model
    design = optimised_design(P)
    rows = []
    for region in REGIONS:
        factor = P[f"grid_factor_{region}_kg_per_kwh"]
        base = float(carbon_per_unit_kg(model.reference_energy_kwh, factor))
        reduction = float(model.carbon_reduction(design, base)[0])
        rows.append({"grid": region, "grid_factor_kg_per_kwh": factor, "baseline_kg_co2e": base,
                     "optimised_kg_co2e": base * (1.0 - reduction), "reduction_pct": 100.0 * reduction,
                     "bill_saving_per_kg_vs_west": bill_saving_per_kg_ratio(
                         factor, P["grid_factor_west_kg_per_kwh"])})
    return pd.DataFrame(rows).set_index("grid")


def bill_saving_per_kg_ratio(factor_east: float, factor_west: float, price_ratio_east_to_west: float = 1.0) -> float:
    """Electricity-bill saving per kg CO2e avoided by an energy lever, east relative to west.

    Saving one kWh avoids ``f`` kg CO2e and saves the tariff ``p``, so the money saved per kg
    avoided is ``p / f``; east over west that is ``(p_e / p_w) (f_w / f_e)``. Section 4.3's
    premise is lower eastern prices (``price_ratio_east_to_west <= 1``) on a dirtier grid
    (``f_e > f_w``): the ratio is then below 1, whatever the prices."""
    check_values("factor_east", factor_east, 0.0, None, lo_inclusive=False)
    check_values("factor_west", factor_west, 0.0, None, lo_inclusive=False)
    check_values("price_ratio_east_to_west", price_ratio_east_to_west, 0.0, None, lo_inclusive=False)
    return float(price_ratio_east_to_west * factor_west / factor_east)


def cost_sensitivity(model: EccModel, design, scales, coefficients=COST_COEFFICIENTS) -> pd.DataFrame:
    """Cost increase (%) of ``design`` over the baseline cost when one assumed cost coefficient at
    a time is multiplied by each of ``scales``, and whether it stays within the cost cap (g1)."""
    terms = model.cost_terms(design)
    rows = []
    for name in coefficients:
        for scale in np.asarray(scales, dtype=float):
            check_values("scale", scale, 0.0, None, lo_inclusive=False)
            scaled = {name: getattr(model, name) * scale}
            cost = float(model.cost_from_terms(terms, **scaled)[0])
            base = scaled.get("base_cost_cny", model.base_cost_cny)
            rows.append({"coefficient": name, "scale": float(scale),
                         "cost_increase_pct": 100.0 * (cost / base - 1.0),
                         "within_cap": bool(cost <= model.cost_cap_ratio * base)})
    return pd.DataFrame(rows).set_index(["coefficient", "scale"])


# --- the joint condition: reductions stay below 100 % wherever the chapter evaluates them ------

def _defined(model: EccModel, design, plant_carbon_kg: float | None = None) -> bool:
    if plant_carbon_kg is not None and not plant_carbon_kg > 0.0:
        return False
    fractions = model.lever_reductions(design, plant_carbon_kg)
    return bool(reductions_defined(fractions, model.combination)[0])


def require_defined_reductions(P: Mapping, model: EccModel | None = None) -> None:
    """ParameterError unless every design the chapter evaluates cuts less than 100 % of the
    carbon of the plant it is evaluated at (the material lever saves a *fixed mass*, so a plant
    whose electricity footprint is smaller than that mass has no defined relative reduction).

    Checked: the design-space corner and Section 3.6's substitution step at the reference plant;
    Table 2's optimised design at each Table 1 plant and on each Section 3.4 regional grid."""
    model = EccModel.from_params(P) if model is None else model
    impacts = ("impact_recycled_pct", "impact_motor_pct", "impact_cooling_pct", "impact_recovery_pct")
    require(_defined(model, model.upper_design()),
            impacts + ("recycled_ratio_max", "motor_efficiency_max", "energy_recovery_max", "combination"),
            "the four lever reductions at the design-space limits (recycled_ratio_max, "
            "motor_efficiency_max, oil-free cooling, energy_recovery_max) to total below 100 % "
            "of the reference plant's carbon", P)
    step = substitution_design(model, P["substitution_step"], P["substitution_reading"])
    require(_defined(model, step), ("substitution_step", "substitution_reading", "impact_recycled_pct"),
            "Section 3.6's substitution step to cut less than 100 % of the reference plant's carbon", P)
    design = optimised_design(P)
    saving_kg = (model.material_saving_per_ratio * (design[0] - model.r0) * model.reference_carbon_kg)
    # the fixed saving scales with the reference plant's carbon: its inputs are named too
    reference = PLANTS if model.reference == "mean" else (model.reference,)
    reference_names = tuple(n for p in reference for n in (f"energy_{p.lower()}_kwh",
                                                           f"grid_factor_{p.lower()}_kg_per_kwh"))
    cases = [(f"plant {p}", (f"energy_{p.lower()}_kwh", f"grid_factor_{p.lower()}_kg_per_kwh"),
              P[f"energy_{p.lower()}_kwh"] * P[f"grid_factor_{p.lower()}_kg_per_kwh"]) for p in PLANTS]
    cases += [(f"the {region}ern grid", (f"grid_factor_{region}_kg_per_kwh",),
               model.reference_energy_kwh * P[f"grid_factor_{region}_kg_per_kwh"]) for region in REGIONS]
    for label, names, carbon in cases:
        named = tuple(dict.fromkeys(names + reference_names + ("impact_recycled_pct", "reference_plant")))
        require(_defined(model, design, carbon), named,
                f"Table 2's optimised design to cut less than 100 % of the carbon of {label} "
                f"({carbon:.4g} kg CO2e/unit): the recycled-material lever saves a fixed "
                f"{saving_kg:.4g} kg CO2e/unit (impact_recycled_pct of the reference plant's carbon), "
                "so a (near-)zero electricity footprint leaves the paper's relative reduction undefined", P)
