"""Corpus in, quads out: the whole transformation as one pure function.

``build`` runs the same three steps (``pipeline.analyse`` per press release, ``resolve.resolve``
over all of them, ``ontology.rdf.all_quads``) inside a cache, worker processes and an
incremental, atomic writer; this is the core without them, for tests and for embedding egov-kg
in other programs. ``tests/test_core.py`` holds both to the same statements.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Quad

from egov_kg.ontology.rdf import all_quads
from egov_kg.pipeline import analyse
from egov_kg.reading import SourceText
from egov_kg.resolve import DEFAULT_BASE_IRI, resolve


def build_graph(sources: Iterable[SourceText], *, base: str = DEFAULT_BASE_IRI) -> list[Quad]:
    """Every statement the press releases ``sources`` give, each in its named graph."""
    facts = [analyse(source) for source in sources]
    return list(all_quads(facts, resolve(facts, base=base)))
