"""The PDF font subset, made once per set of glyphs in a process, and cut from a small font.

matplotlib embeds a TrueType/CFF subset of Noto Sans SC in every PDF (fonttype 42) and builds it
with fontTools from the 8 MB font each time: 0.15–0.3 s a subset, most of it reading the big
font's tables, whatever the number of glyphs kept. Two savings, neither changing a byte:

- Subsets are cached by (font file, face, glyph set): a chart at its two widths has the same
  labels. Subsetting is deterministic, so a cached subset is the bytes of a fresh one.
- A PDF often needs two subsets of one font (matplotlib 3.11 puts ligatures such as "fi" and
  alternate glyphs into a second one). Its font writer is wrapped to tell the cache the union of
  a font's glyphs in that PDF: the union is cut from the big font once, and each subset then
  from that small font (10–50 ms). fontTools keeps exactly the glyphs asked for and their
  closure, so a subset of the union's subset is the same bytes as the subset of the font
  (tests/output/charts/test_font_subset.py checks it on both fonts the charts use).

The cache wraps private matplotlib functions (`_backend_pdf_ps.get_glyphs_subset` and
`backend_pdf.PdfFile.writeFonts`, matplotlib 3.10–3.11, pinned in pyproject.toml); `install`
leaves matplotlib alone where they are missing, so a newer matplotlib only loses the speed."""

from __future__ import annotations

import io
import os
import threading
from collections import OrderedDict
from contextlib import contextmanager

MAX_SUBSETS = 256  # a subset is 10–100 KB: at most a few MB held

_cache: OrderedDict[tuple, tuple[bytes, dict]] = OrderedDict()
_original = None
_original_write_fonts = None
# The glyph unions of the PDF whose fonts this thread is writing (threads may save at once).
_writing = threading.local()
stats = {"hits": 0, "misses": 0, "from_union": 0}


def _font_id(fontfile) -> tuple:
    # A plain str: matplotlib 3.11's FontPath is a str whose hash is not the path's.
    return (str(os.fspath(getattr(fontfile, "path", fontfile))), getattr(fontfile, "face_index", 0))


def _key(fontfile, glyphs) -> tuple:
    return (*_font_id(fontfile), frozenset(glyphs))


class _FontBytes(io.BytesIO):
    """A subset font held in memory, given where matplotlib expects a font path (face 0)."""

    face_index = 0


def _made(fontfile, glyphs) -> tuple[bytes, dict]:
    """matplotlib's own subset of `fontfile`: its bytes and glyph index map."""
    with _original(fontfile, glyphs) as made:
        buf = io.BytesIO()
        made.font.save(buf, reorderTables=False)
        return buf.getvalue(), dict(made.glyph_index_map)


def _remember(key: tuple, subset: tuple[bytes, dict]) -> tuple[bytes, dict]:
    _cache[key] = subset
    while len(_cache) > MAX_SUBSETS:
        _cache.popitem(last=False)
    return subset


def _subset(fontfile, glyphs) -> tuple[bytes, dict]:
    key = _key(fontfile, glyphs)
    hit = _cache.get(key)
    if hit is not None:
        stats["hits"] += 1
        _cache.move_to_end(key)
        return hit
    union = getattr(_writing, "unions", {}).get(key[:2])
    if union is None or not key[2] < union:
        stats["misses"] += 1
        return _remember(key, _made(fontfile, glyphs))
    # Cut from the union's subset, where glyph g of the font is glyph union_map[g]. The map
    # returned covers every glyph kept (.notdef, closure), as matplotlib's does.
    union_data, union_map = _subset(fontfile, union)
    data, index_map = _made(_FontBytes(union_data), {union_map[g] for g in key[2]})
    stats["from_union"] += 1
    kept = {g: index_map[u] for g, u in union_map.items() if u in index_map}
    return _remember(key, (data, kept))


@contextmanager
def _cached_subset(fontfile, glyphs):
    from fontTools.ttLib import TTFont
    from matplotlib.backends._backend_pdf_ps import SubsetResults

    data, index_map = _subset(fontfile, glyphs)
    # A font object read back from the bytes (lazily: only the table directory is parsed), so
    # that every caller sees a real subset TTFont; saving it again gives the same bytes.
    with TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False) as font:  # as fontTools.subset loads
        yield SubsetResults(font, dict(index_map))


def glyph_unions(tracker) -> dict[tuple, frozenset]:
    """For each font a PDF uses in more than one subset, the union of their glyphs. Empty where
    the tracker is not matplotlib 3.11's (per font, a list of {code: glyph} maps)."""
    unions = {}
    for fontfile, charmaps in getattr(tracker, "used", {}).items():
        if isinstance(charmaps, list) and len(charmaps) > 1 and all(isinstance(m, dict) for m in charmaps):
            unions[_font_id(fontfile)] = frozenset(g for m in charmaps for g in m.values())
    return unions


def _write_fonts_knowing_unions(pdf_file):
    _writing.unions = glyph_unions(getattr(pdf_file, "_character_tracker", None))
    try:
        return _original_write_fonts(pdf_file)
    finally:
        _writing.unions = {}


def install() -> bool:
    """Route matplotlib's PDF/PS font subsetting through the cache (idempotent). False where this
    matplotlib has no such function to wrap."""
    global _original, _original_write_fonts
    try:
        from matplotlib.backends import _backend_pdf_ps, backend_pdf
    except ImportError:
        return False
    current = getattr(_backend_pdf_ps, "get_glyphs_subset", None)
    if current is None or not hasattr(_backend_pdf_ps, "SubsetResults"):
        return False
    if current is not _cached_subset:
        _original = current
        _backend_pdf_ps.get_glyphs_subset = _cached_subset
    write_fonts = getattr(backend_pdf.PdfFile, "writeFonts", None)
    if write_fonts is not None and write_fonts is not _write_fonts_knowing_unions:
        _original_write_fonts = write_fonts
        backend_pdf.PdfFile.writeFonts = _write_fonts_knowing_unions
    return True


def uninstall() -> None:
    """matplotlib's own subsetting again, and an empty cache (tests compare the two)."""
    global _original, _original_write_fonts
    from matplotlib.backends import _backend_pdf_ps, backend_pdf

    if _original is not None:
        _backend_pdf_ps.get_glyphs_subset = _original
        _original = None
    if _original_write_fonts is not None:
        backend_pdf.PdfFile.writeFonts = _original_write_fonts
        _original_write_fonts = None
    _cache.clear()
    stats.update(hits=0, misses=0, from_union=0)
