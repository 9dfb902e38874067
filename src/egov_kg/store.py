"""Writing the graph files and reading them back for queries.

Quads are sorted before they are written, so the same corpus always gives byte-identical
files (``graph_files.py`` writes them one named graph at a time). A build's files are switched
in together (``outputs.py``), so a crash never leaves a half-written or mixed graph, and readers
read one build's files, checked against what the build wrote.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import (
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Store,
    parse,
)

from egov_kg import outputs
from egov_kg.errors import OutputError, QueryRefused
from egov_kg.ontology.namespaces import PREFIXES
from egov_kg.sparql_errors import syntax_message


def write_graph(quads: Iterable[Quad], folder: Path) -> dict[str, int]:
    """Write Turtle (all graphs merged), TriG, N-Quads and JSON-LD (one named graph per press release).

    Every statement must be in a named graph. Returns the number of statements written per file.
    """
    from egov_kg.graph_files import GraphWriter, blocks_of

    folder.mkdir(parents=True, exist_ok=True)
    writer = GraphWriter(folder)
    try:
        for block in blocks_of(quads):
            writer.add(block)
        return writer.commit()
    except BaseException:
        writer.discard()
        raise


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


def load_store(folder: Path, *, named: bool = True) -> Store:
    """An in-memory store of a build (``graph.nq``, or ``shards/*.nq``) with set semantics.

    The default graph is the RDF merge of all press releases (``graph.ttl``, or made here from
    the shards): each statement holds once, however many press releases state it, so ``COUNT``
    and ``SUM`` over it are right and joins do not multiply. The named graphs stay beside it,
    one per press release, for provenance (``GRAPH ?document { ... }``). Querying the union of
    the named graphs instead would count a statement once per press release that makes it.

    ``named=False`` leaves the named graphs out: for queries without ``GRAPH``, such as the
    shipped tables, it loads three times faster and pyoxigraph plans joins over the default
    graph much better without them (fundings.rq on 10k press releases: 1.9 s instead of 12 s).
    """
    with outputs.reading(folder) as files:
        try:
            return _load_store(folder, files, named=named)
        except SyntaxError as exc:  # pyoxigraph's parse error: the file is not what the build wrote
            name = Path(exc.filename).relative_to(files) if exc.filename else Path("graph.nq")
            raise outputs.damaged(folder, folder / name, exc.msg) from None


def _load_store(output: Path, folder: Path, *, named: bool) -> Store:
    nq = folder / "graph.nq"
    ttl = folder / "graph.ttl"
    sources = [nq] if nq.is_file() else sorted((folder / "shards").glob("*.nq"))
    if not sources:
        raise OutputError(f"no graph in {output}: run `egov-kg build CORPUS -o {output}` first")
    store = Store()
    if named:
        for source in sources:
            store.bulk_load(path=str(source), format=RdfFormat.N_QUADS)
    if nq.is_file() and ttl.is_file():
        store.bulk_load(path=str(ttl), format=RdfFormat.TURTLE)
    elif named:
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    else:  # the statements of every shard into the default graph, where duplicates merge
        store.bulk_extend(Quad(q.subject, q.predicate, q.object)
                          for source in sources for q in parse(path=str(source), format=RdfFormat.N_QUADS))
    return store


#: Literal datatypes whose values are numbers (printed as JSON numbers).
NUMERIC_TYPES = frozenset(f"http://www.w3.org/2001/XMLSchema#{t}" for t in (
    "decimal", "integer", "int", "long", "short", "byte", "double", "float", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt"))


@dataclass(frozen=True, slots=True)
class Table:
    """A query result as plain strings: IRIs and literals by their value, unbound as ''.

    ``types`` says per column what its values are: ``iri``, ``number`` or ``text`` (a column
    with values of several kinds is ``text``); empty when unknown.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    types: tuple[str, ...] = ()


def query(store: Store, sparql: str, *, max_rows: int | None = None) -> Table:
    """Run a SELECT or ASK query; raises ValueError on bad SPARQL, naming the line and column.

    The usual prefixes (``PREFIXES``) are declared. The default graph is the store's own if it
    has one (``load_store``: the merge of all graphs), else the union of its named graphs. A
    result of more than ``max_rows`` rows is refused (``QueryRefused``) as soon as the row after
    them is read.
    """
    result = _run(store, sparql)
    if isinstance(result, QueryBoolean):
        return Table(("result",), ((str(bool(result)).lower(),),), ("text",))
    if not isinstance(result, QuerySolutions):
        raise ValueError("only SELECT and ASK queries print as tables")
    columns = tuple(v.value for v in result.variables)
    rows = []
    kinds: list[set[str]] = [set() for _ in columns]
    for solution in _at_most(result, max_rows):  # terms are not kept: they take far more memory than their values
        terms = tuple(solution)  # by position: 5x faster than by name
        rows.append(tuple("" if term is None else term.value for term in terms))
        for found, term in zip(kinds, terms):
            if term is not None:
                found.add(kind_of(term))
    return Table(columns, tuple(rows), column_types(kinds))


def solutions(store: Store, sparql: str) -> tuple[tuple[str, ...], Iterator[tuple]]:
    """The columns of a SELECT query and its rows as pyoxigraph terms (None where unbound), for
    a caller that needs the terms themselves (``table_files``). The rows are read lazily and keep
    the store open: read them all before a store on disk is opened again."""
    result = _run(store, sparql)
    if isinstance(result, QuerySolutions):
        return tuple(v.value for v in result.variables), (tuple(solution) for solution in result)
    raise ValueError("only SELECT queries give rows of terms")


def _run(store: Store, sparql: str):
    union = next(iter(store.quads_for_pattern(None, None, None, DefaultGraph())), None) is None
    try:
        return store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=union)
    except SyntaxError as exc:
        raise ValueError(syntax_message(sparql, str(exc), declared=tuple(PREFIXES))) from None


def kind_of(term: object) -> str:
    """What a term is in a ``Table``: ``iri``, ``number`` or ``text``."""
    if isinstance(term, NamedNode):
        return "iri"
    if isinstance(term, Literal) and term.datatype.value in NUMERIC_TYPES:
        return "number"
    return "text"


def column_types(kinds: Iterable[Iterable[str]]) -> tuple[str, ...]:
    """Each column's type from the kinds of its values: the one kind, or ``text`` (several or none)."""
    return tuple(next(iter(found)) if len(found) == 1 else "text" for found in map(set, kinds))


def _at_most(solutions: QuerySolutions, max_rows: int | None) -> Iterator:
    for count, solution in enumerate(solutions):
        if count == max_rows:
            raise QueryRefused(f"the query gives more than {max_rows:,} rows; add a LIMIT, or give --max-rows")
        yield solution
