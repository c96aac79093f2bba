"""Saving a chart: PDF, SVG and 300 dpi PNG, byte-identical on every save, at each journal width.

PDFs embed Noto Sans SC as a TrueType/CID subset (fonttype 42); SVGs draw every glyph as a path
(svg.fonttype "path"), so they show the same everywhere without the font."""

from __future__ import annotations

import io
import re
from pathlib import Path

import matplotlib

from helpers import PROJECT_NAME, __version__
from helpers.atomic import write_bytes
from helpers.output.charts.style import COLUMN_WIDTHS

FORMATS = ("pdf", "svg", "png")
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
        fig.savefig(buf, format=fmt, dpi=300 if fmt == "png" else "figure", metadata=_METADATA[fmt])
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


def save_figure(fig, folder: str | Path, stem: str) -> dict[str, Path]:
    """Write `<folder>/<stem>.pdf`, `.svg` and `.png` (300 dpi), each atomically, at the
    figure's own size.

    Returns the paths by format. Saving the same figure again gives identical bytes."""
    folder = Path(folder)
    out = {}
    engine = fig.get_layout_engine()
    try:
        for fmt in FORMATS:
            path = folder / f"{stem}.{fmt}"
            write_bytes(path, figure_bytes(fig, fmt))
            out[fmt] = path
            if engine is not None:
                # The layout of the first save serves every format (constrained layout is a
                # third of a save, and the three files then place everything alike).
                fig.set_layout_engine("none")
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)
    return out


def chart_at_widths(build, *args, widths=tuple(COLUMN_WIDTHS), **kwargs) -> dict:
    """`build(*args, width=…, **kwargs)` for each named column width: {"single": Figure, …}."""
    return {name: build(*args, width=COLUMN_WIDTHS[name], **kwargs) for name in widths}


def save_chart(figures: dict, folder: str | Path, stem: str) -> dict[str, dict[str, Path]]:
    """Save figures built by chart_at_widths as `<stem>_<width>.pdf/.svg/.png`.

    Returns {width: {format: path}}."""
    return {name: save_figure(fig, folder, f"{stem}_{name}") for name, fig in figures.items()}
