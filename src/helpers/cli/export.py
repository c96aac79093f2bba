"""`gwr export DATASET --to stata|excel|csv|parquet|json [--table figures|targets] [-o FILE]
[--bom] [--spreadsheet-safe]`: a dataset folder (data/processed/<region>/<year>/) or a panel
folder (gwr panel) as the file an economist opens (helpers.output.export).

`--table targets` is the targets panel: one row per region × year × headline indicator with the
target, last year's result, the next report's outcome and the verdict. The default file goes
into the dataset's folder (figures.dta, targets.xlsx …)."""

from __future__ import annotations

import sys
from pathlib import Path


def add_arguments(parser):
    parser.add_argument("dataset", metavar="DATASET",
                        help="a dataset or panel folder, or its datapackage.json")
    parser.add_argument("--to", required=True, choices=("stata", "excel", "csv", "parquet", "json"),
                        help="stata: .dta 118 with labels; excel: .xlsx with a codebook sheet; csv; parquet; json")
    parser.add_argument("--table", choices=("figures", "targets"), default="figures",
                        help="figures (default): every figure; targets: the targets panel")
    parser.add_argument("-o", "--output", metavar="FILE", help="the file to write (default: in the dataset's folder)")
    parser.add_argument("--bom", action="store_true", help="csv: start with a UTF-8 byte-order mark (Excel on Windows)")
    parser.add_argument("--spreadsheet-safe", action="store_true",
                        help="csv: put ' before text beginning with = + - @ (formula injection); not for analysis")


def _not_own_file(output: Path, own: list[Path]) -> None:
    """-o on one of the dataset's own files (figures.csv, report.json …) is refused by name."""
    import contextlib

    from helpers.errors import ParameterError

    for path in own:
        with contextlib.suppress(OSError):
            if output.exists() and path.exists() and output.samefile(path):
                raise ParameterError(f"-o {output}: is the dataset's own {path.name}; give another file name")


def run(args) -> int:
    from helpers.atomic import check_output_file
    from helpers.metadata.layout import DATASET_NAMES, PANEL_NAMES
    from helpers.output.export import ExportOptions, export
    from helpers.output.folders import open_folder
    from helpers.paths import display_path

    options = ExportOptions(table=args.table, to=args.to, bom=args.bom, safe=args.spreadsheet_safe)
    options.check()
    given = Path(args.dataset)
    folder = given.parent if given.is_file() else given
    own = [folder / name for name in sorted({*DATASET_NAMES, *PANEL_NAMES})]
    if args.output:
        _not_own_file(Path(args.output), own)
    output = check_output_file(args.output, inputs=[given, *own]) if args.output else None
    data = open_folder(given)
    done = export(data, options, output)
    what = "figures" if options.table == "figures" else "target rows"
    if not done.written:
        print(f"gwr export: {display_path(done.path)} is the dataset's own {options.to} table "
              f"({done.rows} {what}); nothing written", file=sys.stderr)
    else:
        print(f"gwr export: {done.rows} {what} → {display_path(done.path)}", file=sys.stderr)
    return 0
