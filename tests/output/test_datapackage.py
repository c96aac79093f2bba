"""datapackage.json: built from the schema, valid for frictionless, versioned by content."""

from __future__ import annotations

import json

import frictionless
import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.metadata.columns import COLUMN_NAMES, FIGURE_COLUMNS, coerce
from helpers.metadata.report_meta import ReportMeta
from helpers.output.datapackage import (
    FIRST_VERSION,
    build_datapackage,
    content_hash,
    figures_csv_bytes,
    next_version,
    read_datapackage,
    table_schema,
    update_datapackage,
    write_datapackage,
)

META = ReportMeta(region="Inner Mongolia", region_zh="内蒙古自治区", report_year=2025,
                  date_delivered="2025-01-14", sha256="ab" * 32)
META_GD = ReportMeta(region="Guangdong", region_zh="广东省", report_year=2024,
                     date_delivered="2024-01-24", source_url="https://example.org/gd_2024.html")


def figure(figure_id: str, **overrides) -> dict:
    row = {
        "figure_id": figure_id, "region": "Inner Mongolia", "region_zh": "内蒙古自治区",
        "report_year": 2025, "paragraph": 3, "char_start": 10, "char_end": 14,
        "text": "5.5%左右", "quote": "地区生产总值增长5.5%左右", "section": "二、2025年工作安排",
        "kind": "target", "is_estimate": False, "is_headline": True, "ref_year": 2025,
        "indicator": "gdp_growth", "indicator_zh": "地区生产总值", "indicator_en": "GDP growth",
        "measure": "growth", "direction": "up", "value": 5.5, "unit_zh": "%", "unit": "percent",
        "bound": "approx", "lower": 5.5, "upper": 5.5,
    }
    row.update(overrides)
    return row


def figures_table(*rows: dict) -> pd.DataFrame:
    return coerce(pd.DataFrame(list(rows)))


SMALL = (
    figure("im-2025-a"),
    figure("im-2025-b", kind="result", ref_year=2024, is_estimate=True, is_headline=False,
           text="57761亿元", quote="地区生产总值57761亿元", section="一、2024年工作回顾",
           measure="level", direction="", value=5.7761e12, unit_zh="元", unit="CNY",
           bound="exact", lower=None, upper=None, char_start=50, char_end=57),
    figure("im-2025-c", kind="context", ref_year=None, is_headline=False, indicator="x_草原",
           indicator_zh="草原面积", indicator_en="", measure="level", direction="", text="13亿亩",
           quote="草原面积13亿亩", value=1.3e9, unit_zh="亩", unit="mu", bound="exact",
           lower=None, upper=None, section=None, char_start=80, char_end=84),
)


def write_dataset(folder, df, metas):
    folder.mkdir(parents=True, exist_ok=True)
    data = figures_csv_bytes(df)
    (folder / "figures.csv").write_bytes(data)
    descriptor = build_datapackage(metas, df, FIRST_VERSION, csv_bytes=data)
    write_datapackage(folder, descriptor)
    return descriptor


def validate(folder):
    return frictionless.validate(str(folder / "datapackage.json"))


def test_table_schema_follows_figure_columns():
    schema = table_schema()
    assert [f["name"] for f in schema["fields"]] == list(COLUMN_NAMES)
    by_name = {f["name"]: f for f in schema["fields"]}
    for column in FIGURE_COLUMNS:
        field = by_name[column.name]
        assert field["type"] == column.dtype
        assert field.get("constraints", {}).get("required", False) == column.required
        assert field.get("constraints", {}).get("enum") == (list(column.categories) if column.categories else None)
    assert schema["primaryKey"] == ["figure_id"]


def test_single_report_package_is_valid(tmp_path):
    folder = tmp_path / "inner_mongolia" / "2025"
    descriptor = write_dataset(folder, figures_table(*SMALL), META)
    report = validate(folder)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert descriptor["name"] == "gwr-figures-inner-mongolia-2025"
    assert descriptor["created"] == "2025-01-14T00:00:00Z"
    assert descriptor["version"] == "1.0.0"
    assert descriptor["sources"][0]["sha256"] == "ab" * 32
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    resource = descriptor["resources"][0]
    assert resource["hash"] == content_hash((folder / "figures.csv").read_bytes())
    # Loading through frictionless gives the rows back with typed values.
    rows = frictionless.Package(str(folder / "datapackage.json")).get_resource("figures").read_rows()
    assert [r["figure_id"] for r in rows] == ["im-2025-a", "im-2025-b", "im-2025-c"]
    assert rows[1]["is_estimate"] is True and rows[1]["value"] == 5.7761e12


def test_kind_outside_the_enum_is_invalid(tmp_path):
    folder = tmp_path / "ds"
    write_dataset(folder, figures_table(figure("im-2025-a", kind="forecast")), META)
    report = validate(folder)
    assert not report.valid
    errors = report.flatten(["fieldName", "type"])
    assert ["kind", "constraint-error"] in errors


def test_duplicate_figure_id_and_missing_required_value_are_invalid(tmp_path):
    folder = tmp_path / "ds"
    write_dataset(folder, figures_table(figure("dup"), figure("dup", quote="")), META)
    errors = validate(folder).flatten(["fieldName", "type"])
    assert ["quote", "constraint-error"] in errors
    assert any(e[1] == "primary-key" for e in errors)


def test_edited_csv_no_longer_matches_its_hash(tmp_path):
    folder = tmp_path / "ds"
    write_dataset(folder, figures_table(*SMALL), META)
    path = folder / "figures.csv"
    path.write_bytes(path.read_bytes().replace(b"5.5", b"6.5"))
    assert "hash-count" in [e[0] for e in validate(folder).flatten(["type"])]


def test_panel_package_lists_every_source(tmp_path):
    gd = figure("gd-2024-a", region="Guangdong", region_zh="广东省", report_year=2024, ref_year=2024)
    folder = tmp_path / "panel"
    descriptor = write_dataset(folder, figures_table(*SMALL, gd), [META, META_GD])
    assert validate(folder).valid
    assert descriptor["name"] == "gwr-figures-panel"
    assert [s["region"] for s in descriptor["sources"]] == ["Guangdong", "Inner Mongolia"]
    assert descriptor["sources"][0]["path"] == "https://example.org/gd_2024.html"
    assert descriptor["created"] == "2025-01-14T00:00:00Z"  # the newest source
    assert "2024–2025" in descriptor["title"]


def test_figures_without_report_metadata_are_refused():
    gd = figure("gd-2024-a", region="Guangdong", region_zh="广东省", report_year=2024)
    with pytest.raises(InputError, match="Guangdong 2024 have no report metadata"):
        build_datapackage(META, figures_table(gd), FIRST_VERSION)


def test_descriptor_bytes_are_deterministic(tmp_path):
    df = figures_table(*SMALL)
    one = write_datapackage(tmp_path / "a", build_datapackage(META, df, "1.2.3")).read_bytes()
    two = write_datapackage(tmp_path / "b", build_datapackage(META, df.copy(), "1.2.3")).read_bytes()
    assert one == two
    text = one.decode("utf-8")
    assert "内蒙古自治区" in text and text.endswith("}\n")
    assert json.loads(text)["version"] == "1.2.3"
    # Without any delivery date there is no `created` (no time of run leaks in).
    meta = ReportMeta(region="Inner Mongolia", region_zh="内蒙古自治区", report_year=2025)
    assert "created" not in build_datapackage(meta, df, "1.0.0")


def test_next_version_rule():
    df = figures_table(*SMALL)
    h = content_hash(figures_csv_bytes(df))
    previous = build_datapackage(META, df, "1.4.2")
    assert next_version(None, h) == "1.0.0"
    assert next_version(previous, h) == "1.4.2"
    assert next_version(previous, "sha256:" + "0" * 64) == "1.4.3"
    wider = table_schema()
    wider["fields"].append({"name": "note", "type": "string"})
    assert next_version(previous, h, wider) == "1.5.0"
    retyped = table_schema()
    retyped["fields"][4]["type"] = "number"
    assert next_version(previous, h, retyped) == "2.0.0"
    narrower = table_schema()
    narrower["fields"].pop()
    assert next_version(previous, h, narrower) == "2.0.0"
    with pytest.raises(InputError, match="MAJOR.MINOR.PATCH"):
        next_version({"version": "v1"}, h)


def test_update_datapackage_bumps_patch_only_when_data_change(tmp_path):
    folder = tmp_path / "ds"
    folder.mkdir()
    df = figures_table(*SMALL)
    assert update_datapackage(folder, META, df)["version"] == "1.0.0"
    first = (folder / "datapackage.json").read_bytes()
    assert update_datapackage(folder, META, df)["version"] == "1.0.0"
    assert (folder / "datapackage.json").read_bytes() == first
    changed = figures_table(*SMALL[:2])
    assert update_datapackage(folder, META, changed)["version"] == "1.0.1"
    # A staged folder versions against the final one.
    stage = tmp_path / "stage"
    stage.mkdir()
    assert update_datapackage(stage, META, df, previous_folder=folder)["version"] == "1.0.2"
    assert read_datapackage(tmp_path / "nowhere") is None


def test_unreadable_previous_descriptor_is_one_line_error(tmp_path):
    (tmp_path / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read the previous") as err:
        read_datapackage(tmp_path)
    assert "\n" not in str(err.value) and "move the folder away" in str(err.value)  # says what to do


def test_seed_dataset_validates_against_its_descriptor(tmp_path):
    """Real text: the seed report's figures, written and described, checked by frictionless.

    frictionless must flag exactly the cells that break the schema (a required text cell left
    empty) and nothing else; while the extractor still leaves such cells, the test says so as
    an expected failure instead of hiding it."""
    from helpers.figures.table import extract_figures
    from helpers.paths import SEED_REPORT
    from helpers.read import read_report

    source = read_report(SEED_REPORT)
    df = extract_figures(source.text, "Inner Mongolia", 2025, "内蒙古自治区")
    meta = ReportMeta(region="Inner Mongolia", region_zh="内蒙古自治区", report_year=2025, sha256=source.sha256)
    folder = tmp_path / "inner_mongolia" / "2025"
    descriptor = write_dataset(folder, df, meta)
    assert descriptor["sources"][0]["sha256"] == source.sha256
    errors = sorted(validate(folder).flatten(["rowNumber", "fieldName", "type"]))
    back = pd.read_csv(folder / "figures.csv", dtype=str, keep_default_na=False)
    assert list(back.columns) == list(COLUMN_NAMES) and len(back) == len(df) > 50
    expected = sorted(
        [int(i) + 2, column.name, "constraint-error"]  # +2: header line, 1-based rows
        for column in FIGURE_COLUMNS if column.required and column.dtype == "string"
        for i in back.index[back[column.name] == ""]
    )
    assert errors == expected
    if expected:
        row, name, _ = expected[0]
        pytest.xfail(f"the extractor leaves {len(expected)} required cell(s) empty, e.g. {name} "
                     f"of {back.loc[row - 2, 'figure_id']}; frictionless flags exactly those")
