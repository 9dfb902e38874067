"""The pipeline's tokenizer exceptions and sentence boundaries, on invented press-release text."""

from __future__ import annotations

import pytest

from egov_kg.nlp import ABBREVIATIONS, pipeline


def sentences(text: str) -> list[str]:
    return [s.text.strip() for s in pipeline()(text).sents if s.text.strip()]


@pytest.mark.parametrize("abbreviation", ABBREVIATIONS)
def test_an_abbreviation_is_one_token(abbreviation: str) -> None:
    doc = pipeline()(f"Siehe {abbreviation} 4 der Vorlage.")
    assert abbreviation in [t.text for t in doc]


@pytest.mark.parametrize("text", [
    # an ordinal day before its month, an ordinal before an office, a date without its year
    "Die Satzung tritt zum 1. Januar 2027 in Kraft und gilt für alle Mitgliedsgemeinden.",
    "Der 3. Bürgermeister Jonas Halbig und der 1. Kreisbeigeordnete Mira Tallner kamen am 20.3. ins Rathaus.",
    # administrative abbreviations, with and without their spaces
    "Nach § 4 Abs. 2 Nr. 3 i. V. m. Art. 7 GO ist der Rat zuständig, ggf. auch der Ausschuss.",
    "Dipl.-Ing. Lea Borkwitz, Dr. Tom Wender und St. Ingbert bzw. Neustadt a.d. Saale sind dabei.",
    "Das gilt z. B. für Anträge, u. a. für Bauanträge, und z.B. für Meldungen.",
    "Der Zuschuss steht in der Nds. Staatskanzlei, Az. 12-4, und im GV. NRW S. 88 bekannt.",
    "OB Karla Densing und Vors. Rolf Immel sowie der amt. Leiter eröffneten das Amt in Plauen/Vogtl. am Markt.",
    # names with an inner dot, quoted titles that end in ! or ?
    "Der IT-Dienstleister Komm.ONE und die Dataport.SH betreuen das Portal gemeinsam.",
    "Die Kreise gehören zu den Modellregionen Digital.Vernetzt.Kommunal des Landes.",
    "Das Projekt „Dorf digital!“ vom Landkreis Beispielheim erhält den Preis.",
    "Der Wettbewerb „Wer hat das beste Portal?“ geht in die zweite Runde.",
])  # fmt: skip
def test_one_sentence_stays_whole(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(("text", "expected"), [
    # a year or date that keeps its full stop ends the sentence
    ("Der Verband legte den Wirtschaftsplan 2026. Der neue Vorsteher stellte ihn vor.",
     ["Der Verband legte den Wirtschaftsplan 2026.", "Der neue Vorsteher stellte ihn vor."]),
    ("Bergstadt, 4. März 2026. Das Land fördert zwei Kommunen.",
     ["Bergstadt, 4. März 2026.", "Das Land fördert zwei Kommunen."]),
    ("Der Vertrag läuft bis 31.12.2027. Danach wird neu verhandelt.",
     ["Der Vertrag läuft bis 31.12.2027.", "Danach wird neu verhandelt."]),
    ("Das Portal ging 2025 online, die App folgte 2026. „Wir sind zufrieden“, sagte die Amtsleiterin.",
     ["Das Portal ging 2025 online, die App folgte 2026.", "„Wir sind zufrieden“, sagte die Amtsleiterin."]),
    # an ordinal, an abbreviation or a legal form before a word that opens a sentence
    ("In die letzte Runde kamen 18. Die übrigen schieden aus.",
     ["In die letzte Runde kamen 18.", "Die übrigen schieden aus."]),
    ("Der Bund gibt 3 Mio. Die Länder geben den Rest.", ["Der Bund gibt 3 Mio.", "Die Länder geben den Rest."]),
    ("Träger ist der Förderverein Digitales Dorf e.V. Er wurde 2019 gegründet.",
     ["Träger ist der Förderverein Digitales Dorf e.V.", "Er wurde 2019 gegründet."]),
    ("Den Betrieb übernimmt die Kommunale IT Nord AöR. Erstmals wählt der Rat den Vorstand.",
     ["Den Betrieb übernimmt die Kommunale IT Nord AöR.", "Erstmals wählt der Rat den Vorstand."]),
    # an opening quote or bracket belongs to the sentence it opens
    ("Die Stadt erhält 20.000 Euro. „Wir freuen uns“, sagt der Bürgermeister.",
     ["Die Stadt erhält 20.000 Euro.", "„Wir freuen uns“, sagt der Bürgermeister."]),
    ("Die Gemeinde stellt um. »Das spart Zeit«, so die Kämmerin.",
     ["Die Gemeinde stellt um.", "»Das spart Zeit«, so die Kämmerin."]),
    ("Der Kreis zahlt den Rest. (ab)", ["Der Kreis zahlt den Rest.", "(ab)"]),
    # a closing quote after the full stop stays with its sentence
    ("Er sagte: „Das ist ein guter Tag.“ Dann unterschrieb er.",
     ["Er sagte: „Das ist ein guter Tag.“", "Dann unterschrieb er."]),
    # a full stop between two sentences written without a space
    ("Der Bescheid wurde übergeben.Fotos zeigen die Runde.",
     ["Der Bescheid wurde übergeben.", "Fotos zeigen die Runde."]),
    # a name in lower case opens a sentence all the same
    ("Die Kommunen treten bei. ekom99 übernimmt den Betrieb.", ["Die Kommunen treten bei.", "ekom99 übernimmt den Betrieb."]),
])  # fmt: skip
def test_sentences_split_where_they_end(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the items of a list, numbered at the start of their lines
    ("Beschluss:\n1. Die Stadt tritt bei.\n2. Der Rat stimmt zu.", ["Beschluss:", "1. Die Stadt tritt bei.", "2. Der Rat stimmt zu."]),
    # a headline and a caption without a final stop, a line that goes on in lower case
    ("Kreis startet Portal\nFoto: Stadt Beispielheim\nDer Kreis hat ein Portal.",
     ["Kreis startet Portal", "Foto: Stadt Beispielheim", "Der Kreis hat ein Portal."]),
    ("Der Kreis hat ein neues Portal\nfür alle Bürger.", ["Der Kreis hat ein neues Portal\nfür alle Bürger."]),
    # a line that ends in an article, a conjunction or a preposition goes on in the next
    ("Das vorsitzende Mitglied der\nGesellschafterversammlung wird beauftragt, im\nRahmen der Satzung zu handeln.",
     ["Das vorsitzende Mitglied der\nGesellschafterversammlung wird beauftragt, im\nRahmen der Satzung zu handeln."]),
    # a verb particle ends a headline
    ("Gemeinde tritt Zweckverband bei\nDie Gemeinde hat beschlossen.", ["Gemeinde tritt Zweckverband bei", "Die Gemeinde hat beschlossen."]),
])  # fmt: skip
def test_lines(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
