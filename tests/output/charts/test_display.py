"""What a notebook shows of a chart: the PNG that was saved, scaled to the screen, from one
drawing; a figure whose canvas is not ours is read back from its file instead."""

import io
from functools import partial

import numpy as np
import pytest
from _synthetic import synthetic_figures
from PIL import Image

from helpers.analysis.compare import results_vs_targets
from helpers.output.charts import display
from helpers.output.charts.display import DISPLAY_DPI, display_png, show_chart
from helpers.output.charts.report_charts import results_vs_targets_chart
from helpers.output.charts.save import chart_at_widths, figure_bytes, png_and_pixels


@pytest.fixture
def build():
    return partial(results_vs_targets_chart, results_vs_targets(synthetic_figures()), source="Source: test")


def _decoded(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as image:
        return np.array(image.convert("RGBA"))


def test_pixels_are_those_of_the_png_saved(build):
    fig = build(width=7.0)
    plain = figure_bytes(build(width=7.0), "png")  # a figure whose canvas was never touched
    data, pixels = png_and_pixels(fig)
    assert data == plain  # the file is unchanged by keeping its pixels
    assert np.array_equal(pixels, _decoded(data))


def test_a_figure_drawn_elsewhere_is_read_back_from_its_png(build, monkeypatch):
    # A figure on some other canvas (a GUI window's) keeps it; its pixels come from the file.
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    fig = build(width=3.5)
    FigureCanvasSVG(fig)
    data, pixels = png_and_pixels(fig)
    assert isinstance(fig.canvas, FigureCanvasSVG)
    assert np.array_equal(pixels, _decoded(data))


def test_the_chart_shown_is_the_saved_double_width_png_scaled_down(build, tmp_path):
    chart = show_chart("rvt", chart_at_widths(build), tmp_path)
    saved = (tmp_path / "rvt_double.png").read_bytes()
    assert chart.png == display_png(_decoded(saved))
    with Image.open(io.BytesIO(saved)) as big, Image.open(io.BytesIO(chart.png)) as shown:
        assert shown.size == (round(big.width * DISPLAY_DPI / 300), round(big.height * DISPLAY_DPI / 300))
        assert shown.mode == "RGB"  # the chart is opaque: no alpha channel to carry
    assert chart.files["single"]["pdf"] == tmp_path / "rvt_single.pdf"
    assert chart.figure.get_figwidth() == 7.0
    assert repr(chart).startswith("<Chart rvt: 7 × ") and "rvt_single.{pdf,svg,png}" in repr(chart)
    assert chart._repr_png_() is chart.png


def test_a_chart_not_saved_shows_the_same_chart_and_writes_nothing(build, tmp_path, monkeypatch):
    saved = show_chart("rvt", chart_at_widths(build), tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    only_shown = show_chart("rvt", chart_at_widths(build, widths=("double",)))
    assert only_shown.files == {} and sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    # Laid out at the PNG's drawing rather than at the PDF's: a few edge pixels differ.
    a, b = _decoded(saved.png).astype(int), _decoded(only_shown.png).astype(int)
    assert a.shape == b.shape and (np.abs(a - b).max(axis=2) > 0).mean() < 0.05
    assert only_shown.png == show_chart("rvt", chart_at_widths(build, widths=("double",))).png


def test_the_display_width_is_required(build):
    with pytest.raises(ValueError, match="double"):
        show_chart("rvt", chart_at_widths(build, widths=("single",)))


def test_transparent_pixels_keep_their_alpha():
    pixels = np.zeros((30, 30, 4), dtype=np.uint8)
    pixels[..., 0] = 200
    pixels[:15, :, 3] = 255
    with Image.open(io.BytesIO(display_png(pixels))) as image:
        assert image.mode == "RGBA" and image.size == (11, 11)
        # premultiplied resampling: no dark fringe where red meets transparent
        assert image.getpixel((5, 2)) == (200, 0, 0, 255)


def test_a_notebook_session_returns_the_chart(tmp_path):
    from helpers import notebook
    from helpers.notebook import charts, compare

    run = notebook.start_report(output_dir=str(tmp_path))
    chart = run.chart("rvt", charts.results_vs_targets_chart, compare.results_vs_targets(run.figures),
                      source=run.source)
    assert isinstance(chart, display.Chart)
    assert chart.png == display_png(_decoded((tmp_path / "figures" / "rvt_double.png").read_bytes()))
