"""Graph files: deterministic, readable by rdflib and pyoxigraph alike, written safely."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic

from egov_kg.errors import OutputError
from egov_kg.ontology.rdf import all_quads
from egov_kg.resolve import resolve
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


def test_counts_over_the_default_graph_count_each_fact_once(tmp_path):
    _write(tmp_path)  # the same person, office and body stated in two press releases
    store = load_store(tmp_path)

    def count(pattern: str) -> str:
        return query(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}").rows[0][0]

    assert count("?p a schema:Person") == "1"
    assert count("?p a schema:Person ; schema:name ?name") == "1"
    assert count("?m a org:Membership ; org:organization ?body") == "1"
    assert count("?g a schema:MonetaryGrant") == "2"  # one grant per press release: each its own fact
    assert count("GRAPH ?d { ?p a schema:Person }") == "2"  # where it was stated stays in the named graphs
    total = query(store, "SELECT (SUM(?v) AS ?sum) WHERE { ?a a schema:MonetaryAmount ; schema:value ?v }")
    assert total.rows == (("25000",),)


@pytest.mark.parametrize(("sparql", "message"), [
    ("SELECT ?x WHERE {\n  ?x a foaf:Person .\n}", "line 2, column 19: unknown prefix 'foaf:'"),
    ("PREFIX ex: <http://e/>\nSELECT ?x WHERE {\n ?x ex:p ?y ; schemaa:name ?n }", "line 3, column 27: unknown prefix 'schemaa:'"),
    ("SELECT ?x WHERE {\n  ?x a schema:Person .\n  FILTER(?x = \n}", "line 4, column 2: expected one of"),
])
def test_sparql_errors_name_the_line_of_the_users_query_and_the_unknown_prefix(tmp_path, sparql, message):
    _write(tmp_path)
    with pytest.raises(ValueError, match="invalid SPARQL at ") as error:
        query(load_store(tmp_path, named=False), sparql)
    assert message in str(error.value) and "\n" not in str(error.value)


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


def _roles_table(folder):
    from importlib import resources

    sparql = (resources.files("egov_kg.queries") / "roles.rq").read_text(encoding="utf-8")
    table = query(load_store(folder), sparql)
    return [dict(zip(table.columns, row)) for row in table.rows]


def test_an_office_stated_with_and_without_its_body_is_one_row_with_all_its_sources(tmp_path):
    from dataclasses import replace

    with_body = make_facts("a.txt")
    without = make_facts("b.txt")
    without = replace(without, roles=tuple(replace(r, org=None, label="Landrat", start=None) for r in without.roles))
    write_graph(all_quads([with_body, without], resolve([with_body, without])), tmp_path)
    rows = _roles_table(tmp_path)
    assert len(rows) == 1
    assert rows[0]["organization_name"] == "Landkreis Beispiel" and rows[0]["start"] == "2021"
    assert sorted(rows[0]["source_file"].split("; ")) == ["a.txt", "b.txt"]


def test_an_office_without_its_body_stays_apart_where_the_person_holds_it_at_two_bodies(tmp_path):
    from dataclasses import replace

    facts = make_facts("a.txt")
    elsewhere = replace(facts.roles[0], org="municipality:123")
    first = replace(facts, roles=(*facts.roles, elsewhere))
    second = replace(make_facts("b.txt"), roles=tuple(replace(r, org=None) for r in facts.roles))
    write_graph(all_quads([first, second], resolve([first, second])), tmp_path)
    assert sorted(r["organization_name"] for r in _roles_table(tmp_path)) == ["", "Adorf", "Landkreis Beispiel"]


def test_an_office_called_former_lends_its_body_only_to_offices_called_former(tmp_path):
    from dataclasses import replace

    facts = make_facts("a.txt")
    former = replace(facts, roles=tuple(replace(r, status="former") for r in facts.roles))
    current = replace(make_facts("b.txt"), roles=tuple(replace(r, org=None) for r in facts.roles))
    write_graph(all_quads([former, current], resolve([former, current])), tmp_path)
    rows = _roles_table(tmp_path)
    assert sorted((r["organization_name"], r["status"], r["source_file"]) for r in rows) == [
        ("", "", "b.txt"), ("Landkreis Beispiel", "former", "a.txt")]
