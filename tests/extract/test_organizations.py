"""Organisations in press releases from several states (fixtures written for these tests).

Each fixture under ``tests/fixtures/orgs_*.txt`` is a made-up press release; the expected
organisations are listed here as ``type:name`` with the document's state. Further tests pin
single behaviours: variants of one body share a key, bodies of the same name stay apart,
places of the same name are told apart by the press release's state, generic mentions and
non-authorities are no organisations.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from egov_kg.extract.organizations import extract_orgs
from egov_kg.lexicon import official_key
from egov_kg.nlp import pipeline
from egov_kg.records import OrgMention

FIXTURES = Path(__file__).parent.parent / "fixtures"

#: fixture -> (state AGS, every organisation as "type:name")
EXPECTED: dict[str, tuple[str, set[str]]] = {
    "orgs_by_landratsamt.txt": ("09", {
        "district:Landkreis Dingolfing-Landau", "municipality:Landau an der Isar", "municipality:Dingolfing",
        "municipality:Reisbach", "municipality:Mengkofen", "municipality:Loiching", "party:CSU",
        "party:FREIE WÄHLER", "ministry:Bayerisches Staatsministerium für Digitales", "state:Bayern",
        "authority:Landesamt für Digitalisierung, Breitband und Vermessung",
        "parliament:Kreistag Landkreis Dingolfing-Landau",
    }),
    "orgs_sn_landratsamt.txt": ("14", {
        "district:Landkreis Mittelsachsen", "municipality:Mittweida", "municipality:Döbeln",
        "municipality:Rothenburg/O.L.", "party:CDU", "ministry:Sächsisches Staatsministerium der Finanzen",
        "state:Sachsen", "authority:Sächsische Aufbaubank", "other:Sächsischer Landkreistag",
    }),
    "orgs_nw_kreis.txt": ("05", {
        "municipality:Detmold", "district:Kreis Lippe", "municipality:Lemgo", "municipality:Bad Salzuflen",
        "municipality:Blomberg",
        "ministry:Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie des Landes Nordrhein-Westfalen",
        "state:Nordrhein-Westfalen", "district:Hochsauerlandkreis", "district:Ennepe-Ruhr-Kreis",
        "authority:Kommunales Rechenzentrum Minden-Ravensberg/Lippe", "parliament:Kreistag Kreis Lippe",
    }),
    "orgs_he_uni.txt": ("06", {
        "municipality:Gießen", "university:Justus-Liebig-Universität Gießen",
        "cooperation:Stadtlabor Digitale Verwaltung", "party:SPD", "university:Technische Hochschule Mittelhessen",
        "ministry:Hessisches Ministerium der Finanzen", "state:Hessen",
        "district:Landkreis Gießen", "district:Lahn-Dill-Kreis", "district:Wetteraukreis", "municipality:Lich",
    }),
    "orgs_bb_amt.txt": ("12", {
        "municipal_association:Amt Odervorland", "municipal_association:Amt Scharmützelsee",
        "municipality:Briesen (Mark)", "municipality:Potsdam", "municipality:Grünheide (Mark)",
        "municipality:Frankfurt (Oder)",
        "ministry:Ministerium der Finanzen und für Europa des Landes Brandenburg", "state:Brandenburg",
        "district:Landkreis Oder-Spree", "other:Städte- und Gemeindebund Brandenburg",
        "parliament:Gemeindevertretung Grünheide (Mark)", "parliament:Amtsausschuss Amt Scharmützelsee",
    }),
    "orgs_mv_insel.txt": ("13", {
        "municipality:Stralsund", "municipality:Ostseebad Binz", "municipality:Sellin",
        "municipal_association:Amt Mönchgut-Granitz", "district:Landkreis Vorpommern-Rügen",
        "ministry:Ministerium für Wirtschaft, Infrastruktur, Tourismus und Arbeit Mecklenburg-Vorpommern",
        "state:Mecklenburg-Vorpommern", "other:Landkreistag Mecklenburg-Vorpommern",
    }),
    "orgs_rp_vg.txt": ("07", {
        "district:Landkreis Cochem-Zell", "municipal_association:Verbandsgemeinde Kaisersesch",
        "municipality:Cochem", "parliament:Stadtrat Kaisersesch", "municipality:Kaisersesch",
        "parliament:Kreistag Landkreis Cochem-Zell", "ministry:Ministerium der Finanzen Rheinland-Pfalz",
        "state:Rheinland-Pfalz", "other:Gemeinde- und Städtebund Rheinland-Pfalz",
        "district:Eifelkreis Bitburg-Prüm", "municipality:Landau",
    }),
    "orgs_th_sonneberg.txt": ("16", {
        "ministry:Thüringer Ministerium der Finanzen", "district:Landkreis Sonneberg", "municipality:Sonneberg",
        "municipal_association:Verwaltungsgemeinschaft Schiefergebirge", "state:Thüringen",
        "district:Kyffhäuserkreis", "district:Landkreis Hildburghausen", "municipality:Suhl",
        "authority:Thüringer Landesamt für Statistik", "parliament:Kreistag Landkreis Sonneberg",
    }),
    "orgs_st_verbund.txt": ("15", {
        "municipality:Magdeburg", "municipality:Wernigerode", "district:Landkreis Harz",
        "cooperation:Digitalverbund Harzvorland", "municipality:Blankenburg (Harz)",
        "municipal_association:Verbandsgemeinde Vorharz",
        "ministry:Ministerium der Finanzen des Landes Sachsen-Anhalt", "state:Sachsen-Anhalt",
        "district:Salzlandkreis", "district:Burgenlandkreis", "other:Landkreistag Sachsen-Anhalt",
        "other:Europäische Union",
    }),
    "orgs_ni_samtgemeinde.txt": ("03", {
        "municipal_association:Samtgemeinde Bruchhausen-Vilsen", "municipality:Bruchhausen-Vilsen",
        "district:Landkreis Diepholz", "municipality:Asendorf", "municipality:Martfeld",
        "ministry:Niedersächsisches Ministerium für Wirtschaft, Verkehr, Bauen und Digitalisierung",
        "other:Niedersächsischer Städte- und Gemeindebund", "district:Region Hannover", "municipality:Syke",
    }),
    "orgs_sh_amt.txt": ("01", {
        "municipality:Husum", "district:Kreis Nordfriesland", "municipal_association:Amt Südtondern",
        "municipality:Niebüll", "ministry:Staatskanzlei Schleswig-Holstein", "state:Schleswig-Holstein",
        "authority:Dataport AöR", "district:Kreis Schleswig-Flensburg", "other:Schleswig-Holsteinischer Landkreistag",
    }),
    "orgs_he_schwalm.txt": ("06", {
        "district:Schwalm-Eder-Kreis", "municipality:Homberg (Efze)", "municipality:Felsberg", "municipality:Melsungen",
        "municipality:Borken (Hessen)", "municipality:Gudensberg", "company:Kommunale Datenzentrale Nordhessen GmbH",
        "authority:Zahlwerk", "ministry:Hessisches Ministerium der Finanzen, für Digitales und Europa",
        "other:Hessischer Landkreistag",
    }),
    "orgs_sn_sorbisch.txt": ("14", {
        "municipality:Görlitz", "municipal_association:Verwaltungsverband Am Weißen Schöps", "municipality:Schleife",
        "municipality:Trebendorf", "municipality:Groß Düben", "district:Landkreis Görlitz", "authority:Sächsische Aufbaubank",
        "state:Sachsen", "municipal_association:Verwaltungsgemeinschaft Rietschen",
        "municipal_association:Verwaltungsgemeinschaft Am Lausitzer Bergland", "authority:Lausitzwerk",
    }),
}  # fmt: skip


def orgs(text: str, *, state: str | None = None) -> tuple[tuple[OrgMention, ...], str | None]:
    return extract_orgs(pipeline()(text), state=state)


def by_text(mentions: tuple[OrgMention, ...]) -> dict[str, OrgMention]:
    return {m.text: m for m in mentions}


def labels(mentions: tuple[OrgMention, ...]) -> set[str]:
    return {f"{m.type}:{m.name}" for m in mentions}


# ---------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_press_release(name):
    state, expected = EXPECTED[name]
    mentions, doc_state = orgs((FIXTURES / name).read_text(encoding="utf-8"))
    assert doc_state == state
    found = labels(mentions)
    assert found == expected, f"missed {sorted(expected - found)}, extra {sorted(found - expected)}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_one_name_and_one_type_per_key(name):
    mentions, _ = orgs((FIXTURES / name).read_text(encoding="utf-8"))
    seen: dict[str, tuple[str, str]] = {}
    for m in mentions:
        assert seen.setdefault(m.key, (m.name, m.type)) == (m.name, m.type), m.key
        assert m.key.startswith(m.type + ":")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_evidence_points_at_the_text(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    mentions, _ = orgs(text)
    for m in mentions:
        assert text[m.evidence.start : m.evidence.end] == m.text
        assert m.evidence.sentence_start <= m.evidence.start < m.evidence.end <= m.evidence.sentence_end


# ---------------------------------------------------------------------------- variants and identity


def test_ministry_variants_are_one_ministry():
    mentions, _ = orgs((FIXTURES / "orgs_th_sonneberg.txt").read_text(encoding="utf-8"))
    found = by_text(mentions)
    keys = {found[t].key for t in ("Thüringer Finanzministerium", "Thüringer Ministerium der Finanzen", "Finanzministerium")}
    assert keys == {"ministry:16:finanz"}


def test_compound_ministry_joins_the_full_name_in_another_state():
    mentions, _ = orgs((FIXTURES / "orgs_ni_samtgemeinde.txt").read_text(encoding="utf-8"))
    found = by_text(mentions)
    assert found["Niedersächsische Wirtschaftsministerium"].key == found["Niedersächsische Ministerium für Wirtschaft, Verkehr, Bauen und Digitalisierung"].key


def test_district_administration_is_the_district():
    mentions, _ = orgs(
        "Die Kreisverwaltung des Landkreises Sonneberg, das Landratsamt Sonneberg und der Landkreis Sonneberg "
        "arbeiten zusammen. Die Kreisverwaltung des Saale-Orla-Kreises und das Landratsamt Saale-Orla-Kreis auch."
    )
    found = by_text(mentions)
    assert {found[t].key for t in ("Kreisverwaltung des Landkreises Sonneberg", "Landratsamt Sonneberg",
                                   "Landkreis Sonneberg")} == {"district:sonneberg"}  # fmt: skip
    assert found["Kreisverwaltung des Saale-Orla-Kreises"].key == found["Landratsamt Saale-Orla-Kreis"].key
    assert found["Landratsamt Sonneberg"].ags == "16072"


@pytest.mark.parametrize(
    ("text", "genitive", "key"),
    [
        ("Der Landrat des Vogtlandkreises, Thomas Hennig, dankte.", "Vogtlandkreises", "district:vogtlandkreis"),
        ("Die Landrätin des Saale-Orla-Kreises besuchte Schleiz.", "Saale-Orla-Kreises", "district:saale-orla-kreis"),
        ("Im Auftrag des Märkischen Kreises prüft die Stadt Lüdenscheid.", "Märkischen Kreises", "district:maerkischer-kreis"),
        ("Der Kreistag des Altenburger Landes tagte.", "Kreistag des Altenburger Landes", "parliament:kreistag-landkreis-altenburger-land"),
        ("Die Bürgermeisterin des Marktes Reisbach lobte das.", "Marktes Reisbach", None),
    ],
)
def test_genitives(text, genitive, key):
    mentions, _ = orgs(text)
    found = by_text(mentions)
    if key is None:
        assert any(m.type == "municipality" and m.name == "Reisbach" for m in mentions)
    else:
        assert found[genitive].key == key


def test_coordinated_districts_and_towns():
    mentions, _ = orgs(
        "Die Landkreise Greiz, Sonneberg und Hildburghausen sowie die Städte Gera, Weimar und Suhl kooperieren. "
        "Auch die Ämter Gramzow und Joachimsthal machen mit."
    )
    assert {"district:Landkreis Greiz", "district:Landkreis Sonneberg", "district:Landkreis Hildburghausen",
            "municipality:Gera", "municipality:Weimar", "municipality:Suhl", "municipal_association:Amt Gramzow",
            "municipal_association:Amt Joachimsthal"} <= labels(mentions)  # fmt: skip


def test_association_and_district_differ_from_the_town_of_the_same_name():
    mentions, state = orgs(
        "Die Verwaltungsgemeinschaft Schleiz, die VG Schleiz und die Stadt Schleiz. Dazu der Landkreis Greiz "
        "und die Stadt Greiz sowie der Landkreis Gotha und in Gotha selbst. Das Land Thüringen fördert."
    )
    found = by_text(mentions)
    assert found["VG Schleiz"].key == found["Verwaltungsgemeinschaft Schleiz"].key
    assert found["VG Schleiz"].type == "municipal_association"
    assert found["Verwaltungsgemeinschaft Schleiz"].key != found["Schleiz"].key
    assert found["Schleiz"].type == "municipality"
    assert found["Landkreis Greiz"].key != found["Greiz"].key
    assert found["Landkreis Gotha"].type == "district" and found["Gotha"].type == "municipality"
    assert state == "16"


def test_vg_is_a_verbandsgemeinde_in_rhineland_palatinate():
    mentions, _ = orgs("Die VG Kaisersesch und das Land Rheinland-Pfalz arbeiten zusammen.")
    assert by_text(mentions)["VG Kaisersesch"].name == "Verbandsgemeinde Kaisersesch"


def test_places_of_the_same_name_are_chosen_by_the_state():
    bavaria, _ = orgs("Der Freistaat Bayern fördert die Stadt Landau. Bürgermeister in Landau ist ...")
    palatinate, _ = orgs("Das Land Rheinland-Pfalz fördert die Stadt Landau.")
    by, rp = by_text(bavaria)["Landau"], by_text(palatinate)["Landau"]
    assert (by.state, rp.state) == ("09", "07")
    assert by.key != rp.key
    assert rp.ags == "07313" and by.ags is None  # only Landau in der Pfalz is district-free
    brandenburg, _ = orgs("Das Land Brandenburg hilft der Stadt Bernau. Auch in Frankfurt wird gearbeitet.")
    found = by_text(brandenburg)
    assert found["Bernau"].state == "12"
    assert found["Frankfurt"].ags == "12053"


def test_university_named_short_and_in_full_is_one():
    mentions, _ = orgs(
        "Die Justus-Liebig-Universität Gießen und die Stadt Gießen kooperieren. Die Justus-Liebig-Universität "
        "stellt Personal, die Universität Gießen auch Räume."
    )
    keys = {m.key for m in mentions if m.type == "university"}
    assert keys == {"university:justus-liebig-universitaet-giessen"}


def test_a_short_name_learned_from_its_office_names_the_body_again():
    mentions, _ = orgs(
        "Jan Beispiel, Geschäftsführer KRZ Lemgo, sprach. Die Stadt Detmold ist Mitglied der KRZ Lemgo."
    )
    krz = [m for m in mentions if m.name == "KRZ Lemgo"]
    assert len(krz) == 2  # the second mention, without an office, is the body too


def test_a_bare_association_is_that_of_the_state():
    mentions, state = orgs("Erfurt (dpa/th) – Der Landkreistag lobt. Der Thüringische Landkreistag auch.")
    assert state == "16"
    assert {m.key for m in mentions if m.type == "other"} == {"other:16:landkreistag"}
    assert "municipality:Erfurt" in labels(mentions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gotha (dpa/th) – Der Gemeinde- und Städtebund und der Landkreistag loben das Land.",
         {"other:Gemeinde- und Städtebund Thüringen", "other:Thüringischer Landkreistag"}),
        ("Passau – Im Freistaat Bayern lobt der Gemeindetag die Förderung.", {"other:Bayerischer Gemeindetag"}),
        ("Halle (Saale) – In Sachsen-Anhalt lobt der Landkreistag die Förderung.", {"other:Landkreistag Sachsen-Anhalt"}),
    ],
)  # fmt: skip
def test_a_bare_association_has_its_official_name(text, expected):
    mentions, _ = orgs(text)
    assert {label for label in labels(mentions) if label.startswith("other:")} == expected


def test_places_joined_to_a_place_after_a_preposition():
    mentions, _ = orgs("Vertreter aus Schmalkalden, Meiningen und Zella-Mehlis kamen. Kunst, Weimar und Kultur.")
    assert labels(mentions) == {"municipality:Schmalkalden", "municipality:Meiningen", "municipality:Zella-Mehlis"}


def test_a_state_in_a_list_of_places_stays_the_state():
    mentions, _ = orgs("In Erfurt und Thüringen insgesamt sowie in Gera, Essen und Umgebung.")
    assert labels(mentions) == {"municipality:Erfurt", "state:Thüringen", "municipality:Gera"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Thüringische Landkreistag lobt.", {"other:Thüringischer Landkreistag"}),
        ("Das Thüringer Landesverwaltungsamt in Weimar bewilligte.",
         {"authority:Thüringer Landesverwaltungsamt", "municipality:Weimar"}),
        ("Die Thüringer Aufbaubank (TAB) zahlt. Die TAB prüft.", {"authority:Thüringer Aufbaubank"}),
        ("Im Nordhäuser Rathaus tagte man.", {"municipality:Nordhausen"}),
        ("Die Stadtverwaltung Mühlhausen startet.", {"municipality:Mühlhausen"}),
        ("Das Land Thüringen und das Landesrechenzentrum.", {"state:Thüringen", "authority:Thüringer Landesrechenzentrum"}),
        ("mit der Kommunalen Informationsverarbeitung Sachsen GmbH",
         {"company:Kommunale Informationsverarbeitung Sachsen GmbH"}),
        ("Die Bayerische Staatsregierung und die Europäische Union fördern.", {"state:Bayern", "authority:Bayerische Staatsregierung",
                                                                            "other:Europäische Union"}),
        ("Das Bundesfinanzministerium, also das Bundesministerium der Finanzen.", {"ministry:Bundesministerium der Finanzen"}),
        ("Die Verwaltungsgemeinschaft „Oberes Geratal“ startet.", {"municipal_association:Verwaltungsgemeinschaft Oberes Geratal"}),
        ("Die Bezirksregierung Detmold und die Regierung von Unterfranken prüfen.",
         {"authority:Bezirksregierung Detmold", "authority:Regierung von Unterfranken"}),
        ("Die Kreissparkasse Saalfeld-Rudolstadt hilft.", {"company:Kreissparkasse Saalfeld-Rudolstadt"}),
        ("Die Uni Jena und die Müller & Söhne GmbH forschen.", {"university:Universität Jena", "company:Müller & Söhne GmbH"}),
        ("Der Präsident des Deutschen Städtetages sowie Vertreter des Landkreistages.",
         {"other:Deutscher Städtetag", "other:Landkreistag"}),
        ("Im Thüringer Wald und in der Sächsischen Schweiz.", set()),
        # a unit named by its remit, and the body it belongs to after "der"
        ("Sie leitet das Amt für Geodaten und Vermessung der Kreisverwaltung.",
         {"authority:Amt für Geodaten und Vermessung"}),
        # a name shortened later in the same release is the body named in full
        ("Das Kompetenzzentrum Digitale Dörfer 2.0 startet. Das Kompetenzzentrum 2.0 berät.",
         {"authority:Kompetenzzentrum Digitale Dörfer 2.0"}),
        ("Die Stadt tritt dem IT-Zweckverband nordnetz bei. Der Zweckverband nordnetz wächst.",
         {"cooperation:IT-Zweckverband nordnetz"}),
    ],
)  # fmt: skip
def test_bodies_named_in_their_own_ways(text, expected):
    mentions, _ = orgs(text)
    assert labels(mentions) == expected


# ---------------------------------------------------------------------------- names of towns


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("Die Universitätsstadt Tübingen startet.", "Tübingen", "Tübingen"),
        ("Die Stadt Halle (Saale) startet.", "Halle (Saale)", "Halle (Saale)"),
        ("Die Stadt Blankenburg (Harz) startet.", "Blankenburg (Harz)", "Blankenburg (Harz)"),
        ("Gäste aus Rothenburg/O.L. kamen.", "Rothenburg/O.L.", "Rothenburg/O.L."),
        ("Die Stadt Bad Frankenhausen/Kyffhäuser lädt ein.", "Bad Frankenhausen/Kyffhäuser", "Bad Frankenhausen/Kyffhäuser"),
        ("Foto: Stadt Gotha/Jana Müller", "Gotha", "Gotha"),
        ("Die Stadt Frankfurt am Main und das Land Hessen.", "Frankfurt am Main", "Frankfurt am Main"),
        ("Die amtsfreie Gemeinde Ostseebad Binz startet.", "Ostseebad Binz", "Ostseebad Binz"),
        ("Die Hansestadt Stralsund startet.", "Stralsund", "Stralsund"),
    ],
)
def test_town_names_with_qualifiers(text, surface, name):
    mentions, _ = orgs(text)
    found = by_text(mentions)[surface]
    assert (found.type, found.name) == ("municipality", name)
    assert found.geonames_id is not None


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Weimar, 12. Mai 2024. Die Stadt lädt ein.", "Weimar"),
        ("Magdeburg/Halle. Die Landesregierung lädt ein.", "Halle"),
        ("Cottbus. Die Stadt lädt ein.", "Cottbus"),
    ],
)
def test_dateline_places(text, surface):
    mentions, _ = orgs(text)
    assert by_text(mentions)[surface].type == "municipality"


# ---------------------------------------------------------------------------- what is no organisation


@pytest.mark.parametrize(
    "text",
    [
        "Die Kommunen und eine Beratungsgesellschaft arbeiten an der Umsetzung.",
        "Die Kreishäuser und die Landesbehörden sollen profitieren.",
        "Das Büro liegt in der Bahnhofstraße 12.",
        "Das Landratsamt, die Behörde und das Ministerium arbeiten zusammen.",
        "Besucher aus Deutschland, Dänemark und Polen kamen auf die Insel Föhr.",
        "Der Kreis der Teilnehmenden wächst. Unser Kreis ist offen.",
        "Die Stadt will ihre Verwaltung digitalisieren, die Gemeinde selbst ebenfalls.",
    ],
)
def test_generic_mentions_and_non_authorities_are_no_organisations(text):
    mentions, _ = orgs(text)
    assert mentions == ()


@pytest.mark.parametrize(
    "text",
    [
        "Landrat Werner Kessler (CSU) sagte, es gehe voran.",
        "„Wir sind bereit“, sagte Klaus Winterberg.",
        "Die Sprecherin Anna Waldeck bestätigte das.",
        "Das Amt sitzt in der Frauensteiner Straße 4.",
    ],
)
def test_persons_and_streets_named_like_places_are_no_places(text):
    mentions, _ = orgs(text)
    assert [m for m in mentions if m.type == "municipality"] == []


def test_a_given_name_before_a_family_name_is_no_town(monkeypatch):
    from egov_kg.extract import organizations

    monkeypatch.setattr(organizations, "given_names", lambda: frozenset({"Achim"}))
    assert labels(orgs("Grüße von Achim Berger.")[0]) == set()
    assert labels(orgs("Grüße aus Achim.")[0]) == {"municipality:Achim"}


@pytest.mark.parametrize("word", ["Stelle", "Wissen", "Bescheid", "Regen", "Horst", "Altstadt"])
def test_common_words_that_are_also_places_need_a_type_word(word):
    assert orgs(f"Das Projekt kam in {word} und aus {word} voran.")[0] == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stadtrat Peter Müller und Kreistag Mitglieder stimmten zu.", set()),
        ("Der Gemeinderat Montag tagt nicht.", set()),
        ("Der Kreistag Greiz und der Stadtrat der Stadt Neustadt stimmten zu.",
         {"parliament:Kreistag Landkreis Greiz", "district:Landkreis Greiz", "parliament:Stadtrat Neustadt",
          "municipality:Neustadt"}),
    ],
)  # fmt: skip
def test_councils_need_a_known_body(text, expected):
    assert labels(orgs(text)[0]) == expected


def test_place_names_inside_a_cooperation_name_stay_inside():
    mentions, _ = orgs("Der Digitalverbund Westerwald wurde gegründet. Auch der Zweckverband Digitale Eifelregion hilft.")
    assert labels(mentions) == {"cooperation:Digitalverbund Westerwald", "cooperation:Zweckverband Digitale Eifelregion"}


def test_company_names_do_not_cross_sentences():
    mentions, _ = orgs("Das Geld kommt vom Land. Der IT-Dienstleister Komm.ONE AöR betreibt das Portal.")
    names = {m.name for m in mentions}
    assert "Komm.ONE AöR" in names
    assert not any("Land." in n for n in names)


# ---------------------------------------------------------------------------- names of several words, brackets, lists


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Samtgemeinde Land Wursten und die Samtgemeinde Geest Ostholz planen.",
         {"municipal_association:Samtgemeinde Land Wursten", "municipal_association:Samtgemeinde Geest Ostholz"}),
        ("Der Verwaltungsverband An der Marke und die VG Untere Altmühl tagen.",
         {"municipal_association:Verwaltungsverband An der Marke", "municipal_association:Verwaltungsgemeinschaft Untere Altmühl"}),
        ("Die Stadt Ober-Mörlener Höhe und die Landgemeinde Am Ettersberg melden sich.",
         {"municipality:Ober-Mörlener Höhe", "municipality:Am Ettersberg"}),
        ("Die Verwaltungsgemeinschaften Saaleplatte und Am Hohen Kreuz kooperieren.",
         {"municipal_association:Verwaltungsgemeinschaft Saaleplatte", "municipal_association:Verwaltungsgemeinschaft Am Hohen Kreuz"}),
        ("Wir wissen, dass die Stadt Hannover Zuschüsse erhält.", {"municipality:Hannover"}),
        ("Die Gemeinde Oppurg im Saale-Orla-Kreis und die Gemeinden im Landkreis Miesbach legen zusammen.",
         {"municipality:Oppurg", "district:Saale-Orla-Kreis", "district:Landkreis Miesbach"}),
    ],
)  # fmt: skip
def test_a_type_word_vouches_for_a_name_of_several_words(text, expected):
    assert labels(orgs(text)[0]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the district a body lies in is a body of its own
        ("• Verwaltungsgemeinschaft Seeland (Salzlandkreis): 30.000 Euro",
         {"municipal_association:Verwaltungsgemeinschaft Seeland", "district:Salzlandkreis"}),
        ("Die Gemeinde Großenstein (Unstrut-Hainich-Kreis) erhält Geld.",
         {"municipality:Großenstein", "district:Unstrut-Hainich-Kreis"}),
        # another name of a known town is left out, a river or region in the official name stays
        ("Die Gemeinden Schleife (Slepo) und Rietschen (Rěčicy) machen mit.", {"municipality:Schleife", "municipality:Rietschen"}),
        ("Die Stadt Halle (Saale) und die Stadt Briesen (Mark) machen mit.",
         {"municipality:Halle (Saale)", "municipality:Briesen (Mark)"}),
        # the towns an erfüllende Gemeinde serves
        ("Die Stadt Kindelbrück, erfüllende Gemeinde für Günstedt und Riethgen (Landkreis Sömmerda), erhält Geld.",
         {"municipality:Kindelbrück", "municipality:Günstedt", "municipality:Riethgen", "district:Landkreis Sömmerda"}),
    ],
)  # fmt: skip
def test_brackets_and_lists_after_names(text, expected):
    assert labels(orgs(text)[0]) == expected


def test_bracket_after_a_district_head_names_the_district_evidence_apart():
    mentions, _ = orgs("Die Verwaltungsgemeinschaft Seeland (Salzlandkreis) erhält Geld.")
    found = by_text(mentions)
    assert found["Salzlandkreis"].type == "district"
    assert found["Verwaltungsgemeinschaft Seeland"].key != found["Salzlandkreis"].key


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Landrätin Ute Brandhorst (Sonneberg) sagte", "Sonneberg", "district:Landkreis Sonneberg"),
        ("Landrat Jens Albrecht (Gotha) und Landrätin Mia Thiel (Greiz) sagten", "Greiz", "district:Landkreis Greiz"),
        ("Bürgermeister Kai Sommerfeld (Kyritz) sagte", "Kyritz", "municipality:Kyritz"),
        ("Landrätin Ute Brandhorst (SPD, Greiz) sagte", "Greiz", "district:Landkreis Greiz"),
        ("Landrat Jens Albrecht (CDU) und Bürgermeisterin Ina Graf (Weimar) sagten", "Weimar", "municipality:Weimar"),
        ("Die Gothaer Landrätin und der Gothaer Oberbürgermeister", "Gothaer", None),
    ],
)
def test_a_place_after_a_person_is_the_town_or_after_a_landrat_the_district(text, surface, expected):
    mentions, _ = orgs(text)
    found = [f"{m.type}:{m.name}" for m in mentions if m.text == surface]
    if expected is None:  # the district's office, then the town's
        assert found == ["district:Landkreis Gotha", "municipality:Gotha"]
    else:
        assert found == [expected]


def test_a_seat_and_an_address_name_the_town_even_where_it_is_a_word():
    mentions, _ = orgs("Landrat Jo Wenzl übergab im Landratsamt in Regen die Bescheide.\n\nPoststraße 1, 94209 Regen")
    assert [m.name for m in mentions if m.type == "municipality"] == ["Regen", "Regen"]
    assert orgs("Das Projekt kam in Regen voran.")[0] == ()


@pytest.mark.parametrize(
    "text",
    [
        "Wie arbeitet eine Kreisverwaltung im Jahr 2040?",
        "Prof. Dr. Marlene von Eschwege leitet das Institut. Von Eschwege sagte, es gehe voran.",
        "Ein Gruß von Achim van Dyk.",
        "Der Chef der Staatskanzlei, Jonas Weber, sagte nichts.",
    ],
)
def test_no_body_from_a_year_a_family_name_or_a_person_after_a_comma(text):
    mentions, _ = orgs(text)
    assert not [m for m in mentions if m.type in ("municipality", "district")]
    assert all(", " not in m.name for m in mentions)


def test_a_family_name_with_von_is_no_town_but_the_town_is():
    mentions, _ = orgs("Dr. Marlene von Eschwege kam aus Eschwege.")
    assert [(m.text, m.evidence.start) for m in mentions] == [("Eschwege", 33)]


def test_ministry_names_with_a_comma():
    mentions, state = orgs(
        "Das Ministerium des Innern, für Bau und Digitales fördert. Der Chef der Staatskanzlei, Jonas Weber, lobt."
    )
    found = by_text(mentions)
    assert "Ministerium des Innern, für Bau und Digitales" in found
    assert found["Staatskanzlei"].name == "Staatskanzlei"


# ---------------------------------------------------------------------------- bodies known by context


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("Den Betrieb übernimmt die Nordkom, der kommunale IT-Dienstleister im Norden.", "Nordkom", "authority:Nordkom"),
        ("Umgesetzt wird es von der Ostsachsen-IT, ein kommunaler Zweckverband.", "Ostsachsen-IT", "cooperation:Ostsachsen-IT"),
        ("Das betreibt der IT-Dienstleister Kommwerk, der auch Schulen betreut.", "Kommwerk", "company:Kommwerk"),
        ("Die Plattform stellt die datenwerk7 – KRZ Nordhessen bereit.", "datenwerk7 – KRZ Nordhessen", "company:datenwerk7"),
        ("Beraten wird sie vom IT-Verbund Nordmark (ITV.NM).", "IT-Verbund Nordmark", "cooperation:IT-Verbund Nordmark"),
    ],
)  # fmt: skip
def test_bodies_without_a_head_noun_from_their_context(text, surface, label):
    found = by_text(orgs(text)[0])
    assert f"{found[surface].type}:{found[surface].name}" == label


def test_a_name_learned_from_context_names_the_body_again():
    mentions, _ = orgs("Die Nordkom, der kommunale IT-Dienstleister, baut das Portal. Die Nordkom rechnet mit Erfolg.")
    assert [m.text for m in mentions] == ["Nordkom", "Nordkom"]
    assert len({m.key for m in mentions}) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Es ist wichtig, dass der IT-Dienstleister Daten verarbeitet.",
        "Der Chief Digital Officer (CDO) koordiniert.",
        "Die Stadtwerke (SWK) liefern.",
        "Die Verwaltung, der zentrale Dienstleister der Bürger, ist offen.",
        "Die Künstliche Intelligenz (KI) und das Onlinezugangsgesetz (OZG) helfen.",
    ],
)
def test_no_body_from_generic_context(text):
    assert orgs(text)[0] == ()


def test_a_short_form_with_a_state_is_the_body_not_the_state():
    mentions, _ = orgs(
        "Die Kommunale Datenzentrale Sachsen GmbH (KDZ Sachsen) baut. KDZ-Geschäftsführer Ole Brandt lobt die KDZ Sachsen."
        "\n\nKontakt: KDZ Sachsen GmbH, Presse"
    )
    assert {m.type for m in mentions} == {"company"}
    assert len({m.key for m in mentions}) == 1
    assert [m.text for m in mentions] == [
        "Kommunale Datenzentrale Sachsen GmbH", "KDZ Sachsen", "KDZ", "KDZ Sachsen", "KDZ Sachsen GmbH"]


def test_a_landgemeinde_is_a_municipality():
    assert labels(orgs("Die Landgemeinde Am Ettersberg startet.")[0]) == {"municipality:Am Ettersberg"}


# ---------------------------------------------------------------------------- official keys


def test_official_keys_of_states_districts_and_district_free_towns():
    mentions, _ = orgs(
        "Der Freistaat Thüringen, der Wartburgkreis, der Landkreis Gotha, die Stadt Jena und der Kreis Soest, "
        "dazu die Stadt Eisenberg."
    )
    found = by_text(mentions)
    assert found["Freistaat Thüringen"].ags == "16"
    assert found["Wartburgkreis"].ags == "16063"
    assert found["Landkreis Gotha"].ags == "16067"
    assert found["Jena"].ags == "16053"
    assert found["Kreis Soest"].ags == "05974"
    assert found["Eisenberg"].ags is None  # a town within a district has an 8-digit key we do not carry
    for m in mentions:
        assert official_key(m) == m.ags


# ---------------------------------------------------------------------------- names as the text gives them


def test_a_body_with_and_without_its_legal_form_is_one_body():
    mentions, _ = orgs("Die Datenwerk Nordmark GmbH berät die Kommunen. Die Datenwerk Nordmark wurde 2019 gegründet, "
                       "sagte der Geschäftsführer der Datenwerk Nordmark.")
    assert len({m.key for m in mentions if "Datenwerk" in m.text}) == 1
    assert {m.name for m in mentions if "Datenwerk" in m.text} == {"Datenwerk Nordmark GmbH"}


def test_a_short_name_read_as_two_types_is_one_body():
    mentions, _ = orgs("Die Verbandsversammlung KDXZ tagte in Soest. KDXZ-Geschäftsführer Jan Probe legte den Bericht vor.")
    assert len({m.key for m in mentions if m.text == "KDXZ"}) == 1


@pytest.mark.parametrize(
    ("text", "state", "label"),
    [
        ("Die Förderung beantragt man beim Innenministerium.", "13", "ministry:Innenministerium Mecklenburg-Vorpommern"),
        ("Das Finanzministerium zahlt die Mittel aus.", "01", "ministry:Finanzministerium Schleswig-Holstein"),
        ("Das Finanzministerium zahlt die Mittel aus.", "09", "ministry:Bayerisches Finanzministerium"),
        ("Laut Staatskanzlei im Jahr 2020 war das neu.", "14", "ministry:Sächsische Staatskanzlei"),
    ],
)  # fmt: skip
def test_a_bare_ministry_is_named_as_the_states_ministries_are(text, state, label):
    assert label in labels(orgs(text, state=state)[0])


def test_a_persons_family_name_is_no_place():
    mentions, _ = orgs("Ministerin Eva Rosenheim kam zum Festakt. Der Kreis erhielt von Rosenheim den Bescheid.")
    assert not [m for m in mentions if m.type == "municipality"]


def test_a_district_named_in_short_is_the_district_named_in_full():
    mentions, _ = orgs("Im Rhein-Kreis Neuss startet das Portal. Die Kosten trägt der Rhein-Kreis zur Hälfte.")
    assert {m.name for m in mentions if m.type == "district"} == {"Rhein-Kreis Neuss"}
