"""Small helpers shared by the extractors: evidence from character offsets."""

from __future__ import annotations

from spacy.tokens import Doc

from egov_kg.records import Evidence


def sentence_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character span of the sentence that holds ``start`` (the span may run past it)."""
    span = doc.char_span(start, max(end, start + 1), alignment_mode="expand")
    if span is None or not len(span):
        return start, end
    sent = span[0].sent
    return sent.start_char, max(sent.end_char, end)


def evidence(doc: Doc, start: int, end: int, rule: str) -> Evidence:
    """Evidence for the text ``doc.text[start:end]`` found by ``rule``."""
    s_start, s_end = sentence_bounds(doc, start, end)
    return Evidence(start=start, end=end, sentence_start=s_start, sentence_end=s_end, rule=rule)
