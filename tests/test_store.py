"""Graph files: deterministic, readable by rdflib and pyoxigraph alike, written safely."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic

from egov_kg.ontology.rdf import all_quads
from egov_kg.resolve import resolve
from egov_kg.errors import OutputError
from egov_kg.store import load_store, query, write_graph
from tests.conftest import make_facts


def _write(folder):
    facts = [make_facts("a.txt"), make_facts("b.txt")]
    return write_graph(all_quads(facts, resolve(facts)), folder)


def test_same_facts_give_byte_identical_files(tmp_path):
    _write(tmp_path / "one")
    _write(tmp_path / "two")
    for name in ("graph.ttl", "graph.trig", "graph.nq"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_rdflib_and_pyoxigraph_read_the_same_graph(tmp_path):
    _write(tmp_path)
    from_rdflib = rdflib.Graph().parse(tmp_path / "graph.ttl", format="turtle")
    store = load_store(tmp_path)
    from_oxigraph = rdflib.Graph()
    for quad in store:
        from_oxigraph.add(tuple(_to_rdflib(t) for t in (quad.subject, quad.predicate, quad.object)))
    assert len(from_rdflib) > 50
    assert isomorphic(from_rdflib, from_oxigraph)
    dataset = rdflib.Dataset().parse(tmp_path / "graph.trig", format="trig")
    assert len({g.identifier for g in dataset.graphs()} - {rdflib.URIRef("urn:x-rdflib:default")}) == 4


def _to_rdflib(term):
    from pyoxigraph import Literal, NamedNode

    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    assert isinstance(term, Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == str(rdflib.XSD.string):  # RDF 1.1: a plain literal is an xsd:string
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def test_query_reads_all_named_graphs_and_rejects_bad_sparql(tmp_path):
    _write(tmp_path)
    store = load_store(tmp_path)
    table = query(store, "SELECT DISTINCT ?name WHERE { ?p a schema:Person ; schema:name ?name }")
    assert table.columns == ("name",) and table.rows == (("Erika Musterfrau",),)
    with pytest.raises(ValueError, match="invalid SPARQL"):
        query(store, "SELECT ?x WHERE { ?x ")


def test_load_store_without_a_build_says_what_to_do(tmp_path):
    with pytest.raises(OutputError, match="egov-kg build"):
        load_store(tmp_path)


def test_events_table_lists_the_facts_announced(tmp_path):
    from dataclasses import replace
    from importlib import resources

    from egov_kg.records import Event

    facts = make_facts()
    event = Event(facts.fundings[0].evidence, "Übergabe", facts=(facts.fundings[0].evidence,))
    facts = [replace(facts, events=(event,))]
    write_graph(all_quads(facts, resolve(facts)), tmp_path)
    sparql = (resources.files("egov_kg.queries") / "events.rq").read_text(encoding="utf-8")
    table = query(load_store(tmp_path), sparql)
    row = dict(zip(table.columns, table.rows[0]))
    assert "/grant/" in row["announced"]
