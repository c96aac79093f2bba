"""Citations of figures and reports, CITATION.cff, and the `gwr cite` command."""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import yaml

import helpers
from helpers.cli import cite as cite_command
from helpers.errors import GwrError
from helpers.metadata.columns import COLUMN_NAMES, coerce
from helpers.metadata.report_meta import ReportMeta, read_report_metas
from helpers.output.cite import (
    bibtex_report,
    citation_en,
    citation_zh,
    figure_citation_text,
    how_to_cite_markdown,
    quote_of,
)
from helpers.paths import PROJECT_ROOT

CFF_SCHEMA = Path(__file__).parents[1] / "data" / "cff-schema-1.2.0.json"

META = ReportMeta(
    region="Inner Mongolia",
    region_zh="内蒙古自治区",
    report_year=2025,
    date_delivered="2025-01-14",
    source_url="https://example.org/gwr_2025.html",
    sha256="ab" * 32,
)


def figure_row(**overrides) -> dict:
    """A synthetic figure in the shape of one row of figures.csv."""
    row = {
        "figure_id": "inner_mongolia-2025-1a2b3c4d",
        "region": "Inner Mongolia",
        "region_zh": "内蒙古自治区",
        "report_year": 2025,
        "paragraph": 42,
        "char_start": 1000,
        "char_end": 1005,
        "text": "18万人以上",
        "quote": "城镇新增就业18万人以上",
        "section": "二、2025年工作安排",
        "kind": "target",
        "is_estimate": False,
        "is_headline": True,
        "ref_year": 2025,
        "indicator": "urban_new_jobs",
        "indicator_zh": "城镇新增就业",
        "indicator_en": "New urban jobs",
        "measure": "level",
        "direction": "",
        "value": 180000.0,
        "unit_zh": "人",
        "unit": "person",
        "bound": "min",
        "lower": 180000.0,
        "upper": None,
    }
    row.update(overrides)
    return row


# ----- CITATION.cff -----------------------------------------------------------------------

def test_citation_cff_is_valid_cff_1_2_0_and_matches_package_version():
    import jsonschema

    cff = yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(cff), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors)
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert cff["version"] == pyproject["project"]["version"]
    if helpers.__version__ != "0+unknown":
        assert cff["version"] == helpers.__version__
    assert cff["title"] == pyproject["project"]["name"]


def test_cff_schema_rejects_a_broken_citation():
    # Guards the test above: the vendored schema really constrains the file.
    import jsonschema

    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    broken = {"cff-version": "1.2.0", "title": "x", "authors": [{"name": "y"}]}  # no message
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


# ----- one figure ---------------------------------------------------------------------------

def test_citation_lines_locate_the_figure():
    fig = figure_row()
    en = citation_en(fig, META)
    zh = citation_zh(fig, META)
    assert en.startswith("People's Government of Inner Mongolia Autonomous Region (2025). 政府工作报告 [Government Work Report]")
    assert "delivered 14 January 2025" in en and "paragraph 42" in en and "二、2025年工作安排" in en
    assert zh.startswith("内蒙古自治区人民政府：《政府工作报告》（2025年）")
    assert "2025年1月14日" in zh and "第42段" in zh and zh.endswith("。")
    assert quote_of(fig) == "“城镇新增就业18万人以上”"


def test_citation_of_a_pandas_row_with_missing_values():
    # A row read back by pandas: paragraph as float, section missing (NaN).
    df = coerce(pd.DataFrame([figure_row(section=None)]))
    row = df.iloc[0]
    en = citation_en(row, META)
    assert "paragraph 42," in en and "section" not in en and "nan" not in en.lower()
    assert "“" not in citation_zh(row, META)


def test_citation_without_delivery_date_omits_it():
    meta = ReportMeta(region="Inner Mongolia", region_zh="内蒙古自治区", report_year=2025)
    assert "delivered" not in citation_en(figure_row(), meta)
    assert "月" not in citation_zh(figure_row(), meta).split("，")[1]


def test_bibtex_entry():
    bib = bibtex_report(META)
    assert bib.startswith("@misc{inner_mongolia_gwr_2025,\n")
    assert "author = {{内蒙古自治区人民政府}}" in bib
    assert "title = {{政府工作报告}}" in bib
    assert "year = {2025}" in bib and "date = {2025-01-14}" in bib
    assert "delivered 2025-01-14" in bib
    assert bib.count("{") == bib.count("}")
    assert bib.rstrip().endswith("}")


def test_bibtex_escapes_latex_specials():
    meta = ReportMeta(region="X", region_zh="X", report_year=2025, title="A & B 100% #1_x")
    bib = bibtex_report(meta)
    assert r"A \& B 100\% \#1\_x" in bib


# ----- How to cite --------------------------------------------------------------------------

def test_how_to_cite_markdown_is_deterministic_and_names_version():
    figures = coerce(pd.DataFrame([
        figure_row(figure_id="f-ctx", kind="context", is_headline=False, char_start=10, char_end=12),
        figure_row(figure_id="f-head", char_start=900, char_end=905),
    ]))
    md = how_to_cite_markdown(META, figures)
    assert md == how_to_cite_markdown(META, figures.iloc[::-1])  # row order does not matter
    assert md.startswith("## How to cite\n")
    assert f"version {helpers.__version__}" in md
    assert "@misc{inner_mongolia_gwr_2025," in md
    assert "(2 figures)" in md
    assert "`gwr cite f-head`" in md  # example: the headline target, not the first row
    assert "data/processed/inner_mongolia/2025/" in md


def test_how_to_cite_markdown_for_a_panel_without_figures():
    other = ReportMeta(region="Guangdong", region_zh="广东省", report_year=2024)
    md = how_to_cite_markdown([META, other])
    assert "2 government work reports (2024–2025)" in md
    assert md.index("guangdong_gwr_2024") < md.index("inner_mongolia_gwr_2025")
    assert "gwr cite FIGURE_ID" in md


# ----- gwr cite ------------------------------------------------------------------------------

def write_dataset(folder: Path, rows: list[dict], meta: ReportMeta | None) -> None:
    folder.mkdir(parents=True)
    coerce(pd.DataFrame(rows)).to_csv(folder / "figures.csv", index=False, lineterminator="\n")
    if meta is not None:
        (folder / "report.json").write_text(meta.to_json(), encoding="utf-8")


def gwr_cite(argv: list[str]) -> int:
    """`gwr cite …` as the CLI runs it: GwrError → one line on stderr, exit 2."""
    parser = argparse.ArgumentParser(prog="gwr cite")
    cite_command.add_arguments(parser)
    try:
        return cite_command.run(parser.parse_args(argv))
    except GwrError as exc:
        print(f"gwr cite: error: {exc}", file=sys.stderr)
        return 2


def test_gwr_cite_prints_citation_quote_and_bibtex(tmp_path, capsys):
    write_dataset(tmp_path / "inner_mongolia" / "2025", [figure_row(), figure_row(figure_id="other")], META)
    assert gwr_cite(["inner_mongolia-2025-1a2b3c4d", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out == figure_citation_text(figure_row(), META)
    assert "“城镇新增就业18万人以上”" in out
    assert "2025年1月14日" in out and "@misc{inner_mongolia_gwr_2025," in out
    with (tmp_path / "inner_mongolia" / "2025" / "figures.csv").open(encoding="utf-8") as fh:
        assert list(csv.DictReader(fh).fieldnames) == list(COLUMN_NAMES)


def test_gwr_cite_without_report_json_uses_the_row(tmp_path, capsys):
    write_dataset(tmp_path / "ds", [figure_row()], None)
    assert gwr_cite(["inner_mongolia-2025-1a2b3c4d", "--data", str(tmp_path / "ds")]) == 0
    out = capsys.readouterr().out
    assert "内蒙古自治区人民政府：《政府工作报告》（2025年），“二、2025年工作安排”部分" in out


def test_gwr_cite_unknown_id_is_one_line_error(tmp_path, capsys):
    write_dataset(tmp_path / "inner_mongolia" / "2025", [figure_row()], META)
    assert gwr_cite(["inner_mongolia-2025-1a2b3c4e", "--data", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert "\n" not in err
    assert "no figure with id 'inner_mongolia-2025-1a2b3c4e'" in err
    assert "did you mean inner_mongolia-2025-1a2b3c4d?" in err
    assert "gwr extract REPORT" in err and "figure_id column" in err


def test_gwr_cite_without_datasets_is_one_line_error(tmp_path, capsys):
    assert gwr_cite(["x", "--data", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "does not exist" in err
    assert gwr_cite(["x", "--data", str(tmp_path)]) == 2
    assert "no figures.csv" in capsys.readouterr().err


def test_gwr_cite_through_the_real_cli(tmp_path, capsys):
    from helpers.cli import SUBCOMMANDS

    missing = [n for n in SUBCOMMANDS if importlib.util.find_spec(f"helpers.cli.{n}") is None]
    if missing:
        pytest.skip(f"the gwr CLI cannot be built yet: helpers.cli.{missing[0]} does not exist")
    from helpers.cli import main

    write_dataset(tmp_path / "inner_mongolia" / "2025", [figure_row()], META)
    assert main(["cite", "inner_mongolia-2025-1a2b3c4d", "--data", str(tmp_path)]) == 0
    assert "@misc{inner_mongolia_gwr_2025," in capsys.readouterr().out
    assert main(["cite", "nope", "--data", str(tmp_path)]) == 2
    assert "gwr cite: error: no figure with id 'nope'" in capsys.readouterr().err


def test_panel_report_json_picks_the_figure_report(tmp_path):
    other = ReportMeta(region="Guangdong", region_zh="广东省", report_year=2025)
    path = tmp_path / "report.json"
    path.write_text(json.dumps([json.loads(META.to_json()), json.loads(other.to_json())]), encoding="utf-8")
    assert read_report_metas(path) == [META, other]


def test_gwr_cite_on_the_seed_report(tmp_path, capsys):
    """Real text: every cited figure's quote contains the figure, and the paragraph it names
    is the one that holds the quote in the input text."""
    from helpers.figures.table import extract_figures
    from helpers.output.datapackage import figures_csv_bytes
    from helpers.paths import SEED_REPORT
    from helpers.read import read_report

    source = read_report(SEED_REPORT)
    df = extract_figures(source.text, "Inner Mongolia", 2025, "内蒙古自治区")
    meta = ReportMeta(region="Inner Mongolia", region_zh="内蒙古自治区", report_year=2025, sha256=source.sha256)
    folder = tmp_path / "inner_mongolia" / "2025"
    folder.mkdir(parents=True)
    (folder / "figures.csv").write_bytes(figures_csv_bytes(df))
    (folder / "report.json").write_text(meta.to_json(), encoding="utf-8")
    paragraphs = [line for line in source.text.splitlines() if line.strip()]

    headline = df[df["is_headline"] & (df["kind"] == "target")]
    assert len(headline) >= 3
    for _, row in headline.head(3).iterrows():
        assert gwr_cite([row["figure_id"], "--data", str(tmp_path)]) == 0
        out = capsys.readouterr().out
        assert f"  “{row['quote']}”\n" in out
        assert row["text"] in row["quote"]
        assert f"第{row['paragraph']}段" in out and f"paragraph {row['paragraph']}," in out
        assert row["quote"] in paragraphs[int(row["paragraph"]) - 1]
        assert source.sha256 in out
