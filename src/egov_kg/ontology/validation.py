"""SHACL validation of a build's graph against the shapes in ``shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import rdflib
from pyoxigraph import Quad, RdfFormat, Triple, serialize
from rdflib.namespace import SH

from egov_kg.ontology.namespaces import PREFIXES


@dataclass(frozen=True, slots=True, order=True)
class Violation:
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.focus} {self.path}: {self.message}"


@cache
def shapes() -> rdflib.Graph:
    source = (resources.files("egov_kg.ontology") / "shapes.ttl").read_text(encoding="utf-8")
    return rdflib.Graph().parse(data=source, format="turtle")


def validate_graph(graph: rdflib.Graph) -> list[Violation]:
    """Every violation of the shapes, sorted; an empty list means the graph conforms."""
    from pyshacl import validate

    conforms, report, _ = validate(graph, shacl_graph=shapes(), inference="none", advanced=False, allow_warnings=True)
    if conforms:
        return []
    found = set()
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        found.add(Violation(str(focus), _short(path), str(message)))
    return sorted(found)


def validate_file(path: Path) -> list[Violation]:
    """Validate a Turtle file written by a build; ValueError if it is not Turtle."""
    try:
        graph = rdflib.Graph().parse(path, format="turtle")
    except Exception as exc:  # noqa: BLE001 - rdflib raises SyntaxError, IndexError, ... on a damaged file
        raise ValueError(f"not Turtle: {type(exc).__name__}") from None
    return validate_graph(graph)


def validate_quads(quads: Iterable[Quad]) -> list[Violation]:
    """Validate quads before they are written (all named graphs merged)."""
    triples = {Triple(q.subject, q.predicate, q.object) for q in quads}
    data = serialize(triples, format=RdfFormat.N_TRIPLES)
    return validate_graph(rdflib.Graph().parse(data=data, format="nt"))


def _short(term: object) -> str:
    text = str(term) if term is not None else ""
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text
