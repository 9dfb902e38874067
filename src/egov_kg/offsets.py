"""Text as the rules see it, with offsets that still point into the text as it was written.

Press releases carry soft hyphens, zero-width spaces, non-breaking spaces and decomposed
umlauts (``a`` + combining diaeresis) that break matching. The rules run on a normalised copy
(NFC, invisible characters removed, every space character a plain space); the evidence keeps
the offsets of the original text, so a quote cut from the original is what the text said.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable
from typing import Any

import regex

from egov_kg.records import Evidence

_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_SPACES = frozenset("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
#: A character ``matching_text`` may change: an invisible one, a space character, or a mark (every
#: character that combines with the one before is a mark: ``tests/test_offsets.py``).
_CHANGED = regex.compile("[" + "".join(sorted(_INVISIBLE | _SPACES)) + r"\p{M}]")


@dataclasses.dataclass(frozen=True, slots=True)
class MatchingText:
    """The normalised text and, for each of its characters, the offset in the original."""

    text: str
    origin: tuple[int, ...]
    original_length: int

    @property
    def unchanged(self) -> bool:
        return len(self.text) == self.original_length and self.origin == tuple(range(self.original_length))

    def to_original(self, offset: int) -> int:
        """The original offset of a normalised offset (the end of the text maps to its end)."""
        return self.origin[offset] if offset < len(self.origin) else self.original_length


def matching_text(original: str) -> MatchingText:
    """NFC, invisible characters dropped, space characters made plain, offsets kept."""
    if not _CHANGED.search(original):  # most texts: nothing to do, and no loop over each character
        return MatchingText(original, tuple(range(len(original))), len(original))
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(original):
        if ch in _INVISIBLE:
            continue
        if ch in _SPACES:
            ch = " "
        if chars and unicodedata.combining(ch):
            composed = unicodedata.normalize("NFC", chars[-1] + ch)
            if len(composed) == 1:
                chars[-1] = composed  # the mark joins its base; the base keeps its origin
                continue
        chars.append(ch)
        origin.append(i)
    return MatchingText("".join(chars), tuple(origin), len(original))


def to_original(record: Any, mapping: MatchingText) -> Any:
    """A copy of ``record`` (any nest of frozen dataclasses and tuples) with every Evidence's
    offsets mapped back to the original text."""
    if mapping.unchanged:
        return record
    return map_offsets(record, mapping.to_original)


def map_offsets(value: Any, offset: Callable[[int], int]) -> Any:
    """A copy of ``value`` (any nest of frozen dataclasses and tuples) with ``offset`` applied
    to every Evidence's offsets; parts without evidence are kept, not copied."""
    if isinstance(value, Evidence):
        return dataclasses.replace(
            value,
            start=offset(value.start),
            end=offset(value.end),
            sentence_start=offset(value.sentence_start),
            sentence_end=offset(value.sentence_end),
        )
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: map_offsets(getattr(value, f.name), offset) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **{k: v for k, v in changes.items() if v is not getattr(value, k)})
    if isinstance(value, tuple):
        mapped = tuple(map_offsets(v, offset) for v in value)
        return mapped if any(a is not b for a, b in zip(mapped, value)) else value
    return value
