"""`gwr run` — execute the notebook collection on one report and render it as offline HTML."""

from __future__ import annotations


def add_arguments(parser):
    parser.add_argument("--report", metavar="PATH", default=None,
                        help="report file (.txt/.html/.pdf/.docx); default: the seed report")
    parser.add_argument("--region", default=None,
                        help="region, e.g. 'Inner Mongolia' or 内蒙古; default: as the report says")
    parser.add_argument("--year", type=int, default=None, help="report year; default: as the report says")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="chart labels (default: en)")
    parser.add_argument("--out", metavar="DIR", default=None,
                        help="output folder; default: reports/<region_code>/<year>/ (<year>-zh/ with --lang zh)")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default: 2)")
    parser.add_argument("--refresh-committed", action="store_true",
                        help="instead: re-execute notebooks/*.ipynb in place on their default inputs (01-03 the seed, 04-06 the corpus files they name)")


def run(args) -> int:
    import sys
    from pathlib import Path

    from helpers.errors import ParameterError
    from helpers.pipeline.lean_imports import skip_slow_optional_imports

    skip_slow_optional_imports()  # before runner imports nbformat
    from helpers.pipeline import runner

    if args.jobs < 1:
        raise ParameterError(f"--jobs must be at least 1, not {args.jobs}")
    progress = sys.stderr.isatty()
    if args.refresh_committed:
        for t in runner.refresh_committed(jobs=args.jobs, progress=progress):
            print(f"{t.name}: refreshed ({t.total_s:.1f} s)")
        return 0
    # A path typed on the command line is relative to where the user is, not to the project
    # (the notebooks' own report_path parameter resolves from the project root).
    report = None if args.report is None else str(Path(args.report).expanduser().absolute())
    result = runner.run_collection(
        report_path=report, region=args.region, report_year=args.year, lang=args.lang,
        out_dir=args.out, jobs=args.jobs, progress=progress,
    )
    print(f"{result.out_dir / 'index.html'}  ({len(result.timings)} notebooks, {result.wall_s:.1f} s)")
    return 0
