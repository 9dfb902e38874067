"""Benchmark egov-kg builds on a generated corpus: speed, memory, queries, rebuilds, recall.

One command generates (or reuses) a corpus of ``--docs`` press releases with ``generate.py`` and
reports, in one run:

- the cold build: documents/s and tokens/s, and its wall time as a multiple of a bare
  ``spacy.blank("de")`` tokenisation of the same texts timed in the same run;
- peak memory: of the build's processes together (the largest sum of their proportional set
  sizes, PSS, sampled every 0.2 s from ``/proc``: pages a forked worker shares with the build
  process count once, split between them), and per process (``getrusage``: the build process,
  and the largest worker, each with every page it maps, shared or not);
- time per stage: reading, nlp, each extractor (summed over the worker processes), resolution,
  RDF statements and serialisation (summed over workers), validation, writing;
- the median latency of every shipped table (``egov_kg/queries/*.rq``) as ``egov-kg table`` reads
  it (the table the build keeps), and of its query on the built graph, loaded with
  ``load_store`` (the default graph is the merge of all graphs), with and without the named
  graphs; and the time the build takes to compute the tables it keeps;
- the time of a rebuild with nothing changed and of one with one changed document;
- the recall of the planted facts in the built graph (``planted.py``).

Each build runs as its own process (``python -m egov_kg build``-equivalent) so its memory and
time are its own. The corpus is kept in ``--workdir`` for the next run.

    python benchmarks/run.py                   # 1000 press releases
    python benchmarks/run.py --docs 10000 --jobs 2 --json result.json
    python benchmarks/run.py --docs 10000 --shards       # sharded N-Quads instead of the four files
    python benchmarks/run.py --docs 2000 --queries-only  # the tables alone, on the last build of that size
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

#: Stages in the order the report prints them (those not measured in a build are left out).
STAGES = ("reading", "nlp", "dates", "organizations", "persons", "roles", "amounts", "fundings", "cooperations",
          "events", "analysis", "resolution", "contradictions", "rdf", "serialisation", "emission", "validation",
          "writing")
#: Releases up to which the kept tables are compared with their queries on the graph loaded in memory.
COMPARED_UP_TO = 20_000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="press releases to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=None, help="build processes (default: one per core)")
    parser.add_argument("--executor", choices=("local", "dask"), default="local")
    parser.add_argument("--shards", action="store_true",
                        help="write shards/part-NNNNN.nq instead of the graph files (always with dask)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/egov-kg-bench"),
                        help="where corpora and outputs are kept (default /tmp/egov-kg-bench)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each query (median reported)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--queries-only", action="store_true",
                        help="only the table latencies, on the output a full run of the same options left")
    args = parser.parse_args(argv)

    from generate import generate

    from egov_kg.executors import default_jobs

    jobs = args.jobs or default_jobs()
    corpus_dir = args.workdir / f"corpus-{args.docs}-{args.seed}"
    shards = args.shards or args.executor == "dask"
    output = args.workdir / f"output-{args.docs}-{args.seed}-{args.executor}{'-shards' if shards else ''}"
    report: dict = {"machine": _machine(), "docs": args.docs, "seed": args.seed, "jobs": jobs,
                    "executor": args.executor, "shards": shards}

    if args.queries_only:
        report["queries"] = _query_latency(output, args.repeats, compare=args.docs <= COMPARED_UP_TO)
        _print_queries(report["queries"], args.repeats)
        _write(report, args.json)
        return
    facts = _corpus(corpus_dir, args.docs, args.seed, generate)
    texts_dir = corpus_dir / "texts"
    print(f"corpus: {args.docs} press releases in {texts_dir}", flush=True)

    tokens, bare = _bare_tokenisation(texts_dir)
    report["tokens"], report["bare_tokenisation_s"] = tokens, bare
    print(f"bare spacy.blank('de') tokenisation: {bare:.2f} s ({tokens:,} tokens, {tokens / bare:,.0f} tokens/s)",
          flush=True)

    shutil.rmtree(output, ignore_errors=True)
    cold = _child_build(texts_dir, output, jobs, args.executor, shards)
    report["cold"] = cold
    wall = cold["wall"]
    print(f"cold build: {wall:.2f} s = {wall / bare:.1f}x the bare tokenisation; "
          f"{args.docs / wall:,.1f} documents/s, {tokens / wall:,.0f} tokens/s; "
          f"process {cold['process_wall']:.2f} s with start-up", flush=True)
    together = cold["pss_together_mb"]
    print(f"peak memory: {'?' if together is None else f'{together:,}'} MiB all processes together (PSS); per "
          f"process (RSS, with the pages they share) build process {cold['maxrss_mb']:.0f} MiB, largest worker "
          f"{cold['maxrss_children_mb']:.0f} MiB", flush=True)
    print("time per stage (s, and ms per release; extractor, rdf and serialisation times are summed over the "
          "workers):")
    for stage in STAGES:
        if stage in cold["timings"]:
            seconds = cold["timings"][stage]
            print(f"  {stage:14s} {seconds:8.2f} s {1000 * seconds / args.docs:8.2f} ms")

    report["queries"] = _query_latency(output, args.repeats, compare=args.docs <= COMPARED_UP_TO)
    _print_queries(report["queries"], args.repeats)

    unchanged = _child_build(texts_dir, output, jobs, args.executor, shards)
    report["unchanged"] = unchanged
    print(f"unchanged rebuild: {unchanged['wall']:.2f} s ({100 * unchanged['wall'] / wall:.1f}% of the cold build; "
          f"process {unchanged['process_wall']:.2f} s with start-up)", flush=True)

    changed = _child_build(texts_dir, output, jobs, args.executor, shards,
                           change=texts_dir / facts["documents"][0]["file"])
    report["one_changed"] = changed
    print(f"rebuild with one changed document: {changed['wall']:.2f} s ({100 * changed['wall'] / wall:.1f}% of the "
          f"cold build; process {changed['process_wall']:.2f} s with start-up; {changed['analysed']} analysed, "
          f"{changed['emitted']} graphs written anew; peak {changed['pss_together_mb'] or '?'} MiB together)", flush=True)
    print("  its stages: " + ", ".join(f"{k} {v:.2f}" for k, v in changed["timings"].items() if v >= 0.05))

    report["recall"] = _recall(output, facts)
    print("recall of the planted facts:")
    for kind, (found, total, missed) in report["recall"].items():
        print(f"  {kind:20s} {found:6d} / {total:6d}  {100 * found / max(total, 1):5.1f}%"
              + (f"   e.g. missed {missed[0]}" if missed else ""))
    _write(report, args.json)


def _write(report: dict, path: Path | None) -> None:
    report["machine"]["load_average_end"] = os.getloadavg()
    if path:
        path.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str), encoding="utf-8")


def _print_queries(queries: dict, repeats: int) -> None:
    kept = queries["kept"]
    if "tables" not in queries:
        print(f"tables, median of {repeats}, as `egov-kg table` reads them (kept by the build, which computes them in "
              f"{kept['compute_s']:.1f} s):")
        for kind, ms in kept["median_ms"].items():
            print(f"  table {kind:14s} {ms:9.1f} ms")
        return
    tables, full = queries["tables"], queries["full"]
    print(f"tables, median of {repeats}: as `egov-kg table` reads them (kept by the build, which computes them in "
          f"{kept['compute_s']:.1f} s) | their query on the merged graph alone (loaded in {tables['load_s']:.1f} s, "
          f"{tables['quads']:,} triples) | with the named graphs too ({full['load_s']:.1f} s, {full['quads']:,} quads)")
    for kind, ms in kept["median_ms"].items():
        print(f"  table {kind:14s} {ms:9.1f} ms | {tables['median_ms'][kind]:9.1f} ms | {full['median_ms'][kind]:9.1f} "
              f"ms  ({tables['rows'][kind]} rows)")


def _machine() -> dict:
    from egov_kg.executors import default_jobs

    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in _read("/proc/meminfo").splitlines()
                   if line.startswith("MemTotal")), None)
    return {"cpu": cpu, "cores": default_jobs(), "memory_mb": memory, "python": platform.python_version(),
            "platform": platform.platform(), "load_average_start": os.getloadavg()}


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _corpus(folder: Path, docs: int, seed: int, generate) -> dict:
    from generate import GENERATOR_VERSION

    manifest = folder / "manifest.json"
    if manifest.is_file():
        known = json.loads(manifest.read_text())
        if (known.get("docs"), known.get("seed"), known.get("generator")) == (docs, seed, GENERATOR_VERSION):
            return json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    shutil.rmtree(folder, ignore_errors=True)
    return generate(folder, docs=docs, seed=seed)


def _bare_tokenisation(texts_dir: Path) -> tuple[int, float]:
    import spacy

    texts = [p.read_text(encoding="utf-8") for p in sorted(texts_dir.rglob("*.txt"))]
    nlp = spacy.blank("de")
    nlp("Aufwärmen.")
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=256))
    return tokens, time.perf_counter() - start


def _child_build(corpus: Path, output: Path, jobs: int, executor: str, shards: bool,
                 change: Path | None = None) -> dict:
    """Build in a process of its own; ``change``: a file edited for the build and restored after."""
    original = change.read_bytes() if change else None
    if change:
        change.write_bytes(original + "\nDie Stadt investiert weitere 12.345 Euro in die Schulung.\n".encode())
    try:
        command = [sys.executable, str(Path(__file__).resolve()), "--child", str(corpus), str(output), str(jobs),
                   executor, "shards" if shards else "files"]
        start = time.perf_counter()
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
            sampler = _PeakMemory(process.pid)
            sampler.start()
            stdout, stderr = process.communicate()
        process_wall = time.perf_counter() - start
        sampler.join()
    finally:
        if change:
            change.write_bytes(original)
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}):\n{stderr}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures["process_wall"] = process_wall
    figures["pss_together_mb"] = sampler.peak_mib
    return figures


class _PeakMemory(threading.Thread):
    """The largest sum of the proportional set sizes (PSS) of a process and its descendants, in
    MiB, sampled until the process ends; None where ``/proc`` has no ``smaps_rollup``."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_mib: int | None = None

    def run(self) -> None:
        while Path(f"/proc/{self.pid}").exists():
            total = sum(_pss_kib(pid) or 0 for pid in _process_tree(self.pid))
            if Path(f"/proc/{self.pid}/smaps_rollup").exists():
                self.peak_mib = max(self.peak_mib or 0, total // 1024)
            time.sleep(0.2)


def _process_tree(pid: int) -> list[int]:
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(child) for child in task.read_text().split()]
            except OSError:  # the process ended meanwhile
                pass
    return tree


def _pss_kib(pid: int) -> int | None:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    return next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), None)


def _child(corpus: str, output: str, jobs: str, executor: str, layout: str) -> None:
    from egov_kg.build import build

    start = time.perf_counter()
    result = build(Path(corpus), Path(output), jobs=int(jobs), executor=executor, shards=layout == "shards")
    wall = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "wall": wall, "timings": result.timings, "analysed": result.analysed, "emitted": result.emitted,
        "validated": result.validated, "unchanged": result.unchanged, "statements": result.statements,
        "documents": len(result.documents), "skipped": len(result.skipped),
        "maxrss_mb": own.ru_maxrss / 1024, "maxrss_children_mb": children.ru_maxrss / 1024,
        "cpu_s": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
    }))


def _query_latency(output: Path, repeats: int, *, compare: bool) -> dict:
    """Median time of every shipped table: read as ``egov-kg table`` reads it, and its query run
    on the two stores ``load_store`` can make.

    ``kept``: the table the build keeps (``read_table``), and the time to compute them all;
    ``tables``: the query on the merged default graph alone (``named=False``, all a table needs);
    ``full``: the query on the merged default graph and every named graph (the default).
    The two are left out unless ``compare`` (above ``COMPARED_UP_TO`` releases the whole graph
    does not fit in memory: 65 million quads at 100,000).
    """
    from egov_kg import outputs
    from egov_kg.store import load_store, query
    from egov_kg.table_files import read_table, shipped_queries, write_tables

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        write_tables(outputs.current(output), Path(scratch))
    figures: dict = {"kept": {"compute_s": time.perf_counter() - start, "median_ms": {}}}
    for kind in shipped_queries():
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            read_table(output, kind)
            times.append(time.perf_counter() - start)
        figures["kept"]["median_ms"][kind] = 1000 * statistics.median(times)
    if not compare:
        return figures
    for name, named in (("tables", False), ("full", True)):
        start = time.perf_counter()
        store = load_store(output, named=named)
        load = time.perf_counter() - start
        median, rows = {}, {}
        for kind, sparql in shipped_queries().items():
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                table = query(store, sparql)
                times.append(time.perf_counter() - start)
            median[kind] = 1000 * statistics.median(times)
            rows[kind] = len(table.rows)
        figures[name] = {"load_s": load, "quads": len(store), "median_ms": median, "rows": rows}
        del store
    return figures


def _recall(output: Path, facts: dict) -> dict:
    from planted import recall

    from egov_kg.table_files import read_table

    return recall(facts, lambda kind: read_table(output, kind)[0])


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(*sys.argv[2:7])
    else:
        main()
