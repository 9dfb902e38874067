"""Titles: the headline, not a kicker, a press label, a date or the issuing body."""

from __future__ import annotations

import pytest

from egov_kg.extract.documents import framing, line_kinds, title


@pytest.mark.parametrize(("kind", "line"), [(k.kind, e) for k in line_kinds() for e in k.examples])
def test_a_framing_line_is_of_its_kind(kind, line):
    assert framing(line) == kind


@pytest.mark.parametrize("line", [c for k in line_kinds() for c in k.counterexamples])
def test_a_headline_frames_nothing(line):
    assert framing(line) is None


@pytest.mark.parametrize(("text", "headline"), [
    # the issuer and a label above the headline, a sub-headline below it
    ("02.07.2019\nThüringer Finanzministerium\n\nMedieninformation\n\nMehr Online-Services in Thüringer Kommunen.\n\n"
     "Rund 90 Teilnehmende bei Workshops in Erfurt erwartet.\n\nRund 90 Vertreterinnen und Vertreter ...",
     "Mehr Online-Services in Thüringer Kommunen"),
    # a kicker (names only) above the headline
    ("\n\n4. Thüringer E-Government Kongress\n\nDigitalisierung macht merkliche Fortschritte\n\n[11.09.2024] Gestern ...",
     "Digitalisierung macht merkliche Fortschritte"),
    # a label with the issuer's name, a number and a date
    ("Landratsamt Ilm-Kreis – Pressemitteilung Nr. 112/2023\nArnstadt, 14. September 2023\n"
     "Land fördert digitale Bauakte im Ilm-Kreis\nDer Ilm-Kreis erhält ...", "Land fördert digitale Bauakte im Ilm-Kreis"),
    ("Pressemitteilung der Stadt Weimar vom 8. Mai 2023\nStadt und Bauhaus-Universität starten Reallabor\nDie ...",
     "Stadt und Bauhaus-Universität starten Reallabor"),
    ("Landkreis Vorpommern-Greifswald\nPressemitteilung 05.12.2023\nKooperationsvertrag mit Universität Greifswald: "
     "Landkreis will Verwaltung entlasten\nGreifswald. Der Landkreis ...",
     "Kooperationsvertrag mit Universität Greifswald: Landkreis will Verwaltung entlasten"),
    # a headline of names only, followed by its date lines, is the headline
    ("Meldungen aus dem Landratsamt\n\nFördermittel für Digitalisierung Verwaltung\n\nDienstag\n02.06.2020, 15:38 Uhr\n"
     "Autor\nkhh\n", "Fördermittel für Digitalisierung Verwaltung"),
    ("Medieninformation\n\nVerwaltungsdigitalisierung: Vier Jahre Ostthüringer „Arbeitsgemeinschaft Digitalisierung“.\n",
     "Verwaltungsdigitalisierung: Vier Jahre Ostthüringer „Arbeitsgemeinschaft Digitalisierung“"),
])
def test_the_title_is_the_headline(text, headline):
    assert title(text) == headline


def test_a_release_that_starts_with_its_body_has_no_title():
    text = ("Der Finanzstaatssekretär und CIO des Freistaats, Dr. Bernd Kallweit, begleitet am kommenden "
            "Dienstag um 11.00 Uhr in Schleiz den Pressetermin zur Vorstellung der Ergebnisse der Arbeitsgruppe.")
    assert title(text) is None
