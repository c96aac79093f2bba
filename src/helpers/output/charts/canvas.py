"""What every chart shares: a bare Figure sized for its rows and journal column, row labels
wrapped to the room they have, the title on top and the source line under everything."""

from __future__ import annotations

import matplotlib
from matplotlib.figure import Figure

from helpers.output.charts.style import (
    DOUBLE_COLUMN_IN,
    EDGE_IN,
    LINE_SPACING,
    MIN_HEIGHT_IN,
    POINTS_PER_IN,
    ROW_HEIGHT_IN,
    SOURCE_FONT_PT,
    TITLE_FONT_PT,
    add_source_line,
    apply_style,
    chart_layout,
    fit_text,
    text_width_pt,
)


def new_figure(n_rows: float, width: float = DOUBLE_COLUMN_IN, extra_in: float = 0.0):
    """A figure `width` inches wide, tall enough for `n_rows` labelled rows (+ `extra_in`)."""
    apply_style()
    chart_layout(width)  # checks the width
    height = max(MIN_HEIGHT_IN, 0.9 + ROW_HEIGHT_IN * max(n_rows, 1)) + extra_in
    # A bare Figure (not pyplot): nothing is kept in pyplot's registry, nothing to close.
    return Figure(figsize=(width, height), layout="constrained")


def row_labels(labels, width: float) -> list[str]:
    """Y-axis labels wrapped (two lines at most, then …) to the room the layout gives them."""
    layout = chart_layout(width)
    size = matplotlib.rcParams["ytick.labelsize"]
    return [fit_text(str(x), layout.label_pt, size, layout.label_lines) for x in labels]


def indicator_label(row, lang: str) -> str:
    if lang == "zh":
        return row["indicator_zh"] or row["indicator_en"] or row["indicator"]
    return row["indicator_en"] or row["indicator_zh"] or row["indicator"]


def finish(fig, title: str, source: str | None) -> None:
    """Title (wrapped to the figure's width) on top, the source line under everything."""
    width_in = fig.get_figwidth()
    max_pt = (width_in - 2 * EDGE_IN) * POINTS_PER_IN
    fig.suptitle(fit_text(title, max_pt, TITLE_FONT_PT, 2), x=EDGE_IN / width_in, ha="left",
                 fontsize=TITLE_FONT_PT)
    if source:
        lines = add_source_line(fig, source)
        # keep the source line's height (plus air) free under the layout
        bottom = (0.07 + lines * SOURCE_FONT_PT * LINE_SPACING / POINTS_PER_IN) / fig.get_figheight()
        fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))


def axis_label(label: str, width: float, row_labels: list[str]) -> str:
    """The x-axis label, wrapped to the plot's width: the figure's less the row labels'."""
    size = matplotlib.rcParams["ytick.labelsize"]
    widest = max((text_width_pt(line, size) for x in row_labels for line in x.split("\n")), default=0)
    room = chart_layout(width).text_pt - widest - 12  # 12 pt: tick marks and padding
    return fit_text(label, room, matplotlib.rcParams["axes.labelsize"], 2)


def value_margin(width: float, wide: float) -> float:
    """Room beyond the longest bar for its value label: a narrow plot needs a larger share."""
    return wide if not chart_layout(width).narrow else wide + 0.1
