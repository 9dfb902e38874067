"""The office vocabulary: the concept scheme of public offices (``data/de/role_vocabulary.yaml``).

Its own module, not the office extractor's, because two layers read it: the extractor (which
office a word names) and the RDF layer (the ``skos:ConceptScheme`` it writes), and the RDF layer
imports no extractor.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from egov_kg.extract.rules import load_data


@dataclass(frozen=True, slots=True)
class RoleConcept:
    """One office of the concept scheme (a ``skos:Concept``)."""

    id: str
    pref_label_male: str
    pref_label_female: str
    alt_labels: tuple[str, ...] = ()
    english: str | None = None
    broader: str | None = None
    body: str | None = None  # the kind of organisation the office belongs to when none is named


@cache
def role_vocabulary() -> tuple[RoleConcept, ...]:
    """The role concept scheme, as written in ``data/de/role_vocabulary.yaml``."""
    data = load_data("role_vocabulary.yaml")
    concepts = tuple(
        RoleConcept(
            id=str(c["id"]),
            pref_label_male=str(c["male"]),
            pref_label_female=str(c["female"]),
            alt_labels=tuple(str(a) for a in c.get("alt") or ()),
            english=c.get("english"),
            broader=c.get("broader"),
            body=c.get("body"),
        )
        for c in data["concepts"]
    )
    ids = [c.id for c in concepts]
    if len(ids) != len(set(ids)):
        raise ValueError("role_vocabulary.yaml: duplicate concept ids")
    known = set(ids)
    for c in concepts:
        if c.broader is not None and c.broader not in known:
            raise ValueError(f"role_vocabulary.yaml: {c.id} has unknown broader {c.broader}")
    return concepts
