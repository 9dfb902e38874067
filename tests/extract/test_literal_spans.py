"""``spans.literal_spans`` finds what the regular expressions it replaces found."""

from __future__ import annotations

import random

import pytest
import regex

from egov_kg.extract import spans

#: The expressions each boundary test stands for (a name searched as a word or as a name alone).
EXPRESSIONS = {
    spans.whole_word: r"(?<![\p{L}\d-]){}(?![\p{L}\d-])",
    spans.name_alone: r"(?<![\p{L}\d.-]){}(?![\p{L}\d]|-\p{Ll}|\.\p{L})",
}
ALPHABET = "KIV-Adorfß.äÄ 1²e\n"


@pytest.mark.parametrize("fits", list(EXPRESSIONS), ids=lambda f: f.__name__)
def test_literal_spans_find_what_the_expression_finds(fits) -> None:
    chance = random.Random(7)
    for _ in range(3000):
        literal = "".join(chance.choice("KIVAdorf-.") for _ in range(chance.randint(1, 3)))
        text = "".join(chance.choice(ALPHABET + literal * 3) for _ in range(chance.randint(0, 40)))
        pos = chance.randint(0, len(text))
        pattern = regex.compile(EXPRESSIONS[fits].replace("{}", regex.escape(literal)))
        expected = [m.span() for m in pattern.finditer(text, pos)]
        assert list(spans.literal_spans(text, literal, fits, pos)) == expected, (text, literal, pos)


def test_examples() -> None:
    text = "Die KIV-eigene Stelle, kiv.de und KIV. Auch KIV-Zentrale und (KIV) zählen."
    assert [text[s:e] for s, e in spans.literal_spans(text, "KIV", spans.name_alone)] == ["KIV", "KIV", "KIV"]
    assert [s for s, _ in spans.literal_spans(text, "KIV", spans.name_alone)] == [34, 44, 62]
    assert list(spans.literal_spans(text, "KIV")) == [(34, 37), (62, 65)]  # as a word: no hyphen on either side
    assert list(spans.literal_spans(text, "")) == []
