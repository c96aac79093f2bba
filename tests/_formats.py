"""Builders that turn a report text into the other input formats, for the ingest tests.

The PDF needs a CJK font. The installed Noto Sans SC (package pylopdf-fonts-zh-cn) is a CFF-based
OTF: fpdf2 2.8 embeds it, but with a CMap encoding that pypdf then decodes one byte at a time, so
every glyph past the 255th comes back as the wrong character. So we subset the font to the text's
characters with fontTools and convert the outlines to TrueType (quadratic) glyphs; fpdf2 embeds a
TTF with Identity-H, which pypdf reads back exactly.
"""

from __future__ import annotations

import html
import io
from pathlib import Path


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def to_gbk(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("gbk")


def to_utf16(text: str) -> bytes:
    return text.encode("utf-16")  # with BOM, in the machine's byte order


def to_html(
    text: str, charset: str = "utf-8", encoding: str | None = None, declare: bool = True
) -> bytes:
    """A page as saved from a government site: a header, a nav bar, scripts, styles and a footer
    around the report, whose paragraphs are <p> elements wrapped at 40 characters in the source.
    `encoding` defaults to the declared charset; sites declaring gb2312 often really send GBK."""
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if declare
        else ""
    )
    body = []
    for para in paragraphs(text):
        wrapped = "\n    ".join(html.escape(para[i : i + 40]) for i in range(0, len(para), 40))
        body.append(f"<p style='text-indent:2em'>\n    {wrapped}\n</p>")
    page = f"""<!DOCTYPE html>
<html><head>{meta}<title>政府工作报告_政府信息公开</title>
<style>body {{ font-family: SimSun; }} .nav li {{ float: left; }}</style>
<script>var _hmt = _hmt || []; document.write("统计代码加载中，请稍候访问本网站首页");</script>
</head><body>
<header><div class="logo">人民政府门户网站</div></header>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/bsfw">办事服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div id="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 政府工作报告</div>
<nav><a href="/">网站地图</a> | <a href="/">联系我们</a> | <a href="/">无障碍浏览</a></nav>
<div class="article">
{chr(10).join(body)}
</div>
<footer><p>主办单位：人民政府办公厅　版权所有　备案号：京ICP备000000号</p></footer>
<script type="text/javascript">document.getElementById("x").innerHTML = "分享到微信朋友圈";</script>
</body></html>
"""
    return page.encode(encoding or charset)


def to_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for para in paragraphs(text):
        document.add_paragraph(para)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def cjk_ttf(text: str, dest: Path) -> Path:
    """Noto Sans SC cut down to the characters of `text` and converted to a TrueType font."""
    import pylopdf_fonts_zh_cn
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(pylopdf_fonts_zh_cn.sans_path()))
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + " 　")
    subsetter.subset(font)

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(dest))
    return dest


def to_pdf(text: str, font_path: Path, indent: bool = True) -> bytes:
    """A text-layer PDF set like print: justified paragraphs, first lines indented by two
    characters (a position, as in real PDFs, not space characters), no gaps between paragraphs."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("noto", "", str(font_path))
    pdf.set_font("noto", size=11)
    em = 11 * 25.4 / 72  # the font size in mm
    with pdf.text_columns(text_align="J", wrapmode="CHAR", line_height=1.4) as columns:
        for para in paragraphs(text):
            with columns.paragraph(first_line_indent=2 * em if indent else 0) as paragraph:
                paragraph.write(para)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """An image-only PDF, like a scanner's: a picture of lines, no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(image)
    for y in range(60, 760, 24):
        draw.rectangle((40, y, 560, y + 12), fill=30)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=190)
    return bytes(pdf.output())
