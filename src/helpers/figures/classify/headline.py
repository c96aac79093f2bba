"""The headline passage (主要预期目标): where each one opens and ends, found once per text.

A passage opens with an opener word (headline_openers: 主要预期目标, 预期目标, 主要目标) and a
copula or a colon (headline_copulas: 是, 为, 建议为 …), wherever line breaks fall inside these
words (a web page may print 主要预期目标 in bold on a line of its own). An opener is not this
year's when a multi-year plan is its subject (headline_plan_words: “十五五”时期经济社会发展的主要
目标是, “十五五”时期，…主要目标是), unless a word of the year follows the plan's name
(headline_year_words: “十五五”规划开局之年的主要预期目标是); a plan only referred to (按照“十五五”
规划部署，主要预期目标是) does not count. An opener in a commentary sentence opens nothing.

The passage runs from the opener through the sentences of its paragraph, and on into the next
paragraph while a paragraph stops without a full stop (a list printed one item per line), until
a sentence that comments on the targets (headline_enders: 确定以上目标…, 这样的目标…, 提出上述预期
目标…, 重点做好…工作, 经济增长预期目标为5%左右 restating one of them) or a numbered heading."""

from __future__ import annotations

import re
from bisect import bisect_right

from helpers.figures.segment import CN_DIGITS
from helpers.rules import lexicon

_WS = re.compile(r"\s+")
_FULL_STOP = "。！？!?"
# Before an opener, its sentence starts after one of these (in the text without line breaks).
_SENTENCE_BEFORE = re.compile(r"[。！？!?；;][^。！？!?；;]*$")
_SENTENCES = re.compile(rf"[^{_FULL_STOP}]*[{_FULL_STOP}]*")
_NUMBERED_HEADING = re.compile(rf"^[（(]?[{CN_DIGITS}]+[)）、]")
MAX_PARAGRAPHS = 16  # a passage printed one item per line stays well below this
LOOK_BACK = 300  # at most this many characters of earlier lines are read for an opener's sentence
_STOPS = "。！？!?；;"
_CLAUSE_MARKS = "，,：:"
_CLAUSE_BREAK = re.compile(f"[{_CLAUSE_MARKS}]")
PLAN_CLAUSE_SLACK = 4  # “十五五”时期，/ 今后五年， : a clause that is little more than the plan's name


def _spaced(word: str) -> str:
    """A word as a regular expression that allows whitespace (line breaks) between its characters."""
    return r"\s*".join(re.escape(ch) for ch in word)


def _opener_pattern() -> re.Pattern:
    copulas = sorted(lexicon.words("headline_copulas"), key=len, reverse=True)
    copula = "|".join(_spaced(w) for w in copulas)
    out = []
    for e in sorted(lexicon.family("headline_openers"), key=lambda e: -len(e.word)):
        word = _spaced(e.word)
        if e.get("colon"):  # 预期目标为： opens; 经济增长预期目标为5%左右 only restates one target
            out.append(rf"{word}\s*(?:(?:{copula})\s*)?[：:]")
        else:
            out.append(rf"{word}\s*(?:(?:{copula})(?:\s*[：:，,])?|[：:])")
    return re.compile("|".join(f"(?:{p})" for p in out))


_OPENER = _opener_pattern()
_PLAN_WORDS = re.compile(lexicon.alternation("headline_plan_words"))
_YEAR_WORDS = re.compile(lexicon.alternation("headline_year_words"))
_ENDERS = re.compile(rf"(?:{lexicon.alternation('headline_enders')})")


def _sentence_lines_start(text: str, at: int) -> int:
    """Where the lines of the sentence holding offset `at` start: line breaks may fall inside a
    sentence (a bold 主要目标 on a line of its own), so earlier lines count until one ends with a
    stop, is blank or is a numbered heading."""
    lo = text.rfind("\n", 0, at) + 1
    while lo > 0 and at - lo < LOOK_BACK:
        start = text.rfind("\n", 0, lo - 1) + 1
        prev = text[start : lo - 1].strip()
        if not prev or prev[-1] in _STOPS or _NUMBERED_HEADING.match(prev):
            break
        lo = start
    return lo


def _opens(text: str, opener: re.Match) -> bool:
    """Does this opener open this year's passage? Not when its sentence (read before it) has a
    multi-year plan for subject, nor when that sentence comments on targets (这些主要预期目标是…)."""
    at = opener.start()
    line = text[text.rfind("\n", 0, at) + 1 : at]  # the opener's own line, for its commentary
    cut = _SENTENCE_BEFORE.search(line)
    if _ENDERS.match(_WS.sub("", line[cut.start() + 1 :] if cut else line) + _WS.sub("", opener.group())):
        return False
    before = _WS.sub("", text[_sentence_lines_start(text, at) : at])
    cut = _SENTENCE_BEFORE.search(before)
    before = before[cut.start() + 1 :] if cut else before
    plans = list(_PLAN_WORDS.finditer(before))
    if not plans or _YEAR_WORDS.search(before, plans[-1].end()):
        return True
    # The plan must be the opener's subject: in its clause (“十五五”时期经济社会发展的主要目标是)
    # or a clause of its own (“十五五”时期，…主要目标是), not a reference (按照“十五五”规划部署，).
    plan = plans[-1]
    if not _CLAUSE_BREAK.search(before, plan.end()):
        return False
    lo = max(before.rfind(c, 0, plan.start()) for c in _CLAUSE_MARKS) + 1
    hi = _CLAUSE_BREAK.search(before, plan.end()).start()
    return hi - lo > len(plan.group()) + PLAN_CLAUSE_SLACK


def _openings(text: str) -> list[int]:
    """Where the content of each headline passage starts (just after its opener), in order."""
    return [m.end() for m in _OPENER.finditer(text) if _opens(text, m)]


def _passage_end(text: str, start: int) -> int:
    """Where the passage whose content starts at `start` ends."""
    pos, first = start, True
    for _ in range(MAX_PARAGRAPHS):
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        line = text[pos:line_end]
        if not first and _NUMBERED_HEADING.match(line.strip()):
            return pos
        offset = pos
        for m in _SENTENCES.finditer(line):
            if not m.group():
                break
            sentence = m.group().lstrip()
            if not first and sentence and _ENDERS.match(sentence):
                return offset + (len(m.group()) - len(sentence))
            if sentence:
                first = False
            offset += len(m.group())
        stripped = line.rstrip()
        if stripped and stripped[-1] in _FULL_STOP:
            return pos + len(stripped)
        nxt = line_end
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if nxt >= len(text):
            return len(text.rstrip())
        pos = nxt
    return pos


def headline_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The [start, end) of every headline passage's content in `text`, in order, merged."""
    spans: list[tuple[int, int]] = []
    for start in _openings(text):
        end = _passage_end(text, start)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        elif end > start:
            spans.append((start, end))
    return tuple(spans)


def in_headline_passage(text: str, pos: int, spans: tuple[tuple[int, int], ...] | None = None) -> bool:
    """Does offset `pos` of `text` lie inside a headline passage? `spans`: headline_spans(text),
    when the caller has them already (found once per text, not once per figure)."""
    spans = headline_spans(text) if spans is None else spans
    i = bisect_right(spans, (pos, len(text) + 1)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]
