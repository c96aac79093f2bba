"""Offline, sanitised HTML: a notebook rendered to one self-contained page (CSS, images and a
subset of the Chinese font inline, nothing fetched from a CDN, report text shown and never run),
and the index page of a run."""

from __future__ import annotations

import time
from pathlib import Path

import bleach
import nbformat
from bleach.css_sanitizer import CSSSanitizer
from jinja2 import Environment, FileSystemLoader, select_autoescape

from helpers import PROJECT_NAME, __version__
from helpers.atomic import write_text
from helpers.metadata.layout import FIGURES_DIR, INDEX_HTML, TABLES_DIR
from helpers.output.charts.style import COLUMN_WIDTHS, source_line
from helpers.output.webfont import embed_webfont

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


# What rendered Markdown and HTML outputs may keep: the tags of prose, tables and code, with no
# event handlers, scripts, frames or forms, and links only to http(s), mailto and fragments.
# nbconvert's own clean_html also drops headings and paragraphs, so it is replaced by this one.
SAFE_TAGS = frozenset(
    "a abbr b blockquote br caption code col colgroup dd del details div dl dt em h1 h2 h3 h4 h5 h6 "
    "hr i kbd li ol p pre s samp small span strong style sub summary sup table tbody td tfoot th "
    "thead tr u ul".split()
)
SAFE_ATTRIBUTES = {"*": ["class", "id", "title", "lang", "dir"], "a": ["href", "title"],
                   "table": ["border"], "tr": ["style"], "td": ["colspan", "rowspan", "align", "style"],
                   "th": ["colspan", "rowspan", "align", "style"], "style": ["type", "scoped"]}
SAFE_CSS = ("text-align", "vertical-align")  # what pandas puts in a table's style attributes
SAFE_PROTOCOLS = ("http", "https", "mailto")


def clean_html(html) -> str:
    """Rendered notebook HTML without anything that runs: report text (a saved web page's
    `<img onerror=…>`, `<svg onload=…>`) is shown as text, never executed."""
    html = html.decode() if isinstance(html, bytes) else str(html)
    return bleach.clean(html, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, protocols=SAFE_PROTOCOLS,
                        css_sanitizer=CSSSanitizer(allowed_css_properties=SAFE_CSS))


def html_exporter():
    """nbconvert's JupyterLab HTML, self-contained: CSS and images inline, no CDN scripts, and
    Markdown and HTML outputs sanitised (clean_html)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", extra_template_paths=[str(TEMPLATES_DIR)],
                        template_file="offline_notebook.html.j2", embed_images=True,
                        sanitize_html=True, filters={"clean_html": clean_html})


def render_html(notebook: Path, target: Path, exporter=None) -> float:
    """Render one executed notebook to `target`, with the font its text needs; returns seconds."""
    t0 = time.perf_counter()
    exporter = exporter or html_exporter()
    nb = nbformat.read(notebook, as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    write_text(target, embed_webfont(body, "notebook"))
    return time.perf_counter() - t0


def _notebook_title(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def _width_order(file: dict) -> int:
    return list(COLUMN_WIDTHS).index(file["width"]) if file["width"] in COLUMN_WIDTHS else -1


def index_title(report) -> str:
    """`Region (地区) year: title`. A text without a title line has report.title empty: the
    title its citation uses (ReportMeta's, 政府工作报告 by default) stands in, and with none at
    all the heading ends at the year rather than at a dangling colon."""
    title = (report.title or report.meta.title or "").strip()
    heading = f"{report.region} ({report.region_zh}) {report.report_year}"
    return f"{heading}: {title}" if title else heading


def write_index(out_dir: Path, *, report, parameters: list[tuple[str, str]], names,
                summaries: dict[str, str]) -> Path:
    """index.html of a run: its notebooks, charts and tables, and the parameters it ran with."""
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html", "j2"]),
                      keep_trailing_newline=True)
    charts: dict[str, list[dict]] = {}  # chart name → its files, one entry per column width
    figures_dir = out_dir / FIGURES_DIR
    if figures_dir.is_dir():
        stems = sorted({p.stem for p in figures_dir.iterdir() if not p.name.startswith(".")})
        for stem in stems:
            formats = [f for f in ("pdf", "svg", "png") if (figures_dir / f"{stem}.{f}").exists()]
            name, _, width = stem.rpartition("_")
            if width not in COLUMN_WIDTHS:
                name, width = stem, ""
            charts.setdefault(name, []).append({"stem": stem, "width": width, "formats": formats})
    tables_dir = out_dir / TABLES_DIR
    tables = sorted(p.name for p in tables_dir.iterdir() if not p.name.startswith(".")) \
        if tables_dir.is_dir() else []
    notebooks = [{"html": f"{Path(n).stem}.html", "ipynb": n, "title": _notebook_title(out_dir / n),
                  "summary": summaries.get(n, "")} for n in names]
    html = env.get_template("index.html.j2").render(
        title=index_title(report),
        subtitle=f"Notebooks run by {PROJECT_NAME} {__version__} on one government work report.",
        notebooks=notebooks,
        charts=[{"name": k, "folder": FIGURES_DIR, "files": sorted(v, key=_width_order)}
                for k, v in charts.items()],
        tables=tables, parameters=parameters,
        source=source_line(report.meta),
    )
    path = out_dir / INDEX_HTML
    write_text(path, embed_webfont(html, "index"))
    return path
