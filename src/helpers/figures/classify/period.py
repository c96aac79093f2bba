"""The span of years a figure is about: its period (year, average, cumulative, each_year),
period_start, period_end, and ref_year for a single year. The words are the lexicon's
periods.yml; the blocks (the review of a five-year plan, the next plan's goals) are segment.py's.

Where a span comes from, first found first:
1. a cue before the figure in its clause, or opening its sentence (三年来，…), the one nearest
   the figure: a plan's name with
   时期/期间/以来 (its years), 较“十三五”末 (the years after it), 五年来/近3年/三年来 (the years
   before the report), 今后五年 (the years from it), 比2020年 (the years after 2020), 到2030年 (a
   target's last year);
2. the block the figure sits in;
3. in a single year's part, 年均 or 累计 alone: an average or a total whose start is not printed.

Inside a span the figure's own words decide (_period_in_span): 年均 → average; 稳定在, 保持在 …
→ each_year; a growth or change → cumulative (五年增长34.3%); a flow (新增, 建成, 累计 …) →
cumulative; a share, a rank or a level reached (达, 突破, 增至 …) → year, the span's last year;
any other level → cumulative (城镇新增就业690万人 over five years), except under a target's bare
horizon (到2027年建成30个…): that year's level, as before, unless 累计 or 新增 says a total. A base value (从2万亿元提高到3万亿元:
2万亿元) is context. Kinds follow the block: a plan's review holds results, its goals targets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.figures.classify.context import FigureContext
from helpers.figures.segment import CLAUSE_END, Block, chinese_number, plans_in
from helpers.rules import lexicon

AVERAGE = re.compile(lexicon.alternation("average_cues"))
CUMULATIVE = re.compile(lexicon.alternation("cumulative_cues"))
EACH_YEAR = re.compile(lexicon.alternation("each_year_cues"))
FLOW = re.compile(lexicon.alternation("flow_verbs"))
# Under a target's bare horizon (到2027年建成30个示范区: the state that year) only these make a total.
FLOW_TOTAL = re.compile(lexicon.alternation("flow_verbs", total=True))
REACH = re.compile(lexicon.alternation("reach_verbs", longest_first=True))
BASE_FROM = re.compile(rf"(?:{lexicon.alternation('base_from')})[^，,；;。：:]{{0,12}}$")
BASE_TO = re.compile(lexicon.alternation("base_to"))
SHARE_OF_BEFORE = re.compile(lexicon.alternation("share_of_before"))
_SPAN_CUES = tuple((re.compile(e.regex), e) for e in lexicon.family("span_cues"))
_PLAN_SPAN_WORDS = lexicon.mapping("plan_span_words", "span")
_CLAUSE_STOP = re.compile(f"[{re.escape(CLAUSE_END)}]")
_SHARE_UNITS = ("%", "/", "成")  # a share: percent, a fraction, tenths
_PLAN_SPAN_AFTER = re.compile("|".join(re.escape(w) for w in sorted(_PLAN_SPAN_WORDS, key=len, reverse=True)))


@dataclass(frozen=True)
class Period:
    kind: str
    ref_year: int | None
    period: str  # year, average, cumulative, each_year; "" for context
    start: int | None
    end: int | None


@dataclass(frozen=True)
class _Cue:
    first: int | None
    last: int | None
    horizon: bool = False  # a target's bare 到2030年: its level that year unless words say more


def _local_left(ctx: FigureContext) -> str:
    """The clause's words before the figure (its enumeration's first) since the figure before it,
    and the figure itself, so that a cue can look at what follows it (迈上3个台阶: a count)."""
    return ctx.text[_local_start(ctx) : ctx.first.end]


def _local_start(ctx: FigureContext) -> int:
    first = ctx.group[0]
    lo = ctx.clause[0]
    return max(lo, ctx.mentions.items[first - 1].end) if first > 0 else lo


def is_base_value(ctx: FigureContext) -> bool:
    """从2万亿元提高到3万亿元, 由2020年的7.2%提升至7.4%, 分别从202元、270元提高到…: the
    figures before the verb are the base."""
    return bool(BASE_TO.match(ctx.text, ctx.last.end)) \
        and bool(BASE_FROM.search(ctx.text[_local_start(ctx) : ctx.first.start]))


def _end_for(kind: str, ref_year: int | None, block: Block, year: int) -> int:
    """Last year of a span whose end the cue does not print: last year for a result; for a
    target its horizon, the plan it belongs to, or the report year."""
    if kind == "result":
        return year - 1
    if ref_year and ref_year > year:
        return ref_year
    return block.last if block.goals and block.multi_year else year


def _governs(ctx: FigureContext, at: int) -> bool:
    """Does a cue at `at` reach the figure: in its clause, or opening its sentence (三年来，…)?"""
    return at >= ctx.clause[0] or not _CLAUSE_STOP.search(ctx.text, ctx.sentence[0], at)


def _plan_cue(ctx: FigureContext, left_lo: int, kind: str) -> tuple[int, _Cue] | None:
    """The last plan named with 时期/期间/以来/末 … before the figure in its sentence."""
    best = None
    year = ctx.report_year
    for start, end, (first, last) in plans_in(ctx.text, left_lo, ctx.mention.start):
        after = _PLAN_SPAN_AFTER.match(ctx.text, end)
        if not after or not _governs(ctx, start):
            continue
        if _PLAN_SPAN_WORDS[after.group()] == "after":
            cue = _Cue(last + 1, None)
        elif kind == "result":
            cue = _Cue(first, min(last, year - 1))
        else:
            cue = _Cue(first, last)
        best = (after.end(), cue)
    return best


def _sentence_cues(text: str, lo: int, hi: int) -> tuple[tuple[int, int, dict, object], ...]:
    """(start, end, groups, entry) of every span cue of a sentence (found once for all its
    figures: see _span_cue)."""
    found = [(m.start(), m.end(), m.groupdict(), entry)
             for pattern, entry in _SPAN_CUES for m in pattern.finditer(text, lo, hi)]
    return tuple(sorted(found, key=lambda f: f[:2]))


def _span_cue(ctx: FigureContext, kind: str) -> _Cue | None:
    """The span named in the figure's sentence before it, the cue nearest the figure winning."""
    lo, hi = ctx.sentence[0], ctx.mention.start
    best = _plan_cue(ctx, lo, kind)
    cues = ctx.memo.get(("span cues", ctx.sentence), lambda: _sentence_cues(ctx.text, *ctx.sentence))
    for start, end, groups, entry in cues:
        if end > hi or (best and end <= best[0]) or not _governs(ctx, start):
            continue
        cue = _cue_of(groups, entry, kind, ctx.report_year)
        if cue:
            best = (end, cue)
    return best[1] if best else None


def _cue_of(groups: dict, entry, kind: str, year: int) -> _Cue | None:
    span = entry["span"]
    if span in ("past", "next"):
        n = chinese_number(groups["n"]) if groups.get("n") else int(entry.get("years", 0))
        if not n or n > 50:
            return None
        if span == "past":
            return _Cue(year - n, year - 1) if kind == "result" else None
        return _Cue(year, year + n - 1) if kind == "target" else None
    cue_year = int(groups["year"])
    if span == "since":
        return _Cue(cue_year if entry.get("from_year") else cue_year + 1, None)
    if span == "horizon" and kind == "target" and cue_year > year:
        return _Cue(None, cue_year, horizon=True)
    return None


def _words_say(scope: str, horizon: bool = False) -> str:
    """What the words of a scope say about the period, first found first ("" if nothing)."""
    if AVERAGE.search(scope):
        return "average"
    if EACH_YEAR.search(scope):
        return "each_year"
    if CUMULATIVE.search(scope) or (FLOW_TOTAL if horizon else FLOW).search(scope):
        return "cumulative"
    if REACH.search(scope):
        return "year"
    return ""


def _period_in_span(ctx: FigureContext, measure: str, horizon: bool) -> str:
    """Inside a span: the words since the figure before it, then the measure, then the rest of
    the clause; a share or a rank is the level at the end; anything else a total."""
    said = _words_say(_local_left(ctx), horizon)
    if said:
        return said
    clause = _words_say(ctx.text[ctx.clause[0] : ctx.first.end], horizon)
    if clause in ("average", "each_year"):
        return clause
    if measure in ("growth", "change"):
        return "cumulative"
    if measure in ("share", "rank"):
        return "year"
    return clause or ("year" if horizon else "cumulative")


def _kind_in_block(ctx: FigureContext, block: Block, kind: str, ref_year: int | None) -> tuple[str, int | None]:
    """A block that starts inside a paragraph (…收官之年。五年来，…) may disagree with the part the
    paragraph was given: a plan's review holds results, a plan's goals targets."""
    if not block.multi_year:
        return kind, ref_year
    part = ctx.paragraph.part
    if block.goals and kind == "result" and part == "review":
        return "target", block.last
    if not block.goals and kind == "target" and part == "plan":
        return "result", ctx.report_year - 1
    return kind, ref_year


def period_of(ctx: FigureContext, block: Block, kind: str, ref_year: int | None, measure: str) -> Period:
    """The figure's Period, given the block it sits in and what kind_of said."""
    if kind == "context":
        return Period(kind, ref_year, "", None, None)
    if is_base_value(ctx):
        return Period("context", None, "", None, None)
    kind, ref_year = _kind_in_block(ctx, block, kind, ref_year)
    year = ctx.report_year
    in_block = block.multi_year and block.goals == (kind == "target")
    cue = _span_cue(ctx, kind)
    if cue is None and in_block:
        cue = _Cue(block.first, block.last)
    if cue is None:
        # A single year's part: 年均 or 累计 alone is about years whose start is not printed (for a
        # result, up to last year; a target's end is not printed either).
        left = ctx.lead_left
        end = ref_year if kind == "result" else None
        if AVERAGE.search(left):
            return Period(kind, None, "average", None, end)
        if CUMULATIVE.search(left):
            return Period(kind, None, "cumulative", None, end)
        return Period(kind, ref_year, "year", ref_year, ref_year)
    first = cue.first
    last = cue.last if cue.last is not None else _end_for(kind, ref_year, block, year)
    if first is None and cue.horizon:
        first = block.first if in_block else year
    period = _period_in_span(ctx, measure, cue.horizon)
    if period == "year" or (first is not None and first >= last):  # 比2024年 in a review of 2024: that year
        return Period(kind, last, "year", last, last)
    return Period(kind, None, period, first, last)


def share_periods(ctxs: list[FigureContext], periods: list[Period]) -> None:
    """…累计开行2.6万列、占全国23.9%: a share right after a figure of the same clause and kind is a
    share of that figure, so it is about the same years."""
    for i, ctx in enumerate(ctxs):
        p = periods[i]
        if i == 0 or p.kind == "context" or ctx.mention.unit_zh not in _SHARE_UNITS:
            continue
        before = periods[i - 1]
        prev_end = ctx.mentions.items[i - 1].end
        between = ctx.text[prev_end : ctx.mention.start]
        if before.kind == p.kind and before.period != p.period and prev_end >= ctx.clause[0] \
                and SHARE_OF_BEFORE.match(between) and not _words_say(between):
            periods[i] = before
