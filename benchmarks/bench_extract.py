"""In-process extraction speed over the seed and the corpus, side by side with two scans of the
same text, and extraction's growth with the text's length.

    .venv/bin/python benchmarks/bench_extract.py [--repeat N] [--scale 1 2 4 8]

Per report (median of N runs; the memoised word lookups are cleared before every extraction, so
each is timed as a first reading):
- `regex ms`: a plain regex scan: normalise the text, run the four scan patterns with finditer
  and keep the matches, with no rule applied (the floor any regex extractor pays);
- `scanner ms`: the scan stage (figures/scan.py: normalise, page furniture, every quantity with
  its unit and qualifiers, no meaning);
- `extract ms`: extract_figures, the whole figures table;
- `×regex`, `×scanner`: extraction's time over each scan's.
Then the whole corpus joined into one text and repeated k times (--scale): extraction and
scanner ms per 100,000 characters should stay flat if extraction is linear.
Prints tables; it asserts nothing (speed is measured here, not in tests)."""

from __future__ import annotations

import argparse
import statistics
import time

from helpers.figures import scan as scan_stage
from helpers.figures.classify import clear_caches
from helpers.figures.furniture import furniture_spans
from helpers.figures.normalize import normalize
from helpers.figures.table import extract_figures
from helpers.paths import SEED_REPORT, SHARED_CORPUS

PATTERNS = (scan_stage.ARABIC, scan_stage.FRACTION, scan_stage.CN_MAGNITUDE, scan_stage.CN_COUNT)


def plain_regex_scan(text: str) -> list:
    norm = normalize(text).text
    return [m.span() for rx in PATTERNS for m in rx.finditer(norm)]


def scanner(text: str) -> list:
    norm = normalize(text).text
    return scan_stage.scan(norm, hidden=tuple(furniture_spans(norm)))


def extraction(text: str, year: int):
    clear_caches()
    return extract_figures(text, "X", year)


def median_s(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--scale", type=int, nargs="*", default=[1, 2, 4, 8])
    args = parser.parse_args()

    inputs = [("seed (Inner Mongolia 2025, OCR)", SEED_REPORT, 2025)]
    if SHARED_CORPUS.is_dir():
        for path in sorted(SHARED_CORPUS.glob("*.txt")):
            inputs.append((path.stem, path, int(path.stem.rsplit("_", 1)[1])))
    else:
        print("(../shared/corpus/ not present: timing the seed only)")

    extract_figures("预热：增长5%。", "X", 2025)  # imports and regex compilation, outside the timing
    print(f"{'report':34} {'chars':>7} {'figures':>7} {'regex ms':>9} {'scanner ms':>10} {'extract ms':>10} "
          f"{'×regex':>7} {'×scanner':>8} {'MB/s':>6}")
    totals = [0.0, 0.0, 0.0]
    total_bytes = 0
    texts = []
    for name, path, year in inputs:
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        n_figures = len(extraction(text, year))
        times = [median_s(lambda t=text: plain_regex_scan(t), args.repeat),
                 median_s(lambda t=text: scanner(t), args.repeat),
                 median_s(lambda t=text, y=year: extraction(t, y), args.repeat)]
        size = len(text.encode("utf-8"))
        total_bytes += size
        totals = [a + b for a, b in zip(totals, times, strict=True)]
        print(f"{name:34} {len(text):7d} {n_figures:7d} {times[0] * 1e3:9.1f} {times[1] * 1e3:10.1f} "
              f"{times[2] * 1e3:10.1f} {times[2] / times[0]:7.2f} {times[2] / times[1]:8.2f} {size / times[2] / 1e6:6.2f}")
    print(f"{'all':34} {'':7} {'':7} {totals[0] * 1e3:9.1f} {totals[1] * 1e3:10.1f} {totals[2] * 1e3:10.1f} "
          f"{totals[2] / totals[0]:7.2f} {totals[2] / totals[1]:8.2f} {total_bytes / totals[2] / 1e6:6.2f}")

    joined = "\n".join(texts)
    print(f"\n{'the texts joined, ×k':22} {'chars':>9} {'scanner s':>10} {'extract s':>10} "
          f"{'scanner ms/100k':>16} {'extract ms/100k':>16}")
    for k in args.scale:
        big = "\n".join([joined] * k)
        scan_s = median_s(lambda b=big: scanner(b), 3)
        extract_s = median_s(lambda b=big: extraction(b, 2025), 3)
        per = 1e5 / len(big) * 1e3
        print(f"{'×' + str(k):22} {len(big):9d} {scan_s:10.2f} {extract_s:10.2f} {scan_s * per:16.1f} {extract_s * per:16.1f}")


if __name__ == "__main__":
    main()
