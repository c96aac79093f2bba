"""Find a report's paragraphs, headings, parts (review of last year vs plan for this year),
sentences and clauses. Offsets here are offsets into the *normalised* text."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from helpers.rules import lexicon

CN_DIGITS = "一二三四五六七八九十"

# `一、2024年工作回顾`, `二、2025年工作安排` (part headings) and `（一）实施重大项目…` (sections).
_PART_HEADING = re.compile(rf"^[{CN_DIGITS}]+、")
_SECTION_HEADING = re.compile(rf"^[（(][{CN_DIGITS}]+[)）]")
# Unnumbered part headings of some provinces (`2024年工作回顾`, `名词解释`): short lines only.
_BARE_PART = re.compile(f"({lexicon.alternation('part_headings', unnumbered=True)})")
_REVIEW_WORDS = re.compile(lexicon.alternation("part_words", part="review"))
_PLAN_WORDS = re.compile(lexicon.alternation("part_words", part="plan"))
_GLOSSARY_WORDS = re.compile(lexicon.alternation("part_words", part="glossary"))
HEADLINE_OPENER = lexicon.words("headline_openers")[0]
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")

# Newspaper page markers: (上接第一版) (下转第三版) — not report text.
PAGE_MARKER = re.compile(r"[（(]\s*[上下]\s*[接转]\s*第\s*[一二三四五六七八九十\d]+\s*版\s*[)）]")

SENTENCE_END = "。！？；;!?\n"
CLAUSE_END = SENTENCE_END + "，,：:"

HEADING_MAX_CHARS = 40


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based among non-empty lines
    start: int
    end: int
    part: str  # review, plan, glossary, or "" (before any evidence)
    section: str  # heading path


@dataclass
class Segments:
    text: str
    paragraphs: list[Paragraph]
    page_markers: list[tuple[int, int]]
    _starts: list[int]

    def paragraph_at(self, pos: int) -> Paragraph:
        return self.paragraphs[bisect_right(self._starts, pos) - 1]


def _heading_text(line: str) -> str:
    """A heading runs to its first full stop; OCR lines run on into body text, so cap it."""
    cut = re.split(r"[。！？!?]", line, maxsplit=1)[0]
    if len(cut) > HEADING_MAX_CHARS:
        cut = cut[:HEADING_MAX_CHARS] + "…"
    return cut.strip()


def _part_kind(heading: str, report_year: int | None) -> str | None:
    if _GLOSSARY_WORDS.search(heading):
        return "glossary"
    m = _YEAR.search(heading)
    if m and report_year:
        year = int(m.group(1))
        if year < report_year:
            return "review"
        if year == report_year:
            return "plan"
    if _REVIEW_WORDS.search(heading):
        return "review"
    if _PLAN_WORDS.search(heading):
        return "plan"
    return None


def segment(text: str, report_year: int | None) -> Segments:
    """Split normalised text into paragraphs with their part and heading path."""
    raw: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            raw.append((pos + lead, pos + lead + len(stripped), stripped))
        pos += len(line) + 1

    # Pass 1: headings and the part each paragraph belongs to.
    parts: list[str | None] = []
    part_heads: list[str] = []
    section_heads: list[str] = []
    part, part_head, section_head = None, "", ""
    for _, _, line in raw:
        body = PAGE_MARKER.sub("", line).strip()
        is_part = bool(_PART_HEADING.match(body)) or (
            len(body) <= 30
            and not re.search(r"[。，,；;：:]", body)
            and bool(_BARE_PART.search(body))
        )
        if is_part:
            kind = _part_kind(body, report_year)
            part_head, section_head = _heading_text(body), ""
            if kind:
                part = kind
        elif _SECTION_HEADING.match(body):
            section_head = _heading_text(body)
        parts.append(part)
        part_heads.append(part_head)
        section_heads.append(section_head)

    # Text before the first part heading: if that heading opens the plan, what precedes it is
    # the review (the seed page starts mid-review); if it opens the review, it is a preamble.
    first = next((p for p in parts if p), None)
    lead_part = "review" if first in ("plan", None) else ""
    if first is None:
        # No headings at all: the headline-target paragraph opens the plan.
        target_at = next((i for i, (_, _, t) in enumerate(raw) if HEADLINE_OPENER in t), None)
        parts = ["plan" if target_at is not None and i >= target_at else "review" for i in range(len(raw))]
    paragraphs = []
    for i, (s, e, _) in enumerate(raw):
        path = " / ".join(h for h in (part_heads[i], section_heads[i]) if h)
        paragraphs.append(Paragraph(i + 1, s, e, parts[i] or lead_part, path))
    markers = [m.span() for m in PAGE_MARKER.finditer(text)]
    return Segments(text, paragraphs, markers, [p.start for p in paragraphs])


def bounds_of(text: str, pos: int, enders: str, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """The [start, end) of the sentence or clause around `pos`, given its end characters."""
    hi = len(text) if hi is None else hi
    s = pos
    while s > lo and text[s - 1] not in enders:
        s -= 1
    e = pos
    while e < hi and text[e] not in enders:
        e += 1
    return s, e
