"""Grants: recipients, amounts, funders, dates, programmes; budgets and costs are no grants."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from egov_kg.keys import OrgKey
from egov_kg.records import Funding
from tests.helpers import read

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _fundings(text: str) -> tuple[Funding, ...]:
    facts = read(text)
    known = {o.key for o in facts.orgs}
    for f in facts.fundings:
        assert f.recipient in known  # never an organisation the organisation extractor did not find
        assert set(f.funders) - known <= {k for k in f.funders if k.startswith("state:")}
    return facts.fundings


def _table(found: tuple[Funding, ...]) -> list[tuple[str, Decimal, str | None, tuple[str, ...], str | None]]:
    return [(f.recipient, f.amount.value, f.amount.qualifier, f.funders, f.date.value if f.date else None)
            for f in found]


def test_handover_to_an_office_holder_and_a_later_grant() -> None:
    found = _fundings((FIXTURES / "money_grants_handover.txt").read_text(encoding="utf-8"))
    rows = _table(found)
    assert [r[:2] for r in rows] == [("district:salzlandkreis", Decimal("236480.50")), (rows[1][0], Decimal(52000))]
    assert rows[1][0].startswith("municipality:")
    assert rows[0][3] == ("state:15",) and rows[0][4] == "2023-11-14"  # "am Vormittag" of the release's day
    assert rows[1][4] == "2023-10-02"  # "am 2. Oktober", the year from the release
    assert found[0].programme == "Kommune online Sachsen-Anhalt"
    assert found[0].rate == Decimal(80)


def test_parts_of_a_total_and_the_group_that_gets_the_total() -> None:
    found = _fundings((FIXTURES / "money_grants_parts.txt").read_text(encoding="utf-8"))
    assert _table(found) == [
        ("cooperation:digitalverbund-westeifel", Decimal(318000), "rund", ("ministry:07:innen", "state:07"), None),
        ("municipal_association:verbandsgemeinde-pruem", Decimal(126000), "rund", ("ministry:07:innen", "state:07"), None),
        ("municipal_association:verbandsgemeinde-arzfeld", Decimal(97500), "knapp", ("ministry:07:innen", "state:07"), None),
        ("municipal_association:verbandsgemeinde-gerolstein", Decimal(94500), "etwa", ("ministry:07:innen", "state:07"), None),
    ]
    assert found[0].purpose == "E-Akte"


def test_recipient_list_in_brackets_and_each_of_two() -> None:
    found = _fundings((FIXTURES / "money_grants_list.txt").read_text(encoding="utf-8"))
    rows = _table(found)
    assert [(r[1], r[2]) for r in rows] == [
        (Decimal(7250), None), (Decimal(15800), None), (Decimal(11400), None),
        (Decimal(9650), "knapp"), (Decimal(9650), "knapp"),
    ]
    assert rows[2][0] == "municipal_association:amt-pellworm"
    assert {r[0] for r in rows[3:]} == {"municipal_association:amt-foehr-amrum", "municipal_association:amt-vioel"}
    assert {r[4] for r in rows} == {"2022-08-19"}  # the day the notices were handed over
    assert {r[3] for r in rows} == {("state:01",)}
    assert {f.rate for f in found} == {Decimal(75)}


def test_a_reference_to_the_cooperation_is_its_recipient() -> None:
    text = (
        "Husum, 12.05.2023\n\nDie Ämter Mittelangeln und Südangeln haben den „Digitalverbund Angeln“ "
        "ins Leben gerufen. Heute überbrachte der Staatssekretär eine Zuwendung von 1,35 Mio. Euro an den Verbund."
    )
    (funding,) = _fundings(text)
    assert funding.recipient == "cooperation:digitalverbund-angeln"
    assert funding.amount.value == Decimal(1350000)
    assert funding.date is not None and funding.date.value == "2023-05-12"


@pytest.mark.parametrize(
    "text",
    [
        "Der Freistaat Sachsen unterstützt die Modernisierung der Rathäuser bis 2027 mit 60 Millionen Euro.",
        "Für das Förderprogramm stehen jährlich 3 Mio. Euro bereit. Die Stadt Zwickau hat einen Antrag gestellt.",
        "Im Haushalt des Landes Hessen sind dafür 2,5 Millionen Euro vorgesehen.",
        "Das Land übernimmt drei Viertel der Gesamtkosten von rund 1,3 Mio. Euro der Stadt Fulda.",
        "Insgesamt fließen 90.000 Euro an die Kommunen im Landkreis Leer.",
        "Die Stadt Cottbus investiert 400.000 Euro in ihr Bürgerbüro.",
        "Gefördert werden höchstens 15.000 Euro je Antrag, etwa die Gemeinde Kirchheim.",
    ],
)
def test_budgets_costs_and_generic_recipients_are_no_grants(text: str) -> None:
    assert _fundings(text) == ()


def test_no_grant_without_a_named_recipient() -> None:
    assert _fundings("Die Staatssekretärin übergab einen Förderbescheid über 80.000 Euro an die Antragsteller.") == ()


def test_one_grant_per_recipient_and_amount() -> None:
    text = (
        "Landrätin Ilka Wendorff nahm den Zuwendungsbescheid für den Salzlandkreis entgegen. "
        "Die Ministerin überreichte die Zuwendung in Höhe von 150.000 Euro an den Salzlandkreis. "
        "Die Übergabe der Zuwendung über 150.000 Euro an den Salzlandkreis fand in Bernburg statt."
    )
    assert [(f.recipient, f.amount.value) for f in _fundings(text)] == [("district:salzlandkreis", Decimal(150000))]


def test_state_funders_federal_funders_and_shared_sums() -> None:
    found = _fundings((FIXTURES / "money_grants_mixed.txt").read_text(encoding="utf-8"))
    rows = [(OrgKey.parse(f.recipient).type, f.amount.value, f.funders) for f in found]
    assert rows == [
        ("municipality", Decimal(50000), ("state:12",)),  # "Mit X unterstützt das Land die Stadt Y"
        ("district", Decimal(300000), ("state:12",)),  # "Y bekommt vom Land X"
        ("municipality", Decimal(80000), ("state:12",)),  # a federal ministry in the next sentence is not its funder
        ("municipality", Decimal(45000), ("state:12",)),  # "..., die Gemeinde Z X"
        ("municipality", Decimal(1500000), ("ministry:de:innen",)),  # a federal grant names no state
    ]
    assert found[0].recipient != found[2].recipient
    assert found[2].purpose == "Online-Bauakte" and found[3].purpose is None


def test_a_notice_for_the_planned_cooperation_has_no_made_up_purpose() -> None:
    text = (
        "Die Städte Pirna und Freital gründen den „Digitalverbund Elbtal“. Schon am 9. Mai 2022 hatte die "
        "Sächsische Aufbaubank dazu eine Zuwendung über 280.000 Euro für den künftigen Verbund bewilligt."
    )
    (funding,) = _fundings(text)
    assert funding.recipient == "cooperation:digitalverbund-elbtal"
    assert funding.purpose is None
    assert funding.date is not None and funding.date.value == "2022-05-09"
    assert funding.funders[-1] == "state:14" and funding.funders[0].startswith("authority:14:")


def test_a_project_refers_back_to_a_cooperation_never_forward() -> None:
    text = (
        "Die Ministerin überbrachte eine Zuwendung über 320.000 Euro an den Landkreis Sömmerda, der das Vorhaben "
        "leitet. Seit 2021 wirkt die Stadt Sömmerda im „Netzwerk Digitale Mitte“ mit."
    )
    assert [(f.recipient, f.amount.value) for f in _fundings(text)] == [("district:soemmerda", Decimal(320000))]
    text = "Zwei Städte schließen sich zum „Digitalverbund Spreewald“ zusammen. Das Land fördert das Vorhaben mit 230.000 Euro."
    assert [(f.recipient, f.amount.value) for f in _fundings(text)] == [
        ("cooperation:digitalverbund-spreewald", Decimal(230000))]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # handed over at the signing reported before: the signing's day
        ("Lüneburg, 14.06.2023\n\nDie Hansestadt Lüneburg und die Samtgemeinde Amelinghausen haben am vergangenen "
         "Montag eine Zweckvereinbarung geschlossen. Staatssekretär Malte Wendel händigte nach der Unterzeichnung "
         "eine Zuwendung von 90.000 Euro an die Samtgemeinde Amelinghausen aus.", "2023-06-12"),
        # handed over after the event reported before: the event's day
        ("Rostock, 09.11.2022\n\nGestern trafen sich 200 Fachleute zum Digitaltag in Rostock. Im Anschluss übergab "
         "die Ministerin Förderbescheide. Die Stadt Güstrow wird mit 55.000 Euro gefördert.", "2022-11-08"),
        # the notice arrived "Anfang März": the month
        ("Celle, 20.04.2024\n\nDie Gemeinde Eschede erhält vom Land 32.000 Euro. Ihr Zuwendungsbescheid ging schon "
         "Anfang März im Rathaus ein.", "2024-03"),
        # a bound is no grant's date
        ("Celle, 20.04.2024\n\nDie Gemeinde Eschede erhält vom Land 32.000 Euro. Die Mittel können "
         "bis Ende März abgerufen werden.", None),
    ],
)
def test_grant_date_from_the_handover(text: str, date: str | None) -> None:
    (funding,) = _fundings(text)
    assert (funding.date.value if funding.date else None) == date


@pytest.mark.parametrize(("giver", "funders"), [
    ("Die Innenministerin", ("ministry:03:innen", "state:03")),  # a minister: the ministry the release names
    ("Der Landrat", ()),  # no member of the government: no ministry
])
def test_a_minister_handing_over_gives_for_the_ministry_named_elsewhere(giver: str, funders: tuple[str, ...]) -> None:
    text = (
        "Niedersächsisches Innenministerium\nPressemitteilung vom 12.09.2023\n\n"
        "Der Landkreis Uelzen und die Samtgemeinde Suderburg richten ein gemeinsames Bürgerportal ein. Am Montag "
        "unterzeichneten beide die Vereinbarung in Uelzen.\n\n"
        f"{giver} händigte dabei eine Zuwendung von 240.000 Euro an die Samtgemeinde Suderburg aus. "
        "Das Portal soll im Frühjahr online gehen."
    )
    (funding,) = _fundings(text)
    assert funding.recipient == "municipal_association:samtgemeinde-suderburg"
    assert funding.funders == funders
    assert funding.date is not None and funding.date.value == "2023-09-11"


def test_a_group_by_its_number_gets_one_grant_each_and_a_notice_names_the_recipient() -> None:
    text = (
        "Uelzen, 05.07.2023\n\nDie Stadt Uelzen, die Stadt Bad Bevensen und die Gemeinde Bienenbüttel richten ein "
        "gemeinsames Bürgerbüro ein. Das Land bezuschusst das gemeinsame Bürgerbüro mit 150.000 Euro. Den "
        "Zuwendungsbescheid für die Stadt Uelzen als Trägerin hat die Staatssekretärin am Montag ausgehändigt. "
        "Für Schulungen bekommen die drei Kommunen außerdem je rund 12 Tsd. Euro. Die drei Kommunen tragen "
        "zusammen 40.000 Euro selbst."
    )
    rows = [(f.recipient, f.amount.value, f.amount.qualifier) for f in _fundings(text)]
    uelzen, bevensen, bienenbuettel = "municipality:2820456", "municipality:2949511", "municipality:2949150"
    assert rows == [(uelzen, Decimal(150000), None), (uelzen, Decimal(12000), "rund"),
                    (bevensen, Decimal(12000), "rund"), (bienenbuettel, Decimal(12000), "rund")]


def test_a_group_needs_as_many_bodies_as_it_counts() -> None:
    text = ("Die Stadt Uelzen und die Gemeinde Bienenbüttel richten ein Bürgerbüro ein. Für Schulungen bekommen die "
            "drei Kommunen je 12.000 Euro Fördermittel.")
    assert _fundings(text) == ()


def test_a_cooperation_by_the_head_of_its_name_and_its_stated_legal_recipient() -> None:
    text = (
        "Celle, 11.10.2022\n\nDie Stadt Celle und die Gemeinde Wietze gründen das „Datenlabor Südheide“. Das Land "
        "fördert das Datenlabor mit 180.000 Euro. Die Städte Verden und Achim starten den „IT-Verbund Aller-Weser“. "
        "Der IT-Verbund wird mit 260.000 Euro gefördert. Zuwendungsempfänger ist die Stadt Verden."
    )
    assert [(f.recipient, f.amount.value) for f in _fundings(text)] == [
        ("cooperation:datenlabor-suedheide", Decimal(180000)), ("municipality:2817599", Decimal(260000))]
    text = ("Die Städte Verden und Achim gründen die „Initiative Digitale Weser“. Das Land fördert die Initiative mit "
            "75.000 Euro.")
    assert [(f.recipient, f.amount.value) for f in _fundings(text)] == [
        ("cooperation:initiative-digitale-weser", Decimal(75000))]


def test_the_issuer_of_the_notice_handed_over_is_the_funder() -> None:
    text = (
        "Dresden, 18.10.2023\n\nDie Gemeinde Ottendorf-Okrilla wird mit 38.000 Euro aus Landesmitteln gefördert. "
        "Am Montag übergab Landrat Axel Brüning im Rathaus den Förderbescheid der Sächsischen Aufbaubank."
    )
    (funding,) = _fundings(text)
    assert funding.funders == ("authority:14:aufbaubank", "state:14")
    assert funding.date is not None and funding.date.value == "2023-10-16"


@pytest.mark.parametrize("text", [
    "Der Landkreis Harburg unterstützt das neue Servicezentrum: Er gewährt der Gemeinde Seevetal für den Start "
    "einen Zuschuss von 22.000 Euro.",
    "Der Landkreis Harburg stellt sich hinter das Vorhaben. Er gewährt der Gemeinde Seevetal einen Zuschuss von "
    "22.000 Euro.",
    "Der Landkreis Harburg fördert die Gemeinde Seevetal mit 22.000 Euro.",
])
def test_a_body_that_grants_as_the_subject_or_by_a_pronoun_is_the_funder(text: str) -> None:
    (funding,) = _fundings(text)
    assert funding.recipient.startswith("municipality:")
    assert funding.funders and funding.funders[0].startswith("district:")


def test_a_pronoun_without_a_body_as_subject_names_no_funder() -> None:
    text = "Für die Gemeinde Seevetal ist das ein Gewinn. Sie erhält einen Zuschuss von 22.000 Euro."
    for funding in _fundings(text):
        assert not any(k.startswith("district:") for k in funding.funders)


def test_a_fund_of_the_state_or_of_a_district_gives_the_money() -> None:
    text = (
        "Schwerin, 04.03.2024\n\nAus dem Digitalfonds des Landes erhält die Stadt Parchim 31.000 Euro für ein "
        "Bürgerportal. Neu ist außerdem ein Innovationsfonds des Landkreises Ludwigslust-Parchim. Daraus bekommt "
        "die Gemeinde Banzkow 9.000 Euro für digitale Sitzungen."
    )
    rows = {OrgKey.parse(f.recipient).type + ":" + str(f.amount.value): f.funders for f in _fundings(text)}
    assert rows["municipality:31000"] == ("state:13",)
    assert rows["municipality:9000"][0].startswith("district:")


def test_real_forms_pronoun_dative_first_spending_and_on_behalf_of_a_group() -> None:
    found = _fundings((FIXTURES / "money_grants_forms.txt").read_text(encoding="utf-8"))
    rows = [(OrgKey.parse(f.recipient).type, f.amount.value, f.amount.qualifier, f.date.value if f.date else None)
            for f in found]
    assert rows == [
        ("municipality", Decimal(42500), None, "2024-05-13"),  # "Sie erhält": the town the sentence before opens with
        ("district", Decimal(180000), "rund", "2024-05-13"),  # "Dem Landratsamt X überreichte die Ministerin ..."
        ("municipality", Decimal(12000), "knapp", "2024-05-13"),  # "verwendet die bewilligten Fördermittel"
        ("cooperation", Decimal(64000), None, "2024-05-13"),  # taken on behalf of both towns: their joint body
    ]
    assert found[0].funders == ("state:16",)  # a state minister hands over, no ministry named
    assert found[1].recipient == "district:hildburghausen"
    assert found[3].evidence.linkers[0] == "recipient.joint_project"


def test_a_name_given_before_names_the_body_again() -> None:
    text = ("Die Stadt Velburg und der Markt Lupburg erhielten Förderbescheide. Velburg bekommt 8.100 Euro, "
            "Lupburg 6.300 Euro.")
    assert [(OrgKey.parse(f.recipient).type, f.amount.value) for f in _fundings(text)] == [
        ("municipality", Decimal(8100)), ("municipality", Decimal(6300))]
    # a town of the gazetteer named alone as the one that receives, but not a person's family name
    assert [(OrgKey.parse(f.recipient).type, f.amount.value) for f in _fundings("Velburg bekommt 8.100 Euro Förderung.")] == [
        ("municipality", Decimal(8100))]
    assert _fundings("Die Schülerin Jana Hagen bekommt 8.100 Euro Förderung.") == ()


def test_a_body_after_im_is_a_place_not_the_recipient() -> None:
    assert _fundings("Ein Ort im Landkreis Roth bekommt über 5.600 Euro für das digitale Rathaus.") == ()


def test_a_state_receives_only_from_the_federation() -> None:
    (funding,) = _fundings("Hamburg hat das Themenfeld Bauen übernommen und bekommt vom Bund dafür 80 Mio. Euro.")
    assert funding.recipient == "state:02" and funding.funders == ()
    assert _fundings("Hamburg hat das Themenfeld Bauen übernommen und bekommt dafür 80 Millionen Euro.") == ()


def test_a_second_sum_for_the_same_body_has_a_place_of_its_own() -> None:
    text = ("Gefördert werden Rathaus-Apps. Dabei erhält die Stadt Bühl 9.800 Euro und die Gemeinde Ottersweier "
            "4.100 Euro plus 1.200 Euro für ein WLAN.")
    found = _fundings(text)
    assert [(OrgKey.parse(f.recipient).type, f.amount.value) for f in found] == [
        ("municipality", Decimal(9800)), ("municipality", Decimal(4100)), ("municipality", Decimal(1200))]
    assert found[1].recipient == found[2].recipient
    assert len({(f.evidence.start, f.recipient) for f in found}) == 3  # one grant IRI each


def test_a_number_without_currency_keeps_the_amount_from_the_body_before_it() -> None:
    text = ("Fördermittel für digitale Rathäuser: Die Gemeinde Ahorn erhält rund 12.380 und die Gemeinde Aura "
            "rund 3.900 Euro.")
    facts = read(text)
    ahorn = next(o.key for o in facts.orgs if o.name == "Ahorn")
    assert (ahorn, Decimal(3900)) not in [(f.recipient, f.amount.value) for f in facts.fundings]


def test_a_headline_total_is_no_grant_to_each_and_a_list_of_towns_with_amounts() -> None:
    found = _fundings((FIXTURES / "money_grants_totals.txt").read_text(encoding="utf-8"))
    rows = [(OrgKey.parse(f.recipient).type, f.amount.value) for f in found]
    # the headline's 900.000 Euro is split in the text: it is nobody's grant; "zusammen" is no grant to each
    assert rows == [
        ("district", Decimal(500000)), ("district", Decimal(400000)),
        ("municipality", Decimal(41200)), ("municipality", Decimal(13150)), ("municipality", Decimal(8400)),
    ]
    assert found[0].recipient == "district:hildburghausen" and found[1].recipient == "district:soemmerda"


@pytest.mark.parametrize(("text", "expected"), [
    # a list of recipients ends with "und": after a comma comes the next clause
    ("Mit 50.000 Euro fördert das Land die Stadt Eberswalde, der Landkreis Barnim erhält eine Beratung.",
     [Decimal(50000)]),
    # the amount after a comma belongs to the other body's clause, not to the subject before it
    ("Die Stadt Meiningen erhält Fördermittel für ihr Portal, der Landkreis Sonneberg einen Scheck über 50.000 Euro.", []),
])
def test_an_amount_is_not_bound_across_a_comma_to_another_clause(text: str, expected: list[Decimal]) -> None:
    found = _fundings(text)
    assert [f.amount.value for f in found] == expected
    assert all(not f.recipient.startswith("district:") for f in found)


def test_a_sentence_is_searched_for_a_piece_once_however_many_grants_ask(monkeypatch) -> None:
    from egov_kg.extract import funding_context
    from egov_kg.extract.funding_context import prepare

    text = "Die Gemeinde Adorf erhält 5.000 Euro. Der Minister überreichte den Bescheid. Das freut alle."
    sentences = [(0, 37), (38, 77), (78, len(text))]
    ctx = prepare(text, sentences, (), ())
    searched: list[str] = []
    real_piece = funding_context.piece

    class Counting:
        def __init__(self, name: str) -> None:
            self.pattern = real_piece(name)

        def search(self, sentence: str):
            searched.append(sentence)
            return self.pattern.search(sentence)

    monkeypatch.setattr(funding_context, "piece", Counting)
    for _ in range(3):  # three grants asking
        assert [ctx.holds("HANDOVER_SENTENCE", i) for i in range(-1, 4)] == [False, False, True, False, False]
    assert len(searched) == 3, "each of the three sentences once"


def test_an_anaphor_is_looked_for_only_where_its_words_are() -> None:
    """A sentence without any of the words an anaphor's every match holds is not searched with
    it: each match in the fixtures and samples holds one, and most anaphors have such words."""
    from egov_kg.extract.funding_context import _anaphors

    texts = [p.read_text(encoding="utf-8") for folder in (FIXTURES, FIXTURES.parent.parent / "corpus")
             for p in sorted(folder.glob("*.txt"))]
    anaphors = _anaphors()
    assert sum(bool(a.words) for a in anaphors) >= len(anaphors) // 2
    matched = 0
    for anaphor in anaphors:
        for m in (m for text in texts for m in anaphor.pattern.finditer(text)):
            matched += 1
            assert not anaphor.words or any(w in m.group(0).lower() for w in anaphor.words), m.group(0)
    assert matched


def test_the_year_of_the_funding_sentence_before_a_list_of_grants() -> None:
    found = _fundings(
        "Im Jahr 2023 stellt das Land für die Förderung digitaler Rathäuser zwei Millionen Euro bereit. "
        "Auf den Landkreis verteilen sich die Mittel so: Die Gemeinde Ahnatal erhält 18.400 Euro, "
        "die Gemeinde Fuldabrück 12.750 Euro.")
    assert [(f.amount.value, f.date.value if f.date else None) for f in found] == [
        (Decimal(18400), "2023"), (Decimal(12750), "2023")]


def test_a_sum_for_each_body_listed_after_the_sentence_but_not_a_shared_one() -> None:
    each = _fundings("Die Landkreise werden mit jeweils 300.000 Euro gefördert:\n• Landkreis Kassel\n• Landkreis Fulda\n")
    assert sorted(f.recipient for f in each) == ["district:fulda", "district:kassel"]
    shared = _fundings("Die Landkreise werden mit zusammen 300.000 Euro gefördert:\n• Landkreis Kassel\n• Landkreis Fulda\n")
    assert shared == ()
