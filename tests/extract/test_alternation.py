"""A list piece written as a tree of shared beginnings (``rules.alternation``) matches what the
words one after the other (longest first) match, in the same order."""

from __future__ import annotations

import random

import pytest
import regex

from egov_kg.extract import rules
from egov_kg.extract.rules import alternation, load_rules
from tests.extract.test_rule_examples import RULE_FILES

#: How a piece is used: alone, ignoring case, with endings after it, as an office noun is.
WRAPPINGS = ("(?:{})", "(?i:(?:{}))", r"(?:{})(?:in|en|e)?\b", r"(?i:(?:{}))(?:innen|in|e)?(?!\p{{L}})")


def _flat(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda s: (-len(s), s)))


def _list_pieces() -> list:
    found = []
    for kind in RULE_FILES:
        for name, value in load_rules(kind).pieces.items():
            if isinstance(value, dict):
                value = rules._WORD_SOURCES[value["words"]]()
            if isinstance(value, list):
                found.append(pytest.param(value, id=f"{kind}.{name}"))
    return found


def _samples(words: list[str], chance: random.Random) -> list[str]:
    """Texts of the words in every case, with ß for ss and ligatures for fi and st, cut short."""
    out = []
    for _ in range(150):
        text = " ".join(chance.choice(words) for _ in range(3))
        if chance.random() < 0.3:
            text = text.replace("ss", "ß")
        if chance.random() < 0.3:
            text = text.upper() if chance.random() < 0.5 else text.lower()
        if chance.random() < 0.3:
            text = text.replace("fi", "\ufb01").replace("st", "\ufb06")
        out.append(text + "in " + text[: chance.randint(0, len(text))])
    return out


@pytest.mark.parametrize("words", _list_pieces())
def test_a_tree_matches_what_the_words_match(words: list[str]) -> None:
    chance = random.Random(len(words))
    texts = _samples(sorted(set(words)), chance)
    for wrapping in WRAPPINGS:
        flat = regex.compile(wrapping.format(_flat(words)), regex.VERSION1)
        tree = regex.compile(wrapping.format(alternation(words)), regex.VERSION1)
        for text in texts:
            for overlapped in (False, True):
                assert ([m.span() for m in tree.finditer(text, overlapped=overlapped)]
                        == [m.span() for m in flat.finditer(text, overlapped=overlapped)]), (wrapping, text)


def test_longer_words_are_tried_first() -> None:
    words = ["Leiter", "Leiterin", "Landrat", "Landrätin", "Bürgermeister", "Bürgermeisterin", "Chef", "Chefin"]
    assert alternation(words) == "(?:Bürgermeister(?:in)?|Che(?:fin|f)|L(?:andr(?:at|ätin)|eiter(?:in)?))"
    assert regex.fullmatch(f"(?i:(?:{alternation(words)}))", "CHE\ufb01N", regex.VERSION1)  # the ligature is fi


@pytest.mark.parametrize("words", [
    ["Amt", "amtlich", *"bcdefgh"],  # folds to the beginning of another word without being its beginning
    ["Straße", "Weg", *"bcdefgh"],  # a letter that folds to two
    ["Amt", "amt", *"bcdefgh"],  # two words that fold alike
    ["Amt", "Bund"],  # too few to gain anything
])
def test_words_a_tree_could_reorder_stay_one_after_the_other(words: list[str]) -> None:
    assert alternation(words) == _flat(words)
