"""Panel speed and memory: the corpus plus the seed (the target is under 5 s), and simulated
panels of many reports made by repeating them.

    .venv/bin/python benchmarks/bench_panel.py [--reports 10 100 1000 10000] [--jobs N]
        [--executors process serial dask] [--repeat 2]

The simulated panel: report k is a copy of report k mod n (the seed and the corpus) whose years are all shifted
so that it reads as the report of year Y, given the region R as an override
(helpers.pipeline.panel.ReportInput); (R, Y) runs over the regions and back in time from 2025,
32 years (to 1994), so every copy is a distinct (region, year) and the panel is valid. The
registry has 32 regions, 1,024 (region, year) pairs in those years: a larger panel gets
simulated regions ("Sim 001", 模拟001省 …) added to the registry of the benchmark's process and
of its workers (install_regions), which the process pool inherits when it forks and dask's
workers get through Client.run. Copies are written to a temporary folder before timing.

Each executor is timed on `gwr panel`'s path (helpers.pipeline.panel.stream_panel: build and
write of the whole panel folder, CSV, Parquet, DuckDB, report.json, datapackage.json and the
scorecard): a process pool, serial, and a dask.distributed LocalCluster of worker processes
(the README's cluster code; the cluster's start and stop are timed with the build). Each
scenario runs in a fresh child process, so its peak memory is its own: `main MB` is the peak
resident size of the process that builds and writes the panel, `worker MB` that of the largest
worker process (resource.getrusage); `main CPU` and `workers CPU` are their user + system
seconds, `x60` the rate against the 60 reports/s target. `extract only` is the extraction of
each report alone, serially, without any panel (load_report + columns.check): the floor the
panel's overhead adds to. Prints a table; asserts nothing."""

from __future__ import annotations

import argparse
import json
import math
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
LAST_YEAR, YEARS = 2025, 32  # simulated reports are of 1994–2025
TARGET = 60.0  # reports per second (issue 13)


def base_reports() -> list[Path]:
    files = [SEED_REPORT]
    if SHARED_CORPUS.is_dir():
        files += sorted(SHARED_CORPUS.glob("*.txt"))
    return files


def simulated_region_count(n: int) -> int:
    """How many simulated regions a panel of n reports needs beside the registry's."""
    import helpers.metadata.regions as regions

    real = [r for r in regions.load_regions() if not r.code.startswith("sim_")]
    return max(0, math.ceil(n / YEARS) - len(real))


def install_regions(count: int) -> None:
    """Add `count` simulated regions to this process's region registry (benchmark only)."""
    import functools

    import helpers.metadata.regions as regions

    if count <= 0 or getattr(regions, "_simulated", 0) >= count:
        return
    real = tuple(r for r in regions.load_regions() if not r.code.startswith("sim_"))
    extra = tuple(regions.Region(code=f"sim_{k:03d}", name_en=f"Sim {k:03d}", name_zh=f"模拟{k:03d}省",
                                 short_zh=f"模拟{k:03d}", aliases=(), level="province",
                                 issuer_zh=f"模拟{k:03d}省人民政府",
                                 issuer_en=f"People's Government of Sim {k:03d} Province")
                  for k in range(count))
    regions.load_regions = functools.lru_cache(maxsize=1)(lambda: real + extra)
    regions._by_key.cache_clear()
    regions._chinese_names.cache_clear()
    regions._simulated = count


def simulated_inputs(folder: Path, n: int) -> list[dict]:
    """Write n shifted copies into `folder`; return their (path, region, year) as dicts."""
    import helpers.metadata.regions as registry
    from helpers.figures.report import load_report

    bases = [(p, load_report(p).report_year, p.read_text(encoding="utf-8")) for p in base_reports()]
    install_regions(simulated_region_count(n))
    regions = [r.name_en for r in registry.load_regions()]
    per_year = len(regions)  # all of them in each year: at most YEARS years
    items = []
    for k in range(n):
        path, base_year, text = bases[k % len(bases)]
        region, year = regions[k % per_year], LAST_YEAR - k // per_year
        shift = year - base_year
        shifted = YEAR.sub(lambda m, d=shift: str(int(m.group(1)) + d), text)
        target = folder / f"{k:05d}_{path.stem}.txt"
        target.write_text(shifted, encoding="utf-8")
        items.append({"path": str(target), "region": region, "year": year})
    return items


def _cpu(who) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run_one(spec: dict) -> dict:
    """One scenario, in this (fresh) process: build and write the panel, measure."""
    from helpers.pipeline.panel import ReportInput, executor_for, stream_panel

    install_regions(spec.get("regions", 0))
    inputs = [ReportInput(Path(i["path"]), i.get("region"), i.get("year")) if isinstance(i, dict) else i
              for i in spec["inputs"]]
    if spec["executor"] == "extract only":
        from helpers.figures.report import load_report
        from helpers.metadata.columns import check

        load_report(inputs[0].path, region=inputs[0].region, year=inputs[0].year)  # imports and rules
        c0, t0 = _cpu(resource.RUSAGE_SELF), time.perf_counter()
        figures = sum(len(check(load_report(i.path, region=i.region, year=i.year).figures)) for i in inputs)
        t1, c1 = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
        return {"reports": len(inputs), "figures": figures, "total_s": t1 - t0, "main_cpu": c1 - c0,
                "workers_cpu": 0.0, "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "worker_mb": 0.0}
    with tempfile.TemporaryDirectory(prefix="gwr-bench-panel-") as out:
        c0, t0 = _cpu(resource.RUSAGE_SELF), time.perf_counter()
        if spec["executor"] == "dask":  # the README's cluster code, on a LocalCluster of this machine
            from distributed import Client, LocalCluster

            with LocalCluster(n_workers=spec.get("jobs") or os.cpu_count() or 1, threads_per_worker=1,
                              processes=True, dashboard_address=None, host="127.0.0.1") as cluster, \
                    Client(cluster) as client:
                client.run(install_regions, spec.get("regions", 0))
                panel = stream_panel(inputs, Path(out) / "panel", client.get_executor())
        elif spec["executor"] == "process":  # gwr panel's default: the pool is stream_panel's own
            panel = stream_panel(inputs, Path(out) / "panel", jobs=spec.get("jobs"))
        else:
            executor = executor_for(spec["executor"], spec.get("jobs"))
            try:
                panel = stream_panel(inputs, Path(out) / "panel", executor)
            finally:
                executor.shutdown()
        t1, c1 = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
    return {
        "reports": len(panel.metas), "figures": panel.figures, "total_s": t1 - t0,
        "main_cpu": c1 - c0, "workers_cpu": _cpu(resource.RUSAGE_CHILDREN),
        "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def in_child(spec: dict) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child"], input=json.dumps(spec), text=True,
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"scenario {spec['name']} failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


HEADER = (f"{'scenario':30} {'reports':>7} {'figures':>9} {'total s':>8} {'reports/s':>9} {'x60':>5} "
          f"{'main MB':>8} {'worker MB':>9} {'main CPU':>8} {'workers CPU':>11}")


def row(name: str, r: dict) -> str:
    rate = r["reports"] / r["total_s"]
    return (f"{name:30} {r['reports']:7d} {r['figures']:9d} {r['total_s']:8.2f} {rate:9.1f} {rate / TARGET:5.2f} "
            f"{r['main_mb']:8.0f} {r['worker_mb']:9.0f} {r['main_cpu']:8.1f} {r['workers_cpu']:11.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[10, 100, 1000],
                        help="sizes of the simulated panels (default: 10 100 1000)")
    parser.add_argument("--executors", nargs="+", default=["process", "serial", "dask"],
                        choices=("process", "serial", "thread", "dask"), help="executors to time")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per CPU)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each scenario (a row each)")
    parser.add_argument("--no-corpus", action="store_true", help="skip the corpus + seed scenarios")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(json.loads(sys.stdin.read()))))
        return

    print(HEADER, flush=True)
    real = [str(p) for p in base_reports()]
    if not SHARED_CORPUS.is_dir():
        print("(../shared/corpus/ not present: the seed only)")
    if not args.no_corpus:
        for kind in args.executors:
            for _ in range(args.repeat):
                r = in_child({"name": kind, "inputs": real, "executor": kind, "jobs": args.jobs})
                print(row(f"corpus + seed, {kind}", r), flush=True)
    for n in args.reports:
        with tempfile.TemporaryDirectory(prefix="gwr-bench-copies-") as tmp:
            t0 = time.perf_counter()
            copies = simulated_inputs(Path(tmp), n)
            regions = simulated_region_count(n)
            print(f"(wrote {n} simulated reports in {time.perf_counter() - t0:.1f} s, "
                  f"{regions} simulated regions, not timed)", flush=True)
            sample = copies[:: max(1, n // 200)][:200]  # spread over the panel: its regions and years
            r = in_child({"name": "extract only", "inputs": sample, "executor": "extract only", "regions": regions})
            print(f"{'(extract only, serial)':30} {r['reports']:7d} {r['figures']:9d} {r['total_s']:8.2f} "
                  f"{r['reports'] / r['total_s']:9.1f}   {1000 * r['main_cpu'] / r['reports']:.1f} ms CPU a report",
                  flush=True)
            for kind in args.executors:
                for _ in range(args.repeat):
                    r = in_child({"name": kind, "inputs": copies, "executor": kind, "jobs": args.jobs,
                                  "regions": regions})
                    print(row(f"simulated {n}, {kind}", r), flush=True)


if __name__ == "__main__":
    main()
