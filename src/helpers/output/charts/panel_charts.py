"""Charts across two reports (the scorecard) and across regions (the panel).

Same look as report_charts (style, fonts, source line, bound markers); each function takes a
table from helpers.analysis (scorecard, panel_views) and returns a bare matplotlib Figure, saved with
helpers.output.charts.save."""

from __future__ import annotations

import math

import pandas as pd
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
from helpers.analysis.values import POINT_UNITS, signed, signed_bound
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
    """x (signed, the target's unit) as the chart shows it: minus the target, in pp for rates,
    in percent of the target for levels."""
    t = signed(row["target_value"], row["target_direction"])
    if row["unit"] in POINT_UNITS:
        return x - t
    return (x - t) / abs(t) * 100 if t else math.nan


def scorecard_chart(table: pd.DataFrame, *, lang: str = "en", title_region: str = "",
                    source: str | None = None, width: float = DOUBLE_COLUMN_IN):
    """One row per target: the target at 0, its met zone as a band, the result as a dot
    coloured by verdict; rates in percentage points, levels in percent of the target."""
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
    handles = [Patch(color="#DDDDDD", label=_t(lang, "met_zone"))]
    handles += [Line2D([], [], ls="", marker="o", color=VERDICT_COLORS[v], label=verdicts[v])
                for v in (MET, EXCEEDED, MISSED) if (table["verdict"] == v).any()]
    handles += _bound_handles([_drawn_bound(r) for _, r in table.iterrows()], lang)
    fig.legend(handles=handles, loc="outside right upper")
    year = int(table["target_year"].iloc[0]) if len(table) else ""
    finish(fig, _t(lang, "title_scorecard", region=title_region, year=year), source)
    return fig


def _drawn_bound(row) -> str:
    """The bound of the signed target: 下降2.5%以上 (a fall of at least 2.5) is at most −2.5."""
    return signed_bound(row["target_bound"], row["target_direction"])


def _scorecard_panel(ax, rows: pd.DataFrame, lang: str) -> None:
    n = len(rows)
    gaps = []
    for _, row in rows.iterrows():
        r = signed(row["result_value"], row["result_direction"])
        if not math.isnan(r):
            gaps.append(_relative(row, r))
    span = max([abs(g) for g in gaps if not math.isnan(g)] + [1.0]) * 1.6
    for i, row in rows.iterrows():
        y = n - 1 - i
        a, b = met_zone(target_value=row["target_value"], target_bound=row["target_bound"],
                        target_lower=row["target_lower"], target_upper=row["target_upper"],
                        target_direction=row["target_direction"], unit=row["unit"],
                        good_direction=row["good_direction"])
        left = -span if math.isinf(a) else _relative(row, a)
        right = span if math.isinf(b) else _relative(row, b)
        ax.barh(y, right - left, left=left, height=0.5, color="#DDDDDD", zorder=1)
        ax.plot([0], [y], BOUND_MARKERS.get(_drawn_bound(row), "o"), ms=5, color=PALETTE["target"], zorder=3)
        r = signed(row["result_value"], row["result_direction"])
        verdict = row["verdict"]
        label = _t(lang, "verdict")[verdict]
        if math.isnan(r) or verdict in (NOT_JUDGED, NO_TARGET):
            ax.annotate(label, (0, y), xytext=(8, 0), textcoords="offset points", va="center",
                        fontsize=6, color=PALETTE["not_stated"], style="italic")
            continue
        x = _relative(row, r)
        estimate = bool(row["result_is_estimate"]) if not pd.isna(row["result_is_estimate"]) else False
        color = VERDICT_COLORS[verdict]
        ax.plot([x], [y], "o", ms=6, color=color, mfc="white" if estimate else color, zorder=4)
        ax.annotate(label, (x, y), xytext=(0, 6), textcoords="offset points", ha="center",
                    fontsize=6, color=color)
    ax.set_yticks(range(n), [indicator_label(r, lang) for _, r in rows.iloc[::-1].iterrows()])
    ax.set_ylim(-0.7, max(n, 1) - 0.3)
    ax.set_xlim(-span, span)
    ax.axvline(0, color="#888888", lw=0.6)


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


def target_result_scatter(table: pd.DataFrame, *, lang: str = "en", source: str | None = None,
                          width: float = DOUBLE_COLUMN_IN):
    """This year's target (y) against last year's result (x) per region and indicator
    (panel.targets_vs_results), with the 45° line: above it, the target asks for faster growth."""
    check_lang(lang)
    narrow = width < DOUBLE_COLUMN_IN
    fig = new_figure(0, width=width)
    # Square axes either way; in a single column the legend goes below the plot, not beside it.
    fig.set_figheight(width + 1.3 if narrow else 4.2)
    ax = fig.add_subplot()
    ax.set_aspect("equal", adjustable="box")
    ax.grid(True, axis="both")
    colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    indicators = list(dict.fromkeys(table["indicator"]))
    for k, code in enumerate(indicators):
        part = table[table["indicator"] == code]
        first = part.iloc[0]
        ax.scatter(part["result"], part["target"], s=22, color=colors[k % len(colors)], zorder=3,
                   label=indicator_label(first, lang))
    values = pd.concat([table["result"], table["target"]]) if len(table) else pd.Series([0.0, 1.0])
    lo, hi = float(values.min()), float(values.max())
    # Points that (nearly) coincide get one label listing them all, not overprinted names.
    step = max(hi - lo, 1.0) / 25
    labels: dict[tuple[int, int], list] = {}
    for _, row in table.iterrows():
        key = (round(row["result"] / step), round(row["target"] / step))
        name = row["region_zh"] if lang == "zh" else row["region"]
        labels.setdefault(key, [row["result"], row["target"], []])[2].append(name)
    for x, y, names in labels.values():
        ax.annotate(("、" if lang == "zh" else ", ").join(dict.fromkeys(names)), (x, y), xytext=(4, 2),
                    textcoords="offset points", fontsize=5.5, color="#444444")
    pad = max((hi - lo) * 0.1, 0.5)
    ax.plot([lo - pad, hi + pad], [lo - pad, hi + pad], color="#888888", lw=0.8, ls="--",
            label=_t(lang, "equal"), zorder=1)
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(lo - pad, hi + pad)
    year = int(table["target_year"].iloc[0]) if len(table) else ""
    prev = int(table["result_year"].iloc[0]) if len(table) else ""
    ax.set_xlabel(_t(lang, "scatter_x", prev=prev))
    ax.set_ylabel(_t(lang, "scatter_y", year=year))
    if narrow:
        fig.legend(loc="outside lower center", ncols=1, fontsize=6)
    else:
        fig.legend(loc="outside right upper")
    finish(fig, _t(lang, "title_scatter", year=year, prev=prev), source)
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
