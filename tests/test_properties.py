"""Property: whatever a file holds, the graph built from it parses and validates."""

from __future__ import annotations

import hashlib

import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import RdfFormat, Triple, serialize

from egov_kg.ontology.rdf import all_quads
from egov_kg.ontology.validation import validate_quads
from egov_kg.pipeline import analyse
from egov_kg.reading import SourceText
from egov_kg.resolve import resolve

#: Pieces of press-release language, so random texts reach deep into the rules.
FRAGMENTS = [
    "Landrätin", "Dr.", "Prof.", "Bürgermeister", "der Stadt", "Gemeinde", "Landkreis", "VG", "Amt",
    "Freistaat Thüringen", "Ministerium für", "Digitales", "(SPD)", "(CDU)", "rund", "bis zu", "12.500,50 Euro",
    "2,5 Mio. €", "zehn Millionen Euro", "am 5.12.2019", "im Dezember 2019", "heute", "am vergangenen Mittwoch",
    "Zweckvereinbarung", "Arbeitsgemeinschaft", "„", "“", "\"", "'", "<", ">", "@prefix", "\\", "\n", "\n\n",
    ", ", ". ", "und", "mit", "an", "für", "übergab", "erhält", "Förderbescheid über", "sagte", "Foto:",
    "Kyffhäuserkreis", "Erfurt", "Görlitz", "Anna", "Müller", "Hans-Peter", "von", "\u00ad", "\u00a0", "e\u0301",
]

texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(min_size=1, max_size=12)), min_size=1, max_size=60).map(
    lambda parts: " ".join(parts)
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_any_text_gives_a_graph_that_parses_and_validates(text):
    source = SourceText("random <doc> #1.txt", text, hashlib.sha256(text.encode()).hexdigest())
    facts = [analyse(source)]
    quads = list(all_quads(facts, resolve(facts)))
    assert validate_quads(quads) == []
    triples = [Triple(q.subject, q.predicate, q.object) for q in quads]
    turtle = rdflib.Graph().parse(data=serialize(triples, format=RdfFormat.TURTLE), format="turtle")
    trig = rdflib.Dataset().parse(data=serialize(quads, format=RdfFormat.TRIG), format="trig")
    assert len(turtle) == len(set(triples)) and len(trig) >= len(turtle)
