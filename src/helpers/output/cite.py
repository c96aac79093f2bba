"""Citations: of one figure (English and Chinese line, exact quote), of its report (BibTeX),
and the "How to cite" markdown that ends every notebook.

A figure is cited through the report that states it: the issuing government is the author,
the report's title and year identify the work, and section + paragraph locate the figure the
way a page number would. Every function here is a pure function of its inputs, so the same
dataset always gives the same text.

The report's identity (`ReportMeta`, the content of every report.json) lives in
helpers.metadata.report_meta.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from helpers import PROJECT_NAME, __version__
from helpers.errors import InputError
from helpers.metadata.report_meta import TITLE_EN, ReportMeta, meta_from_figure, year_span
from helpers.output.tex import latex_escape

# ----- one figure -------------------------------------------------------------------------

def _field(figure: Mapping[str, Any], name: str) -> str:
    """A figure field as text. Rows come from pandas (NaN, <NA>, 42.0) or from csv (strings)."""
    value = figure.get(name)
    if value is None:
        return ""
    if isinstance(value, float):  # numpy.float64 too
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    text = str(value)
    return "" if text in ("<NA>", "nan", "NaN", "None") else text


def _date_en(iso: str) -> str:
    year, month, day = (int(p) for p in iso.split("-"))
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    return f"{day} {months[month - 1]} {year}"


def _date_zh(iso: str) -> str:
    year, month, day = (int(p) for p in iso.split("-"))
    return f"{year}年{month}月{day}日"


def citation_en(figure: Mapping[str, Any], meta: ReportMeta) -> str:
    """One English line: issuer (year). Title [Government Work Report], date; section;
    paragraph; figure id."""
    parts = [f"{meta.issuer_en} ({meta.report_year}). {meta.title} [{TITLE_EN}]"]
    if meta.date_delivered:
        parts.append(f"delivered {_date_en(meta.date_delivered)}")
    section = _field(figure, "section")
    if section:
        parts.append(f"section “{section}”")
    paragraph = _field(figure, "paragraph")
    if paragraph:
        parts.append(f"paragraph {paragraph}")
    figure_id = _field(figure, "figure_id")
    if figure_id:
        parts.append(f"figure {figure_id}")
    return ", ".join(parts) + "."


def citation_zh(figure: Mapping[str, Any], meta: ReportMeta) -> str:
    """One Chinese line: 发布机关：《标题》（年份），日期，“章节”部分，第N段。"""
    parts = [f"{meta.issuer_zh}：《{meta.title}》（{meta.report_year}年）"]
    if meta.date_delivered:
        parts.append(_date_zh(meta.date_delivered))
    section = _field(figure, "section")
    if section:
        parts.append(f"“{section}”部分")
    paragraph = _field(figure, "paragraph")
    if paragraph:
        parts.append(f"第{paragraph}段")
    figure_id = _field(figure, "figure_id")
    if figure_id:
        parts.append(f"数据编号 {figure_id}")
    return "，".join(parts) + "。"


def quote_of(figure: Mapping[str, Any]) -> str:
    """The clause that states the figure, exactly as printed, in Chinese quotation marks."""
    return f"“{_field(figure, 'quote')}”"


# ----- the report as BibTeX ---------------------------------------------------------------

def bibtex_report(meta: ReportMeta) -> str:
    """A BibTeX @misc entry for the report. The issuer is a corporate author, so it sits in an
    extra pair of braces (BibTeX would otherwise split it into first and last names)."""
    note = f"{TITLE_EN} of {meta.region} ({meta.region_zh}), {meta.report_year}"
    if meta.date_delivered:
        note += f", delivered {meta.date_delivered}"
    if meta.sha256:
        note += f". Text used: SHA-256 {meta.sha256}"
    entries = [
        ("author", "{" + latex_escape(meta.issuer_zh) + "}"),
        ("title", "{" + latex_escape(meta.title) + "}"),
        ("year", str(meta.report_year)),
    ]
    if meta.date_delivered:
        entries.append(("date", meta.date_delivered))
    entries.append(("note", latex_escape(note)))
    if meta.source_url:
        entries.append(("url", meta.source_url))
    entries.append(("language", "chinese"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in entries)
    return f"@misc{{{meta.bibtex_key},\n{body}\n}}\n"


def figure_citation_text(figure: Mapping[str, Any], meta: ReportMeta) -> str:
    """What `gwr cite` prints: heading, the two citation lines, the quote, the BibTeX."""
    kind = _field(figure, "kind")
    ref_year = _field(figure, "ref_year")
    about = ", ".join(p for p in (kind, ref_year) if p)
    head = f"Figure {_field(figure, 'figure_id')}: {_field(figure, 'text')}"
    if about:
        head += f" ({about})"
    indicator = " / ".join(p for p in (_field(figure, "indicator_en"), _field(figure, "indicator_zh")) if p)
    lines = [head]
    if indicator:
        lines.append(f"Indicator: {indicator}")
    lines += [
        "",
        "English:",
        f"  {citation_en(figure, meta)}",
        "中文：",
        f"  {citation_zh(figure, meta)}",
        "",
        "Quote:",
        f"  {quote_of(figure)}",
        "",
        "BibTeX:",
        bibtex_report(meta).rstrip("\n"),
    ]
    return "\n".join(lines) + "\n"


# ----- the notebook's closing cell ----------------------------------------------------------

def _example_figure(figures) -> Mapping[str, Any] | None:
    """The first headline target (else the first figure) in text order: a stable choice."""
    if figures is None or len(figures) == 0:
        return None
    df = figures
    if "char_start" in df:
        df = df.sort_values(["report_year", "region", "char_start"], kind="stable") \
            if {"report_year", "region"} <= set(df.columns) else df.sort_values("char_start", kind="stable")
    if "is_headline" in df and "kind" in df:
        headline = df[(df["is_headline"].astype(bool)) & (df["kind"] == "target")]
        if len(headline):
            df = headline
    return df.iloc[0].to_dict()


# Report text enters Markdown that nbconvert renders to HTML, where raw HTML passes through:
# a saved web page's `<img src=x onerror=…>` or `[x](javascript:…)` must print, not run.
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_PUNCTUATION = set("\\`*_[]|~$")


def markdown_text(text: str) -> str:
    """Text shown literally in Markdown: HTML specials as entities, Markdown punctuation
    backslash-escaped, line breaks as spaces (a quote must not leave its blockquote)."""
    out = []
    for ch in " ".join(str(text).splitlines()):
        if ch in _MD_ENTITIES:
            out.append(_MD_ENTITIES[ch])
        elif ch in _MD_PUNCTUATION:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _code_fence(body: str) -> str:
    """A backtick fence longer than any backtick run in `body`, so the body cannot close it."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    return "`" * max(3, longest + 1)


def how_to_cite_markdown(meta: ReportMeta | Sequence[ReportMeta], figures=None) -> str:
    """Markdown for the "How to cite" cell that ends every notebook: the dataset, the report(s),
    the software (with helpers.__version__) and one example figure citation from `figures`
    (a figures DataFrame; without it the example is replaced by how to get one)."""
    metas: list[ReportMeta] = [meta] if isinstance(meta, ReportMeta) else list(meta)
    if not metas:
        raise InputError("how_to_cite_markdown needs the metadata of at least one report")
    metas.sort(key=lambda m: (m.report_year, m.region_code))

    md = markdown_text
    if len(metas) == 1:
        m = metas[0]
        scope = f"the {m.report_year} {TITLE_EN} of {md(m.region)} ({md(m.region_zh)})"
        where = f"`data/processed/{m.region_code}/{m.report_year}/`"
    else:
        scope = f"{len(metas)} government work reports ({year_span(metas)})"
        where = "the panel dataset folder"
    count = "" if figures is None else f" ({len(figures)} figure{'' if len(figures) == 1 else 's'})"

    out = [
        "## How to cite",
        "",
        f"**The dataset.** {PROJECT_NAME} contributors. *Quantitative figures of {scope}*{count} "
        f"[data set], extracted with {PROJECT_NAME} {__version__}; files `figures.csv`, "
        f"`datapackage.json` in {where}. Derived data: CC-BY-4.0.",
        "",
        "**The report.** Cite the government's own text for any figure:",
        "",
    ]
    for m in metas:
        line = f"{md(m.issuer_en)} ({m.report_year}). {md(m.title)} [{TITLE_EN}]"
        if m.date_delivered:
            line += f", delivered {_date_en(m.date_delivered)}"
        out.append(f"- {line}. / {md(m.issuer_zh)}：《{md(m.title)}》（{m.report_year}年）。")
    bibtex = "\n".join(bibtex_report(m).rstrip("\n") for m in metas)
    fence = _code_fence(bibtex)
    out += ["", f"{fence}bibtex", bibtex, fence,
        "",
        f"**The software.** {PROJECT_NAME} contributors. *{PROJECT_NAME}*, version {__version__} "
        "[computer software], MIT licence. See `CITATION.cff`.",
        "",
    ]
    example = _example_figure(figures)
    if example is not None:
        ex_meta = _meta_for(example, metas)
        out += [
            "**One figure**, e.g.:",
            "",
            f"> {md(citation_en(example, ex_meta))}",
            ">",
            f"> {md(citation_zh(example, ex_meta))}",
            ">",
            f"> Quote: {md(quote_of(example))}",
            "",
            f"`gwr cite {_field(example, 'figure_id')}` prints this; any value of the `figure_id` "
            "column works.",
        ]
    else:
        out.append("**One figure:** `gwr cite FIGURE_ID` prints its citation, quote and BibTeX.")
    return "\n".join(out) + "\n"


def _meta_for(figure: Mapping[str, Any], metas: Iterable[ReportMeta]) -> ReportMeta:
    """The report a figure comes from, matched on region and year."""
    region, year = _field(figure, "region"), _field(figure, "report_year")
    for m in metas:
        if m.region == region and str(m.report_year) == year:
            return m
    return meta_from_figure(figure)
