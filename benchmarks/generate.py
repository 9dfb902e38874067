"""Generate German e-government press releases with the facts planted in them, for benchmarks.

Places come from egov-kg's own gazetteers (``places.tsv``: GeoNames towns; ``ags.tsv``: districts
and district-free towns; ``states.tsv``: states and their adjectives), given names from the
given-names lexicon, family names are made from syllables. Offices are written in the male or
female form of the office holder; amounts in several notations (``120.000 Euro``, ``1,2
Millionen Euro``, ``1,5 Mio. Euro``, ``85.000 €``, ``EUR 15.000``, ``4.633,15 Euro``); dates as
datelines and in running text; grants, cooperations, quotes and neutral filler sentences.

Office holders are a function of their office (the same district always has the same Landrat),
so persons and organisations recur across releases as they do in a real corpus. Everything is
a function of the seed: the same ``--seed`` and ``--docs`` give the same files.

Writes ``OUT/texts/NNN/NNNNNN.txt`` (a thousand files per folder) and ``OUT/facts.json`` in the
gold format of ``/work/shared/gold/GUIDELINES.md`` (documents, persons, organizations, roles,
fundings, amounts, cooperations), plus ``OUT/manifest.json`` (seed, count, text hashes).

    python benchmarks/generate.py --docs 1000 --seed 7 --out /tmp/egov-bench/1k
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from egov_kg.extract.rules import load_table

#: Bumped whenever the generated texts change, so benchmarks regenerate kept corpora.
GENERATOR_VERSION = 2

#: States with districts (the city states have none) and their capitals, for datelines.
CAPITALS = {
    "01": "Kiel", "03": "Hannover", "05": "Düsseldorf", "06": "Wiesbaden", "07": "Mainz",
    "08": "Stuttgart", "09": "München", "10": "Saarbrücken", "12": "Potsdam", "13": "Schwerin",
    "14": "Dresden", "15": "Magdeburg", "16": "Erfurt",
}  # fmt: skip
#: How a state is named as a body: "das Land Hessen", "der Freistaat Sachsen".
FREISTAAT = {"09", "14", "16"}

#: Given names by the form of the office (the lexicon itself has no gender: names found in it
#: are used; a name missing from the lexicon is dropped, so the generator follows the lexicon).
FEMALE = (
    "Andrea Anja Anke Annette Antje Barbara Bettina Birgit Brigitte Carola Christiane Claudia Cornelia "
    "Dagmar Daniela Doris Elke Franziska Gabriele Heike Ines Iris Jana Julia Karin Katja Kerstin "
    "Kristin Manuela Martina Monika Nadine Nicole Petra Renate Sabine Sandra Silke Simone Stefanie "
    "Susanne Tanja Ulrike Ute Yvonne"
).split()
MALE = (
    "Andreas Axel Bernd Carsten Christian Dirk Frank Georg Gerhard Günter Hans Harald Heiko Holger "
    "Jan Jens Jörg Jürgen Karl Klaus Lars Marco Markus Martin Matthias Michael Norbert Olaf Peter "
    "Ralf Reinhard Rolf Sebastian Stefan Steffen Sven Thomas Thorsten Torsten Ulrich Uwe Volker "
    "Werner Wolfgang"
).split()
#: Family names are made from a first and a last syllable: "Brinkhorst", "Wendeler", "Lindemeyer".
FAMILY_HEADS = (
    "Alt Ahl Bach Berg Bies Brink Busch Dorn Eck Eich Feld Fich Gött Grün Hag Hain Harr Hell Hof "
    "Holt Horn Kamp Kirch Kling Kort Lamm Lind Loh Maas Mühl Nord Öst Pahl Quast Rein Riet Rohr "
    "Rosen Sand Schell Schwarz Seel Sieg Stein Strack Tann Uhl Voss Wald Wend Wiet Zorn"
).split()
FAMILY_TAILS = (
    "ach bauer beck berger bichler brink dorf eler ermann feld hagen hardt hauser hoff holz horst "
    "kamp kötter lage mann meier meyer ner oltz rath ricker ring rode sieck stedt ter winkel"
).split()

PARTIES = ("CDU", "SPD", "FDP", "Bündnis 90/Die Grünen", "Die Linke", "FREIE WÄHLER", "CSU")
MINISTRIES = (("Innenministerium", "Innenminister", "Innenministerin"),
              ("Finanzministerium", "Finanzminister", "Finanzministerin"),
              ("Digitalministerium", "Digitalminister", "Digitalministerin"))
MONTHS = ("Januar Februar März April Mai Juni Juli August September Oktober November Dezember").split()

PURPOSES = (
    "die Einführung der elektronischen Akte", "ein digitales Bürgerbüro", "die Digitalisierung der Bauanträge",
    "ein Ratsinformationssystem", "die Anbindung an das Bürgerportal", "ein Dokumentenmanagementsystem",
    "die Informationssicherheit", "digitale Antragsverfahren", "ein Onlineportal für Gewerbeanmeldungen",
    "die Schulung der Beschäftigten", "den Breitbandausbau in den Verwaltungsgebäuden",
)
TOPICS = (
    "Digitale Verwaltung", "Bürgerportal geht online", "Förderung für die E-Akte", "Gemeinsam digital",
    "Onlinezugangsgesetz umgesetzt", "Neue Onlinedienste", "Digitalisierung im ländlichen Raum",
    "Verwaltung ohne Papier", "Förderbescheide übergeben", "Kommunen kooperieren",
)
QUOTES = (
    "Digitale Verwaltung ist kein Selbstzweck, sondern ein Angebot an die Bürgerinnen und Bürger.",
    "Wir wollen, dass niemand mehr für einen Antrag ins Rathaus kommen muss.",
    "Gemeinsam kommen wir schneller voran als jede Kommune für sich allein.",
    "Die Förderung hilft uns, die Verwaltung zukunftsfest aufzustellen.",
    "Das Projekt zeigt, was möglich ist, wenn Land und Kommunen an einem Strang ziehen.",
    "Unsere Beschäftigten werden spürbar entlastet.",
    "Wir haben viel erreicht, aber es liegt noch ein gutes Stück Arbeit vor uns.",
)
FILLER = (
    "Die Verwaltung stellt damit weitere Leistungen online bereit.",
    "Anträge können künftig rund um die Uhr gestellt werden.",
    "Die Bearbeitungszeiten sollen sich dadurch deutlich verkürzen.",
    "Papierakten werden schrittweise durch elektronische Vorgänge ersetzt.",
    "Die Beschäftigten wurden in mehreren Schulungen auf die neuen Abläufe vorbereitet.",
    "Auch die Informationssicherheit wurde im Zuge des Projekts verbessert.",
    "Die Nutzung des Portals ist für die Bürgerinnen und Bürger kostenfrei.",
    "Zahlreiche Formulare stehen bereits in digitaler Form zur Verfügung.",
    "Die Anbindung an das Servicekonto ermöglicht eine sichere Anmeldung.",
    "Das Vorhaben ist Teil der Digitalisierungsstrategie der Kommune.",
    "Weitere Verfahren sollen im kommenden Jahr folgen.",
    "Die Erfahrungen aus dem Pilotbetrieb fließen in die weitere Entwicklung ein.",
    "Unternehmen profitieren ebenfalls von den schnelleren Verfahren.",
    "Die Rechnungsbearbeitung erfolgt inzwischen vollständig elektronisch.",
    "Für Fragen steht das Bürgerbüro zu den üblichen Öffnungszeiten zur Verfügung.",
    "Die Förderrichtlinie sieht eine Beteiligung der Kommunen an den Kosten vor.",
    "Ziel ist eine durchgängig digitale Bearbeitung ohne Medienbrüche.",
    "Die Verantwortlichen zogen eine positive Zwischenbilanz.",
    "Die technische Umsetzung übernimmt ein kommunaler IT-Dienstleister.",
    "Die Daten werden ausschließlich in Rechenzentren in Deutschland verarbeitet.",
    "Künftig sollen auch Terminbuchungen über das Portal möglich sein.",
    "Die Erfahrungen sollen anderen Kommunen zur Verfügung gestellt werden.",
    "Der Umstieg erfolgt in mehreren Stufen bis zum Ende des Jahres.",
    "Bürgerinnen und Bürger können den Bearbeitungsstand ihres Antrags online verfolgen.",
    "Mit dem neuen Angebot entfällt für viele Anliegen der Gang ins Amt, und die Unterlagen werden direkt an die zuständige Stelle übermittelt.",
    "Die Kommunen hatten sich in den vergangenen Monaten intensiv über gemeinsame Standards, Schnittstellen und Zuständigkeiten abgestimmt.",
    "Neben der technischen Ausstattung wird auch in die Qualifizierung der Mitarbeiterinnen und Mitarbeiter investiert.",
    "Nach einer Testphase mit ausgewählten Nutzerinnen und Nutzern steht der Dienst nun allen offen.",
    "Die Rückmeldungen aus der Bürgerschaft seien bislang überwiegend positiv, heißt es aus der Verwaltung.",
    "Besonders gefragt sind bislang die Anmeldung eines Wohnsitzes, die Beantragung von Führungszeugnissen und die Anmeldung von Hunden.",
    "Die Umstellung auf elektronische Rechnungen spart nach ersten Schätzungen mehrere Stunden Arbeitszeit pro Woche.",
    "Bei der Auswahl der Software wurde großer Wert auf Barrierefreiheit und eine einfache Bedienung gelegt.",
    "Langfristig soll ein Großteil der Verwaltungsleistungen vollständig digital abgewickelt werden können.",
    "Die Zusammenarbeit mit dem Rechenzentrum sichert einen stabilen Betrieb und regelmäßige Updates.",
)


# ----------------------------------------------------------------------------- the world


@dataclass(frozen=True)
class Place:
    name: str  # as written after its type word: "Riesa"
    kind: str  # "Stadt" | "Gemeinde"
    state: str


@dataclass(frozen=True)
class District:
    official: str  # "Landkreis Görlitz", "Kreis Lippe", "Hochsauerlandkreis"
    state: str

    @property
    def genitive(self) -> str:
        if self.official.startswith("Landkreis "):
            return "des Landkreises " + self.official[len("Landkreis "):]
        if self.official.startswith("Kreis "):
            return "des Kreises " + self.official[len("Kreis "):]
        return "des " + self.official + "es"

    @property
    def dative(self) -> str:
        return "dem " + self.official


@dataclass(frozen=True)
class State:
    key: str
    name: str
    stem: str  # "Sächsisch*" (declinable) or "Thüringer"
    places: tuple[Place, ...]
    districts: tuple[District, ...]

    def adjective(self, case: str) -> str:
        """``strong`` (Sächsisches), ``weak`` (das Sächsische), ``dative`` (im Sächsischen)."""
        if not self.stem.endswith("*"):
            return self.stem
        return self.stem[:-1] + {"strong": "es", "weak": "e", "dative": "en"}[case]

    @property
    def body(self) -> str:
        return f"{'Freistaat' if self.key in FREISTAAT else 'Land'} {self.name}"


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    female: bool
    honorific: str | None
    party: str | None

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"

    def written(self, *, party: bool = True) -> str:
        title = f"{self.honorific} " if self.honorific else ""
        return f"{title}{self.name}" + (f" ({self.party})" if party and self.party else "")


@cache
def _world() -> tuple[State, ...]:
    given = {row[0] for row in load_table("given_names.tsv")}
    place_counts: dict[str, int] = {}
    for row in load_table("places.tsv"):
        place_counts[row[0]] = place_counts.get(row[0], 0) + 1
    blocked = given | {row[0] for row in load_table("states.tsv")}
    places: dict[str, list[Place]] = {}
    for surface, _gid, name, state, population, *_ in load_table("places.tsv"):
        pop = int(population or 0)
        if (surface != name or place_counts[surface] > 1 or not 2000 <= pop <= 300_000 or name in blocked
                or not _municipality_like(name)):
            continue
        places.setdefault(state, []).append(Place(name, "Stadt" if pop >= 10_000 else "Gemeinde", state))
    districts: dict[str, list[District]] = {}
    for ags, kind, _name, official, *_ in load_table("ags.tsv"):
        if kind == "district" and (official.startswith(("Landkreis ", "Kreis ")) or official.endswith("kreis")):
            districts.setdefault(ags[:2], []).append(District(official, ags[:2]))
    states = []
    for key, name, stem, *_ in load_table("states.tsv"):
        if key in CAPITALS and len(places.get(key, ())) >= 10 and districts.get(key):
            states.append(State(key, name, stem, tuple(places[key]), tuple(districts[key])))
    return tuple(states)


def _municipality_like(name: str) -> bool:
    """Town names, not the quarters GeoNames also lists ("Altstadt Nord", "Wilhelmitor - Süd").

    Several words only with a lower-case connector ("Horb am Neckar", "Wyk auf Föhr") or "Bad".
    """
    words = name.replace("-", " ").split()
    if " - " in name or not all(w.isalpha() for w in words):
        return False
    return " " not in name or name.startswith("Bad ") or any(w.islower() for w in name.split())


@cache
def _given_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    lexicon = {row[0] for row in load_table("given_names.tsv")}
    return tuple(n for n in FEMALE if n in lexicon), tuple(n for n in MALE if n in lexicon)


def office_holder(seed: int, office: str, *, political: bool = True) -> Person:
    """The person who holds ``office`` (a stable key such as ``landrat:Kreis Lippe``)."""
    rng = random.Random(f"{seed}:{office}")
    female = rng.random() < 0.45
    females, males = _given_names()
    given = rng.choice(females if female else males)
    family = rng.choice(FAMILY_HEADS) + rng.choice(FAMILY_TAILS)
    honorific = rng.choice(("Dr.", "Prof. Dr.")) if rng.random() < 0.25 else None
    party = rng.choice(PARTIES) if political and rng.random() < 0.6 else None
    return Person(given, family, female, honorific, party)


# ----------------------------------------------------------------------------- amounts and dates


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def amount_text(rng: random.Random) -> tuple[str, Decimal, str | None]:
    """An amount as written, its value in euro and its qualifier."""
    style = rng.randrange(8)
    qualifier = rng.choice(("rund", "knapp", "etwa", "bis zu")) if rng.random() < 0.25 else None
    if style == 0:
        millions = Decimal(rng.randrange(11, 60)) / 10
        written = f"{str(millions).replace('.', ',')} Millionen Euro"
        value = millions * 1_000_000
    elif style == 1:
        millions = Decimal(rng.randrange(11, 40)) / 10
        written = f"{str(millions).replace('.', ',')} Mio. Euro"
        value = millions * 1_000_000
    elif style == 2:
        euro, cent = rng.randrange(1_000, 90_000), rng.randrange(1, 100)
        written = f"{_thousands(euro)},{cent:02d} Euro"
        value = Decimal(euro) + Decimal(cent) / 100
    elif style == 3:
        value = Decimal(rng.randrange(5, 300) * 500)
        written = f"{_thousands(int(value))} €"
    elif style == 4:
        value = Decimal(rng.randrange(5, 300) * 100)
        written = f"EUR {_thousands(int(value))}"
    else:
        value = Decimal(rng.randrange(10, 900) * 100)
        written = f"{_thousands(int(value))} Euro"
    if qualifier:
        written = f"{qualifier} {written}"
    return written, value, qualifier


def _date_words(day: dt.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral() else float(value)


# ----------------------------------------------------------------------------- one release


@dataclass
class Release:
    """One press release as it is being written, with the facts planted in it."""

    file: str
    published: dt.date
    paragraphs: list[str] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    organizations: list[tuple[str, str]] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    fundings: list[dict] = field(default_factory=list)
    amounts: list[float | int] = field(default_factory=list)
    cooperations: list[dict] = field(default_factory=list)


class _Writer:
    def __init__(self, seed: int, index: int) -> None:
        self.seed = seed
        self.rng = random.Random(f"{seed}/{index}")
        self.index = index

    def release(self) -> tuple[str, Release]:
        rng = self.rng
        state = rng.choice(_world())
        published = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(8 * 365))
        district = rng.choice(state.districts)
        towns = rng.sample(state.places, 3)
        ministry, minister_m, minister_f = rng.choice(MINISTRIES)
        ministry_name = f"{state.adjective('strong')} {ministry}"
        r = Release(file=f"{self.index // 1000:03d}/{self.index:06d}.txt", published=published)

        dateline = (f"{CAPITALS[state.key]}, {published:%d.%m.%Y}" if rng.random() < 0.7
                    else f"{CAPITALS[state.key]}, {_date_words(published)}")
        headline = f"{rng.choice(TOPICS)}: {rng.choice((district.official, towns[0].name))}"
        sections = [self._cooperation, self._funding, self._quote, self._secretary]
        rng.shuffle(sections)
        body = []
        for section in sections:
            text = section(r, state, district, towns, ministry_name, (ministry, minister_m, minister_f))
            if text:
                body.append(text + " " + self._filler(rng.randrange(2, 6)))
        body.append(self._filler(rng.randrange(4, 9)))
        if rng.random() < 0.5:
            written, value, _ = amount_text(rng)
            body.append(f"Das Förderprogramm des Landes ist insgesamt mit {written} ausgestattet. "
                        + self._filler(1))
            r.amounts.append(_number(value))
        body.append(f"Pressemitteilung Nr. {self.index % 997 + 1}/{published.year} ({self.index})")
        text = "\n\n".join([dateline, headline, *body]) + "\n"
        return text, r

    def _filler(self, n: int) -> str:
        return " ".join(self.rng.sample(FILLER, n))

    def _cooperation(self, r: Release, state: State, district: District, towns, *_args) -> str | None:
        rng = self.rng
        a, b, c = towns
        style = rng.randrange(4)
        if style == 0:
            day = r.published - dt.timedelta(days=rng.randrange(1, 300))
            form = rng.choice(("Zweckvereinbarung", "Kooperationsvereinbarung"))
            text = (f"Die {a.kind} {a.name} und die {b.kind} {b.name} haben am {_date_words(day)} "
                    f"eine {form} unterzeichnet.")
            r.cooperations.append({"parties": [a.name, b.name], "type": form, "date": day.isoformat()})
            r.organizations += [(a.name, "municipality"), (b.name, "municipality")]
        elif style == 1:
            text = (f"Der {district.official} und die {a.kind} {a.name} gründen einen Zweckverband "
                    f"für {rng.choice(PURPOSES)}.")
            r.cooperations.append({"parties": [district.official, a.name], "type": "Zweckverband"})
            r.organizations += [(district.official, "district"), (a.name, "municipality")]
        elif style == 2:
            name = f"Digitalverbund {a.name}-{b.name}"
            text = (f"Mitglieder der Arbeitsgemeinschaft „{name}“ sind die {a.kind} {a.name}, "
                    f"die {b.kind} {b.name} und die {c.kind} {c.name}.")
            r.cooperations.append({"parties": [a.name, b.name, c.name], "type": "Arbeitsgemeinschaft"})
            r.organizations += [(t.name, "municipality") for t in (a, b, c)]
        else:
            year = r.published.year - rng.randrange(1, 5)
            text = f"Die {a.kind} {a.name} kooperiert seit {year} mit der {b.kind} {b.name}."
            r.cooperations.append({"parties": [a.name, b.name], "date": str(year)})
            r.organizations += [(a.name, "municipality"), (b.name, "municipality")]
        return text

    def _funding(self, r: Release, state: State, district: District, towns, ministry_name: str, _m) -> str:
        rng = self.rng
        sentences = []
        for town in rng.sample(towns, rng.randrange(1, 3)):
            written, value, qualifier = amount_text(rng)
            purpose = rng.choice(PURPOSES)
            style = rng.randrange(4)
            fact = {"recipient": town.name, "amount": _number(value), "qualifier": qualifier}
            if style == 0:
                sentences.append(f"Das {state.adjective('weak')} {ministry_name.split()[-1]} fördert "
                                 f"die {town.kind} {town.name} mit {written}.")
                fact["funder"] = ministry_name
                r.organizations.append((ministry_name, "ministry"))
            elif style == 1:
                sentences.append(f"Die {town.kind} {town.name} erhält {written} für {purpose}.")
            elif style == 2:
                sentences.append(f"Mit {written} unterstützt das Land die {town.kind} {town.name} "
                                 f"bei der Digitalisierung ihrer Verwaltung.")
                fact["funder"] = state.name
            else:
                sentences.append(f"Die {town.kind} {town.name} bekommt vom Land {written}.")
                fact["funder"] = state.name
            r.fundings.append(fact)
            r.organizations.append((town.name, "municipality"))
            r.amounts.append(_number(value))
        if rng.random() < 0.5:
            written, value, qualifier = amount_text(rng)
            sentences.append(f"Der {district.official} erhält Fördermittel in Höhe von {written}.")
            r.fundings.append({"recipient": district.official, "amount": _number(value), "qualifier": qualifier})
            r.organizations.append((district.official, "district"))
            r.amounts.append(_number(value))
        return " ".join(sentences)

    def _quote(self, r: Release, state: State, district: District, towns, *_args) -> str:
        rng = self.rng
        quote = rng.choice(QUOTES)
        if rng.random() < 0.5:
            person = office_holder(self.seed, f"landrat:{district.official}")
            office = "Landrätin" if person.female else "Landrat"
            article = "Die" if person.female else "Der"
            text = f"{article} {office} {district.genitive}, {person.written()}, sagte: „{quote}“"
            self._role(r, person, "landrat", district.official)
            r.organizations.append((district.official, "district"))
        else:
            town = towns[0]
            big = town.kind == "Stadt" and rng.random() < 0.5
            person = office_holder(self.seed, f"buergermeister:{town.kind}:{town.name}")
            stem = "Oberbürgermeister" if big else "Bürgermeister"
            office = stem + ("in" if person.female else "")
            article = "Die" if person.female else "Der"
            genitive = "der Stadt" if town.kind == "Stadt" else "der Gemeinde"
            text = f"{article} {office} {genitive} {town.name}, {person.written()}, freut sich: „{quote}“"
            self._role(r, person, "oberbuergermeister" if big else "buergermeister", town.name)
            r.organizations.append((town.name, "municipality"))
        return text

    def _secretary(self, r: Release, state: State, district: District, towns, ministry_name: str, m) -> str:
        rng = self.rng
        style = rng.randrange(3)
        if style == 0:
            person = office_holder(self.seed, f"staatssekretaer:{state.key}:{ministry_name}")
            office = "Staatssekretärin" if person.female else "Staatssekretär"
            text = (f"{office} {person.written(party=False)} vom {state.adjective('dative')} {m[0]} "
                    f"übergab die Förderbescheide.")
            self._role(r, person, "staatssekretaer", ministry_name, party=False)
            r.organizations.append((ministry_name, "ministry"))
        elif style == 1:
            person = office_holder(self.seed, f"cio:{state.key}", political=False)
            text = f"{person.written()}, CIO des Landes {state.name}, lobte das Vorhaben als Vorbild."
            self._role(r, person, "cio", state.name)
            r.organizations.append((state.name, "state"))
        else:
            person = office_holder(self.seed, f"minister:{state.key}:{m[0]}")
            office = m[2] if person.female else m[1]
            article = "Die" if person.female else "Der"
            text = f"{article} {state.adjective('weak')} {office} {person.written()} würdigte das Engagement."
            self._role(r, person, "minister", None)
            r.organizations.append((state.name, "state"))
        return text

    def _role(self, r: Release, person: Person, role: str, org: str | None, *, party: bool = True) -> None:
        r.persons.append(person if party else Person(person.given, person.family, person.female,
                                                     person.honorific, None))
        if party and person.party:
            r.organizations.append((person.party, "party"))
        r.roles.append({"person": person.name, "role": role, "organization": org})


# ----------------------------------------------------------------------------- the corpus


def generate(out: Path, *, docs: int, seed: int = 7) -> dict:
    """Write ``docs`` press releases and their planted facts below ``out``; returns the facts."""
    texts = out / "texts"
    facts: dict[str, list] = {k: [] for k in
                              ("documents", "persons", "organizations", "roles", "fundings", "amounts", "cooperations")}
    persons: dict[str, dict] = {}
    organizations: dict[tuple[str, str], dict] = {}
    roles: dict[tuple, dict] = {}
    hashes = {}
    for index in range(docs):
        text, r = _Writer(seed, index).release()
        path = texts / r.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        hashes[r.file] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        facts["documents"].append({"file": r.file, "published": r.published.isoformat()})
        for p in r.persons:
            entry = persons.setdefault(p.name, {"name": p.name, "honorific": p.honorific, "party": None})
            if p.party:
                entry["party"] = p.party
        for name, kind in r.organizations:
            organizations.setdefault((name, kind), {"name": name, "type": kind})
        for role in r.roles:
            roles.setdefault(tuple(role.values()), role)
        facts["fundings"] += [{**f, "file": r.file} for f in r.fundings]
        facts["amounts"] += [{"file": r.file, "amount": a} for a in r.amounts]
        facts["cooperations"] += [{**c, "file": r.file} for c in r.cooperations]
    facts["persons"] = sorted(persons.values(), key=lambda p: p["name"])
    facts["organizations"] = sorted(organizations.values(), key=lambda o: (o["type"], o["name"]))
    facts["roles"] = sorted(roles.values(), key=lambda r: (r["person"], r["role"], r["organization"] or ""))
    (out / "facts.json").write_text(json.dumps(facts, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps({"generator": GENERATOR_VERSION, "seed": seed, "docs": docs,
                                                          "sha256": hashes}, indent=0))
    return facts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="how many press releases (default 1000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write texts/ and facts.json to")
    args = parser.parse_args(argv)
    facts = generate(args.out, docs=args.docs, seed=args.seed)
    print(f"wrote {args.docs} press releases to {args.out / 'texts'} and "
          f"{sum(len(v) for v in facts.values())} planted facts to {args.out / 'facts.json'}")


if __name__ == "__main__":
    main()
