"""The CJK font: Chinese labels render with no missing-glyph warning, and fonts embed."""

import io
import warnings

import pytest

from helpers.output.charts.fonts import CJK_FAMILY, cjk_font_path, use_cjk_font


def test_font_comes_from_the_package_not_the_system():
    path = cjk_font_path()
    assert "pylopdf_fonts_zh_cn" in str(path)
    assert path.suffix == ".otf" and path.stat().st_size > 1_000_000


def test_use_cjk_font_is_idempotent_and_sets_rcparams():
    import matplotlib
    from matplotlib import font_manager

    assert use_cjk_font() == CJK_FAMILY
    n_fonts = len(font_manager.fontManager.ttflist)
    use_cjk_font()
    assert len(font_manager.fontManager.ttflist) == n_fonts  # registered once
    assert matplotlib.rcParams["font.sans-serif"][0] == CJK_FAMILY
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert matplotlib.rcParams["pdf.fonttype"] == 42


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_chinese_labels_render_without_missing_glyphs(fmt):
    from matplotlib.figure import Figure

    use_cjk_font()
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [-1, 2])
    ax.set_title("城镇新增就业 18万人以上 (urban jobs, ≥ 180,000)")
    ax.set_xlabel("地区生产总值增长 ≈ 6%")
    ax.set_yticks([-1, 2], ["−1", "２"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" becomes a failure
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt)
    if fmt == "pdf":
        data = buf.getvalue()
        assert b"NotoSansSC" in data  # the font is embedded, as a TrueType/CID font (fonttype 42)
        assert b"/Subtype /Type3" not in data


def test_without_the_cjk_font_the_same_label_warns():
    # Guards the test above: proves the warning would fire if the font were not used.
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
        fig = Figure()
        fig.add_subplot().set_title("城镇新增就业")
        with pytest.warns(UserWarning, match="missing from font"):
            fig.savefig(io.BytesIO(), format="png")
