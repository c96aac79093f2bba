"""Views across a panel's regions and years, on the corpus and the seed (when the corpus is there)."""

import pytest

from helpers.analysis.panel_views import (
    common_target_indicators,
    gdp_growth_targets,
    targets_vs_results,
)
from helpers.errors import ParameterError
from helpers.figures.report import load_report
from helpers.paths import SEED_REPORT, SHARED_CORPUS
from helpers.pipeline.panel import build_panel, executor_for


def _panel_files():
    """Every report the corpus panel is built from: whatever the corpus holds, and the seed."""
    return sorted(SHARED_CORPUS.glob("*.txt")) + [SEED_REPORT]


def _report_years() -> dict[str, int]:
    return {p.name: load_report(p).report_year for p in _panel_files()}


@pytest.fixture(scope="module")
def corpus_panels():
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus/ not present: the real-report corpus is only on developer and CI machines")
    return build_panel(_panel_files(), executor_for("process", 2)), None, None


def test_views_across_regions(corpus_panels):
    panel, _, _ = corpus_panels
    years = _report_years()
    latest = max(years.values())
    assert set(gdp_growth_targets(panel)["report_year"]) == {latest}  # the default year
    for year in sorted(set(years.values())):
        gdp = gdp_growth_targets(panel, year)
        # every report sets a GDP growth target (the national 2020 report, which set none, is
        # not in the corpus): one row per region of that year
        regions = {m.region_code for m in panel.metas if m.report_year == year}
        assert set(gdp["region_code"]) == regions, year
        assert gdp["region_code"].is_unique
        for _, row in gdp.iterrows():
            assert row["text"] in row["quote"]
        assert list(gdp["value"]) == sorted(gdp["value"], reverse=True)
        common = common_target_indicators(panel, year)
        assert common.iloc[0]["regions"] == len(regions)  # GDP growth, at least
        assert list(common["regions"]) == sorted(common["regions"], reverse=True)
    if {"national_2025.txt"} <= set(years):
        vs = targets_vs_results(panel, 2025)
        national = vs[(vs["region_code"] == "national") & (vs["indicator"] == "gdp")].iloc[0]
        assert (national["result"], national["target"]) == (5.0, 5.0)  # 2024 增长5%, 2025 5%左右
    with pytest.raises(ParameterError, match="no report of 1999"):
        gdp_growth_targets(panel, 1999)
