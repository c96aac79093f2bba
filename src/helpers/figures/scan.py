"""Find every quantity in normalised report text: number, multiplier, unit and qualifiers.

This stage knows nothing about what a number means; figures/classify does. It does know what is
*not* a figure: years and dates, ordinals, codes (G0616, 5A, 5G), slogans in quotes, page
markers and bare numbers with no unit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.figures.segment import PAGE_MARKER
from helpers.rules import lexicon
from helpers.rules.units import multiplier_alternation, multipliers, unit_alternation

# Qualifiers printed before a number (not part of the figure's span) → bound.
PRE_QUALIFIERS: dict[str, str] = lexicon.mapping("bound_before", "bound")
PRE_ALTERNATION = lexicon.alternation("bound_before", longest_first=True)
# Qualifiers printed after the number (part of the span), and 多/余 (3000多万, 1000余人).
POST_QUALIFIERS: dict[str, str] = lexicon.mapping("bound_after", "bound")
MORE_WORDS: dict[str, str] = lexicon.mapping("bound_more", "bound")
_POST = lexicon.alternation("bound_after")
_MORE = lexicon.alternation("bound_more")

_NUM = r"\d+(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?"
_MULT = multiplier_alternation()
# Multipliers that a Chinese numeral may carry alone (两千亿, 万亿元): the money magnitudes.
_BIG_MULT = "|".join(m for m, f in multipliers().items() if f >= 1e9)

# Each scan pattern is paired with the characters that may not come just before it. They are
# checked in Python (`_matches`) rather than as a leading look-behind, which the regex engine
# would try at every position of the text; the matches are the same.
ARABIC_NOT_AFTER = re.compile(r"[A-Za-z\d.]")
ARABIC = re.compile(
    rf"(?P<num>{_NUM})"
    rf"(?:(?P<runit>%)?(?P<dash>{lexicon.alternation('ranges')})(?P<num2>{_NUM}))?"
    rf"(?P<more1>{_MORE})?(?P<mult>{_MULT})?(?P<more2>{_MORE})?"
    rf"(?P<unit>{unit_alternation()})?(?P<post>{_POST})?"
)
# 1/4, 1/3以上 (shares) and 2.31:1 (ratios).
FRACTION_NOT_AFTER = re.compile(r"[A-Za-z\d./:]")
FRACTION = re.compile(
    rf"(?P<num>{_NUM})(?:(?P<ratio>:)|/)(?P<den>\d+)(?![\d./:])(?P<post>{_POST})?"
)
# 万亿元, 千亿级, 百亿产业基金, 两千亿: Chinese-numeral money magnitudes.
CN_MAGNITUDE_NOT_AFTER = re.compile(r"[一二两三四五六七八九十百千万亿\d]")
CN_MAGNITUDE = re.compile(
    r"(?P<cn>[一二两三四五六七八九]?)"
    rf"(?P<mult>{_BIG_MULT})(?P<unit>元|级)?(?P<post>{_POST})?"
)
# 十大产业集群, 两大乳企, 三个关键领域, 五件事: small Chinese counts before a measure word.
CN_COUNT_NOT_AFTER = re.compile(r"[一二两三四五六七八九十百千万第\d]")
CN_COUNT = re.compile(
    r"(?P<cn>[二两三四五六七八九]?十[一二三四五六七八九]?|[两三四五六七八九])"
    rf"(?P<unit>{lexicon.alternation('count_words')})(?=[\u4e00-\u9fff])"
)
# Party congresses and plenums written like counts: 二十大, 十九大.
_NOT_COUNTS = set(lexicon.words("not_counts"))
# Fixed names that read like counts: 中央八项规定 (the Eight-point Regulation).
_NAMES_AFTER = lexicon.mapping("fixed_names", "then")
# After N年, a point in time (较3年前, 近50年来); after N强, a ranking's name (500强排名).
_YEAR_POINT = re.compile(lexicon.alternation("year_points"))
_LIST_NAME = re.compile(lexicon.alternation("list_names"))
_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "《": "》", "『": "』", '"': '"'}
QUOTE_MAX_CHARS = 40


CN_NUMERALS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_number(s: str) -> int | None:
    """Small Chinese numerals (up to 9999): 十 → 10, 十二 → 12, 二十三 → 23, 两 → 2."""
    if not s:
        return None
    total, current = 0, 0
    for ch in s:
        if ch in CN_NUMERALS:
            current = CN_NUMERALS[ch]
        elif ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


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


_QUOTE_OPEN = re.compile("|".join(re.escape(q) for q in _QUOTE_PAIRS))


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Short spans inside quotation marks: slogans and names (“十四五”, "两个稀土基地"). Only the
    opening marks are visited (a regex finds them), not every character."""
    spans = []
    n, pos = len(text), 0
    while (m := _QUOTE_OPEN.search(text, pos)):
        i = m.start()
        close = _QUOTE_PAIRS[m.group()]
        j = text.find(close, i + 1, min(n, i + 2 + QUOTE_MAX_CHARS))
        if j != -1 and "\n" not in text[i:j]:
            spans.append((i, j + 1))
            pos = j + 1
        else:
            pos = i + 1
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


def _matches(rx: re.Pattern, not_after: re.Pattern, text: str):
    """rx.finditer(text) as if rx began with the look-behind (?<!not_after): the leftmost match
    whose previous character is not `not_after`, then the next from its end (no match is empty)."""
    pos = 0
    while (m := rx.search(text, pos)):
        s = m.start()
        if s and not_after.match(text, s - 1):
            pos = s + 1
            continue
        yield m
        pos = m.end()


_LEADING_ZERO = re.compile(r"0\d")
_GLUED_CODE = re.compile(r"[A-Za-z+]")
_LATIN = re.compile(r"[A-Za-z]")
_YEAR_NUMBER = re.compile(r"(19|20)\d{2}")
_DAY_OR_MONTH = re.compile(r"[月日号]")


def _to_float(num: str) -> float:
    return float(num.replace(",", ""))


def scan(text: str, hidden: tuple[tuple[int, int], ...] = ()) -> list[Mention]:
    """Every figure in normalised `text`, in order of position; none inside the `hidden` spans
    (page furniture)."""
    blocked = _Mask(len(text), _quoted_spans(text) + [m.span() for m in PAGE_MARKER.finditer(text)])
    # Spoken for from the start: no figure may begin, end or sit inside a hidden span.
    taken = _Mask(len(text), hidden)
    out: list[Mention] = []

    for m in _matches(ARABIC, ARABIC_NOT_AFTER, text):
        s, e = m.span()
        if hidden and taken.hits(s, e):  # page furniture (a 时间：2026-02-09 09:20 line)
            continue
        num, unit, mult = m["num"], m["unit"] or "", m["mult"] or ""
        if _LEADING_ZERO.match(num):  # 000余名: the tail of a number broken by a space, not a figure
            continue
        more = m["more1"] or m["more2"] or ""
        nxt = text[e : e + 1]
        prev = text[s - 1 : s]
        # Codes such as G0616, S22, 5A级, 5G, 1+N: a Latin letter or + glued to the number.
        if _GLUED_CODE.match(nxt):  # 5G, 5A级, or a Latin unit that runs on (20万PB)
            continue
        if prev == "+" or (prev == "-" and _LATIN.match(text[s - 2 : s - 1] or " ")):
            continue
        # Years and dates: 2024年, 3月5日, 2024—2025年.
        if unit == "年" and not mult and _YEAR_NUMBER.fullmatch(num):
            continue
        if _DAY_OR_MONTH.match(nxt) and not unit and not mult:
            continue
        # 较3年前, 近50年来, 近50年同期: a point in time, not an amount of years.
        if unit == "年" and _YEAR_POINT.match(text, e):
            continue
        # Inside quotes only a real magnitude survives (“两个200万亩”), not a slogan's number.
        if blocked.hits(s, e) and not (mult or unit == "%"):
            continue
        # 全国500强排名: the name of a list, not a figure.
        if unit == "强" and _LIST_NAME.match(text, e):
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
        factor = multipliers().get(mult, 1.0)
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

    for m in _matches(FRACTION, FRACTION_NOT_AFTER, text):
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

    for rx, not_after in ((CN_MAGNITUDE, CN_MAGNITUDE_NOT_AFTER), (CN_COUNT, CN_COUNT_NOT_AFTER)):
        for m in _matches(rx, not_after, text):
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
                value = float((cn_to_number(m["cn"]) or 1) * multipliers()[m["mult"]])
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
