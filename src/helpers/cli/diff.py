"""`gwr diff OLD NEW [-o diff.csv] [--positions] [--limit N]`: what changed between two versions of
a dataset or a panel (folders, or their datapackage.json): figures changed, added and removed,
matched by figure_id (helpers.analysis.diff), printed as a short summary and written as CSV.

Exit codes, for scripts: 0 the figures are identical, 1 they differ, 2 an error (one line on
stderr: a folder with no dataset, two datasets of different reports, a bad -o)."""

from __future__ import annotations

from pathlib import Path

DIFFERENT = 1


def add_arguments(parser):
    parser.add_argument("old", metavar="OLD", help="the earlier dataset or panel folder (or its datapackage.json)")
    parser.add_argument("new", metavar="NEW", help="the later one")
    parser.add_argument("-o", "--output", metavar="FILE", help="write every difference as CSV here")
    parser.add_argument("--positions", action="store_true",
                        help="also list figures that only moved in the text (their offsets differ)")
    parser.add_argument("--limit", type=int, default=20, help="figures printed (default 20; all go to -o)")


def run(args) -> int:
    from helpers.atomic import check_output_file, write_bytes
    from helpers.output.diff_report import compare_folders, diff_csv_bytes, summary_lines
    from helpers.output.folders import open_folder

    output = check_output_file(args.output, inputs=[args.old, args.new]) if args.output else None
    old, new = open_folder(Path(args.old)), open_folder(Path(args.new))
    diff = compare_folders(old, new, positions=args.positions)
    print("\n".join(summary_lines(old, new, diff, limit=max(0, args.limit))))
    if output is not None:
        write_bytes(output, diff_csv_bytes(diff))
    return DIFFERENT if diff.differs else 0
