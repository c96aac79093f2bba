"""Blocks of a report about a span of years (segment.py): the review of a whole five-year plan
and the next plan's goals, found from part headings and from the sentences that open or close
them; the plans' numbers and years."""

from __future__ import annotations

import pytest
from _corpus import corpus_file

from helpers.figures.normalize import normalize
from helpers.figures.segment import chinese_number, plan_years, plans_in, segment


@pytest.mark.parametrize(("digits", "value"), [
    ("十四", 14), ("十五", 15), ("十一", 11), ("十", 10), ("九", 9), ("二十一", 21), ("两", 2), ("12", 12),
    ("十十", None), ("四四", None), ("", None),
])
def test_chinese_numbers(digits, value):
    assert chinese_number(digits) == value


def test_plan_years_are_computed():
    assert plan_years(6) == (1981, 1985)
    assert plan_years(10) == (2001, 2005)
    assert plan_years(13) == (2016, 2020)
    assert plan_years(14) == (2021, 2025)
    assert plan_years(15) == (2026, 2030)
    assert plan_years(16) == (2031, 2035)
    assert plan_years(5) is None  # the first five plans had irregular spans


def test_plans_named_in_text():
    text = "“十四五”时期和第十五个五年规划，\"十三五\"末，十五运会"
    assert [years for _, _, years in plans_in(text)] == [(2021, 2025), (2026, 2030), (2016, 2020)]


def _blocks(text: str, year: int) -> list[tuple[int, str, tuple | None]]:
    """(paragraph number, part, (first, last, goals) or None) of every block."""
    norm = normalize(text).text
    segs = segment(norm, year)
    return [(segs.paragraph_at(b.start).number, segs.paragraph_at(b.start).part,
             (b.first, b.last, b.goals) if b.multi_year else None) for b in segs.blocks]


END_OF_PLAN = (
    "一、2025年和“十四五”时期工作回顾\n"        # 1: names the year and the plan: decides nothing alone
    "2025年是不平凡的一年。地区生产总值增长5%。\n"
    "各位代表！2025年是“十四五”收官之年。五年来，我们砥砺奋进。\n"  # 3: opens the five-year review
    "这是经济实力持续提升的五年。\n"
    "地区生产总值年均增长5.5%。\n"
    "二、“十五五”时期的主要目标\n"                 # 6: names only the next plan: its goals
    "地区生产总值年均增长5%左右。\n"
    "三、2026年工作安排\n"                          # 8: this year's plan
    "过去五年，我们砥砺奋进。地区生产总值增长5%左右。\n"  # no blocks in a year's plan
)


def test_an_end_of_plan_report():
    assert _blocks(END_OF_PLAN, 2026) == [
        (1, "review", None),
        (3, "review", (2021, 2025, False)),
        (6, "plan", (2026, 2030, True)),
        (8, "plan", None),
    ]


def test_a_block_closes_on_the_year():
    text = ("一、“十四五”时期和2025年工作回顾\n“十四五”时期是极不平凡的五年。\n建成5G基站10万个。\n"
            "各位代表，刚刚过去的2025年，地区生产总值增长5%。\n——动能持续增强。\n二、2026年工作安排\n")
    assert _blocks(text, 2026) == [(1, "review", None), (2, "review", (2021, 2025, False)),
                                   (4, "review", None), (6, "plan", None)]


def test_a_heading_naming_two_plans_sets_the_next_ones_goals():
    text = ("一、2020年工作回顾\n过去一年，增长2%。\n二、“十三五”时期发展成就和“十四五”时期主要目标任务\n"
            "过去五年，城镇新增就业超过6000万人。\n“十四五”时期是新征程的第一个五年。\n城镇调查失业率控制在5.5%以内。\n"
            "三、2021年重点工作\n")
    assert _blocks(text, 2021) == [
        (1, "review", None),
        (3, "plan", (2021, 2025, True)),
        (4, "review", (2016, 2020, False)),  # the review paragraph inside the goals' part is review
        (5, "plan", (2021, 2025, True)),
        (7, "plan", None),
    ]


def test_a_plan_only_heading_is_a_plan_part():
    text = "一、2025年工作回顾\n增长5%。\n二、“十五五”发展的主要考虑\n年均增长5%左右。\n三、2026年工作安排\n"
    parts = [p.part for p in segment(normalize(text).text, 2026).paragraphs]
    assert parts == ["review", "review", "plan", "plan", "plan"]


def test_a_plan_under_way_opens_no_block():
    text = "一、2023年工作回顾\n“十四五”以来，我们砥砺奋进。\n地区生产总值增长5%。\n二、2024年工作安排\n"
    assert _blocks(text, 2024) == [(1, "review", None), (4, "plan", None)]


def test_no_year_no_blocks():
    assert segment(normalize(END_OF_PLAN).text, None).blocks == []


# Every report of the corpus: the blocks it has (review span, goals span), or none.
CORPUS_BLOCKS = {
    "national_2016.txt": [(2011, 2015, False), (2016, 2020, True)],
    "national_2021.txt": [(2021, 2025, True), (2016, 2020, False), (2021, 2025, True)],
    "national_2024.txt": [], "national_2025.txt": [],
    "guangdong_2025.txt": [], "jiangsu_2025.txt": [], "shandong_2025.txt": [], "sichuan_2025.txt": [],
    "zhejiang_2025.txt": [],
    **{f"{r}_2026.txt": [(2021, 2025, False), (2026, 2030, True)]
       for r in ("guangdong", "jiangsu", "shandong", "sichuan", "zhejiang")},
}


@pytest.mark.parametrize("name", sorted(CORPUS_BLOCKS))
def test_corpus_blocks(name):
    text = corpus_file(name).read_text(encoding="utf-8")
    year = int(name.removesuffix(".txt").rsplit("_", 1)[1])
    spans = [b for _, _, b in _blocks(text, year) if b]
    assert spans == CORPUS_BLOCKS[name]
