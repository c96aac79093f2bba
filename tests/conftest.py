import pytest

from helpers.paths import SEED_REPORT

SEED_REGION, SEED_YEAR = "Inner Mongolia", 2025


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_figures(seed_text):
    from helpers.figures.table import extract_figures

    return extract_figures(seed_text, SEED_REGION, SEED_YEAR, "内蒙古自治区")
