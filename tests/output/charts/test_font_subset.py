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
    assert font_subset.stats == {"misses": 1, "hits": 1}


def test_install_leaves_a_matplotlib_without_the_function_alone(matplotlib_subsetting, monkeypatch):
    monkeypatch.delattr(_backend_pdf_ps, "get_glyphs_subset")
    assert font_subset.install() is False
