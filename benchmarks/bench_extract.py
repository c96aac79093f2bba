"""In-process extraction speed over the seed and the corpus: time per report and MB/s.

    .venv/bin/python benchmarks/bench_extract.py [--repeat N]

Prints a table; it asserts nothing (speed is measured here, not in tests)."""

from __future__ import annotations

import argparse
import statistics
import time

from helpers.figures.table import extract_figures
from helpers.paths import SEED_REPORT, SHARED_CORPUS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    inputs = [("seed (Inner Mongolia 2025, OCR)", SEED_REPORT, 2025)]
    if SHARED_CORPUS.is_dir():
        for path in sorted(SHARED_CORPUS.glob("*.txt")):
            inputs.append((path.stem, path, int(path.stem.rsplit("_", 1)[1])))
    else:
        print("(../shared/corpus/ not present: timing the seed only)")

    extract_figures("预热：增长5%。", "X", 2025)  # imports and regex compilation, outside the timing
    print(f"{'report':34} {'chars':>7} {'figures':>7} {'median ms':>10} {'min ms':>8} {'MB/s':>7}")
    total_bytes = total_s = 0.0
    for name, path, year in inputs:
        text = path.read_text(encoding="utf-8")
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            df = extract_figures(text, "X", year)
            times.append(time.perf_counter() - t0)
        med = statistics.median(times)
        size = len(text.encode("utf-8"))
        total_bytes += size
        total_s += med
        print(f"{name:34} {len(text):7d} {len(df):7d} {med * 1e3:10.1f} {min(times) * 1e3:8.1f} {size / med / 1e6:7.2f}")
    print(f"{'all':34} {'':7} {'':7} {total_s * 1e3:10.1f} {'':8} {total_bytes / total_s / 1e6:7.2f}")


if __name__ == "__main__":
    main()
