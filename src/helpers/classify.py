"""What each figure is: result, target or context; which year; which indicator; its measure,
direction and bound. Rules work on the clause around a figure, so that the seed's OCR text
and the clean corpus texts are read alike, with no per-file cases."""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.extract import POST_QUALIFIERS, PRE_QUALIFIERS, Mention
from helpers.indicators import Indicator, find_alias, lookup_name, unknown_code
from helpers.segment import CLAUSE_END, Segments, bounds_of

SENTENCE_STOP = "。！？!?\n"

ESTIMATE = re.compile(r"预计|初步统计|初步核算|有望|预估|估计")
# Background facts: stocks and states (我区有20个口岸, 连续3年, 每年接待, …之一).
_HAS = r"(?<![没所拥])有(?![望效序力关所助利些的机益])"
CONTEXT_CUE = re.compile(_HAS + r"|每年|连续|之一|已经|已|是(?!否)")
# In the review, 每年可减少利息支出130亿元 is last year's result, so 每年 is no cue there.
CONTEXT_CUE_REVIEW = re.compile(_HAS + r"|连续|之一")
# 比上年/较上年 compares with last year; it does not make a plan figure a result.
PAST_CUE = re.compile(r"(?<![比较])(?:去年|上年)|过去一年|一年来")
# 比上年增加1.6万亿元, 再提高20元, 亩产提升10.1斤: an increase stated in the figure's own unit.
UP_LEVEL_NEAR = re.compile(r"(?:增加|提高|提升|增长|上升|多)(?:了|约)?$")
YEAR_MENTION = re.compile(r"((?:19|20)\d{2})年")
SUBJECT_ONLY = re.compile(r"(?:我区|全区|我省|全省|我市|全市|全国|我国)$")

UP_VERBS = "增长|增速|增幅|提高|提升|上涨|涨幅|上升|增加|拉动|高于|多"
DOWN_VERBS = "下降|降低|减少|回落|降幅|低于|收窄|下滑"
# The verb must stand right before the number (增长5%, 增长了5%, 下降约3%): `增长贡献率30%`
# is a share, not a growth.
GROWTH_NEAR = re.compile(rf"(?:{UP_VERBS}|{DOWN_VERBS})(?:了|为|达|约|分别)?$")
DOWN_NEAR = re.compile(rf"(?:{DOWN_VERBS})(?:了|为|达|约|分别)?$")
# A ratio named between an indicator and the figure makes it another indicator
# (占国内生产总值比重达到10%, 对全球经济增长的贡献率30%).
RATIO_WORDS = re.compile(r"率|比重|比例|占比|份额|贡献|强度|指数")
# 压减非急需支出10%以上: the object may stand between the verb and the number.
CUT_VERBS = re.compile(r"(?:压减|压降|削减|缩减|压缩)(?:[^，,；;。、]{0,8})$")
REACH_DOWN = re.compile(r"(?:降到|降至|降低到|下降到)$")
RANK_MOVE_UP = re.compile(r"(?:上升|提升|前移|跃升|提高)(?:[^，,；;。]{0,3})$")
RANK_MOVE_DOWN = re.compile(r"(?:下降|后退|下滑)(?:[^，,；;。]{0,3})$")

_LEAD_STRIP = re.compile(
    r"^(?:[一二三四五六七八九十]+是|(?:到|至)?\d{4}年(?:底|末|前)?|预计|初步统计|力争|确保|今年|全年|去年|年内|要|将|再|又|并|还|"
    r"全区|全省|全市|全国|我区|我省|我市|我国|累计|共|其中|同时|当年|分别|努力|争取|持续|进一步|"
    r"新建|建成|建设|开工建设|开工|改造|打造|实施|重点实施|推出|引进|培养|新设|新挂牌|新开工|新投产|"
    r"新筹集|筹集|带动|完成|实现|办复|制定|举办|开展|推动|加快|提请|保持|拟安排|拟发行|拟按|拟|安排|在|对|把|为|以|和|及)+"
)
_TRAIL_STRIP = re.compile(
    r"(?:增长|增速|达到|达|突破|超过|超|不低于|不少于|不超过|不高于|不足|控制在|稳定在|保持在|降到|降至|"
    r"提高到|提高|提升|上升|下降|降低|减少|压减|增加|实现|完成|为|是|约|近|分别|同口径|同比|保持|首次|均|"
    r"累计|共|在|了|的|又|再|已|连续|全国第|第|排名|年均|平均|拟按|拟|安排|惠及|比上年|比去年)+$"
)
_NOUN_STOP = re.compile(r"实现|获|进|开展|在|以|的|取得|参加|完成|加快|提质|向|跨过|成为|毕业|得到|纳入")

MAX_NAME = 14


@dataclass
class Classified:
    mention: Mention
    kind: str
    ref_year: int | None
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


def _groups(text: str, mentions: list[Mention]) -> list[list[int]]:
    """Enumerations: figures joined only by 、/和/及/与 (`800亿斤、60亿斤、160亿斤以上`)."""
    groups: list[list[int]] = []
    for i, m in enumerate(mentions):
        if i and re.fullmatch(r"[、和及与或]|、和", text[mentions[i - 1].end : m.start]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _clean_name(left: str) -> str:
    name = re.split(r"[、]", left)[-1] if "分别" not in left else left
    prev = None
    while prev != name:
        prev = name
        name = _LEAD_STRIP.sub("", name)
        name = _TRAIL_STRIP.sub("", name)
        name = name.strip("\"“”'‘’()（）·-—").removeprefix("的")
    return name[-MAX_NAME:]


# Generic aliases name the headline indicator only for the whole region: `海洋生产总值` and
# `世界经济增长` are other things.
_GENERIC_ALIASES = {"生产总值", "经济增长", "经济总量", "进出口", "出口", "游客", "学位", "托位", "管网", "并网", "失业率"}
_REGION_CHARS = set("省市区国全我地")


def _alias_names_figure(text, mentions, m, cs, left, hit) -> bool:
    ind, a_start, a_end = hit
    alias = left[a_start:a_end]
    # No other figure between the alias and this one (`游客2.73亿人次、收入4140亿元`).
    if any(cs + a_start <= x.start < m.start for x in mentions):
        return False
    if RATIO_WORDS.search(left[a_end:]) and not RATIO_WORDS.search(alias):
        return False
    if alias in _GENERIC_ALIASES and a_start > 0:
        before = left[a_start - 1]
        if "\u4e00" <= before <= "\u9fff" and before not in _REGION_CHARS:
            return False
    return True


def _last_words(left: str) -> str:
    """Fallback name when stripping verbs leaves nothing: the clause's last words as printed."""
    return re.split(r"[、]", left)[-1].strip("\"“”")[-MAX_NAME:]


def _right_noun(text: str, end: int, clause_end: int) -> str:
    right = text[end:clause_end]
    if not right or not re.match(r"[\u4e00-\u9fff]", right):
        return ""
    right = re.split(r"[、和及与]", right, maxsplit=1)[0]
    m = _NOUN_STOP.search(right)
    if m and m.start() > 0:
        right = right[: m.start()]
    return right[:MAX_NAME]


def _measure(m: Mention, first: Mention, near: str) -> tuple[str, str]:
    """(measure, direction) from the unit and the verb right before the figure."""
    unit = m.unit_zh
    if m.is_rank_ordinal or unit == "强":
        return "rank", ""
    if unit == "位":
        if RANK_MOVE_UP.search(near):
            return "change", "up"
        if RANK_MOVE_DOWN.search(near):
            return "change", "down"
        return "rank", ""
    if unit in ("百分点", "个百分点"):
        tail = near[-8:]
        return "change", "down" if re.search(DOWN_VERBS, tail) else ("up" if re.search(UP_VERBS, tail) else "")
    if unit in ("%", "倍", "/", "成"):
        if REACH_DOWN.search(near) or first.pre in ("降到", "降至", "降低到") or CUT_VERBS.search(near):
            return "change", "down"
        if GROWTH_NEAR.search(near):
            return "growth", "down" if DOWN_NEAR.search(near) else "up"
        return ("level" if unit == "倍" else "share"), ""
    if DOWN_NEAR.search(near) or CUT_VERBS.search(near):
        return "change", "down"
    if UP_LEVEL_NEAR.search(near) and unit:
        return "change", "up"
    return "level", ""


def _bound(m: Mention, first: Mention, last: Mention, in_group: bool, value: float):
    """(bound, lower, upper); in an enumeration the first item's pre-qualifier and the last
    item's post-qualifier bound every item (`分别稳定在800亿斤、60亿斤、160亿斤以上`)."""
    post = m.post or (last.post if in_group else "")
    pre = m.pre or (first.pre if in_group else "")
    if m.lower is not None:
        return "range", None, None  # the caller keeps the printed ends
    if post in POST_QUALIFIERS:
        bound = POST_QUALIFIERS[post]
    elif post in ("多", "余"):
        bound = "min"
    elif post == "级":
        bound = "approx"
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


def _kind(text: str, m: Mention, part: str, left: str, sentence_left: str, clause_end: int,
          report_year: int) -> tuple[str, int | None]:
    """(kind, ref_year) from the part of the report and cues in the figure's own clause."""
    if part == "glossary":
        kind = "context"
    elif (text.startswith("方面", m.end) or text.startswith("方面", m.start + 1)) and (
        "以下" in left or text[clause_end : clause_end + 1] in "：:"
    ):
        kind = "context"  # 重点做好以下11个方面工作: the report's own structure
    elif part == "plan":
        if PAST_CUE.search(left) or re.search(rf"{report_year - 1}年", left):
            kind = "result"
        elif CONTEXT_CUE.search(left) or SUBJECT_ONLY.search(left):
            kind = "context"
        else:
            kind = "target"
    else:
        kind = "context" if CONTEXT_CUE_REVIEW.search(left) else "result"
    if kind == "result":
        return kind, report_year - 1
    if kind == "target":
        # 到2027年, 力争2027年建成: a later year named before the figure is its horizon.
        later = [int(y) for y in YEAR_MENTION.findall(sentence_left) if int(y) > report_year]
        return kind, later[-1] if later else report_year
    return kind, None


def _growth_by_nature(near: str, ind: Indicator) -> bool:
    """`居民消费价格2%左右`, `经济增长预期目标为5%左右`: a percent named by an indicator that is a
    growth rate by nature is its growth; `出口分别占全省的41.9%` is a share of it."""
    hit = find_alias(near)
    if not hit or hit[0] is not ind:
        return False
    alias, between = near[hit[1] : hit[2]], near[hit[2] :]
    return bool(
        re.fullmatch(r"(?:为|达|约|是)?", between)
        or (re.search(r"增长|涨幅|增速", alias) and not RATIO_WORDS.search(between))
    )


def classify(text: str, segs: Segments, mentions: list[Mention], report_year: int) -> list[Classified]:
    out: list[Classified] = []
    groups = _groups(text, mentions)
    group_of = {i: g for g in groups for i in g}
    for i, m in enumerate(mentions):
        para = segs.paragraph_at(m.start)
        cs, ce = bounds_of(text, m.start, CLAUSE_END, para.start, para.end)
        ss, se = bounds_of(text, m.start, SENTENCE_STOP + "；;", para.start, para.end)
        g = group_of[i]
        first, last = mentions[g[0]], mentions[g[-1]]
        # The words before the first member govern the whole enumeration.
        lead_left = text[cs : first.start]
        left = text[cs : m.start]
        near = lead_left[: len(lead_left) - len(first.pre)] if first.pre else lead_left

        measure, direction = _measure(m, first, near)
        value, lower, upper = m.value, m.lower, m.upper
        if m.unit_zh == "倍" and measure == "growth":  # 增长1倍 → 100 (percent)
            value, lower, upper = (None if v is None else v * 100 for v in (value, lower, upper))
        bound, lo, hi = _bound(m, first, last, len(g) > 1, value)
        if bound != "range":
            lower, upper = lo, hi

        kind, ref_year = _kind(text, m, para.part, left, text[ss : m.start], ce, report_year)
        is_estimate = kind != "context" and bool(ESTIMATE.search(left))
        para_left = text[para.start : m.start]
        head_at = para_left.rfind("主要预期目标")
        is_headline = kind == "target" and head_at >= 0 and not re.search(r"[。！？]", para_left[head_at:])

        ind, name = _indicator(text, mentions, i, g, cs, ce, lead_left, left)
        name = name or _last_words(left) or "未命名"  # the schema requires a name
        if measure == "share" and ind is not None and ind.measure == "growth" and _growth_by_nature(near, ind):
            measure, direction = "growth", "up"
        out.append(
            Classified(
                m, kind, ref_year, is_estimate, is_headline, measure, direction, bound, value,
                lower, upper, m.unit_zh, ind.code if ind else unknown_code(name),
                ind.name_zh if ind else name, ind.name_en if ind else "", (cs, ce), (ss, se),
            )
        )
    _distribute_growth(text, out)
    return out


def _indicator(text, mentions, i, g, cs, ce, lead_left, left) -> tuple[Indicator | None, str]:
    m = mentions[i]
    # 分别: `粮肉奶产量分别稳定在…`, `能源集团、林草生态公司利润分别增长1倍和15倍`.
    if len(g) > 1 and "分别" in lead_left:
        subject = lead_left[: lead_left.rfind("分别")]
        items = [s for s in subject.split("、") if s]
        if len(items) != len(g):
            items = [s for s in re.split(r"[、和及与]", subject) if s]
        k = g.index(i)
        if len(items) == len(g):
            name = _clean_name(items[k])
            hit = find_alias(name)
            return lookup_name(name) or (hit[0] if hit else None), name
        if len(items) == 1:
            one = _clean_name(items[0])
            for suffix in ("产量", "产值", "营收", "利润", "收入", "投资"):
                if one.endswith(suffix) and len(one) - len(suffix) == len(g):
                    name = one[k] + suffix
                    return lookup_name(name), name
    hit = find_alias(left)
    # The alias must name this figure, not an earlier one between them (`游客2.73亿人次、收入…`).
    if hit and _alias_names_figure(text, mentions, m, cs, left, hit):
        return hit[0], hit[0].name_zh
    name = _clean_name(left)
    # `63万失能老人`, `百亿产业基金`: with no unit the noun follows the number;
    # `执行好20%的刚性增长机制`: the figure qualifies the noun after 的.
    if text.startswith("的", m.end):
        name = _right_noun(text, m.end + 1, ce) or name
    elif (not m.unit_zh or len(name) <= 1) and m.unit_zh not in ("%", "倍"):
        name = _right_noun(text, m.end, ce) or name
    if not name:
        hit = find_alias(text[m.end : ce][:8])
        if hit:
            return hit[0], hit[0].name_zh
    # Never empty: the clause's words as printed, before or after the figure.
    name = name or _last_words(left) or re.sub(r"^[\d.万亿千百]+", "", text[m.end : ce])[:MAX_NAME]
    return None, name or "未命名"


def _distribute_growth(text: str, figs: list[Classified]) -> None:
    """`接待游客2.73亿人次、实现收入4140亿元,增长18.6%和23.4%`: the k growth rates (or changes,
    `赤字规模5.66万亿元、比上年增加1.6万亿元`) of an enumeration with no subject of their own
    belong, in order, to the k levels before them in the sentence."""
    i = 0
    while i < len(figs):
        f = figs[i]
        j = i
        while j + 1 < len(figs) and re.fullmatch(r"[、和及与]", text[figs[j].mention.end : figs[j + 1].mention.start]):
            j += 1
        group = figs[i : j + 1]
        if f.measure in ("growth", "change") and len(group) >= 1:
            cs = f.clause[0]
            subject = _clean_name(text[cs : f.mention.start])
            if not subject:
                k = len(group)
                before = [
                    x for x in figs[:i]
                    if x.sentence == f.sentence and x.measure in ("level", "share")
                ][-k:]
                if len(before) == k:
                    for src, dst in zip(before, group, strict=True):
                        dst.indicator, dst.indicator_zh, dst.indicator_en = (
                            src.indicator, src.indicator_zh, src.indicator_en
                        )
        i = j + 1
