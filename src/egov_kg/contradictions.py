"""Statements that cannot all be true: listed for a reader to judge, never silently resolved.

The same person given two different bodies for one office, two founding dates for one
cooperation, two parties for one person: each is reported with the press releases and the
text that say so.
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from egov_kg.records import Cooperation, DocumentFacts, Evidence, PersonMention, RoleMention
from egov_kg.resolve import CooperationName, Identities


@dataclass(frozen=True, slots=True)
class Claim:
    value: str
    source_file: str
    text: str


@dataclass(frozen=True, slots=True)
class Contradiction:
    kind: str
    subject: str  # display name
    iri: str
    claims: tuple[Claim, ...]

    def summary(self) -> str:
        values = "; ".join(sorted({f"{c.value} ({c.source_file})" for c in self.claims}))
        return f"{self.kind}: {self.subject}: {values}"

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "iri": self.iri,
            "claims": [{"value": c.value, "source_file": c.source_file, "text": c.text} for c in self.claims],
        }


OFFICE, PARTY, FOUNDING = "office", "party", "founding"


class Sayings:
    """What the press releases of a build say that another may contradict, noted (``note``)
    while resolution reads their facts: the body of an office (said about the person and the
    office, the value the body's key), a party (about the person, the party's key) or a founding
    date (about the cooperation's name, the date).

    Held for every press release of a build, so each thing said and each of its values is kept
    once, and where a value was said as three numbers in one array (the press release, its
    sentence's offsets in the text; the sentence is read again only where claims disagree):
    the sayings of 100,000 press releases take a few megabytes, not hundreds.
    """

    def __init__(self) -> None:
        self.files: list[str] = []
        #: (kind, what it is about) -> value -> (file index, sentence start, sentence end)...
        self.where: dict[tuple[str, str | tuple[str, str] | CooperationName], dict[str, array]] = {}

    def note(self, facts: DocumentFacts) -> None:
        index = len(self.files)
        self.files.append(facts.source_file)

        def said(kind: str, about: str | tuple[str, str] | CooperationName, value: str, evidence: Evidence) -> None:
            values = self.where.setdefault((kind, about), {})
            values.setdefault(value, array("I")).extend((index, evidence.sentence_start, evidence.sentence_end))

        for role in filter(may_contradict, facts.roles):
            said(OFFICE, (role.person, role.role), role.org, role.evidence)
        for coop in filter(may_contradict, facts.cooperations):
            said(FOUNDING, CooperationName.of(coop), coop.date.value, coop.evidence)
        for person in filter(may_contradict, facts.persons):
            said(PARTY, person.name, person.party, person.evidence)

    def places(self, spots: array) -> Iterator[tuple[str, int, int]]:
        """Each place in ``spots``: its source file and its sentence's offsets."""
        for i in range(0, len(spots), 3):
            yield self.files[spots[i]], spots[i + 1], spots[i + 2]


def may_contradict(record: RoleMention | Cooperation | PersonMention) -> bool:
    """Whether a record says what another press release may contradict (``Sayings``)."""
    if isinstance(record, RoleMention):
        return bool(record.org) and record.status != "former"
    if isinstance(record, Cooperation):
        return bool(record.date and record.date.value)
    return bool(record.party)


def find_contradictions(sayings: Sayings, ids: Identities, text: Callable[[str], str]) -> list[Contradiction]:
    """Every group of claims about one thing that disagree, in a stable order; ``text`` gives the
    text of a source file, for the sentences of the claims that disagree."""
    groups: dict[tuple[str, str, str], list[tuple[str, array]]] = defaultdict(list)
    for (kind, about), values in sayings.where.items():
        if kind == FOUNDING:
            group = ("several founding dates", about.name or ", ".join(about.parties), ids.cooperation(about))
            groups[group].extend(values.items())
            continue
        person, role = about if kind == OFFICE else (about, "")
        if person not in ids.persons:
            continue
        group = (f"one office, several bodies ({role})" if kind == OFFICE else "several parties", person,
                 ids.person(person))
        groups[group].extend((ids.orgs[value].name, spots) for value, spots in values.items() if value in ids.orgs)
    disagreeing = [(group, values) for group, values in sorted(groups.items())
                   if _disagree({value for value, _ in values})]
    # each source file's text is read once, and only while the sentences said in it are quoted
    wanted: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for _, values in disagreeing:
        for _, spots in values:
            for source_file, start, end in sayings.places(spots):
                wanted[source_file].add((start, end))
    quoted: dict[tuple[str, int, int], str] = {}
    for source_file, sentences in wanted.items():
        full = text(source_file)
        quoted.update(((source_file, start, end), " ".join(full[start:end].split())) for start, end in sentences)
    found = []
    for (kind, subject, iri), values in disagreeing:
        claims = {Claim(value, place[0], quoted[place]) for value, spots in values for place in sayings.places(spots)}
        unique = sorted(claims, key=lambda c: (c.value, c.source_file, c.text))
        found.append(Contradiction(kind, subject, iri, tuple(unique)))
    return found


_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}){0,2}")


def _disagree(values: set[str]) -> bool:
    """Claims disagree unless they are equal or dates where one refines the other (2019, 2019-12)."""
    ordered = sorted(values, key=len)
    return any(not _refines(longer, shorter) for i, shorter in enumerate(ordered) for longer in ordered[i + 1 :])


def _refines(longer: str, shorter: str) -> bool:
    if longer == shorter:
        return True
    dates = _ISO_DATE.fullmatch(longer) and _ISO_DATE.fullmatch(shorter)
    return bool(dates) and longer.startswith(shorter + "-")
