"""The headline passage (主要预期目标): its openers, wherever line breaks fall, and its end, on
small synthetic reports written for these tests."""

import pytest

from helpers.figures.classify.headline import headline_spans, in_headline_passage
from helpers.figures.normalize import normalize
from helpers.figures.table import extract_figures

HEAD = "一、2024年工作回顾\n全年地区生产总值增长5.1%。\n二、2025年工作安排\n"
LIST = "地区生产总值增长5%左右；城镇新增就业50万人以上；居民收入增长与经济增长同步。"


def headline_texts(plan: str) -> list[str]:
    df = extract_figures(HEAD + plan, "Hubei", 2025, "湖北省")
    return list(df.loc[df["is_headline"], "text"])


@pytest.mark.parametrize("opening", [
    "今年主要预期目标是：",
    "今年发展的预期目标是：",  # no 主要
    "今年经济社会发展的主要目标是：",  # no 预期
    "综合考虑各方面因素，建议今年经济社会发展主要预期目标建议为：",
    "经济社会发展的主要预期目标：",  # a colon, no copula
    "今年主要预期目标为",  # a copula, no colon
    "今年经济社会发展的\n主要预期目标\n是：",  # a bold line of a web page
    "今年经济社会发展的主要预期目标是：\n",  # the list on the next line
    "按照“十五五”规划部署，今年主要预期目标是：",  # a plan named, then this year again
    "按照“十五五”规划部署，主要预期目标是：",  # a plan referred to, not the subject
])
def test_openers(opening):
    assert headline_texts(opening + LIST + "\n") == ["5%左右", "50万人以上"]


def test_ocr_opener_with_half_width_punctuation():
    plan = "全区经济社会发展的主要预期目标是:地区 生产总值增长6%左右;城镇新增就业 18万人以上。\n"
    assert headline_texts(plan) == ["6%左右", "18万人以上"]


def test_later_sentences_of_the_paragraph_belong_to_the_passage():
    plan = "今年主要预期目标是：" + LIST + "单位地区生产总值能耗下降3%左右，主要污染物排放继续减少。\n"
    assert headline_texts(plan) == ["5%左右", "50万人以上", "3%左右"]


def test_a_list_printed_one_item_per_line():
    plan = ("今年主要预期目标是：\n地区生产总值增长5%左右；\n城镇新增就业50万人以上；\n粮食产量800亿斤以上。\n"
            "新建农村公路3000公里。\n")
    assert headline_texts(plan) == ["5%左右", "50万人以上", "800亿斤以上"]


def test_a_numbered_heading_ends_a_list_without_full_stop():
    plan = "今年主要预期目标是：\n地区生产总值增长5%左右；\n城镇新增就业50万人以上\n（一）扩大内需\n新建农村公路3000公里。\n"
    assert headline_texts(plan) == ["5%左右", "50万人以上"]


@pytest.mark.parametrize("comment", [
    "确定以上目标，考虑了新建农村公路3000公里的需要。",
    "这样的目标，考虑了新建农村公路3000公里的需要。",
    "提出上述预期目标，考虑了新建农村公路3000公里的需要。",
    "实现今年目标，要新建农村公路3000公里。",
    "重点做好10个方面工作，新建农村公路3000公里。",
    "经济增长预期目标为5.5%左右，考虑了新建农村公路3000公里的需要。",
])
def test_commentary_ends_the_passage(comment):
    assert headline_texts("今年主要预期目标是：" + LIST + comment + "\n") == ["5%左右", "50万人以上"]


def test_the_paragraph_end_ends_the_passage_and_restatements_are_not_headline():
    plan = ("今年主要预期目标是：" + LIST + "\n"
            "经济增长预期目标为5%左右，考虑了稳就业的需要。城镇新增就业50万人以上，体现了稳就业的要求。\n")
    df = extract_figures(HEAD + plan, "Hubei", 2025, "湖北省")
    assert list(df.loc[df["is_headline"], "char_start"]) == list(df["char_start"].iloc[1:3])
    assert df["is_headline"].sum() == 2


@pytest.mark.parametrize("opening", [
    "“十五五”时期经济社会发展的主要目标是：",
    "“十五五”时期，全省经济社会发展的主要目标是：",
    "今后五年，主要目标是：",
    "“十五五”规划纲要草案提出的主要预期目标是：",
])
def test_openers_of_a_multi_year_plan(opening):
    assert headline_texts(opening + LIST + "\n") == []


def test_the_next_five_year_plans_goals_are_not_headline():
    plan = ("“十五五”时期经济社会发展的\n主要目标\n是：地区生产总值年均增长5%左右，研发投入强度达到3.5%以上。\n"
            "今年主要预期目标是：" + LIST + "\n")
    assert headline_texts(plan) == ["5%左右", "50万人以上"]
    df = extract_figures(HEAD + plan, "Hubei", 2025, "湖北省")
    assert not df[df["text"] == "3.5%以上"]["is_headline"].any()


def test_an_opener_inside_commentary_opens_nothing():
    plan = ("今年主要预期目标是：" + LIST + "\n"
            "这些主要预期目标是综合考虑各方面因素提出的，要新建农村公路3000公里。\n")
    assert headline_texts(plan) == ["5%左右", "50万人以上"]


def test_a_restatement_alone_opens_nothing():
    assert headline_texts("经济增长预期目标为5%左右，城镇新增就业50万人以上。\n") == []


def test_review_figures_are_never_headline():
    text = "一、2024年工作回顾\n去年主要预期目标是：地区生产总值增长5%左右。\n二、2025年工作安排\n新建农村公路3000公里。\n"
    assert not extract_figures(text, "Hubei", 2025)["is_headline"].any()


def test_spans_bound_the_passage():
    text = normalize(HEAD + "今年主要预期目标是：" + LIST + "这样的目标，是积极的。\n").text
    (start, end), = headline_spans(text)
    assert text[start:end] == LIST
    assert in_headline_passage(text, start) and in_headline_passage(text, end - 1)
    assert not in_headline_passage(text, start - 1) and not in_headline_passage(text, end)
    assert headline_spans("没有目标的文字。") == ()


def test_spans_are_found_once_per_extraction_and_never_kept_across_texts(monkeypatch):
    """Once per text, not once per figure; and not from a cache keyed by the text, where a hit
    on an equal but distinct string compares the whole text for every figure (extracting the
    same long text twice was quadratic)."""
    import helpers.figures.classify.kind as kind

    calls = []
    monkeypatch.setattr(kind, "headline_spans", lambda text: calls.append(len(text)) or headline_spans(text))
    report = HEAD + "今年主要预期目标是：" + LIST + "这样的目标，是积极的。\n"
    first = extract_figures(report, "Hubei", 2025)
    assert (first["kind"] == "target").sum() == first["is_headline"].sum() == 2
    assert len(calls) == 1
    again = extract_figures("".join(list(report)), "Hubei", 2025)  # equal, not the same object
    assert len(calls) == 2 and again.equals(first)
