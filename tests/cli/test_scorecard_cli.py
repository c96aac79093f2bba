"""`gwr scorecard`: two report files or a registered region, printed and written as files."""

import pandas as pd
from _corpus import corpus_file

from helpers.analysis.scorecard import SCORECARD_FRAME_COLUMNS
from helpers.cli import main
from helpers.paths import SEED_REPORT
from helpers.pipeline.register import add_report


def test_two_files_give_a_printed_table_and_three_files(tmp_path, capsys):
    out = tmp_path / "sc"
    targets, outcomes = corpus_file("national_2024.txt"), corpus_file("national_2025.txt")
    assert main(["scorecard", str(targets), str(outcomes), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("China (全国): 2024 targets judged on the 2025 report's outcomes")
    assert "met (ceiling)" in printed
    table = pd.read_csv(out / "scorecard.csv", keep_default_na=False)
    assert tuple(table.columns) == SCORECARD_FRAME_COLUMNS
    gdp = table[table["indicator"] == "gdp"].iloc[0]
    assert (gdp["target_text"], gdp["result_text"], gdp["verdict"]) == ("5%左右", "5%", "met")
    assert gdp["target_figure_id"].startswith("national-2024-") and gdp["result_figure_id"].startswith("national-2025-")
    assert pd.read_parquet(out / "scorecard.parquet").shape[0] == len(table)
    assert (out / "scorecard.tex").read_text(encoding="utf-8").count(r"\midrule") == 1


def test_a_registered_region(tmp_path, capsys, monkeypatch):
    raw = tmp_path / "raw"
    add_report(corpus_file("national_2024.txt"), root=raw)
    add_report(corpus_file("national_2025.txt"), root=raw)
    from helpers.pipeline import pairs

    monkeypatch.setattr(pairs, "RAW_DIR", raw)
    assert main(["scorecard", "--region", "全国", "-o", str(tmp_path / "sc")]) == 0
    assert "2024 targets judged on the 2025 report" in capsys.readouterr().out


def test_wrong_arguments_are_one_line(tmp_path, capsys):
    for argv in (["scorecard"], ["scorecard", str(SEED_REPORT)],
                 ["scorecard", str(SEED_REPORT), str(SEED_REPORT), "--year", "2025"],
                 ["scorecard", str(SEED_REPORT), str(SEED_REPORT)]):
        assert main([*argv, "-o", str(tmp_path / "sc")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("gwr scorecard: error: "), err
    assert not (tmp_path / "sc").exists()
