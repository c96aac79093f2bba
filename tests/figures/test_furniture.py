"""Page furniture: a report saved from a web page gives the same figures and paragraphs as its
body alone, and its offsets still point into the saved text."""

import bisect
import re
from collections import Counter

import pytest

from helpers.figures.furniture import MAX_LINE, furniture_spans
from helpers.figures.segment import segment
from helpers.figures.table import extract_figures
from helpers.paths import SHARED_CORPUS

BODY = """2026年某省政府工作报告
——2026年1月20日在某省第十四届人民代表大会第五次会议上
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
全省地区生产总值增长5.2%，城镇新增就业120万人。
时间就是效率：全年办结事项3.4万件。
二、2026年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇调查失业率5.5%左右。"""

PAGE_HEAD = """首页 > 要闻 > 正文
下载
打印
全屏
收藏
【字号：
加大
还原
减小
】
来源：某某日报
时间：2026-02-09 09:20
浏览次数：1024次
省长代表省人民政府向大会作报告。本报记者 张三 摄
"""

PAGE_TAIL = """
相关报道：
2026年某省政府工作报告
各位代表：现在，我代表省人民政府，向大会报告工作，请予审议。全省地区生产总值增长5.2%。
打印本页
关闭窗口"""


def _figures(text):
    df = extract_figures(text, "X", 2026)
    return df[["text", "kind", "ref_year", "quote"]].to_records(index=False).tolist()


def test_saved_page_gives_the_figures_of_its_body_alone():
    page = PAGE_HEAD + BODY + PAGE_TAIL
    assert _figures(page) == _figures(BODY)
    # the page's 09:20, 1024次, 2-09 and the repeated opening's 5.2% are no figures
    assert len(_figures(page)) == 5


def test_offsets_point_into_the_saved_page():
    page = PAGE_HEAD + BODY + PAGE_TAIL
    df = extract_figures(page, "X", 2026)
    for row in df.itertuples():
        assert page[row.char_start : row.char_end] == row.text


def test_furniture_lines_are_no_paragraphs():
    page = PAGE_HEAD + BODY + PAGE_TAIL
    spans = tuple(furniture_spans(page))
    paras = segment(page, 2026, skip=spans).paragraphs
    lines = [page[p.start : p.end] for p in paras]
    assert lines == BODY.split("\n")  # every body line once, nothing of the page


def test_a_field_word_inside_a_body_paragraph_is_body():
    # 时间 followed by a colon opens a sentence of the body: it is kept, its figure read
    text = "一、2025年工作回顾\n时间：全年办结事项3.4万件，群众满意率98%。"
    assert furniture_spans(text) == []
    assert [f[0] for f in _figures(text)] == ["3.4万件", "98%"]


def test_an_end_marker_early_in_the_page_does_not_end_the_article():
    lines = ["一、2025年工作回顾", "相关报道：", *[f"第{i}项：完成投资{i}0亿元。" for i in range(1, 9)]]
    text = "\n".join(lines)
    assert len(_figures(text)) == 8


def test_a_long_paragraph_is_never_furniture():
    text = "来源：" + "全省粮食产量800亿斤，" * 8 + "再创新高。"
    assert len(text) > MAX_LINE
    assert furniture_spans(text) == []


def _corpus_pages():
    pages = sorted(SHARED_CORPUS.glob("*_2026.txt")) if SHARED_CORPUS.is_dir() else []
    if not pages:
        pytest.skip("no ../shared/corpus/*_2026.txt: the saved web pages are only on developer and CI machines")
    return pages


_PAGE_SHAPES = re.compile(r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|来源|时间：|字号|打印|扫一扫|浏览次数")


def test_corpus_pages_give_no_figure_from_their_furniture():
    for path in _corpus_pages():
        text = path.read_text(encoding="utf-8")
        starts, lines, pos = [], [], 0
        for line in text.split("\n"):
            starts.append(pos)
            lines.append(line.strip())
            pos += len(line) + 1
        for row in extract_figures(text, "X", 2026).itertuples():
            line = lines[bisect.bisect_right(starts, row.char_start) - 1]
            assert not (len(line) <= MAX_LINE and _PAGE_SHAPES.search(line)), (path.name, line)


def test_corpus_pages_keep_every_body_paragraph_once():
    for path in _corpus_pages():
        text = path.read_text(encoding="utf-8")
        spans = furniture_spans(text)
        paras = segment(text, 2026, skip=tuple(spans)).paragraphs
        kept = [text[p.start : p.end] for p in paras]
        repeated = [line for line, n in Counter(kept).items() if n > 1 and len(line) > 15]
        assert repeated == [], path.name
        # what is dropped is short page furniture, or the page's repeat of lines already kept
        kept_set = set(kept)
        for s, e in spans:
            line = text[s:e]
            assert len(line) <= MAX_LINE or any(line in k or k in line for k in kept_set), (path.name, line)
        # nothing of substance is dropped: the dropped lines are a small share of the text
        assert sum(e - s for s, e in spans) < 0.02 * len(text), path.name


def test_saved_html_page_without_semantic_tags_gives_its_body_alone(tmp_path):
    # A CMS page whose controls and fields are plain <div>s (no nav/header classes to drop them)
    from html import escape

    from helpers.read import read_report

    page = PAGE_HEAD + BODY + PAGE_TAIL
    divs = "".join(f"<div>{escape(line)}</div>" for line in page.split("\n"))
    path = tmp_path / "page.html"
    path.write_text(f'<html><head><meta charset="gbk"></head><body>{divs}</body></html>', encoding="gbk")
    saved = read_report(path).text
    assert _figures(saved) == _figures(BODY)


def test_a_field_label_may_be_spaced_from_its_colon():
    text = "2025年某省政府工作报告\n来源 : 某某日报\n一、2024年工作回顾\n粮食产量800亿斤。"
    assert [text[s:e] for s, e in furniture_spans(text)] == ["来源 : 某某日报"]
