"""Records as the rule examples state them: each production's records as (evidence, typed fields).

Fields that a record leaves empty are absent; organisations are given by the name the press
release reads for them, amounts as decimals, dates as ISO strings at their precision.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from egov_kg.keys import OrgKey
from egov_kg.lexicon import state_by_ags
from egov_kg.records import (
    AmountMention,
    Cooperation,
    DateMention,
    DateValue,
    DocumentFacts,
    Event,
    Evidence,
    Funding,
    OrgMention,
    PersonMention,
    RateMention,
    RoleMention,
)

Names = Callable[[str], str]


def _fields(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != [] and v is not False}


def _names(facts: DocumentFacts) -> Names:
    known = {}
    for org in facts.orgs:
        known.setdefault(org.key, org.name)

    def name(key: str) -> str:
        if key in known:
            return known[key]
        org_key = OrgKey.parse(key)
        if org_key.type == "state":
            return state_by_ags(org_key.id).name
        return key

    return name


def _date(value: DateValue | None) -> str | None:
    return value.value if value is not None else None


def amount(a: AmountMention, _: Names) -> dict[str, Any]:
    return _fields(amount=a.value, qualifier=a.qualifier, upper=a.upper, per=a.per,
                   currency=None if a.currency == "EUR" else a.currency)


def rate(r: RateMention, _: Names) -> dict[str, Any]:
    return _fields(rate=r.value, qualifier=r.qualifier)


def date(d: DateMention, _: Names) -> dict[str, Any]:
    v = d.date
    return _fields(date=v.value, modifier=v.modifier, end=v.end, relative=v.relative)


def org(o: OrgMention, _: Names) -> dict[str, Any]:
    return _fields(name=o.name, type=o.type)


def person(p: PersonMention, name: Names) -> dict[str, Any]:
    return _fields(name=p.name, honorific=p.honorific, party=name(p.party) if p.party else None)


def role(r: RoleMention, name: Names) -> dict[str, Any]:
    return _fields(person=r.person, role=r.role, label=r.label, org=name(r.org) if r.org else None,
                   start=r.start, end=r.end, status=r.status)


def funding(f: Funding, name: Names) -> dict[str, Any]:
    return _fields(recipient=name(f.recipient), amount=f.amount.value, qualifier=f.amount.qualifier,
                   funders=[name(k) for k in f.funders], programme=f.programme, purpose=f.purpose,
                   date=_date(f.date), rate=f.rate)


def cooperation(c: Cooperation, name: Names) -> dict[str, Any]:
    return _fields(parties=[name(k) for k in c.parties], form=c.form, name=c.name, date=_date(c.date),
                   applicants=[name(k) for k in c.applicants], lead=name(c.lead) if c.lead else None,
                   leavers=[name(k) for k in c.leavers], decision=c.decision, status=c.status)


def event(e: Event, name: Names) -> dict[str, Any]:
    return _fields(name=e.name, date=_date(e.date), place=name(e.place) if e.place else None,
                   organisers=[name(k) for k in e.organisers], participants=e.participants)


_VIEWS: dict[str, tuple[str, Callable[[Any, Names], dict[str, Any]]]] = {
    "amounts": ("amounts", amount),
    "rates": ("rates", rate),
    "dates": ("dates", date),
    "orgs": ("orgs", org),
    "persons": ("persons", person),
    "roles": ("roles", role),
    "fundings": ("fundings", funding),
    "cooperations": ("cooperations", cooperation),
    "events": ("events", event),
}


#: The fields an example always states, absent ones included (a role with no body states none);
#: other fields are compared where an example gives them.
CHECKED: dict[str, frozenset[str]] = {
    "amounts": frozenset({"amount", "qualifier", "upper", "per", "currency"}),
    "rates": frozenset({"rate", "qualifier"}),
    "dates": frozenset({"date", "modifier", "end"}),
    "published": frozenset({"date"}),
    "orgs": frozenset({"name", "type"}),
    "persons": frozenset({"name", "honorific", "party"}),
    "roles": frozenset({"person", "role", "label", "org", "start", "end", "status"}),
    "fundings": frozenset({"recipient", "amount"}),
    "cooperations": frozenset({"parties"}),
    "events": frozenset({"name"}),
}


def records(facts: DocumentFacts, production: str) -> list[tuple[Evidence, dict[str, Any]]]:
    """The records of one production (a ``feeds`` of the rule files) with their typed fields."""
    if production == "published":
        if facts.published_evidence is None or facts.published is None:
            return []
        return [(facts.published_evidence, _fields(date=facts.published.value))]
    attribute, view = _VIEWS[production]
    name = _names(facts)
    return [(r.evidence, view(r, name)) for r in getattr(facts, attribute)]


def plain(value: Any) -> Any:
    """A field as YAML writes it: decimals as int or float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
