"""The version history of datapackage.json: `changes` against the previous version and the
`history` of every version, written by the datasets and panels, still byte-deterministic."""

from __future__ import annotations

import json
import shutil

import frictionless
import pandas as pd
from _synthetic import fig

from helpers.metadata.columns import coerce
from helpers.metadata.report_meta import ReportMeta
from helpers.output.datapackage import figures_csv_bytes, update_datapackage
from helpers.output.versions import schema_changes, why

META = ReportMeta(region="Inner Mongolia", region_zh="内蒙古自治区", report_year=2025, sha256="ab" * 32)


def write(folder, rows, meta=META):
    """A dataset folder's table and descriptor, as write_dataset leaves them: built in a stage,
    versioned against the folder it replaces, then swapped in."""
    df = coerce(pd.DataFrame(rows))
    stage = folder.with_name(folder.name + ".stage")
    stage.mkdir(parents=True)
    data = figures_csv_bytes(df)
    (stage / "figures.csv").write_bytes(data)
    descriptor = update_datapackage(stage, meta, df, csv_bytes=data, previous_folder=folder)
    if folder.exists():
        shutil.rmtree(folder)
    stage.rename(folder)
    return descriptor


def test_first_version_and_an_unchanged_rewrite(tmp_path):
    first = write(tmp_path / "ds", [fig("a"), fig("b", char_start=30, char_end=36)])
    assert first["version"] == "1.0.0"
    assert first["changes"] == {"version": "1.0.0", "figures": 2, "why": "first version",
                                "tool": first["changes"]["tool"]}
    assert first["history"] == [first["changes"]]
    before = (tmp_path / "ds" / "datapackage.json").read_bytes()
    write(tmp_path / "ds", [fig("a"), fig("b", char_start=30, char_end=36)])
    assert (tmp_path / "ds" / "datapackage.json").read_bytes() == before  # same input, same bytes


def test_a_change_records_counts_and_why(tmp_path):
    write(tmp_path / "ds", [fig("a"), fig("b", char_start=30, char_end=36)])
    second = write(tmp_path / "ds", [fig("a", value=6.5, text="6.5%左右"), fig("c", paragraph=9, char_start=50, char_end=56)])
    changes = second["changes"]
    assert (second["version"], changes["previous"]) == ("1.0.1", "1.0.0")
    assert (changes["changed"], changes["added"], changes["removed"], changes["moved"]) == (1, 1, 1, 0)
    assert changes["why"] == "figures changed with the same report texts: the extraction changed (patch)"
    assert [h["version"] for h in second["history"]] == ["1.0.0", "1.0.1"]
    third = write(tmp_path / "ds", [fig("a", value=6.5, text="6.5%左右")],
                  ReportMeta(region="Inner Mongolia", region_zh="内蒙古自治区", report_year=2025, sha256="cd" * 32))
    assert third["changes"]["why"] == "report text changed (sha256): Inner Mongolia 2025 (patch)"
    assert [h["version"] for h in third["history"]] == ["1.0.0", "1.0.1", "1.0.2"]
    report = frictionless.validate(str(tmp_path / "ds" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_why_names_schema_changes_and_reports():
    previous = {"sources": [{"region": "China", "report_year": 2024, "sha256": "x"}]}
    descriptor = {"sources": [{"region": "China", "report_year": 2024, "sha256": "x"},
                              {"region": "China", "report_year": 2025, "sha256": "y"}]}
    assert why(previous, descriptor, ([], [])) == "reports added: China 2025 (patch)"
    assert why(previous, previous, ([], ["period"])) == "columns added: period (minor)"
    assert why(previous, previous, (["value"], [])) == "columns removed or retyped: value (major)"
    assert schema_changes({"a": "string", "b": "integer"}, {"a": "number", "c": "string"}) == (["a", "b"], ["c"])


def test_the_seed_dataset_records_an_edited_gdp_target(tmp_path):
    from helpers.figures.report import load_report
    from helpers.output.dataset import write_dataset
    from helpers.paths import SEED_REPORT

    folder = write_dataset(load_report(SEED_REPORT), tmp_path)
    edited = tmp_path / "edited.txt"
    edited.write_text(SEED_REPORT.read_text(encoding="utf-8").replace("生产总值增长6%左右", "生产总值增长5%左右"),
                      encoding="utf-8")
    write_dataset(load_report(edited, region="Inner Mongolia", year=2025), tmp_path)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == "1.0.1"
    assert {k: descriptor["changes"][k] for k in ("changed", "added", "removed", "moved")} == \
        {"changed": 1, "added": 0, "removed": 0, "moved": 0}


def test_the_changelog_says_the_history_newest_first(tmp_path):
    write(tmp_path / "ds", [fig("a"), fig("b", char_start=30, char_end=36)])
    log_first = (tmp_path / "ds" / "CHANGELOG.md").read_bytes()
    write(tmp_path / "ds", [fig("a"), fig("b", char_start=30, char_end=36)])
    assert (tmp_path / "ds" / "CHANGELOG.md").read_bytes() == log_first  # same input, same bytes
    write(tmp_path / "ds", [fig("a", value=6.5, text="6.5%左右")])
    log = (tmp_path / "ds" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert log.index("## 1.0.1 (from 1.0.0)") < log.index("## 1.0.0")
    assert "- against the previous version: 1 changed, 0 added, 1 removed, 0 moved" in log
    assert "- why: first version" in log
