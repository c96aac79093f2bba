"""`gwr export` through the real CLI: default files, -o checks, one-line errors, and the
targets panel of a real panel (the national 2024 → 2025 pair of the corpus)."""

from __future__ import annotations

import pandas as pd
import pytest
from _corpus import corpus_file

from helpers.cli import main
from helpers.paths import SEED_REPORT


@pytest.fixture
def dataset(tmp_path, capsys):
    assert main(["extract", str(SEED_REPORT), "--data-dir", str(tmp_path / "processed"),
                 "-o", str(tmp_path / "seed.csv")]) == 0
    capsys.readouterr()
    return tmp_path / "processed" / "inner_mongolia" / "2025"


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("gwr export: error: "), err
    return err


def test_default_file_goes_into_the_dataset(dataset, capsys):
    assert main(["export", str(dataset), "--to", "stata"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("gwr export: ") and err.rstrip().endswith("inner_mongolia/2025/figures.dta")
    assert len(pd.read_stata(dataset / "figures.dta")) == len(pd.read_csv(dataset / "figures.csv"))
    assert main(["export", str(dataset / "datapackage.json"), "--to", "csv"]) == 0
    assert "is the dataset's own csv table" in capsys.readouterr().err


def test_targets_to_a_named_file(dataset, tmp_path, capsys):
    out = tmp_path / "targets.csv"
    assert main(["export", str(dataset), "--table", "targets", "--to", "csv", "-o", str(out)]) == 0
    assert "target rows →" in capsys.readouterr().err
    targets = pd.read_csv(out, keep_default_na=False)
    assert "6%左右" in set(targets["target_text"]) and set(targets["region_zh"]) == {"内蒙古自治区"}


def test_o_refuses_what_check_output_file_refuses(dataset, tmp_path, capsys):
    link = tmp_path / "link.dta"
    link.symlink_to(tmp_path / "elsewhere.dta")
    assert main(["export", str(dataset), "--to", "stata", "-o", str(link)]) == 2
    assert "is a symbolic link" in one_line_error(capsys)
    assert main(["export", str(dataset), "--to", "stata", "-o", str(tmp_path)]) == 2
    assert "is a folder" in one_line_error(capsys)
    before = (dataset / "figures.csv").read_bytes()
    assert main(["export", str(dataset), "--to", "csv", "--bom", "-o", str(dataset / "figures.csv")]) == 2
    assert "is the dataset's own figures.csv" in one_line_error(capsys)
    assert (dataset / "figures.csv").read_bytes() == before
    assert main(["export", str(dataset), "--to", "stata", "-o", str(tmp_path / "no" / "x.dta")]) == 2
    assert "does not exist" in one_line_error(capsys)


def test_bad_input_is_one_line(tmp_path, capsys):
    assert main(["export", str(tmp_path), "--to", "excel"]) == 2
    assert "no dataset here" in one_line_error(capsys)
    assert main(["export", str(SEED_REPORT), "--to", "excel"]) == 2
    assert "is a file, not a dataset" in one_line_error(capsys)
    (tmp_path / "figures.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["export", str(tmp_path), "--to", "excel"]) == 2
    assert "has no column 'figure_id'" in one_line_error(capsys)
    assert main(["export", str(tmp_path), "--to", "excel", "--bom"]) == 2
    assert "--bom and --spreadsheet-safe go with --to csv" in one_line_error(capsys)
    with pytest.raises(SystemExit) as stop:
        main(["export", str(tmp_path)])  # --to is required
    assert stop.value.code == 2


def test_targets_panel_of_the_national_pair(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for year in (2024, 2025):
        (inputs / f"national_{year}.txt").write_bytes(corpus_file(f"national_{year}.txt").read_bytes())
    assert main(["panel", str(inputs), "--out", str(tmp_path / "panel"), "--executor", "serial", "--no-progress"]) == 0
    assert main(["export", str(tmp_path / "panel"), "--table", "targets", "--to", "stata"]) == 0
    t = pd.read_stata(tmp_path / "panel" / "targets.dta")
    gdp = t[(t["indicator"] == "gdp") & (t["year"] == 2024)].iloc[0]
    assert (gdp["target_text"], gdp["outcome_text"], gdp["verdict"]) == ("5%左右", "5%", "met")
    assert t[t["year"] == 2025]["verdict"].isna().all()  # no 2026 report in the panel
    with pd.io.stata.StataReader(tmp_path / "panel" / "targets.dta") as reader:
        assert reader.data_label.startswith("2 government work reports 2024–2025: targets")
