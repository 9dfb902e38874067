"""Where per-document work runs: in this process, in a pool of local processes, or on Dask.

Every executor has one method, ``map(func, chunks, shared)``: it calls ``func(chunk, shared)`` for
every chunk and yields the results **in the order of the chunks**, whatever order they finish
in, so a parallel build writes exactly what a serial one writes. It keeps only a few chunks in
flight (``jobs`` times ``IN_FLIGHT``), so neither the inputs nor the results of a large corpus
pile up in memory. ``func`` must be a module-level function (it is sent by reference).

``shared`` is one object every call needs (the build's identities): a local pool receives it
once per worker process, Dask once per worker (``scatter(..., broadcast=True)``).

Why processes and not spaCy's ``nlp.pipe(n_process=N)``: egov-kg's pipeline is a tokenizer and
rule components, and nine tenths of a document's time is spent in the extractors, which run on
the finished Doc outside spaCy. ``n_process`` parallelises only the spaCy part and then sends
every Doc back to the parent to be read serially; a pool whose workers each build the pipeline
once and return plain records parallelises the whole analysis (``benchmarks/parallel.py``
measures both).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

#: Chunks in flight per worker: enough to keep every worker busy, few enough to stay small.
IN_FLIGHT = 3
#: Chunks a forked worker runs before it is replaced by a fresh fork of the parent: spaCy's
#: string store grows with every new token string, so a long-lived worker grows with the corpus.
CHUNKS_PER_WORKER = 250

EXECUTORS = ("local", "dask")


class Executor(Protocol):
    jobs: int

    def map(self, func: Callable[[Any, Any], Any], chunks: Iterable[Any], shared: Any = None) -> Iterator[Any]: ...

    def close(self) -> None: ...


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def make_executor(name: str = "local", *, jobs: int | None = None, scheduler: str | None = None) -> Executor:
    """``local`` (processes on this machine; one job runs in this process) or ``dask``.

    For ``dask``, ``scheduler`` is the address of a running scheduler (``tcp://host:8786``);
    without one, a local cluster of ``jobs`` worker processes is started for the build.
    """
    jobs = jobs or default_jobs()
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if name == "local":
        return LocalExecutor(jobs)
    if name == "dask":
        return DaskExecutor(jobs, scheduler=scheduler)
    raise ValueError(f"unknown executor {name!r}; choose one of {', '.join(EXECUTORS)}")


# ----------------------------------------------------------------------------- local processes

_SHARED: Any = None


def _start_worker(shared: Any) -> None:
    """A worker keeps the shared object and leaves Ctrl-C to the build, which ends the pool:
    a worker stopped by it would only print its own traceback."""
    global _SHARED
    _SHARED = shared
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(func: Callable[[Any, Any], Any], chunk: Any) -> Any:
    return func(chunk, _SHARED)


class LocalExecutor:
    """A pool of worker processes on this machine (forked where the platform allows).

    Forked workers inherit whatever the parent already loaded (the spaCy pipeline, if built),
    so they start in milliseconds and are replaced by fresh forks every ``CHUNKS_PER_WORKER``
    chunks; under the ``spawn`` start method each worker builds its pipeline on its first
    document and lives as long as the pool.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs

    def map(self, func: Callable[[Any, Any], Any], chunks: Iterable[Any], shared: Any = None) -> Iterator[Any]:
        if self.jobs == 1:
            for chunk in chunks:
                yield func(chunk, shared)
            return
        fork = "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if fork else "spawn")
        # a fork starts in milliseconds with the parent's pipeline; a spawned worker builds its own
        recycle = CHUNKS_PER_WORKER if fork else None
        if fork:  # the parent's objects out of the workers' garbage collection, which would copy
            gc.freeze()  # every page it walks: each worker would hold a copy of the build's memory
        try:
            with context.Pool(self.jobs, initializer=_start_worker, initargs=(shared,),
                              maxtasksperchild=recycle) as pool:
                pending: deque = deque()
                for chunk in chunks:
                    pending.append(pool.apply_async(_call, (func, chunk)))
                    while len(pending) >= self.jobs * IN_FLIGHT:
                        yield pending.popleft().get()
                while len(pending) > 1:
                    yield pending.popleft().get()
                last = [pending.popleft().get() for _ in range(len(pending))]
        finally:
            if fork:
                gc.unfreeze()
        # the workers end before the last result is handed out: a caller that takes exactly the
        # results it expects (and never asks for the end) would keep them alive while it goes on
        yield from last

    def close(self) -> None:
        pass

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ----------------------------------------------------------------------------- Dask distributed


class DaskExecutor:
    """Chunks as tasks on a Dask distributed cluster (``pip install 'egov-kg[distributed]'``)."""

    def __init__(self, jobs: int, *, scheduler: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ValueError("--executor dask needs Dask distributed: pip install 'egov-kg[distributed]'") from None
        self.jobs = jobs
        self._cluster = None
        if scheduler:
            self._client = Client(scheduler)
            self.jobs = max(jobs, sum(self._client.nthreads().values()) or 1)
        else:
            self._cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=40)
            self._client = Client(self._cluster)

    def map(self, func: Callable[[Any, Any], Any], chunks: Iterable[Any], shared: Any = None) -> Iterator[Any]:
        client = self._client
        shared_future = client.scatter(shared, broadcast=True) if shared is not None else None
        pending: deque = deque()
        try:
            for chunk in chunks:
                pending.append(client.submit(func, chunk, shared_future, pure=False))
                while len(pending) >= self.jobs * IN_FLIGHT:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
