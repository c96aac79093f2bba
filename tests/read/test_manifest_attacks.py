"""Attacks on the manifest and `gwr add`: concurrent adds, copies changed after registration,
hand-edited or corrupt rows, malformed flags, and hostile text in titles and URLs. Every
user-caused problem must be one line on stderr with exit 2, never an internal error."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
import time

import pytest

from helpers.cli import main
from helpers.errors import InputError
from helpers.figures import report as report_module
from helpers.paths import SEED_REPORT
from helpers.pipeline.pairs import registered_pair
from helpers.pipeline.register import add_report
from helpers.read.manifest import (
    MANIFEST_COLUMNS,
    load_manifest,
    lookup,
    lookup_sha256,
    manifest_path,
)

REGION = "guangdong"
BODY = "广东经济稳中有进，人民生活持续改善。"


def synthetic(folder, year: int, region_zh: str = "广东省", extra: str = ""):
    """A small report whose bytes differ by year (and `extra`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"report_{year}{extra}.txt"
    path.write_text(
        f"{year}年{region_zh}政府工作报告\n各位代表：\n{BODY * 20}{extra}\n", encoding="utf-8"
    )
    return path


def registered(tmp_path, years=(2024,), region=REGION):
    """A raw folder with one synthetic report registered per year; returns the folder."""
    root = tmp_path / "raw"
    for year in years:
        add_report(synthetic(tmp_path / "in", year), region=region, year=year, root=root)
    return root


def rows_of(root) -> list[dict[str, str]]:
    with open(manifest_path(root), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(root, rows, columns=MANIFEST_COLUMNS) -> None:
    """A hand-edited manifest. Every field quoted: the csv writer leaves a lone \r unquoted
    (with lineterminator \n), and the reader would split the row there."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    manifest_path(root).write_text(out.getvalue(), encoding="utf-8")


def snapshot(root):
    return {p.name: p.read_bytes() for p in sorted(root.iterdir())}


def one_line_user_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "internal error" not in err
    return err


def add_cli(*args) -> list[str]:
    return [sys.executable, "-m", "helpers", "add", *map(str, args)]


# --- 1. concurrent adds --------------------------------------------------------------------

PROCESSES = 8
YEARS = range(2016, 2016 + PROCESSES)

# Runs the real CLI in its own process with the manifest rewrite slowed down and every process
# started at the same instant: without a lock each one reads the manifest before any writes,
# so all but the last row are lost every time, not only when the scheduler is unlucky.
SLOW_ADD = """
import sys, time
import helpers.read.manifest as manifest
from helpers.cli import main

start, argv = float(sys.argv[1]), sys.argv[2:]
write_rows = manifest.write_rows

def slow_write_rows(rows, root):
    time.sleep(0.3)
    write_rows(rows, root)

manifest.write_rows = slow_write_rows
time.sleep(max(0.0, start - time.time()))
raise SystemExit(main(argv))
"""


def run_all(commands, cwd) -> list[subprocess.CompletedProcess]:
    procs = [
        subprocess.Popen(c, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    out = []
    for proc, command in zip(procs, commands, strict=True):
        stdout, stderr = proc.communicate(timeout=120)
        out.append(subprocess.CompletedProcess(command, proc.returncode, stdout, stderr))
    return out


def assert_every_year_registered(root, results):
    for result in results:
        assert result.returncode == 0, result.stderr
        assert "registered Guangdong" in result.stdout
    assert sorted(int(r["report_year"]) for r in rows_of(root)) == list(YEARS)
    for year in YEARS:
        copy = root / f"{REGION}_{year}.txt"
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == lookup(REGION, year, root)["sha256"]


def test_concurrent_cli_adds_keep_every_row(tmp_path):
    root = tmp_path / "raw"
    files = [synthetic(tmp_path / "in", year) for year in YEARS]
    commands = [
        add_cli(f, "--region", REGION, "--year", year, "--root", root)
        for f, year in zip(files, YEARS, strict=True)
    ]
    assert_every_year_registered(root, run_all(commands, tmp_path))


def test_concurrent_adds_racing_on_the_rewrite_keep_every_row(tmp_path):
    root = tmp_path / "raw"
    files = [synthetic(tmp_path / "in", year) for year in YEARS]
    start = time.time() + 3  # after every process has imported the package
    commands = [
        [sys.executable, "-c", SLOW_ADD, str(start), "add", str(f), "--region", REGION,
         "--year", str(year), "--root", str(root)]
        for f, year in zip(files, YEARS, strict=True)
    ]
    assert_every_year_registered(root, run_all(commands, tmp_path))


def test_concurrent_adds_of_one_report_register_it_once(tmp_path):
    root = tmp_path / "raw"
    first, second = synthetic(tmp_path / "in", 2024), synthetic(tmp_path / "in", 2024, extra="乙")
    start = time.time() + 3
    commands = [
        [sys.executable, "-c", SLOW_ADD, str(start), "add", str(f), "--region", REGION,
         "--year", "2024", "--root", str(root)]
        for f in (first, second)
    ]
    results = run_all(commands, tmp_path)
    assert sorted(r.returncode for r in results) == [0, 2]
    refused = next(r for r in results if r.returncode == 2)
    assert "already registered" in refused.stderr and refused.stderr.count("\n") == 1
    (row,) = rows_of(root)
    assert hashlib.sha256((root / row["file"]).read_bytes()).hexdigest() == row["sha256"]


# --- 2. checksums are verified when a row points at a file ---------------------------------


def test_readd_refuses_a_copy_changed_since_registration(tmp_path, capsys):
    root = registered(tmp_path)
    copy = root / f"{REGION}_2024.txt"
    copy.write_bytes(copy.read_bytes() + "篡改".encode())
    source = tmp_path / "in" / "report_2024.txt"
    with pytest.raises(InputError, match="changed since it was registered") as err:
        add_report(source, region=REGION, year=2024, root=root)
    assert str(copy) in str(err.value) and "\n" not in str(err.value)
    assert main(["add", str(source), "--region", REGION, "--year", "2024", "--root", str(root)]) == 2
    assert "changed since it was registered" in one_line_user_error(capsys)


def test_readd_refuses_a_missing_copy(tmp_path):
    root = registered(tmp_path)
    (root / f"{REGION}_2024.txt").unlink()
    with pytest.raises(InputError, match="missing"):
        add_report(tmp_path / "in" / "report_2024.txt", region=REGION, year=2024, root=root)


def test_registered_pair_refuses_a_copy_changed_since_registration(tmp_path):
    root = registered(tmp_path, years=(2024, 2025))
    targets, outcomes = registered_pair(REGION, root=root)
    assert (targets.name, outcomes.name) == ("guangdong_2024.txt", "guangdong_2025.txt")
    outcomes.write_bytes(outcomes.read_bytes().replace("广东".encode(), "江苏".encode()))
    with pytest.raises(InputError, match="changed since it was registered") as err:
        registered_pair(REGION, root=root)
    assert str(outcomes) in str(err.value)
    outcomes.unlink()
    with pytest.raises(InputError, match="missing"):
        registered_pair(REGION, root=root)


# --- 3. rows are validated on read ---------------------------------------------------------

BAD_CELLS = [
    ("file", "../outside.txt"),
    ("file", "/etc/passwd"),
    ("file", "sub/guangdong_2024.txt"),
    ("file", "sub\\guangdong_2024.txt"),
    ("file", ".hidden.txt"),
    ("file", ".."),
    ("file", ""),
    ("report_year", "abc"),
    ("report_year", "20240"),
    ("report_year", "1900"),
    ("report_year", " 2024"),
    ("report_year", ""),
    ("date_delivered", "2025-13-45"),
    ("date_delivered", "2025-02-30"),
    ("date_delivered", "20250115"),
    ("sha256", "abc"),
    ("sha256", "g" * 64),
    ("format", "exe"),
    ("format", ""),
    ("region_code", "atlantis"),
    ("region_code", "Guangdong"),
    ("region_code", ""),
    ("region", "Jiangsu"),
    ("title", "政府工作报告\r第二行"),
    ("source_url", "https://example.org/\x1b[2J"),
]


@pytest.mark.parametrize("column, value", BAD_CELLS)
def test_bad_cell_is_refused_naming_manifest_line_and_column(tmp_path, capsys, column, value):
    root = registered(tmp_path, years=(2023, 2024))
    rows = rows_of(root)
    rows[1][column] = value
    write_rows(root, rows)
    before = snapshot(root)
    with pytest.raises(InputError) as err:
        lookup(REGION, 2024, root)
    message = str(err.value)
    assert message.startswith(f"{manifest_path(root)}: line 3: ") and column in message
    assert "\n" not in message and "\r" not in message
    other = synthetic(tmp_path / "in", 2020)
    assert main(["add", str(other), "--region", REGION, "--year", "2020", "--root", str(root)]) == 2
    assert "line 3" in one_line_user_error(capsys)
    assert snapshot(root) == before


def test_uppercase_checksum_is_refused(tmp_path):
    root = registered(tmp_path)
    rows = rows_of(root)
    rows[0]["sha256"] = rows[0]["sha256"].upper()
    write_rows(root, rows)
    with pytest.raises(InputError, match="line 2: sha256"):
        load_manifest(root)


@pytest.mark.parametrize("column", ["sha256", "report_year", "file"])
def test_duplicate_rows_are_refused(tmp_path, column):
    root = registered(tmp_path, years=(2023, 2024))
    rows = rows_of(root)
    rows[1][column] = rows[0][column]
    write_rows(root, rows)
    with pytest.raises(InputError, match="line 3: .*line 2") as err:
        lookup_sha256(rows[0]["sha256"], root)
    assert str(manifest_path(root)) in str(err.value)


def test_wrong_number_of_fields_is_refused(tmp_path):
    root = registered(tmp_path)
    path = manifest_path(root)
    path.write_text(path.read_text(encoding="utf-8") + "guangdong,2025\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"line 3: 2 fields, expected {len(MANIFEST_COLUMNS)}"):
        lookup(REGION, 2024, root)


def test_unexpected_columns_are_still_refused(tmp_path):
    root = registered(tmp_path)
    rows = rows_of(root)
    write_rows(root, [{**r, "extra": "x"} for r in rows], (*MANIFEST_COLUMNS, "extra"))
    with pytest.raises(InputError, match="unexpected columns"):
        lookup(REGION, 2024, root)


def test_blank_lines_and_a_byte_order_mark_are_accepted(tmp_path):
    root = registered(tmp_path, years=(2023, 2024))
    path = manifest_path(root)
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n", 1).encode() + b"\n")
    assert lookup(REGION, 2024, root)["file"] == "guangdong_2024.txt"
    assert load_manifest(root)["report_year"].tolist() == [2023, 2024]


def test_rows_with_multiline_titles_are_numbered_by_their_first_line(tmp_path):
    root = registered(tmp_path, years=(2023, 2024))
    rows = rows_of(root)
    rows[0]["title"] = "政府工作报告\n（摘要）"
    rows[1]["date_delivered"] = "2025-13-45"
    write_rows(root, rows)
    with pytest.raises(InputError, match="line 4: date_delivered"):
        lookup(REGION, 2024, root)


# --- 4. unreadable manifests ---------------------------------------------------------------

HEADER = ",".join(MANIFEST_COLUMNS) + "\n"
ROW = "Guangdong,广东省,guangdong,2024,政府工作报告,广东省人民政府,,,guangdong_2024.txt,{},txt,utf-8,\n"
ROW = ROW.format("0" * 64)
FIRST_CJK = len(HEADER) + len("Guangdong,")


@pytest.mark.parametrize(
    "data, fragment",
    [
        ((HEADER + ROW).encode("gbk"), f"not UTF-8 at byte {FIRST_CJK}"),
        ((HEADER + ROW).encode()[: FIRST_CJK + 1], f"not UTF-8 at byte {FIRST_CJK}"),
        ((HEADER + ROW).encode()[:-20] + b"\x00" + ROW.encode()[-20:], "NUL byte at byte"),
        ((HEADER + ROW).encode() + b'guangdong,"2025\n', "line 3: not valid CSV"),
        ((HEADER + ROW.replace(",2024,", ',"2024"x,')).encode(), "line 2: not valid CSV"),
        (b"", "unexpected columns"),
        (b"\xff\xfe" + (HEADER + ROW).encode("utf-16-le"), "not UTF-8 at byte 0"),
    ],
    ids=["gbk", "truncated", "nul", "open-quote", "stray-quote", "empty", "utf-16"],
)
def test_unreadable_manifest_is_one_input_error(tmp_path, capsys, monkeypatch, data, fragment):
    root = tmp_path / "raw"
    root.mkdir()
    manifest_path(root).write_bytes(data)
    with pytest.raises(InputError, match=fragment) as err:
        lookup_sha256("0" * 64, root)
    assert str(err.value).startswith(f"{manifest_path(root)}: ") and "\n" not in str(err.value)
    other = synthetic(tmp_path / "in", 2020)
    assert main(["add", str(other), "--region", REGION, "--year", "2020", "--root", str(root)]) == 2
    one_line_user_error(capsys)

    # load_report reads data/raw/manifest.csv for every report, even one given region and year
    # explicitly: a corrupt registry is reported, not silently skipped.
    monkeypatch.setattr(report_module, "RAW_DIR", root)
    argv = ["extract", str(other), "--region", REGION, "--year", "2020", "--no-save"]
    assert main(argv) == 2
    assert str(manifest_path(root)) in one_line_user_error(capsys)


def test_manifest_that_is_a_folder_is_an_input_error(tmp_path):
    root = tmp_path / "raw"
    manifest_path(root).mkdir(parents=True)
    with pytest.raises(InputError, match="cannot read"):
        lookup(REGION, 2024, root)


@pytest.mark.skipif(not SEED_REPORT.exists(), reason="seed not present")
def test_seed_is_still_identified_with_a_good_raw_manifest(tmp_path, monkeypatch):
    root = registered(tmp_path)
    monkeypatch.setattr(report_module, "RAW_DIR", root)
    found = report_module.manifest_row(hashlib.sha256(SEED_REPORT.read_bytes()).hexdigest())
    assert found["region_code"] == "inner_mongolia"


# --- 5. malformed flags --------------------------------------------------------------------


@pytest.mark.parametrize(
    "flags, fragment",
    [
        (["--year", "abc"], "--year"),
        (["--year", "99999999999999999999"], "--year"),
        (["--year", ""], "--year"),
        (["--year", "2024.0"], "--year"),
        (["--date", "2025-02-30"], "--date"),
        (["--date", ""], "--date"),
        (["--date", "20250115"], "--date"),
        (["--date", "2025-W03-1"], "--date"),
        (["--url", "javascript:alert(1)"], "--url"),
        (["--url", "https://example.org/report\n"], "--url"),
        (["--url", ""], "--url"),
        (["--region", ""], "unknown region"),
        (["--region", "\x00"], "unknown region"),
        (["--title", "政府工作报告\r"], "title"),
        (["--title", "政府\x00工作报告"], "title"),
    ],
)
def test_bad_add_flags_are_one_line_user_errors(tmp_path, capsys, flags, fragment):
    path = synthetic(tmp_path / "in", 2024)
    root = tmp_path / "raw"
    argv = ["add", str(path), "--region", REGION, "--year", "2024", "--root", str(root), *flags]
    assert main(argv) == 2
    assert fragment in one_line_user_error(capsys)
    assert not manifest_path(root).exists()


def test_root_that_is_a_file_is_a_user_error(tmp_path, capsys):
    path = synthetic(tmp_path / "in", 2024)
    root = tmp_path / "raw"
    root.write_text("not a folder")
    assert main(["add", str(path), "--region", REGION, "--year", "2024", "--root", str(root)]) == 2
    assert str(root) in one_line_user_error(capsys)


# --- 6. hostile text in titles and URLs ----------------------------------------------------

HOSTILE_TITLES = [
    "政府工作报告\n——在第十四届人民代表大会第三次会议上",
    "=cmd|' /C calc'!A0",
    '+SUM(1,2),"quoted", and a comma',
    "-1+1\t@SUM(A1)",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_title_round_trips(tmp_path, title):
    root = tmp_path / "raw"
    add_report(synthetic(tmp_path / "in", 2024), region=REGION, year=2024, title=title, root=root)
    add_report(synthetic(tmp_path / "in", 2025), region=REGION, year=2025, root=root)  # a rewrite
    assert lookup(REGION, 2024, root)["title"] == title
    assert load_manifest(root)["title"].tolist()[0] == title
    assert len(rows_of(root)) == 2


def test_hostile_source_url_in_a_hand_edited_row_round_trips(tmp_path):
    root = registered(tmp_path)
    rows = rows_of(root)
    rows[0]["source_url"] = "=HYPERLINK(\"https://evil.example\")\nhttps://second.line"
    write_rows(root, rows)
    add_report(synthetic(tmp_path / "in", 2025), region=REGION, year=2025, root=root)
    assert lookup(REGION, 2024, root)["source_url"] == rows[0]["source_url"]
