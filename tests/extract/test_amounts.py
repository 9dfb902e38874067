"""Amounts: every German notation of euro sums, qualifiers, ranges, per-year sums and rates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from egov_kg.extract.amounts import extract_amounts, number_word
from egov_kg.nlp import pipeline

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _amounts(text: str) -> list[tuple[str, Decimal, str | None, Decimal | None, str | None]]:
    doc = pipeline()(text)
    amounts, _ = extract_amounts(doc)
    for a in amounts:
        assert doc.text[a.evidence.start : a.evidence.end] == a.text
    return [(a.text, a.value, a.qualifier, a.upper, a.per) for a in amounts]


def test_amounts_in_a_press_release() -> None:
    text = (FIXTURES / "money_amounts.txt").read_text(encoding="utf-8")
    assert _amounts(text) == [
        ("3,2 Mio. €", Decimal("3200000"), None, None, None),
        ("über einer Million Euro", Decimal("1000000"), "über", None, None),
        ("87.450,- Euro", Decimal("87450"), None, None, None),
        ("knapp 64 900 Euro", Decimal("64900"), "knapp", None, None),
        ("jährlich bis zu zwölf Millionen Euro", Decimal("12000000"), "bis zu", None, "year"),
        ("zwischen 5.000 und 150.000 Euro", Decimal("5000"), None, Decimal("150000"), None),
        ("EUR 2.500", Decimal("2500"), None, None, None),
        ("0,5 Millionen", Decimal("500000"), None, None, None),
        ("1,25 Mrd. Euro", Decimal("1250000000"), None, None, None),
        ("300 T€", Decimal("300000"), None, None, None),
    ]


def test_rates_are_not_amounts() -> None:
    text = (FIXTURES / "money_amounts.txt").read_text(encoding="utf-8")
    amounts, rates = extract_amounts(pipeline()(text))
    assert [(r.text, r.value, r.qualifier) for r in rates] == [("bis zu 85 Prozent", Decimal(85), "bis zu")]
    assert Decimal(85) not in {a.value for a in amounts}


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("Die Stadt bekommt rund 165.000 Euro.", "165000", "rund"),
        ("Die Gemeinde erhält fast 1,1 Mio. Euro.", "1100000", "fast"),
        ("Mehr als 40.000 Euro flossen.", "40000", "mehr als"),
        ("mindestens 6.250 € je Vorhaben", "6250", "mindestens"),
        ("ein Zuwendungsbescheid über 33.333,33 Euro", "33333.33", None),  # "über" after a noun: a preposition
        ("Der Kreis, der über 455.000 Euro erhält", "455000", "über"),
        ("ca. 15.000 EUR", "15000", "ca."),
        ("eine Million Euro", "1000000", None),
        ("zweihundertfünfzigtausend Euro", "250000", None),
        ("2.5 Mio. Euro", "2500000", None),
        ("Der Kreis erhält einen 75.000-Euro-Zuschuss.", "75000", None),
        ("ein gut 2,4-Millionen-Euro-Vorhaben", "2400000", "gut"),
        ("Die Stadt erhielt Euro 8.300,- aus dem Fonds.", "8300", None),
        ("fast eine Dreiviertelmillion Euro", "750000", "fast"),
    ],
)
def test_one_amount(text: str, value: str, qualifier: str | None) -> None:
    (found,) = _amounts(text)
    assert (found[1], found[2]) == (Decimal(value), qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "Tel.: 0341 123-2020, Fax 0341 123 2021",
        "Beschluss Nr. 2022/5/113 vom 14.06.2022",
        "Marktplatz 1, 04109 Leipzig",
        "Rund 350 Teilnehmende und 1,7 Millionen Einwohner",
        "einige tausend Euro und mehrere Millionen Euro",
        "um 10.00 Uhr im Saal 2",
    ],
)
def test_not_amounts(text: str) -> None:
    assert _amounts(text) == []


@pytest.mark.parametrize(
    ("word", "value"),
    [("zehn", 10), ("zwölf", 12), ("zwanzig", 20), ("hundert", 100), ("einer", 1), ("siebzehn", 17),
     ("dreiundvierzig", 43), ("zweieinhalb", Decimal("2.5")), ("anderthalb", Decimal("1.5")),
     ("dreihundertzwölftausendvierhundert", 312400), ("tausend", 1000)],
)
def test_number_words(word: str, value: int | Decimal) -> None:
    assert number_word(word) == Decimal(value)


@pytest.mark.parametrize("word", ["und", "einund", "zehnzehn", "Millionen", "hunderthundert"])
def test_not_number_words(word: str) -> None:
    assert number_word(word) is None


def _parts(text: str) -> list[tuple[str, str | None]]:
    """Each amount as written, with the amount it is a part of (or None)."""
    doc = pipeline()(text)
    amounts, _ = extract_amounts(doc)
    return [(a.text, doc.text[a.part_of.start : a.part_of.end] if a.part_of else None) for a in amounts]


@pytest.mark.parametrize("text", [
    "Insgesamt wurden Fördermittel in Höhe von rund 249.000 Euro bewilligt. Das Geld stammt aus der "
    "E-Government-Förderung. Rund 34.600 Euro davon bekam die VG Hermsdorf, knapp 52.700 Euro die VG "
    "Dornburg-Camburg und etwa 161.700 Euro die Stadt Eisenberg.",
    "Das Land fördert den Verbund mit rund 249.000 Euro. Davon entfallen 34.600 Euro auf die VG Hermsdorf, "
    "52.700 Euro auf die VG Dornburg-Camburg und 161.700 Euro auf die Stadt Eisenberg.",
    "Der Verbund erhält insgesamt 249.000 Euro, davon 34.600 Euro für die VG Hermsdorf, 52.700 Euro für die "
    "VG Dornburg-Camburg und 161.700 Euro für die Stadt Eisenberg.",
])
def test_parts_after_davon_belong_to_the_total_before_them(text):
    found = _parts(text)
    total = found[0][0]
    assert found[0][1] is None and [part for _, part in found[1:]] == [total] * 3


def test_a_total_the_listed_sums_add_up_to_is_theirs():
    text = ("Insgesamt fließen 71.150 Euro an die fünf Antragsteller. Bedacht wurden die Gemeinde Pösing "
            "(12.500 Euro), der Markt Stamsried (18.300 Euro), die Gemeinde Arnschwang (9.850 Euro), die Stadt "
            "Roding (20.000 Euro) und die Verwaltungsgemeinschaft Stamsried (10.500 Euro). Gefördert werden "
            "höchstens jedoch 20.000 Euro je Kommune.")
    found = _parts(text)
    assert [part for _, part in found] == [None, *["71.150 Euro"] * 5, None]
    after = "Die Stadt A erhält 60.000 Euro, die Stadt B 40.000 Euro. Zusammen sind das 100.000 Euro."
    assert [part for _, part in _parts(after)] == ["100.000 Euro", "100.000 Euro", None]


@pytest.mark.parametrize("text", [
    # "davon unabhängig" is no part
    "Der Kreis erhält 100.000 Euro. Davon unabhängig bekommt die Stadt 50.000 Euro.",
    # parts larger than the total cannot be its parts
    "Der Kreis erhält 50.000 Euro. Davon bekommt die Stadt 60.000 Euro.",
    # a total too far back (more than three sentences) is not the one meant
    "Das Land gibt 500.000 Euro. Eins. Zwei. Drei. Davon erhält die Stadt 50.000 Euro.",
    # sums that do not add up to the "insgesamt" sum are not its parts
    "Insgesamt stehen 100.000 Euro bereit. Die Stadt A erhält 60.000 Euro, die Stadt B 30.000 Euro.",
])
def test_no_part_without_a_total_that_holds_it(text):
    assert all(part is None for _, part in _parts(text))


def test_a_list_of_parts_ends_where_it_would_exceed_the_total():
    text = ("Die SAB erteilte einen Bescheid über 1.486.302,75 Euro. Davon entfallen 642.000 Euro auf den Landkreis, "
            "398.750,50 Euro auf Görlitz, 285.552,25 Euro auf Zittau und 160.000 Euro auf Weißwasser/O.L. Der "
            "Freistaat übernimmt damit 75 Prozent der Kosten von knapp 1,98 Mio. Euro.")
    assert [part for _, part in _parts(text)] == [None, *["1.486.302,75 Euro"] * 4, None]


@pytest.mark.parametrize(("text", "first"), [
    ("Die 12 und der Landkreis erhalten 5.000 Euro.", None),
    ("In den Jahren 2020 und 2021 gab es je 5.000 Euro.", None),
    ("Die Gemeinde hat 1.250 Einwohner und bekommt 8.000 Euro.", None),
    ("Die Stadt Lauf bekommt knapp 9.800 und die Gemeinde Ottensoos gut 4.200 Euro.", ("knapp 9.800", Decimal(9800))),
    ("Für Peine sind es 1,2 und für den Landkreis 3,5 Millionen Euro.", ("1,2", Decimal(1200000))),
    ("Es gab 950.000 und später 1,5 Millionen Euro.", ("950.000", Decimal(950000))),
])
def test_a_number_shares_the_currency_of_the_next(text: str, first: tuple[str, Decimal] | None) -> None:
    found = _amounts(text)
    assert [(a[0], a[1]) for a in found[:-1]] == ([first] if first else [])
