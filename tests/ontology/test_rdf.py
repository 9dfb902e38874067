"""The graph model: exact triples for hand-made facts, typed dates, and the ontology file."""

from __future__ import annotations

from importlib import resources

import rdflib
from pyoxigraph import Literal, NamedNode

from egov_kg.ontology.namespaces import EGOV
from egov_kg.ontology.rdf import all_quads, date_literal, document_quads
from egov_kg.records import DateValue
from egov_kg.resolve import resolve

BASE = "https://ex.org/"
ORG = "http://www.w3.org/ns/org#"
SDO = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _triples(facts):
    ids = resolve([facts], base=BASE)
    return {(q.subject.value, q.predicate.value, q.object) for q in document_quads(facts, ids)}


def test_dates_are_typed_by_precision():
    assert date_literal(DateValue("2019-12-05", "day", "")) == Literal("2019-12-05", datatype=NamedNode(XSD + "date"))
    assert date_literal(DateValue("2019-12", "month", "")) == Literal("2019-12", datatype=NamedNode(XSD + "gYearMonth"))
    assert date_literal(DateValue("2019", "year", "")) == Literal("2019", datatype=NamedNode(XSD + "gYear"))
    assert date_literal(DateValue(None, "day", "am Montag", relative=True)) is None


def test_a_role_is_an_org_membership(facts):
    triples = _triples(facts)
    membership = BASE + "membership/erika-musterfrau/landrat/district-beispiel"
    person = BASE + "person/erika-musterfrau"
    assert (membership, ORG + "member", NamedNode(person)) in triples
    assert (membership, ORG + "organization", NamedNode(BASE + "org/district/beispiel")) in triples
    assert (membership, ORG + "role", NamedNode(BASE + "role/landrat")) in triples
    assert (membership, str(EGOV.roleLabel), Literal("Landrätin")) in triples
    assert (person, SDO + "honorificPrefix", Literal("Dr.")) in triples
    assert (person, ORG + "memberOf", NamedNode(BASE + "org/party/spd")) in triples


def test_a_grant_has_recipient_funder_amount_and_date(facts):
    triples = _triples(facts)
    grants = {s for s, p, o in triples if o == NamedNode(SDO + "MonetaryGrant")}
    assert len(grants) == 1
    grant = grants.pop()
    assert (grant, str(EGOV.recipient), NamedNode(BASE + "org/municipality/123")) in triples
    assert (grant, SDO + "funder", NamedNode(BASE + "org/district/beispiel")) in triples
    assert (grant, "http://purl.org/dc/terms/date", Literal("2022-05-03", datatype=NamedNode(XSD + "date"))) in triples
    money = next(o.value for s, p, o in triples if s == grant and p == SDO + "amount")
    assert (money, SDO + "value", Literal("12500", datatype=NamedNode(XSD + "decimal"))) in triples
    assert (money, str(EGOV.qualifier), Literal("rund")) in triples


def test_every_fact_carries_its_evidence(facts):
    triples = _triples(facts)
    doc = BASE + "doc/a-txt"
    facts_with_evidence = {s for s, p, o in triples if p == str(EGOV.evidence)}
    derived = {s for s, p, o in triples if p == "http://www.w3.org/ns/prov#wasDerivedFrom" and o == NamedNode(doc)}
    assert facts_with_evidence == derived
    quote = {o.value for s, p, o in triples if p == "http://www.w3.org/ns/oa#exact"}
    assert "rund 12.500 Euro" in quote and "Landrätin Dr. Erika Musterfrau" in quote


def test_a_cooperation_is_an_organizational_collaboration_with_members(facts):
    triples = _triples(facts)
    coop = BASE + "org/cooperation/arbeitsgemeinschaft-netz"
    assert (coop, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", NamedNode(ORG + "OrganizationalCollaboration")) in triples
    members = {o.value for s, p, o in triples if s == coop and p == ORG + "hasMember"}
    assert members == {BASE + "org/district/beispiel", BASE + "org/municipality/123"}
    assert (coop, str(EGOV.foundingDate), Literal("2021-12", datatype=NamedNode(XSD + "gYearMonth"))) in triples


def test_each_document_is_its_own_named_graph(facts):
    ids = resolve([facts], base=BASE)
    graphs = {q.graph_name.value for q in all_quads([facts], ids)}
    assert graphs == {BASE + "doc/a-txt", BASE + "vocabulary/roles", BASE + "build"}


def test_ontology_file_documents_exactly_the_own_terms():
    source = (resources.files("egov_kg.ontology") / "egov.ttl").read_text(encoding="utf-8")
    graph = rdflib.Graph().parse(data=source, format="turtle")
    ns = str(EGOV._NS)
    defined = {str(s)[len(ns):] for s in graph.subjects(rdflib.RDFS.label, None) if str(s).startswith(ns)}
    declared = set(EGOV.__annotations__)
    assert defined == declared
    for term in declared:
        labels = {lit.language for lit in graph.objects(rdflib.URIRef(ns + term), rdflib.RDFS.label)}
        assert labels == {"de", "en"}, term


def test_an_event_names_the_grant_handed_over_at_it(facts):
    from dataclasses import replace

    from egov_kg.records import Event

    event = Event(facts.fundings[0].evidence, "Übergabe des Förderbescheids", place="municipality:123",
                  facts=(facts.fundings[0].evidence,))
    triples = _triples(replace(facts, events=(event,)))
    grant = next(s for s, p, o in triples if o == NamedNode(SDO + "MonetaryGrant"))
    assert any(p == str(EGOV.announced) and o == NamedNode(grant) for s, p, o in triples)
