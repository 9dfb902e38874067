"""Statements that cannot all be true: listed for a reader to judge, never silently resolved.

The same person given two different bodies for one office, two founding dates for one
cooperation, two parties for one person: each is reported with the press releases and the
text that say so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from egov_kg.records import DocumentFacts, Evidence
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


def find_contradictions(documents: Iterable[DocumentFacts], ids: Identities) -> list[Contradiction]:
    """Every group of claims about one thing that disagree, in a stable order."""
    groups: dict[tuple[str, str, str, str], list[Claim]] = defaultdict(list)

    def claim(kind: str, subject: str, iri: str, value: str, facts: DocumentFacts, ev: Evidence) -> None:
        quote = " ".join(facts.text[ev.sentence_start : ev.sentence_end].split())
        groups[(kind, subject, iri, "")].append(Claim(value, facts.source_file, quote))

    for facts in documents:
        for role in facts.roles:
            if role.org and role.org in ids.orgs and role.person in ids.persons and role.status != "former":
                claim(f"one office, several bodies ({role.role})", role.person, ids.person(role.person),
                      ids.orgs[role.org].name, facts, role.evidence)
        for coop in facts.cooperations:
            if coop.date and coop.date.value:
                claim("several founding dates", coop.name or ", ".join(coop.parties), ids.cooperation(coop),
                      coop.date.value, facts, coop.evidence)
        for person in facts.persons:
            if person.party and person.name in ids.persons and person.party in ids.orgs:
                claim("several parties", person.name, ids.person(person.name), ids.orgs[person.party].name,
                      facts, person.evidence)
    found = []
    for (kind, subject, iri, _), claims in sorted(groups.items()):
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
