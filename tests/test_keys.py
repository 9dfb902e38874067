"""Identity keys: the slug of keys and IRIs."""

from __future__ import annotations

from egov_kg.keys import slug


def test_slug_is_readable_and_iri_safe():
    assert slug("Landkreis Görlitz") == "landkreis-goerlitz"
    assert slug("Weißwasser/O.L.") == "weisswasser-o-l"
    assert slug("Ämter <a> \"b\" #%?") == "aemter-a-b"
    assert slug("???") == "x"
