"""labels.yml, read: the English and Chinese words of charts and tables."""

from __future__ import annotations

from helpers.rules import read_yaml

LABELS = "labels.yml"
# The languages every group of labels has (a new one is a key under each group).
LANGS: tuple[str, ...] = tuple(read_yaml(LABELS)["report_charts"])


def labels(group: str) -> dict[str, dict]:
    """lang → {key: text} of one group (report_charts, panel_charts, by)."""
    return read_yaml(LABELS)[group]
