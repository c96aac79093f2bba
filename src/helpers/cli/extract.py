"""`gwr extract REPORT [--region NAME] [--year YYYY] [-o OUT.csv]`: the figures table as CSV."""

from __future__ import annotations

import sys
from pathlib import Path


def add_arguments(parser):
    parser.add_argument("report", help="the report file (.txt, .html, .pdf with a text layer, .docx)")
    parser.add_argument("--region", help="region, in English or Chinese (default: from the text or manifest)")
    parser.add_argument("--year", help="report year (default: from the text or manifest)")
    parser.add_argument("-o", "--output", help="write the CSV here instead of to standard output")
    parser.add_argument(
        "--data-dir",
        help="root of the processed datasets (default: data/processed of the project)",
    )
    parser.add_argument(
        "--no-save", action="store_true", help="do not write data/processed/<region>/<year>/"
    )


def run(args) -> int:
    from helpers.atomic import check_output_file, write_bytes
    from helpers.figures.report import load_report
    from helpers.metadata.columns import check
    from helpers.output.datapackage import figures_csv_bytes
    from helpers.output.dataset import write_dataset

    output = check_output_file(args.output, inputs=[args.report]) if args.output else None
    report = load_report(args.report, region=args.region, year=args.year)
    # Checked once: here when nothing is saved, else by write_dataset before it writes.
    figures = check(report.figures) if args.no_save else report.figures
    if figures.empty:
        print(f"gwr extract: warning: no quantitative figures found in {args.report}", file=sys.stderr)
    data = figures_csv_bytes(figures)
    if not args.no_save:
        folder = write_dataset(report, Path(args.data_dir) if args.data_dir else None)
        print(f"gwr extract: {len(figures)} figures → {folder}", file=sys.stderr)
    if output is not None:
        write_bytes(output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
