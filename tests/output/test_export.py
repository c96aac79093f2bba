"""`gwr export`'s files read back: Stata .dta 118, Excel .xlsx, CSV (BOM, spreadsheet-safe),
JSON, Parquet — same rows and values as figures.csv, Chinese intact, labels present, report
text never a formula, same bytes for the same dataset, and the dataset folder still replaceable."""

from __future__ import annotations

import json
import math
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from helpers.errors import ParameterError
from helpers.metadata.codebook import FIGURES_TABLE
from helpers.metadata.columns import COLUMN_NAMES, FIGURE_COLUMNS
from helpers.metadata.layout import FIGURES_CSV, FIGURES_PARQUET, REPORT_JSON
from helpers.metadata.targets_columns import TARGETS_TABLE
from helpers.output.datapackage import figures_csv_bytes
from helpers.output.export import ExportOptions, export, stamp_of
from helpers.output.folders import open_folder
from helpers.paths import SEED_REPORT

FORMULAS = ("=HYPERLINK(\"http://example.org\",\"x\")地区生产总值增长6%左右", "+86城镇新增就业18万人以上",
            "-3个百分点以内的降幅", "@SUM(A1)居民消费价格涨幅2%左右")


@pytest.fixture(scope="module")
def seed_root(tmp_path_factory):
    from helpers.figures.report import load_report
    from helpers.output.dataset import write_dataset

    root = tmp_path_factory.mktemp("processed")
    write_dataset(load_report(SEED_REPORT), root)
    return root


@pytest.fixture
def dataset(seed_root, tmp_path) -> Path:
    """A fresh copy of the seed's dataset folder (its marker too)."""
    return Path(shutil.copytree(seed_root / "inner_mongolia" / "2025", tmp_path / "inner_mongolia" / "2025"))


@pytest.fixture
def formula_dataset(dataset) -> Path:
    """The seed's dataset with four quotes that begin with a formula lead."""
    df = pd.read_parquet(dataset / FIGURES_PARQUET)
    for i, quote in enumerate(FORMULAS):
        df.loc[i, "quote"] = quote
    (dataset / FIGURES_CSV).write_bytes(figures_csv_bytes(df))
    df.to_parquet(dataset / FIGURES_PARQUET, index=False)
    return dataset


def canonical(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / FIGURES_CSV, dtype=str, keep_default_na=False)


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or v == ""


def assert_same_as_csv(back: pd.DataFrame, csv: pd.DataFrame, *, digits: int = 17) -> None:
    """Every cell of `back` (read from an export) equals figures.csv's, column by column;
    numbers to `digits` significant digits (17: exactly; xlsx holds 16)."""
    assert list(back.columns) == list(csv.columns) and len(back) == len(csv)
    for column in FIGURE_COLUMNS:
        got, want = back[column.name].tolist(), csv[column.name].tolist()
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            where = (column.name, i, g, w)
            if w == "" or _missing(g):
                assert _missing(g) and (w == "" or column.dtype == "string" and g == w), where
            elif column.dtype == "string":
                assert str(g) == w, where
            elif column.dtype == "boolean":
                assert bool(g) == (w == "True"), where
            else:
                if digits >= 17:
                    assert float(g) == float(w), where
                else:
                    assert float(g) == pytest.approx(float(w), rel=10.0 ** (1 - digits)), where


# ----- Stata ------------------------------------------------------------------------------------

def test_stata_round_trip(dataset):
    done = export(open_folder(dataset), ExportOptions(to="stata"))
    assert done.path == dataset / "figures.dta" and done.written and done.rows == len(canonical(dataset))
    data = done.path.read_bytes()
    assert data.startswith(b"<stata_dta><header><release>118</release>")
    assert b"GSO" in data  # the quotes are strL
    back = pd.read_stata(done.path)
    assert_same_as_csv(back, canonical(dataset))
    assert back["region_zh"].eq("内蒙古自治区").all()
    assert back["quote"].str.contains("生产总值").any()
    with pd.io.stata.StataReader(done.path) as reader:
        labels = reader.variable_labels()
        value_labels = reader.value_labels()
        assert "内蒙古自治区2025年政府工作报告" in reader.data_label and len(reader.data_label) <= 80
        assert reader.time_stamp.startswith(stamp_of(open_folder(dataset)).strftime("%d %b %Y"))
    assert labels == {name: FIGURES_TABLE.label(name) for name in COLUMN_NAMES}
    assert set(value_labels) == {"kind", "bound", "measure", "period", "direction"}
    assert value_labels["kind"] == {1: "result", 2: "target", 3: "context"}
    codes = pd.read_stata(done.path, convert_categoricals=False)
    assert set(codes["kind"].dropna().astype(int)) <= {1, 2, 3}
    assert codes["is_headline"].isin([0, 1]).all()


def test_targets_table_as_stata(dataset):
    done = export(open_folder(dataset), ExportOptions(table="targets", to="stata"))
    assert done.path.name == "targets.dta" and done.rows >= 3
    back = pd.read_stata(done.path)
    assert list(back.columns) == list(TARGETS_TABLE.names)
    gdp = back[back["indicator"] == "gdp"].iloc[0]
    assert (gdp["target_text"], gdp["target_qualifier"], gdp["region_zh"]) == ("6%左右", "左右", "内蒙古自治区")
    with pd.io.stata.StataReader(done.path) as reader:
        assert reader.variable_labels()["target_point"] == TARGETS_TABLE.label("target_point")
        assert reader.value_labels()["verdict"][1] == "met"
        assert ": targets" in reader.data_label


def test_a_value_outside_its_codes_is_one_clear_error(dataset):
    from helpers.errors import InputError

    df = pd.read_parquet(dataset / FIGURES_PARQUET)
    df.loc[0, "kind"] = "forecast"
    df.to_parquet(dataset / FIGURES_PARQUET, index=False)
    with pytest.raises(InputError, match="column kind: value 'forecast' is not one of result, target, context"):
        export(open_folder(dataset), ExportOptions(to="stata"))


# ----- Excel ------------------------------------------------------------------------------------

def test_excel_round_trip_with_codebook(dataset):
    done = export(open_folder(dataset), ExportOptions(to="excel"))
    sheets = pd.read_excel(done.path, sheet_name=None, dtype=object)
    assert list(sheets) == ["data", "codebook", "about"]
    # openpyxl writes numbers with 16 significant digits (Excel shows 15): the seed's
    # 1.1倍 is 110.00000000000001 in figures.csv and 110 in the workbook.
    assert_same_as_csv(sheets["data"], canonical(dataset), digits=16)
    book = sheets["codebook"]
    assert book["column"].tolist() == list(COLUMN_NAMES)
    assert book["description"].tolist() == [c.description for c in FIGURE_COLUMNS]
    kind = book.set_index("column").loc["kind"]
    assert kind["codes in the .dta"] == "1 = result, 2 = target, 3 = context"
    about = dict(zip(sheets["about"]["field"], sheets["about"]["value"], strict=True))
    assert about["data version"] == json.loads((dataset / "datapackage.json").read_text())["version"]
    assert "内蒙古自治区人民政府" in about["source"]


def test_formula_leads_stay_text_in_xlsx(formula_dataset):
    from openpyxl import load_workbook

    done = export(open_folder(formula_dataset), ExportOptions(to="excel"))
    with zipfile.ZipFile(done.path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet  # no formula anywhere
    ws = load_workbook(done.path)["data"]
    quote_col = COLUMN_NAMES.index("quote") + 1
    for i, quote in enumerate(FORMULAS):
        cell = ws.cell(row=i + 2, column=quote_col)
        assert (cell.value, cell.data_type) == (quote, "s")


# ----- CSV, JSON, Parquet -----------------------------------------------------------------------

def test_csv_is_figures_csv_and_the_bom_is_the_only_difference(dataset, tmp_path):
    data = open_folder(dataset)
    own = export(data, ExportOptions(to="csv"))
    assert own.path == dataset / FIGURES_CSV and not own.written
    plain = export(data, ExportOptions(to="csv"), tmp_path / "plain.csv")
    assert plain.path.read_bytes() == (dataset / FIGURES_CSV).read_bytes()
    bom = export(data, ExportOptions(to="csv", bom=True))
    assert bom.path.name == "figures_bom.csv"
    assert bom.path.read_bytes() == b"\xef\xbb\xbf" + (dataset / FIGURES_CSV).read_bytes()
    assert pd.read_csv(bom.path, encoding="utf-8-sig").columns[0] == "figure_id"


def test_spreadsheet_safe_csv_neutralises_formula_leads_only(formula_dataset):
    done = export(open_folder(formula_dataset), ExportOptions(to="csv", safe=True, bom=True))
    assert done.path.name == "figures_safe_bom.csv"
    back = pd.read_csv(done.path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    csv = canonical(formula_dataset)
    assert back["quote"].head(4).tolist() == ["'" + q for q in FORMULAS]
    assert back["quote"].iloc[4:].tolist() == csv["quote"].iloc[4:].tolist()
    others = [c for c in COLUMN_NAMES if c != "quote"]
    assert back[others].equals(csv[others])  # numbers and other text untouched


def test_json_and_parquet_keep_the_exact_quote(formula_dataset):
    data = open_folder(formula_dataset)
    rows = json.loads(export(data, ExportOptions(to="json")).path.read_text(encoding="utf-8"))
    assert [r["quote"] for r in rows[:4]] == list(FORMULAS)
    assert list(rows[0]) == list(COLUMN_NAMES)
    assert_same_as_csv(pd.DataFrame(rows), canonical(formula_dataset))
    assert "内蒙古自治区" in (formula_dataset / "figures.json").read_text(encoding="utf-8")  # not \\u escaped
    own = export(data, ExportOptions(to="parquet"))
    assert not own.written and own.path.name == FIGURES_PARQUET
    targets = export(data, ExportOptions(table="targets", to="parquet"))
    assert pd.read_parquet(targets.path).columns.tolist() == list(TARGETS_TABLE.names)
    assert pd.read_parquet(formula_dataset / FIGURES_PARQUET)["quote"].head(4).tolist() == list(FORMULAS)


@pytest.mark.parametrize("to", ["stata", "excel", "csv", "json", "parquet"])
@pytest.mark.parametrize("table", ["figures", "targets"])
def test_same_dataset_same_bytes(dataset, tmp_path, to, table):
    data = open_folder(dataset)
    one = export(data, ExportOptions(table=table, to=to), tmp_path / "one").path.read_bytes()
    two = export(open_folder(dataset), ExportOptions(table=table, to=to), tmp_path / "two").path.read_bytes()
    assert one == two
    if to == "excel":  # no clock inside: every zip entry carries the dataset's stamp
        stamp = stamp_of(data)
        with zipfile.ZipFile(tmp_path / "one") as z:
            assert {i.date_time for i in z.infolist()} == {(stamp.year, stamp.month, stamp.day, 0, 0, 0)}


# ----- the dataset folder stays gwr's --------------------------------------------------------------

def test_an_export_in_the_folder_is_recorded_and_the_folder_stays_replaceable(dataset):
    from helpers.figures.report import load_report
    from helpers.output.dataset import write_dataset

    export(open_folder(dataset), ExportOptions(to="stata"))
    marker = json.loads((dataset / ".gwr-output").read_text(encoding="utf-8"))
    assert "figures.dta" in marker["files"] and marker["kind"] == "dataset"
    export(open_folder(dataset), ExportOptions(to="stata"))  # ours: replaced without a word
    write_dataset(load_report(SEED_REPORT), dataset.parent.parent)  # not refused …
    assert not (dataset / "figures.dta").exists()  # … and the stale export is gone with the old folder


def test_a_users_file_at_the_default_path_is_never_overwritten(dataset):
    mine = dataset / "figures.xlsx"
    mine.write_text("my own workbook", encoding="utf-8")
    with pytest.raises(ParameterError, match="gwr did not write it"):
        export(open_folder(dataset), ExportOptions(to="excel"))
    assert mine.read_text(encoding="utf-8") == "my own workbook"


def test_a_folder_without_marker_gets_the_export_but_no_marker(dataset, tmp_path):
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in (FIGURES_CSV, REPORT_JSON):
        shutil.copy(dataset / name, bare / name)
    done = export(open_folder(bare), ExportOptions(to="stata"))
    assert done.path == bare / "figures.dta" and not (bare / ".gwr-output").exists()


def test_options_are_checked():
    with pytest.raises(ParameterError, match="--bom and --spreadsheet-safe go with --to csv"):
        ExportOptions(to="stata", bom=True).check()
    with pytest.raises(ParameterError, match="--table must be one of figures, targets"):
        ExportOptions(table="scores").check()


def test_a_panel_folder_is_a_panel(tmp_path):
    from helpers.figures.report import load_report
    from helpers.metadata.panel import Panel
    from helpers.output.panel_dataset import write_panel

    report = load_report(SEED_REPORT)
    folder = write_panel(Panel(report.figures, [report.meta]), tmp_path / "panel")
    data = open_folder(folder / "datapackage.json")
    assert data.kind == "panel" and data.describe().startswith("panel of 1 reports")
    done = export(data, ExportOptions(table="targets", to="excel"))
    assert done.path == folder / "targets.xlsx"
    back = pd.read_excel(done.path, sheet_name="data")
    assert set(back["year"]) == {2025} and "6%左右" in set(back["target_text"])
    assert "targets.xlsx" in json.loads((folder / ".gwr-output").read_text(encoding="utf-8"))["files"]
