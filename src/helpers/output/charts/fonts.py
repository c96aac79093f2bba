"""A CJK font for matplotlib, from a Python package: no system fonts, no downloads.

matplotlib ships no Chinese glyphs (it warns `Glyph … missing from font(s) DejaVu Sans` and draws
boxes). Noto Sans SC (SIL OFL) comes with the PyPI package `pylopdf-fonts-zh-cn`; it also covers
Latin, digits and the signs ≥ ≤ ≈, so one font draws every label in either language.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from helpers.errors import GwrError

CJK_FAMILY = "Noto Sans SC"

# Settings that make text render and embed the same way on every machine.
FONT_RC = {
    "font.family": "sans-serif",
    # Noto first: matplotlib's per-glyph fallback does not reach a second family in every path.
    "font.sans-serif": [CJK_FAMILY, "DejaVu Sans"],
    # Noto has U+2212, but a hyphen-minus keeps numbers copyable from the SVG/PDF as typed.
    "axes.unicode_minus": False,
    "pdf.fonttype": 42,  # embed TrueType/CID outlines (editable text), not Type 3 bitmaps
    "ps.fonttype": 42,
    "svg.fonttype": "path",  # glyphs as paths: the SVG renders without the font installed
}

_registered: Path | None = None


@lru_cache(maxsize=1)  # asked for by every text measurement of a chart; a failure is not cached
def cjk_font_path() -> Path:
    """The Noto Sans SC file inside the installed `pylopdf-fonts-zh-cn` package."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        raise GwrError(
            "the package pylopdf-fonts-zh-cn is not installed (pip install 'pylopdf-fonts-zh-cn>=0.1.1')"
        ) from None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    if not path.is_file():
        raise GwrError(f"{path}: font file missing from pylopdf-fonts-zh-cn; reinstall the package")
    return path


def use_cjk_font() -> str:
    """Register Noto Sans SC with matplotlib and make it the default font. Idempotent.

    Returns the family name. Safe to call from every chart function."""
    global _registered
    import matplotlib
    from matplotlib import font_manager

    path = cjk_font_path()
    if _registered != path:
        # addfont parses the 8 MB file (~0.5 s): do it once per process.
        font_manager.fontManager.addfont(str(path))
        _registered = path
        from helpers.output.charts import font_subset

        font_subset.install()  # each PDF's font subset made once per glyph set, not per save
    matplotlib.rcParams.update(FONT_RC)
    return CJK_FAMILY
