"""Reading from a shipped query what its rows depend on (``table_updates.Plan``), with rdflib's
SPARQL algebra.

Run by ``tools/make_table_plans.py`` (and the tests), never by a build: parsing the queries takes
0.8 s, so the plans are shipped in ``queries/plans.json``.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

import regex
from rdflib.paths import AlternativePath, InvPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import triples
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import BNode, URIRef, Variable

from egov_kg.table_updates import LINE_COMMENT, Plan

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ORDER_BY = regex.compile(r"\bORDER\s+BY\b(?P<clause>(?:\s*(?:(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\?\w+))+)\s*$",
                          regex.IGNORECASE)
_ORDER_TERM = regex.compile(r"(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\?\w+", regex.IGNORECASE)
_KEY = regex.compile(r"\?(\w+)")


class _Unsupported(Exception):
    pass


def plan(sparql: str) -> Plan | None:
    """The plan of a query, or None if its rows cannot be updated in part."""
    text = LINE_COMMENT.sub("", sparql)
    order = _ORDER_BY.search(text)
    if order is None:
        return None
    counter = itertools.count()
    algebra = prepareQuery(sparql).algebra
    try:
        edges = list(dict.fromkeys(_edges(algebra, counter)))
    except _Unsupported:
        return None
    typed = [a for a, p, _ in edges if p == _RDF_TYPE and a[0] == "var"]
    if not typed:
        return None
    subject = typed[0]
    reach: dict[str, set[tuple[str, bool]]] = defaultdict(set)
    reached = {subject}
    _walk(edges, subject, "", None, {subject}, reach, reached)
    if any(node[0] != "constant" and node not in reached or a[0] == b[0] == "constant"
           for a, _, b in edges for node in (a, b)):
        return None  # a pattern not joined to the subject: a change anywhere could change any row
    terms = tuple(_ORDER_TERM.findall(order["clause"]))
    keys = tuple(_KEY.search(term)[1] for term in terms)
    if subject[1] not in keys or not set(keys) <= {str(v) for v in algebra["PV"]}:
        return None  # rows of different subjects could tie, or a row's sort key is not in the table
    return Plan(subject[1], tuple(sorted((path, frozenset(wants)) for path, wants in reach.items())), terms, keys)


def _edges(node: object, counter: Iterator[int], scoped: Callable[[str], str] = str) -> Iterator[tuple[tuple, str, tuple]]:
    """Every triple pattern anywhere in the algebra (optional parts, subqueries, ``NOT EXISTS``),
    property paths taken apart: (node, predicate IRI, node). A subquery's variables but those it
    projects are its own (``scoped`` names them apart)."""
    if isinstance(node, CompValue):
        if node.name == "ToMultiSet":
            projected, inner, outer = {str(v) for v in node.p.get("PV") or ()}, next(counter), scoped
            scoped = lambda name: outer(name) if name in projected else f"{name}@{inner}"
        # a BGP holds (s, p, o) triples; a pattern rdflib leaves untranslated (in EXISTS) raw ones
        found = node.get("triples") or () if node.name == "BGP" else triples(node.get("triples") or ()) \
            if node.name == "TriplesBlock" else ()
        for s, p, o in found:
            yield from _expand(_node(s, counter, scoped), p, _node(o, counter, scoped), counter)
        for value in node.values():
            yield from _edges(value, counter, scoped)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _edges(value, counter, scoped)


def _node(term: object, counter: Iterator[int], scoped: Callable[[str], str]) -> tuple:
    # every constant is a node of its own: rows joined only through a constant do not depend on each other
    if isinstance(term, Variable | BNode):
        return ("var", scoped(f"_:{term}" if isinstance(term, BNode) else str(term)))
    return ("constant", next(counter))


def _expand(s: tuple, p: object, o: tuple, counter: Iterator[int]) -> Iterator[tuple[tuple, str, tuple]]:
    if isinstance(p, URIRef):
        yield s, str(p), o
    elif isinstance(p, InvPath):
        yield from _expand(o, p.arg, s, counter)
    elif isinstance(p, AlternativePath):
        for arg in p.args:
            yield from _expand(s, arg, o, counter)
    elif isinstance(p, SequencePath):
        nodes = [s, *(("step", next(counter)) for _ in p.args[1:]), o]
        for arg, (a, b) in zip(p.args, itertools.pairwise(nodes)):
            yield from _expand(a, arg, b, counter)
    else:  # a path of any length (*, +, ?) or a negated one
        raise _Unsupported


def _walk(edges: Sequence, node: tuple, path: str, came_by: tuple | None, on_path: set,
          reach: dict[str, set[tuple[str, bool]]], reached: set) -> None:
    """Note, for every simple path from the subject, the patterns at its end (but the one it came by)."""
    for edge in edges:
        a, predicate, b = edge
        if node not in (a, b) or edge == came_by:
            continue
        if a == node:
            reach[path].add((predicate, True))
        if b == node:
            reach[path].add((predicate, False))
        for step, other, here in ((f"<{predicate}>", b, a), (f"^<{predicate}>", a, b)):
            if here == node and other[0] != "constant" and other not in on_path:
                reached.add(other)
                _walk(edges, other, f"{path}/{step}" if path else step, edge, on_path | {other}, reach, reached)
