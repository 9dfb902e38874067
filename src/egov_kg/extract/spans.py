"""Small helpers shared by the extractors: evidence from character offsets."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from egov_kg.records import Evidence

_SENTENCES = "egov_kg.sentence_bounds"


def _sentences(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end offsets of the document's sentences, computed once per Doc."""
    cached = doc.user_data.get(_SENTENCES)
    if cached is None:
        sents = list(doc.sents)
        cached = ([s.start_char for s in sents], [s.end_char for s in sents])
        doc.user_data[_SENTENCES] = cached
    return cached


def sentence_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character span of the sentence that holds ``start`` (the span may run past it)."""
    starts, ends = _sentences(doc)
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
