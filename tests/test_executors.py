"""Executors: results in the order of the chunks, the shared object everywhere, bounded input."""

from __future__ import annotations

import gc
import multiprocessing
import os

import pytest

from egov_kg.executors import IN_FLIGHT, LocalExecutor, make_executor
from tests.test_build import write_corpus


def _tag(chunk: list[int], shared: str) -> list[tuple[str, int, int]]:
    return [(shared, n * n, os.getpid()) for n in chunk]


def _fail_on_three(chunk: list[int], shared: object) -> list[int]:
    if 3 in chunk:
        raise ValueError("three")
    return chunk


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_in_chunk_order_with_the_shared_object(jobs):
    chunks = [[n, n + 100] for n in range(20)]
    results = list(LocalExecutor(jobs).map(_tag, chunks, shared="ids"))
    assert [[(s, v) for s, v, _ in r] for r in results] == [[("ids", n * n), ("ids", (n + 100) ** 2)] for n in range(20)]
    pids = {pid for r in results for _, _, pid in r}
    assert (pids == {os.getpid()}) == (jobs == 1)


def test_a_worker_error_reaches_the_caller():
    with pytest.raises(ValueError, match="three"):
        list(LocalExecutor(2).map(_fail_on_three, [[1], [2], [3], [4]]))


def test_only_a_few_chunks_are_taken_from_the_input_ahead_of_the_results():
    taken = []

    def chunks():
        for n in range(100):
            taken.append(n)
            yield [n]

    results = LocalExecutor(2).map(_tag, chunks(), shared="s")
    next(results)
    assert len(taken) <= 2 * IN_FLIGHT + 1
    assert len(list(results)) == 99


def test_the_workers_end_before_the_last_result_is_handed_out():
    """A caller that takes exactly the results it expects must not keep the workers (each
    holding pages of the build's memory) alive while it goes on."""
    results = LocalExecutor(2).map(_tag, [[n] for n in range(8)], shared="s")
    for _ in range(7):
        next(results)
        assert multiprocessing.active_children()
    next(results)
    assert not multiprocessing.active_children()


def test_the_parents_objects_are_out_of_the_forked_workers_garbage_collection():
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    results = LocalExecutor(2).map(_tag, [[n] for n in range(4)], shared="s")
    next(results)
    assert gc.get_freeze_count() > 0
    list(results)
    assert gc.get_freeze_count() == 0


def test_make_executor_checks_its_arguments():
    assert make_executor("local", jobs=3).jobs == 3
    with pytest.raises(ValueError, match="unknown executor"):
        make_executor("spark")
    with pytest.raises(ValueError, match="at least 1"):
        make_executor("local", jobs=-1)


@pytest.fixture
def small_corpus(tmp_path):
    return write_corpus(tmp_path / "corpus")


@pytest.fixture(scope="module")
def dask_scheduler():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        yield cluster.scheduler_address


def test_dask_executor_keeps_order_and_shares_one_object(dask_scheduler):
    executor = make_executor("dask", jobs=2, scheduler=dask_scheduler)
    try:
        results = list(executor.map(_tag, [[n] for n in range(12)], shared="ids"))
    finally:
        executor.close()
    assert [r[0][:2] for r in results] == [("ids", n * n) for n in range(12)]
    assert os.getpid() not in {r[0][2] for r in results}


def test_dask_builds_the_same_graph_as_sharded_local_processes(dask_scheduler, tmp_path, small_corpus):
    from egov_kg.build import build

    local = build(small_corpus, tmp_path / "local", jobs=2, shards=True, validate=False)
    remote = build(small_corpus, tmp_path / "dask", executor="dask", scheduler=dask_scheduler, shards=True,
                   validate=False)
    assert remote.statements == local.statements and remote.analysed == local.analysed
    shards = sorted((tmp_path / "dask" / "shards").glob("*.nq"))
    assert [p.read_bytes() for p in shards] == [p.read_bytes() for p in sorted((tmp_path / "local" / "shards").glob("*.nq"))]


def test_forked_workers_are_replaced_after_a_number_of_chunks(monkeypatch):
    import multiprocessing

    import egov_kg.executors as executors

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("workers are recycled only when forked")
    monkeypatch.setattr(executors, "CHUNKS_PER_WORKER", 2)
    results = list(LocalExecutor(2).map(_tag, [[n] for n in range(12)], shared="s"))
    assert [r[0][1] for r in results] == [n * n for n in range(12)]
    assert len({r[0][2] for r in results}) > 2
