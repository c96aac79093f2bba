"""The scanner on small synthetic sentences written for these tests."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.figures import scan as scan_module
from helpers.figures.normalize import normalize
from helpers.figures.scan import scan


def figures_of(text):
    n = normalize(text).text
    return [(n[m.start : m.end], m.value, m.unit_zh, m.pre, m.post, m.lower, m.upper) for m in scan(n)]


@pytest.mark.parametrize(
    "text, printed, value, unit",
    [
        ("自治区惠企直达资金13.7亿元", "13.7亿元", 1.37e9, "元"),
        ("首次突破万亿元", "万亿元", 1e12, "元"),
        ("力争新增并网4000万千瓦", "4000万千瓦", 4e7, "千瓦"),
        ("发电量超3000亿度", "3000亿度", 3e11, "度"),
        ("城镇新增就业18万人以上", "18万人以上", 1.8e5, "人"),
        ("接待游客2.73亿人次", "2.73亿人次", 2.73e8, "人次"),
        ("高于行业平均水平33个百分点", "33个百分点", 33, "个百分点"),
        ("带动消费300多亿元", "300多亿元", 3e10, "元"),
        ("带动7万多名劳动力", "7万多名", 7e4, "名"),
        ("1000余名专家", "1000余名", 1000, "名"),
        ("算力规模突破20万P", "20万P", 2e5, "P"),
        ("取得1金1银", "1金", 1, "金"),
        ("精心打造十大产业集群", "十大", 10, "个"),
        ("支持两大乳企", "两大", 2, "个"),
        ("整合设立百亿产业基金", "百亿", 1e10, ""),
        ("粮食产量1.3万亿斤以上", "1.3万亿斤以上", 1.3e12, "斤"),
        ("城镇调查失业率５．５％左右", "5.5%左右", 5.5, "%"),
        ("营业收入1,200亿元", "1,200亿元", 1.2e11, "元"),
    ],
)
def test_quantities(text, printed, value, unit):
    found = figures_of(text)
    assert found[0][0] == printed
    assert found[0][1] == pytest.approx(value)
    assert found[0][2] == unit


@pytest.mark.parametrize(
    "text",
    [
        "2025年工作安排",  # a year
        "3月5日在北京",  # a date
        "开工建设G0616海乌段、S22白永段",  # road codes
        "莫尔格勒河5A级景区",  # a grade
        "5G基站",  # a technology
        "成功举办第十四届全国冬季运动会",  # an ordinal
        "东莞成为第3个百强镇",  # an ordinal count
        "深入贯彻党的二十大精神",  # a congress
        '紧紧围绕"五大任务"',  # a slogan in quotes
        "“十四五”规划收官之年",  # a plan period
        "(上接第一版)(下转第三版)",  # page markers
        "打造中国最美边疆路 331,把沿途",  # a road name, no unit
        "严格执行中央八项规定精神",  # a fixed name
    ],
)
def test_not_figures(text):
    assert [f[0] for f in figures_of(text)] == []


def test_ranges_keep_both_ends():
    for text, lo, hi in [("增长5.0%—5.5%", 5.0, 5.5), ("增长4.5%-5%", 4.5, 5.0), ("增长５％～６％", 5, 6)]:
        (f,) = figures_of(text)
        assert (f[5], f[6]) == (lo, hi)
        assert f[1] == (lo + hi) / 2


def test_qualifiers_before_and_after():
    found = {f[0]: (f[3], f[4]) for f in figures_of("投资突破9100亿元,利用率保持在90%以上,近3亿人次")}
    assert found == {"9100亿元": ("突破", ""), "90%以上": ("保持在", "以上"), "3亿人次": ("近", "")}


def test_spans_point_at_the_printed_text():
    printed = "力争新开工装机 1000 万千 瓦、新投产600万千瓦"
    n = normalize(printed)
    spans = [n.span_to_orig(m.start, m.end) for m in scan(n.text)]
    assert [printed[s:e] for s, e in spans] == ["1000 万千 瓦", "600万千瓦"]


# The scan patterns' "not just after" classes are checked in Python instead of as a leading
# look-behind (speed); on any text both must give the same matches.
_PAIRS = [(scan_module.ARABIC, scan_module.ARABIC_NOT_AFTER), (scan_module.FRACTION, scan_module.FRACTION_NOT_AFTER),
          (scan_module.CN_MAGNITUDE, scan_module.CN_MAGNITUDE_NOT_AFTER),
          (scan_module.CN_COUNT, scan_module.CN_COUNT_NOT_AFTER)]
_SCAN_CHARS = st.sampled_from(list("0123456789.,:/%万亿千百十两三五九第元人个项大级年aG+- 增长“”"))


@settings(max_examples=400, deadline=None)
@given(st.lists(_SCAN_CHARS, max_size=40).map("".join))
def test_matches_equal_a_leading_look_behind(text):
    for rx, not_after in _PAIRS:
        with_look_behind = re.compile(f"(?<!{not_after.pattern}){rx.pattern}")
        assert [m.span() for m in scan_module._matches(rx, not_after, text)] == \
            [m.span() for m in with_look_behind.finditer(text)]


def test_matches_skip_a_number_glued_to_a_letter_but_not_the_next():
    # `a1,234`: 1,234 is glued to `a`; the look-behind would then find 234 after the comma.
    spans = [m.group() for m in scan_module._matches(scan_module.ARABIC, scan_module.ARABIC_NOT_AFTER, "a1,234元")]
    assert spans == ["234元"]
