"""The lexicons: states, territories with their official keys, places and word lists, as
``egov_kg.lexicon`` looks names up in them."""

from __future__ import annotations

import pytest

from egov_kg.extract.rules import load_rules, load_table, read_data
from egov_kg.lexicon import lookup_district, official_key, states, territories
from egov_kg.records import Evidence, OrgMention


@pytest.mark.parametrize(
    "name", ["place_stopwords.txt", "not_districts.txt", "parties.tsv", "ministry_domains.tsv", "states.tsv", "ags.tsv", "city_boroughs.tsv",
             "common_words.tsv"]
)
def test_lexicons_are_sorted_and_unique(name):
    text = read_data(name)
    assert text.startswith("#") and "source:" in text.split("\n# columns")[0]
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rows == sorted(rows) and len(rows) == len(set(rows))


def test_official_key_for_records_built_elsewhere():
    ev = Evidence(0, 1, 0, 1, "test")
    assert official_key(OrgMention(ev, "state:09", "Bayern", "state", "Bayern")) == "09"
    assert official_key(OrgMention(ev, "district:cham", "Landkreis Cham", "district", "x")) == "09372"
    assert official_key(OrgMention(ev, "municipality:x", "Weimar", "municipality", "x", state="16")) == "16055"
    assert official_key(OrgMention(ev, "party:spd", "SPD", "party", "SPD")) is None


THURINGIA = {
    "16051": "Erfurt", "16052": "Gera", "16053": "Jena", "16054": "Suhl", "16055": "Weimar", "16061": "Eichsfeld",
    "16062": "Nordhausen", "16063": "Wartburgkreis", "16064": "Unstrut-Hainich-Kreis", "16065": "Kyffhäuserkreis",
    "16066": "Schmalkalden-Meiningen", "16067": "Gotha", "16068": "Sömmerda", "16069": "Hildburghausen",
    "16070": "Ilm-Kreis", "16071": "Weimarer Land", "16072": "Sonneberg", "16073": "Saalfeld-Rudolstadt",
    "16074": "Saale-Holzland-Kreis", "16075": "Saale-Orla-Kreis", "16076": "Greiz", "16077": "Altenburger Land",
}  # fmt: skip


def test_ags_table_carries_states_and_thuringia():
    rows = {t.ags: t for t in territories()}
    for state in states():
        assert rows[state.ags].type == "state" and rows[state.ags].name == state.name
    assert len([t for t in territories() if t.type == "state"]) == 16
    for ags, name in THURINGIA.items():
        assert rows[ags].name == name
        assert rows[ags].type == ("municipality" if ags < "16061" else "district")
    # every state has districts; keys are unique and belong to their state
    assert {t.state for t in territories() if t.type == "district"} == {s.ags for s in states()} - {"02", "11", "04"}
    assert len(rows) == len(territories())


def test_ags_table_is_sorted_and_unique():
    raw = load_table("ags.tsv")
    assert list(raw) == sorted(raw)
    assert len({row[0] for row in raw}) == len(raw)


@pytest.mark.parametrize(
    ("name", "state", "ags"),
    [("Rotenburg (Wümme)", None, "03357"), ("Rotenburg", "03", "03357"), ("Lindau", None, "09776"),
     ("Neustadt", "09", None), ("Märkischer Kreis", None, "05962"), ("Main-Kinzig Kreis", None, "06435")],
)  # fmt: skip
def test_lookup_district(name, state, ags):
    found = lookup_district(name, state)
    assert (found.ags if found else None) == ags


def test_common_words_are_told_from_rare_names():
    from egov_kg.lexicon import common_word

    assert common_word("Geld", -11.0) and common_word("Zukunft", -11.0)
    assert not common_word("Vorderpfalz", -11.0) and not common_word("Xyzabcdorf", -11.0)


def test_common_words_are_spacys_table_above_the_floor():
    """common_words.tsv is what tools/make_common_words.py makes of spacy-lookups-data: rerun it
    when the table changes or a threshold below the file's floor is wanted."""
    import gzip
    import json
    from importlib import resources

    import egov_kg.extract.organizations  # noqa: F401 - registers the word sources its rule file names
    from egov_kg.lexicon import _word_log_probabilities

    with resources.files("spacy_lookups_data").joinpath("data/de_lexeme_prob.json.gz").open("rb") as raw:
        table = json.load(gzip.open(raw))
    kept = _word_log_probabilities()
    floor = min(kept.values())
    assert floor > -12.0
    assert kept == {w: p for w, p in table.items() if p > -12.0 and w in kept}
    threshold = load_rules("organizations").settings["common_word"]
    assert {w for w, p in table.items() if p > threshold and not w.startswith("#")} == {w for w, p in kept.items() if p > threshold}
