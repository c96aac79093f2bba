"""The look of every chart: palette, sizes for journal columns, bound markers, the source line.

One place, so a chart in a notebook, in reports/ and in a paper look the same."""

from __future__ import annotations

from helpers import PROJECT_NAME, __version__
from helpers.fonts import use_cjk_font

# Journal figure widths (inches): Elsevier/Springer single and double column.
SINGLE_COLUMN_IN = 3.5
DOUBLE_COLUMN_IN = 7.0
ROW_HEIGHT_IN = 0.32  # one indicator row in a dot or bar chart
MIN_HEIGHT_IN = 1.8

# Colour-blind safe (Okabe–Ito): results and targets must stay apart in greyscale too.
PALETTE = {
    "result": "#0072B2",  # blue
    "target": "#D55E00",  # vermilion
    "estimate": "#56B4E9",  # light blue: a result under 预计 / 初步统计
    "not_stated": "#999999",
    "bar": "#009E73",
    "bar_negative": "#CC79A7",
    "link": "#BBBBBB",
    "source": "#555555",
}

# How a target's bound is drawn: marker and the sign printed beside the number.
BOUND_MARKERS = {"min": "^", "max": "v", "approx": "o", "exact": "D", "range": "s"}
BOUND_SIGNS = {"min": "≥", "max": "≤", "approx": "≈", "exact": "=", "range": "∈"}

STYLE_RC = {
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "legend.fontsize": 7,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "svg.hashsalt": PROJECT_NAME,  # fixed ids inside the SVG: repeated saves are identical
    "path.simplify": True,
}

LANGS = ("en", "zh")

TEXT = {
    "en": {
        "result": "{year} result",
        "target": "{year} target",
        "estimate": "estimate (预计)",
        "not_stated": "result not stated in this report",
        "percent_axis": "Percent",
        "implied_change": "Implied change from {ry} result to {ty} target (%)",
        "count": "Number of targets",
        "money": "100 million yuan (亿元)",
        "source": "Source: {issuer}, {year}年政府工作报告 — figures extracted with {tool} {version}",
        "title_rvt": "{region}: {ry} results and {ty} targets",
        "title_implied": "{region}: change implied by {ty} targets",
        "title_by": "{region}: {ty} targets by {by}",
        "title_money": "{region}: largest money targets for {ty}",
    },
    "zh": {
        "result": "{year}年实绩",
        "target": "{year}年目标",
        "estimate": "预计数",
        "not_stated": "本报告未列出上年实绩",
        "percent_axis": "百分比",
        "implied_change": "{ty}年目标较{ry}年实绩的隐含变化（%）",
        "count": "目标个数",
        "money": "亿元",
        "source": "来源：{issuer}《{year}年政府工作报告》；数据由 {tool} {version} 提取",
        "title_rvt": "{region}：{ry}年实绩与{ty}年目标",
        "title_implied": "{region}：{ty}年目标隐含的变化",
        "title_by": "{region}：{ty}年目标（按{by}）",
        "title_money": "{region}：{ty}年金额最大的目标",
    },
}

BY_LABELS = {
    "en": {"section": "section", "bound": "bound", "measure": "measure", "unit": "unit"},
    "zh": {"section": "部分", "bound": "约束方式", "measure": "指标类型", "unit": "单位"},
}


def check_lang(lang: str) -> str:
    from helpers.errors import ParameterError

    if lang not in LANGS:
        raise ParameterError(f"lang must be 'en' or 'zh', not {lang!r}")
    return lang


def text(lang: str, key: str, **fields) -> str:
    return TEXT[check_lang(lang)][key].format(**fields)


def apply_style() -> None:
    """CJK font plus the chart rcParams. Idempotent; every chart function calls it."""
    import matplotlib

    use_cjk_font()
    matplotlib.rcParams.update(STYLE_RC)


def issuer_zh(region: str, region_zh: str) -> str:
    """Who delivers the report: the State Council for the national one, else the region's government."""
    if region in ("China", "National") or region_zh in ("中国", "全国", "中华人民共和国"):
        return "国务院"
    return f"{region_zh}人民政府" if region_zh else region


def source_line(region: str, region_zh: str, report_year: int, lang: str = "en") -> str:
    """The line printed under every chart, e.g. `Source: 内蒙古自治区人民政府, 2025年政府工作报告 —
    figures extracted with gwr-figures 0.1.0`."""
    return text(
        lang,
        "source",
        issuer=issuer_zh(region, region_zh),
        year=report_year,
        tool=PROJECT_NAME,
        version=__version__,
    )


def add_source_line(fig, line: str) -> None:
    """Write `line` under the axes, left-aligned, in small grey type."""
    fig.text(0.01, 0.005, line, ha="left", va="bottom", fontsize=6, color=PALETTE["source"])


def region_label(region: str, region_zh: str, lang: str) -> str:
    return (region_zh or region) if lang == "zh" else (region or region_zh)
