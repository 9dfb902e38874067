"""Memory of a build step by step: which step makes the peak.

``run.py`` gives the peak of a whole build; this script runs one build in this process and
prints, for each step, the largest proportional set size (PSS, sampled every 0.2 s from
``/proc``) of this process and its workers together, and how much of it was the workers'. To
look at the steps after the analysis without waiting for it, build once, then run with
``--graph-anew``: the analysis comes from the cache, every graph and table is written anew
(the generations are removed; the cache of facts is kept); ``--warm`` loads the pipeline first,
as a cold build's process holds it.

    python benchmarks/memory_steps.py CORPUS OUTPUT --jobs 2 --graph-anew --warm
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import threading
import time
from pathlib import Path

from egov_kg import build as build_module
from egov_kg import graph_files, outputs, resolve, table_files

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import (  # the benchmark's own sampling of /proc, one way
    _process_tree,
    _pss_kib,
)

#: (module or class, function): the steps, each reported from its start to its end.
STEPS = (
    (build_module, "_analyse"), (resolve, "resolve"), (build_module, "find_contradictions"),
    (build_module, "_emit_and_write"), (build_module, "_validate"), (graph_files.GraphWriter, "_write_turtle"),
    (table_files, "write_tables"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--graph-anew", action="store_true", help="remove the generations, keep the cache of facts")
    parser.add_argument("--warm", action="store_true", help="load the pipeline first, as a cold build does")
    args = parser.parse_args()
    if args.graph_anew:
        for path in args.output.iterdir():
            if path.name != outputs.CACHE_DIR and path.name != ".egov-kg.lock":
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        shutil.rmtree(args.output / outputs.CACHE_DIR / table_files.TABLE_STATE, ignore_errors=True)
    if args.warm:
        from egov_kg.pipeline import warm_up

        warm_up()
    sampler = _Sampler()
    for owner, name in STEPS:
        setattr(owner, name, sampler.step(name, getattr(owner, name)))
    print(f"{'step':<22} {'peak MiB':>9} {'workers':>8} {'after':>6} {'seconds':>8}")
    start = time.perf_counter()
    build_module.build(args.corpus, args.output, jobs=args.jobs)
    print(f"whole build: peak {sampler.whole} MiB, {time.perf_counter() - start:.1f} s")


class _Sampler:
    """The largest PSS of this process and its descendants during each step running (steps may
    run inside others: ``_validate`` inside ``_emit_and_write``) and during the whole build."""

    def __init__(self) -> None:
        self.running: list[list[int]] = []  # [peak, the workers' share of it] of each step running
        self.whole = 0
        threading.Thread(target=self._watch, daemon=True).start()

    def step(self, name: str, func):
        def timed(*args, **kwargs):
            self.running.append([0, 0])
            self._sample()
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                own, workers = self._sample()
                peak, at = self.running.pop()
                indent = "  " * len(self.running)
                print(f"{indent}{name:<{22 - len(indent)}} {peak:>9,} {at:>8,} {own + workers:>6,} "
                      f"{time.perf_counter() - start:>8.1f}", flush=True)
        return timed

    def _watch(self) -> None:
        while True:
            self._sample()
            time.sleep(0.2)

    def _sample(self) -> tuple[int, int]:
        own, *workers = ((_pss_kib(pid) or 0) // 1024 for pid in _process_tree(os.getpid()))
        workers = sum(workers)
        for entry in list(self.running):
            if own + workers > entry[0]:
                entry[:] = own + workers, workers
        self.whole = max(self.whole, own + workers)
        return own, workers


if __name__ == "__main__":
    main()
