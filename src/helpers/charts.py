"""Charts of one report. Each takes a tidy table from helpers.compare and returns a Figure;
`save_figure` writes it as PNG, SVG and PDF, byte-identical on every save.

Labels are English by default, Chinese with lang="zh" (indicator_zh)."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd

from helpers import PROJECT_NAME, __version__
from helpers.atomic import write_bytes
from helpers.compare import PERCENT_UNITS, signed
from helpers.style import (
    BOUND_MARKERS,
    BOUND_SIGNS,
    BY_LABELS,
    DOUBLE_COLUMN_IN,
    MIN_HEIGHT_IN,
    PALETTE,
    ROW_HEIGHT_IN,
    add_source_line,
    apply_style,
    check_lang,
    text,
)

FORMATS = ("png", "svg", "pdf")

# Fixed metadata: no dates, no library versions that would make two saves differ.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": f"{PROJECT_NAME} {__version__}"},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None,
            "Creator": f"{PROJECT_NAME} {__version__}"},
}


def _new_figure(n_rows: int, width: float = DOUBLE_COLUMN_IN):
    from matplotlib.figure import Figure

    apply_style()
    height = max(MIN_HEIGHT_IN, 0.9 + ROW_HEIGHT_IN * max(n_rows, 1))
    # A bare Figure (not pyplot): nothing is kept in pyplot's registry, nothing to close.
    return Figure(figsize=(width, height), layout="constrained")


def indicator_label(row, lang: str) -> str:
    if lang == "zh":
        return row["indicator_zh"] or row["indicator_en"] or row["indicator"]
    return row["indicator_en"] or row["indicator_zh"] or row["indicator"]


def _finish(fig, title: str, source: str | None) -> None:
    fig.suptitle(title, x=0.01, ha="left", fontsize=9)
    if source:
        add_source_line(fig, source)
        # keep 0.15 in free under the layout for the source line
        bottom = 0.15 / fig.get_figheight()
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


def results_vs_targets_chart(comparison: pd.DataFrame, *, lang: str = "en", title_region: str = "",
                             source: str | None = None):
    """Dumbbell chart on percent axes: last year's result → this year's target.

    Growth rates and shares (rates that are levels, such as a utilisation rate of 90%) get a
    panel each, so 5% growth is not squeezed beside 98% coverage. Target markers show the bound
    (▲ at least, ▼ at most, ● about, ◆ exactly, a bar for a range); a hollow result marker is
    an estimate (预计); a missing result is written out."""
    check_lang(lang)
    rows = percent_rows(comparison)
    is_share = rows["measure"] == "share"
    panels = [p for p in (rows[~is_share].reset_index(drop=True), rows[is_share].reset_index(drop=True))
              if len(p)] or [rows]
    fig = _new_figure(len(rows) + 1.5 * (len(panels) - 1))
    axes = fig.subplots(len(panels), 1, height_ratios=[max(len(p), 1) for p in panels], squeeze=False)
    for ax, panel in zip(axes[:, 0], panels, strict=True):
        _dumbbell(ax, panel, lang)
    axes[-1, 0].set_xlabel(text(lang, "percent_axis"))
    ry = int(comparison["result_year"].iloc[0]) if len(comparison) else 0
    ty = int(comparison["target_year"].iloc[0]) if len(comparison) else 0
    _legend(fig, lang, ry, ty)
    _finish(fig, text(lang, "title_rvt", region=title_region, ry=ry, ty=ty), source)
    return fig


def _dumbbell(ax, rows: pd.DataFrame, lang: str) -> None:
    n = len(rows)
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
            ax.plot([r], [y], "o", ms=6, zorder=3, color=PALETTE["estimate" if estimate else "result"],
                    mfc="white" if estimate else PALETTE["result"])
        else:
            ax.annotate(text(lang, "not_stated"), (t, y), xytext=(8, 0), textcoords="offset points",
                        va="center", fontsize=6, color=PALETTE["not_stated"], style="italic")
        bound = row["target_bound"]
        if row["target_direction"] == "down":  # 下降3%以上 is a signed change of at most −3
            bound = {"min": "max", "max": "min"}.get(bound, bound)
        ax.plot([t], [y], BOUND_MARKERS.get(bound, "o"), ms=6, zorder=4, color=PALETTE["target"])
        ax.annotate(f"{BOUND_SIGNS.get(bound, '')}{_fmt(t)}", (t, y), xytext=(0, 6),
                    textcoords="offset points", ha="center", fontsize=6.5, color=PALETTE["target"])
    ax.set_yticks(range(n), [indicator_label(r, lang) for _, r in rows.iloc[::-1].iterrows()])
    ax.set_ylim(-0.7, max(n, 1) - 0.3)
    ax.axvline(0, color="#888888", lw=0.6)
    ax.margins(x=0.12)


def _legend(fig, lang: str, ry: int, ty: int) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], ls="", marker="o", color=PALETTE["result"], label=text(lang, "result", year=ry)),
        Line2D([], [], ls="", marker="o", color=PALETTE["estimate"], mfc="white",
               label=text(lang, "estimate")),
    ]
    for bound in ("min", "approx", "max", "exact"):
        handles.append(Line2D([], [], ls="", marker=BOUND_MARKERS[bound], color=PALETTE["target"],
                              label=f"{text(lang, 'target', year=ty)} {BOUND_SIGNS[bound]}"))
    fig.legend(handles=handles, loc="outside right upper")


def implied_change_chart(comparison: pd.DataFrame, *, lang: str = "en", title_region: str = "",
                         source: str | None = None):
    """Horizontal bars: the change from last year's level to this year's target, in percent."""
    check_lang(lang)
    rows = level_rows(comparison)
    fig = _new_figure(len(rows))
    ax = fig.add_subplot()
    ry = int(comparison["result_year"].iloc[0]) if len(comparison) else 0
    ty = int(comparison["target_year"].iloc[0]) if len(comparison) else 0
    values = rows["implied_change_pct"].tolist()[::-1]
    labels = [indicator_label(r, lang) for _, r in rows.iloc[::-1].iterrows()]
    colors = [PALETTE["bar"] if v >= 0 else PALETTE["bar_negative"] for v in values]
    ax.barh(range(len(values)), values, color=colors, height=0.6)
    for y, (v, (_, row)) in enumerate(zip(values, rows.iloc[::-1].iterrows(), strict=True)):
        mark = "*" if bool(row["result_is_estimate"]) else ""
        ax.annotate(f"{v:+.1f}%{mark}", (v, y), xytext=(3 if v >= 0 else -3, 0),
                    textcoords="offset points", va="center", ha="left" if v >= 0 else "right",
                    fontsize=6.5)
    ax.set_yticks(range(len(values)), labels)
    ax.axvline(0, color="#888888", lw=0.6)
    ax.set_xlabel(text(lang, "implied_change", ry=ry, ty=ty))
    ax.margins(x=0.15)
    _finish(fig, text(lang, "title_implied", region=title_region, ty=ty), source)
    return fig


def counts_chart(counts: pd.DataFrame, by: str, *, lang: str = "en", title_region: str = "",
                 target_year: int = 0, source: str | None = None):
    """Horizontal bars of a target_profile table (`by` column plus `targets`)."""
    check_lang(lang)
    fig = _new_figure(len(counts))
    ax = fig.add_subplot()
    labels = [str(x) for x in counts[by]][::-1]
    values = counts["targets"].tolist()[::-1]
    ax.barh(range(len(values)), values, color=PALETTE["target"], height=0.6)
    for y, v in enumerate(values):
        ax.annotate(str(v), (v, y), xytext=(3, 0), textcoords="offset points", va="center",
                    fontsize=6.5)
    ax.set_yticks(range(len(values)), labels)
    ax.set_xlabel(text(lang, "count"))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.margins(x=0.1)
    _finish(fig, text(lang, "title_by", region=title_region, ty=target_year,
                      by=BY_LABELS[lang].get(by, by)), source)
    return fig


def money_targets_chart(largest: pd.DataFrame, *, lang: str = "en", title_region: str = "",
                        target_year: int = 0, source: str | None = None):
    """Horizontal bars of the largest money targets (target_profile(...).largest_money)."""
    check_lang(lang)
    fig = _new_figure(len(largest))
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
                    va="center", fontsize=6.5)
    ax.set_yticks(range(len(values)), [indicator_label(r, lang) for _, r in rows.iterrows()])
    ax.set_xlabel(text(lang, "money"))
    ax.margins(x=0.15)
    _finish(fig, text(lang, "title_money", region=title_region, ty=target_year), source)
    return fig


def figure_bytes(fig, fmt: str) -> bytes:
    """The figure in one format, with fixed metadata (no dates) so saves are reproducible."""
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": PROJECT_NAME}):
        fig.savefig(buf, format=fmt, dpi=300 if fmt == "png" else "figure", metadata=_METADATA[fmt])
    return buf.getvalue()


def save_figure(fig, folder: str | Path, stem: str) -> dict[str, Path]:
    """Write `<folder>/<stem>.png` (300 dpi), `.svg` and `.pdf`, each atomically.

    Returns the paths by format. Saving the same figure again gives identical bytes."""
    folder = Path(folder)
    out = {}
    for fmt in FORMATS:
        path = folder / f"{stem}.{fmt}"
        write_bytes(path, figure_bytes(fig, fmt))
        out[fmt] = path
    return out
