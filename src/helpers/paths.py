"""Where things live. Paths resolve from the package, never from the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _find_root() -> Path:
    # An editable install (make setup) keeps the package inside the repository.
    for parent in PACKAGE_DIR.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "seeds").is_dir():
            return parent
    return Path.cwd()


PROJECT_ROOT = _find_root()
SEEDS_DIR = PROJECT_ROOT / "seeds"
SEED_REPORT = SEEDS_DIR / "000_0d2928c2bee54200.txt"
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
# Where datasets go. GWR_PROCESSED_DIR moves them (the test suite sends them to a temporary
# folder, notebook kernels included, so that a test run leaves the project's data/ alone).
PROCESSED_DIR = Path(os.environ["GWR_PROCESSED_DIR"]) if os.environ.get("GWR_PROCESSED_DIR") else DATA_DIR / "processed"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
# Real reports used by tests and benchmarks; absent on a user's fresh clone.
SHARED_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"



def resolve_path(path: str | Path | None, default: Path | None = None) -> Path | None:
    """A parameter path: relative paths resolve from the project root, not the working dir."""
    if path in (None, ""):
        return default
    p = Path(path).expanduser()
    return p if p.is_absolute() else PROJECT_ROOT / p


def display_path(path: Path) -> str:
    """A path relative to the project when inside it (stable output), else absolute and
    normalised (no `..`: /a/project/../shared/x.txt is /a/shared/x.txt)."""
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT.resolve()).as_posix()
    except ValueError:
        return os.path.abspath(path)


def shown_path(path: Path) -> str:
    """A path as printed in a notebook's output: relative to the project when inside it, else
    only its last two parts after `…/`, so no machine's folders end up in a shared notebook
    (the input's sha256 identifies it)."""
    shown = display_path(path)
    if not Path(shown).is_absolute():
        return shown
    return "…/" + "/".join(Path(shown).parts[-2:])
