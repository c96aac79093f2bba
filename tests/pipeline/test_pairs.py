"""Two reports of one region paired for a scorecard: the national pair 2024/2025 of the corpus,
and pairs found among the reports registered with `gwr add`."""

import pytest
from _corpus import corpus_file

from helpers.analysis.scorecard import EXCEEDED, MET, NO_OUTCOME
from helpers.errors import ParameterError
from helpers.pipeline.pairs import registered_pair, score_reports
from helpers.pipeline.register import add_report


@pytest.fixture(scope="module")
def national():
    return score_reports(corpus_file("national_2024.txt"), corpus_file("national_2025.txt"))


def test_national_2024_targets_against_2024_outcomes(national):
    # the first row of an indicator is its headline target (rows keep the targets' order)
    table = national.table.drop_duplicates("indicator").set_index("indicator")
    assert table["target_is_headline"].loc[["gdp", "cpi", "grain_output"]].all()
    assert {"gdp", "urban_new_jobs", "unemployment_rate", "cpi", "grain_output",
            "energy_intensity"} <= set(table.index)
    assert table.loc["gdp", "verdict"] == MET  # 5% vs 5%左右
    assert table.loc["cpi", "verdict"] == MET and table.loc["cpi", "is_ceiling"]  # 0.2% vs 3%左右
    assert table.loc["unemployment_rate", "verdict"] == MET  # 5.1% vs 5.5%左右
    assert table.loc["urban_new_jobs", "verdict"] in (MET, EXCEEDED)  # 1256万 vs 1200万以上
    assert table.loc["grain_output", "verdict"] in (MET, EXCEEDED)  # 1.4万亿斤 vs 1.3万亿斤以上
    # 降低2.5%左右 vs 降幅超过3%: judged at the stated 3, in the good direction
    assert table.loc["energy_intensity", "target_direction"] == "down"
    assert table.loc["energy_intensity", "verdict"] in (MET, EXCEEDED)
    for _, row in national.table.iterrows():
        assert row["target_text"] in row["target_quote"]
        if row["verdict"] != NO_OUTCOME:
            assert row["result_text"] in row["result_quote"]
            assert row["result_figure_id"].startswith("national-2025-")
        assert row["target_figure_id"].startswith("national-2024-")


def test_registered_pair_found_by_region(tmp_path):
    add_report(corpus_file("national_2025.txt"), root=tmp_path)
    with pytest.raises(ParameterError, match="registered years: 2025"):
        registered_pair("China", root=tmp_path)
    add_report(corpus_file("national_2024.txt"), root=tmp_path)
    targets, outcomes = registered_pair("全国", root=tmp_path)
    assert (targets.name, outcomes.name) == ("national_2024.txt", "national_2025.txt")
    with pytest.raises(ParameterError):
        registered_pair("China", outcomes_year=2024, root=tmp_path)
