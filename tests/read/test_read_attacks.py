"""Hostile and broken inputs to helpers.read.read_report, as found by an attack probe.

Each is refused with a one-line InputError (or cleaned) without hanging, without inflating a
bomb and without letting a library's log lines reach the terminal."""

from __future__ import annotations

import errno
import io
import logging
import os
import socket
import stat
import struct
import subprocess
import sys
import threading
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import _formats as fmt
import pytest

from helpers.errors import InputError
from helpers.read import limits, read_report
from helpers.read.docx import docx_to_text
from helpers.read.html import html_to_text
from helpers.read.pdf import pdf_to_text

MiB = 1 << 20
# One paragraph of a report, long enough (well over MIN_CJK_CHARS) to pass as one.
PARAGRAPH = (
    "2025年全区经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，一般公共预算收入增长3%，"
    "城镇新增就业20万人以上，城镇调查失业率控制在5.5%以内，居民消费价格涨幅2%左右，"
    "粮食产量稳定在800亿斤以上，单位地区生产总值能耗完成国家下达的目标任务。"
)
# C0 controls that must never reach the returned text (tab and newline are the text's own).
BAD_CONTROLS = set(map(chr, range(32))) - {"\t", "\n"}


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path, *fragments: str) -> str:
    with pytest.raises(InputError) as err:
        read_report(path)
    message = str(err.value)
    assert "\n" not in message, message
    said = message.removeprefix(f"{path}: ")  # the path itself may contain a fragment
    for fragment in fragments:
        assert fragment in said, message
    return message


# --- zip (docx) bombs --------------------------------------------------------------------------


def raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip built by hand from already deflated members: (name, raw deflate data, crc32, size).
    zipfile cannot store data it did not compress itself, and compressing 1 GiB takes seconds."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size in entries:
        n = name.encode()
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(n), 0)
        out += n + data
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), size, len(n), 0, 0, 0, 0, 0, offset
        )
        central += n
    cd_offset = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    return bytes(out)


def deflated(data: bytes) -> tuple[bytes, int, int]:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(), zlib.crc32(data), len(data)


def deflated_zeros(size: int) -> tuple[bytes, int, int]:
    """`size` zero bytes deflated, cheaply: after a full flush the compressor starts afresh, so
    every 1 MiB block compresses to the same bytes and can simply be repeated."""
    block = bytes(MiB)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // MiB):
        crc = zlib.crc32(block, crc)
    return piece * (size // MiB) + c.flush(zlib.Z_FINISH), crc, size


@pytest.fixture(scope="module")
def docx_parts() -> dict[str, bytes]:
    """The members of a real, small .docx, to rebuild with one member swapped."""
    with zipfile.ZipFile(io.BytesIO(fmt.to_docx(PARAGRAPH))) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def docx_with(parts: dict[str, bytes], members: dict | None = None) -> bytes:
    """The docx rebuilt, with `members` {name: deflated(...)} replacing or adding members."""
    members = dict(members or {})
    entries = [(name, *(members.pop(name, None) or deflated(data))) for name, data in parts.items()]
    return raw_zip(entries + [(name, *member) for name, member in members.items()])


def test_docx_bomb_of_1_gib_is_refused_from_its_headers(tmp_path, docx_parts):
    # About 1 MB on disk; word/document.xml inflates to 1 GiB (python-docx used 2.2 GB on it).
    bomb = docx_with(docx_parts, {"word/document.xml": deflated_zeros(1 << 30)})
    assert len(bomb) < 2 * MiB
    path = write(tmp_path, "bomb.docx", bomb)
    tracemalloc.start()
    try:
        message = refused(path, "word/document.xml", "1 GiB", "64 MiB limit")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * MiB, f"{peak / MiB:.0f} MiB allocated: the member was inflated"
    assert message.startswith(str(path))
    with pytest.raises(InputError, match="limit"):  # the public function guards itself too
        docx_to_text(bomb, "bomb.docx")


def test_docx_member_inflating_past_its_declared_size(tmp_path, docx_parts):
    # The headers say 4 KiB (with the CRC of those 4 KiB); the data would inflate to 256 MiB.
    # zipfile's read() inflates a whole compressed chunk before cutting it to the declared size:
    # python-docx allocated over 500 MiB on this one, past every check of the headers.
    data, _, _ = deflated_zeros(256 * MiB)
    liar = (data, zlib.crc32(bytes(4096)), 4096)
    path = write(tmp_path, "liar.docx", docx_with(docx_parts, {"word/document.xml": liar}))
    tracemalloc.start()
    try:
        refused(path, "word/document.xml", "does not inflate to the 4 KiB")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * MiB, f"{peak / MiB:.0f} MiB allocated"


def test_docx_member_over_the_size_limit(tmp_path, docx_parts, monkeypatch):
    # A real member, incompressible so only the size limit (lowered here) can catch it.
    monkeypatch.setattr(limits, "MAX_UNZIPPED_MEMBER_BYTES", MiB)
    data = docx_with(docx_parts, {"word/media/blob.bin": deflated(os.urandom(2 * MiB))})
    refused(write(tmp_path, "big.docx", data), "word/media/blob.bin", "2 MiB", "1 MiB limit")


def test_docx_total_over_the_size_limit(tmp_path, docx_parts, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNZIPPED_TOTAL_BYTES", 3 * MiB)
    blobs = {f"word/media/b{i}.bin": deflated(os.urandom(MiB)) for i in range(4)}
    refused(write(tmp_path, "many.docx", docx_with(docx_parts, blobs)), "in all", "3 MiB limit")


def test_docx_member_with_a_bomb_like_compression_ratio(tmp_path, docx_parts):
    # 8 MiB is under every size limit, but 8 MiB from 8 KB is not what Word writes.
    data = docx_with(docx_parts, {"word/document.xml": deflated_zeros(8 * MiB)})
    refused(write(tmp_path, "ratio.docx", data), "word/document.xml", "compression ratio")


def test_docx_with_too_many_members(tmp_path, docx_parts, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ZIP_MEMBERS", 20)
    blobs = {f"word/media/e{i}.bin": deflated(b"x") for i in range(30)}
    refused(write(tmp_path, "crowd.docx", docx_with(docx_parts, blobs)), "members", "20")


def test_ordinary_docx_still_reads(tmp_path, docx_parts):
    got = read_report(write(tmp_path, "ok.docx", docx_with(docx_parts)))
    assert got.format == "docx" and "地区生产总值增长5.5%左右" in got.text


# --- PDF: bombs, pypdf's own errors, its log lines ---------------------------------------------


def make_pdf(content: bytes, stream_dict: bytes = b"", chars: dict[int, int] | None = None,
             good_xref: bool = True) -> bytes:
    """A one-page PDF by hand. Its font's ToUnicode map sends codes 0x21-0x7E to U+4E00... (so
    a hex string gives Chinese text without embedding a font), plus `chars` {code: code point}."""
    bfchar = "".join(f"<{k:02X}> <{v:04X}>\n" for k, v in (chars or {}).items())
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        "1 beginbfrange <21> <7E> <4E00> endbfrange\n"
        f"{len(chars or {})} beginbfchar\n{bfchar}endbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 300] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(content), stream_dict, content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out) if good_xref else 999)
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref if good_xref else 99999)
    return bytes(out)


def show(codes: bytes) -> bytes:
    return b"BT /F1 12 Tf 10 100 Td <%s> Tj ET" % codes.hex().encode()


CJK_CODES = bytes(range(0x21, 0x7F))  # 94 Chinese characters through the ToUnicode map


def test_hand_made_pdf_reads_as_chinese(tmp_path):
    got = read_report(write(tmp_path, "ok.pdf", make_pdf(show(CJK_CODES))))
    assert got.text == "".join(map(chr, range(0x4E00, 0x4E00 + 94)))


def test_pdf_flate_bomb_is_refused(tmp_path):
    # A content stream inflating to 40 MiB (zeros, which PDF reads as whitespace): past our limit.
    c = zlib.compressobj(9)
    bomb = b"".join(c.compress(bytes(MiB)) for _ in range(40)) + c.flush()
    pdf = make_pdf(bomb, b"/Filter /FlateDecode")
    assert len(pdf) < MiB
    message = refused(write(tmp_path, "bomb.pdf", pdf), "safety limit", "32 MiB")
    assert message.startswith(str(tmp_path))


@pytest.mark.parametrize("name", ["LimitReachedError", "ParseError", "PdfStreamError", "PyPdfError"])
def test_any_pypdf_error_is_an_input_error(tmp_path, monkeypatch, name):
    import pypdf
    import pypdf.errors

    def broken(*args, **kwargs):
        raise getattr(pypdf.errors, name)("boom")

    monkeypatch.setattr(pypdf, "PdfReader", broken)
    refused(write(tmp_path, "x.pdf", make_pdf(show(CJK_CODES))), "PDF")


def test_pdf_text_over_the_character_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 50)
    refused(write(tmp_path, "long.pdf", make_pdf(show(CJK_CODES))), "50 characters")


def test_pypdf_warnings_are_not_logged(tmp_path, caplog):
    path = write(tmp_path, "xref.pdf", make_pdf(show(CJK_CODES), good_xref=False))
    with caplog.at_level(logging.DEBUG):
        got = read_report(path)  # pypdf repairs the xref table, and says so in its log
    assert got.text.startswith("一丁")
    assert [r for r in caplog.records if r.name.startswith("pypdf")] == []
    assert logging.getLogger("pypdf").propagate  # put back as it was
    assert not logging.getLogger("pypdf").handlers


def test_damaged_pdf_error_is_one_line_on_the_command_line(tmp_path):
    # A damaged xref and no Chinese text: pypdf logs its repairs, then we refuse the file.
    path = write(tmp_path, "BAD.pdf", make_pdf(b"BT /F1 12 Tf 10 100 Td (GDP 80%) Tj ET", good_xref=False))
    r = subprocess.run(
        [sys.executable, "-m", "helpers", "extract", str(path), "--no-save"],
        capture_output=True, text=True, timeout=60,
    )
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("gwr extract: error: "), r.stderr


# --- special files and sizes -------------------------------------------------------------------


def run_with_deadline(fn, seconds: float = 5.0):
    """fn() in a thread; (finished, exception)."""
    box: dict = {}

    def target():
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["exc"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    return not thread.is_alive(), box.get("exc"), thread


def test_fifo_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    done, exc, thread = run_with_deadline(lambda: read_report(fifo))
    if not done:  # blocked in open(): give it a writer and EOF so the test run can go on
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
        pytest.fail("read_report blocked on a FIFO")
    assert isinstance(exc, InputError), exc
    assert "named pipe (FIFO)" in str(exc) and str(exc).startswith(str(fifo))


def test_character_device_is_refused_without_reading(tmp_path):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    done, exc, _ = run_with_deadline(lambda: read_report("/dev/zero"))
    assert done, "read_report kept reading /dev/zero"
    assert isinstance(exc, InputError) and "character device" in str(exc), exc


def block_devices() -> list[str]:
    found = []
    for entry in os.scandir("/dev") if Path("/dev").is_dir() else []:
        try:
            if stat.S_ISBLK(entry.stat(follow_symlinks=False).st_mode):
                found.append(entry.path)
        except OSError:
            pass
    return found


def test_block_device_is_refused():
    devices = block_devices()
    if not devices:
        pytest.skip("no block device to try")
    refused(devices[0], "block device")


def test_socket_is_refused(tmp_path):
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        refused(path, "socket")


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    path = write(tmp_path, "big.txt", PARAGRAPH.encode() * 20)
    refused(path, "over the 1000 bytes limit")


def test_read_stops_at_the_limit_when_the_size_is_unknown(monkeypatch):
    # /proc files say they are 0 bytes long; only a bounded read catches them (or a growing file).
    maps = Path("/proc/self/maps")
    if not maps.exists() or maps.stat().st_size != 0:
        pytest.skip("no /proc with zero-sized files")
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 64)
    refused(maps, "over the 64 bytes limit")


def test_text_file_over_the_text_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_FILE_BYTES", 1000)
    refused(write(tmp_path, "long.txt", PARAGRAPH.encode() * 20), "text", "1000 bytes limit")


# --- NUL bytes and control characters ----------------------------------------------------------


def test_nul_after_the_first_8_kb_is_refused_with_its_offset(tmp_path):
    head = (PARAGRAPH + "\n").encode() * 40  # about 13 KB
    data = head + "地区生产总值增长8".encode() + b"\x00" + "0%。\n".encode()
    offset = data.index(b"\x00")
    assert offset > 8192
    for name in ("r.txt", "r.html"):
        refused(write(tmp_path, name, data), "NUL", f"byte {offset}", "line 41")


def test_nul_character_in_utf16_text_is_refused(tmp_path):
    data = b"\xff\xfe" + (PARAGRAPH * 3 + "增长8\x000%").encode("utf-16-le")
    offset = 2 + len((PARAGRAPH * 3 + "增长8").encode("utf-16-le"))
    refused(write(tmp_path, "u16.txt", data), "NUL", f"byte {offset}")


def test_controls_in_plain_text_are_dropped(tmp_path):
    data = (PARAGRAPH + "\x0c增长8\x010%\x1b。\x1a").encode()
    got = read_report(write(tmp_path, "c.txt", data))
    assert not BAD_CONTROLS & set(got.text)
    assert "增长80%。" in got.text and got.text.count("\n") == 1  # a form feed is a line break


def test_controls_in_html_are_dropped_before_parsing(tmp_path):
    # \x1e is also what html_to_text uses internally for block boundaries: it must not split text.
    page = f"<html><body><p>{PARAGRAPH}增长8\x010%\x1e左右</p></body></html>".encode()
    got = read_report(write(tmp_path, "c.html", page))
    assert not BAD_CONTROLS & set(got.text)
    assert got.text == PARAGRAPH + "增长80%左右"
    text, _ = html_to_text(page)
    assert not BAD_CONTROLS & set(text)


def test_controls_and_surrogates_from_a_pdf_are_cleaned(tmp_path):
    # Code 0x01 maps to U+0001 and 0x02 to a lone surrogate: pypdf passes both through.
    pdf = make_pdf(show(CJK_CODES + b"\x01\x21\x02\x21"), chars={1: 0x01, 2: 0xD800})
    text = pdf_to_text(pdf)
    assert not BAD_CONTROLS & set(text)
    assert text.endswith("一\ufffd一")
    got = read_report(write(tmp_path, "c.pdf", pdf))
    got.text.encode("utf-8")  # what output/dataset.py does with it: no UnicodeEncodeError


def test_docx_text_has_no_controls(docx_parts):
    text = docx_to_text(docx_with(docx_parts))
    assert not BAD_CONTROLS & set(text) and "增长5.5%左右" in text


# --- messages ----------------------------------------------------------------------------------


def test_one_bad_byte_in_utf8_says_where(tmp_path):
    good = (PARAGRAPH + "\n").encode() * 5
    data = good + b"\xff" + good
    offset = len(good)
    message = refused(write(tmp_path, "bad.txt", data), "almost UTF-8", f"byte {offset}", "line 6")
    assert message.startswith(str(tmp_path))


def test_bad_byte_after_a_utf8_bom_counts_the_bom(tmp_path):
    good = (PARAGRAPH + "\n").encode() * 2
    data = b"\xef\xbb\xbf" + good + b"\xc3(" + good
    refused(write(tmp_path, "bom.txt", data), "UTF-8", f"byte {3 + len(good)}", "line 3")


def test_truncated_utf8_says_it_is_cut_short(tmp_path):
    data = (PARAGRAPH * 3).encode()[:-1]  # the last character (。) loses its last byte
    refused(write(tmp_path, "cut.txt", data), "cut short", f"byte {len(data) - 2}")


def test_unpaired_surrogate_in_utf16_is_refused(tmp_path):
    good = (PARAGRAPH + "\n").encode("utf-16-le")
    data = b"\xff\xfe" + good + b"\x00\xd8" + "中".encode("utf-16-le") + good
    offset = 2 + len(good)
    refused(write(tmp_path, "u16.txt", data), "UTF-16", "unpaired surrogate", f"byte {offset}", "line 2")


def test_truncated_utf16(tmp_path):
    data = (PARAGRAPH * 2).encode("utf-16")[:-1]
    refused(write(tmp_path, "u16cut.txt", data), "cut short")


def test_symlink_loop(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    refused(loop, "symlink loop")


def test_dangling_symlink(tmp_path):
    link = tmp_path / "report.txt"
    link.symlink_to(tmp_path / "gone.txt")
    refused(link, "symlink", "gone.txt", "missing")


def test_symlink_to_a_report_is_read(tmp_path):
    target = write(tmp_path, "real.txt", PARAGRAPH.encode())
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert read_report(link).text == PARAGRAPH


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", PARAGRAPH.encode())
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make open() fail as it would for anyone else
        real_open = os.open

        def deny(file, *args, **kwargs):
            if Path(file) == path:
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(os, "open", deny)
    try:
        refused(path, "permission denied")
    finally:
        path.chmod(0o644)


def test_newline_in_a_file_name_stays_one_line(tmp_path):
    path = tmp_path / "a\nb.txt"
    message = refused(path, "no such file")
    assert "a\\nb.txt" in message


def test_format_errors_start_with_the_path(tmp_path):
    path = write(tmp_path, "page.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert refused(path, "PNG").startswith(str(path))


# --- lone surrogates and XML entities ----------------------------------------------------------


def test_lone_surrogate_does_not_crash_extract_figures():
    from helpers.figures.table import extract_figures

    text = "2025年主要预期目标是：地区生产总值增长5.5%左右\ud800，城镇新增就业20万人以上。"
    df = extract_figures(text, "Inner Mongolia", 2025, "内蒙古自治区")
    clean = extract_figures(text.replace("\ud800", "\ufffd"), "Inner Mongolia", 2025, "内蒙古自治区")
    assert len(df) >= 2
    assert df["char_start"].tolist() == clean["char_start"].tolist()  # offsets unchanged
    assert df["figure_id"].tolist() == clean["figure_id"].tolist()
    for row in df.itertuples():
        assert text[row.char_start : row.char_end].replace("\ud800", "\ufffd") == row.text


def passwd_marks() -> list[str]:
    passwd = Path("/etc/passwd")
    lines = passwd.read_text(errors="replace").splitlines() if passwd.exists() else []
    return [line for line in lines[:3] if line] or ["root:x:0:0"]


def test_html_external_entity_is_not_read(tmp_path):
    page = (
        '<!DOCTYPE html [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        f"<html><body><p>{PARAGRAPH}&e;</p><p>&e;</p></body></html>"
    ).encode()
    got = read_report(write(tmp_path, "xxe.html", page))
    assert got.text.split("\n")[0].startswith(PARAGRAPH)  # no `]>` left over from the DTD
    for mark in passwd_marks():
        assert mark not in got.text


def test_docx_external_entity_is_not_read(tmp_path, docx_parts):
    xml = docx_parts["word/document.xml"].decode()
    head, rest = xml.split("?>", 1)
    doctype = '<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    rest = rest.replace("<w:body>", "<w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p>", 1)
    data = docx_with(docx_parts, {"word/document.xml": deflated((head + "?>" + doctype + rest).encode())})
    message = refused(write(tmp_path, "xxe.docx", data), "declares a DTD")
    for mark in passwd_marks():
        assert mark not in message
    # What python-docx itself makes of it: the entity is not resolved, so no file is read.
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert PARAGRAPH in text
    for mark in passwd_marks():
        assert mark not in text



@pytest.mark.parametrize("method, refusal", [(zipfile.ZIP_STORED, None), (zipfile.ZIP_BZIP2, "method 12")])
def test_docx_compression_methods(tmp_path, docx_parts, method, refusal):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, data in docx_parts.items():
            zf.writestr(name, data)
    path = write(tmp_path, "m.docx", buffer.getvalue())
    if refusal:  # zipfile could inflate bzip2, but Word never writes it: not worth a bounded reader
        refused(path, "compression", refusal)
    else:
        assert "增长5.5%左右" in read_report(path).text
