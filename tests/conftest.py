import os
import tempfile

import pytest
from hypothesis import HealthCheck, settings

# Datasets that notebooks and commands write by default go to a temporary folder, for this
# process and the notebook kernels it starts (they inherit the environment): a test run leaves
# the project's data/processed/ as it was. Set before helpers.paths is imported.
os.environ.setdefault("GWR_PROCESSED_DIR", tempfile.mkdtemp(prefix="gwr-test-processed-"))

from helpers.paths import SEED_REPORT  # noqa: E402  (after the environment is set)

SEED_REGION, SEED_YEAR = "Inner Mongolia", 2025

# Property tests (hypothesis): by default 300 examples a test, the same ones on every run
# (derandomize), so that the suite is deterministic. GWR_HYPOTHESIS_PROFILE=thorough draws 5,000
# new ones a test, and prints what reproduces a failure. A test that needs fewer takes a share
# of the profile's count (tests/figures/test_properties.py), never a number of its own.
_SLOW_OK = [HealthCheck.too_slow]
settings.register_profile("gwr", max_examples=300, deadline=None, derandomize=True,
                          suppress_health_check=_SLOW_OK)
settings.register_profile("thorough", max_examples=5000, deadline=None, print_blob=True,
                          suppress_health_check=_SLOW_OK)
settings.load_profile(os.environ.get("GWR_HYPOTHESIS_PROFILE", "gwr"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_figures(seed_text):
    from helpers.figures.table import extract_figures

    return extract_figures(seed_text, SEED_REGION, SEED_YEAR, "内蒙古自治区")
