"""Input limits: far above any real report, low enough that a hostile file cannot exhaust
memory or time. The README lists them."""

from __future__ import annotations

# A report's text is 30-200 KB; its PDF with photos can be tens of MB.
MIB = 1 << 20
MAX_FILE_BYTES = 100 * MIB  # any input file; only this much (plus one byte) is ever read
MAX_TEXT_FILE_BYTES = 16 * MIB  # a .txt or web page: 80 times the longest report
# A .docx is a zip: the sizes its headers declare are checked before anything is inflated, then
# each member is inflated in pieces (keeping nothing) to see that it keeps to them.
MAX_ZIP_MEMBERS = 10_000
MAX_UNZIPPED_MEMBER_BYTES = 64 * MIB  # one part: document.xml of a report is a few MB
MAX_UNZIPPED_TOTAL_BYTES = 200 * MIB  # python-docx holds every part in memory at once
# Word's XML deflates 5-20 times; deflate's ceiling is about 1032 (what bombs use). Small
# members are exempt: their ratio says nothing and their size cannot hurt.
MAX_COMPRESSION_RATIO = 200
ZIP_RATIO_MIN_BYTES = 1 * MIB
# A PDF's streams (content, object streams) inflate to at most this each (pypdf's own default
# is 75 MB); a page of text is well under 1 MB. Images are not decoded for text extraction.
PDF_MAX_STREAM_BYTES = 32 * MIB
# Characters extracted from a PDF, padding included: a report has under 200,000.
MAX_TEXT_CHARS = 10_000_000
# "Almost UTF-8": at most this share of the non-ASCII characters are bad bytes. GB18030 text
# read as UTF-8 fails at nearly every Chinese character.
ALMOST_UTF8_MAX_BAD_SHARE = 0.01


def size_text(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", MIB), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"
