"""Identity across documents and IRI minting."""

from __future__ import annotations

from dataclasses import replace

from egov_kg.resolve import mint, resolve
from tests.conftest import make_facts


def test_mint_builds_iris_under_the_base():
    assert mint("https://ex.org/", "org", "district", "Saale-Orla") == "https://ex.org/org/district/saale-orla"


def test_one_entity_per_key_across_documents():
    first = make_facts("a.txt")
    second = make_facts("b.txt")
    second = replace(second, orgs=tuple(replace(o, name="Gemeinde Adorf") if o.key == "municipality:123" else o
                                         for o in second.orgs[:2]))
    ids = resolve([first, second], base="https://ex.org/")
    adorf = ids.orgs["municipality:123"]
    assert adorf.iri == "https://ex.org/org/municipality/123"
    assert adorf.name == "Adorf"  # three mentions name it Adorf, one Gemeinde Adorf
    assert "Gemeinde Adorf" in adorf.aliases
    assert list(ids.persons) == ["Erika Musterfrau"]
    assert ids.persons["Erika Musterfrau"].parties == ("party:spd",)


def test_people_who_only_share_a_family_name_stay_two():
    facts = make_facts()
    other = replace(facts.persons[0], given="Max", honorific=None)
    ids = resolve([replace(facts, persons=(*facts.persons, other))])
    assert len({p.iri for p in ids.persons.values()}) == 2


def test_a_state_referred_to_only_by_key_becomes_an_entity():
    facts = make_facts()
    funding = replace(facts.fundings[0], funders=("district:beispiel", "state:16"))
    ids = resolve([replace(facts, fundings=(funding,))], base="https://ex.org/")
    assert ids.orgs["state:16"].name == "Thüringen"
    assert ids.orgs["state:16"].iri == "https://ex.org/org/state/16"
    assert ids.orgs["state:16"].official_key == "16"
