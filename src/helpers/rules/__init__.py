"""The rules of reading a report, kept as data that an economist or a linguist edits:

    regions.csv     the 31 provincial-level regions and the nation: names, aliases, issuers
    indicators.csv  the indicator registry: names, aliases, usual measure, unit, good direction
    units.csv       units and multipliers as printed → canonical code and factor
    lexicon/        the words of the reading rules (qualifiers, cue words, heading words …),
                    one YAML file per group, each entry with an example that runs as a test
    labels.yml      the English and Chinese words of charts and tables

This package is the bottom layer: it imports nothing else of helpers but errors."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).resolve().parent


@cache
def read_csv(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a rules CSV, as read (every value a string)."""
    with open(RULES_DIR / name, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@cache
def read_yaml(name: str):
    """A rules YAML file, parsed (safe loader: data only). libyaml's loader where PyYAML has it:
    the same data, nine times faster (the lexicon took 0.22 s of every process's start)."""
    with open(RULES_DIR / name, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (a safe loader)
