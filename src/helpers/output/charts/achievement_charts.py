"""Charts of target achievement across regions (notebook 06), from a panel scorecard
(helpers.analysis.panel_views.panel_scorecard and its views): how often each indicator's targets
were met, exceeded or missed; each region's GDP target zone and outcome; how far outcomes fall
from targets."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.analysis.scorecard import EXCEEDED, MET, MISSED
from helpers.output.charts.canvas import finish, indicator_label, new_figure, row_labels
from helpers.output.charts.panel_charts import VERDICT_COLORS
from helpers.output.charts.style import ANNOTATION_FONT_PT, DOUBLE_COLUMN_IN, PALETTE, check_lang
from helpers.rules.labels import labels

TEXT = labels("achievement_charts")
JUDGED = (MET, EXCEEDED, MISSED)


def _t(lang: str, key: str, **fields):
    value = TEXT[check_lang(lang)][key]
    return value.format(**fields) if isinstance(value, str) else value


def achievement_chart(by_indicator: pd.DataFrame, *, lang: str = "en", source: str | None = None,
                      width: float = DOUBLE_COLUMN_IN, top: int = 15):
    """Stacked bars, one per indicator: the share of its judged targets met, exceeded and missed
    (panel_views.achievement_by_indicator, most-judged first; the `top` of them); the number
    judged is written beside each bar."""
    check_lang(lang)
    rows = by_indicator[by_indicator["judged"] > 0].head(top).reset_index(drop=True)
    fig = new_figure(len(rows), width)
    ax = fig.add_subplot()
    n = len(rows)
    verdicts = _t(lang, "verdict")
    for k, verdict in enumerate(JUDGED):
        left = rows[[f"share_{v}" for v in JUDGED[:k]]].sum(axis=1) if k else pd.Series(0.0, index=rows.index)
        ax.barh([n - 1 - i for i in rows.index], rows[f"share_{verdict}"] * 100, left=left * 100,
                color=VERDICT_COLORS[verdict], height=0.6, label=verdicts[verdict])
    for i, row in rows.iterrows():
        ax.annotate(f"n={int(row['judged'])}", (100, n - 1 - i), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=ANNOTATION_FONT_PT)
    ax.set_yticks(range(n), row_labels([indicator_label(r, lang) for _, r in rows.iloc[::-1].iterrows()], width))
    ax.set_xlim(0, 112)
    ax.set_xlabel(_t(lang, "share_axis"))
    fig.legend(loc="outside right upper")
    finish(fig, _t(lang, "title_achievement"), source)
    return fig


def gdp_outcome_chart(gdp: pd.DataFrame, *, lang: str = "en", source: str | None = None,
                      width: float = DOUBLE_COLUMN_IN):
    """One row per region and year (panel_views.gdp_outcomes): the met zone of its GDP growth
    target as a band, the target as a diamond, the outcome as a dot coloured by verdict."""
    check_lang(lang)
    rows = gdp[gdp["target_value"].notna()].reset_index(drop=True)
    fig = new_figure(len(rows), width)
    ax = fig.add_subplot()
    n = len(rows)
    for i, row in rows.iterrows():
        y = n - 1 - i
        lo, hi = row["met_from"], row["met_to"]
        if not (math.isinf(lo) or math.isinf(hi)):
            ax.barh(y, hi - lo, left=lo, height=0.5, color="#DDDDDD", zorder=1)
        # hollow and on top: an outcome equal to the target stays visible inside it
        ax.plot([row["target_value"]], [y], "D", ms=8, mfc="none", mew=1.3, color=PALETTE["target"], zorder=5)
        if not pd.isna(row["outcome"]):
            ax.plot([row["outcome"]], [y], "o", ms=6, color=VERDICT_COLORS.get(row["verdict"], "#999999"), zorder=4)
            ax.annotate(f"{row['outcome']:g}", (row["outcome"], y), xytext=(0, 6), textcoords="offset points",
                        ha="center", fontsize=ANNOTATION_FONT_PT)
    names = [f"{r['region_zh'] if lang == 'zh' else r['region']} {int(r['target_year'])}"
             for _, r in rows.iloc[::-1].iterrows()]
    ax.set_yticks(range(n), names)
    ax.set_ylim(-0.7, max(n, 1) - 0.3)
    ax.set_xlabel(_t(lang, "gdp_axis"))
    ax.margins(x=0.15)
    verdicts = _t(lang, "verdict")
    handles = [Patch(color="#DDDDDD", label=_t(lang, "met_zone")),
               Line2D([], [], ls="", marker="D", mfc="none", color=PALETTE["target"], label=_t(lang, "target"))]
    handles += [Line2D([], [], ls="", marker="o", color=VERDICT_COLORS[v], label=verdicts[v])
                for v in JUDGED if (rows["verdict"] == v).any()]
    fig.legend(handles=handles, loc="outside right upper")
    finish(fig, _t(lang, "title_gdp_outcomes"), source)
    return fig


def gap_chart(table: pd.DataFrame, *, lang: str = "en", source: str | None = None,
              width: float = DOUBLE_COLUMN_IN):
    """Outcome minus target, in percentage points, of every judged rate target (one dot per
    region and indicator, indicators in rows): the spread of over- and under-achievement."""
    check_lang(lang)
    rates = table[table["verdict"].isin(JUDGED) & table["unit"].isin(("percent", "pp"))]
    order = list(dict.fromkeys(rates.sort_values("indicator", kind="stable")["indicator"]))
    fig = new_figure(len(order), width)
    ax = fig.add_subplot()
    n = len(order)
    for i, code in enumerate(order):
        part = rates[rates["indicator"] == code]
        ax.scatter(part["gap"], [n - 1 - i] * len(part), s=18, zorder=3,
                   color=[VERDICT_COLORS[v] for v in part["verdict"]])
    names = [indicator_label(rates[rates["indicator"] == c].iloc[0], lang) for c in order][::-1]
    ax.set_yticks(range(n), row_labels(names, width))
    ax.set_ylim(-0.7, max(n, 1) - 0.3)
    ax.axvline(0, color="#888888", lw=0.6)
    ax.set_xlabel(_t(lang, "gap_axis"))
    ax.margins(x=0.15)
    finish(fig, _t(lang, "title_gaps"), source)
    return fig
