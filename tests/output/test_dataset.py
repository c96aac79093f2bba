"""Writing a dataset: validated first, swapped in whole, readable back."""

from dataclasses import replace

import pandas as pd
import pytest

from helpers.atomic import staged_dir, write_bytes
from helpers.errors import InternalError
from helpers.figures.report import load_report
from helpers.metadata.columns import check, validate
from helpers.output.dataset import read_figures, write_dataset
from helpers.paths import SEED_REPORT


@pytest.fixture(scope="module")
def seed_report():
    return load_report(SEED_REPORT)


def test_roundtrip(tmp_path, seed_report):
    folder = write_dataset(seed_report, tmp_path)
    assert folder == tmp_path / "inner_mongolia" / "2025"
    back = read_figures(folder)
    pd.testing.assert_frame_equal(back, seed_report.figures)
    assert (folder / "figures.csv").stat().st_mode & 0o777 == 0o644


def test_invalid_table_is_one_line_and_writes_nothing(tmp_path, seed_report):
    bad = seed_report.figures.copy()
    bad.loc[0, "kind"] = "forecast"
    for contract in (check, validate):
        with pytest.raises(InternalError) as err:
            contract(bad)
        assert "\n" not in str(err.value) and "kind" in str(err.value)
    with pytest.raises(InternalError):
        write_dataset(replace(seed_report, figures=bad), tmp_path)
    assert not any(tmp_path.iterdir())


def test_staged_dir_keeps_old_contents_on_failure(tmp_path):
    final = tmp_path / "out"
    with staged_dir(final) as stage:
        (stage / "a.txt").write_text("old")
    with pytest.raises(RuntimeError), staged_dir(final) as stage:
        (stage / "a.txt").write_text("half")
        raise RuntimeError("boom")
    assert (final / "a.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_write_bytes_is_atomic(tmp_path):
    path = tmp_path / "f.csv"
    write_bytes(path, b"one")
    write_bytes(path, b"two")
    assert path.read_bytes() == b"two" and len(list(tmp_path.iterdir())) == 1


def test_seed_is_identified_by_its_manifest_row(seed_report):
    assert (seed_report.region, seed_report.region_code, seed_report.report_year) == ("Inner Mongolia", "inner_mongolia", 2025)
    assert seed_report.issuer_zh == "内蒙古自治区人民政府"
