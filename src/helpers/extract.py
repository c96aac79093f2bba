"""Find every quantity in normalised report text: number, multiplier, unit and qualifiers.

This stage knows nothing about what a number means; classify.py does. It does know what is
*not* a figure: years and dates, ordinals, codes (G0616, 5A, 5G), slogans in quotes, page
markers and bare numbers with no unit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.segment import PAGE_MARKER
from helpers.units import MULTIPLIERS, UNIT_ALTERNATION, cn_to_number

# Qualifiers printed before a number (not part of the figure's span) → bound.
PRE_QUALIFIERS: dict[str, str] = {
    "不低于": "min", "不少于": "min", "超过": "min", "突破": "min", "至少": "min", "逾": "min",
    "超": "min", "大于": "min", "破": "min",  # 旅游收入破万亿
    "不超过": "max", "不高于": "max", "不足": "max", "低于": "max", "控制在": "max",
    "降到": "max", "降至": "max", "降低到": "max", "小于": "max", "最多": "max",
    "近": "approx", "约": "approx", "接近": "approx", "稳定在": "approx", "保持在": "approx",
}
PRE_ALTERNATION = "|".join(sorted(PRE_QUALIFIERS, key=len, reverse=True))
# Qualifiers printed after the number (part of the span).
POST_QUALIFIERS: dict[str, str] = {
    "以上": "min", "以下": "max", "以内": "max", "左右": "approx", "上下": "approx",
}

_NUM = r"\d+(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?"
_MULT = r"万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千(?![瓦伏克米兆帕])|百(?![分强])"

ARABIC = re.compile(
    rf"(?<![A-Za-z\d.])(?P<num>{_NUM})"
    rf"(?:(?P<runit>%)?(?P<dash>[—–\-~至到])(?P<num2>{_NUM}))?"
    rf"(?P<more1>多|余)?(?P<mult>{_MULT})?(?P<more2>多|余)?"
    rf"(?P<unit>{UNIT_ALTERNATION})?(?P<post>以上|以下|以内|左右|上下)?"
)
# 1/4, 1/3以上 (shares) and 2.31:1 (ratios).
FRACTION = re.compile(
    rf"(?<![A-Za-z\d./:])(?P<num>{_NUM})(?:(?P<ratio>:)|/)(?P<den>\d+)(?![\d./:])(?P<post>以上|以下|左右)?"
)
# 万亿元, 千亿级, 百亿产业基金, 两千亿: Chinese-numeral money magnitudes.
CN_MAGNITUDE = re.compile(
    r"(?<![一二两三四五六七八九十百千万亿\d])(?P<cn>[一二两三四五六七八九]?)"
    r"(?P<mult>万亿|千亿|百亿|十亿)(?P<unit>元|级)?(?P<post>以上|以下|左右)?"
)
# 十大产业集群, 两大乳企, 三个关键领域, 五件事: small Chinese counts before a measure word.
CN_COUNT = re.compile(
    r"(?<![一二两三四五六七八九十百千万第\d])"
    r"(?P<cn>[二两三四五六七八九]?十[一二三四五六七八九]?|[两三四五六七八九])"
    r"(?P<unit>大|个|项|件|条|类|种|家|批|方面)(?=[\u4e00-\u9fff])"
)
# Party congresses and plenums written like counts: 二十大, 十九大.
_NOT_COUNTS = {"十八大", "十九大", "二十大", "十七大", "十六大"}
# Fixed names that read like counts: 中央八项规定 (the Eight-point Regulation).
_NAMES_AFTER = {"八项": "规定", "五项": "原则"}  # 和平共处五项原则
_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "《": "》", "『": "』", '"': '"'}
QUOTE_MAX_CHARS = 40


@dataclass
class Mention:
    start: int  # normalised offsets, end exclusive
    end: int
    value: float  # base units, before any growth-in-倍 conversion
    unit_zh: str
    multiplier: str
    pre: str  # qualifier word printed before the number ("" if none)
    post: str  # qualifier printed after ("以上", "多" …)
    lower: float | None = None  # for printed ranges
    upper: float | None = None
    is_rank_ordinal: bool = False  # 第2位


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Short spans inside quotation marks: slogans and names (“十四五”, "两个稀土基地")."""
    spans = []
    i, n = 0, len(text)
    while i < n:
        close = _QUOTE_PAIRS.get(text[i])
        if close:
            j = text.find(close, i + 1, min(n, i + 2 + QUOTE_MAX_CHARS))
            if j != -1 and "\n" not in text[i:j]:
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans


class _Mask:
    """Which characters are already spoken for (quotes, page markers, earlier figures)."""

    def __init__(self, n: int, spans=()):
        self.flags = bytearray(n + 1)
        for a, b in spans:
            self.add(a, b)

    def add(self, a: int, b: int) -> None:
        self.flags[a:b] = b"\x01" * (b - a)

    def hits(self, a: int, b: int) -> bool:
        return 1 in self.flags[a:b]


def _to_float(num: str) -> float:
    return float(num.replace(",", ""))


def scan(text: str) -> list[Mention]:
    """Every figure in normalised `text`, in order of position."""
    blocked = _Mask(len(text), _quoted_spans(text) + [m.span() for m in PAGE_MARKER.finditer(text)])
    taken = _Mask(len(text))
    out: list[Mention] = []

    for m in ARABIC.finditer(text):
        s, e = m.span()
        num, unit, mult = m["num"], m["unit"] or "", m["mult"] or ""
        if re.match(r"0\d", num):  # 000余名: the tail of a number broken by a space, not a figure
            continue
        more = m["more1"] or m["more2"] or ""
        nxt = text[e : e + 1]
        prev = text[s - 1 : s]
        # Codes such as G0616, S22, 5A级, 5G, 1+N: a Latin letter or + glued to the number.
        if re.match(r"[A-Za-z+]", nxt):  # 5G, 5A级, or a Latin unit that runs on (20万PB)
            continue
        if prev == "+" or (prev == "-" and re.match(r"[A-Za-z]", text[s - 2 : s - 1] or " ")):
            continue
        # Years and dates: 2024年, 3月5日, 2024—2025年.
        if unit == "年" and not mult and re.fullmatch(r"(19|20)\d{2}", num):
            continue
        if re.match(r"[月日号]", nxt) and not unit and not mult:
            continue
        # 较3年前, 近50年来, 近50年同期: a point in time, not an amount of years.
        if unit == "年" and re.match(r"前|来|以来|同期", text[e : e + 2]):
            continue
        # Inside quotes only a real magnitude survives (“两个200万亩”), not a slogan's number.
        if blocked.hits(s, e) and not (mult or unit == "%"):
            continue
        # 全国500强排名: the name of a list, not a figure.
        if unit == "强" and re.match(r"排名|榜", text[e : e + 2]):
            continue
        is_rank = prev == "第"
        if is_rank and unit not in ("位", "名"):
            continue  # ordinals (第3次, 第2批) are not quantities
        if is_rank:
            unit = "位" if unit in ("位", "名") else unit
        has_range = bool(m["num2"])
        # A bare number with no unit, multiplier or range is a name or code (路331), not a figure.
        if not unit and not mult and not has_range:
            continue
        if has_range and not unit:
            continue
        factor = MULTIPLIERS.get(mult, 1.0)
        lower = upper = None
        if has_range:
            lower, upper = _to_float(num) * factor, _to_float(m["num2"]) * factor
            if lower > upper:
                continue
            value = (lower + upper) / 2
        else:
            value = _to_float(num) * factor
        if unit == "成":  # 占全国超4成: tenths, reported as percent
            value, lower, upper = (None if v is None else v * 10 for v in (value, lower, upper))
        out.append(
            Mention(s, e, value, unit, mult, _pre_qualifier(text, s), m["post"] or more, lower, upper, is_rank)
        )
        taken.add(s, e)

    for m in FRACTION.finditer(text):
        s, e = m.span()
        if blocked.hits(s, e) or taken.hits(s, e):
            continue
        den = _to_float(m["den"])
        if not den:
            continue
        if m["ratio"]:  # 城乡居民收入比2.31:1
            value, unit = _to_float(m["num"]) / den, ":1"
        else:  # 占全国1/4: a share, in percent
            value, unit = 100 * _to_float(m["num"]) / den, "/"
        out.append(Mention(s, e, value, unit, "", _pre_qualifier(text, s), m["post"] or ""))
        taken.add(s, e)

    for rx in (CN_MAGNITUDE, CN_COUNT):
        for m in rx.finditer(text):
            s, e = m.span()
            if blocked.hits(s, e) or taken.hits(s, e):
                continue
            if rx is CN_COUNT:
                if text[s:e] in _NOT_COUNTS or text[s - 1 : s] in "第":
                    continue
                follow = _NAMES_AFTER.get(text[s:e])
                if follow and text.startswith(follow, e):
                    continue
                value = float(cn_to_number(m["cn"]) or 0)
                unit, mult, post = m["unit"], "", ""
                if unit == "大":
                    unit = "个"  # 十大产业集群: ten (major) clusters
            else:
                value = float((cn_to_number(m["cn"]) or 1) * MULTIPLIERS[m["mult"]])
                unit, mult, post = ("" if m["unit"] == "级" else m["unit"] or ""), m["mult"], m["post"] or ""
                if m["unit"] == "级":
                    post = post or "级"
            if value <= 0:
                continue
            out.append(Mention(s, e, value, unit, mult, _pre_qualifier(text, s), post))
            taken.add(s, e)
    out.sort(key=lambda x: x.start)
    return out


_PRE_RX = re.compile(rf"(?:{PRE_ALTERNATION})$")


def _pre_qualifier(text: str, start: int) -> str:
    m = _PRE_RX.search(text, max(0, start - 4), start)
    return m.group(0) if m else ""
