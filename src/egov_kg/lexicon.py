"""The lexicons: what a name denotes, looked up in the tables under ``extract/data/de/``.

Germany's states (``states.tsv``), its districts and district-free towns with their official
keys, the AGS (``ags.tsv``), the gazetteer of places (``places.tsv``, from GeoNames), the word
lists that tell a place or a district from a word (``place_stopwords.txt``, ``not_districts.txt``),
given names (``given_names.tsv``), parties (``parties.tsv``) and the remits that ministries' names
give (``ministry_domains.tsv``). Extractors, resolution and the RDF layer look names up here;
nothing here reads a text. Each table is loaded once per process, when it is first asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from egov_kg.extract.rules import compiled, load_table, read_data
from egov_kg.records import OrgMention

#: Lookups in the lexicons are pure functions of a name: each is kept for the next release (at
#: most this many names each; a press release asks for the same few hundred again and again).
_LOOKUPS = 1 << 16


# ---------------------------------------------------------------------------- states


@dataclass(frozen=True, slots=True)
class State:
    ags: str
    name: str
    adjective: str  # "Thüringer" or a declinable stem "Sächsisch"
    declinable: bool
    other_names: tuple[str, ...]


@cache
def states() -> tuple[State, ...]:
    return tuple(
        State(ags, name, adj.rstrip("*"), adj.endswith("*"), tuple(o for o in others.split(",") if o))
        for ags, name, adj, others in load_table("states.tsv")
    )


@cache
def _state_by_word() -> dict[str, State]:
    index: dict[str, State] = {}
    for state in states():
        for word in (state.name, *state.other_names):
            if not word.endswith("*"):
                index[word] = state
    return index


@lru_cache(maxsize=_LOOKUPS)
def state_of_name(word: str) -> State | None:
    """The state a name or adjective refers to ("Sachsens", "Sächsischen", "Thüringer")."""
    by_word = _state_by_word()
    if word in by_word:
        return by_word[word]
    for state in sorted(states(), key=lambda s: -len(s.adjective)):
        if state.declinable and word.startswith(state.adjective) and len(word) - len(state.adjective) <= 2:
            return state
        if not state.declinable and word == state.adjective:
            return state
        for stem in state.other_names:  # a second, declinable adjective ("Thüringisch*": Thüringischer)
            if stem.endswith("*") and word.startswith(stem[:-1]) and len(word) - len(stem) < 2:
                return state
    return None


def state_by_ags(ags: str) -> State:
    return next(s for s in states() if s.ags == ags)


# ---------------------------------------------------------------------------- territories and official keys


@dataclass(frozen=True, slots=True)
class Territory:
    """A row of ``ags.tsv``: a state, district or district-free town with its official key."""

    ags: str
    type: str  # "state" | "district" | "municipality"
    name: str  # as in the key: a district without "Landkreis"/"Kreis" ("Gotha", "Wartburgkreis")
    official: str  # "Landkreis Gotha", "Kreis Unna", "Stadt Gera", "Freistaat Thüringen"

    @property
    def state(self) -> str:
        return self.ags[:2]


@cache
def territories() -> tuple[Territory, ...]:
    """Every state, district and district-free town of Germany with its AGS."""
    return tuple(Territory(*row) for row in load_table("ags.tsv"))


#: Qualifiers that prose leaves out of a territory's name: "Lindau (Bodensee)", "Landsberg am Lech".
_TERRITORY_QUALIFIER = regex.compile(r"^(.+?)(?: \(.+\)| (?:a\.|i\.|a\.d\.|i\.d\.|am|an der|in der|im) .+)$")


@cache
def _territory_index() -> dict[tuple[str, str], tuple[Territory, ...]]:
    index: dict[tuple[str, str], list[Territory]] = {}
    for territory in territories():
        forms = {territory.name, territory.official}
        short = _TERRITORY_QUALIFIER.match(territory.name)
        if short:
            forms.add(short.group(1))
        for form in sorted(forms):
            index.setdefault((territory.type, form), []).append(territory)
    return {key: tuple(found) for key, found in index.items()}


def territories_named(type_: str, name: str) -> tuple[Territory, ...]:
    """Every territory of this type that is called so, by its name, official name or short name."""
    return _territory_index().get((type_, name), ())


@lru_cache(maxsize=_LOOKUPS)
def lookup_territory(type_: str, name: str, state: str | None = None) -> Territory | None:
    """The district, district-free town or state of this type and name; ``state`` chooses
    between territories of the same name ("Landkreis Neustadt" in Bavaria names two: None)."""
    found = _territory_index().get((type_, name))
    if not found:
        return None
    in_state = [t for t in found if t.state == state]
    if len(in_state) == 1:
        return in_state[0]
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=_LOOKUPS)
def lookup_district(name: str, state: str | None = None) -> Territory | None:
    """The district a name denotes ("Gotha", "Lindau (Bodensee)", "Lindau", "Vogtlandkreis")."""
    return lookup_territory("district", name, state) or lookup_territory("district", name.replace(" Kreis", "-Kreis"), state)


def official_key(org: OrgMention) -> str | None:
    """The Amtlicher Gemeindeschlüssel of a state (2 digits), district or district-free town
    (5 digits), or None for every other organisation. ``extract_orgs`` fills ``OrgMention.ags``
    with the same value; this serves records built elsewhere."""
    if org.ags:
        return org.ags
    if org.type == "state":
        state = state_of_name(org.name)
        return state.ags if state else None
    if org.type == "district":
        found = lookup_district(compiled(r"^(?:Landkreis|Kreis) ").sub("", org.name), org.state)
        return found.ags if found else None
    if org.type == "municipality":
        found = lookup_territory("municipality", org.name, org.state)
        return found.ags if found and (org.state is None or found.state == org.state) else None
    return None


@cache
def not_districts() -> frozenset[str]:
    """Words ending in "-kreis" that name no district ("Arbeitskreis")."""
    return frozenset(line for line in read_data("not_districts.txt").splitlines() if line and line[0] != "#")


# ---------------------------------------------------------------------------- places


@dataclass(frozen=True, slots=True)
class Place:
    geonames_id: int
    name: str
    state: str
    population: int


@cache
def _places() -> dict[str, tuple[Place, ...]]:
    index: dict[str, list[Place]] = {}
    titled: list[tuple[str, Place]] = []
    for surface, geonames_id, name, state, population in load_table("places.tsv"):
        place = Place(int(geonames_id), name, state, int(population))
        index.setdefault(surface, []).append(place)
        bare = _PLACE_TITLE.match(surface)
        if bare:
            titled.append((bare.group(1), place))
    for bare_name, place in titled:  # "Hansestadt Stade" is Stade, where no other place is called so
        if bare_name not in index:
            index[bare_name] = [place]
        elif all(p.geonames_id == place.geonames_id for p in index[bare_name]) and place not in index[bare_name]:
            index[bare_name].append(place)
    return {surface: tuple(places) for surface, places in index.items()}


#: Titles that the gazetteer keeps before some official names, never used in a dateline or address:
#: "Universitäts- und Hansestadt X", "Hansestadt X", "Lutherstadt X".
_PLACE_TITLE = regex.compile(
    r"^(?:Universitäts- und Hansestadt|Hansestadt|Universitätsstadt|Lutherstadt|Schliemannstadt|Stadt) (\p{Lu}.+)$"
)


def places_named(name: str) -> tuple[Place, ...]:
    """Every gazetteer place called exactly so (no other forms of the name tried)."""
    return _places().get(name, ())


@lru_cache(maxsize=_LOOKUPS)
def lookup_place(name: str, state: str | None = None) -> Place | None:
    """The gazetteer place a name denotes, preferring the press release's state."""
    places = _places()
    for form in _place_forms(name):
        found = places.get(form)
        if found:
            in_state = [p for p in found if p.state == state] if state else []
            pool = in_state or list(found)
            return max(pool, key=lambda p: (p.population, -p.geonames_id))
    return None


@lru_cache(maxsize=_LOOKUPS)
def _place_forms(name: str) -> tuple[str, ...]:
    forms = [name]
    for sep in ("/", " ("):
        if sep in name:
            forms.append(name.split(sep)[0])
    dotted = compiled(r"^(.+?) (?:[aiv]\.\s?d\.|[aib]\.)\s?\p{Lu}\p{Ll}+$").match(name)
    if dotted:  # "Freiburg i. Breisgau", "Kirchheim b. München", "Neustadt a.d. Aisch": the qualifier abbreviated
        forms.append(dotted.group(1))
    prefix = compiled(r"^(?:Ostseebad|Nordseebad|Seebad|Hansestadt|Universitätsstadt) (.+)$").match(name)
    if prefix:
        forms.append(prefix.group(1))
    return tuple(forms)


def district_free_town(name: str, place: Place) -> Territory | None:
    """The district-free town (with its AGS) that a gazetteer place is, if it is one."""
    for form in (name, place.name, *_place_forms(name)):
        for territory in territories_named("municipality", form):
            if territory.state == place.state:
                return territory
    return None


@cache
def qualifier_words() -> frozenset[str]:
    """Rivers and regions that official place names carry in brackets or after "an der"
    ("Halle (Saale)", "Briesen (Mark)", "Frankfurt am Main"), as the gazetteer spells them."""
    words: set[str] = set()
    qualifier = regex.compile(r"\((\p{Lu}[\p{L}-]*)\)|\b(?:am|an der|in der|im|ob der) (\p{Lu}[\p{L}-]*)")
    for surface, *_ in load_table("places.tsv"):
        if " " in surface:
            for found in qualifier.findall(surface):
                words.update(w for w in found if w)
    for territory in territories():
        words.update(compiled(r"\((\p{Lu}[\p{L}-]*)\)").findall(territory.name))
    return frozenset(words)


@cache
def place_stopwords() -> frozenset[str]:
    """Places whose names are far more often common words or given names ("Essen", "Regen"):
    read as a place only after a type word ("Stadt Essen") or in a dateline."""
    return frozenset(line for line in read_data("place_stopwords.txt").splitlines() if line and line[0] != "#")


# ---------------------------------------------------------------------------- names


@cache
def given_names() -> frozenset[str]:
    return frozenset(row[0] for row in load_table("given_names.tsv"))


@cache
def _word_log_probabilities() -> dict[str, float]:
    """The common words of spaCy's German word probabilities (common_words.tsv, made from
    spacy-lookups-data by tools/make_common_words.py): loaded once, when a rule first asks."""
    return {row[0]: float(row[1]) for row in load_table("common_words.tsv")}


#: What a word that common_words.tsv does not list counts as: rarer than any threshold.
_RARE = -30.0


def common_word(word: str, threshold: float) -> bool:
    """Whether a word is common German prose ("Geld", "Projekte", "Zukunft"): its log probability
    in running text is above ``threshold`` (-12 or higher, the file's floor); names nobody writes
    often ("Vorderpfalz") are below."""
    return _word_log_probabilities().get(word, _RARE) > threshold


@cache
def city_boroughs() -> dict[str, tuple[str, bool]]:
    """A borough of Berlin or Hamburg -> its state key and whether its name is read alone."""
    return {name: (state, alone == "yes") for name, state, alone in load_table("city_boroughs.tsv")}


@cache
def party_names() -> dict[str, str]:
    """A party as written ("BÜNDNIS 90/DIE GRÜNEN") -> its canonical name."""
    return dict(load_table("parties.tsv"))


@cache
def ministry_domains() -> dict[str, str]:
    """A word of a ministry's name ("Finanzen", "Digitalisierung") -> the remit it names ("finanz")."""
    return dict(load_table("ministry_domains.tsv"))
