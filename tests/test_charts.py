"""Charts: built from compare tables, labelled in either language, saved reproducibly."""

import warnings

import pytest
from test_compare import figures  # noqa: F401  (the synthetic report fixture)

from helpers.charts import (
    counts_chart,
    implied_change_chart,
    level_rows,
    money_targets_chart,
    percent_rows,
    results_vs_targets_chart,
    save_figure,
)
from helpers.compare import results_vs_targets, target_profile
from helpers.style import source_line


@pytest.fixture
def rvt(figures):  # noqa: F811
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
    before = paths["png"].read_bytes()
    import helpers.charts as charts

    def broken(fig, fmt):
        if fmt == "svg":
            raise RuntimeError("disk full")
        return b"new"

    monkeypatch.setattr(charts, "figure_bytes", broken)
    with pytest.raises(RuntimeError):
        save_figure(fig, tmp_path, "rvt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rvt.pdf", "rvt.png", "rvt.svg"]
    assert paths["png"].read_bytes() == b"new"  # written before the failure, whole
    assert paths["svg"].read_bytes() != b"new"
    assert before != b"new"
