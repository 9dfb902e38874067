"""Which rows of a shipped table a change of statements can touch, and where new rows go.

After one changed press release among 10,000, computing every shipped table anew took 8 of the
rebuild's 16 seconds, though a handful of rows had changed. A row of a shipped table belongs to
one node, the query's *subject* (the grant of a row of ``fundings``, the membership of one of
``roles``): its values come from the statements the query's patterns match along paths from that
node. A statement that came in or went out can change the row of a subject only if the subject
reaches the statement's subject (or object) along the patterns that lead to a pattern matching
it, and only through statements that did not change (the first changed statement on such a path
is found from the subject in the graph after the change as well as before). So ``table_plans`` reads
those paths from the query itself (with rdflib's SPARQL algebra), ``affected`` asks the store
for the subjects at their ends, and only their rows are computed again, by the shipped query
restricted to them (``restricted``). Reading the paths from the queries takes rdflib 0.8 s, so
``table_plans`` reads them once, run by ``tools/make_table_plans.py``, and they are shipped
(``queries/plans.json``; a test keeps it equal to what the queries say now).

The rows must keep the order the query gives (``ORDER BY``). The rows computed again come in it
(the restricted query has the same clause); ``insertion_points`` finds their places among the
rows kept by letting pyoxigraph order sort keys with the query's own clause, cut after the
subject (no two rows of different subjects tie up to it, and no row of a subject computed again
is kept): the engine's order is not written again by hand. The build keeps those keys as terms
(``sort_key``).

A query that ``table_plans`` cannot read this way (no typed subject, a pattern not joined to the subject,
a property path with ``*`` or ``+``, an ``ORDER BY`` of expressions) is always computed whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import regex
from pyoxigraph import Store

from egov_kg.store import solutions

#: A SPARQL comment on a line of its own (``#`` elsewhere may be part of an IRI).
LINE_COMMENT = regex.compile(r"(?m)^[ \t]*#.*$")
_WHERE = regex.compile(r"\bWHERE\s*\{", regex.IGNORECASE)

#: A statement that came in (True) or went out (False), as an N-Triples line without its end of line.
Change = tuple[bytes, bool]


@dataclass(frozen=True, slots=True)
class Plan:
    """What a shipped query's rows depend on, and how they are ordered.

    ``reach``: for each property path from the subject (SPARQL, ``""`` for the subject itself),
    the predicates of the patterns at its end, each with True where a changed statement's subject
    is the node reached, False where its object is. ``order``: the terms of the ``ORDER BY``
    clause up to the subject's (``?name``, ``DESC(?name)``), ``keys`` their variables.
    """

    subject: str
    reach: tuple[tuple[str, frozenset[tuple[str, bool]]], ...]
    order: tuple[str, ...]
    keys: tuple[str, ...]

    def __post_init__(self) -> None:
        cut = self.keys.index(self.subject) + 1
        object.__setattr__(self, "order", self.order[:cut])
        object.__setattr__(self, "keys", self.keys[:cut])

    def to_json(self) -> dict:
        return {"subject": self.subject, "reach": [[path, sorted(wants)] for path, wants in self.reach],
                "order": list(self.order), "keys": list(self.keys)}

    @classmethod
    def from_json(cls, data: dict) -> Plan:
        return cls(data["subject"], tuple((path, frozenset((p, at) for p, at in wants)) for path, wants in data["reach"]),
                   tuple(data["order"]), tuple(data["keys"]))


def affected(store: Store, plan: Plan, changes: Iterable[Change]) -> set[str]:
    """The subjects (N-Triples terms) whose rows ``changes`` may have changed, asked of ``store``
    as it is after them."""
    ends: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line, _ in changes:
        s, p, o = line.decode("utf-8").split(" ", 2)
        ends[p[1:-1]].append((s, o[: o.rindex(" .")]))
    subjects: set[str] = set()
    for path, wants in plan.reach:
        nodes = sorted({s if at_subject else o for predicate, at_subject in wants for s, o in ends.get(predicate, ())})
        if not nodes:
            continue
        if not path:
            subjects.update(nodes)
            continue
        found = f"SELECT DISTINCT ?s WHERE {{ VALUES ?x {{ {' '.join(nodes)} }} ?s {path} ?x }}"
        subjects.update(str(row[0]) for row in solutions(store, found)[1])
    return subjects


def restricted(sparql: str, plan: Plan, subjects: Iterable[str]) -> str:
    """The query with its rows restricted to ``subjects`` (N-Triples terms)."""
    text = LINE_COMMENT.sub("", sparql)
    where = _WHERE.search(text)
    return f"{text[: where.end()]} VALUES ?{plan.subject} {{ {' '.join(sorted(subjects))} }} {text[where.end():]}"


def sort_key(terms: Iterable[str | None]) -> str:
    """A row's sort key as kept: its terms in N-Triples, one per line, an empty line where one is
    unbound (an N-Triples term never holds a line break): one string per row, as lists of terms
    took 112 MB for the 250,000 amounts of 100,000 releases, half of it the lists."""
    return "\n".join(term or "" for term in terms)


def insertion_points(kept: Sequence[str], new: Sequence[str], plan: Plan) -> list[int]:
    """Where each row with sort key in ``new`` goes among the rows with sort keys ``kept`` (in
    the query's order): the number of kept rows before it. All rows are searched for at once,
    one comparison query per halving."""
    low, high = [0] * len(new), [len(kept)] * len(new)
    while probes := [(i, (low[i] + high[i]) // 2) for i in range(len(new)) if low[i] < high[i]]:
        rows = [row for n, (i, middle) in enumerate(probes) for row in ((2 * n, n, new[i]), (2 * n + 1, n, kept[middle]))]
        first = {}
        for row, pair in _ordered(rows, plan):
            first.setdefault(int(pair), int(row) % 2 == 0)
        for n, (i, middle) in enumerate(probes):
            if first[n]:
                high[i] = middle
            else:
                low[i] = middle + 1
    return low


def _ordered(rows: Sequence[tuple[int, int, str]], plan: Plan) -> Iterator[tuple[str, str]]:
    """(row, group) of ``rows`` (with their ``sort_key``) in the query's order within each group."""
    values = "\n".join(f"({row} {group} {_as_values(key)})" for row, group, key in rows)
    names = " ".join(f"?{name}" for name in plan.keys)
    sparql = (f"SELECT ?egov_row ?egov_group WHERE {{ VALUES (?egov_row ?egov_group {names}) {{ {values} }} }} "
              f"ORDER BY ?egov_group {' '.join(plan.order)}")
    for row, group in solutions(Store(), sparql)[1]:
        yield row.value, group.value


def _as_values(key: str) -> str:
    """A ``sort_key`` as a row of a ``VALUES`` clause."""
    return " ".join(term or "UNDEF" for term in key.split("\n"))
