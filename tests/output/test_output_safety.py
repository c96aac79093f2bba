"""Never lose a user's files, never run a report's markup: output folders, `-o`, staging
leftovers, interrupted runs, and report text that carries HTML (saved web pages do)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import lxml.html
import pytest
from _attacks import PAYLOADS, live_markup, payload_report, seed_years, snapshot

from helpers import atomic
from helpers.cli import main as gwr
from helpers.errors import InputError, ParameterError
from helpers.metadata.report_meta import ReportMeta
from helpers.output.cite import how_to_cite_markdown, markdown_text
from helpers.paths import SEED_REPORT
from helpers.pipeline import runner


def _cli(*args, cwd=None, **kw):
    return subprocess.run([sys.executable, "-m", "helpers", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, **kw)


def _user_folder(path: Path) -> dict[str, bytes]:
    """A folder a user cares about: notes and a .git."""
    (path / ".git").mkdir(parents=True)
    (path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (path / "notes.md").write_text("my notes")
    return snapshot(path)


# --- output folders ---------------------------------------------------------------------------


def test_staged_dir_refuses_a_folder_it_did_not_write(tmp_path):
    folder = tmp_path / "mine"
    before = _user_folder(folder)
    with pytest.raises(ParameterError, match="refusing to replace a folder that holds files gwr did not write"):
        with atomic.staged_dir(folder) as stage:
            (stage / "figures.csv").write_text("x")
    assert snapshot(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no staging left behind


def test_staged_dir_replaces_its_own_output_and_nothing_else(tmp_path):
    folder = tmp_path / "out"
    with atomic.staged_dir(folder) as stage:
        (stage / "sub").mkdir()
        (stage / "sub" / "a.png").write_bytes(b"1")
    with atomic.staged_dir(folder) as stage:  # ours: replaced
        (stage / "b.csv").write_text("2")
    assert sorted(p.name for p in folder.iterdir()) == [atomic.MARKER, "b.csv"]
    (folder / "notes.md").write_text("added by the user")
    with pytest.raises(ParameterError, match="notes.md"), atomic.staged_dir(folder) as stage:
        (stage / "c.csv").write_text("3")
    assert (folder / "notes.md").read_text() == "added by the user"


def test_an_output_written_before_markers_is_recognised_by_its_names(tmp_path):
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "figures.csv").write_text("old")
    with atomic.staged_dir(folder, legacy=("figures.csv",)) as stage:
        (stage / "figures.csv").write_text("new")
    assert (folder / "figures.csv").read_text() == "new"


def test_staging_left_by_a_killed_run_is_swept_and_a_live_one_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = tmp_path / f".out.stage-{dead.pid}-0123abcd"
    live = tmp_path / f".out.stage-{os.getpid()}-89abcdef"
    for p in (leftover, live):
        p.mkdir()
        (p / "half.csv").write_text("half")
    with atomic.staged_dir(tmp_path / "out") as stage:
        (stage / "a.csv").write_text("a")
    assert not leftover.exists() and live.exists()


@pytest.mark.parametrize("where", [".", "notes"])
def test_gwr_run_and_panel_refuse_a_users_folder(tmp_path, where):
    base = tmp_path / "project"
    before = _user_folder(base)
    out = base if where == "." else base
    r = _cli("panel", SEED_REPORT, "--out", ".", "--executor", "serial", "--no-progress", cwd=out)
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "refusing to replace" in r.stderr
    r = _cli("run", "--out", ".", cwd=out)
    assert r.returncode == 2 and "refusing to replace" in r.stderr, r.stderr
    assert snapshot(base) == before
    assert sorted(p.name for p in base.iterdir()) == [".git", "notes.md"]


def test_panel_never_writes_over_its_own_inputs(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(SEED_REPORT.read_bytes())
    before = snapshot(raw)
    assert gwr(["panel", str(raw), "--out", str(raw), "--executor", "serial", "--no-progress"]) == 2
    assert snapshot(raw) == before


def test_jobs_are_capped(capsys):
    assert gwr(["panel", str(SEED_REPORT), "--jobs", "100000", "--out", "unused"]) == 2
    assert "jobs must be between 1 and 64" in capsys.readouterr().err


# --- -o ---------------------------------------------------------------------------------------


def test_extract_o_refuses_the_input_and_special_files(tmp_path):
    report = tmp_path / "r.txt"
    report.write_bytes(SEED_REPORT.read_bytes())
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    for target, message in ((report, "is the input report"), (fifo, "not a regular file"),
                            (link, "symbolic link"), (tmp_path, "is a folder"),
                            (tmp_path / "no" / "f.csv", "does not exist")):
        r = _cli("extract", report, "-o", target, "--no-save", timeout=60)
        assert r.returncode == 2 and message in r.stderr, (target, r.stderr)
        assert r.stderr.count("\n") == 1
    assert report.read_bytes() == SEED_REPORT.read_bytes()
    assert fifo.is_fifo() and link.is_symlink() and not (tmp_path / "elsewhere.csv").exists()


def test_extract_o_overwrites_a_regular_file(tmp_path):
    out = tmp_path / "figures.csv"
    out.write_text("old")
    r = _cli("extract", SEED_REPORT, "-o", out, "--no-save")
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("figure_id,")


# --- interrupted runs --------------------------------------------------------------------------


def test_sigterm_leaves_no_staging_and_the_earlier_panel(tmp_path):
    out = tmp_path / "panel"
    assert gwr(["panel", str(SEED_REPORT), "--out", str(out), "--executor", "serial", "--no-progress"]) == 0
    before = snapshot(out)
    many = seed_years(tmp_path / "many", range(1960, 2080))
    proc = subprocess.Popen([sys.executable, "-m", "helpers", "panel", str(many), "--out", str(out),
                             "--executor", "process", "--jobs", "2", "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert err.count("\n") == 1 and "interrupted" in err
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "panel"]


def test_an_output_of_another_kind_is_not_replaced(tmp_path):
    data = tmp_path / "processed"
    assert gwr(["extract", str(SEED_REPORT), "--data-dir", str(data), "--no-save"]) == 0
    assert gwr(["extract", str(SEED_REPORT), "--data-dir", str(data), "-o", str(tmp_path / "f.csv")]) == 0
    dataset = data / "inner_mongolia" / "2025"
    before = snapshot(dataset)
    assert gwr(["panel", str(SEED_REPORT), "--out", str(dataset), "--executor", "serial"]) == 2
    assert snapshot(dataset) == before


# --- gwr cite ----------------------------------------------------------------------------------


def test_cite_ignores_hidden_folders_and_reports_broken_files(tmp_path, capsys):
    data = tmp_path / "processed"
    assert gwr(["extract", str(SEED_REPORT), "--data-dir", str(data), "-o", str(tmp_path / "f.csv")]) == 0
    fid = (tmp_path / "f.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    # a killed run's staging holds a figure that is not in the current dataset
    stale = data / "inner_mongolia" / ".2025.stage-1-00000000"
    stale.mkdir()
    (stale / "figures.csv").write_text("figure_id,region,region_zh,report_year,text,quote\nghost,X,X,2025,1,1\n")
    capsys.readouterr()
    assert gwr(["cite", "ghost", "--data", str(data)]) == 2
    assert gwr(["cite", fid, "--data", str(data)]) == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "figures.csv").write_text("a,b\n1,2\n")
    capsys.readouterr()
    assert gwr(["cite", "x", "--data", str(bad)]) == 2
    assert "not a figures table" in capsys.readouterr().err
    year = tmp_path / "year"
    (year).mkdir()
    (year / "figures.csv").write_bytes((data / "inner_mongolia" / "2025" / "figures.csv").read_bytes())
    meta = json.loads((data / "inner_mongolia" / "2025" / "report.json").read_text(encoding="utf-8"))
    (year / "report.json").write_text(json.dumps({**meta, "report_year": "twenty"}), encoding="utf-8")
    capsys.readouterr()
    assert gwr(["cite", fid, "--data", str(year)]) == 2
    assert "report_year must be a year" in capsys.readouterr().err


def test_report_meta_refuses_impossible_dates():
    with pytest.raises(InputError, match="date_delivered"):
        ReportMeta(region="Hubei", region_zh="湖北省", report_year=2025, date_delivered="2025-13-45")


# --- report markup never runs --------------------------------------------------------------------


def test_markdown_text_shows_markup_literally():
    for payload in PAYLOADS:
        shown = markdown_text(payload)
        assert "<" not in shown and "](" not in shown.replace("\\](", "")
    meta = ReportMeta(region="Hubei", region_zh="湖北省", report_year=2025,
                      title="政府工作报告<img src=x onerror=alert(1)>```")
    md = how_to_cite_markdown(meta)
    assert "<img" not in md.split("```")[0]
    fence = md.splitlines()[md.splitlines().index(next(ln for ln in md.splitlines() if ln.endswith("bibtex")))]
    assert fence.startswith("````")  # longer than the title's ```


@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_report_markup_is_shown_never_run(tmp_path, fmt):
    report = payload_report(tmp_path, fmt)
    result = runner.run_collection(report_path=report, out_dir=tmp_path / "run", progress=False,
                                   names=("01_extract_figures.ipynb",))
    pages = sorted(result.out_dir.glob("*.html"))
    assert len(pages) == 2  # the notebook and index.html
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert live_markup(html) == [], page.name
    notebook = (result.out_dir / "01_extract_figures.html").read_text(encoding="utf-8")
    shown = lxml.html.document_fromstring(notebook).text_content()
    for payload in PAYLOADS:  # shown as text
        assert payload in shown, payload


def test_gwr_run_reads_a_relative_report_path_from_the_callers_folder(tmp_path):
    (tmp_path / "r.txt").write_bytes(SEED_REPORT.read_bytes())
    # --year contradicts the text: the run stops at the parameter check, after finding the file
    r = _cli("run", "--report", "r.txt", "--year", "2023", "--out", "out", cwd=tmp_path)
    assert r.returncode == 2 and "contradicts" in r.stderr, r.stderr
