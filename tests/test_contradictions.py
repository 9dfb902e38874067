"""Contradictions are listed with their sources, agreements are not."""

from __future__ import annotations

from dataclasses import replace

from egov_kg.contradictions import Sayings
from egov_kg.contradictions import find_contradictions as find_in
from egov_kg.records import DateValue, OrgMention
from egov_kg.resolve import resolve
from tests.conftest import make_facts


def find_contradictions(documents, ids):
    said = Sayings()
    for facts in documents:
        said.note(facts)
    return find_in(said, ids, {facts.source_file: facts.text for facts in documents}.__getitem__)


def test_one_office_for_two_bodies_is_reported_with_both_sources():
    first = make_facts("a.txt")
    other = OrgMention(first.orgs[0].evidence, "district:anderswo", "Landkreis Anderswo", "district", "Landkreis Anderswo")
    second = replace(make_facts("b.txt"), orgs=(*first.orgs, other))
    second = replace(second, roles=(replace(second.roles[0], org="district:anderswo"),))
    ids = resolve([first, second])
    found = find_contradictions([first, second], ids)
    assert [c.kind for c in found] == ["one office, several bodies (landrat)"]
    assert {(c.value, c.source_file) for c in found[0].claims} == {("Landkreis Beispiel", "a.txt"),
                                                                   ("Landkreis Anderswo", "b.txt")}
    assert "Landkreis Anderswo (b.txt)" in found[0].summary()
    role = first.roles[0].evidence  # each claim is quoted with its sentence, read from its text
    sentence = " ".join(first.text[role.sentence_start : role.sentence_end].split())
    assert sentence and {c.text for c in found[0].claims} == {sentence}


def test_two_founding_dates_are_reported_and_agreement_is_not():
    first = make_facts("a.txt")
    second = make_facts("b.txt")
    assert find_contradictions([first, second], resolve([first, second])) == []
    coop = replace(second.cooperations[0], date=DateValue("2020-01", "month", "im Januar 2020"))
    second = replace(second, cooperations=(coop,))
    found = find_contradictions([first, second], resolve([first, second]))
    assert [c.kind for c in found] == ["several founding dates"]
    assert {c.value for c in found[0].claims} == {"2021-12", "2020-01"}


def test_a_coarser_date_that_agrees_is_no_contradiction():
    first = make_facts("a.txt")
    second = make_facts("b.txt")
    coop = replace(second.cooperations[0], date=DateValue("2021", "year", "2021"))
    second = replace(second, cooperations=(coop,))
    assert find_contradictions([first, second], resolve([first, second])) == []
