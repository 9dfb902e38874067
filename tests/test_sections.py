"""Long texts in sections: cut at natural ends, facts joined with offsets into the whole text."""

from __future__ import annotations

import pytest

from egov_kg import sections
from egov_kg.pipeline import analyse
from egov_kg.reading import SourceText
from tests.test_build import TEXTS


@pytest.mark.parametrize("text", [
    "Die Stadt Jena dankt. " * 2000,
    ("Erster Absatz mit einigen Worten.\n\n" + "Zeile ohne Punkt\n" * 30) * 40,
    "x" * 25_000,
])
def test_sections_cover_the_text_and_end_where_a_paragraph_line_sentence_or_word_does(text):
    parts = sections.cut(text, 1000)
    assert "".join(part for _, part in parts) == text
    assert all(len(part) <= 1000 for _, part in parts)
    assert [start for start, _ in parts] == [0, *(start + len(part) for start, part in parts[:-1])]
    if "x" not in text:
        assert all(part.endswith((". ", "\n", " ")) for _, part in parts[:-1])


def test_a_long_text_is_read_in_sections_with_offsets_into_the_whole(monkeypatch):
    monkeypatch.setattr(sections, "LONG_TEXT", 1000)
    monkeypatch.setattr(sections, "SECTION_CHARS", 600)
    releases = [TEXTS[name] for name in sorted(TEXTS)]
    text = "\n".join(releases)
    facts = analyse(SourceText("lang.txt", text, "0" * 64))
    alone = [analyse(SourceText("kurz.txt", release, "0" * 64)) for release in releases]
    assert facts.text == text and facts.published == alone[0].published and facts.title == alone[0].title
    assert {o.text for o in facts.orgs} == {o.text for f in alone for o in f.orgs}
    for org in facts.orgs:
        assert text[org.evidence.start:org.evidence.end] == org.text
    assert list(facts.sentences) == sorted(facts.sentences) and facts.sentences[-1][1] <= len(text)
    assert [a.value for a in facts.amounts] == [a.value for f in alone for a in f.amounts]
