import os
import tempfile

import pytest

# Datasets that notebooks and commands write by default go to a temporary folder, for this
# process and the notebook kernels it starts (they inherit the environment): a test run leaves
# the project's data/processed/ as it was. Set before helpers.paths is imported.
os.environ.setdefault("GWR_PROCESSED_DIR", tempfile.mkdtemp(prefix="gwr-test-processed-"))

from helpers.paths import SEED_REPORT  # noqa: E402  (after the environment is set)

SEED_REGION, SEED_YEAR = "Inner Mongolia", 2025


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_figures(seed_text):
    from helpers.figures.table import extract_figures

    return extract_figures(seed_text, SEED_REGION, SEED_YEAR, "内蒙古自治区")
