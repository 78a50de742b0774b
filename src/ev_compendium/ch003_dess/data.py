"""The numbers Melzack, Wills & Cruden (2023) print, as tidy tables (``data/ch003/``).

* Table 1 (literature DESSs), Tables 2-4 (per-kg inventories of the LFP pack, the
  supercapacitor and the aqueous Al-ion cell), Table 5 (modelled cases), Table 6
  (replacements), Tables 7-8 (EUEF impacts of the bus and the EV);
* the values Section 3.1 prints for the transport and electricity sensitivities;
* the other numbers printed only in the running text (Sections 3 and 4, Table 6 note a).

:func:`load_table` reads one CSV file once per resolved path (``$EV_COMPENDIUM_DATA`` is
honoured) and hands out copies, so a caller can never change what the next one reads.
:func:`load_printed` bundles everything into one :class:`Printed` object with fast lookups;
the models take it as an argument instead of reading files.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from ..paths import chapter_data_dir
from ..validate import ParameterError

VEHICLES = ("bus", "ev")
CASES = ("Li-ion only", "SC/Li-ion", "Al-ion/Li-ion")
STAGES = ("BOL", "EOL")
CATEGORIES = ("climate", "acidification", "minerals", "energy")
CATEGORY_LABELS = {
    "climate": "Climate change [kg CO2 eq]",
    "acidification": "Acidification [mol H+ eq]",
    "minerals": "Resource use, minerals and metals [kg Sb eq]",
    "energy": "Resource use, energy carriers [MJ]",
}
CATEGORY_UNITS = {"climate": "kg CO2 eq", "acidification": "mol H+ eq", "minerals": "kg Sb eq",
                  "energy": "MJ"}
#: the per-kg inventories of Tables 2 (LFP pack incl. BMS), 3 (supercapacitor), 4 (Al-ion cell)
COMPONENTS = ("lfp_pack", "supercapacitor", "al_ion_cell")
MJ_PER_KWH = 3.6
KM_PER_MILE = 1.609344
SECONDS_PER_HOUR = 3600.0
TABLES = ("table1_dess_literature", "inventories", "table5_cases", "table6_replacements",
          "table7_8_impacts", "transport_sensitivity", "electricity_sensitivity", "text_values")


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ParameterError(f"argument {name!r} = {value!r} is not allowed: valid values are "
                             + "{" + ", ".join(repr(a) for a in allowed) + "}")
    return value


@lru_cache(maxsize=64)
def _read_csv(path: Path, modified_ns: int) -> pd.DataFrame:
    """One read per file version (the modification time is part of the key)."""
    return pd.read_csv(path, comment="#")


def load_table(name: str) -> pd.DataFrame:
    """``data/ch003/<name>.csv`` as printed (``#`` lines are provenance comments).

    Read once per resolved path and file version; every call returns a fresh copy."""
    _choice("name", name, TABLES)
    path = (chapter_data_dir("ch003") / f"{name}.csv").resolve()
    return _read_csv(path, path.stat().st_mtime_ns).copy()


class Printed:
    """Everything the chapter computes with that the paper prints (see the module docstring).

    Read-only: the tables (``table1`` indexed by example, ``inventories``, ``table5`` and
    ``table6`` indexed by (vehicle, case)) are handed out as copies, the lookups
    (``impacts``: (vehicle, case, stage, category) -> Table 7-8 value, ``electricity``,
    ``transport``, ``text``) as read-only mappings. One instance serves every evaluation."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]):
        self._table1 = tables["table1_dess_literature"].set_index("example")
        self._inventories = tables["inventories"]
        self._table5 = tables["table5_cases"].set_index(["vehicle", "case"])
        self._table6 = tables["table6_replacements"].set_index(["vehicle", "case"])
        i, e, t = tables["table7_8_impacts"], tables["electricity_sensitivity"], tables["transport_sensitivity"]
        self.impacts = MappingProxyType({(v, c, s, k): float(x) for v, c, s, k, x in zip(
            i.vehicle, i.case, i.stage, i.category, i.value)})
        self.electricity = MappingProxyType({(c, k, m): float(x) for c, k, m, x in zip(e.case, e.category, e.mix, e.value)})
        self.transport = MappingProxyType({(q, k): float(x) for q, k, x in zip(t.quantity, t.category, t.value)})
        text = tables["text_values"]
        self.text = MappingProxyType(dict(zip(text.quantity, text.value.astype(float))))
        inv = self._inventories
        self._inventory = {c: inv[inv.component == c].reset_index(drop=True) for c in COMPONENTS}
        self._amounts: dict[tuple[str, str, str], float] = {}
        for c, m, u, x in zip(inv.component, inv.material, inv.unit, inv.value):
            self._amounts[(c, m, u)] = self._amounts.get((c, m, u), 0.0) + float(x)
        self._product_mass = {c: float(f.loc[f.in_product_mass == 1, "value"].sum()) for c, f in self._inventory.items()}
        self._items = {(c, item): float(x) for c, item, x in zip(inv.component, inv.item, inv.value)}

    table1 = property(lambda self: self._table1.copy(), doc="Table 1, indexed by example (a copy).")
    inventories = property(lambda self: self._inventories.copy(), doc="Tables 2-4, one row per item (a copy).")
    table5 = property(lambda self: self._table5.copy(), doc="Table 5, indexed by (vehicle, case) (a copy).")
    table6 = property(lambda self: self._table6.copy(), doc="Table 6, indexed by (vehicle, case) (a copy).")

    # --- Tables 7-8 ------------------------------------------------------------------
    def impact(self, vehicle: str, case: str, stage: str, category: str) -> float:
        """One number of Table 7 (bus) or Table 8 (EV)."""
        try:
            return self.impacts[(vehicle, case, stage, category)]
        except KeyError:
            _choice("vehicle", vehicle, VEHICLES)
            _choice("case", case, CASES)
            _choice("stage", stage, STAGES)
            _choice("category", category, CATEGORIES)
            raise

    def impact_matrix(self, vehicle: str, category: str) -> pd.DataFrame:
        """Published impacts of one vehicle and category as a case x stage frame."""
        return pd.DataFrame({stage: [self.impact(vehicle, c, stage, category) for c in CASES]
                             for stage in STAGES}, index=pd.Index(CASES, name="case"))

    # --- Tables 2-4 ------------------------------------------------------------------
    def inventory(self, component: str) -> pd.DataFrame:
        """Per-kg inventory of ``component`` (Tables 2-4), a copy."""
        return self._inventory[_choice("component", component, COMPONENTS)].copy()

    def inventory_product_mass_kg(self, component: str) -> float:
        """Sum of the items that make up the 1 kg of product (Tables 2-4 'Total mass')."""
        return self._product_mass[_choice("component", component, COMPONENTS)]

    def inventory_item(self, component: str, material: str, unit: str | None = None) -> float:
        """Total amount of one material (e.g. ``"electricity"``) per kg of ``component``."""
        _choice("component", component, COMPONENTS)
        found = [x for (c, m, u), x in self._amounts.items()
                 if c == component and m == material and (unit is None or u == unit)]
        if not found:
            raise ParameterError(f"argument 'material': component {component!r} lists no "
                                 f"material {material!r}" + ("" if unit is None else f" in {unit}"))
        return sum(found)

    def inventory_share(self, component: str, item: str) -> float:
        """Mass of one named item (e.g. ``"Battery case"``) per kg of ``component``."""
        _choice("component", component, COMPONENTS)
        if (component, item) not in self._items:
            raise ParameterError(f"argument 'item': component {component!r} lists no item {item!r}")
        return self._items[(component, item)]

    def transport_tkm_per_kg(self, component: str) -> float:
        """Transport per kg of product (t*km), Tables 2-4; 0 when none is listed (SC, Al-ion)."""
        _choice("component", component, COMPONENTS)
        return sum(x for (c, _, u), x in self._amounts.items() if c == component and u == "t*km")

    # --- Table 5 ---------------------------------------------------------------------
    def printed_hp_mass_kg(self, vehicle: str, case: str) -> float:
        """HP mass (kg) as printed in Table 5 (0 for the Li-ion-only rows)."""
        _choice("vehicle", vehicle, VEHICLES)
        _choice("case", case, CASES)
        value = self._table5.loc[(vehicle, case), "hp_kg"]
        return 0.0 if pd.isna(value) else float(value)

    def table6_replacements(self, vehicle: str, case: str) -> tuple[float, float]:
        """(HP, HE) replacements at EOL as printed in Table 6 (HP is 0 where N/A)."""
        _choice("vehicle", vehicle, VEHICLES)
        _choice("case", case, CASES)
        row = self._table6.loc[(vehicle, case)]
        return (0.0 if pd.isna(row.eol_hp) else float(row.eol_hp)), float(row.eol_he)

    # --- Section 3.1 and the running text ----------------------------------------------
    def electricity_pair(self, case: str, category: str) -> tuple[float, float]:
        """(baseline, 100 % fossil) values printed in Section 3.1 for a BOL bus case."""
        _choice("case", case, CASES)
        _choice("category", category, ("climate", "acidification"))
        return self.electricity[(case, category, "baseline")], self.electricity[(case, category, "fossil")]

    def transport_value(self, quantity: str, category: str) -> float:
        """A number printed in the transport-sensitivity text (Section 3.1)."""
        try:
            return self.transport[(quantity, category)]
        except KeyError:
            raise ParameterError(f"arguments 'quantity', 'category': Section 3.1 prints no "
                                 f"{quantity!r} value for {category!r}") from None


@lru_cache(maxsize=8)
def _printed(versions: tuple[tuple[Path, int], ...]) -> Printed:
    return Printed({path.stem: _read_csv(path, modified).copy() for path, modified in versions})


def load_printed() -> Printed:
    """All printed tables of the chapter, built once per data folder and file versions
    (``$EV_COMPENDIUM_DATA`` is honoured; see :func:`load_table`)."""
    folder = chapter_data_dir("ch003")
    paths = [(folder / f"{name}.csv").resolve() for name in TABLES]
    return _printed(tuple((path, path.stat().st_mtime_ns) for path in paths))
