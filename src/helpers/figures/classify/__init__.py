"""What each figure is: result, target or context; which year; which indicator; its measure,
direction and bound. Rules work on the clause around a figure (a FigureContext), so that the
seed's OCR text and the clean corpus texts are read alike, with no per-file cases.

    context.py   the FigureContext every rule reads, built once per figure; enumerations
    kind.py      result / target / context, ref_year, estimate, headline
    period.py    the span of years: year / average / cumulative / each_year, period_start/end
    measure.py   level / growth / share / change / rank, and direction
    bound.py     exact / approx / min / max / range
    names.py     the indicator: a registry alias, or a name made from the clause
    aliases.py   finding registry aliases

The words every rule uses are in rules/lexicon/."""

from __future__ import annotations

from dataclasses import dataclass

from helpers.figures.classify.aliases import unknown_code
from helpers.figures.classify.bound import bound_of
from helpers.figures.classify.context import FigureContext, contexts
from helpers.figures.classify.kind import is_estimate, is_headline, kind_of
from helpers.figures.classify.measure import growth_by_nature, measure_of
from helpers.figures.classify.names import indicator_of, inherits_subject, last_words
from helpers.figures.classify.period import Period, period_of, share_periods
from helpers.figures.scan import Mention
from helpers.figures.segment import Block, Segments


@dataclass
class Classified:
    mention: Mention
    kind: str
    ref_year: int | None
    period: str  # year, average, cumulative, each_year; "" for context
    period_start: int | None
    period_end: int | None
    is_estimate: bool
    is_headline: bool
    measure: str
    direction: str
    bound: str
    value: float
    lower: float | None
    upper: float | None
    unit_zh: str
    indicator: str
    indicator_zh: str
    indicator_en: str
    clause: tuple[int, int]
    sentence: tuple[int, int]


def _classify_one(ctx: FigureContext, block: Block) -> Classified:
    m = ctx.mention
    measure, direction = measure_of(ctx)
    value, lower, upper = m.value, m.lower, m.upper
    if m.unit_zh == "倍" and measure == "growth":  # 增长1倍 → 100 (percent)
        value, lower, upper = (None if v is None else v * 100 for v in (value, lower, upper))
    bound, lo, hi = bound_of(ctx, value)
    if bound != "range":
        lower, upper = lo, hi
    ind, name = indicator_of(ctx)
    name = name or last_words(ctx.left) or "未命名"  # the schema requires a name
    if measure == "share" and ind is not None and ind.measure == "growth" and growth_by_nature(ctx.near, ind):
        measure, direction = "growth", "up"
    kind, ref_year = kind_of(ctx)
    span = period_of(ctx, block, kind, ref_year, measure)
    kind, ref_year = span.kind, span.ref_year
    return Classified(
        mention=m, kind=kind, ref_year=ref_year, period=span.period, period_start=span.start,
        period_end=span.end,
        is_estimate=is_estimate(ctx, kind),
        is_headline=is_headline(ctx, kind), measure=measure, direction=direction, bound=bound,
        value=value, lower=lower, upper=upper, unit_zh=m.unit_zh,
        indicator=ind.code if ind else unknown_code(name), indicator_zh=ind.name_zh if ind else name,
        indicator_en=ind.name_en if ind else "", clause=ctx.clause, sentence=ctx.sentence,
    )


def _share_subjects(ctxs: list[FigureContext], figs: list[Classified]) -> None:
    """`接待游客2.73亿人次、实现收入4140亿元,增长18.6%和23.4%`: the k growth rates (or changes,
    `赤字规模5.66万亿元、比上年增加1.6万亿元`) of an enumeration with no subject of their own
    belong, in order, to the k levels before them in the sentence."""
    levels_so_far: dict[tuple[int, int], list[Classified]] = {}  # by sentence, in text order
    for ctx, fig in zip(ctxs, figs, strict=True):
        if ctx.index == ctx.group[0] and inherits_subject(ctx, fig.measure):
            k = len(ctx.group)
            before = levels_so_far.get(fig.sentence, [])[-k:]
            if len(before) == k:
                for src, i in zip(before, ctx.group, strict=True):
                    dst = figs[i]
                    dst.indicator, dst.indicator_zh, dst.indicator_en = (
                        src.indicator, src.indicator_zh, src.indicator_en)
        if fig.measure in ("level", "share"):
            levels_so_far.setdefault(fig.sentence, []).append(fig)


def clear_caches() -> None:
    """Forget the memoised word lookups (benchmarks time a report as if it were the first)."""
    from helpers.figures.classify import aliases, names

    for fn in (aliases.find_alias, aliases.name_indicator, names._strip):
        fn.cache_clear()


def classify(text: str, segs: Segments, mentions: list[Mention], report_year: int) -> list[Classified]:
    """Every mention of `text` (normalised) classified, in text order."""
    ctxs = contexts(text, segs, mentions, report_year)
    figs = [_classify_one(ctx, segs.block_at(ctx.mention.start)) for ctx in ctxs]
    _share_subjects(ctxs, figs)
    periods = [Period(f.kind, f.ref_year, f.period, f.period_start, f.period_end) for f in figs]
    share_periods(ctxs, periods)
    for fig, p in zip(figs, periods, strict=True):
        fig.kind, fig.ref_year, fig.period, fig.period_start, fig.period_end = (
            p.kind, p.ref_year, p.period, p.start, p.end)
    return figs
