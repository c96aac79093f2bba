"""Time `gwr run` on the seed report: end to end, and per notebook (kernel start, execution,
HTML rendering). Target: the whole collection in under 60 s on 2 cores.

    .venv/bin/python benchmarks/bench_run.py [--jobs N] [--repeat K]

Writes into a temporary folder (reports/ is left alone). Notebooks run in parallel, so the
per-notebook times add up to more than the wall time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 60.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)

    # The CLI as a user runs it, in a fresh interpreter: includes every import.
    with tempfile.TemporaryDirectory(prefix="gwr-bench-") as tmp:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "helpers", "run", "--out", str(Path(tmp) / "cli"),
                        "--jobs", str(args.jobs)], check=True, stdout=subprocess.DEVNULL)
        cli_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    import papermill  # noqa: F401

    import_s = time.perf_counter() - t0
    from helpers.pipeline import runner

    results = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="gwr-bench-") as tmp:
            results.append(runner.run_collection(out_dir=Path(tmp) / "out", jobs=args.jobs,
                                                 progress=False))
    best = min(results, key=lambda r: r.wall_s)

    print(f"gwr run on the seed, {args.jobs} job(s), {os.cpu_count()} cores "
          f"(best of {args.repeat} in-process runs)")
    print(f"{'notebook':<30} {'kernel start':>12} {'execution':>10} {'HTML':>7} {'total':>7}")
    for t in best.timings:
        print(f"{t.name:<30} {t.kernel_start_s:>11.2f}s {t.execution_s:>9.2f}s "
              f"{t.render_s:>6.2f}s {t.total_s:>6.2f}s")
    print(f"{'in-process wall time':<30} {best.wall_s:>40.2f}s")
    print(f"{'papermill import':<30} {import_s:>40.2f}s")
    print(f"{'CLI end to end (fresh process)':<30} {cli_s:>40.2f}s")
    verdict = "OK" if cli_s < TARGET_S else "SLOWER THAN TARGET"
    print(f"target < {TARGET_S:.0f} s: {verdict}")
    return 0 if cli_s < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
