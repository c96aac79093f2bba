"""Charts of one report. Each takes a tidy table from helpers.compare and a `width` in inches
and returns a Figure laid out for that width (helpers.style.chart_layout): at a single journal
column (3.5 in) labels wrap or end in …, the legend moves under the plot and annotations get
shorter; type sizes stay the same in points.

`save_figure` writes one figure as PDF, SVG and 300 dpi PNG, byte-identical on every save;
`save_chart` builds a chart at both column widths and saves `<stem>_single.*` and
`<stem>_double.*`. Fonts: the PDF embeds Noto Sans SC as a TrueType/CID subset (fonttype 42);
the SVG draws every glyph as a path (svg.fonttype "path"), so it shows the same everywhere
without the font, and its text is not selectable.

Labels are English by default, Chinese with lang="zh" (indicator_zh)."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import pandas as pd

from helpers import PROJECT_NAME, __version__
from helpers.atomic import write_bytes
from helpers.compare import PERCENT_UNITS, signed
from helpers.style import (
    ANNOTATION_FONT_PT,
    BOUND_MARKERS,
    BOUND_SIGNS,
    BY_LABELS,
    COLUMN_WIDTHS,
    DOUBLE_COLUMN_IN,
    EDGE_IN,
    LINE_SPACING,
    MIN_HEIGHT_IN,
    PALETTE,
    POINTS_PER_IN,
    ROW_HEIGHT_IN,
    SOURCE_FONT_PT,
    TITLE_FONT_PT,
    add_source_line,
    apply_style,
    chart_layout,
    check_lang,
    fit_text,
    text,
)

FORMATS = ("pdf", "svg", "png")
# The width shown inline in a notebook (the other is saved only).
DISPLAY_WIDTH = "double"
LEGEND_BELOW_IN = 0.45  # room for a two-row legend under a narrow chart

# Fixed metadata: no dates, no library versions that would make two saves differ.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": f"{PROJECT_NAME} {__version__}"},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None,
            "Creator": f"{PROJECT_NAME} {__version__}"},
}


def _new_figure(n_rows: float, width: float = DOUBLE_COLUMN_IN, extra_in: float = 0.0):
    """A figure `width` inches wide, tall enough for `n_rows` labelled rows (+ `extra_in`)."""
    from matplotlib.figure import Figure

    apply_style()
    chart_layout(width)  # checks the width
    height = max(MIN_HEIGHT_IN, 0.9 + ROW_HEIGHT_IN * max(n_rows, 1)) + extra_in
    # A bare Figure (not pyplot): nothing is kept in pyplot's registry, nothing to close.
    return Figure(figsize=(width, height), layout="constrained")


def _row_labels(labels, width: float) -> list[str]:
    """Y-axis labels wrapped (two lines at most, then …) to the room the layout gives them."""
    import matplotlib

    layout = chart_layout(width)
    size = matplotlib.rcParams["ytick.labelsize"]
    return [fit_text(str(x), layout.label_pt, size, layout.label_lines) for x in labels]


def indicator_label(row, lang: str) -> str:
    if lang == "zh":
        return row["indicator_zh"] or row["indicator_en"] or row["indicator"]
    return row["indicator_en"] or row["indicator_zh"] or row["indicator"]


def _finish(fig, title: str, source: str | None) -> None:
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


def _fmt(x: float) -> str:
    return f"{x:,.1f}".rstrip("0").rstrip(".") if not math.isnan(x) else ""


def percent_rows(comparison: pd.DataFrame) -> pd.DataFrame:
    """Rows of a results_vs_targets table drawn on one percent axis (growth rates and shares).

    Other percent figures are changes (压减70%, 降到10%以下): not rates on a common axis."""
    keep = comparison["unit"].isin(PERCENT_UNITS) & comparison["measure"].isin(("growth", "share"))
    return comparison[keep].reset_index(drop=True)


def level_rows(comparison: pd.DataFrame) -> pd.DataFrame:
    """Level indicators whose target implies a change from last year's stated result."""
    keep = (comparison["measure"] == "level") & comparison["implied_change_pct"].notna()
    return comparison[keep].reset_index(drop=True)


def _years(comparison: pd.DataFrame) -> tuple[int, int]:
    if not len(comparison):
        return 0, 0
    return int(comparison["result_year"].iloc[0]), int(comparison["target_year"].iloc[0])


def _drawn_bound(row) -> str:
    """The bound as drawn on a signed axis: 下降3%以上 is a change of at most −3."""
    bound = row["target_bound"]
    if row["target_direction"] == "down":
        return {"min": "max", "max": "min"}.get(bound, bound)
    return bound


def results_vs_targets_chart(comparison: pd.DataFrame, *, lang: str = "en", title_region: str = "",
                             source: str | None = None, width: float = DOUBLE_COLUMN_IN):
    """Dumbbell chart on percent axes: last year's result → this year's target.

    Growth rates and shares (rates that are levels, such as a utilisation rate of 90%) get a
    panel each, so 5% growth is not squeezed beside 98% coverage. Target markers show the bound
    (▲ at least, ▼ at most, ● about, ◆ exactly, a bar for a range); a hollow result marker is
    an estimate (预计); a missing result is written out. The legend lists the bounds drawn."""
    check_lang(lang)
    layout = chart_layout(width)
    rows = percent_rows(comparison)
    is_share = rows["measure"] == "share"
    panels = [p for p in (rows[~is_share].reset_index(drop=True), rows[is_share].reset_index(drop=True))
              if len(p)] or [rows]
    fig = _new_figure(len(rows) + 1.5 * (len(panels) - 1), width,
                      LEGEND_BELOW_IN if layout.narrow else 0.0)
    axes = fig.subplots(len(panels), 1, height_ratios=[max(len(p), 1) for p in panels], squeeze=False)
    for ax, panel in zip(axes[:, 0], panels, strict=True):
        _dumbbell(ax, panel, lang, width)
    axes[-1, 0].set_xlabel(text(lang, "percent_axis"))
    ry, ty = _years(comparison)
    bounds = [_drawn_bound(r) for _, r in rows.iterrows()]
    _legend(fig, axes[0, 0], lang, ry, ty, bounds, layout.narrow)
    _finish(fig, text(lang, "title_rvt", region=title_region, ry=ry, ty=ty), source)
    return fig


def _dumbbell(ax, rows: pd.DataFrame, lang: str, width: float) -> None:
    n = len(rows)
    missing = []  # (x, y) of targets whose result the report does not state
    for i, row in rows.iterrows():
        y = n - 1 - i  # first row on top
        t = signed(row["target_value"], row["target_direction"])
        r = signed(row["result_value"], row["result_direction"])
        if row["target_bound"] == "range" and not pd.isna(row["target_lower"]):
            ax.plot([row["target_lower"], row["target_upper"]], [y, y], color=PALETTE["target"],
                    lw=3, alpha=0.5, solid_capstyle="butt")
        if not math.isnan(r):
            ax.plot([r, t], [y, y], color=PALETTE["link"], lw=1.2, zorder=1)
            estimate = bool(row["result_is_estimate"])
            ax.plot([r], [y], "o", ms=5, zorder=3, color=PALETTE["estimate" if estimate else "result"],
                    mfc="white" if estimate else PALETTE["result"])
        else:
            missing.append((t, y))
        bound = _drawn_bound(row)
        ax.plot([t], [y], BOUND_MARKERS.get(bound, "o"), ms=5, zorder=4, color=PALETTE["target"])
        ax.annotate(f"{BOUND_SIGNS.get(bound, '')}{_fmt(t)}", (t, y), xytext=(0, 5),
                    textcoords="offset points", ha="center", fontsize=ANNOTATION_FONT_PT,
                    color=PALETTE["target"])
    ax.set_yticks(range(n), _row_labels([indicator_label(r, lang) for _, r in rows.iloc[::-1].iterrows()],
                                        width))
    ax.set_ylim(-0.7, max(n, 1) - 0.3)
    ax.axvline(0, color="#888888", lw=0.6)
    ax.margins(x=0.12)
    # "not stated" beside the marker, on the side with room: the axis limits are final now,
    # and a note pointing right from a marker near the right edge would leave the chart.
    note = text(lang, "not_stated_short" if chart_layout(width).narrow else "not_stated")
    lo, hi = ax.get_xlim()
    for t, y in missing:
        right = t <= lo + 0.55 * (hi - lo)
        ax.annotate(note, (t, y), xytext=(6 if right else -6, 0), textcoords="offset points",
                    va="center", ha="left" if right else "right", fontsize=ANNOTATION_FONT_PT - 0.5,
                    color=PALETTE["not_stated"], style="italic")


def _legend(fig, top, lang: str, ry: int, ty: int, bounds: list[str], narrow: bool) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], ls="", marker="o", color=PALETTE["result"], label=text(lang, "result", year=ry)),
        Line2D([], [], ls="", marker="o", color=PALETTE["estimate"], mfc="white",
               label=text(lang, "estimate")),
    ]
    for bound in ("min", "approx", "max", "exact", "range"):
        if bound in bounds:
            handles.append(Line2D([], [], ls="", marker=BOUND_MARKERS[bound], color=PALETTE["target"],
                                  label=f"{text(lang, 'target', year=ty)} {BOUND_SIGNS[bound]}"))
    if narrow:
        # No room beside the plot in a single column: above the top panel, under the title.
        # An axes legend (not a figure legend) so that the layout makes room for it.
        top.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.02), ncols=3,
                   handletextpad=0.2, columnspacing=0.8, borderaxespad=0.0)
    else:
        fig.legend(handles=handles, loc="outside right upper")


def implied_change_chart(comparison: pd.DataFrame, *, lang: str = "en", title_region: str = "",
                         source: str | None = None, width: float = DOUBLE_COLUMN_IN):
    """Horizontal bars: the change from last year's level to this year's target, in percent."""
    check_lang(lang)
    rows = level_rows(comparison)
    fig = _new_figure(len(rows), width)
    ax = fig.add_subplot()
    ry, ty = _years(comparison)
    values = rows["implied_change_pct"].tolist()[::-1]
    labels = [indicator_label(r, lang) for _, r in rows.iloc[::-1].iterrows()]
    colors = [PALETTE["bar"] if v >= 0 else PALETTE["bar_negative"] for v in values]
    ax.barh(range(len(values)), values, color=colors, height=0.6)
    for y, (v, (_, row)) in enumerate(zip(values, rows.iloc[::-1].iterrows(), strict=True)):
        mark = "*" if bool(row["result_is_estimate"]) else ""
        ax.annotate(f"{v:+.1f}%{mark}", (v, y), xytext=(3 if v >= 0 else -3, 0),
                    textcoords="offset points", va="center", ha="left" if v >= 0 else "right",
                    fontsize=ANNOTATION_FONT_PT)
    labels = _row_labels(labels, width)
    ax.set_yticks(range(len(values)), labels)
    ax.axvline(0, color="#888888", lw=0.6)
    ax.set_xlabel(_axis_label(text(lang, "implied_change", ry=ry, ty=ty), width, labels))
    ax.margins(x=_value_margin(width, 0.15))
    _finish(fig, text(lang, "title_implied", region=title_region, ty=ty), source)
    return fig


def _axis_label(label: str, width: float, row_labels: list[str]) -> str:
    """The x-axis label, wrapped to the plot's width: the figure's less the row labels'."""
    import matplotlib

    from helpers.style import text_width_pt

    size = matplotlib.rcParams["ytick.labelsize"]
    widest = max((text_width_pt(line, size) for x in row_labels for line in x.split("\n")), default=0)
    room = chart_layout(width).text_pt - widest - 12  # 12 pt: tick marks and padding
    return fit_text(label, room, matplotlib.rcParams["axes.labelsize"], 2)


def _value_margin(width: float, wide: float) -> float:
    """Room beyond the longest bar for its value label: a narrow plot needs a larger share."""
    return wide if not chart_layout(width).narrow else wide + 0.1


def counts_chart(counts: pd.DataFrame, by: str, *, lang: str = "en", title_region: str = "",
                 target_year: int = 0, source: str | None = None, width: float = DOUBLE_COLUMN_IN):
    """Horizontal bars of a target_profile table (`by` column plus `targets`)."""
    check_lang(lang)
    fig = _new_figure(len(counts), width)
    ax = fig.add_subplot()
    labels = [str(x) for x in counts[by]][::-1]
    values = counts["targets"].tolist()[::-1]
    ax.barh(range(len(values)), values, color=PALETTE["target"], height=0.6)
    for y, v in enumerate(values):
        ax.annotate(str(v), (v, y), xytext=(3, 0), textcoords="offset points", va="center",
                    fontsize=ANNOTATION_FONT_PT)
    labels = _row_labels(labels, width)
    ax.set_yticks(range(len(values)), labels)
    ax.set_xlabel(_axis_label(text(lang, "count"), width, labels))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.margins(x=_value_margin(width, 0.1))
    _finish(fig, text(lang, "title_by", region=title_region, ty=target_year,
                      by=BY_LABELS[lang].get(by, by)), source)
    return fig


def money_targets_chart(largest: pd.DataFrame, *, lang: str = "en", title_region: str = "",
                        target_year: int = 0, source: str | None = None,
                        width: float = DOUBLE_COLUMN_IN):
    """Horizontal bars of the largest money targets (target_profile(...).largest_money)."""
    check_lang(lang)
    fig = _new_figure(len(largest), width)
    ax = fig.add_subplot()
    rows = largest.iloc[::-1]
    values = rows["value_100m_cny"].tolist()
    ax.barh(range(len(values)), values, color=PALETTE["target"], height=0.6)
    for y, (_, row) in enumerate(rows.iterrows()):
        label = f"{BOUND_SIGNS.get(row['bound'], '')}{row['value_100m_cny']:,.0f}"
        if row["bound"] == "range" and not pd.isna(row.get("lower")):
            label = f"{row['lower'] / 1e8:,.0f}–{row['upper'] / 1e8:,.0f}"
        ax.annotate(label,
                    (row["value_100m_cny"], y), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=ANNOTATION_FONT_PT)
    labels = _row_labels([indicator_label(r, lang) for _, r in rows.iterrows()], width)
    ax.set_yticks(range(len(values)), labels)
    ax.set_xlabel(_axis_label(text(lang, "money"), width, labels))
    if chart_layout(width).narrow:
        ax.xaxis.get_major_locator().set_params(nbins=4)  # 4-digit ticks need the room
    ax.margins(x=_value_margin(width, 0.15))
    _finish(fig, text(lang, "title_money", region=title_region, ty=target_year), source)
    return fig


def figure_bytes(fig, fmt: str) -> bytes:
    """The figure in one format, with fixed metadata (no dates) so saves are reproducible."""
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": PROJECT_NAME}):
        fig.savefig(buf, format=fmt, dpi=300 if fmt == "png" else "figure", metadata=_METADATA[fmt])
    data = buf.getvalue()
    return _renumber_svg_ids(data) if fmt == "svg" else data


_SVG_CLIP_ID = re.compile(rb'id="(p[0-9a-f]{10})"')


def _renumber_svg_ids(svg: bytes) -> bytes:
    """matplotlib names clip paths by a hash of what it clips (for a path clip, of an object's
    memory address), so ids may change between processes though the drawing does not. Renamed
    in order of appearance (clip1, clip2 …), the same drawing always gives the same bytes."""
    names = {old: f"clip{i}".encode() for i, old in enumerate(dict.fromkeys(_SVG_CLIP_ID.findall(svg)), 1)}
    if not names:
        return svg
    rx = re.compile(rb"(?<=[\"#])(" + b"|".join(map(re.escape, names)) + rb")(?=[\")])")
    return rx.sub(lambda m: names[m.group(1)], svg)


def save_figure(fig, folder: str | Path, stem: str) -> dict[str, Path]:
    """Write `<folder>/<stem>.pdf`, `.svg` and `.png` (300 dpi), each atomically, at the
    figure's own size.

    Returns the paths by format. Saving the same figure again gives identical bytes."""
    folder = Path(folder)
    out = {}
    for fmt in FORMATS:
        path = folder / f"{stem}.{fmt}"
        write_bytes(path, figure_bytes(fig, fmt))
        out[fmt] = path
    return out


def chart_at_widths(build, *args, widths=tuple(COLUMN_WIDTHS), **kwargs) -> dict:
    """`build(*args, width=…, **kwargs)` for each named column width: {"single": Figure, …}."""
    return {name: build(*args, width=COLUMN_WIDTHS[name], **kwargs) for name in widths}


def save_chart(figures: dict, folder: str | Path, stem: str) -> dict[str, dict[str, Path]]:
    """Save figures built by chart_at_widths as `<stem>_<width>.pdf/.svg/.png`.

    Returns {width: {format: path}}."""
    return {name: save_figure(fig, folder, f"{stem}_{name}") for name, fig in figures.items()}
