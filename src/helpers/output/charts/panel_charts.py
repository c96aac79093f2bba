"""Charts across two reports (the scorecard) and across regions (the panel).

Same look as report_charts (style, fonts, source line, bound markers); each function takes a
table from helpers.analysis (scorecard, panel_views) and returns a bare matplotlib Figure, saved with
helpers.output.charts.save."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers import PROJECT_NAME, __version__
from helpers.analysis.scorecard import (
    EXCEEDED,
    MET,
    MISSED,
    NO_OUTCOME,
    NO_TARGET,
    NOT_JUDGED,
    met_zone,
)
from helpers.analysis.values import POINT_UNITS, signed
from helpers.metadata.report_meta import year_span
from helpers.output.charts.canvas import finish, indicator_label, new_figure
from helpers.output.charts.style import (
    BOUND_MARKERS,
    BOUND_SIGNS,
    DOUBLE_COLUMN_IN,
    PALETTE,
    check_lang,
)
from helpers.rules.labels import labels

VERDICT_COLORS = {
    MET: "#009E73",  # bluish green
    EXCEEDED: "#0072B2",  # blue
    MISSED: "#D55E00",  # vermilion
    NO_OUTCOME: PALETTE["not_stated"],
    NOT_JUDGED: PALETTE["not_stated"],
    NO_TARGET: PALETTE["not_stated"],
}

TEXT = labels("panel_charts")


def _t(lang: str, key: str, **fields):
    value = TEXT[check_lang(lang)][key]
    return value.format(**fields) if isinstance(value, str) else value


def panel_source_line(metas, lang: str = "en") -> str:
    """The source line of a chart drawn from several reports: the issuer when they are all of
    one region (a scorecard), else how many regions."""
    span = year_span(metas) if metas else ""
    issuers = sorted({m.issuer_zh for m in metas})
    if len(issuers) == 1:
        return _t(lang, "source_one", issuer=issuers[0], years=span, tool=PROJECT_NAME, version=__version__)
    regions = {m.region_code for m in metas}
    return _t(lang, "source", n=len(regions), years=span, tool=PROJECT_NAME, version=__version__)


def _bound_handles(bounds, lang: str):
    word = _t(lang, "target")
    return [Line2D([], [], ls="", marker=BOUND_MARKERS[b], color=PALETTE["target"],
                   label=f"{word} {BOUND_SIGNS[b]}") for b in ("min", "approx", "max", "exact", "range")
            if b in set(bounds)]


def _relative(row, x: float) -> float:
    """x (signed, the target's unit) as the scorecard shows it: minus the target, in pp for
    rates, in percent of the target for levels."""
    t = signed(row["target_value"], row["target_direction"])
    if row["unit"] in POINT_UNITS:
        return x - t
    return (x - t) / abs(t) * 100 if t else math.nan


def scorecard_marks(rows: pd.DataFrame) -> pd.DataFrame:
    """What the scorecard chart draws for each row (first row on top), oriented so that right
    is better: for an indicator whose good direction is down (失业率, 能耗强度), a result below
    the target is drawn right of it. Columns: y, x (the result, NaN when none), zone_left and
    zone_right (the met zone, ±inf when open), flipped, verdict, result_is_estimate."""
    n = len(rows)
    marks = []
    for i, row in rows.iterrows():
        flip = -1.0 if row["good_direction"] == "down" else 1.0
        a, b = met_zone(target_value=row["target_value"], target_bound=row["target_bound"],
                        target_lower=row["target_lower"], target_upper=row["target_upper"],
                        target_direction=row["target_direction"], unit=row["unit"],
                        good_direction=row["good_direction"])
        ends = sorted(flip * (_relative(row, e) if not math.isinf(e) else e) for e in (a, b))
        r = signed(row["result_value"], row["result_direction"])
        judged = not math.isnan(r) and row["verdict"] not in (NOT_JUDGED, NO_TARGET)
        estimate = row["result_is_estimate"]
        marks.append({"y": n - 1 - i, "x": flip * _relative(row, r) if judged else math.nan,
                      "zone_left": ends[0], "zone_right": ends[1], "flipped": flip < 0,
                      "verdict": row["verdict"],
                      "result_is_estimate": bool(estimate) if not pd.isna(estimate) else False})
    return pd.DataFrame(marks, columns=["y", "x", "zone_left", "zone_right", "flipped", "verdict",
                                        "result_is_estimate"])


def scorecard_labels(rows: pd.DataFrame, lang: str) -> list[str]:
    """Row labels in table order; an indicator targeted as two measures (赤字规模5.66万亿元 and
    its 比上年增加1.6万亿元) names the measure, so the two rows do not read as one repeated."""
    repeated = rows["indicator"].duplicated(keep=False)
    measures = _t(lang, "measure")
    return [f"{indicator_label(r, lang)} ({measures.get(r['measure'], r['measure'])})" if again
            else indicator_label(r, lang) for (_, r), again in zip(rows.iterrows(), repeated, strict=True)]


def scorecard_chart(table: pd.DataFrame, *, lang: str = "en", title_region: str = "",
                    source: str | None = None, width: float = DOUBLE_COLUMN_IN):
    """One row per target: the target at 0 (a vertical bar), its met zone as a band, the result
    as a dot coloured by verdict; rates in percentage points, levels in percent of the target.
    Every row reads the same way, right is better (scorecard_marks), and the top of each panel
    says so."""
    check_lang(lang)
    table = table[table["verdict"] != NO_TARGET].reset_index(drop=True)  # nothing to draw
    is_rate = table["unit"].isin(POINT_UNITS)
    panels = [(p.reset_index(drop=True), axis) for p, axis in
              ((table[is_rate], "rates_axis"), (table[~is_rate], "levels_axis")) if len(p)]
    fig = new_figure(len(table) + 1.5 * (len(panels) - 1), width=width)
    if not panels:
        finish(fig, _t(lang, "title_scorecard", region=title_region, year=""), source)
        return fig
    axes = fig.subplots(len(panels), 1, height_ratios=[len(p) for p, _ in panels], squeeze=False)
    for ax, (rows, axis_key) in zip(axes[:, 0], panels, strict=True):
        _scorecard_panel(ax, rows, lang)
        ax.set_xlabel(_t(lang, axis_key))
    verdicts = _t(lang, "verdict")
    handles = [Patch(color="#DDDDDD", label=_t(lang, "met_zone")),
               Line2D([], [], ls="", marker="|", ms=9, mew=2, color=PALETTE["target"],
                      label=_t(lang, "target"))]
    handles += [Line2D([], [], ls="", marker="o", color=VERDICT_COLORS[v], label=verdicts[v])
                for v in (MET, EXCEEDED, MISSED) if (table["verdict"] == v).any()]
    fig.legend(handles=handles, loc="outside right upper")
    year = int(table["target_year"].iloc[0]) if len(table) else ""
    finish(fig, _t(lang, "title_scorecard", region=title_region, year=year), source)
    return fig


def _scorecard_panel(ax, rows: pd.DataFrame, lang: str) -> None:
    marks = scorecard_marks(rows)
    drawn = marks["x"].dropna().abs().tolist()
    span = max(drawn + [1.0]) * 1.6
    for m in marks.itertuples():
        left = -span if math.isinf(m.zone_left) else m.zone_left
        right = span if math.isinf(m.zone_right) else m.zone_right
        ax.barh(m.y, right - left, left=left, height=0.5, color="#DDDDDD", zorder=1)
        ax.plot([0], [m.y], "|", ms=9, mew=2, color=PALETTE["target"], zorder=3)
        label = _t(lang, "verdict")[m.verdict]
        if math.isnan(m.x):
            ax.annotate(label, (0, m.y), xytext=(8, 0), textcoords="offset points", va="center",
                        fontsize=6, color=PALETTE["not_stated"], style="italic")
            continue
        color = VERDICT_COLORS[m.verdict]
        ax.plot([m.x], [m.y], "o", ms=6, color=color, mfc="white" if m.result_is_estimate else color,
                zorder=4)
        ax.annotate(label, (m.x, m.y), xytext=(0, 6), textcoords="offset points", ha="center",
                    fontsize=6, color=color)
    ax.set_yticks(range(len(marks)), scorecard_labels(rows, lang)[::-1])
    ax.set_ylim(-0.7, max(len(marks), 1) - 0.3)
    ax.set_xlim(-span, span)
    ax.axvline(0, color="#888888", lw=0.6)
    for key, x, ha in (("worse", 0.0, "left"), ("better", 1.0, "right")):
        ax.annotate(_t(lang, key), (x, 1.0), xycoords="axes fraction", xytext=(0, 2),
                    textcoords="offset points", ha=ha, va="bottom", fontsize=6, color="#555555")


def gdp_targets_chart(gdp: pd.DataFrame, *, lang: str = "en", source: str | None = None,
                      width: float = DOUBLE_COLUMN_IN):
    """Dot plot of each region's GDP growth target (panel.gdp_growth_targets); the marker shows
    the bound (▲ at least, ● about, ▼ at most), a bar a range."""
    check_lang(lang)
    fig = new_figure(len(gdp), width=width)
    ax = fig.add_subplot()
    n = len(gdp)
    for i, row in gdp.iterrows():
        y = n - 1 - i
        if row["bound"] == "range" and not pd.isna(row["lower"]):
            ax.plot([row["lower"], row["upper"]], [y, y], color=PALETTE["target"], lw=3, alpha=0.5)
        ax.plot([row["value"]], [y], BOUND_MARKERS.get(row["bound"], "o"), ms=6, color=PALETTE["target"])
        ax.annotate(f"{BOUND_SIGNS.get(row['bound'], '')}{row['value']:g}", (row["value"], y),
                    xytext=(7, 0), textcoords="offset points", va="center", fontsize=6.5)
    names = [(r["region_zh"] if lang == "zh" else r["region"]) for _, r in gdp.iloc[::-1].iterrows()]
    ax.set_yticks(range(n), names)
    ax.set_ylim(-0.7, max(n, 1) - 0.3)
    ax.set_xlabel(_t(lang, "gdp_axis"))
    ax.margins(x=0.2)
    fig.legend(handles=_bound_handles(gdp["bound"], lang), loc="outside right upper")
    year = int(gdp["report_year"].iloc[0]) if n else ""
    finish(fig, _t(lang, "title_gdp", year=year), source)
    return fig


# Okabe–Ito, then black: colour-blind safe. An indicator keeps its colour from chart to chart
# and run to run (indicator_colors), whatever else is drawn with it.
SCATTER_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
LABEL_ITERATIONS = 400  # adjustText: a step count, not a time limit, so that output is reproducible


def indicator_colors(codes) -> dict[str, str]:
    """A colour per indicator code, from a hash of the code (crc32, stable across runs and
    machines, unlike hash()); two codes of one chart that hash alike take the next free colour,
    in sorted order, so the result depends only on the set of codes."""
    import zlib

    out: dict[str, str] = {}
    taken: set[int] = set()
    n = len(SCATTER_COLORS)
    for code in sorted(set(codes)):
        k = zlib.crc32(str(code).encode()) % n
        while k in taken and len(taken) < n:
            k = (k + 1) % n
        taken.add(k)
        out[code] = SCATTER_COLORS[k]
    return out


def scatter_points(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The labelled points of the scatter: one per distinct (result, target) position, with the
    regions there (`Jiangsu, Shandong` when two regions coincide exactly)."""
    points: dict[tuple[float, float], list[str]] = {}
    for _, row in table.iterrows():
        name = row["region_zh"] if lang == "zh" else row["region"]
        points.setdefault((float(row["result"]), float(row["target"])), []).append(name)
    sep = "、" if lang == "zh" else ", "
    return pd.DataFrame([{"result": x, "target": y, "label": sep.join(dict.fromkeys(names))}
                         for (x, y), names in points.items()], columns=["result", "target", "label"])


def target_result_scatter(table: pd.DataFrame, *, lang: str = "en", source: str | None = None,
                          width: float = DOUBLE_COLUMN_IN):
    """This year's target (y) against last year's result (x) per region and indicator
    (panel.targets_vs_results), with the 45° line: above it, the target asks for faster growth.
    Region labels are placed by adjustText so that they overlap neither each other nor the
    points; colours are fixed per indicator (indicator_colors)."""
    from adjustText import adjust_text

    check_lang(lang)
    narrow = width < DOUBLE_COLUMN_IN
    fig = new_figure(0, width=width)
    # Square axes either way; in a single column the legend goes below the plot, not beside it.
    fig.set_figheight(width + 1.6 if narrow else 4.2)
    ax = fig.add_subplot()
    ax.set_aspect("equal", adjustable="box")
    ax.grid(True, axis="both")
    colors = indicator_colors(table["indicator"])
    for code in sorted(colors):
        part = table[table["indicator"] == code]
        ax.scatter(part["result"], part["target"], s=22, color=colors[code], zorder=3,
                   label=indicator_label(part.iloc[0], lang))
    values = pd.concat([table["result"], table["target"]]) if len(table) else pd.Series([0.0, 1.0])
    lo, hi = float(values.min()), float(values.max())
    pad = max((hi - lo) * 0.1, 0.5)
    ax.plot([lo - pad, hi + pad], [lo - pad, hi + pad], color="#888888", lw=0.8, ls="--",
            label=_t(lang, "equal"), zorder=1)
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(lo - pad, hi + pad)
    points = scatter_points(table, lang)
    texts = [ax.text(p.result, p.target, p.label, fontsize=5.5, color="#444444", zorder=4)
             for p in points.itertuples()]
    year = int(table["target_year"].iloc[0]) if len(table) else ""
    prev = int(table["result_year"].iloc[0]) if len(table) else ""
    ax.set_xlabel(_t(lang, "scatter_x", prev=prev))
    ax.set_ylabel(_t(lang, "scatter_y", year=year))
    legend = fig.legend(loc="lower center" if narrow else "outside right upper",
                        ncols=1, fontsize=6 if narrow else None)
    finish(fig, _t(lang, "title_scatter", year=year, prev=prev), source)
    canvas = FigureCanvasAgg(fig)  # measuring text needs a renderer
    if narrow:
        # Under the plot and above the source line: placed by hand, out of the layout, which
        # then keeps the legend's height free (an "outside" legend sits on the source line).
        legend.set_in_layout(False)
        engine = fig.get_layout_engine()
        bottom = engine.get()["rect"][1]
        height = legend.get_window_extent(canvas.get_renderer()).height / fig.dpi / fig.get_figheight()
        legend.set_bbox_to_anchor((0.5, bottom), transform=fig.transFigure)
        below = bottom + height + 0.01
        engine.set(rect=(0, below, 1, 1 - below))
    if texts:
        canvas.draw()  # adjustText measures the labels where the final layout puts them
        adjust_text(texts, x=list(table["result"]), y=list(table["target"]), ax=ax,
                    iter_lim=LABEL_ITERATIONS, time_lim=None, min_arrow_len=8, expand=(1.3, 1.6),
                    arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5})
    return fig


def common_targets_chart(common: pd.DataFrame, *, lang: str = "en", year: int | str = "",
                         source: str | None = None, width: float = DOUBLE_COLUMN_IN):
    """Horizontal bars: how many regions target each indicator (panel.common_target_indicators)."""
    check_lang(lang)
    fig = new_figure(len(common), width=width)
    ax = fig.add_subplot()
    rows = common.iloc[::-1]
    values = rows["regions"].tolist()
    ax.barh(range(len(values)), values, color=PALETTE["target"], height=0.6)
    for y, v in enumerate(values):
        ax.annotate(str(v), (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=6.5)
    ax.set_yticks(range(len(values)), [indicator_label(r, lang) for _, r in rows.iterrows()])
    ax.set_xlabel(_t(lang, "regions"))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.margins(x=0.1)
    finish(fig, _t(lang, "title_common", year=year), source)
    return fig
