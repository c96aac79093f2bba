"""The bound of a figure: exact, about (左右, 约), at least (以上, 超过), at most (以内, 不超过) or a
printed range. The words are the lexicon's bound_before / bound_after / bound_more."""

from __future__ import annotations

from helpers.figures.classify.context import FigureContext
from helpers.figures.scan import MORE_WORDS, POST_QUALIFIERS, PRE_QUALIFIERS


def bound_of(ctx: FigureContext, value: float) -> tuple[str, float | None, float | None]:
    """(bound, lower, upper) of the figure whose value (base units) is `value`. In an
    enumeration the first item's pre-qualifier and the last item's post-qualifier bound every
    item (`分别稳定在800亿斤、60亿斤、160亿斤以上`). A printed range keeps its printed ends
    (lower and upper are then None here)."""
    m = ctx.mention
    post = m.post or (ctx.last.post if ctx.in_group else "")
    pre = m.pre or (ctx.first.pre if ctx.in_group else "")
    if m.lower is not None:
        return "range", None, None
    if post in POST_QUALIFIERS:
        bound = POST_QUALIFIERS[post]
    elif post in MORE_WORDS:
        bound = MORE_WORDS[post]
    elif post == "级":
        bound = "approx"  # 千亿级: of the order of
    elif pre:
        bound = PRE_QUALIFIERS[pre]
    elif m.unit_zh == "强":
        bound = "max"  # 进入中国企业500强: a rank of at most 500
    else:
        bound = "exact"
    if bound == "min":
        return bound, value, None
    if bound == "max":
        return bound, None, value
    return bound, value, value
