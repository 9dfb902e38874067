"""Cooperations: two or more named organisations that work together, in what form, since when.

The organisations come from the organisation extractor. Each sentence is read with every
organisation replaced by one placeholder character that says what it can be (a possible party,
a named cooperation body, a council with its body, or a body that is never a party), so that the
rules in ``data/de/cooperations.yaml`` can describe coordinations of parties as patterns. The
forms of cooperation are a vocabulary (``data/de/cooperation_forms.yaml``).

A sentence that names at least two parties in one of the rule constructions is an *anchor*
(the parties of every party rule that matches count together). A party slot may hold a reference
back ("die drei Kommunen", "Beide Gemeinden", "die Partner"): it stands for the nearest
coordination before it with that many bodies of that kind. The members of a municipal
association ("Dem Gemeindeverwaltungsverband gehören die Städte A und B an") are no parties.
Anchors with the same body or nested party sets are one cooperation; sentences near it that only
refer to it ("Unterschrieben wurde die Vereinbarung schon im Mai", "Das Amt X hat um Aufnahme
gebeten") add its form, name, date, applicants, leavers, lead and founding decision.

What is decided after matching is decided by the linkers of ``cooperations.yaml`` (``linkers:``),
each a registered function below, asked in order of priority: the body a mandated office acts for
(``speaker_body``), whether each body the sentences name is a party (``parties``: not an applicant
or a body that left; read by a party rule, joined, mandated), the named joint body (``body``) and
the date (``date``: the act in its own sentences, else in those referring to it, else the
release's own date for an act reported without one). The record's evidence names them.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import Any

import regex
from spacy.tokens import Doc

from egov_kg.extract import spans
from egov_kg.extract.linking import (
    NOTHING,
    Linkers,
    link_function,
    load_linkers,
    most_named,
)
from egov_kg.extract.rules import (
    RuleMatch,
    RuleSet,
    TriggerScan,
    compiled,
    load_data,
    load_rules,
    normaliser,
)
from egov_kg.extract.spans import evidence
from egov_kg.records import Cooperation, DateMention, DateValue, OrgMention

# ---------------------------------------------------------------------------- placeholders

PARTY, COOP, COUNCIL, OTHER, GOV = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"
RELEASE = "release"  # the speaker of a passive: the body the release speaks for, of any type
_PARTY_TYPES = frozenset({"municipality", "municipal_association", "district", "university", "authority", "company", "other"})
_GOV_TYPES = frozenset({"state", "ministry"})  # parties only where a rule puts them in a party's place
_BODY_TYPES = frozenset({"municipality", "municipal_association", "district"})


@dataclass(frozen=True)
class MaskedText:
    """A text with every organisation replaced by one placeholder character.

    ``starts[i]``/``ends[i]`` give the original span of masked character ``i``; ``slots`` the
    organisation a placeholder stands for; ``bodies`` the body a council placeholder decides for.
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    slots: dict[int, OrgMention]
    bodies: dict[int, OrgMention]

    def index(self, original: int) -> int:
        """The masked position of an original offset (the next one if it lies inside a name)."""
        return bisect.bisect_left(self.starts, original)

    def sentence(self, start: int, end: int) -> tuple[int, str]:
        """The masked text of the original span ``start:end`` (a sentence) and where it begins."""
        masked_start = self.index(start)
        return masked_start, self.text[masked_start:self.index(end)]

    def scan(self, sentences: Iterable[tuple[int, int]]) -> TriggerScan:
        """A trigger scan of the masked text with the original spans ``sentences``, for reading each
        sentence on its own (``TriggerScan.sentence``)."""
        return TriggerScan(self.text, [(self.index(start), self.index(end)) for start, end in sentences])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the masked span ``start:end``."""
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return at, at
        return self.starts[start], self.ends[end - 1]

    def party(self, i: int) -> OrgMention | None:
        """The party a placeholder stands for: the org itself (a named joint body too, where a
        rule puts it in a party's place), or a council's body."""
        char = self.text[i]
        if char in (PARTY, GOV, COOP):
            return self.slots[i]
        if char == COUNCIL:
            return self.bodies.get(i)
        return None


#: Rules of the organisation extractor whose mentions are never parties: the place a release was
#: written at, and a state named by an adjective ("der Thüringer Finanzstaatssekretär").
_NEVER_PARTY_RULES = frozenset({"org.place_dateline", "org.state_adjective"})


@cache
def _quoted_common_noun() -> regex.Pattern:
    return regex.compile(str(_ruleset().settings["quoted_common_noun"]), regex.VERSION1)


def _common_noun_in_quotes(org: OrgMention, text: str) -> bool:
    """A joint body known only by a quoted common noun ("mit dem „Bürgerservice“") is no body."""
    start, end = org.evidence.start, org.evidence.end
    return bool(_quoted_common_noun().fullmatch(text[max(0, start - 1) : end + 1]))


def _placeholder(org: OrgMention, has_body: bool, text: str = "") -> str:
    if org.evidence.rule in _NEVER_PARTY_RULES:
        return OTHER
    if org.type == "cooperation" and _common_noun_in_quotes(org, text):
        return OTHER
    if org.type in _GOV_TYPES:
        return GOV
    if org.type == "cooperation":
        return COOP
    if org.type == "parliament":
        return COUNCIL if has_body else OTHER
    return PARTY if org.type in _PARTY_TYPES else OTHER


def mask(text: str, orgs: tuple[OrgMention, ...]) -> MaskedText:
    """Replace each outermost organisation mention by its placeholder."""
    chosen: list[OrgMention] = []
    nested: dict[int, OrgMention] = {}
    for org in sorted(orgs, key=lambda o: (o.evidence.start, -(o.evidence.end - o.evidence.start))):
        if chosen and org.evidence.start < chosen[-1].evidence.end:
            outer = len(chosen) - 1
            if chosen[outer].type == "parliament" and org.type in _BODY_TYPES and org.evidence.end <= chosen[outer].evidence.end:
                nested.setdefault(outer, org)
            continue
        chosen.append(org)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    slots: dict[int, OrgMention] = {}
    bodies: dict[int, OrgMention] = {}
    pos = 0
    for n, org in enumerate(chosen):
        start, end = org.evidence.start, org.evidence.end
        parts.append(text[pos:start])
        starts.extend(range(pos, start))
        ends.extend(range(pos + 1, start + 1))
        i = len(starts)
        parts.append(_placeholder(org, n in nested, text))
        starts.append(start)
        ends.append(end)
        slots[i] = org
        if n in nested:
            bodies[i] = nested[n]
        pos = end
    parts.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return MaskedText("".join(parts), tuple(starts), tuple(ends), slots, bodies)


# ---------------------------------------------------------------------------- forms


@dataclass(frozen=True, slots=True)
class Form:
    """A form of cooperation from the vocabulary."""

    id: str
    de: str
    en: str
    kind: str  # contract | body | generic | reference
    rank: int
    compound: bool
    variants: tuple[str, ...]
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FormMatch:
    start: int
    end: int
    form: Form
    prefix: str  # the rest of a compound ("Daten" in "Datenverbund"), "" for a plain word


@cache
def forms() -> tuple[Form, ...]:
    """The vocabulary of cooperation forms."""
    data = load_data("cooperation_forms.yaml")
    out = []
    for raw in data["forms"]:
        out.append(Form(id=raw["id"], de=raw["de"], en=raw["en"], kind=raw["kind"], rank=int(raw["rank"]),
                        compound=bool(raw.get("compound")), variants=tuple(raw["variants"]),
                        examples=tuple(raw.get("examples") or ()), counterexamples=tuple(raw.get("counterexamples") or ())))
    return tuple(out)


def _variant_regex(variant: str) -> str:
    """A variant with optional hyphens; the letter after a hyphen takes either case."""
    pieces = variant.split("-")
    out = regex.escape(pieces[0])
    for piece in pieces[1:]:
        head, tail = piece[:1], piece[1:]
        out += f"-?[{regex.escape(head.upper())}{regex.escape(head.lower())}]{regex.escape(tail)}" if head else "-"
    return out


def _fold(word: str) -> str:
    """A word without hyphens and case: "Verbund-Projekt" and "Verbundprojekt" read the same."""
    return word.replace("-", "").casefold()


_MIN_COMPOUND_HEAD = 6
_WORD = regex.compile(r"(?<![\p{L}\d-])[\p{L}\d]+(?:-[\p{L}\d]+)*(?![\p{L}\d-])", regex.VERSION1)


@dataclass(frozen=True)
class _FormIndex:
    words: dict[str, Form]  # folded one-word variant -> form
    heads: dict[str, Form]  # folded variant that may end a compound -> form
    head_lengths: tuple[int, ...]  # longest first
    phrases: regex.Pattern  # the variants of several words
    phrase_forms: dict[str, Form]  # group name -> form


@cache
def _form_index() -> _FormIndex:
    words: dict[str, Form] = {}
    heads: dict[str, Form] = {}
    phrases: list[tuple[int, str, Form]] = []
    for form in forms():
        for variant in form.variants:
            if " " in variant:
                phrases.append((len(variant), _variant_regex(variant), form))
                continue
            words.setdefault(_fold(variant), form)
            if form.compound and len(variant) >= _MIN_COMPOUND_HEAD:
                heads.setdefault(_fold(variant), form)
    phrases.sort(key=lambda p: (-p[0], p[1]))
    groups = "|".join(f"(?P<g{n}>{body})" for n, (_, body, _) in enumerate(phrases))
    pattern = regex.compile(rf"(?<![\p{{L}}\d-])(?:{groups})(?![\p{{L}}\d-])", regex.VERSION1)
    return _FormIndex(words, heads, tuple(sorted({len(h) for h in heads}, reverse=True)), pattern,
                      {f"g{n}": form for n, (_, _, form) in enumerate(phrases)})


@lru_cache(maxsize=1 << 16)
def _word_form(folded: str) -> tuple[Form | None, int]:
    """The form a folded word names, and the length of the head it ends in (0: the word is a
    variant itself); kept per word, as the same words recur in every press release."""
    index = _form_index()
    form = index.words.get(folded)
    if form is not None:
        return form, 0
    for length in index.head_lengths:
        if len(folded) > length and folded[-length:] in index.heads:
            return index.heads[folded[-length:]], length
    return None, 0


def find_forms(text: str) -> list[FormMatch]:
    """Every form of cooperation named in ``text`` (organisation names masked out beforehand).

    A variant of several words ("öffentlich-rechtlichen Vertrages") is read as a phrase; a word
    is a variant itself or, for forms that compound, ends in one ("Datenverbund").
    """
    index = _form_index()
    out = [FormMatch(m.start(), m.end(), index.phrase_forms[m.lastgroup], "") for m in index.phrases.finditer(text)]
    taken = [(f.start, f.end) for f in out]
    for m in _WORD.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        word = m.group()
        form, head_length = _word_form(_fold(word))
        prefix = _prefix(word, head_length) if head_length else ""
        if form is None and "-" in word:  # "E-Government-Pakt": a short variant after a hyphen
            head = word.rsplit("-", 1)[1]
            found = index.words.get(_fold(head))
            if found is not None and found.compound:
                form, prefix = found, word[: -len(head)]
        if form is not None:
            out.append(FormMatch(m.start(), m.end(), form, prefix))
    return sorted(out, key=lambda f: f.start)


def _prefix(word: str, folded_length: int) -> str:
    """The part of a compound before its head of ``folded_length`` letters (hyphens not counted)."""
    count = 0
    for i in range(len(word) - 1, -1, -1):
        if word[i] != "-":
            count += 1
            if count == folded_length:
                return word[:i]
    return ""


# ---------------------------------------------------------------------------- rule values


@dataclass(frozen=True, slots=True)
class Cue:
    """What one rule match says: parties, an applicant, a lead, a speaker's office or an act."""

    kind: str  # party | weak | list | membership | speaker | applicant | leaver | member | join | lead | decision | act
    orgs: tuple[tuple[int, OrgMention], ...] = ()  # (masked position, party)
    value: str | None = None  # the act ("decided", for a join "joined" or "founded") or the speaker's body type
    body: OrgMention | None = None  # the named body a join joins or founded

    def label(self) -> str:
        if self.orgs:
            return " | ".join(org.name for _, org in self.orgs)
        return self.value or ""


@cache
def _place_before() -> regex.Pattern:
    return regex.compile(str(_ruleset().settings["place_before"]), regex.VERSION1)


Parties = tuple[tuple[int, OrgMention], ...]  # (masked position, party), in text order


@dataclass
class References:
    """The coordinations read so far, which "die drei Kommunen" or "die Partner" point back to.

    ``lists`` holds (sentence number, masked end, parties) of every coordination of two or more
    parties, in text order; ``rules`` the list rule that read each; ``sentence`` is the number of
    the sentence being read; ``used`` the list rules whose coordinations a reference resolved to.
    """

    lists: list[tuple[int, int, Parties]] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    sentence: int = 0
    used: list[str] = field(default_factory=list)

    def add(self, end: int, parties: Parties, rule: str = "") -> None:
        if len(parties) >= 2 and all(end != e for _, e, _ in self.lists):
            self.lists.append((self.sentence, end, parties))
            self.rules.append(rule)

    def resolve(self, phrase: str, at: int) -> Parties:
        """The parties of the nearest coordination before ``at`` that ``phrase`` can stand for:
        exactly as many of the kind its noun names as its number says ("die drei Zweckverbände" of
        "die Datenzentrale und die Zweckverbände A, B und C"); without a number ("die Partner") the
        nearest coordination all of whose parties are of that kind; a pronoun ("sie") only one of its
        own sentence or the one before."""
        settings = _ruleset().settings
        words = phrase.split()
        number = next((settings["reference_numbers"][w] for w in words if w in settings["reference_numbers"]), None)
        pronoun = settings["reference_pronouns"].get(words[-1])
        kind = settings["reference_nouns"].get(words[-1], pronoun)
        types = set(settings["reference_kinds"].get(kind, ()))
        if number is not None:
            window = int(settings["reference_window_numbered"])
        elif pronoun is not None:
            window = int(settings["reference_window_bare"])
        else:
            window = int(settings["reference_window" if kind == "any" else "reference_window_bare"])
        for (sentence, end, parties), rule in zip(reversed(self.lists), reversed(self.rules)):
            if end > at:
                continue
            if self.sentence - sentence > window:
                break
            if number is None and rule in settings["numbered_reference_lists"]:
                continue  # office-holders with their bodies in brackets: only "die drei Landkreise" points back to them
            of_kind = tuple((i, org) for i, org in parties if org.type in types)
            if (len(of_kind) == number) if number is not None else len(of_kind) == len(parties):
                if rule and rule not in self.used:
                    self.used.append(rule)
                return of_kind
        return ()


def _parties_in(m: regex.Match, view: MaskedText, offset: int, *, places_before: bool = True,
                government: bool = True, refs: References | None = None) -> Parties:
    """The parties in the match's slots (groups p, p2), without places ("in Weimar"): inside a
    slot, and with ``places_before`` also right before one ("Projekte in der Stadt A und der B").
    Without ``government``, states and ministries do not count (a broad slot may name a guest);
    nor does a body in an aside after a party (group aside: "die VG A (Landkreis B)"). A reference
    in a slot (group ref: "die drei Kommunen") brings the parties it stands for."""
    found: dict[int, OrgMention] = {}
    place = _place_before()
    chars = (PARTY, COUNCIL, GOV, COOP) if government else (PARTY, COUNCIL, COOP)
    slots = [span for name in m.groupdict() if name.startswith("p") for span in m.spans(name)]
    asides = m.spans("aside") if "aside" in m.re.groupindex else []
    for start, end in slots:
        for i in range(start, end):
            if any(s <= i < e for s, e in asides):
                continue  # "die Gemeinde A (Landkreis B)": B is where A lies, not a party
            org = view.party(offset + i) if m.string[i] in chars else None
            if org is None or place.search(m.string[max(0 if places_before else start, i - 60) : i]):
                continue
            found.setdefault(offset + i, org)
    if refs is not None and "ref" in m.re.groupindex:
        for start, end in m.spans("ref"):
            if any(s <= start and end <= e for s, e in slots):
                for at, org in refs.resolve(m.string[start:end], offset + start):
                    found.setdefault(at, org)
    return tuple(sorted(found.items(), key=lambda kv: kv[0]))


def _org_cue(kind: str):
    def read(m: regex.Match, *, view: MaskedText, offset: int = 0, refs: References | None = None,
             **_: Any) -> Cue | None:
        orgs = _parties_in(m, view, offset, places_before=kind in ("party", "weak", "member", "list"), refs=refs)
        return Cue(kind, orgs) if orgs else None

    return read


for _kind, _name in (("party", "coop_parties"), ("weak", "coop_parties_weak"), ("applicant", "coop_applicant"),
                     ("leaver", "coop_leaver"), ("lead", "coop_lead"), ("list", "coop_list")):  # fmt: skip
    normaliser(_name)(_org_cue(_kind))

#: Types of a named body that others join or found (a joint body, an agency, a company); a
#: municipal association or a district that a municipality belongs to is no cooperation.
_JOINABLE_TYPES = frozenset({"cooperation", "authority", "company", "other"})


def _joined_body(m: regex.Match, view: MaskedText, offset: int) -> OrgMention | None:
    """The first named body in group b ("dem IT-Zweckverband X", "der Anstalt"): None without one."""
    if "b" not in m.re.groupindex or m.start("b") < 0:
        return None
    for i in range(m.start("b"), m.end("b")):
        if m.string[i] in (PARTY, COOP):
            return view.slots[offset + i]
    return None


def _joining(act: str):
    """A body joins (``act`` "joined") or was founded by (``act`` "founded") the parties of group p:
    a named body in group b makes it a joining of that body; without one, a member joins the
    cooperation named nearby; a municipal association's members are only its members."""

    def read(m: regex.Match, *, view: MaskedText, offset: int = 0, refs: References | None = None,
             **_: Any) -> Cue | None:
        orgs = _parties_in(m, view, offset, refs=refs)
        body = _joined_body(m, view, offset)
        orgs = tuple((at, org) for at, org in orgs if body is None or org.key != body.key)
        if not orgs:
            return None
        if body is None:
            word = m.group("w") if "w" in m.re.groupindex else None
            return Cue("member", orgs, value=word) if act == "joined" else None
        if body.type not in _JOINABLE_TYPES:
            return Cue("membership", orgs)
        return Cue("join", orgs, value=act, body=body)

    return read


normaliser("coop_member")(_joining("joined"))
normaliser("coop_founded_by")(_joining("founded"))


#: Types of the body whose members a membership rule names ("Dem ① gehören die Gemeinden A und B an").
_ASSOCIATION_TYPES = frozenset({"municipal_association", "district"})


@normaliser("coop_membership")
def _membership(m: regex.Match, *, view: MaskedText, offset: int = 0, **_: Any) -> Cue | None:
    """The members of a municipal association: the association is named by its noun or is one."""
    if not m.group("assoc") and m.group("a") and view.slots[offset + m.start("a")].type not in _ASSOCIATION_TYPES:
        return None
    orgs = _parties_in(m, view, offset)
    return Cue("membership", orgs) if orgs else None


@cache
def _office_before() -> regex.Pattern:
    return regex.compile(str(_ruleset().settings["government_office_before"]), regex.VERSION1)


def _broad_parties(m: regex.Match, view: MaskedText, offset: int) -> Parties:
    """Parties of a broad slot (the signatories before "haben ... unterzeichnet"): a government
    only as the body of a signing office ("Chef der Staatskanzlei"), as such a slot names governments
    as guests too ("im Beisein des Ministeriums"); no body named after the words that introduce
    guests ("im Beisein des Präsidenten des Landkreistages")."""
    found = dict(_parties_in(m, view, offset, government=False))
    office = _office_before()
    for name in (g for g in m.groupdict() if g.startswith("p")):
        for start, end in m.spans(name):
            for i in range(start, end):
                if m.string[i] == GOV and office.search(m.string[max(start, i - 60) : i]):
                    found.setdefault(offset + i, view.slots[offset + i])
    orgs = tuple(sorted(found.items(), key=lambda kv: kv[0]))
    guests = _ruleset().pattern("GUESTS")
    for name in (g for g in m.groupdict() if g.startswith("p")):
        for start, end in m.spans(name):
            found_guests = guests.search(m.string, start, end)
            if found_guests is not None:
                orgs = tuple((at, org) for at, org in orgs if not found_guests.start() + offset <= at < end + offset)
    return orgs


@normaliser("coop_parties_broad")
def _broad(m: regex.Match, *, view: MaskedText, offset: int = 0, **_: Any) -> Cue | None:
    """The parties of a broad slot (``_broad_parties``)."""
    orgs = _broad_parties(m, view, offset)
    return Cue("party", orgs) if orgs else None


@normaliser("coop_parties_broad_weak")
def _broad_weak(m: regex.Match, *, view: MaskedText, offset: int = 0, **_: Any) -> Cue | None:
    """The parties of a broad slot in a statement that counts only with a form of cooperation
    nearby ("setzten ihre Unterschrift unter das Dokument")."""
    orgs = _broad_parties(m, view, offset)
    return Cue("weak", orgs) if orgs else None


def _bracketed(kind: str):
    """The bodies in brackets after the names of people ("Anna Muster (Hilders)"), if there are two
    or more: the parties of a caption (``kind`` "party") or of signatories whose signing counts only
    with a form of cooperation nearby ("weak")."""

    def read(m: regex.Match, *, view: MaskedText, offset: int = 0, **_: Any) -> Cue | None:
        orgs = tuple((at, org) for at, org in _parties_in(m, view, offset, government=False)
                     if m.string[at - offset - 1 : at - offset] == "(" and m.string[at - offset + 1 : at - offset + 2] == ")")
        return Cue(kind, orgs) if len(orgs) >= 2 else None

    return read


normaliser("coop_parties_bracketed")(_bracketed("party"))
normaliser("coop_parties_bracketed_weak")(_bracketed("weak"))


@cache
def _genitive_before() -> regex.Pattern:
    return regex.compile(str(_ruleset().settings["genitive_before"]), regex.VERSION1)


@normaliser("coop_coordination")
def _coordination(m: regex.Match, *, view: MaskedText, offset: int = 0, refs: References | None = None,
                  **_: Any) -> Cue | None:
    """A bare coordination of parties, unless it is a genitive attribute of a noun; the form that
    makes it a cooperation stands outside it (a joint body in the coordination is a party)."""
    specific = _ruleset().pattern("SPECIFIC")
    if not (specific.search(m.string, 0, m.start()) or specific.search(m.string, m.end())):
        return None
    before = m.string[max(0, m.start() - 60) : m.start()]
    genitive = _genitive_before().search(before)
    if genitive and (before.endswith(("der ", "des ")) or m.group().startswith(("der ", "des "))):
        return None
    if _place_before().search(before):
        return None  # "Projekte in der Stadt A und der Gemeinde B": places, not parties
    orgs = _parties_in(m, view, offset, refs=refs)
    return Cue("party", orgs) if orgs else None


@normaliser("coop_decision")
def _decision(m: regex.Match, **_: Any) -> Cue:
    """Kreistagsbeschlusses 2019/7/027 -> Kreistagsbeschluss 2019/7/027."""
    body, ref = m.group("body"), m.group("ref")
    return Cue("decision", value=f"{body}beschluss {ref}" if body else f"Beschluss {ref}")


@normaliser("coop_speaker")
def _speaker(m: regex.Match, **_: Any) -> Cue | None:
    body_type = _ruleset().settings["speaker_offices"].get(m.group("office"))
    return Cue("speaker", value=body_type) if body_type else None


@normaliser("coop_speaker_release")
def _speaker_release(m: regex.Match, **_: Any) -> Cue:
    """A passive that names one party after "mit": the other is the body the release speaks for."""
    return Cue("speaker", value=RELEASE)


def _act(value: str):
    def read(m: regex.Match, **_: Any) -> Cue:
        return Cue("act", value=value)

    return read


for _value in ("decided", "signed", "founded", "joined", "since", "planned"):
    normaliser(f"coop_act_{_value}")(_act(_value))


@cache
def _ruleset() -> RuleSet:
    return load_rules("cooperations")


#: Groups whose rules are alternative readings of the same words: every reading's parties count,
#: so a broad rule ("the subject of 'haben ... unterzeichnet'") cannot hide a tight one.
_EVERY_READING = frozenset({"party", "weak"})


@cache
def _groups() -> dict[str, tuple[RuleSet, ...]]:
    """The rule sets of each group (the id's second part), applied independently of each other."""
    rules = _ruleset()
    out: dict[str, list] = {}
    for rule in rules.rules:
        out.setdefault(rule.id.split(".")[1], []).append(rule)
    return {
        name: tuple(RuleSet(rules.kind, rules.path, (r,), rules.settings) for r in group) if name in _EVERY_READING
        else (RuleSet(rules.kind, rules.path, tuple(group), rules.settings),)
        for name, group in out.items()
    }


def _matches(group: str, text: str, scan: TriggerScan, **context: Any) -> list[RuleMatch]:
    return [m for ruleset in _groups().get(group, ()) if scan.may_run(ruleset)
            for m in ruleset.finditer(text, scan=scan, **context)]


# ---------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class _Join:
    """Bodies that joined a named body ("tritt dem Zweckverband X bei") or founded it ("X wurde
    von A und B gegründet"): ``act`` is "joined" or "founded"."""

    act: str
    body: OrgMention
    keys: list[str]
    evidence: tuple[int, int, str]


@dataclass
class _Mention:
    """What one sentence says about a cooperation."""

    index: int  # sentence number
    start: int  # original span of the sentence
    end: int
    parties: list[str] = field(default_factory=list)
    read: list[str] = field(default_factory=list)  # the parties the party rules read (not joined or mandated)
    strong: bool = False
    weak: bool = False
    evidence: tuple[int, int, str] | None = None  # span and rule of the first party match
    forms: list[FormMatch] = field(default_factory=list)
    bodies: list[OrgMention] = field(default_factory=list)
    applicants: list[str] = field(default_factory=list)
    leavers: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # bodies that joined: parties of the cooperation named nearby
    joins: list[_Join] = field(default_factory=list)  # bodies that joined or founded a named body
    member_evidence: tuple[int, int, str] | None = None  # span and rule of the first member match
    member_word: str | None = None  # the word that names the body joined where no organisation covers it
    lead: str | None = None
    acts: list[tuple[int, int, str]] = field(default_factory=list)  # original spans
    speaker: str | None = None  # the type of the body that a mandated office acts for
    decision: str | None = None  # a numbered founding decision named in the sentence
    mandated: str | None = None  # the body the mandated office acts for (decided by a speaker_body linker)
    rules: list[str] = field(default_factory=list)  # every rule that read something in the sentence
    linkers: list[str] = field(default_factory=list)  # every linker that decided something in the sentence

    @property
    def anchor(self) -> bool:
        return len(self.parties) >= 2

    @property
    def named(self) -> bool:
        """Does the sentence name or refer to a cooperation?"""
        return bool(self.forms or self.bodies)

    @property
    def formed(self) -> bool:
        """Is the cooperation named by a form, even a generic one ("Zusammenarbeit")?"""
        return bool(self.bodies) or any(f.form.kind != "reference" for f in self.forms)

    @property
    def specific(self) -> bool:
        return bool(self.bodies) or any(f.form.kind in ("contract", "body") for f in self.forms)

    @property
    def signs_agreement(self) -> bool:
        """Does the sentence sign or found what it names, even as "die Vereinbarung"? After bodies
        that said they would act together, that makes their cooperation."""
        return bool(self.forms) and any(act in ("signed", "founded") for *_, act in self.acts)


#: Rule groups whose matches need two parties (or a reference to them), or one party and a noun
#: that names a cooperation: a sentence with neither is not searched with them.
_COORDINATION_GROUPS = frozenset({"party", "weak", "list", "membership"})


def sentences_as_read(doc: Doc, orgs: tuple[OrgMention, ...]) -> list[str]:
    """The sentences of ``doc`` as the cooperation rules read them (``_read_sentence``): each on
    its own, its organisations masked; for the checks that a trigger loses no match there."""
    view = mask(spans.text(doc), orgs)
    return [view.sentence(start, end)[1] for start, end in spans.text_sentences(doc)]


def _read_sentence(view: MaskedText, whole: TriggerScan, index: int, start: int, end: int, refs: References, *,
                   listed: bool = False) -> _Mention:
    """What a sentence says about a cooperation; its coordinations are added to ``refs``. A sentence
    ``listed`` under a heading that names cooperations ("folgende Kooperationen:") is also read by
    the item rules. ``whole`` scans the masked text sentence by sentence."""
    refs.sentence = index
    refs.used.clear()
    ms, sub = view.sentence(start, end)
    mention = _Mention(index, start, end)
    mention.forms = find_forms(sub)
    mention.bodies = [view.slots[ms + i] for i, char in enumerate(sub) if char == COOP]
    window = int(_ruleset().settings["reference_window_numbered"])
    referable = bool(refs.lists) and index - refs.lists[-1][0] <= window  # "die drei Kommunen" may refer back
    slots = sum(sub.count(c) for c in (PARTY, COUNCIL, GOV, COOP))
    has_party = slots > 0 or referable
    # without a body or a form, a sentence can still date the one before it ("unterzeichneten am Montag")
    wanted = ("act",) if not (has_party or mention.named) else ("act", "speaker", "decision")
    groups = {k for k in _groups() if (has_party or k in wanted) and (listed or k != "item")}
    if slots < 2 and not referable and not mention.named:
        groups -= _COORDINATION_GROUPS  # their rules need two parties, or one and a cooperation noun

    scan = whole.sentence(index, ms, ms + len(sub))

    def matches(group: str) -> list[RuleMatch]:
        found = _matches(group, sub, scan=scan, view=view, offset=ms, refs=refs) if group in groups else []
        mention.rules.extend(m.rule.id for m in found if m.rule.id not in mention.rules)
        return found

    for match in matches("list"):
        refs.add(ms + match.end, match.value.orgs, match.rule.id)
    # the members of a municipal association are no parties of a cooperation, and what dates the
    # association ("besteht seit 2014 aus ...") does not date one
    memberships = matches("membership")
    members = {at for match in memberships for at, _ in match.value.orgs}
    for match in matches("member"):
        cue = match.value
        if cue.kind == "membership":
            members.update(at for at, _ in cue.orgs)
        elif cue.kind == "join":
            s, e = view.span(ms + match.start, ms + match.end)
            mention.joins.append(_Join(cue.value, cue.body, [org.key for _, org in cue.orgs], (s, e, match.rule.id)))
        else:
            mention.members.extend(org.key for _, org in cue.orgs if org.key not in mention.members)
            mention.member_word = mention.member_word or cue.value
            if mention.member_evidence is None:
                s, e = view.span(ms + match.start, ms + match.end)
                mention.member_evidence = (s, e, match.rule.id)
    joined = {k for join in mention.joins for k in (join.body.key, *join.keys)}
    for match in sorted(matches("party") + matches("item") + matches("weak"), key=lambda m: (m.value.kind == "weak", m.start)):
        cue: Cue = match.value
        orgs = [(at, org) for at, org in cue.orgs if at not in members]
        if len(orgs) < len(cue.orgs) and len(orgs) < 2:
            continue  # the match is about the membership
        if joined and all(org.key in joined for _, org in orgs):
            continue  # the match reads the bodies of a joining ("Die Gemeinden A und B treten dem Verband X bei")
        if cue.kind == "weak":
            if mention.strong:
                continue  # the sentence's own party rules read it: a looser reading adds no parties
            mention.weak = True
        else:
            mention.strong = True
        for _, org in orgs:
            if org.key not in mention.parties:
                mention.parties.append(org.key)
            if org.key not in mention.read:
                mention.read.append(org.key)
        if mention.evidence is None:
            s, e = view.span(ms + match.start, ms + match.end)
            mention.evidence = (s, e, match.rule.id)
    # a joint body that a rule reads as a party ("zwischen dem Land und dem Zweckverband X") is not
    # the body the cooperation is; the others name it and its form
    mention.bodies = [b for b in mention.bodies if b.key not in mention.read and b.key not in joined]
    for body in mention.bodies:
        mention.forms.extend(find_forms(body.name))
    for group, target in (("applicant", mention.applicants), ("leaver", mention.leavers)):
        for match in matches(group):
            target.extend(org.key for _, org in match.value.orgs if org.key not in target)
    for match in matches("lead"):
        mention.lead = mention.lead or match.value.orgs[0][1].key
    for match in matches("speaker"):
        mention.speaker = mention.speaker or match.value.value
    for match in matches("decision"):
        mention.decision = mention.decision or match.value.value
    for match in matches("act"):
        if any(m.start <= match.start and match.end <= m.end for m in memberships):
            continue
        s, e = view.span(ms + match.start, ms + match.end)
        mention.acts.append((s, e, match.value.value))
    if mention.parties:  # the list rules whose coordinations a reference here stands for
        mention.rules.extend(r for r in refs.used if r not in mention.rules)
    refs.used.clear()
    outsiders = set(mention.applicants) | set(mention.leavers)
    mention.parties = [p for p in mention.parties if p not in outsiders]
    return mention


@dataclass(frozen=True)
class _SpeakerQuery:
    """Which body a mandated office ("die Landrätin wird beauftragt") acts for: ``body_type`` is the
    type of body the office stands for; ``at`` the sentence of the mandate."""

    view: MaskedText
    mentions: list[_Mention]
    at: int
    body_type: str
    orgs: tuple[OrgMention, ...]

    def window(self) -> list[_Mention]:
        """The sentence of the mandate and the three before it, nearest first."""
        return self.mentions[max(0, self.at - 3) : self.at + 1][::-1]

    def slots(self, mention: _Mention, char: str) -> list[int]:
        return [i for i in range(self.view.index(mention.start), self.view.index(mention.end))
                if self.view.text[i] == char]


@link_function("coop_speaker_council")
def _speaker_council(q: _SpeakerQuery) -> str | None:
    """The body of the council that decided, in the mandate's sentence or the three before it."""
    for m in q.window():
        for i in q.slots(m, COUNCIL):
            body = q.view.bodies.get(i)
            if body is not None and body.type == q.body_type:
                return body.key
    return None


@link_function("coop_speaker_nearby")
def _speaker_nearby(q: _SpeakerQuery) -> str | None:
    """A body of the office's type named there that is not a party already."""
    parties = q.mentions[q.at].parties
    for m in q.window():
        for i in q.slots(m, PARTY):
            org = q.view.slots[i]
            if org.type == q.body_type and org.key not in parties:
                return org.key
    return None


@link_function("coop_speaker_release")
def _speaker_release_body(q: _SpeakerQuery) -> str | None:
    """The body the release names most often (a state or ministry too), if often enough and not
    a party already; only for the speaker of a passive."""
    if q.body_type != RELEASE:
        return None
    parties = q.mentions[q.at].parties
    return most_named((o.key for o in q.orgs if (o.type in _PARTY_TYPES or o.type in _GOV_TYPES) and o.key not in parties
                       and o.evidence.rule not in _NEVER_PARTY_RULES),
                      at_least=int(_ruleset().settings["release_body_mentions"]))


@link_function("coop_speaker_most_named")
def _speaker_most_named(q: _SpeakerQuery) -> str | None:
    """The body of the office's type that the release names most often."""
    parties = q.mentions[q.at].parties
    counts = Counter(o.key for o in q.orgs if o.type == q.body_type and o.key not in parties)
    return counts.most_common(1)[0][0] if counts else None


# ---------------------------------------------------------------------------- one cooperation


@dataclass
class _Cluster:
    """One cooperation: its sentences and candidate parties; ``joins`` (act, body) for the joining
    or founding of a named body, which is a cooperation of its own."""

    mentions: list[_Mention]
    parties: list[str]
    strong: bool
    joins: tuple[str, OrgMention] | None = None

    def own(self) -> list[_Mention]:
        """The sentences that read its parties: the anchors, or those that state the joining."""
        if self.joins is None:
            return [m for m in self.mentions if m.anchor]
        return [m for m in self.mentions if self.joined_in(m)]

    def joined_in(self, mention: _Mention) -> list[str]:
        """The bodies that the sentence says joined (or founded) the body of this cooperation."""
        if self.joins is not None:
            act, body = self.joins
            return [k for j in mention.joins if j.act == act and j.body.key == body.key for k in j.keys]
        bodies = self.body_keys()
        return [k for j in mention.joins if j.act == "founded" and j.body.key in bodies for k in j.keys]

    @property
    def first(self) -> int:
        return min(m.index for m in self.mentions)

    @property
    def last(self) -> int:
        return max(m.index for m in self.mentions)

    @property
    def read(self) -> set[str]:
        """The bodies the party rules read in its sentences."""
        return {k for m in self.mentions for k in m.read}

    def body_keys(self) -> set[str]:
        if self.joins is not None:
            return {self.joins[1].key}
        return {b.key for m in self.mentions for b in m.bodies}


def _compatible(cluster: _Cluster, mention: _Mention) -> bool:
    mine, theirs = cluster.body_keys(), {b.key for b in mention.bodies}
    return not (mine and theirs and not mine & theirs)


def _same(cluster: _Cluster, mention: _Mention) -> bool:
    """Is an anchor the cooperation of a cluster: the same named body, or nested party sets?"""
    if cluster.body_keys() & {b.key for b in mention.bodies}:
        return True
    if not _compatible(cluster, mention):
        return False
    a, b = set(cluster.parties), set(mention.parties)
    return a <= b or b <= a


_WINDOW_BEFORE = 4  # a reference may follow the last sentence of its cooperation by this many
_WINDOW_AFTER = 3  # ... or precede its first (a headline) by this many


def _attach(clusters: list[_Cluster], mention: _Mention) -> _Cluster | None:
    """The cooperation a sentence refers to: the one with its body, else the nearest one that it
    does not contradict (another body, or a party that is not a member)."""
    keys = {b.key for b in mention.bodies}
    for cluster in clusters:
        if keys & cluster.body_keys():
            return cluster
    if keys and not mention.acts:
        return None  # another body named in passing ("beraten vom Zweckverband X")
    named = set(mention.parties) - set(mention.members)
    candidates = [c for c in clusters if _compatible(c, mention) and named <= set(c.parties)]
    if not candidates:
        return None
    explicit = mention.applicants or mention.leavers or mention.lead or mention.members
    if explicit and len(clusters) == 1:
        return candidates[0]

    def distance(c: _Cluster) -> tuple[int, int]:
        if mention.index >= c.first:
            return (max(0, mention.index - c.last), 0)
        return (c.first - mention.index, 1)

    best = min(candidates, key=distance)
    gap, after = distance(best)
    if gap <= (_WINDOW_AFTER if after else _WINDOW_BEFORE):
        return best
    return None


def _cluster(mentions: list[_Mention], orgs: tuple[OrgMention, ...], view: MaskedText) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    joinings: dict[tuple[str, str], _Cluster] = {}
    for mention in mentions:
        for join in mention.joins:
            joining = joinings.get((join.act, join.body.key))
            if joining is None:
                joining = joinings[(join.act, join.body.key)] = _Cluster([], [join.body.key], True, (join.act, join.body))
            if mention not in joining.mentions:
                joining.mentions.append(mention)
            joining.parties.extend(k for k in join.keys if k not in joining.parties)
        if not mention.anchor:
            continue
        strong = mention.strong or (mention.weak and mention.formed)
        for cluster in clusters:
            if _same(cluster, mention):
                cluster.mentions.append(mention)
                cluster.parties.extend(p for p in (*mention.parties, *mention.members) if p not in cluster.parties)
                cluster.strong = cluster.strong or strong
                break
        else:
            clusters.append(_Cluster([mention], list(dict.fromkeys((*mention.parties, *mention.members))), strong))
    # the founding of a joint body that a cooperation of the release is: its founders are its parties
    for (act, body_key), joining in list(joinings.items()):
        owner = next((c for c in clusters if body_key in c.body_keys()), None) if act == "founded" else None
        if owner is not None:
            owner.mentions.extend(m for m in joining.mentions if m not in owner.mentions)
            owner.parties.extend(k for k in joining.parties if k != body_key and k not in owner.parties)
            del joinings[(act, body_key)]
    _members_of_joined(clusters, joinings)
    _joined_again(clusters, joinings, view)
    anchored = {m.index: c for c in clusters for m in c.mentions}
    every = [*clusters, *joinings.values()]
    for mention in mentions:
        if mention.anchor or mention.joins:
            continue
        follows = anchored.get(mention.index - 1)
        joined = next((c for c in joinings.values() if c.joins[0] == "joined" and mention.members
                       and set(mention.members) <= set(c.parties)), None)
        if joined is not None:
            cluster = joined  # "Mit dem Beitritt der Gemeinde A ...": the joining named before
        elif mention.acts and follows is not None and set(mention.parties) <= set(follows.parties) and not mention.bodies:
            cluster = follows  # "Unterschrieben haben ihn ... am 4. Mai": the act of the sentence before
        elif mention.named or mention.applicants or mention.leavers or mention.lead or mention.members:
            cluster = _attach(every, mention)
        else:
            continue
        body = None
        if cluster is not None and cluster.joins is not None and cluster.joins[0] == "founded" and mention.members:
            body = cluster.joins[1]  # members that join a body whose founding is told: a joining of that body
        elif cluster is None and mention.members and mention.member_evidence is not None:
            window = int(_ruleset().settings["reference_window"])
            link = _linkers().decide("joined_body", _JoinedQuery(mention, orgs, mentions[max(0, mention.index - window)].start))
            if link is not None and link.value is not None:
                body = link.value  # "Mitglied in der Bundes-Arbeitsgemeinschaft": the body the release is about
                mention.linkers.append(link.linker)
        if body is not None:
            cluster = joinings.get(("joined", body.key))
            if cluster is None:
                cluster = joinings[("joined", body.key)] = _Cluster([], [body.key], True, ("joined", body))
                every.append(cluster)
            mention.joins.append(_Join("joined", body, list(mention.members), mention.member_evidence))
        if cluster is not None:
            cluster.mentions.append(mention)
            cluster.parties.extend(k for k in mention.members if k not in cluster.parties)
            if mention.specific or mention.signs_agreement:
                cluster.strong = True
    return every


def _members_of_joined(clusters: list[_Cluster], joinings: dict[tuple[str, str], _Cluster]) -> None:
    """The members of a body that others just joined, listed right after the joining ("X ist dem
    Verbund Y beigetreten. Dem Verbund gehören bereits A und B an"), are parties of that joining:
    their cluster, named by no other body, goes into it."""
    settings = _ruleset().settings
    rules = set(settings["members_rules"])
    window = int(settings["members_after_joining_window"])
    for (act, body_key), joining in joinings.items():
        if act != "joined" or not joining.mentions:
            continue
        last = max(m.index for m in joining.mentions)
        for cluster in list(clusters):
            first = min(cluster.mentions, key=lambda m: m.index)
            if not (0 < first.index - last <= window) or not cluster.body_keys() <= {body_key}:
                continue
            if rules & set(first.rules):
                _absorb(joining, cluster, clusters)


def _absorb(joining: _Cluster, cluster: _Cluster, clusters: list[_Cluster]) -> None:
    """``cluster`` told more of ``joining``: its mentions and parties go into it."""
    joining.mentions.extend(m for m in cluster.mentions if m not in joining.mentions)
    joining.parties.extend(k for k in cluster.parties if k not in joining.parties)
    clusters.remove(cluster)


def _forms_named(mention: _Mention, view: MaskedText) -> set[str]:
    """The forms a sentence names, not counting the noun of a reference to bodies ("die drei
    Zweckverbände" names no Zweckverband)."""
    _, sub = view.sentence(mention.start, mention.end)
    nouns = _ruleset().settings["reference_nouns"]
    return {f.form.id for f in mention.forms if f.form.kind != "reference" and sub[f.start : f.end] not in nouns}


def _joined_again(clusters: list[_Cluster], joinings: dict[tuple[str, str], _Cluster], view: MaskedText) -> None:
    """Bodies that join or merge into a named body, told again without its name ("Vereinigung der
    Zweckverbände A, B und C zum Zweckverband X ... dass sich die drei Zweckverbände zu einem neuen
    Zweckverband vereinigen"), are that joining: a cluster named by no body, whose parties all joined
    the body and whose sentences name the form the body has (in its name or where it was joined),
    goes into it."""
    for (_, body_key), joining in joinings.items():
        body = joining.joins[1]
        named = [*find_forms(body.name), *(f for m in joining.mentions for f in m.forms)]
        body_forms = {f.form.id for f in named if f.form.kind != "reference"}
        joined = set(joining.parties) - {body_key}
        for cluster in list(clusters):
            if cluster.body_keys() or not set(cluster.parties) <= joined:
                continue
            if body_forms & {f for m in cluster.mentions for f in _forms_named(m, view)}:
                _absorb(joining, cluster, clusters)  # its parties all joined: none is new


@dataclass(frozen=True)
class _JoinedQuery:
    """Which body did the members of a sentence join, where the sentence does not name it ("ist Mitglied
    in der Bundes-Arbeitsgemeinschaft") and no cooperation is named nearby?"""

    mention: _Mention
    orgs: tuple[OrgMention, ...]
    window_start: int = 0  # where the sentences begin that a bare "dem Zweckverband" may point back into

    def bodies_nearby(self) -> list[OrgMention]:
        """The joint bodies named in the sentence or the few before it, not among its members."""
        return [o for o in self.orgs if o.type == "cooperation" and self.window_start <= o.evidence.start < self.mention.end
                and o.key not in self.mention.members]


@link_function("coop_joined_named_before")
def _joined_named_before(q: _JoinedQuery) -> OrgMention | None:
    """The nearest joint body named in the sentence or the few before it whose name has the form the
    sentence names ("Der Zweckverband X ... . Die Gemeinde A ist dem Zweckverband beigetreten")."""
    wanted = {f.form.id for f in q.mention.forms if f.form.kind in ("contract", "body")}
    if not wanted:
        return None
    found = [o for o in q.bodies_nearby() if wanted & {f.form.id for f in find_forms(o.name)}]
    return max(found, key=lambda o: o.evidence.start) if found else None


@link_function("coop_joined_only_named")
def _joined_only_named(q: _JoinedQuery) -> OrgMention | None:
    """A joining that names neither the body nor its form ("Die Gemeinde A hat die Mitgliedschaft
    beschlossen"): the one joint body named in the sentence or the few before it, if only one is."""
    if q.mention.forms:
        return None
    found = {o.key: o for o in q.bodies_nearby()}
    return next(iter(found.values())) if len(found) == 1 else None


@link_function("coop_joined_same_name")
def _joined_same_name(q: _JoinedQuery) -> OrgMention | None:
    """The organisation of the release whose name or abbreviation is the word, written otherwise."""
    word = (q.mention.member_word or "").casefold()
    if not word:
        return None
    legal = tuple(f" {form.casefold()}" for form in _ruleset().settings["legal_forms"])

    def names(o: OrgMention) -> set[str]:
        out = {o.name.casefold(), (o.abbreviation or "").casefold(), o.text.casefold()}
        return out | {n[: -len(f)] for n in out for f in legal if n.endswith(f)}

    return next((o for o in q.orgs if o.type in _JOINABLE_TYPES and word in names(o)), None)


@link_function("coop_joined_release_body")
def _joined_release_body(q: _JoinedQuery) -> OrgMention | None:
    """The joint body, agency or company the release names most often, if clearly so: at least
    ``joined_body_mentions`` times and more often than any other."""
    key = most_named((o.key for o in q.orgs if o.type in _JOINABLE_TYPES and o.key not in q.mention.members),
                     at_least=int(_ruleset().settings["joined_body_mentions"]))
    return next(o for o in q.orgs if o.key == key) if key is not None else None


def _squash(name: str) -> str:
    return compiled(r"[^\p{L}\d]+").sub("", name).casefold()


@dataclass(frozen=True)
class _RecordQuery:
    """One cooperation being recorded: its sentences and what the release says around them."""

    cluster: _Cluster
    orgs: tuple[OrgMention, ...]
    dates: tuple[DateMention, ...]
    text: str
    published: DateValue | None
    parties: tuple[str, ...] = ()  # once decided

    @property
    def ordered(self) -> list[_Mention]:
        """Its sentences, those that read its parties first."""
        return sorted(self.cluster.mentions, key=lambda m: (not m.anchor, m.index))


@link_function("coop_body_joined")
def _body_joined(q: _RecordQuery) -> Any:
    """The named body that others joined or founded, unless it is a party of the act (then the
    record is the membership, not the body)."""
    if q.cluster.joins is None:
        return None
    body = q.cluster.joins[1]
    return NOTHING if body.key in q.parties else body


@link_function("coop_body_named")
def _body_named(q: _RecordQuery) -> OrgMention | None:
    """A joint body named in the cooperation's sentences (those that read its parties first)."""
    return next((m.bodies[0] for m in q.ordered if m.bodies), None)


@link_function("coop_body_compound")
def _body_compound(q: _RecordQuery) -> OrgMention | None:
    """A compound form word ("IT-Service-Teams") that spells a joint body named elsewhere."""
    bodies = {_squash(o.name): o for o in q.orgs if o.type == "cooperation"}
    for m in q.ordered:
        for f in m.forms:
            if not f.prefix:
                continue
            word = _squash(f.prefix + f.form.de)
            for squashed, org in bodies.items():
                if word.startswith(squashed) and len(word) - len(squashed) <= 2:
                    return org
    return None


def _form(cluster: _Cluster, body: OrgMention | None) -> str | None:
    found = [f.form for m in cluster.mentions for f in m.forms]
    if body is not None:
        found.extend(f.form for f in find_forms(body.name))
    found = [f for f in found if f.kind != "reference"] or found
    if not found:
        return _GENERIC_FORM  # "A arbeitet eng mit B zusammen": a cooperation without a named form
    return min(found, key=lambda f: f.rank).de


#: What stands before a dateline's date on its line: "Weimar, den", "Mittwoch,", "[", nothing.
_DATELINE_PREFIX = regex.compile(
    r"\W*(?:\p{Lu}[\p{L}.()-]*(?:[ /]\p{Lu}[\p{L}.()-]*)*,\s(?:den\s)?)?(?:\p{Lu}\p{Ll}+,\s)?", regex.VERSION1
)


def _in_dateline(text: str, d: DateMention) -> bool:
    """Is the date the release's own, written at the head of a line ("Weimar, 02.03.2023.")?"""
    if d.date.relative or d.date.modifier is not None:
        return False
    line_start = text.rfind("\n", 0, d.evidence.start) + 1
    ends_line = text[d.evidence.end : d.evidence.end + 1] in ("", "\n", ".", "]", ",", ")")
    return ends_line and bool(_DATELINE_PREFIX.fullmatch(text[line_start : d.evidence.start]))


_GENERIC_FORM = "Kooperation"


#: Which act dates a cooperation best when one sentence dates several: the signing or founding
#: itself before the decision that preceded it ("Die Räte stimmten im März zu; unterschrieben wurde
#: die Vereinbarung am 2. Mai").
_ACT_RANK = {"signed": 0, "founded": 0, "joined": 0, "since": 0, "decided": 1}


def _fits(act: str, d: DateMention) -> bool:
    """Can the date date the act: a "seit" date only a lasting one, no "bis"/"ab" date any, and no
    date a plan."""
    return act in _ACT_RANK and (act == "since") == (d.date.modifier == "seit") and d.date.modifier not in ("bis", "ab")


#: What ends a clause: a date and an act on either side of it belong to different clauses.
_CLAUSE_BREAK = regex.compile(r"[,;:]|\s[–-]\s")


def _act_date(mention: _Mention, dates: tuple[DateMention, ...], text: str, *, joining: bool = False) -> DateValue | None:
    """The date of the best act in the sentence (not a dateline's): each date belongs to the act
    nearest to it in its own clause (else in the sentence), and of the dated acts a signing or
    founding wins over a decision ("Die Räte hatten im Herbst zugestimmt, bevor die Bürgermeister am
    8. Februar unterschrieben": 8 February)."""
    best: tuple[tuple[int, int], DateValue] | None = None
    for d in dates:
        ds, de = d.evidence.start, d.evidence.end
        if ds < mention.start or de > mention.end or d.date.value is None or _in_dateline(text, d):
            continue
        fitting = []
        for s, e, act in mention.acts:
            if act == "joined" and not joining:
                continue  # a body joining later does not date the cooperation it joins
            if _fits(act, d):
                between = text[min(de, e) : max(ds, s)]
                fitting.append((bool(_CLAUSE_BREAK.search(between)), max(0, s - de, ds - e), act))
        if not fitting:
            continue
        _, gap, act = min(fitting)
        key = (_ACT_RANK[act], gap)
        if best is None or key < best[0]:
            best = (key, d.date)
    return best[1] if best else None


def _acts_date(mentions: list[_Mention], q: _RecordQuery) -> DateValue | None:
    joining = q.cluster.joins is not None
    return next((d for d in (_act_date(m, q.dates, q.text, joining=joining) for m in mentions) if d is not None), None)


def _referring(q: _RecordQuery) -> list[_Mention]:
    """The sentences that only refer to the cooperation and name it or an act, nearest to its
    first own sentence first."""
    first = min(m.index for m in q.cluster.own())
    return sorted((m for m in q.cluster.mentions if not m.anchor and (m.named or m.acts)),
                  key=lambda m: (abs(m.index - first), m.index))


@link_function("coop_date_own_act")
def _date_own_act(q: _RecordQuery) -> DateValue | None:
    """The date of the signing, founding or decision in the sentences that read the parties."""
    return _acts_date(q.cluster.own(), q)


@link_function("coop_date_referring_act")
def _date_referring_act(q: _RecordQuery) -> DateValue | None:
    """The date of an act in a sentence that refers to the cooperation ("Die Vereinbarung wurde am
    4. Mai unterzeichnet"), the nearest such sentence first."""
    return _acts_date(_referring(q), q)


#: Acts that a release reports on the day they happen; a lasting one ("arbeiten zusammen") is not.
_DATED_BY_RELEASE = frozenset({"signed", "founded", "joined", "decided"})


@link_function("coop_date_release")
def _date_release(q: _RecordQuery) -> DateValue | None:
    """The release's own date, when its sentences report the act without a date ("haben ...
    unterzeichnet")."""
    if q.published is None or not q.published.value:
        return None
    done = {act for m in (*q.cluster.own(), *_referring(q)) for *_, act in m.acts}
    if q.cluster.joins is None:
        done.discard("joined")
    return q.published if done & _DATED_BY_RELEASE else None


@dataclass(frozen=True)
class _PartyQuery:
    """Is one body that the cooperation's sentences name a party of it?"""

    key: str
    record: _RecordQuery

    @cached_property
    def said(self) -> dict[str, set[str]]:
        """What the sentences say of each body: read as a party, applied, left, joined, mandated."""
        out: dict[str, set[str]] = {}
        own = self.record.cluster.own()
        for m in self.record.cluster.mentions:
            lead = [m.lead] if m.lead and m in own else []  # the lead named where the parties are
            for what, keys in (("applied", m.applicants), ("left", m.leavers), ("joined", m.members),
                               ("mandated", [m.mandated] if m.mandated else []), ("lead", lead)):
                for k in keys:
                    out.setdefault(k, set()).add(what)
        for k in self.record.cluster.read:
            out.setdefault(k, set()).add("read")
        for m in self.record.cluster.mentions:
            for k in self.record.cluster.joined_in(m):
                out.setdefault(k, set()).add("joined")
        if self.record.cluster.joins is not None:
            out.setdefault(self.record.cluster.joins[1].key, set()).add("joint_body")
        return out

    def says(self, what: str) -> bool:
        return what in self.said.get(self.key, ())


def _party_linker(what: str, answer: Any):
    def decide(q: _PartyQuery) -> Any:
        return (q.key if answer is None else answer) if q.says(what) else None

    return decide


for _what, _answer, _name in (("applied", NOTHING, "coop_party_applied"), ("left", NOTHING, "coop_party_left"),
                              ("read", None, "coop_party_read"), ("joined", None, "coop_party_joined"),
                              ("mandated", None, "coop_party_mandated"), ("lead", None, "coop_party_lead")):  # fmt: skip
    link_function(_name)(_party_linker(_what, _answer))


@link_function("coop_party_joint_body")
def _party_joint_body(q: _PartyQuery) -> Any:
    """The named body that others joined is a party of the joining; of its founding only where
    fewer than two founders are named (else they are the parties, and it is the body)."""
    if not q.says("joint_body"):
        return None
    act, body = q.record.cluster.joins
    founders = [k for k in q.record.cluster.parties if k != body.key]
    return q.key if act == "joined" or len(founders) < 2 else NOTHING


#: Acts that make a cooperation real: it was signed, founded, joined, or exists since a date.
_DONE = frozenset({"signed", "founded", "joined", "since"})


@link_function("coop_status_planned")
def _status_planned(q: _RecordQuery) -> str | None:
    """Planned: the sentences that read its parties tell a plan ("wollen ... gründen", "ist
    geplant") and none of its sentences tells that it was signed, founded or joined, or exists."""
    planned = any(act == "planned" for m in q.cluster.own() for *_, act in m.acts)
    done = any(act in _DONE for m in q.cluster.mentions for *_, act in m.acts)
    return "planned" if planned and not done else None


@cache
def _linkers() -> Linkers:
    return load_linkers("cooperations")


def _record(doc: Doc, cluster: _Cluster, orgs: tuple[OrgMention, ...], dates: tuple[DateMention, ...],
            published: DateValue | None) -> Cooperation | None:
    """The cooperation of a cluster, each decision after matching taken by the linkers."""
    if not cluster.strong:
        return None
    linkers = _linkers()
    query = _RecordQuery(cluster, orgs, dates, spans.text(doc), published)
    decided: list[str] = [k for m in sorted(cluster.mentions, key=lambda m: m.index) for k in m.linkers]
    parties: list[str] = []
    candidates = dict.fromkeys([*cluster.parties, *(k for m in cluster.mentions for k in (*m.applicants, *m.leavers)),
                                *(m.lead for m in cluster.mentions if m.lead)])
    for key in candidates:
        link = linkers.decide("parties", _PartyQuery(key, query))
        if link is None:
            continue
        decided.append(link.linker)
        if link.value is not None:
            parties.append(link.value)
    if len(parties) < 2:
        return None
    query = dataclasses.replace(query, parties=tuple(parties))
    own = min(cluster.own(), key=lambda m: (not m.strong, m.index))
    if cluster.joins is not None:
        start, end, rule = next(j.evidence for j in own.joins if j.body.key == cluster.joins[1].key)
    else:
        start, end, rule = own.evidence or (own.start, own.end, "coop.sentence")
    body_link = linkers.decide("body", query)
    body = body_link.value if body_link is not None else None
    date_link = linkers.decide("date", query)
    status_link = linkers.decide("status", query)
    for link in (body_link, date_link, status_link):
        if link is not None:
            decided.append(link.linker)
    outsiders = set(parties)
    applicants = tuple(dict.fromkeys(k for m in cluster.mentions for k in m.applicants if k not in outsiders))
    leavers = tuple(dict.fromkeys(k for m in cluster.mentions for k in m.leavers if k not in outsiders))
    ordered = sorted(cluster.mentions, key=lambda m: m.index)
    lead = next((m.lead for m in ordered if m.lead), None)
    decision = next((m.decision for m in ordered if m.decision), None)
    support = tuple(r for m in ordered for r in m.rules)
    return Cooperation(
        evidence=evidence(doc, start, end, rule, support=support, linkers=tuple(decided)),
        parties=tuple(parties),
        form=_form(cluster, body if body is not None else (cluster.joins[1] if cluster.joins else None)),
        name=body.name if body else None,
        key=body.key if body else None,
        date=date_link.value if date_link is not None else None,
        applicants=applicants,
        lead=lead,
        leavers=leavers,
        decision=decision,
        status=status_link.value if status_link is not None else None,
    )


def _listed(view: MaskedText, sentences: list[tuple[int, int]]) -> set[int]:
    """The sentences that are items of a list under a heading that names cooperations: the heading
    ends with a colon ("Gefördert werden folgende interkommunale Kooperationen:"), the items start
    with a bullet."""
    bullet = _ruleset().pattern("BULLET")
    out: set[int] = set()
    heading = False
    for n, (start, end) in enumerate(sentences):
        text = view.text[view.index(start) : view.index(end)]
        if bullet.match(text):
            if heading:
                out.add(n)
            continue
        heading = text.rstrip().endswith(":") and any(f.form.kind != "reference" for f in find_forms(text))
    return out


def extract_cooperations(doc: Doc, *, orgs: tuple[OrgMention, ...], dates: tuple[DateMention, ...],
                         published: DateValue | None, doc_state: str | None) -> tuple[Cooperation, ...]:
    """Every cooperation a press release states, one record per cooperation.

    Args:
        doc: the press release.
        orgs: its organisation mentions (the parties are their keys).
        dates: its date mentions, relative ones resolved against the publication date.
        published: the publication date: the date of an act the release reports without one.
        doc_state: the press release's state (unused: parties carry their own identity).
    """
    del doc_state
    view = mask(spans.text(doc), orgs)
    sentences = spans.text_sentences(doc)
    refs = References()
    listed = _listed(view, list(sentences))
    whole = view.scan(sentences)
    mentions = [_read_sentence(view, whole, n, start, end, refs, listed=n in listed)
                for n, (start, end) in enumerate(sentences)]
    linkers = _linkers()
    for n, mention in enumerate(mentions):
        if mention.speaker and (mention.parties or mention.named):
            link = linkers.decide("speaker_body", _SpeakerQuery(view, mentions, n, mention.speaker, orgs))
            if link is None or link.value is None:
                continue
            mention.linkers.append(link.linker)
            mention.mandated = link.value
            if link.value not in mention.parties:
                mention.parties.insert(0, link.value)
                mention.strong = mention.strong or mention.named
    records = (_record(doc, c, orgs, dates, published) for c in _cluster(mentions, orgs, view))
    return tuple(r for r in records if r is not None)

