"""Export speed and size: `gwr export` of a panel in every format, for the figures table and the
targets panel.

    .venv/bin/python benchmarks/bench_export.py [--copies 20]

The panel: the corpus reports plus the seed (read in place), and the same reports repeated
`--copies` times under distinct region names (R1 …), so the table is copies × as long. Times
are in process, each export once (build of the table + encoding + atomic write). Prints a
table; asserts nothing."""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

import pandas as pd

from helpers.paths import SEED_REPORT, SHARED_CORPUS


def base_panel():
    from helpers.pipeline.panel import SerialExecutor, build_panel

    files = [SEED_REPORT] + (sorted(SHARED_CORPUS.glob("*.txt")) if SHARED_CORPUS.is_dir() else [])
    return build_panel(files, SerialExecutor(), progress=False)


def repeated(panel, copies: int):
    from helpers.metadata.panel import Panel

    frames, metas = [], []
    for k in range(copies):
        name = f"R{k + 1}"
        renamed = {m.region: f"{name} {m.region}" for m in panel.metas}
        f = panel.figures.assign(region=panel.figures["region"].map(renamed),
                                 figure_id=f"{name.lower()}-" + panel.figures["figure_id"])
        frames.append(f)
        metas += [dataclasses.replace(m, region=renamed[m.region], region_code=f"{name.lower()}_{m.region_code}")
                  for m in panel.metas]
    return Panel(pd.concat(frames, ignore_index=True), metas)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    from helpers.output.export import ExportOptions, export
    from helpers.output.folders import open_folder
    from helpers.output.panel_dataset import write_panel

    panel = base_panel()
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for label, p in (("corpus", panel), (f"corpus x{args.copies}", repeated(panel, args.copies))):
            folder = write_panel(p, Path(tmp) / label.replace(" ", "_"))
            data = open_folder(folder)
            for table in ("figures", "targets"):
                for to in ("stata", "excel", "csv", "parquet", "json"):
                    options = ExportOptions(table=table, to=to, safe=to == "csv")
                    start = time.perf_counter()
                    done = export(data, options, Path(tmp) / f"{label}-{table}.{to}")
                    seconds = time.perf_counter() - start
                    rows.append((label, len(data.metas), table, to, done.rows, seconds, done.path.stat().st_size))
    print(f"{'panel':<14}{'reports':>8} {'table':<8}{'format':<8}{'rows':>8}{'seconds':>9}{'MB':>8}")
    for label, reports, table, to, n, seconds, size in rows:
        print(f"{label:<14}{reports:>8} {table:<8}{to:<8}{n:>8}{seconds:>9.2f}{size / 1e6:>8.2f}")


if __name__ == "__main__":
    main()
