"""A panel: the figures of many reports (regions × years) as one dataset, and views across it.

`build_panel(inputs, executor=None)` extracts every report (helpers.report.load_report) in
parallel and stacks the figures; `write_panel(panel, out_dir)` writes, into one folder swapped
in whole (helpers.atomic.staged_dir; default data/processed/panel/):

    figures.csv, figures.parquet  every figure, schema columns (helpers.schema), rows sorted by
                                  region_code, report_year, char_start, figure_id
    panel.duckdb                  tables `figures` (the same rows) and `reports` (one row per
                                  report: its metadata, source file name and figure count)
    report.json                   the list of report metadata (helpers.cite.ReportMeta)
    datapackage.json              Frictionless descriptor listing every report as a source

A figure is keyed by (region_code, report_year, figure_id); figure_id alone is unique across
the panel, since it begins with `<region_code>-<year>-`. Two reports of the same region and
year with different text are an error naming both files; the same text twice is kept once.

Parallelism: the executor is a parameter, any concurrent.futures.Executor. None means a
ProcessPoolExecutor of `jobs` processes (default: one per CPU), created and shut down here;
`executor_for("thread" | "serial" | "process", jobs)` makes the others. An executor you pass
is used and left running, so a cluster works without changing this code: with
dask.distributed, `build_panel(paths, executor=Client(...).get_executor())`. Each report is
extracted by the top-level function `extract_one` (picklable), which returns its outcome
rather than raising, so the first failing file (in input order) is reported the same way on
every executor. Outputs do not depend on the executor: serial, thread and process runs write
identical bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from helpers.cite import REPORT_JSON, ReportMeta, read_report_metas
from helpers.errors import GwrError, InputError, ParameterError
from helpers.paths import PROCESSED_DIR

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx")
PANEL_DIR = PROCESSED_DIR / "panel"
FIGURES_CSV = "figures.csv"
FIGURES_PARQUET = "figures.parquet"
DUCKDB_NAME = "panel.duckdb"
EXECUTORS = ("process", "thread", "serial")
# What a panel folder written before output markers holds: only such a folder is replaced.
PANEL_NAMES = (FIGURES_CSV, FIGURES_PARQUET, DUCKDB_NAME, REPORT_JSON, "datapackage.json")
REPORT_COLUMNS = ("region_code", "report_year", "region", "region_zh", "title", "issuer_zh",
                  "issuer_en", "date_delivered", "source_url", "sha256", "source_file", "figures")


@dataclass(frozen=True)
class ReportInput:
    """One report file, with the region and year to use when the text does not say them."""

    path: Path
    region: str | None = None
    year: int | None = None


@dataclass
class Extracted:
    """What a worker sends back: the report's metadata and figures, or a one-line error."""

    path: str
    meta: ReportMeta | None = None
    figures: pd.DataFrame | None = None
    error: str = ""
    is_user_error: bool = True


@dataclass
class Panel:
    figures: pd.DataFrame  # sorted by region_code, report_year, char_start, figure_id
    metas: list[ReportMeta]  # sorted by region_code, report_year
    source_files: dict[tuple[str, int], str] = field(default_factory=dict)  # file name per report
    duplicates: list[str] = field(default_factory=list)  # files skipped: same text as another

    @property
    def years(self) -> list[int]:
        return sorted({m.report_year for m in self.metas})

    def report_figures(self, region_code: str, report_year: int) -> pd.DataFrame:
        meta = next(m for m in self.metas if (m.region_code, m.report_year) == (region_code, report_year))
        keep = (self.figures["region"] == meta.region) & (self.figures["report_year"] == report_year)
        return self.figures[keep].reset_index(drop=True)


# --- which files -------------------------------------------------------------------------


def report_files(folder: str | Path) -> list[Path]:
    """The report files of a folder (not its subfolders), sorted by name; hidden files skipped."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    files = sorted(p for p in folder.iterdir()
                   if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in REPORT_SUFFIXES)
    if not files:
        raise InputError(f"{folder}: no report files ({', '.join(REPORT_SUFFIXES)})")
    return files


def gather_inputs(paths: Iterable[str | Path | ReportInput]) -> list[ReportInput]:
    """Folders expand to their report files; files and ReportInputs stay as given. Sorted by
    path so that the first error, and every output, does not depend on the order given."""
    items: dict[Path, ReportInput] = {}
    for entry in paths:
        if isinstance(entry, ReportInput):
            items[Path(entry.path)] = entry
            continue
        path = Path(entry)
        if path.is_dir():
            for f in report_files(path):
                items.setdefault(f, ReportInput(f))
        elif path.is_file():
            items.setdefault(path, ReportInput(path))
        else:
            raise InputError(f"{path}: no such file or folder")
    if not items:
        raise InputError("no report files given")
    return [items[p] for p in sorted(items)]


# --- extracting --------------------------------------------------------------------------


def extract_one(item: ReportInput) -> Extracted:
    """Load, extract and validate one report (runs in a worker)."""
    from helpers.report import load_report
    from helpers.store import validate

    try:
        report = load_report(item.path, region=item.region, year=item.year)
        figures = validate(report.figures)
        return Extracted(str(item.path), meta=report.meta, figures=figures)
    except GwrError as exc:
        return Extracted(str(item.path), error=str(exc))
    except Exception as exc:  # a bug: still named by its file
        return Extracted(str(item.path), error=f"{type(exc).__name__}: {exc}", is_user_error=False)


class SerialExecutor(Executor):
    """Runs each task at once in the calling thread (debugging, notebooks, tiny panels)."""

    def submit(self, fn, /, *args, **kwargs):
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


# More workers than this only thrash a machine; a typo such as --jobs 100000 would fork-bomb it.
MAX_JOBS = 64


def _die_with_parent() -> None:
    """Worker initializer: ask Linux to kill this worker when the panel process dies, so that a
    killed `gwr panel` (even kill -9) leaves no workers behind (elsewhere the pool's own
    shutdown ends them on a normal exit). A worker writes nothing, so SIGKILL loses nothing.
    The CLI's SIGTERM handler, inherited through fork, is reset: in a worker it would only
    become an exception that the pool catches and sends back, and the worker would live on."""
    import ctypes
    import signal
    import sys

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not sys.platform.startswith("linux"):
        return
    PR_SET_PDEATHSIG = 1
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:  # no glibc
        pass


def executor_for(kind: str = "process", jobs: int | None = None) -> Executor:
    """An executor by name: process (one per CPU by default), thread or serial."""
    if kind not in EXECUTORS:
        raise ParameterError(f"executor must be one of {', '.join(EXECUTORS)}, not {kind!r}")
    if jobs is not None and not 1 <= jobs <= MAX_JOBS:
        raise ParameterError(f"jobs must be between 1 and {MAX_JOBS}, not {jobs}")
    if kind == "serial":
        return SerialExecutor()
    workers = jobs or os.cpu_count() or 1
    if kind == "thread":
        return ThreadPoolExecutor(workers)
    return ProcessPoolExecutor(workers, initializer=_die_with_parent)


def _map(executor: Executor, items: Sequence[ReportInput]):
    if isinstance(executor, ProcessPoolExecutor):
        # Batches amortise the pickling round trip when there are many small reports.
        workers = getattr(executor, "_max_workers", 1) or 1
        return executor.map(extract_one, items, chunksize=max(1, len(items) // (workers * 4)))
    return executor.map(extract_one, items)


def build_panel(paths: Iterable[str | Path | ReportInput], executor: Executor | None = None, *,
                jobs: int | None = None, progress: bool | None = False) -> Panel:
    """Extract every report of `paths` (files, folders, ReportInputs) into one Panel.

    `executor`: any concurrent.futures.Executor (ProcessPoolExecutor, ThreadPoolExecutor,
    SerialExecutor, a dask.distributed Client's get_executor()); None makes a process pool
    of `jobs` workers. `progress`: a tqdm bar on stderr (None: only on a terminal).
    Raises GwrError naming the file when a report fails (the first in path order), or when
    two files hold different reports of the same region and year. Nothing is written here."""
    from tqdm import tqdm

    items = gather_inputs(paths)
    own = executor is None
    pool = executor_for("process", min(jobs or os.cpu_count() or 1, len(items))) if own else executor
    try:
        done = list(tqdm(_map(pool, items), total=len(items), desc="reports", unit="report",
                         disable=(None if progress is None else not progress), leave=False))
    except BaseException:
        if own:  # interrupted: drop the queued reports instead of extracting them first
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    if own:
        pool.shutdown()
    for outcome in done:
        if outcome.error:
            # Input errors already start with the file's path; say it once.
            message = outcome.error if outcome.error.startswith(outcome.path) else f"{outcome.path}: {outcome.error}"
            raise (GwrError(message) if outcome.is_user_error else RuntimeError(message))
    return _assemble(done)


def _assemble(done: list[Extracted]) -> Panel:
    by_key: dict[tuple[str, int], Extracted] = {}
    duplicates = []
    for outcome in done:
        meta = outcome.meta
        key = (meta.region_code, meta.report_year)
        first = by_key.get(key)
        if first is None:
            by_key[key] = outcome
        elif first.meta.sha256 == meta.sha256:
            duplicates.append(outcome.path)
        else:
            raise GwrError(
                f"{first.path} and {outcome.path} are both the {meta.report_year} report of "
                f"{meta.region} but their texts differ (sha256 {first.meta.sha256[:12]}… vs "
                f"{meta.sha256[:12]}…); keep one of them"
            )
    keys = sorted(by_key)
    metas = [by_key[k].meta for k in keys]
    frames = [by_key[k].figures for k in keys if len(by_key[k].figures)]
    figures = _sorted_figures(pd.concat(frames, ignore_index=True) if frames else _empty(), metas)
    if figures["figure_id"].duplicated().any():
        dup = figures.loc[figures["figure_id"].duplicated(), "figure_id"].iloc[0]
        raise GwrError(f"figure_id {dup} occurs twice in the panel")
    files = {k: Path(by_key[k].path).name for k in keys}
    return Panel(figures, metas, files, sorted(duplicates))


def _empty() -> pd.DataFrame:
    from helpers.schema import empty_figures

    return empty_figures()


def _sorted_figures(figures: pd.DataFrame, metas: list[ReportMeta]) -> pd.DataFrame:
    from helpers.schema import coerce

    code = {(m.region, m.report_year): m.region_code for m in metas}
    order = figures.assign(_code=[code[(r, int(y))] for r, y in zip(figures["region"], figures["report_year"],
                                                                       strict=True)])
    order = order.sort_values(["_code", "report_year", "char_start", "figure_id"], kind="stable")
    return coerce(order.drop(columns="_code"))


# --- writing and reading -----------------------------------------------------------------


def reports_table(panel: Panel) -> pd.DataFrame:
    """One row per report: its metadata, source file name and number of figures."""
    counts = panel.figures.groupby(["region", "report_year"]).size()
    rows = []
    for m in panel.metas:
        row = {k: v for k, v in asdict(m).items() if k in REPORT_COLUMNS}
        row["source_file"] = panel.source_files.get((m.region_code, m.report_year), "")
        row["figures"] = int(counts.get((m.region, m.report_year), 0))
        rows.append(row)
    df = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    df["report_year"] = df["report_year"].astype("int64")
    df["figures"] = df["figures"].astype("int64")
    return df


def metas_json(metas: Sequence[ReportMeta]) -> str:
    """report.json of a panel: a list of report metadata, in the form helpers.cite reads."""
    return json.dumps([asdict(m) for m in metas], ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _write_duckdb(path: Path, figures: pd.DataFrame, reports: pd.DataFrame) -> None:
    import duckdb

    con = duckdb.connect(str(path))
    try:
        con.register("figures_df", figures)
        con.register("reports_df", reports)
        con.execute("CREATE TABLE figures AS SELECT * FROM figures_df")
        con.execute("CREATE TABLE reports AS SELECT * FROM reports_df")
        con.execute("CREATE UNIQUE INDEX figures_key ON figures (figure_id)")
        con.execute("CREATE UNIQUE INDEX reports_key ON reports (region_code, report_year)")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def write_panel(panel: Panel, out_dir: str | Path | None = None) -> Path:
    """Write the panel folder (see the module docstring) atomically; returns it."""
    from helpers.atomic import staged_dir
    from helpers.datapackage import figures_csv_bytes, update_datapackage

    final = Path(out_dir) if out_dir else PANEL_DIR
    csv_bytes = figures_csv_bytes(panel.figures)
    with staged_dir(final, kind="panel", legacy=PANEL_NAMES) as stage:
        (stage / FIGURES_CSV).write_bytes(csv_bytes)
        panel.figures.to_parquet(stage / FIGURES_PARQUET, index=False)
        (stage / REPORT_JSON).write_text(metas_json(panel.metas), encoding="utf-8")
        _write_duckdb(stage / DUCKDB_NAME, panel.figures, reports_table(panel))
        update_datapackage(stage, panel.metas, panel.figures, csv_bytes=csv_bytes, previous_folder=final)
    return final


def read_panel(folder: str | Path) -> Panel:
    """A panel folder written by write_panel, read back."""
    from helpers.schema import coerce

    folder = Path(folder)
    if not (folder / FIGURES_PARQUET).is_file() or not (folder / REPORT_JSON).is_file():
        raise InputError(f"{folder}: not a panel folder (no {FIGURES_PARQUET} and {REPORT_JSON}); run gwr panel")
    metas = sorted(read_report_metas(folder / REPORT_JSON), key=lambda m: (m.region_code, m.report_year))
    figures = coerce(pd.read_parquet(folder / FIGURES_PARQUET))
    files = {}
    if (folder / DUCKDB_NAME).is_file():
        import duckdb

        con = duckdb.connect(str(folder / DUCKDB_NAME), read_only=True)
        try:
            for code, year, name in con.execute(
                    "SELECT region_code, report_year, source_file FROM reports").fetchall():
                files[(code, int(year))] = name
        finally:
            con.close()
    return Panel(figures, metas, files)


# --- views across the panel --------------------------------------------------------------


def _targets_of_plan_year(figures: pd.DataFrame) -> pd.DataFrame:
    keep = (figures["kind"] == "target") & figures["ref_year"].eq(figures["report_year"]).fillna(False)
    return figures[keep.astype(bool)]


def _latest_year(panel: Panel, year: int | None) -> int:
    if year is None:
        if not panel.metas:
            raise InputError("the panel holds no reports")
        return panel.years[-1]
    if year not in panel.years:
        raise ParameterError(f"the panel has no report of {year} (years: {', '.join(map(str, panel.years))})")
    return year


def _with_codes(panel: Panel, df: pd.DataFrame) -> pd.DataFrame:
    code = {(m.region, m.report_year): m.region_code for m in panel.metas}
    return df.assign(region_code=[code[(r, int(y))] for r, y in zip(df["region"], df["report_year"], strict=True)])


def gdp_growth_targets(panel: Panel, year: int | None = None) -> pd.DataFrame:
    """Each region's GDP growth target for `year` (default: the latest year of the panel): the
    headline one, else the first in the text. Highest target first."""
    year = _latest_year(panel, year)
    t = _targets_of_plan_year(panel.figures)
    t = t[(t["report_year"] == year) & (t["indicator"] == "gdp") & (t["measure"] == "growth")
          & (t["unit"] == "percent")]
    t = t.sort_values(["region", "is_headline", "char_start"], ascending=[True, False, True], kind="stable")
    t = _with_codes(panel, t.drop_duplicates("region", keep="first"))
    cols = ["region_code", "region", "region_zh", "report_year", "value", "bound", "lower", "upper",
            "direction", "is_headline", "text", "quote", "figure_id"]
    t = t.sort_values(["value", "region_code"], ascending=[False, True], kind="stable")
    return t[cols].reset_index(drop=True)


def targets_vs_results(panel: Panel, year: int | None = None, *, headline_only: bool = True) -> pd.DataFrame:
    """This year's growth-rate targets (percent) beside the result the same report states for
    last year, every region of `year` (default: the latest), signed values. One row per
    region and indicator with a stated result."""
    from helpers.compare import headline_targets, results_vs_targets

    year = _latest_year(panel, year)
    frames = []
    for m in panel.metas:
        if m.report_year != year:
            continue
        figures = panel.report_figures(m.region_code, m.report_year)
        table = headline_targets(figures) if headline_only else results_vs_targets(figures)
        table = table[(table["status"] == "stated") & (table["unit"] == "percent")
                      & (table["measure"] == "growth")]
        if headline_only:
            table = table.drop_duplicates("indicator", keep="first")
        frames.append(table.assign(region_code=m.region_code, region=m.region, region_zh=m.region_zh))
    if not frames:
        return pd.DataFrame(columns=["region_code", "region", "region_zh", "indicator"])
    out = pd.concat(frames, ignore_index=True)
    out["result"] = [(-v if d == "down" else v) for v, d in zip(out["result_value"], out["result_direction"], strict=True)]
    out["target"] = [(-v if d == "down" else v) for v, d in zip(out["target_value"], out["target_direction"], strict=True)]
    cols = ["region_code", "region", "region_zh", "indicator", "indicator_en", "indicator_zh",
            "result_year", "result", "result_is_estimate", "target_year", "target", "target_bound",
            "result_figure_id", "target_figure_id"]
    return out[cols].sort_values(["indicator", "region_code"], kind="stable").reset_index(drop=True)


def common_target_indicators(panel: Panel, year: int | None = None, top: int | None = 15) -> pd.DataFrame:
    """Indicators targeted by the most regions in `year` (default: the latest): how many
    regions, which, and how many targets in all. Ties by indicator code."""
    year = _latest_year(panel, year)
    t = _with_codes(panel, _targets_of_plan_year(panel.figures))
    t = t[t["report_year"] == year]
    if t.empty:
        return pd.DataFrame(columns=["indicator", "indicator_en", "indicator_zh", "regions", "targets",
                                     "region_codes"])
    names = (t.groupby("indicator")["indicator_zh"]
             .agg(lambda s: s.value_counts().sort_index().sort_values(ascending=False, kind="stable").index[0]))
    grouped = t.groupby("indicator").agg(
        indicator_en=("indicator_en", "first"),
        regions=("region_code", "nunique"),
        targets=("figure_id", "size"),
        region_codes=("region_code", lambda s: ", ".join(sorted(set(s)))),
    ).reset_index()
    grouped.insert(2, "indicator_zh", grouped["indicator"].map(names))
    grouped = grouped.sort_values(["regions", "targets", "indicator"], ascending=[False, False, True], kind="stable")
    return (grouped.head(top) if top else grouped).reset_index(drop=True)


def panel_summary(panel: Panel) -> pd.DataFrame:
    """One line per report: region, year, source file, figures by kind."""
    rows = []
    for m in panel.metas:
        f = panel.report_figures(m.region_code, m.report_year)
        rows.append({
            "region_code": m.region_code, "report_year": m.report_year,
            "file": panel.source_files.get((m.region_code, m.report_year), ""),
            "figures": len(f), "results": int((f["kind"] == "result").sum()),
            "targets": int((f["kind"] == "target").sum()), "context": int((f["kind"] == "context").sum()),
        })
    return pd.DataFrame(rows)


# --- notebook 05 ---------------------------------------------------------------------------


@dataclass
class PanelRun:
    """Notebook 05's panel, language and output folder."""

    panel: Panel
    lang: str = "en"
    output_dir: Path | None = None  # None: show charts and tables only, write nothing

    @property
    def source(self) -> str:
        from helpers.panel_charts import panel_source_line

        return panel_source_line(self.panel.metas, self.lang)

    def chart(self, stem: str, build, *args, **kwargs):
        """`build(*args, width=…, **kwargs)` shown at double-column width; with an output_dir,
        saved under figures/ at both journal widths (helpers.notebook.show_and_save_chart)."""
        from helpers.notebook import show_and_save_chart

        figures_dir = None if self.output_dir is None else self.output_dir / "figures"
        return show_and_save_chart(figures_dir, stem, build, *args, **kwargs)


# Notebook 05's default panel: named files, not the whole folder, so that its committed outputs
# do not change when reports are added to the corpus.
DEFAULT_PANEL_FILES = (
    "guangdong_2025.txt", "jiangsu_2025.txt", "national_2024.txt", "national_2025.txt",
    "shandong_2025.txt", "sichuan_2025.txt", "zhejiang_2025.txt",
)


def default_inputs() -> list[Path]:
    """The 2025 reports of the development corpus (../shared/corpus/) and the seed report."""
    from helpers.paths import SEED_REPORT, SHARED_CORPUS

    files = [SHARED_CORPUS / name for name in DEFAULT_PANEL_FILES]
    missing = [p.name for p in files if not p.is_file()]
    if missing:
        raise InputError(f"../shared/corpus/{missing[0]} not present: pass inputs (folders or files) "
                         "or panel_dir")
    return [*files, SEED_REPORT]


def notebook_start(inputs=None, panel_dir=None, lang: str = "en", output_dir=None) -> PanelRun:
    """Parameters of notebook 05 checked and the panel built (in this process: a notebook
    kernel is no place to fork workers) or read from `panel_dir` (written by `gwr panel`)."""
    from helpers.notebook import resolve_path, setup_notebook
    from helpers.style import check_lang

    setup_notebook()
    check_lang(lang)
    if panel_dir is not None:
        if inputs is not None:
            raise ParameterError("give inputs or panel_dir, not both")
        panel = read_panel(resolve_path(panel_dir))
    else:
        if isinstance(inputs, str):
            inputs = [inputs]
        paths = default_inputs() if inputs is None else [resolve_path(p) for p in inputs]
        panel = build_panel(paths, SerialExecutor())
    return PanelRun(panel, lang, resolve_path(output_dir))
