"""The vocabularies the graph uses: W3C and schema.org terms from rdflib, egov-kg's own terms.

Own terms live in one closed namespace (``_fail = True``), so a mistyped term raises at import
time instead of writing a wrong IRI. Every term is documented in ``egov.ttl`` beside this file;
a test checks that both list the same terms.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
    Namespace,
)


class EGOV(DefinedNamespace):
    """egov-kg's own terms, for what W3C ORG, schema.org, PROV-O and OWL-Time lack."""

    _NS = Namespace("https://w3id.org/egov-kg/ontology#")
    _fail = True

    # organisation classes (types of the ``organizations`` table)
    Municipality: URIRef
    MunicipalAssociation: URIRef
    District: URIRef
    State: URIRef
    Ministry: URIRef
    Authority: URIRef
    Parliament: URIRef
    Party: URIRef
    University: URIRef
    Company: URIRef
    Cooperation: URIRef
    OtherOrganization: URIRef
    # documents, facts and their evidence
    PressRelease: URIRef
    Evidence: URIRef
    Event: URIRef
    Build: URIRef
    sourceFile: URIRef
    sha256: URIRef
    evidence: URIRef
    sentence: URIRef
    sentenceStart: URIRef
    sentenceEnd: URIRef
    rule: URIRef
    state: URIRef
    officialKey: URIRef
    politicalGeocoding: URIRef
    # roles
    roleLabel: URIRef
    status: URIRef
    # money
    recipient: URIRef
    qualifier: URIRef
    programme: URIRef
    purpose: URIRef
    fundingRate: URIRef
    perPeriod: URIRef
    partOf: URIRef
    surfaceText: URIRef
    # dates
    datePrecision: URIRef
    # cooperations
    cooperationForm: URIRef
    foundingDate: URIRef
    applicant: URIRef
    formerMember: URIRef
    leadOrganization: URIRef
    decision: URIRef
    # events
    participantCount: URIRef
    announced: URIRef


OA = Namespace("http://www.w3.org/ns/oa#")
GEONAMES = Namespace("https://sws.geonames.org/")
DCATDE_GEOCODING = Namespace("http://dcat-ap.de/def/politicalGeocoding/")
#: Where the IRIs of entities and facts are minted (``egov-kg build --base-iri`` gives another).
DEFAULT_BASE_IRI = "https://w3id.org/egov-kg/id/"

#: One place binds every prefix, so Turtle, TriG and SPARQL all read the same.
PREFIXES: dict[str, str] = {
    "dcterms": str(DCTERMS),
    "egov": str(EGOV._NS),
    "oa": str(OA),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SDO),
    "skos": str(SKOS),
    "time": str(TIME),
    "xsd": str(XSD),
}

__all__ = ["DCATDE_GEOCODING", "DCTERMS", "DEFAULT_BASE_IRI", "EGOV", "GEONAMES", "OA", "ORG", "OWL", "PREFIXES",
           "PROV", "RDF", "RDFS", "SDO", "SKOS", "TIME", "XSD"]
