"""Find a report's paragraphs, headings, parts (review of last year vs plan for this year),
blocks (the review of a whole five-year plan, the next plan's goals), sentences and clauses.
Offsets here are offsets into the *normalised* text."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

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

# Five-year plans (lexicon: periods.yml). The Nth plan runs PLAN_EPOCH + 5·(N−1) … +4, which holds
# from the 6th plan (1981–1985) on; the first five had irregular spans.
PLAN_EPOCH = 1956
FIRST_REGULAR_PLAN = 6
_NUMERALS: dict[str, int] = {w: int(v) for w, v in lexicon.mapping("plan_numerals", "value").items()}
_TEN = next(w for w, v in _NUMERALS.items() if v == 10)
_PLAN_NAMES = tuple(re.compile(e.regex) for e in lexicon.family("plan_names"))
_BLOCK_OPENER = re.compile(lexicon.alternation("block_openers", longest_first=True))
_BLOCK_CLOSER = re.compile(lexicon.alternation("block_closers", longest_first=True))
_PRELUDE = re.compile(rf"\s*(?:(?:{lexicon.alternation('block_preludes')})[，,！!：:]?)?\s*")
_SENTENCE_STOPS = re.compile(r"[。！？!?]")


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based among non-empty lines
    start: int
    end: int
    part: str  # review, plan, glossary, or "" (before any evidence)
    section: str  # heading path


@dataclass(frozen=True)
class Block:
    """From `start` on (to the next block), the text is about the years first–last: a review of
    them (results) or, with goals, a plan's goals (targets). first None: the part's single year."""

    start: int
    first: int | None = None
    last: int | None = None
    goals: bool = False

    @property
    def multi_year(self) -> bool:
        return self.first is not None


_SINGLE_YEAR = Block(0)


@dataclass
class Segments:
    text: str
    paragraphs: list[Paragraph]
    page_markers: list[tuple[int, int]]
    _starts: list[int]
    blocks: list[Block] = field(default_factory=list)
    _block_starts: list[int] = field(default_factory=list)

    def paragraph_at(self, pos: int) -> Paragraph:
        return self.paragraphs[bisect_right(self._starts, pos) - 1]

    def block_at(self, pos: int) -> Block:
        """The block in force at `pos` (a single year's when none has begun)."""
        i = bisect_right(self._block_starts, pos) - 1
        return self.blocks[i] if i >= 0 else _SINGLE_YEAR


def chinese_number(digits: str) -> int | None:
    """14 from 十四, 10 from 十, 21 from 二十一, 2 from 两, 12 from 12; None if not a number."""
    if digits.isdigit():
        return int(digits)
    if _TEN in digits:
        tens, _, units = digits.partition(_TEN)
        t = _NUMERALS.get(tens) if tens else 1
        u = _NUMERALS.get(units) if units else 0
        return None if t is None or u is None or t >= 10 or u >= 10 else t * 10 + u
    return _NUMERALS.get(digits) if len(digits) == 1 else None


def plan_years(number: int) -> tuple[int, int] | None:
    """First and last year of the Nth five-year plan (None before the 6th, whose spans vary)."""
    if number < FIRST_REGULAR_PLAN:
        return None
    first = PLAN_EPOCH + 5 * (number - 1)
    return first, first + 4


def plans_in(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, tuple[int, int]]]:
    """(start, end, (first, last)) of every five-year plan named in text[lo:hi], in text order."""
    hi = len(text) if hi is None else hi
    found = []
    for pattern in _PLAN_NAMES:
        for m in pattern.finditer(text, lo, hi):
            n = chinese_number(m.group("n"))
            years = plan_years(n) if n else None
            if years:
                found.append((m.start(), m.end(), years))
    return sorted(found)


def _plan_block(years: tuple[int, int], report_year: int) -> tuple[int, int, bool] | None:
    """A named plan as a block: the next plan's goals, or the review of a finished (or running) one."""
    first, last = years
    if first >= report_year:
        return first, last, True
    return first, min(last, report_year - 1), False


def _heading_block(heading: str, report_year: int) -> tuple[int, int, bool] | None:
    """A part heading naming only plans (no year) makes its part a block: the next plan's goals
    when it names that plan (二、“十五五”时期的主要目标), else the review of the plan it names.
    A heading naming a year (一、2025年和“十四五”时期工作回顾) decides nothing alone."""
    if _YEAR.search(heading):
        return None
    blocks = [_plan_block(years, report_year) for _, _, years in plans_in(heading)]
    goals = [b for b in blocks if b and b[2]]
    return goals[0] if goals else (blocks[-1] if blocks else None)


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
    block = _heading_block(heading, report_year) if report_year else None
    if block:
        return "plan" if block[2] else "review"
    if _REVIEW_WORDS.search(heading):
        return "review"
    if _PLAN_WORDS.search(heading):
        return "plan"
    return None


def _switch(text: str, at: int, end: int, report_year: int) -> tuple[int, int, bool] | None | bool:
    """What a sentence starting at `at` switches to: a block (first, last, goals), None (back to
    the single year), or False (no switch)."""
    lead = _PRELUDE.match(text, at, end)
    at = lead.end() if lead else at
    closer = _BLOCK_CLOSER.match(text, at, end)
    if closer:
        year = closer.groupdict().get("year")
        if year is None or report_year - 1 <= int(year) <= report_year:
            return None
    if _BLOCK_OPENER.match(text, at, end):
        return report_year - 5, report_year - 1, False
    plans = plans_in(text, at, min(end, at + 12))
    if plans and plans[0][0] == at and (plans[0][2][0] >= report_year or plans[0][2][1] < report_year):
        return _plan_block(plans[0][2], report_year)  # the next plan, or a finished one (not one under way)
    return False


def _blocks(text: str, paragraphs: list[tuple[int, int, bool, str]], report_year: int) -> list[Block]:
    """The blocks of a text, from (start, end, is_part_heading, part) of its paragraphs.

    A part heading starts its part's block (_heading_block; a single year's by default). Inside the
    review and a plan's goals, a sentence opening with a block opener (五年来, 这是…的五年, a plan's
    name …) starts a block, one opening with a closer (过去一年, 2025年是…) returns to the single
    year. A year's plan (二、2025年工作安排) has no blocks: there only a figure's own words count."""
    blocks: list[Block] = []
    current: tuple[int, int, bool] | None = None
    goals_part = False
    for start, end, is_head, part in paragraphs:
        if is_head:
            body = PAGE_MARKER.sub("", text[start:end]).strip()
            current = _heading_block(body, report_year) if part in ("review", "plan") else None
            goals_part = bool(current and current[2])
            blocks.append(Block(start, *current) if current else Block(start))
            continue
        if part != "review" and not goals_part:
            continue
        at = start
        while at < end:
            stop = _SENTENCE_STOPS.search(text, at, end)
            sentence_end = stop.end() if stop else end
            new = _switch(text, at, sentence_end, report_year)
            if new is not False and new != current:
                current = new
                blocks.append(Block(at, *current) if current else Block(at))
            at = sentence_end
    return blocks


def segment(text: str, report_year: int | None, skip: tuple[tuple[int, int], ...] = ()) -> Segments:
    """Split normalised text into paragraphs with their part and heading path. Lines whose span
    is in `skip` (page furniture) are no paragraph."""
    raw: list[tuple[int, int, str]] = []
    pos = 0
    skipped = set(skip)
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            span = (pos + lead, pos + lead + len(stripped))
            if span not in skipped:
                raw.append((*span, stripped))
        pos += len(line) + 1

    # Pass 1: headings and the part each paragraph belongs to.
    parts: list[str | None] = []
    part_heads: list[str] = []
    section_heads: list[str] = []
    is_heading: list[bool] = []
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
        is_heading.append(is_part)

    # Text before the first part heading: if that heading opens the plan, what precedes it is
    # the review (the seed page starts mid-review); if it opens the review, it is a preamble.
    first = next((p for p in parts if p), None)
    lead_part = "review" if first in ("plan", None) else ""
    if first is None:
        # No headings at all: the headline-target paragraph opens the plan.
        target_at = next((i for i, (_, _, t) in enumerate(raw) if HEADLINE_OPENER in t), None)
        parts = ["plan" if target_at is not None and i >= target_at else "review" for i in range(len(raw))]
    final = [parts[i] or lead_part for i in range(len(raw))]
    blocks = [] if not report_year else _blocks(
        text, [(s, e, is_heading[i], final[i]) for i, (s, e, _) in enumerate(raw)], report_year)
    starts = [b.start for b in blocks]
    paragraphs = []
    for i, (s, e, _) in enumerate(raw):
        path = " / ".join(h for h in (part_heads[i], section_heads[i]) if h)
        part = final[i]
        if blocks and part in ("review", "plan"):
            # A paragraph that starts inside a plan's review is review; inside a plan's goals, plan.
            j = bisect_right(starts, s) - 1
            if j >= 0 and blocks[j].multi_year:
                part = "plan" if blocks[j].goals else "review"
        paragraphs.append(Paragraph(i + 1, s, e, part, path))
    markers = [m.span() for m in PAGE_MARKER.finditer(text)]
    return Segments(text, paragraphs, markers, [p.start for p in paragraphs], blocks, starts)


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


class Bounds:
    """bounds_of for many positions of one text: the offsets of its end characters, found once,
    then bisected (a walk back and forth per figure costs a clause's length each time)."""

    def __init__(self, text: str, enders: str):
        self._ends = [m.start() for m in re.finditer(f"[{re.escape(enders)}]", text)]
        self._n = len(text)

    def around(self, pos: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
        """The same [start, end) as bounds_of(text, pos, enders, lo, hi)."""
        hi = self._n if hi is None else hi
        i = bisect_right(self._ends, pos - 1)  # the end characters before pos: self._ends[:i]
        s = pos if lo >= pos else (max(lo, self._ends[i - 1] + 1) if i else lo)
        j = bisect_left(self._ends, pos)  # the first end character at or after pos
        e = min(hi, self._ends[j]) if j < len(self._ends) else hi
        return s, max(e, pos)
