"""The data dictionary of the figures table, rendered from helpers.metadata.columns for the README.

The README holds the rendered table between two markers; tests/test_dictionary.py fails when
the block is stale, and `python -m helpers.output.dictionary --write README.md` rewrites it (only the
block: the rest of the README is left byte for byte).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.atomic import write_text
from helpers.metadata.columns import FIGURE_COLUMNS

START_MARKER = "<!-- data-dictionary:start -->"
END_MARKER = "<!-- data-dictionary:end -->"
NOTE = (
    "<!-- Generated from src/helpers/metadata/columns.py by `python -m helpers.output.dictionary --write README.md`; "
    "do not edit by hand. -->"
)


def _cell(text: str) -> str:
    # A pipe would end the cell; a newline would end the row.
    return text.replace("|", r"\|").replace("\n", " ")


def render_data_dictionary() -> str:
    """A markdown table: column, type, required, allowed values, description (schema order)."""
    lines = [
        "| Column | Type | Required | Allowed values | Description |",
        "| --- | --- | --- | --- | --- |",
    ]
    for column in FIGURE_COLUMNS:
        allowed = ""
        if column.categories:
            allowed = ", ".join(f"`{c}`" for c in column.categories)
            if not column.required:
                allowed += " or empty"
        lines.append(
            f"| `{column.name}` | {column.dtype} | {'yes' if column.required else 'no'} "
            f"| {_cell(allowed)} | {_cell(column.description)} |"
        )
    return "\n".join(lines) + "\n"


def _block() -> str:
    return f"{START_MARKER}\n{NOTE}\n\n{render_data_dictionary()}{END_MARKER}"


def _span(readme_text: str) -> tuple[int, int] | None:
    """Start and end offsets of the marked block (markers included), or None without markers."""
    start = readme_text.find(START_MARKER)
    end = readme_text.find(END_MARKER, start + 1) if start >= 0 else -1
    if start < 0 or end < 0:
        return None
    return start, end + len(END_MARKER)


def has_markers(readme_text: str) -> bool:
    return _span(readme_text) is not None


def check_readme(readme_text: str) -> bool:
    """True when the README's marked block is exactly the rendered dictionary."""
    span = _span(readme_text)
    return span is not None and readme_text[span[0]:span[1]] == _block()


def update_readme(readme_text: str) -> str:
    """The README with its marked block replaced by the rendered dictionary."""
    span = _span(readme_text)
    if span is None:
        raise ValueError(f"the README has no {START_MARKER} … {END_MARKER} block")
    return readme_text[:span[0]] + _block() + readme_text[span[1]:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.output.dictionary",
        description="Print the figures data dictionary, or check/rewrite the README block.",
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", metavar="README", type=Path, help="rewrite the marked block in README")
    group.add_argument("--check", metavar="README", type=Path, help="exit 1 when the block is stale")
    args = parser.parse_args(argv)
    path = args.write or args.check
    if path is None:
        sys.stdout.write(render_data_dictionary())
        return 0
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    if not has_markers(text):
        print(f"error: {path} has no {START_MARKER} … {END_MARKER} block", file=sys.stderr)
        return 2
    if args.check:
        if check_readme(text):
            return 0
        print(f"{path}: the data dictionary is stale; run python -m helpers.output.dictionary --write {path}",
              file=sys.stderr)
        return 1
    new_text = update_readme(text)
    if new_text != text:
        write_text(path, new_text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
