"""Charts of one report. Each takes a tidy table from helpers.analysis.compare and a `width` in
inches and returns a Figure laid out for that width (style.chart_layout): at a single journal
column (3.5 in) labels wrap or end in …, the legend moves under the plot and annotations get
shorter; type sizes stay the same in points. save.py writes them.

Labels are English by default, Chinese with lang="zh" (indicator_zh)."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import StrMethodFormatter

from helpers.analysis.values import RATE_UNITS, same_unit, signed, signed_bound
from helpers.output.charts.canvas import (
    axis_label,
    finish,
    indicator_label,
    new_figure,
    row_labels,
    value_margin,
)
from helpers.output.charts.style import (
    ANNOTATION_FONT_PT,
    BOUND_MARKERS,
    BOUND_SIGNS,
    BY_LABELS,
    DOUBLE_COLUMN_IN,
    PALETTE,
    chart_layout,
    check_lang,
    text,
)

LEGEND_BELOW_IN = 0.45  # room for a two-row legend under a narrow chart


def _fmt(x: float) -> str:
    return f"{x:,.1f}".rstrip("0").rstrip(".") if not math.isnan(x) else ""


def percent_rows(comparison: pd.DataFrame) -> pd.DataFrame:
    """Rows of a results_vs_targets table drawn on one percent axis (growth rates and shares).

    Other percent figures are changes (压减70%, 降到10%以下): not rates on a common axis."""
    keep = comparison["unit"].isin(RATE_UNITS) & comparison["measure"].isin(("growth", "share"))
    return comparison[keep].reset_index(drop=True)


def level_rows(comparison: pd.DataFrame) -> pd.DataFrame:
    """Level indicators whose target implies a change from last year's stated result, in the
    same unit (a target in 万人次 is no change from a result in 万人, whatever produced the row)."""
    same = [same_unit(r.unit, r.unit_zh, r.result_unit, r.result_unit_zh)
            for r in comparison.itertuples()]
    keep = (comparison["measure"] == "level") & comparison["implied_change_pct"].notna() & pd.Series(
        same, index=comparison.index, dtype=bool)
    return comparison[keep].reset_index(drop=True)


def _years(comparison: pd.DataFrame) -> tuple[int, int]:
    if not len(comparison):
        return 0, 0
    return int(comparison["result_year"].iloc[0]), int(comparison["target_year"].iloc[0])


def _drawn_bound(row) -> str:
    """The bound as drawn on a signed axis: 下降3%以上 is a change of at most −3."""
    return signed_bound(row["target_bound"], row["target_direction"])


# Shares more than this many points apart get panels of their own: an unemployment rate of 5%
# beside a coverage of 95% would leave its result and target dots on top of each other.
SCALE_GAP_PP = 20.0


def _centre(row) -> float:
    values = [abs(signed(row["target_value"], row["target_direction"]))]
    r = signed(row["result_value"], row["result_direction"])
    if not math.isnan(r):
        values.append(abs(r))
    return max(values)


def rate_panels(comparison: pd.DataFrame) -> list[pd.DataFrame]:
    """The percent rows split into panels drawn on axes of their own: growth rates, then shares
    grouped by scale (a gap of more than SCALE_GAP_PP between neighbours starts a new panel).
    Rows keep their table order inside a panel."""
    rows = percent_rows(comparison)
    panels = []
    growth = rows[rows["measure"] != "share"]
    if len(growth):
        panels.append(growth.reset_index(drop=True))
    shares = rows[rows["measure"] == "share"]
    if len(shares):
        centres = shares.apply(_centre, axis=1).sort_values(kind="stable")
        group, groups, last = [], [], None
        for index, centre in centres.items():
            if last is not None and centre - last > SCALE_GAP_PP:
                groups.append(group)
                group = []
            group.append(index)
            last = centre
        groups.append(group)
        panels += [shares.loc[sorted(g)].reset_index(drop=True) for g in groups]
    return panels or [rows]


# Drawing order: the target is a hollow marker and the result a smaller filled dot on top of it,
# so a result equal to its target shows as a dot inside the target's marker, not hidden under it.
TARGET_Z, RESULT_Z = 4, 5
TARGET_MS, RESULT_MS = 7.5, 4.5


def dumbbell_marks(rows: pd.DataFrame) -> pd.DataFrame:
    """What the dumbbell chart draws for each row (first row on top): y, the signed result and
    target, the bound as drawn, whether the result is an estimate, and the labels printed beside
    the markers (the result's under it, the target's above; the result's is empty when equal)."""
    n = len(rows)
    marks = []
    for i, row in rows.iterrows():
        t = signed(row["target_value"], row["target_direction"])
        r = signed(row["result_value"], row["result_direction"])
        bound = _drawn_bound(row)
        marks.append({
            "y": n - 1 - i, "result_x": r, "target_x": t, "bound": bound,
            "result_is_estimate": bool(row["result_is_estimate"]) if not math.isnan(r) else False,
            "result_stated": not math.isnan(r),
            "equal": not math.isnan(r) and math.isclose(r, t),
            "target_label": f"{BOUND_SIGNS.get(bound, '')}{_fmt(t)}",
            "result_label": "" if math.isnan(r) or math.isclose(r, t) else _fmt(r),
            "range": (row["target_lower"], row["target_upper"])
            if row["target_bound"] == "range" and not pd.isna(row["target_lower"]) else None,
        })
    return pd.DataFrame(marks, columns=["y", "result_x", "target_x", "bound", "result_is_estimate",
                                        "result_stated", "equal", "target_label", "result_label",
                                        "range"])


def results_vs_targets_chart(comparison: pd.DataFrame, *, lang: str = "en", title_region: str = "",
                             source: str | None = None, width: float = DOUBLE_COLUMN_IN):
    """Dumbbell chart on percent axes: last year's result → this year's target.

    Growth rates and shares get panels of their own, and shares of very different scale too
    (rate_panels), so 5% unemployment is not squeezed beside 98% coverage. Target markers are
    hollow and show the bound (▲ at least, ▼ at most, ● about, ◆ exactly, a bar for a range); the
    result is a filled dot drawn over them, hollow for an estimate (预计); a missing result is
    written out. The legend lists the bounds drawn."""
    check_lang(lang)
    layout = chart_layout(width)
    rows = percent_rows(comparison)
    panels = rate_panels(comparison)
    fig = new_figure(len(rows) + 1.5 * (len(panels) - 1), width,
                      LEGEND_BELOW_IN if layout.narrow else 0.0)
    axes = fig.subplots(len(panels), 1, height_ratios=[max(len(p), 1) for p in panels], squeeze=False)
    for ax, panel in zip(axes[:, 0], panels, strict=True):
        _dumbbell(ax, panel, lang, width)
    axes[-1, 0].set_xlabel(text(lang, "percent_axis"))
    ry, ty = _years(comparison)
    bounds = [_drawn_bound(r) for _, r in rows.iterrows()]
    _legend(fig, axes[0, 0], lang=lang, years=(ry, ty), bounds=bounds, narrow=layout.narrow)
    finish(fig, text(lang, "title_rvt", region=title_region, ry=ry, ty=ty), source)
    return fig


def _dumbbell(ax, rows: pd.DataFrame, lang: str, width: float) -> None:
    marks = dumbbell_marks(rows)
    missing = []  # (x, y) of targets whose result the report does not state
    for m in marks.itertuples():
        y, t, r = m.y, m.target_x, m.result_x
        if m.range is not None:
            ax.plot(list(m.range), [y, y], color=PALETTE["target"], lw=3, alpha=0.5,
                    solid_capstyle="butt")
        ax.plot([t], [y], BOUND_MARKERS.get(m.bound, "o"), ms=TARGET_MS, mfc="none", mew=1.3,
                zorder=TARGET_Z, color=PALETTE["target"])
        ax.annotate(m.target_label, (t, y), xytext=(0, 5.5), textcoords="offset points", ha="center",
                    fontsize=ANNOTATION_FONT_PT, color=PALETTE["target"])
        if m.result_stated:
            ax.plot([r, t], [y, y], color=PALETTE["link"], lw=1.2, zorder=1)
            color = PALETTE["estimate" if m.result_is_estimate else "result"]
            ax.plot([r], [y], "o", ms=RESULT_MS, zorder=RESULT_Z, color=color,
                    mfc="white" if m.result_is_estimate else color)
            if m.result_label:
                ax.annotate(m.result_label, (r, y), xytext=(0, -5.5), textcoords="offset points",
                            ha="center", va="top", fontsize=ANNOTATION_FONT_PT, color=color)
        else:
            missing.append((t, y))
    ax.set_yticks(range(len(marks)), row_labels(
        [indicator_label(r, lang) for _, r in rows.iloc[::-1].iterrows()], width))
    ax.set_ylim(-0.7, max(len(marks), 1) - 0.3)
    ax.axvline(0, color="#888888", lw=0.6)
    ax.margins(x=0.12)
    # "not stated" beside the marker, on the side with room: the axis limits are final now,
    # and a note pointing right from a marker near the right edge would leave the chart.
    note = text(lang, "not_stated_short" if chart_layout(width).narrow else "not_stated")
    lo, hi = ax.get_xlim()
    for t, y in missing:
        right = t <= lo + 0.55 * (hi - lo)
        ax.annotate(note, (t, y), xytext=(7 if right else -7, 0), textcoords="offset points",
                    va="center", ha="left" if right else "right", fontsize=ANNOTATION_FONT_PT - 0.5,
                    color=PALETTE["not_stated"], style="italic")


def _legend(fig, top, *, lang: str, years: tuple[int, int], bounds: list[str], narrow: bool) -> None:
    ry, ty = years
    handles = [
        Line2D([], [], ls="", marker="o", color=PALETTE["result"], label=text(lang, "result", year=ry)),
        Line2D([], [], ls="", marker="o", color=PALETTE["estimate"], mfc="white",
               label=text(lang, "estimate")),
    ]
    for bound in ("min", "approx", "max", "exact", "range"):
        if bound in bounds:
            handles.append(Line2D([], [], ls="", marker=BOUND_MARKERS[bound], color=PALETTE["target"],
                                  mfc="none", mew=1.3,
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
    fig = new_figure(len(rows), width)
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
    labels = row_labels(labels, width)
    ax.set_yticks(range(len(values)), labels)
    ax.axvline(0, color="#888888", lw=0.6)
    ax.set_xlabel(axis_label(text(lang, "implied_change", ry=ry, ty=ty), width, labels))
    ax.margins(x=value_margin(width, 0.15))
    finish(fig, text(lang, "title_implied", region=title_region, ty=ty), source)
    return fig


def counts_chart(counts: pd.DataFrame, by: str, *, lang: str = "en", title_region: str = "",
                 target_year: int = 0, source: str | None = None, width: float = DOUBLE_COLUMN_IN):
    """Horizontal bars of a target_profile table (`by` column plus `targets`)."""
    check_lang(lang)
    fig = new_figure(len(counts), width)
    ax = fig.add_subplot()
    labels = [str(x) for x in counts[by]][::-1]
    values = counts["targets"].tolist()[::-1]
    ax.barh(range(len(values)), values, color=PALETTE["target"], height=0.6)
    for y, v in enumerate(values):
        ax.annotate(str(v), (v, y), xytext=(3, 0), textcoords="offset points", va="center",
                    fontsize=ANNOTATION_FONT_PT)
    labels = row_labels(labels, width)
    ax.set_yticks(range(len(values)), labels)
    ax.set_xlabel(axis_label(text(lang, "count"), width, labels))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.margins(x=value_margin(width, 0.1))
    finish(fig, text(lang, "title_by", region=title_region, ty=target_year,
                      by=BY_LABELS[lang].get(by, by)), source)
    return fig


def money_targets_chart(largest: pd.DataFrame, *, lang: str = "en", title_region: str = "",
                        target_year: int = 0, source: str | None = None,
                        width: float = DOUBLE_COLUMN_IN):
    """Horizontal bars of the largest money targets (target_profile(...).largest_money)."""
    check_lang(lang)
    fig = new_figure(len(largest), width)
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
    labels = row_labels([indicator_label(r, lang) for _, r in rows.iterrows()], width)
    ax.set_yticks(range(len(values)), labels)
    ax.set_xlabel(axis_label(text(lang, "money"), width, labels))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))  # 300,000, not 300000
    if chart_layout(width).narrow:
        ax.xaxis.get_major_locator().set_params(nbins=4)  # 4-digit ticks need the room
    ax.margins(x=value_margin(width, 0.15))
    finish(fig, text(lang, "title_money", region=title_region, ty=target_year), source)
    return fig


