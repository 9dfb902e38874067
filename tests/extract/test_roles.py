"""Roles: offices of persons with their concept, label (nominative, the text's gender), body,
dates and status; the SKOS concept scheme. Fixture texts and names are invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from egov_kg.extract.organizations import extract_orgs
from egov_kg.extract.persons import extract_persons
from egov_kg.extract.roles import _analyse_noun, extract_roles
from egov_kg.keys import OrgKey
from egov_kg.lexicon import state_by_ags
from egov_kg.nlp import pipeline
from egov_kg.vocabulary import role_vocabulary

FIXTURES = Path(__file__).parent.parent / "fixtures"


def roles(text: str, *, state: str | None = None):
    doc = pipeline()(text)
    orgs, doc_state = extract_orgs(doc)
    found = extract_persons(doc, orgs=orgs)
    names = {OrgKey("state", s).format(): state_by_ags(s).name for s in ("06", "14", "16")}
    for org in orgs:
        names.setdefault(org.key, org.name)
    result = extract_roles(doc, persons=found, orgs=orgs, doc_state=state or doc_state)
    return result, names


def offices(text: str, *, state: str | None = None) -> set[tuple]:
    """(person, concept, label, body name or key, start, status) for every role."""
    found, names = roles(text, state=state)
    return {(r.person, r.role, r.label, names.get(r.org, r.org), r.start, r.status) for r in found}


FIXTURE_ROLES = {
    "persons_sh_kreis.txt": {
        ("Jens-Peter Albrecht-Hansen", "landrat", "Landrat", "Kreis Dithmarschen", None, None),
        ("Wiebke Rosendahl", "staatssekretaer", "Staatssekretärin",
         "Ministerium für Inneres, Kommunales, Wohnen und Sport", None, None),
        ("Gesa Thordsen", "digitalbeauftragter", "Digitalbeauftragte", "Kreis Dithmarschen", None, "new"),
        ("Ubbo Carstensen", "digitalbeauftragter", "Digitalbeauftragter", "Kreis Dithmarschen", None, "former"),
        ("Oliver Schmidt-Gutzat", "buergermeister", "Bürgermeister", "Heide", None, None),
        ("Merret Boysen", "beauftragter", "Informationssicherheitsbeauftragte", None, "2022", None),
        ("Frauke Ingwersen", "pressesprecher", "Pressesprecherin", "Kreis Dithmarschen", None, None),
    },
    "persons_by_markt.txt": {
        ("Wendelin Obermaier", "erster-buergermeister", "Erster Bürgermeister", "Holzkirchen", None, None),
        ("Theresia Gschwandl", "erster-buergermeister", "Erste Bürgermeisterin", "Otterfing", None, None),
        ("Korbinian Seidl", "buergermeister-stellvertreter", "Zweiter Bürgermeister", "Otterfing", None, None),
        ("Johann Leitner", "landrat", "Landrat", "Landkreis Miesbach", None, None),
        ("Benedikt Zollner", "staatsminister", "Staatsminister", "Bayerisches Staatsministerium für Digitales", None, None),
        ("Florian Kastl", "leiter", "Leiter", "Hauptamt im Markt Holzkirchen", None, "former"),
        ("Florian Kastl", "geschaeftsfuehrer", "Geschäftsführer", None, None, None),  # "Die Geschäftsführung übernimmt"
    },
    "persons_nw_stadt.txt": {
        ("Sophie Lange-Ebert", "oberbuergermeister", "Oberbürgermeisterin", "Münster", None, None),
        ("Kai Reinholt", "cdo", "Chief Digital Officer", "Münster", "2023", None),
        ("Ursula Brinkmöller", "kaemmerer", "Stadtkämmerin", "Münster", None, None),
        ("Thorsten Wiegand", "oberbuergermeister", "Oberbürgermeister", "Bielefeld", None, None),
        ("Annika Vormbrock", "cio", "Landes-CIO", "Nordrhein-Westfalen", None, None),
        ("Henrike Schulze Pellengahr", "beigeordneter", "Beigeordnete für Digitalisierung und Personal", "Münster",
         None, None),
    },
    "persons_he_land.txt": {
        ("Carolin Westerkamp", "minister", "Digitalministerin", "Hessisches Ministerium für Digitalisierung und Innovation",
         None, None),
        ("Mareile Hofstetter", "referatsleiter", "Referatsleiterin", "Hessisches Ministerium der Finanzen", None, "former"),
        ("Lorenz Eichhorst", "cio", "CIO", "Hessen", None, None),
        ("Lorenz Eichhorst", "staatssekretaer", "Staatssekretär", "Hessen", None, None),
        ("Jochen Wallbrecht", "praesident", "Präsident", "Hessischer Städtetag", None, None),
        ("Jochen Wallbrecht", "oberbuergermeister", "Oberbürgermeister", "Hanau", None, None),
        ("Edeltraud Simmerock-Bäuml", "landrat", "Landrätin", "Main-Kinzig-Kreis", None, "former"),
        ("Yusuf Demirtaş", "kreistagsvorsitzender", "Kreistagsvorsitzender", None, None, None),
        ("Merle Haberkorn", "landtagsabgeordneter", "Landtagsabgeordnete", None, None, None),
    },
    "persons_bb_amt.txt": {
        ("Katja Lindemann-Rost", "amtsdirektor", "Amtsdirektorin", "Amt Peitz", None, None),
        ("Peter Jeschke", "buergermeister", "Bürgermeister", "Schenkendöbern", None, None),
        ("Harald Oswitz", "landrat", "Landrat", "Landkreis Spree-Neiße", None, None),
        ("Kilian Wöhrle", "staatssekretaer", "Staatssekretär", "Ministerium der Finanzen und für Europa", None, None),
        ("Sven-Ole Krautwurst", "pressesprecher", "Pressesprecher", "Amt Peitz", None, None),
    },
    "persons_traps.txt": set(),
    "persons_rp_verband.txt": {
        ("Hiltrud Sennewald", "landrat", "Landrätin", "Landkreis Trier-Saarburg", None, None),
        ("Egbert Quirin", "landrat", "Landrat", "Landkreis Bernkastel-Wittlich", None, None),
        ("Ansgar Pütz", "verbandsbuergermeister", "Verbandsbürgermeister", "Verbandsgemeinde Hermeskeil", None, None),
        ("Roswitha Kleinert", "buergermeister", "Bürgermeisterin", "Verbandsgemeinde Saarburg-Kell", None, None),
        ("Roswitha Kleinert", "vorsitzender", "Vorsitzende", "Zweckverband Hunsrück-Digital", None, None),
        ("Volkmar Ehlen", "geschaeftsfuehrer", "Geschäftsführer", "Zweckverband Kommunale Informationstechnik Mosel",
         None, None),
        ("Almut Brachtendorf", "vorstand", "Vorstand", "Zweckverband Kommunale Informationstechnik Mosel", None, None),
        ("Gernot Weyand", "ortsbuergermeister", "Ortsbürgermeister", "Reinsfeld", None, None),
        ("Ortrun Malsch", "staatssekretaer", "Staatssekretärin", "Ministerium der Finanzen", None, None),
        ("Irmtraud Schaaf", "landrat", "Landrätin", None, None, "former"),
    },
    "persons_ni_samtgemeinde.txt": {
        ("Eckhard Rosebrock", "landrat", "Landrat", "Landkreis Diepholz", None, None),
        ("Wiebke Hollerbach", "samtgemeindebuergermeister", "Samtgemeindebürgermeisterin", "Samtgemeinde Siedenburg",
         None, None),
        ("Wiebke Hollerbach", "vorsitzender", "Vorsitzende", "Digitales Sulinger Land", None, None),
        ("Onno Brüning", "samtgemeindebuergermeister", "Samtgemeindebürgermeister", "Samtgemeinde Rehden", None, None),
        ("Heiner Ostermann", "samtgemeindebuergermeister", "Samtgemeindebürgermeister", "Samtgemeinde Kirchdorf",
         None, None),
        ("Gesche Maaß", "erster-kreisrat", "Erste Kreisrätin", "Landkreis Diepholz", None, None),
        ("Tanja Grotheer", "beauftragter", "Informationssicherheitsbeauftragte", None, None, None),
        ("Falk Overbeck", "minister", "Digitalisierungsminister", "Niedersächsische Staatskanzlei", None, None),
        ("Falk Overbeck", "chef-der-staatskanzlei", "Chef der Staatskanzlei", "Niedersächsische Staatskanzlei", None,
         None),
    },
}


@pytest.mark.parametrize("fixture", sorted(FIXTURE_ROLES))
def test_fixture_press_releases(fixture):
    assert offices((FIXTURES / fixture).read_text(encoding="utf-8")) == FIXTURE_ROLES[fixture]


def test_coordinated_offices_with_their_own_bodies():
    text = ("Für die VG nahm Rosalind Gerstmeier, Vorsitzende der VG Hohenwart und Erste Bürgermeisterin "
            "des Marktes Hohenwart, den Bescheid entgegen.")
    assert offices(text) == {
        ("Rosalind Gerstmeier", "vorsitzender", "Vorsitzende", "Verwaltungsgemeinschaft Hohenwart", None, None),
        ("Rosalind Gerstmeier", "erster-buergermeister", "Erste Bürgermeisterin", "Hohenwart", None, None),
    }


@pytest.mark.parametrize(("text", "concepts"), [
    # an office with its own article after "und" is another person's
    ("Unterzeichnet haben der Landrat und der Vorsitzende des Datenverbundes Nordmark (DVN) Jan Probe.", {"vorsitzender"}),
    ("Es unterschrieben Jan Probe als Beauftragter der Landesregierung und der Landrat.", {"beauftragter"}),
    # one article, or none: one person with two offices
    ("Es sprach der Landrat und Vorsitzende Tom Keil.", {"landrat", "vorsitzender"}),
    ("Es sprach Landrätin und Kreisvorsitzende Anna Muster.", {"landrat", "vorsitzender"}),
])
def test_coordinated_offices_with_their_own_articles_are_two_persons(text, concepts):
    assert {role for _, role, *_ in offices(text)} == concepts


def test_compound_office_points_to_the_ministry_named_in_the_text():
    text = ("Das Sächsische Staatsministerium der Finanzen fördert das Projekt. Der Sächsische Finanzstaatssekretär "
            "und CIO Dr. Arnulf Kresse übergab den Bescheid.")
    assert offices(text) == {
        ("Arnulf Kresse", "staatssekretaer", "Finanzstaatssekretär", "Sächsisches Staatsministerium der Finanzen", None, None),
        ("Arnulf Kresse", "cio", "CIO", "Sachsen", None, None),
    }


def test_an_office_before_a_name_is_not_the_apposition_of_the_name_before():
    text = "Landrätin Helma Vogtländer, Finanzstaatssekretär Jost Immerthal und Dr. Ida Kranich, Abteilungsleiterin IT."
    assert {(p, c) for p, c, *_ in offices(text)} == {
        ("Helma Vogtländer", "landrat"), ("Jost Immerthal", "staatssekretaer"), ("Ida Kranich", "abteilungsleiter"),
    }


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("die Vorsitzende des Vereins, Anna Rübsam, sagte", "Vorsitzende"),
        ("der Vorsitzende des Vereins, Anton Rübsam, sagte", "Vorsitzender"),
        ("mit dem Vorsitzenden Anton Rübsam sprach", "Vorsitzender"),
        ("mit der Vorsitzenden Anna Rübsam sprach", "Vorsitzende"),
        ("des Landrats Anton Rübsam", "Landrat"),
        ("der Bürgermeisterin Anna Rübsam", "Bürgermeisterin"),
        ("Anna Rübsam, Beauftragte für Datenschutz, sagte", "Beauftragte für Datenschutz"),
        ("Anton Rübsam, Beauftragter für Datenschutz, sagte", "Beauftragter für Datenschutz"),
    ],
)
def test_labels_are_nominative_with_the_gender_the_text_gives(text, label):
    assert [r.label for r in roles(text)[0]] == [label]


def test_an_office_named_once_with_its_body_and_once_with_a_date_is_one_membership():
    text = ("CDO Wiebke Sahlmann stellte die Ergebnisse vor. Seit 2021 ist mit Wiebke Sahlmann die Stelle des CDO "
            "besetzt.\n\nWiebke Sahlmann, Chief Digital Officer der „Arbeitsgemeinschaft Digitales Vogtland“")
    found, names = roles(text)
    assert [(r.role, names.get(r.org), r.start) for r in found] == [("cdo", "Arbeitsgemeinschaft Digitales Vogtland", "2021")]


def test_state_offices_fall_back_to_the_state_of_the_press_release():
    (role,) = roles("Den Bescheid überbrachte Landes-CIO Ruben Steinhöfel in Gera.", state="16")[0]
    assert (role.role, role.label, role.org) == ("cio", "Landes-CIO", "state:16")


def test_a_district_office_belongs_to_the_one_district_of_the_text():
    text = ("Der Landkreis Vorderpfalz erhält 50.000 Euro. Landrätin Odette Brenneisen (SPD) nahm den Bescheid "
            "im Landratsamt Vorderpfalz entgegen.")
    (role,) = roles(text)[0]
    assert (role.person, role.org) == ("Odette Brenneisen", "district:vorderpfalz")


@pytest.mark.parametrize(
    "text",
    [
        "Wem der Begriff CIO nicht geläufig ist: Der Chief Information Officer (CIO) nimmt in einem Unternehmen die Führung der IT wahr.",
        "Die Position des CIO soll gestärkt werden.",
        "Wer Landrat werden will, muss gewählt werden.",
        "So die Landrätin auf Nachfrage.",
    ],
)
def test_an_office_without_a_person_is_no_role(text):
    assert roles(text)[0] == ()


def test_status_and_dates():
    text = ("Die ehemalige Bürgermeisterin der Stadt Lübben, Gerlinde Pätzold, und die neue Amtsdirektorin "
            "Ronja Hübner sprachen. Hauke Lorenzen ist seit März 2019 Bürgermeister der Stadt Husum.")
    assert {(p, c, start, status) for p, c, _, _, start, status in offices(text)} == {
        ("Gerlinde Pätzold", "buergermeister", None, "former"),
        ("Ronja Hübner", "amtsdirektor", None, "new"),
        ("Hauke Lorenzen", "buergermeister", "2019-03", None),
    }


def test_vocabulary_is_a_closed_scheme_with_both_genders():
    concepts = role_vocabulary()
    ids = {c.id for c in concepts}
    assert len(ids) == len(concepts)
    for c in concepts:
        assert c.pref_label_male and c.pref_label_female
        assert c.broader is None or c.broader in ids
    required = {"landrat", "buergermeister", "oberbuergermeister", "erster-buergermeister", "staatssekretaer",
                "minister", "ministerpraesident", "cio", "cdo", "digitalbeauftragter", "beauftragter-e-government-it",
                "beauftragter-informationstechnologie", "vorsitzender", "praesident", "vizepraesident",
                "abteilungsleiter", "referatsleiter", "amtsleiter", "dezernent", "beigeordneter", "geschaeftsfuehrer",
                "landtagsabgeordneter", "bundestagsabgeordneter", "amtsdirektor", "leitender-verwaltungsbeamter",
                "pressesprecher", "sprecher", "kanzler", "direktor", "leiter", "koordinator", "landrat-stellvertreter"}
    assert required <= ids


def test_every_single_word_label_reads_back_as_its_concept():
    for c in role_vocabulary():
        for label in (c.pref_label_male, c.pref_label_female):
            if " " in label:
                continue
            noun = _analyse_noun(label)
            assert noun is not None and noun.form.concept == c.id and noun.prefix == "", label


@pytest.mark.parametrize(
    ("word", "concept", "prefix"),
    [("Finanzstaatssekretär", "staatssekretaer", "Finanz"), ("Digitalministerin", "minister", "Digital"),
     ("Innenministers", "minister", "Innen"), ("Landes-CIO", "cio", ""), ("IT-Leiterin", "leiter", "IT-"),
     ("Datenschutzbeauftragten", "datenschutzbeauftragter", ""), ("Präsidenten", "praesident", "")],
)
def test_compounds_and_inflected_nouns(word, concept, prefix):
    noun = _analyse_noun(word)
    assert (noun.form.concept, noun.prefix) == (concept, prefix)


def test_an_office_with_its_article_between_two_names_belongs_to_the_next():
    text = ("Es unterschrieben die Adorfer Bürgermeisterin Gundula Ehrhardt, der Bürgermeister der Stadt Oschatz, "
            "Till Oberländer (parteilos), und der Landrat.")
    assert {(p, names) for p, _, _, names, _, _ in offices(text)} == {
        ("Gundula Ehrhardt", "Adorf"), ("Till Oberländer", "Oschatz")}


def test_an_apposition_without_article_stays_with_the_name_before():
    text = "Es sprachen Till Oberländer, Bürgermeister der Stadt Oschatz, Gundula Ehrhardt und weitere Gäste."
    assert {(p, c) for p, c, *_ in offices(text)} == {("Till Oberländer", "buergermeister")}


def test_a_place_in_brackets_names_each_person_s_own_body():
    text = ("Die Landkreise Vechta und Cloppenburg arbeiten zusammen. Es unterschrieben Landrat Till Oberländer "
            "(Vechta) und Landrätin Gundula Ehrhardt (Cloppenburg).")
    assert {(p, org) for p, _, _, org, _, _ in offices(text)} == {
        ("Till Oberländer", "Landkreis Vechta"), ("Gundula Ehrhardt", "Landkreis Cloppenburg")}


def test_a_bracket_with_a_body_not_read_leaves_the_office_open():
    text = ("Die VG Saaletal und die VG Unbekanntland gründen einen Verbund. Es unterschrieben die "
            "Gemeinschaftsvorsitzenden Till Oberländer (VG Saaletal) und Gundula Ehrhardt (VG Am Nirgendwo).")
    found = {(p, org) for p, _, _, org, _, _ in offices(text)}
    assert ("Till Oberländer", "Verwaltungsgemeinschaft Saaletal") in found
    assert ("Gundula Ehrhardt", "Verwaltungsgemeinschaft Saaletal") not in found


def test_a_possessive_office_belongs_to_the_body_named_before_not_one_in_a_relative_clause():
    text = ("Die Technik stellt der Zweckverband Kommunale Datenverarbeitung Oberfranken, dem auch der Landkreis "
            "Kulmbach angehört. Dessen Geschäftsführer Till Oberländer sagte zu.")
    (role,) = roles(text)[0]
    assert (role.person, role.role, role.org) == (
        "Till Oberländer", "geschaeftsfuehrer", "cooperation:zweckverband-kommunale-datenverarbeitung-oberfranken")


def test_a_compound_with_a_body_s_abbreviation_names_that_body():
    text = ("Die Kommunale Datenverarbeitung Oberfranken GmbH (KDO) betreibt das Portal. KDO-Geschäftsführerin "
            "Gundula Ehrhardt stellte es vor.")
    (role,) = roles(text)[0]
    assert (role.label, role.org) == ("Geschäftsführerin", "company:kommunale-datenverarbeitung-oberfranken-gmbh")


def test_a_town_adjective_gives_the_association_for_an_association_s_office():
    text = "Die Verbandsgemeinde Hermeskeil erhält Geld. „Gut so“, sagte der Hermeskeiler Verbandsbürgermeister Till Oberländer."
    (role,) = roles(text)[0]
    assert role.org == "municipal_association:verbandsgemeinde-hermeskeil"


def test_a_colleague_without_an_office_before_is_no_role():
    assert roles("Ihr Adorfer Amtskollege Till Oberländer stimmte zu.")[0] == ()


def test_a_state_named_for_a_coordination_gives_the_state_not_a_ministry():
    text = "Das Ministerium für Digitales lädt ein. Es spricht Till Oberländer, Staatssekretär und CIO des Landes."
    found = {(r.role, r.org) for r in roles(text, state="06")[0]}
    assert found == {("staatssekretaer", "state:06"), ("cio", "state:06")}


@pytest.mark.parametrize(
    "text",
    [
        "Till Oberländer, der den Vorsitz der Arbeitsgemeinschaft kritisierte, sprach.",
        "Für die Bürgerinnen und Bürger ist das ein Gewinn, sagte Gundula Ehrhardt.",
        "Till Oberländer hat diese Aufgabe übernommen.",
    ],
)
def test_references_without_an_office_are_no_role(text):
    assert roles(text)[0] == ()


def test_a_guessed_body_yields_to_the_body_another_mention_states():
    text = ("Die Stadt Adorf erhält 20.000 Euro. Bürgermeister Tom Keil dankte. "
            "Tom Keil, Bürgermeister der Gemeinde Bdorf, war auch da.")
    (found,), names = roles(text)
    assert names[found.org] == "Bdorf"


def test_a_bracket_that_cannot_be_read_still_stops_the_guess():
    text = "Bürgermeister Tom Keil (Bdorf) und Bürgermeisterin Ilka Bormann (Cdorf) kamen. Die Stadt Adorf erhält Geld."
    assert {r.org for r in roles(text)[0]} == {None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (("Die Stadt Adorf hat ein Referat Digitales. Referatsleiterin Ilka Bormann stellte es vor. "
          "Die Leiterin Ilka Bormann sagte, es gehe voran."), {"referatsleiter"}),
        ("Die Landtagsabgeordnete Gundula Ehrhardt gratulierte. „Ein guter Tag“, so die Abgeordnete Gundula Ehrhardt.",
         {"landtagsabgeordneter"}),
        # an abbreviation writes no compound: both offices stay
        ("MdL Tom Keil gratulierte. „Ein guter Tag“, so der Abgeordnete Tom Keil.", {"landtagsabgeordneter", "abgeordneter"}),
        # an office of its own, not the same one named short
        ("Oberbürgermeister Tom Keil und der Vize-Bürgermeister Jan Probe sprachen. Bürgermeister Jan Probe dankte.",
         {"oberbuergermeister", "buergermeister-stellvertreter", "buergermeister"}),
    ],
)
def test_a_bare_noun_after_its_compound_is_the_same_office(text, expected):
    assert {r.role for r in roles(text)[0]} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Einstimmig ermächtigte der Stadtrat Oberbürgermeisterin Gundula Ehrhardt, den Vertrag zu schließen.",
         {("Gundula Ehrhardt", "oberbuergermeister")}),
        ("Im Herbst hatte der Gemeinderat Frau Ilka Bormann zur Digitallotsin bestellt.",
         {("Ilka Bormann", "digitallotse")}),
        # the councillor's own office, with or without an article
        ("Das fragte Stadtrat Tom Keil (SPD). Der Gemeinderat Jan Probe stimmte zu.",
         {("Tom Keil", "stadtrat"), ("Jan Probe", "stadtrat")}),
    ],
)
def test_a_council_acting_is_no_office_of_the_person_after_it(text, expected):
    assert {(r.person, r.role) for r in roles(text)[0]} == expected


def test_an_office_after_als_belongs_to_the_name_before_it_not_after_it():
    text = "Es sprachen Tom Keil als stellvertretender Vorsitzender des Beirats, Jan Probe und weitere Gäste."
    assert {(r.person, r.role) for r in roles(text)[0]} == {("Tom Keil", "stellvertreter")}


@pytest.mark.parametrize(
    "text, expected",
    [
        # another person holds the office: "der Landrat" describes that one, not the one named last
        ("Landrat Tom Keil kam spät. Jan Ott wartete. Der Landrat entschuldigte sich.",
         {("Tom Keil", "landrat")}),
        # the person named last has an office of another kind: the description is of someone else
        ("Ministerin Ilka Bormann besuchte Adorf. Die Bürgermeisterin zeigte ihr das Rathaus.",
         {("Ilka Bormann", "minister")}),
        # an office before a name is that name's, not a description of the one named before
        ("Jan Ott kam. „Gut so“, sagt der Kämmerer Tom Keil.", {("Tom Keil", "kaemmerer")}),
        # the person named last holds an office: the description is of another holder
        (("Es unterschrieben Landrat Tom Keil (Adorf) und Landrätin Ilka Bormann (Bdorf). Die Kreise Adorf und "
          "Bdorf zahlen. „Es lohnt sich“, betonte Keil. Die Bdorfer Landrätin sieht Vorteile."),
         {("Tom Keil", "landrat"), ("Ilka Bormann", "landrat")}),
        # "er" after a sentence naming two persons stands for neither
        ("Tom Keil begrüßte Landrätin Ilka Bormann. Er ist Vorsitzender des Vereins.",
         {("Ilka Bormann", "landrat")}),
    ],
)
def test_descriptions_and_pronouns_only_of_one_person(text, expected):
    assert {(r.person, r.role) for r in roles(text)[0]} == expected
