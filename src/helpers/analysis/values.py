"""One copy of the small rules every comparison needs: a figure's value is stored as a positive
magnitude with its direction apart (下降3% is value 3, direction down), and a decline turns a
bound round."""

from __future__ import annotations

import math

import pandas as pd

# Units of rates that share one percent axis and are compared in percentage points.
RATE_UNITS = ("percent",)
# Units whose differences are percentage points (a tolerance of 0.5 pp applies to both).
POINT_UNITS = ("percent", "pp")
MONEY_UNIT = "CNY"


def signed(value, direction) -> float:
    """The figure as a signed number: 下降3% (value 3, direction down) is −3; NaN when missing."""
    if value is None or pd.isna(value):
        return math.nan
    return -float(value) if direction == "down" else float(value)


def signed_bound(bound: str, direction: str) -> str:
    """The bound of a figure read as a signed number: 下降2.5%以上 (a fall of at least 2.5) is at
    most −2.5, so min and max swap for a decline."""
    if direction == "down":
        return {"min": "max", "max": "min"}.get(bound, bound)
    return bound


COUNT_UNIT = "count"  # a plain count: its measure word (个, 家, 项 …) is in unit_zh


def same_unit(unit_a, unit_zh_a, unit_b, unit_zh_b) -> bool:
    """Can two figures be set against each other? Same unit code, and for plain counts the same
    measure word too (100个 and 80家 count different things)."""
    if not unit_a or unit_a != unit_b:
        return False
    return unit_a != COUNT_UNIT or (unit_zh_a or "") == (unit_zh_b or "")
