"""Short ids and prefixed names: what a table shows, explain reads back."""

from __future__ import annotations

import pytest

from egov_kg.ids import expand, short_id

BASE = "https://ex.org/kg/"


@pytest.mark.parametrize(("iri", "short"), [
    (BASE + "person/hartmut-schubert", "person:hartmut-schubert"),
    (BASE + "org/state/16", "org:state/16"),
    (BASE + "doc/a-txt/grant/12-municipality-123", "doc:a-txt/grant/12-municipality-123"),
    ("https://schema.org/Person", "schema:Person"),
    ("http://www.w3.org/ns/org#Membership", "org:Membership"),
    ("https://sws.geonames.org/2931521/", "https://sws.geonames.org/2931521/"),
])
def test_short_ids_read_back_to_their_iri(iri, short):
    assert short_id(iri, BASE) == short
    assert expand(short, BASE) == iri
    assert expand(f"<{iri}>", BASE) == iri


def test_a_name_that_is_no_iri_is_refused():
    with pytest.raises(ValueError, match="not an IRI"):
        expand(":x", BASE)
