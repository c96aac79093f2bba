"""A web font inside the page: Noto Sans SC cut down to the characters one page shows.

Without it a page relies on the viewer's fonts, and on a machine with no CJK font every Chinese
character is a box (or whatever CJK face the system happens to have). The font is the one the
charts use (pylopdf-fonts-zh-cn, SIL OFL). The whole file is 8.3 MB; a page's subset (every
character it shows, Latin included: 200–300 on a seed notebook page) is 25–36 KB of woff2, 35–49
KB once base64-encoded into a data: URL, so the page stays one offline file.
"""

from __future__ import annotations

import base64
import io
import threading
import unicodedata
from contextlib import contextmanager
from html.parser import HTMLParser

from helpers.output.charts.fonts import cjk_font_path

# Our own name, so the page's CSS can never pick up some installed "Noto Sans SC" in its place,
# and a browser test can tell the embedded font from a system one.
WEB_FAMILY = "GWR Noto Sans SC"

# The fallbacks of nbconvert's JupyterLab theme, kept after ours for what Noto lacks (emoji).
_SANS = ("system-ui, -apple-system, blinkmacsystemfont, 'Segoe UI', helvetica, arial, sans-serif, "
         "'Apple Color Emoji', 'Segoe UI Emoji', 'Segoe UI Symbol'")
# Code stays monospace for Latin: ours comes after the monospace faces (none has CJK glyphs) and
# before the generic family, which could map to a proportional CJK face of the system.
_MONO = f"menlo, consolas, 'DejaVu Sans Mono', '{WEB_FAMILY}', monospace"

# Which CSS makes each kind of page use the font. Notebook pages: nbconvert's lab template reads
# every font from these variables on :root; a later :root rule overrides them.
USAGE_CSS = {
    "notebook": (f":root {{ --jp-content-font-family: '{WEB_FAMILY}', {_SANS};\n"
                 f"        --jp-ui-font-family: '{WEB_FAMILY}', {_SANS};\n"
                 f"        --jp-code-font-family: {_MONO}; }}"),
    "index": (f"body {{ font-family: '{WEB_FAMILY}', {_SANS}; }}\n"
              f"code, pre {{ font-family: {_MONO}; }}"),
}

# Attributes whose text the browser draws (alt text of a missing image) or shows (tooltips).
_SHOWN_ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label", "label"})
_HIDDEN_ELEMENTS = frozenset({"script", "style", "template"})

# Tables the page never uses: layout (GSUB/GPOS/GDEF/BASE: ligatures, kerning, locale forms —
# horizontal Chinese and plain Latin need none of them) and vertical writing metrics. They are
# deleted before subsetting, which also spares parsing 5 MB of layout tables (0.5 s a page).
_DROPPED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "DSIG")
# Names kept: family/style/version (1–6) and, as the OFL asks, copyright (0) and licence (13, 14).
_NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)  # &amp; &#27700; … arrive decoded
        self.chars: set[str] = set()
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN_ELEMENTS:
            self._hidden += 1
        for name, value in attrs:
            if name in _SHOWN_ATTRIBUTES and value and not value.lstrip().startswith("data:"):
                self.chars.update(value)

    def handle_endtag(self, tag):
        if tag in _HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.chars.update(data)


def page_characters(html: str) -> str:
    """Every character the page can show, sorted: text (headings, tables, <pre> outputs, the
    <title>) and shown attributes (alt, title). Script and style contents and data: URLs are not
    text; control characters (newlines, tabs) draw no glyph."""
    parser = _TextCollector()
    parser.feed(html)
    parser.close()
    return "".join(sorted(c for c in parser.chars if unicodedata.category(c) != "Cc"))


def subset_woff2(chars: str) -> bytes:
    """Noto Sans SC holding only these characters (those it has), as woff2. The same characters
    give the same bytes: timestamps are kept from the source file, not set to now."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False  # screens at web sizes rasterise CFF outlines well unhinted
    options.desubroutinize = True  # woff2's brotli compresses plain charstrings better (−6%)
    options.layout_features = []
    options.bidi_closure = False  # ≥ would pull in ≤, ( in ): mirroring is for right-to-left text
    options.drop_tables = [*options.drop_tables, *_DROPPED_TABLES]
    options.name_IDs = list(_NAME_IDS)
    font = TTFont(cjk_font_path(), recalcTimestamp=False)
    for tag in _DROPPED_TABLES:
        if tag in font:
            del font[tag]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(c) for c in chars}))
    subsetter.subset(font)
    _rename(font)
    font.flavor = "woff2"
    buffer = io.BytesIO()
    with _brotli_quality(BROTLI_QUALITY):
        font.save(buffer)
    return buffer.getvalue()


# fontTools compresses woff2 at brotli's highest quality (11); 10 gives a font 0.1–0.5% larger
# in a third less time (0.06 s a page, and the last pages of a run render after its last
# notebook, so on its critical path).
BROTLI_QUALITY = 10
_brotli_lock = threading.Lock()


class _BrotliAt:
    """The brotli module as fontTools' woff2 writer calls it, compressing at one quality."""

    def __init__(self, brotli, quality: int):
        self._brotli, self._quality = brotli, quality

    def __getattr__(self, name):
        return getattr(self._brotli, name)  # MODE_FONT, decompress …

    def compress(self, data, **kwargs):
        return self._brotli.compress(data, **{**kwargs, "quality": self._quality})


@contextmanager
def _brotli_quality(quality: int):
    """fontTools' woff2 module compressing at `quality` for the block, one thread at a time;
    left alone where a fontTools release no longer calls a module-level `brotli`."""
    from fontTools.ttLib import woff2

    with _brotli_lock:
        real = getattr(woff2, "brotli", None)
        if real is None:
            yield
            return
        woff2.brotli = _BrotliAt(real, quality)
        try:
            yield
        finally:
            woff2.brotli = real


def _rename(font) -> None:
    """Give the subset our family name inside the font too: it is a modified Noto (the OFL asks
    modified versions not to pass for the original), and browsers report fonts by these names."""
    names = font["name"]
    old_postscript = names.getDebugName(6)  # NotoSansSC-Regular
    new_postscript = WEB_FAMILY.replace(" ", "") + "-Regular"
    for record in names.names:
        if record.nameID in (1, 4):  # family and full name (the style is Regular)
            record.string = WEB_FAMILY
        elif record.nameID in (3, 6):  # unique id, PostScript name
            record.string = record.toUnicode().replace(old_postscript, new_postscript)
    cff = font["CFF "].cff
    cff.fontNames = [new_postscript]
    cff.topDictIndex[0].FamilyName = cff.topDictIndex[0].FullName = WEB_FAMILY


def font_face_css(woff2: bytes) -> str:
    data = base64.b64encode(woff2).decode("ascii")
    # font-display: block — the font is in the page, so there is no swap to wait for.
    return (f"@font-face {{ font-family: '{WEB_FAMILY}'; font-style: normal; font-weight: 400;\n"
            f"  font-display: block;\n  src: url(data:font/woff2;base64,{data}) format('woff2'); }}")


def webfont_css(html: str, page: str = "notebook") -> str:
    """The @font-face rule of this page's subset and the CSS that makes the `page` kind
    ("notebook" or "index") use it."""
    if page not in USAGE_CSS:
        raise ValueError(f"page must be one of {sorted(USAGE_CSS)}, got {page!r}")
    return font_face_css(subset_woff2(page_characters(html))) + "\n" + USAGE_CSS[page]


def embed_webfont(html: str, page: str = "notebook") -> str:
    """The page with its font: one <style> at the end of <head>, after every other stylesheet
    so that its rules win."""
    head_end = html.find("</head>")
    if head_end < 0:
        raise ValueError("the page has no </head> to put its font in")
    style = f'<style type="text/css">\n{webfont_css(html, page)}\n</style>\n'
    return html[:head_end] + style + html[head_end:]
