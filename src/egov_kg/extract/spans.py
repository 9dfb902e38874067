"""Small helpers shared by the extractors: the Doc's text and sentences, read once, and evidence.

A spaCy ``Doc`` rebuilds ``doc.text`` from its tokens on every access, and ``doc.sents`` and
``Span.text`` walk the tokens again each time: about 0.1 ms for a press release, which adds up
when every extractor asks for them sentence by sentence. :func:`text` and :func:`sentences`
compute them once per Doc (kept in ``doc.user_data``); extractors read them instead.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator

from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc

from egov_kg.extract.rules import TriggerScan
from egov_kg.nlp import TEXT_KEY
from egov_kg.records import Evidence

_SENTENCES = "egov_kg.sentences"
_BOUNDS = "egov_kg.sentence_bounds"
_SCAN = "egov_kg.trigger_scan"


def text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc."""
    cached = doc.user_data.get(TEXT_KEY)
    if cached is None:
        cached = doc.user_data[TEXT_KEY] = doc.text
    return cached


def remember_text(doc: Doc, known: str) -> None:
    """Keep ``known`` (which must equal ``doc.text``) as the Doc's text, so it is never joined."""
    doc.user_data[TEXT_KEY] = known


def sentences(doc: Doc) -> tuple[tuple[int, int], ...]:
    """(start, end) character offsets of every sentence, as ``doc.sents`` gives them, once per Doc."""
    cached = doc.user_data.get(_SENTENCES)
    if cached is None:
        cached = doc.user_data[_SENTENCES] = _sentence_offsets(doc)
    return cached


def trigger_scan(doc: Doc) -> TriggerScan:
    """Where rule words occur in the Doc's text and sentences: one scan for every extractor that
    reads the whole text, once per Doc."""
    cached = doc.user_data.get(_SCAN)
    if cached is None:
        cached = doc.user_data[_SCAN] = TriggerScan(text(doc), sentences(doc))
    return cached


def text_sentences(doc: Doc) -> tuple[tuple[int, int], ...]:
    """The sentences that hold text: a blank line between paragraphs is no sentence."""
    whole = text(doc)
    return tuple((start, end) for start, end in sentences(doc) if whole[start:end].strip())


def _sentence_offsets(doc: Doc) -> tuple[tuple[int, int], ...]:
    """What ``[(s.start_char, s.end_char) for s in doc.sents]`` gives, read from the token arrays."""
    if not len(doc):
        return ()
    rows = doc.to_array([IDX, LENGTH, SENT_START]).tolist()
    firsts = [0, *(i for i in range(1, len(rows)) if rows[i][2] == 1)]
    out = []
    for k, first in enumerate(firsts):
        last = (firsts[k + 1] if k + 1 < len(firsts) else len(rows)) - 1
        out.append((rows[first][0], rows[last][0] + rows[last][1]))
    return tuple(out)


def _bounds(doc: Doc) -> tuple[list[int], list[int]]:
    cached = doc.user_data.get(_BOUNDS)
    if cached is None:
        spans = sentences(doc)
        cached = doc.user_data[_BOUNDS] = ([s for s, _ in spans], [e for _, e in spans])
    return cached


def sentence_index(doc: Doc, offset: int) -> int:
    """The index (into :func:`sentences`) of the sentence that holds ``offset``; -1 before the first."""
    return bisect_right(_bounds(doc)[0], offset) - 1


def sentence_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character span of the sentence that holds ``start`` (the span may run past it)."""
    starts, ends = _bounds(doc)
    i = bisect_right(starts, start) - 1
    if i < 0:
        return start, end
    return starts[i], max(ends[i], end)


def evidence(doc: Doc, start: int, end: int, rule: str, *, support: tuple[str, ...] = (),
             linkers: tuple[str, ...] = ()) -> Evidence:
    """Evidence for the text ``doc.text[start:end]`` found by ``rule``, read in part by the rules
    of ``support`` and linked by ``linkers``."""
    s_start, s_end = sentence_bounds(doc, start, end)
    support = tuple(r for r in dict.fromkeys(support) if r != rule)
    return Evidence(start=start, end=end, sentence_start=s_start, sentence_end=s_end, rule=rule, support=support,
                    linkers=tuple(dict.fromkeys(linkers)))


def _joins(char: str) -> bool:
    """Does ``char`` continue a word (a letter, a digit or a hyphen)?"""
    return char.isalpha() or char.isdecimal() or char == "-"


def whole_word(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a word of its own: no letter, digit or hyphen on either side?"""
    return (start == 0 or not _joins(text[start - 1])) and (end == len(text) or not _joins(text[end]))


def name_alone(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a name of its own: as ``whole_word``, and no dot before it, and no
    lower-case word joined by a hyphen or a letter after a dot after it ("KIV-eigene", "KIV.de")."""
    if start > 0 and (_joins(text[start - 1]) or text[start - 1] == "."):
        return False
    after = text[end : end + 2]
    if not after:
        return True
    if after[0].isalpha() or after[0].isdecimal():
        return False
    return len(after) < 2 or not ((after[0] == "-" and unicodedata.category(after[1]) == "Ll")
                                  or (after[0] == "." and after[1].isalpha()))


def literal_spans(text: str, literal: str, fits: Callable[[str, int, int], bool] = whole_word,
                  pos: int = 0) -> Iterator[tuple[int, int]]:
    """The spans where ``literal`` occurs in ``text`` from ``pos`` on and ``fits`` (by default as
    a word of its own), left to right and not overlapping: what a regular expression of the
    escaped literal between lookarounds finds, without compiling one for every name."""
    if not literal:
        return
    at = text.find(literal, pos)
    while at >= 0:
        end = at + len(literal)
        if fits(text, at, end):
            yield at, end
            at = text.find(literal, end)
        else:
            at = text.find(literal, at + 1)
