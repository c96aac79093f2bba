"""Run the notebook collection on one report: papermill → executed .ipynb → offline HTML → index.

    reports/<region_code>/<year>/       (…/<year>-zh/ with --lang zh)
        index.html                      links, run parameters, input sha256, project version
        01_extract_figures.ipynb/.html  …one pair per notebook
        figures/<chart>_single.pdf/.svg/.png   every chart at a single journal column (3.5 in)
        figures/<chart>_double.pdf/.svg/.png   …and at a double column (7 in); PNG at 300 dpi
        tables/headline_targets.tex/.csv       the headline targets-and-results table

The folder is built in a staging folder and swapped in whole (helpers.atomic.staged_dir): a
failing notebook leaves the previous report intact. Notebooks are independent, so they run in
parallel threads (each drives its own kernel process; the threads only wait on ZeroMQ).

What papermill adds that varies from run to run (start/end times, durations, the staging
path) is removed or rewritten, so two runs on the same input give the same files.

`python -m helpers.pipeline.runner --refresh` re-executes the committed notebooks in place on the seed.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from tqdm import tqdm

from helpers import PROJECT_NAME, __version__
from helpers.atomic import pid_alive, staged_dir, write_text
from helpers.errors import GwrError, InputError
from helpers.figures.identify import CLI_NAMES
from helpers.figures.report import load_report
from helpers.metadata.layout import RUN_NAMES
from helpers.output.charts.style import check_lang
from helpers.output.html import html_exporter, render_html, write_index
from helpers.paths import (
    NOTEBOOKS_DIR,
    REPORTS_DIR,
    SEED_REPORT,
    display_path,
    resolve_path,
    shown_path,
)

NOTEBOOKS = (
    "01_extract_figures.ipynb",
    "02_results_vs_targets.ipynb",
    "03_target_profile.ipynb",
)
SUMMARIES = {
    "01_extract_figures.ipynb": "the report at a glance and every figure as a tidy table",
    "02_results_vs_targets.ipynb": "last year's results beside this year's targets",
    "03_target_profile.ipynb": "what the plan sets targets on, and how",
}
KERNEL_NAME = "python3"  # the kernel of the current environment (see NOTES.md)
CELL_TIMEOUT_S = 600
# Papermill metadata worth keeping in the executed notebook; the rest is timing.
_KEEP_PAPERMILL_KEYS = ("parameters", "default_parameters", "version")


@dataclass(frozen=True)
class RunParameters:
    """The parameters every notebook of the collection takes (its `parameters` cell)."""

    report_path: str | None = None  # None: the seed report
    region: str | None = None  # None: as the report says
    report_year: int | None = None  # None: as the report says
    lang: str = "en"
    output_dir: str | None = None  # None: show charts only, write nothing

    def as_papermill(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class NotebookTiming:
    name: str
    kernel_start_s: float = 0.0
    execution_s: float = 0.0
    render_s: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def total_s(self) -> float:
        return self.kernel_start_s + self.execution_s + self.render_s


@dataclass
class RunResult:
    out_dir: Path
    timings: list[NotebookTiming]
    wall_s: float


# --- executing one notebook -------------------------------------------------------------


def _kernel_config(socket_dir: str):
    from traitlets.config import Config

    # IPC sockets in a private folder: no TCP ports, and no "running over TCP without
    # encryption" warning from ipykernel on every kernel start.
    return Config({"KernelManager": {"transport": "ipc", "ip": str(Path(socket_dir) / "kernel")}})


KERNEL_DIR_PREFIX = "gwr-kernel-"


def sweep_kernel_dirs() -> None:
    """Remove the kernel socket folders that killed runs left in the temp folder (their pid is
    in the name, so a run still under way keeps its own)."""
    import re
    import shutil

    pattern = re.compile(rf"^{KERNEL_DIR_PREFIX}(\d+)-")
    root = Path(tempfile.gettempdir())
    for entry in root.glob(f"{KERNEL_DIR_PREFIX}*"):
        m = pattern.match(entry.name)
        if m and entry.is_dir() and not pid_alive(int(m.group(1))):
            shutil.rmtree(entry, ignore_errors=True)


def _cell_label(nb_source, source: str) -> str:
    """`cell 3 ("nb = notebook.start(...)")`, counted from 1 in the notebook as committed."""
    first = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
    for i, cell in enumerate(nb_source.cells, start=1):
        if cell.cell_type == "code" and cell.source == source:
            return f'cell {i} ("{first[:60]}")'
    return f'the injected parameters cell ("{first[:60]}")'


def clean_metadata(nb, replacements: dict[str, str] | None = None):
    """Drop what papermill/nbclient record that varies between runs (times, durations, the
    output path) and replace staging paths by their final location."""
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    pm = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {k: pm[k] for k in _KEEP_PAPERMILL_KEYS if k in pm}
    # The kernel flushes stdout when it likes: one print may arrive as one stream output or
    # as two. Merged, the same cell always gives the same output.
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
    if not replacements:
        return nb
    text = nbformat.writes(nb)
    for old, new in replacements.items():
        # as nbformat writes them: JSON-escaped, non-ASCII kept (paths may hold 中文 or …)
        text = text.replace(json.dumps(old, ensure_ascii=False)[1:-1], json.dumps(new, ensure_ascii=False)[1:-1])
    return nbformat.reads(text, as_version=4)


def _python_literals_as_written() -> None:
    """Make papermill write string parameters as a reader wrote them (region = "内蒙古"), not
    as \\u escapes (papermill's default, which the rendered page then shows)."""
    from papermill.translators import PythonTranslator, papermill_translators

    class AsWritten(PythonTranslator):
        @classmethod
        def translate_str(cls, val):
            return json.dumps(val, ensure_ascii=False)  # a JSON string is a Python literal

    papermill_translators.register("python", AsWritten)


def execute_notebook(source: Path, target: Path, parameters: dict, *, cwd: Path,
                     replacements: dict[str, str] | None = None) -> NotebookTiming:
    """Execute `source` with papermill into `target` (written atomically), cleaned of timing
    metadata. A failing cell raises GwrError naming the notebook and the cell."""
    import papermill as pm  # here: importing papermill costs seconds, and only runs need it
    from papermill.exceptions import PapermillExecutionError

    _python_literals_as_written()

    timing = NotebookTiming(source.name)
    nb_source = nbformat.read(source, as_version=4)
    with tempfile.TemporaryDirectory(prefix=f"{KERNEL_DIR_PREFIX}{os.getpid()}-") as sockets:
        t0 = time.perf_counter()
        started: list[float] = []  # when the kernel is up and the first cell is about to run
        try:
            nb = pm.execute_notebook(
                str(source), None, parameters=parameters, kernel_name=KERNEL_NAME,
                cwd=str(cwd), progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                execution_timeout=CELL_TIMEOUT_S, config=_kernel_config(sockets),
                on_notebook_start=lambda **_: started.append(time.perf_counter()),
                # jupyter_client interrupts a kernel before shutting it down, and ipykernel logs
                # that to our stderr as an ERROR; the notebook's own errors arrive as messages.
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            )
        except PapermillExecutionError as exc:
            cell = _cell_label(nb_source, exc.source)
            raise GwrError(f"notebook {source.name} failed at {cell}: {exc.ename}: {exc.evalue}") from None
        except Exception as exc:  # kernel died, no such kernel, timeout …
            raise GwrError(f"notebook {source.name} could not run: {type(exc).__name__}: {exc}") from None
        t_end = time.perf_counter()
        t_ready = started[0] if started else t0
        timing.kernel_start_s, timing.execution_s = t_ready - t0, t_end - t_ready
    nb = clean_metadata(nb, replacements)
    write_text(target, nbformat.writes(nb) + "\n")
    return timing


# --- the collection ---------------------------------------------------------------------


def check_parameters(report_path, region, report_year, lang):
    """Load the report in this process first: a user mistake is reported in one line before
    any kernel starts."""
    check_lang(lang, "--lang")
    path = resolve_path(report_path, SEED_REPORT)
    if not path.exists():
        raise InputError(f"{report_path}: no such file")
    return path, load_report(path, region=region, year=report_year, names=CLI_NAMES)


def default_out_dir(report, lang: str) -> Path:
    """reports/<region_code>/<year>/ for English labels, …/<year>-<lang>/ for another
    language: a Chinese run never replaces the English one."""
    year = str(report.report_year) if lang == "en" else f"{report.report_year}-{lang}"
    return REPORTS_DIR / report.region_code / year


def run_collection(report_path=None, *, region=None, report_year=None, lang="en", out_dir=None,
                   jobs: int = 2, notebooks_dir: Path = NOTEBOOKS_DIR, names=NOTEBOOKS,
                   progress: bool = True) -> RunResult:
    """Execute every notebook on one report and render it; returns where and how long."""
    t_start = time.perf_counter()
    path, report = check_parameters(report_path, region, report_year, lang)
    final = Path(out_dir) if out_dir else default_out_dir(report, lang)
    final = final.resolve()
    missing = [n for n in names if not (notebooks_dir / n).is_file()]
    if missing:
        raise InputError(f"notebook not found: {notebooks_dir / missing[0]}")
    sweep_kernel_dirs()
    with staged_dir(final, kind="run", legacy=RUN_NAMES) as stage:
        stage_shown, final_shown = display_path(stage), display_path(final)
        params = RunParameters(
            report_path=display_path(path), region=region, report_year=report_year, lang=lang,
            output_dir=stage_shown,
        ).as_papermill()
        # what papermill records (the parameter) and what the notebooks print (shown_path)
        replacements = {stage_shown: final_shown, str(stage): str(final),
                        shown_path(stage): shown_path(final)}
        exporter = html_exporter()

        def render(timing: NotebookTiming) -> None:
            timing.render_s = render_html(stage / timing.name, stage / f"{Path(timing.name).stem}.html", exporter)

        timings = _execute_all(notebooks_dir, names, stage, params=params, replacements=replacements,
                               jobs=jobs, progress=progress, then=render)
        by_name = {t.name: t for t in timings}
        parameters = [
            ("report", display_path(path)),
            ("input sha256", report.source.sha256),
            ("region", f"{report.region} ({report.region_zh})"),
            ("region_code", report.region_code),
            ("report_year", str(report.report_year)),
            ("lang", lang),
            ("output", final_shown),
            (PROJECT_NAME, __version__),
        ]
        write_index(stage, report=report, parameters=parameters, names=names, summaries=SUMMARIES)
    return RunResult(final, [by_name[n] for n in names], time.perf_counter() - t_start)


def _execute_all(notebooks_dir, names, stage, *, params, replacements, jobs, progress, then=None):
    """Execute `names` `jobs` at a time; `then(timing)` runs in this thread on each notebook as
    soon as it is done (a page renders while the kernels of the others still run: rendering is
    this process's work, executing the kernels')."""
    timings = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(execute_notebook, notebooks_dir / n, stage / n, params,
                               cwd=notebooks_dir, replacements=replacements): n for n in names}
        bar = tqdm(total=len(names), desc="notebooks", unit="nb", disable=not progress, leave=False)
        try:
            for fut in as_completed(futures):
                timings.append(fut.result())  # the first failure propagates; staging is removed
                if then is not None:
                    then(timings[-1])
                bar.update()
        except BaseException:
            for f in futures:
                f.cancel()
            raise
        finally:
            bar.close()
    return timings


def committed_notebooks(notebooks_dir: Path = NOTEBOOKS_DIR) -> tuple[str, ...]:
    """Every numbered notebook of the collection (01–03 run on one report; 04 and 05 on the
    development corpus, so refreshing them needs ../shared/corpus/)."""
    return tuple(sorted(p.name for p in notebooks_dir.glob("[0-9][0-9]_*.ipynb")))


def refresh_committed(notebooks_dir: Path = NOTEBOOKS_DIR, names=None, jobs: int = 2,
                      progress: bool = True) -> list[NotebookTiming]:
    """Re-execute the committed notebooks in place on their default parameters (the seed, and
    the corpus for 04 and 05), so GitHub shows them with outputs. The files are replaced only
    when every notebook succeeds."""
    names = committed_notebooks(notebooks_dir) if names is None else names
    with tempfile.TemporaryDirectory(prefix="gwr-refresh-") as tmp:
        tmp = Path(tmp)
        timings = _execute_all(notebooks_dir, names, tmp, params={}, replacements=None, jobs=jobs,
                               progress=progress)
        for name in names:  # all ran: now replace the committed files
            write_text(notebooks_dir / name, (tmp / name).read_text(encoding="utf-8"))
    return timings


def main(argv=None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m helpers.pipeline.runner", description=__doc__.split("\n")[0])
    parser.add_argument("--refresh", action="store_true",
                        help="re-execute notebooks/*.ipynb in place on their default inputs (01-03 the seed, 04-06 the corpus files they name)")
    args = parser.parse_args(argv)
    if not args.refresh:
        parser.error("nothing to do: use --refresh (or `gwr run` for a report)")
    try:
        timings = refresh_committed()
    except GwrError as exc:
        print(f"refresh: error: {exc}", file=sys.stderr)
        return 2
    for t in timings:
        print(f"{t.name}: executed in {t.execution_s:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
