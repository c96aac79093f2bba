"""What a rule sees of one figure: its clause, its sentence, its paragraph, the enumeration it
belongs to and the words before it. Built once per figure, passed to every rule family."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from helpers.figures.scan import Mention
from helpers.figures.segment import CLAUSE_END, Bounds, Paragraph, Segments
from helpers.rules import lexicon

SENTENCE_STOP = "。！？!?\n；;"
# Between the items of an enumeration: 800亿斤、60亿斤、160亿斤以上.
JOINER = re.compile(lexicon.alternation("joiners", longest_first=True))


@dataclass(frozen=True)
class Mentions:
    """Every figure of the text in order, with their start offsets for bisecting."""

    items: list[Mention]
    starts: list[int]

    @classmethod
    def of(cls, mentions: list[Mention]) -> Mentions:
        return cls(mentions, [m.start for m in mentions])

    def any_between(self, lo: int, hi: int) -> bool:
        """Does a figure start in [lo, hi)?"""
        return bisect_left(self.starts, lo) < bisect_left(self.starts, hi)


def enumerations(text: str, mentions: list[Mention]) -> list[list[int]]:
    """Figures joined only by a joiner (`800亿斤、60亿斤、160亿斤以上`), as lists of indices."""
    groups: list[list[int]] = []
    for i, m in enumerate(mentions):
        if i and JOINER.fullmatch(text, mentions[i - 1].end, m.start):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


@dataclass(frozen=True)
class TextMemo:
    """What rules work out once for the whole text (or once per sentence) and every figure of
    it reads: made fresh for each text by `contexts`. Not a cache keyed by the text: a hit on
    a cache whose key is an equal but distinct string compares the whole text each time, which
    made extracting the same long text a second time quadratic."""

    by_key: dict = field(default_factory=dict)

    def get(self, key, make):
        """The value stored under `key`, made by `make()` the first time it is asked for."""
        if key not in self.by_key:
            self.by_key[key] = make()
        return self.by_key[key]


@dataclass(frozen=True)
class FigureContext:
    text: str  # the normalised report text
    mentions: Mentions
    index: int  # of this figure among mentions
    group: tuple[int, ...]  # the enumeration it belongs to (indices; itself alone when none)
    paragraph: Paragraph
    clause: tuple[int, int]
    sentence: tuple[int, int]
    report_year: int
    memo: TextMemo = field(default_factory=TextMemo)  # shared by every figure of the text

    @property
    def mention(self) -> Mention:
        return self.mentions.items[self.index]

    @property
    def first(self) -> Mention:
        return self.mentions.items[self.group[0]]

    @property
    def last(self) -> Mention:
        return self.mentions.items[self.group[-1]]

    @property
    def in_group(self) -> bool:
        return len(self.group) > 1

    @property
    def left(self) -> str:
        """The clause's words before this figure."""
        return self.text[self.clause[0] : self.mention.start]

    @property
    def lead_left(self) -> str:
        """The clause's words before the enumeration's first figure: they govern every item."""
        return self.text[self.clause[0] : self.first.start]

    @property
    def near(self) -> str:
        """lead_left without the qualifier printed right before the first figure (超过, 约 …)."""
        lead, pre = self.lead_left, self.first.pre
        return lead[: len(lead) - len(pre)] if pre else lead

    @property
    def sentence_left(self) -> str:
        return self.text[self.sentence[0] : self.mention.start]

    @property
    def paragraph_left(self) -> str:
        return self.text[self.paragraph.start : self.mention.start]


def contexts(text: str, segs: Segments, mentions: list[Mention], report_year: int) -> list[FigureContext]:
    """One FigureContext per figure, in text order."""
    indexed = Mentions.of(mentions)
    group_of = {i: tuple(g) for g in enumerations(text, mentions) for i in g}
    clauses, sentences = Bounds(text, CLAUSE_END), Bounds(text, SENTENCE_STOP)
    memo = TextMemo()
    out = []
    for i, m in enumerate(mentions):
        para = segs.paragraph_at(m.start)
        clause = clauses.around(m.start, para.start, para.end)
        sentence = sentences.around(m.start, para.start, para.end)
        out.append(FigureContext(text, indexed, i, group_of[i], para, clause, sentence, report_year, memo))
    return out
