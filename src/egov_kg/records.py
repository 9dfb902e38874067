"""Typed records that extractors return and the RDF layer consumes.

Records are frozen and carry their evidence (character span, sentence span and the id of
the rule that produced them), so that every fact in the graph can be traced back to the
text it was read from. Nothing here knows spaCy or RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from operator import attrgetter
from typing import TypeVar, dataclass_transform

#: Organisation types, as published in the ``organizations`` table.
ORG_TYPES = (
    "municipality",
    "municipal_association",
    "district",
    "state",
    "ministry",
    "authority",
    "parliament",
    "party",
    "university",
    "company",
    "cooperation",
    "other",
)

_Record = TypeVar("_Record")


@dataclass_transform(frozen_default=True)
def record(cls: type[_Record]) -> type[_Record]:
    """A frozen dataclass with slots, pickled as the tuple of its field values. dataclasses'
    own pickling asks ``fields()`` for every record it reads: a rebuild of 10,000 press releases
    reads the kept facts of all of them, and spent a quarter of that time there."""
    cls = dataclass(frozen=True, slots=True)(cls)
    names = tuple(f.name for f in fields(cls))
    values = attrgetter(*names)

    def __getstate__(self) -> tuple:
        return values(self)

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(names, state):
            object.__setattr__(self, name, value)

    cls.__getstate__ = __getstate__
    cls.__setstate__ = __setstate__
    return cls


@record
class Evidence:
    """Where a fact was read: character offsets into the document text, the rule that found
    it, the other rules that read parts of it (``support``) and the linker rules that decided
    how its parts belong together (``linkers``: which body an office belongs to, who gives)."""

    start: int
    end: int
    sentence_start: int
    sentence_end: int
    rule: str
    support: tuple[str, ...] = ()
    linkers: tuple[str, ...] = ()

    @property
    def rules(self) -> tuple[str, ...]:
        """Every rule that read the fact, the finding rule first."""
        return (self.rule, *self.support)


@record
class DateValue:
    """An ISO 8601 date at the precision the text gives (``2019``, ``2019-12``, ``2019-12-05``).

    ``value`` is None when the expression is relative and no anchor date was known.
    """

    value: str | None
    precision: str  # "day" | "month" | "year"
    text: str
    modifier: str | None = None  # "seit", "bis", "Ende", "Mitte", "Anfang", "ab", "vom"
    end: str | None = None  # the end of an interval ("4. und 5. Juli 2019")
    relative: bool = False


@record
class DateMention:
    evidence: Evidence
    date: DateValue


@record
class AmountMention:
    """A sum of money, normalised to a decimal in its currency (euro for all we read)."""

    evidence: Evidence
    text: str
    value: Decimal
    currency: str = "EUR"
    qualifier: str | None = None
    upper: Decimal | None = None  # upper bound of a range ("zwischen 5.000 und 10.000 Euro")
    per: str | None = None  # "year" for "jährlich", "pro Jahr"
    part_of: Evidence | None = None  # the total this sum is a part of ("Insgesamt 249.000 Euro ... 34.600 Euro davon")


@record
class RateMention:
    """A funding rate in percent ("bis zu 80 Prozent der Ausgaben"): not an amount of money."""

    evidence: Evidence
    text: str
    value: Decimal
    qualifier: str | None = None


@record
class OrgMention:
    """A named organisation, territorial authority or body.

    ``key`` is the identity of the real organisation (the string form of a ``keys.OrgKey``:
    type and canonical name), shared by every variant of its name; the resolver turns it into
    an IRI.
    """

    evidence: Evidence
    key: str
    name: str
    type: str
    text: str
    geonames_id: int | None = None
    ags: str | None = None
    state: str | None = None  # the state's key for places and state bodies
    abbreviation: str | None = None


@record
class PersonMention:
    evidence: Evidence
    given: str
    family: str
    honorific: str | None = None
    party: str | None = None  # key of the party organisation

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"


@record
class RoleMention:
    """A person holding an office: org:Membership in the graph."""

    evidence: Evidence
    person: str  # the person's full name (identity within the corpus)
    role: str  # SKOS concept id of the office ("landrat")
    label: str  # the office as written, in the nominative ("Landrätin")
    org: str | None = None  # key of the organisation the office belongs to
    start: str | None = None
    end: str | None = None
    status: str | None = None  # "former", "new", "acting"


@record
class Funding:
    """A grant: who gives whom how much, when and for what."""

    evidence: Evidence
    recipient: str  # organisation key
    amount: AmountMention
    funders: tuple[str, ...] = ()
    programme: str | None = None
    purpose: str | None = None
    date: DateValue | None = None
    rate: Decimal | None = None  # funding rate in percent ("bis zu 80 Prozent")


@record
class Cooperation:
    """Two or more named organisations that work together."""

    evidence: Evidence
    parties: tuple[str, ...]  # organisation keys
    form: str | None = None  # "Zweckvereinbarung", "Arbeitsgemeinschaft", ...
    name: str | None = None
    key: str | None = None  # organisation key of the joint body, where it is named
    date: DateValue | None = None
    applicants: tuple[str, ...] = ()
    lead: str | None = None
    leavers: tuple[str, ...] = ()  # organisation keys of bodies that left
    decision: str | None = None  # the founding decision as written ("Kreistagsbeschluss 2019/7/027")
    status: str | None = None  # "planned": the text tells a plan, not yet a signing or founding


@record
class Event:
    evidence: Evidence
    name: str
    date: DateValue | None = None
    place: str | None = None  # organisation key of the place
    organisers: tuple[str, ...] = ()
    participants: int | None = None
    facts: tuple[Evidence, ...] = ()  # evidence of the fundings and cooperations announced at the event


@record
class DocumentFacts:
    """Everything read from one press release."""

    source_file: str
    sha256: str
    text: str
    title: str | None
    published: DateValue | None
    sentences: tuple[tuple[int, int], ...]
    published_evidence: Evidence | None = None  # where the publication date was read
    orgs: tuple[OrgMention, ...] = ()
    persons: tuple[PersonMention, ...] = ()
    roles: tuple[RoleMention, ...] = ()
    amounts: tuple[AmountMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    rates: tuple[RateMention, ...] = ()
    fundings: tuple[Funding, ...] = ()
    cooperations: tuple[Cooperation, ...] = ()
    events: tuple[Event, ...] = ()
