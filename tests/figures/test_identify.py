"""figures.identify: evidence from synthetic heads, file names and the real corpus, and the one\nresolver that weighs it against what the caller and the manifest say."""

from __future__ import annotations

import unicodedata

import pytest
from _corpus import corpus_file

from helpers.errors import ParameterError
from helpers.figures.identify import (
    CLI_NAMES,
    NOTEBOOK_NAMES,
    YEAR_WORD,
    Claims,
    gather_evidence,
    identify,
)
from helpers.paths import SEED_REPORT
from helpers.read import read_report

BODY = "现在，我代表省人民政府，向大会报告工作，请予审议。\n一、2024年工作回顾\n过去一年……\n"


def test_national_fields():
    head = "政府工作报告\n——2025年3月5日在第十四届全国人民代表大会第三次会议上\n国务院总理　李　强\n各位代表：\n"
    info = gather_evidence(head + "现在，我代表国务院，向大会报告政府工作。")
    assert (info.region.name_en, info.region.name_zh, info.region.code) == ("China", "全国", "national")
    assert (info.year, info.date_delivered, info.title) == (2025, "2025-03-05", "政府工作报告")
    assert info.region.issuer_zh == "国务院"
    assert info.sources["year"].startswith("delivery line 2")


def test_provincial_title_line():
    info = gather_evidence("2025年内蒙古自治区政府工作报告\n" + BODY)
    assert (info.region.name_en, info.region.name_zh, info.region.code, info.year) == (
        "Inner Mongolia",
        "内蒙古自治区",
        "inner_mongolia",
        2025,
    )
    assert info.region.issuer_zh == "内蒙古自治区人民政府"
    assert info.region.issuer_en == "People's Government of Inner Mongolia Autonomous Region"
    assert info.title == "2025年内蒙古自治区政府工作报告"
    assert info.sources["region"].startswith("title line 1")
    assert info.date_delivered is None


def test_full_width_digits_and_ocr_spaces_in_head():
    head = "２０２５年 广 东 省 政府工作报告\n——２０２５年１月１５日在广东省第十四届人民代表大会第三次会议上\n"
    info = gather_evidence(head + BODY)
    assert (info.region.code, info.year, info.date_delivered) == ("guangdong", 2025, "2025-01-15")


def test_year_from_plan_heading_or_review_heading():
    assert gather_evidence("各位代表：\n二、2025 年工作安排\n今年……").year == 2025
    info = gather_evidence("各位代表：\n一、2023年工作回顾\n过去一年……")
    assert info.year == 2024 and "+1" in info.sources["year"]


def test_plan_heading_in_compatibility_forms():
    # full-width digits, a compatibility ideograph for 年 (U+F98E) and OCR spaces: NFKC reads it
    assert gather_evidence("各位代表：\n二、２０２５\uf98e 工 作 安 排\n今年……").year == 2025


def test_year_word_covers_every_code_point_that_normalises_to_nian():
    # the cheap pre-filter of the heading search is exact only if no other character's NFKC
    # form holds 年 (checked against this Python's Unicode tables)
    makes_nian = {chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF
                  and "年" in unicodedata.normalize("NFKC", chr(c))}
    assert makes_nian == {c for c in makes_nian if YEAR_WORD.fullmatch(c)} == {"年", "\uf98e"}


def test_no_evidence_gives_none():
    info = gather_evidence("各位代表：\n过去一年，我们坚持稳中求进。\n")
    assert info.region is None and info.year is None
    assert info.title is None and info.sources == {}


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
    info = gather_evidence("各位代表：\n", filename)
    assert (info.region.code if info.region else None, info.year) == (code, year)


def test_text_wins_over_file_name_and_conflict_is_kept():
    info = gather_evidence("2025年江苏省政府工作报告\n" + BODY, "zhejiang_2024.txt")
    assert (info.region.code, info.year) == ("jiangsu", 2025)
    assert any("file name" in c and "zhejiang" in c for c in info.conflicts)
    assert any("2024" in c for c in info.conflicts)


def test_seed_without_title():
    if not SEED_REPORT.exists():
        pytest.skip("seed not present")
    info = gather_evidence(read_report(SEED_REPORT).text, SEED_REPORT.name)
    assert (info.region.code, info.year, info.title) == ("inner_mongolia", 2025, None)
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
    info = gather_evidence(text)  # from the text alone, not the telling file name
    assert (info.region.code, info.year, info.date_delivered) == (code, year, delivered)
    assert info.conflicts == ()
    assert gather_evidence(text, name).region.code == code


# --- the resolver -------------------------------------------------------------------------------

HEADED = "2025年江苏省政府工作报告\n" + BODY


def test_caller_region_and_year_come_first_and_a_contradicted_year_is_refused():
    evidence = gather_evidence(HEADED)
    found = identify("r.txt", evidence, Claims(region="Zhejiang"))
    assert (found.meta.region_code, found.meta.report_year) == ("zhejiang", 2025)
    assert any("the text suggests Jiangsu" in n for n in found.notes)
    with pytest.raises(ParameterError, match=r"^--year 2024 contradicts the text"):
        identify("r.txt", evidence, Claims(year=2024))
    noted = identify("r.txt", evidence, Claims(year=2024), year_conflict="note")
    assert noted.meta.report_year == 2024 and any("using --year 2024" in n for n in noted.notes)


def test_messages_name_the_callers_own_parameters():
    bare = gather_evidence("各位代表：\n" + "推动经济持续回升向好。" * 10)
    with pytest.raises(ParameterError, match=r"give report_year \(e\.g\. report_year = 2025\)"):
        identify("r.txt", bare, Claims(), NOTEBOOK_NAMES)
    with pytest.raises(ParameterError, match=r"give --region \(e\.g\. --region 'Inner Mongolia'\)"):
        identify("r.txt", bare, Claims(year=2025), CLI_NAMES)
    with pytest.raises(ParameterError, match=r"^report_year must be a four-digit year"):
        identify("r.txt", bare, Claims(year="20x5"), NOTEBOOK_NAMES)


def test_a_manifest_row_names_a_report_whose_text_does_not():
    bare = gather_evidence("各位代表：\n" + "推动经济持续回升向好。" * 10)
    row = {"region": "Hubei", "report_year": "2025", "title": "湖北省政府工作报告", "issuer_zh": "湖北省人民政府",
           "date_delivered": "2025-01-20", "source_url": "https://www.hubei.gov.cn/x.html"}
    found = identify("r.txt", bare, Claims(listed=row))
    meta = found.meta
    assert (meta.region_code, meta.report_year, meta.date_delivered) == ("hubei", 2025, "2025-01-20")
    assert found.title == meta.title == "湖北省政府工作报告" and found.notes == ()

