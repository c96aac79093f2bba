"""Precision and recall of the extractor against hand-labelled figures.

A figure counts as right only when its span, value, unit, kind, ref_year and bound all agree
with the label. Labels are a CSV with those columns (char_start, char_end, value, unit, kind,
ref_year, bound); economists can label a report of their own and measure the tool on it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

KEY_COLUMNS = ("char_start", "char_end", "value", "unit", "kind", "ref_year", "bound")


@dataclass(frozen=True)
class Score:
    labelled: int
    extracted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0


def _key(row) -> tuple:
    def norm(v):
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v == "":
            return ""
        if isinstance(v, float):
            return round(v, 6)
        return v

    out = []
    for c in KEY_COLUMNS:
        v = row[c]
        if c in ("char_start", "char_end", "ref_year") and norm(v) != "":
            v = int(v)
        elif c == "value":
            v = float(v)
        out.append(norm(v))
    return tuple(out)


def score(extracted: pd.DataFrame, labels: pd.DataFrame) -> tuple[Score, list[tuple], list[tuple]]:
    """The score, the labelled figures missed and the extracted figures not in the labels."""
    got = [_key(r) for _, r in extracted.iterrows()]
    want = [_key(r) for _, r in labels.iterrows()]
    want_set, got_set = set(want), set(got)
    correct = sum(1 for k in got if k in want_set)
    missed = [k for k in want if k not in got_set]
    spurious = [k for k in got if k not in want_set]
    return Score(len(want), len(got), correct), missed, spurious


def read_labels(path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""])
