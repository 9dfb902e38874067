"""Events: congresses, conferences, workshops, digital days, press appointments and handovers.

The rules (``data/de/events.yaml``) read sentences with their organisations masked, as the
cooperation rules do: an event noun gives the name; the sentence around it gives the date (from
the date extractor), the place, the organisers and the number of participants. Mentions of the
same kind of event in one press release ("Kongress" in the headline and twice in the text) are
one event. A noun alone is no event: it needs a date, organisers, or a place and participants.

The grants and cooperations announced at an event are its facts: those read in a sentence that
names the event, in a later sentence that refers back to it ("bei dem Termin"), and for a
handover the grant named right before it and those listed after it ("Die Bescheide im Einzelnen").
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import regex
from spacy.tokens import Doc

from egov_kg.extract import spans
from egov_kg.extract.cooperations import (
    COOP,
    COUNCIL,
    GOV,
    OTHER,
    PARTY,
    MaskedText,
    mask,
)
from egov_kg.extract.rules import RuleSet, TriggerScan, compiled, load_rules, normaliser
from egov_kg.extract.spans import evidence
from egov_kg.lexicon import lookup_place, state_of_name
from egov_kg.records import (
    Cooperation,
    DateMention,
    DateValue,
    Event,
    Evidence,
    Funding,
    OrgMention,
)

_ORG_CHARS = (PARTY, COOP, COUNCIL, OTHER, GOV)
_PLACE_TYPES = ("municipality", "university", "district", "municipal_association")
_STRONG_ENDING = {"m": "er", "f": "e", "n": "es"}


@dataclass(frozen=True, slots=True)
class EventName:
    """An event's name in the nominative and the kind of event it is (its head noun)."""

    name: str
    kind: str  # the head noun from the settings ("Digitaltag"), or "Übergabe"
    handover: bool = False

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class _Found:
    kind: str  # organisers | place | participants
    orgs: tuple[OrgMention, ...] = ()
    number: int | None = None

    def __str__(self) -> str:
        return str(self.number) if self.number is not None else " | ".join(o.name for o in self.orgs)


@cache
def _ruleset() -> RuleSet:
    return load_rules("events")


@cache
def _guest_words() -> regex.Pattern:
    """The words that make a count one of guests (setting ``guest_words``; none: nothing)."""
    return regex.compile(str(_ruleset().settings.get("guest_words", "")) or r"(?!)")


@cache
def _groups() -> dict[str, RuleSet]:
    rules = _ruleset()
    out: dict[str, list] = {}
    for rule in rules.rules:
        out.setdefault(rule.id.split(".")[1], []).append(rule)
    return {name: RuleSet(rules.kind, rules.path, tuple(group), rules.settings) for name, group in out.items()}


@cache
def _heads() -> tuple[tuple[str, str], ...]:
    """(head noun, gender), longest first, so that "Fachtagung" wins over "Tagung"."""
    heads = _ruleset().settings["heads"]
    return tuple(sorted(heads.items(), key=lambda kv: -len(kv[0])))


def _head(word: str) -> tuple[str, str, str] | None:
    """(singular word, head noun, gender) of an event noun, or None ("Veranstaltung" has none)."""
    for cut in (0, 1, 2):
        singular = word[: len(word) - cut] if cut else word
        for head, gender in _heads():
            if singular.lower().endswith(head.lower()):
                return singular, head, gender
    return None


def _nominative(adjective: str, gender: str) -> str:
    """Kommunalen (+ Digitaltag) -> Kommunaler; place adjectives stay (Thüringer, Weimarer).

    Before a neuter or masculine noun "-er" is no case ending to replace (a neuter adjective never
    ends in it, a masculine one only in the nominative): "beim Westallgäuer Forum" stays."""
    if adjective.endswith("er") and (gender != "f" or state_of_name(adjective) or lookup_place(adjective[:-2])
                                     or lookup_place(adjective[:-3])):
        return adjective
    if not compiled(r"(?:e|er|en|es|em)$").search(adjective) or "-" in adjective:
        return adjective
    return compiled(r"(?:e[mnrs]?)$").sub("", adjective) + _STRONG_ENDING[gender]


_ADJECTIVE = regex.compile(r"^\p{Lu}\p{Ll}+(?:e|er|en|es|em)$")


def _words(m: regex.Match, group: str, view: MaskedText, offset: int) -> list[str]:
    """The words of a group, an organisation placeholder read back as the text it stands for."""
    out = []
    start = m.start(group)
    for word in compiled(r"\S+").finditer(m.group(group) or ""):
        if word.group() in _ORG_CHARS:
            out.append(view.slots[offset + start + word.start()].text)
        else:
            out.append(word.group())
    return out


@normaliser("event_name")
def _event_name(m: regex.Match, *, view: MaskedText, offset: int = 0, **_: Any) -> EventName | None:
    word = m.group("head")
    found = _head(word)
    if found is None:
        return None if not word.endswith(("veranstaltung", "Veranstaltung")) else EventName(word, "Veranstaltung")
    singular, head, gender = found
    skip = {w.lower() for w in _ruleset().settings["not_in_name"]}
    mods = [w for w in _words(m, "mods", view, offset) if w.lower() not in skip]
    parts = [_nominative(w, gender) if _ADJECTIVE.match(w) else w for w in mods]
    tail = m.group("tail")
    if tail and tail in _ORG_CHARS:
        org = view.slots[offset + m.start("tail")]
        tail = org.name if org.type == "state" else None
    title = m.group("title")
    return EventName(" ".join([*parts, singular] + ([tail] if tail else []) + ([title] if title else [])), head)


@normaliser("event_handover")
def _event_handover(m: regex.Match, **_: Any) -> EventName | None:
    names = _ruleset().settings["handover_names"]
    word = m.group("object")
    for form in (word, word[:-2] if word.endswith("es") else word, word[:-1] if word.endswith("s") else word):
        if form in names:
            return EventName(names[form], "Übergabe", handover=True)
    return None


def _orgs_in(m: regex.Match, view: MaskedText, offset: int) -> tuple[OrgMention, ...]:
    found: dict[int, OrgMention] = {}
    for name in m.groupdict():
        if not name.startswith("p"):
            continue
        for start, end in m.spans(name):
            for i in range(start, end):
                if m.string[i] in _ORG_CHARS:
                    found.setdefault(offset + i, view.slots[offset + i])
    return tuple(org for _, org in sorted(found.items(), key=lambda kv: kv[0]))


@normaliser("event_organisers")
def _event_organisers(m: regex.Match, *, view: MaskedText, offset: int = 0, **_: Any) -> _Found | None:
    orgs = _orgs_in(m, view, offset)
    return _Found("organisers", orgs) if orgs else None


@normaliser("event_place")
def _event_place(m: regex.Match, *, view: MaskedText, offset: int = 0, **_: Any) -> _Found | None:
    orgs = tuple(o for o in _orgs_in(m, view, offset) if o.type in _PLACE_TYPES)
    return _Found("place", orgs[:1]) if orgs else None


@normaliser("event_participants")
def _event_participants(m: regex.Match, **_: Any) -> _Found | None:
    number = int(m.group("n").replace(".", ""))
    if not m.group("approx") and "." not in m.group("n") and 1900 <= number <= 2100:
        return None  # "2023 Teilnehmende" is more likely a year than a count
    return _Found("participants", number=number)


# ---------------------------------------------------------------------------- sentences


@dataclass
class _Sentence:
    start: int
    end: int
    names: list[tuple[int, int, EventName, str]] = field(default_factory=list)  # original spans, rule id
    places: list[tuple[int, OrgMention]] = field(default_factory=list)
    organisers: list[str] = field(default_factory=list)
    participants: int | None = None
    guests: bool = False  # the count names guests or participants, not staff in general
    dates: list[DateMention] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # the rules that read a place, organiser or count


def _read(view: MaskedText, whole: TriggerScan, index: int, start: int, end: int,
          dates: tuple[DateMention, ...]) -> _Sentence:
    """What sentence ``index`` (``start:end``) says about an event; ``whole`` scans the masked text
    sentence by sentence."""
    ms, sub = view.sentence(start, end)
    sentence = _Sentence(start, end)
    groups = _groups()
    scan = whole.sentence(index, ms, ms + len(sub))
    for group in ("name", "handover"):
        for match in groups[group].finditer(sub, scan=scan, view=view, offset=ms) if group in groups else ():
            s, e = view.span(ms + match.start, ms + match.end)
            sentence.names.append((s, e, match.value, match.rule.id))
    for match in groups["place"].finditer(sub, scan=scan, view=view, offset=ms) if "place" in groups else ():
        s, _ = view.span(ms + match.start, ms + match.end)
        sentence.places.extend((s, org) for org in match.value.orgs)
        sentence.rules.append(match.rule.id)
    for match in groups["organiser"].finditer(sub, scan=scan, view=view, offset=ms) if "organiser" in groups else ():
        sentence.organisers.extend(o.key for o in match.value.orgs if o.key not in sentence.organisers)
        sentence.rules.append(match.rule.id)
    for match in groups["participants"].finditer(sub, scan=scan) if "participants" in groups else ():
        if sentence.participants is None:
            sentence.participants = match.value.number
            sentence.guests = bool(_guest_words().search(match.match.group("who")))
            sentence.rules.append(match.rule.id)
    sentence.dates = [d for d in dates if start <= d.evidence.start and d.evidence.end <= end
                      and d.date.modifier not in ("bis", "seit")]
    return sentence


def _nearest_date(sentence: _Sentence, at: int) -> DateValue | None:
    dated = [d for d in sentence.dates if d.date.value is not None]
    return min(dated, key=lambda d: abs(d.evidence.start - at)).date if dated else None


@dataclass
class _Occurrence:
    """One event noun with what its sentence says."""

    index: int
    start: int
    end: int
    name: EventName
    date: DateValue | None
    dated: bool  # the sentence has a date, even one that cannot be resolved
    place: str | None
    organisers: list[str]
    participants: int | None
    rule: str  # the rule that read the event's name
    support: tuple[str, ...]  # the rules that read its place, organisers or participants

    @property
    def weight(self) -> int:
        return sum((self.date is not None or self.dated, self.place is not None, bool(self.organisers),
                    self.participants is not None))


def _occurrences(sentences: list[_Sentence]) -> list[_Occurrence]:
    out = []
    for n, sentence in enumerate(sentences):
        for start, end, name, rule in sentence.names:
            date = _nearest_date(sentence, start)
            place = min(sentence.places, key=lambda p: abs(p[0] - start))[1].key if sentence.places else None
            participants = sentence.participants
            following = sentences[n + 1] if n + 1 < len(sentences) else None
            if participants is None and following is not None and following.guests and not following.names:
                participants = following.participants  # "Gestern fand der Kongress statt. Mehr als 500 Gäste ..."
            if date is None and following is not None and not following.names and following.dates:
                same_place = place is not None and place in {o.key for _, o in following.places}
                if same_place or (participants is not None and following.participants == participants):
                    date = _nearest_date(following, following.start)  # the next sentence goes on about it
            organisers = list(sentence.organisers)
            support = list(sentence.rules)
            if following is not None and not following.names:
                organisers.extend(k for k in following.organisers if k not in organisers)  # "Eingeladen hatte ..."
                support.extend(following.rules)
            out.append(_Occurrence(n, start, end, name, date, bool(sentence.dates) or date is not None, place,
                                   organisers, participants, rule, tuple(support)))
    return out


def _event(doc: Doc, group: list[_Occurrence]) -> Event | None:
    primary = max(group, key=lambda o: (o.weight, -o.index))
    handover = primary.name.handover
    dated = any(o.dated for o in group)
    organisers = list(dict.fromkeys(k for o in group for k in o.organisers))
    place = primary.place or next((o.place for o in group if o.place), None)
    participants = primary.participants if primary.participants is not None else next(
        (o.participants for o in group if o.participants is not None), None)
    if handover:
        if not (dated or place):
            return None
        organisers, participants = [], None
    elif not (dated or organisers or (place and participants is not None)):
        return None
    date = primary.date or next((o.date for o in group if o.date is not None), None)
    name = max((o.name.name for o in group), key=lambda n: (len(n.split()), len(n)))
    return Event(
        evidence=evidence(doc, primary.start, primary.end, primary.rule,
                          support=tuple(r for o in group for r in (o.rule, *o.support))),
        name=name,
        date=date,
        place=place,
        organisers=tuple(organisers),
        participants=participants,
    )


@cache
def _anaphor() -> regex.Pattern:
    return regex.compile(str(_ruleset().settings["refers_back"]), regex.VERSION1)


def _event_sentences(text: str, sentences: list[_Sentence], group: list[_Occurrence]) -> tuple[set[int], set[int]]:
    """The sentences whose facts were announced at the event, and those whose grants were: the
    sentences naming it, and the following ones that refer back to it before another event is
    named; for the grants of a handover also the sentence before it (which names the grant it
    hands over) and the ones after it up to the next event (a list of the grants)."""
    settings = _ruleset().settings
    named = {o.index for o in group}
    facts = set(named)
    last = max(named)
    for n in range(last + 1, min(len(sentences), last + 1 + int(settings["refers_back_window"]))):
        if sentences[n].names:
            break
        if _anaphor().search(text, sentences[n].start, sentences[n].end):
            facts.add(n)
    grants = set(facts)
    for first in sorted(o.index for o in group if o.name.handover):
        if first > 0 and not sentences[first - 1].names:
            grants.add(first - 1)  # "Das Land fördert X mit 50.000 Euro. Den Bescheid übergab ..."
        for n in range(first + 1, min(len(sentences), first + 1 + int(settings["handover_window"]))):
            if sentences[n].names:
                break
            grants.add(n)
    return facts, grants


def _facts(text: str, sentences: list[_Sentence], group: list[_Occurrence], grants: tuple[Evidence, ...],
           others: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """The evidence of the grants and other facts (cooperations) announced at the event."""
    for_facts, for_grants = _event_sentences(text, sentences, group)
    starts = [s.start for s in sentences]
    found: list[Evidence] = []
    for evidences, wanted in ((grants, for_grants), (others, for_facts)):
        for ev in evidences:
            if bisect.bisect_right(starts, ev.start) - 1 in wanted and ev not in found:
                found.append(ev)
    return tuple(sorted(found, key=lambda ev: ev.start))


def extract_events(doc: Doc, *, orgs: tuple[OrgMention, ...], dates: tuple[DateMention, ...],
                   published: DateValue | None, fundings: tuple[Funding, ...] = (),
                   cooperations: tuple[Cooperation, ...] = ()) -> tuple[Event, ...]:
    """The events a press release reports, one record per event.

    Args:
        doc: the press release.
        orgs: its organisation mentions (places and organisers are their keys).
        dates: its date mentions, relative ones already resolved against the publication date.
        published: the publication date (unused: ``dates`` is resolved already).
        fundings: its grants; those announced at an event become the event's ``facts``.
        cooperations: its cooperations; likewise (a signing at a press appointment).
    """
    del published
    view = mask(spans.text(doc), orgs)
    bounds = spans.text_sentences(doc)
    whole = view.scan(bounds)
    sentences = [_read(view, whole, n, start, end, dates) for n, (start, end) in enumerate(bounds)]
    groups: dict[str, list[_Occurrence]] = {}
    for occurrence in _occurrences(sentences):
        groups.setdefault(occurrence.name.kind, []).append(occurrence)
    grants, others = tuple(f.evidence for f in fundings), tuple(c.evidence for c in cooperations)
    events = []
    for group in groups.values():
        event = _event(doc, group)
        if event is not None:
            linked = _facts(spans.text(doc), sentences, group, grants, others) if grants or others else ()
            events.append(dataclasses.replace(event, facts=linked) if linked else event)
    return tuple(sorted(events, key=lambda e: e.evidence.start))
