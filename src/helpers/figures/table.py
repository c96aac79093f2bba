"""The figures table of one report's text: normalise → segment → scan → classify → one tidy row
per figure, with its figure_id, quote and offsets into the text as given."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from typing import TYPE_CHECKING

from helpers.figures.classify import classify
from helpers.figures.furniture import furniture_spans
from helpers.figures.normalize import normalize
from helpers.figures.scan import scan
from helpers.figures.segment import PAGE_MARKER, segment
from helpers.metadata import columns
from helpers.metadata.regions import NATIONAL, find_region
from helpers.metadata.report_meta import region_code_of
from helpers.rules.indicators import registry
from helpers.rules.units import units

if TYPE_CHECKING:
    import pandas as pd

_ID_SPACE = re.compile(r"\s+")
# A lone surrogate (possible in a str built in Python; read_report never returns one) cannot be
# encoded for the figure ids: U+FFFD, one code point for one, keeps every character offset.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _figure_id(region_code: str, year: int, clause: str, text: str, nth: int) -> str:
    # The figure's own words and its clause (both without white space), not its position:
    # ids survive edits elsewhere.
    key = f"{region_code}|{year}|{clause}|{text}|{nth}"
    return f"{region_code}-{year}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


def extract_figures(
    text: str, region: str, report_year: int, region_zh: str = "", *, region_code: str | None = None
) -> pd.DataFrame:
    """Every quantitative figure of `text` as one row of the figures table (metadata/columns.py)."""
    text = _LONE_SURROGATE.sub("\ufffd", text)
    norm = normalize(text)
    furniture = tuple(furniture_spans(norm.text))  # a web page's controls and fields: no figures
    segs = segment(norm.text, report_year, skip=furniture)
    mentions = scan(norm.text, hidden=furniture)
    classified = classify(norm.text, segs, mentions, report_year)
    code = region_code or region_code_of(region)
    national = _is_national(code, region)
    if not classified:
        return columns.empty_figures()
    cols: dict[str, list] = {name: [] for name in columns.COLUMN_NAMES}
    seen: Counter[tuple[str, str]] = Counter()
    for c in classified:
        m = c.mention
        start, end = norm.span_to_orig(m.start, m.end)
        q_start, q_end = norm.span_to_orig(*c.sentence)
        c_start, c_end = norm.span_to_orig(*c.clause)
        para = segs.paragraph_at(m.start)
        printed = text[start:end]
        clause = text[c_start:c_end]
        # Counted as the id hashes them (spaces dropped): a clause repeated with other spacing,
        # or word for word (a web page repeating its opening), gets the next number, not the same id.
        key = (_ID_SPACE.sub("", clause), _ID_SPACE.sub("", printed))
        seen[key] += 1
        row = {
            "figure_id": _figure_id(code, report_year, *key, seen[key]),
            "region": region,
            "region_zh": region_zh,
            "report_year": report_year,
            "paragraph": para.number,
            "char_start": start,
            "char_end": end,
            "text": printed,
            "quote": _quote(text[q_start:q_end]),
            "section": para.section,
            "kind": c.kind,
            "is_estimate": c.is_estimate,
            "is_headline": c.is_headline,
            "ref_year": c.ref_year,
            "period": c.period,
            "period_start": c.period_start,
            "period_end": c.period_end,
            "indicator": c.indicator,
            "indicator_zh": _national_name(c) if national else c.indicator_zh,
            "indicator_en": c.indicator_en,
            "measure": c.measure,
            "direction": c.direction,
            "value": c.value,
            "unit_zh": c.unit_zh,
            "unit": _unit_code(c),
            "bound": c.bound,
            "lower": c.lower,
            "upper": c.upper,
        }
        for name, value in row.items():  # a name missing from the schema is a KeyError here
            cols[name].append(value)
    return columns.from_columns(cols)


def _is_national(code: str, region: str) -> bool:
    """The State Council's report (region code `national`, or a region named as the nation)."""
    if code == NATIONAL:
        return True
    found = find_region(region) if region else None
    return found is not None and found.code == NATIONAL


def _national_name(c) -> str:
    """The national report's name of a registry indicator (国内生产总值, not 地区生产总值)."""
    ind = registry().get(c.indicator)
    return ind.name_for(national=True) if ind is not None and c.indicator_zh == ind.name_zh else c.indicator_zh


def _quote(sentence: str) -> str:
    """The sentence as printed, without a newspaper page marker glued to its start."""
    return PAGE_MARKER.sub("", sentence, count=1).strip() if PAGE_MARKER.match(sentence.strip()) else sentence.strip()


def _unit_code(c) -> str:
    if c.unit_zh == "倍" and c.measure == "growth":
        return "percent"
    return units().get(c.unit_zh, "")
