"""Charts: built from compare tables, labelled in either language, saved reproducibly."""

import itertools
import warnings

import pytest
from _synthetic import synthetic_figures

from helpers.analysis.compare import results_vs_targets, target_profile
from helpers.metadata.report_meta import ReportMeta
from helpers.output.charts.report_charts import (
    counts_chart,
    implied_change_chart,
    level_rows,
    money_targets_chart,
    percent_rows,
    results_vs_targets_chart,
)
from helpers.output.charts.save import save_figure
from helpers.output.charts.style import source_line as _source_line


def source_line(region, region_zh, year, lang="en"):
    return _source_line(ReportMeta(region=region, region_zh=region_zh, report_year=year), lang)


@pytest.fixture
def figures():
    return synthetic_figures()


@pytest.fixture
def rvt(figures):
    return results_vs_targets(figures)


def _texts(fig):
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def test_source_line_names_issuer_year_and_tool():
    line = source_line("Inner Mongolia", "内蒙古自治区", 2025)
    assert line.startswith("Source: 内蒙古自治区人民政府, 2025年政府工作报告 — figures extracted with gwr-figures ")
    assert "国务院" in source_line("China", "中国", 2024, lang="zh")


def test_dumbbell_has_one_row_per_percent_indicator_and_marks_missing(rvt):
    rows = percent_rows(rvt)
    assert list(rows["indicator"]) == ["gdp", "cpi", "energy_intensity"]
    fig = results_vs_targets_chart(rvt, title_region="Testland", source="Source: test")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "energy_intensity (en)", "cpi (en)", "gdp (en)"]
    texts = _texts(fig)
    assert texts.count("result not stated in this report") == 2
    assert "≈6" in texts and "=-3" in texts  # bound sign; a decline drawn below zero
    assert "Source: test" in texts


def test_chinese_labels_use_indicator_zh_and_render_cleanly(rvt, tmp_path):
    fig = results_vs_targets_chart(rvt, lang="zh", title_region="测试省")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[-1] == "gdp_zh"
    assert "本报告未列出上年实绩" in _texts(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        save_figure(fig, tmp_path, "rvt_zh")


def test_bad_lang_is_a_parameter_error(rvt):
    from helpers.errors import ParameterError

    with pytest.raises(ParameterError, match="lang"):
        results_vs_targets_chart(rvt, lang="fr")


def test_implied_change_bars(rvt):
    rows = level_rows(rvt)
    assert list(rows["indicator"]) == ["jobs", "tourists"]
    fig = implied_change_chart(rvt)
    bars = fig.axes[0].patches
    heights = sorted(round(b.get_width(), 2) for b in bars)
    assert heights == [round((18 / 20.1 - 1) * 100, 2), round((3 / 2.73 - 1) * 100, 2)]


def test_profile_charts(figures):  # noqa: F811
    prof = target_profile(figures)
    fig = counts_chart(prof.by_bound, "bound", target_year=2025)
    assert [round(b.get_width()) for b in fig.axes[0].patches] == [1, 1, 2, 5]
    fig = money_targets_chart(prof.largest_money, lang="zh")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["investment_zh", "investment2_zh"]


def test_save_figure_writes_three_formats_byte_identical(rvt, tmp_path):
    fig = results_vs_targets_chart(rvt, source=source_line("Testland", "测试省", 2025))
    first = save_figure(fig, tmp_path / "a", "rvt")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["rvt.pdf", "rvt.png", "rvt.svg"]
    again = save_figure(results_vs_targets_chart(rvt, source=source_line("Testland", "测试省", 2025)),
                        tmp_path / "b", "rvt")
    for fmt in ("png", "svg", "pdf"):
        assert first[fmt].read_bytes() == again[fmt].read_bytes(), fmt
    assert first["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"CreationDate" not in first["pdf"].read_bytes()
    from PIL import Image

    with Image.open(first["png"]) as im:
        assert im.info["dpi"][0] == pytest.approx(300, abs=1)
        assert im.size[0] == pytest.approx(7 * 300, abs=2)  # double column width


def test_save_figure_failure_leaves_earlier_files(rvt, tmp_path, monkeypatch):
    fig = results_vs_targets_chart(rvt)
    paths = save_figure(fig, tmp_path, "rvt")
    before = paths["pdf"].read_bytes()
    import helpers.output.charts.save as charts

    def broken(fig, fmt):
        if fmt == "svg":
            raise RuntimeError("disk full")
        return b"new"

    monkeypatch.setattr(charts, "figure_bytes", broken)
    with pytest.raises(RuntimeError):
        save_figure(fig, tmp_path, "rvt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rvt.pdf", "rvt.png", "rvt.svg"]
    assert paths["pdf"].read_bytes() == b"new"  # written before the failure, whole
    assert paths["svg"].read_bytes() != b"new" and paths["png"].read_bytes() != b"new"
    assert before != b"new"


# --- journal widths ---------------------------------------------------------------------------

def test_fit_text_wraps_latin_at_spaces_chinese_anywhere_and_cuts_with_ellipsis():
    from helpers.output.charts.style import fit_text, text_width_pt

    latin = fit_text("Value added of industry above designated size", 90, 7.5)
    assert latin.split("\n") == ["Value added of industry", "above designated size"]
    chinese = fit_text("(五)努力把农牧业打造成现代化大产业", 90, 7.5)
    assert chinese.replace("\n", "") == "(五)努力把农牧业打造成现代化大产业"
    lines = chinese.split("\n")
    assert len(lines) == 2 and abs(len(lines[0]) - len(lines[1])) <= 2  # balanced, no widow
    long = fit_text("an indicator name far too long to fit on two short lines of a chart", 60, 7.5)
    assert long.count("\n") == 1 and long.endswith("…")
    assert fit_text("short", 60, 7.5) == "short"
    for text in (latin, chinese, long):
        assert all(text_width_pt(line, 7.5) <= 90 for line in text.split("\n"))


def test_source_line_wraps_at_single_column_and_not_at_double():
    from helpers.output.charts.style import SOURCE_FONT_PT, fit_source_line, text_width_pt

    line = source_line("Inner Mongolia", "内蒙古自治区", 2025)
    single = fit_source_line(line, 3.5 * 72 - 6)
    assert single.split("\n")[0] == "Source: 内蒙古自治区人民政府, 2025年政府工作报告"
    assert single.replace("\n", " ") == line
    assert all(text_width_pt(x, SOURCE_FONT_PT) <= 3.5 * 72 - 6 for x in single.split("\n"))
    assert fit_source_line(line, 7 * 72 - 6) == line


def test_chart_width_is_checked():
    from helpers.errors import ParameterError
    from helpers.output.charts.style import chart_layout

    assert chart_layout(3.5).narrow and not chart_layout(7).narrow
    with pytest.raises(ParameterError, match="width"):
        chart_layout(35)


def _draw(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _visible_texts(fig):
    """The texts a reader sees: tick labels only of ticks inside the view (matplotlib keeps
    label objects for ticks beyond the limits, and does not draw them)."""
    from matplotlib.text import Text

    tick_labels, drawn = set(), []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                tick_labels |= {id(tick.label1), id(tick.label2)}
            drawn += [tick.label1 for tick in axis._update_ticks()
                      if tick.label1.get_visible() and tick.label1.get_text()]
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
            and id(t) not in tick_labels] + drawn


def _seed_charts(seed_figures, lang, width):
    from helpers.analysis.compare import target_profile

    rvt = results_vs_targets(seed_figures)
    prof = target_profile(seed_figures)
    kw = {"lang": lang, "title_region": "Inner Mongolia Autonomous Region", "width": width,
          "source": source_line("Inner Mongolia", "内蒙古自治区", 2025, lang)}
    return {
        "results_vs_targets": results_vs_targets_chart(rvt, **kw),
        "implied_change": implied_change_chart(rvt, **kw),
        "targets_by_section": counts_chart(prof.by_section, "section", target_year=2025, **kw),
        "largest_money_targets": money_targets_chart(prof.largest_money, target_year=2025, **kw),
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [3.5, 7.0])
def test_seed_charts_keep_every_label_inside_and_clear_of_each_other(seed_figures, lang, width):
    """What a reader would see as ugly: text cut at the figure's edge, tick labels running
    into each other, the title or source line over the plot."""
    for name, fig in _seed_charts(seed_figures, lang, width).items():
        assert fig.get_figwidth() == width
        renderer = _draw(fig)
        page = fig.bbox
        texts = _visible_texts(fig)
        for t in texts:
            box = t.get_window_extent(renderer)
            assert (box.x0 >= page.x0 - 1 and box.x1 <= page.x1 + 1 and box.y0 >= page.y0 - 1
                    and box.y1 <= page.y1 + 1), f"{name}: {t.get_text()!r} leaves the figure"
        framed = [t for t in (fig._suptitle, fig.texts[0]) if t is not None]  # title, source line
        others = [a.get_tightbbox(renderer) for a in fig.axes] + [
            leg.get_window_extent(renderer) for leg in fig.legends]
        for t in framed:
            box = t.get_window_extent(renderer)
            for other in others:
                assert not box.overlaps(other), f"{name}: {t.get_text()!r} overlaps the plot"
        for ax in fig.axes:
            boxes = sorted((lb.get_window_extent(renderer) for lb in ax.get_yticklabels()
                            if lb.get_text()), key=lambda b: b.y0)
            for below, above in itertools.pairwise(boxes):
                assert below.y1 <= above.y0 + 0.5, f"{name}: y labels overlap"


def test_single_column_wraps_long_labels_and_moves_the_legend(seed_figures):
    from helpers.output.charts.style import chart_layout, text_width_pt

    single = _seed_charts(seed_figures, "en", 3.5)["results_vs_targets"]
    labels = [t.get_text() for t in single.axes[0].get_yticklabels()]
    assert "Value added of industry\nabove designated size" in labels
    limit = chart_layout(3.5).label_pt
    assert all(text_width_pt(line, 7.5) <= limit for x in labels for line in x.split("\n"))
    assert single.legends == [] and single.axes[0].get_legend() is not None  # above the plot
    assert "no result stated" in _texts(single)
    double = _seed_charts(seed_figures, "en", 7.0)["results_vs_targets"]
    assert "Value added of industry above designated size" in [
        t.get_text() for t in double.axes[0].get_yticklabels()]
    assert len(double.legends) == 1  # beside the plot


def test_save_chart_writes_both_widths(rvt, tmp_path):
    from functools import partial

    from PIL import Image

    from helpers.output.charts.save import chart_at_widths, save_chart

    figs = chart_at_widths(partial(results_vs_targets_chart, source="Source: test"), rvt)
    paths = save_chart(figs, tmp_path, "rvt")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"rvt_{w}.{f}" for w in ("single", "double") for f in ("pdf", "svg", "png"))
    for width, pixels in (("single", 1050), ("double", 2100)):
        with Image.open(paths[width]["png"]) as im:
            assert im.size[0] == pytest.approx(pixels, abs=2)


def test_svg_clip_ids_are_numbered_not_hashed():
    # Hash-based ids depend on object addresses for path clips; numbered ones cannot drift.
    from helpers.output.charts.save import renumber_svg_ids as _renumber_svg_ids

    svg = (b'<clipPath id="p0123456789"><rect/></clipPath><g clip-path="url(#p0123456789)"/>'
           b'<clipPath id="pabcdefabcd"><path/></clipPath><g clip-path="url(#pabcdefabcd)"/>')
    assert _renumber_svg_ids(svg) == (b'<clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"/>'
                                      b'<clipPath id="clip2"><path/></clipPath><g clip-path="url(#clip2)"/>')


def test_save_figure_lays_out_once_for_all_formats_and_keeps_the_engine(rvt, tmp_path, monkeypatch):
    fig = results_vs_targets_chart(rvt, source=source_line("Testland", "测试省", 2025))
    engine = fig.get_layout_engine()
    calls = []
    original = type(engine).execute
    monkeypatch.setattr(type(engine), "execute", lambda self, f: (calls.append(f), original(self, f))[1])
    save_figure(fig, tmp_path, "rvt")
    assert len(calls) == 1  # the first format's draw; the other two reuse its layout
    assert fig.get_layout_engine() is engine  # later changes to the figure are laid out again


def test_svg_numbers_on_a_rounding_tie_print_alike():
    """A position whose last bit varies between builds must not change the printed number."""
    from helpers.output.charts.save import _short_float_rounded_first

    below, above = 37.524832499999996, 37.52483250000001  # 37.5248325 ± its last bits
    assert f"{below:f}" != f"{above:f}"  # what matplotlib's own formatter prints
    assert _short_float_rounded_first(below) == _short_float_rounded_first(above)
    for x in (0.0, 1.0, 0.5, 295.431505, -12.25, 1e-7, 612.0):
        assert _short_float_rounded_first(x) == f"{x:f}".rstrip("0").rstrip(".")


def test_seed_svgs_are_the_same_bytes_however_memory_lies(seed_figures):
    """The seed's dumbbell chart gave three different SVGs in twelve builds of one process (a
    "result not stated" note's y on a tie of %f): built after allocations of different sizes,
    it now always gives the same bytes."""
    from helpers.output.charts.save import figure_bytes

    rvt = results_vs_targets(seed_figures)
    kw = {"lang": "en", "title_region": "Inner Mongolia Autonomous Region", "width": 7.0,
          "source": source_line("Inner Mongolia", "内蒙古自治区", 2025, "en")}
    held, svgs = [], set()
    for k in range(12):
        held.append([object() for _ in range(97 * k * k + 1)])  # move where later arrays lie
        svgs.add(figure_bytes(results_vs_targets_chart(rvt, **kw), "svg"))
    assert len(svgs) == 1
