"""Statements that cannot all be true: listed for a reader to judge, never silently resolved.

The same person given two different bodies for one office, two founding dates for one
cooperation, two parties for one person: each is reported with the press releases and the
text that say so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from egov_kg.records import Cooperation, DocumentFacts, PersonMention, RoleMention
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
    """What one press release says that another may contradict, read before resolution."""

    record: RoleMention | Cooperation | PersonMention
    source_file: str
    text: str  # the sentence that says it


def sayings(facts: DocumentFacts) -> Iterator[Said]:
    """What ``facts`` say that may contradict another press release: an office held at a body, a
    cooperation's founding date, a person's party. Read while resolution reads the same facts,
    so the facts are read once for both."""
    def said(record: RoleMention | Cooperation | PersonMention) -> Said:
        quote = " ".join(facts.text[record.evidence.sentence_start : record.evidence.sentence_end].split())
        return Said(record, facts.source_file, quote)

    yield from (said(role) for role in facts.roles if role.org and role.status != "former")
    yield from (said(coop) for coop in facts.cooperations if coop.date and coop.date.value)
    yield from (said(person) for person in facts.persons if person.party)


def find_contradictions(said: Iterable[Said], ids: Identities) -> list[Contradiction]:
    """Every group of claims about one thing that disagree, in a stable order."""
    groups: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for saying in said:
        record = saying.record
        if isinstance(record, RoleMention):
            if record.org not in ids.orgs or record.person not in ids.persons:
                continue
            group = (f"one office, several bodies ({record.role})", record.person, ids.person(record.person))
            value = ids.orgs[record.org].name
        elif isinstance(record, Cooperation):
            group = ("several founding dates", record.name or ", ".join(record.parties), ids.cooperation(record))
            value = record.date.value
        else:
            if record.name not in ids.persons or record.party not in ids.orgs:
                continue
            group, value = ("several parties", record.name, ids.person(record.name)), ids.orgs[record.party].name
        groups[group].append(Claim(value, saying.source_file, saying.text))
    found = []
    for (kind, subject, iri), claims in sorted(groups.items()):
        if _disagree({c.value for c in claims}):
            unique = sorted(set(claims), key=lambda c: (c.value, c.source_file, c.text))
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
