"""Identity keys: the ``OrgKey`` of an organisation and the ``slug`` that keys and IRIs are made of.

An organisation's key is the same in every press release that names it, and resolution mints
the organisation's IRI from it. Records carry a key as its string form (``"municipality:2945358"``,
``"ministry:16:digital-finanz"``); code builds that string with ``OrgKey(...).format()`` and
reads it with ``OrgKey.parse``, never by joining or splitting strings of its own.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

_NOT_SLUG = regex.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """An ASCII identifier for a name, the one slug of keys and IRIs: umlauts transliterated,
    other marks dropped (``Landkreis Görlitz`` -> ``landkreis-goerlitz``)."""
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", text.lower()).strip("-") or "x"


@dataclass(frozen=True, slots=True)
class OrgKey:
    """The identity of an organisation: its type (``records.ORG_TYPES``), its id within the type
    (a GeoNames id, an AGS, a slug, a ministry's remits) and, for the bodies that every state has
    one of (ministries, a Landtag, state offices), the state they belong to: an AGS, ``"de"`` for
    the federation or ``"xx"`` where the press release does not say.

    ``OrgKey("ministry", "finanz", state="16").format()`` is ``"ministry:16:finanz"``, and
    ``OrgKey.parse`` reads that string back.
    """

    type: str
    id: str
    state: str | None = None

    @property
    def parts(self) -> tuple[str, ...]:
        """What follows the type, in order: (state, id), or (id,) for a key without a state."""
        return (self.id,) if self.state is None else (self.state, self.id)

    def format(self) -> str:
        """The string form records and outputs carry: ``type:id`` or ``type:state:id``."""
        return ":".join((self.type, *self.parts))

    @classmethod
    def parse(cls, key: str) -> OrgKey:
        """The key a string form stands for.

        Raises:
            ValueError: a string that is no organisation key.
        """
        type_, *parts = key.split(":")
        if len(parts) == 1:
            return cls(type_, parts[0])
        if len(parts) == 2:
            return cls(type_, parts[1], state=parts[0])
        raise ValueError(f"not an organisation key: {key!r}")
