"""`gwr add FILE|URL` — register a report under data/raw/ and in data/raw/manifest.csv: a file on
disk, or a web page (or a link to a PDF or .docx) fetched and stored unchanged."""

from __future__ import annotations

from pathlib import Path


def add_arguments(parser):
    parser.add_argument(
        "file", metavar="FILE|URL",
        help="the report: a .txt, .html/.htm, .pdf (text layer) or .docx file, or an http(s) address to fetch"
    )
    parser.add_argument(
        "--region", help="region name or code (e.g. 'Inner Mongolia', 内蒙古, guangdong, national)"
    )
    parser.add_argument(
        "--year", help="the report's year (the year it is delivered in and plans for)"
    )
    parser.add_argument("--url", help="for a FILE: where it was downloaded from")
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="for a URL: how long to wait for the server (default: 30)")
    parser.add_argument("--title", help="the report's title as printed, when the text lacks it")
    parser.add_argument("--date", dest="date_delivered", help="date delivered, YYYY-MM-DD")
    parser.add_argument(
        "--root", type=Path, default=None, help="raw-data folder (default: data/raw)"
    )


def run(args) -> int:
    from helpers.errors import ParameterError
    from helpers.pipeline.fetch import TIMEOUT_S, add_url, is_url
    from helpers.pipeline.register import add_report
    from helpers.read.manifest import manifest_path

    common = dict(region=args.region, year=args.year, title=args.title,
                  date_delivered=args.date_delivered, root=args.root)
    if is_url(args.file):
        if args.url:
            raise ParameterError("give a URL or --url, not both: the address fetched is the one recorded")
        timeout = TIMEOUT_S if args.timeout is None else args.timeout
        if not 0 < timeout <= 600:
            raise ParameterError(f"--timeout must be between 0 and 600 seconds, not {args.timeout}")
        result = add_url(args.file, timeout_s=timeout, **common)
    else:
        if args.timeout is not None:
            raise ParameterError("--timeout is for a URL; a FILE is read from disk")
        result = add_report(Path(args.file), url=args.url, **common)
    for note in result.notes:
        print(note)
    entry = result.entry
    what = f"{entry['region']} {entry['report_year']} ({entry['format']}, {entry['encoding']})"
    if result.added:
        print(f"registered {what} as {result.path}; manifest {manifest_path(args.root)}")
    else:
        print(f"already registered: {what} as {result.path}, same sha256; nothing to do")
    return 0
