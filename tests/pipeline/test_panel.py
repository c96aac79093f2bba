"""The panel: many reports into one dataset, on the seed (always) and the corpus (when present)."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor

import duckdb
import frictionless
import pandas as pd
import pytest

from helpers.cli import main
from helpers.errors import GwrError, InputError, ParameterError
from helpers.figures.report import load_report
from helpers.metadata.layout import PANEL_DUCKDB as DUCKDB_NAME
from helpers.output.panel_dataset import read_panel, write_panel
from helpers.paths import SEED_REPORT, SHARED_CORPUS
from helpers.pipeline.panel import (
    ReportInput,
    SerialExecutor,
    build_panel,
    executor_for,
    gather_inputs,
)

BYTE_IDENTICAL = ("figures.csv", "figures.parquet", "report.json", "datapackage.json")


def corpus_dir():
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus/ not present: the real-report corpus is only on developer and CI machines")
    return SHARED_CORPUS


@pytest.fixture
def seed_copies(tmp_path):
    """A folder with the seed under two names (the same text twice) and a non-report file."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_REPORT, folder / "a.txt")
    shutil.copy(SEED_REPORT, folder / "b.txt")
    (folder / "notes.md").write_text("not a report", encoding="utf-8")
    return folder


def test_seed_panel_round_trip(seed_copies, tmp_path):
    panel = build_panel([seed_copies], SerialExecutor())
    assert [(m.region_code, m.report_year) for m in panel.metas] == [("inner_mongolia", 2025)]
    assert panel.duplicates == [str(seed_copies / "b.txt")]
    single = load_report(SEED_REPORT).figures
    assert len(panel.figures) == len(single)
    assert set(panel.figures["figure_id"]) == set(single["figure_id"])
    out = write_panel(panel, tmp_path / "panel")
    back = read_panel(out)
    pd.testing.assert_frame_equal(back.figures, panel.figures)
    assert back.metas == panel.metas
    assert back.source_files == {("inner_mongolia", 2025): "a.txt"}


def test_two_texts_of_one_region_and_year_are_refused_and_nothing_is_written(seed_copies, tmp_path):
    text = SEED_REPORT.read_text(encoding="utf-8")
    (seed_copies / "b.txt").write_text(text.replace("自治区", "自治区 ", 1), encoding="utf-8")
    out = tmp_path / "panel"
    with pytest.raises(GwrError, match=r"a\.txt and .*b\.txt are both the 2025 report of Inner Mongolia"):
        build_panel([seed_copies], SerialExecutor())
    code = main(["panel", str(seed_copies), "--out", str(out), "--executor", "serial"])
    assert code == 2 and not out.exists()


def test_a_failing_file_is_named_and_the_earlier_panel_stays(seed_copies, tmp_path, capsys):
    out = tmp_path / "panel"
    assert main(["panel", str(seed_copies), "--out", str(out), "--executor", "serial", "--no-progress"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (seed_copies / "c.pdf").write_bytes(b"\x00\x01 not a pdf")
    capsys.readouterr()
    assert main(["panel", str(seed_copies), "--out", str(out), "--executor", "thread"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "c.pdf" in err and err.startswith("gwr panel: error: ")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_bad_arguments_are_one_line_errors(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        gather_inputs([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no report files"):
        gather_inputs([tmp_path / "empty"])
    with pytest.raises(ParameterError, match="jobs must be between 1 and 64"):
        executor_for("process", 0)
    with pytest.raises(ParameterError, match="executor must be one of"):
        executor_for("cluster")


def test_an_executor_passed_in_is_used_and_left_running(seed_copies):
    class Counting(SerialExecutor):
        calls = 0

        def submit(self, fn, /, *args, **kwargs):
            Counting.calls += 1
            return super().submit(fn, *args, **kwargs)

    build_panel([seed_copies], Counting())
    assert Counting.calls == 2  # a.txt and b.txt
    with ThreadPoolExecutor(2) as pool:
        build_panel([seed_copies], pool)
        assert pool.submit(lambda: 41 + 1).result() == 42


def test_overrides_give_a_report_its_region(seed_copies):
    panel = build_panel([ReportInput(seed_copies / "a.txt", region="Jilin", year=2025)], SerialExecutor())
    assert [(m.region_code, m.region_zh) for m in panel.metas] == [("jilin", "吉林省")]
    assert panel.figures["figure_id"].str.startswith("jilin-2025-").all()


# --- the corpus and the seed ----------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_panels(tmp_path_factory):
    corpus = corpus_dir()
    inputs = [corpus, SEED_REPORT]
    root = tmp_path_factory.mktemp("panels")
    serial = build_panel(inputs, executor_for("serial"))
    process = build_panel(inputs, executor_for("process", 2))
    return serial, write_panel(serial, root / "serial"), write_panel(process, root / "process")


def _panel_files():
    """Every report the corpus panel was built from: whatever the corpus holds, and the seed."""
    return sorted(SHARED_CORPUS.glob("*.txt")) + [SEED_REPORT]


def _report_years() -> dict[str, int]:
    """file name → report year, read from each file (not assumed from the corpus's size)."""
    return {p.name: load_report(p).report_year for p in _panel_files()}


def test_corpus_panel_holds_every_report_with_its_own_figures(corpus_panels):
    panel, folder, _ = corpus_panels
    files = _panel_files()
    assert len(panel.metas) == len(files) > 1
    counts = panel.figures.groupby(["region", "report_year"]).size()
    for path in files:
        report = load_report(path)
        assert counts[(report.region, report.report_year)] == len(report.figures), path.name
        assert panel.source_files[(report.region_code, report.report_year)] == path.name
    assert panel.figures["figure_id"].is_unique
    assert len(panel.figures) == int(counts.sum())


def test_corpus_panel_rows_are_sorted_by_key(corpus_panels):
    panel, _, _ = corpus_panels
    code = {(m.region, m.report_year): m.region_code for m in panel.metas}
    keys = [(code[(r, y)], y, s) for r, y, s in
            zip(panel.figures["region"], panel.figures["report_year"], panel.figures["char_start"], strict=True)]
    assert keys == sorted(keys)


def test_serial_and_process_write_identical_bytes(corpus_panels):
    _, serial, process = corpus_panels
    for name in BYTE_IDENTICAL:
        assert (serial / name).read_bytes() == (process / name).read_bytes(), name
    query = "SELECT * FROM figures ORDER BY figure_id"
    with duckdb.connect(str(serial / DUCKDB_NAME), read_only=True) as a, \
            duckdb.connect(str(process / DUCKDB_NAME), read_only=True) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()


def test_duckdb_tables_answer_queries(corpus_panels):
    panel, folder, _ = corpus_panels
    with duckdb.connect(str(folder / DUCKDB_NAME), read_only=True) as con:
        per_report = dict(con.execute(
            "SELECT r.region_code || '/' || r.report_year, count(*) FROM figures f "
            "JOIN reports r USING (region, report_year) GROUP BY 1").fetchall())
        stated = dict(con.execute(
            "SELECT region_code || '/' || report_year, figures FROM reports").fetchall())
        gdp = con.execute(
            "SELECT value, bound FROM figures WHERE figure_id LIKE 'national-2025-%' AND kind = 'target' "
            "AND indicator = 'gdp' AND measure = 'growth' AND is_headline").fetchall()
    assert per_report == stated and len(per_report) == len(_panel_files())
    if (SHARED_CORPUS / "national_2025.txt").is_file():
        assert gdp == [(5.0, "approx")]  # 国内生产总值增长5%左右


def test_panel_package_is_valid_and_lists_every_report(corpus_panels):
    panel, folder, _ = corpus_panels
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:3]
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert len(descriptor["sources"]) == len(_panel_files())
    metas = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert [(m["region_code"], m["report_year"]) for m in metas] == \
        [(m.region_code, m.report_year) for m in panel.metas]


def test_duckdb_file_differs_only_in_its_header(seed_copies, tmp_path):
    # DuckDB stamps each new file with a random database identifier in its header block; the
    # README says so. Everything after the first 4 KiB (the tables) is byte-identical.
    panel = build_panel([seed_copies], SerialExecutor())
    a = write_panel(panel, tmp_path / "a") / DUCKDB_NAME
    b = write_panel(panel, tmp_path / "b") / DUCKDB_NAME
    one, two = a.read_bytes(), b.read_bytes()
    assert len(one) == len(two) and one[4096:] == two[4096:]
