"""How the tables look in Stata and in spreadsheets: short variable labels, integer codes for the
coded columns, and one description of each exported table (TableSpec).

Codes are the position of a word in its CODE_LISTS entry, counted from 1 (kind: 1 result,
2 target, 3 context). They are part of the data's contract: a new word is appended at the end of
its list, never inserted or reordered, so that a code means the same in every release
(tests/metadata/test_codebook.py pins them). An empty cell is Stata's missing value `.`. The
value labels are the words themselves, so `decode kind, gen(kind_s)` in Stata, or
`pandas.read_stata`, gives back exactly the words of figures.csv.

Variable labels are at most 80 characters (Stata's limit). Every column of the figures table
has a hand-written one (FIGURE_LABELS); a column added to metadata/columns.py without one falls
back to the first sentence of its description, cut to 80 characters, until it gets one."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from helpers.metadata.columns import FIGURE_COLUMNS, Column

MAX_LABEL = 80  # Stata: variable labels and the data label

CODE_LISTS: dict[str, tuple[str, ...]] = {
    "kind": ("result", "target", "context"),
    "bound": ("exact", "approx", "min", "max", "range"),
    "measure": ("level", "growth", "share", "change", "rank"),
    "period": ("year", "average", "cumulative", "each_year"),
    "direction": ("up", "down"),
    # The scorecard's verdicts (helpers.analysis.scorecard.VERDICTS, same words).
    "verdict": ("met", "exceeded", "missed", "no outcome stated", "not judged", "no target set"),
}

FIGURE_LABELS: dict[str, str] = {
    "figure_id": "Figure id: region-year-hash of its own words (gwr cite FIGURE_ID)",
    "region": "Region (English)",
    "region_zh": "Region as the report names it (Chinese)",
    "report_year": "Year the report was delivered",
    "paragraph": "Paragraph: 1-based among non-empty lines of source.txt, furniture not counted",
    "char_start": "Start offset of the figure in source.txt (0-based)",
    "char_end": "End offset of the figure in source.txt (exclusive)",
    "text": "The figure as printed: number, unit, qualifier",
    "quote": "The clause holding the figure, as printed (cite this)",
    "section": "Heading path of the section holding the figure",
    "kind": "Kind: result (a past year), target (plan year), context",
    "is_estimate": "Estimate (预计, 初步统计 …): 1 = yes",
    "is_headline": "Headline target (主要预期目标 paragraph): 1 = yes",
    "ref_year": "Year a single-year figure is about",
    "period": "Span the figure is about: year, average, cumulative, each_year",
    "period_start": "First year of the span the figure is about",
    "period_end": "Last year of the span the figure is about",
    "indicator": "Indicator code (registry; x_… for unregistered indicators)",
    "indicator_zh": "Indicator name in Chinese",
    "indicator_en": "Indicator name in English (registry indicators only)",
    "measure": "Measure: level, growth, share, change, rank",
    "direction": "Direction of a change: up, down (value is a magnitude)",
    "value": "Value in base units (万, 亿 multiplied out; % as percent), positive",
    "unit_zh": "Base unit as printed (元, 人, %, 百分点 …)",
    "unit": "Unit code (CNY, person, percent, pp …)",
    "bound": "Bound: exact, approx (左右), min (以上), max (以内), range",
    "lower": "Lower end of the stated interval (empty for max)",
    "upper": "Upper end of the stated interval (empty for min)",
}

# Figure columns written as integer codes in Stata, and the code list of each.
FIGURE_CODED: dict[str, str] = {name: name for name in ("kind", "measure", "direction", "bound", "period")}


@dataclass(frozen=True)
class TableSpec:
    """One exported table: its columns (with descriptions), labels and coded columns."""

    name: str  # the default file name stem: figures, targets
    title: str  # what one row is, for the codebook sheet
    columns: tuple[Column, ...]
    labels: Mapping[str, str] = field(default_factory=dict)
    coded: Mapping[str, str] = field(default_factory=dict)  # column → CODE_LISTS key

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def label(self, name: str) -> str:
        """The variable label of a column (≤ 80 characters)."""
        if name in self.labels:
            return self.labels[name]
        column = next((c for c in self.columns if c.name == name), None)
        return fallback_label(column.description if column else name)

    def codes(self, name: str) -> dict[str, int]:
        """word → integer code of a coded column ({} for one that is not coded)."""
        words = CODE_LISTS.get(self.coded.get(name, ""), ())
        return {word: i for i, word in enumerate(words, start=1)}


def fallback_label(description: str) -> str:
    """A label from a description: its first sentence without markdown, at most 80 characters."""
    text = re.sub(r"`([^`]*)`", r"\1", description).strip()
    first = re.split(r"(?<!e\.g)(?<!i\.e)[.;](?=\s)", text, maxsplit=1)[0].rstrip(".;")
    return first if len(first) <= MAX_LABEL else first[: MAX_LABEL - 1].rstrip() + "…"


def codes_text(codes: Mapping[str, int]) -> str:
    """`1 = result, 2 = target, 3 = context` (empty: missing)."""
    return ", ".join(f"{code} = {word}" for word, code in codes.items())


FIGURES_TABLE = TableSpec(
    name="figures",
    title="One row per quantitative figure of a report",
    columns=FIGURE_COLUMNS,
    labels=FIGURE_LABELS,
    coded=FIGURE_CODED,
)


def coerce_table(df, columns: tuple[Column, ...]):
    """A table in the order and dtypes of `columns` (text: str, empty for missing; integer:
    Int64; number: float64; boolean: bool, or nullable boolean for an optional column)."""
    import pandas as pd

    out = {}
    for c in columns:
        s = df[c.name] if c.name in df else pd.Series([None] * len(df), index=df.index, dtype=object)
        if c.dtype == "string":
            s = s.astype(object).where(s.notna(), "").astype(str)
        elif c.dtype == "integer":
            s = pd.to_numeric(s).astype("Int64")
        elif c.dtype == "number":
            s = pd.to_numeric(s).astype("float64")
        elif c.required:
            s = s.fillna(False).astype(bool)
        else:
            s = s.astype("boolean")
        out[c.name] = s
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)
