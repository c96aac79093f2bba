"""`gwr panel DIR [DIR|FILE ...] [--out DIR] [--jobs N] [--executor process|thread|serial]`:
every report of the folders into one panel dataset (helpers.pipeline.panel)."""

from __future__ import annotations

import sys
from pathlib import Path


def add_arguments(parser):
    parser.add_argument("inputs", nargs="+", metavar="DIR",
                        help="folder(s) of report files (.txt, .html, .pdf, .docx), or single files")
    parser.add_argument("--out", help="panel folder to write (default: data/processed/panel/)")
    parser.add_argument("--jobs", type=int, help="parallel workers (default: one per CPU)")
    parser.add_argument("--executor", choices=("process", "thread", "serial"), default="process",
                        help="how reports are extracted in parallel (default: process)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def run(args) -> int:
    from helpers.atomic import check_output_dir
    from helpers.metadata.layout import PANEL_NAMES
    from helpers.output.panel_dataset import PANEL_DIR
    from helpers.paths import display_path
    from helpers.pipeline.panel import check_executor, executor_for, stream_panel

    # Before any work: a folder of the user's (or the inputs' own folder) is never replaced.
    check_output_dir(Path(args.out) if args.out else PANEL_DIR, PANEL_NAMES, "panel")
    check_executor(args.executor, args.jobs)
    # The process pool is stream_panel's own: forked warm, and not at all for one report.
    executor = None if args.executor == "process" else executor_for(args.executor, args.jobs)
    try:
        panel = stream_panel(args.inputs, Path(args.out) if args.out else None, executor, jobs=args.jobs,
                             progress=False if args.no_progress else None)
    finally:
        if executor is not None:
            executor.shutdown()
    for path in panel.duplicates:
        print(f"gwr panel: note: {path} has the same text as another input; kept once", file=sys.stderr)
    print(f"gwr panel: {len(panel.metas)} reports, {panel.figures} figures → {display_path(panel.folder)}",
          file=sys.stderr)
    return 0
