"""Whether a figure is a result, a target or background context, the year it is about, whether
it is an estimate and whether it is a headline target. The cue words are the lexicon's
context_cues, past_cues, past_openers, subject_only, estimate and plan_forecasts; the headline
passage is found by headline.py."""

from __future__ import annotations

import re

from helpers.figures.classify.context import FigureContext
from helpers.figures.classify.headline import headline_spans, in_headline_passage
from helpers.figures.segment import CLAUSE_END
from helpers.rules import lexicon
from helpers.rules.units import units

ESTIMATE = re.compile(lexicon.alternation("estimate", longest_first=True))
# 预计今年… in the plan: a forecast of this year, not an estimate of a result nor a target.
PLAN_FORECAST = re.compile(lexicon.alternation("plan_forecasts"))
# Background facts: stocks and states (我区有20个口岸, 连续3年, 每年接待, …之一).
CONTEXT_CUE = re.compile(lexicon.alternation("context_cues"))
# In the review, 每年可减少利息支出130亿元 is last year's result, so 每年 is no cue there.
CONTEXT_CUE_REVIEW = re.compile(lexicon.alternation("context_cues", review=True))
# 比上年/较上年 compares with last year; it does not make a plan figure a result.
PAST_CUE = re.compile(lexicon.alternation("past_cues"))
# 过去一年，… opening a sentence of the plan: the whole sentence is about last year.
PAST_OPENER = re.compile(rf"\s*(?:{lexicon.alternation('past_openers', longest_first=True)})[，,]")
SUBJECT_ONLY = re.compile(f"(?:{lexicon.alternation('subject_only')})$")
YEAR_MENTION = re.compile(r"((?:19|20)\d{2})年")
# 实施500万元以上技改项目1.2万个: a size with 以上 before what the next figure counts picks out the
# things counted (projects of 5 m yuan or more); it is no amount planned or achieved.
CUTOFF_QUALIFIERS = frozenset(e.word for e in lexicon.family("cutoff_qualifiers"))
CUTOFF_HEAD = re.compile(
    rf"的?[\u4e00-\u9fff]{{0,8}}?(?:{lexicon.alternation('cutoff_heads', longest_first=True)})")
CUTOFF_COUNT_GAP = 4  # at most this many characters (达到, 超过 …) from the head to the count
_FULL_STOPS = "。！？!?"
_CLAUSE_SPLIT = re.compile(f"[{re.escape(CLAUSE_END)}]")
# An estimate word opens its clause when at most this many characters stand before it (据初步统计,
# 全年预计); its clause is a mere lead-in (据初步统计，) when at most this many follow it.
LEAD_CHARS = 2


def _is_structure(ctx: FigureContext) -> bool:
    """重点做好以下11个方面工作: a count of the report's own parts, not a figure about anything."""
    text, m, ce = ctx.text, ctx.mention, ctx.clause[1]
    return (text.startswith("方面", m.end) or text.startswith("方面", m.start + 1)) and (
        "以下" in ctx.left or text[ce : ce + 1] in "：:"
    )


def _is_cutoff(ctx: FigureContext) -> bool:
    """A size qualifying the things a following count counts (500万元以上技改项目1.2万个)."""
    m = ctx.mention
    if (m.post or m.pre) not in CUTOFF_QUALIFIERS or units().get(m.unit_zh) in ("count", "percent", "pp"):
        return False
    head = CUTOFF_HEAD.match(ctx.text, m.end, ctx.clause[1])
    if head is None:
        return False
    nxt = ctx.index + 1
    return (nxt < len(ctx.mentions.items)
            and head.end() <= ctx.mentions.items[nxt].start <= head.end() + CUTOFF_COUNT_GAP
            and ctx.mentions.items[nxt].start < ctx.clause[1])


def _full_sentence_start(ctx: FigureContext) -> int:
    """Where the figure's sentence starts after a full stop (； does not end it here)."""
    text, lo, pos = ctx.text, ctx.paragraph.start, ctx.mention.start
    return max(lo, *(text.rfind(stop, lo, pos) + 1 for stop in _FULL_STOPS))


def kind_of(ctx: FigureContext) -> tuple[str, int | None]:
    """(kind, ref_year) from the part of the report and cues in the figure's own clause."""
    part, left, year = ctx.paragraph.part, ctx.left, ctx.report_year
    if part == "glossary" or _is_structure(ctx) or _is_cutoff(ctx):
        kind = "context"
    elif part == "plan":
        estimate = estimate_word(ctx)
        if estimate is not None and PLAN_FORECAST.match(ctx.text, estimate.end()):
            kind = "context"
        elif (
            PAST_CUE.search(left)
            or re.search(rf"{year - 1}年", left)
            or PAST_OPENER.match(ctx.text, _full_sentence_start(ctx))
        ):
            kind = "result"
        elif CONTEXT_CUE.search(left) or SUBJECT_ONLY.search(left):
            kind = "context"
        else:
            kind = "target"
    else:
        kind = "context" if CONTEXT_CUE_REVIEW.search(left) else "result"
    if kind == "result":
        return kind, year - 1
    if kind == "target":
        # 到2027年, 力争2027年建成: a later year named before the figure is its horizon.
        later = [int(y) for y in YEAR_MENTION.findall(ctx.sentence_left) if int(y) > year]
        return kind, later[-1] if later else year
    return kind, None


def _last(matches) -> re.Match | None:
    found = list(matches)
    return found[-1] if found else None


def estimate_word(ctx: FigureContext) -> re.Match | None:
    """The estimate word (预计, 初步统计 …) governing the figure, if any: one in its own clause
    before it, or one opening an earlier clause of its sentence when every clause from there
    to the figure's holds a figure (a lead-in clause such as 据初步统计， needs none)."""
    text, (s0, _), c0 = ctx.text, ctx.sentence, ctx.clause[0]
    found = _last(ESTIMATE.finditer(text, s0, ctx.mention.start))
    if found is None or found.start() >= c0:
        return found  # none, or one in the figure's own clause
    cuts = [s0] + [m.end() for m in _CLAUSE_SPLIT.finditer(text, s0, found.start())]
    if len(text[cuts[-1] : found.start()].strip()) > LEAD_CHARS:
        return None  # 研发投入强度预计达3.2%: after its subject it governs its own clause only
    pieces = [cuts[-1]] + [m.end() for m in _CLAUSE_SPLIT.finditer(text, found.end(), c0)]
    for i, (lo, hi) in enumerate(zip(pieces, pieces[1:], strict=False)):
        if ctx.mentions.any_between(lo, hi) or hi - lo <= 1:
            continue
        lead_in = i == 0 and len(text[found.end() : hi - 1].strip()) <= LEAD_CHARS
        if not lead_in:
            return None  # 预计居民收入增长与经济增长基本同步,新增城镇就业20.1万人: the list broke off
    return found


def is_estimate(ctx: FigureContext, kind: str) -> bool:
    """预计, 初步统计 … governing the figure (a context figure is never an estimate)."""
    return kind != "context" and estimate_word(ctx) is not None


def is_headline(ctx: FigureContext, kind: str) -> bool:
    """A target inside a headline passage (主要预期目标…, headline.py)."""
    if kind != "target":
        return False
    spans = ctx.memo.get("headline spans", lambda: headline_spans(ctx.text))
    return in_headline_passage(ctx.text, ctx.mention.start, spans)
