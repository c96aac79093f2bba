"""Citations: of one figure (English and Chinese line, exact quote), of its report (BibTeX),
and the "How to cite" markdown that ends every notebook.

A figure is cited through the report that states it: the issuing government is the author,
the report's title and year identify the work, and section + paragraph locate the figure the
way a page number would. Every function here is a pure function of its inputs, so the same
dataset always gives the same text.

`ReportMeta` is also the content of the `report.json` that `store.write_dataset` writes
beside figures.csv (`ReportMeta.to_json()`), and that `gwr cite` reads back.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from helpers.errors import InputError

DEFAULT_TITLE = "政府工作报告"
TITLE_EN = "Government Work Report"
# The national report is delivered by the Premier on behalf of the State Council.
NATIONAL_REGIONS = {"china", "national"}
NATIONAL_ISSUER_ZH = "国务院"
NATIONAL_ISSUER_EN = "State Council of the People's Republic of China"
REPORT_JSON = "report.json"


@dataclass(frozen=True)
class ReportMeta:
    """What identifies one report as a citable work.

    `title` is the report's own (Chinese) title; it defaults to 政府工作报告, the title every
    such report carries (the seed text does not print it). `issuer_zh`/`issuer_en` default to
    the region's People's Government (国务院 / State Council for the national report).
    `date_delivered` is ISO `YYYY-MM-DD` when known, else empty. `sha256` is that of the input
    text the figures were extracted from, so a reader can check they hold the same text.
    `region_code` (e.g. `inner_mongolia`) names the dataset folder and the BibTeX key; it is
    derived from `region` when empty.
    """

    region: str
    region_zh: str
    report_year: int
    title: str = DEFAULT_TITLE
    issuer_zh: str = ""
    issuer_en: str = ""
    date_delivered: str = ""
    source_url: str = ""
    sha256: str = ""
    region_code: str = ""

    def __post_init__(self):
        # Fill derived fields here so that every consumer (and report.json) sees them.
        set_ = object.__setattr__
        try:
            set_(self, "report_year", int(self.report_year))
        except (TypeError, ValueError):
            raise InputError(f"report_year must be a year such as 2025, got {self.report_year!r}") from None
        if not self.title:
            set_(self, "title", DEFAULT_TITLE)
        if not self.region_code:
            set_(self, "region_code", region_code_of(self.region))
        national = self.region_code in NATIONAL_REGIONS
        if not self.issuer_zh:
            set_(self, "issuer_zh", NATIONAL_ISSUER_ZH if national else f"{self.region_zh}人民政府")
        if not self.issuer_en:
            set_(self, "issuer_en", NATIONAL_ISSUER_EN if national else f"People's Government of {self.region}")
        if self.date_delivered and not _is_iso_date(self.date_delivered):
            raise InputError(f"date_delivered must be a date as YYYY-MM-DD, got {self.date_delivered!r}")

    @classmethod
    def from_report(cls, report: Any, **overrides: Any) -> ReportMeta:
        """From the lead's `Report` (duck-typed: region, region_zh, report_year, title,
        region_code, source.sha256; issuer_*, date_delivered, source_url when it has them)."""
        source = getattr(report, "source", None)
        values = {f.name: getattr(report, f.name, "") or "" for f in fields(cls)}
        if not values["sha256"] and source is not None:
            values["sha256"] = getattr(source, "sha256", "") or ""
        values.update(overrides)
        return cls(**values)

    def to_json(self) -> str:
        """Deterministic JSON (sorted keys, UTF-8 text, final newline) for report.json."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ReportMeta:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"report metadata is not valid JSON: {exc}") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReportMeta:
        if not isinstance(data, Mapping):
            raise InputError("report metadata must be a JSON object")
        missing = [k for k in ("region", "region_zh", "report_year") if k not in data]
        if missing:
            raise InputError(f"report metadata lacks {', '.join(missing)}")
        # Unknown keys are ignored so that a newer report.json still loads.
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def bibtex_key(self) -> str:
        return f"{self.region_code}_gwr_{self.report_year}"


def _is_iso_date(text) -> bool:
    """A real calendar date written YYYY-MM-DD (2025-13-45 is not)."""
    from datetime import date

    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def region_code_of(region: str) -> str:
    """`Inner Mongolia` → `inner_mongolia` (ASCII letters and digits joined by `_`)."""
    code = re.sub(r"[^a-z0-9]+", "_", region.lower()).strip("_")
    return code or "unknown"


def year_span(metas: Sequence[ReportMeta]) -> str:
    """`2024–2025`, or `2025` when every report is of one year."""
    years = sorted({m.report_year for m in metas})
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def read_report_metas(path: Path) -> list[ReportMeta]:
    """Read a report.json: one object (one report) or a list of objects (a panel)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read report metadata {path}: {exc}") from None
    items = data if isinstance(data, list) else [data]
    return [ReportMeta.from_dict(item) for item in items]


def meta_from_figure(figure: Mapping[str, Any]) -> ReportMeta:
    """Minimal metadata from a figure row alone (when no report.json is at hand)."""
    return ReportMeta(
        region=str(figure["region"]), region_zh=str(figure["region_zh"]), report_year=figure["report_year"]
    )


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

_BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
                    "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\^{}"}


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIALS.get(ch, ch) for ch in text)


def bibtex_report(meta: ReportMeta) -> str:
    """A BibTeX @misc entry for the report. The issuer is a corporate author, so it sits in an
    extra pair of braces (BibTeX would otherwise split it into first and last names)."""
    note = f"{TITLE_EN} of {meta.region} ({meta.region_zh}), {meta.report_year}"
    if meta.date_delivered:
        note += f", delivered {meta.date_delivered}"
    if meta.sha256:
        note += f". Text used: SHA-256 {meta.sha256}"
    entries = [
        ("author", "{" + bibtex_escape(meta.issuer_zh) + "}"),
        ("title", "{" + bibtex_escape(meta.title) + "}"),
        ("year", str(meta.report_year)),
    ]
    if meta.date_delivered:
        entries.append(("date", meta.date_delivered))
    entries.append(("note", bibtex_escape(note)))
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
    from helpers import PROJECT_NAME, __version__

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
