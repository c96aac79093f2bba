"""Normalise report text for scanning while keeping a map back to the printed text.

OCR'd newspaper pages put spaces inside numbers and words (`4000 万 千瓦`, `增 长 7%左右`);
clean texts use full-width digits and signs (`５．５％`). The scanner works on a normalised
copy; every normalised character remembers the offset of the printed character it came from,
so spans and quotes are always reported against the text the user has."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Full-width forms folded to ASCII: digits, percent sign, decimal point, plus, Latin letters.
_FOLD = {chr(0xFF10 + i): str(i) for i in range(10)}
_FOLD.update({"％": "%", "．": ".", "＋": "+", "～": "~", "－": "-", "﹪": "%"})
_FOLD.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FOLD.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})

_SPACE = " \t\u3000\u00a0\u2002\u2003\u2009\u200b"


def _is_cjkish(ch: str) -> bool:
    """Characters between which a space is an OCR artefact: CJK, digits, % and CJK punctuation."""
    if not ch:
        return False
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or ch in "%.,;:()\"“”‘’、·—-~"
        or ch.isdigit()
    )


@dataclass(frozen=True)
class NormalizedText:
    text: str  # the normalised text
    to_orig: tuple[int, ...]  # to_orig[i] = offset in the printed text of normalised char i

    def span_to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) span back to the printed text."""
        return self.to_orig[start], self.to_orig[end - 1] + 1


# A class of the folded characters, replaced where they occur: str.translate would look up every
# character of the text in a table (most reports print few or none of these).
_FOLDED = re.compile("[" + "".join(sorted(_FOLD)) + "]")
_SPACE_RUN = re.compile(f"[{_SPACE}]+")


def normalize(text: str) -> NormalizedText:
    # Folding is one character for one character, so offsets only move where spaces go.
    folded = _FOLDED.sub(lambda m: _FOLD[m.group()], text)
    parts: list[str] = []
    to_orig: list[int] = []
    pos = 0
    for m in _SPACE_RUN.finditer(folded):
        s, e = m.span()
        parts.append(folded[pos:s])
        to_orig.extend(range(pos, s))
        prev = folded[s - 1] if s else ""
        nxt = folded[e] if e < len(folded) else ""
        # Keep a space between two digits (a broken number is safer than a merged one)
        # and between Latin words; drop it where CJK text or a number meets CJK text.
        keep = (
            not prev
            or not nxt
            or nxt == "\n"
            or prev == "\n"
            or (prev.isdigit() and nxt.isdigit())
            or not (_is_cjkish(prev) and _is_cjkish(nxt))
        )
        if keep:
            parts.append(" ")
            to_orig.append(s)
        pos = e
    parts.append(folded[pos:])
    to_orig.extend(range(pos, len(folded)))
    return NormalizedText("".join(parts), tuple(to_orig))
