"""A build: read a corpus folder, analyse every press release, resolve, write the graph.

A build streams, so its memory grows far slower than the corpus:

1. **Analyse.** Every text is read and hashed; a text whose facts are in the cache
   (``OUTPUT/.cache``, keyed by the text's sha256 and the analysis fingerprint) is not analysed
   again. The others go to the executor in chunks (local processes or Dask workers), which
   return plain records; no spaCy Doc outlives its document.
2. **Unchanged?** If the texts, egov-kg (code, rules, lexicons) and the options are those of the
   last build and its files are intact, nothing more is done.
3. **Resolve.** Organisations and persons are pooled over the whole corpus (display names and
   identities are corpus-wide), streaming each document's facts from the cache.
4. **Emit and write.** Each press release is one named graph. A graph whose facts and whose
   entities (as now resolved) are those of the last build is copied byte for byte from the
   previous files; the others are made into statements and serialised by the executor, in the
   order of the files, and validated against the SHACL shapes (all of them up to
   ``VALIDATE_ALL_UP_TO`` graphs, above that a fixed sample of that many; by the executor that
   made them) before anything replaces the previous graph.

Parallel and serial builds write byte-identical files: results are consumed in corpus order.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad

from egov_kg import outputs
from egov_kg.cache import (
    BuildCache,
    DependencyDigests,
    facts_key,
    output_fingerprint,
    pack,
    recording,
    repair,
    resolution_view,
    unpack,
    unpack_facts,
)
from egov_kg.contradictions import Sayings, find_contradictions
from egov_kg.errors import BuildError, CacheDamaged, one_line
from egov_kg.executors import Executor, make_executor
from egov_kg.graph_files import Block, GraphWriter, Previous, graph_order
from egov_kg.outputs import output_lock
from egov_kg.reading import Notice, Skipped, SourceText, read_corpus
from egov_kg.records import DocumentFacts
from egov_kg.resolve import DEFAULT_BASE_IRI, CooperationName, Identities

#: The build report: what was read, skipped and found, and the contradictions.
REPORT_FILE = "report.json"

#: The fact kinds counted in a build's summary, as DocumentFacts field names.
FACT_KINDS = ("orgs", "persons", "roles", "amounts", "dates", "fundings", "cooperations", "events")

#: Up to this many new or changed document graphs are all validated; above it, a sample of this
#: many (those whose graph IRI hashes lowest: a fixed, corpus-wide spread). pyshacl needs about
#: 25 ms per document graph, as long as the analysis itself.
VALIDATE_ALL_UP_TO = 200

#: Characters of an analysis error quoted in a skip line.
ERROR_CHARS = 160

#: Documents per task sent to the executor, for analysis and for emission.
ANALYSIS_CHUNK = 8
#: ... or fewer, where their texts hold this many characters (a press release has a few thousand).
ANALYSIS_CHUNK_CHARS = 100_000
EMISSION_CHUNK = 16

_VOCABULARY = "vocabulary"
_BUILD = "build"


@dataclass
class BuildResult:
    documents: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)  # files read, but not as they claimed to be
    facts: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)
    statements: dict[str, int] = field(default_factory=dict)
    analysed: int = 0  # texts analysed in this build (the others' facts came from the cache)
    emitted: int = 0  # named graphs serialised in this build (the others were copied)
    validated: int = 0  # document graphs checked against the shapes in this build
    unchanged: bool = False  # corpus, tool and options as in the last build: nothing written
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    contradictions: list[str] = field(default_factory=list)  # one line each; details in report.json


@dataclass(frozen=True, slots=True)
class _Document:
    source_file: str
    sha256: str
    key: str


def build(
    corpus: Path,
    output: Path,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    on_document: Callable[[str], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    on_notice: Callable[[Notice], None] | None = None,
    validate: bool = True,
    jobs: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    shards: bool = False,
    allow_empty: bool = False,
) -> BuildResult:
    """Build the graph of every press release under ``corpus`` into ``output``.

    ``jobs`` processes (default: one per core) analyse the texts; ``executor="dask"`` runs that
    work on a Dask cluster instead (``scheduler``: its address; default: a local cluster).
    ``shards`` writes ``shards/part-NNNNN.nq`` instead of the four graph files.
    With ``validate`` the graph is checked against the SHACL shapes before anything is
    written, so an invalid graph never replaces a good one. A corpus without a single readable
    press release is refused unless ``allow_empty``, so a wrong folder never replaces a graph.

    The cache and the last build's files are checked where they are used: what is damaged is
    named in a notice, forgotten, and the build starts once more (without repeating its lines).
    """
    report = _Report(on_document, on_skip, on_notice)
    repairs: list[Notice] = []
    with output_lock(output), _LazyExecutor(executor, jobs, scheduler) as ex:
        outputs.sweep(output)
        for _ in range(_PASSES):
            try:
                with BuildCache(output / outputs.CACHE_DIR) as cache:
                    return _build(corpus, output, cache, ex, report, repairs, base_iri=base_iri, validate=validate,
                                  shards=shards, allow_empty=allow_empty)
            except (CacheDamaged, sqlite3.DatabaseError) as exc:
                damaged = exc if isinstance(exc, CacheDamaged) else CacheDamaged(CacheDamaged.DATABASE, str(exc))
                notice = Notice(str(output / outputs.CACHE_DIR), repair(output / outputs.CACHE_DIR, damaged))
                repairs.append(notice)
                report.notice(notice)
    raise BuildError(f"the cache in {output / outputs.CACHE_DIR} stays damaged; remove that folder and build again")


#: A build starts at most this often: once, and again after each repair of the cache.
_PASSES = 3


def _build(corpus: Path, output: Path, cache: BuildCache, ex: _LazyExecutor, report: _Report,
           repairs: list[Notice], *, base_iri: str, validate: bool, shards: bool, allow_empty: bool) -> BuildResult:
    result = BuildResult(notices=list(repairs))
    clock = _Clock(result.timings)
    documents = _analyse(corpus, cache, ex, result, clock, report)
    if not documents and not allow_empty:
        raise BuildError(f"{corpus} holds no press release that could be read ({len(result.skipped)} files "
                         f"skipped); {output} is left as it was (--allow-empty writes an empty graph)")
    signature = _signature(documents, base_iri=base_iri, shards=shards)
    last = cache.get_meta("build")
    now = outputs.state(output)
    if (last and last["signature"] == signature and (last["validated"] or not validate)
            and last.get("state") == now):
        _restore(result, last)
        result.unchanged = True
        return result
    changed = outputs.changed_files(last.get("state") if last else None, now)
    if changed:
        more = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
        notice = Notice(str(output / changed[0]), f"changed since the last build{more}; every graph is written anew")
        result.notices.append(notice)
        report.notice(notice)

    with clock("resolution"):
        from egov_kg.resolve import resolve

        seen = _Distinct()
        ids = resolve(seen.noting(cache.views([d.key for d in documents], [d.source_file for d in documents])),
                      base=base_iri)
    result.entities.update(organizations=len(ids.orgs), persons=len(ids.persons), **seen.counts(ids))
    with clock("contradictions"):
        keys = {d.source_file: d.key for d in documents}
        found = find_contradictions(seen.said, ids, lambda name: next(cache.views([keys[name]], [name])).text)
        result.contradictions = [c.summary() for c in found]
    del seen, keys  # counted and judged: not held while the graph is written

    previous_ok = (last is not None and now is not None and last["fingerprint"] == output_fingerprint()
                   and last["shards"] == shards and last.get("state") == now)
    previous = Previous(outputs.current(output), last["shards"], last["summary"]["statements"].get("graph.ttl")) \
        if previous_ok else None
    writer = GraphWriter(output, shards=shards, previous=previous)
    try:
        _emit_and_write(documents, ids, cache, ex, writer, result, clock, previous_ok=previous_ok, shards=shards,
                        validate=validate, validated_before=previous_ok and last["validated"])
        summary = json.dumps({
            "documents": len(result.documents),
            "skipped": [{"source_file": k.source_file, "reason": k.reason} for k in result.skipped],
            "facts": dict(result.facts),
            "entities": dict(result.entities),
            "contradictions": [c.as_json() for c in found],
        }, ensure_ascii=False, indent=1) + "\n"
        with clock("writing"):
            result.statements = writer.commit({REPORT_FILE: summary.encode("utf-8")})
    except BaseException:
        writer.discard()
        raise
    cache.commit_units()
    cache.keep_only_facts(d.key for d in documents)
    cache.set_meta("build", {
        "signature": signature, "fingerprint": output_fingerprint(), "validated": validate, "shards": shards,
        "state": outputs.state(output),
        "summary": {"facts": dict(result.facts), "entities": dict(result.entities),
                    "statements": result.statements, "contradictions": result.contradictions},
    })
    return result


class _Report:
    """The build's callbacks, each called once per file and line, however often the build starts."""

    def __init__(self, on_document: Callable[[str], None] | None, on_skip: Callable[[Skipped], None] | None,
                 on_notice: Callable[[Notice], None] | None) -> None:
        self._calls = ((on_document, set()), (on_skip, set()), (on_notice, set()))

    def document(self, source_file: str) -> None:
        self._once(0, source_file, source_file)

    def skip(self, skipped: Skipped) -> None:
        self._once(1, skipped, str(skipped))

    def notice(self, notice: Notice) -> None:
        self._once(2, notice, str(notice))

    def _once(self, which: int, item: object, key: str) -> None:
        call, done = self._calls[which]
        if call is not None and key not in done:
            done.add(key)
            call(item)


# ----------------------------------------------------------------------------- 1. analysis


def _analyse(corpus: Path, cache: BuildCache, ex: _LazyExecutor, result: BuildResult, clock: _Clock,
             report: _Report) -> list[_Document]:
    """Read the corpus; analyse the texts the cache does not know; every document, in order.

    A text the analysis fails on is skipped with the reason, so one text never ends a build.
    """
    documents: list[_Document] = []

    def skip(item: Skipped) -> None:
        result.skipped.append(item)
        report.skip(item)

    def new_texts() -> Iterator[SourceText]:
        known = cache.fact_counts()
        reading = read_corpus(corpus)
        while True:
            with clock("reading"):
                item = next(reading, None)
            if item is None:
                return
            if isinstance(item, Skipped):
                skip(item)
                continue
            if isinstance(item, Notice):
                result.notices.append(item)
                report.notice(item)
                continue
            key = facts_key(item.sha256)
            documents.append(_Document(item.source_file, item.sha256, key))
            if key in known:
                result.facts.update(known[key])
                report.document(item.source_file)
            else:
                yield item

    failed: set[str] = set()
    with clock("analysis"):
        chunks = _chunks(new_texts(), ANALYSIS_CHUNK, chars=ANALYSIS_CHUNK_CHARS)
        for analysed, timings in ex.map(_analyse_chunk, chunks):
            for analysis in analysed:
                if analysis.error is not None:
                    failed.add(analysis.source_file)
                    skip(Skipped(analysis.source_file, f"could not be analysed ({analysis.error})"))
                    continue
                cache.put_facts(facts_key(analysis.sha256), analysis.facts, analysis.view, analysis.counts)
                result.facts.update(analysis.counts)
                result.analysed += 1
                report.document(analysis.source_file)
            for stage, seconds in timings.items():
                result.timings[stage] = result.timings.get(stage, 0.0) + seconds
    cache.checkpoint()
    result.timings["analysis"] -= result.timings.get("reading", 0.0)
    documents = [d for d in documents if d.source_file not in failed]
    result.documents = [d.source_file for d in documents]
    return documents


@dataclass(frozen=True, slots=True)
class _Analysis:
    """What a worker returns for one text: its packed facts and counts, or why it failed."""

    source_file: str
    sha256: str
    facts: bytes = b""
    view: bytes = b""
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None


def _analyse_chunk(sources: list[SourceText], _shared: object) -> tuple[list[_Analysis], dict[str, float]]:
    """Worker: each text's packed facts, resolution view and fact counts; the time per stage."""
    from egov_kg.pipeline import analyse

    timings: dict[str, float] = {}
    out = []
    for source in sources:
        try:
            facts = analyse(source, timings=timings)
        except Exception as exc:  # noqa: BLE001 - any failure of one text is that text's skip reason
            out.append(_Analysis(source.source_file, source.sha256, error=one_line(f"{type(exc).__name__}: {exc}",
                                                                                   ERROR_CHARS)))
            continue
        counts = {kind: len(getattr(facts, kind)) for kind in FACT_KINDS}
        out.append(_Analysis(source.source_file, source.sha256, pack(facts), pack(resolution_view(facts)), counts))
    return out, timings


# ----------------------------------------------------------------------------- 4. emission


def _emit_and_write(documents: list[_Document], ids, cache: BuildCache, ex: _LazyExecutor, writer: GraphWriter,
                    result: BuildResult, clock: _Clock, *, previous_ok: bool, shards: bool, validate: bool,
                    validated_before: bool) -> None:
    """Write every named graph in file order, copying the unchanged ones; record each in the cache.

    The graphs of no press release (the vocabulary's, the build's) are made anew every time and
    checked against the shapes together, unless they are the bytes the last, validated build wrote.

    The last build's graphs are read from the cache in file order alongside (twice: to decide
    what to emit, then to write), so neither they nor this build's are all held in memory.
    """
    units: dict[str, list[_Document] | str] = {ids.vocabulary: _VOCABULARY, ids.build: _BUILD}
    for document in documents:
        units.setdefault(ids.document(document.source_file), []).append(document)  # type: ignore[union-attr]
    order = sorted(units, key=graph_order)
    digests = DependencyDigests(ids)

    plan: list[tuple[str, bool]] = []  # (unit key, reuse), in file order
    with clock("emission"):
        for graph, last in _aligned(order, cache.units() if previous_ok else iter(()), None):
            members = units[graph]
            key = _unit_key(members, ids.base)
            reuse = (isinstance(members, list) and last is not None and last[1] == key
                     and last[2] == digests.digest(unpack(last[3])))
            plan.append((key, reuse))
    to_emit = [graph for graph, (_, reuse) in zip(order, plan) if not reuse and isinstance(units[graph], list)]
    checked = set(to_emit) if len(to_emit) <= VALIDATE_ALL_UP_TO else set(
        sorted(to_emit, key=lambda g: hashlib.sha256(g.encode("utf-8")).digest())[:VALIDATE_ALL_UP_TO])

    def emission_tasks() -> Iterator[list[tuple[str, list[tuple[str, str, bytes]], bool]]]:
        chunk = []
        for graph in to_emit:
            chunk.append((graph, [(d.source_file, d.key, cache.facts_blob(d.key)) for d in units[graph]],
                          validate and graph in checked))
            if len(chunk) == EMISSION_CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    if validate and to_emit:
        from egov_kg.ontology.validation import shapes

        shapes()  # loaded once here: forked workers inherit it
    emitted = _flatten(ex.map(_emit_chunk, emission_tasks(), shared=(ids, not shards)), result)
    other_graphs: list[Block] = []
    others_changed = not validated_before
    removed: list[tuple] = []
    for (graph, last), (key, reuse) in zip(_aligned(order, cache.units() if previous_ok else iter(()), removed),
                                           plan):
        members = units[graph]
        if reuse:
            with clock("writing"):
                ranges = writer.reuse(last[4])
            cache.add_unit(graph_order(graph), (graph, key, last[2], last[3], ranges))
            continue
        with clock("emission"):
            if isinstance(members, list):
                block, refs = next(emitted)
            else:
                block, refs = _local_block(graph, members, ids, documents, full=not shards), ([], [])
        result.emitted += 1
        if validate and not isinstance(members, list):
            other_graphs.append(block)
            others_changed = others_changed or last is None or not writer.wrote_before(block, last[4])
        with clock("writing"):
            ranges = writer.add(block, last[4] if last else None)
        cache.add_unit(graph_order(graph), (graph, key, digests.digest(refs), pack(refs), ranges))
    for last in removed:
        writer.remove(last[4])
    if validate and others_changed:
        with clock("validation"):
            _validate(other_graphs)
    if validate:
        result.validated = len(checked)


def _aligned(order: list[str], last_units: Iterator[tuple], removed: list | None) -> Iterator[tuple[str, tuple | None]]:
    """Each graph of ``order`` with its row of the last build (both in file order), or None.

    Rows of graphs this build no longer has are added to ``removed``.
    """
    last = next(last_units, None)
    for graph in order:
        sort = graph_order(graph)
        while last is not None and graph_order(last[0]) < sort:
            if removed is not None:
                removed.append(last)
            last = next(last_units, None)
        if last is not None and last[0] == graph:
            yield graph, last
            last = next(last_units, None)
        else:
            yield graph, None
    while last is not None:
        if removed is not None:
            removed.append(last)
        last = next(last_units, None)


def _emit_chunk(units: list[tuple[str, list[tuple[str, str, bytes]], bool]], shared: tuple) -> tuple[list, dict]:
    """Worker: each unit's graph as a serialised block, and the entities it looked up; the graphs
    marked for it checked against the shapes together (``_validate_documents``)."""
    from egov_kg.graph_files import make_block
    from egov_kg.ontology.rdf import document_quads

    ids, full = shared
    timings = {"rdf": 0.0, "serialisation": 0.0}
    out = []
    checked: list[Quad] = []
    for graph, members, check in units:
        start = time.perf_counter()
        looking, (orgs, persons) = recording(ids)
        quads = []
        for source_file, key, blob in members:
            quads.extend(document_quads(unpack_facts(key, blob, source_file), looking))
        middle = time.perf_counter()
        block = make_block(graph, quads, full=full)
        timings["rdf"] += middle - start
        timings["serialisation"] += time.perf_counter() - middle
        out.append((block, (sorted(orgs, key=repr), sorted(persons, key=repr))))
        if check:
            checked.extend(quads)
    if checked:
        start = time.perf_counter()
        _validate_documents(checked, ids)
        timings["validation"] = time.perf_counter() - start
    return out, timings


def _flatten(chunks: Iterator[tuple[list, dict]], result: BuildResult) -> Iterator:
    for items, timings in chunks:
        for stage, seconds in timings.items():
            result.timings[stage] = result.timings.get(stage, 0.0) + seconds
        yield from items


def _local_block(graph: str, kind: str, ids, documents: list[_Document], *, full: bool) -> Block:
    """The role vocabulary's graph, or the build's (which lists every press release it used)."""
    from egov_kg.graph_files import make_block
    from egov_kg.ontology.rdf import build_quads, vocabulary_quads

    if kind == _VOCABULARY:
        return make_block(graph, vocabulary_quads(ids), full=full)
    used = sorted({ids.document(d.source_file) for d in documents})
    return make_block(graph, build_quads(ids, used), full=full)


def _unit_key(members: list[_Document] | str, base: str) -> str:
    """What a graph is made from, apart from the entities it names: base IRI, files and texts."""
    if isinstance(members, str):
        return members
    parts = [base, *(f"{d.source_file}\0{d.key}" for d in members)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _validate(graphs: list[Block]) -> None:
    """Check the graphs of no press release against the shapes, together (the build's lists every
    one)."""
    from pyoxigraph import RdfFormat, parse

    if graphs:
        _check([q for block in graphs for q in parse(block.nq, format=RdfFormat.N_QUADS)])


def _validate_documents(quads: list[Quad], ids: Identities) -> None:
    """Check press releases' graphs against the shapes, with the concepts of the role vocabulary
    they name (a shape asks for the class of a membership's role). No shape reaches from one
    press release's graph into another's; the vocabulary is checked whole with the build's."""
    from egov_kg.ontology.rdf import vocabulary_quads

    named = {quad.object for quad in quads}
    _check(quads + [quad for quad in vocabulary_quads(ids) if quad.subject in named])


def _check(quads: list[Quad]) -> None:
    from egov_kg.ontology.validation import validate_quads

    violations = validate_quads(quads)
    if violations:
        shown = "; ".join(str(v) for v in violations[:5])
        raise BuildError(f"the build produced a graph that violates its shapes ({len(violations)}): {shown}")


# ----------------------------------------------------------------------------- bookkeeping


def _signature(documents: list[_Document], *, base_iri: str, shards: bool) -> str:
    h = hashlib.sha256(f"{output_fingerprint()}\n{base_iri}\n{shards}\n".encode("utf-8"))
    for d in documents:
        h.update(f"{d.source_file}\t{d.sha256}\n".encode("utf-8"))
    return h.hexdigest()


class _Distinct:
    """Notes what the documents resolution reads say about offices and cooperations: to count
    each once (an office or a cooperation stated in several press releases is one), and what
    may contradict another press release (``contradictions.Sayings``)."""

    def __init__(self) -> None:
        self.offices: set[tuple[str, str, str | None, bool]] = set()
        self.cooperations: set[CooperationName] = set()
        self.said = Sayings()

    def noting(self, views: Iterable[DocumentFacts]) -> Iterator[DocumentFacts]:
        for facts in views:
            self.offices.update((r.person, r.role, r.org, r.status == "former") for r in facts.roles)
            self.cooperations.update(map(CooperationName.of, facts.cooperations))
            self.said.note(facts)
            yield facts

    def counts(self, ids: Identities) -> dict[str, int]:
        """Offices held (as the roles table lists them) and cooperations, each once."""
        offices = {(person, role, org or ids.persons[person].body_of(role, former=former))
                   for person, role, org, former in self.offices if person in ids.persons}
        return {"offices": len(offices), "cooperations": len({ids.cooperation(c) for c in self.cooperations})}


def _restore(result: BuildResult, last: dict) -> None:
    summary = last["summary"]
    result.facts = Counter(summary["facts"])
    result.entities = Counter(summary["entities"])
    result.statements = summary["statements"]
    result.contradictions = summary.get("contradictions", [])


def _chunks(items: Iterable, size: int, *, chars: int | None = None) -> Iterator[list]:
    """Lists of ``size`` items; with ``chars``, a list of texts also ends once it holds that many
    characters, so that long texts are analysed side by side, not one after the other."""
    chunk = []
    held = 0
    for item in items:
        chunk.append(item)
        held += len(item.text) if chars else 0
        if len(chunk) == size or (chars and held >= chars):
            yield chunk
            chunk = []
            held = 0
    if chunk:
        yield chunk


class _LazyExecutor:
    """The executor, started on the first chunk of work (an unchanged rebuild starts none)."""

    def __init__(self, name: str, jobs: int | None, scheduler: str | None) -> None:
        self.name, self.jobs, self.scheduler = name, jobs, scheduler
        self._executor: Executor | None = None

    def map(self, func: Callable, chunks: Iterable, shared: object = None) -> Iterator:
        iterator = iter(chunks)
        first = next(iterator, None)
        if first is None:
            return
        second = next(iterator, None)
        if second is None and self.name == "local":  # one chunk: not worth starting processes
            yield func(first, shared)
            return
        if second is not None:
            iterator = _prepend(second, iterator)
        if self._executor is None:
            self._executor = make_executor(self.name, jobs=self.jobs, scheduler=self.scheduler)
            if self.name == "local" and func is _analyse_chunk:
                from egov_kg.pipeline import warm_up

                warm_up()  # pipeline and rules built once here; forked workers inherit them
        yield from self._executor.map(func, _prepend(first, iterator), shared)

    def __enter__(self) -> _LazyExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.close()


def _prepend(first: object, rest: Iterator) -> Iterator:
    yield first
    yield from rest


class _Clock:
    """Adds the wall time of ``with clock(stage):`` blocks to a dict of seconds per stage."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start
