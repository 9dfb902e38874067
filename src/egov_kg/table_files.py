"""The shipped tables, computed once by the build and read back without a SPARQL engine.

A shipped table is a SPARQL query (``queries/KIND.rq``) over the merged graph. Run by
``egov-kg table``, it cost loading the whole graph (1.6 s for 2,000 press releases, five times
that for 10,000) and then evaluating the query (up to 0.3 s at 2,000), every time. So every
writer of graph files runs each shipped query once on the merged graph it has just written and
stores the result beside the graph files, in the same generation (``tables/KIND.json``): the
tables are switched in with the graph they were computed from, never from another build, and
are written for every new generation from the merged statements alone, so a serial and a
parallel build write the same bytes. A rebuild computes again only the rows its changed
statements can touch (``table_updates``), on a store the build keeps for the next one.

The tables are computed on a store of only the statements a shipped query can match: those
whose predicate one of them names (a type statement: whose class one names). That leaves out
63 % of the statements, the evidence's offsets, quotes and sentences among them: the whole
merged graph of 10,000 press releases took 1.1 GiB in memory, these statements 0.4 GiB. A
shipped query must therefore name every predicate it matches (no ``?s ?p ?o``);
``tests/test_table_files.py`` compares each kept table with its query on the whole graph. The
graph writer keeps these statements in a file of their own beside the merged ones
(``TABLE_STATEMENTS``) and patches it alike. The store is on disk (``OUTPUT/.cache/tables``), so
memory stays bounded at any size; a rebuild patches it with the statements that came in or
went out instead of loading them all again.

``read_table`` reads the file. Where there is none (a graph written by an earlier egov-kg), or
it holds the result of another query than the one shipped now or is laid out otherwise
(``FORMAT``), the query is run on the graph.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import regex
from pyoxigraph import RdfFormat, Store, parse

from egov_kg import outputs, table_updates
from egov_kg.graph_files import MERGED, SHARD_DIR, TABLE_STATEMENTS
from egov_kg.ids import BASE_OF_BUILD, base_of
from egov_kg.ontology.namespaces import PREFIXES
from egov_kg.store import Table, column_types, kind_of, load_store, solutions
from egov_kg.table_updates import Change

TABLE_DIR = "tables"
#: The layout of a table file; another one is not read.
FORMAT = "by-column-1"

_RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#: A prefixed name (``schema:name``) or an IRI in a query's text.
_TERM = regex.compile(r"(?<![\w?$])(?P<prefix>[A-Za-z][\w-]*):(?P<local>[A-Za-z_][\w-]*)|<(?P<iri>[^<>\s]*)>")
#: Where a build keeps, inside its cache folder, the store of the statements the tables read and
#: each table's sort keys, for the next build to update the tables rather than compute them anew.
TABLE_STATE = "tables"
_STATE = "state.json"  # which generation the kept store holds, and for which queries
_STORE = "store"
_KEYS_LAYOUT = "keys-2"  # KIND.keys.json: kinds, and each row's sort key as one string (table_updates.sort_key)
_KIND_MARK = {"iri": "i", "number": "n", "text": "t"}
_KIND_OF_MARK = {mark: kind for kind, mark in _KIND_MARK.items()}
_PIECE = 16 * 1024 * 1024  # bytes of statements loaded into a store at once
_GROUP_CONCAT = regex.compile(r'GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?;\s*separator\s*=\s*"(?P<separator>[^"]+)"\s*\)'
                              r'\s+AS\s+\?(?P<column>\w+)', regex.IGNORECASE)


@cache
def shipped_queries() -> MappingProxyType[str, str]:
    """The ready-made queries of ``egov-kg table`` by name, as SPARQL text (read once)."""
    folder = resources.files("egov_kg.queries")
    return MappingProxyType({p.name[:-3]: p.read_text(encoding="utf-8")
                             for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".rq")})


#: What each shipped table's rows depend on (``table_updates.Plan``), written by tools/make_table_plans.py.
PLANS = Path(__file__).parent / "queries" / "plans.json"


@cache
def shipped_plans() -> MappingProxyType[str, table_updates.Plan | None]:
    """The plan of every shipped table; None where its query has none (``table_plans``) or the
    plans file was not made from it (``tests/test_table_updates.py`` fails until it is made anew):
    that table is always computed whole."""
    stored = json.loads(PLANS.read_bytes())
    plans: dict[str, table_updates.Plan | None] = {}
    for kind, sparql in shipped_queries().items():
        entry = stored.get(kind) or {}
        plans[kind] = (table_updates.Plan.from_json(entry["plan"])
                       if entry.get("query") == _digest(sparql) and entry.get("plan") else None)
    return MappingProxyType(plans)


def plans_file() -> str:
    """The text of the plans file for the shipped queries as they are now."""
    from egov_kg.table_plans import (
        plan,  # parses SPARQL with rdflib: never during a build
    )

    entries = {}
    for kind, sparql in shipped_queries().items():
        found = plan(sparql)
        entries[kind] = {"query": _digest(sparql), "plan": found.to_json() if found else None}
    return json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def shipped_table(store: Store, kind: str) -> Table:
    """The shipped table ``kind`` on ``store``, its concatenated lists sorted.

    ``GROUP_CONCAT`` joins a group's values in the order the store yields them: the order they
    were added in a store in memory, the order of their keys in one on disk, which a patched
    store need not share with one loaded whole. Sorted, a list is the same whichever store
    computed it. (Rows are in a total order: every shipped query orders
    by all its grouping or projected variables, which ``tests/test_table_files.py`` checks.)
    """
    return _computed(store, kind)[0]


@cache
def _list_columns(sparql: str) -> tuple[tuple[str, str], ...]:
    """The columns a query fills with ``GROUP_CONCAT``, with their separators."""
    return tuple((m["column"], m["separator"]) for m in _GROUP_CONCAT.finditer(sparql))


def write_tables(folder: Path, into: Path, kept: Path | None = None, *, after: Path | None = None,
                 changes: Sequence[Change] | None = None) -> None:
    """Compute every shipped table of the graph files in ``folder`` and write it into ``into``
    (``tables/KIND.json``; ``into`` is ``folder`` for a generation being written). Each is written
    as soon as it is computed: together they held 125 MB at 100,000 releases.

    ``kept`` is where the store of the table statements and each table's sort keys are kept for
    the next build (``TABLE_STATE``; a scratch folder if None). Where they were kept for the
    generation ``after`` and ``changes`` are the table statements that came in or went out since,
    the store is patched and only the rows the changes can touch are computed again
    (``table_updates``); otherwise everything is computed anew.
    """
    (into / TABLE_DIR).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".tables-", dir=folder) as scratch:
        kept = kept or Path(scratch) / "kept"
        update = changes is not None and after is not None and _kept_for(kept) == after.name
        (kept / _STATE).unlink(missing_ok=True)  # the store no longer matches any generation until written
        store = None
        if update:
            try:
                store = _patched_store(kept, changes)
            except OSError:  # a damaged store: made anew
                update = False
        if store is None:
            store = _table_store(folder, Path(scratch), kept / _STORE)
        base = base_of(store)
        store.flush()
        _return_freed_memory()  # what the build freed before: the tables are made beside it
        for kind, sparql in shipped_queries().items():
            if store is None:
                store = Store(str(kept / _STORE))
            computed = _updated(store, kind, changes, after, kept) if update else None
            whole = computed is None
            if whole:
                computed = _computed(store, kind)
                store = None  # what reading the whole store cached stays in it until it is closed
            _write_json(into / TABLE_DIR / f"{kind}.json", _stored(sparql, base, computed[0]))
            _write_json(kept / f"{kind}.keys.json", computed[1])
            del computed
            if whole:  # given back before the next table is made beside it
                _return_freed_memory()
        del store  # closed before its state is told or its folder removed
        (kept / _STATE).write_text(json.dumps({"generation": into.name, "tables": _tables_digest()}), encoding="utf-8")


def _return_freed_memory() -> None:
    """Give the memory freed since back to the system where the C library can (glibc's
    ``malloc_trim``): the query engine's sorting, the store's reading and the rows of one table
    leave freed pages in the heap that the process would keep to its end, and the next table
    would be made beside them."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim():
    """glibc's ``malloc_trim`` from the C library this process runs on, where it has one."""
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):  # no C library to open by no name (Windows)
        return None


def _kept_for(kept: Path) -> str | None:
    """The generation whose table statements the store in ``kept`` holds, if it is kept for these
    tables (the build starts over when the package changes; other writers of tables may not)."""
    try:
        state = json.loads((kept / _STATE).read_bytes())
        return state["generation"] if state["tables"] == _tables_digest() and (kept / _STORE).is_dir() else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _patched_store(kept: Path, changes: Sequence[Change]) -> Store:
    store = Store(str(kept / _STORE))
    came, went = ([line for line, came_in in changes if came_in == side] for side in (True, False))
    for quad in parse(input=b"\n".join(went), format=RdfFormat.N_TRIPLES):
        store.remove(quad)
    store.extend(parse(input=b"\n".join(came), format=RdfFormat.N_TRIPLES))
    return store


def _computed(store: Store, kind: str) -> tuple[Table, dict]:
    """A shipped table computed on the whole store, with what updating it needs (``_Rows.kept``)."""
    sparql = shipped_queries()[kind]
    columns, rows = solutions(store, sparql)
    found = _Rows(columns, shipped_plans()[kind], sparql)
    found.add(rows)
    return Table(columns, tuple(found.values), found.types()), found.kept()


def _updated(store: Store, kind: str, changes: Sequence[Change], after: Path, kept: Path) -> tuple[Table, dict] | None:
    """A shipped table of the last build with the rows ``changes`` can touch computed again, or
    None if it cannot be updated (its query, or what was kept of it, does not allow it)."""
    sparql = shipped_queries()[kind]
    plan = shipped_plans()[kind]
    try:
        stored = json.loads((after / TABLE_DIR / f"{kind}.json").read_bytes())
        keys = json.loads((kept / f"{kind}.keys.json").read_bytes())
        columns = tuple(stored["columns"])
        values = list(zip(*stored["values"])) if stored["values"] else []
        kinds, sort_keys = keys["kinds"], keys["keys"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if plan is None or plan.subject not in columns or not len(kinds) == len(values) == len(sort_keys):
        return None
    subjects = table_updates.affected(store, plan, changes)
    if not subjects:
        return Table(columns, tuple(values), tuple(stored["types"])), keys
    found = _Rows(columns, plan, sparql)  # in the query's order
    found.add(solutions(store, table_updates.restricted(sparql, plan, subjects))[1])
    if found.mixed_keys(kinds):
        return None  # the engine orders numbers and text among each other inconsistently: no search
    new = zip(found.values, found.kinds, found.sort_keys)
    at = columns.index(plan.subject)
    gone = {term[1:-1] for term in subjects if term.startswith("<")}
    stay = [i for i, row in enumerate(values) if row[at] not in gone]
    points = table_updates.insertion_points([sort_keys[i] for i in stay], found.sort_keys, plan)
    kept_rows = [(values[i], kinds[i], sort_keys[i]) for i in stay]
    merged, position = _Rows(columns, plan, sparql), 0
    for point, row in zip(points, new):
        merged.extend([*kept_rows[position:point], row])
        position = point
    merged.extend(kept_rows[position:])
    return Table(columns, tuple(merged.values), merged.types()), merged.kept()


class _Rows:
    """Rows of a shipped table as values (the items of a concatenated list sorted: the store gives
    them in no fixed order), with the kind of each value and the row's sort key (N-Triples terms
    of the ``ORDER BY`` variables), which updating the table needs."""

    def __init__(self, columns: tuple[str, ...], plan: table_updates.Plan | None, sparql: str) -> None:
        self.columns = columns
        self.lists = {columns.index(column): separator for column, separator in _list_columns(sparql)}
        self.key_columns = [columns.index(name) for name in plan.keys] if plan and set(plan.keys) <= set(columns) else []
        self.values: list[tuple[str, ...]] = []
        self.kinds: list[str] = []
        self.sort_keys: list[str] = []
        self._patterns: dict[str, str] = {}  # one string per pattern of kinds: a handful, however many rows

    def add(self, rows: Iterable[tuple]) -> None:
        lists = self.lists
        for terms in rows:
            values = tuple("" if term is None else term.value for term in terms)
            if lists:
                values = tuple(lists[i].join(sorted(value.split(lists[i]))) if value and i in lists else value
                               for i, value in enumerate(values))
            self.values.append(values)
            kinds = "".join("-" if term is None else _KIND_MARK[kind_of(term)] for term in terms)
            self.kinds.append(self._patterns.setdefault(kinds, kinds))
            self.sort_keys.append(table_updates.sort_key(None if terms[i] is None else str(terms[i])
                                                         for i in self.key_columns))

    def extend(self, rows: Iterable[tuple[tuple[str, ...], str, str]]) -> None:
        for values, kinds, key in rows:
            self.values.append(values)
            self.kinds.append(kinds)
            self.sort_keys.append(key)

    def mixed_keys(self, kept_kinds: list[str]) -> bool:
        """Whether a sort key column holds literals of more than one kind, here or in ``kept_kinds``."""
        distinct = {*self.kinds, *kept_kinds}
        return any(len({kinds[i] for kinds in distinct} - {"-", "i"}) > 1 for i in self.key_columns)

    def types(self) -> tuple[str, ...]:
        distinct = set(self.kinds)  # a handful of patterns, however many rows
        return column_types({_KIND_OF_MARK[kinds[i]] for kinds in distinct if kinds[i] != "-"}
                            for i in range(len(self.columns)))

    def kept(self) -> dict:
        return {"kinds": self.kinds, "keys": self.sort_keys}


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


def _table_store(folder: Path, scratch: Path, path: Path) -> Store:
    """A store at ``path`` on disk of the merged statements of the graph files in ``folder`` that a
    shipped query can match (``TABLE_STATEMENTS``, which the build writes beside the merged
    statements, or they are picked out here into ``scratch``)."""
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
    shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(str(path))
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


def _stored(sparql: str, base: str, table: Table) -> dict:
    """The table as stored, by column: read back twice as fast as by row (amounts of 10,000 press
    releases: 70 instead of 150 ms), as far fewer lists are made and collected."""
    return {"format": FORMAT, "query": _digest(sparql), "base": base, "columns": table.columns,
            "types": table.types, "values": list(zip(*table.rows))}


def _write_json(path: Path, value: object) -> None:
    """``value`` as compact JSON (a line), written in pieces: the table of 250,000 amounts would
    otherwise be one string of 60 MB and its bytes besides the rows it is made of."""
    with open(path, "wb") as out:
        out.writelines(_json_pieces(value))
        out.write(b"\n")


def _json_pieces(value: object) -> Iterator[bytes]:
    """The bytes of ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``, in pieces of
    at most ``_JSON_BATCH`` items of a list."""
    if isinstance(value, dict):
        for i, (key, item) in enumerate(value.items()):
            yield (b"," if i else b"{") + _compact(key) + b":"
            yield from _json_pieces(item)
        yield b"}" if value else b"{}"
    elif isinstance(value, (list, tuple)) and any(isinstance(v, (list, tuple)) and len(v) > _JSON_BATCH for v in value):
        for i, item in enumerate(value):
            yield b"," if i else b"["
            yield from _json_pieces(item)
        yield b"]" if value else b"[]"
    elif isinstance(value, (list, tuple)) and len(value) > _JSON_BATCH:
        for i in range(0, len(value), _JSON_BATCH):
            yield (b"," if i else b"[") + _compact(value[i : i + _JSON_BATCH])[1:-1]
        yield b"]"
    else:
        yield _compact(value)


def _compact(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


#: Items of a long list made into JSON at once (``_json_pieces``).
_JSON_BATCH = 4096


@cache
def _tables_digest() -> str:
    """What the kept store and sort keys were made for: the layouts of tables and keys, the queries,
    their plans."""
    return _digest("\n".join([FORMAT, _KEYS_LAYOUT, *shipped_queries().values(), PLANS.read_text(encoding="utf-8")]))


def _digest(sparql: str) -> str:
    return hashlib.sha256(sparql.encode("utf-8")).hexdigest()
