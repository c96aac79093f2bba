"""Read a folder's figures table as stored: figures.parquet when present, else figures.csv, with
the text columns read as text (an all-empty column of the CSV is then "", not a float NaN).
The raw frame is returned (columns as found); helpers.metadata.columns.coerce types it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.metadata.columns import FIGURE_COLUMNS
from helpers.metadata.layout import FIGURES_CSV, FIGURES_PARQUET

TEXT_DTYPES = {c.name: str for c in FIGURE_COLUMNS if c.dtype == "string"}


def figures_file(folder: Path) -> Path | None:
    """The figures file of `folder` that is read (parquet first), or None."""
    for name in (FIGURES_PARQUET, FIGURES_CSV):
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    return None


def read_raw_figures(folder: Path) -> pd.DataFrame | None:
    """The stored table (None when the folder has none). Errors of the file propagate."""
    path = figures_file(folder)
    if path is None:
        return None
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=TEXT_DTYPES)
