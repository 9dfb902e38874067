"""Identity keys: the slug of keys and IRIs, and an organisation's key and its string form."""

from __future__ import annotations

import pytest

from egov_kg.keys import OrgKey, slug


def test_slug_is_readable_and_iri_safe():
    assert slug("Landkreis Görlitz") == "landkreis-goerlitz"
    assert slug("Weißwasser/O.L.") == "weisswasser-o-l"
    assert slug("Ämter <a> \"b\" #%?") == "aemter-a-b"
    assert slug("???") == "x"


@pytest.mark.parametrize(
    ("text", "key"),
    [("state:16", OrgKey("state", "16")), ("municipality:2945358", OrgKey("municipality", "2945358")),
     ("ministry:16:digital-finanz", OrgKey("ministry", "digital-finanz", state="16")),
     ("authority:16:landesverwaltungsamt", OrgKey("authority", "landesverwaltungsamt", state="16"))],
)  # fmt: skip
def test_a_key_reads_back_what_it_writes(text, key):
    assert OrgKey.parse(text) == key
    assert key.format() == text


def test_a_keys_parts_are_what_an_iri_names_after_the_type():
    assert OrgKey("ministry", "finanz", state="xx").parts == ("xx", "finanz")
    assert OrgKey("district", "gotha").parts == ("gotha",)


@pytest.mark.parametrize("text", ["municipality", "ministry:16:finanz:extra"])
def test_a_string_that_is_no_key_is_refused(text):
    with pytest.raises(ValueError, match="not an organisation key"):
        OrgKey.parse(text)
