"""The rendered pages: one offline file each, with the font their Chinese text needs, and an
index whose title reads right with or without the report's own title."""

from __future__ import annotations

import base64
import io
import re
from types import SimpleNamespace

import nbformat
import pytest
from fontTools.ttLib import TTFont
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.figures.report import Report
from helpers.metadata.report_meta import DEFAULT_TITLE, ReportMeta
from helpers.output.html import index_title, render_html, write_index
from helpers.output.webfont import WEB_FAMILY

# Chinese in a heading, a <pre> stream output and an HTML table: each must be in the font.
HEADING, STREAM, CELL = "目标与结果", "城镇新增就业18万人", "地区生产总值"


def _notebook(path):
    nb = new_notebook(cells=[
        new_markdown_cell(f"# {HEADING}\n\nLast year's results."),
        new_code_cell("print(...)", execution_count=1, outputs=[
            new_output("stream", name="stdout", text=STREAM + "\n"),
            new_output("display_data", data={
                "text/html": f"<table><tr><th>indicator</th><td>{CELL}</td></tr></table>",
                "text/plain": CELL}),
        ]),
    ])
    nbformat.write(nb, path)
    return path


def _embedded_cmap(page: str) -> set[int]:
    (data,) = re.findall(r"url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", page)
    return set(TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("render")
    notebook = _notebook(folder / "02_demo.ipynb")
    render_html(notebook, folder / "a.html")
    render_html(notebook, folder / "b.html")
    return (folder / "a.html").read_text(encoding="utf-8"), (folder / "b.html").read_bytes()


def test_notebook_page_embeds_one_font_with_its_chinese(rendered):
    page, _ = rendered
    assert page.count("@font-face") == 1
    assert {ord(c) for c in HEADING + STREAM + CELL} <= _embedded_cmap(page)
    # our :root rule comes after nbconvert's stylesheets, so it is the one that applies
    assert page.rindex(f"--jp-content-font-family: '{WEB_FAMILY}'") > page.index("--jp-content-font-family:")


def test_notebook_page_fetches_nothing_through_css(rendered):
    page, _ = rendered
    urls = re.findall(r"url\(\s*['\"]?([^'\")\s]*)", page)
    assert urls and all(u.startswith(("data:", "#")) for u in urls), \
        sorted({u[:60] for u in urls if not u.startswith(("data:", "#"))})
    assert not re.search(r"@import|<link[^>]+href=['\"]?(https?:)?//", page)


def test_notebook_page_is_the_same_bytes_every_time(rendered):
    page, again = rendered
    assert page.encode("utf-8") == again


def _report(title: str, meta_title: str = DEFAULT_TITLE):
    meta = ReportMeta("Inner Mongolia", "内蒙古自治区", 2025, title=meta_title)
    return Report(source=None, meta=meta, title=title)


def test_index_title_with_the_report_title():
    assert index_title(_report("2025年内蒙古自治区政府工作报告")) == \
        "Inner Mongolia (内蒙古自治区) 2025: 2025年内蒙古自治区政府工作报告"


def test_index_title_without_a_title_line_uses_the_citation_title():
    # report.title is "" when the text has no title line; the citation's title stands in
    assert index_title(_report("")) == f"Inner Mongolia (内蒙古自治区) 2025: {DEFAULT_TITLE}"


def test_index_title_without_any_title_has_no_dangling_colon():
    report = SimpleNamespace(region="Inner Mongolia", region_zh="内蒙古自治区", report_year=2025,
                             title="", meta=SimpleNamespace(title=" "))
    assert index_title(report) == "Inner Mongolia (内蒙古自治区) 2025"


def test_index_page_has_the_title_and_its_font(tmp_path):
    _notebook(tmp_path / "02_demo.ipynb")
    path = write_index(tmp_path, report=_report(""), parameters=[("region", "内蒙古自治区")],
                       names=["02_demo.ipynb"], summaries={})
    page = path.read_text(encoding="utf-8")
    expected = f"Inner Mongolia (内蒙古自治区) 2025: {DEFAULT_TITLE}"
    assert f"<title>{expected}</title>" in page and f"<h1>{expected}</h1>" in page
    assert page.count("@font-face") == 1
    assert f"body {{ font-family: '{WEB_FAMILY}'" in page
    assert {ord(c) for c in expected + HEADING} <= _embedded_cmap(page)
