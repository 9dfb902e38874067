"""Records to RDF: the only layer that knows the graph model.

Each press release becomes one named graph (its IRI is the document's IRI) holding the
document, every fact read from it, the entities those facts name and the evidence for each
fact. Quads are built with pyoxigraph terms, which serialise and load far faster than rdflib
objects at corpus scale; the terms themselves come from rdflib's closed namespaces, so a
mistyped term fails loudly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from egov_kg import __version__
from egov_kg.keys import OrgKey, slug
from egov_kg.ontology import namespaces
from egov_kg.ontology.namespaces import DCATDE_GEOCODING, GEONAMES
from egov_kg.records import AmountMention, DateValue, DocumentFacts, Evidence, Funding
from egov_kg.resolve import Identities, OrgEntity, mint, mint_within
from egov_kg.vocabulary import role_vocabulary


class _Terms:
    """A namespace whose terms are looked up once: rdflib makes and checks a new URIRef at every
    attribute access, which was a third of the time a press release's quads took."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


DCTERMS, EGOV, OA, ORG, OWL, PROV, RDF, SDO, SKOS, TIME, XSD = (
    _Terms(getattr(namespaces, name)) for name in ("DCTERMS", "EGOV", "OA", "ORG", "OWL", "PROV", "RDF", "SDO",
                                                   "SKOS", "TIME", "XSD"))

#: Organisation type (the ``organizations`` table's vocabulary) -> classes of the node.
ORG_CLASSES: dict[str, tuple] = {
    "municipality": (EGOV.Municipality, SDO.GovernmentOrganization),
    "municipal_association": (EGOV.MunicipalAssociation, SDO.GovernmentOrganization),
    "district": (EGOV.District, SDO.GovernmentOrganization),
    "state": (EGOV.State, SDO.GovernmentOrganization),
    "ministry": (EGOV.Ministry, SDO.GovernmentOrganization),
    "authority": (EGOV.Authority, SDO.GovernmentOrganization),
    "parliament": (EGOV.Parliament, SDO.GovernmentOrganization),
    "party": (EGOV.Party, SDO.Organization),
    "university": (EGOV.University, SDO.CollegeOrUniversity),
    "company": (EGOV.Company, SDO.Corporation),
    "cooperation": (EGOV.Cooperation, ORG.OrganizationalCollaboration),
    "other": (EGOV.OtherOrganization, SDO.Organization),
}

#: DCAT-AP.de political geocoding: the key's length says its level.
_GEOCODING_LEVEL = {2: "stateKey", 5: "districtKey", 8: "municipalityKey", 12: "regionalKey"}

_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
_TIME_PROPERTIES = {"day": TIME.inXSDDate, "month": TIME.inXSDgYearMonth, "year": TIME.inXSDgYear}


@cache
def _n(term: str) -> NamedNode:
    """The node of a vocabulary term (made once: the same few hundred recur in every graph)."""
    return NamedNode(str(term))


def _text(value: str, language: str | None = None) -> Literal:
    return Literal(value, language=language) if language else Literal(value)


def _typed(value: object, datatype: str) -> Literal:
    return Literal(str(value), datatype=_n(datatype))


def date_literal(date: DateValue) -> Literal | None:
    """A date typed by its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    if date.value is None:
        return None
    return _typed(date.value, _DATE_TYPES[date.precision])


def _decimal(value: Decimal) -> Literal:
    """The canonical form (``44563.5``, ``12500``, ``0``), as every store gives it back, so that a
    pushed graph equals the files."""
    return _typed(format(value.normalize(), "f") if value else "0", XSD.decimal)


class _Graph:
    """Collects the quads of one named graph; subjects and objects are IRIs or literals."""

    def __init__(self, graph: str | None) -> None:
        self.graph = NamedNode(graph) if graph else DefaultGraph()
        self.quads: list[Quad] = []

    def add(self, subject: str, predicate: str, obj: object) -> None:
        """Add one statement; None objects are skipped so optional fields need no branches."""
        if obj is None or obj == "":
            return
        if isinstance(obj, str):
            obj = Literal(obj)
        elif isinstance(obj, int) and not isinstance(obj, bool):
            obj = _typed(obj, XSD.integer)
        elif isinstance(obj, Decimal):
            obj = _decimal(obj)
        self.quads.append(Quad(NamedNode(subject), _n(predicate), obj, self.graph))

    def link(self, subject: str, predicate: str, iri: str | None) -> None:
        if iri:
            self.quads.append(Quad(NamedNode(subject), _n(predicate), NamedNode(iri), self.graph))

    def a(self, subject: str, *classes: str) -> None:
        for cls in classes:
            self.link(subject, RDF.type, str(cls))


def document_quads(facts: DocumentFacts, ids: Identities) -> list[Quad]:
    """Every quad of one press release, in its own named graph."""
    doc = ids.document(facts.source_file)
    g = _Graph(doc)
    g.a(doc, EGOV.PressRelease, SDO.NewsArticle, PROV.Entity)
    g.add(doc, EGOV.sourceFile, facts.source_file)
    g.add(doc, EGOV.sha256, facts.sha256)
    g.add(doc, DCTERMS.title, facts.title)
    if facts.published:
        g.add(doc, DCTERMS.issued, date_literal(facts.published))
    g.link(doc, PROV.wasGeneratedBy, ids.build)

    def evidence(fact: str, ev: Evidence) -> None:
        node = mint_within(doc, "evidence", f"{ev.start}-{ev.end}", ev.rule)
        g.link(fact, PROV.wasDerivedFrom, doc)
        g.link(fact, EGOV.evidence, node)
        g.a(node, EGOV.Evidence, OA.TextPositionSelector, OA.TextQuoteSelector)
        g.add(node, OA.start, ev.start)
        g.add(node, OA.end, ev.end)
        g.add(node, OA.exact, facts.text[ev.start : ev.end])
        g.add(node, EGOV.sentence, " ".join(facts.text[ev.sentence_start : ev.sentence_end].split()))
        g.add(node, EGOV.sentenceStart, ev.sentence_start)
        g.add(node, EGOV.sentenceEnd, ev.sentence_end)
        g.add(node, EGOV.rule, ev.rule)

    def date(subject: str, predicate: str, value: DateValue | None) -> None:
        if value is not None:
            g.add(subject, predicate, date_literal(value))

    described: set[str] = set()
    described_keys: set[str] = set()

    def organisation(key: str | None) -> str | None:
        if key is None or key not in ids.orgs:
            return None
        entity = ids.orgs[key]
        if entity.iri not in described:
            described.add(entity.iri)
            _describe_org(g, entity, ids)
            g.link(doc, SDO.mentions, entity.iri)
        return entity.iri

    for org in facts.orgs:  # an entity's evidence is its first mention in the document
        first_mention = org.key not in described_keys
        described_keys.add(org.key)
        iri = organisation(org.key)
        if iri and first_mention:
            evidence(iri, org.evidence)

    for person in facts.persons:
        entity = ids.persons[person.name]
        if entity.iri in described:
            continue
        described.add(entity.iri)
        g.a(entity.iri, SDO.Person, PROV.Agent)
        g.add(entity.iri, SDO.name, entity.name)
        g.add(entity.iri, SDO.givenName, entity.given)
        g.add(entity.iri, SDO.familyName, entity.family)
        g.add(entity.iri, SDO.honorificPrefix, entity.honorific)
        for party in entity.parties:
            g.link(entity.iri, ORG.memberOf, organisation(party))
        g.link(doc, SDO.mentions, entity.iri)
        evidence(entity.iri, person.evidence)

    for role in facts.roles:
        if role.person not in ids.persons:
            continue
        person = ids.person(role.person)
        body = role.org or ids.persons[role.person].body_of(role.role, former=role.status == "former")
        membership = mint(ids.base, "membership", role.person, role.role, *([body] if body else []))
        g.a(membership, ORG.Membership)
        g.link(membership, ORG.member, person)
        g.link(membership, ORG.organization, organisation(body))
        g.link(membership, ORG.role, ids.role(role.role))
        g.add(membership, EGOV.roleLabel, role.label)
        g.add(membership, EGOV.status, role.status)
        if role.start or role.end:
            interval = mint_within(membership, "during")
            g.link(membership, ORG.memberDuring, interval)
            g.a(interval, TIME.Interval)
            for edge, value in ((TIME.hasBeginning, role.start), (TIME.hasEnd, role.end)):
                if value:
                    instant = mint_within(interval, "start" if edge == TIME.hasBeginning else "end")
                    g.link(interval, edge, instant)
                    g.a(instant, TIME.Instant)
                    precision = {10: "day", 7: "month"}.get(len(value), "year")
                    g.add(instant, _TIME_PROPERTIES[precision], _typed(value, _DATE_TYPES[precision]))
        evidence(membership, role.evidence)

    def amount_iri(ev: Evidence | None) -> str | None:
        return mint_within(doc, "amount", ev.start) if ev is not None else None

    def amount_node(amount: AmountMention) -> str:
        node = amount_iri(amount.evidence)
        g.a(node, SDO.MonetaryAmount)
        g.add(node, SDO.value, amount.value)
        g.add(node, SDO.currency, amount.currency)
        g.add(node, EGOV.qualifier, amount.qualifier)
        g.add(node, EGOV.surfaceText, amount.text)
        g.add(node, EGOV.perPeriod, amount.per)
        g.link(node, EGOV.partOf, amount_iri(amount.part_of))
        if amount.upper is not None:
            g.add(node, SDO.minValue, amount.value)
            g.add(node, SDO.maxValue, amount.upper)
        elif amount.qualifier == "bis zu":
            g.add(node, SDO.maxValue, amount.value)
        evidence(node, amount.evidence)
        return node

    for amount in facts.amounts:
        amount_node(amount)

    for mention in facts.dates:  # every date the text names, resolved where it can be
        node = mint_within(doc, "date", mention.evidence.start)
        g.a(node, TIME.Instant)
        if mention.date.value is not None:
            g.add(node, _TIME_PROPERTIES[mention.date.precision], date_literal(mention.date))
        g.add(node, EGOV.datePrecision, mention.date.precision)
        g.add(node, EGOV.surfaceText, mention.date.text)
        evidence(node, mention.evidence)

    fact_by_evidence: dict[Evidence, str] = {}  # so events can name the facts announced at them
    grants_of_sum: dict[str, list[str]] = defaultdict(list)  # amount IRI -> grants: a part's grant names its total's
    for funding in facts.fundings:
        grants_of_sum[amount_iri(funding.amount.evidence)].append(_grant_iri(doc, funding))
    for funding in facts.fundings:
        grant = _grant_iri(doc, funding)
        fact_by_evidence[funding.evidence] = grant
        g.a(grant, SDO.MonetaryGrant)
        for total in grants_of_sum.get(amount_iri(funding.amount.part_of), ()):
            g.link(grant, EGOV.partOf, total)
        g.link(grant, SDO.amount, amount_node(funding.amount))
        g.link(grant, EGOV.recipient, organisation(funding.recipient))
        for funder in funding.funders:
            g.link(grant, SDO.funder, organisation(funder))
        g.add(grant, EGOV.programme, funding.programme)
        g.add(grant, EGOV.purpose, funding.purpose)
        g.add(grant, EGOV.fundingRate, funding.rate)
        date(grant, DCTERMS.date, funding.date)
        evidence(grant, funding.evidence)

    for coop in facts.cooperations:
        node = ids.cooperation(coop)
        fact_by_evidence[coop.evidence] = node
        if organisation(coop.key) is None:  # a joint body already has its organisation's name
            g.add(node, SDO.name, coop.name)
        g.a(node, ORG.OrganizationalCollaboration, EGOV.Cooperation)
        g.add(node, EGOV.cooperationForm, coop.form)
        for party in coop.parties:
            g.link(node, ORG.hasMember, organisation(party))
        for applicant in coop.applicants:
            g.link(node, EGOV.applicant, organisation(applicant))
        for leaver in coop.leavers:
            g.link(node, EGOV.formerMember, organisation(leaver))
        g.add(node, EGOV.decision, coop.decision)
        g.add(node, EGOV.status, coop.status)
        g.link(node, EGOV.leadOrganization, organisation(coop.lead))
        date(node, EGOV.foundingDate, coop.date)
        evidence(node, coop.evidence)

    for event in facts.events:
        node = mint_within(doc, "event", event.evidence.start)
        g.a(node, SDO.Event, EGOV.Event)
        g.add(node, SDO.name, event.name)
        if event.date is not None:
            date(node, SDO.startDate, event.date)
            if event.date.end:
                g.add(node, SDO.endDate, date_literal(DateValue(event.date.end, event.date.precision, "")))
        g.link(node, SDO.location, organisation(event.place))
        for organiser in event.organisers:
            g.link(node, SDO.organizer, organisation(organiser))
        g.add(node, EGOV.participantCount, event.participants)
        for fact in event.facts:
            g.link(node, EGOV.announced, fact_by_evidence.get(fact))
        evidence(node, event.evidence)
    return g.quads


def _grant_iri(doc: str, funding: Funding) -> str:
    return mint_within(doc, "grant", f"{funding.evidence.start}-{slug(funding.recipient)}")


def _describe_org(g: _Graph, entity: OrgEntity, ids: Identities) -> None:
    g.a(entity.iri, ORG.Organization, *ORG_CLASSES.get(entity.type, ORG_CLASSES["other"]))
    g.add(entity.iri, SDO.name, entity.name)
    g.add(entity.iri, SKOS.prefLabel, _text(entity.name, "de"))
    for alias in entity.aliases:
        g.add(entity.iri, SKOS.altLabel, _text(alias, "de"))
    if entity.geonames_id:
        g.link(entity.iri, OWL.sameAs, f"{GEONAMES}{entity.geonames_id}/")
    if entity.official_key:
        g.add(entity.iri, EGOV.officialKey, entity.official_key)
        level = _GEOCODING_LEVEL.get(len(entity.official_key))
        if level:
            g.link(entity.iri, EGOV.politicalGeocoding, f"{DCATDE_GEOCODING}{level}/{entity.official_key}")
    if entity.state and entity.type != "state":
        state_key = OrgKey("state", entity.state).format()
        if state_key in ids.orgs:
            g.link(entity.iri, EGOV.state, ids.orgs[state_key].iri)


def vocabulary_quads(ids: Identities) -> list[Quad]:
    """The role concept scheme (SKOS), with both genders' labels, in a graph of its own."""
    g = _Graph(ids.vocabulary)
    scheme = ids.vocabulary
    g.a(scheme, SKOS.ConceptScheme)
    g.add(scheme, DCTERMS.title, _text("Ämter und Funktionen", "de"))
    g.add(scheme, DCTERMS.title, _text("Offices and functions", "en"))
    for concept in role_vocabulary():
        iri = ids.role(concept.id)
        g.a(iri, SKOS.Concept, ORG.Role)
        g.link(iri, SKOS.inScheme, scheme)
        g.add(iri, SKOS.notation, concept.id)
        g.add(iri, SKOS.prefLabel, _text(concept.pref_label_male, "de"))
        if concept.pref_label_female and concept.pref_label_female != concept.pref_label_male:
            g.add(iri, SKOS.altLabel, _text(concept.pref_label_female, "de"))
        for alt in concept.alt_labels:
            g.add(iri, SKOS.altLabel, _text(alt, "de"))
        if concept.english:
            g.add(iri, SKOS.prefLabel, _text(concept.english, "en"))
        if concept.broader:
            g.link(iri, SKOS.broader, ids.role(concept.broader))
    return g.quads


def build_quads(ids: Identities, documents: Iterable[str]) -> list[Quad]:
    """The build as a prov:Activity naming the tool's version (no clock: output stays identical)."""
    g = _Graph(ids.build)
    build = ids.build
    agent = mint(ids.base, "agent", f"egov-kg {__version__}")
    g.a(build, PROV.Activity, EGOV.Build)
    g.link(build, PROV.wasAssociatedWith, agent)
    g.a(agent, PROV.SoftwareAgent)
    g.add(agent, SDO.name, "egov-kg")
    g.add(agent, SDO.softwareVersion, __version__)
    for source in documents:
        g.link(build, PROV.used, source)
    return g.quads


def all_quads(documents: Iterable[DocumentFacts], ids: Identities) -> Iterator[Quad]:
    """Vocabulary, build and every document's graph."""
    yield from vocabulary_quads(ids)
    docs = list(documents)
    yield from build_quads(ids, [ids.document(d.source_file) for d in docs])
    for facts in docs:
        yield from document_quads(facts, ids)
