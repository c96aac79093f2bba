"""The regions table (rules/regions.csv) and finding a region by any of its names."""

from __future__ import annotations

import csv

import pytest

from helpers.errors import ParameterError
from helpers.metadata.regions import REGIONS_CSV, load_regions, region_by_name
from helpers.rules import RULES_DIR


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
    with open(RULES_DIR / REGIONS_CSV, encoding="utf-8") as fh:
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
