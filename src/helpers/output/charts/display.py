"""What a notebook shows of a chart: its 300 dpi PNG scaled down to screen size.

IPython's inline backend draws a figure once more to show it (at 110 dpi, with a layout and a
tight-bounding-box pass of its own): a quarter of a second a chart, and a layout slightly
unlike the saved files'. Scaling down the pixels of the PNG just drawn shows exactly the
chart saved, in a third of that time. Notebooks without an output folder draw the PNG for the
screen only: the same chart, laid out at the PNG's drawing instead of the PDF's (a few edge
pixels differ)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from helpers.output.charts.save import (
    DISPLAY_WIDTH,
    PNG_DPI,
    png_and_pixels,
    save_figure_and_pixels,
)

# The inline size notebooks have always shown (matplotlib_inline at 110 dpi): a double-column
# chart (7 in) is 770 pixels wide.
DISPLAY_DPI = 110


def display_png(pixels: np.ndarray, dpi: int = PNG_DPI, display_dpi: int = DISPLAY_DPI) -> bytes:
    """RGBA pixels drawn at `dpi`, resampled (Lanczos) to `display_dpi`, as PNG; RGB where
    every pixel is opaque (a third smaller). The same pixels give the same bytes."""
    from PIL import Image

    image = Image.fromarray(np.ascontiguousarray(pixels), "RGBA")
    size = (max(1, round(image.width * display_dpi / dpi)), max(1, round(image.height * display_dpi / dpi)))
    image = image.resize(size, Image.Resampling.LANCZOS)  # Pillow resamples RGBA premultiplied
    if image.getextrema()[3] == (255, 255):
        image = image.convert("RGB")
    buf = io.BytesIO()
    image.save(buf, format="png")
    return buf.getvalue()


@dataclass(frozen=True, eq=False)
class Chart:
    """A chart as a notebook cell shows it (the PNG), with the figure it was drawn from and the
    files saved ({width: {format: path}}; empty when nothing was saved)."""

    stem: str
    figure: object  # matplotlib Figure at DISPLAY_WIDTH
    png: bytes = field(repr=False)
    files: dict[str, dict[str, Path]] = field(default_factory=dict)

    def _repr_png_(self) -> bytes:
        return self.png

    def __repr__(self) -> str:
        w, h = self.figure.get_size_inches()
        saved = ", ".join(f"{self.stem}_{width}.{{{','.join(paths)}}}" for width, paths in self.files.items())
        return f"<Chart {self.stem}: {w:g} × {h:.2f} in; {'saved as ' + saved if saved else 'not saved'}>"


def show_chart(stem: str, figures: dict, folder: str | Path | None = None) -> Chart:
    """The Chart of `figures` ({width: Figure}, from chart_at_widths, holding DISPLAY_WIDTH), each
    saved as `<folder>/<stem>_<width>.pdf/.svg/.png` when a folder is given."""
    if DISPLAY_WIDTH not in figures:
        raise ValueError(f"the figures must include the {DISPLAY_WIDTH!r} width that notebooks show")
    files, shown = {}, None
    for width, fig in figures.items():
        if folder is not None:
            files[width], pixels = save_figure_and_pixels(fig, folder, f"{stem}_{width}")
        elif width == DISPLAY_WIDTH:
            pixels = png_and_pixels(fig)[1]
        else:
            continue
        if width == DISPLAY_WIDTH:
            shown = pixels
    return Chart(stem, figures[DISPLAY_WIDTH], display_png(shown), files)
