"""`gwr add FILE` — register a report file under data/raw/ and in data/raw/manifest.csv."""

from __future__ import annotations

from pathlib import Path


def add_arguments(parser):
    parser.add_argument(
        "file", type=Path, help="the report: .txt, .html/.htm, .pdf (text layer) or .docx"
    )
    parser.add_argument(
        "--region", help="region name or code (e.g. 'Inner Mongolia', 内蒙古, guangdong, national)"
    )
    parser.add_argument(
        "--year", help="the report's year (the year it is delivered in and plans for)"
    )
    parser.add_argument("--url", help="where the report was downloaded from")
    parser.add_argument("--title", help="the report's title as printed, when the text lacks it")
    parser.add_argument("--date", dest="date_delivered", help="date delivered, YYYY-MM-DD")
    parser.add_argument(
        "--root", type=Path, default=None, help="raw-data folder (default: data/raw)"
    )


def run(args) -> int:
    from helpers.pipeline.register import add_report
    from helpers.read.manifest import manifest_path

    result = add_report(
        args.file,
        region=args.region,
        year=args.year,
        url=args.url,
        title=args.title,
        date_delivered=args.date_delivered,
        root=args.root,
    )
    for note in result.notes:
        print(note)
    entry = result.entry
    what = f"{entry['region']} {entry['report_year']} ({entry['format']}, {entry['encoding']})"
    if result.added:
        print(f"registered {what} as {result.path}; manifest {manifest_path(args.root)}")
    else:
        print(f"already registered: {what} as {result.path}, same sha256; nothing to do")
    return 0
