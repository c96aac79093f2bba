"""Page furniture: the lines of a report saved from a web page that belong to the page, not the
report — viewer controls (下载 / 打印 / 全屏 / 【字号：】), 来源 / 时间 lines, photo captions,
article ids, and the block after the article's end (相关报道, 扫一扫, 打印本页, a repeated title
and opening). They stay in the text, so character offsets still point into the saved file, but
no figure and no paragraph comes from them. The words are rules/lexicon/furniture.yml's."""

from __future__ import annotations

import re

from helpers.rules import lexicon

# A line that is all furniture: one of the viewer's controls, or a labelled page field.
_CONTROL = re.compile(f"(?:{lexicon.alternation('page_controls')})")
# A field's value is a name, a date or a count, never a sentence: 时间：全年办结3.4万件。 is body.
_FIELD = re.compile(
    rf"(?:{lexicon.alternation('page_fields')})\s*[:：](?P<value>[^。，；！？,;!?]{{0,40}})"
)
_STAMP = re.compile(lexicon.alternation("page_stamps"))
# The article ends at one of these; what follows is the page's (related links, a repeat).
_END = re.compile(f"(?:{lexicon.alternation('page_ends')})")
_ARTICLE_ID = re.compile(r"[0-9a-f]{32}[:：]")
END_ZONE = 0.8  # an end marker counts only in the last fifth of the lines
MAX_LINE = 60  # furniture lines are short; a paragraph is never taken for one


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + lead + len(stripped), stripped))
        pos += len(line) + 1
    return out


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) spans of the furniture lines of `text`, in order."""
    lines = _lines(text)
    spans = []
    end_at = len(lines)
    for i in range(int(len(lines) * END_ZONE), len(lines)):
        if _END.fullmatch(lines[i][2]):
            end_at = i
            break
    value_next = False  # the line after a bare label (来源: / 某某日报) or an article id is its value
    for i, (s, e, line) in enumerate(lines):
        field = _FIELD.fullmatch(line) if len(line) <= MAX_LINE else None
        stamp = len(line) <= MAX_LINE and (_CONTROL.fullmatch(line) or _STAMP.fullmatch(line))
        if i >= end_at or value_next or field or stamp:
            spans.append((s, e))
        value_next = bool(field and not field["value"].strip()) or bool(_ARTICLE_ID.fullmatch(line))
    return spans
