"""The words a pattern requires (``required_words``) are only named where every match holds one."""

from __future__ import annotations

from dataclasses import replace

import pytest
import regex

from egov_kg.extract.required_words import required_words
from egov_kg.extract.rules import LazyPattern, TriggerScan, load_rules

V1 = regex.VERSION1


@pytest.mark.parametrize(("pattern", "words"), [
    (r"die Zuwendung", ("die zuwendung",)),
    (r"\p{Lu}\w+ (?:hat|haben) (?:unterzeichnet|unterschrieben)", (" unterschrieben", " unterzeichnet")),
    (r"(?:Förder)?mittel\b", ("mittel",)),  # an optional part names nothing
    (r"(?:Bescheid|Scheck)e? über", ("bescheid", "scheck")),
    (r"(?:Bescheid|\d+)\s+Euro", ("euro",)),  # an alternative without a word: the branch names none
    (r"\b(?:am|im)\b", ()),  # too short to be worth looking for
    (r"\b(?:lud|laden)\b", ("laden", "lud")),
    (r"(?:Vertrag\s)*\w+", ()),  # repeated perhaps never
    (r"(?:Verträge?\s)+\w+", ("verträg",)),  # at least once (the optional e ends the run)
    (r"(?=Vertrag)\w+ (?<!Bund)\w+", ()),  # what a lookaround reads is not matched
    (r"Zuschuss", ("zuschuss",)),
    (r"(?i:Zuschuss)", ("zuschu",)),  # "ss" may match "ß" where case is ignored: cut there
    (r"(?i)Straßenbau", ("enbau",)),  # and at ß: "stra" and "enbau", the longer is named
    (r"(?i:Straßen(?-i:bau))", ("bau",)),  # case counts again in "bau"; "st" may be the ligature ﬆ
    (r"(?i)Finanzierung", ("nanzierung",)),  # "fi" may be the ligature ﬁ where case is ignored
    (r"(?P<a>Land)kreis (?P<a>\p{Lu}\w+) tritt (?&a) bei", ("landkreis ",)),  # regex's own notations
    (r"(?<org>Amt) \g<org> Amtsblatt", (" amtsblatt",)),
    (r"[[a-z]--[aeiou]]Verband", ()),  # a set inside a set: Python's parser would misread it
    (r"(?i:FÖRDERBESCHEID)", ("förderbescheid",)),
    (r"(", ()),  # not a pattern at all
])
def test_required_words(pattern: str, words: tuple[str, ...]) -> None:
    assert required_words(pattern) == words


def test_flags_are_read() -> None:
    assert required_words(r"Zuwendung  # des Landes", regex.VERBOSE) == ("zuwendung",)
    assert required_words(r"Zuschuss", regex.IGNORECASE) == ("zuschu",)


def test_the_most_words_are_bounded() -> None:
    many = "|".join(f"{chr(65 + i // 10)}{chr(65 + i % 10)}wort" for i in range(100))
    assert required_words(f"(?:{many}) am") == ()
    assert required_words(f"(?:{many}) am Vertrag") == (" am vertrag",)


def test_a_rule_runs_on_no_text_without_its_words() -> None:
    import egov_kg.extract.amounts  # noqa: F401 - registers the normalisers of its rule file

    rule = replace(load_rules("amounts").rules[0], trigger=(),
                   lazy=LazyPattern(r"(?P<x>\p{Lu}\w+) unterzeichnet", V1))
    assert rule.lazy.words() == (" unterzeichnet",)
    assert TriggerScan("Der Kreis plant den Vertrag.").windows(rule) == ()
    assert TriggerScan("Der Kreis UNTERZEICHNET.").windows(rule) is None  # all of it
    ligature = replace(rule, lazy=LazyPattern(r"(?i)Finanzierung", V1))
    assert TriggerScan("Die \ufb01nanzierung steht.").windows(ligature) is None, "regex reads ﬁ as fi"
    assert [m.group() for m in ligature.finditer("Die \ufb01nanzierung steht.")] == ["\ufb01nanzierung"]
