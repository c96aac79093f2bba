"""Build a panel: extract every report of a set of files and folders, in parallel on any
executor, into one Panel (helpers.metadata.panel); helpers.output.panel_dataset writes it.

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

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from helpers.errors import GwrError, InputError, ParameterError
from helpers.figures.report import load_report
from helpers.metadata.columns import check, coerce, empty_figures
from helpers.metadata.panel import Panel
from helpers.metadata.report_meta import ReportMeta

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
    """What a worker sends back: the report's metadata and figures, or a one-line error."""

    path: str
    meta: ReportMeta | None = None
    figures: pd.DataFrame | None = None
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
        figures = check(report.figures)
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
    figures = _sorted_figures(pd.concat(frames, ignore_index=True) if frames else empty_figures(), metas)
    if figures["figure_id"].duplicated().any():
        dup = figures.loc[figures["figure_id"].duplicated(), "figure_id"].iloc[0]
        raise GwrError(f"figure_id {dup} occurs twice in the panel")
    files = {k: Path(by_key[k].path).name for k in keys}
    return Panel(figures, metas, files, sorted(duplicates))


def _sorted_figures(figures: pd.DataFrame, metas: list[ReportMeta]) -> pd.DataFrame:
    code = {(m.region, m.report_year): m.region_code for m in metas}
    order = figures.assign(_code=[code[(r, int(y))] for r, y in zip(figures["region"], figures["report_year"],
                                                                       strict=True)])
    order = order.sort_values(["_code", "report_year", "char_start", "figure_id"], kind="stable")
    return coerce(order.drop(columns="_code"))
