"""The look of every chart: palette, sizes for journal columns, bound markers, the source line.

One place, so a chart in a notebook, in reports/ and in a paper look the same. Charts are laid
out for the width they are printed at (a single or a double journal column), never shrunk: type
sizes stay the same in points, and what does not fit (long labels, the source line) is wrapped
or cut with … by measuring the text in the chart's own font."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from helpers import PROJECT_NAME, __version__
from helpers.errors import ParameterError
from helpers.metadata.report_meta import ReportMeta
from helpers.output.charts.fonts import use_cjk_font
from helpers.rules.labels import LANGS, labels

TEXT = labels("report_charts")
BY_LABELS = labels("by")

# Journal figure widths (inches): Elsevier/Springer single and double column.
SINGLE_COLUMN_IN = 3.5
DOUBLE_COLUMN_IN = 7.0
# Every chart is exported at both; file names end in _single / _double.
COLUMN_WIDTHS = {"single": SINGLE_COLUMN_IN, "double": DOUBLE_COLUMN_IN}
ROW_HEIGHT_IN = 0.32  # one indicator row in a dot or bar chart
MIN_HEIGHT_IN = 1.8
POINTS_PER_IN = 72

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

def check_lang(lang: str, name: str = "lang") -> str:
    """`lang` when labels exist in it, else a ParameterError naming the caller's parameter."""
    if lang not in LANGS:
        raise ParameterError(f"{name} must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def text(lang: str, key: str, **fields) -> str:
    return TEXT[check_lang(lang)][key].format(**fields)


def apply_style() -> None:
    """CJK font plus the chart rcParams. Idempotent; every chart function calls it."""
    import matplotlib

    use_cjk_font()
    matplotlib.rcParams.update(STYLE_RC)


def source_line(meta: ReportMeta, lang: str = "en") -> str:
    """The line printed under every chart, e.g. `Source: 内蒙古自治区人民政府, 2025年政府工作报告 —
    figures extracted with gwr-figures 0.1.0` (the issuer as the report's metadata names it)."""
    return text(lang, "source", issuer=meta.issuer_zh, year=meta.report_year, tool=PROJECT_NAME,
                version=__version__)


SOURCE_FONT_PT = 6
TITLE_FONT_PT = 9
ANNOTATION_FONT_PT = 6.5
LINE_SPACING = 1.25  # matplotlib's default multi-line spacing (Text.linespacing 1.2) plus air
EDGE_IN = 0.04  # free margin at the figure's left and right edges


@dataclass(frozen=True)
class ChartLayout:
    """What changes with the printed width. Type sizes do not: they are set in points."""

    width_in: float
    narrow: bool  # a single column: legend below the plot, short annotations
    label_pt: float  # widest y-axis label before it wraps
    label_lines: int  # lines of a wrapped label; the last is cut with … beyond that

    @property
    def width_pt(self) -> float:
        return self.width_in * POINTS_PER_IN

    @property
    def text_pt(self) -> float:
        """The width a line of text across the figure (title, source) may take."""
        return self.width_pt - 2 * EDGE_IN * POINTS_PER_IN


def chart_layout(width_in: float) -> ChartLayout:
    """The layout of a chart `width_in` inches wide (3.5 and 7 are the journal columns)."""
    if not 2.0 <= float(width_in) <= 12.0:
        raise ParameterError(f"chart width must be between 2 and 12 inches, not {width_in!r}")
    width_pt = float(width_in) * POINTS_PER_IN
    narrow = width_in < 5.0
    # Labels may take about a third of a narrow chart, at most 3 in on a wide one.
    label_pt = min(0.36 * width_pt, 216.0)
    return ChartLayout(float(width_in), narrow, label_pt, 2)


# Hinting makes text a few percent wider on screen (a notebook's 100 dpi) than in the PDF or the
# 300 dpi PNG; text is fitted to its true width plus this slack so that it fits in all of them.
HINTING_SLACK = 1.05
_MEASURE_DPI = 720


@lru_cache(maxsize=1)
def _measuring_renderer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, _MEASURE_DPI)


def text_width_pt(text: str, size_pt: float) -> float:
    """Width of `text` in points, set in the chart font at `size_pt` (with HINTING_SLACK)."""
    from matplotlib.font_manager import FontProperties

    apply_style()
    width, _, _ = _measuring_renderer().get_text_width_height_descent(
        text, FontProperties(size=size_pt), ismath=False)
    return width * POINTS_PER_IN / _MEASURE_DPI * HINTING_SLACK


# Break points: after a space in Latin text, between any two Chinese characters (closing
# punctuation stays with the character before it, opening brackets with the one after).
_TOKENS = re.compile(
    r"[(（《“]*[\u2e80-\u9fff\uf900-\ufaff][、，。；：）)》”]*\s*"  # one CJK character
    r"|[^\s\u2e80-\u9fff\uf900-\ufaff]+\s*"  # a Latin word and the space after it
    r"|\s+"
)
ELLIPSIS = "…"


def _cut(line: str, max_pt: float, size_pt: float) -> str:
    """`line` shortened to fit `max_pt` with … at its end."""
    while line and text_width_pt(line.rstrip() + ELLIPSIS, size_pt) > max_pt:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def _greedy_lines(tokens: list[str], max_pt: float, size_pt: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for token in tokens:
        if line.strip() and text_width_pt((line + token).rstrip(), size_pt) > max_pt:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def fit_text(text: str, max_pt: float, size_pt: float, max_lines: int = 2) -> str:
    """`text` wrapped to lines of at most `max_pt` points, balanced (no one-character last
    line); beyond `max_lines` the last line ends in …. A word longer than a line is cut the
    same way."""
    if text_width_pt(text, size_pt) <= max_pt:
        return text
    tokens = _TOKENS.findall(text)
    lines = _greedy_lines(tokens, max_pt, size_pt)
    if len(lines) <= max_lines:
        # Balance: the narrowest width that still needs no more lines (bisection, 0.5 pt).
        lo, hi = max_pt / len(lines), max_pt
        while hi - lo > 0.5:
            mid = (lo + hi) / 2
            if len(_greedy_lines(tokens, mid, size_pt)) <= len(lines):
                hi = mid
            else:
                lo = mid
        lines = _greedy_lines(tokens, hi, size_pt)
    cut = len(lines) > max_lines
    lines = lines[:max_lines]
    lines = [_cut(ln, max_pt, size_pt) if text_width_pt(ln, size_pt) > max_pt else ln for ln in lines]
    if cut and not lines[-1].endswith(ELLIPSIS):
        lines[-1] = _cut(lines[-1] + " ", max_pt, size_pt) if lines[-1] else ELLIPSIS
    return "\n".join(lines)


def fit_source_line(line: str, max_pt: float) -> str:
    """The source line for a chart: one line when it fits, else broken where its parts
    meet (" — " in English, "；" in Chinese) and each part wrapped."""
    if text_width_pt(line, SOURCE_FONT_PT) <= max_pt:
        return line
    parts = re.split(r"(?<=；)|(?= — )", line)
    return "\n".join(fit_text(p.strip(), max_pt, SOURCE_FONT_PT, 2) for p in parts if p.strip())


def add_source_line(fig, line: str) -> int:
    """Write `line` under the axes, left-aligned, in small grey type, wrapped to the figure's
    width. Returns the number of lines."""
    fitted = fit_source_line(line, fig.get_figwidth() * POINTS_PER_IN - 2 * EDGE_IN * POINTS_PER_IN)
    fig.text(EDGE_IN / fig.get_figwidth(), 0.005, fitted, ha="left", va="bottom",
             fontsize=SOURCE_FONT_PT, color=PALETTE["source"])
    return fitted.count("\n") + 1


def region_label(region: str, region_zh: str, lang: str) -> str:
    return (region_zh or region) if lang == "zh" else (region or region_zh)
