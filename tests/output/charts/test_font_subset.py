"""The PDF font subset cache: the same PDF bytes as matplotlib's own subsetting, made once per
glyph set, and every other use of the subsetting (PostScript) left working."""

import pytest
from _synthetic import synthetic_figures
from matplotlib import font_manager
from matplotlib.backends import _backend_pdf_ps

from helpers.analysis.compare import results_vs_targets
from helpers.metadata.report_meta import ReportMeta
from helpers.output.charts import font_subset
from helpers.output.charts.fonts import cjk_font_path
from helpers.output.charts.report_charts import results_vs_targets_chart
from helpers.output.charts.save import figure_bytes
from helpers.output.charts.style import source_line


def _chart(lang):
    source = source_line(ReportMeta(region="Testland", region_zh="测试省", report_year=2025), lang)
    return results_vs_targets_chart(results_vs_targets(synthetic_figures()), lang=lang, source=source)


@pytest.fixture
def matplotlib_subsetting():
    """matplotlib's own subsetting for the test, the cache put back afterwards."""
    font_subset.uninstall()
    yield
    font_subset.uninstall()
    font_subset.install()


def _subsets_made():
    return font_subset.stats["misses"]


def test_cached_pdfs_are_the_bytes_matplotlib_writes(matplotlib_subsetting):
    charts = {lang: _chart(lang) for lang in ("zh", "en")}
    plain = {lang: figure_bytes(fig, "pdf") for lang, fig in charts.items()}
    assert font_subset.install()
    first = {lang: figure_bytes(fig, "pdf") for lang, fig in charts.items()}  # made, then kept
    made = _subsets_made()
    again = {lang: figure_bytes(fig, "pdf") for lang, fig in charts.items()}  # from the cache
    assert first == plain and again == plain
    assert made >= 2 and _subsets_made() == made  # one per font and glyph set; none made again
    assert font_subset.stats["hits"] >= made


def test_the_cache_is_bounded(matplotlib_subsetting, monkeypatch):
    monkeypatch.setattr(font_subset, "MAX_SUBSETS", 1)
    font_subset.install()
    fig = _chart("zh")
    figure_bytes(fig, "pdf")
    assert len(font_subset._cache) == 1
    made = _subsets_made()
    figure_bytes(fig, "pdf")  # its fonts push each other out: made again
    assert _subsets_made() > made


def test_callers_get_a_real_subset_font(matplotlib_subsetting):
    # PostScript reads the subset font's tables, not only its bytes: a hit yields a TTFont
    # with the same tables and glyph map as matplotlib's own subset.
    if not hasattr(font_manager, "FontPath"):
        pytest.skip("matplotlib < 3.11 passes the font file as a plain path and characters, not glyphs")
    path = font_manager.FontPath(str(cjk_font_path()), 0)
    glyphs = {10, 20, 30, 500}
    with _backend_pdf_ps.get_glyphs_subset(path, glyphs) as plain:
        expected = (plain.font.getGlyphOrder(), sorted(plain.font.keys()), dict(plain.glyph_index_map))
    font_subset.install()
    for _ in range(2):
        with _backend_pdf_ps.get_glyphs_subset(path, glyphs) as cached:
            assert (cached.font.getGlyphOrder(), sorted(cached.font.keys()), dict(cached.glyph_index_map)) == expected
    assert font_subset.stats == {"misses": 1, "hits": 1, "from_union": 0}


def test_install_leaves_a_matplotlib_without_the_function_alone(matplotlib_subsetting, monkeypatch):
    monkeypatch.delattr(_backend_pdf_ps, "get_glyphs_subset")
    assert font_subset.install() is False


def _figure_with_ligatures():
    # Noto Sans SC sets "fi" and "fl" as ligatures: matplotlib 3.11 puts those glyphs into a
    # second subset of the font, so the PDF needs two subsets of it.
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 1))
    fig.text(0.05, 0.5, "office fiscal flow 2025 增长 6% 左右", fontfamily="Noto Sans SC")
    return fig


def test_two_subsets_of_one_font_are_cut_from_their_union_and_stay_the_same_bytes(matplotlib_subsetting):
    if not hasattr(font_manager, "FontPath"):
        pytest.skip("matplotlib < 3.11 makes one subset a font")
    plain = figure_bytes(_figure_with_ligatures(), "pdf")
    font_subset.install()
    assert figure_bytes(_figure_with_ligatures(), "pdf") == plain
    # the union cut from the big font (a miss), the two subsets from it
    assert font_subset.stats["from_union"] == 2 and font_subset.stats["misses"] == 1


@pytest.mark.parametrize("font", ["noto", "dejavu"])
def test_a_subset_of_a_subset_is_the_subset_of_the_font(matplotlib_subsetting, font):
    """What the union path relies on, on a CFF font (Noto) and a TrueType one (DejaVu): glyph
    sets of several sizes, with glyphs that no character maps to (ligatures, alternates)."""
    if not hasattr(font_manager, "FontPath"):
        pytest.skip("matplotlib < 3.11 subsets by characters, not glyphs")
    import random

    from matplotlib.ft2font import FT2Font

    path = str(cjk_font_path() if font == "noto" else font_manager.findfont("DejaVu Sans", fallback_to_default=False))
    fontfile = font_manager.FontPath(path, 0)
    n_glyphs = FT2Font(path).num_glyphs
    rng = random.Random(7)
    font_subset.install()
    for size in (3, 40, 150):
        union = frozenset(rng.sample(range(1, n_glyphs), size * 2))
        glyphs = frozenset(rng.sample(sorted(union), size))
        with font_subset._original(fontfile, glyphs) as direct:
            expected = (_font_bytes(direct.font), dict(direct.glyph_index_map))
        font_subset._cache.clear()
        font_subset._writing.unions = {(path, 0): union}
        try:
            assert font_subset._subset(fontfile, glyphs) == expected
        finally:
            font_subset._writing.unions = {}
    assert font_subset.stats["from_union"] == 3


def _font_bytes(font) -> bytes:
    import io

    buf = io.BytesIO()
    font.save(buf, reorderTables=False)
    return buf.getvalue()
