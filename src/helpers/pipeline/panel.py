"""Build a panel: extract every report of a set of files and folders, in parallel on any
executor, and write its folder (`stream_panel`, what `gwr panel` runs) or return it as one
Panel in memory (`build_panel`, for notebooks; helpers.output.panel_dataset.write_panel writes it).

A figure is keyed by (region_code, report_year, figure_id); figure_id alone is unique across
the panel, since it begins with `<region_code>-<year>-`. Two reports of the same region and
year with different text are an error naming both files; the same text twice is kept once.

Parallelism: the executor is a parameter, any concurrent.futures.Executor. None means a
ProcessPoolExecutor of `jobs` processes (default: one per CPU), created and shut down here, and
forked once the extraction modules are imported (workers start warm); a single report is
extracted in this process. `executor_for("thread" | "serial" | "process", jobs)` makes the
others. An executor you pass is used and left running, so a cluster works without changing
this code: with dask.distributed, `stream_panel(paths, out, Client(...).get_executor())`.
Each report is extracted by the top-level function `extract_one` (picklable), which returns its
outcome rather than raising, so the first failing file (in path order) is reported the same way
on every executor. Outputs do not depend on the executor: serial, thread and process runs
write identical bytes.

What comes back is compact: a report's figures as Arrow IPC bytes and as the lines of
figures.csv (helpers.output.panel_parts), not a pickled frame. Reports are submitted a window
at a time, in path order; `stream_panel` keeps their parts in a temporary file (in memory
while small) until all are in, since the rows are written in (region_code, report_year)
order, then writes them a row group at a time while the workers judge each pair of
consecutive reports (the scorecard). Its memory does not grow with the number of reports
beyond their metadata.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from helpers.errors import GwrError, InputError, ParameterError
from helpers.figures.report import load_report
from helpers.metadata.panel import Panel
from helpers.metadata.report_meta import ReportMeta
from helpers.output.panel_parts import FiguresPart, ScorecardPart, figures_part, pair_scorecard
from helpers.pipeline.panel_stream import InOrder, PartsInMemory, SpooledParts

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx")
EXECUTORS = ("process", "thread", "serial")


@dataclass(frozen=True)
class ReportInput:
    """One report file, with the region and year to use when the text does not say them."""

    path: Path
    region: str | None = None
    year: int | None = None


@dataclass
class Extracted:
    """What a worker sends back: the report's metadata and its figures part (Arrow IPC and
    figures.csv lines, in panel order), or a one-line error."""

    path: str
    meta: ReportMeta | None = None
    part: FiguresPart | None = None
    error: str = ""
    is_user_error: bool = True


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
    """Load, extract and check one report (runs in a worker)."""
    try:
        report = load_report(item.path, region=item.region, year=item.year)
        return Extracted(str(item.path), meta=report.meta, part=figures_part(report.figures))
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


def check_executor(kind: str = "process", jobs: int | None = None) -> None:
    """ParameterError unless `kind` is an executor's name and `jobs` a sensible worker count."""
    if kind not in EXECUTORS:
        raise ParameterError(f"executor must be one of {', '.join(EXECUTORS)}, not {kind!r}")
    if jobs is not None and not 1 <= jobs <= MAX_JOBS:
        raise ParameterError(f"jobs must be between 1 and {MAX_JOBS}, not {jobs}")


def executor_for(kind: str = "process", jobs: int | None = None) -> Executor:
    """An executor by name: process (one per CPU by default), thread or serial."""
    check_executor(kind, jobs)
    if kind == "serial":
        return SerialExecutor()
    workers = jobs or os.cpu_count() or 1
    if kind == "thread":
        return ThreadPoolExecutor(workers)
    return ProcessPoolExecutor(workers, initializer=_die_with_parent)


# Reports in flight per worker: enough to keep every worker busy, few enough that results
# waiting behind a slow report (they come back in path order) stay a few megabytes.
WINDOW_PER_WORKER = 8


def _workers(executor: Executor) -> int:
    return getattr(executor, "_max_workers", None) or os.cpu_count() or 1


def _preload() -> None:
    """Import what a worker runs before the pool forks, so each worker starts with it (and
    its rules read) instead of importing it again; pyarrow and pandas are loaded already."""
    import helpers.analysis.scorecard  # noqa: F401
    from helpers.rules.indicators import registry

    registry()


@contextmanager
def _executor(executor: Executor | None, jobs: int | None, reports: int):
    """The executor to use: the one given (left running), else this process for one report,
    else a process pool of `jobs` workers (no more than reports) forked after _preload."""
    if executor is not None:
        yield executor
        return
    workers = min(jobs or os.cpu_count() or 1, reports)
    if workers <= 1 and reports <= 1:
        yield SerialExecutor()
        return
    _preload()
    pool = executor_for("process", max(1, workers))
    try:
        yield pool
    except BaseException:  # interrupted or failed: drop the queued reports instead of extracting them
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()


@dataclass
class _Kept:
    path: str
    meta: ReportMeta
    rows: int
    part: object  # the store's handle


@dataclass
class _Reports:
    kept: list[_Kept]  # sorted by (region_code, report_year)
    duplicates: list[str] = field(default_factory=list)

    @property
    def metas(self) -> list[ReportMeta]:
        return [k.meta for k in self.kept]

    @property
    def source_files(self) -> dict[tuple[str, int], str]:
        return {(k.meta.region_code, k.meta.report_year): Path(k.path).name for k in self.kept}


def _extract_all(pool: Executor, items: Sequence[ReportInput], store, progress: bool | None) -> _Reports:
    """Every report extracted (in path order), its part stored; raises on the first failing
    file in path order, then on two texts of one region and year."""
    from tqdm import tqdm

    by_key: dict[tuple[str, int], _Kept] = {}
    duplicates: list[str] = []
    conflict: GwrError | None = None
    outcomes = InOrder(pool, extract_one, ((item,) for item in items), WINDOW_PER_WORKER * _workers(pool))
    bar = tqdm(outcomes, total=len(items), desc="reports", unit="report",
               disable=(None if progress is None else not progress), leave=False)
    try:
        for outcome in bar:
            if outcome.error:
                # Input errors already start with the file's path; say it once.
                message = outcome.error if outcome.error.startswith(outcome.path) else f"{outcome.path}: {outcome.error}"
                raise (GwrError(message) if outcome.is_user_error else RuntimeError(message))
            meta = outcome.meta
            key = (meta.region_code, meta.report_year)
            first = by_key.get(key)
            if first is None:
                by_key[key] = _Kept(outcome.path, meta, outcome.part.rows, store.put(outcome.part))
            elif first.meta.sha256 == meta.sha256:
                duplicates.append(outcome.path)
            elif conflict is None:  # raised once every file is read: a failing file comes first
                conflict = GwrError(
                    f"{first.path} and {outcome.path} are both the {meta.report_year} report of "
                    f"{meta.region} but their texts differ (sha256 {first.meta.sha256[:12]}… vs "
                    f"{meta.sha256[:12]}…); keep one of them"
                )
    finally:
        bar.close()
        outcomes.close()
    if conflict is not None:
        raise conflict
    return _Reports([by_key[k] for k in sorted(by_key)], sorted(duplicates))


def build_panel(paths: Iterable[str | Path | ReportInput], executor: Executor | None = None, *,
                jobs: int | None = None, progress: bool | None = False) -> Panel:
    """Extract every report of `paths` (files, folders, ReportInputs) into one Panel in memory.

    `executor`: any concurrent.futures.Executor (ProcessPoolExecutor, ThreadPoolExecutor,
    SerialExecutor, a dask.distributed Client's get_executor()); None makes a process pool
    of `jobs` workers. `progress`: a tqdm bar on stderr (None: only on a terminal).
    Raises GwrError naming the file when a report fails (the first in path order), or when
    two files hold different reports of the same region and year. Nothing is written here;
    `stream_panel` writes a panel's folder without holding it."""
    import pyarrow as pa

    from helpers.metadata.columns import coerce, empty_figures
    from helpers.output.panel_parts import part_frame, read_ipc

    items = gather_inputs(paths)
    store = PartsInMemory()
    with _executor(executor, jobs, len(items)) as pool:
        reports = _extract_all(pool, items, store, progress)
    tables = [read_ipc(k.part.arrow) for k in reports.kept if k.rows]
    figures = part_frame(pa.concat_tables(tables)) if tables else coerce(empty_figures())
    if figures["figure_id"].duplicated().any():
        dup = figures.loc[figures["figure_id"].duplicated(), "figure_id"].iloc[0]
        raise GwrError(f"figure_id {dup} occurs twice in the panel")
    return Panel(figures, reports.metas, reports.source_files, reports.duplicates)


@dataclass(frozen=True)
class StreamedPanel:
    """What stream_panel wrote: the folder, its reports (sorted by region_code, report_year),
    their source file names, the files skipped as duplicates and the number of figures."""

    folder: Path
    metas: list[ReportMeta]
    source_files: dict[tuple[str, int], str]
    duplicates: list[str]
    figures: int


def stream_panel(paths: Iterable[str | Path | ReportInput], out_dir: str | Path | None = None,
                 executor: Executor | None = None, *, jobs: int | None = None,
                 progress: bool | None = False) -> StreamedPanel:
    """Extract every report of `paths` and write the panel folder `out_dir` (default
    data/processed/panel/) atomically, never holding the whole table: the same files, byte
    for byte, as `write_panel(build_panel(paths), out_dir)`. `executor`, `jobs`, `progress`
    and the errors are build_panel's; the folder is checked before any work (one of the
    user's is never replaced) and an earlier panel stays as it was when anything fails."""
    from helpers.atomic import check_output_dir, staged_dir
    from helpers.metadata.layout import PANEL_NAMES
    from helpers.output.panel_dataset import PANEL_DIR, PanelWriter, consecutive_pairs

    items = gather_inputs(paths)
    final = check_output_dir(Path(out_dir) if out_dir else PANEL_DIR, PANEL_NAMES, "panel")
    store = SpooledParts(final.parent if final.parent.is_dir() else None)
    judged = None
    try:
        with _executor(executor, jobs, len(items)) as pool:
            reports = _extract_all(pool, items, store, progress)
            kept, metas = reports.kept, reports.metas
            with staged_dir(final, kind="panel", legacy=PANEL_NAMES) as stage:
                writer = PanelWriter(stage, final, metas, reports.source_files)
                try:
                    pairs = consecutive_pairs(metas)
                    # the workers judge the pairs while this process writes the figures
                    judged = InOrder(pool, _judge, ((store.arrow(kept[i].part), store.arrow(kept[j].part))
                                                     for i, j in pairs), WINDOW_PER_WORKER * _workers(pool))
                    ends = deque(j for _, j in pairs)
                    for i, report in enumerate(kept):
                        writer.add_figures(report.path, store.get(report.part))
                        while ends and ends[0] == i:  # the pair that ends with this report
                            ends.popleft()
                            writer.add_scorecard(next(judged))
                    writer.finish([k.rows for k in kept])
                except BaseException:
                    writer.abandon()
                    raise
    finally:
        if judged is not None:
            judged.close()
        store.close()
    return StreamedPanel(final, metas, reports.source_files, reports.duplicates, writer.rows)


def _judge(targets: bytes, outcomes: bytes) -> ScorecardPart:
    """One pair's scorecard part (runs in a worker)."""
    return pair_scorecard(targets, outcomes)
