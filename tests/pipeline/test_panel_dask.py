"""A panel built on a real distributed engine: a dask.distributed LocalCluster with worker
processes, through the Executor the README shows, writes the same bytes as the process pool,
in memory (build_panel + write_panel) and streamed (stream_panel, what gwr panel runs)."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from distributed import Client, LocalCluster

from helpers.errors import GwrError
from helpers.metadata.layout import PANEL_DUCKDB
from helpers.output.panel_dataset import write_panel
from helpers.paths import SEED_REPORT, SHARED_CORPUS
from helpers.pipeline.panel import ReportInput, build_panel, executor_for, stream_panel

BYTE_IDENTICAL = ("figures.csv", "figures.parquet", "report.json", "datapackage.json")  # at least these


def _inputs(folder) -> list:
    """The seed as three regions' reports (always here), and the corpus when it is."""
    inputs = [SEED_REPORT]
    for region in ("Jilin", "Heilongjiang"):
        copy = folder / f"{region}.txt"
        shutil.copy(SEED_REPORT, copy)
        inputs.append(ReportInput(copy, region=region, year=2025))
    if SHARED_CORPUS.is_dir():
        inputs += sorted(SHARED_CORPUS.glob("*.txt"))
    return inputs


def test_a_dask_cluster_builds_the_same_panel_as_the_process_pool(tmp_path):
    inputs = _inputs(tmp_path)
    # worker processes, no dashboard (no port to open), on this machine's loopback
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        on_dask = build_panel(inputs, client.get_executor())
        streamed = stream_panel(inputs, tmp_path / "dask-streamed", client.get_executor()).folder
        assert len(client.scheduler_info()["workers"]) == 2
    pool = executor_for("process", 2)
    try:
        on_pool = build_panel(inputs, pool)
    finally:
        pool.shutdown()
    dask_dir, pool_dir = write_panel(on_dask, tmp_path / "dask"), write_panel(on_pool, tmp_path / "pool")
    assert len(on_dask.metas) == len(inputs) and len(on_dask.figures) > 0
    names = sorted(p.name for p in dask_dir.iterdir())
    assert names == sorted(p.name for p in pool_dir.iterdir()) and set(BYTE_IDENTICAL) <= set(names)
    assert names == sorted(p.name for p in streamed.iterdir())
    query = "SELECT * FROM figures ORDER BY figure_id"
    for other in (dask_dir, streamed):
        for name in names:
            if name != PANEL_DUCKDB:  # its header holds a random database id; its tables are compared below
                assert (other / name).read_bytes() == (pool_dir / name).read_bytes(), (other.name, name)
        with duckdb.connect(str(other / PANEL_DUCKDB), read_only=True) as a, \
                duckdb.connect(str(pool_dir / PANEL_DUCKDB), read_only=True) as b:
            assert a.execute(query).fetchall() == b.execute(query).fetchall()


def test_a_failing_report_on_the_cluster_is_named(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        with pytest.raises(GwrError, match="empty.txt"):
            build_panel([SEED_REPORT, bad], client.get_executor())
