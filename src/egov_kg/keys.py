"""Identity keys: the ``slug`` that organisations' keys and every IRI are made of."""

from __future__ import annotations

import unicodedata

import regex

_NOT_SLUG = regex.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """An ASCII identifier for a name, the one slug of keys and IRIs: umlauts transliterated,
    other marks dropped (``Landkreis Görlitz`` -> ``landkreis-goerlitz``)."""
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", text.lower()).strip("-") or "x"

