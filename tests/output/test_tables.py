"""LaTeX and CSV exports of the targets-and-results table and the scorecard."""

from __future__ import annotations

import csv
import importlib.resources
import importlib.util
import io
import re
import shutil
import subprocess

import pandas as pd
import pytest

from helpers.errors import ParameterError
from helpers.output.cells import format_target, format_value
from helpers.output.tables import (
    SCORECARD_COLUMNS,
    TABLE_COLUMNS,
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


def body_rows(tex: str) -> tuple[int, list[str]]:
    """Number of columns (from the tabular spec) and the rows between \\midrule and \\bottomrule."""
    code = strip_comments(tex)
    spec = re.search(r"\\begin\{tabular\}\{([lrc]+)\}", code).group(1)
    body = code[code.index(r"\midrule") + len(r"\midrule"):code.index(r"\bottomrule")]
    return len(spec), [line for line in body.splitlines() if line.strip()]


def cells(row: str) -> list[str]:
    assert row.endswith(r" \\")
    return re.split(r"(?<!\\)&", row[: -len(r" \\")])


def assert_well_formed(tex: str) -> None:
    assert_balanced_braces(tex)
    assert_environments_nest(tex)
    code = strip_comments(tex)
    assert "\\begin{tabular}" in code and "\\end{tabular}" in code
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
    assert rd[0] == r"R\&D spending\_share 100\% \#1 \{x\} \textasciitilde{}\textasciicircum{}\textbackslash{}"
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


@pytest.mark.parametrize("engine", ["xelatex", "lualatex"])
def test_latex_compiles(tmp_path, engine):
    if shutil.which(engine) is None:
        pytest.skip(f"{engine} is not on PATH (TeX is not installed here; the structural tests still run)")
    cjk = {"xelatex": "xeCJK.sty", "lualatex": "luatexja.sty"}[engine]
    found = subprocess.run(["kpsewhich", cjk], capture_output=True, text=True, check=False).stdout.strip() \
        if shutil.which("kpsewhich") else "?"
    if not found:  # a TeX without the engine's CJK package cannot set the Chinese; not our table's fault
        pytest.skip(f"{engine} is installed but {cjk} is not (install the TeX package that holds it)")
    font = None
    if importlib.util.find_spec("pylopdf_fonts_zh_cn") is not None:
        import pylopdf_fonts_zh_cn

        candidates = sorted(importlib.resources.files(pylopdf_fonts_zh_cn).glob("NotoSerifSC-*.otf"))
        font = candidates[0] if candidates else None
    doc = standalone_latex(targets_results_latex(frame(), caption="Targets", label="tab:t"),
                           scorecard_latex(frame()), engine=engine, cjk_font=font)
    (tmp_path / "t.tex").write_text(doc, encoding="utf-8")
    proc = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "t.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert (tmp_path / "t.pdf").stat().st_size > 0
