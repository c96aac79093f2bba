"""`gwr run`: papermill execution, one-line failures, staging, offline HTML, reproducibility."""

import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import nbformat
import pytest

from helpers.cli import main as gwr
from helpers.errors import GwrError, InputError, ParameterError
from helpers.paths import NOTEBOOKS_DIR, SEED_REPORT
from helpers.pipeline import runner


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('report_path = None\nregion = None\nreport_year = None\n'
                                       'lang = "en"\noutput_dir = None')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# A test notebook"), params]
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


def test_clean_metadata_drops_timing_and_rewrites_staging_paths():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('output_dir = "reports/x/.2025.abc"')
    cell.metadata = {"tags": ["injected-parameters"], "papermill": {"duration": 1.2},
                     "execution": {"iopub.status.busy": "2025-01-01T00:00:00Z"}}
    nb.cells = [cell]
    nb.metadata["papermill"] = {"start_time": "2025-01-01", "duration": 3.0,
                                "parameters": {"output_dir": "reports/x/.2025.abc"}, "version": "2.7.0"}
    out = runner.clean_metadata(nb, {"reports/x/.2025.abc": "reports/x/2025"})
    assert out.metadata["papermill"] == {"parameters": {"output_dir": "reports/x/2025"}, "version": "2.7.0"}
    assert out.cells[0].metadata == {"tags": ["injected-parameters"]}
    assert out.cells[0].source == 'output_dir = "reports/x/2025"'
    assert out.cells[0].id == "injected-parameters"


def test_clean_metadata_merges_a_print_split_across_stream_outputs():
    # The kernel may flush one print as two outputs; runs must not differ by where it did.
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(table)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="a  1\nb  "),
                    nbformat.v4.new_output("stream", name="stdout", text="2\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="warning\n")]
    nb.cells = [cell]
    out = runner.clean_metadata(nb)
    assert [(o.name, o.text) for o in out.cells[0].outputs] == [("stdout", "a  1\nb  2\n"),
                                                                 ("stderr", "warning\n")]


def test_bad_parameters_fail_before_any_kernel_starts(tmp_path):
    with pytest.raises(ParameterError, match="--lang must be one of en, zh"):
        runner.run_collection(lang="fr", out_dir=tmp_path / "out")
    with pytest.raises(InputError, match="no such file"):
        runner.run_collection(report_path=tmp_path / "missing.txt", out_dir=tmp_path / "out")
    with pytest.raises(ParameterError, match="contradicts"):
        runner.run_collection(report_year=2023, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_cli_prints_one_line_and_exits_2(capsys, tmp_path):
    assert gwr(["run", "--year", "2023", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("gwr run: error: ")


def test_validation_cell_stops_with_one_line(tmp_path):
    """The committed notebook's own check: lang is validated inside the kernel too."""
    name = "02_results_vs_targets.ipynb"
    with pytest.raises(GwrError) as exc:
        runner.execute_notebook(NOTEBOOKS_DIR / name, tmp_path / name, {"lang": "fr"},
                                cwd=NOTEBOOKS_DIR)
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith(f"notebook {name} failed at cell 4 (\"from helpers import notebook\")")
    assert message.endswith("ParameterError: lang must be one of en, zh, not 'fr'")
    assert not (tmp_path / name).exists()


def test_failing_notebook_names_cell_and_keeps_earlier_report(tmp_path):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs / "a.ipynb", "print('fine')")
    _notebook(nbs / "b.ipynb", "x = 1", "raise ValueError('boom in b')")
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("earlier report")
    with pytest.raises(GwrError, match=r"notebook b\.ipynb failed at cell 4 \(\"raise ValueError"):
        runner.run_collection(out_dir=out, notebooks_dir=nbs, names=("a.ipynb", "b.ipynb"),
                              progress=False)
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text() == "earlier report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports") / "inner_mongolia" / "2025"
    result = runner.run_collection(out_dir=out, lang="zh", region="内蒙古", progress=False)
    return result


def test_seed_run_writes_notebooks_html_charts_and_index(seed_run):
    out = seed_run.out_dir
    for name in runner.NOTEBOOKS:
        nb = nbformat.read(out / name, as_version=4)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                  if o.output_type == "error" or o.get("name") == "stderr"]
        assert errors == [], name
        assert nb.metadata["papermill"]["parameters"]["lang"] == "zh"
        html = (out / name.replace(".ipynb", ".html")).read_text(encoding="utf-8")
        # self-contained: no script, stylesheet or image fetched from the network
        assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']https?:""", html)
        assert "data:image/png;base64," in html
    charts = {p.name for p in (out / "figures").iterdir()}
    stems = ("results_vs_targets", "implied_change", "targets_by_section", "targets_by_bound",
             "largest_money_targets")
    assert charts == {f"{stem}_{width}.{fmt}" for stem in stems for width in ("single", "double")
                      for fmt in ("pdf", "svg", "png")}
    assert sorted(p.name for p in (out / "tables").iterdir()) == ["headline_targets.csv",
                                                                   "headline_targets.tex"]
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in runner.NOTEBOOKS:
        assert f'href="{name.replace(".ipynb", ".html")}"' in index
    assert 'href="figures/results_vs_targets_single.pdf"' in index
    assert 'href="tables/headline_targets.tex"' in index
    import hashlib

    assert hashlib.sha256(SEED_REPORT.read_bytes()).hexdigest() in index
    assert "<code>zh</code>" in index
    # every notebook starts with what it was made from; no machine's folders are printed
    from helpers import __version__

    for name in runner.NOTEBOOKS:
        nb = nbformat.read(out / name, as_version=4)
        header = "".join(o.get("text", "") for c in nb.cells if c.get("id") == "run-header"
                         for o in c.outputs)
        assert f"gwr-figures  {__version__}" in header
        assert "report_path  seeds/000_0d2928c2bee54200.txt" in header and "lang         zh" in header
        assert hashlib.sha256(SEED_REPORT.read_bytes()).hexdigest() in header
        assert f"output_dir   …/{out.parent.name}/{out.name}" in header
        printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                          for o in c.outputs)
        assert str(out.parent) not in printed
    # the staging folder's name never leaks into what is kept
    kept = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.ipynb"))
    assert f".{out.name}." not in kept and "figures" in kept
    # parameters as the user wrote them, not as \u escapes, in the notebook and on its page
    for name in runner.NOTEBOOKS:
        nb = nbformat.read(out / name, as_version=4)
        injected = next(c.source for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
        assert 'region = "内蒙古"' in injected and "\\u" not in injected
        page = (out / name.replace(".ipynb", ".html")).read_text(encoding="utf-8")
        shown = unescape(re.sub(r"<[^>]+>", "", page))  # the page's text, highlighting gone
        assert 'region = "内蒙古"' in shown and "\\u5185" not in shown


def test_seed_run_is_reproducible(seed_run, tmp_path):
    # the same folder names as the first run's, so that the two differ only by where they are
    again = runner.run_collection(out_dir=tmp_path / "again" / "inner_mongolia" / "2025", lang="zh",
                                  region="内蒙古", progress=False).out_dir
    first = seed_run.out_dir
    for path in sorted(first.rglob("*")):
        if path.is_file() and path.suffix not in (".ipynb", ".html"):
            assert path.read_bytes() == (again / path.relative_to(first)).read_bytes(), path.name
    # notebooks and their HTML differ only in the output folder they name
    names = [*runner.NOTEBOOKS, *(n.replace(".ipynb", ".html") for n in runner.NOTEBOOKS), "index.html"]
    from helpers.paths import shown_path

    for name in names:
        a = (first / name).read_text(encoding="utf-8").replace(str(first), "OUT")
        b = (again / name).read_text(encoding="utf-8").replace(str(again), "OUT")
        a, b = a.replace(shown_path(first), "OUT"), b.replace(shown_path(again), "OUT")
        assert a == b, name


def test_a_chinese_run_has_a_folder_of_its_own():
    from helpers.figures.report import load_report

    report = load_report(SEED_REPORT)
    en, zh = runner.default_out_dir(report, "en"), runner.default_out_dir(report, "zh")
    assert en.name == "2025" and zh.name == "2025-zh" and en.parent == zh.parent


def test_string_parameters_are_injected_as_written():
    from papermill.translators import papermill_translators

    runner._python_literals_as_written()
    code = papermill_translators.find_translator("python", "python").codify(
        {"region": "内蒙古", "report_path": 'a "b".txt'})
    assert 'region = "内蒙古"' in code
    namespace = {}
    exec(code, namespace)  # still valid Python, quotes escaped
    assert namespace["region"] == "内蒙古" and namespace["report_path"] == 'a "b".txt'


def test_module_entry_point_needs_a_flag():
    proc = subprocess.run([sys.executable, "-m", "helpers.pipeline.runner"], capture_output=True, text=True)
    assert proc.returncode == 2 and "--refresh" in proc.stderr


def test_a_run_does_not_pay_for_rfc3987_syntax():
    # in a fresh interpreter: what `gwr run` imports to execute and render notebooks
    code = ("from helpers.pipeline.lean_imports import skip_slow_optional_imports; "
            "skip_slow_optional_imports(); from helpers.pipeline import runner; "
            "import papermill, nbconvert, jsonschema, sys; "
            "print(sys.modules.get('rfc3987_syntax') is None, 'iri' in jsonschema.FormatChecker.checkers)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.split() == ["True", "False"]


def test_paths_outside_the_project_are_shown_normalised(tmp_path):
    from helpers.paths import display_path, shown_path

    given = tmp_path / "a" / ".." / "b" / "report.txt"
    assert display_path(given) == str(tmp_path / "b" / "report.txt")
    assert shown_path(given) == "…/b/report.txt"
    assert display_path(SEED_REPORT.parent / ".." / "seeds" / SEED_REPORT.name) == \
        "seeds/000_0d2928c2bee54200.txt"
