"""`gwr extract` as a user runs it: outputs, and one-line errors for bad input."""

import hashlib
import subprocess
import sys

import pandas as pd
import pytest

from helpers.paths import SEED_REPORT


def gwr(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "helpers", *map(str, args)], capture_output=True, text=True, cwd=cwd
    )


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "processed"


def test_extract_seed_writes_csv_and_dataset(tmp_path, data_dir):
    out = tmp_path / "figures.csv"
    r = gwr("extract", SEED_REPORT, "-o", out, "--data-dir", data_dir)
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(out)
    assert len(df) >= 80 and set(df["region"]) == {"Inner Mongolia"}
    folder = data_dir / "inner_mongolia" / "2025"
    for name in ("figures.csv", "figures.parquet", "source.txt", "report.json", "datapackage.json"):
        assert (folder / name).is_file(), name
    assert (folder / "figures.csv").read_bytes() == out.read_bytes()
    source = (folder / "source.txt").read_text(encoding="utf-8")
    for row in df.head(20).itertuples():
        assert source[row.char_start : row.char_end] == row.text


def test_same_input_same_bytes(tmp_path, data_dir):
    digests = []
    for i in range(2):
        out = tmp_path / f"run{i}.csv"
        assert gwr("extract", SEED_REPORT, "-o", out, "--data-dir", data_dir).returncode == 0
        folder = data_dir / "inner_mongolia" / "2025"
        blobs = [out.read_bytes()] + [(folder / n).read_bytes() for n in ("figures.parquet", "datapackage.json")]
        digests.append([hashlib.sha256(b).hexdigest() for b in blobs])
    assert digests[0] == digests[1]


def test_stdout_when_no_output_file(data_dir):
    r = gwr("extract", SEED_REPORT, "--no-save")
    assert r.returncode == 0
    assert r.stdout.startswith("figure_id,region,region_zh,report_year")


def _one_line_error(r):
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, r.stderr
    return lines[0]


@pytest.mark.parametrize(
    "content, expected",
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00" * 50, "binary"),
        ("内蒙古自治区政府工作报告，地区生产总值增长6%左右。".encode("big5", errors="ignore") + b"\xff\xfe\xfa" * 40, ""),
        (b"just some English text, no report here at all.\n" * 20, "Chinese"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, data_dir, content, expected):
    path = tmp_path / "report.txt"
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out.csv"
    line = _one_line_error(gwr("extract", path, "-o", out, "--data-dir", data_dir))
    assert expected.lower() in line.lower()
    assert not out.exists() and not data_dir.exists()


def test_wrong_parameters(tmp_path, data_dir):
    assert "contradicts" in _one_line_error(gwr("extract", SEED_REPORT, "--year", "2023", "--data-dir", data_dir))
    assert "year" in _one_line_error(gwr("extract", SEED_REPORT, "--year", "20x5", "--data-dir", data_dir))
    assert "region" in _one_line_error(gwr("extract", SEED_REPORT, "--region", "Atlantis", "--data-dir", data_dir)).lower()
    assert not data_dir.exists()


def test_report_without_region_asks_for_it(tmp_path):
    path = tmp_path / "untitled.txt"
    path.write_text("二、2025年工作安排\n\n今年主要预期目标是：地区生产总值增长5%左右；城镇新增就业50万人以上。" * 3, encoding="utf-8")
    assert "--region" in _one_line_error(gwr("extract", path, "--no-save"))
    r = gwr("extract", path, "--region", "Hubei", "--no-save")
    assert r.returncode == 0, r.stderr
    assert "hubei-2025-" in r.stdout


def test_a_failed_run_keeps_the_earlier_dataset(tmp_path, data_dir):
    assert gwr("extract", SEED_REPORT, "--data-dir", data_dir, "-o", tmp_path / "a.csv").returncode == 0
    folder = data_dir / "inner_mongolia" / "2025"
    before = (folder / "figures.csv").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    _one_line_error(gwr("extract", bad, "--region", "Inner Mongolia", "--year", "2025", "--data-dir", data_dir))
    assert (folder / "figures.csv").read_bytes() == before
    assert sorted(p.name for p in folder.parent.iterdir()) == ["2025"]


def test_text_with_no_figures_warns_and_gives_an_empty_table(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("2025年湖北省政府工作报告\n" + "我们要坚持稳中求进工作总基调，推动高质量发展。\n" * 10, encoding="utf-8")
    r = gwr("extract", path, "--no-save")
    assert r.returncode == 0
    assert "warning" in r.stderr and "no quantitative figures" in r.stderr
    assert r.stdout.strip().count("\n") == 0  # the header only


def test_our_own_schema_failure_is_an_internal_error(tmp_path, monkeypatch, capsys):
    # A figures table that fails its schema is a bug of ours: exit 3, not a user error (2).
    from helpers.cli import main
    from helpers.errors import InternalError
    from helpers.metadata import columns

    def broken(figures):
        raise InternalError("the figures table failed its schema (1 problems; first: column kind)")

    monkeypatch.setattr(columns, "check", broken)
    assert main(["extract", str(SEED_REPORT), "--no-save"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("gwr extract: internal error: the figures table failed its schema") and err.count("\n") == 1
