"""The raw-report manifest and `gwr add`: register, re-register, refuse a conflicting file."""

from __future__ import annotations

import hashlib

import _formats as fmt
import pytest

from helpers.cli import main
from helpers.errors import InputError, ParameterError
from helpers.paths import SEED_REPORT
from helpers.pipeline.register import add_report
from helpers.read.manifest import MANIFEST_COLUMNS, load_manifest, lookup, manifest_path

GUANGDONG_HEAD = "2025年广东省政府工作报告\n——2025年1月15日在广东省第十四届人民代表大会第三次会议上\n各位代表：\n"


@pytest.fixture
def seed_copy(tmp_path):
    if not SEED_REPORT.exists():
        pytest.skip("seed not present")
    path = tmp_path / "in" / "seed.txt"
    path.parent.mkdir()
    path.write_bytes(SEED_REPORT.read_bytes())
    return path


def snapshot(root):
    return {p.name: p.read_bytes() for p in sorted(root.iterdir())}


def test_add_detects_region_and_year_and_copies_unchanged(seed_copy, tmp_path):
    root = tmp_path / "raw"
    before = seed_copy.read_bytes()
    result = add_report(seed_copy, root=root)
    assert result.added
    assert result.path == root / "inner_mongolia_2025.txt"
    assert result.path.read_bytes() == before == seed_copy.read_bytes()
    row = lookup("inner_mongolia", 2025, root=root)
    assert row["sha256"] == hashlib.sha256(before).hexdigest()
    assert (row["region"], row["region_zh"], row["issuer_zh"]) == (
        "Inner Mongolia",
        "内蒙古自治区",
        "内蒙古自治区人民政府",
    )
    assert (row["format"], row["encoding"], row["file"]) == (
        "txt",
        "utf-8",
        "inner_mongolia_2025.txt",
    )
    frame = load_manifest(root)
    assert list(frame.columns) == list(MANIFEST_COLUMNS)
    assert frame["report_year"].tolist() == [2025]
    assert lookup("inner_mongolia", 2024, root=root) is None


def test_readd_same_file_is_noop(seed_copy, tmp_path):
    root = tmp_path / "raw"
    add_report(seed_copy, root=root, url="https://example.org/report")
    before = snapshot(root)
    again = add_report(seed_copy, root=root)
    assert not again.added
    assert snapshot(root) == before


def test_conflicting_file_is_refused_and_nothing_changes(seed_copy, tmp_path):
    root = tmp_path / "raw"
    add_report(seed_copy, root=root)
    before = snapshot(root)
    other = tmp_path / "in" / "seed_gbk.txt"  # the same report, other bytes
    other.write_bytes(fmt.to_gbk(seed_copy.read_text(encoding="utf-8")))
    with pytest.raises(InputError) as err:
        add_report(other, root=root)
    assert "already registered" in str(err.value) and "\n" not in str(err.value)
    assert snapshot(root) == before


def test_same_bytes_under_another_year_is_refused(seed_copy, tmp_path):
    root = tmp_path / "raw"
    add_report(seed_copy, root=root)
    before = snapshot(root)
    with pytest.raises(InputError, match="already registered as inner_mongolia 2025"):
        add_report(seed_copy, root=root, year=2024)
    assert snapshot(root) == before


def test_flags_override_and_metadata_recorded(tmp_path):
    path = tmp_path / "gd.txt"
    path.write_text(GUANGDONG_HEAD + "广东经济稳中有进。" * 20, encoding="utf-8")
    root = tmp_path / "raw"
    result = add_report(
        path, root=root, url="https://www.gd.gov.cn/x.html", title="广东省政府工作报告"
    )
    row = result.entry
    assert (row["region_code"], row["report_year"], row["date_delivered"]) == (
        "guangdong",
        "2025",
        "2025-01-15",
    )
    assert (row["title"], row["source_url"]) == (
        "广东省政府工作报告",
        "https://www.gd.gov.cn/x.html",
    )
    forced = add_report(
        path.rename(tmp_path / "x.txt"),
        root=tmp_path / "raw2",
        region="Jiangsu",
        year="2024",
        date_delivered="2024-01-20",
    )
    assert forced.entry["region_code"] == "jiangsu" and forced.entry["report_year"] == "2024"
    assert forced.entry["date_delivered"] == "2024-01-20"
    assert any("the text suggests Guangdong" in n for n in forced.notes)


def test_no_region_evidence_asks_for_flag(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(
        "各位代表：\n二、2025年工作安排\n" + "推动经济持续回升向好。" * 10, encoding="utf-8"
    )
    with pytest.raises(ParameterError, match="--region"):
        add_report(path, root=tmp_path / "raw")
    no_year = tmp_path / "guangdong.txt"
    no_year.write_text("各位代表：\n" + "推动经济持续回升向好。" * 10, encoding="utf-8")
    with pytest.raises(ParameterError, match="--year"):
        add_report(no_year, root=tmp_path / "raw")
    assert not (tmp_path / "raw").exists()


@pytest.mark.parametrize(
    "flags, fragment",
    [
        (["--year", "20x5"], "--year"),
        (["--region", "Atlantis"], "unknown region"),
        (["--date", "2025-13-01"], "--date"),
        (["--url", "not a url"], "--url"),
    ],
)
def test_bad_flags(seed_copy, tmp_path, flags, fragment):
    with pytest.raises(ParameterError, match=fragment):
        add_report(
            seed_copy,
            root=tmp_path / "raw",
            **{
                {
                    "--year": "year",
                    "--region": "region",
                    "--date": "date_delivered",
                    "--url": "url",
                }[flags[0]]: flags[1]
            },
        )


def test_manifest_is_sorted_and_deterministic(seed_copy, tmp_path):
    gd = tmp_path / "in" / "guangdong.txt"
    gd.write_text(GUANGDONG_HEAD + "广东经济稳中有进。" * 20, encoding="utf-8")
    roots = [tmp_path / "a", tmp_path / "b"]
    add_report(seed_copy, root=roots[0])
    add_report(gd, root=roots[0])
    add_report(gd, root=roots[1])
    add_report(seed_copy, root=roots[1])
    texts = [manifest_path(r).read_text(encoding="utf-8") for r in roots]
    assert texts[0] == texts[1]
    assert [line.split(",")[2] for line in texts[0].splitlines()[1:]] == [
        "guangdong",
        "inner_mongolia",
    ]


def test_cli_add(seed_copy, tmp_path, capsys):
    root = tmp_path / "raw"
    assert main(["add", str(seed_copy), "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "registered Inner Mongolia 2025" in out and "plan heading" in out
    assert main(["add", str(seed_copy), "--root", str(root)]) == 0
    assert "already registered" in capsys.readouterr().out
    assert main(["add", str(tmp_path / "missing.txt"), "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err


def test_a_manifest_written_before_retrieved_at_is_still_read(tmp_path):
    # Manifests of earlier versions have no retrieved_at column: read as empty, written anew.
    root = tmp_path / "raw"
    add_report(SEED_REPORT, root=root)
    path = manifest_path(root)
    old = [line.rsplit(",", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()]
    assert old[0].endswith(",encoding")
    path.write_text("\n".join(old) + "\n", encoding="utf-8")
    row = lookup("inner_mongolia", 2025, root)
    assert row["retrieved_at"] == "" and row["region_code"] == "inner_mongolia"

