"""The one identity of a report: ReportMeta, its JSON, its defaults, and the year parser."""

import json

import pytest

from helpers.errors import InputError, ParameterError
from helpers.metadata.report_meta import ReportMeta, is_iso_date, parse_year

META = ReportMeta(
    region="Inner Mongolia",
    region_zh="内蒙古自治区",
    report_year=2025,
    date_delivered="2025-01-14",
    source_url="https://example.org/gwr_2025.html",
    sha256="ab" * 32,
)


def test_report_meta_defaults_and_json_roundtrip():
    assert META.region_code == "inner_mongolia"
    assert META.issuer_zh == "内蒙古自治区人民政府"
    # the issuer as rules/regions.csv names it: one source for citations and chart source lines
    assert META.issuer_en == "People's Government of Inner Mongolia Autonomous Region"
    assert META.title == "政府工作报告"
    text = META.to_json()
    assert text == META.to_json() and text.endswith("\n")
    assert list(json.loads(text)) == sorted(json.loads(text))
    assert "内蒙古自治区" in text  # UTF-8 text, not \u escapes
    assert ReportMeta.from_json(text) == META


def test_national_report_is_issued_by_the_state_council():
    meta = ReportMeta(region="China", region_zh="中国", report_year=2024)
    assert meta.issuer_zh == "国务院"
    assert meta.bibtex_key == "china_gwr_2024"


def test_report_meta_rejects_bad_input():
    with pytest.raises(InputError, match="not valid JSON"):
        ReportMeta.from_json("{")
    with pytest.raises(InputError, match="lacks region_zh"):
        ReportMeta.from_json('{"region": "X", "report_year": 2025}')
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        ReportMeta(region="X", region_zh="X", report_year=2025, date_delivered="14 Jan 2025")


def test_an_unknown_region_gets_an_issuer_made_from_its_names():
    meta = ReportMeta(region="Testland", region_zh="测试省", report_year=2025)
    assert (meta.issuer_zh, meta.issuer_en) == ("测试省人民政府", "People's Government of Testland")
    assert meta.region_code == "testland"


def test_parse_year_names_the_callers_parameter():
    assert parse_year(None) is None and parse_year("") is None and parse_year(" 2025 ") == 2025
    with pytest.raises(ParameterError, match=r"^report_year must be a four-digit year"):
        parse_year("20x5", "report_year")
    with pytest.raises(ParameterError, match=r"^--year 1900 is outside 1954–2100"):
        parse_year(1900, "--year")


def test_impossible_dates_are_refused():
    assert is_iso_date("2024-02-29") and not is_iso_date("2025-02-29")
    assert not is_iso_date("20250115") and not is_iso_date("2025-13-45")
