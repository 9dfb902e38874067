"""Persons: full names from context cues and the given-name lexicon, short mentions resolved
within a text, titles and parties kept apart. Fixture texts and names are invented."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from egov_kg.extract.organizations import extract_orgs
from egov_kg.extract.persons import _standing_alone, extract_persons
from egov_kg.extract.rules import read_data
from egov_kg.extract.spans import evidence
from egov_kg.keys import OrgKey
from egov_kg.nlp import pipeline
from egov_kg.records import OrgMention

FIXTURES = Path(__file__).parent.parent / "fixtures"


def persons(text: str):
    doc = pipeline()(text)
    orgs, _ = extract_orgs(doc)
    return extract_persons(doc, orgs=orgs)


def people(text: str) -> set[tuple[str, str | None, str | None]]:
    """One row per person: (name, honorific, party key)."""
    return {(p.name, p.honorific, p.party) for p in persons(text)}


FIXTURE_PERSONS = {
    "persons_sh_kreis.txt": {
        ("Jens-Peter Albrecht-Hansen", "Dr.", None),
        ("Wiebke Rosendahl", "Dr.", None),
        ("Gesa Thordsen", None, None),
        ("Ubbo Carstensen", None, None),
        ("Oliver Schmidt-Gutzat", None, None),
        ("Merret Boysen", None, None),
        ("Hauke Petersen", None, None),
        ("Frauke Ingwersen", None, None),
    },
    "persons_by_markt.txt": {
        ("Wendelin Obermaier", None, "party:csu"),
        ("Theresia Gschwandl", None, "party:freie-waehler"),
        ("Korbinian Seidl", None, None),
        ("Johann Leitner", None, "party:csu"),
        ("Benedikt Zollner", "Dr.", None),
        ("Florian Kastl", "Dipl.-Verw.-Wirt", None),
    },
    "persons_nw_stadt.txt": {
        ("Sophie Lange-Ebert", None, "party:buendnis-90-die-gruenen"),
        ("Kai Reinholt", None, None),
        ("Ursula Brinkmöller", "Dr.", None),
        ("Thorsten Wiegand", None, "party:spd"),
        ("Annika Vormbrock", "Prof. Dr.", None),
        ("Henrike Schulze Pellengahr", None, None),
    },
    "persons_he_land.txt": {
        ("Carolin Westerkamp", "Dr.", "party:cdu"),
        ("Mareile Hofstetter", None, None),
        ("Gunther Paffrath", None, None),
        ("Lorenz Eichhorst", "Prof. Dr.", None),
        ("Jochen Wallbrecht", None, None),
        ("Edeltraud Simmerock-Bäuml", None, None),
        ("Yusuf Demirtaş", None, "party:spd"),
        ("Merle Haberkorn", "Dr.", "party:buendnis-90-die-gruenen"),
    },
    "persons_bb_amt.txt": {
        ("Katja Lindemann-Rost", None, None),
        ("Peter Jeschke", None, None),
        ("Harald Oswitz", None, None),
        ("Kilian Wöhrle", "Dr.", None),
        ("Sven-Ole Krautwurst", None, None),
    },
    "persons_traps.txt": set(),
    "persons_rp_verband.txt": {
        ("Hiltrud Sennewald", None, None),
        ("Egbert Quirin", "Dr.", None),
        ("Ansgar Pütz", None, None),
        ("Roswitha Kleinert", None, None),
        ("Volkmar Ehlen", None, None),
        ("Almut Brachtendorf", "Dr.", None),
        ("Gernot Weyand", None, None),
        ("Ortrun Malsch", "Dr.", None),
        ("Irmtraud Schaaf", None, None),
        ("Benedikt Lauxen", None, None),
    },
    "persons_ni_samtgemeinde.txt": {
        ("Eckhard Rosebrock", None, None),
        ("Wiebke Hollerbach", None, None),
        ("Onno Brüning", None, None),
        ("Heiner Ostermann", None, None),
        ("Gesche Maaß", None, None),
        ("Tanja Grotheer", None, None),
        ("Falk Overbeck", None, None),
        ("Jannik Dreyer", None, None),
    },
}


@pytest.mark.parametrize("fixture", sorted(FIXTURE_PERSONS))
def test_fixture_press_releases(fixture):
    assert people((FIXTURES / fixture).read_text(encoding="utf-8")) == FIXTURE_PERSONS[fixture]


def test_short_mentions_resolve_to_the_full_name():
    text = ("Landrätin Dr. Hiltrud Wegscheider (SPD) eröffnete die Sitzung. „Wir sind bereit“, so Wegscheider. "
            "Wegscheiders Vorschlag fand Zustimmung. Auch Dr. Wegscheider lobte das Team.")
    found = persons(text)
    assert {p.name for p in found} == {"Hiltrud Wegscheider"}
    surfaces = [text[p.evidence.start : p.evidence.end] for p in found]
    assert surfaces == ["Dr. Hiltrud Wegscheider", "Wegscheider", "Wegscheider", "Dr. Wegscheider"]
    assert {(p.honorific, p.party) for p in found} == {("Dr.", "party:spd")}


def test_a_short_mention_before_the_full_name_resolves_too():
    text = "„Das geht schneller“, sagt Kornmesser. Bürgermeisterin Alwine Kornmesser leitet das Projekt."
    assert [p.name for p in persons(text)] == ["Alwine Kornmesser", "Alwine Kornmesser"]


def test_a_family_name_alone_is_no_person():
    assert people("Herr Brandt und Frau Schöne vom Schulamt erläuterten die Ausstattung. So Brandt.") == set()


def test_two_people_who_share_a_family_name_stay_two():
    text = ("Bürgermeister Arnold Weidemann und Landrätin Edda Weidemann unterzeichneten. "
            "„Ein guter Tag“, sagte Edda Weidemann. Danach sprach Weidemann über die Kosten.")
    found = persons(text)
    assert {p.name for p in found} == {"Arnold Weidemann", "Edda Weidemann"}
    assert found[-1].name == "Edda Weidemann"  # the nearest full mention before it


def test_initials_and_credits_without_a_name_are_no_persons():
    assert people("Das Projekt läuft bis 2025. (khh)\nFoto: pixabay\n(sib)") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Die Feier fand in der Friedrich-Schiller-Universität statt.",
        "Das Amt liegt an der Henning-von-Tresckow-Straße 9.",
        "Das Käthe-Kollwitz-Gymnasium und die Philipps-Universität kooperieren.",
        "Die Martin-Luther-Universität Halle-Wittenberg begleitet das Projekt.",
        "Foto: Landratsamt Ostallgäu",
        "Die Stadtverwaltung Lübben, Pressesprecherin und Team",
    ],
)
def test_organisations_streets_and_places_are_no_persons(text):
    assert people(text) == set()


def test_a_given_name_that_is_also_a_town_stays_a_name():
    assert people("Der Vortrag von Achim Rübsamen fand Anklang.") == {("Achim Rübsamen", None, None)}


def test_a_rare_given_name_needs_a_cue():
    assert people("Landrat Tjorven Uhlig sprach.") == {("Tjorven Uhlig", None, None)}
    assert people("Tjorven Uhlig sprach.") == set()


def test_an_ambiguous_given_name_needs_a_cue():
    assert people("Kai Brunnhuber sprach.") == set()
    assert people("„Gut so“, sagte Kai Brunnhuber.") == {("Kai Brunnhuber", None, None)}


def test_names_with_particles_and_double_given_names():
    text = "Staatssekretärin Anna Lena von der Heydt und Landrat Karl-Heinz Meyer zu Ostrup sprachen."
    assert people(text) == {("Anna Lena von der Heydt", None, None), ("Karl-Heinz Meyer zu Ostrup", None, None)}


@pytest.mark.parametrize("family", ["Meier zu Ostrup", "Schulte zur Brügge", "Maier zum Felde"])
def test_westphalian_farm_names_are_one_family_name(family: str) -> None:
    assert people(f"Landrätin Greta {family} sprach.") == {(f"Greta {family}", None, None)}


def test_party_from_a_party_prefixed_office():
    assert people("Die CDU-Politikerin Waltraud Imhof-Kessler kritisierte den Plan.") == {
        ("Waltraud Imhof-Kessler", None, "party:cdu")
    }


def test_person_mentions_carry_evidence_with_rule_ids():
    text = "Dr. Gesine Kowalczyk sagte: „Wir sind dabei.“"
    (person,) = persons(text)
    assert text[person.evidence.start : person.evidence.end] == "Dr. Gesine Kowalczyk"
    assert person.evidence.rule == "person.titled"
    assert (person.given, person.family) == ("Gesine", "Kowalczyk")


def test_given_name_lexicon_is_sorted_unique_and_sourced():
    lines = read_data("given_names.tsv").splitlines()
    header = [line for line in lines if line.startswith("#")]
    names = [line.split("\t")[0] for line in lines if line and not line.startswith("#")]
    assert any("source:" in line for line in header)
    assert names == sorted(names)
    assert len(names) == len(set(names))
    assert len(names) >= 500
    assert all("\t" not in line for line in lines if line and not line.startswith("#"))  # no gender column


def _with_orgs(text: str, *spans: tuple[str, str]) -> list[tuple[str, str, str | None]]:
    """Persons of a text where the organisation extractor is taken to have read the given
    (surface, key) organisations, so the test does not depend on how it reads them."""
    doc = pipeline()(text)
    orgs = tuple(
        OrgMention(evidence=evidence(doc, text.index(surface), text.index(surface) + len(surface), "test"),
                   key=key, name=surface, type=OrgKey.parse(key).type, text=surface)
        for surface, key in spans
    )
    return [(text[p.evidence.start : p.evidence.end], p.name, p.honorific) for p in extract_persons(doc, orgs=orgs)]


def test_a_noble_family_name_that_is_also_a_town_stays_a_name():
    text = "Den Vortrag hielt Prof. Dr.-Ing. Hans-Georg von Minden. Von Minden lobte die Studierenden."
    assert _with_orgs(text, ("Minden", "municipality:minden")) == [
        ("Prof. Dr.-Ing. Hans-Georg von Minden", "Hans-Georg von Minden", "Prof. Dr.-Ing."),
        ("Von Minden", "Hans-Georg von Minden", "Prof. Dr.-Ing."),
    ]


def test_two_given_names_before_von_and_a_town_are_no_noble_name():
    text = "Landrat Jan Muster von Adorf sprach."
    assert [name for _, name, _ in _with_orgs(text, ("Adorf", "municipality:adorf"))] == ["Jan Muster"]


def test_a_credit_after_a_long_body_name_and_a_slash_is_a_person():
    text = "Foto: Hochschule für Verwaltung Adorf/Sören Alpers"
    assert _with_orgs(text, ("Hochschule für Verwaltung Adorf/Sören", "university:x")) == [
        ("Sören Alpers", "Sören Alpers", None)
    ]


# A family name used alone is found without compiling a pattern per text; it must find exactly
# what the alternation of the text's family names finds (longest first, a genitive -s allowed).
_FAMILIES = ["Adorf", "Adorfer", "von Adorf", "Von Adorf", "Mus", "Muster-Beispiel", "Muster", "Ohm"]
_PIECES = [*_FAMILIES, " ", "s", "-", "9", "ä", ",", ".", "Dr. ", "e", "\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.sets(st.sampled_from(_FAMILIES), min_size=1))
def test_family_names_standing_alone_are_found_as_their_alternation_finds_them(pieces, families):
    text = "".join(pieces)
    ordered = sorted(families, key=lambda f: (-len(f), f))
    alternation = regex.compile(rf"(?<![\p{{L}}\d-])(?P<family>{'|'.join(map(regex.escape, ordered))})"
                                rf"(?P<genitive>s)?(?![\p{{L}}\d-])", regex.VERSION1)
    expected = [(m.start(), m.end("family"), m.end(), m.group("family")) for m in alternation.finditer(text)]
    assert _standing_alone(text, ordered) == expected
