"""Table cells as a reader sees them: a target with its bound (≈ 5.5, ≥ 18, 5–5.5), a result
with † when it is an estimate, — for nothing stated, magnitudes as mn / bn / tn. Used alike by
the paper tables, the notebooks' views and the scorecard."""

from __future__ import annotations

import pandas as pd

from helpers.analysis.values import signed_bound

BOUND_SYMBOLS = {"approx": "≈", "min": "≥", "max": "≤"}
ESTIMATE_MARK = "†"
UNIT_LABELS = {"percent": "%"}
MISSING = "—"


def missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def truthy(value) -> bool:
    return False if missing(value) else bool(value)


def format_value(value, direction: str = "") -> str:
    """A number for a table: 1,234 / 5.5 / 57.76 bn; `down` gives a minus sign (U+2212)."""
    if missing(value):
        return MISSING
    number = float(value)
    sign = "−" if direction == "down" and number != 0 else ""
    magnitude = abs(number)
    for scale, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "mn")):
        if magnitude >= scale:
            scaled = f"{magnitude / scale:.2f}".rstrip("0").rstrip(".")
            return f"{sign}{scaled} {suffix}"
    if magnitude.is_integer():
        return f"{sign}{int(magnitude):,}"
    return f"{sign}{magnitude:,.2f}".rstrip("0").rstrip(".")


def format_target(row) -> str:
    """The target cell: `≈ 5.5`, `≥ 18`, `5–5.5` (range), `5.5` (exact).

    A decline (`target_direction == 'down'`) is shown as a signed change, so its bound turns
    round: 下降2.5%以上 (a fall of at least 2.5) is `≤ −2.5`, and a range runs −3 to −2."""
    down = str(row.get("target_direction", "") or "") == "down"
    direction = "down" if down else ""
    bound = str(row.get("target_bound", "") or "")
    lower, upper = row.get("target_lower"), row.get("target_upper")
    if bound == "range" and not (missing(lower) or missing(upper)):
        if down:
            return f"{format_value(upper, direction)} to {format_value(lower, direction)}"
        return f"{format_value(lower)}–{format_value(upper)}"
    if missing(row.get("target_value")):
        return MISSING
    bound = signed_bound(bound, direction)
    symbol = BOUND_SYMBOLS.get(bound)
    shown = format_value(row.get("target_value"), direction)
    return f"{symbol} {shown}" if symbol else shown


def format_result(row) -> str:
    """The result cell, with † when it is an estimate."""
    shown = format_value(row.get("result_value"), str(row.get("result_direction", "") or ""))
    if shown != MISSING and truthy(row.get("result_is_estimate")):
        shown += ESTIMATE_MARK
    return shown
