"""Events: names in the nominative, date, place, organisers and participants, one record per event."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import org_names, read

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _read(text: str):
    facts = read(text)
    return facts.events, org_names(facts)


def test_digital_day_with_organisers_today_place_and_participants():
    text = (
        "Cottbus, 07.06.2023\n\n"
        "Digitaltag: Mehr als 300 Teilnehmende\n\n"
        "Rund 320 Beschäftigte aus Rathäusern und Kreishäusern sind heute zum 2. Kommunalen Digitaltag Brandenburg "
        "in Cottbus zusammengekommen. Eingeladen hatte das Ministerium der Finanzen und für Europa gemeinsam "
        "mit dem Landkreistag Brandenburg.\n"
    )
    (event,), names = _read(text)
    assert event.name == "Kommunaler Digitaltag Brandenburg"
    assert event.date.value == "2023-06-07"
    assert names[event.place] == "Cottbus"
    assert event.participants == 320  # the body's count, not the headline's round one
    assert len(event.organisers) == 2 and names[event.organisers[1]] == "Landkreistag Brandenburg"


def test_congress_participants_in_the_next_sentence_and_organiser_by_genitive():
    text = (
        "[16.05.2024] Gestern fand im Eutiner Schloss der E-Government Kongress des Landkreistages "
        "Schleswig-Holstein statt. Mehr als 400 Gäste waren erschienen.\n"
    )
    (event,), names = _read(text)
    assert event.name == "E-Government Kongress"
    assert event.date.value == "2024-05-15"
    assert names[event.place] == "Eutin"
    assert event.participants == 400
    assert [names[o] for o in event.organisers] == ["Landkreistag Schleswig-Holstein"]


def test_workshop_date_from_the_next_sentence_about_the_same_place():
    text = (
        "Rund 60 Teilnehmende bei Workshops in Cottbus erwartet.\n\n"
        "Rund 60 Fachleute aus Rathäusern beraten am 4. und 5. März 2021 in Cottbus über die nächsten Schritte.\n"
    )
    (event,), names = _read(text)
    assert event.name == "Workshop"
    assert (event.date.value, event.date.end) == ("2021-03-04", "2021-03-05")
    assert names[event.place] == "Cottbus" and event.participants == 60


def test_handover_with_date_and_place_is_an_event():
    (event,), names = _read("Flensburg, 02.02.2022\n\nDie Staatssekretärin übergab am Vormittag in Husum einen Förderbescheid.\n")
    assert event.name == "Übergabe des Förderbescheids"
    assert event.date.value == "2022-02-02"
    assert names[event.place] == "Husum"


def test_fixture_fachtagung_in_a_cooperation_release():
    (event,), names = _read((FIXTURES / "coop_he_hochschule.txt").read_text(encoding="utf-8"))
    assert event.name == "Fachtagung"
    assert (event.date.value, event.date.end) == ("2024-06-06", "2024-06-07")
    assert names[event.place] == "Fulda" and event.participants == 150


def test_nouns_without_date_organiser_or_participants_are_no_events():
    text = (
        "Workshops sind ein wichtiger Teil des Angebots. Die Veranstaltung ist als Arbeitstreffen ausgelegt. "
        "Über 200 Akteure haben in zwanzig Workshops diskutiert. Die Ministerin überreichte einen Bescheid.\n"
    )
    assert _read(text)[0] == ()


def _read_with_facts(text: str):
    """Events with the grants and cooperations of the press release."""
    facts = read(text)
    return facts.events, facts.fundings, facts.cooperations


def test_a_handover_has_the_grants_it_hands_over_as_facts():
    text = (
        "Eutin, 12.04.2024\n\n"
        "Drei Förderbescheide aus dem Landesprogramm Digitale Kommune hat Landrätin Wiebke Harmsen am Donnerstag "
        "im Kreishaus in Eutin überreicht. Die Beträge im Einzelnen:\n\n"
        "– Stadt Malente: 24.000 €\n"
        "– Gemeinde Süsel: 18.500 €\n\n"
        "Ein Kongress zur Verwaltungsdigitalisierung findet am 3. Juni in Plön statt. Die Gemeinde Ratekau "
        "erhält 30.000 Euro für ihr Bürgerbüro.\n"
    )
    found, grants, _ = _read_with_facts(text)
    handover = next(e for e in found if e.name == "Übergabe der Förderbescheide")
    assert handover.date.value == "2024-04-11"
    linked = {text[ev.start:ev.end] for ev in handover.facts}
    handed = {g.evidence for g in grants if g.amount.value in (24000, 18500)}
    assert len(handed) == 2 and set(handover.facts) == handed, linked  # not the later grant to Ratekau


def test_a_cooperation_signed_at_a_press_appointment_is_its_fact():
    text = (
        "Peine, 05.03.2024\n\n"
        "Beim Pressetermin im Kreishaus am Montag haben der Landkreis Peine und die Gemeinde Edemissen eine "
        "Zweckvereinbarung über ein gemeinsames Bürgerbüro unterzeichnet.\n"
    )
    found, _, coops = _read_with_facts(text)
    (event,) = found
    (coop,) = coops
    assert event.name == "Pressetermin" and event.facts == (coop.evidence,)


def test_facts_announced_later_at_the_event_and_not_after_another_one():
    text = (
        "Celle, 20.09.2023\n\n"
        "Rund 200 Gäste kamen gestern zur Fachtagung Digitale Verwaltung nach Celle. Bei dieser Gelegenheit "
        "erhielt die Gemeinde Wietze vom Land 40.000 Euro für ihr Serviceportal. Am 5. Oktober folgt ein Workshop "
        "in Uelzen. Die Stadt Uelzen erhält 10.000 Euro für neue Terminals.\n"
    )
    found, grants, _ = _read_with_facts(text)
    tagung = next(e for e in found if e.name.startswith("Fachtagung"))
    assert [g.amount.value for g in grants if g.evidence in tagung.facts] == [40000]


def test_names_keep_place_adjectives_before_neuter_nouns_and_compound_heads_are_events():
    (event,), _ = _read("Lüneburg, 02.05.2024\n\nAm 4. Juni treffen sich die Kommunen beim Westallgäuer Forum in Wangen.\n")
    assert event.name == "Westallgäuer Forum"
    (summit,), _ = _read("Celle, 02.05.2024\n\nRund 150 Gäste kamen heute zum dritten Kommunalen Digitalgipfel nach Celle.\n")
    assert summit.name == "Kommunaler Digitalgipfel" and summit.participants == 150
