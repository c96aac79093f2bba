"""Where things live. Paths resolve from the package, never from the working directory."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_DATA = PACKAGE_DIR / "data"


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
PROCESSED_DIR = DATA_DIR / "processed"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
# Real reports used by tests and benchmarks; absent on a user's fresh clone.
SHARED_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


def dataset_dir(region_code: str, report_year: int, root: Path | None = None) -> Path:
    """data/processed/<region_code>/<year>/ — one folder per report."""
    return (root or PROCESSED_DIR) / region_code / str(report_year)
