"""Persons: natural persons named in a press release, split into given and family name.

The patterns and word lists are data (``data/de/persons.yaml``); a name is read only where the
text gives a cue (title, office, party, speech verb, credit, form of address) or where its given
name is in the lexicon (``data/de/given_names.tsv``). Nothing here knows any real person.

Two passes: full names first (every rule is applied at every word start, so "VG Adorf Anna
Beispiel" still yields "Anna Beispiel"; overlapping readings are resolved longest first, then by
the strength of the cue), then short mentions -- "Dr. Beispiel", "Beispiels", "so Beispiel" --
resolved to the person introduced with the same family name in the same text. A family name
the text never ties to a given name makes no person.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

import regex
from spacy.tokens import Doc

from egov_kg.extract import spans
from egov_kg.extract.rules import (
    Rule,
    RuleSet,
    TriggerScan,
    Windows,
    compiled,
    load_rules,
    normalise,
    normaliser,
)
from egov_kg.extract.spans import evidence, literal_spans
from egov_kg.keys import OrgKey, slug
from egov_kg.lexicon import common_word, given_names, party_names
from egov_kg.records import OrgMention, PersonMention

_CUE_RANK = {"strong": 3, "medium": 2, "weak": 1, "none": 0}


@dataclass(frozen=True, slots=True)
class NameCandidate:
    """A full name as read by one rule, before overlaps are resolved."""

    start: int  # start of the title, if any, else of the given name
    given_start: int
    end: int
    given: str
    family: str
    honorific: str | None
    party: str | None  # party key ("party:spd")
    party_span: tuple[int, int] | None
    cue: int  # rank of the cue that licensed the reading
    rule: str
    support: tuple[str, ...] = ()  # the other rules that read the same name
    family_first: bool = False  # written "Family, Given", as forms and credits list names

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"

    @property
    def family_span(self) -> tuple[int, int]:
        if self.family_first:
            return self.given_start, self.given_start + len(self.family)
        return self.end - len(self.family), self.end


# ---------------------------------------------------------------------------- data


@cache
def _settings() -> dict[str, Any]:
    return load_rules("persons").settings


@cache
def _ambiguous() -> frozenset[str]:
    return frozenset(_settings()["ambiguous_given"])


@cache
def _not_name() -> frozenset[str]:
    return frozenset(_settings()["not_name"])


@cache
def _noun_ending() -> regex.Pattern:
    endings = sorted(_settings()["noun_endings"], key=lambda s: (-len(s), s))
    return regex.compile(rf"(?:{'|'.join(map(regex.escape, endings))})$")


@cache
def _org_after() -> regex.Pattern:
    words = sorted(_settings()["org_after"], key=lambda s: (-len(s), s))
    return regex.compile(rf"^[\s-]+(?:{'|'.join(map(regex.escape, words))})(?![\p{{L}}])")


def _piece(name: str) -> str:
    """A named piece of the rule file, placeholders expanded (for patterns built here, not by rules)."""
    return load_rules("persons").pattern(name).pattern


@cache
def _particle() -> regex.Pattern:
    return regex.compile(rf"(?:{_piece('PARTICLE')})", regex.VERSION1)


@cache
def _role_word() -> regex.Pattern:
    """The ROLE_WORD piece as a whole-token pattern: offices are never names."""
    return regex.compile(rf"^(?:{_piece('ROLE_WORD')})$", regex.VERSION1)


@cache
def _family_names_too() -> frozenset[str]:
    return frozenset(_settings()["family_names_too"])


@cache
def _cue_ranks() -> dict[str, int]:
    return {rule_id: _CUE_RANK[grade] for rule_id, grade in _settings()["cues"].items()}


def party_key(text: str) -> str | None:
    """The organisation key of a party named as written ("FREIE WÄHLER" -> "party:freie-waehler")."""
    canonical = party_names().get(text.strip())
    return OrgKey("party", slug(canonical)).format() if canonical else None


# ---------------------------------------------------------------------------- name checks


_INITIAL = regex.compile(r"^\p{Lu}\.$")


@lru_cache(maxsize=1 << 16)
def _word_ok(word: str) -> bool:
    """A token that can be part of a person's name: no function word, office or noun. Kept per
    word: the same capitalised words come back in every release."""
    if _INITIAL.match(word):
        return True
    for part in word.split("-"):
        ending = _noun_ending().search(part.lower())
        if part in _not_name() or (ending and ending.start() >= 2):  # "Jung" is a name, "Übung" a noun
            return False
    return not _role_word().match(word)


def _given_known(given: str) -> bool:
    """Every given name in the lexicon; a hyphenated one ("Karl-Heinz") in all its parts."""
    names = given_names()
    return all(token in names or all(part in names for part in token.split("-"))
               for token in given.split() if not _INITIAL.match(token))


def _licensed(given: str, cue: int) -> bool:
    """Does the cue license this given name? Lexicon names need none, ambiguous ones some."""
    first = given.split()[0].split("-")[0]
    if _given_known(given):
        return cue >= _CUE_RANK["medium"] if first in _ambiguous() else True
    tokens = given.split()
    if len([t for t in tokens if not _INITIAL.match(t)]) > 1:  # "Adorf Anna": both must be known
        return False
    # a middle initial is a name's own mark: "Sera Z. Beispiel" needs no more than a weak cue
    return cue >= _CUE_RANK["medium"] or len(tokens) > 1 and cue >= _CUE_RANK["weak"]


@normaliser("person_name")
def _person_name(m: regex.Match, **context: object) -> NameCandidate | None:
    """The best reading of a rule match as a full name, or None when no reading is a name.

    Readings, in order: all of it ("Anna Lena Beispiel"); without the first word, which then
    was no given name ("VG Adorf Anna Beispiel"); without the family part, which then was no
    name ("Jan Muster von der Hochschule Adorf" -> "Jan Muster")."""
    rule_id = str(context.get("rule_id", ""))
    cue = _cue_ranks().get(rule_id, 0)
    given_span, family_span = m.span("given"), m.span("family")
    prefix_cue = given_span[0] > m.start()
    suffix_cue = family_span[1] < m.end()
    tokens = [t for t in compiled(r"\S+").finditer(m.group("given")) if not _INITIAL.match(t.group())]
    readings = [(given_span, family_span, cue, True, True)]
    if len(tokens) == 2:
        second = (given_span[0] + tokens[1].start(), given_span[1])
        readings.append((second, family_span, cue if not prefix_cue else 0, False, True))
        first = (given_span[0], given_span[0] + tokens[0].end())
        if _particle().fullmatch(tokens[1].group()):  # "Anna Schulze Beispiel"
            readings.insert(0, (first, (second[0], family_span[1]), cue, True, True))
        readings.append((first, second, cue if not suffix_cue else 0, True, False))
    family_words = list(compiled(r"\S+").finditer(m.group("family")))
    if len(family_words) > 1 and family_words[0].group()[0].isupper():  # "Schulze" of "Schulze Beispiel"
        readings.insert(1, (given_span, (family_span[0], family_span[0] + family_words[0].end()),
                            cue if not suffix_cue else 0, True, False))
    for (g_start, g_end), (f_start, f_end), rank, keeps_prefix, keeps_suffix in readings:
        cand = _reading(m, rule_id, g_start, g_end, f_start, f_end, rank, keeps_prefix, keeps_suffix)
        if cand is not None:
            return cand
    return None


@normaliser("person_name_family_first")
def _person_name_family_first(m: regex.Match, **context: object) -> NameCandidate | None:
    """A name written family name first ("Beispiel, Anna"), as forms and credits list names."""
    rule_id = str(context.get("rule_id", ""))
    (g_start, g_end), (f_start, f_end) = m.span("given"), m.span("family")
    cand = _reading(m, rule_id, g_start, g_end, f_start, f_end, _cue_ranks().get(rule_id, 0), False, False)
    return cand and replace(cand, start=f_start, given_start=f_start, end=g_end, family_first=True)


def _reading(m: regex.Match, rule_id: str, g_start: int, g_end: int, f_start: int, f_end: int, cue: int,
             keeps_prefix: bool, keeps_suffix: bool) -> NameCandidate | None:
    text = m.string
    given, family = text[g_start:g_end], text[f_start:f_end]
    last = family.split()[-1]
    if not all(_word_ok(t) for t in given.split()) or not (
            _word_ok(last) or (cue >= _CUE_RANK["strong"] and last in _family_names_too())):
        return None
    if not _licensed(given, cue):
        return None
    if family[:1].islower() and not _given_known(given) and cue < _CUE_RANK["strong"]:
        return None  # "von Kupfer zu Glasfaser": a particle after an unknown given name is a preposition
    if _org_after().match(text[f_end : f_end + 20]):
        return None
    title = m.groupdict().get("title") if keeps_prefix else None
    party_text = m.groupdict().get("party") if keeps_suffix else None
    party = party_key(party_text) if party_text else None
    if party_text and party is None and rule_id in ("person.party_after", "person.party_before"):
        return None
    return NameCandidate(
        start=m.start("title") if title else g_start,
        given_start=g_start,
        end=f_end,
        given=given,
        family=family,
        honorific=compiled(r"\s+").sub(" ", title) if title else None,
        party=party,
        party_span=(m.start("party"), m.end("party")) if party else None,
        cue=cue,
        rule=rule_id,
    )


@normaliser("family_named_again")
def _family_named_again(m: regex.Match, **context: object) -> str | None:
    """The family name a cue names alone ("sagt Vaaranen"), unless the word is no name's."""
    family = m.group("family")
    return family if _word_ok(family) else None


@cache
def _named_again_rule(rules: RuleSet) -> Rule:
    return next(r for r in rules.rules if r.normaliser == "family_named_again")


@cache
def _full_name() -> regex.Pattern:
    return load_rules("persons").pattern("FULLNAME")


# ---------------------------------------------------------------------------- full names


def _rule_candidates(text: str, rule: Rule, windows: Windows,
                     scan: TriggerScan) -> Iterable[tuple[regex.Match, NameCandidate]]:
    for m in rule.finditer(text, windows=windows, overlapped=True, scan=scan):
        cand = normalise(rule, m, rule_id=rule.id)
        if cand is not None:
            yield m, cand


class _Spans:
    """Character spans of a text, searchable by position."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)

    @classmethod
    def of_orgs(cls, orgs: tuple[OrgMention, ...]) -> _Spans:
        """The organisation mentions that can cover a name (parties stand beside names)."""
        return cls((o.evidence.start, o.evidence.end) for o in orgs if o.type != "party")

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return [(s, e) for s, e in self.spans[lo:hi] if s < end and start < e]


def _clashes_with_org(cand: NameCandidate, orgs: _Spans, text: str) -> bool:
    """A name that an organisation covers is the organisation's ("Landratsamt Adorf").

    A family name that is also a place name stays a name when only it is covered (after a
    particle too: "Jan von Adorf", where the given name is a single one), and a body's name does
    not run on over a comma or a credit's slash into a person's ("Der Chef der Staatskanzlei,
    Jan Muster", "Foto: Stadt Adorf/Jan Muster")."""
    family_start, family_end = cand.family_span
    last_word = family_end - len(cand.family.split()[-1])
    particle = " " in cand.family and " " not in cand.given
    for s, e in orgs.overlapping(cand.given_start, cand.end):
        if s >= family_start and e <= family_end and (" " not in cand.family or particle and s >= last_word):
            continue
        if s < cand.given_start and text[s : cand.given_start].endswith((", ", "/", "/ ")):
            continue
        if s == cand.given_start and text[s:e] in given_names() and e < cand.end:
            continue  # "von Achim Beispiel": a given name that is also a town's name
        return True
    return False


def _full_names(text: str, orgs: tuple[OrgMention, ...], scan: TriggerScan) -> list[NameCandidate]:
    """Every full name a rule reads; a rule reads only where ``scan`` (of ``text``) says it may match."""
    covered = _Spans.of_orgs(orgs)
    by_span: dict[tuple[int, int], list[NameCandidate]] = {}
    rules = load_rules("persons")
    for rule in rules.rules:
        if rule.normaliser == "family_named_again":
            continue
        for _, cand in _rule_candidates(text, rule, scan.windows(rule), scan):
            if not _clashes_with_org(cand, covered, text):
                by_span.setdefault((cand.given_start, cand.end), []).append(cand)
    merged = [_merge(cands) for cands in by_span.values()]
    merged.sort(key=lambda c: (-(c.end - c.given_start), -c.cue, c.given_start))
    taken: list[NameCandidate] = []
    for cand in [*merged, *_named_again(text, rules, scan, covered, {c.family.split()[-1] for c in merged})]:
        if all(cand.end <= t.given_start or cand.given_start >= t.end for t in taken):
            taken.append(cand)
    taken.sort(key=lambda c: c.given_start)
    return taken


def _named_again(text: str, rules: RuleSet, scan: TriggerScan, covered: _Spans,
                 read: set[str]) -> list[NameCandidate]:
    """The full names no rule could license whose family name a cue names alone elsewhere in the
    text ("Das freut Ilkka Vaaranen. ... sagt Vaaranen"), a family name no name ``read`` ends in."""
    rule = _named_again_rule(rules)
    windows = scan.windows(rule)
    if windows == ():
        return []
    again = {family for m in rule.finditer(text, windows=windows, scan=scan)
             if (family := _family_named_again(m)) is not None and family not in read}
    found = []
    for family in sorted(again):
        at = text.find(family)
        while at >= 0:
            end = at + len(family)
            for m in _full_name().finditer(text, max(0, at - 80), min(len(text), end + 1), overlapped=True):
                cand = _person_name(m, rule_id=rule.id) if m.end() == end else None
                if (cand is not None and cand.end == end and not _clashes_with_org(cand, covered, text)
                        and (_given_known(cand.given) or not common_word(cand.given.split()[0], _settings()["common_word"]))):
                    found.append(cand)
            at = text.find(family, end)
    return found


def _merge(cands: list[NameCandidate]) -> NameCandidate:
    """One name read by several rules: the strongest cue, and any title or party found."""
    best = max(cands, key=lambda c: (c.cue, c.honorific is not None, c.party is not None))
    titled = next((c for c in cands if c.honorific), None)
    party = next((c for c in cands if c.party), None)
    return NameCandidate(
        start=titled.start if titled else best.start,
        given_start=best.given_start,
        end=best.end,
        given=best.given,
        family=best.family,
        honorific=titled.honorific if titled else None,
        party=party.party if party else None,
        party_span=party.party_span if party else None,
        cue=best.cue,
        rule=best.rule,
        support=tuple(c.rule for c in cands if c.rule != best.rule),
        family_first=best.family_first,
    )


# ---------------------------------------------------------------------------- short mentions


_DETERMINERS = frozenset("der die das den dem des ein eine einer einem einen".split())


@cache
def _title_before() -> regex.Pattern:
    """A title right before a position ("Dr. " in "Dr. Beispiel")."""
    return regex.compile(rf"(?<![\p{{L}}])(?:{_piece('TITLES')})\s$", regex.VERSION1)


@cache
def _word_character() -> regex.Pattern:
    """A character that continues a name's word: a name standing alone has none on either side."""
    return regex.compile(r"[\p{L}\d-]", regex.VERSION1)


def _standing_alone(text: str, families: list[str]) -> list[tuple[int, int, int, str]]:
    """(start, end of the name, end with a genitive -s, family) of each of ``families`` standing alone in
    ``text``, as the alternation of ``families`` in their order would find them left to right,
    without compiling a pattern for every text (which costs more than reading the names)."""
    word = _word_character().match

    def alone_before(_: str, start: int, __: int) -> bool:
        return not (start and word(text, start - 1))

    starts = sorted({at for family in families for at, _ in literal_spans(text, family, alone_before)})
    found: list[tuple[int, int, int, str]] = []
    after = 0
    for start in starts:
        if start < after:
            continue
        for family in families:
            if not text.startswith(family, start):
                continue
            end = start + len(family)
            if text.startswith("s", end) and not word(text, end + 1):
                found.append((start, end, end + 1, family))
                after = end + 1
                break
            if not word(text, end):
                found.append((start, end, end, family))
                after = end
                break
    return found


def _short_mentions(text: str, full: list[NameCandidate], orgs: tuple[OrgMention, ...]) -> list[tuple[NameCandidate, NameCandidate]]:
    """(mention, the full name it refers to) for every family name used alone, with an optional
    title before and a genitive -s after ("Dr. Beispiel", "Beispiels")."""
    by_family: dict[str, list[NameCandidate]] = {}
    for cand in full:
        by_family.setdefault(cand.family, []).append(cand)
        if cand.family[0].islower():  # "von Adorf" opens a sentence as "Von Adorf"
            by_family.setdefault(cand.family[0].upper() + cand.family[1:], []).append(cand)
    if not by_family:
        return []
    occupied = _Spans((c.start, c.end) for c in full)
    blocking = _Spans.of_orgs(orgs)
    out = []
    for f_start, f_end, end, family in _standing_alone(text, sorted(by_family, key=lambda f: (-len(f), f))):
        if end > f_end and family[-1] in "sßxz":
            continue
        title = _title_before().search(text, max(0, f_start - 40), f_start)
        start = title.start() if title else f_start
        if occupied.overlapping(start, end):
            continue
        last_word = f_end - len(family.split()[-1])  # "von Adorf": a place after a particle stays a name
        if any(s < last_word or " " not in family for s, _ in blocking.overlapping(f_start, f_end)):
            continue
        before = compiled(r"(\p{L}+)\s+$").search(text[max(0, start - 30) : start])
        if not title and before:
            word = before.group(1)
            if word in _DETERMINERS:
                continue  # after an article the word is a common noun, not the name
            if word in given_names():
                continue  # another person with the same family name
        if _org_after().match(text[f_end : f_end + 20]):
            continue
        target = _nearest(by_family[family], start)
        honorific = compiled(r"\s+").sub(" ", title.group(0)).strip() if title else None
        out.append((NameCandidate(start, f_start, f_end, target.given, target.family, honorific, None, None, 0,
                                  "person.short"), target))
    return out


def _nearest(introduced: list[NameCandidate], position: int) -> NameCandidate:
    """The full mention a short one refers to: the last one before it, else the first after."""
    before = [c for c in introduced if c.end <= position]
    return before[-1] if before else introduced[0]


# ---------------------------------------------------------------------------- public


def _party_at(cand: NameCandidate, orgs: tuple[OrgMention, ...]) -> str | None:
    """The party key, preferably the organisation extractor's mention at the same place."""
    if cand.party_span is None:
        return cand.party
    s, e = cand.party_span
    for org in orgs:
        if org.type == "party" and s <= org.evidence.start and org.evidence.end <= e:
            return org.key
    return cand.party


def extract_persons(doc: Doc, *, orgs: tuple[OrgMention, ...]) -> tuple[PersonMention, ...]:
    """Every mention of a natural person, each resolved to the full name given in the text."""
    text = spans.text(doc)
    full = _full_names(text, orgs, spans.trigger_scan(doc))
    shorts = _short_mentions(text, full, orgs)
    # one person per full name: a title or party read anywhere holds for every mention
    honorific: dict[str, str] = {}
    party: dict[str, str] = {}
    for cand in full:
        if cand.honorific:
            honorific.setdefault(cand.name, cand.honorific)
        found = _party_at(cand, orgs)
        if found:
            party.setdefault(cand.name, found)
    for short, target in shorts:
        if short.honorific:
            honorific.setdefault(target.name, short.honorific)
    mentions = [
        PersonMention(
            evidence=evidence(doc, cand.start, cand.end, cand.rule, support=cand.support),
            given=cand.given,
            family=cand.family,
            honorific=honorific.get(cand.name),
            party=party.get(cand.name),
        )
        for cand in [*full, *(s for s, _ in shorts)]
    ]
    mentions.sort(key=lambda p: (p.evidence.start, p.evidence.end))
    return tuple(mentions)
