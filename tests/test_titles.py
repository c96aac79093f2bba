"""titles.detect_title and the regions table: synthetic heads, file names, and the real corpus."""

from __future__ import annotations

import csv

import pytest
from _corpus import corpus_file

from helpers.errors import ParameterError
from helpers.ingest import read_report
from helpers.paths import SEED_REPORT
from helpers.titles import REGIONS_CSV, detect_title, load_regions, region_by_name

BODY = "现在，我代表省人民政府，向大会报告工作，请予审议。\n一、2024年工作回顾\n过去一年……\n"


def test_regions_table_is_complete_and_consistent():
    regions = load_regions()
    assert len(regions) == 32  # 31 provincial-level regions and the nation
    assert sorted(r.level for r in regions).count("province") == 22
    assert sum(r.level == "autonomous_region" for r in regions) == 5
    assert sum(r.level == "municipality" for r in regions) == 4
    codes = [r.code for r in regions]
    assert len(set(codes)) == len(codes)
    for r in regions:
        if r.code != "national":
            assert r.issuer_zh == f"{r.name_zh}人民政府"
            assert r.issuer_en.startswith("People's Government of ")
            assert r.name_zh.startswith(r.short_zh)
    # every spelling names one region only
    seen: dict[str, str] = {}
    for r in regions:
        for name in r.names:
            key = name.lower().replace(" ", "").replace("_", "")
            assert seen.setdefault(key, r.code) == r.code, name
    with open(REGIONS_CSV, encoding="utf-8") as fh:
        assert next(csv.reader(fh))[:3] == ["code", "name_en", "name_zh"]


@pytest.mark.parametrize(
    "name, code",
    [
        ("Inner Mongolia", "inner_mongolia"),
        ("inner_mongolia", "inner_mongolia"),
        ("INNER-MONGOLIA", "inner_mongolia"),
        ("内蒙古", "inner_mongolia"),
        ("内蒙古自治区", "inner_mongolia"),
        ("宁夏回族自治区", "ningxia"),
        ("Xizang", "tibet"),
        ("广东", "guangdong"),
        ("全国", "national"),
        ("China", "national"),
        ("shaanxi", "shaanxi"),
        ("Shanxi", "shanxi"),
    ],
)
def test_region_by_name(name, code):
    assert region_by_name(name).code == code


def test_unknown_region_lists_spellings():
    with pytest.raises(ParameterError) as err:
        region_by_name("Mongolia")
    message = str(err.value)
    assert "\n" not in message and "inner_mongolia" in message and "内蒙古" in message


def test_national_fields():
    head = "政府工作报告\n——2025年3月5日在第十四届全国人民代表大会第三次会议上\n国务院总理　李　强\n各位代表：\n"
    info = detect_title(head + "现在，我代表国务院，向大会报告政府工作。")
    assert (info.region, info.region_zh, info.region_code) == ("China", "全国", "national")
    assert (info.year, info.date_delivered, info.title) == (2025, "2025-03-05", "政府工作报告")
    assert info.issuer_zh == "国务院"
    assert info.sources["year"].startswith("delivery line 2")


def test_provincial_title_line():
    info = detect_title("2025年内蒙古自治区政府工作报告\n" + BODY)
    assert (info.region, info.region_zh, info.region_code, info.year) == (
        "Inner Mongolia",
        "内蒙古自治区",
        "inner_mongolia",
        2025,
    )
    assert info.issuer_zh == "内蒙古自治区人民政府"
    assert info.issuer_en == "People's Government of Inner Mongolia Autonomous Region"
    assert info.title == "2025年内蒙古自治区政府工作报告"
    assert info.sources["region"].startswith("title line 1")
    assert info.date_delivered is None


def test_full_width_digits_and_ocr_spaces_in_head():
    head = "２０２５年 广 东 省 政府工作报告\n——２０２５年１月１５日在广东省第十四届人民代表大会第三次会议上\n"
    info = detect_title(head + BODY)
    assert (info.region_code, info.year, info.date_delivered) == ("guangdong", 2025, "2025-01-15")


def test_year_from_plan_heading_or_review_heading():
    assert detect_title("各位代表：\n二、2025 年工作安排\n今年……").year == 2025
    info = detect_title("各位代表：\n一、2023年工作回顾\n过去一年……")
    assert info.year == 2024 and "+1" in info.sources["year"]


def test_no_evidence_gives_none():
    info = detect_title("各位代表：\n过去一年，我们坚持稳中求进。\n")
    assert info.region is None and info.region_code is None and info.year is None
    assert info.title is None and info.issuer_zh is None and info.sources == {}


@pytest.mark.parametrize(
    "filename, code, year",
    [
        ("guangdong_2025.txt", "guangdong", 2025),
        ("内蒙古2025政府工作报告.pdf", "inner_mongolia", 2025),
        ("Inner Mongolia 2025.docx", "inner_mongolia", 2025),
        ("2025年宁夏回族自治区政府工作报告.html", "ningxia", 2025),
        ("national_2024.txt", "national", 2024),
        ("000_0d2928c2bee54200.txt", None, None),  # a hash is not a year
        ("report.txt", None, None),
    ],
)
def test_filename_evidence(filename, code, year):
    info = detect_title("各位代表：\n", filename)
    assert (info.region_code, info.year) == (code, year)


def test_text_wins_over_file_name_and_conflict_is_kept():
    info = detect_title("2025年江苏省政府工作报告\n" + BODY, "zhejiang_2024.txt")
    assert (info.region_code, info.year) == ("jiangsu", 2025)
    assert any("file name" in c and "zhejiang" in c for c in info.conflicts)
    assert any("2024" in c for c in info.conflicts)


def test_seed_without_title():
    if not SEED_REPORT.exists():
        pytest.skip("seed not present")
    info = detect_title(read_report(SEED_REPORT).text, SEED_REPORT.name)
    assert (info.region_code, info.year, info.title) == ("inner_mongolia", 2025, None)
    assert info.sources["year"].startswith("plan heading")
    assert info.sources["region"].startswith("mentions")


@pytest.mark.parametrize(
    "name, code, year, delivered",
    [
        ("national_2024.txt", "national", 2024, "2024-03-05"),
        ("national_2025.txt", "national", 2025, None),  # no title lines: speaker + plan heading
        ("guangdong_2025.txt", "guangdong", 2025, "2025-01-15"),
        ("jiangsu_2025.txt", "jiangsu", 2025, "2025-01-19"),
        ("shandong_2025.txt", "shandong", 2025, "2025-01-20"),
        ("sichuan_2025.txt", "sichuan", 2025, "2025-01-20"),
        ("zhejiang_2025.txt", "zhejiang", 2025, "2025-01-14"),
    ],
)
def test_corpus_reports(name, code, year, delivered):
    text = read_report(corpus_file(name)).text
    info = detect_title(text)  # from the text alone, not the telling file name
    assert (info.region_code, info.year, info.date_delivered) == (code, year, delivered)
    assert info.conflicts == ()
    assert detect_title(text, name).region_code == code
