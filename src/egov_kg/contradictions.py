"""Statements that cannot all be true: listed for a reader to judge, never silently resolved.

The same person given two different bodies for one office, two founding dates for one
cooperation, two parties for one person: each is reported with the press releases and the
text that say so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from egov_kg.records import Cooperation, DocumentFacts, Evidence, PersonMention, RoleMention
from egov_kg.resolve import Identities


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


@dataclass(frozen=True, slots=True)
class Said:
    """What one press release says that another may contradict, read before resolution: the
    body of an office (``about`` the person and the office, ``value`` the body's key), a party
    (about the person, the party's key) or a founding date (about the cooperation, the date).
    Held for every press release of a build, so it keeps keys (a founding date: its cooperation,
    whose identity resolution decides) and where its sentence is, not the sentence (read again
    only where claims disagree)."""

    kind: str
    about: str | tuple[str, str] | Cooperation
    value: str
    source_file: str
    sentence: tuple[int, int]  # its offsets in the text


OFFICE, PARTY, FOUNDING = "office", "party", "founding"


def sayings(facts: DocumentFacts) -> Iterator[Said]:
    """What ``facts`` say that may contradict another press release: an office held at a body, a
    cooperation's founding date, a person's party. Read while resolution reads the same facts,
    so the facts are read once for both."""
    def said(kind: str, about: str | tuple[str, str] | Cooperation, value: str, evidence: Evidence) -> Said:
        return Said(kind, about, value, facts.source_file, (evidence.sentence_start, evidence.sentence_end))

    for role in filter(may_contradict, facts.roles):
        yield said(OFFICE, (role.person, role.role), role.org, role.evidence)
    for coop in filter(may_contradict, facts.cooperations):
        yield said(FOUNDING, coop, coop.date.value, coop.evidence)
    for person in filter(may_contradict, facts.persons):
        yield said(PARTY, person.name, person.party, person.evidence)


def may_contradict(record: RoleMention | Cooperation | PersonMention) -> bool:
    """Whether a record says what another press release may contradict (``sayings``)."""
    if isinstance(record, RoleMention):
        return bool(record.org) and record.status != "former"
    if isinstance(record, Cooperation):
        return bool(record.date and record.date.value)
    return bool(record.party)


def find_contradictions(said: Iterable[Said], ids: Identities, text: Callable[[str], str]) -> list[Contradiction]:
    """Every group of claims about one thing that disagree, in a stable order; ``text`` gives the
    text of a source file, for the sentences of the claims that disagree."""
    groups: dict[tuple[str, str, str], list[tuple[str, Said]]] = defaultdict(list)
    for saying in said:
        if saying.kind == FOUNDING:
            coop = saying.about
            group = ("several founding dates", coop.name or ", ".join(coop.parties), ids.cooperation(coop))
            value = saying.value
        else:
            person, role = saying.about if saying.kind == OFFICE else (saying.about, "")
            if saying.value not in ids.orgs or person not in ids.persons:
                continue
            kind = f"one office, several bodies ({role})" if saying.kind == OFFICE else "several parties"
            group, value = (kind, person, ids.person(person)), ids.orgs[saying.value].name
        groups[group].append((value, saying))
    texts = cache(text)  # a file's text is read once, however many of its claims disagree
    found = []
    for (kind, subject, iri), values in sorted(groups.items()):
        if _disagree({value for value, _ in values}):
            claims = {Claim(value, s.source_file, " ".join(texts(s.source_file)[slice(*s.sentence)].split()))
                      for value, s in values}
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
