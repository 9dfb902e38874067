"""Organisations: municipalities, associations, districts, states, ministries, agencies, councils,
parties, universities, companies and named cooperation bodies.

The patterns are data (``data/de/organizations.yaml``); the normalisers here turn a match into
candidates (type, name in the nominative, offsets). A second step gives every candidate its
identity key, using the press release's state to choose between places of the same name and to
resolve "der Freistaat" or "des Landes". Only names count: "die Kommunen" is not an organisation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

import regex
from spacy.tokens import Doc

from egov_kg.extract import spans
from egov_kg.extract.rules import (
    RuleMatch,
    RuleSet,
    TriggerScan,
    compiled,
    load_rules,
    normaliser,
    word_source,
)
from egov_kg.extract.spans import evidence
from egov_kg.keys import OrgKey, slug
from egov_kg.lexicon import (
    State,
    city_boroughs,
    common_word,
    district_free_town,
    given_names,
    lookup_district,
    lookup_place,
    lookup_territory,
    ministry_domains,
    not_districts,
    party_names,
    place_stopwords,
    places_named,
    qualifier_words,
    state_by_ags,
    state_of_name,
    territories_named,
)
from egov_kg.records import OrgMention


@dataclass(frozen=True, slots=True)
class OrgCandidate:
    """An organisation as read by one rule, before it gets its identity."""

    start: int
    end: int
    type: str
    name: str
    state: str | None = None  # AGS of the state, where the name says it ("Thüringer", "Landes X")
    place: str | None = None  # a place name to look up in the gazetteer
    abbreviation: str | None = None
    domain: frozenset[str] = frozenset()  # a ministry's remit ("finanz", "digital")
    needs_state: bool = False  # "der Freistaat": the state of the press release
    short_head: bool = False  # "VG X": Verwaltungsgemeinschaft or Verbandsgemeinde, by the state
    coordinated: bool = False  # "..., Meiningen": a place only if joined to a place found before


# ---------------------------------------------------------------------------- name helpers

_GENDER_SUFFIXES = (  # head noun endings and their grammatical gender
    ("ministerium", "n"), ("amt", "n"), ("zentrum", "n"), ("institut", "n"), ("büro", "n"),
    ("kanzlei", "f"), ("bank", "f"), ("anstalt", "f"), ("kooperation", "f"), ("agentur", "f"),
    ("behörde", "f"), ("zentrale", "f"), ("kammer", "f"), ("universität", "f"), ("hochschule", "f"),
    ("verwaltung", "f"), ("gesellschaft", "f"), ("tag", "m"), ("bund", "m"), ("hof", "m"),
    ("verband", "m"), ("betrieb", "m"), ("rat", "m"), ("dienst", "m"), ("service", "m"), ("services", "m"),
    ("ung", "f"), ("gemeinschaft", "f"),
)  # fmt: skip
_STRONG_ENDING = {"m": "er", "f": "e", "n": "es"}
_NOT_ADJECTIVES = frozenset(
    "Dieser Diese Dieses Diesem Diesen Jeder Jede Jedes Jedem Jeden Unsere Unser Unserem Unseren "
    "Ihre Ihrer Ihrem Ihren Seine Seiner Seinem Seinen Eine Einer Einem Einen Keine Alle Andere "
    "Anderen Neue Neuen Neues Neuer Neuem Zuständige Zuständigen Jeweilige Jeweiligen Gesamte Gesamten Beide Beiden "
    "Weitere Weiteren Dortige Dortigen Hiesige Hiesigen Große Großen Kleine Kleinen Erste Ersten "
    "Der Die Das Dem Den Des".split()
)


def _gender(head: str) -> str:
    low = head.lower()
    for suffix, gender in _GENDER_SUFFIXES:
        if low.endswith(suffix):
            return gender
    return "n"


def _uninflect_head(head: str) -> str:
    """Genitive of a head noun back to the nominative: Staatsministeriums -> Staatsministerium, Amtes -> Amt."""
    for genitive, nominative in (("ministeriums", "ministerium"), ("amtes", "amt"), ("amts", "amt"),
                                 ("tages", "tag"), ("tags", "tag"), ("bundes", "bund"), ("verbands", "verband"),
                                 ("verbandes", "verband"), ("betriebs", "betrieb"), ("betriebes", "betrieb"),
                                 ("rates", "rat"), ("rats", "rat"), ("zentrums", "zentrum"), ("services", "service"),
                                 ("dienstes", "dienst"), ("verbundes", "verbund"), ("verbunds", "verbund"),
                                 ("ausschusses", "ausschuss"), ("referates", "referat"), ("referats", "referat")):  # fmt: skip
        if head.lower().endswith(genitive):
            stem = head[: -len(genitive)]
            return stem + (nominative if stem else nominative.capitalize())
    return head


def _nominative_adjective(adjective: str, gender: str) -> str:
    """Sächsischen (+ Aufbaubank) -> Sächsische; invariant place adjectives stay (Thüringer)."""
    state = state_of_name(adjective)
    if state is not None and not state.declinable and adjective == state.adjective:
        return adjective
    stem = compiled(r"(?:e[mnrs]?)$").sub("", adjective)
    return stem + _STRONG_ENDING[gender]


def _adjectives(raw: str | None) -> list[str]:
    words = [word[:1].upper() + word[1:] for word in (raw or "").split()]  # "sächsischen" in a newspaper
    while words and words[0] in _NOT_ADJECTIVES:
        words.pop(0)
    return words


def _clean_tail(tail: str | None) -> str:
    return compiled(r"\s+").sub(" ", tail or "").strip().rstrip(",")


def _closed_tail(tail: str | None) -> str:
    """A name's tail without comma parts that no "und" closes: "für Bildung, Jugend und Sport"
    stays, "Staatskanzlei, Rainer" (a person named after the body) loses ", Rainer"."""
    tail = tail or ""
    last_and = max(tail.rfind(" und "), tail.rfind(" sowie "))
    comma = tail.find(", ", last_and + 1 if last_and >= 0 else 0)
    return tail if comma < 0 else tail[:comma]


# ---------------------------------------------------------------------------- normalisers


def _typed_name(type_: str, head: str, name: str) -> tuple[str, str | None]:
    """The display name of a typed mention and the place to look up."""
    if type_ == "municipality":
        return name, name
    if type_ == "municipal_association":
        if head.startswith("Verwaltungsgemeinschaft") or head == "VG":
            return f"Verwaltungsgemeinschaft {name}", None
        if head.startswith("Amt") or head.startswith("Ämter"):
            return f"Amt {name}", None
        base = {"Samtgemeinden": "Samtgemeinde", "Verbandsgemeinden": "Verbandsgemeinde",
                "Samtgemeindeverwaltung": "Samtgemeinde", "Verbandsgemeindeverwaltung": "Verbandsgemeinde",
                "Verwaltungsverbandes": "Verwaltungsverband", "Verwaltungsverbands": "Verwaltungsverband"}.get(head, head)  # fmt: skip
        return f"{base} {name}", None
    # districts
    name = compiled(r"(kreis|-Kreis)es$").sub(r"\1", name)
    if compiled(r"(?:kreis|Kreis)$").search(name):
        return name.replace(" Kreis", "-Kreis"), None
    if head.startswith("Kreis") and not head.startswith("Kreisverwaltung") and not head.startswith("Kreisstadt"):
        return f"Kreis {name}", None
    return f"Landkreis {name}", None


_HEAD_TYPES = (  # first match wins: "Kreisstadt des X" is the district, "Kreisstadt X" the town
    ("district", ("Kreisstadt des",)),
    ("municipality", ("Kreisstadt",)),
    ("municipal_association", ("Verwaltungsgemeinschaft", "VG", "Samtgemeinde", "Verbandsgemeinde", "Amt",
                               "Ämter", "Verwaltungsverband", "Gemeindeverwaltungsverband")),
    ("district", ("Landkreis", "Kreis", "Landratsamt", "Kreishaus", "Kreisstadt des")),
)  # fmt: skip


def _head_type(head: str) -> str:
    for type_, prefixes in _HEAD_TYPES:
        if any(head.startswith(p) for p in prefixes):
            return type_
    return "municipality"


@normaliser("org_typed")
def _org_typed(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    head, name = m.group("head"), m.group("name")
    if _not_a_name(name):
        return None
    type_ = _head_type(head)
    inner = m.groupdict().get("inner")
    if m.groupdict().get("art") and not inner and not compiled(r"(?:kreis|Kreis)(?:es)?$").search(name):
        return None  # "im Kreis der Kommunen"
    name, end = _trim_qualifier(name, m.end())
    name, end = _cut_to_known_place(name, end)
    if _unknown_noun(name):
        return None  # "dass die Stadt Verantwortung übernimmt", "im Amt Erfahrungen gesammelt"
    if (type_ == "district" and not head.startswith(("Landkreis", "Landratsamt")) and lookup_place(name) is None
            and lookup_district(name) is None and not compiled(r"(?:kreis|Kreis)(?:es)?$").search(name)):
        return None  # "der Kreis Fördermittel beantragt", "Kreisverwaltung im Jahr": only a known name
    if (type_ == "district" and not compiled(r"[\s-]").search(name) and lookup_place(name) is None
            and lookup_district(name) is None and common_word(name, load_rules("organizations").settings["common_word"])):
        return None  # "im Landkreis Geld vom Freistaat": a common word that names no district
    name, end = _cut_slash(name, end)
    if type_ == "district" and head.startswith("Kreisstadt"):
        return None
    name_start = m.start("name")
    whole = name
    name, extra = _split_bracket(name, name_start, keep_other=type_ != "municipality")
    if name != whole:
        end = name_start + len(name)
    display, place = _typed_name(type_, inner or head, name)
    return [OrgCandidate(name_start if type_ == "municipality" else m.start(), end, type_, display,
                         place=place if type_ == "municipality" else None, short_head=head == "VG"), *extra]


#: Words that begin the names of some associations and municipalities ("Am Brahmetal", "An der Schmücke").
_NAME_PREFIXES = ("Am ", "An der ", "An den ", "Auf dem ", "Im ", "In der ", "Zum ", "Zur ")


def _not_a_name(name: str) -> bool:
    """A function word is no name, unless it begins one of several words ("Am Klosterwasser")."""
    return name.split()[0] in _FUNCTION_WORDS and not (name.startswith(_NAME_PREFIXES) and " " in name.strip())


_LEADING_ADJECTIVE = regex.compile(r"^((?:\p{Lu}\p{Ll}+-)*\p{Lu}\p{Ll}+(?:er|es|e)) \p{Lu}")


def _cut_to_known_place(name: str, end: int) -> tuple[str, int]:
    """"Stadt Hannover Fördermittel": a first word that is a known place and no adjective of a
    longer name ends the name; "Wurster Nordseeküste" or "Mittleres Schwarzatal" stay whole."""
    lead = _LEADING_ADJECTIVE.match(name)
    if lead is None or lookup_place(name) is not None or territories_named("municipality", name):
        return name, end
    first = lead.group(1)
    if lookup_place(first) is None or first in place_stopwords():
        return name, end
    return first, end - (len(name) - len(first))


def _split_bracket(name: str, start: int, *, keep_other: bool) -> tuple[str, list[OrgCandidate]]:
    """A bracket after a name: part of the name ("Halle (Saale)", "Zell (Mosel)"), the district
    the body lies in ("Hainich-Werratal (Wartburgkreis)": a district of its own) or another name of
    a known place ("Crostwitz (Chrósćicy)": left out). ``keep_other`` keeps a bracket that is
    neither, as a body of no gazetteer may be named so."""
    found = compiled(r"^(.+?) \((\p{Lu}[^()]*)\)$").match(name)
    if found is None or places_named(name) or territories_named("municipality", name):
        return name, []
    base, inner = found.group(1), found.group(2)
    if inner in qualifier_words() or state_of_name(inner) is not None:
        return name, []
    typed = compiled(r"^(?:Land)?[Kk]reis\s").match(inner)  # "Einbeck (Landkreis Northeim)"
    offset = start + len(base) + 2 + (typed.end() if typed else 0)
    inner = inner[typed.end():] if typed else inner
    district = lookup_district(inner)
    if district is not None or typed or compiled(r"(?:kreis|-Kreis)$").search(inner):
        official = district.official if district else inner if not typed else f"Landkreis {inner}"
        return base, [OrgCandidate(offset, offset + len(inner), "district", official)]
    if not keep_other:  # a town's official qualifiers are the gazetteer's: anything else is another name
        return base, []
    return name, []


_QUALIFIER = regex.compile(r"\s(?:an der|am|im|in der|ob der|vor der)\s\p{Lu}\p{Ll}+$")


def _trim_qualifier(name: str, end: int) -> tuple[str, int]:
    """Keep "Landau an der Isar" (a gazetteer name), cut "Suhl am Freitag" back to "Suhl"."""
    qualifier = _QUALIFIER.search(name)
    if qualifier is None or places_named(name) or territories_named("municipality", name):
        return name, end
    return name[: qualifier.start()], end - (len(name) - qualifier.start())


def _cut_slash(name: str, end: int) -> tuple[str, int]:
    """Keep "Rothenburg/O.L." and "Mühlhausen/Thüringen", cut "Bautzen/Mia" (a photo credit)."""
    base, _, suffix = name.partition("/")
    if not suffix or places_named(name) or "." in suffix or suffix.isupper() or state_of_name(suffix) or lookup_place(suffix):
        return name, end
    return base, end - len(suffix) - 1


_LIST_ITEM = regex.compile(r"(?:^|,\s|\s(?:und|sowie)\s)(?:de[mnr]\s)?(?P<item>[^,]+?)(?=,\s|\s(?:und|sowie)\s|$)")
#: Capitalised words that begin sentences or headings but never name a place.
_FUNCTION_WORDS = frozenset(
    "Für Der Die Das Den Dem Des Und Mit Im In Am An Auf Aus Bei Nach Von Vom Zum Zur Über Unter Vor "
    "Seit Bis Ab Als Wie Wenn Dass Ein Eine Einer Einem Einen Es Er Sie Wir Ihr Auch Noch Nur So".split()
)


@normaliser("org_plural")
def _org_plural(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    head = m.group("head")
    type_ = _head_type(head) if head not in ("Städte", "Städten", "Gemeinden", "Kommunen", "Märkte") else "municipality"
    if head in ("Landkreise", "Landkreisen", "Kreise", "Kreisen"):
        type_ = "district"
    singular = {"Ämter": "Amt", "Ämtern": "Amt", "Verwaltungsgemeinschaften": "Verwaltungsgemeinschaft",
                "Samtgemeinden": "Samtgemeinde", "Verbandsgemeinden": "Verbandsgemeinde",
                "Landkreise": "Landkreis", "Landkreisen": "Landkreis", "Kreise": "Kreis", "Kreisen": "Kreis"}.get(head, head)  # fmt: skip
    out = []
    offset = m.start("list")
    items = [item for item in _LIST_ITEM.finditer(m.group("list")) if item.group("item")]
    for item in items:
        name = item.group("item")
        if not name[0].isupper() or _not_a_name(name):
            continue
        start = offset + item.start("item")
        name, extra = _split_bracket(name, start, keep_other=type_ != "municipality")
        if type_ == "municipality" and head not in _PLURAL_TYPES and lookup_place(name) is None and len(items) < 2:
            continue  # "Mitgliedsgemeinden X" with one unknown name: no list that vouches for it
        display, place = _typed_name(type_, singular, name)
        out.append(OrgCandidate(start, start + len(name), type_, display,
                                place=place if type_ == "municipality" else None))
        out.extend(extra)
    return out or None


@normaliser("org_plural_short")
def _org_plural_short(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """"die Zweckverbände KDN, 7IT und KRZO": each short name a body of the head's type, named as written."""
    type_ = load_rules("organizations").settings["plural_short_heads"][m.group("head")]
    offset = m.start("list")
    out = [OrgCandidate(offset + item.start("item"), offset + item.end("item"), type_, item.group("item"))
           for item in _LIST_ITEM.finditer(m.group("list")) if item.group("item")]
    return out or None


@normaliser("org_association_members")
def _org_association_members(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """"die VG Lindach – Lindach, Au und Berg –": the association, then its member towns.
    The list vouches for its names only where most of them are known places."""
    offset, members, unknown = m.start("list"), [], []
    for item in _LIST_ITEM.finditer(m.group("list")):
        name = item.group("item")
        if not name or _not_a_name(name):
            continue
        start = offset + item.start("item")
        known = _place_candidate(name, start, start + len(name), dateline=True, text=m.string)
        if known is not None:
            members.append(known)
        elif " " in name or _unknown_noun(name):
            return None  # "– Verwaltung, Schulen und Bauhof –": an aside; the association rule reads the name
        else:
            unknown.append(OrgCandidate(start, start + len(name), "municipality", name, place=name))
    if len(unknown) >= len(members):
        return None
    association = _org_typed(m)
    if not association:
        return None
    association[0] = replace(association[0], end=min(association[0].end, m.end("name")))
    return [*association, *members, *unknown]


#: Plural heads that name their members' type ("die Städte A und B").
_PLURAL_TYPES = ("Städte", "Städten", "Gemeinden", "Kommunen", "Märkte", "Ortsgemeinden")


@normaliser("org_district_compound")
def _org_district_compound(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    name = m.group("name")
    adjective = m.group("adj")
    if adjective:  # "Märkischen Kreis": only a district of that name, never "Unser Kreis"
        name = compiled(r"en$").sub("er", adjective) + " Kreis"
        if adjective in _NOT_ADJECTIVES or adjective in _FUNCTION_WORDS or lookup_district(name) is None:
            return None
    else:
        name = name.replace(" Kreis", "-Kreis")
    if name in not_districts():
        return None
    if "-" not in name and " " not in name and lookup_district(name) is None:
        return None  # "in einem Flächenlandkreis": a one-word compound names a district only if one is so called
    return [OrgCandidate(m.start(), m.end(), "district", name)]


@normaliser("org_district_named")
def _org_district_named(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    name = m.group("name")
    forms = [name]
    if m.group("genitive"):
        forms.insert(0, name + m.group("genitive"))
    elif name.endswith("s"):
        forms.append(name[:-1])
    for form in forms:
        district = lookup_district(form)
        if district is not None and lookup_place(form) is None and state_of_name(form) is None:
            return [OrgCandidate(m.start(), m.end(), "district", district.official)]
    return None


@normaliser("org_state")
def _org_state(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    state = state_of_name(m.group("name"))
    if state is None:
        return None
    return [OrgCandidate(m.start(), m.end(), "state", state.name, state=state.ags)]


@normaliser("org_state_adjective")
def _org_state_adjective(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    state = state_of_name(m.group("name"))
    if state is None:
        return None
    return [OrgCandidate(m.start(), m.end(), "state", state.name, state=state.ags)]


@normaliser("org_state_bare")
def _org_state_bare(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    return [OrgCandidate(m.start(), m.end(), "state", "?", needs_state=True)]


@normaliser("org_government")
def _org_government(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    head = m.group("head")
    adjective = m.group("adj") and m.group("adj")[0].upper() + m.group("adj")[1:]  # "niedersächsische Landesregierung"
    named = state_of_name(adjective) if adjective else state_of_name(m.group("state")) if m.group("state") else None
    if head.startswith("Senat"):  # "der Berliner Senat": the city state's government
        if named is None:
            return None
        return [OrgCandidate(m.start(), m.end(), "authority", f"{adjective} Senat", state=named.ags,
                             domain=frozenset({"senat"}))]
    if head in ("Landesregierung", "Staatsregierung"):  # the state acting through its government
        if named is not None:  # "Thüringer Landesregierung", "Landesregierung Sachsen-Anhalt": a body of its own as well
            government = (f"{_nominative_adjective(adjective, 'f')} {head}" if adjective
                          else f"{head} {m.group('state')}")
            return [OrgCandidate(m.start(), m.end(), "state", named.name, state=named.ags),
                    OrgCandidate(m.start(), m.end(), "authority", government, state=named.ags,
                                 domain=frozenset({"landesregierung"}))]
        return [OrgCandidate(m.start("head"), m.end(), "state", "?", needs_state=True)]
    if head.startswith("Regierung"):  # a Bavarian Bezirksregierung
        return [OrgCandidate(m.start("head"), m.end(), "authority", compiled(r"\s+").sub(" ", head), state="09")]
    if head == "Bundesregierung":
        return [OrgCandidate(m.start("head"), m.end(), "authority", head, state="de")]
    if head.endswith("Kommission"):
        return [OrgCandidate(m.start("head"), m.end(), "authority", "Europäische Kommission")]
    return [OrgCandidate(m.start("head"), m.end(), "other", "Europäische Union")]


def _domains(words: list[str]) -> frozenset[str]:
    table = ministry_domains()
    return frozenset(table.get(w, w.lower()) for w in words)


@normaliser("org_ministry")
def _org_ministry(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    groups = m.groupdict()
    head = _uninflect_head(groups["head"])
    adjective = groups.get("adj")
    state = state_of_name(adjective) if adjective else None
    end = m.end()
    trailing_state = groups.get("state")
    raw_tail = groups.get("tail") or ""
    if _closed_tail(raw_tail) != raw_tail:
        raw_tail = _closed_tail(raw_tail)
        end, trailing_state = m.start("tail") + len(raw_tail), None
    tail = _clean_tail(raw_tail)
    land = compiled(r"\bdes (?:Landes|Freistaates|Freistaats) (\p{Lu}[\p{L}-]+)$").search(tail)
    if land and state_of_name(land.group(1)):
        state = state_of_name(land.group(1))
    if trailing_state and state_of_name(trailing_state):
        state = state_of_name(trailing_state)
    seat = compiled(r"\b(?:in|im Land) (\p{Lu}[\p{L}-]+)$").search(tail)
    if seat and state_of_name(seat.group(1)):  # "Senatsverwaltung für Finanzen in Berlin"
        state = state_of_name(seat.group(1))
    if state is None and head.startswith("Senats"):
        state = state_of_name("Berlin")
    words = [w for w in compiled(r"\p{Lu}[\p{L}-]*").findall(tail) if not state_of_name(w) and w not in ("Landes", "Freistaates", "Freistaats")]
    compound = compiled(r"^(?:Bundes(?=\p{Ll}))?(\p{L}+?)ministerium$").match(head)
    if compound and compound.group(1) not in ("Staats", "Landes", "Bundes"):
        words = [compound.group(1)[0].upper() + compound.group(1)[1:]]  # "Bundesfinanzministerium": Finanz
    elif not tail and head in ("Ministerium", "Staatsministerium", "Landesministerium", "Bundesministerium", "Senatsverwaltung"):
        return None  # "das Ministerium" names no ministry
    if head in ("Staatskanzlei", "Senatskanzlei", "Bundeskanzleramt"):
        words = [head]
    name_parts = []
    if adjective:
        name_parts.append(_nominative_adjective(adjective, _gender(head)))
    name_parts.append(head)
    name = " ".join(name_parts) + (" " + tail if tail else "")
    if trailing_state:
        name += " " + trailing_state
    federal = head.startswith("Bundes")
    ministry = OrgCandidate(m.start(), end, "ministry", name, state="de" if federal else (state.ags if state else None),
                            domain=_domains(words), needs_state=not federal and state is None)
    named_state = []  # "... des Landes Brandenburg", "... Mecklenburg-Vorpommern" name the state as well
    if trailing_state and state_of_name(trailing_state):
        named_state.append(OrgCandidate(m.start("state"), m.end("state"), "state", state.name, state=state.ags))
    elif land and state_of_name(land.group(1)):
        offset = m.start("tail") + groups["tail"].rindex(land.group(1))
        named_state.append(OrgCandidate(offset, offset + len(land.group(1)), "state", state.name, state=state.ags))
    return [ministry, *named_state]


@normaliser("org_senator_authority")
def _org_senator_authority(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """"Der Senator für Finanzen", "des Senators für Finanzen": a Bremen senator's authority, named
    after the office; a person's name after it makes it the office ("Senator für Finanzen Jan X")."""
    tail = _clean_tail(_closed_tail(m.group("tail")))
    if not tail:
        return None
    head = compiled(r"s$").sub("", m.group("head"))
    words = compiled(r"\p{Lu}[\p{L}-]*").findall(tail)
    name = f"{head} {tail}"
    return [OrgCandidate(m.start("head"), m.start("tail") + len(_closed_tail(m.group("tail")).rstrip(", ")), "ministry", name,
                         state=state_of_name(load_rules("organizations").settings["senator_authority_state"]).ags,
                         domain=_domains(words))]


@normaliser("org_parliament")
def _org_parliament(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    head = _uninflect_head(m.group("head"))
    body_text = m.group("body")
    body_match = compiled(r"^(?:(Landkreises|Kreises|Stadt|Hansestadt|Gemeinde|Landkreis|Kreis|Marktes|Amtes|Amts)\s)?(.+)$").match(body_text)
    assert body_match is not None
    body_head, name = body_match.group(1), body_match.group(2)
    start = m.start("body")
    name = compiled(r"(er Land)es$").sub(r"\1", name)
    if not body_head and not (compiled(r"(?:kreis|Kreis)(?:es)?$").search(name) or lookup_district(name)
                              or (_place_candidate(name, 0, len(name), text=m.string[m.start("body"):]))):
        return None  # "Stadtrat Peter Brandl" is a councillor, "der Gemeinderat Montag" no body
    if head.startswith("Kreistag") or body_head in ("Landkreises", "Kreises", "Landkreis", "Kreis"):
        if not body_head and not compiled(r"(?:kreis|Kreis)(?:es)?$").search(name):
            body_head = "Landkreis"
        display, _ = _typed_name("district", body_head or "Landkreis", name)
        known = lookup_district(compiled(r"^(?:Landkreis|Kreis) ").sub("", display))
        body = OrgCandidate(start, m.end(), "district", known.official if known else display)
    elif body_head in ("Amtes", "Amts") or head == "Amtsausschuss":  # "Amtsausschuss X": the council of the Amt X
        body = OrgCandidate(start + (len(body_head) + 1 if body_head else 0), m.end(), "municipal_association", f"Amt {name}")
    else:
        if name in place_stopwords():
            return None
        body = OrgCandidate(m.start("body") + (len(body_head) + 1 if body_head else 0), m.end(), "municipality", name, place=name)
    if head == "Rat":  # "Rat der Stadt X": no other name says whose council it is
        council_name = f"Rat der {'Gemeinde' if body_head == 'Gemeinde' else 'Stadt'} {body.name}"
    elif head == "Amtsausschuss" and not body_head:  # "Amtsausschuss X", as written
        council_name = f"{head} {name}"
    else:
        council_name = f"{head} {body.name}"
    council = OrgCandidate(m.start(), m.end(), "parliament", council_name)
    return [council, body]


@normaliser("org_landtag")
def _org_landtag(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    text = m.group("name")
    if text.startswith("Bundestag"):
        return [OrgCandidate(m.start(), m.end(), "parliament", "Deutscher Bundestag", state="de")]
    if text.startswith("Bundesrat"):
        return [OrgCandidate(m.start(), m.end(), "parliament", "Bundesrat", state="de")]
    words = text.split()
    if words[0].startswith("Landtag"):  # "Landtag NRW", "Landtag von Sachsen-Anhalt"; a bare "Landtag" names none
        state = state_of_name(words[-1]) if len(words) > 1 else None
        if state is None:
            return None
        return [OrgCandidate(m.start(), m.end(), "parliament", " ".join(["Landtag", *words[1:]]), state=state.ags,
                             domain=frozenset({"landtag"}))]
    adjective = words[0][:1].upper() + words[0][1:]  # "im hessischen Landtag" in a newspaper
    state = state_of_name(adjective)
    if state is None:
        return None
    return [OrgCandidate(m.start(), m.end(), "parliament", f"{_nominative_adjective(adjective, 'm')} Landtag",
                         state=state.ags, domain=frozenset({"landtag"}))]


@normaliser("org_university")
def _org_university(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    name = m.group("name")
    place = m.group("place")
    if name in ("TU", "FH", "HTW", "HAW", "Uni"):
        if not place:
            return None
        name = {"TU": "Technische Universität", "FH": "Fachhochschule", "HTW": "Hochschule für Technik und Wirtschaft",
                "HAW": "Hochschule für Angewandte Wissenschaften", "Uni": "Universität"}[name]  # fmt: skip
    words = name.split()
    if len(words) > 1 and words[0].endswith(("en", "er")) and words[0][0].isupper() and "-" not in words[0]:
        words[0] = _nominative_adjective(words[0], "f")
    name = " ".join(words)
    if place:  # "Foto: Hochschule Schmalkalden/Anna Muster": the photographer is no part of the name
        place, _ = _cut_slash(place, 0)
    if place and lookup_place(place) is None and place in place_stopwords():
        place = None
    if place and not lookup_place(place):
        place = None if place[0].islower() else place
    if not place and name in ("Universität", "Hochschule", "Fachhochschule", "Technische Universität"):
        return None
    full = f"{name} {place}" if place else name
    end = m.start("place") + len(place) if place else m.end("name")
    return [OrgCandidate(m.start(), end, "university", full)]


@cache
def _authority_settings() -> tuple[regex.Pattern, tuple[str, ...], tuple[str, ...]]:
    """(heads that name a body on their own, association heads, institute heads) from the rule file."""
    settings = load_rules("organizations").settings
    return (regex.compile(settings["authority_named_alone"]), tuple(settings["association_heads"]),
            tuple(settings["institute_heads"]))


@normaliser("org_authority")
def _org_authority(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    named_alone, associations, institutes = _authority_settings()
    if (not (m.group("adj") or "").strip() and compiled(load_rules("organizations").settings["generic_before"]).search(
            m.string, max(0, m.start() - 12), m.start()) and not _ABBREVIATION_AFTER.match(m.string, m.end())):
        return None  # "mit einem Landesamt für alle": no body of its own, unless its short form names it
    head = compiled(r"^(\p{Lu}\p{Ll}+) und ").sub(r"\1- und ", _uninflect_head(m.group("head")))  # "Städte und Gemeindetag"
    if head.startswith("Landratsamt") or head.endswith(("ämter", "behörden", "agenturen", "banken")):
        return None
    adjectives = _adjectives(m.group("adj"))
    if adjectives and _uninflect_head(adjectives[-1]) != adjectives[-1]:
        adjectives = []  # "des Landesamtes Zentrum für X": a body's head in the genitive, then the body's name
    tail = _clean_tail(m.group("tail"))
    place, end = m.group("place"), m.end()
    closed = _closed_tail(m.group("tail"))
    if closed != (m.group("tail") or ""):  # "..., Rainer Schulz": a person named after the body
        tail, place, end = _clean_tail(closed), None, m.start("tail") + len(closed)
    if tail and head.endswith(associations):  # "Deutscher Städtetag sowie ...": no tail
        tail, place, end = "", None, m.end("head")
    parent = compiled(r"\s(?:der|des)\s").search(m.group("tail") or "")
    if head in ("Amt", "Zentrum") and parent:  # "Amt für IT der Kreisverwaltung": the unit, then the body it belongs to
        own = m.group("tail")[: parent.start()]
        tail, place, end = _clean_tail(own), None, m.start("tail") + len(own)
    if (m.group("tail") or "").startswith(","):  # "Kommunales Rechenzentrum, Service-Desk und E-Akte": a list
        tail, place, end = "", None, m.end("head")
    seat = compiled(r"(?:^|\s)(?:in|im)\s(\p{Lu}[\p{L}-]*)$").search(tail)
    seat_candidate = []
    if seat and state_of_name(seat.group(1)) is None and lookup_place(seat.group(1)) and not place:
        # "Landesverwaltungsamt in Weimar": the seat, a place of its own ("... in Bayern" stays in the name)
        tail = tail[: seat.start()].strip()
        seat_start = m.start("tail") + m.group("tail").rindex(seat.group(1))
        end = m.start("tail") + m.group("tail").rindex(seat.group(0).strip()) - 1
        found = _place_candidate(seat.group(1), seat_start, seat_start + len(seat.group(1)))
        seat_candidate = [found] if found else []
    state = None
    if place:  # "Landkreistag Sachsen-Anhalt", "Rechenzentrum Minden-Ravensberg/Lippe"
        state = state_of_name(place)
        if state is None and not (lookup_place(place) or lookup_district(place) or compiled(r"[-/]").search(place)):
            place, end = None, m.start("place") - 1
    if m.group("sub") and end != m.end():
        return None  # the dash would join a name that was cut before it
    if head.lower() in ("amt", "bank", "behörde", "agentur", "anstalt", "zentrale", "kammer", "zentrum") and not tail:
        return None
    if tail.startswith("und ") and not adjectives and not named_alone.match(head):
        return None  # "Ordnungsamt und Feuerwehr": two units of an administration, no body's name
    if not adjectives and not tail and not place and not named_alone.match(head):
        return None
    if head == "IT-Kooperation" and not adjectives:
        return None
    gender = _gender(head)
    words = []
    for adjective in adjectives:
        found = state_of_name(adjective)
        if found:
            state = found
        words.append(_nominative_adjective(adjective, gender))
    name = " ".join([*words, head, *([tail] if tail else []), *([place] if place else [])])
    quoted = _QUOTED_NAME.match(m.string, end) if words and not tail and not place else None
    if quoted:  # "Kommunales Rechenzentrum „KIDS“": the name in quotes is the body's own
        name, end = f"{name} {quoted.group(1)}", quoted.end()
    start = m.start("head") - (len(" ".join(_adjectives(m.group("adj")))) + 1 if adjectives else 0)
    type_ = "other" if head.endswith(associations + institutes) else "authority"
    # "das Landesverwaltungsamt", "der Landkreistag": the body of the press release's state
    bare_state_body = not adjectives and not tail and not place and (
        head.startswith("Landes") or head in associations)
    return [OrgCandidate(max(start, m.start()), end, type_, name, state=state.ags if state else None,
                         needs_state=bare_state_body, domain=frozenset({head.lower()}) if bare_state_body else frozenset()),
            *seat_candidate]


@normaliser("org_centre")
def _org_centre(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """"des Kompetenzzentrums Verwaltung 4.0", "des Regionalen Planungsverbands X", "des Referates Digitale
    Stadt": a body or unit named by the words after a head that always takes a name."""
    head, name, adjective = _uninflect_head(m.group("head")), m.group("name"), m.groupdict().get("adj")
    if not adjective and lookup_place(name) and compiled(r"\p{Lu}\p{L}+\s$").search(m.string, 0, m.start()):
        return None  # "der Bauhaus Stiftung Weimar": a word before the head may belong to the name
    start = m.start("adj") if adjective else m.start("head")
    words = [*([_nominative_adjective(adjective, _gender(head))] if adjective else []), head, name]
    type_ = next(t for h, t in load_rules("organizations").settings["named_head_types"].items() if head.lower().endswith(h))
    return [OrgCandidate(start, m.end(), type_, " ".join(words))]


#: A body's own name in quotes right after its head: "Kommunales Rechenzentrum „KIDS“".
_QUOTED_NAME = regex.compile(r"[^\S\n][„“\"»]([\p{Lu}\d][\p{L}\d.-]*(?:[^\S\n][\p{Lu}\d][\p{L}\d.-]*){0,3})[“”\"«]")


@normaliser("org_party")
def _org_party(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    canonical = party_names().get(m.group("name"))
    if canonical is None:
        return None
    return [OrgCandidate(m.start(), m.end(), "party", canonical)]


@normaliser("org_company_named")
def _org_company_named(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    return [OrgCandidate(m.start(), m.end(), "company", f"{m.group('head')} {m.group('name')}")]


def _office_noun(word: str) -> bool:
    """An office before a name ("Geschäftsführer", "Vorstandsvorsitzende"), not a body's word that
    begins alike ("Ministerium", "Meisterbetrieb")."""
    return bool(_office_words().match(word)) and compiled(r"(?:er|erin|e|en|r|in|ent|entin|or|orin|CIO|CDO)$").search(word) is not None


@normaliser("org_company")
def _org_company(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    words = m.group("name").split()
    settings = load_rules("organizations").settings
    descriptors = tuple(settings.get("company_descriptors", ()))
    while words and (words[0] in _NOT_ADJECTIVES or words[0] in _FUNCTION_WORDS
                     or (len(words) > 1 and (words[0].lower().removesuffix("in").endswith(descriptors) or _office_noun(words[0])))):
        words.pop(0)  # "der IT-Dienstleister Dataport AöR", "Geschäftsführer X GmbH": no part of the name
    if not words:
        return None
    if any(_uninflect_head(w).endswith(tuple(settings["association_heads"])) for w in words):
        return None  # "des Gemeindetages X e. V.": an association of local authorities, read by org.authority_named
    suffix = m.group("suffix")
    start = m.end() - len(" ".join([*words, suffix]))
    if compiled(r"^\p{Lu}\p{Ll}+(?:al|isch|lich|ig|ell|iv)en$").match(words[0]):
        words[0] = words[0][:-1]  # "der Kommunalen Informationsverarbeitung GmbH" -> "Kommunale ..."
    name = " ".join([*words, suffix])
    public_law = settings.get("public_law_suffixes", ())
    type_ = "authority" if any(part in public_law for part in suffix.split("/")) else "company"
    return [OrgCandidate(start, m.end(), type_, name)]


@cache
def _context_settings() -> tuple[dict[str, str], regex.Pattern, tuple[tuple[regex.Pattern, str], ...], tuple[str, ...]]:
    settings = load_rules("organizations").settings
    return (dict(settings["descriptor_types"]), regex.compile(settings["public_provider"]),
            tuple((regex.compile(pattern), type_) for pattern, type_ in settings["abbreviated_types"]),
            tuple(settings["common_noun_endings"]))


@cache
def _office_words() -> regex.Pattern:
    return regex.compile(load_rules("organizations").settings["office_words"])


@cache
def _body_words() -> regex.Pattern:
    return regex.compile(load_rules("organizations").settings["body_words"])


#: A name no dictionary word looks like: digits, inner capitals, dots, "-IT", all capitals.
_BRAND_LIKE = regex.compile(r"\d|\p{Ll}\p{Lu}|\.\p{L}|-IT$|^\p{Lu}{3,}$")
#: Heads that other rules type: "die Stadt, ein Dienstleister" names no body called "Stadt".
_TYPE_HEADS = regex.compile(r"^(?:Stadt|Gemeinde|Markt|Landkreis|Kreis|Amt|Land|Freistaat|Bund|Verwaltung|Kommune|Region"
                            r"|Landratsamt|Rathaus|Verband|Ministerium|Behörde|Firma|Unternehmen)\b")


def _unknown_noun(name: str) -> bool:
    """A single word with the ending of a common noun that names no known place or district."""
    return (" " not in name and name.lower().endswith(_context_settings()[3])
            and lookup_place(name) is None and lookup_district(name) is None)


def _rare_name_before_verb(m: regex.Match, name: str) -> bool:
    """"der IT-Dienstleister Nordwerk betreut ...": a word German prose does not use, then a verb in
    lower case, is the body's name ("der IT-Dienstleister Daten verarbeitet" is no name)."""
    return (" " not in name and bool(compiled(r"\s\p{Ll}").match(m.string, m.end("name")))
            and not common_word(name, load_rules("organizations").settings["common_word"]))


def _brand_name(name: str) -> bool:
    """Whether a single word can be a body's own name (not a common noun, place or head)."""
    endings = _context_settings()[3]
    if (name in _FUNCTION_WORDS or name in _NOT_ADJECTIVES or _TYPE_HEADS.match(name) or name in party_names()
            or _office_words().search(name)):
        return False
    if name.lower().endswith(endings) and not _BRAND_LIKE.search(name):
        return False
    return lookup_place(name) is None and state_of_name(name) is None and lookup_district(name) is None


#: A descriptor after a preposition and its article: "über den IT-Dienstleister X erfolgen".
_PREPOSITION_BEFORE = regex.compile(
    r"\b(?:über|durch|von|vom|mit|bei|beim|für|an|auf|zum|zur)\s(?:de[mnrs]\s|die\s|das\s)?(?:\p{Ll}+\s){0,2}\S+\s$"
)
#: Endings of plural common nouns ("Daten", "Anträge", "Server"), never of a one-word brand here.
_PLURAL_ENDING = regex.compile(r"(?:en|e|er|n|ungen|s)$")


@normaliser("org_named_in_context")
def _org_named_in_context(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """A body known by context alone: "die Nordkom, der kommunale IT-Dienstleister", "der
    IT-Dienstleister Nordkom", "die datenwerk7 – KRZ Nordhessen"."""
    groups = m.groupdict()
    name, desc, alt = groups["name"], groups.get("desc"), groups.get("alt")
    if not _brand_name(name):
        return None
    if desc and "rest" not in groups and not _BRAND_LIKE.search(name):
        # "der IT-Dienstleister Nordkom." but not "dass der IT-Dienstleister Daten verarbeitet"
        if not compiled(r"\s*(?:[,.;:)]|$)|\s(?:und|sowie|oder)\s").match(m.string[m.end("name") :]) and not (
            _PREPOSITION_BEFORE.search(m.string, 0, m.start("name")) and not _PLURAL_ENDING.search(name)
        ) and not _rare_name_before_verb(m, name):
            return None
    types, public, _, _ = _context_settings()
    if desc in types:
        type_ = types[desc]
    elif desc and public.search(" ".join(filter(None, (groups.get("adj"), desc, groups.get("rest"))))):
        type_ = "authority"
    else:
        type_ = "company"
    name, end = _with_place(m, name)
    if alt:
        end = m.end()
    return [OrgCandidate(m.start("name"), end, type_, name, abbreviation=alt)]


def _with_place(m: regex.Match, name: str) -> tuple[str, int]:
    """A name known by context with the place, state, compass word or region after it ("GKD
    Recklinghausen", "ITK Westfalen"), and where it ends; any other word is not part of it."""
    place = m.groupdict().get("place")
    if place and (lookup_place(place) or state_of_name(place) or compiled(r"Nord|Süd|Ost|West|Mitte").fullmatch(place)
                  or place in _name_regions()):
        return f"{name} {place}", m.end("place")
    return name, m.end("name")


@cache
def _name_regions() -> frozenset[str]:
    return frozenset(load_rules("organizations").settings["name_regions"])


@normaliser("org_named_by_cue")
def _org_named_by_cue(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """A body known by its name alone, vouched for by an office, organ or legal form beside it
    ("kommit21-Geschäftsführer", "Verbandsversammlung KDWL", "Anstalt des öffentlichen Rechts namens X").
    A place after a short name is part of it ("GKD Recklinghausen"); any other word is not."""
    groups = m.groupdict()
    name = m.group("name")
    if not _brand_name(name) or name.split("-")[0] in party_names() or state_of_name(name.split("-")[0]):
        return None
    if not _BRAND_LIKE.search(name) and _PLURAL_ENDING.search(name):
        return None  # "Verwaltungs-Chef", "..., die Aufgaben übernimmt": a noun, no name
    name, end = _with_place(m, name)
    cue = groups.get("cue") or ""
    type_ = dict(load_rules("organizations").settings["cue_types"]).get(cue, "company")
    return [OrgCandidate(m.start("name"), end, type_, name)]


def abbreviates(abbreviation: str, name: str) -> bool:
    """Whether the capitals of an abbreviation spell the name in order ("KIV": Kommunale
    Informationsverarbeitung, "LVermGeo": Landesamt für Vermessung und Geoinformation)."""
    capitals = [c.lower() for c in abbreviation if c.isupper()]
    if len(capitals) < 2:
        return False
    letters, position = name.lower(), 0
    for capital in capitals:
        position = letters.find(capital, position) + 1
        if position == 0:
            return False
    return True


@normaliser("org_named_abbreviation")
def _org_named_abbreviation(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """"vom IT-Verbund Nordmark (ITV.NM)": the abbreviation vouches for the name before it, which may
    follow the noun it depends on ("die Fusion der Kommunalen Datenverarbeitung Nordland (KDN)")."""
    name, abbreviation, start = m.group("name"), m.group("abbr"), m.start()
    first = abbreviation.split()[0]
    if first[0].lower() != name[0].lower():
        inner = compiled(r"\s(der|des)\s(?=(\p{Lu}))").search(name)
        if inner is None or inner.group(2).lower() != first[0].lower():
            return None
        start, name = start + inner.end(), name[inner.end():]
        if inner.group(1) == "des":  # "des IT-Verbundes Nordhessen": the name in the nominative
            name = " ".join(_uninflect_head(word) for word in name.split())
    words = name.split()
    if not abbreviates(first, name) or first in party_names():
        return None
    if len(words) == 1 and not _BRAND_LIKE.search(name):
        return None  # "die Stadtwerke (SWK)": one common noun is no name
    last = words[-1]
    if not (_body_words().search(name) or state_of_name(last) or lookup_place(last) or lookup_district(last)):
        return None  # "die Künstliche Intelligenz (KI)", "die Deutsche Verwaltungscloud-Strategie (DVS)"
    if words[0] in _NOT_ADJECTIVES or words[0] in _FUNCTION_WORDS or _TYPE_HEADS.match(name) or _office_words().search(name):
        return None  # "der Chief Digital Officer (CDO)" is an office
    if len(words) > 1 and compiled(r"^\p{Lu}\p{Ll}+(?:al|isch|lich|ig|iv|ell)en$").match(words[0]):
        words[0] = _nominative_adjective(words[0], _gender(words[1]))  # "vom Kommunalen Dienst X"
        words[1] = _uninflect_head(words[1])  # "des Kommunalen IT-Services (KITS)"
    _, _, by_words, _ = _context_settings()
    type_ = next((t for pattern, t in by_words if pattern.search(name)), "other")
    return [OrgCandidate(start, m.end(), type_, " ".join(words), abbreviation=abbreviation)]


def cooperation_display(name: str) -> str:
    """AG X -> Arbeitsgemeinschaft X; genitive heads back to the nominative."""
    name = compiled(r"^(?:Arbeitsgemeinschaft \(AG\)|AG)\s").sub("Arbeitsgemeinschaft ", name.strip())
    name = compiled(r"^((?:\p{Lu}{2,}-)?(?:Zweckverband|\p{Lu}\p{Ll}*verbund|Verbund))(?:es|s)\b").sub(r"\1", name)
    return name


_COOP_NAME_WORDS = regex.compile(
    r"(?i)verbund|arbeitsgemeinschaft|^ag\s|zweckverband|service-?team|netzwerk|allianz|kooperation|labor\b|labor\s|region\b"
)
_COOP_CONTEXT = regex.compile(
    r"(?i)arbeitsgemeinschaft|zweckvereinbarung|kooperationsvertrag|kooperationsvereinbarung|verbund|zweckverband"
    r"|kooperier|zusammenarbeit|gegründet|gründen|gründung|zusammengeschlossen|gemeinsame[ns]?\s(?:projekt|vorhaben)"
)
_PROGRAMME_CONTEXT = regex.compile(
    r"(?i)(?:programm|programms|förderaufruf|aufruf|aufrufs|richtlinie|wettbewerb|initiative|kampagne|förderlinie|fonds"
    r"|kongress|tagung|konferenz|digitaltag|workshop|veranstaltung|gesetz|strategie|studie|portal|app|plattform|motto"
    r"|titel|thema|slogan|unter dem|heißt|namens)\W*(?:de[mnrs]\s|die\s|das\s)?$"
)
_NAME_LIKE = regex.compile(
    r"^\p{Lu}[\p{L}\d-]*(?:\s(?:\p{Lu}[\p{L}\d-]*|\d+|und|für|der|des|in|im|am|vor|von|zur|zum|\(\p{Lu}+\)))*$"
)


@normaliser("org_cooperation_named")
def _org_cooperation_named(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    head = m.group("head")
    name = m.group("name")
    if compiled(r"\b(?:GmbH|AG|e\.V\.)$").search(name):
        return None
    settings = load_rules("organizations").settings
    first = name.split()[0]
    if first.islower() and (common_word(first, settings["common_word"]) or first.endswith(tuple(settings["word_class_endings"]))
                            or len(list(spans.literal_spans(m.string, first))) < 2):
        return None  # "der Zweckverband wurde gegründet", "... plant": a rare word in lower case, named again, is the body's brand
    display = cooperation_display(f"{head} {name}")
    return [OrgCandidate(m.start(), m.end(), "cooperation", display, abbreviation=m.group("abbr"))]


@normaliser("org_cooperation_quoted")
def _org_cooperation_quoted(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    name = m.group("name").strip()
    before = m.group("before") or ""
    if not _NAME_LIKE.match(name) or len(name.split()) > 8:
        return None
    if _PROGRAMME_CONTEXT.search(before):
        return None
    tail = before[-60:]
    if not (_COOP_NAME_WORDS.search(name) or _COOP_CONTEXT.search(tail)):
        return None
    words = name.split()
    if (len(words) > 1 and compiled(r"\b(?:de[mns]|der|im|vom|zum|beim)\s$").search(before)
            and compiled(r"^\p{Lu}\p{Ll}+(?:al|isch|lich|ig|iv|ell|ert|t)en$").match(words[0])):
        # "über den „Digitalen Verbund X“": the body's name is in the nominative
        words[0] = _nominative_adjective(words[0], _gender(words[1]))
        name = " ".join(words)
    return [OrgCandidate(m.start("name"), m.end("name"), "cooperation", cooperation_display(name))]


@normaliser("org_place_coordinated")
def _org_place_coordinated(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    found = _org_place(m)
    return [replace(c, coordinated=True) for c in found] if found else None


@normaliser("org_place_dateline")
def _org_place_dateline(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """A dateline names a place even where its name is also a word ("Halle, 3. Mai")."""
    return _org_place(m, dateline=True)


@normaliser("org_place_strong")
def _org_place_strong(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """A postcode ("94209 Regen") or a seat ("im Landratsamt in Regen") leaves no other reading."""
    return _org_place(m, dateline=True)


@cache
def _bracket_offices() -> tuple[regex.Pattern, regex.Pattern]:
    settings = load_rules("organizations").settings
    return regex.compile(settings["office_before_bracket"]), regex.compile(settings["district_office"])


#: Where a sentence ends: not after "Dr." or an initial.
_SENTENCE_END = regex.compile(r"(?:\p{Ll}{2}[.!?]|[!?:;\n])\s*")


@normaliser("org_place_bracket")
def _org_place_bracket(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """"Bürgermeister Kai X (Kyritz)": the town; "Landrätin Ute X (Sonneberg)": its district."""
    name, start, text = m.group("name"), m.start("name"), m.string
    window = text[max(0, start - 150) : start]
    ends = list(_SENTENCE_END.finditer(window))
    window = window[ends[-1].end() :] if ends else window
    offices, district_office = _bracket_offices()
    last = None
    for last in offices.finditer(window):
        pass
    if last is not None and district_office.match(last.group(0)):
        district = lookup_district(name)
        if district is not None:
            return [OrgCandidate(start, m.end("name"), "district", district.official)]
    name, extra = _split_bracket(name, start, keep_other=False)
    candidate = _place_candidate(name, start, start + len(name), dateline=True, text=text)
    return [candidate, *extra] if candidate else None


@normaliser("org_place")
def _org_place(m: regex.Match, *, dateline: bool = False, **_: object) -> list[OrgCandidate] | None:
    out = []
    for group in ("name", "second"):
        if not m.groupdict().get(group):
            continue
        name, start = m.group(group), m.start(group)
        name, _ = _trim_qualifier(name, m.end(group))
        first, _, second = name.partition("/")
        if second and lookup_place(first) and lookup_place(second):  # "Kiel/Lübeck." two places
            parts = [(first, start), (second, start + len(first) + 1)]
        else:
            parts = [(name, start)]
        for part, offset in parts:
            part, extra = _split_bracket(part, offset, keep_other=False)
            candidate = _place_candidate(part, offset, offset + len(part), dateline=dateline, text=m.string)
            if candidate is not None:
                out.extend([candidate, *extra])
    return out or None


@normaliser("org_place_subject")
def _org_place_subject(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """A town named alone as a clause's subject ("Eitting erhält ..."), unless a given name stands
    before it ("Jana Lingen erhält ...": a family name)."""
    before = m.string[max(0, m.start("name") - 30) : m.start("name")].split()
    if before and before[-1] in given_names():
        return None
    return _org_place(m)


#: What follows a given name where a family name follows it: "Achim Berger", "Achim van Dyk".
_FAMILY_NAME_NEXT = regex.compile(r"\s+(?:\p{Lu}\p{Ll}|(?:van|von|vom|de|der|den|zu|ten|ter|te|da|di|del|le|la|Mc|Mac)\s)")
#: "Prof. Dr. Anna von Brakel", "Claus-Dieter zu Wied": a place after "von"/"zu" that follows a
#: given name or a title is a family name.
_PARTICLE_BEFORE = regex.compile(r"(?:^|[\s(])(?P<prev>\p{Lu}[\p{L}.-]*)\s(?:von|zu|vom|von\sder|von\sund\szu)\s$")
_TITLES = frozenset({"Dr.", "Prof.", "Dr.-Ing.", "Dr.-Ing", "Dipl.-Ing.", "Freiherr", "Freifrau", "Graf", "Gräfin", "Prinz", "Prinzessin"})


def _family_name_after_particle(text: str, start: int) -> bool:
    found = _PARTICLE_BEFORE.search(text[max(0, start - 40) : start])
    if found is None:
        return False
    prev = found.group("prev")
    return prev in _TITLES or prev in given_names() or all(p in given_names() for p in prev.split("-"))


def _place_candidate(name: str, start: int, end: int, *, dateline: bool = False, text: str = "") -> OrgCandidate | None:
    if (name in place_stopwords() and not dateline) or name in _FUNCTION_WORDS or state_of_name(name) is not None:
        return None
    if name in given_names() and _FAMILY_NAME_NEXT.match(text, end):
        return None  # "von Achim Berger": a given name before a family name, not the town of Achim
    if _family_name_after_particle(text, start):
        return None  # "Anna von Brakel": a family name, not the town of Brakel
    base = name[:-1] if name.endswith("s") and lookup_place(name) is None else name
    if base in place_stopwords() and not dateline:
        return None  # "für Bundes- und Europa-Angelegenheiten" is no genitive of a place
    if lookup_place(base) is None:
        return None
    return OrgCandidate(start, end, "municipality", base, place=base)


@normaliser("org_bezirk")
def _org_bezirk(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """A Bavarian Bezirk, by its name ("in Oberfranken", "Bezirk Oberfranken")."""
    return [OrgCandidate(m.start(), m.end(), "authority", m.group("name"), state=state_of_name("Bayern").ags)]


@normaliser("org_city_borough")
def _org_city_borough(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """A borough of Berlin or Hamburg: a municipality of the city-state it lies in."""
    name = m.group("name")
    state, _ = city_boroughs()[name]
    return [OrgCandidate(m.start("name"), m.end("name"), "municipality", name, state=state)]


@word_source("city_boroughs")
def _borough_words() -> list[str]:
    return list(city_boroughs())


@word_source("city_boroughs_alone")
def _borough_words_alone() -> list[str]:
    return [name for name, (_, alone) in city_boroughs().items() if alone]


@normaliser("org_place_genitive_after")
def _org_place_genitive_after(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """"Oberbürgermeisterin Plauens": a known place whose genitive is no given name ("Bürgermeister Andreas")."""
    name = m.group("name")
    if name + "s" in given_names():
        return None
    found = _place_candidate(name, m.start("name"), m.end("name"), text=m.string)
    return [found] if found is not None else None


def without_last_umlaut(word: str) -> str:
    """The word with its last umlaut as a plain vowel: a place's adjective may umlaut its name
    ("Ohlstädter", Ohlstadt)."""
    at = max(word.rfind(ch) for ch in "äöü")
    return word if at < 0 else word[:at] + "aou"["äöü".index(word[at])] + word[at + 1 :]


@normaliser("org_place_adjective")
def _org_place_adjective(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    stem = m.group("name")
    if stem + "er" in given_names():  # "Rainer Schulz" is no adjective of Rain
        return None
    if state_of_name(stem + "er") is not None:
        state = state_of_name(stem + "er")
        return [OrgCandidate(m.start(), m.end(), "state", state.name, state=state.ags)] if state else None
    forms = [stem, stem + "en", stem + "e"]
    if stem.endswith("häus"):  # "Nordhäuser", "Mühlhäuser": the towns end in -hausen
        forms.append(stem[:-4] + "hausen")
    plain = without_last_umlaut(stem)
    if plain != stem:  # "Ohlstädter": the adjective takes an umlaut the town's name does not have
        forms.append(plain)
    following = compiled(r"\s(\p{L}+)").match(m.string, pos=m.end())
    district_office = bool(following and _bracket_offices()[1].match(following.group(1)))
    for form in forms:
        if form in place_stopwords():
            continue
        place = lookup_place(form)
        if place is not None and place.population >= 1000:
            by_name = state_of_name(form)
            if by_name is not None:
                return [OrgCandidate(m.start(), m.end(), "state", by_name.name, state=by_name.ags)]
            district = lookup_district(form)
            if district is not None and district_office:
                # "die Sonneberger Landrätin": the district's office, not the town's
                return [OrgCandidate(m.start(), m.end(), "district", district.official)]
            return [OrgCandidate(m.start(), m.end(), "municipality", form, place=form)]
    if district_office:
        for form in (f for stem_form in forms for f in (stem_form, stem_form + "-Kreis")):
            district = lookup_district(form)  # "der Mainz-Binger Landrat": a district that is no town
            if district is not None:
                return [OrgCandidate(m.start(), m.end(), "district", district.official)]
    return None


#: Where one item of a list ends and the next begins.
_LIST_SEPARATOR = regex.compile(r",\s+|\s+(?:und|sowie)\s+")


@cache
def _list_settings() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, regex.Pattern]:
    """(an item's article and type word, its amount, a district word, a list's own noun) from the rule file."""
    settings = load_rules("organizations").settings
    return (regex.compile(settings["list_item_head"]), regex.compile(settings["list_item_amount"]),
            regex.compile(settings["list_district_words"]), regex.compile(settings["list_noun"]))


def _list_items(text: str, start: int, end: int) -> list[tuple[str, int, bool, bool]]:
    """(name, offset, typed, with an amount) of every item between ``start`` and ``end``."""
    head, amount, _, _ = _list_settings()
    items = []
    position = start
    for sep in [*_LIST_SEPARATOR.finditer(text, start, end), None]:
        item_start, item_end = position, sep.start() if sep else end
        position = sep.end() if sep else end
        raw = text[item_start:item_end]
        lead = head.match(raw)
        typed = bool(lead and lead.group("type"))
        offset = lead.end() if lead else 0
        money = amount.search(raw, offset)
        name = raw[offset : money.start() if money else len(raw)].strip()
        if name:
            items.append((name, item_start + offset, typed, money is not None))
    return items


def _vouched_places(text: str, items: list[tuple[str, int, bool, bool]], *, district: bool = False) -> list[OrgCandidate]:
    """The places of a list that most of its items show to be a list of places: at least two
    known places (or typed ones, "Gemeinde X") and no more than a third of other items (half, where
    every item has its amount: a list of grants). Items
    that are also words ("Essen") count where three other known places vouch for them; an item
    no gazetteer knows only in a list that gives every item an amount ("X 5.000 Euro, Y ...")."""
    known: list[OrgCandidate] = []
    loose: list[tuple[str, int]] = []
    count = 0
    for name, start, typed, _ in items:
        if typed or state_of_name(name) is not None:
            count += 1
            continue
        if district:
            found = lookup_district(name) or (lookup_district(name[:-1]) if name.endswith("s") else None)
            candidate = OrgCandidate(start, start + len(name), "district", found.official) if found else None
            if candidate is None and compiled(r"(?:kreis|Kreis)$").search(name):
                candidate = OrgCandidate(start, start + len(name), "district", name.replace(" Kreis", "-Kreis"))
        else:
            candidate = _place_candidate(name, start, start + len(name), text=text)
        if candidate is not None:
            known.append(candidate)
            count += 1
        else:
            loose.append((name, start))
    with_amounts = all(item[3] for item in items)  # a grant list: its amounts vouch for half of it
    if count < 2 or count * (2 if with_amounts else 3) < len(items) * (1 if with_amounts else 2):
        return []
    out = list(known)
    for name, start in loose:
        if district or " " in name or not name[0].isupper() or name in _FUNCTION_WORDS or _unknown_noun(name):
            continue
        if name in place_stopwords() and lookup_place(name) is not None and len(known) >= 3:
            out.append(OrgCandidate(start, start + len(name), "municipality", name, place=name))
        elif with_amounts and lookup_place(name) is None and name not in given_names():
            out.append(OrgCandidate(start, start + len(name), "municipality", name, place=name))
    return out


@normaliser("org_list_enumeration")
def _org_list_enumeration(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """"Gotha, Jena, Essen und Suhl", "Altenstadt 24.310 Euro, Glauburg 13.150 Euro": the
    places of a list that is mostly of places."""
    return _vouched_places(m.string, _list_items(m.string, m.start("list"), m.end("list"))) or None


_BULLET = regex.compile(r"(?m)^[ \t]*[-–•*][ \t]+(?P<item>[^\n]*?)[ \t]*$")


@normaliser("org_list_bullets")
def _org_list_bullets(m: regex.Match, **_: object) -> list[OrgCandidate] | None:
    """A bulleted list after a line that ends in a colon; its items are districts where the
    noun the line announces them by is a district word ("aus folgenden Kreisen:")."""
    _, _, district_words, list_noun = _list_settings()
    intro = m.group("intro")
    noun = list_noun.search(intro)
    district = bool(noun and district_words.fullmatch(noun.group("noun")))
    items = []
    for line in _BULLET.finditer(m.string, m.start("list"), m.end("list")):
        items.extend(_list_items(m.string, line.start("item"), line.end("item")))
    return _vouched_places(m.string, items, district=district) or None


# ---------------------------------------------------------------------------- identity


def document_state(candidates: list[OrgCandidate]) -> str | None:
    """The state a press release is about: the state most often named, else that of its places."""
    named = Counter(c.state for c in candidates if c.state and c.state != "de" and c.type in ("state", "ministry", "parliament", "authority", "other"))
    if named:
        return sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    placed: Counter[str] = Counter()
    for c in candidates:
        if c.place:
            found = places_named(c.place)
            if found and len({p.state for p in found}) == 1:
                placed[found[0].state] += 1
        elif c.type == "district":  # a district of one state only ("Altenburger Land")
            district = lookup_district(compiled(r"^(?:Landkreis|Kreis) ").sub("", c.name))
            if district is not None:
                placed[district.state] += 1
    if placed:
        return sorted(placed.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return None


_LEADING_ADJECTIVES = regex.compile(r"^(?:(?:\p{Lu}\p{Ll}+-)*\p{Lu}\p{Ll}+(?:e|er|es)\s)+")


def _key_and_extras(c: OrgCandidate, doc_state: str | None) -> tuple[OrgKey | None, str, int | None, str | None, str | None]:
    """(key, display name, geonames id, AGS, state) of a candidate; no key for "der Freistaat"
    in a press release of no known state."""
    if c.type == "state":
        state = state_by_ags(c.state) if c.state else (state_by_ags(doc_state) if doc_state else None)
        if state is None:
            return None, "", None, None, None
        return OrgKey("state", state.ags), state.name, None, state.ags, state.ags
    if c.type == "municipality":
        place = lookup_place(c.place or c.name, doc_state)
        if place is not None:
            if state_of_name(place.name) is not None:  # Berlin, Hamburg, Bremen
                st = state_of_name(place.name)
                return OrgKey("state", st.ags), st.name, None, st.ags, st.ags
            town = district_free_town(c.name, place)
            return OrgKey("municipality", str(place.geonames_id)), c.name, place.geonames_id, town.ags if town else None, place.state
        town = lookup_territory("municipality", c.name, doc_state)
        if town is not None:
            return OrgKey("municipality", slug(town.name)), c.name, None, town.ags, town.state
        return OrgKey("municipality", slug(c.name)), c.name, None, None, None
    if c.type == "district":
        base = compiled(r"^(?:Landkreis|Kreis) ").sub("", c.name)
        district = lookup_district(base, doc_state)
        if district is not None:  # the name as the text writes it ("Landkreis Dillingen"), the key the official one's
            return OrgKey("district", slug(district.name)), c.name, None, district.ags, district.state
        return OrgKey("district", slug(base)), c.name, None, None, None
    if c.type == "municipal_association" and c.short_head and doc_state:
        long_form = load_rules("organizations").settings.get("vg_by_state", {}).get(doc_state)
        if long_form:  # "VG Kaisersesch" in Rhineland-Palatinate is a Verbandsgemeinde
            name = compiled(r"^\S+").sub(long_form, c.name)
            return OrgKey(c.type, slug(name)), name, None, None, doc_state
    if c.type == "ministry":
        state = c.state or doc_state or "xx"
        domain = "-".join(sorted(c.domain)) or slug(c.name)
        name = c.name
        if c.needs_state and doc_state and not c.state:
            words = name.split(" ", 1)
            if words[0].endswith("ministerium") or words[0] in ("Staatskanzlei",):
                st = state_by_ags(doc_state)  # the names ministries have: "Sächsisches Finanzministerium"
                if st.ags in load_rules("organizations").settings["states_named_after"]:
                    name = f"{name} {st.name}"  # "Innenministerium Mecklenburg-Vorpommern"
                else:
                    adj = st.adjective if not st.declinable else st.adjective + _STRONG_ENDING[_gender(words[0])]
                    name = f"{adj} {name}"
        return OrgKey("ministry", domain, state=state), name, None, None, None if state in ("xx", "de") else state
    if c.needs_state and c.domain:  # bare "Landtag", "Landesverwaltungsamt": the state's own body
        state = doc_state or "xx"
        name = c.name
        if doc_state:
            name = _association_name(c.name, state_by_ags(doc_state)) or _with_state(c.name, state_by_ags(doc_state))
        return OrgKey(c.type, slug(next(iter(c.domain))), state=state), name, None, None, doc_state
    if c.state and c.type in ("parliament", "authority", "other") and c.domain:
        return OrgKey(c.type, slug(next(iter(c.domain))), state=c.state), c.name, None, None, c.state
    if c.type in ("authority", "other") and c.state and c.state != "de":
        # "Thüringer Landesverwaltungsamt" and "Landesverwaltungsamt" in Thuringia are one body
        core = _LEADING_ADJECTIVES.sub("", c.name)
        core = compiled(rf"\s{regex.escape(state_by_ags(c.state).name)}$").sub("", core)
        return OrgKey(c.type, slug(core), state=c.state), c.name, None, None, c.state
    if c.type == "university":
        return OrgKey("university", slug(c.name)), c.name, None, None, None
    return OrgKey(c.type, slug(c.name)), c.name, None, None, None


def _association_name(head: str, state: State) -> str | None:
    """The official name of a state's association of local authorities named bare ("der Landkreistag"):
    the adjective where its name has one ("Thüringischer Landkreistag"), else the state's name after
    it ("Gemeinde- und Städtebund Thüringen")."""
    names = load_rules("organizations").settings["association_adjectives"]
    if head not in names:
        return None
    adjective = names[head].get(state.ags)
    return f"{adjective}{_STRONG_ENDING[_gender(head)]} {head}" if adjective else f"{head} {state.name}"


def _with_state(name: str, state: State) -> str:
    """A state's own body named in bare words ("das Finanzministerium") with its state: the
    invariant adjective the bodies' names use ("Thüringer Finanzministerium"), else the state's name
    after it ("Finanzministerium Sachsen-Anhalt"), as an inflected adjective would be made up."""
    if not state.declinable:
        return name if name.startswith(state.adjective) else f"{state.adjective} {name}"
    return name if name.endswith(state.name) else f"{name} {state.name}"


_JOINT = regex.compile(r"(?:,\s|\s(?:und|sowie|oder)\s)$")


#: Rules whose id starts so read lists of places; they run after the others and only fill gaps.
_LIST_PREFIX = "org.list_"


@cache
def _rule_sets() -> tuple[RuleSet, RuleSet]:
    """(the rules that read names, the rules that read lists of places)."""
    rules = load_rules("organizations")
    return rules.having(lambda rule: not rule.startswith(_LIST_PREFIX)), rules.having(lambda rule: rule.startswith(_LIST_PREFIX))


def candidates(text: str, scan: TriggerScan) -> list[tuple[RuleMatch, OrgCandidate]]:
    """Every organisation candidate in a text, with the rule match that produced it; a rule reads
    only where ``scan`` (of ``text``) says it may match.

    The list rules (``org.list_*``) run second: a place a list vouches for counts where no
    other rule read anything."""
    out: list[tuple[RuleMatch, OrgCandidate]] = []
    place_ends: set[int] = set()
    family_names = _family_names_with_particle(text)
    person_names = _family_names(text)
    names, lists = _rule_sets()
    for match in names.finditer(text, scan=scan):  # in text order
        for candidate in match.value:
            if (match.rule.id in _PERSON_PRONE_RULES and candidate.type == "municipality"
                    and candidate.name in person_names):
                continue  # "bedankte sich bei Berger" after "Minister Tom Berger": the person again
            if (candidate.type == "municipality" and candidate.name in family_names
                    and compiled(r"\b(?:[Vv]on|[Zz]u|[Vv]om)\s$").search(text[max(0, candidate.start - 5) : candidate.start])):
                continue  # "Von Brakel betonte" after "Prof. Anna von Brakel": the person again
            if candidate.coordinated:  # keep "Meiningen" in "aus Suhl, Meiningen" only after a place
                window = max(0, candidate.start - 8)
                joint = _JOINT.search(text, window, candidate.start)
                if joint is None or joint.start() not in place_ends:
                    continue
            if candidate.type == "municipality":
                place_ends.add(candidate.end)
            out.append((match, candidate))
    read = [(c.start, c.end) for _, c in out]
    for match in lists.finditer(text, scan=scan):
        for candidate in match.value:
            if candidate.type == "municipality" and candidate.name in person_names:
                continue  # "bei Berger und der Regierung": the person named before
            if not any(s < candidate.end and candidate.start < e for s, e in read):
                out.append((match, candidate))
    out.sort(key=lambda mc: (mc[1].start, mc[1].end))
    return out


#: Rules that read a bare place after a preposition, where a person's family name can stand as well.
_PERSON_PRONE_RULES = frozenset({"org.place_context"})  # and the list rules (org.list_*)


def _family_names(text: str) -> frozenset[str]:
    """Family names that a press release gives after a known given name ("Anna Berger")."""
    names = given_names()
    return frozenset(m.group(2) for m in compiled(r"\b(\p{Lu}\p{Ll}+)\s(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)\b").finditer(text, overlapped=True)
                     if m.group(1) in names)


def _family_names_with_particle(text: str) -> frozenset[str]:
    """Family names that a press release gives with "von"/"zu" after a given name or title."""
    return frozenset(m.group(1) for m in compiled(r"\b(?:von|zu|vom|von der) (\p{Lu}[\p{L}-]+)").finditer(text)
                     if _family_name_after_particle(text, m.start(1)))


def finalise(found: list[tuple[RuleMatch, OrgCandidate]], doc_state: str | None) -> list[tuple[RuleMatch, OrgCandidate, str, str, int | None, str | None, str | None]]:
    """Give each candidate its identity; ministries named in short ("Finanzministerium") join the
    fully named ministry of the same state and remit in the same press release."""
    rows = []
    for match, cand in found:
        org_key, name, gid, ags, state = _key_and_extras(cand, doc_state)
        if org_key is not None:
            rows.append((match, cand, org_key.format(), name, gid, ags, state))
    full = [(OrgKey.parse(r[2]), r[1].domain) for r in rows if r[1].type == "ministry" and len(r[1].domain) > 1]
    merged = []
    for row in rows:
        match, cand, key, name, gid, ags, state = row
        if cand.type == "ministry" and len(cand.domain) == 1:
            own = OrgKey.parse(key)  # a wider ministry is of the same type and state
            wider = sorted({k.format() for k, dom in full
                            if (k.type, k.state) == (own.type, own.state) and cand.domain <= dom})
            if len(wider) == 1:
                key = wider[0]
        merged.append((match, cand, key, name, gid, ags, state))
    merged = _associations_by_place_name(merged)
    universities = _university_aliases({row[2]: row[3] for row in merged if row[1].type == "university"})
    return [(*row[:2], universities.get(row[2], row[2]), *row[3:]) for row in merged]


def _associations_by_place_name(rows: list) -> list:
    """A place that only a list names ("die Partner Mendig, Vallendar und Ulmen") is the
    association of that name the same press release introduced ("Verbandsgemeinden Mendig, ...")."""
    associations: dict[str, tuple[str, str]] = {}
    for row in rows:
        if row[1].type == "municipal_association":
            associations.setdefault(row[3].split(" ", 1)[-1], (row[2], row[3]))
    out = []
    for row in rows:
        match, cand = row[0], row[1]
        found = associations.get(cand.name) if cand.type == "municipality" and match.rule.id.startswith(_LIST_PREFIX) else None
        out.append((match, cand, found[0], found[1], None, None, row[6]) if found else row)
    return out


def _university_aliases(names: dict[str, str]) -> dict[str, str]:
    """Within one press release, "Justus-Liebig-Universität" and "Universität Gießen" are the
    "Justus-Liebig-Universität Gießen" named in full, where exactly one such full name is given."""
    aliases = {}
    for key, name in names.items():
        head, _, place = name.rpartition(" ")
        fuller = [k for k, n in names.items() if k != key and (
            n.startswith(name + " ")  # "Justus-Liebig-Universität" -> "... Gießen"
            or (head in ("Universität", "Hochschule") and n.endswith(f"-{head} {place}")))]
        if len(fuller) == 1:
            aliases[key] = fuller[0]
    return aliases


def extract_orgs(doc: Doc, *, state: str | None = None) -> tuple[tuple[OrgMention, ...], str | None]:
    """All organisation mentions of a document, and the document's state (AGS): ``state``
    where the caller knows it, else the state the text is about."""
    text = spans.text(doc)
    found = candidates(text, spans.trigger_scan(doc))
    doc_state = state or document_state([c for _, c in found])
    mentions = []
    for match, cand, key, name, gid, ags, state in finalise(found, doc_state):
        mentions.append(
            OrgMention(
                evidence=evidence(doc, cand.start, cand.end, match.rule.id),
                key=key,
                name=name,
                type=OrgKey.parse(key).type,
                text=text[cand.start : cand.end],
                geonames_id=gid,
                ags=ags,
                state=state,
                abbreviation=cand.abbreviation,
            )
        )
    mentions = _one_body_per_name(mentions)
    mentions = _one_name_per_key(mentions)
    mentions = _abbreviations(doc, mentions)
    mentions.sort(key=lambda o: (o.evidence.start, o.evidence.end, o.key))
    return tuple(mentions), doc_state


#: Types of bodies known by their own name, which one press release never gives to two bodies.
_NAMED_BODY_TYPES = ("company", "authority", "other", "cooperation")


def _one_body_per_name(mentions: list[OrgMention]) -> list[OrgMention]:
    """Within one press release, a body named with and without its legal form ("DigitalAgentur X GmbH",
    "DigitalAgentur X"), with and without a subject before its head ("IT-Zweckverband X", "Zweckverband X")
    or read as two types ("KDVZ" the authority and "KDVZ" the company) is one body: the one whose name
    is fullest (then the first named)."""
    form = compiled(rf"\s(?:{'|'.join(map(regex.escape, (*_LEGAL_FORMS, 'GmbH & Co. KG', 'e. V.', 'AöR', 'KdöR', 'mbH')))})$")
    subject = compiled(r"^\p{Lu}{2,}-(?=\p{Lu})")
    groups: dict[str, list[OrgMention]] = {}
    for org in mentions:
        if org.type in _NAMED_BODY_TYPES:
            groups.setdefault(subject.sub("", form.sub("", org.name)).casefold(), []).append(org)
    rekey: dict[str, OrgMention] = {}
    for found in groups.values():
        if len({o.key for o in found}) > 1:
            best = max(found, key=lambda o: (len(o.name), -o.evidence.start))
            for org in found:
                rekey[org.key] = best
    districts = {o.key: o for o in mentions if o.type == "district"}
    for key, org in districts.items():  # "der Rhein-Kreis selbst" after "Rhein-Kreis X": the district named in full
        fuller = {k: o for k, o in districts.items() if o.name.startswith(org.name + " ")}
        if len(fuller) == 1 and key not in rekey:
            rekey[key] = next(iter(fuller.values()))
    bodies = {o.key: o for o in mentions if o.type in ("authority", "other") and " " in o.name}
    for key, org in bodies.items():  # "Kompetenzzentrum 4.0" after "Kompetenzzentrum Verwaltung 4.0": the body named in full
        fuller = {k: o for k, o in bodies.items() if k != key and _words_within(org.name, o.name)}
        if len(fuller) == 1 and key not in rekey:
            rekey[key] = next(iter(fuller.values()))
    return [replace(org, key=rekey[org.key].key, name=rekey[org.key].name, type=rekey[org.key].type)
            if org.key in rekey else org for org in mentions]


def _words_within(short: str, full: str) -> bool:
    """Whether a longer name begins with the same word and holds every word of the shorter, in order."""
    words, others = short.split(), iter(full.split())
    return len(full) > len(short) and full.split()[0] == words[0] and all(word in others for word in words)


def _one_name_per_key(mentions: list[OrgMention]) -> list[OrgMention]:
    """Every mention of one body in a press release carries the body's fullest name
    ("Landau an der Isar" for "Landau", "Justus-Liebig-Universität Gießen" for "Justus-Liebig-Universität")."""
    best: dict[str, str] = {}
    for org in mentions:
        if org.key not in best or (len(org.name), org.name) > (len(best[org.key]), best[org.key]):
            best[org.key] = org.name
    return [org if org.name == best[org.key] else replace(org, name=best[org.key]) for org in mentions]


_ABBREVIATION_AFTER = regex.compile(r"\s?\((?P<abbr>[\p{Lu}\d][\p{L}\d.&-]{1,11})(?:\s(?P<more>\p{Lu}[\p{L}-]+))?\)")
#: A word that makes a name of several words a body's own, not a description ("Kommunales Rechenzentrum"):
#: capitals or digits inside it ("ITK", "ekom21", "KommunalBIT").
_DISTINCTIVE_WORD = regex.compile(r"(?<![\p{L}\d])\p{L}[\p{L}\d]*(?:\p{Lu}|\d)[\p{L}\d]*")
#: Rules that learn a body's own name from its context; the name alone names it again later.
_LEARNED_NAME_RULES = frozenset({"org.named_by_apposition", "org.named_by_descriptor", "org.named_dash", "org.named_abbreviation"})


def _learned_name(org: OrgMention) -> bool:
    """Does a name read from its context name the body again wherever it stands alone? One word
    from a naming rule ("die Nordkom, der IT-Dienstleister"); several words, as written, from a
    naming or cue rule when a word has capitals or digits inside ("Geschäftsführer ITK Rheinland"
    ... "der ITK Rheinland"), not a description ("Kommunales Rechenzentrum")."""
    if " " not in org.name:
        return org.evidence.rule in _LEARNED_NAME_RULES
    return (org.evidence.rule in _NAME_READING_RULES and org.text == org.name
            and _DISTINCTIVE_WORD.search(org.name) is not None)


def _short_names(text: str, mentions: list[OrgMention]) -> dict[str, OrgMention]:
    """Short forms that name a body of this press release: "Thüringer Aufbaubank (TAB)" makes "TAB",
    "X GmbH (KIV Thüringen)" makes "KIV Thüringen" and "KIV", "die Nordkom, der IT-Dienstleister"
    makes "Nordkom"."""
    found: dict[str, OrgMention] = {}
    for org in mentions:
        if org.abbreviation and org.type not in ("municipality", "state"):
            found.setdefault(org.abbreviation, org)
        if _learned_name(org):
            found.setdefault(org.name, org)
        m = _ABBREVIATION_AFTER.match(text, org.evidence.end)
        if m is None or org.type in ("municipality", "state") or party_names().get(m.group("abbr")) is not None:
            continue
        abbreviation, more = m.group("abbr"), m.group("more")
        if not (abbreviates(abbreviation, org.name) or compiled(r"\p{Lu}[\p{L}\d-]{1,9}").fullmatch(abbreviation)):
            continue
        if abbreviation.isdigit() or lookup_district(abbreviation) or lookup_place(abbreviation):
            continue  # "(Wartburgkreis)": a district of its own
        if more is not None:
            if more not in org.name and state_of_name(more) is None:
                continue
            found.setdefault(f"{abbreviation} {more}", org)
            if abbreviates(abbreviation, org.name):  # "KIV Thüringen" is also "die KIV"
                found.setdefault(abbreviation, org)
        else:
            found.setdefault(abbreviation, org)
    return found


def _abbreviations(doc: Doc, mentions: list[OrgMention]) -> list[OrgMention]:
    """Every mention of a body by its short form ("die TAB", "die KIV", "KIV-Geschäftsführer") is
    that body: a state named inside a short form ("KIV Thüringen") is none of its own, and a short
    form with its legal form ("KIV Thüringen GmbH") is the body named in full."""
    text = spans.text(doc)
    found = _short_names(text, mentions)
    occurrences: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for short in sorted(found, key=lambda a: (-len(a), a)):
        for start, end in spans.literal_spans(text, short, spans.name_alone):
            if not any(s < end and start < e for s, e in taken):
                occurrences.append((start, end, short))
                taken.append((start, end))
    suffixes = tuple(load_rules("organizations").settings.get("public_law_suffixes", ())) + _LEGAL_FORMS
    kept: list[OrgMention] = []
    extra: list[OrgMention] = []
    for org in mentions:
        s, e = org.evidence.start, org.evidence.end
        hit = next(((a, b, short) for a, b, short in occurrences if a == s and b < e), None)
        if hit and compiled(rf"\s(?:{'|'.join(map(regex.escape, suffixes))})").fullmatch(text[hit[1] : e]):
            body = found[hit[2]]  # "KIV Thüringen GmbH": the body its short form names
            kept.append(replace(org, key=body.key, name=body.name, type=body.type, abbreviation=hit[2]))
            continue
        if any(a <= s and e <= b and (a, b) != (s, e) for a, b, _ in occurrences):
            continue  # "Thüringen" in "KIV Thüringen"
        body = (found.get(org.text) or _named_first(org, mentions)) if org.evidence.rule in _CUE_RULES else None
        if body is not None and body.key != org.key:  # "KDZ-Geschäftsführer": the body named in full before
            kept.append(replace(org, key=body.key, name=body.name, type=body.type, abbreviation=org.text))
            continue
        kept.append(org)
    for a, b, short in occurrences:
        if any(o.evidence.start <= a < o.evidence.end or a <= o.evidence.start < b for o in kept):
            continue
        org = found[short]
        extra.append(replace(org, evidence=evidence(doc, a, b, "org.abbreviation"), text=short, abbreviation=short))
    return kept + extra


def _named_first(org: OrgMention, mentions: list[OrgMention]) -> OrgMention | None:
    """The one body of the text whose name of several words starts with a cue-read short name
    ("KDV" after "die KDV Sachsenland GmbH")."""
    fuller = {o.key: o for o in mentions if o.key != org.key and o.evidence.rule not in _CUE_RULES
              and o.type not in ("municipality", "state", "party") and o.name.split()[0] == org.text
              and len(o.name.split()) > 1}
    return next(iter(fuller.values())) if len(fuller) == 1 else None


#: Rules that read a body's name from a cue beside it; a short form of a body named in full is that body.
_CUE_RULES = frozenset({"org.named_before_office", "org.named_after_office", "org.named_public_body", "org.named_brand"})
_NAME_READING_RULES = _LEARNED_NAME_RULES | _CUE_RULES  # the rules whose names a later mention may repeat

_LEGAL_FORMS = ("GmbH", "gGmbH", "AG", "KG", "SE", "e.V.", "eG")
