"""`gwr diff OLD NEW`: the seed against a copy whose GDP target was edited, through the real CLI
(`gwr extract --data-dir` for both), exit codes 0 / 1 / 2 and one-line errors."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from helpers.analysis.diff import DIFF_COLUMNS
from helpers.cli import main
from helpers.paths import SEED_REPORT

GDP_TARGET = "生产总值增长6%左右"


def extract(report, root, tmp_path, *extra) -> None:
    assert main(["extract", str(report), "--data-dir", str(root), "-o", str(tmp_path / f"{root.name}.csv"),
                 *extra]) == 0


def edited_seed(tmp_path, new: str):
    text = SEED_REPORT.read_text(encoding="utf-8")
    assert text.count(GDP_TARGET) == 1
    path = tmp_path / f"edited_{len(new)}.txt"
    path.write_text(text.replace(GDP_TARGET, new), encoding="utf-8")
    return path


@pytest.fixture
def versions(tmp_path):
    """(old, new) dataset folders: the seed, and the seed with its GDP target 6% → 5%."""
    extract(SEED_REPORT, tmp_path / "old", tmp_path)
    extract(edited_seed(tmp_path, "生产总值增长5%左右"), tmp_path / "new", tmp_path,
            "--region", "Inner Mongolia", "--year", "2025")
    return tmp_path / "old" / "inner_mongolia" / "2025", tmp_path / "new" / "inner_mongolia" / "2025"


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    err = captured.err
    assert err.count("\n") == 1 and err.startswith("gwr diff: error: "), err
    return err


def test_an_edited_gdp_target_is_that_one_figure_and_nothing_else(versions, tmp_path, capsys):
    old, new = versions
    capsys.readouterr()
    assert main(["diff", str(old), str(new / "datapackage.json"), "-o", str(tmp_path / "diff.csv")]) == 1
    out = capsys.readouterr().out
    assert "\n1 changed, 0 added, 0 removed\n" in out
    assert "6%左右 → 5%左右" in out
    diff = pd.read_csv(tmp_path / "diff.csv", dtype=str, keep_default_na=False)
    assert tuple(diff.columns) == DIFF_COLUMNS and len(diff) == 1
    row = diff.iloc[0]
    assert (row["change"], row["indicator"], row["kind"]) == ("changed", "gdp", "target")
    assert (row["old_text"], row["new_text"]) == ("6%左右", "5%左右")
    assert GDP_TARGET in row["old_quote"] and "生产总值增长5%左右" in row["new_quote"]
    assert row["fields"].split("; ") == ["figure_id", "text", "quote", "value", "lower", "upper"]
    assert row["old_figure_id"].startswith("inner_mongolia-2025-") and row["old_figure_id"] != row["new_figure_id"]


def test_identical_versions_exit_0(versions, capsys):
    old, _ = versions
    copy = old.parent.parent.parent / "copy"
    shutil.copytree(old, copy)
    capsys.readouterr()
    assert main(["diff", str(old), str(copy)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "identical figures"


def test_an_edit_that_moves_later_figures(tmp_path, capsys):
    extract(SEED_REPORT, tmp_path / "old", tmp_path)
    extract(edited_seed(tmp_path, "生产总值增长6.5%左右"), tmp_path / "new", tmp_path,
            "--region", "Inner Mongolia", "--year", "2025")
    old, new = (tmp_path / side / "inner_mongolia" / "2025" for side in ("old", "new"))
    capsys.readouterr()
    assert main(["diff", str(old), str(new), "-o", str(tmp_path / "d.csv")]) == 1
    out = capsys.readouterr().out
    assert "1 changed, 0 added, 0 removed (" in out and "only moved in the text" in out
    assert len(pd.read_csv(tmp_path / "d.csv")) == 1
    assert main(["diff", str(old), str(new), "--positions", "-o", str(tmp_path / "p.csv")]) == 1
    listed = pd.read_csv(tmp_path / "p.csv")
    assert listed["change"].value_counts()["changed"] == 1 and (listed["change"] == "moved").sum() > 10


def test_bad_input_is_one_line_and_exit_2(versions, tmp_path, capsys):
    old, _ = versions
    capsys.readouterr()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["diff", str(old), str(empty)]) == 2
    assert "no dataset here" in one_line_error(capsys)
    assert main(["diff", str(old), str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in one_line_error(capsys)
    assert main(["diff", str(old), str(old), "-o", str(tmp_path)]) == 2
    assert "is a folder" in one_line_error(capsys)


def test_two_datasets_of_different_reports_are_refused(versions, tmp_path, capsys):
    old, _ = versions
    other = tmp_path / "hubei"
    other.mkdir()
    figures = pd.read_csv(old / "figures.csv", dtype=str, keep_default_na=False)
    figures["region"], figures["region_zh"] = "Hubei", "湖北省"
    figures.to_csv(other / "figures.csv", index=False)
    capsys.readouterr()
    assert main(["diff", str(old), str(other)]) == 2
    err = one_line_error(capsys)
    assert "OLD is Inner Mongolia 2025 but NEW is Hubei 2025: diff compares two versions of one dataset" in err


def test_a_dataset_is_not_compared_with_a_panel(versions, tmp_path, capsys):
    old, _ = versions
    capsys.readouterr()
    assert main(["panel", str(SEED_REPORT), "--out", str(tmp_path / "panel"), "--executor", "serial",
                 "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["diff", str(old), str(tmp_path / "panel")]) == 2
    assert "OLD is a dataset and NEW a panel" in one_line_error(capsys)
