"""Roles: a person holding an office that the text states (an ``org:Membership`` in the graph).

The constructions are data (``data/de/roles.yaml``), the offices a SKOS concept scheme
(``data/de/role_vocabulary.yaml``). The rules run on the text with every person mention masked
(see the YAML header), so "Vorsitzende der VG Adorf Anna Beispiel" cannot read "Adorf Anna"
as part of the body's name. Each match names one person and one or more offices; this module

1. reads each office: its concept and label in the nominative singular with the gender the text
   gives it (the article and the noun's ending, never the person's name), its status and dates;
2. finds the body the office belongs to -- the organisation named after it, the place or state
   named before it, a place in brackets after the name, the body a "dessen|deren" or a leading
   "Für <body>" points to, the first part of a compound (a remit or a body's abbreviation), the
   document's district or town for offices that belong to one, a contact block's organisation.
   The office's type decides the body's type ("Adorfer Verbandsbürgermeister" -> Verbandsgemeinde
   Adorf, not the town). Only organisations the organisation extractor read are used;
3. resolves overlaps (an office before a name belongs to that name, not to an apposition of
   the name before it), reads offices named by reference ("Nachfolgerin von X", "ihr Bdorfer
   Amtskollege X", "X hat diese Aufgabe übernommen") and merges the mentions of one office of one
   person.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache, cached_property, partial
from typing import Any

import regex
from spacy.tokens import Doc

from egov_kg.extract import spans
from egov_kg.extract.linking import NOTHING, link_function, load_linkers, most_named
from egov_kg.extract.organizations import abbreviates, without_last_umlaut
from egov_kg.extract.rules import (
    Rule,
    TriggerScan,
    compiled,
    load_data,
    load_rules,
    normalise,
    normaliser,
    word_source,
)
from egov_kg.extract.spans import evidence
from egov_kg.keys import OrgKey, slug
from egov_kg.lexicon import lookup_place, ministry_domains, party_names, state_of_name
from egov_kg.records import OrgMention, PersonMention, RoleMention
from egov_kg.vocabulary import RoleConcept, role_vocabulary

MASK = "\ue000"


@cache
def _concepts() -> dict[str, RoleConcept]:
    return {c.id: c for c in role_vocabulary()}


# ---------------------------------------------------------------------------- office nouns


@dataclass(frozen=True, slots=True)
class _Form:
    concept: str
    gender: str  # "m", "f" or "x" (an abbreviation or a form without gender)
    label: str  # the label this form stands for


def _noun_phrase(label: str) -> bool:
    """A label of several words that starts with its noun ("Chef der Staatskanzlei", "Mitglied
    des Präsidiums"), not with an adjective ("Erster Bürgermeister") nor a remit ("... für IT")."""
    words = label.split()
    return len(words) > 1 and words[0].lower().rstrip("rnms") not in _title_adjectives() and "für" not in words


def _written_alone(label: str) -> bool:
    return len(label.split()) == 1 or _noun_phrase(label)


def _abbreviation(word: str) -> bool:
    """"MdL", "OB", "CIO": one word of two capitals or more (not "IT-Beauftragter")."""
    return "-" not in word and " " not in word and sum(ch.isupper() for ch in word) >= 2


@cache
def _forms() -> dict[str, _Form]:
    """Lower-case written forms -> concept: labels, inflected forms, alternative labels."""
    forms: dict[str, _Form] = {}

    def add(form: str, value: _Form) -> None:
        forms.setdefault(form, value)

    for c in role_vocabulary():
        for label, gender in ((c.pref_label_male, "m"), (c.pref_label_female, "f")):
            if _written_alone(label):
                add(label.lower(), _Form(c.id, gender, label))
        for alt in c.alt_labels:
            if _written_alone(alt):
                fixed = any(ch.isupper() for ch in alt[1:]) or "-" in alt  # "MdL", "Landes-CIO", "Chief ..."
                gender = "x" if fixed else ("f" if alt.endswith("in") else "m")
                add(alt.lower(), _Form(c.id, gender, alt))
    return forms


def _labels(concept: RoleConcept) -> tuple[str, ...]:
    return (concept.pref_label_male, concept.pref_label_female, *concept.alt_labels)


@word_source("office_heads")
def _office_heads() -> list[str]:
    """The head of every office noun, lower case, for the NOUN piece: a one-word label's last
    part ("Landes-CIO" has none: an abbreviation), a female label without -in ("landrät"), and
    the stem that male and female forms of an adjectival noun share ("beauftragt")."""
    heads: set[str] = set()
    for concept in role_vocabulary():
        words = set()
        for label in _labels(concept):
            parts = label.split()
            if len(parts) == 2 and parts[0].lower().rstrip("rnms") in _title_adjectives():
                parts = parts[1:]  # "Leitender Verwaltungsbeamter": its noun
            if len(parts) == 1 and not _abbreviation(parts[0].rsplit("-", 1)[-1]):
                words.add(parts[0].rsplit("-", 1)[-1].lower())
        for word in words:
            heads.add(word)
            if word.endswith("in"):
                heads.add(word[:-2])
            if word.endswith("er") and word[:-1] in words:  # Beauftragter / Beauftragte
                heads.add(word[:-2])
    return sorted(heads)


@word_source("office_abbreviations")
def _office_abbreviations() -> list[str]:
    """Offices written as abbreviations ("MdL", "OB", "CIO"), case as written."""
    return sorted({label.rsplit("-", 1)[-1] for c in role_vocabulary() for label in _labels(c)
                   if " " not in label and _abbreviation(label.rsplit("-", 1)[-1])})  # "Landes-CIO": CIO


@word_source("office_plurals")
def _office_plurals() -> list[str]:
    """Plurals of office nouns that no singular shares: -innen, the adjectival -en
    ("Abgeordneten", "Vorsitzenden"), weak nouns (-e: "Lotsen"), -räte, -äre, -oren, -enten."""
    out: set[str] = set()
    for concept in role_vocabulary():
        male, female = concept.pref_label_male.lower(), concept.pref_label_female.lower()
        if " " in male:
            continue
        if female.endswith("in"):
            out.add(female + "nen")
        if male.endswith("er") and female == male[:-1]:
            out.add(male[:-2] + "en")
        elif male.endswith("e"):
            out.add(male + "n")
        for singular, plural in (("rat", "räte"), ("är", "äre"), ("or", "oren"), ("ent", "enten")):
            if male.endswith(singular):
                out.add(male[: -len(singular)] + plural)
                if plural.endswith("e"):
                    out.add(male[: -len(singular)] + plural + "n")  # "den Landräten"
        if male.endswith(("er", "el")) and not female == male[:-1]:
            out.add(male + "n")  # "den Bürgermeistern": a dative plural only
    return sorted(out)


@word_source("office_phrases")
def _office_phrases() -> list[str]:
    """Offices named by several words, noun first ("Chef der Staatskanzlei", "Mitglied des Landtags")."""
    return sorted({label for c in role_vocabulary() for label in _labels(c) if _noun_phrase(label)})


@cache
def _multiword() -> dict[tuple[str, str], tuple[_Form, bool]]:
    """(adjective stem, written noun) -> (concept form, weak) for offices named with an adjective
    ("Erste Bürgermeisterin", "des Leitenden Verwaltungsbeamten")."""
    out: dict[tuple[str, str], tuple[_Form, bool]] = {}
    for c in role_vocabulary():
        labels = [(c.pref_label_male, "m"), (c.pref_label_female, "f")]
        labels += [(a, "f" if a.endswith("in") else "m") for a in c.alt_labels]
        for label, gender in labels:
            words = label.split()
            stem = words[0].lower().rstrip("rnms") if len(words) == 2 else ""
            if stem not in _title_adjectives():
                continue
            noun = words[1].lower()
            for written in _inflections(noun):
                weak = noun.endswith("er") and written in (noun[:-1], noun[:-1] + "n")
                out.setdefault((stem, written), (_Form(c.id, gender, label), weak))
    return out


@cache
def _sorted_forms() -> tuple[str, ...]:
    return tuple(sorted(_forms(), key=lambda f: (-len(f), f)))


def _inflections(base: str) -> tuple[str, ...]:
    """Written forms of a label in the singular: genitive endings, the -n/-en of weak nouns
    ("des Lotsen", "dem Präsidenten") and the weak forms of adjectival nouns ("des Vorsitzenden").
    "Bürgermeistern" is a plural and no form of the singular."""
    out = [base, base + "s", base + "es"]
    if base.endswith("e"):
        out.append(base + "n")
    elif base.endswith(_WEAK_ENDINGS):
        out.append(base + "en")
    if base.endswith("er"):
        out += [base[:-1], base[:-1] + "n"]
    return tuple(out)


#: Endings of weak masculine nouns, whose singular takes -en ("des Präsidenten", "dem Referenten").
_WEAK_ENDINGS = ("ent", "ant", "ist", "at", "oge")


@dataclass(frozen=True, slots=True)
class _Noun:
    form: _Form
    prefix: str  # the first part of a compound ("Finanz", "Landes-", "IT-")
    weak: bool  # written as "-e"/"-en" where male and female forms look alike ("Vorsitzende")
    ending: str  # "e", "en" or ""


@cache
def _analyse_noun(word: str) -> _Noun | None:
    """The concept a written office noun stands for, with the first part of a compound."""
    low = word.lower()
    for form in _sorted_forms():
        for written in _inflections(form):
            if not low.endswith(written):
                continue
            prefix = word[: len(word) - len(written)]
            if prefix and not (prefix.endswith("-") or len(prefix) >= 3):
                continue
            info = _forms()[form]
            weak = written != form and written in (form[:-1], form[:-1] + "n") and form.endswith("er")
            weak = weak or (info.gender == "f" and written in (form, form + "n") and form.endswith("e"))
            ending = "en" if written.endswith("en") and written != form else ("e" if written.endswith("e") else "")
            return _Noun(info, prefix, weak, ending)
    return None


def _singular(word: str) -> str:
    """A plural office noun in the singular: Landrätinnen -> Landrätin, Landräte -> Landrat; a
    plural of both genders ("Referatsleiter:innen") in the form without the gender mark."""
    marked = compiled(r"[:*_]innen$").search(word)
    if marked:
        return word[: marked.start()]
    for plural, singular in (("innen", "in"), ("räten", "rat"), ("räte", "rat"), ("ären", "är"), ("äre", "är"),
                             ("oren", "or"), ("enten", "ent"), ("ern", "er")):
        if word.endswith(plural):
            return word[: -len(plural)] + singular
    return word


_MALE_DET = frozenset("dem den des einem einen eines".split())
_FEMALE_DET = frozenset("die eine".split())


def _gender(noun: _Noun, det: str | None) -> str:
    """The office's grammatical gender as the text writes it (article and ending)."""
    if not noun.weak:
        return noun.form.gender if noun.form.gender != "x" else "x"
    d = (det or "").lower()
    if noun.ending == "e":
        return "f" if d in _FEMALE_DET or not d else "m"
    # "-en": dem/den/des Vorsitzenden (male), der Vorsitzenden (female)
    return "f" if d in ("der", "einer") else "m"


def _label_for(concept: RoleConcept, gender: str) -> str:
    return concept.pref_label_female if gender == "f" else concept.pref_label_male


def _form_label(form: _Form, gender: str) -> str:
    """The label of a written form: a preferred label in the text's gender, or the alternative
    label itself ("Stadtkämmerin") when its gender is the text's."""
    concept = _concepts()[form.concept]
    if form.label in (concept.pref_label_male, concept.pref_label_female) or form.gender != gender:
        return _label_for(concept, gender)
    return form.label


def _multiword_label(form: _Form, gender: str) -> str:
    """"Erste Bürgermeisterin", "Zweiter Bürgermeister": the label with its adjective, in the text's gender."""
    concept = _concepts()[form.concept]
    stem = form.label.split()[0].lower().rstrip("rnms")
    for label in (_label_for(concept, gender), *concept.alt_labels):
        words = label.split()
        if len(words) == 2 and words[0].lower().rstrip("rnms") == stem and (words[1].endswith("in") == (gender == "f")):
            return label
    return form.label


# ---------------------------------------------------------------------------- data


@cache
def _settings() -> dict[str, Any]:
    return load_rules("roles").settings


@cache
def _title_adjectives() -> frozenset[str]:
    return frozenset(a.rstrip("rnms") for a in load_data("role_vocabulary.yaml")["title_adjectives"])


@cache
def _rules() -> tuple[Rule, ...]:
    """The office rules, highest priority first. Every one reads a person, who is masked in the
    text it runs on (``_masked``): the mask is each rule's trigger, so a rule runs only on the
    sentences that name a person, with their neighbours."""
    return tuple(replace(rule, trigger=(MASK,)) for rule in sorted(load_rules("roles").rules, key=lambda r: -r.priority))


# ---------------------------------------------------------------------------- reading offices


@dataclass(frozen=True, slots=True)
class _Office:
    """One office as written in a match, before its body is found."""

    start: int
    end: int
    noun_start: int
    noun_end: int
    concept: str
    label: str
    prefix: str
    det: str | None
    attr: tuple[int, int] | None
    tail: tuple[int, int] | None
    spec: str | None
    status: str | None
    poss: bool = False  # "deren|dessen <office>": the body is the one named just before
    shared: tuple[int, int] | None = None  # "Staatssekretär und CIO des Landes": the body phrase of a later office


def _within(ranges: list[tuple[int, int]], values: list[str], start: int, end: int) -> list[tuple[tuple[int, int], str]]:
    return [(s, v) for s, v in zip(ranges, values) if start <= s[0] and s[1] <= end]


def _offices(m: regex.Match) -> list[_Office]:
    """Every office of a match, read from the captures of the repeated OFFICE piece."""
    groups = m.re.groupindex
    out = []
    several = len(m.spans("name") if "name" in groups else ()) > 1
    for (o_start, o_end) in m.spans("office"):
        def caps(name: str) -> list[tuple[tuple[int, int], str]]:
            if name not in groups:
                return []
            return _within(m.spans(name), m.captures(name), o_start, o_end)

        nouns = caps("noun")
        if not nouns:
            continue
        (n_start, n_end), noun_text = nouns[0]
        dets = caps("det")
        det = dets[0][1] if dets else None
        mods = " ".join(v for _, v in caps("mods") + caps("mods2")).split()
        attrs = caps("attr")
        tails = caps("tail")
        specs = caps("spec")
        if noun_text in _settings()["function_nouns"]:  # "der|die den Vorsitz ...": the relative's gender
            det = m.groupdict().get("rel")
        office = _read_office(noun_text, det, mods, bool(caps("ad")), plural=several)
        if office is None:
            continue
        concept, label, prefix, status = office
        spec = specs[0][1] if specs else None
        if spec:
            label, concept = _with_spec(label, concept, spec)
        out.append(_Office(o_start, o_end, n_start, n_end, concept, label, prefix, det,
                          attrs[0][0] if attrs else None, tails[0][0] if tails else None, spec, status,
                          bool(caps("poss"))))
        short = _short_name(m.string, n_end, o_end, concept)
        if short is not None:
            out.append(replace(out[-1], noun_start=short[0], noun_end=short[1], concept=short[2], label=short[3],
                               prefix="", spec=None))
    return _share_tails(out, m.string)


_SHORT_NAME = regex.compile(r"\s?\((?P<abbr>[\p{Lu}][\p{L}-]{1,8})\)")


def _short_name(text: str, noun_end: int, office_end: int, concept: str) -> tuple[int, int, str, str] | None:
    """An office's short name in brackets after it ("Beauftragter des Landes für IT (CIO)"): the
    abbreviation of another office the person holds with it: (start, end, concept, label)."""
    window = text[noun_end : office_end + 12]
    for m in _SHORT_NAME.finditer(window):
        if noun_end + m.start() > office_end:
            break
        abbr = m.group("abbr")
        noun = _analyse_noun(abbr) if _abbreviation(abbr) else None
        if noun is not None and noun.form.concept != concept:
            return noun_end + m.start("abbr"), noun_end + m.end("abbr"), noun.form.concept, abbr
    return None


def _share_tails(offices: list[_Office], text: str) -> list[_Office]:
    """Offices joined by "und"/"sowie" share the body phrase of the last one that has one."""
    out = list(offices)
    for i in range(len(out) - 2, -1, -1):
        if out[i].tail is None and compiled(r"\s(?:und|sowie)\s").fullmatch(text[out[i].end : out[i + 1].start]):
            out[i] = replace(out[i], shared=out[i + 1].tail or out[i + 1].shared)
    return out


@cache
def _party_prefix() -> regex.Pattern:
    """A party's name before an office noun ("SPD-Landrätin")."""
    return regex.compile(rf"^(?:{'|'.join(map(regex.escape, _settings()['party_prefixes']))})-(?=.)")


def _read_office(noun_text: str, det: str | None, mods: list[str], retired: bool, *,
                 plural: bool = False) -> tuple[str, str, str, str | None] | None:
    """(concept, label, compound prefix, status) of an office noun and the words before it; a
    noun in the plural only where the construction names several persons."""
    noun_text = compiled(r"\s+").sub(" ", noun_text)
    party = _party_prefix().match(noun_text)
    if party:  # "SPD-Landrätin": the person's party, not part of the office
        noun_text = noun_text[party.end() :]
    status = "former" if retired else None
    former = compiled(r"(?i)^(?:Alt|Ex)-(?=.)").match(noun_text)
    if former:  # "Ex-Landrat", "Alt-KIV-Geschäftsführer" (the body's former office)
        noun_text, status = noun_text[former.end() :], "former"
    function = _settings()["function_nouns"].get(noun_text)
    if function is not None:  # "den Vorsitz": the Vorsitzende(r); the text's gender only from a relative pronoun
        concept = _concepts()[function]
        return concept.id, _label_for(concept, "f" if det == "die" else "m"), "", status
    board = compiled(r"^(?P<prefix>[\p{L}\d.]+-)?(?P<board>\p{L}+)$").match(noun_text)
    titled = any(mod.lower().rstrip("rnms") in _title_adjectives() for mod in mods)  # "der Technische Vorstand": an office
    if det and board and board.group("board") in _settings()["boards"] and not titled:  # "in den Vorstand": a member of the board
        concept_id, label = _settings()["boards"][board.group("board")]
        return concept_id, label, board.group("prefix") or "", status
    title_words = []
    for mod in mods:
        stem = "stellvertretende" if mod.lower() == "stellv." else mod.lower().rstrip("rnms")
        status = _settings()["status"].get(stem + ("" if stem.endswith("e") else "e"), status) or status
        if stem in _title_adjectives():
            title_words.append((mod, stem))
    if noun_text in _settings()["boards"] and any(stem == "geschäftsführende" for _, stem in title_words):
        status = None if status == "acting" else status  # "der geschäftsführende Vorstand": an office's name
    if any(stem == "stellvertretende" for _, stem in title_words):  # "erster stellvertretender": a deputy's rank
        title_words = [(mod, stem) for mod, stem in title_words if stem not in _settings()["ordinals"]]
    for mod, stem in title_words:  # "Erste Bürgermeisterin", "Leitender Verwaltungsbeamter"
        found = _multiword().get((stem, noun_text.lower()))
        if found is not None:
            form, weak = found
            gender = _gender(_Noun(form, "", weak, "en" if noun_text.endswith("en") else "e"), det) if weak else form.gender
            return form.concept, _multiword_label(form, gender), "", status
    noun = _analyse_noun(noun_text) or (_analyse_noun(_singular(noun_text)) if plural else None)
    if noun is None:
        return None
    prefix = noun.prefix
    if prefix.lower() == "alt":  # "Altbürgermeister"
        status, prefix = "former", ""
    vize = prefix if prefix.lower() in ("vize", "vize-") else ""
    if vize:  # "Vize-Landrätin", "Vizedirektor": the deputy, labelled as written
        prefix = ""
    gender = _gender(noun, det)
    concept = _concepts()[noun.form.concept]
    if party and concept.body is None:  # "FDP-Chef", "SPD-Vorsitzende": an office in the party
        prefix = party.group(0) + prefix
    if noun.form.gender == "x" and not _abbreviation(noun_text):
        return concept.id, prefix + noun_text if party and concept.body is None else noun_text, prefix, status
    if noun.form.gender == "x":  # "OB", "MdL": the office's name, in the gender the article gives
        gender = "f" if (det or "").lower() in _FEMALE_DET else "m"
        label = vize + noun_text if vize else _label_for(concept, gender)
    else:
        label = _form_label(noun.form, gender)
        if prefix or vize:
            label = (prefix or vize) + (label if (prefix or vize).endswith("-") else label[:1].lower() + label[1:])
    if vize:
        concept = _concepts()[_deputy_concept(noun.form.concept) or "stellvertreter"]
        title_words = [(mod, stem) for mod, stem in title_words if stem != "stellvertretende"]
    for mod, stem in title_words:
        if stem == "stellvertretende":
            return _deputy_concept(noun.form.concept) or "stellvertreter", ("Stellvertretende " if gender == "f" else "Stellvertretender ") + label, prefix, status
        adjective = stem[:1].upper() + stem[1:] + ("" if gender == "f" else "r")
        label = f"{adjective} {label}"
    return concept.id, label, prefix, status


def _deputy_concept(concept: str) -> str | None:
    """The deputy's own concept of an office ("landrat-stellvertreter"), where the vocabulary has one."""
    deputy = f"{concept}-stellvertreter"
    return deputy if deputy in _concepts() else None


def _with_spec(label: str, concept: str, spec: str) -> tuple[str, str]:
    """'Beauftragte' + 'für Informationstechnologie': the label, and a narrower concept if one exists."""
    spec = compiled(r"\s+").sub(" ", spec).strip()
    full = f"{label} für {spec}"
    head = _analyse_noun(label.split()[-1]) if label else None
    bare = f"{_form_label(head.form, head.form.gender)} für {spec}" if head and head.prefix else full  # "Landes-"
    for c in role_vocabulary():
        labels = (c.pref_label_male, c.pref_label_female, *c.alt_labels)
        if full in labels or bare in labels:
            return full, c.id
    return full, concept


# ---------------------------------------------------------------------------- bodies


@dataclass(frozen=True)
class _Context:
    """What the body finder reads: the text, its organisations (sorted by start), its persons."""

    text: str
    orgs: tuple[OrgMention, ...]
    doc_state: str | None
    persons: dict[int, PersonMention]
    sentences: tuple[tuple[int, int], ...] = ()

    def sentence(self, at: int) -> tuple[int, int]:
        """The span of the sentence that holds offset ``at``."""
        found = [span for span in self.sentences if span[0] <= at < span[1]]
        return found[0] if found else (0, len(self.text))

    @cached_property
    def _by_start(self) -> tuple[list[int], list[OrgMention]]:
        ordered = sorted(self.orgs, key=lambda o: (o.evidence.start, -(o.evidence.end - o.evidence.start)))
        return [o.evidence.start for o in ordered], ordered

    def orgs_in(self, start: int, end: int) -> list[OrgMention]:
        """Organisation mentions that lie within [start, end], outermost first."""
        starts, ordered = self._by_start
        lo, hi = bisect_left(starts, start), bisect_right(starts, end)
        return [o for o in ordered[lo:hi] if o.evidence.end <= end + 1]

    def starting_in(self, start: int, end: int) -> list[OrgMention]:
        """Organisation mentions that start within [start, end], wherever they end (a body phrase
        read by a rule may stop before the end of the name the organisation extractor read)."""
        starts, ordered = self._by_start
        return ordered[bisect_left(starts, start) : bisect_right(starts, end)]


def _dominant(ctx: _Context, type_: str, state: str | None = None, named: str | None = None) -> str | None:
    """The one organisation of a kind that a document is about: named most often, alone at the top.

    Towns are named in passing more often than districts, so a town must be named twice.
    ``named`` keeps only keys that contain it ("kreistag")."""
    return most_named((o.key for o in ctx.orgs if o.type == type_ and (state is None or o.state in (None, state))
                       and (named is None or named in o.key)), at_least=2 if type_ == "municipality" else 1)


def _heads_phrase(text: str, start: int, org: OrgMention) -> bool:
    """Is the organisation the head of the phrase starting at ``start`` (within its first words)?
    "der Großen Kreisstadt Adorf" yes; "der Übergabe des Bescheids in Adorf" no; "des Beirats in
    Adorf" no: a place after a preposition says where the unit sits, not that it is the place."""
    before = text[start : org.evidence.start].split()
    return len(before) <= 2 and not (len(before) == 2 and before[1] in _PLACE_PREPOSITIONS)


_PLACE_PREPOSITIONS = frozenset(("in", "aus", "bei"))


def _ministry(ctx: _Context, domains: set[str], state: str | None) -> str | None:
    """The document's ministry whose remit includes one of the domains (in the given state)."""
    found = []
    for org in ctx.orgs:
        if org.type != "ministry":
            continue
        key = OrgKey.parse(org.key)
        if state and key.state not in (state, "xx"):
            continue
        if domains & (set(key.id.split("-")) | _name_domains(org.name)):
            found.append(org.key)
    keys = sorted(set(found), key=found.index)
    return keys[0] if len(keys) == 1 or (keys and state) else None


def _name_domains(name: str) -> set[str]:
    """The remits a ministry's name lists ("Ministerium für Inneres, Digitalisierung und Migration":
    innen, digital), beside the one its key was made of."""
    table = ministry_domains()
    return {table[w] for w in compiled(r"\p{Lu}[\p{L}-]*").findall(name) if w in table}


def _prefix_domains(prefix: str) -> tuple[set[str], bool]:
    """Remits named by a compound's first part ("Finanz" -> finanz), and whether it is federal."""
    word = prefix.rstrip("-")
    federal = word.startswith("Bundes")
    if federal:
        word = word[len("Bundes"):]
    word = word[:1].upper() + word[1:]
    table = ministry_domains()
    found = {table[w] for w in (word, word.rstrip("s")) if w in table}
    return found, federal


def _spec_domains(spec: str | None) -> set[str]:
    if not spec:
        return set()
    table = ministry_domains()
    return {table[w] for w in compiled(r"\p{Lu}[\p{L}-]*").findall(spec) if w in table}


def _state_key(ags: str | None) -> str | None:
    return OrgKey("state", ags).format() if ags else None


_LOCAL = ("municipality", "municipal_association")


def _body_type(office: _Office) -> str | None:
    """The kind of body an office belongs to: its concept's, or a local one its compound names
    ("Verbandsvorsitzende" -> an association)."""
    prefix_body = _settings()["prefix_bodies"].get(office.prefix.rstrip("-")) if office.prefix else None
    if prefix_body in _LOCAL:
        return prefix_body
    return _concepts()[office.concept].body


def _same_place(ctx: _Context, place: OrgMention, type_: str) -> str | None:
    """The district or association of the text named after a town ("Adorfer Verbandsbürgermeister"
    -> Verbandsgemeinde Adorf, "Landrat X (Adorf)" -> Landkreis Adorf)."""
    for org in ctx.orgs:
        if org.type == type_ and (org.key == OrgKey(type_, slug(place.name)).format() or org.name == place.name
                                  or org.name.endswith(" " + place.name)):
            return org.key
    return None


def _fit(ctx: _Context, org: OrgMention, body: str | None, *, strict: bool = False) -> str | None:
    """The body an office of kind ``body`` has where the text names ``org`` for it, or None when
    the two do not go together (the office's type decides the body's type)."""
    if body is None or body == org.type:
        return org.key
    if org.type == "municipality" and body in ("district", "municipal_association"):
        return _same_place(ctx, org, body)
    if not strict and body in _LOCAL and org.type in _LOCAL:  # a town read as an association, or the reverse
        return org.key
    return None


#: A word that can only be a name: two capitals or more ("KIV", "eGo"), or a digit ("ekom21").
_NAME_LIKE = regex.compile(r"^(?=(?:\P{Lu}*\p{Lu}){2}|.*\d)[\p{L}\d][\p{L}\d.]*[\p{L}\d]$")


def _abbreviation_org(ctx: _Context, word: str, body: str | None) -> str | None:
    """The organisation an abbreviation names ("KIV-Geschäftsführer", "die Rektorin der HfX"): one
    the organisation extractor gave that abbreviation, or whose mention or name is it or starts with it."""
    if not _NAME_LIKE.match(word):
        return None
    orgs = [o for o in ctx.orgs if o.type != "party"]
    tests = (
        lambda o: bool(o.abbreviation) and word in (o.abbreviation, o.abbreviation.split()[0]),
        lambda o: o.text == word or o.name.split()[0] == word,
        lambda o: ctx.text[max(0, o.evidence.start - len(word) - 1) : o.evidence.start] == word + " ",
        lambda o: word.isupper() and abbreviates(word, o.name),  # "Landrat MK": the Märkischer Kreis
    )
    for test in tests:
        for org in orgs:
            if test(org):
                fit = _fit(ctx, org, body)
                if fit is not None:
                    return fit
    return None


def _is_party(text: str) -> bool:
    return text.strip() in party_names()


_BRACKET_AFTER = regex.compile(r"[ \t]?\(([^()\n]*)\)?")


def _plain_bracket(inside: str) -> bool:
    """A bracket that says nothing of a body: a party, an age, a photo's position."""
    inside = inside.strip()
    return _is_party(inside) or inside.isdigit() or bool(load_rules("roles").pattern("PLAIN_BRACKET").fullmatch(inside))


def _bracket_body(ctx: _Context, bracket: tuple[int, int], body: str | None) -> tuple[bool, str | None]:
    """A bracket after a name that names a place or body ("Landrat X (Adorf)", "Y (VG Bdorf)"):
    (whether it names one, the body it gives the office). Parties, ages and "(parteilos)" name none
    (``_plain_bracket``)."""
    inside = ctx.text[bracket[0] : bracket[1]].strip()
    if load_rules("roles").pattern("OFFICE_FIRST").match(inside):
        return False, None  # "(Landrat MK, Verbandsvorsteher SIT)": offices of their own, read by role.bracket
    found = ctx.orgs_in(*bracket)
    if not compiled(r"\p{Lu}|\p{Ll}+\d").match(inside) or _plain_bracket(inside) or any(o.type == "party" for o in found):
        return False, None
    if not found:  # a place the organisation extractor named elsewhere in the text
        found = [o for o in ctx.orgs if o.type != "party" and (o.name == inside or o.name.endswith(" " + inside))]
    for org in found:
        fit = _fit(ctx, org, body)
        if fit is not None:
            return True, fit
    if not found:  # "Geschäftsführer X (komm24)": a body of the text by its short name
        return True, _abbreviation_org(ctx, inside, body)
    return True, None


def _place_of(ctx: _Context, span: tuple[int, int]) -> OrgMention | None:
    """The place a word before an office names ("Adorfer", "Bdorfs"): the organisation extractor's
    mention there, else a town of the text named by the word without its ending."""
    found = next((o for o in ctx.orgs_in(*span) if o.type != "party"), None)
    if found is not None:
        return found
    word = ctx.text[span[0] : span[1]]
    if word.endswith("er"):  # "Adorfer" (Adorf), "Bdorfner" (Bdorfen), "Cstädtler" (Cstädtel)
        stem = word[:-2]
        stems = {stem, stem + "en", stem + "e", stem[:-1] + "e" + stem[-1:]}
        stems |= {without_last_umlaut(s) for s in stems}  # "Neustädter" (Neustadt)
    else:
        stems = {word[:-1]} if word.endswith("s") else set()
    towns = [o for o in ctx.orgs if o.type == "municipality" and o.name in stems]
    local = [o for o in ctx.orgs if o.type in _LOCAL and any(o.name.endswith(" " + s) for s in stems)]
    return next(iter(towns + local), None)


_ANTECEDENT_WINDOW = 300


def _antecedent(ctx: _Context, start: int) -> OrgMention | None:
    """The body "dessen|deren" refers to: the last one named before, not inside a relative clause
    ("der Zweckverband X, dem auch der Kreis Y angehört. Dessen Leiter" -> the Zweckverband)."""
    before = [o for o in ctx.orgs_in(max(0, start - _ANTECEDENT_WINDOW), start)
              if o.type != "party" and o.evidence.end <= start]
    for org in sorted(before, key=lambda o: o.evidence.start, reverse=True):
        if load_rules("roles").pattern("RELATIVE_OPENING").search(ctx.text[max(0, org.evidence.start - 80) : org.evidence.start]):
            continue
        return org
    return None


_SENTENCE_END = regex.compile(r"(?<=[^\s.]{3}[.!?][“”\"]?)\s+(?=[„\"]?\p{Lu})|\n")


def _previous_sentence_start(text: str, start: int) -> int:
    """Where the sentence before the one holding ``start`` begins (within its paragraph)."""
    para_start = text.rfind("\n\n", 0, start) + 1
    ends = [m.end() for m in _SENTENCE_END.finditer(text, para_start, start + 1) if m.end() <= start]
    return ends[-2] if len(ends) >= 2 else para_start


def _paragraph_body(ctx: _Context, type_: str, start: int) -> str | None:
    """The one body of a kind named earlier in the office's paragraph ("Die Ortsgemeinde Adorf
    erhält ... sagte Ortsbürgermeister X")."""
    prev = _previous_sentence_start(ctx.text, start)
    keys = {o.key for o in ctx.orgs_in(prev, start) if o.type == type_ and o.evidence.end <= start
            and not load_rules("roles").pattern("OFFICE_AFTER").match(ctx.text, o.evidence.end)}
    if len(keys) == 1:  # "Die Gemeinde Adorf erhält 40.000 Euro. Bürgermeisterin X sagte"
        return next(iter(keys))
    para_start = ctx.text.rfind("\n\n", 0, start) + 1
    keys = {o.key for o in ctx.orgs_in(para_start, start) if o.type == type_ and o.evidence.end <= start
            and not load_rules("roles").pattern("OFFICE_AFTER").match(ctx.text, o.evidence.end)}
    return next(iter(keys)) if len(keys) == 1 else None


def _local(ctx: _Context, type_: str, start: int) -> str | None:
    if type_ in _LOCAL:
        return _paragraph_body(ctx, type_, start) or _dominant(ctx, type_) or _only_local(ctx, type_)
    return _dominant(ctx, type_)


def _only_local(ctx: _Context, type_: str) -> str | None:
    """The one town of a text that names no other local body, even where it is named once (a
    report from a town council that names its town once, its mayor and councillors often)."""
    local = {o.key for o in ctx.orgs if o.type in (*_LOCAL, "district")}
    if len(local) != 1:
        return None
    key = next(iter(local))
    return key if OrgKey.parse(key).type == type_ else None


_CONNECTIVES = frozenset("der des im in dem beim vom am".split())


def _tail_bare(words: list[str]) -> str | None:
    """The kind of body a body phrase names with a bare noun: its first word ("der Stadt"), or
    the unit's parent after a connective ("der Kommunalaufsicht im Landratsamt" -> the district).
    "Amt für X" is an office of a body, never an Amt association."""
    table = _settings()["bare_bodies"]
    for i, word in enumerate(words):
        if i and words[i - 1] not in _CONNECTIVES:
            continue
        if word.startswith("Amt") and i + 1 < len(words) and words[i + 1] == "für":
            continue
        if word in table:
            return table[word]
        if i == 0 and not word[:1].isupper():
            return None
    return None


@dataclass(frozen=True)
class _BodyQuery:
    """What the body linkers read about one office of one person in one match."""

    office: _Office
    ctx: _Context
    person: PersonMention
    ptail: tuple[int, int] | None = None  # a body phrase after the name ("Bürgermeister X aus Adorf")
    bracket: tuple[int, int] | None = None  # a bracket after the name ("Landrat X (Adorf)")
    for_body: tuple[int, int] | None = None  # a leading "Für <body>" of the sentence
    holders: int = 1  # how many people the construction gives the office ("die Bürgermeister A und B")

    @cached_property
    def usual(self) -> str | None:
        """The kind of body the office's concept belongs to ("ministry", "parliament:landtag")."""
        return _concepts()[self.office.concept].body

    @cached_property
    def kind(self) -> str | None:
        return _body_type(self.office)

    @cached_property
    def attribute(self) -> OrgMention | None:
        return _place_of(self.ctx, self.office.attr) if self.office.attr else None

    @cached_property
    def attribute_state(self) -> str | None:
        """The state a state attribute names ("Thüringer", "der bayerische Minister")."""
        org = self.attribute
        if org is not None:
            return org.state if org.type == "state" else None
        if self.office.attr is None:
            return None
        word = self.ctx.text[self.office.attr[0] : self.office.attr[1]]
        state = state_of_name("-".join(part[:1].upper() + part[1:] for part in word.split("-")))  # "schleswig-holsteinische"
        return state.ags if state is not None else None

    @cached_property
    def remits(self) -> tuple[set[str], bool]:
        """The remits the office's compound and "für <remit>" name, and whether it is federal."""
        prefix_domains, federal = _prefix_domains(self.office.prefix) if self.office.prefix else (set(), False)
        federal = federal or self.ctx.text.startswith("Bundes", self.office.noun_start)  # "Bundesminister": a label
        spec = _spec_domains(self.office.spec) if self.usual == "ministry" else set()
        return prefix_domains | spec, federal

    @cached_property
    def tail(self) -> tuple[int, int] | None:
        return self.office.tail or self.ptail

    def heads(self, span: tuple[int, int]) -> list[OrgMention]:
        """Organisations that head the phrase at ``span`` (within its first words)."""
        return [o for o in self.ctx.starting_in(*span) if o.type != "party" and _heads_phrase(self.ctx.text, span[0], o)]


@link_function("role_body_in_name")
def _body_in_name(q: _BodyQuery) -> str | None:
    named = [o for o in q.ctx.orgs_in(q.office.noun_start, q.office.noun_end) if o.type != "party"
             and (o.evidence.start, o.evidence.end) != (q.office.noun_start, q.office.noun_end)]
    return named[0].key if named else None


@link_function("role_body_party")
def _body_party(q: _BodyQuery) -> str | None:
    """"FDP-Chef": an office of the party its compound names."""
    parties = _settings()["party_prefixes"]
    if not q.office.prefix or q.office.prefix.split("-", 1)[0] not in parties:
        return None
    if q.office.concept in _settings()["parliament_offices"]:
        return None
    found = [o for o in q.ctx.orgs_in(q.office.noun_start, q.office.noun_end) if o.type == "party"]
    return found[0].key if found else None


@link_function("role_body_compound_abbreviation")
def _body_compound_abbreviation(q: _BodyQuery) -> str | None:
    head = q.office.prefix.partition("-")[0]
    if head in _settings()["generic_prefixes"] or head in _settings()["party_prefixes"]:
        return None  # "IT-Beauftragter": a field, no body's name; "CDU-Fraktionsvorsitzender": a party
    return _abbreviation_org(q.ctx, head, q.kind) if head else None


@link_function("role_body_phrase")
def _body_phrase(q: _BodyQuery) -> str | None:
    if q.tail is None:
        return None
    found = q.heads(q.tail)
    if not found:
        return None
    if found[0].type == "state" and q.usual == "ministry":
        # "Ministerin für Digitales des Landes Adorf": that state's ministry for the remit
        remit = (_prefix_domains(q.office.prefix)[0] if q.office.prefix else set()) | _spec_domains(q.office.spec)
        return (_ministry(q.ctx, remit, found[0].state) if remit else None) or found[0].key
    return found[0].key


@link_function("role_body_phrase_abbreviation")
def _body_phrase_abbreviation(q: _BodyQuery) -> str | None:
    if q.tail is None:
        return None
    words = q.ctx.text[q.tail[0] : q.tail[1]].split()
    return _abbreviation_org(q.ctx, words[0], q.kind) if words else None


@link_function("role_body_phrase_parent")
def _body_phrase_parent(q: _BodyQuery) -> str | None:
    """A body phrase that names a unit and then the organisation it belongs to, behind a
    connective inside the phrase or right after it ("Leiterin der Kommunalaufsicht im Landratsamt
    Adorf", "Amtsleiter des Fachbereichs IT beim Landratsamt Adorf"): that organisation. A unit
    named with its remit ("Ausschuss für Digitales") is a body of its own and no unit here."""
    if q.tail is None or q.heads(q.tail):
        return None
    text = q.ctx.text
    after = compiled(r"\s(?:beim|bei\sder|bei\sdem)\s").match(text, q.tail[1])
    end = after.end() if after else q.tail[1]
    for org in q.ctx.starting_in(q.tail[0], end):
        before = text[q.tail[0] : org.evidence.start].split()
        if "für" in before:  # "des Ausschusses für Digitales im Bundestag": a named unit, a body of its own
            return None
        if org.type != "party" and len(before) >= 2 and before[-1] in _PARENT_CONNECTIVES:
            return _fit(q.ctx, org, q.kind)
    return None


_PARENT_CONNECTIVES = frozenset(("im", "beim", "der", "des", "dem"))


@link_function("role_body_phrase_bare")
def _body_phrase_bare(q: _BodyQuery) -> str | None:
    if q.tail is None:
        return None
    bare = _tail_bare(q.ctx.text[q.tail[0] : q.tail[1]].split())
    if not bare:
        return None
    return _state_key(q.ctx.doc_state) if bare == "state" else _local(q.ctx, bare, q.office.start)


@link_function("role_body_phrase_named")
def _body_phrase_named(q: _BodyQuery) -> str | None:
    """A body phrase the organisation extractor did not read whose words name an organisation of
    the text ("der Hansestadt Adorf" where Adorf is named elsewhere): the first one that fits."""
    if q.tail is None:
        return None
    phrase = q.ctx.text[q.tail[0] : q.tail[1]]
    if "(" in phrase or len(phrase.split()) > 4:
        return None  # a bracket or a long phrase may name another's place
    found = []
    for org in q.ctx.orgs:
        if org.type == "party" or len(org.name) < 3:
            continue
        at = next(spans.literal_spans(phrase, org.name), None)
        if at is None or phrase[: at[0]].rstrip().rpartition(" ")[2] in _PLACE_PREPOSITIONS:
            continue  # "des Beirats in Adorf": where the unit sits
        found.append((at[0], -len(org.name), org))
    for _, _, org in sorted(found, key=lambda f: f[:2]):
        fit = _fit(q.ctx, org, q.kind)
        if fit is not None:
            return fit
    return None


def _names_organ(q: _BodyQuery) -> bool:
    """Does the body phrase name one of a body's organs ("der Verbandsversammlung")?"""
    words = q.ctx.text[q.tail[0] : q.tail[1]].split() if q.tail else []
    return bool(words) and words[0] in _settings()["organs"]


def _joint_office(q: _BodyQuery) -> bool:
    """An office of a joint body's chair without a body phrase ("Verbandsvorsteher",
    "zum stellvertretenden Vorsitzenden gewählt"): a concept of the setting joint_offices,
    bare or with a prefix of the setting joint_prefixes."""
    settings = _settings()
    return (q.tail is None and q.office.concept in settings["joint_offices"]
            and q.office.prefix.rstrip("-") in settings["joint_prefixes"])


@link_function("role_body_organ_previous")
def _body_organ_previous(q: _BodyQuery) -> str | None:
    """"Zum Vorsitzenden der Verbandsversammlung wurde X bestimmt" after a sentence naming the
    joint body: the last joint body named in the office's sentence before it or the sentence before."""
    if not (_names_organ(q) or _joint_office(q)):
        return None
    since = _previous_sentence_start(q.ctx.text, q.office.start)
    types = _settings()["organ_bodies"] if _names_organ(q) else ["cooperation"]
    before = [o for o in q.ctx.orgs_in(since, q.office.start) if o.type in types and o.evidence.end <= q.office.start]
    return max(before, key=lambda o: o.evidence.start).key if before else None


@link_function("role_body_organ_dominant")
def _body_organ_dominant(q: _BodyQuery) -> str | None:
    """"Vorsitzender der Zweckverbands-Versammlung": the joint body the press release is about;
    a chair's office without a body phrase: the joint association the press release is about."""
    if _names_organ(q):
        types = _settings()["organ_bodies"]
    elif _joint_office(q):
        types = ["cooperation"]
    else:
        return None
    return most_named((o.key for o in q.ctx.orgs if o.type in types), at_least=2)


@link_function("role_body_attribute")
def _body_attribute(q: _BodyQuery) -> Any:
    org = q.attribute
    if org is None:
        return None
    if org.type == "state":
        town = lookup_place(org.name) if q.kind == "municipality" else None
        if town is not None and town.state == org.state:
            return org.key  # "der Bremer Bürgermeister": a city-state is its own town
        return org.key if q.usual in ("state", None) and not q.remits[0] else None
    if org.type in ("district", "municipal_association"):
        return _fit(q.ctx, org, q.kind, strict=True)  # "Dahme-Spreewalds Dezernent", "der Harzer Landrat"
    if org.type != "municipality":
        return None
    if q.kind in ("district", "municipal_association"):
        key = _same_place(q.ctx, org, q.kind)
        return key if key or q.kind != "municipal_association" else NOTHING
    if q.usual and q.usual.startswith("parliament:"):
        return None  # "der Kasseler Bundestagsabgeordnete": the constituency, not the body
    return org.key if q.usual != "state" else None


@link_function("role_body_bracket")
def _body_bracket(q: _BodyQuery) -> Any:
    if q.bracket is None or q.office.start >= q.person.evidence.end:
        return None  # "X (Adorf) zum Verbandsvorsteher gewählt": the bracket places the office before the name
    names_one, key = _bracket_body(q.ctx, q.bracket, q.kind)
    if not names_one:
        return None
    return key if key is not None else NOTHING


@link_function("role_body_possessive")
def _body_possessive(q: _BodyQuery) -> str | None:
    if not q.office.poss:
        return None
    start = q.office.start
    pieces = load_rules("roles")
    if pieces.pattern("PERSONAL_POSSESSIVE").match(q.ctx.text, start):
        # "X ... gegründet. Sie ist eine Tochter der Y. Zu ihrem Geschäftsführer ...": "ihr" goes
        # with the pronoun the sentence before opens with, which stands for X, not Y
        previous = _previous_sentence_start(q.ctx.text, start)
        if pieces.pattern("PRONOUN_SUBJECT").match(q.ctx.text, previous):
            start = previous
    antecedent = _antecedent(q.ctx, start)
    if antecedent is None:
        return None
    if pieces.pattern("PERSONAL_POSSESSIVE").match(q.ctx.text, q.office.start) and _person_subject(q.ctx, start):
        return NOTHING  # "Jan Muster ist Beigeordneter der Stadt Adorf. Zu seinem Stellvertreter ...": his
    return _fit(q.ctx, antecedent, q.kind)


def _person_subject(ctx: _Context, start: int) -> bool:
    """Does the sentence before ``start`` open with a person ("Der 56-jährige Jan Muster ist ...")?"""
    previous = _previous_sentence_start(ctx.text, start)
    opening = compiled(r"(?:\S+\s+){0,3}").match(ctx.text, previous).end()
    return any(previous <= at < opening for at in ctx.persons)


@link_function("role_body_for")
def _body_for(q: _BodyQuery) -> str | None:
    if q.for_body is None:
        return None
    heads = q.heads(q.for_body)
    if heads:
        return _fit(q.ctx, heads[0], q.kind)
    words = q.ctx.text[q.for_body[0] : q.for_body[1]].split()
    bare = _settings()["bare_bodies"].get(words[0]) if len(words) == 1 else None
    if bare and bare != "cooperation" and (q.kind is None or bare == q.kind or {bare, q.kind} <= set(_LOCAL)):
        return _state_key(q.ctx.doc_state) if bare == "state" else _local(q.ctx, bare, q.office.start)
    return None


@link_function("role_body_appointing_council")
def _body_appointing_council(q: _BodyQuery, *, pattern: str, verbs: str, councils: dict[str, str]) -> str | None:
    """An office a council gives in the office's sentence, named before it ("Der Gemeinderat
    bestellte X zur Datenschutzbeauftragten"): the body of that council, the town or district of
    the office's paragraph or the one named most."""
    start, end = q.ctx.sentence(q.office.start)
    if not compiled(verbs, regex.VERSION1).search(q.ctx.text, start, end):
        return None
    for m in compiled(pattern, regex.VERSION1).finditer(q.ctx.text, start, end):
        kind = councils[m.group("council")]
        if m.end() <= q.office.start and q.kind in (None, kind):
            return _local(q.ctx, kind, q.office.start)
    return None


@link_function("role_body_remit")
def _body_remit(q: _BodyQuery) -> Any:
    domains, federal = q.remits
    if not domains:
        return None
    return _ministry(q.ctx, domains, "de" if federal else (q.attribute_state or q.ctx.doc_state))


@link_function("role_body_shared")
def _body_shared(q: _BodyQuery) -> Any:
    """The coordination's body; one the office cannot belong to leaves it open."""
    if q.office.shared is None:
        return None
    shared = next(iter(q.heads(q.office.shared)), None)
    key = _fit(q.ctx, shared, q.kind, strict=True) if shared is not None else None
    return key if key is not None else NOTHING


@link_function("role_body_compound")
def _body_compound(q: _BodyQuery) -> str | None:
    prefix_body = _settings()["prefix_bodies"].get(q.office.prefix.rstrip("-")) if q.office.prefix else None
    if prefix_body == "state":
        return _state_key(q.attribute_state or q.ctx.doc_state)
    if prefix_body in ("municipality", "municipal_association", "district", "university"):
        return _local(q.ctx, prefix_body, q.office.start)
    if prefix_body and prefix_body.startswith("parliament:"):
        return _dominant(q.ctx, "parliament", named=prefix_body.split(":", 1)[1])
    if prefix_body == "federal":  # "Bundes-CIO": the federal government where the text names it, no state
        return next((o.key for o in q.ctx.orgs if o.key in _settings()["federal_bodies"]), NOTHING)
    return None


@link_function("role_body_contact")
def _body_contact(q: _BodyQuery) -> str | None:
    contact = _contact_body(q.ctx, q.person)
    if contact is not None and (q.usual or "").split(":")[0] in ("", contact.type):
        return contact.key
    return None


@link_function("role_body_phrase_place")
def _body_phrase_place(q: _BodyQuery) -> Any:
    """A local office whose body phrase ends with a place no organisation of the text is
    ("Beigeordneter der Klingenstadt Solingen" in a release of another town): that place's body,
    which the text does not name, so none of the text's bodies is guessed for it."""
    if q.tail is None or (q.kind or q.usual) not in (*_LOCAL, "district"):
        return None
    words = compiled(r"\p{Lu}[\p{L}-]*").findall(q.ctx.text[q.tail[0] : q.tail[1]])
    if len(words) < 2 or lookup_place(words[-1], q.ctx.doc_state) is None:
        return None
    return NOTHING


@link_function("role_body_usual")
def _body_usual(q: _BodyQuery) -> str | None:
    after = _BRACKET_AFTER.match(q.ctx.text, q.person.evidence.end)
    if after is not None and not _plain_bracket(after.group(1)):
        return None  # "Bürgermeister X (Ortname)": the bracket says where, even where it cannot be read
    body = q.usual
    if q.holders > 1 and q.office.concept in _settings()["one_holder"]:
        return None  # "die weiteren Bürgermeister A, B und C": each of another town
    if body == "state":
        state = q.attribute_state or q.ctx.doc_state
        if state in _settings()["states_without"].get(q.office.concept, ()):
            return None  # "Ministerpräsident X" in a Hamburg release: another state's
        return _state_key(state)
    if body == "ministry":
        federal = load_rules("roles").pattern("FEDERAL_BEFORE").search(q.ctx.text, max(0, q.office.start - 120), q.office.start)
        state = "de" if federal else q.attribute_state
        return _dominant(q.ctx, "ministry", state) if not q.remits[0] else None
    if body in ("district", "municipality", "municipal_association", "university"):
        return _local(q.ctx, body, q.office.start)
    if body and body.startswith("parliament:"):
        word = body.split(":", 1)[1]
        if q.attribute_state:
            key = OrgKey("parliament", word, state=q.attribute_state).format()
            return key if any(o.key == key for o in q.ctx.orgs) else None
        return _dominant(q.ctx, "parliament", named=word)
    return None


@link_function("role_body_only_body")
def _body_only_body(q: _BodyQuery) -> str | None:
    """A staff post named without a body ("Die IT-Leiterin ..."): the one town, association or
    district the release names, where it names it more than once."""
    if q.usual is not None or q.tail is not None or q.office.concept not in _settings()["staff_offices"]:
        return None
    bodies = [o.key for o in q.ctx.orgs if o.type not in ("party", "state")]
    if len(set(bodies)) != 1 or len(bodies) < 2:
        return None  # named once, the body may be one the person came from
    return bodies[0] if OrgKey.parse(bodies[0]).type in (*_LOCAL, "district") else None


@link_function("role_body_sentence_pattern")
def _body_sentence_pattern(q: _BodyQuery, *, pattern: str, types: tuple[str, ...] | list[str] = ()) -> str | None:
    """A generic linker: the organisation inside group ``body`` of ``pattern`` where it matches the
    office's sentence (of one of ``types``, where given). A linker of this shape is data only."""
    start, end = q.ctx.sentence(q.office.start)
    for m in compiled(pattern, regex.VERSION1).finditer(q.ctx.text, start, end):
        for org in q.ctx.orgs_in(*m.span("body")):
            if org.type != "party" and (not types or org.type in types):
                return org.key
    return None


def _body(query: _BodyQuery) -> tuple[str | None, tuple[str, ...]]:
    """The key of the organisation an office belongs to (None when the text does not say) and
    the linker that decided it."""
    link = load_linkers("roles").decide("body", query)
    return (link.value, (link.linker,)) if link is not None else (None, ())


_SHORT_LINE = 80


def _contact_body(ctx: _Context, person: PersonMention) -> OrgMention | None:
    """A contact block ("Pressestelle Landratsamt Adorf / Anna Beispiel, Pressesprecherin"):
    the organisation on the nearest short line above (or below) the person's short line."""
    text = ctx.text
    line_start = text.rfind("\n", 0, person.evidence.start) + 1
    line_end = text.find("\n", person.evidence.start)
    line_end = len(text) if line_end < 0 else line_end
    if line_end - line_start > _SHORT_LINE or (person.evidence.start - line_start > 2
                                               and not _LABEL.match(text[line_start : person.evidence.start])):
        return None
    above = []
    pos = line_start - 1
    for _ in range(3):  # up to three lines above
        if pos <= 0:
            break
        start = text.rfind("\n", 0, pos) + 1
        above.append((start, pos))
        pos = start - 1
    below = []
    pos = line_end
    for _ in range(2):  # and two below
        if pos >= len(text):
            break
        end = text.find("\n", pos + 1)
        end = len(text) if end < 0 else end
        below.append((pos + 1, end))
        pos = end
    for lines in (above, below):  # prose above ends the search upwards, not downwards
        for start, end in lines:
            if not text[start:end].strip():
                continue
            if end - start > _SHORT_LINE or compiled(r"[.!?]\s*$").search(text[start:end]) and not compiled(r"\d").search(text[start:end]):
                break
            found = [o for o in ctx.orgs_in(start, end) if o.type != "party"
                     and not _POSTCODE.search(text, 0, o.evidence.start)]  # "24358 Adorf" is an address
            if found:
                return found[-1]
    return None


_POSTCODE = regex.compile(r"(?<![\d])\d{5}[ \t]+$")

# A label before a name on a contact line ("Pressesprecherin: ").
_LABEL = regex.compile(r"^[ \t]*\p{Lu}[\p{L}\- ]{0,40}:[ \t]*$")


# ---------------------------------------------------------------------------- matches


@dataclass(frozen=True, slots=True)
class _Candidate:
    rule: Rule
    match_start: int
    match_end: int
    person: PersonMention
    office: _Office | None  # None: "Nachfolger von X", "Amtskollege X" without an office of their own
    org: str | None
    start: str | None
    end: str | None
    status: str | None
    colleague: tuple[str, tuple[int, int] | None] | None = None  # "Amtskollegin": (gender, the place's span)
    task: bool = False  # "X hat diese Aufgabe übernommen": the office sought just before
    support: tuple[str, ...] = ()  # the rules of other constructions that read the same office
    linkers: tuple[str, ...] = ()  # the linkers that decided its body
    described: bool = False  # "Der Stadtkämmerer wechselte ...": a description of the person named before


#: What a construction says about the offices it reads, by the normaliser its rule names:
#: the person held it before ("Nachfolgerin von X"), was just given it ("wurde zum X gewählt"),
#: took over the office sought just before, or holds the office of a colleague named before.
_SAYS = {"role_match": None, "role_successor": "former", "role_elected": "new", "role_task": "task",
         "role_colleague": "colleague", "role_described": "described"}


def _role_match(m: regex.Match, *, says: str | None, **context: Any) -> list[_Candidate] | None:
    """Every (person, office) a construction states."""
    ctx: _Context = context["ctx"]
    rule: Rule = context["rule"]
    groups = m.re.groupindex
    brackets = m.spans("bracket") if "bracket" in groups else []
    people = []
    for name_start, name_end in m.spans("name") if "name" in groups else ():
        person = ctx.persons.get(name_start)
        if person is not None:
            bracket = next(((s, e) for s, e in brackets if 0 <= s - name_end <= 3), None)
            people.append((person, bracket))
    if ("pron" in groups and m.group("pron")) or says == "described":
        antecedent = _pronoun_antecedent(ctx, m.start("pron") if says != "described" else m.start())
        if antecedent is not None:
            people.append((antecedent, None))
    if not people:
        return None
    start, end = _time(m)
    verb = m.groupdict().get("verb")
    adverb = _settings()["status"].get(m.groupdict().get("adv") or "")
    out = []
    offices = _offices(m) if "office" in groups else []
    ptail = m.span("ptail") if "ptail" in groups and m.group("ptail") else None
    for_body = m.span("fortail") if "fortail" in groups and m.group("fortail") else None
    paired = [_paired_bodies(ctx, office, len(people)) for office in offices]
    groups = _article_groups(list(zip(offices, paired)), m.string)
    for n, (person, bracket) in enumerate(people):
        for office, bodies in _next_to(person, groups):
            if office.end <= person.evidence.start and _genitive(ctx, person):
                continue  # "zum Stellvertreter Keils": the deputy of that person, no office of theirs
            if _council_acting(ctx, office, offices, person):
                continue
            if bodies is not None:  # "X und Y, Landräte der Kreise A und B": X of A, Y of B
                office = replace(office, tail=bodies[n])
            office = _spec_after_body(office, ctx)
            status = office.status or adverb
            if says == "former":
                status = "former"
            elif says == "new" and status is None:
                status = "new"
            elif verb == "war" and status is None:
                status = "former"
            office = _deputy_of(ctx, office)
            named = _name_part(ctx, office)
            if named and office.label.startswith(named):  # "KIV-Geschäftsführer": a body's name, no office's
                rest = office.label[len(named) :]
                office = replace(office, label=rest[:1].upper() + rest[1:])
            own = _own_body(m, person)  # "die Bürgermeister der Stadt A, Herr X, der Stadt B, Herr Y"
            org, linkers = _body(_BodyQuery(office, ctx, person, own or ptail, bracket, for_body, len(people)))
            out.append(_Candidate(rule, m.start(), m.end(), person, office, org, start, end, status, linkers=linkers,
                                  described=says == "described"))
        if not offices and says == "former":
            out.append(_Candidate(rule, m.start(), m.end(), person, None, None, None, None, "former"))
        if says == "task":
            out.append(_Candidate(rule, m.start(), m.end(), person, None, None, None, None, None, task=True))
        if says == "colleague":
            gender = "f" if m.group("noun").endswith("in") else "m"
            place = m.span("attr") if m.group("attr") else ptail
            out.append(_Candidate(rule, m.start(), m.end(), person, None, None, None, None, None, (gender, place)))
    return out or None


def _pronoun_antecedent(ctx: _Context, start: int) -> PersonMention | None:
    """The person "er"/"sie" (or "der Stadtkämmerer") at ``start`` stands for: the one person
    named in its sentence before it and the sentence before ("Auch Jan Muster kam. Er ist
    Bürgermeister in Adorf"), never one of several, and never for a word inside a quotation
    (whose speaker may be someone else)."""
    if _inside_quotation(ctx.text[ctx.sentence(start)[0] : start]):
        return None
    since = _previous_sentence_start(ctx.text, start)
    named = {p.name: p for at, p in sorted(ctx.persons.items()) if since <= at and p.evidence.end <= start}
    return next(iter(named.values())) if len(named) == 1 else None


def _council_acting(ctx: _Context, office: _Office, offices: list[_Office], person: PersonMention) -> bool:
    """"ermächtigte der Gemeinderat Bürgermeister X", "hatte der Stadtrat Frau X bestellt": a
    council's name with a male article before another office or before "Frau" is the council
    acting, not an office of the person named after it."""
    if ctx.text[office.noun_start : office.noun_end] not in _settings()["councils"]:
        return False
    if (office.det or "").lower() not in ("der", "dem", "den") or office.end > person.evidence.start:
        return False
    if any(office.end < o.start and o.end <= person.evidence.start for o in offices):
        return True
    return bool(compiled(r"\s*Frau\b").match(ctx.text, office.noun_end, person.evidence.end))


def _article_groups(offices: list[tuple[_Office, Any]], text: str) -> list[list[tuple[_Office, Any]]]:
    """The offices of a coordination cut where an office after "und" has its own article: "der
    Landrat und der Vorsitzende X" names two persons' offices, "Landrat und Vorsitzender X" one's."""
    groups: list[list[tuple[_Office, Any]]] = [[]]
    for item in offices:
        office = item[0]
        previous = groups[-1][-1][0] if groups[-1] else None
        if (previous is not None and office.det is not None
                and load_rules("roles").pattern("OWN_ARTICLE_JOIN").fullmatch(text, previous.end, office.start)):
            groups.append([])
        groups[-1].append(item)
    return groups


def _next_to(person: PersonMention, groups: list[list[tuple[_Office, Any]]]) -> list[tuple[_Office, Any]]:
    """The offices of a coordination (``_article_groups``) that are the person's: the group it
    stands next to where an office with its own article names another person ("der Landrat und
    der Vorsitzende X": X is only the Vorsitzende; "X als Beauftragter und der Landrat": X is only
    the Beauftragte)."""
    if len(groups) == 1:
        return groups[0]
    if person.evidence.start >= groups[-1][-1][0].end:
        return groups[-1]
    if person.evidence.end <= groups[0][0][0].start:
        return groups[0]
    return [item for group in groups for item in group]


for _name, _says in _SAYS.items():
    normaliser(_name)(partial(_role_match, says=_says))


def _genitive(ctx: _Context, person: PersonMention) -> bool:
    """Is the mention a genitive of a person ("Keils" for Tom Keil, or beside a "Keil" of the text)?"""
    text, end = ctx.text, person.evidence.end
    if text[end : end + 1] == "s" and not text[end + 1 : end + 2].isalpha():
        return True  # the name read without its -s
    if text[end - 1 : end] != "s":
        return False
    family = person.family
    return not family.endswith("s") or any(p.family == family[:-1] for p in ctx.persons.values())


def _own_body(m: regex.Match, person: PersonMention) -> tuple[int, int] | None:
    """The body phrase a construction names right before one of its persons (group pbody)."""
    if "pbody" not in m.re.groupindex:
        return None
    before = [span for span in m.spans("pbody") if span[1] <= person.evidence.start]
    return before[-1] if before else None


def _paired_bodies(ctx: _Context, office: _Office, holders: int) -> list[tuple[int, int]] | None:
    """The bodies of an office that several persons hold, one each in the order of the persons,
    where its body phrase names exactly as many ("Landräte der Kreise A und B")."""
    if holders < 2 or office.tail is None:
        return None
    spans = sorted({(o.evidence.start, o.evidence.end) for o in ctx.orgs_in(*office.tail) if o.type != "party"})
    outermost = [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
    return outermost if len(outermost) == holders else None


def _deputy_of(ctx: _Context, office: _Office) -> _Office:
    """"Stellvertreterin des Landrats": the deputy of that office, named as written."""
    if office.concept != "stellvertreter" or office.tail is None:
        return office
    head = ctx.text[office.tail[0] : office.tail[1]]
    if not load_rules("roles").pattern("HEAD_OFFICE").fullmatch(head):
        return office
    noun = _analyse_noun(head) or _analyse_noun(head.rstrip("s").removesuffix("e"))
    deputy = _deputy_concept(noun.form.concept) if noun else None
    if deputy is None:
        return office
    label = ctx.text[office.noun_start : office.tail[1]]
    return replace(office, concept=deputy, label=compiled(r"\s+").sub(" ", label))


def _name_part(ctx: _Context, office: _Office) -> str:
    """The first part of a compound office that names a body, with its hyphen ("KIV-" in
    "KIV-Geschäftsführer", "ekom21-" in "ekom21-Kommunalberater"), or "" where none does: an
    organisation read there, or a word that can only be a name and is no party's nor a known prefix."""
    head, dash, _ = office.prefix.partition("-")
    if not dash:
        return ""
    start = ctx.text.find(head + dash, office.noun_start, office.noun_end)  # after "Alt-", "Ex-"
    start = office.noun_start if start < 0 else start
    end = start + len(head)
    if any(o.type != "party" and o.evidence.end <= end for o in ctx.orgs_in(start, end)):
        return head + dash
    settings = _settings()
    if (_NAME_LIKE.match(head) and head not in settings["party_prefixes"] and head not in settings["prefix_bodies"]
            and head not in settings["generic_prefixes"]):
        return head + dash
    return ""


def _spec_after_body(office: _Office, ctx: _Context) -> _Office:
    """"Beauftragter des Freistaats Adorf für E-Government und IT": the remit after the body."""
    if office.spec or office.tail is None or office.noun_start >= office.tail[0]:  # "(CIO)" after it: a short name
        return office
    found = [o for o in ctx.orgs_in(*office.tail) if o.type != "party"]
    if not found:
        return office
    # the remit ends before a short name in brackets ("für IT (CIO)"): that is an office of its own
    rest = compiled(r"^\s+für\s+(.+?)(?:\s\(\p{Lu}[\p{L}-]*\))?$").match(ctx.text[found[0].evidence.end : office.tail[1]])
    if not rest:
        return office
    label, concept = _with_spec(office.label, office.concept, rest.group(1))
    return replace(office, label=label, concept=concept, spec=rest.group(1))


def _time(m: regex.Match) -> tuple[str | None, str | None]:
    """(start, end) from a "seit|ab|bis <date>" in the match."""
    if "time" not in m.re.groupindex:
        return None, None
    start = end = None
    for text in m.captures("time"):
        value = _iso(text)
        if text.lower().startswith(("seit", "ab")):
            start = value
        else:
            end = value
    return start, end


@cache
def _months() -> dict[str, int]:
    """Month names -> number, from the MONTH piece of roles.yaml (listed January first)."""
    names = load_rules("roles").pieces["MONTH"]
    return {name: i + 1 for i, name in enumerate(names)}


def _iso(text: str) -> str | None:
    """A date as written after seit/ab/bis, in ISO at the text's precision."""
    months = _months()
    year = compiled(r"\d{4}").search(text)
    if not year:
        return None
    numeric = compiled(r"(\d{1,2})\.\s?(\d{1,2})\.\s?\d{4}").search(text)
    if numeric:
        return f"{year.group(0)}-{int(numeric.group(2)):02d}-{int(numeric.group(1)):02d}"
    month = regex.search(r"(?:(\d{1,2})\.\s?)?(" + "|".join(months) + r")\s\d{4}", text)
    if month:
        if month.group(1):
            return f"{year.group(0)}-{months[month.group(2)]:02d}-{int(month.group(1)):02d}"
        return f"{year.group(0)}-{months[month.group(2)]:02d}"
    return year.group(0)


def _masked(text: str, persons: tuple[PersonMention, ...]) -> str:
    """The text with every person mention (title and name) replaced by MASK characters."""
    chars = list(text)
    for person in persons:
        for i in range(person.evidence.start, person.evidence.end):
            chars[i] = MASK
    return "".join(chars)


def _candidates(text: str, ctx: _Context) -> list[_Candidate]:
    masked = _masked(text, tuple(ctx.persons.values()))
    out = []
    rules = _rules()
    scan = TriggerScan(masked, ctx.sentences)
    for rule in rules:
        for m in rule.finditer(masked, windows=scan.windows(rule), scan=scan):
            found = normalise(rule, m, ctx=ctx)
            if found:
                out.extend(found)
    return out


def _inside_quotation(before: str) -> bool:
    """Does a quotation opened in ``before`` (the sentence up to a word) still run?"""
    return (before.count("„") > before.count("“") + before.count("”") or before.count('"') % 2 == 1
            or before.count("»") > before.count("«"))


#: How far before a description ("Die Kreisrätin ...") another holder of its office may be named
#: for the description to be of that holder.
_DESCRIBED_WINDOW = 400


def _descriptions(cands: list[_Candidate]) -> list[_Candidate]:
    """An office read from a description of the person named before ("Jan Muster wechselt. Der
    frühere Stadtkämmerer ...") stands only where the text gives that office to no one else
    shortly before nor of the same body, and that person no office of its own: else it may well
    describe another holder ("Landrat X ... betonte X. Die Adorfer Landrätin ...")."""
    def other_holder(c: _Candidate, d: _Candidate) -> bool:
        return (d.person.name != c.person.name and d.office is not None and d.office.concept == c.office.concept
                and (c.match_start - _DESCRIBED_WINDOW <= d.office.start or c.org is not None and d.org == c.org))

    def other_office(c: _Candidate, d: _Candidate) -> bool:
        return d.person.name == c.person.name and not d.described and d.office is not None

    return [c for c in cands if not c.described or not any(other_holder(c, d) or other_office(c, d) for d in cands)]


def _resolve(cands: list[_Candidate]) -> list[_Candidate]:
    """An office (by its noun) belongs to one person: the highest-priority construction claims it.
    Another construction that reads the same office of the same person supports the claim and
    adds the status it states ("Nachfolgerin von Landrat X": X's office is a former one)."""
    claimed: dict[int, tuple[str, int]] = {}  # office noun -> the match that claimed it
    kept: list[_Candidate] = []
    by_noun: dict[int, int] = {}  # office noun -> index in kept of its claim
    for cand in sorted(cands, key=lambda c: (-c.rule.priority, c.match_start)):
        if cand.office is None:
            kept.append(cand)
            continue
        match = (cand.rule.id, cand.match_start)
        if claimed.setdefault(cand.office.noun_start, match) != match:
            at = by_noun[cand.office.noun_start]
            claim = kept[at]
            if claim.person.name == cand.person.name and cand.rule.id not in claim.support:
                kept[at] = replace(claim, support=(*claim.support, cand.rule.id),
                                   status=claim.status or cand.status)
            continue
        by_noun.setdefault(cand.office.noun_start, len(kept))
        kept.append(cand)
    return kept


def _references(cands: list[_Candidate], sentences: list[tuple[int, int]], ctx: _Context) -> list[_Candidate]:
    """Offices named by reference: "Y, Nachfolgerin von X" (X held Y's office before); "ihr Adorfer
    Amtskollege X" (X holds the office of the person named just before, in Adorf)."""
    out = []
    for cand in cands:
        if cand.office is not None:
            out.append(cand)
            continue
        index = next((i for i, (s, e) in enumerate(sentences) if s <= cand.match_start < e), None)
        if index is None:
            continue
        since = sentences[index - 1 if index else index][0]
        if cand.colleague is not None or cand.task:
            found = (_colleague(cand, cands, _colleague_window(sentences, index, ctx.text), ctx)
                     if cand.colleague is not None else _task(cand, since, ctx))
            if found is not None:
                out.append(found)
            continue
        for s, e in (sentences[index], sentences[index - 1] if index else sentences[index]):
            others = [c for c in cands if c.office is not None and c.person.name != cand.person.name
                      and s <= c.match_start < e and c.status != "former"]
            if others:  # the successor's office, named in this sentence or the one before
                o = others[-1]
                generic = _concepts()[o.office.concept].pref_label_male  # the text gives no gender here
                out.append(replace(cand, office=replace(o.office, label=generic), org=o.org, status="former",
                                   start=None, end=None, linkers=o.linkers))
                break
    return out


#: How many sentences before "Amtskollege X" the colleague's office may be named (a quotation
#: of the colleague often stands between them).
_COLLEAGUE_SENTENCES = 2


def _colleague_window(sentences: list[tuple[int, int]], index: int, text: str) -> int:
    """Where the office a "Kollege" refers to may begin: some sentences before, in the paragraph."""
    para_start = text.rfind("\n\n", 0, sentences[index][0]) + 1
    return max(para_start, sentences[max(0, index - _COLLEAGUE_SENTENCES)][0])


def _colleague(cand: _Candidate, cands: list[_Candidate], since: int, ctx: _Context) -> _Candidate | None:
    """"Amtskollege X": the office of the nearest other person before (in the paragraph, up to
    two sentences before), in the gender the word gives, for the body of that kind in the place
    named with it."""
    before = [c for c in cands if c.office is not None and c.person.name != cand.person.name
              and since <= c.office.start < cand.match_start and c.status != "former"]
    if not before:
        return None
    source = max(before, key=lambda c: c.office.start)
    gender, place = cand.colleague
    concept = _concepts()[source.office.concept]
    label = _label_for(concept, gender)
    prefix = source.office.prefix
    if prefix and not _settings()["prefix_bodies"].get(prefix.rstrip("-"), "").startswith("state"):
        label = prefix + (label if prefix.endswith("-") else label[:1].lower() + label[1:])
    office = replace(source.office, start=cand.match_start, end=cand.match_end, label=label, det=None, attr=None,
                     tail=None, status=None, poss=False)
    org = None
    place_org = _place_of(ctx, place) if place else None
    if place_org is not None:
        kind = OrgKey.parse(source.org).type if source.org else _body_type(source.office)
        org = _fit(ctx, place_org, kind)
    return replace(cand, office=office, org=org)


def _task(cand: _Candidate, since: int, ctx: _Context) -> _Candidate | None:
    """"X hat diese Aufgabe übernommen": the last office sought ("ein(e) <office>") before, in this
    sentence or the one before; its body only where the text names one with it."""
    found = list(load_rules("roles").pattern("SOUGHT").finditer(ctx.text, since, cand.match_start))
    if not found:
        return None
    m = found[-1]
    office = _read_office(m.group("noun"), m.group("det"), [], False)
    if office is None:
        return None
    concept, label, prefix, status = office
    written = _Office(m.start(), m.end(), m.start("noun"), m.end("noun"), concept, label, prefix, m.group("det"),
                      None, None, None, None)
    return replace(cand, office=written, org=None)


@dataclass(frozen=True)
class _PersonQuery:
    """An office whose body its own mention leaves open, and the bodies of the person's other offices."""

    candidate: _Candidate
    others: tuple[_Candidate, ...]
    ctx: _Context

    @cached_property
    def office(self) -> _BodyQuery:
        return _BodyQuery(self.candidate.office, self.ctx, self.candidate.person)


@link_function("role_body_government_state")
def _body_government_state(q: _PersonQuery) -> str | None:
    """A member of a state government whose ministry the text does not name serves the state:
    the one its attribute names, else the press release's; a federal one none of a state."""
    office = q.office
    if office.usual != "ministry" or office.remits[1]:
        return None
    if office.attribute_state is None and any(_federal(c.org) for c in q.others):
        return NOTHING  # "der Beauftragte der Bundesregierung ..., Staatssekretär X": a federal one
    return _state_key(office.attribute_state or office.ctx.doc_state)


def _federal(key: str | None) -> bool:
    """Is the body a federal one (the federal government, a federal ministry or authority)?"""
    if not key:
        return False
    if key in _settings()["federal_bodies"]:
        return True
    org = OrgKey.parse(key)
    return (org.type == "ministry" and org.state == "de") or org == OrgKey("state", "de")


@link_function("role_body_person_ministry")
def _body_person_ministry(q: _PersonQuery) -> str | None:
    ministries = {c.org for c in q.others if c.org and OrgKey.parse(c.org).type == "ministry"}
    return next(iter(ministries)) if len(ministries) == 1 and _body_type(q.candidate.office) == "ministry" else None


def _bodies_by_person(cands: list[_Candidate], ctx: _Context) -> list[_Candidate]:
    """Offices whose mention names no body, decided from the same person's other offices
    ("Digitalminister X, zugleich Chef der Staatskanzlei")."""
    linkers = load_linkers("roles")
    out = []
    for c in cands:
        if c.org is None and c.office is not None:
            others = tuple(o for o in cands if o.person.name == c.person.name and o is not c)
            link = linkers.decide("body_by_person", _PersonQuery(c, others, ctx))
            if link is not None and link.value is not None:
                c = replace(c, org=link.value, linkers=(*c.linkers, link.linker))
        out.append(c)
    return out


def _merge(cands: list[_Candidate]) -> list[_Candidate]:
    """One office of one person: mentions without a body take the body another mention names,
    and a body a linker only guessed yields to one another mention states."""
    def spec(c: _Candidate) -> str:
        return c.office.spec or "" if c.office else ""

    registry = load_linkers("roles")

    def guessed(c: _Candidate) -> bool:
        return bool(c.linkers) and registry.guesses(c.linkers[-1])

    stated = {(c.person.name, c.office.concept, spec(c)) for c in cands if c.org and not guessed(c)}
    cands = [replace(c, org=None, linkers=()) if guessed(c) and (c.person.name, c.office.concept, spec(c)) in stated
             else c for c in cands]
    bodies: dict[tuple[str, str, str], set[str]] = {}
    linkers: dict[tuple[str, str, str, str], tuple[str, ...]] = {}  # the linkers that decided each body
    for c in cands:
        if c.org:
            bodies.setdefault((c.person.name, c.office.concept, spec(c)), set()).add(c.org)
            linkers.setdefault((c.person.name, c.office.concept, spec(c), c.org), c.linkers)
    merged: dict[tuple[str, str, str, str | None], _Candidate] = {}
    for c in sorted(cands, key=lambda c: c.match_start):
        key3 = (c.person.name, c.office.concept, spec(c))
        org = c.org
        if org is None and key3 in bodies:
            if len(bodies[key3]) != 1:
                continue  # the office is named with its bodies elsewhere
            org = next(iter(bodies[key3]))
            c = replace(c, linkers=linkers[(*key3, org)])
        key = (*key3, org)
        if key in merged:
            first = merged[key]
            merged[key] = replace(first, start=first.start or c.start, end=first.end or c.end,
                                  status=first.status or c.status,
                                  support=(*first.support, c.rule.id, *c.support))
        else:
            merged[key] = replace(c, org=org)
    return list(merged.values())


def _broader(concept: str) -> set[str]:
    """The concepts an office is a kind of (referatsleiter: leiter)."""
    out: set[str] = set()
    while (concept := _concepts()[concept].broader) is not None and concept not in out:
        out.add(concept)
    return out


def _narrowest(cands: list[_Candidate], ctx: _Context) -> list[_Candidate]:
    """A bare office noun a person's compound office ends with is that office named short
    ("Referatsleiterin X ... die Leiterin", "Landtagsabgeordnete X ... Abgeordnete X"), not an
    office of its own: it yields to the compound written in the text where its body is none or
    the same (an abbreviation, "MdL X ... der Abgeordnete X", writes no compound)."""
    def word(c: _Candidate) -> str:
        return c.office.label.lower() if c.office and " " not in c.office.label and not c.office.spec else ""

    def shorter(c: _Candidate, d: _Candidate) -> bool:
        short, long = word(c), word(d)
        written = ctx.text[d.office.noun_start : d.office.noun_end] if d.office else ""
        return (bool(short) and len(long) > len(short) and long.endswith(short) and "-" not in long
                and not _abbreviation(written)
                and c.office.concept in _broader(d.office.concept) and c.org in (None, d.org))

    return [c for c in cands if not any(d.person.name == c.person.name and shorter(c, d) for d in cands)]


def _context(doc: Doc, persons: tuple[PersonMention, ...], orgs: tuple[OrgMention, ...], doc_state: str | None) -> _Context:
    by_start: dict[int, PersonMention] = {}
    for p in persons:
        by_start.setdefault(p.evidence.start, p)
    return _Context(spans.text(doc), orgs, doc_state, by_start, spans.sentences(doc))


def extract_roles(doc: Doc, *, persons: tuple[PersonMention, ...], orgs: tuple[OrgMention, ...],
                  doc_state: str | None) -> tuple[RoleMention, ...]:
    """Every office the text states a person holds, with its body, dates and status."""
    ctx = _context(doc, persons, orgs, doc_state)
    cands = _resolve(_descriptions(_candidates(ctx.text, ctx)))
    cands = _references(cands, list(ctx.sentences), ctx)
    out = []
    for c in sorted(_narrowest(_bodies_by_person(_merge(cands), ctx), ctx), key=lambda c: (c.match_start, c.office.start)):
        out.append(
            RoleMention(
                evidence=evidence(doc, c.match_start, c.match_end, c.rule.id, support=c.support, linkers=c.linkers),
                person=c.person.name,
                role=c.office.concept,
                label=c.office.label,
                org=c.org,
                start=c.start,
                end=c.end,
                status=c.status,
            )
        )
    return tuple(out)

