"""LaTeX and CSV exports of the targets-and-results table and the scorecard."""

from __future__ import annotations

import csv
import functools
import importlib.resources
import importlib.util
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from _corpus import corpus_file

from helpers.errors import ParameterError
from helpers.output.cells import format_target, format_value
from helpers.output.tables import (
    SCORECARD_COLUMNS,
    TABLE_COLUMNS,
    gdp_achievement_latex,
    scorecard_csv,
    scorecard_latex,
    standalone_latex,
    targets_results_csv,
    targets_results_latex,
    write_table,
)
from helpers.output.tex import latex_escape

NAN = float("nan")


def frame() -> pd.DataFrame:
    rows = [
        dict(indicator_en="GDP growth", indicator_zh="地区生产总值", unit="percent", target_value=5.5,
             target_bound="approx", target_lower=5.5, target_upper=5.5, result_value=5.8,
             result_is_estimate=True, verdict="met"),
        dict(indicator_en="R&D spending_share 100% #1 {x} ~^\\", indicator_zh="研发经费投入强度",
             unit="pp", target_value=5.0, target_bound="range", target_lower=5.0, target_upper=5.5,
             result_value=NAN, result_is_estimate=pd.NA, verdict="no outcome stated"),
        dict(indicator_en="Surveyed urban unemployment", indicator_zh="城镇调查失业率", unit="percent",
             target_value=5.5, target_bound="max", target_lower=NAN, target_upper=5.5,
             result_value=5.2, result_is_estimate=False, verdict="met"),
        dict(indicator_en="GDP", indicator_zh="地区生产总值", unit="CNY", target_value=NAN,
             target_bound="exact", target_lower=NAN, target_upper=NAN, result_value=5.7761e12,
             result_is_estimate=False, verdict=""),
    ]
    df = pd.DataFrame(rows)
    df["target_year"] = 2025
    df["result_year"] = 2024
    return df


# ----- a small LaTeX reader, enough to check structure ----------------------------------------

def strip_comments(tex: str) -> str:
    return "\n".join(re.sub(r"(?<!\\)%.*", "", line) for line in tex.splitlines())


def assert_balanced_braces(tex: str) -> None:
    depth = 0
    for ch in re.sub(r"\\[{}]", "", strip_comments(tex)):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0, "a } closes nothing"
    assert depth == 0, "unclosed {"


def assert_environments_nest(tex: str) -> None:
    stack = []
    for op, name in re.findall(r"\\(begin|end)\{(\w+)\}", strip_comments(tex)):
        if op == "begin":
            stack.append(name)
        else:
            assert stack and stack.pop() == name, f"\\end{{{name}}} does not close the open environment"
    assert not stack, f"unclosed environments {stack}"


def braced(text: str, start: int) -> tuple[str, int]:
    """The group that opens at text[start] ('{'), without its braces, and the index after it."""
    assert text[start] == "{", text[start:]
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0) if text[i - 1] != "\\" else 0
        if depth == 0:
            return text[start + 1:i], i + 1
    raise AssertionError("unclosed {")


def spec_columns(spec: str) -> list[str]:
    """The column letters of an array-package spec: >{…} <{…} @{…} dropped, p{…} kept as p."""
    columns, i = [], 0
    while i < len(spec):
        ch = spec[i]
        if ch in "><@":
            _, i = braced(spec, i + 1)
            continue
        assert ch in "lrcpX", spec[i:]
        columns.append(ch)
        i += 1
        if ch == "p":
            _, i = braced(spec, i)
    return columns


def table_spec(tex: str) -> list[str]:
    code = strip_comments(tex)
    start = code.index(r"\begin{tabularx}{\linewidth}") + len(r"\begin{tabularx}{\linewidth}")
    return spec_columns(braced(code, start)[0])


def body_rows(tex: str) -> tuple[int, list[str]]:
    """Number of columns (from the tabularx spec) and the rows between \\midrule and \\bottomrule."""
    code = strip_comments(tex)
    body = code[code.index(r"\midrule") + len(r"\midrule"):code.index(r"\bottomrule")]
    return len(table_spec(tex)), [line for line in body.splitlines() if line.strip()]


def cells(row: str) -> list[str]:
    assert row.endswith(r" \\")
    return re.split(r"(?<!\\)&", row[: -len(r" \\")])


def assert_well_formed(tex: str) -> None:
    assert_balanced_braces(tex)
    assert_environments_nest(tex)
    code = strip_comments(tex)
    assert "\\begin{tabularx}{\\linewidth}" in code and "\\end{tabularx}" in code
    positions = [code.index(rule) for rule in (r"\toprule", r"\midrule", r"\bottomrule")]
    assert positions == sorted(positions)
    for rule in (r"\toprule", r"\midrule", r"\bottomrule"):
        assert code.count(rule) == 1
    ncols, rows = body_rows(tex)
    for row in rows:
        parts = cells(row)
        assert len(parts) == ncols, row
        for cell in parts:
            # No special left unescaped: it would break the cell or start a comment.
            bare = re.sub(r"\\.", "", re.sub(r"\$[^$]*\$", "", cell))
            assert not re.search(r"[#_^~%&]", bare), cell


# ----- tests ---------------------------------------------------------------------------------

def test_targets_results_latex_structure_and_cells():
    tex = targets_results_latex(frame())
    assert_well_formed(tex)
    assert "xeCJK" in tex and tex.startswith("%")
    header = strip_comments(tex).split(r"\toprule")[1].split(r"\midrule")[0].strip()
    assert header == r"Indicator & 指标 & Unit & 2025 target & 2024 result \\"
    ncols, rows = body_rows(tex)
    assert ncols == 5 and len(rows) == 4
    gdp = [c.strip() for c in cells(rows[0])]
    assert gdp == ["GDP growth", "地区生产总值", r"\%", r"$\approx$ 5.5", r"5.8\dag{}"]
    rd = [c.strip() for c in cells(rows[1])]
    assert rd[0] == (r"R\&D spending\_\allowbreak{}share 100\% \#1 \{x\} "
                     r"\textasciitilde{}\textasciicircum{}\textbackslash{}")
    assert rd[3:] == ["5--5.5", "---"]
    assert [c.strip() for c in cells(rows[2])][3] == r"$\leq$ 5.5"
    assert [c.strip() for c in cells(rows[3])][3:] == ["---", "5.78 tn"]


def test_footnotes_list_only_the_symbols_used():
    tex = targets_results_latex(frame())
    notes = re.findall(r"\\footnotesize (.*)\} \\\\", tex)
    assert notes == [r"$\approx$ about (左右, 约)", r"$\leq$ at most (以内, 以下, 不超过)",
                     r"\dag{} estimate (预计, 初步统计): stated before final statistics"]
    exact = frame().iloc[[3]].assign(result_is_estimate=False)
    assert r"\footnotesize" not in targets_results_latex(exact)


def test_scorecard_latex_has_verdict_column_and_float():
    tex = scorecard_latex(frame(), caption="Targets for 2024: met? 100%", label="tab:scorecard",
                          target_label="Target", result_label="Result")
    assert_well_formed(tex)
    assert r"\begin{table}[htbp]" in tex and r"\label{tab:scorecard}" in tex
    assert r"\caption{Targets for 2024: met? 100\%}" in tex
    ncols, rows = body_rows(tex)
    assert ncols == 6
    assert [cells(r)[-1].strip() for r in rows] == ["met", "no outcome stated", "met", ""]
    assert r"Target & Result & Verdict \\" in tex


def test_declines_are_signed_and_their_bound_turns_round():
    row = {"target_value": 2.5, "target_bound": "min", "target_direction": "down"}
    assert format_target(row) == "≤ −2.5"  # 下降2.5%以上
    row = {"target_bound": "range", "target_lower": 2.0, "target_upper": 3.0, "target_direction": "down",
           "target_value": 2.0}
    assert format_target(row) == "−3 to −2"
    assert latex_escape("≤ −2.5") == r"$\leq$ $-$2.5"


def test_format_value():
    assert format_value(180000.0) == "180,000"
    assert format_value(5.75) == "5.75"
    assert format_value(0.126) == "0.13"
    assert format_value(2.0, "down") == "−2" and format_value(0.0, "down") == "0"
    assert format_value(4.0e7) == "40 mn"
    assert format_value(1.3e9) == "1.3 bn"
    assert format_value(NAN) == "—"


def test_csv_exports_display_then_raw_columns():
    text = scorecard_csv(frame())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:6] == ["indicator_en", "indicator_zh", "unit_label", "target", "result", "verdict"]
    assert set(SCORECARD_COLUMNS) <= set(rows[0])
    assert (rows[0]["target"], rows[0]["result"], rows[0]["target_bound"]) == ("≈ 5.5", "5.8†", "approx")
    assert rows[1]["result"] == "" and rows[1]["target"] == "5–5.5"
    assert text == scorecard_csv(frame())
    head = next(csv.reader(io.StringIO(targets_results_csv(frame()))))
    assert "verdict" not in head and set(TABLE_COLUMNS) <= set(head)


def test_missing_columns_are_a_one_line_parameter_error():
    with pytest.raises(ParameterError, match="scorecard lacks column\\(s\\): verdict"):
        scorecard_latex(frame().drop(columns="verdict"))
    with pytest.raises(ParameterError, match="result_value"):
        targets_results_csv(frame().drop(columns=["result_value"]))


def test_write_table_is_atomic_utf8(tmp_path):
    path = write_table(tmp_path / "out" / "table.tex", targets_results_latex(frame()))
    assert path.read_text(encoding="utf-8") == targets_results_latex(frame())


def test_compare_frames_feed_the_tables():
    if importlib.util.find_spec("helpers.analysis.compare") is None:
        pytest.skip("helpers.analysis.compare does not exist yet")
    from helpers.analysis.compare import COMPARISON_COLUMNS

    assert set(TABLE_COLUMNS) <= set(COMPARISON_COLUMNS)


def test_tables_are_linewidth_tabularx_with_wrapping_text_columns():
    tex = scorecard_latex(worst_case())
    assert table_spec(tex) == ["X", "p", "p", "r", "r", "p"]  # indicator wraps in the free width
    assert r"\small" in tex and r"\usepackage{tabularx}" in tex  # the comment names the package
    # Without a float, a group keeps \small and the padding from the text that follows.
    assert tex.rstrip().endswith(r"\end{tabularx}" + "\n" + r"\endgroup")
    assert r"year\_\allowbreak{}of\_\allowbreak{}age" in tex  # a code can wrap at its _
    assert tex == scorecard_latex(worst_case())
    gdp = gdp_achievement_latex(worst_gdp(), caption="GDP", label="tab:gdp")
    assert_well_formed(gdp)
    assert table_spec(gdp) == ["p", "p", "r", "X", "X", "r", "p"]  # the quotes wrap
    assert r"\begin{table}[htbp]" in gdp and r"\endgroup" not in gdp
    assert r"& $-$1.1 &" in gdp  # a minus sign, not a hyphen


# ----- compiled on A4: every table must fit the text block -----------------------------------

OVERFULL = re.compile(r"^Overfull \\hbox \(([\d.]+)pt too wide\)(?:.*?lines? (\d+))?", re.M)
TOLERANCE_PT = 1.0  # TeX reports overfull boxes past \hfuzz (0.1 pt); under a point is invisible


def worst_case(rows: int = 0) -> pd.DataFrame:
    """A scorecard of the longest cells a table can meet: a 42-character Chinese name, a long
    English one, unit codes with no space, wide numbers (a range of millions, estimates) and
    the longest verdicts; `rows` more rows of frame() after them."""
    long_zh = "特殊困难老年人家庭适老化改造" * 3
    long_en = ("Age-friendly home adaptations for elderly households in special difficulty "
               "(internationalisation of standards, urban and rural)")
    worst = pd.DataFrame([
        dict(indicator_en=long_en, indicator_zh=long_zh, unit="year_of_age", target_value=72.5e9,
             target_bound="min", target_lower=NAN, target_upper=NAN, result_value=12.56e6,
             result_is_estimate=True, verdict="no outcome stated", target_direction=""),
        dict(indicator_en="Per-capita fiscal subsidy for resident medical insurance",
             indicator_zh="居民医保人均财政补助标准", unit="person_time", target_value=1.2e6,
             target_bound="range", target_lower=1.2e6, target_upper=1.5e6, result_value=780000.0,
             result_is_estimate=True, verdict="not judged", target_direction=""),
        dict(indicator_en="Energy consumption per unit of GDP", indicator_zh="单位国内生产总值能耗",
             unit="household", target_value=2.0, target_bound="range", target_lower=2.0,
             target_upper=3.0, result_value=NAN, result_is_estimate=pd.NA, verdict="no target set",
             target_direction="down"),
    ])
    more = pd.concat([frame()] * (rows // len(frame()) + 1)).head(rows).assign(target_direction="")
    df = pd.concat([worst, more.drop(columns=["target_year", "result_year"])], ignore_index=True)
    return df.assign(target_year=2025, result_year=2024)


def worst_gdp() -> pd.DataFrame:
    """A GDP outcomes table with long quotes (a stretch goal, an estimate), the longest region
    names and a missing outcome."""
    quote = "地区生产总值增长5.5%左右，在实际工作中努力争取更好结果，力争达到6%以上"
    return pd.DataFrame([
        dict(region="Inner Mongolia", region_zh="内蒙古自治区", target_year=2025, target_text=quote,
             result_text="预计全年地区生产总值增长5.8%左右、高于全国平均水平", gap=0.3, verdict="met"),
        dict(region="Heilongjiang", region_zh="新疆维吾尔自治区", target_year=2025, target_text="5%以上",
             result_text="", gap=NAN, verdict="no outcome stated"),
        dict(region="Guangdong", region_zh="广东省", target_year=2025, target_text="5%左右",
             result_text="3.9%", gap=-1.1, verdict="missed"),
    ])


@functools.cache
def _cjk_package_fails(engine: str, package: str) -> str:
    """The first TeX error of a one-line document loading `package`, or "" if it compiles: a
    package found by kpsewhich can still miss what it loads in turn."""
    with tempfile.TemporaryDirectory(prefix="gwr-tex-probe-") as tmp:
        (Path(tmp) / "probe.tex").write_text(
            f"\\documentclass{{article}}\\usepackage{{{package}}}\\begin{{document}}x\\end{{document}}\n",
            encoding="utf-8")
        proc = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "probe.tex"], cwd=tmp,
                              capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode == 0:
        return ""
    errors = [line for line in proc.stdout.splitlines() if line.startswith("!")]
    return errors[0].lstrip("! ").strip() if errors else f"exit {proc.returncode}"


def tex_font(engine: str):
    """The CJK font file for standalone_latex, or a skip saying what this machine lacks."""
    if shutil.which(engine) is None:
        pytest.skip(f"{engine} is not on PATH (TeX is not installed here; the structural tests still run)")
    cjk = {"xelatex": "xeCJK.sty", "lualatex": "luatexja.sty"}[engine]
    found = subprocess.run(["kpsewhich", cjk], capture_output=True, text=True, check=False).stdout.strip() \
        if shutil.which("kpsewhich") else "?"
    if not found:  # a TeX without the engine's CJK package cannot set the Chinese; not our table's fault
        pytest.skip(f"{engine} is installed but {cjk} is not (install the TeX package that holds it)")
    broken = _cjk_package_fails(engine, cjk.removesuffix(".sty"))
    if broken:  # e.g. Debian's luatexja without texlive-luatex: `luatexbase.sty' not found
        pytest.skip(f"{engine} cannot load {cjk} on this machine ({broken}); install the TeX packages it needs")
    if importlib.util.find_spec("pylopdf_fonts_zh_cn") is None:
        return None
    import pylopdf_fonts_zh_cn

    candidates = sorted(importlib.resources.files(pylopdf_fonts_zh_cn).glob("NotoSerifSC-*.otf"))
    return candidates[0] if candidates else None


def overfull_widths(tmp_path, engine: str, tables: dict[str, str]) -> dict[str, list[float]]:
    """Compile the tables in one A4 document (standalone_latex), each on a page of its own, and
    read from the log the width (pt) of every Overfull \\hbox, by table (its source lines)."""
    font = tex_font(engine)
    pages = [f"% table: {name}\n{tex}\\clearpage\n" for name, tex in tables.items()]
    doc = standalone_latex(*pages, engine=engine, cjk_font=font)
    assert r"\documentclass[a4paper]{article}" in doc
    (tmp_path / "t.tex").write_text(doc, encoding="utf-8")
    proc = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "t.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert (tmp_path / "t.pdf").stat().st_size > 0
    starts = [(n, name) for n, line in enumerate(doc.splitlines(), 1) for name in tables
              if line == f"% table: {name}"]
    log = (tmp_path / "t.log").read_text(encoding="utf-8", errors="replace")
    widths: dict[str, list[float]] = {name: [] for name in tables}
    for width, line in OVERFULL.findall(log):
        # A box without a source line (while \output is active) counts against every table.
        owners = [name for n, name in starts if line and n <= int(line)][-1:] or list(tables)
        for name in owners:
            widths[name].append(float(width))
    return widths


def assert_fit(widths: dict[str, list[float]]) -> None:
    too_wide = {name: w for name, w in widths.items() if any(x > TOLERANCE_PT for x in w)}
    assert not too_wide, f"wider than the A4 text block by (pt): {too_wide}"


@pytest.mark.parametrize("engine", ["xelatex", "lualatex"])
def test_latex_compiles_and_fits_a4(tmp_path, engine):
    """The seed's headline table as notebook 02 prints it, and synthetic worst cases."""
    from helpers import notebook
    from helpers.notebook import compare

    run = notebook.start_report()  # the seed report
    tables = {
        "seed headline": notebook.headline_table(run, compare.headline_targets(run.figures)),
        "frame headline": targets_results_latex(frame(), caption="Targets", label="tab:t"),
        "frame scorecard": scorecard_latex(frame()),
        "worst headline": targets_results_latex(worst_case(), caption="Worst", label="tab:w"),
        "worst scorecard": scorecard_latex(worst_case(), caption="A caption of many words. " * 12,
                                           label="tab:ws"),
        "worst GDP": gdp_achievement_latex(worst_gdp(), caption="GDP", label="tab:gdp"),
        # As tall as a page: no float, so that only the width is judged.
        "many rows": scorecard_latex(worst_case(rows=40)),
        # A control 55 pt wider than the 345 pt text block: the log is read as it should be.
        "control": r"\noindent\rule{400pt}{1pt}",
    }
    widths = overfull_widths(tmp_path, engine, tables)
    assert widths.pop("control") == [pytest.approx(55.0, abs=0.1)]
    assert_fit(widths)


@functools.cache
def corpus_tables() -> dict[str, str]:
    """The corpus's tables as notebooks 04 and 06 write them: the national scorecard, the GDP
    table and the panel scorecard (every region pair: the most names and units)."""
    from helpers import notebook
    from helpers.analysis import panel_views
    from helpers.pipeline.pairs import score_reports

    for name in notebook.DEFAULT_ACHIEVEMENT_FILES:
        corpus_file(name)
    pair = score_reports(*(corpus_file(name) for name in notebook.DEFAULT_PAIR))
    run = notebook.start_achievement()
    return {
        "national scorecard": scorecard_latex(pair.table, caption="China: 2024 targets and outcomes",
                                              label="tab:scorecard-national-2024"),
        "GDP achievement": notebook.gdp_achievement_table(run, panel_views.gdp_outcomes(run.table)),
        "panel scorecard": scorecard_latex(run.table),
    }


@pytest.mark.parametrize("engine", ["xelatex", "lualatex"])
def test_corpus_tables_fit_a4(tmp_path, engine):
    tex_font(engine)  # skip before the corpus work when TeX is missing
    assert_fit(overfull_widths(tmp_path, engine, corpus_tables()))
