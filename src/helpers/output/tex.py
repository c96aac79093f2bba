"""LaTeX source text, one escaping table for every LaTeX we write (paper tables, BibTeX)."""

from __future__ import annotations

LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    # Symbols that Latin Modern (the default text font) lacks: set them in math or as macros.
    "≈": r"$\approx$", "≥": r"$\geq$", "≤": r"$\leq$", "−": r"$-$", "–": "--", "—": "---",
    "†": r"\dag{}",
}

def latex_escape(text: str) -> str:
    """Text as LaTeX source: specials escaped, ≈ ≥ ≤ − † – — as LaTeX commands."""
    return "".join(LATEX_SPECIALS.get(ch, ch) for ch in str(text))
