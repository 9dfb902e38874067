"""Cooperations: the forms vocabulary, the masked reading, and whole press releases.

The fixtures (tests/fixtures/coop_*.txt) are invented press releases from several states; each
one exercises a construction: a signed Zweckvereinbarung with a council's later approval, a
Kreistag's mandate to its Landrat, a city and a university, a Zweckverband founded by a council
decision, signatories named by office, two cooperations in one text, and a text without any.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from egov_kg.extract import cooperations, dates
from egov_kg.extract.cooperations import (
    COOP,
    COUNCIL,
    GOV,
    PARTY,
    find_forms,
    forms,
    mask,
)
from egov_kg.extract.organizations import extract_orgs
from egov_kg.extract.rules import load_rules
from egov_kg.nlp import pipeline
from egov_kg.records import DateMention, DateValue, Evidence
from tests.helpers import org_names, read

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _read(text: str, *, date_mentions: tuple[DateMention, ...] | None = None):
    """The cooperations of a text as the build reads them; with ``date_mentions``, the extractor
    alone with those dates given by hand."""
    if date_mentions is None:
        facts = read(text)
        return facts.cooperations, org_names(facts)
    doc = pipeline()(text)
    published = dates.publication_date(doc)
    orgs, state = extract_orgs(doc)
    names = {o.key: o.name for o in orgs}
    found = cooperations.extract_cooperations(doc, orgs=orgs, dates=date_mentions,
                                              published=published.date if published else None, doc_state=state)
    return found, names


def _fixture(name: str):
    return _read((FIXTURES / name).read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------- vocabulary


@pytest.mark.parametrize("form", forms(), ids=lambda f: f.id)
def test_form_vocabulary_examples(form):
    for example in form.examples:
        assert form.id in {m.form.id for m in find_forms(example)}, (form.id, example)
    for counter in form.counterexamples:
        assert form.id not in {m.form.id for m in find_forms(counter)}, (form.id, counter)


def test_form_vocabulary_is_well_formed():
    ids = [f.id for f in forms()]
    assert len(ids) == len(set(ids))
    assert all(f.kind in ("contract", "body", "generic", "reference") for f in forms())
    labels = {f.de for f in forms()}
    for expected in ("Zweckvereinbarung", "öffentlich-rechtlicher Vertrag", "Kooperationsvertrag", "Zweckverband",
                     "kommunale Arbeitsgemeinschaft", "Arbeitsgemeinschaft", "Verwaltungskooperation", "Kooperation"):
        assert expected in labels


def test_every_noun_variant_is_a_cue_of_the_rules():
    """The rules' NOUN piece and the vocabulary must not drift apart."""
    assert load_rules("cooperations").rules  # the rule file loads with the same pieces
    noun = regex.compile(_piece("NOUN"), regex.VERSION1)
    for form in forms():
        for variant in form.variants:
            if variant[:1].islower() and " " not in variant:
                continue  # verbs ("kooperiert") are read by the party rules
            assert noun.search(variant), (form.id, variant)


def _piece(name: str) -> str:
    import yaml

    from egov_kg.extract.rules import _expand, read_data
    from egov_kg.extract.rules import _piece as to_regex

    data = yaml.safe_load(read_data("cooperations.yaml"))
    pieces = {k: to_regex(v) for k, v in data["pieces"].items()}
    return _expand("{" + name + "}", pieces, name, "cooperations.yaml")


def test_reference_nouns_and_their_kinds_agree():
    """Every noun the REF piece reads has a kind of body it can stand for, and every kind is defined."""
    import yaml

    from egov_kg.extract.rules import read_data

    data = yaml.safe_load(read_data("cooperations.yaml"))
    settings = data["settings"]
    assert sorted(data["pieces"]["REF_NOUN"]) == sorted(settings["reference_nouns"])
    assert set(data["pieces"]["REF_NOUN_ANY"]) <= set(settings["reference_nouns"])
    assert set(settings["reference_nouns"].values()) <= set(settings["reference_kinds"])


def test_compound_forms_keep_their_prefix():
    found = {m.form.id: m.prefix for m in find_forms("das IT-Service-Team und der Datenverbund")}
    assert found == {"service-team": "IT-", "verbund": "Daten"}


def test_short_variants_do_not_end_compounds():
    assert not find_forms("Vortrag und Antrag")
    assert [m.form.id for m in find_forms("Mitglieder der AG")] == ["arbeitsgemeinschaft"]


# ---------------------------------------------------------------------------- masking


def test_mask_replaces_organisations_and_maps_back():
    text = "Der Kreistag des Landkreises Wittenberg und die Stadt Gräfenhainichen gründen mit dem Land Sachsen-Anhalt den Datenverbund Wittenberg."
    doc = pipeline()(text)
    orgs, _ = extract_orgs(doc)
    view = mask(text, orgs)
    assert view.text.count(COUNCIL) == 1 and view.text.count(PARTY) == 1
    assert view.text.count(GOV) == 1 and view.text.count(COOP) == 1
    council = view.text.index(COUNCIL)
    assert view.party(council).name == "Landkreis Wittenberg"
    start, end = view.span(council, council + 1)
    assert text[start:end] == "Kreistag des Landkreises Wittenberg"
    assert view.index(text.index("gründen")) == view.text.index("gründen")


# ---------------------------------------------------------------------------- press releases


def _names(record, names):
    return {names[k] for k in record.parties}


def test_signed_agreement_with_later_approval_lead_and_applicant():
    (coop,), names = _fixture("coop_bb_aemter.txt")
    assert _names(coop, names) == {"Amt Brück", "Amt Niemegk", "Amt Wusterwitz", "Treuenbrietzen"}
    assert coop.form == "Zweckvereinbarung"
    assert coop.name == "Serviceverbund Fläming" and coop.key == "cooperation:serviceverbund-flaeming"
    assert coop.date.value == "2022-09-12"  # "am vergangenen Montag", resolved against 15.09.2022
    assert [names[k] for k in coop.applicants] == ["Amt Ziesar"]
    assert names[coop.lead] == "Amt Niemegk"


def test_council_mandate_makes_its_district_a_party_and_repeats_are_one_record():
    (coop,), names = _fixture("coop_by_kreistag.txt")
    assert _names(coop, names) == {"Landkreis Kelheim", "Landkreis Straubing-Bogen", "Landkreis Deggendorf"}
    assert coop.date.value == "2021-04-20"  # the mandate's date, not the earlier debate
    assert coop.form == "Zweckvereinbarung"
    assert [names[k] for k in coop.applicants] == ["Landkreis Freyung-Grafenau"]
    assert names[coop.lead] == "Landkreis Kelheim"
    assert coop.decision == "Kreistagsbeschluss 2021/4/112"


def test_city_and_university_sign_a_cooperation_contract():
    (coop,), names = _fixture("coop_he_hochschule.txt")
    assert _names(coop, names) == {"Fulda", "Hochschule Fulda"}
    assert coop.form == "Kooperationsvertrag"
    assert coop.name == "Bürgerlabor Osthessen"
    assert coop.date.value == "2024-03-11"
    assert [names[k] for k in coop.applicants] == ["Landkreis Fulda"]


def test_founding_decided_by_the_council_in_the_next_sentence():
    (coop,), names = _fixture("coop_nw_zweckverband.txt")
    assert _names(coop, names) == {"Kreis Lippe", "Detmold", "Lemgo"}
    assert coop.form == "Zweckverband" and coop.name == "Zweckverband Digitales Lipperland"
    assert coop.date.value == "2024-04-09"
    assert [names[k] for k in coop.applicants] == ["Blomberg"]


def test_signatories_named_by_office_today_and_a_second_cooperation():
    first, second = sorted(_fixture("coop_sn_signatories.txt")[0], key=lambda c: c.evidence.start)
    _, names = _fixture("coop_sn_signatories.txt")
    assert _names(first, names) == {"Landkreis Meißen", "Großenhain", "Radebeul"}  # not "in Dresden"
    assert first.date.value == "2023-07-03" and first.form == "Kooperationsvereinbarung"
    assert names[first.lead] == "Landkreis Meißen"
    assert _names(second, names) == {"Großenhain", "Technische Universität Dresden"}
    assert second.date.value == "2019" and second.form == "Kooperation"
    assert second.name == "Datenlabor Elbland"


def test_two_cooperations_agreed_and_members_listed():
    found, names = _fixture("coop_rp_two.txt")
    assert sorted(sorted(_names(c, names)) for c in found) == [
        ["Bitburg", "Verbandsgemeinde Bitburger Land", "Verbandsgemeinde Speicher"],
        ["Landkreis Ahrweiler", "Landkreis Bernkastel-Wittlich", "Landkreis Vulkaneifel"],
    ]
    ag = next(c for c in found if c.form == "Arbeitsgemeinschaft")
    assert ag.date.value == "2017" and ag.name == "Digitale Eifel"


def test_funding_recipients_event_organisers_and_technical_partners_are_no_cooperation():
    found, _ = _fixture("coop_th_none.txt")
    assert found == ()


def test_date_is_the_one_nearest_the_act_with_dates_given_by_hand():
    text = ("Die Stadt Lemgo und die Stadt Detmold haben am 3. Mai 2021 eine Zweckvereinbarung unterzeichnet, "
            "die bis zum 31. Dezember 2025 gilt.")
    def mention(phrase: str, value: str, modifier: str | None = None) -> DateMention:
        start = text.index(phrase)
        ev = Evidence(start, start + len(phrase), 0, len(text), "test")
        return DateMention(ev, DateValue(value, "day", phrase, modifier=modifier))

    given = (mention("am 3. Mai 2021", "2021-05-03"), mention("bis zum 31. Dezember 2025", "2025-12-31", "bis"))
    (coop,), names = _read(text, date_mentions=given)
    assert coop.date.value == "2021-05-03"
    (undated,), _ = _read(text, date_mentions=())
    assert undated.date is None


def test_no_cooperation_from_one_party_or_a_bare_mention_of_cooperation():
    assert _read("Die Stadt Lemgo hat eine Zweckvereinbarung unterzeichnet.")[0] == ()
    assert _read("Interkommunale Zusammenarbeit ist wichtig, sagte der Landrat des Kreises Lippe.")[0] == ()
    assert _read("Die Stadt Lemgo und die Stadt Detmold wollen gemeinsam planen.")[0] == ()


@pytest.mark.parametrize(("text", "expected"), [
    # a state and an association of municipalities sign: the state is a party here
    ("Mainz, 05.05.2022. Das Land Rheinland-Pfalz und der Gemeinde- und Städtebund Rheinland-Pfalz haben heute "
     "eine Kooperationsvereinbarung unterzeichnet.",
     [{"Rheinland-Pfalz", "Gemeinde- und Städtebund Rheinland-Pfalz"}]),
    # a body that joins later is a party too; one that leaves is not
    ("Zwischen der Stadt Bamberg und dem Landkreis Bamberg wurde am 2. Mai 2022 eine Zweckvereinbarung geschlossen. "
     "Die Stadt Hallstadt ist dem Verbund zum 1. Juli beigetreten. Die Gemeinde Litzendorf ist zum Jahresende ausgetreten.",
     [{"Bamberg", "Landkreis Bamberg", "Hallstadt"}]),
    # a genitive list is no list of parties, a funded cooperation's funder is none
    ("Die Ämter Brück und Niemegk haben sich zu einem Verbund zusammengeschlossen. Vertreter der Städte Beelitz und "
     "Treuenbrietzen informierten sich beim Verbund. Das Land unterstützt den Verbund mit 50.000 Euro.",
     [{"Amt Brück", "Amt Niemegk"}]),
    # signatories after "haben", a guest from a ministry before it
    ("Im Beisein von Staatssekretär Karl Muster vom Innenministerium haben Landrat Jan Beispiel (Landkreis Wittenberg) "
     "und Oberbürgermeisterin Eva Probe (Stadt Jessen) die Zweckvereinbarung unterzeichnet.",
     [{"Landkreis Wittenberg", "Jessen"}]),
    # "die Kooperation der Städte A und B"
    ("Die Kooperation der Städte Detmold und Lemgo wurde im Mai 2020 beschlossen.", [{"Detmold", "Lemgo"}]),
    # the members of a body listed right after another body joined it: one cooperation
    (("Die Stadt Güstrow ist im Juni dem Zweckverband Kommunale IT Nord beigetreten. Dem Zweckverband gehören "
      "bereits die Stadt Wismar, die Stadt Parchim und der Landkreis Rostock an."),
     [{"Zweckverband Kommunale IT Nord", "Güstrow", "Wismar", "Parchim", "Landkreis Rostock"}]),
    # ... not when the members belong to another body named there
    (("Die Stadt Güstrow ist im Juni dem Zweckverband Kommunale IT Nord beigetreten. Dem Verbund Digitale Küste "
      "gehören die Stadt Wismar und die Stadt Parchim an."),
     [{"Wismar", "Parchim"}, {"Zweckverband Kommunale IT Nord", "Güstrow"}]),
    # "die beiden Städte": the two towns of a coordination that names a district too
    (("Der Landkreis Northeim, die Stadt Einbeck und die Stadt Uslar stellten ihre Haushalte vor. Die beiden "
      "Städte haben zudem eine Zweckvereinbarung über ihre Standesämter unterzeichnet."),
     [{"Einbeck", "Uslar"}]),
    # a merger told twice, once with the new body's name and once without: one cooperation
    (("Auf der Tagesordnung steht die Vereinigung der Zweckverbände KDO, KRZ und KIV zum Zweckverband "
      "„Westfalen-IT“. Bis zum Sommer sollen sich die drei Zweckverbände zu einem neuen Zweckverband vereinigen."),
     [{"Westfalen-IT", "KDO", "KRZ", "KIV"}]),
    # ... but a cooperation of theirs in another form stays one of its own
    (("Auf der Tagesordnung steht die Vereinigung der Zweckverbände KDO, KRZ und KIV zum Zweckverband "
      "„Westfalen-IT“. Schon heute betreiben die drei Zweckverbände ein Gemeinschaftsprojekt zur E-Akte."),
     [{"KDO", "KRZ", "KIV"}, {"Westfalen-IT", "KDO", "KRZ", "KIV"}]),
    # joining a criticism is no joining of the cooperation named before
    (("Die Städte Eltville und Geisenheim gründeten 2020 einen IT-Verbund. Die Gemeinde Walluf schließt sich der "
      "Kritik des Landrats an."),
     [{"Eltville", "Geisenheim"}]),
])
def test_constructions(text, expected):
    found, names = _read(text)
    assert [_names(c, names) for c in found] == expected


def test_a_body_named_in_passing_is_not_the_cooperation():
    text = ("Der Landkreis Wittenberg und die Stadt Gräfenhainichen haben eine Kooperationsvereinbarung unterzeichnet. "
            "Die Server dafür betreibt der Zweckverband IT-Dienste Anhalt.")
    (coop,), _ = _read(text)
    assert coop.name is None and coop.key is None and coop.form == "Kooperationsvereinbarung"


@pytest.mark.parametrize("name", ["cooperations.yaml", "cooperation_forms.yaml", "events.yaml"])
def test_rule_files_have_no_duplicate_keys(name):
    """YAML keeps the last of two equal keys silently: a rule would take another rule's pattern."""
    import yaml

    from egov_kg.extract.rules import read_data

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node):
        keys = [loader.construct_object(k) for k, _ in node.value]
        assert len(keys) == len(set(keys)), f"{name}: duplicate keys {sorted(k for k in keys if keys.count(k) > 1)}"
        return loader.construct_mapping(node)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    yaml.load(read_data(name), Loader=Strict)  # noqa: S506 - a SafeLoader subclass


def test_a_body_that_left_is_recorded_as_such_not_as_a_party():
    text = ("Zwischen der Stadt Bamberg und dem Landkreis Bamberg wurde am 2. Mai 2022 eine Zweckvereinbarung geschlossen. "
            "Die Gemeinde Litzendorf ist zum Jahresende aus dem Verbund ausgetreten.")
    (coop,), names = _read(text)
    assert _names(coop, names) == {"Bamberg", "Landkreis Bamberg"}
    assert [names[k] for k in coop.leavers] == ["Litzendorf"]


def test_the_sentence_after_a_cooperation_that_signs_dates_it():
    text = ("Donnerstag, 21.09.2023\n\nDer Markt Au und die Gemeinde Rudelzhausen im Landkreis Freising legen ihre "
            "Verwaltungen zusammen. Die Bürgermeister beider Kommunen unterzeichneten am Montag die Verbandssatzung.\n")
    (coop,), names = _read(text)
    assert _names(coop, names) == {"Au", "Rudelzhausen"}  # not the district the second one lies in
    assert coop.date.value == "2023-09-18"


def test_an_act_reported_without_a_date_takes_the_release_date_not_the_dateline_in_its_sentence():
    text = ("Lemgo, 5. September 2023. Die Stadt Lemgo und die Technische Hochschule Ostwestfalen-Lippe haben eine "
            "Kooperationsvereinbarung unterzeichnet.\n")
    (coop,), _ = _read(text)
    assert coop.date.value == "2023-09-05"
    (undated,), _ = _read(text.replace("Lemgo, 5. September 2023. ", ""))
    assert undated.date is None


# ---------------------------------------------------------------------------- plural lists, references, membership


def test_plural_type_list_and_signatories_after_the_verb():
    (coop,), names = _fixture("coop_st_plural.txt")
    assert _names(coop, names) == {"Altmarkkreis Salzwedel", "Gardelegen", "Klötze",
                                   "Verbandsgemeinde Beetzendorf-Diesdorf", "Verbandsgemeinde Arendsee-Kalbe"}
    assert coop.form == "Zweckvereinbarung"
    assert coop.date.value == "2023-06-13"  # "Am Dienstag unterzeichneten", not the council's 25 May
    assert [names[k] for k in coop.applicants] == ["Oebisfelde-Weferlingen"]  # and not the members of the association


def test_districts_that_merge_their_it_and_sign_the_next_sentence():
    (coop,), names = _fixture("coop_by_districts.txt")
    assert _names(coop, names) == {"Landkreis Dachau", "Landkreis Fürstenfeldbruck"}
    assert coop.form == "Zweckvereinbarung" and coop.name == "IT-Verbund Amperland"
    assert coop.date.value == "2024-05-06"  # the signing on Monday, not the councils' approval in April


def test_members_of_a_municipal_association_are_no_cooperation():
    (coop,), names = _fixture("coop_bw_membership.txt")
    assert _names(coop, names) == {"Landkreis Tuttlingen", "Gemeindeverwaltungsverband Donau-Heuberg",
                                   "Hochschule Furtwangen"}
    assert coop.date.value == "2024-02-15"


@pytest.mark.parametrize("text", [
    "Dem Gemeindeverwaltungsverband Donau-Heuberg gehören die Städte Fridingen und Mühlheim sowie die Gemeinden "
    "Buchheim und Irndorf an.",
    "Mitglieder der Verwaltungsgemeinschaft sind die Gemeinden Friemar, Molschleben und Pferdingsleben. "
    "Die Verwaltungsgemeinschaft ist Mitglied im Zweckverband Kommunale IT.",
    "Zur Samtgemeinde Sittensen gehören die Gemeinden Tiste, Vierden und Wohnste, deren Bauhöfe im Zweckverband "
    "Bauhof Sittensen arbeiten.",
    "Die Samtgemeinde besorgt die Verwaltungsaufgaben für die Gemeinden Tiste und Vierden; ihr Personal stellt sie "
    "auch der Arbeitsgemeinschaft der Landkreise zur Verfügung.",
])
def test_membership_sentences_name_no_cooperation(text):
    assert _read(text)[0] == ()


@pytest.mark.parametrize(("text", "expected"), [
    # "die drei Kommunen": the three bodies named before, in a sentence without any cooperation wording
    ("Die Bürgermeister der Stadt Jessen, der Stadt Kemberg und der Stadt Zahna-Elster trafen sich am Montag. "
     "Die drei Kommunen haben dort eine Zweckvereinbarung über einen gemeinsamen Bauhof unterzeichnet.",
     [{"Jessen", "Kemberg", "Zahna-Elster"}]),
    ("Die Gemeinden Tiste und Vierden haben ihre Bauhöfe modernisiert. Beide Gemeinden haben eine "
     "Kooperationsvereinbarung geschlossen.", [{"Tiste", "Vierden"}]),
    ("Vertreter des Landkreises Peine und der Gemeinde Edemissen berieten am Montag über die E-Akte. Die Partner "
     "unterzeichneten dabei einen Kooperationsvertrag.", [{"Landkreis Peine", "Edemissen"}]),
    # the number must fit: two towns are not "die drei Kommunen"
    ("Die Stadt Jessen und die Stadt Kemberg haben ihre Bauhöfe modernisiert. Die drei Kommunen haben eine "
     "Zweckvereinbarung unterzeichnet.", []),
    # the kind must fit: two towns are not "die beiden Landkreise"
    ("Die Stadt Jessen und die Stadt Kemberg haben ihre Bauhöfe modernisiert. Die beiden Landkreise haben eine "
     "Zweckvereinbarung unterzeichnet.", []),
    # someone else's partners are not the bodies named before
    ("Die Stadt Celle und die Gemeinde Wietze erhalten Geld. Die Partner des Förderprogramms haben eine "
     "Kooperationsvereinbarung unterzeichnet.", []),
    # a joint project of named bodies
    ("Das gemeinsame Projekt der Städte Celle und Uelzen startet im Mai.", [{"Celle", "Uelzen"}]),
    ("Der Landkreis Peine und die Gemeinden Edemissen und Hohenhameln starten ein gemeinsames Projekt.",
     [{"Landkreis Peine", "Edemissen", "Hohenhameln"}]),
])
def test_references_and_joint_projects(text, expected):
    found, names = _read(text)
    assert [_names(c, names) for c in found] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # bodies that say they will act together, then sign "die Vereinbarung"
    ("Lüneburg, 12.10.2023\n\nDer Landkreis Lüneburg, die Samtgemeinde Amelinghausen und die Samtgemeinde "
     "Gellersen bauen gemeinsam ein Bürgerportal auf. Die Vereinbarung dazu unterschrieben die drei "
     "Verwaltungschefs am Mittwoch in Lüneburg.\n",
     [{"Landkreis Lüneburg", "Samtgemeinde Amelinghausen", "Samtgemeinde Gellersen"}]),
    ("Celle, 12.10.2023\n\nDie Stadt Celle und die Gemeinde Wietze wollen ihre Standesämter zusammenlegen. "
     "Die Räte stimmten am 10. Oktober einer Zweckvereinbarung zu.\n", [{"Celle", "Wietze"}]),
    # a plan to act together, then a grant: no agreement signed
    ("Celle, 12.10.2023\n\nDie Stadt Celle und die Gemeinde Wietze wollen ihre Standesämter zusammenlegen. "
     "Den Förderbescheid unterschrieb die Ministerin am Mittwoch.\n", []),
])
def test_a_joint_plan_becomes_a_cooperation_with_an_agreement_after_it(text, expected):
    found, names = _read(text)
    assert [_names(c, names) for c in found] == expected


def test_a_joint_project_is_named_as_such():
    (coop,), _ = _read("Der Landkreis Peine und die Gemeinden Edemissen und Hohenhameln starten ein gemeinsames Projekt.")
    assert coop.form == "gemeinsames Projekt"


# ---------------------------------------------------------------------------- which act dates a cooperation


@pytest.mark.parametrize(("text", "date"), [
    # the signing day, not the season of the councils' decisions before it
    ("Weimar, 10.02.2023\n\nDie Stadt Blankenhain, die Gemeinde Grammetal und die Stadt Bad Berka arbeiten "
     "künftig eng zusammen. Ihre Räte hatten im Herbst 2022 jeweils ihre Zustimmung gegeben, bevor die drei "
     "Bürgermeister am 8. Februar die Vereinbarung zur Arbeitsgemeinschaft unterschrieben.\n",
     "2023-02-08"),
    # the approval came first; the contract was signed today
    ("Celle, 07.11.2023\n\nDie Stadt Celle und die Gemeinde Wietze haben einen öffentlich-rechtlichen Vertrag "
     "geschlossen. Die Räte stimmten schon im September zu, unterschrieben haben die Bürgermeister erst heute.\n",
     "2023-11-07"),
    # "schon im Juli ... abgeschlossen", month resolved against the release's year
    ("Peine, 21.09.2022\n\nDie Gemeinde Edemissen, die Gemeinde Hohenhameln und die Stadt Peine haben ihre "
     "Zweckvereinbarung zum Datenschutz schon im Juli abgeschlossen.\n", "2022-07"),
    # "am Dienstag unterzeichnet" in the sentence after the parties
    ("Uelzen, 04.04.2024\n\nDer Landkreis Uelzen und die Hochschule Emden/Leer wollen gemeinsam Fachkräfte gewinnen. "
     "Am Dienstag unterzeichneten die Landrätin und der Präsident in Uelzen eine Kooperationsvereinbarung.\n",
     "2024-04-02"),
])
def test_the_signing_dates_a_cooperation(text, date):
    (coop,), _ = _read(text)
    assert coop.date.value == date


# ---------------------------------------------------------------------------- joinings, lists, partners, plans


def test_joining_a_named_body_is_a_cooperation_of_its_own_beside_its_founding():
    coops, names = _fixture("coop_he_beitritt.txt")
    joining, founding = sorted(coops, key=lambda c: c.evidence.start)
    # the joining: the body and the municipality that joins it, dated by the day it joins
    assert _names(joining, names) == {"Digitales Taunusland", "Hünstetten"}
    assert joining.name is None and joining.form == "Zweckverband"
    assert joining.date.value == "2025-01-01"
    assert {"coop.parties.joint_body", "coop.parties.joined", "coop.body.joined"} <= set(joining.evidence.linkers)
    # the founding: the two founders are the parties, the body is its name; the later joiner is not a founder
    assert _names(founding, names) == {"Rheingau-Taunus-Kreis", "Idstein"}
    assert founding.name == "Digitales Taunusland" and founding.date.value == "2019"
    assert [names[k] for k in founding.applicants] == ["Waldems"]


def test_each_item_of_a_list_of_cooperations_and_a_planned_one():
    coops, names = _fixture("coop_sn_liste.txt")
    listed = [c for c in coops if c.evidence.rule == "coop.item.pair"]
    assert [_names(c, names) for c in listed] == [{"Großenhain", "Priestewitz"}, {"Radeberg", "Wachau"},
                                                 {"Bischofswerda", "Demitz-Thumitz"}]
    assert all(c.status is None for c in listed)
    (planned,) = [c for c in coops if c not in listed]
    assert _names(planned, names) == {"Landkreis Bautzen", "Landkreis Görlitz"}
    assert planned.status == "planned" and planned.date is None
    assert "coop.status.planned" in planned.evidence.linkers


def test_partners_by_name_a_caption_and_shareholders():
    (partners, shareholders), names = _fixture("coop_rp_partner.txt")
    assert _names(partners, names) == {"Verbandsgemeinde Wirges", "Verbandsgemeinde Hachenburg", "Verbandsgemeinde Rennerod"}
    assert {"coop.party.caption", "coop.party.partners_named"} <= set(partners.evidence.rules)
    assert _names(shareholders, names) == {"Verbandsgemeinde Montabaur", "Verbandsgemeinde Selters"}


@pytest.mark.parametrize("text", [
    # a municipality that joins a district or a municipal association makes no cooperation
    "Die Gemeinde Waldems ist 1972 dem Rheingau-Taunus-Kreis beigetreten.",
    "Die Gemeinde Friemar gehört der Verwaltungsgemeinschaft Eschenbergen an.",
    # guests of a signing are no signatories
    "Vier Landräte unterzeichneten am Montag im Beisein des Präsidenten des Landkreistages Niedersachsen, "
    "Landrat Karl Muster (Landkreis Uelzen), einen Kooperationsvertrag.",
    # a list under a heading that names no cooperation
    "Gefördert werden folgende Städte:\n- Stadt Schlitz und Stadt Lauterbach\n",
])
def test_no_cooperation(text):
    assert _read(text)[0] == ()


@pytest.mark.parametrize(("text", "expected"), [
    # winners of a competition are no cooperation, though a plural names them and a project follows
    ("Die Landkreise Emsland, Cloppenburg und Vechta sind damit Modellregionen für digitale Projekte und "
     "profitieren von der Förderung.", []),
    # office-holders with their bodies in brackets only meet: no cooperation, and "den Kommunen" later
    # does not point back to them (only "die drei ..." does)
    ("Zum Treffen kamen die Bürgermeister Eva Muster (Schotten), Udo Probe (Laubach) und Till Beispiel "
     "(Grebenhain). Der Zweckverband wurde vor zehn Jahren von den Kommunen gegründet.", []),
    # "sie" stands only for the coordination of its own sentence or the one before
    ("Die Stadt Wunstorf und die Gemeinde Wedemark stellten ihre Haushalte vor. Die Einwohner waren zufrieden. "
     "Die Räte tagten lange. Nun wollen sie ihre Zusammenarbeit vertiefen.", []),
    ("Die Stadt Wunstorf und die Gemeinde Wedemark stellten ihre Haushalte vor. Nun wollen sie ihre "
     "Zusammenarbeit vertiefen.", [{"Wunstorf", "Wedemark"}]),
    # a passive names one party; without a body the release clearly speaks for, no second party
    ("Mit der Stadt Wittingen wurde eine Zweckvereinbarung geschlossen.", []),
    # office-holders listed after bodies joined forces: the bodies in brackets
    ("Für die Digitalisierung haben sich drei Landräte zusammengetan: Landrat Otto Beispiel (Landkreis Leer), "
     "Landrätin Ida Probe (Landkreis Aurich) und Landrat Jan Muster (Landkreis Wittmund).",
     [{"Landkreis Leer", "Landkreis Aurich", "Landkreis Wittmund"}]),
])
def test_constructions_of_real_releases(text, expected):
    found, names = _read(text)
    assert [_names(c, names) for c in found] == expected
