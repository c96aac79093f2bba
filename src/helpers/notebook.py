"""The one module the notebooks import: check their parameters, load their reports, and hand them
the analysis, view and chart modules they call.

Notebooks stay thin: a parameters cell of literals, then `run = notebook.start_report(...)`
(notebooks 01–03), `start_scorecard(...)` (04) or `start_panel(...)` (05), each returning a
Session, then calls into the package. A user mistake stops the notebook with one line (no
30-line traceback) that names the notebook's own parameter (report_year, not --year), which
papermill reports as the failing cell and `gwr run` turns into one message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers import PROJECT_NAME, __version__
from helpers.analysis import compare, panel_views, scorecard  # noqa: F401  (for the notebooks)
from helpers.errors import GwrError, InputError, ParameterError
from helpers.figures.identify import NOTEBOOK_NAMES
from helpers.figures.report import Report, load_report
from helpers.metadata.panel import Panel
from helpers.metadata.report_meta import ReportMeta
from helpers.output import cite, views  # noqa: F401  (for the notebooks)
from helpers.output.charts import achievement_charts, panel_charts  # noqa: F401  (for the notebooks)
from helpers.output.charts import report_charts as charts  # noqa: F401  (for the notebooks)
from helpers.output.charts.display import Chart, show_chart
from helpers.output.charts.save import DISPLAY_WIDTH, chart_at_widths
from helpers.output.charts.style import (
    COLUMN_WIDTHS,
    apply_style,
    check_lang,
    region_label,
    source_line,
)
from helpers.output.dataset import write_dataset
from helpers.output.page_tables import show  # noqa: F401  (for the notebooks)
from helpers.output.panel_dataset import read_panel
from helpers.output.tables import (
    gdp_achievement_latex,
    scorecard_csv,
    scorecard_latex,
    targets_results_csv,
    targets_results_latex,
    write_table,
)
from helpers.paths import SEED_REPORT, SHARED_CORPUS, display_path, resolve_path, shown_path
from helpers.pipeline.pairs import registered_pair, score_reports
from helpers.pipeline.panel import SerialExecutor, build_panel

# Notebook 04's default pair and notebook 05's default panel: named files of the development
# corpus (not the whole folder), so that their committed outputs do not change when reports
# are added to it.
DEFAULT_PAIR = ("national_2024.txt", "national_2025.txt")
DEFAULT_PANEL_FILES = (
    "guangdong_2025.txt", "jiangsu_2025.txt", "national_2024.txt", "national_2025.txt",
    "shandong_2025.txt", "sichuan_2025.txt", "zhejiang_2025.txt",
)
# Notebook 06's default: every consecutive pair of the corpus (the five provinces 2025 → 2026,
# the nation 2024 → 2025).
DEFAULT_ACHIEVEMENT_FILES = tuple(sorted(
    [f"{p}_{y}.txt" for p in ("guangdong", "jiangsu", "shandong", "sichuan", "zhejiang") for y in (2025, 2026)]
    + ["national_2024.txt", "national_2025.txt"]))
HOW_TO_ADD = ("register reports with `gwr add FILE` or `gwr add URL` (two consecutive years of a region), "
              "then pass inputs=\"data/raw\"")


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


@dataclass
class Session:
    """What one notebook works on: one report (01–03), two (04: targets and outcomes, with their
    scorecard) or a panel (05); its language; where its charts and tables go."""

    reports: list[Report]
    lang: str = "en"
    output_dir: Path | None = None  # None: show charts and tables only, write nothing
    parameters: dict = field(default_factory=dict)  # as the notebook was given them
    panel: Panel | None = None
    table: pd.DataFrame | None = None  # notebook 04's scorecard

    @property
    def report(self) -> Report:
        return self.reports[0]

    @property
    def figures(self) -> pd.DataFrame:
        """The panel's figures, or the (first) report's: a scorecard's targets report."""
        return self.panel.figures if self.panel is not None else self.report.figures

    @property
    def metas(self) -> list[ReportMeta]:
        return self.panel.metas if self.panel is not None else [r.meta for r in self.reports]

    @property
    def source(self) -> str:
        """The source line under every chart."""
        if self.panel is None and len(self.reports) == 1:
            return source_line(self.report.meta, self.lang)
        return panel_charts.panel_source_line(self.metas, self.lang)

    @property
    def region_label(self) -> str:
        r = self.report
        return region_label(r.region, r.region_zh, self.lang)

    @property
    def figures_dir(self) -> Path | None:
        return None if self.output_dir is None else self.output_dir / "figures"

    @property
    def tables_dir(self) -> Path | None:
        return None if self.output_dir is None else self.output_dir / "tables"

    def chart(self, stem: str, build, *args, **kwargs) -> Chart:
        """Build a chart with `build(*args, width=…, **kwargs)`; the Chart returned displays as
        the cell's result (the double-column PNG, scaled to the screen) and holds the figure.
        With an output_dir it is also laid out and saved at both journal widths:
        figures/<stem>_single.* (3.5 in) and <stem>_double.*."""
        widths = tuple(COLUMN_WIDTHS) if self.figures_dir is not None else (DISPLAY_WIDTH,)
        return show_chart(stem, chart_at_widths(build, *args, widths=widths, **kwargs), self.figures_dir)

    def write_tables(self, stem: str, latex: str, csv: str) -> list[Path]:
        """tables/<stem>.tex and <stem>.csv when an output_dir is set; the paths written."""
        if self.tables_dir is None:
            return []
        return [write_table(self.tables_dir / f"{stem}.tex", latex),
                write_table(self.tables_dir / f"{stem}.csv", csv)]

    def how_to_cite(self):
        """The closing "How to cite" cell, as Markdown."""
        from IPython.display import Markdown

        # A scorecard's figures are those of its targets report: the example cited is a target.
        return Markdown(cite.how_to_cite_markdown(self.metas, self.figures))


# --- notebooks 01–03: one report ------------------------------------------------------------


def start_report(report_path=None, region=None, report_year=None, lang="en", output_dir=None) -> Session:
    """Check a report notebook's parameters and load its report.

    report_path None means the seed report. region / report_year None mean "as the report
    says"; given, they must agree with the text. Raises GwrError subclasses with one-line
    messages that name these parameters."""
    setup_notebook()
    check_lang(lang)
    if report_year is not None and not isinstance(report_year, int):
        raise ParameterError(f"report_year must be a year such as 2025, not {report_year!r}")
    path = resolve_path(report_path, SEED_REPORT)
    if not path.is_file():
        raise InputError(f"report_path {display_path(path)}: no such file")
    report = load_report(path, region=region, year=report_year, names=NOTEBOOK_NAMES)
    parameters = {"report_path": report_path, "region": region, "report_year": report_year,
                  "lang": lang, "output_dir": output_dir}
    return Session([report], lang, resolve_path(output_dir), parameters)


def run_header(run: Session) -> str:
    """What this rendering was made from, printed at the top of every notebook: the project
    version, the run's parameters and the input's sha256 (plain text: nbval compares it).

    Paths are shown relative to the project (or as `…/folder/name` outside it)."""
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
    return _field_lines(rows)


def report_summary(run: Session) -> str:
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
    return _field_lines(rows)


def _field_lines(rows: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def save_dataset(run: Session) -> Path:
    """The report's dataset, written to data/processed/<region_code>/<year>/."""
    return write_dataset(run.report)


def listing(folder: Path) -> str:
    """The files of an output folder, one per line, the folder shown from the project root."""
    folder = Path(folder)
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    return "\n".join([f"{shown_path(folder)}/"] + [f"  {n}" for n in names])


def headline_table(run: Session, headline: pd.DataFrame) -> str:
    """The headline targets-and-results table as LaTeX (booktabs) with a caption naming the
    source; with an output_dir also written to tables/headline_targets.tex and .csv."""
    r = run.report
    ty, ry = r.report_year, r.report_year - 1
    if len(headline):
        ty, ry = int(headline["target_year"].iloc[0]), int(headline["result_year"].iloc[0])
    caption = (f"{r.region}: headline targets for {ty} (主要预期目标) and results for {ry}. "
               f"{source_line(r.meta, 'en')}")
    latex = targets_results_latex(
        headline, caption=caption, label=f"tab:{r.region_code.replace('_', '-')}-{r.report_year}-headline")
    run.write_tables("headline_targets", latex, targets_results_csv(headline))
    return latex


# --- notebook 04: targets against outcomes --------------------------------------------------


def start_scorecard(targets_report=None, outcomes_report=None, lang: str = "en", output_dir=None, *,
                    region=None, outcomes_year=None) -> Session:
    """Check notebook 04's parameters, load both reports and build the scorecard.

    The two reports are given as paths, or found by `region` (and `outcomes_year`) among the
    reports registered in data/raw/. None for both means the national pair of the development
    corpus (../shared/corpus/); paths resolve from the project root. Errors are one line, and
    without reports they say how to register them."""
    setup_notebook()
    check_lang(lang)
    if region and targets_report is None and outcomes_report is None:
        targets_report, outcomes_report = registered_pair(region, outcomes_year)
    paths = []
    for given, default in zip((targets_report, outcomes_report), DEFAULT_PAIR, strict=True):
        path = resolve_path(given, SHARED_CORPUS / default)
        if not path.is_file():
            if given is None:
                raise InputError(f"../shared/corpus/{default} not present (the development corpus): "
                                 "register two consecutive reports with `gwr add FILE` or `gwr add URL`, "
                                 "then set region (or targets_report and outcomes_report)")
            raise InputError(f"{display_path(path)}: no such file")
        paths.append(path)
    pair = score_reports(*paths)
    return Session([pair.targets_report, pair.outcomes_report], lang, resolve_path(output_dir),
                   table=pair.table)


def reports_view(run: Session) -> pd.DataFrame:
    """Notebook 04's two reports, one per row: role, region, year, file, sha256, figures."""
    return views.reports_view(zip(("targets", "outcomes"), run.reports, strict=True))


def scorecard_tables(run: Session) -> list[Path]:
    """tables/scorecard.tex and .csv (none without an output_dir)."""
    targets = run.reports[0]
    year = int(targets.report_year)
    latex = scorecard_latex(run.table, caption=f"{targets.region}: {year} targets and outcomes",
                            label=f"tab:scorecard-{targets.region_code}-{year}")
    return run.write_tables("scorecard", latex, scorecard_csv(run.table))


# --- notebook 05: a panel -------------------------------------------------------------------


def _corpus_files(names: tuple[str, ...], with_seed: bool) -> list[Path]:
    files = [SHARED_CORPUS / name for name in names]
    missing = [p.name for p in files if not p.is_file()]
    if missing:
        raise InputError(f"../shared/corpus/{missing[0]} not present (the development corpus): {HOW_TO_ADD}")
    return [*files, SEED_REPORT] if with_seed else files


def _panel(inputs, panel_dir, defaults: list[Path] | None) -> Panel:
    if panel_dir is not None:
        if inputs is not None:
            raise ParameterError("give inputs or panel_dir, not both")
        return read_panel(resolve_path(panel_dir))
    if isinstance(inputs, str):
        inputs = [inputs]
    paths = defaults if inputs is None else [resolve_path(p) for p in inputs]
    # In this process: a notebook kernel is no place to fork workers.
    return build_panel(paths, SerialExecutor())


def start_panel(inputs=None, panel_dir=None, lang: str = "en", output_dir=None) -> Session:
    """Check notebook 05's parameters and build the panel, or read it from `panel_dir`
    (written by `gwr panel`). None for both: the corpus's 2025 reports and the seed."""
    setup_notebook()
    check_lang(lang)
    defaults = None if inputs is not None or panel_dir is not None else _corpus_files(DEFAULT_PANEL_FILES, True)
    return Session([], lang, resolve_path(output_dir), panel=_panel(inputs, panel_dir, defaults))


def start_achievement(inputs=None, panel_dir=None, lang: str = "en", output_dir=None) -> Session:
    """Check notebook 06's parameters, build the panel and every region's scorecard (each pair of
    consecutive reports). None for both: every consecutive pair of the development corpus."""
    setup_notebook()
    check_lang(lang)
    defaults = None if inputs is not None or panel_dir is not None else _corpus_files(DEFAULT_ACHIEVEMENT_FILES, False)
    panel = _panel(inputs, panel_dir, defaults)
    table = panel_views.panel_scorecard(panel)
    if table.empty:
        raise InputError(f"the reports hold no two consecutive years of a region: {HOW_TO_ADD}")
    return Session([], lang, resolve_path(output_dir), panel=panel, table=table)


def gdp_achievement_table(run: Session, gdp: pd.DataFrame) -> str:
    """Each region's GDP target and outcome as LaTeX (booktabs); with an output_dir also written
    to tables/gdp_achievement.tex and .csv."""
    latex = gdp_achievement_latex(gdp, caption="GDP growth targets and outcomes by region. " + run.source,
                                  label="tab:gdp-achievement")
    run.write_tables("gdp_achievement", latex, gdp.to_csv(index=False, lineterminator="\n"))
    return latex
