"""Slow attack cases, opt-in: `GWR_SLOW_TESTS=1 .venv/bin/python -m pytest tests/test_attacks_slow.py`.

Each runs whole notebook collections or kills real processes, so together they take minutes;
the fast versions of the same attacks run in the default suite (test_output_safety.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from _attacks import PAYLOADS, live_markup, payload_report, seed_years, snapshot

from helpers.pipeline import runner

pytestmark = pytest.mark.skipif(not os.environ.get("GWR_SLOW_TESTS"),
                                reason="slow attack cases: set GWR_SLOW_TESTS=1 to run them")


@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_every_notebook_shows_report_markup_as_text(tmp_path, fmt):
    report = payload_report(tmp_path, fmt)
    result = runner.run_collection(report_path=report, out_dir=tmp_path / "run", progress=False)
    pages = sorted(result.out_dir.glob("*.html"))
    assert len(pages) == len(runner.NOTEBOOKS) + 1
    for page in pages:
        assert live_markup(page.read_text(encoding="utf-8")) == [], page.name
    assert PAYLOADS[0] in (result.out_dir / "01_extract_figures.html").read_text(encoding="utf-8") \
        .replace("&lt;", "<").replace("&gt;", ">")


def _kernel_dirs() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob(f"{runner.KERNEL_DIR_PREFIX}*")}


def test_sigterm_during_gwr_run_keeps_the_earlier_run_and_cleans_up(tmp_path):
    out = tmp_path / "run"
    first = subprocess.run([sys.executable, "-m", "helpers", "run", "--out", str(out)],
                           capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    kernels = _kernel_dirs()
    proc = subprocess.Popen([sys.executable, "-m", "helpers", "run", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)  # the kernels are running
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "interrupted" in err and err.count("\n") == 1
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]
    assert _kernel_dirs() <= kernels


def test_kill_9_of_a_panel_leaves_no_workers(tmp_path):
    many = seed_years(tmp_path / "many", range(1955, 2100))  # long enough to be killed midway
    proc = subprocess.Popen([sys.executable, "-m", "helpers", "panel", str(many), "--out",
                             str(tmp_path / "panel"), "--jobs", "2", "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4)
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert children, "the panel had started its workers"
    proc.kill()
    proc.wait()
    time.sleep(2)
    alive = [pid for pid in children if Path(f"/proc/{pid}").exists()
             and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()]
    assert alive == []
    # the next run sweeps what the killed one left and writes the panel
    again = subprocess.run([sys.executable, "-m", "helpers", "panel", str(many), "--out",
                            str(tmp_path / "panel"), "--jobs", "2", "--no-progress"],
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "panel"]
