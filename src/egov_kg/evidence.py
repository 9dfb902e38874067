"""Where facts come from: evidence rows for table rows, and everything known about one node."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Store

from egov_kg.store import Table, query

#: The column of each table that holds the fact's IRI, whose evidence ``--evidence`` adds.
FACT_COLUMN = {
    "persons": "person",
    "organizations": "organization",
    "roles": "membership",
    "fundings": "grant",
    "amounts": "money",
    "cooperations": "cooperation",
    "events": "event",
}
EVIDENCE_COLUMNS = ("evidence_file", "evidence_start", "evidence_end", "evidence_text", "evidence_sentence")

_EVIDENCE = """
SELECT ?fact ?file ?start ?end ?exact ?sentence WHERE {
  VALUES ?fact { %s }
  ?fact egov:evidence ?ev .
  ?ev oa:start ?start ; oa:end ?end ; oa:exact ?exact ; egov:sentence ?sentence .
  GRAPH ?document { ?fact egov:evidence ?ev }
  ?document egov:sourceFile ?file .
}
ORDER BY ?fact ?file ?start ?end"""


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    file: str
    start: int
    end: int
    text: str
    sentence: str


def evidence_for(store: Store, iris: list[str]) -> dict[str, list[EvidenceRow]]:
    """Every piece of evidence for each IRI, in document order."""
    found: dict[str, list[EvidenceRow]] = {}
    unique = sorted(set(iris))
    for i in range(0, len(unique), 500):
        values = " ".join(f"<{iri}>" for iri in unique[i : i + 500])
        for fact, file, start, end, exact, sentence in query(store, _EVIDENCE % values).rows:
            found.setdefault(fact, []).append(EvidenceRow(file, int(start), int(end), exact, sentence))
    return found


def with_evidence(store: Store, kind: str, table: Table) -> Table:
    """The table with the supporting text of every row's fact; several pieces joined by ' | '."""
    column = FACT_COLUMN.get(kind)
    if column is None or column not in table.columns:
        return table
    index = table.columns.index(column)
    found = evidence_for(store, [row[index] for row in table.rows])
    rows = []
    for row in table.rows:
        pieces = found.get(row[index], [])
        extra = (
            " | ".join(p.file for p in pieces),
            " | ".join(str(p.start) for p in pieces),
            " | ".join(str(p.end) for p in pieces),
            " | ".join(p.text for p in pieces),
            " | ".join(p.sentence for p in pieces),
        )
        rows.append((*row, *extra))
    return Table((*table.columns, *EVIDENCE_COLUMNS), tuple(rows), (*table.types, *("text",) * len(EVIDENCE_COLUMNS)))


_NOT_IN_IRI = frozenset('<>"{}|^`\\ ')


def describe(store: Store, iri: str) -> tuple[Table, Table, dict[str, list[EvidenceRow]]]:
    """What the graph says about a node (outgoing and incoming statements) and its evidence."""
    if not iri or _NOT_IN_IRI & set(iri):
        raise ValueError(f"not an IRI: {iri!r}")
    outgoing = query(store, f"SELECT DISTINCT ?property ?value WHERE {{ <{iri}> ?property ?value }} ORDER BY ?property ?value")
    incoming = query(store, f"SELECT DISTINCT ?subject ?property WHERE {{ ?subject ?property <{iri}> }} ORDER BY ?property ?subject")
    return outgoing, incoming, evidence_for(store, [iri])
