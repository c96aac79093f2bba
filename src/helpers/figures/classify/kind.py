"""Whether a figure is a result, a target or background context, the year it is about, whether
it is an estimate and whether it is a headline target. The cue words are the lexicon's
context_cues, past_cues, subject_only, estimate and headline_openers."""

from __future__ import annotations

import re

from helpers.figures.classify.context import FigureContext
from helpers.figures.segment import HEADLINE_OPENER
from helpers.rules import lexicon

ESTIMATE = re.compile(lexicon.alternation("estimate"))
# Background facts: stocks and states (我区有20个口岸, 连续3年, 每年接待, …之一).
CONTEXT_CUE = re.compile(lexicon.alternation("context_cues"))
# In the review, 每年可减少利息支出130亿元 is last year's result, so 每年 is no cue there.
CONTEXT_CUE_REVIEW = re.compile(lexicon.alternation("context_cues", review=True))
# 比上年/较上年 compares with last year; it does not make a plan figure a result.
PAST_CUE = re.compile(lexicon.alternation("past_cues"))
SUBJECT_ONLY = re.compile(f"(?:{lexicon.alternation('subject_only')})$")
YEAR_MENTION = re.compile(r"((?:19|20)\d{2})年")
_SENTENCE_END = re.compile(r"[。！？]")


def _is_structure(ctx: FigureContext) -> bool:
    """重点做好以下11个方面工作: a count of the report's own parts, not a figure about anything."""
    text, m, ce = ctx.text, ctx.mention, ctx.clause[1]
    return (text.startswith("方面", m.end) or text.startswith("方面", m.start + 1)) and (
        "以下" in ctx.left or text[ce : ce + 1] in "：:"
    )


def kind_of(ctx: FigureContext) -> tuple[str, int | None]:
    """(kind, ref_year) from the part of the report and cues in the figure's own clause."""
    part, left, year = ctx.paragraph.part, ctx.left, ctx.report_year
    if part == "glossary" or _is_structure(ctx):
        kind = "context"
    elif part == "plan":
        if PAST_CUE.search(left) or re.search(rf"{year - 1}年", left):
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


def is_estimate(ctx: FigureContext, kind: str) -> bool:
    """预计, 初步统计 … in the figure's own clause (a context figure is never an estimate)."""
    return kind != "context" and bool(ESTIMATE.search(ctx.left))


def is_headline(ctx: FigureContext, kind: str) -> bool:
    """A target in the 主要预期目标 paragraph, before that passage's first full stop."""
    before = ctx.paragraph_left
    head_at = before.rfind(HEADLINE_OPENER)
    return kind == "target" and head_at >= 0 and not _SENTENCE_END.search(before[head_at:])
