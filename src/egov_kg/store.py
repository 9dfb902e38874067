"""Writing the graph files and reading them back for queries.

Quads are sorted before they are written, so the same corpus always gives byte-identical
files. Every file is written to a temporary name and renamed into place, so a crash never
leaves a half-written graph; a lock file keeps two builds out of one output folder.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import QueryBoolean, QuerySolutions, Quad, RdfFormat, Store, Triple, serialize

from egov_kg.errors import OutputError
from egov_kg.ontology.namespaces import PREFIXES

GRAPH_FILES = {"graph.ttl": RdfFormat.TURTLE, "graph.trig": RdfFormat.TRIG, "graph.nq": RdfFormat.N_QUADS}
LOCK_FILE = ".egov-kg.lock"


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold the output folder for one build; a second build at the same time is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_FILE
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        holder = lock.read_text(encoding="utf-8").strip() if lock.exists() else "?"
        if holder.isdigit() and not _alive(int(holder)):
            lock.unlink(missing_ok=True)  # left behind by a build that died
            with output_lock(folder):
                yield
            return
        raise OutputError(f"{folder} is in use by another build (process {holder}); wait for it to finish") from None
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        lock.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _quad_order(quad: Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def write_graph(quads: Iterable[Quad], folder: Path) -> dict[str, int]:
    """Write Turtle (all graphs merged), TriG and N-Quads (one named graph per press release).

    Returns the number of statements written per file.
    """
    folder.mkdir(parents=True, exist_ok=True)
    ordered = sorted(set(quads), key=_quad_order)
    triples = sorted({Triple(q.subject, q.predicate, q.object) for q in ordered},
                     key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    counts = {}
    for name, fmt in GRAPH_FILES.items():
        items = triples if fmt == RdfFormat.TURTLE else ordered
        _atomic_write(folder / name, serialize(items, format=fmt, prefixes=None if fmt == RdfFormat.N_QUADS else PREFIXES))
        counts[name] = len(items)
    _atomic_write(folder / "graph.jsonld", _compact_jsonld(serialize(ordered, format=RdfFormat.JSON_LD)))
    counts["graph.jsonld"] = len(ordered)
    return counts


def _compact_jsonld(expanded: bytes) -> bytes:
    """JSON-LD with an ``@context`` of the usual prefixes, so keys read ``schema:name``.

    Only IRIs are shortened (property keys, ``@type`` values and datatypes); the document stays
    equivalent to the expanded form that pyoxigraph writes.
    """

    def short(iri: str) -> str:
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def walk(node: object) -> object:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key == "@type":
                out[key] = [short(v) for v in value] if isinstance(value, list) else short(value)
            elif key.startswith("@"):
                out[key] = walk(value)
            else:
                out[short(key)] = walk(value)
        return out

    document = {"@context": dict(PREFIXES), "@graph": walk(json.loads(expanded))}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def write_text(path: Path, text: str) -> None:
    """Write a text output atomically."""
    _atomic_write(path, text.encode("utf-8"))


def load_store(folder: Path) -> Store:
    """An in-memory store with every named graph of a build."""
    source = folder / "graph.nq"
    if not source.is_file():
        raise OutputError(f"no graph in {folder}: run `egov-kg build CORPUS -o {folder}` first")
    store = Store()
    store.bulk_load(path=str(source), format=RdfFormat.N_QUADS)
    return store


@dataclass(frozen=True, slots=True)
class Table:
    """A query result as plain strings: IRIs and literals by their value, unbound as ''."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def query(store: Store, sparql: str) -> Table:
    """Run a SELECT or ASK query over the union of all graphs; raises ValueError on bad SPARQL."""
    prefixes = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    try:
        result = store.query(prefixes + sparql, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise ValueError(f"invalid SPARQL: {str(exc).splitlines()[0]}") from None
    if isinstance(result, QueryBoolean):
        return Table(("result",), ((str(bool(result)).lower(),),))
    if not isinstance(result, QuerySolutions):
        raise ValueError("only SELECT and ASK queries print as tables")
    columns = tuple(v.value for v in result.variables)
    rows = tuple(tuple("" if s[c] is None else s[c].value for c in columns) for s in result)
    return Table(columns, rows)
