"""Panel speed: the corpus plus the seed (the target is under 5 s), and a simulated panel of
many reports made by repeating them.

    .venv/bin/python benchmarks/bench_panel.py [--reports 1000] [--jobs N]

The simulated panel: report k is a copy of report k mod n (the seed and the corpus) whose years are all shifted
so that it reads as the report of year Y, given the region R as an override
(helpers.pipeline.panel.ReportInput); (R, Y) runs over the 33 regions of the registry and back in time
from 2025, so every copy is a distinct (region, year) and the panel is valid. Copies are
written to a temporary folder before timing.

Each executor is timed: a process pool, serial, and a dask.distributed LocalCluster of worker
processes (the README's cluster code; the cluster's start and stop are timed with the build).
Each scenario runs in a fresh child process, so its peak memory is its own: `main MB` is the
peak resident size of the process that builds and writes the panel, `worker MB` that of the
largest worker process (resource.getrusage). Times are build + write of the whole panel
folder (CSV, Parquet, DuckDB, report.json, datapackage.json). Prints a table; asserts nothing."""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpers.paths import SEED_REPORT, SHARED_CORPUS

YEAR = re.compile(r"(?<![0-9０-９])(19[5-9][0-9]|20[0-9][0-9])(?![0-9０-９])")


def base_reports() -> list[Path]:
    files = [SEED_REPORT]
    if SHARED_CORPUS.is_dir():
        files += sorted(SHARED_CORPUS.glob("*.txt"))
    return files


def simulated_inputs(folder: Path, n: int) -> list[dict]:
    """Write n shifted copies into `folder`; return their (path, region, year) as dicts."""
    from helpers.figures.report import load_report
    from helpers.metadata.regions import load_regions

    bases = [(p, load_report(p).report_year, p.read_text(encoding="utf-8")) for p in base_reports()]
    regions = [r.name_en for r in load_regions()]
    items = []
    for k in range(n):
        path, base_year, text = bases[k % len(bases)]
        region, year = regions[k % len(regions)], 2025 - k // len(regions)
        shift = year - base_year
        shifted = YEAR.sub(lambda m, d=shift: str(int(m.group(1)) + d), text)
        target = folder / f"{k:04d}_{path.stem}.txt"
        target.write_text(shifted, encoding="utf-8")
        items.append({"path": str(target), "region": region, "year": year})
    return items


def run_one(spec: dict) -> dict:
    """One scenario, in this (fresh) process: build and write the panel, measure."""
    from helpers.output.panel_dataset import write_panel
    from helpers.pipeline.panel import ReportInput, build_panel, executor_for

    inputs = [ReportInput(Path(i["path"]), i.get("region"), i.get("year")) if isinstance(i, dict) else i
              for i in spec["inputs"]]
    with tempfile.TemporaryDirectory(prefix="gwr-bench-panel-") as out:
        t0 = time.perf_counter()
        if spec["executor"] == "dask":  # the README's cluster code, on a LocalCluster of this machine
            from distributed import Client, LocalCluster

            with LocalCluster(n_workers=spec.get("jobs") or os.cpu_count() or 1, threads_per_worker=1,
                              processes=True, dashboard_address=None, host="127.0.0.1") as cluster, \
                    Client(cluster) as client:
                panel = build_panel(inputs, client.get_executor())
        else:
            executor = executor_for(spec["executor"], spec.get("jobs"))
            try:
                panel = build_panel(inputs, executor)
            finally:
                executor.shutdown()
        t1 = time.perf_counter()
        write_panel(panel, Path(out) / "panel")
        t2 = time.perf_counter()
    return {
        "reports": len(panel.metas), "figures": len(panel.figures), "build_s": t1 - t0,
        "write_s": t2 - t1, "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def in_child(spec: dict) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child"], input=json.dumps(spec), text=True,
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"scenario {spec['name']} failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=1000, help="size of the simulated panel")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per CPU)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(json.loads(sys.stdin.read()))))
        return

    real = [str(p) for p in base_reports()]
    if not SHARED_CORPUS.is_dir():
        print("(../shared/corpus/ not present: the seed only)")
    scenarios = [
        {"name": f"corpus + seed ({len(real)}), process", "inputs": real, "executor": "process", "jobs": args.jobs},
        {"name": f"corpus + seed ({len(real)}), serial", "inputs": real, "executor": "serial"},
        {"name": f"corpus + seed ({len(real)}), dask", "inputs": real, "executor": "dask", "jobs": args.jobs},
    ]
    with tempfile.TemporaryDirectory(prefix="gwr-bench-copies-") as tmp:
        t0 = time.perf_counter()
        copies = simulated_inputs(Path(tmp), args.reports)
        print(f"(wrote {len(copies)} simulated reports in {time.perf_counter() - t0:.1f} s, not timed below)")
        for kind in ("process", "dask"):
            scenarios.append({"name": f"simulated ({len(copies)}), {kind}", "inputs": copies,
                              "executor": kind, "jobs": args.jobs})
        print(f"{'scenario':34} {'reports':>7} {'figures':>8} {'build s':>8} {'write s':>8} "
              f"{'total s':>8} {'reports/s':>9} {'main MB':>8} {'worker MB':>9}")
        for spec in scenarios:
            r = in_child(spec)
            total = r["build_s"] + r["write_s"]
            print(f"{spec['name']:34} {r['reports']:7d} {r['figures']:8d} {r['build_s']:8.2f} "
                  f"{r['write_s']:8.2f} {total:8.2f} {r['reports'] / total:9.1f} {r['main_mb']:8.0f} "
                  f"{r['worker_mb']:9.0f}")


if __name__ == "__main__":
    main()
