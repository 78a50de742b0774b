"""Table 1 and Section 4.1 of Li (2026): per-unit manufacturing carbon of the three plants.

Section 3.1's Carbon Intensity Function is ``C_total = sum_i E_i f_i`` (kg CO2e per unit): with
one electricity supply per plant, Table 1's "Total Carbon per Unit" is energy x grid factor.
Section 3.4 says the factors were "adjusted based on grid composition"; :func:`plant_table` also
recomputes each plant's factor from its printed mix and technology lifecycle factors.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .data import PLANTS, load_grid_mixes, load_source_factors
from .inputs import check_fraction, check_positive, check_values
from ..validate import require


def carbon_per_unit_kg(energy_kwh, grid_factor_kg_per_kwh) -> np.ndarray:
    """Carbon Intensity Function (Section 3.1): ``C = E * f``, kg CO2e per unit.

    ``energy_kwh`` > 0 and ``grid_factor_kg_per_kwh`` >= 0; arrays broadcast, and a sum over
    processes ``sum_i E_i f_i`` is ``carbon_per_unit_kg(E_i, f_i).sum()``."""
    energy = check_positive("energy_kwh", energy_kwh)
    factor = check_values("grid_factor_kg_per_kwh", grid_factor_kg_per_kwh, 0.0, None)
    return energy * factor


def mix_emission_factor(shares: Mapping[str, float], source_factors: Mapping[str, float]) -> float:
    """Grid factor implied by an electricity mix: ``sum_s share_s * f_s`` (kg CO2e/kWh).

    ``shares`` are fractions by source name summing to 1 (within 1e-6); ``source_factors`` must
    cover every source used."""
    for source, share in shares.items():
        check_fraction(f"share of {source!r}", share)
        require(source in source_factors, (f"source {source!r}",),
                f"an emission factor (known sources: {sorted(source_factors)})")
    total = float(sum(shares.values()))
    require(abs(total - 1.0) <= 1e-6, ("electricity-mix shares",), f"shares that sum to 1 (got {total:g})")
    return float(sum(share * source_factors[s] for s, share in shares.items()))


def plant_table(P: Mapping) -> pd.DataFrame:
    """Table 1 recomputed, one row per plant: region, printed mix, energy (kWh/unit), printed grid
    factor, carbon = E*f (kg CO2e/unit), the factor its printed mix implies with median
    technology factors, the printed factor's relative deviation from it (%), and the lowest and
    highest factor the mix allows over IPCC's range of technology factors (kg CO2e/kWh)."""
    mixes = load_grid_mixes()
    source_factors = load_source_factors()
    lowest, highest = load_source_factors("min"), load_source_factors("max")
    rows = []
    for plant in PLANTS:
        key = plant.lower()
        energy = P[f"energy_{key}_kwh"]
        factor = P[f"grid_factor_{key}_kg_per_kwh"]
        mix = mixes[mixes["plant"] == plant]
        shares = dict(zip(mix["source"], mix["share"]))
        implied = mix_emission_factor(shares, source_factors)
        rows.append({
            "plant": plant,
            "region": mix["region"].iloc[0],
            "mix": ", ".join(f"{100 * s:.0f}% {src}" for src, s in zip(mix["source"], mix["share"])),
            "energy_kwh": energy,
            "grid_factor_kg_per_kwh": factor,
            "carbon_kg_co2e": float(carbon_per_unit_kg(energy, factor)),
            "mix_implied_factor_kg_per_kwh": implied,
            "printed_vs_mix_pct": 100.0 * (factor / implied - 1.0),
            "mix_min_factor_kg_per_kwh": mix_emission_factor(shares, lowest),
            "mix_max_factor_kg_per_kwh": mix_emission_factor(shares, highest),
        })
    return pd.DataFrame(rows).set_index("plant")


def percent_higher(value: float, reference: float) -> float:
    """How much higher ``value`` is than ``reference`` (> 0), in % (Section 4.1's '83 % higher')."""
    check_positive("reference", reference)
    return 100.0 * (value / reference - 1.0)


def relative_change_pct(baseline: float, new: float) -> float:
    """Table 2's "Change (%)" column: ``100 (new - baseline) / baseline``, baseline > 0."""
    check_positive("baseline", baseline)
    return 100.0 * (new - baseline) / baseline


def carbon_gap_decomposition(plants: pd.DataFrame) -> pd.DataFrame:
    """Section 4.1's "grid mix remains a dominant factor": for each pair of plants, the log of
    their carbon ratio split exactly into energy and grid-factor parts (``C = E f`` so
    ``ln(C_a/C_b) = ln(E_a/E_b) + ln(f_a/f_b)``), and the share the grid factor explains."""
    rows = []
    names = list(plants.index)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            energy = float(np.log(plants.loc[a, "energy_kwh"] / plants.loc[b, "energy_kwh"]))
            factor = float(np.log(plants.loc[a, "grid_factor_kg_per_kwh"] / plants.loc[b, "grid_factor_kg_per_kwh"]))
            total = abs(energy) + abs(factor)
            rows.append({"pair": f"{a} vs {b}", "log_energy_ratio": energy, "log_factor_ratio": factor,
                         "factor_share": abs(factor) / total if total > 0 else float("nan")})
    return pd.DataFrame(rows).set_index("pair")
