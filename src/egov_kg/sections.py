"""Long texts are read in sections, so that time grows in proportion to the text.

spaCy refuses a text of a million characters or more (error E088), and some extractors take
time that grows faster than the text (they compare every mention of an organisation with the
others): one text of a million characters took over six minutes (48 s in sections). A text longer than
``LONG_TEXT`` is therefore cut at paragraph, line, sentence or word ends into sections of at
most ``SECTION_CHARS``, each section is analysed as a text of its own (against the publication
date of the whole, read from the first), and their facts are joined with offsets into the
whole text. Facts that would need two sections at once (a role named in one and its holder in
the next) are not found; a press release is far shorter than one section.
"""

from __future__ import annotations

import dataclasses

from egov_kg.offsets import map_offsets
from egov_kg.reading import SourceText
from egov_kg.records import DocumentFacts

#: Texts longer than this are read in sections (a press release has a few thousand characters).
LONG_TEXT = 50_000
SECTION_CHARS = 10_000
#: Where a section may end, best first: a paragraph, a line, a sentence, a word.
_ENDS = ("\n\n", "\n", ". ", " ")


def cut(text: str, size: int = SECTION_CHARS) -> list[tuple[int, str]]:
    """``text`` as ``(start offset, section)`` pairs of at most ``size`` characters each."""
    parts = []
    start = 0
    while len(text) - start > size:
        end = _end(text, start, size)
        parts.append((start, text[start:end]))
        start = end
    parts.append((start, text[start:]))
    return parts


def _end(text: str, start: int, size: int) -> int:
    """Where the section from ``start`` ends: after the last paragraph, line, sentence or word
    in its second half, else after ``size`` characters."""
    for mark in _ENDS:
        at = text.rfind(mark, start + size // 2, start + size - len(mark) + 1)
        if at >= 0:
            return at + len(mark)
    return start + size


def join(parts: list[tuple[int, DocumentFacts]], source: SourceText) -> DocumentFacts:
    """The facts of ``source`` from those of its sections, ``(start offset, facts)`` in order.

    Title and publication date are the first section's; every list of facts is the sections'
    lists one after the other, with offsets into the whole text.
    """
    moved = [(start, map_offsets(facts, lambda offset, by=start: offset + by)) for start, facts in parts]
    first = moved[0][1]
    lists = {f.name: tuple(item for _, facts in moved for item in getattr(facts, f.name))
             for f in dataclasses.fields(DocumentFacts) if isinstance(getattr(first, f.name), tuple)}
    lists["sentences"] = tuple((begin + start, end + start) for start, facts in moved for begin, end in facts.sentences)
    return dataclasses.replace(first, source_file=source.source_file, sha256=source.sha256, text=source.text, **lists)
