"""rules/lexicon/*.yml, read: the words of the reading rules, by family.

A family is a list of entries; an entry is a `word` (matched literally) or a `pattern` (a
regular expression, where a word alone is not enough), with attributes the rules use (`bound`,
`part` …) and the `example`, `expect` and `reason` that document and test it. Rules build their
regular expressions from families here, so the code holds no Chinese vocabulary of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from helpers.rules import RULES_DIR, read_yaml

LEXICON_DIR = "lexicon"  # one YAML file per group of families; a family lives in one file only
_DOC_KEYS = ("word", "pattern", "example", "expect", "figure", "context", "reason")


@dataclass(frozen=True)
class Entry:
    family: str
    word: str | None  # matched literally
    pattern: str | None  # a regular expression
    example: str
    expect: dict = field(default_factory=dict)
    figure: str | None = None  # the printed figure the expectation is about (None: the first)
    context: str = "plan"  # where the example sits: plan, review, or none (a whole text)
    reason: str = ""
    attrs: dict = field(default_factory=dict)  # what the rules use: bound, part, review …

    @property
    def regex(self) -> str:
        return self.pattern if self.pattern is not None else re.escape(self.word)

    def __getitem__(self, name: str):
        return self.attrs[name]

    def get(self, name: str, default=None):
        return self.attrs.get(name, default)


@lru_cache(maxsize=1)
def _families() -> dict[str, tuple[Entry, ...]]:
    out = {}
    for path in sorted((RULES_DIR / LEXICON_DIR).glob("*.yml")):
        for name, entries in read_yaml(f"{LEXICON_DIR}/{path.name}").items():
            if name in out:
                raise ValueError(f"lexicon family {name} is defined twice (again in {path.name})")
            out[name] = _entries(name, entries)
    return out


def _entries(name: str, entries: list) -> tuple[Entry, ...]:
    return tuple(
        Entry(
            family=name,
            word=None if e.get("word") is None else str(e["word"]),
            pattern=e.get("pattern"),
            example=str(e.get("example") or ""),
            expect=dict(e.get("expect") or {}),
            figure=e.get("figure"),
            context=e.get("context", "plan"),
            reason=str(e.get("reason") or ""),
            attrs={k: v for k, v in e.items() if k not in _DOC_KEYS},
        )
        for e in entries
    )


def families() -> dict[str, tuple[Entry, ...]]:
    """Every family, in file order."""
    return dict(_families())


def family(name: str) -> tuple[Entry, ...]:
    return _families()[name]


def words(name: str, **where) -> tuple[str, ...]:
    """The literal words of a family, in file order, optionally only entries whose attributes
    equal `where` (e.g. words("part_headings", dated=True))."""
    out = []
    for e in family(name):
        if all(e.get(k) == v for k, v in where.items()):
            if e.word is None:
                raise ValueError(f"lexicon family {name} has a pattern where a word is needed")
            out.append(e.word)
    return tuple(out)


def alternation(name: str, *, longest_first: bool = False, **where) -> str:
    """`a|b|c` of a family's words (escaped) and patterns, in file order or longest first."""
    entries = [e for e in family(name) if all(e.get(k) == v for k, v in where.items())]
    if longest_first:
        entries = sorted(entries, key=lambda e: len(e.word or e.pattern), reverse=True)
    return "|".join(e.regex for e in entries)


def mapping(name: str, attr: str) -> dict[str, str]:
    """word → one attribute, in file order (e.g. mapping("bound_before", "bound"))."""
    return {e.word: e[attr] for e in family(name)}
