"""Which way of analysing press releases in parallel is faster: spaCy's ``n_process`` or a pool?

Three ways of turning the same texts into ``DocumentFacts``, timed in one run:

- ``serial``: one process, ``analyse(text)`` per text;
- ``spacy-n_process``: ``nlp.pipe(texts, n_process=N)`` makes the Docs in N processes, the parent
  runs the extractors on each Doc as it comes back (spaCy's own parallelism);
- ``pool``: egov-kg's ``LocalExecutor``: N forked workers that inherit the built pipeline and
  run the whole analysis, returning plain records (what ``egov-kg build --jobs N`` does).

    python benchmarks/parallel.py --corpus /tmp/egov-bench/1k/texts [--jobs 2] [--limit 400]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

from egov_kg.build import ANALYSIS_CHUNK, _analyse_chunk, _chunks
from egov_kg.executors import LocalExecutor, default_jobs
from egov_kg.nlp import pipeline
from egov_kg.pipeline import analyse
from egov_kg.reading import SourceText, read_corpus


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--limit", type=int, default=400, help="texts to analyse (default 400)")
    args = parser.parse_args(argv)
    sources = [s for s in read_corpus(args.corpus) if isinstance(s, SourceText)][: args.limit]
    nlp = pipeline()
    analyse(sources[0])  # rules and lexicons loaded before any clock runs

    def run(method) -> tuple[float, float]:
        cpu = _cpu()
        start = time.perf_counter()
        method()
        return time.perf_counter() - start, _cpu() - cpu

    def serial() -> None:
        for source in sources:
            analyse(source)

    def spacy_parallel() -> None:
        docs = nlp.pipe((s.text for s in sources), n_process=args.jobs, batch_size=16)
        for source, doc in zip(sources, docs):
            analyse(source, doc=doc)

    def pool() -> None:
        for _ in LocalExecutor(args.jobs).map(_analyse_chunk, _chunks(sources, ANALYSIS_CHUNK)):
            pass

    load = os.getloadavg()[0]
    times = {name: run(method) for name, method in (("serial", serial), (f"spacy n_process={args.jobs}", spacy_parallel),
                                                     (f"pool of {args.jobs}", pool))}
    n = len(sources)
    print(f"{n} press releases, {args.jobs} processes; load average {load:.1f} before, {os.getloadavg()[0]:.1f} after "
          f"(other processes on the machine take cores from the parallel runs)")
    base = times["serial"][0]
    for name, (wall, cpu) in times.items():
        print(f"  {name:22s} {wall:7.2f} s wall  {n / wall:6.1f} docs/s  speed-up {base / wall:4.2f}x  "
              f"CPU {cpu:6.2f} s")


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
