"""What the notebooks call first: check the parameters, load the report, set up charts.

Notebooks stay thin: a parameters cell of literals, then `nb = notebook.start(...)`, then calls
into the package. A user mistake stops the notebook with one line (no 30-line traceback),
which papermill reports as the failing cell and `gwr run` turns into one message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from helpers.errors import GwrError, InputError, ParameterError
from helpers.paths import PROJECT_ROOT, SEED_REPORT
from helpers.style import LANGS, apply_style, region_label, source_line


def _short_traceback(shell, etype, value, tb, tb_offset=None):
    # IPython's custom handler must show the error itself; the kernel then reports
    # ename/evalue/traceback to papermill as for any error, only one line long.
    stb = [f"{etype.__name__}: {value}"]
    shell._showtraceback(etype, value, stb)
    return stb


def setup_notebook() -> None:
    """Charts inline as PNG, the chart style, and one-line errors for user mistakes.

    Does nothing that needs IPython when run outside a kernel (tests, scripts)."""
    apply_style()
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.set_custom_exc((GwrError,), _short_traceback)
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    # Bare Figures (not pyplot) display as PNG when they end a cell.
    set_matplotlib_formats("png", dpi=110)


def resolve_path(path: str | Path | None, default: Path | None = None) -> Path | None:
    """A parameter path: relative paths resolve from the project root, not the working dir."""
    if path in (None, ""):
        return default
    p = Path(path).expanduser()
    return p if p.is_absolute() else PROJECT_ROOT / p


def display_path(path: Path) -> str:
    """A path relative to the project when inside it (stable output), else as given."""
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT.resolve()).as_posix()
    except ValueError:
        return str(path)


def shown_path(path: Path) -> str:
    """A path as printed in a notebook's output: relative to the project when inside it, else
    only its last two parts after `…/`, so no machine's folders end up in a shared notebook
    (the input's sha256 identifies it)."""
    shown = display_path(path)
    if not Path(shown).is_absolute():
        return shown
    return "…/" + "/".join(Path(path).parts[-2:])


@dataclass
class NotebookRun:
    """One notebook's view of its report and where its charts go."""

    report: object  # helpers.figures.Report
    lang: str
    output_dir: Path | None  # None: show charts only, write nothing
    parameters: dict = field(default_factory=dict)  # as the notebook was given them
    source: str = field(init=False)
    region_label: str = field(init=False)

    def __post_init__(self):
        r = self.report
        self.source = source_line(r.region, r.region_zh, r.report_year, self.lang)
        self.region_label = region_label(r.region, r.region_zh, self.lang)

    @property
    def figures(self):
        return self.report.figures

    @property
    def figures_dir(self) -> Path | None:
        return None if self.output_dir is None else self.output_dir / "figures"

    @property
    def tables_dir(self) -> Path | None:
        return None if self.output_dir is None else self.output_dir / "tables"

    def table(self, stem: str, latex: str, csv: str) -> list[Path]:
        """Write tables/<stem>.tex and <stem>.csv when an output_dir is set; the paths written."""
        if self.tables_dir is None:
            return []
        from helpers.tables import write_table

        return [write_table(self.tables_dir / f"{stem}.tex", latex),
                write_table(self.tables_dir / f"{stem}.csv", csv)]

    def chart(self, stem: str, build, *args, **kwargs):
        """Build a chart with `build(*args, width=…, **kwargs)` (a helpers.charts function) and
        return it at double-column width, so that it displays as the cell's result.

        With an output_dir, the chart is laid out and saved at both journal widths:
        figures/<stem>_single.pdf/.svg/.png (3.5 in) and <stem>_double.* (7 in)."""
        return show_and_save_chart(self.figures_dir, stem, build, *args, **kwargs)


def show_and_save_chart(figures_dir, stem: str, build, *args, **kwargs):
    """The chart at double-column width for the notebook to display; with a figures_dir, also
    laid out and saved at both journal widths (<stem>_single.* and <stem>_double.*)."""
    from helpers import charts

    if figures_dir is None:
        return charts.chart_at_widths(build, *args, widths=(charts.DISPLAY_WIDTH,), **kwargs)[
            charts.DISPLAY_WIDTH]
    figures = charts.chart_at_widths(build, *args, **kwargs)
    charts.save_chart(figures, figures_dir, stem)
    return figures[charts.DISPLAY_WIDTH]



def comparison_view(table, lang: str = "en"):
    """A results-vs-targets table as the reader sees it: one text column per side.

    Uses helpers.tables' cell formats (≈ ≥ ≤ for bounds, † for estimates, — for none)."""
    import pandas as pd

    from helpers.tables import format_result, format_target

    name = "indicator_zh" if lang == "zh" else "indicator_en"
    rows = []
    for _, r in table.iterrows():
        unit = "%" if r["unit"] == "percent" else (r["unit"] or r["unit_zh"])
        rows.append({
            "indicator": r[name] or r["indicator_zh"] or r["indicator"],
            f"result_{int(r['result_year'])}": format_result(r),
            f"target_{int(r['target_year'])}": format_target(r),
            "unit": unit,
            "status": r["status"],
        })
    return pd.DataFrame(rows)


def start(report_path=None, region=None, report_year=None, lang="en", output_dir=None) -> NotebookRun:
    """Check the parameters of a notebook and load its report.

    report_path None means the seed report. region / report_year None mean "as the report
    says"; given, they must agree with the text (load_report checks). Raises GwrError subclasses
    with one-line messages."""
    setup_notebook()
    if lang not in LANGS:
        raise ParameterError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    if report_year is not None and not isinstance(report_year, int):
        raise ParameterError(f"report_year must be a year such as 2025, not {report_year!r}")
    path = resolve_path(report_path, SEED_REPORT)
    if not path.is_file():
        raise InputError(f"report_path {display_path(path)}: no such file")
    from helpers.report import load_report

    report = load_report(path, region=region, year=report_year)
    parameters = {"report_path": report_path, "region": region, "report_year": report_year,
                  "lang": lang, "output_dir": output_dir}
    return NotebookRun(report, lang, resolve_path(output_dir), parameters)


def run_header(run: NotebookRun) -> str:
    """What this rendering was made from, printed at the top of every notebook: the project
    version, the run's parameters and the input's sha256 (plain text: nbval compares it).

    Paths are shown relative to the project (or as `…/folder/name` outside it)."""
    from helpers import PROJECT_NAME, __version__

    r, given = run.report, run.parameters

    def stated(value: str, parameter) -> str:
        return f"{value}  (as the report says)" if parameter in (None, "") else value

    rows = [
        (PROJECT_NAME, __version__),
        ("report_path", shown_path(r.source.path)),
        ("sha256", r.source.sha256),
        ("region", stated(f"{r.region} ({r.region_zh})", given.get("region"))),
        ("report_year", stated(str(r.report_year), given.get("report_year"))),
        ("lang", run.lang),
        ("output_dir", "none: charts are shown, nothing is written" if run.output_dir is None
         else shown_path(run.output_dir)),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def headline_table(run: NotebookRun, headline) -> str:
    """The headline targets-and-results table as LaTeX (booktabs) with a caption naming the
    source; with an output_dir also written to tables/headline_targets.tex and .csv."""
    from helpers.tables import targets_results_csv, targets_results_latex

    r = run.report
    ty, ry = r.report_year, r.report_year - 1
    if len(headline):
        ty, ry = int(headline["target_year"].iloc[0]), int(headline["result_year"].iloc[0])
    caption = (f"{r.region}: headline targets for {ty} (主要预期目标) and results for {ry}. "
               f"{source_line(r.region, r.region_zh, r.report_year, 'en')}")
    latex = targets_results_latex(
        headline, caption=caption, label=f"tab:{r.region_code.replace('_', '-')}-{r.report_year}-headline")
    run.table("headline_targets", latex, targets_results_csv(headline))
    return latex


def how_to_cite(run: NotebookRun):
    """The closing "How to cite" cell, as Markdown."""
    from IPython.display import Markdown

    from helpers import cite

    meta = cite.ReportMeta.from_report(run.report)
    return Markdown(cite.how_to_cite_markdown(meta, run.figures))


def report_summary(run: NotebookRun) -> str:
    """The report at a glance, one `field  value` line each (plain text: nbval compares it)."""
    r = run.report
    text = r.source.text
    rows = [
        ("title", r.title or "(not in the text)"),
        ("region", f"{r.region} ({r.region_zh})"),
        ("region_code", r.region_code),
        ("report_year", str(r.report_year)),
        ("file", shown_path(r.source.path)),
        ("sha256", r.source.sha256),
        ("characters", f"{len(text):,}"),
        ("paragraphs", f"{sum(1 for ln in text.splitlines() if ln.strip()):,}"),
        ("figures", f"{len(r.figures):,}"),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def sections_table(figures):
    """Figures per section (second level of the heading path), by kind, in text order."""
    import pandas as pd

    from helpers.compare import section_label
    from helpers.schema import KINDS

    labelled = figures.sort_values("char_start", kind="stable").assign(
        section=figures["section"].map(section_label))
    table = pd.crosstab(labelled["section"], labelled["kind"]).reindex(columns=list(KINDS), fill_value=0)
    order = list(dict.fromkeys(labelled["section"]))
    table = table.reindex(order)
    table["all"] = table.sum(axis=1)
    table.columns.name = None
    return table


def listing(folder: Path) -> str:
    """The files of an output folder, one per line, the folder shown from the project root."""
    folder = Path(folder)
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    return "\n".join([f"{shown_path(folder)}/"] + [f"  {n}" for n in names])
