"""Dates: publication dates from headers, dates in running text, relative dates against a pinned anchor."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from egov_kg.extract import dates
from egov_kg.extract.rules import read_data
from egov_kg.nlp import pipeline
from tests.helpers import read


def _found(text: str, anchor: dt.date | None) -> list[tuple[str, str | None, str | None, str, str | None, bool]]:
    doc = pipeline()(text)
    out = []
    for mention in dates.extract_dates(doc, anchor=anchor):
        d = mention.date
        assert doc.text[mention.evidence.start : mention.evidence.end] == d.text
        out.append((d.text, d.value, d.end, d.precision, d.modifier, d.relative))
    return out


# ---------------------------------------------------------------------------- publication date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.03.2021\nSächsisches Staatsministerium\n\nMedieninformation\n\nText am 2. Februar 2021.", "2021-03-15"),
        ("[28.10.2023] Vorgestern hat der Stadtrat Celle beschlossen ...", "2023-10-28"),
        ("Aktuelles aus dem Rathaus\n\nFreitag\n13.11.2020, 09:05 Uhr\nAutor\nabc\nAm 2.3.2020 ...", "2020-11-13"),
        ("Neue Servicestelle\n\nWittenberg, 06.04.2022. Die Stadt hat am 01.04.2022 ...", "2022-04-06"),
        ("Eberswalde, den 30.09.2021\n\nTitel\n\nText", "2021-09-30"),
        ("Husum, 3. Dezember 2019\n\nLand fördert", "2019-12-03"),
        ("Donnerstag, 18.01.2024\n\nKreis gründet Verbund", "2024-01-18"),
        ("Frankfurt (Oder), 12. Mai 2022 – Die Stadt", "2022-05-12"),
        ("PI vom 02.02.2022\n\nKreis führt E-Rechnung ein\n\nHeute ...", "2022-02-02"),
        ("Landratsamt Coburg\nMeldung vom 19.07.2022\n\nTitel", "2022-07-19"),
        ("Pressemitteilung des Landratsamtes Passau vom 6. Juni 2023\n\nTitel", "2023-06-06"),
        ("Neuigkeiten – 11.11.2021\n\nTitel\n\nAm Dienstag ...", "2021-11-11"),
        ("Startseite | Aktuelles | 11.11.2021\nTitel", "2021-11-11"),
        ("Erstellt am 07.03.2023\n\nTitel", "2023-03-07"),
        ("Stand: 2024-01-31\n\nTitel", "2024-01-31"),
        ("Sonnabend, 13. April 2024\n\nTitel", "2024-04-13"),
        ("Medieninformation Nr. 45/2023 vom 12.12.2023\n\nTitel", "2023-12-12"),
        ("Frankfurt am Main, 16.05.2022 – Die Stadt", "2022-05-16"),
    ],
)
def test_publication_date_from_header(text: str, expected: str) -> None:
    found = read(text).published
    assert found is not None and found.value == expected and found.precision == "day"


@pytest.mark.parametrize(
    "text",
    [
        "Der Kreistag hat am 12.03.2021 beschlossen, bis zum 30.06.2022 eine Vereinbarung zu schließen.",
        "Medieninformation\n\nAm vergangenen Montag trafen sich die Bürgermeister. Im Dezember 2019 ...",
        "Pressemitteilung Nr. 12/2022\n\nDie Gemeinde erhält Fördermittel.",
        "Titel\n\nWie der Kreis in einer Mitteilung vom 02.02.2022 schrieb, ist die Frist verlängert.",
        "Titel\n\n" + "Fülltext. " * 120 + "\n01.02.2020\n",  # a date line far below the header
    ],
)
def test_no_publication_date_from_the_body(text: str) -> None:
    assert read(text).published is None


def test_labelled_publication_date_counts_anywhere() -> None:
    text = "Titel\n\n" + "Fülltext. " * 120 + "\nPressemitteilung vom 04.05.2021"
    found = read(text).published
    assert found is not None and found.value == "2021-05-04"


# ---------------------------------------------------------------------------- dates in running text

FIXTURE = (
    "Die Gemeinderäte von Ottendorf und Lindenau hatten im März 2020 zugestimmt. Am 7.10.2020 wurde der "
    "Vertrag unterzeichnet, seit 2021 arbeitet das gemeinsame Team. Bis Ende 2023 soll die E-Akte "
    "eingeführt sein, Mitte Februar 2022 startete die Ausschreibung. Im III. Quartal 2022 folgten Schulungen "
    "am 8. und 9. September 2022 sowie vom 3. bis 4. November. Die Förderung läuft bis zum 31.03.2025. "
    "Gestern übergab die Ministerin den Bescheid, am kommenden Freitag um 14.30 Uhr stellt das Team "
    "seine Ergebnisse vor. Am 12. Dezember hatte der Kreistag den Beschluss 2021/12/044 gefasst."
)


def test_dates_in_running_text_with_an_anchor() -> None:
    found = _found(FIXTURE, dt.date(2022, 1, 19))  # a Wednesday
    assert found == [
        ("März 2020", "2020-03", None, "month", None, False),
        ("7.10.2020", "2020-10-07", None, "day", None, False),
        ("seit 2021", "2021", None, "year", "seit", False),
        ("Bis Ende 2023", "2023", None, "year", "bis Ende", False),
        ("Mitte Februar 2022", "2022-02", None, "month", "Mitte", False),
        ("III. Quartal 2022", "2022-07", "2022-09", "month", None, False),
        ("8. und 9. September 2022", "2022-09-08", "2022-09-09", "day", None, False),
        ("vom 3. bis 4. November", "2021-11-03", "2021-11-04", "day", "vom", True),
        ("bis zum 31.03.2025", "2025-03-31", None, "day", "bis", False),
        ("Gestern", "2022-01-18", None, "day", None, True),
        ("am kommenden Freitag um 14.30 Uhr", "2022-01-21", None, "day", None, True),
        ("12. Dezember", "2021-12-12", None, "day", None, True),
    ]


def test_relative_dates_stay_unresolved_without_an_anchor() -> None:
    found = _found(FIXTURE, None)
    relative = {text: (value, rel) for text, value, _, _, _, rel in found if rel}
    assert relative == {
        "vom 3. bis 4. November": (None, True),
        "Gestern": (None, True),
        "am kommenden Freitag um 14.30 Uhr": (None, True),
        "12. Dezember": (None, True),
    }
    assert ("7.10.2020", "2020-10-07") in [(t, v) for t, v, *_ in found]


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        ("am 2. Dezember", dt.date(2021, 1, 15), "2020-12-02"),  # would be 11 months ahead: last year
        ("am 2. Dezember", dt.date(2021, 11, 15), "2021-12-02"),  # shortly ahead: this year
        ("am 10. Januar", dt.date(2021, 12, 28), "2022-01-10"),  # 11 months back: next year
        ("am 10. Januar", dt.date(2021, 3, 1), "2021-01-10"),
        ("am vergangenen Montag", dt.date(2023, 5, 15), "2023-05-08"),  # anchor is a Monday
        ("am kommenden Montag", dt.date(2023, 5, 15), "2023-05-22"),
        ("im kommenden Jahr", dt.date(2023, 5, 15), "2024"),
        ("im vergangenen Jahr", dt.date(2023, 5, 15), "2022"),
        ("vorgestern", dt.date(2023, 3, 1), "2023-02-27"),
        ("Am Donnerstag übergab die Ministerin die Bescheide.", dt.date(2023, 3, 6), "2023-03-02"),
        ("Der Vertrag soll am Donnerstag unterzeichnet werden.", dt.date(2023, 3, 6), "2023-03-09"),
        ("bis Ende des Jahres", dt.date(2023, 3, 6), "2023"),
    ],
)
def test_relative_resolution(text: str, anchor: dt.date, value: str) -> None:
    (found,) = _found(text, anchor)
    assert found[1] == value


@pytest.mark.parametrize(
    "text",
    [
        "Mit Beschluss 2022/11/093 gab der Gemeinderat der Verwaltung den Auftrag.",
        "Tel.: 03641 554-2019, Fax 03641 554 2020",
        "Lindenallee 3, 29525 Uelzen",
        "Pressemitteilung Nr. 112/2024",
        "Insgesamt rund 2000 Euro für etwa 2030 Beschäftigte.",
        "Das Projekt Smarte Region 2030 startet.",
        "Mehr als 30 Vertreter kamen zum 3. Digitaltag und zur 2. Fachtagung.",
        "Die Verwaltung von morgen braucht Fachkräfte, das ist bis heute so.",
    ],
)
def test_not_dates(text: str) -> None:
    assert _found(text, dt.date(2024, 1, 1)) == []


def test_month_and_weekday_pieces_agree_with_their_tables() -> None:
    raw = yaml.safe_load(read_data("dates.yaml"))
    assert sorted(raw["pieces"]["MONTH"]) == sorted(raw["settings"]["months"])
    assert sorted(raw["pieces"]["WEEKDAY"]) == sorted(raw["settings"]["weekdays"])

