from _corpus import corpus_file

from helpers.figures.normalize import normalize
from helpers.figures.segment import segment


def _parts(text, year):
    segs = segment(normalize(text).text, year)
    return [(p.number, p.part, p.section) for p in segs.paragraphs]


def test_text_before_the_plan_heading_is_the_review():
    text = "(上接第一版)预计增长5%。\n\n二、2025 年工作安排\n\n(一)扩大内需。投资增长10%左右。\n"
    parts = _parts(text, 2025)
    assert parts[0][1] == "review"
    assert parts[1] == (2, "plan", "二、2025年工作安排")
    assert parts[2][2] == "二、2025年工作安排 / (一)扩大内需"


def test_unnumbered_headings_and_glossary():
    text = "2024年工作回顾\n增长5%。\n2025年工作安排建议\n增长6%左右。\n名词解释\n1.数字经济：占比10%。\n"
    parts = [p[1] for p in _parts(text, 2025)]
    assert parts == ["review", "review", "plan", "plan", "glossary", "glossary"]


def test_a_line_ending_in_a_colon_is_not_a_part_heading():
    text = "一、2024年工作回顾\n认真抓好11方面重点工作：\n增长5%。\n"
    assert [p[1] for p in _parts(text, 2025)] == ["review"] * 3


def test_national_report_parts():
    text = corpus_file("national_2025.txt").read_text(encoding="utf-8")
    segs = segment(normalize(text).text, 2025)
    by_head = {p.section.split(" / ")[0]: p.part for p in segs.paragraphs if p.section}
    assert by_head["一、2024年工作回顾"] == "review"
    assert by_head["三、2025年政府工作任务"] == "plan"
