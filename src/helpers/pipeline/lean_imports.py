"""Imports a notebook run need not pay for. Call before papermill, nbconvert or nbformat is
imported (the CLI does, first thing in `gwr run`)."""

from __future__ import annotations

import sys


def skip_slow_optional_imports() -> None:
    """jsonschema, which nbformat, papermill and nbconvert import, imports rfc3987_syntax when it
    is installed (jupyter-events asks for it), and that builds a parser at import: 2.5 s of every
    run on 2 cores. It serves only jsonschema's "iri" format check, which no notebook validation
    here uses, so this process treats it as not installed (the kernels never import it)."""
    if "rfc3987_syntax" not in sys.modules and "jsonschema" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # `import rfc3987_syntax` now raises ImportError
