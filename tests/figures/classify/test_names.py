"""Indicator names: every figure is named by the noun phrase it counts, never by a verb or a
fragment of its clause. `fragment_reason` is the check, written independently of the rules in
figures/classify/names.py (its own word lists, not the lexicon's), so that it measures them."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from _corpus import corpus_file

from helpers.figures.classify.aliases import unknown_code
from helpers.figures.table import extract_figures
from helpers.paths import SEED_REPORT, SHARED_CORPUS
from helpers.rules.indicators import registry

# A code printed inside a name is no number: PM2.5, 5G, G60, 12345热线, 世界500强, and what is
# quoted (“15分钟品质文化生活圈”, a programme's name).
_CODE = re.compile(r"[A-Za-z]+\d+(?:\.\d+)?|\d+[A-Za-z]+|\d{5,}|\d+[强型]|“[^”]*”|\"[^\"]*\"")
_DIGIT = re.compile(r"[0-9０-９]")
_NUMERAL_CLASSIFIER = re.compile(r"[一二两三四五六七八九十百千万亿几多][个件项家所座条类批大种位名次]$")
_PUNCT = re.compile(r"[，,；;：:。、！？]")
_PAIRS = ("“”", "（）", "()", "《》", "【】", "‘’")
# Function words, conjunctions and particles that never start or end a noun phrase.
_FUNCTION_START = tuple("和及与或等并且而的之在对把将被让使比较从由向于至到")
_FUNCTION_END = tuple("和及与或等并且而的之在对把将被使从由向于至到了着过为是居占")
# Verbs (and verb phrases) that act on what the figure counts: a name that starts or ends with
# one names the action, not the thing. Nominalised actions that are names of their own
# (城中村改造, 职业技能培训, 研发投入, 基础设施建设) do not end a name wrongly.
_VERBS = (
    "新增", "办好", "办成", "培育", "新培育", "推进", "扎实推进", "强力推进", "支持", "突破", "达到", "累计",
    "开展", "组织开展", "实施", "推动", "完成", "新建", "建成", "基本建成", "新创建", "创建", "打造",
    "精心打造", "抓好", "重点抓好", "突出抓好", "吸引", "开行", "布局建设", "重点建设", "启动建设",
    "开工建设", "牵头建设", "高质量建设", "提升", "提高", "加快", "出台", "开发", "入选", "新入选", "获批",
    "引进", "带动", "实现", "保持", "举办", "招引", "发行", "先发行", "安排", "投用", "惠及",
    "募集", "释放", "关闭", "开工", "新改建", "增长", "下降", "减少", "降低", "压减", "超过", "增至",
    "提高到", "增加到", "拓展至", "提升至", "降至", "达", "约", "分别", "其中", "新开工", "组织", "延长",
    "承办", "覆盖", "落实", "办理", "认定", "设立", "成立", "选派", "招聘", "解决",
    "筹集", "争取", "力争", "确保", "全面", "持续", "深化", "深入", "大力", "有序", "稳步",
    "进一步", "首次", "分别达", "均居", "位居", "新设", "建立", "推出", "发放", "兑现", "撬动", "吸纳",
)
# Words that start with a function word or a verb and are nouns or adjectives: 在建项目, 开发区.
_NOUN_PREFIXES = ("在建", "在校", "在园", "开发区", "和美")
_VERBS_START = _VERBS + ("超额", "新发布", "发布")
_VERBS_END = _VERBS + ("超", "新增", "斩获", "勇夺", "获得", "跨过")


def fragment_reason(name: str) -> str | None:
    """Why `name` is no noun phrase (None: it is one). Registry names are curated: never fragments."""
    if name in _registry_names():
        return None
    if len(name) <= 1:
        return "a single character"
    if name == "未命名":
        return "unnamed"
    if _DIGIT.search(_CODE.sub("", name)):
        return "holds a number"
    if _PUNCT.search(re.sub(r"（[^）]*）|“[^”]*”", "", name)):
        return "holds clause punctuation"
    for a, b in _PAIRS:
        if name.count(a) != name.count(b):
            return "an unbalanced quote or bracket"
    if name.count('"') % 2:
        return "an unbalanced quote or bracket"
    if "分别" in name:
        return "holds 分别 (respectively)"
    if name in _VERBS:
        return "only a verb"
    if name.startswith(_FUNCTION_START) and not name.startswith(_NOUN_PREFIXES):
        return "starts with a function word"
    if name.endswith(_FUNCTION_END):
        return "ends with a function word"
    if _NUMERAL_CLASSIFIER.search(name):
        return "ends with a numeral and classifier"
    if name.startswith(_VERBS_START) and not name.startswith(_NOUN_PREFIXES):
        return "starts with a verb"
    if name.endswith(_VERBS_END):
        return "ends with a verb"
    return None


def _registry_names() -> set[str]:
    return {n for ind in registry().values() for n in (ind.name_zh, ind.name_zh_national) if n}


def corpus_inputs() -> list[tuple[str, object, int, str]]:
    """(name, path, year, region_code) of the seed and every corpus report present."""
    inputs = [("seed", SEED_REPORT, 2025, "inner_mongolia")]
    for path in sorted(SHARED_CORPUS.glob("*.txt")) if SHARED_CORPUS.is_dir() else []:
        region, year = path.stem.rsplit("_", 1)
        inputs.append((path.stem, path, int(year), region))
    return inputs


@pytest.mark.parametrize(
    "name",
    ["进第二轮土地承包到期后再延长", "人均可支配收入分别增长5%和", "30项省科技重大专项和", "岚皋至陕渝界等", "新增", "办好",
     "培育", "居", "县（市", "智改数转”重点项目", "高铁里程由2110公里增至", "经济总量跨过两个", "保持全国第", "推进"],
)
def test_fragments_are_detected(name):
    assert fragment_reason(name), name


@pytest.mark.parametrize(
    "name",
    ["地区生产总值", "社区食堂", "PM2.5平均浓度", "国家5G工厂", "十件民生实事", "两院院士", "失能老人", "高标准农田",
     "城中村", "国家临床重点专科", "对共建“一带一路”国家进出口", "新增电力装机"],
)
def test_noun_phrases_pass(name):
    assert fragment_reason(name) is None, name


REVIEW = "一、2024年工作回顾\n"
PLAN = "二、2025年工作安排\n今年主要预期目标是：地区生产总值增长5%左右。\n"


def _review(clause: str, **kwargs) -> list[tuple[str, str, str, str]]:
    """(printed, indicator, indicator_zh, measure) of the figures of one review clause."""
    df = extract_figures(REVIEW + clause + "。\n" + PLAN, "Hubei", 2025, "湖北省", **kwargs)
    df = df[df["char_start"] < len(REVIEW) + len(clause)]
    return list(zip(df["text"], df["indicator"], df["indicator_zh"], df["measure"], strict=True))


@pytest.mark.parametrize(
    "clause, expected",
    [
        # a time word before a generic alias (全年 is no modifier of 生产总值)
        ("全年生产总值6.36万亿元、增长5.1%", [("gdp", "level"), ("gdp", "growth")]),
        # a growth joined to its indicator's level by a growth verb only
        ("社会消费品零售总额2.76万亿元增长6.1%", [("retail_sales", "level"), ("retail_sales", "growth")]),
        # a bare head takes the modifier of the figure before it
        ("粮食播种面积稳定在1.8亿亩，总产量达到853.2亿斤", [("grain_sown_area", "level"), ("grain_output", "level")]),
        ("粮食总产达到557亿斤", [("grain_output", "level")]),
        # 外贸进出口额 is trade, not 出口额
        ("外贸进出口额增长3%", [("foreign_trade", "growth")]),
        # 城乡 … 分别 a 和 b: urban, then rural; a bare first item shares the last item's head
        ("城乡居民人均可支配收入分别增长6.8%和8.3%", [("urban_income", "growth"), ("rural_income", "growth")]),
        ("城镇、农村居民人均可支配收入分别增长4.8%、6.2%", [("urban_income", "growth"), ("rural_income", "growth")]),
        ("城镇和农村居民人均可支配收入分别达6.9万元、3.4万元，增长4.2%、6.1%",
         [("urban_income", "level"), ("rural_income", "level"), ("urban_income", "growth"), ("rural_income", "growth")]),
        ("居民消费价格指数涨幅2%左右", [("cpi", "growth")]),
        ("生产安全事故起数、死亡人数分别下降16.8%、15.7%",
         [("production_safety_accidents", "growth"), ("production_safety_deaths", "growth")]),
        # a rank with no subject of its own is the rank of the figure before it
        ("生猪出栏6150万头，保持全国第1位", [("hog_output", "level"), ("hog_output", "rank")]),
        ("高铁里程由2110公里增至3055公里", [("hsr_length", "level"), ("hsr_length", "level")]),
        # the noun after a count is what it counts
        ("办好20项重点民生实事", [("livelihood_projects", "level")]),
    ],
)
def test_stated_results_are_named(clause, expected):
    got = [(code, measure) for _, code, _, measure in _review(clause)]
    assert got == expected, _review(clause)


@pytest.mark.parametrize(
    "clause, names",
    [
        ("推进100个标志性工程", ["标志性工程"]),
        ("新增国家制造业创新中心2家", ["国家制造业创新中心"]),
        ("组织各地同步开展采供对接活动1061场", ["采供对接活动"]),
        ("新能源汽车产量增长43%、占全国1/4", ["新能源汽车产量", "新能源汽车产量占全国比重"]),
        ("规上工业增加值增长8.3%，高于全国2.5个百分点", ["规模以上工业增加值", "规模以上工业增加值与全国差距"]),
        ("建成新时代文明实践中心（所、站）2.8万个", ["新时代文明实践中心"]),
        ("通高速公路的县（市、区）达到152个", ["通高速公路的县"]),
        ("为超2.5万名65岁及以上失能老年人免费提供健康管理", ["失能老年人", "失能老年人"]),
        ("新增1个省级境外经贸合作区、累计达8个", ["省级境外经贸合作区", "省级境外经贸合作区"]),
        ("我省运动员在巴黎奥运会上斩获8金4银4铜", ["运动员", "运动员", "运动员"]),
    ],
)
def test_names_are_noun_phrases(clause, names):
    got = [name for _, _, name, _ in _review(clause)]
    assert got == names
    assert not [n for n in got if fragment_reason(n)]


def test_national_report_uses_national_names():
    """The State Council's report says 国内生产总值, a province's 地区生产总值: same code."""
    clause = "国内生产总值134.9万亿元，增长5%，单位国内生产总值能耗降低3%"
    national = _review(clause, region_code="national")
    assert [(c, n) for _, c, n, _ in national] == [
        ("gdp", "国内生产总值"), ("gdp", "国内生产总值"), ("energy_intensity", "单位国内生产总值能耗")]
    province = _review(clause)
    assert [(c, n) for _, c, n, _ in province] == [
        ("gdp", "地区生产总值"), ("gdp", "地区生产总值"), ("energy_intensity", "单位生产总值能耗")]


def test_same_name_same_code_across_reports():
    a = dict((n, c) for _, c, n, _ in _review("新建社区食堂120家"))
    b = dict((n, c) for _, c, n, _ in _review("全省建成社区食堂300家"))
    assert a["社区食堂"] == b["社区食堂"] == unknown_code("社区食堂")


def _result_and_target_names(path, year, region_code):
    text = path.read_text(encoding="utf-8")
    df = extract_figures(text, "X", year, region_code=region_code)
    return df[df["kind"].isin(["result", "target"])]


@pytest.fixture(scope="module")
def corpus_figures():
    corpus_file("national_2025.txt")
    return {name: _result_and_target_names(path, year, code) for name, path, year, code in corpus_inputs()}


def test_fragment_share_on_the_corpus(corpus_figures):
    """Fewer than 2% of the result and target figures of the seed and the corpus carry a
    fragment for a name (about one in four did before the noun-phrase rules)."""
    names = [n for df in corpus_figures.values() for n in df["indicator_zh"]]
    bad = [n for n in names if fragment_reason(n)]
    assert len(bad) / len(names) < 0.02, (len(bad), len(names), bad[:40])


def test_registry_share_on_the_corpus(corpus_figures):
    """The registry names a third or more of the result and target figures of the corpus
    (14% before it grew; 10–35% per report), and a quarter or more in every report. Most of
    the rest are one-off items of a single report (建设4个小镇, 十件民生实事 …)."""
    shares = {name: (~df["indicator"].str.startswith("x_")).mean() for name, df in corpus_figures.items()}
    every = pd.concat(corpus_figures.values())
    assert (~every["indicator"].str.startswith("x_")).mean() >= 0.38, shares
    assert min(shares.values()) >= 0.25, shares
