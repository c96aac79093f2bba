"""ingest.read_report on every input format, built from the seed itself, and on bad inputs."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import _formats as fmt
import pytest
from _corpus import corpus_file

from helpers.errors import InputError
from helpers.paths import SEED_REPORT
from helpers.read import read_report


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def seed():
    if not SEED_REPORT.exists():
        pytest.skip(f"seed report not present: {SEED_REPORT}")
    return read_report(SEED_REPORT)


@pytest.fixture(scope="module")
def seed_font(seed, tmp_path_factory):
    return fmt.cjk_ttf(seed.text, tmp_path_factory.mktemp("font") / "noto_sc_subset.ttf")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_seed_reads_as_utf8_text(seed):
    assert seed.format == "txt" and seed.encoding == "utf-8"
    assert "二、2025 年工作安排" in seed.text
    assert "\r" not in seed.text
    assert len(seed.sha256) == 64


@pytest.mark.parametrize(
    "name, build, encoding",
    [
        ("seed_gbk.txt", fmt.to_gbk, "gb18030"),
        ("seed_utf16.txt", fmt.to_utf16, "utf-16-le"),
        ("seed_bom.txt", lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(), "utf-8-sig"),
        ("seed_no_extension", fmt.to_gbk, "gb18030"),
    ],
)
def test_text_encodings_are_detected(seed, tmp_path, name, build, encoding):
    got = read_report(write(tmp_path, name, build(seed.text)))
    assert (got.format, got.encoding) == ("txt", encoding)
    assert got.text == seed.text  # line ends normalised, BOM dropped: identical, not just similar


@pytest.mark.parametrize(
    "charset, encoding, declare, detected",
    [
        ("utf-8", None, True, "utf-8"),
        ("gb2312", "gbk", True, "gb18030"),  # declared GB2312, really GBK: still read right
        ("utf-8", "gbk", False, "gb18030"),  # no declaration: detected
    ],
)
def test_html_page_keeps_report_drops_furniture(
    seed, tmp_path, charset, encoding, declare, detected
):
    page = fmt.to_html(seed.text, charset, encoding, declare)
    got = read_report(write(tmp_path, "seed.html", page))
    assert (got.format, got.encoding) == ("html", detected)
    assert squash(got.text) == squash(seed.text)
    # one paragraph per line: the seed's paragraphs come back as lines
    assert [squash(line) for line in got.text.split("\n")] == [
        squash(p) for p in fmt.paragraphs(seed.text)
    ]
    for noise in ("首页", "统计代码", "分享到", "当前位置", "版权所有", "font-family"):
        assert noise not in got.text


def test_html_is_sniffed_without_extension(seed, tmp_path):
    got = read_report(write(tmp_path, "download.txt", fmt.to_html(seed.text)))
    assert got.format == "html"


def test_docx_paragraphs_in_order(seed, tmp_path):
    got = read_report(write(tmp_path, "seed.docx", fmt.to_docx(seed.text)))
    assert (got.format, got.encoding) == ("docx", "utf-8")
    assert [squash(line) for line in got.text.split("\n")] == [
        squash(p) for p in fmt.paragraphs(seed.text)
    ]


def test_pdf_text_layer_reflowed_into_paragraphs(seed, seed_font, tmp_path):
    got = read_report(write(tmp_path, "seed.pdf", fmt.to_pdf(seed.text, seed_font)))
    assert got.format == "pdf"
    assert squash(got.text) == squash(seed.text)
    # printed paragraphs are indented: every one of the seed's paragraphs is rebuilt whole
    assert [squash(line) for line in got.text.split("\n")] == [
        squash(p) for p in fmt.paragraphs(seed.text)
    ]


def test_pdf_without_indentation_still_gives_same_text(seed, seed_font, tmp_path):
    got = read_report(write(tmp_path, "flat.pdf", fmt.to_pdf(seed.text, seed_font, indent=False)))
    assert squash(got.text) == squash(seed.text)
    lines = [squash(line) for line in got.text.split("\n")]
    assert "二、2025年工作安排" in lines  # headings stay lines of their own


def test_same_report_in_every_format_hashes_differently_but_reads_alike(seed, seed_font, tmp_path):
    builds = {
        "a.txt": fmt.to_gbk(seed.text),
        "b.html": fmt.to_html(seed.text),
        "c.docx": fmt.to_docx(seed.text),
        "d.pdf": fmt.to_pdf(seed.text, seed_font),
    }
    reads = [read_report(write(tmp_path, name, data)) for name, data in builds.items()]
    assert len({squash(r.text) for r in reads}) == 1
    assert len({r.sha256 for r in reads}) == len(reads)
    again = read_report(tmp_path / "b.html")
    assert again == reads[1]  # deterministic, hash included


def test_corpus_report_as_pdf_and_html(tmp_path):
    text = read_report(corpus_file("national_2025.txt")).text
    html_read = read_report(write(tmp_path, "n.html", fmt.to_html(text, "gb2312", "gb18030")))
    assert squash(html_read.text) == squash(text)
    font = fmt.cjk_ttf(text, tmp_path / "f.ttf")
    pdf_read = read_report(write(tmp_path, "n.pdf", fmt.to_pdf(text, font)))
    assert squash(pdf_read.text) == squash(text)
    paragraphs = [squash(p) for p in fmt.paragraphs(text)]
    rebuilt = set(squash(line) for line in pdf_read.text.split("\n"))
    assert sum(p in rebuilt for p in paragraphs) == len(paragraphs)


# --- bad inputs: one line, InputError ---------------------------------------------------------


def assert_one_line_error(path: Path, *fragments: str) -> None:
    with pytest.raises(InputError) as err:
        read_report(path)
    message = str(err.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message


def test_scanned_pdf_asks_for_ocr(tmp_path):
    assert_one_line_error(write(tmp_path, "scan.pdf", fmt.scanned_pdf()), "no text layer", "OCR")


def test_missing_file(tmp_path):
    assert_one_line_error(tmp_path / "nope.txt", "no such file")


def test_folder(tmp_path):
    assert_one_line_error(tmp_path, "is a folder")


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t "])
def test_empty_file(tmp_path, data):
    assert_one_line_error(write(tmp_path, "empty.txt", data), "empty")


def test_binary_file(tmp_path):
    assert_one_line_error(write(tmp_path, "blob.txt", bytes(range(256)) * 8), "binary")


def test_png_is_unsupported(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert_one_line_error(write(tmp_path, "page.png", png), "PNG", "supported", ".docx")


def test_xlsx_is_unsupported(tmp_path):
    path = tmp_path / "table.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert_one_line_error(path, "Excel", "supported")


def test_pdf_name_without_pdf_content(tmp_path, seed):
    assert_one_line_error(write(tmp_path, "fake.pdf", seed.text.encode()), "not a PDF")


def test_damaged_pdf(tmp_path):
    assert_one_line_error(
        write(tmp_path, "broken.pdf", b"%PDF-1.4\n1 0 obj << >>\n%%EOF garbage"), "PDF"
    )


def test_undecodable_text(tmp_path, seed):
    # Big5 bytes of traditional Chinese decode as GB18030 into nonsense characters: rejected,
    # not passed on as "Chinese".
    traditional = "經濟發展與國際貿易關係對區域產業結構調整的影響舉足輕重" * 20
    data = traditional.encode("big5")
    path = write(tmp_path, "big5.txt", data)
    got = None
    try:
        got = read_report(path)
    except InputError as exc:
        assert "cannot be decoded" in str(exc)
    if got is not None:  # detection may find Big5 itself: then it must be right
        assert got.text == traditional and "big5" in got.encoding


def test_invalid_bytes_everywhere(tmp_path):
    data = bytes([0x81, 0x30, 0xFF, 0x80]) * 400
    assert_one_line_error(write(tmp_path, "junk.txt", data), "cannot be decoded")


def test_text_without_chinese_is_not_a_report(tmp_path):
    assert_one_line_error(
        write(tmp_path, "en.txt", b"GDP grew 5% in 2024.\n" * 50),
        "not a government work report",
        "no Chinese",
    )


def test_too_little_chinese_is_not_a_report(tmp_path):
    assert_one_line_error(
        write(tmp_path, "short.txt", "地区生产总值增长6%左右。".encode()),
        "only 10 Chinese characters",
    )


def test_html_without_report_text(tmp_path):
    page = fmt.to_html("经济").replace(b"<p", b"<nav").replace(b"</p>", b"</nav>")
    assert_one_line_error(write(tmp_path, "portal.html", page), "no report text")


def test_same_report_in_every_format_gives_the_same_figures(seed, seed_font, tmp_path):
    """What a user cares about: values, kinds, bounds and indicators agree across formats."""
    from helpers.figures.table import extract_figures

    def key(text):
        df = extract_figures(text, "Inner Mongolia", 2025)
        return sorted(zip(df["text"].map(squash), df["value"], df["kind"], df["bound"], df["indicator"],
                          df["measure"], df["is_estimate"], strict=True))

    expected = key(seed.text)
    builds = {
        "a.txt": fmt.to_gbk(seed.text),
        "b.html": fmt.to_html(seed.text),
        "c.docx": fmt.to_docx(seed.text),
        "d.pdf": fmt.to_pdf(seed.text, seed_font),
        "e.txt": fmt.to_utf16(seed.text),
    }
    for name, data in builds.items():
        assert key(read_report(write(tmp_path, name, data)).text) == expected, name
