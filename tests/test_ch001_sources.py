"""ch001's external inputs name their primary sources (issue 15).

Every value the fleet model takes from outside the paper is listed in
``data/ch001/sources.csv`` with its primary source (the issuing ministry, standard or paper)
and, where we read it elsewhere, the secondary copy (``retrieved_via``). Every parameter whose
``source`` in ``data/params/ch001.yaml`` claims a public source says ``Primary:``. Weak
secondary sites (social media, mirrors, aggregators, trade press, blogs) may appear only as
"retrieved via", never as the only source.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ev_compendium.ch001_security import data as fdata
from ev_compendium.params import load_parameter_specs, load_parameters
from ev_compendium.paths import REPO_ROOT, chapter_data_dir

WEAK = ("linkedin", "dhirubhai", "breakinglatest", "xfafinance", "gubot", "steelorbis",
        "newgeography", "researchinchina", "research in china", "hfyfsb", "scribd")
SOURCES = pd.read_csv(chapter_data_dir("ch001") / "sources.csv", dtype={"year": str},
                      keep_default_na=False)
SOURCED = SOURCES[SOURCES["kind"] != "assumption"]


def _weak_in(text: str) -> list[str]:
    return [w for w in WEAK if w in text.lower()]


def _before_retrieved_via(text: str) -> str:
    return re.split(r"retrieved via", text, flags=re.IGNORECASE)[0]


def test_weak_site_detector_bites():
    assert _weak_in("MEE announcement, via LinkedIn Pulse") == ["linkedin"]
    assert _before_retrieved_via("Primary: MPS. Retrieved via SteelOrbis") == "Primary: MPS. "


@pytest.mark.parametrize("row", SOURCED.to_dict("records"), ids=lambda r: f"{r['input']}-{r['year']}")
def test_every_sourced_value_names_a_primary_source_that_is_not_weak(row):
    assert row["primary_source"].strip(), "a sourced value needs its primary source"
    assert not _weak_in(row["primary_source"]), row["primary_source"]
    assert row["kind"] in ("official", "estimate", "derived")
    if row["kind"] == "derived":
        assert row["note"].strip(), "a derived value says how it was derived"


def test_listed_values_are_the_values_the_chapter_uses():
    inputs = fdata.load_fleet_inputs()
    grid = dict(zip(inputs.index, load_parameters("ch001").fleet_grid_factor_kg_per_kwh))
    for row in SOURCED.to_dict("records"):
        year, value = int(row["year"]), float(row["value"])
        used = grid[year] if row["input"] == "fleet_grid_factor_kg_per_kwh" else inputs.loc[year, row["input"]]
        assert used == pytest.approx(value, abs=5e-5), (row["input"], year)


def test_every_fleet_input_value_is_sourced_or_declared_an_assumption():
    inputs = fdata.load_fleet_inputs()
    for column in inputs.columns:
        rows = SOURCES[SOURCES["input"] == column]
        years = set()
        for spec in rows["year"]:
            first, _, last = spec.partition("-")
            years |= set(range(int(first), int(last or first) + 1))
        assert years >= set(inputs.index), f"{column}: years without a source or assumption row"
    official = set(SOURCED.loc[SOURCED["input"] == "fleet_grid_factor_kg_per_kwh", "year"].astype(int))
    assert official == set(inputs.index), "every grid-factor year is listed as official or derived"
    grid_rows = SOURCED[SOURCED["input"] == "fleet_grid_factor_kg_per_kwh"].set_index("year")["kind"]
    assert grid_rows["2021"] == grid_rows["2022"] == "official"
    assert set(grid_rows.drop(["2021", "2022"])) == {"derived"}


EXTERNAL = {name: spec.source for name, spec in load_parameter_specs("ch001").items()
            if not spec.source.startswith(("Section", "assumption"))}


def test_parameters_with_public_sources_are_found():
    # the standards, the IPCC factor and the grid-factor series claim public sources
    assert {"fleet_gasoline_ncv_mj_per_kg", "fleet_gasoline_kgce_per_kg",
            "fleet_electricity_kgce_per_kwh", "fleet_gasoline_combustion_g_co2_per_mj",
            "fleet_grid_factor_kg_per_kwh"} <= set(EXTERNAL)


@pytest.mark.parametrize("name", sorted(EXTERNAL))
def test_parameter_sources_name_a_primary_and_keep_weak_sites_as_retrieved_via(name):
    own = _before_retrieved_via(EXTERNAL[name])
    assert "Primary:" in own, f"{name}: a public source must say 'Primary: ...'"
    assert not _weak_in(own), f"{name}: weak site cited outside 'retrieved via': {_weak_in(own)}"


def test_bibliography_keeps_weak_sites_as_retrieved_via_only():
    text = (REPO_ROOT / "book" / "bib" / "ch001.bib").read_text(encoding="utf-8")
    for entry in text.split("\n@")[1:]:
        key = entry.split("{", 1)[1].split(",", 1)[0]
        url = re.search(r"^\s*url\s*=\s*\{([^}]*)\}", entry, flags=re.MULTILINE)
        assert not (url and _weak_in(url.group(1))), f"{key}: a weak site as the entry's url"
        if _weak_in(entry):
            assert re.search(r"retrieved via", entry, flags=re.IGNORECASE), key
