"""Atomic output folders under concurrency: two runs writing the same dataset at once both
finish, and the folder holds one whole dataset afterwards (the swap is serialised by a lock)."""

import subprocess
import sys

from helpers.paths import SEED_REPORT


def test_two_extracts_of_one_report_at_once_both_succeed(tmp_path):
    data = tmp_path / "processed"
    cmd = [sys.executable, "-m", "helpers", "extract", str(SEED_REPORT), "--data-dir", str(data)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    folder = data / "inner_mongolia" / "2025"
    assert sorted(p.name for p in folder.iterdir()) == [
        ".gwr-output", "CHANGELOG.md", "datapackage.json", "figures.csv", "figures.parquet", "report.json",
        "source.txt"]
    assert sorted(p.name for p in folder.parent.iterdir()) == ["2025"]  # no staging left
