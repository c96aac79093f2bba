"""The embedded web font: which characters a page shows, and the subset that draws them."""

from __future__ import annotations

import base64
import contextlib
import io
import re

import pytest
from fontTools.ttLib import TTFont

from helpers.output import webfont
from helpers.output.charts.fonts import cjk_font_path

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>标题</title>
<style>body::before { content: "样式"; } .x { font-family: 'Q' }</style>
<script>var s = "脚本";</script>
</head><body>
<h1 title="提示">地区 GDP</h1>
<table><tr><th>指标</th><td>增长&nbsp;5%&#27700;</td></tr></table>
<pre>代码	&lt;1&gt;
</pre>
<img src="data:image/png;base64,WVpaWQ==" alt="图">
<a href="data:text/plain,KJKJ">链接</a>
<template><p>模板</p></template>
</body></html>"""

# What PAGE shows: its text, the <title>, the title and alt attributes, entities decoded; the
# tab and newlines draw nothing. Not the style, the script, the template or the data: URLs.
SHOWN = "标题地区 GDP提示指标增长\u00a05%水代码<1>图链接"


@pytest.fixture(scope="module")
def noto_cmap() -> set[int]:
    return set(TTFont(cjk_font_path(), lazy=True).getBestCmap())


def _font(woff2: bytes) -> TTFont:
    return TTFont(io.BytesIO(woff2))


def test_page_characters_are_what_the_page_shows():
    assert webfont.page_characters(PAGE) == "".join(sorted(set(SHOWN)))


def test_page_characters_leave_out_scripts_styles_and_data_urls():
    chars = set(webfont.page_characters(PAGE))
    assert not chars & set("样式脚本模板QYZKJ")
    assert not chars & set("\t\n")


def test_subset_holds_exactly_the_requested_characters_noto_has(noto_cmap):
    requested = "中文 Latin 123 ≥≈…—“”%\u00a0" + "😀\ue000"  # an emoji and a private-use character: not in Noto
    font = _font(webfont.subset_woff2(requested))
    assert font.flavor == "woff2"
    assert set(font.getBestCmap()) == {ord(c) for c in requested} & noto_cmap
    assert ord("😀") not in noto_cmap  # so the line above does test the "Noto has" part


def test_subset_is_deterministic_and_keeps_the_source_timestamp():
    chars = webfont.page_characters(PAGE)
    first, second = webfont.subset_woff2(chars), webfont.subset_woff2(chars)
    assert first == second
    source = TTFont(cjk_font_path(), lazy=True)
    assert _font(first)["head"].modified == source["head"].modified  # not the time of the run


def _sfnt(woff2: bytes) -> bytes:
    font = _font(woff2)
    font.flavor = None
    buf = io.BytesIO()
    font.save(buf, reorderTables=False)
    return buf.getvalue()


def test_brotli_quality_changes_only_the_compression(monkeypatch):
    from fontTools.ttLib import woff2

    real = woff2.brotli
    chars = "地区生产总值增长5%左右 GDP growth ≥≈"
    tuned = webfont.subset_woff2(chars)
    assert woff2.brotli is real  # put back after the save
    monkeypatch.setattr(webfont, "BROTLI_QUALITY", 11)
    best = webfont.subset_woff2(chars)
    monkeypatch.setattr(webfont, "_brotli_quality", lambda q: contextlib.nullcontext())
    assert webfont.subset_woff2(chars) == best  # 11 is what fontTools writes by itself
    assert tuned != best and _sfnt(tuned) == _sfnt(best)  # the same font, compressed otherwise
    assert len(tuned) <= len(best) * 1.02


def test_subset_is_small_and_carries_our_name_and_the_licence():
    woff2 = webfont.subset_woff2(webfont.page_characters(PAGE))
    font = _font(woff2)
    assert len(woff2) < 5_000  # 20 characters; hinting and layout tables would add several KB
    assert not set(font.keys()) & {"GSUB", "GPOS", "GDEF", "vmtx", "VORG", "DSIG"}
    names = font["name"]
    assert names.getDebugName(1) == webfont.WEB_FAMILY
    assert names.getDebugName(6) == "GWRNotoSansSC-Regular"
    assert "Open Font License" in names.getDebugName(13)
    assert font["CFF "].cff.fontNames == ["GWRNotoSansSC-Regular"]


def test_font_face_is_a_woff2_data_url_of_the_subset():
    woff2 = webfont.subset_woff2("中")
    css = webfont.font_face_css(woff2)
    assert f"font-family: '{webfont.WEB_FAMILY}'" in css
    (data,) = re.findall(r"url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\) format\('woff2'\)", css)
    assert base64.b64decode(data) == woff2


def test_notebook_css_puts_our_family_first_in_text_and_before_monospace_in_code():
    css = webfont.webfont_css(PAGE, "notebook")
    assert css.count("@font-face") == 1
    family = f"'{webfont.WEB_FAMILY}'"
    for variable in ("--jp-content-font-family", "--jp-ui-font-family"):
        assert re.search(rf"{variable}: {family}, ", css), variable
    (code,) = re.findall(r"--jp-code-font-family: ([^;]+);", css)
    stack = [f.strip() for f in code.split(",")]
    assert stack[-1] == "monospace" and stack[-2] == family  # Latin code stays monospace
    assert "'DejaVu Sans Mono'" in stack[:-2]


def test_index_css_sets_the_body_font():
    css = webfont.webfont_css(PAGE, "index")
    assert re.search(rf"body {{ font-family: '{webfont.WEB_FAMILY}', ", css)
    with pytest.raises(ValueError, match="page must be one of"):
        webfont.webfont_css(PAGE, "slides")


def test_embed_puts_one_style_at_the_end_of_head():
    page = webfont.embed_webfont(PAGE, "index")
    head, body = page.split("</head>")
    assert head.count("@font-face") == 1 and "@font-face" not in body
    assert head.rstrip().endswith("</style>")  # after the page's own style: its rules win
    before, after = PAGE.split("</head>")
    assert page.startswith(before) and page.endswith("</head>" + after)  # the rest untouched
    with pytest.raises(ValueError, match="no </head>"):
        webfont.embed_webfont("<p>中</p>")
