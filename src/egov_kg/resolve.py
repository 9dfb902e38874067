"""One identity per real entity across press releases, and the IRIs that name them.

Extractors already give every organisation mention a key (``keys.OrgKey``: type and canonical
name, or its GeoNames id) and every person mention a full name; here the mentions of all
documents are pooled so that each entity gets one IRI, one display name and its aliases,
whatever document it was read from. IRIs are minted in one function from those keys, so
rebuilding the same corpus gives the same IRIs.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from egov_kg.keys import OrgKey, slug
from egov_kg.lexicon import state_by_ags
from egov_kg.ontology.namespaces import DEFAULT_BASE_IRI
from egov_kg.records import Cooperation, DocumentFacts


def mint(base: str, kind: str, *parts: str) -> str:
    """The IRI of an entity: ``<base><kind>/<slug>/<slug>...``."""
    return base + "/".join([kind, *(slug(p) for p in parts)])


def mint_within(iri: str, *segments: str | int) -> str:
    """The IRI of a node that lives inside another (a press release's evidence, amount, date,
    grant or event; a membership's interval): ``<iri>/<segment>/...``, the segments as written
    (offsets, rule ids). With :func:`mint`, the only places IRIs are made."""
    return "/".join([iri, *(str(s) for s in segments)])


@dataclass(frozen=True, slots=True)
class OrgEntity:
    key: str
    iri: str
    name: str
    type: str
    aliases: tuple[str, ...]
    geonames_id: int | None
    official_key: str | None
    state: str | None


@dataclass(frozen=True, slots=True)
class PersonEntity:
    name: str
    iri: str
    given: str
    family: str
    honorific: str | None
    parties: tuple[str, ...]  # organisation keys
    #: (role concept, former, organisation key) where the corpus names exactly one body for the office
    offices: tuple[tuple[str, bool, str], ...] = ()

    def body_of(self, role: str, *, former: bool) -> str | None:
        """The body of this person's office where the corpus names exactly one: a press release
        that leaves it out ("Finanzstaatssekretärin Dr. Beispiel") states the same office. An
        office called former is matched only with offices called former."""
        return next((org for concept, was, org in self.offices if concept == role and was == former), None)


class CooperationName(NamedTuple):
    """What names a cooperation (``Identities.cooperation``), without the rest of its record:
    what a build keeps of every cooperation while it counts them and judges their dates."""

    key: str | None
    name: str | None
    parties: tuple[str, ...]
    form: str | None

    @classmethod
    def of(cls, coop: Cooperation) -> CooperationName:
        return cls(coop.key, coop.name, coop.parties, coop.form)


@dataclass(frozen=True, slots=True)
class Identities:
    """Everything the RDF layer needs to name entities consistently across documents."""

    base: str
    orgs: dict[str, OrgEntity]
    persons: dict[str, PersonEntity]
    alike: frozenset[str] = frozenset()  # source files whose names give the same slug as another's

    def document(self, source_file: str) -> str:
        """A press release's IRI: its name as a slug; where names give the same slug (``a b.txt``
        and ``A-B.txt``), each of them followed by a hash of the name itself."""
        iri = mint(self.base, "doc", source_file)
        if source_file in self.alike:
            return f"{iri}-{hashlib.sha256(source_file.encode('utf-8')).hexdigest()[:8]}"
        return iri

    def org(self, key: str) -> str:
        return self.orgs[key].iri

    def person(self, name: str) -> str:
        return self.persons[name].iri

    def role(self, concept: str) -> str:
        return mint(self.base, "role", concept)

    @property
    def build(self) -> str:
        """The build's node, and the graph that lists every press release it used."""
        return mint(self.base, "build")

    @property
    def vocabulary(self) -> str:
        """The role concept scheme, and its graph."""
        return mint(self.base, "vocabulary", "roles")

    def cooperation(self, coop: Cooperation | CooperationName) -> str:
        """A named joint body is its organisation; an unnamed agreement is named by its parties."""
        if coop.key and coop.key in self.orgs:
            return self.orgs[coop.key].iri
        if coop.name:
            return mint(self.base, "cooperation", coop.name)
        return mint(self.base, "cooperation", "-".join(sorted(coop.parties)), coop.form or "")


def resolve(documents: Iterable[DocumentFacts], *, base: str = DEFAULT_BASE_IRI) -> Identities:
    """Pool the mentions of all documents into entities."""
    org_names: dict[str, Counter[str]] = defaultdict(Counter)
    org_surfaces: dict[str, set[str]] = defaultdict(set)
    org_first: dict[str, object] = {}  # the first mention (or _Implied) of each key
    person_rows: dict[str, list] = defaultdict(list)
    # person -> (role, former) -> the bodies the corpus names for that office
    bodies: dict[str, dict[tuple[str, bool], set[str]]] = defaultdict(lambda: defaultdict(set))
    referenced: set[str] = set()
    source_files: list[str] = []
    for facts in documents:
        source_files.append(facts.source_file)
        for org in facts.orgs:
            org_names[org.key][org.name] += 1
            org_surfaces[org.key].add(org.text)
            org_first.setdefault(org.key, org)
        for person in facts.persons:
            person_rows[person.name].append(person)
        for role in facts.roles:
            if role.org:
                bodies[role.person][(role.role, role.status == "former")].add(role.org)
        referenced.update(_referenced_org_keys(facts))
    for key in sorted(referenced - set(org_names)):
        state = _state_named_by_key(key)  # a funder's state the text implies but never names
        if state is not None:
            org_names[key][state.name] += 1
            org_first[key] = _Implied(ags=state.ags, state=state.ags)
    orgs = {}
    for key in sorted(org_names):
        first = org_first[key]
        name = _display_name(org_names[key])
        org_key = OrgKey.parse(key)
        orgs[key] = OrgEntity(
            key=key,
            iri=mint(base, "org", org_key.type, *org_key.parts),
            name=name,
            type=org_key.type,
            aliases=tuple(sorted((set(org_names[key]) | {s for s in org_surfaces[key] if _name_like(s)}) - {name})),
            geonames_id=first.geonames_id,
            official_key=first.ags,
            state=first.state,
        )
    persons = {}
    for name in sorted(person_rows):
        rows = person_rows[name]
        honorifics = Counter(p.honorific for p in rows if p.honorific)
        persons[name] = PersonEntity(
            name=name,
            iri=mint(base, "person", name),
            given=rows[0].given,
            family=rows[0].family,
            honorific=_most_common(honorifics),
            parties=tuple(sorted({p.party for p in rows if p.party})),
            offices=tuple(sorted((*office, *orgs) for office, orgs in bodies.get(name, {}).items() if len(orgs) == 1)),
        )
    return Identities(base=base, orgs=orgs, persons=persons, alike=_alike(source_files))


def _alike(names: list[str]) -> frozenset[str]:
    """The names whose slug another name has too (a slug ends in ``-txt`` or ``-html``, never in
    the hexadecimal of a hash, so slugs with and without a hash cannot meet)."""
    slugs = Counter(slug(name) for name in set(names))
    return frozenset(name for name in names if slugs[slug(name)] > 1)


@dataclass(frozen=True, slots=True)
class _Implied:
    """An organisation referred to by key only (no mention in the text), with what is known."""

    ags: str | None
    state: str | None
    geonames_id: int | None = None


def _referenced_org_keys(facts: DocumentFacts) -> set[str]:
    keys = {f for funding in facts.fundings for f in (*funding.funders, funding.recipient)}
    keys |= {p for coop in facts.cooperations for p in (*coop.parties, *coop.applicants, coop.lead, coop.key)}
    keys |= {role.org for role in facts.roles} | {p.party for p in facts.persons}
    keys |= {o for event in facts.events for o in (event.place, *event.organisers)}
    return {k for k in keys if k}


def _state_named_by_key(key: str):
    org_key = OrgKey.parse(key)
    if org_key.type != "state":
        return None
    try:
        return state_by_ags(org_key.id)
    except StopIteration:
        return None


def _name_like(surface: str) -> bool:
    """Surface forms worth keeping as aliases: several words or an abbreviation, not "Landes"."""
    return " " in surface or (surface.isupper() and len(surface) > 1)


def _display_name(names: Counter[str]) -> str:
    """The most frequent name; ties go to the longer (fuller) one, then alphabetically."""
    return sorted(names.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def _most_common(counter: Counter[str]) -> str | None:
    if not counter:
        return None
    return sorted(counter.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
