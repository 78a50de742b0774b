"""Figure 1 of Rahnama, Johansen & Öhrwall Rönnbäck (2023) as data, and Table 1 (Section 3.2).

The paper (EasyChair preprint, ``rahnama2023circular``) summarises a literature review and two
expert workshops in *Figure 1* (Section 4.3): a matrix of five themes × nine value-chain stages,
each cell an ordinal symbol ◎ (high), ○ (medium), △ (low). ``data/ch002/figure1_matrix.csv``
holds it cell by cell, with the symbol as printed (``printed_symbol``, empty where the paper
prints nothing) and the symbol the chapter uses (``symbol``); :func:`load_matrix` validates it.

Also here: Table 1 (the review protocol, ``review_protocol.csv``) and the list of the "5R"
strategies of Section 2.1 (``five_r_strategies.csv``), both transcribed verbatim.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..paths import chapter_data_dir

STAGES: tuple[str, ...] = (
    "exploration", "mining", "processing", "design", "production",
    "use", "reuse", "collection", "recycling",
)
"""The nine value-chain stages of Figure 1, in the paper's column order."""

THEMES: tuple[str, ...] = (
    "impact_on_circularity", "circularity_practice_difficulty", "carbon_footprint",
    "technological_maturity", "digitalisation_difficulty",
)
"""The five themes (rows) of Figure 1, in the paper's order."""

THEME_LABELS: dict[str, str] = {
    "impact_on_circularity": "Impact on circularity",
    "circularity_practice_difficulty": "Difficulty of circularity practices",
    "carbon_footprint": "Carbon footprint level",
    "technological_maturity": "Technological maturity",
    "digitalisation_difficulty": "Difficulty of adopting digitalisation",
}

SYMBOL_LEVELS: dict[str, int] = {"△": 1, "○": 2, "◎": 3}
"""Ordinal level of each Figure 1 symbol: △ low = 1, ○ medium = 2, ◎ high = 3."""

LEVEL_SYMBOLS: dict[int, str] = {v: k for k, v in SYMBOL_LEVELS.items()}
LEVEL_NAMES: dict[int, str] = {1: "low", 2: "medium", 3: "high"}


def validate_matrix(tidy: pd.DataFrame, where: str = "matrix") -> pd.DataFrame:
    """Validate a tidy Figure 1 table and add the ordinal ``level`` column.

    Required columns: ``theme``, ``stage``, ``symbol`` (◎/○/△); optional ``printed_symbol``
    (may be empty where the paper prints nothing) and ``provenance``. Every (theme, stage)
    pair of :data:`THEMES` × :data:`STAGES` must occur exactly once.

    Raises ValueError naming the row and the offending theme, stage or symbol.
    """
    missing_cols = {"theme", "stage", "symbol"} - set(tidy.columns)
    if missing_cols:
        raise ValueError(f"{where}: missing column(s) {sorted(missing_cols)}")
    tidy = tidy.copy()
    for i, row in tidy.iterrows():
        if row["theme"] not in THEMES:
            raise ValueError(f"{where}, row {i}: unknown theme {row['theme']!r}; valid: {', '.join(THEMES)}")
        if row["stage"] not in STAGES:
            raise ValueError(f"{where}, row {i}: unknown stage {row['stage']!r}; valid: {', '.join(STAGES)}")
        for col in ("symbol", "printed_symbol"):
            if col not in tidy.columns:
                continue
            value = row[col]
            if col == "printed_symbol" and (pd.isna(value) or value == ""):
                continue
            if value not in SYMBOL_LEVELS:
                raise ValueError(
                    f"{where}, row {i} ({row['theme']}, {row['stage']}): unknown {col} {value!r}; "
                    f"valid: ◎ (high), ○ (medium), △ (low)")
    dup = tidy.duplicated(["theme", "stage"])
    if dup.any():
        first = tidy.loc[dup].iloc[0]
        raise ValueError(f"{where}: duplicate cell ({first['theme']}, {first['stage']})")
    present = set(zip(tidy["theme"], tidy["stage"]))
    absent = [(t, s) for t in THEMES for s in STAGES if (t, s) not in present]
    if absent:
        raise ValueError(f"{where}: missing cell(s) {absent[:3]}{' ...' if len(absent) > 3 else ''}")
    tidy["level"] = tidy["symbol"].map(SYMBOL_LEVELS).astype(int)
    return tidy.reset_index(drop=True)


def load_matrix(path: Path | str | None = None) -> pd.DataFrame:
    """Load Figure 1 as a validated tidy table (one row per theme × stage cell).

    Default file: ``data/ch002/figure1_matrix.csv`` (provenance in its header and README).
    """
    path = path if path is not None else chapter_data_dir("ch002") / "figure1_matrix.csv"
    tidy = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    return validate_matrix(tidy, where=str(path))


def load_review_protocol(path: Path | str | None = None) -> pd.DataFrame:
    """Table 1 (Section 3.2), the review protocol, with the keywords joined into one row."""
    path = path if path is not None else chapter_data_dir("ch002") / "review_protocol.csv"
    raw = pd.read_csv(path, comment="#", dtype=str)
    joined = raw.groupby("item", sort=False)["description"].apply(
        lambda s: "; ".join(f"“{k}”" for k in s) if s.name == "Keywords" else "; ".join(s))
    return joined.rename("Description").rename_axis("Item").to_frame()


def load_five_r_strategies(path: Path | str | None = None) -> list[str]:
    """The strategies Section 2.1 lists for the "5R" framework of its ref. 15, as printed."""
    path = path if path is not None else chapter_data_dir("ch002") / "five_r_strategies.csv"
    return pd.read_csv(path, comment="#", dtype=str)["strategy"].str.strip().tolist()


def level_matrix(tidy: pd.DataFrame) -> pd.DataFrame:
    """Wide ordinal matrix (themes × stages, levels 1/2/3) in the paper's order."""
    wide = tidy.pivot(index="theme", columns="stage", values="level")
    return wide.loc[list(THEMES), list(STAGES)].astype(int)


def symbol_matrix(levels: pd.DataFrame) -> pd.DataFrame:
    """The same matrix written with the paper's symbols ◎/○/△."""
    return levels.apply(lambda col: col.map(LEVEL_SYMBOLS))


def printed_symbols_per_theme(tidy: pd.DataFrame) -> pd.Series:
    """How many symbols the paper prints in each theme's row (9 where every stage has one)."""
    printed = tidy["printed_symbol"].isin(list(SYMBOL_LEVELS))
    return printed.groupby(tidy["theme"]).sum().astype(int).loc[list(THEMES)]
