"""Units and multipliers of Chinese report figures: what is printed → canonical code and factor."""

from __future__ import annotations

import re

# Chinese multipliers, longest first. 千 and 百 are multipliers only when they do not start a
# unit (千瓦, 千伏, 千克, 千米, 百分点): the scanner enforces that with a look-ahead.
MULTIPLIERS: dict[str, float] = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}

# unit as printed → canonical code. Measure words of plain counts map to "count"; the printed
# word stays in unit_zh.
UNITS: dict[str, str] = {
    "个百分点": "pp",
    "百分点": "pp",
    "%": "percent",
    "/": "percent",  # a printed fraction (1/4), converted to percent by the scanner
    ":1": "ratio",  # 城乡居民收入比2.31:1
    "倍": "times",
    "亿元": "CNY",  # only reached via the multiplier split; kept for completeness
    "元": "CNY",
    "美元": "USD",
    "人次": "person_time",
    "架次": "flight",
    "人": "person",
    "名": "person",
    "位": "rank",
    "强": "rank",
    "户": "household",
    "千瓦时": "kWh",
    "千瓦": "kW",
    "兆瓦": "MW",
    "千伏": "kV",
    "度": "kWh",
    "吨标准煤": "tce",
    "吨": "t",
    "标箱": "TEU",
    "亩": "mu",
    "公顷": "ha",
    "平方公里": "km2",
    "平方米": "m2",
    "立方米": "m3",
    "斤": "jin",
    "公斤": "kg",
    "千克": "kg",
    "公里": "km",
    "千米": "km",
    "米": "m",
    "个月": "month",
    "分钟": "minute",
    "微克/立方米": "ug_m3",
    "分/千瓦时": "fen_per_kWh",
    "元/千瓦时": "CNY_per_kWh",
    "元/吨": "CNY_per_t",
    "英寸": "inch",
    "成": "percent",  # 4成 = 40%: tenths, converted by the scanner
    "小时": "hour",
    "年": "year",
    "岁": "year_of_age",
    "天": "day",
    "P": "PFLOPS",
    "EFLOPS": "EFLOPS",
    "EFlops": "EFLOPS",
    "金": "gold_medal",
    "银": "silver_medal",
    "铜": "bronze_medal",
}
UNITS["方面"] = "count"  # 十方面民生实事
COUNT_WORDS = "个项件家所座条列场批种类处台辆架艘张部只头棵株篇例本册首幅集支队期段门间栋套床宗笔次轮块对"
for _w in COUNT_WORDS:
    UNITS.setdefault(_w, "count")

# Longest first, so that 个百分点 wins over 个 and 千瓦时 over 千瓦.
_NOT_SUFFIXES = {"亿元", "/", ":1"}  # reached by other paths (multiplier split, fractions)
UNIT_ALTERNATION = "|".join(re.escape(u) for u in sorted((u for u in UNITS if u not in _NOT_SUFFIXES), key=len, reverse=True))

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
