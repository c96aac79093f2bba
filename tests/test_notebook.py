"""The notebooks' entry points: one Session type, and one-line errors that name the notebook's own
parameters (report_year, lang), not the command line's flags."""

import pytest

from helpers import notebook
from helpers.errors import InputError, ParameterError


def test_a_contradicted_year_names_report_year():
    with pytest.raises(ParameterError, match=r"^report_year 2023 contradicts the text"):
        notebook.start_report(report_year=2023)
    with pytest.raises(ParameterError, match=r"^report_year must be a year"):
        notebook.start_report(report_year="2025")


def test_a_wrong_language_names_lang():
    with pytest.raises(ParameterError, match=r"^lang must be one of en, zh, not 'fr'"):
        notebook.start_report(lang="fr")


def test_a_missing_report_names_report_path(tmp_path):
    with pytest.raises(InputError, match=r"^report_path .*missing\.txt: no such file"):
        notebook.start_report(report_path=str(tmp_path / "missing.txt"))


def test_a_report_session_carries_its_report_and_source_line():
    run = notebook.start_report()
    assert run.report.region_code == "inner_mongolia" and len(run.figures) == len(run.report.figures)
    assert run.metas == [run.report.meta]
    assert run.source.startswith("Source: 内蒙古自治区人民政府, 2025年政府工作报告")
    assert run.region_label == "Inner Mongolia"
