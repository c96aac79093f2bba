"""`gwr scorecard REPORT_N REPORT_N1 [-o DIR]` or `gwr scorecard --region R [--year N1] [-o DIR]`:
report N's targets judged on report N+1's outcomes (helpers.analysis.scorecard), printed as a
table and written as scorecard.csv, .parquet and .tex (default folder
data/processed/scorecards/<region_code>_<N>_<N+1>/)."""

from __future__ import annotations

from pathlib import Path


def add_arguments(parser):
    parser.add_argument("reports", nargs="*", metavar="REPORT",
                        help="two report files: year N (its targets), then year N+1 (its outcomes)")
    parser.add_argument("--region", help="instead of files: a region whose reports were registered with gwr add")
    parser.add_argument("--year", type=int, default=None,
                        help="with --region: the later year N+1 (default: the latest registered pair)")
    parser.add_argument("-o", "--out", metavar="DIR", help="folder to write (default: data/processed/scorecards/…)")
    parser.add_argument("--all-indicators", action="store_true",
                        help="also list targets of unregistered indicators (as not judged)")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="indicator names in the table")


def run(args) -> int:
    import sys

    from helpers.errors import ParameterError
    from helpers.output.scorecard_files import write_scorecard
    from helpers.output.views import scorecard_view
    from helpers.paths import PROCESSED_DIR, display_path
    from helpers.pipeline.pairs import registered_pair, score_reports

    if args.region and args.reports:
        raise ParameterError("give two report files or --region, not both")
    if args.region:
        paths = registered_pair(args.region, args.year)
    elif len(args.reports) == 2:
        if args.year is not None:
            raise ParameterError("--year goes with --region; two files say their own years")
        paths = tuple(Path(p) for p in args.reports)
    else:
        raise ParameterError("give two report files (year N, then year N+1) or --region REGION")
    pair = score_reports(*paths, registered_only=not args.all_indicators)
    t = pair.targets_report
    n = t.report_year
    folder = Path(args.out) if args.out else PROCESSED_DIR / "scorecards" / f"{t.region_code}_{n}_{n + 1}"
    written = write_scorecard(pair.table, folder, [t.meta, pair.outcomes_report.meta],
                              caption=f"{t.region}: {n} targets and outcomes",
                              label=f"tab:scorecard-{t.region_code}-{n}")
    view = scorecard_view(pair.table, args.lang)
    print(f"{t.region} ({t.region_zh}): {n} targets judged on the {n + 1} report's outcomes")
    print(view.to_string(index=False) if len(view) else "(no targets of registered indicators)")
    print(f"gwr scorecard: {len(pair.table)} rows → {display_path(written)}", file=sys.stderr)
    return 0
