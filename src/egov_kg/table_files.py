"""The shipped tables, computed once by the build and read back without a SPARQL engine.

A shipped table is a SPARQL query (``queries/KIND.rq``) over the merged graph. Run by
``egov-kg table``, it cost loading the whole graph (1.6 s for 2,000 press releases, five times
that for 10,000) and then evaluating the query (up to 0.3 s at 2,000), every time. So every
writer of graph files runs each shipped query once on the merged graph it has just written and
stores the result beside the graph files, in the same generation (``tables/KIND.json``): the
tables are switched in with the graph they were computed from, never from another build, and
are computed anew for every new generation (a rebuild with one changed press release too), from
the merged statements alone, so a serial and a parallel build write the same bytes.

The tables are computed on a store of only the statements a shipped query can match: those
whose predicate one of them names (a type statement: whose class one names). That leaves out
63 % of the statements, the evidence's offsets, quotes and sentences among them: the whole
merged graph of 10,000 press releases took 1.1 GiB in memory, these statements 0.4 GiB. A
shipped query must therefore name every predicate it matches (no ``?s ?p ?o``);
``tests/test_table_files.py`` compares each kept table with its query on the whole graph. The
graph writer keeps these statements in a file of their own beside the merged ones
(``TABLE_STATEMENTS``) and patches it alike, so a rebuild loads them without picking them out of
all statements again; a large graph's store is made on disk (``IN_MEMORY_BYTES``).

``read_table`` reads the file. Where there is none (a graph written by an earlier egov-kg), or
it holds the result of another query than the one shipped now or is laid out otherwise
(``FORMAT``), the query is run on the graph.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import regex
from pyoxigraph import RdfFormat, Store

from egov_kg import outputs
from egov_kg.graph_files import MERGED, SHARD_DIR, TABLE_STATEMENTS
from egov_kg.ids import BASE_OF_BUILD, base_of
from egov_kg.ontology.namespaces import PREFIXES
from egov_kg.store import Table, load_store, query

TABLE_DIR = "tables"
#: The layout of a table file; another one is not read.
FORMAT = "by-column-1"

_RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#: A prefixed name (``schema:name``) or an IRI in a query's text.
_TERM = regex.compile(r"(?<![\w?$])(?P<prefix>[A-Za-z][\w-]*):(?P<local>[A-Za-z_][\w-]*)|<(?P<iri>[^<>\s]*)>")
#: Statements a table reads (bytes of N-Triples) up to which the tables are computed in memory:
#: the store takes three times as many bytes of memory (10,000 press releases: 174 MB of them,
#: 0.5 GB), and on disk it loads and answers about half as fast.
IN_MEMORY_BYTES = 192 * 1024 * 1024
_PIECE = 16 * 1024 * 1024  # bytes of statements loaded into a store at once
_GROUP_CONCAT = regex.compile(r'GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?;\s*separator\s*=\s*"(?P<separator>[^"]+)"\s*\)'
                              r'\s+AS\s+\?(?P<column>\w+)', regex.IGNORECASE)


@cache
def shipped_queries() -> MappingProxyType[str, str]:
    """The ready-made queries of ``egov-kg table`` by name, as SPARQL text (read once)."""
    folder = resources.files("egov_kg.queries")
    return MappingProxyType({p.name[:-3]: p.read_text(encoding="utf-8")
                             for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".rq")})


def shipped_table(store: Store, kind: str) -> Table:
    """The shipped table ``kind`` on ``store``, its concatenated lists sorted.

    ``GROUP_CONCAT`` joins a group's values in the order the store yields them: the order they
    were added in a store in memory, the order of their keys in one on disk. Sorted, a list is
    the same whichever store computed it. (Rows are in a total order: every shipped query orders
    by all its grouping or projected variables, which ``tests/test_table_files.py`` checks.)
    """
    sparql = shipped_queries()[kind]
    table = query(store, sparql)
    lists = {table.columns.index(column): separator for column, separator in _list_columns(sparql)}
    if not lists:
        return table
    rows = tuple(tuple(separator.join(sorted(value.split(separator))) if value and (separator := lists.get(i))
                       else value for i, value in enumerate(row)) for row in table.rows)
    return Table(table.columns, rows, table.types)


@cache
def _list_columns(sparql: str) -> tuple[tuple[str, str], ...]:
    """The columns a query fills with ``GROUP_CONCAT``, with their separators."""
    return tuple((m["column"], m["separator"]) for m in _GROUP_CONCAT.finditer(sparql))


def write_tables(folder: Path, into: Path) -> None:
    """Compute every shipped table of the graph files in ``folder`` and write it into ``into``
    (``tables/KIND.json``; ``into`` is ``folder`` for a generation being written). Each is written
    as soon as it is computed: together they held 125 MB at 100,000 releases."""
    (into / TABLE_DIR).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".tables-", dir=folder) as scratch:
        store = _table_store(folder, Path(scratch))
        base = base_of(store)
        for kind, sparql in shipped_queries().items():
            (into / TABLE_DIR / f"{kind}.json").write_bytes(_dump(sparql, base, shipped_table(store, kind)))
        del store  # closes a store on disk before its folder is removed


def read_table(output: Path, kind: str) -> tuple[Table, str]:
    """The shipped table ``kind`` of the build in ``output``, and the base IRI of its graph.

    Raises:
        OutputError: there is no build in ``output``, or its files are damaged.
    """
    sparql = shipped_queries()[kind]
    with outputs.reading(output) as files:
        path = files / TABLE_DIR / f"{kind}.json"
        if path.is_file():
            try:
                stored = json.loads(path.read_bytes())
                if stored.get("format") == FORMAT and stored["query"] == _digest(sparql):
                    rows = tuple(zip(*stored["values"]))
                    return Table(tuple(stored["columns"]), rows, tuple(stored["types"])), stored["base"]
            except (ValueError, KeyError, TypeError):
                raise outputs.damaged(output, output / outputs.CURRENT / TABLE_DIR / path.name,
                                      "it is not the table the build wrote") from None
    store = load_store(output, named=False)
    return shipped_table(store, kind), base_of(store)


def _table_store(folder: Path, scratch: Path) -> Store:
    """A store of the merged statements of the graph files in ``folder`` that a shipped query
    can match (``TABLE_STATEMENTS``, which the build writes beside the merged statements, or
    they are picked out here): in memory, or in the folder ``scratch`` on disk where they take
    more than ``IN_MEMORY_BYTES``."""
    statements = folder / TABLE_STATEMENTS
    if not statements.is_file():  # sharded files, or a generation of an earlier egov-kg
        statements = scratch / TABLE_STATEMENTS
        with open(statements, "wb") as out:
            batch: list[bytes] = []
            for line in _merged_lines(_merged_sources(folder)):
                if read_by_tables(line):
                    batch.append(line)
                    if len(batch) == 4096:
                        out.write(b"".join(batch))
                        batch.clear()
            out.write(b"".join(batch))
    store = Store() if statements.stat().st_size <= IN_MEMORY_BYTES else Store(str(scratch / "store"))
    # in pieces: the loader holds what it is given (the whole file took 1.7 GiB at 100,000 releases)
    with open(statements, "rb") as handle:
        while piece := handle.read(_PIECE) + handle.readline():
            store.bulk_load(input=piece, format=RdfFormat.N_TRIPLES)
    return store


def read_by_tables(statement: bytes) -> bool:
    """Whether a shipped query can match a statement (an N-Triples line): its predicate is one
    they name, and for a type statement, its class too."""
    terms = _named_terms()
    _, predicate, rest = statement.split(b" ", 2)
    return predicate in terms and (predicate != _RDF_TYPE or rest[: rest.find(b">") + 1] in terms)


def _merged_sources(folder: Path) -> list[Path]:
    """The file of the merged statements, or where there is none the N-Quads of every graph."""
    merged = folder / MERGED
    if merged.is_file():
        return [merged]
    nq = folder / "graph.nq"
    return [nq] if nq.is_file() else sorted((folder / SHARD_DIR).glob("*.nq"))


def _merged_lines(sources: list[Path]) -> Iterator[bytes]:
    """The statements of every graph as N-Triples lines (a statement of several graphs may repeat:
    the store holds it once)."""
    for path in sources:
        with open(path, "rb") as handle:
            if path.name == MERGED:
                yield from handle
                continue
            for line in handle:  # the graph term is always an IRI, and IRIs hold no spaces
                yield line[: line.rindex(b" <")] + b" .\n"


@cache
def _named_terms() -> frozenset[bytes]:
    """Every term the shipped queries (and ``base_of``) name, as N-Triples terms, and rdf:type."""
    terms = {_RDF_TYPE}
    for sparql in [*shipped_queries().values(), BASE_OF_BUILD]:
        for match in _TERM.finditer(sparql):
            if match["iri"] is not None:
                terms.add(f"<{match['iri']}>".encode())
            elif match["prefix"] in PREFIXES:
                terms.add(f"<{PREFIXES[match['prefix']]}{match['local']}>".encode())
    return frozenset(terms)


def _dump(sparql: str, base: str, table: Table) -> bytes:
    """The table as JSON, by column: read back twice as fast as by row (amounts of 10,000 press
    releases: 70 instead of 150 ms), as far fewer lists are made and collected."""
    stored = {"format": FORMAT, "query": _digest(sparql), "base": base, "columns": table.columns,
              "types": table.types, "values": list(zip(*table.rows))}
    return json.dumps(stored, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _digest(sparql: str) -> str:
    return hashlib.sha256(sparql.encode("utf-8")).hexdigest()
