"""gwr panel's streamed path (pipeline.panel.stream_panel): the folder it writes a part at a time
is the one a whole table in memory gives, byte for byte; pandera runs once per panel, not per
report; a report that breaks the schema is named and an earlier panel stays. Seed-only: the
seed as three regions' reports and as the year before, so that the panel holds a scorecard."""

from __future__ import annotations

import io
import math
import re
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import helpers.metadata.columns as columns
import helpers.output.panel_dataset as panel_dataset
import helpers.output.panel_parts as panel_parts
import helpers.pipeline.panel as pipeline
from helpers.analysis.diff import diff_figures
from helpers.analysis.scorecard import scorecard
from helpers.cli import main
from helpers.errors import GwrError
from helpers.figures.report import load_report
from helpers.metadata.report_meta import metas_json
from helpers.output.datapackage import figures_csv_bytes, update_datapackage
from helpers.output.panel_parts import figures_part, part_frame, read_ipc
from helpers.output.versions import diff_counts_by_year
from helpers.paths import SEED_REPORT
from helpers.pipeline.panel import (
    ReportInput,
    SerialExecutor,
    build_panel,
    executor_for,
    stream_panel,
)

YEAR = re.compile(r"(?<![0-9０-９])(19[5-9][0-9]|20[0-9][0-9])(?![0-9０-９])")
PANEL_FILES = ("figures.csv", "figures.parquet", "report.json", "datapackage.json", "CHANGELOG.md",
               "scorecard.csv", "scorecard.parquet", "scorecard.tex")


def _shifted(text: str, by: int) -> str:
    return YEAR.sub(lambda m: str(int(m.group(1)) + by), text)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[ReportInput]:
    """Five reports: the seed as itself, as Jilin's and Heilongjiang's 2025 reports, and, a year
    earlier, as Inner Mongolia's and Jilin's 2024 reports (two consecutive pairs). Named so that
    path order is not key order."""
    folder = tmp_path_factory.mktemp("reports")
    text = SEED_REPORT.read_text(encoding="utf-8")
    made = []
    for name, region, year in (("e.txt", None, None), ("a.txt", "Jilin", 2025), ("c.txt", "Heilongjiang", 2025),
                               ("d.txt", "Inner Mongolia", 2024), ("b.txt", "Jilin", 2024)):
        (folder / name).write_text(text if year in (None, 2025) else _shifted(text, year - 2025), encoding="utf-8")
        made.append(ReportInput(folder / name, region, year))
    return made


def _reference(items: list[ReportInput], folder: Path) -> dict[str, bytes]:
    """The panel's files the simple way: every report's figures concatenated, sorted by key,
    coerced, each file written from the whole table with the writers a single table uses."""
    reports = sorted((load_report(i.path, region=i.region, year=i.year) for i in items),
                     key=lambda r: (r.meta.region_code, r.meta.report_year))
    metas = [r.meta for r in reports]
    code = {(m.region, m.report_year): m.region_code for m in metas}
    whole = pd.concat([r.figures for r in reports], ignore_index=True)
    whole = whole.assign(_code=[code[(r, int(y))] for r, y in zip(whole["region"], whole["report_year"], strict=True)])
    whole = columns.coerce(whole.sort_values(["_code", "report_year", "char_start", "figure_id"], kind="stable")
                           .drop(columns="_code"))
    folder.mkdir()
    csv = figures_csv_bytes(whole)
    (folder / "figures.csv").write_bytes(csv)
    whole.to_parquet(folder / "figures.parquet", index=False)
    (folder / "report.json").write_text(metas_json(metas), encoding="utf-8")
    update_datapackage(folder, metas, whole, csv_bytes=csv)
    by_key = {(m.region_code, m.report_year): r.figures for m, r in zip(metas, reports, strict=True)}
    frames = [scorecard(columns.coerce(by_key[(m.region_code, m.report_year)]),
                        columns.coerce(by_key[(m.region_code, m.report_year + 1)]))
              for m in metas if (m.region_code, m.report_year + 1) in by_key]
    table = pd.concat(frames, ignore_index=True)
    from helpers.output.scorecard_files import write_scorecard_files

    write_scorecard_files(folder, table, caption=panel_dataset.SCORECARD_CAPTION, label=panel_dataset.SCORECARD_LABEL)
    return {name: (folder / name).read_bytes() for name in PANEL_FILES}


@pytest.fixture(scope="module")
def reference(inputs, tmp_path_factory) -> dict[str, bytes]:
    return _reference(inputs, tmp_path_factory.mktemp("ref") / "panel")


def _files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in PANEL_FILES}


@pytest.mark.parametrize("executor", ["serial", "thread", "process", "own pool"])
def test_a_streamed_panel_is_the_panel_of_the_whole_table_byte_for_byte(inputs, reference, tmp_path, executor):
    pool = None if executor == "own pool" else executor_for(executor, 2)
    try:
        done = stream_panel(inputs, tmp_path / "panel", pool)
    finally:
        if pool is not None:
            pool.shutdown()
    assert _files(done.folder) == reference
    assert [(m.region_code, m.report_year) for m in done.metas] == [
        ("heilongjiang", 2025), ("inner_mongolia", 2024), ("inner_mongolia", 2025), ("jilin", 2024), ("jilin", 2025)]
    assert done.figures == len(pd.read_csv(io.BytesIO(reference["figures.csv"])))


def test_write_panel_of_build_panel_writes_the_same_bytes(inputs, reference, tmp_path):
    folder = panel_dataset.write_panel(build_panel(inputs, SerialExecutor()), tmp_path / "panel")
    assert _files(folder) == reference


def test_row_groups_are_fixed_and_only_the_parquet_layout_depends_on_their_size(inputs, reference, tmp_path,
                                                                                 monkeypatch):
    monkeypatch.setattr(panel_dataset, "ROW_GROUP_ROWS", 100)
    monkeypatch.setattr(panel_dataset, "SCORECARD_ROW_GROUP_ROWS", 10)
    folder = stream_panel(inputs, tmp_path / "panel", SerialExecutor()).folder
    files = _files(folder)
    for name in PANEL_FILES:
        if name.endswith(".parquet"):
            meta = pq.ParquetFile(folder / name).metadata
            sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
            rows = 100 if name == "figures.parquet" else 10
            assert all(n == rows for n in sizes[:-1]) and 0 < sizes[-1] <= rows, name
            assert meta.num_row_groups == math.ceil(meta.num_rows / rows) > 3, name
            ref = pd.read_parquet(io.BytesIO(reference[name]))
            pd.testing.assert_frame_equal(pd.read_parquet(folder / name), ref)
        else:
            assert files[name] == reference[name], name


def test_pandera_runs_once_per_panel_not_per_report(inputs, tmp_path, monkeypatch):
    calls = []
    real = columns.validate

    def counting(frame):
        calls.append(len(frame))
        return real(frame)

    monkeypatch.setattr(columns, "validate", counting)
    done = stream_panel(inputs, tmp_path / "panel", SerialExecutor())
    assert calls == [done.figures]  # one call, on every figure of the panel
    calls.clear()
    panel_dataset.write_panel(build_panel(inputs, SerialExecutor()), tmp_path / "again")
    assert calls == [done.figures]
    # a panel larger than a row group: once per row group of whole reports, not per report
    calls.clear()
    monkeypatch.setattr(panel_dataset, "ROW_GROUP_ROWS", 250)
    stream_panel(inputs, tmp_path / "small groups", SerialExecutor())
    assert 1 < len(calls) < len(inputs) and sum(calls) == done.figures and min(calls[:-1]) >= 250


def test_a_report_that_breaks_the_schema_is_named_and_the_earlier_panel_stays(inputs, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for item in inputs[:3]:
        shutil.copy(item.path, folder / item.path.name)  # e, a, c: the seed three times (kept once)
    (folder / "z.txt").write_text(_shifted(SEED_REPORT.read_text(encoding="utf-8"), -1), encoding="utf-8")
    out = tmp_path / "panel"
    argv = ["panel", str(folder), "--out", str(out), "--executor", "serial", "--no-progress"]
    assert main(argv) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_load = pipeline.load_report

    def broken(path, **kw):  # the extractor's bug in one report, past the per-report check
        report = real_load(path, **kw)
        if Path(path).name == "z.txt":
            report.figures.loc[report.figures.index[3], "kind"] = "prediction"
        return report

    monkeypatch.setattr(pipeline, "load_report", broken)
    monkeypatch.setattr(panel_parts, "passes_checks", lambda table: True)  # the worker's check
    capsys.readouterr()
    assert main(argv) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "z.txt" in err and "kind" in err and "schema" in err, err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "panel"]  # no staging folder left


def test_errors_of_the_stream_are_those_of_build_panel(inputs, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = SEED_REPORT.read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text.replace("自治区", "自治区 ", 1), encoding="utf-8")
    for build in (lambda: build_panel([folder], SerialExecutor()),
                  lambda: stream_panel([folder], tmp_path / "panel", SerialExecutor())):
        with pytest.raises(GwrError, match=r"a\.txt and .*b\.txt are both the 2025 report of Inner Mongolia"):
            build()
    # a failing file beats the two texts, whatever its place in path order
    (folder / "c.pdf").write_bytes(b"\x00 not a pdf")
    for build in (lambda: build_panel([folder], SerialExecutor()),
                  lambda: stream_panel([folder], tmp_path / "panel", SerialExecutor())):
        with pytest.raises(GwrError, match=r"c\.pdf"):
            build()
    assert not (tmp_path / "panel").exists()


def test_one_report_is_extracted_without_a_pool(tmp_path, monkeypatch):
    def no_pool(*a, **k):
        raise AssertionError("a process pool for one report")

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", no_pool)
    done = stream_panel([SEED_REPORT], tmp_path / "panel")
    assert len(done.metas) == 1 and done.figures > 0


def test_a_worker_sends_bytes_not_a_frame(inputs):
    outcome = pipeline.extract_one(inputs[0])
    assert isinstance(outcome.part.arrow, bytes) and isinstance(outcome.part.csv, bytes)
    figures = columns.check(load_report(inputs[0].path).figures)
    pd.testing.assert_frame_equal(part_frame(read_ipc(outcome.part.arrow)), columns.coerce(figures))
    assert outcome.part.csv == figures_csv_bytes(figures).split(b"\n", 1)[1]
    assert figures_part(figures.iloc[::-1]).arrow == outcome.part.arrow  # rows in panel order


def test_version_differences_counted_a_year_at_a_time_are_those_of_the_whole_tables(inputs, tmp_path):
    old = stream_panel(inputs[:4], tmp_path / "old", SerialExecutor()).folder
    new = tmp_path / "new.parquet"
    edited = build_panel(inputs[1:], SerialExecutor()).figures
    edited.loc[edited.index[5], "value"] = 99.0  # changed
    edited = edited.drop(index=edited.index[10:14])  # removed
    edited.loc[edited.index[20:], "char_start"] += 3  # moved
    edited.to_parquet(new, index=False)
    whole = diff_figures(columns.coerce(pd.read_parquet(old / "figures.parquet")), edited).counts
    assert all(whole[k] for k in ("changed", "added", "removed", "moved"))
    assert diff_counts_by_year(old, new) == whole
    assert diff_counts_by_year(old, new, rows=7) == whole  # read in small batches
    assert diff_counts_by_year(tmp_path / "nothing", new) is None


def test_duckdb_loads_again_with_twice_the_memory_when_the_index_does_not_fit(tmp_path, monkeypatch):
    import duckdb

    import helpers.output.panel_duckdb as panel_duckdb

    limits = []
    real = panel_duckdb._write

    def spy(path, parquet, reports, memory):
        limits.append(memory)
        return real(path, parquet, reports, memory)

    monkeypatch.setattr(panel_duckdb, "DUCKDB_MEMORY", 2**18)  # 256 KiB: too little for anything
    monkeypatch.setattr(panel_duckdb, "_write", spy)
    done = stream_panel([SEED_REPORT], tmp_path / "panel")
    assert len(limits) > 1 and limits == [2**18 * 2**k for k in range(len(limits))]
    with duckdb.connect(str(done.folder / "panel.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM figures").fetchone() == (done.figures,)
    assert sorted(p.name for p in done.folder.iterdir() if "duckdb" in p.name) == ["panel.duckdb"]
