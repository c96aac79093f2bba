"""Plain-text reports: bytes decoded by detection (BOM, UTF-8, GB18030, then charset-normalizer),
and the check that a text is Chinese prose at all."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from helpers.errors import InputError
from helpers.read import limits
from helpers.read.source import BOMS, line_at

# A real report has thousands of Chinese characters; a page of navigation has a few dozen.
MIN_CJK_CHARS = 50
# Share of the Chinese characters that must be everyday ones: mis-decoded bytes (Big5 read as
# GBK, say) are still "CJK" but almost never these.
MIN_COMMON_SHARE = 0.25
COMMON_HANZI = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制"
    "机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正"
    "心反明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程"
    "展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根"
    "论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世"
    "金增争济思术极交受联认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走"
    "积示议声报完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界"
)
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_OR_FULLWIDTH = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"


def decode_text(data: bytes, path: Path | str = "") -> tuple[str, str]:
    """Decode text bytes by detection: BOM, strict UTF-8, strict GB18030 (which covers GBK and
    GB2312), and only then charset-normalizer; every guess must read as Chinese prose."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            codec = enc.replace("-sig", "")
            try:
                return data[len(bom) :].decode(codec), enc
            except UnicodeDecodeError as exc:
                raise InputError(_undecodable(data, exc, len(bom), codec, path)) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # A cut-off last character, or a few stray bytes in UTF-8 text: say where, rather than
        # trying other encodings and ending in "cannot be decoded".
        if _cut_short(data, exc, 0) or _almost_utf8(data):
            raise InputError(_undecodable(data, exc, 0, "utf-8", path)) from None
    try:
        text = data.decode("gb18030")
        if plausible_chinese(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        if plausible_chinese(text):
            return text, best.encoding.replace("_", "-")
    raise InputError(
        f"{path}: the text cannot be decoded as Chinese (tried UTF-8, UTF-16, GB18030 and detection); "
        "save it as UTF-8"
    )


_ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")  # a bad byte, as errors="surrogateescape" keeps it


def _bad_utf8_bytes(data: bytes) -> tuple[int, int]:
    """(bad bytes, well-formed non-ASCII characters) of `data` read as UTF-8."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED_BYTE.findall(text))
    return bad, len(text) - len(text.encode("ascii", errors="ignore")) - bad


def _almost_utf8(data: bytes) -> bool:
    bad, good = _bad_utf8_bytes(data)
    return good >= MIN_CJK_CHARS and bad <= good * limits.ALMOST_UTF8_MAX_BAD_SHARE


def _cut_short(data: bytes, exc: UnicodeDecodeError, skip: int) -> bool:
    """The only decoding error is a character cut off by the end of the file."""
    return skip + exc.end >= len(data) and exc.reason in ("unexpected end of data", "truncated data")


def _undecodable(data: bytes, exc: UnicodeDecodeError, skip: int, codec: str, path) -> str:
    """Where UTF-8 or UTF-16 text (by its BOM or by nearly all of it) goes wrong, in one line."""
    start = skip + exc.start  # exc offsets count from after the BOM
    where = f"byte {start} (line {line_at(data, start)})"
    name = "UTF-16" if codec.startswith("utf-16") else "UTF-8"
    if _cut_short(data, exc, skip):
        return (
            f"{path}: {name} text cut short: it ends in the middle of a character at {where}; "
            "the file looks truncated, download or copy it again"
        )
    if name == "UTF-16":
        return (
            f"{path}: UTF-16 text (by its byte-order mark), but {where} starts an unpaired "
            "surrogate, which UTF-16 does not allow: the file is damaged there; fix that spot "
            "or re-save the file"
        )
    bad, _ = _bad_utf8_bytes(data[skip:])
    what = "UTF-8 text (by its byte-order mark)" if skip else "almost UTF-8"
    return (
        f"{path}: {what}, but {where} is not valid UTF-8 ({bad} bad byte{'s' * (bad != 1)} in "
        "all): fix that spot or re-save the file as UTF-8"
    )


def cjk_count(text: str, enough: int | None = None) -> int:
    """The number of CJK characters in `text`, or `enough` once that many are found (a report
    passes the check after its first few lines, without a list of all its characters)."""
    if enough is None:
        return len(CJK.findall(text))
    return sum(1 for _ in itertools.islice(CJK.finditer(text), enough))


def plausible_chinese(text: str) -> bool:
    cjk = CJK.findall(text)
    if len(cjk) < MIN_CJK_CHARS:
        return not cjk  # too short to judge by frequencies: decided later by the report check
    common = sum(1 for c in cjk if c in COMMON_HANZI)
    return common / len(cjk) >= MIN_COMMON_SHARE


def require_report_text(text: str, path: Path, fmt: str) -> None:
    n = cjk_count(text, enough=MIN_CJK_CHARS)
    if n >= MIN_CJK_CHARS:
        return
    if fmt == "html":
        raise InputError(
            f"{path}: the web page has no report text in it ({n} Chinese characters outside navigation)"
        )
    what = "no Chinese text" if n == 0 else f"only {n} Chinese characters"
    raise InputError(
        f"{path}: not a government work report ({what}; at least {MIN_CJK_CHARS} expected)"
    )
