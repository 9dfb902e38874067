"""Normalised text for matching, offsets true to the original."""

from __future__ import annotations

import unicodedata

import regex

from egov_kg.offsets import matching_text, to_original
from egov_kg.records import AmountMention, Evidence


def test_invisible_characters_and_odd_spaces_are_normalised():
    original = "Digi\u00adtali\u200bsierung in Gera:\u00a012.500\u202fEuro"
    m = matching_text(original)
    assert m.text == "Digitalisierung in Gera: 12.500 Euro"
    start = m.text.index("12.500 Euro")
    assert original[m.to_original(start) : m.to_original(start + len("12.500 Euro"))] == "12.500\u202fEuro"


def test_combining_accents_are_composed_and_quotes_cut_from_the_original():
    original = "Landra\u0308tin in Go\u0308rlitz"
    m = matching_text(original)
    assert m.text == "Landrätin in Görlitz"
    s = m.text.index("Görlitz")
    assert original[m.to_original(s) : m.to_original(s + 7)] == "Go\u0308rlitz"
    assert original[m.to_original(0) : m.to_original(9)] == "Landra\u0308tin"


def test_records_are_mapped_back_recursively():
    original = "\u00adrund 5.000 Euro"
    m = matching_text(original)
    ev = Evidence(0, 15, 0, 15, "money.amount")
    record = AmountMention(ev, "rund 5.000 Euro", 5000)
    mapped = to_original((record,), m)[0]
    assert (mapped.evidence.start, mapped.evidence.end) == (1, 16)
    assert original[mapped.evidence.start : mapped.evidence.end] == "rund 5.000 Euro"


def test_plain_text_is_left_alone():
    m = matching_text("Stadt Jena")
    assert m.unchanged
    record = (Evidence(0, 5, 0, 10, "r"),)
    assert to_original(record, m) is record


def test_the_pipeline_reads_through_soft_hyphens_and_quotes_the_original():
    import hashlib

    from egov_kg.pipeline import analyse
    from egov_kg.reading import SourceText

    text = "Die Gemeinde Ad\u00adorf erh\u00e4lt 12.500\u00a0Euro. Landra\u0308tin Anna Beispiel \u00fcbergab den Bescheid."
    facts = analyse(SourceText("a.txt", text, hashlib.sha256(text.encode()).hexdigest()))
    assert facts.text == text
    amount = facts.amounts[0]
    assert text[amount.evidence.start : amount.evidence.end] == "12.500\u00a0Euro"
    assert any(text[o.evidence.start : o.evidence.end] == "Ad\u00adorf" and o.name == "Adorf" for o in facts.orgs)
    assert any(text[r.evidence.start : r.evidence.end].startswith("Landra\u0308tin") for r in facts.roles)


def test_every_character_that_combines_is_a_mark() -> None:
    """``matching_text`` skips its loop over the characters when the text holds no invisible or
    space character and no mark: that is sound only if every combining character is a mark."""
    mark = regex.compile(r"\p{M}")
    combining = [chr(c) for c in range(0x110000) if unicodedata.combining(chr(c))]
    assert combining and all(mark.match(c) for c in combining)


def test_a_plain_text_is_its_own_matching_text() -> None:
    text = "Die Stadt Adorf erhält 5.000 Euro.\nKontakt: Rathaus"
    mapped = matching_text(text)
    assert (mapped.text, mapped.origin, mapped.unchanged) == (text, tuple(range(len(text))), True)
    assert matching_text("Gemeinde\u00a0Adorf").text == "Gemeinde Adorf"
    assert matching_text("Bu\u0308ro").text == "Büro"
