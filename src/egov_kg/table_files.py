"""The shipped tables, computed once by the build and read back without a SPARQL engine.

A shipped table is a SPARQL query (``queries/KIND.rq``) over the merged graph. Run by
``egov-kg table``, it cost loading the whole graph (1.6 s for 2,000 press releases, five times
that for 10,000) and then evaluating the query (up to 0.3 s at 2,000), every time. So every
writer of graph files runs each shipped query once on the merged graph it has just written and
stores the result beside the graph files, in the same generation (``tables/KIND.json``): the
tables are switched in with the graph they were computed from, never from another build, and
are computed anew for every new generation (a rebuild with one changed press release too), from
the merged statements alone, so a serial and a parallel build write the same bytes.

``read_table`` reads the file. Where there is none (a graph written by an earlier egov-kg) or
it holds the result of another query than the one shipped now, the query is run on the graph.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

from egov_kg import outputs
from egov_kg.ids import base_of
from egov_kg.store import Table, load_store, query, store_of_files

TABLE_DIR = "tables"


def shipped_queries() -> dict[str, str]:
    """The ready-made queries of ``egov-kg table`` by name, as SPARQL text."""
    folder = resources.files("egov_kg.queries")
    return {p.name[:-3]: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir(), key=lambda p: p.name)
            if p.name.endswith(".rq")}


def table_files(folder: Path) -> dict[str, bytes]:
    """Every shipped table of the graph files in ``folder`` (a generation being written), as
    the files to write into it (name: content)."""
    store = store_of_files(folder, folder, named=False)
    base = base_of(store)
    return {f"{TABLE_DIR}/{kind}.json": _dump(sparql, base, query(store, sparql))
            for kind, sparql in shipped_queries().items()}


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
                if stored["query"] == _digest(sparql):
                    rows = tuple(tuple(row) for row in stored["rows"])
                    return Table(tuple(stored["columns"]), rows, tuple(stored["types"])), stored["base"]
            except (ValueError, KeyError, TypeError):
                raise outputs.damaged(output, output / TABLE_DIR / path.name, "it is not the table the build wrote"
                                      ) from None
    store = load_store(output, named=False)
    return query(store, sparql), base_of(store)


def _dump(sparql: str, base: str, table: Table) -> bytes:
    stored = {"query": _digest(sparql), "base": base, "columns": table.columns, "types": table.types,
              "rows": table.rows}
    return json.dumps(stored, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _digest(sparql: str) -> str:
    return hashlib.sha256(sparql.encode("utf-8")).hexdigest()
