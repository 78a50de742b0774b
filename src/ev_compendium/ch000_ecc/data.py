"""Tidy data of chapter ch000 (Li 2026), read from ``data/ch000/``.

* ``table1_grid_mix.csv``: Table 1's "Electricity Source Composition" of the three plants
  (Section 4.1), with each site's region (Section 3.3);
* ``source_emission_factors.csv``: lifecycle emission factor per generation technology
  (IPCC AR5 WG III Annex III, Table A.III.2), used to ask whether Table 1's printed grid
  factors follow from the printed mixes (Section 3.4: factors "adjusted based on grid
  composition");
* ``table3_frameworks.csv``: Table 3 (Section 4.4), the qualitative comparison of frameworks.

The plant energies and grid factors of Table 1 and every Table 2 value are parameters
(``data/params/ch000.yaml``), not data, so that a reader can override them.
"""

from __future__ import annotations

import pandas as pd

from ..paths import chapter_data_dir

CHAPTER = "ch000"
#: the three plants of Table 1, in the paper's order
PLANTS = ("SAIC", "BYD", "VW")


def load_grid_mixes() -> pd.DataFrame:
    """Table 1's electricity-source composition: one row per (plant, source), share in [0, 1]."""
    return pd.read_csv(chapter_data_dir(CHAPTER) / "table1_grid_mix.csv")


def load_source_factors(statistic: str = "median") -> dict[str, float]:
    """Lifecycle factor per technology, kg CO2e/kWh: the ``median`` (default), ``min`` or ``max``
    of IPCC's literature range."""
    column = {"median": "factor_kg_co2e_per_kwh", "min": "min_kg_co2e_per_kwh",
              "max": "max_kg_co2e_per_kwh"}[statistic]
    frame = pd.read_csv(chapter_data_dir(CHAPTER) / "source_emission_factors.csv")
    return dict(zip(frame["source"], frame[column]))


def load_table3() -> pd.DataFrame:
    """The paper's Table 3 (qualitative comparison of frameworks), as printed."""
    return pd.read_csv(chapter_data_dir(CHAPTER) / "table3_frameworks.csv", index_col="criterion",
                       keep_default_na=False)
