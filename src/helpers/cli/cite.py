"""`gwr cite FIGURE_ID [--data DIR]` — print the citation lines, the exact quote and the
BibTeX entry of one figure.

The figure is looked up in every figures.csv under DIR (default data/processed/, i.e. every
<region>/<year>/figures.csv and any panel folder). The report's metadata comes from the
report.json beside that figures.csv; without one, the figure row's region and year are used.
"""

from __future__ import annotations

import argparse
import csv
import difflib
from pathlib import Path

from helpers.errors import InputError
from helpers.metadata.layout import FIGURES_CSV

HOW_TO_FIND_IDS = (
    "run `gwr extract REPORT` and look at the figure_id column of "
    "data/processed/<region>/<year>/figures.csv"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("figure_id", metavar="FIGURE_ID", help="the figure_id column of figures.csv")
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        default=None,
        help="a dataset folder holding figures.csv, or a folder searched for them "
        "(default: data/processed/)",
    )


# The columns a citation needs; a figures.csv without them is not one of ours.
NEEDED_COLUMNS = ("figure_id", "region", "region_zh", "report_year", "text", "quote")


def dataset_files(data: Path) -> list[Path]:
    """figures.csv files under `data`, in a fixed order (sorted paths). Hidden folders are
    skipped: they hold a run's staging area or a killed run's leftovers, never a dataset."""
    if data.is_file():
        return [data]
    if (data / FIGURES_CSV).is_file():
        return [data / FIGURES_CSV]
    return sorted(p for p in data.rglob(FIGURES_CSV)
                  if not any(part.startswith(".") for part in p.relative_to(data).parts))


def find_figure(figure_id: str, files: list[Path]) -> tuple[dict[str, str], Path]:
    """The first row whose figure_id matches, with the file it came from."""
    seen: list[str] = []
    for path in files:
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                lacking = [c for c in NEEDED_COLUMNS if c not in (reader.fieldnames or ())]
                if lacking:
                    raise InputError(f"{path}: not a figures table (no column {lacking[0]!r})")
                for row in reader:
                    if row.get("figure_id") == figure_id:
                        return row, path
                    seen.append(row.get("figure_id") or "")
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise InputError(f"cannot read {path}: {exc}") from None
    close = difflib.get_close_matches(figure_id, seen, n=1, cutoff=0.8)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise InputError(f"no figure with id {figure_id!r} in {len(files)} dataset(s){hint}; {HOW_TO_FIND_IDS}")


def run(args: argparse.Namespace) -> int:
    from helpers.metadata.layout import REPORT_JSON
    from helpers.metadata.report_meta import meta_from_figure, read_report_metas
    from helpers.output.cite import figure_citation_text
    from helpers.paths import PROCESSED_DIR

    data = args.data if args.data is not None else PROCESSED_DIR
    if not data.exists():
        raise InputError(f"no datasets: {data} does not exist; {HOW_TO_FIND_IDS}")
    files = dataset_files(data)
    if not files:
        raise InputError(f"no figures.csv under {data}; {HOW_TO_FIND_IDS}")
    figure, path = find_figure(args.figure_id, files)

    meta = meta_from_figure(figure)
    report_json = path.parent / REPORT_JSON
    if report_json.is_file():
        for candidate in read_report_metas(report_json):
            if candidate.region == figure["region"] and str(candidate.report_year) == figure["report_year"]:
                meta = candidate
                break
    print(figure_citation_text(figure, meta), end="")
    return 0
