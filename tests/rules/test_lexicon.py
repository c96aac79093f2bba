"""Every entry of rules/lexicon/, run: its example goes through the whole extractor (or, for
the heading words that identify a report's year, through figures.identify) and must give what
the entry's `expect` says. A new cue word is one YAML entry with its example; this test is what
makes the example true."""

from __future__ import annotations

import math

import pytest

from helpers.figures.identify import gather_evidence
from helpers.figures.table import extract_figures
from helpers.rules import lexicon

YEAR = 2025
# Where an example sits (context: plan / review): a report of 2025 around it.
REVIEW_HEAD = "一、2024年工作回顾\n"
PLAN_HEAD = "二、2025年工作安排\n"
FILLER_REVIEW = "过去一年，全区粮食产量达到800亿斤。\n"
FILLER_PLAN = "今年主要预期目标是：地区生产总值增长5%左右。\n"

ENTRIES = [e for entries in lexicon.families().values() for e in entries]


def _entry_id(e) -> str:
    return f"{e.family}:{e.word if e.word is not None else e.pattern}"


def _report(e) -> tuple[str, int]:
    """The text the example is read in, and where the example starts in it."""
    if e.context == "none":
        return e.example, 0
    if e.context == "review":
        before = REVIEW_HEAD
        return before + e.example + "。\n" + PLAN_HEAD + FILLER_PLAN, len(before)
    before = REVIEW_HEAD + FILLER_REVIEW + PLAN_HEAD
    return before + e.example + "。\n", len(before)


def _same(got, want) -> bool:
    if isinstance(want, float) or isinstance(got, float):
        return got is not None and not (isinstance(got, float) and math.isnan(got)) \
            and math.isclose(float(got), float(want), rel_tol=1e-9)
    if hasattr(got, "item"):
        got = got.item()
    return got == want


def test_every_entry_documents_itself():
    for e in ENTRIES:
        assert e.example and e.reason, f"{_entry_id(e)} needs an example and a reason"
        assert e.expect, f"{_entry_id(e)} needs an expectation"
        assert e.context in ("plan", "review", "none", "identify"), _entry_id(e)
        assert (e.word is None) != (e.pattern is None), f"{_entry_id(e)}: a word or a pattern"


def test_no_word_is_listed_twice_in_a_family():
    for name, entries in lexicon.families().items():
        keys = [e.word or e.pattern for e in entries]
        assert len(keys) == len(set(keys)), name


@pytest.mark.parametrize("entry", ENTRIES, ids=_entry_id)
def test_example(entry):
    if entry.context == "identify":
        evidence = gather_evidence(entry.example)
        for key, want in entry.expect.items():
            assert _same(getattr(evidence, key), want), (key, getattr(evidence, key), want)
        return
    text, start = _report(entry)
    figures = extract_figures(text, "Hubei", YEAR, "湖北省")
    mine = figures[(figures["char_start"] >= start) & (figures["char_end"] <= start + len(entry.example))]
    if entry.expect.get("figures") == 0:  # no figure at all, or not the one named
        gone = mine if entry.figure is None else mine[mine["text"] == entry.figure]
        assert gone.empty, list(gone["text"])
        return
    if entry.figure is not None:
        mine = mine[mine["text"] == entry.figure]
    assert len(mine), f"no figure {entry.figure or ''} in {entry.example!r}: {list(figures['text'])}"
    row = mine.iloc[0]
    for key, want in entry.expect.items():
        assert _same(row[key], want), f"{key}: got {row[key]!r}, want {want!r} in {entry.example!r}"
