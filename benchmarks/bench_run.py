"""Time `gwr run` on the seed report: end to end, and per notebook (kernel start, execution,
HTML rendering), beside the floor of any such run: a trivial collection (as many notebooks, one
cell `x + 1` each, executed by papermill at the same --jobs and rendered by nbconvert to HTML,
in a fresh process). Wall and CPU seconds (this process's children: the CLI and its kernels).
Targets: the whole collection in under 60 s on 2 cores, and within 2× the trivial one.

    .venv/bin/python benchmarks/bench_run.py [--jobs N] [--repeat K]

Writes into a temporary folder (reports/ is left alone). Notebooks run in parallel, so the
per-notebook times add up to more than the wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 60.0
TARGET_RATIO = 2.0

# The trivial collection, in a fresh interpreter: the machinery's own cost (imports, kernels,
# papermill, nbconvert), with no work in the notebooks.
TRIVIAL = """
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import nbformat, papermill
from nbconvert import HTMLExporter
folder, n, jobs = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def one(k):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("x = 1\\nx + 1")]
    src, out = folder / f"t{k}.ipynb", folder / f"o{k}.ipynb"
    nbformat.write(nb, src)
    papermill.execute_notebook(src, out, progress_bar=False, log_output=False)
    body, _ = HTMLExporter().from_filename(str(out))
    (folder / f"o{k}.html").write_text(body, encoding="utf-8")
with ThreadPoolExecutor(jobs) as pool:
    list(pool.map(one, range(n)))
"""


def timed_child(cmd: list[str]) -> tuple[float, float]:
    """(wall s, CPU s) of a child process and everything it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)

    # The CLI as a user runs it, in a fresh interpreter: includes every import.
    from helpers.pipeline.runner import NOTEBOOKS

    with tempfile.TemporaryDirectory(prefix="gwr-bench-") as tmp:
        trivial_s, trivial_cpu = timed_child([sys.executable, "-c", TRIVIAL, tmp, str(len(NOTEBOOKS)),
                                              str(args.jobs)])
    with tempfile.TemporaryDirectory(prefix="gwr-bench-") as tmp:
        cli_s, cli_cpu = timed_child([sys.executable, "-m", "helpers", "run", "--out", str(Path(tmp) / "cli"),
                                      "--jobs", str(args.jobs)])

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
    print(f"\n{'fresh process':<40} {'wall':>8} {'CPU':>8}")
    print(f"{'gwr run (CLI end to end)':<40} {cli_s:>7.2f}s {cli_cpu:>7.2f}s")
    print(f"{f'trivial collection ({len(NOTEBOOKS)} notebooks)':<40} {trivial_s:>7.2f}s {trivial_cpu:>7.2f}s")
    ratio_wall, ratio_cpu = cli_s / trivial_s, cli_cpu / trivial_cpu
    print(f"{'gwr run ÷ trivial':<40} {ratio_wall:>7.2f}× {ratio_cpu:>7.2f}×")
    ok = cli_s < TARGET_S and ratio_wall <= TARGET_RATIO
    print(f"targets < {TARGET_S:.0f} s and ≤ {TARGET_RATIO:.0f}× trivial (wall): {'OK' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
