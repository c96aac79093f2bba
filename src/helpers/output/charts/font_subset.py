"""The PDF font subset, made once per set of glyphs in a process.

matplotlib embeds a TrueType/CFF subset of Noto Sans SC in every PDF (fonttype 42) and builds it
with fontTools from the 8 MB font each time: 0.13–0.3 s a PDF, most of a chart's save. Charts of
one run share their glyph sets (a chart at its two widths has the same labels; the same axis words
recur), so the subset's bytes are cached here by (font file, face, glyph set). Subsetting is
deterministic, so a cached subset is the same bytes as a fresh one: PDFs stay byte-identical
(tests/output/charts/test_font_subset.py checks it).

The cache wraps one private matplotlib function (`_backend_pdf_ps.get_glyphs_subset`, matplotlib
3.10–3.11, pinned in pyproject.toml); `install` leaves matplotlib alone where that function is
missing, so a newer matplotlib only loses the speed."""

from __future__ import annotations

import io
from collections import OrderedDict
from contextlib import contextmanager

MAX_SUBSETS = 256  # a subset is 10–100 KB: at most a few MB held

_cache: OrderedDict[tuple, tuple[bytes, dict]] = OrderedDict()
_original = None
stats = {"hits": 0, "misses": 0}


def _key(fontfile, glyphs) -> tuple:
    import os

    return (os.fspath(fontfile), getattr(fontfile, "face_index", 0), frozenset(glyphs))


@contextmanager
def _cached_subset(fontfile, glyphs):
    from fontTools.ttLib import TTFont
    from matplotlib.backends._backend_pdf_ps import SubsetResults

    key = _key(fontfile, glyphs)
    hit = _cache.get(key)
    if hit is None:
        stats["misses"] += 1
        with _original(fontfile, glyphs) as made:
            buf = io.BytesIO()
            made.font.save(buf, reorderTables=False)
            hit = (buf.getvalue(), dict(made.glyph_index_map))
        _cache[key] = hit
        while len(_cache) > MAX_SUBSETS:
            _cache.popitem(last=False)
    else:
        stats["hits"] += 1
        _cache.move_to_end(key)
    data, index_map = hit
    # A font object read back from the bytes (lazily: only the table directory is parsed), so
    # that every caller sees a real subset TTFont; saving it again gives the same bytes.
    with TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False) as font:  # as fontTools.subset loads
        yield SubsetResults(font, dict(index_map))


def install() -> bool:
    """Route matplotlib's PDF/PS font subsetting through the cache (idempotent). False where this
    matplotlib has no such function to wrap."""
    global _original
    try:
        from matplotlib.backends import _backend_pdf_ps
    except ImportError:
        return False
    current = getattr(_backend_pdf_ps, "get_glyphs_subset", None)
    if current is None or not hasattr(_backend_pdf_ps, "SubsetResults"):
        return False
    if current is not _cached_subset:
        _original = current
        _backend_pdf_ps.get_glyphs_subset = _cached_subset
    return True


def uninstall() -> None:
    """matplotlib's own subsetting again, and an empty cache (tests compare the two)."""
    global _original
    from matplotlib.backends import _backend_pdf_ps

    if _original is not None:
        _backend_pdf_ps.get_glyphs_subset = _original
        _original = None
    _cache.clear()
    stats.update(hits=0, misses=0)
