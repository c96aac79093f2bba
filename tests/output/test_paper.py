"""Ready for a paper: the charts the notebooks save, checked as a journal's production office
would (fonts embedded, sizes, resolution), and the headline table as LaTeX and CSV.

The files come from the committed notebooks themselves, executed by papermill on the seed
with an output_dir: 02 in Chinese (CJK labels throughout), 03 in English."""

import re

import pytest
from pypdf import PdfReader

from helpers.paths import NOTEBOOKS_DIR
from helpers.pipeline import runner

SINGLE_PT, DOUBLE_PT = 3.5 * 72, 7.0 * 72
CHARTS = {
    "02_results_vs_targets.ipynb": ("zh", ("results_vs_targets", "implied_change")),
    "03_target_profile.ipynb": ("en", ("targets_by_section", "targets_by_bound",
                                       "largest_money_targets")),
}
PDFS = [(nb, stem, width) for nb, (_, stems) in CHARTS.items() for stem in stems
        for width in ("single", "double")]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """{notebook: its output folder}, each notebook run once for the whole module."""
    out = {}
    for name, (lang, _) in CHARTS.items():
        folder = tmp_path_factory.mktemp(name.split("_")[0])
        runner.execute_notebook(NOTEBOOKS_DIR / name, folder / name,
                                {"lang": lang, "output_dir": str(folder)}, cwd=NOTEBOOKS_DIR)
        out[name] = folder
    return out


def _fonts(resources, seen=None):
    """Every font dict reachable from a page's resources, form XObjects included."""
    seen = set() if seen is None else seen
    found = []
    if not resources:
        return found
    resources = resources.get_object()
    for ref in (resources.get("/Font") or {}).values():
        font = ref.get_object()
        if id(font) not in seen:
            seen.add(id(font))
            found.append(font)
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            found += _fonts(xobject.get("/Resources"), seen)
    return found


def _embedded(font) -> bool:
    """A font is embedded when its descriptor (the descendant's, for a Type 0 font) holds the
    font program. A Type 3 font has no descriptor: its glyphs are drawings, not a font."""
    if font["/Subtype"] == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize(("notebook", "stem", "width"), PDFS)
def test_every_pdf_font_is_embedded_and_the_width_is_a_journal_column(outputs, notebook, stem,
                                                                       width):
    path = outputs[notebook] / "figures" / f"{stem}_{width}.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    fonts = _fonts(page.get("/Resources"))
    assert fonts, "no fonts: the text was drawn as paths"
    names = [str(f["/BaseFont"]) for f in fonts]
    assert all(_embedded(f) for f in fonts), names
    assert any("NotoSansSC" in n for n in names), names  # the CJK font, as a subset
    # the Chinese text is real text set in that font (the source line: 内蒙古自治区人民政府)
    assert "内蒙古自治区人民政府" in page.extract_text().replace("\n", "")
    expected = SINGLE_PT if width == "single" else DOUBLE_PT
    assert float(page.mediabox.width) == pytest.approx(expected, abs=1)


@pytest.mark.parametrize(("notebook", "stem", "width"), PDFS)
def test_png_is_300_dpi_at_the_column_width(outputs, notebook, stem, width):
    from PIL import Image

    with Image.open(outputs[notebook] / "figures" / f"{stem}_{width}.png") as im:
        assert im.info["dpi"][0] == pytest.approx(300, abs=1)
        inches = 3.5 if width == "single" else 7.0
        assert im.size[0] == pytest.approx(inches * 300, abs=2)


@pytest.mark.parametrize("notebook", list(CHARTS))
def test_svg_draws_text_as_paths(outputs, notebook):
    """svg.fonttype "path": the SVG shows the same glyphs on a machine without the font."""
    for path in sorted((outputs[notebook] / "figures").glob("*.svg")):
        svg = path.read_text(encoding="utf-8")
        assert "<text" not in svg and "font-family" not in svg, path.name
        width = "252pt" if path.stem.endswith("_single") else "504pt"
        assert re.search(rf'<svg [^>]*width="{width}"', svg), path.name


def test_headline_table_is_written_as_latex_and_csv(outputs):
    tables = outputs["02_results_vs_targets.ipynb"] / "tables"
    assert sorted(p.name for p in tables.iterdir()) == ["headline_targets.csv",
                                                         "headline_targets.tex"]
    latex = (tables / "headline_targets.tex").read_text(encoding="utf-8")
    assert r"\toprule" in latex and r"\midrule" in latex and r"\bottomrule" in latex
    assert "地区生产总值" in latex and r"$\approx$ 6" in latex
    assert "内蒙古自治区人民政府" in latex  # the caption names the source
    csv = (tables / "headline_targets.csv").read_text(encoding="utf-8")
    assert csv.splitlines()[0].startswith("indicator_en,indicator_zh,unit_label,target,result")
    assert len(csv.splitlines()) == latex.count(r" \\") - latex.count(r"\multicolumn")  # rows + header
    # the notebook shows the same LaTeX as plain text
    import nbformat

    nb = nbformat.read(outputs["02_results_vs_targets.ipynb"] / "02_results_vs_targets.ipynb", 4)
    shown = [o.get("text", "") for c in nb.cells if c.get("id") == "headline-latex" for o in c.outputs]
    assert shown == [latex + "\n"]


def test_no_table_is_written_without_an_output_dir():
    from helpers import notebook
    from helpers.notebook import compare

    run = notebook.start_report()
    latex = notebook.headline_table(run, compare.headline_targets(run.figures))
    assert latex.startswith("% Generated by gwr-figures") and run.tables_dir is None
    assert run.write_tables("headline_targets", latex, "") == []


def test_charts_are_not_written_without_an_output_dir(tmp_path, monkeypatch):
    from helpers import notebook
    from helpers.notebook import charts, compare
    from helpers.output.charts import display

    run = notebook.start_report()
    written = []
    monkeypatch.setattr(display, "save_figure_and_pixels", lambda *a, **k: written.append(a))
    chart = run.chart("results_vs_targets", charts.results_vs_targets_chart,
                      compare.results_vs_targets(run.figures), source=run.source)
    assert written == [] and chart.files == {} and chart.figure.get_figwidth() == 7.0
    assert chart.png.startswith(b"\x89PNG") and "not saved" in repr(chart)
