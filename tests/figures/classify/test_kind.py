"""Kind, estimate scope and direction rules on small synthetic reports written for these tests."""

import pytest

from helpers.figures.table import extract_figures

REVIEW = "一、2024年工作回顾\n"
PLAN = "二、2025年工作安排\n"


def figures(review: str = "", plan: str = ""):
    text = REVIEW + review + "\n" + PLAN + "今年主要预期目标是：地区生产总值增长5%左右。\n" + plan + "\n"
    return extract_figures(text, "Hubei", 2025, "湖北省")


def estimates(review: str) -> dict[str, bool]:
    df = figures(review)
    df = df[df["kind"] != "context"]
    return dict(zip(df["text"], df["is_estimate"], strict=True))


def test_an_opening_estimate_word_governs_the_list_to_the_end_of_the_sentence():
    got = estimates("预计全市地区生产总值增长5.2%左右，一般公共预算收入增长3.1%，城镇调查失业率4.1%左右。"
                    "粮食产量800亿斤。")
    assert got == {"5.2%左右": True, "3.1%": True, "4.1%左右": True, "800亿斤": False, "5%左右": False}


def test_mid_sentence_it_reaches_forward_only():
    got = estimates("新增专精特新企业688家，预计高新技术企业达7.4万家，科技型中小企业达5.6万家。")
    assert got == {"688家": False, "7.4万家": True, "5.6万家": True, "5%左右": False}


def test_after_its_subject_it_governs_its_own_clause_only():
    got = estimates("研发投入强度预计达3.2%，新认定科技企业500家。")
    assert got == {"3.2%": True, "500家": False, "5%左右": False}


def test_a_clause_without_a_figure_breaks_the_list():
    got = estimates("预计居民收入增长与经济增长基本同步，新增城镇就业20万人。")
    assert got["20万人"] is False


def test_a_lead_in_clause_governs_what_follows():
    got = estimates("据初步统计，全年粮食产量达到800亿斤，增长3%。")
    assert got["800亿斤"] is True and got["3%"] is True


def test_a_semicolon_ends_the_scope():
    got = estimates("预计地区生产总值增长5.2%；城镇新增就业50万人。")
    assert got["5.2%"] is True and got["50万人"] is False


def test_a_forecast_of_this_year_in_the_plan_is_context():
    df = figures(plan="预计今年高校毕业生超过120万人。预计全年减税降费1000亿元。")
    forecast = df[df["text"] == "120万人"].iloc[0]
    assert (forecast["kind"], forecast["is_estimate"]) == ("context", False)
    target = df[df["text"] == "1000亿元"].iloc[0]
    assert (target["kind"], target["is_estimate"]) == ("target", True)


def test_a_forecast_that_breaks_off_leaves_the_targets_after_it():
    df = figures(plan="预计今年财政收入继续恢复增长，一般公共预算支出规模2.8万亿元、比上年增加1000亿元。")
    assert set(df.loc[df["text"].isin(["2.8万亿元", "1000亿元"]), "kind"]) == {"target"}


@pytest.mark.parametrize("opener", ["过去一年，", "去年，", "一年来，", "过去的一年，"])
def test_a_plan_sentence_about_last_year_holds_results(opener):
    df = figures(plan=opener + "我们新建农村公路3000公里，改造危房2万户。今年新建农村公路2000公里。")
    kinds = dict(zip(df["text"], zip(df["kind"], df["ref_year"], strict=True), strict=True))
    assert kinds["3000公里"] == ("result", 2024) and kinds["2万户"] == ("result", 2024)
    assert kinds["2000公里"] == ("target", 2025)


def test_past_words_inside_a_sentence_do_not_make_it_past():
    df = figures(plan="比去年增加投资，新建农村公路3000公里。")
    assert df[df["text"] == "3000公里"].iloc[0]["kind"] == "target"


@pytest.mark.parametrize("clause, text, measure, direction", [
    ("社区食堂价格微降0.3%", "0.3%", "growth", "down"),
    ("社区食堂价格回落3%", "3%", "growth", "down"),
    ("社区食堂价格下降3%", "3%", "growth", "down"),
    ("电价下调5%", "5%", "growth", "down"),
    ("城乡居民收入差距缩小0.5个百分点", "0.5个百分点", "change", "down"),
    ("中央本级支出负增长3%", "3%", "growth", "down"),
    ("城乡居民收入比缩小至2.31:1", "2.31:1", "level", ""),
    ("亏损率收窄至3%", "3%", "share", ""),
])
def test_decline_words(clause, text, measure, direction):
    df = figures(review=clause + "。")
    row = df[(df["text"] == text) & (df["kind"] == "result")].iloc[0]
    assert (row["measure"], row["direction"]) == (measure, direction)
