"""Saving a chart: PDF, SVG and 300 dpi PNG, byte-identical on every save, at each journal width.

PDFs embed Noto Sans SC as a TrueType/CID subset (fonttype 42); SVGs draw every glyph as a path
(svg.fonttype "path"), so they show the same everywhere without the font."""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

import matplotlib
import numpy as np

from helpers import PROJECT_NAME, __version__
from helpers.atomic import write_bytes
from helpers.output.charts.style import COLUMN_WIDTHS

FORMATS = ("pdf", "svg", "png")
PNG_DPI = 300
# The width shown inline in a notebook (the other is saved only).
DISPLAY_WIDTH = "double"

# Fixed metadata: no dates, no library versions that would make two saves differ.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": f"{PROJECT_NAME} {__version__}"},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None,
            "Creator": f"{PROJECT_NAME} {__version__}"},
}


def figure_bytes(fig, fmt: str) -> bytes:
    """The figure in one format, with fixed metadata (no dates) so saves are reproducible."""
    buf = io.BytesIO()
    if fmt == "svg":
        _round_svg_numbers_first()
    with matplotlib.rc_context({"svg.hashsalt": PROJECT_NAME}):
        fig.savefig(buf, format=fmt, dpi=PNG_DPI if fmt == "png" else "figure", metadata=_METADATA[fmt])
    data = buf.getvalue()
    return renumber_svg_ids(data) if fmt == "svg" else data


SVG_ROUND_FIRST = 9  # decimals: far above the noise (~1e-13), far below what is printed (1e-6)


def _short_float_rounded_first(x) -> str:
    """matplotlib's SVG number (`%f`, trailing zeros dropped) of x rounded to SVG_ROUND_FIRST
    decimals first. A text's position comes out of numpy's transforms with its last bit
    depending on where the arrays lie in memory, and a position that sits on a rounding tie of
    `%f` (37.5248325) then printed …832 in one run and …833 in another."""
    return f"{round(float(x), SVG_ROUND_FIRST):f}".rstrip("0").rstrip(".")


def _round_svg_numbers_first() -> None:
    """matplotlib's SVG writer formats its numbers (transforms, sizes, opacities) with a private
    helper, `_short_float_fmt`: replaced by `_short_float_rounded_first` for this process, once
    (so that threads saving at once all get it), and left alone where a matplotlib release no
    longer has it. It changes a printed number only within 5e-10 of a tie."""
    from matplotlib.backends import backend_svg

    if hasattr(backend_svg, "_short_float_fmt"):
        backend_svg._short_float_fmt = _short_float_rounded_first


_SVG_CLIP_ID = re.compile(rb'id="(p[0-9a-f]{10})"')


def renumber_svg_ids(svg: bytes) -> bytes:
    """matplotlib names clip paths by a hash of what it clips (for a path clip, of an object's
    memory address), so ids may change between processes though the drawing does not. Renamed
    in order of appearance (clip1, clip2 …), the same drawing always gives the same bytes."""
    names = {old: f"clip{i}".encode() for i, old in enumerate(dict.fromkeys(_SVG_CLIP_ID.findall(svg)), 1)}
    if not names:
        return svg
    rx = re.compile(rb"(?<=[\"#])(" + b"|".join(map(re.escape, names)) + rb")(?=[\")])")
    return rx.sub(lambda m: names[m.group(1)], svg)


def png_and_pixels(fig) -> tuple[bytes, np.ndarray]:
    """The figure's 300 dpi PNG (the bytes of `figure_bytes(fig, "png")`) and its RGBA pixels,
    from one drawing: a notebook shows the chart scaled down from them instead of drawing it
    again (helpers.output.charts.display)."""
    from matplotlib.backend_bases import FigureCanvasBase
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if type(fig.canvas) is FigureCanvasBase:
        # A Figure() not made by pyplot: given an Agg canvas of its own, savefig draws the PNG
        # into it (instead of into a throwaway one), and its renderer keeps the pixels.
        FigureCanvasAgg(fig)
    data = figure_bytes(fig, "png")
    width, height = struct.unpack(">II", data[16:24])  # the PNG's IHDR chunk
    if isinstance(fig.canvas, FigureCanvasAgg):
        pixels = np.array(fig.canvas.buffer_rgba())
        if pixels.shape[:2] == (height, width):  # the drawing just saved, not an older one
            return data, pixels
    from PIL import Image  # another canvas (a GUI window's): read the pixels back from the file

    with Image.open(io.BytesIO(data)) as image:
        return data, np.array(image.convert("RGBA"))


def save_figure(fig, folder: str | Path, stem: str) -> dict[str, Path]:
    """Write `<folder>/<stem>.pdf`, `.svg` and `.png` (300 dpi), each atomically, at the
    figure's own size.

    Returns the paths by format. Saving the same figure again gives identical bytes."""
    return save_figure_and_pixels(fig, folder, stem)[0]


def save_figure_and_pixels(fig, folder: str | Path, stem: str) -> tuple[dict[str, Path], np.ndarray]:
    """save_figure, and the RGBA pixels of the PNG written."""
    folder = Path(folder)
    out = {}
    pixels = None
    engine = fig.get_layout_engine()
    try:
        for fmt in FORMATS:
            path = folder / f"{stem}.{fmt}"
            if fmt == "png":
                data, pixels = png_and_pixels(fig)
            else:
                data = figure_bytes(fig, fmt)
            write_bytes(path, data)
            out[fmt] = path
            if engine is not None:
                # The layout of the first save serves every format (constrained layout is a
                # third of a save, and the three files then place everything alike).
                fig.set_layout_engine("none")
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)
    return out, pixels


def chart_at_widths(build, *args, widths=tuple(COLUMN_WIDTHS), **kwargs) -> dict:
    """`build(*args, width=…, **kwargs)` for each named column width: {"single": Figure, …}."""
    return {name: build(*args, width=COLUMN_WIDTHS[name], **kwargs) for name in widths}


def save_chart(figures: dict, folder: str | Path, stem: str) -> dict[str, dict[str, Path]]:
    """Save figures built by chart_at_widths as `<stem>_<width>.pdf/.svg/.png`.

    Returns {width: {format: path}}."""
    return {name: save_figure(fig, folder, f"{stem}_{name}") for name, fig in figures.items()}
