"""Every rule's and every linker's examples and counterexamples, run through the real pipeline.

Each example text is read by ``pipeline.analyse`` exactly as a press release is (with the anchor
date and state its ``context`` pins). A positive example passes when the production its rule
feeds holds, for every expected record, one whose evidence covers exactly the expected span,
names the rule (as the rule that found it or one that read part of it) and has the expected
typed fields. A counterexample passes when the pipeline reads no record of that production at
all. A linker's example passes when such a record names the linker as the one that decided; its
counterexample when no record does. Known gaps carry ``xfail: reason`` on the example itself
and fail the run once they pass.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import pytest

from egov_kg.extract.linking import Linker, load_linkers
from egov_kg.extract.rules import DATA_PACKAGE, Example, Rule, load_rules
from egov_kg.pipeline import Pinned, analyse
from egov_kg.reading import SourceText
from tests.extract.views import CHECKED, records

#: Every rule file: a data file with a top-level ``rules:`` list (vocabularies have none).
RULE_FILES = sorted(
    p.name[: -len(".yaml")]
    for p in resources.files(DATA_PACKAGE).iterdir()
    if p.name.endswith(".yaml") and "\nrules:" in p.read_text(encoding="utf-8")
)


@cache
def _read(text: str, anchor: str | None, state: str | None):
    pinned = Pinned(anchor=dt.date.fromisoformat(anchor) if anchor else None, state=state)
    return analyse(SourceText("example.txt", text, ""), pinned=pinned)


def _facts(text: str, context: dict[str, Any]):
    return _read(text, context.get("anchor"), context.get("state"))


def _cases(positive: bool, *, linkers: bool = False):
    for kind in RULE_FILES:
        for rule in load_linkers(kind).linkers if linkers else load_rules(kind).rules:
            items = rule.examples if positive else rule.counterexamples
            for i, item in enumerate(items):
                marks = [pytest.mark.xfail(reason=item.xfail, strict=True)] if item.xfail else []
                yield pytest.param(rule, item, id=f"{rule.id}[{i}]", marks=marks)


def _same(expected: Any, found: Any) -> bool:
    """Typed comparison: numbers by value (YAML 98500 is Decimal 98500), lists in order."""
    if isinstance(found, Decimal) and isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return found == Decimal(str(expected))
    if isinstance(found, list) and isinstance(expected, list):
        return len(found) == len(expected) and all(_same(e, f) for e, f in zip(expected, found))
    return expected == found


def _fits(expected: dict[str, Any], found: dict[str, Any], checked: frozenset[str]) -> bool:
    """The record has every expected field (``null``: none), and none of the ``checked`` fields
    that the example leaves out."""
    return all(_same(expected.get(field), found.get(field)) for field in {*expected, *checked})


def _assert_records(rule_id: str, production: str, example: Example, found, checked: frozenset[str]) -> None:
    for (start, end), expected in example.records:
        at_span = [fields for ev, fields in found if (ev.start, ev.end) == (start, end)]
        assert any(_fits(expected, fields, checked) for fields in at_span), (
            f"{rule_id}: expected {example.text[start:end]!r} -> {expected}; the {production} it read are "
            f"{[(example.text[ev.start:ev.end], fields) for ev, fields in found]}"
        )


@pytest.mark.parametrize(("rule", "example"), list(_cases(positive=True)))
def test_example(rule: Rule, example: Example) -> None:
    facts = _facts(example.text, example.context)
    found = [(ev, fields) for ev, fields in records(facts, rule.feeds) if rule.id in ev.rules]
    _assert_records(rule.id, rule.feeds, example, found, CHECKED[rule.feeds])


@pytest.mark.parametrize(("rule", "counterexample"), list(_cases(positive=False)))
def test_counterexample(rule: Rule, counterexample) -> None:
    facts = _facts(counterexample.text, {})
    found = [(counterexample.text[ev.start:ev.end], ev.rule, fields) for ev, fields in records(facts, rule.feeds)]
    assert not found, f"{rule.id}: no {rule.feeds} may be read from {counterexample.text!r}, found {found}"


@pytest.mark.parametrize(("linker", "example"), list(_cases(positive=True, linkers=True)))
def test_linker_example(linker: Linker, example: Example) -> None:
    facts = _facts(example.text, example.context)
    found = [(ev, fields) for ev, fields in records(facts, linker.feeds) if linker.id in ev.linkers]
    _assert_records(linker.id, linker.feeds, example, found, frozenset())  # a linker's example states what it decided


@pytest.mark.parametrize(("linker", "counterexample"), list(_cases(positive=False, linkers=True)))
def test_linker_counterexample(linker: Linker, counterexample) -> None:
    facts = _facts(counterexample.text, {})
    found = [(counterexample.text[ev.start:ev.end], fields) for ev, fields in records(facts, linker.feeds)
             if linker.id in ev.linkers]
    assert not found, f"{linker.id} must decide nothing in {counterexample.text!r}, decided {found}"


def test_every_rule_file_feeds_a_production_the_views_know() -> None:
    facts = _facts("Leer.", {})
    for kind in RULE_FILES:
        for rule in load_rules(kind).rules:
            records(facts, rule.feeds)  # raises KeyError for an unknown production


def test_a_rule_file_with_a_duplicate_key_is_refused() -> None:
    from egov_kg.extract.rules import RuleError, parse_rules

    with pytest.raises(RuleError, match="duplicate key pattern"):
        parse_rules("x", "rules:\n  - id: a\n    pattern: 'x'\n    pattern: 'y'\n", "x.yaml")


def test_an_example_value_must_be_typed_fields() -> None:
    from egov_kg.extract.rules import RuleError, parse_rules

    text = ("feeds: amounts\nrules:\n  - id: a\n    description: d\n    pattern: 'x'\n    normaliser: money_amount\n"
            "    examples:\n      - {text: 'x', value: 'a string label'}\n")
    with pytest.raises(RuleError, match="mapping of fields"):
        parse_rules("x", text, "x.yaml")


# ----------------------------------------------------------------------------- patterns compile

#: A rule file with one rule whose pattern is ``pattern`` and whose trigger is ``Zuschuss``.
_ONE_RULE = ("feeds: amounts\nrules:\n  - id: a\n    description: d\n    pattern: '{pattern}'\n"
             "    normaliser: money_amount\n    trigger: [Zuschuss]\n"
             "    examples:\n      - {{text: 'ein Zuschuss', value: {{amount: 1}}}}\n")


@pytest.mark.parametrize("kind", RULE_FILES)
def test_every_rule_pattern_compiles(kind: str) -> None:
    """The build compiles each pattern on its first use only; here every one is compiled, so a
    packaged pattern that does not compile fails the tests, not a build."""
    ruleset = load_rules(kind).check()
    assert all(rule.lazy.compiled for rule in ruleset.rules)


def test_a_rule_starts_at_a_piece_of_its_file_compiled_once() -> None:
    from egov_kg.extract.rules import RuleError, TriggerScan, load_yaml, rules_from

    text = _ONE_RULE.format(pattern=r"Zuschuss\s\d+").replace("    trigger:", "    starts_at: HEAD\n    trigger:")
    with pytest.raises(RuleError, match="x.yaml: rule a: starts_at 'HEAD': no such piece"):
        rules_from("x", load_yaml(text, "x.yaml"), "x.yaml")
    two = text + text.split("rules:\n", 1)[1].replace("id: a", "id: b")
    ruleset = rules_from("x", load_yaml("pieces:\n  HEAD: 'Zuschuss'\n" + two, "x.yaml"), "x.yaml")
    first, second = ruleset.rules
    assert first.starts_at is second.starts_at and first.starts_at.compiled, "one pattern per piece, checked"
    sentence = "Ein Zuschuss 5, noch ein Zuschuss 7 und Zuschüsse."
    scan = TriggerScan(sentence)
    assert scan.piece_starts(first.starts_at, 0, len(sentence)) == [4, 25]
    assert [m.group() for m in first.finditer(sentence, scan=scan)] == ["Zuschuss 5", "Zuschuss 7"]
    # a match that runs over the next start: that start is skipped, unless matches may overlap
    chained = rules_from("x", load_yaml("pieces:\n  HEAD: 'Zuschuss'\n" + text.replace(
        r"Zuschuss\s\d+", r"Zuschuss\s\d+(?:\sund\sZuschuss\s\d+)?"), "x.yaml"), "x.yaml").rules[0]
    twice = "Zuschuss 5 und Zuschuss 7."
    scan = TriggerScan(twice)
    assert [m.group() for m in chained.finditer(twice, scan=scan)] == ["Zuschuss 5 und Zuschuss 7"]
    assert [m.group() for m in chained.finditer(twice, scan=scan, overlapped=True)] == [
        "Zuschuss 5 und Zuschuss 7", "Zuschuss 7"]
    assert [m.span() for m in chained.finditer(twice, overlapped=True)] == [(0, 25), (15, 25)]


def test_a_pattern_that_does_not_compile_is_refused() -> None:
    from egov_kg.extract.rules import RuleError, parse_rules, rules_from

    text = _ONE_RULE.format(pattern="Zuschuss (von")
    with pytest.raises(RuleError, match="x.yaml: rule a: pattern does not compile"):
        parse_rules("x", text, "x.yaml")
    from egov_kg.extract.rules import load_yaml

    lazy = rules_from("x", load_yaml(text, "x.yaml"), "x.yaml", check=False)  # as load_rules loads a packaged file
    with pytest.raises(RuleError, match="x.yaml: rule a: pattern does not compile"):
        lazy.check()
    with pytest.raises(RuleError, match="x.yaml: rule a: pattern does not compile"):
        list(lazy.finditer("Ein Zuschuss von 5 Euro."))  # and on its first use


def test_a_rule_is_compiled_on_first_use_and_once() -> None:
    from dataclasses import replace

    from egov_kg.extract.rules import load_yaml, rules_from

    text = _ONE_RULE.format(pattern=r"Zuschuss\s\d{9}")  # its words are in the text below; it finds nothing
    ruleset = rules_from("x", load_yaml(text, "x.yaml"), "x.yaml", check=False)
    rule = ruleset.rules[0]
    assert not rule.lazy.compiled
    assert list(ruleset.finditer("Ein Beitrag von 5 Euro.", sentences=[(0, 23)])) == []
    assert not rule.lazy.compiled, "a rule whose trigger is not in the text is not compiled"
    list(ruleset.finditer("Ein Zuschuss von 5 Euro.", sentences=[(0, 24)]))
    assert rule.lazy.compiled
    first = rule.pattern
    assert rule.pattern is first, "compiled once"
    assert replace(rule, trigger=("x",)).pattern is first, "a copy of the rule shares its pattern"
    checked = rules_from("x", load_yaml(text, "x.yaml"), "x.yaml")  # the default: compiled at once
    assert checked.rules[0].lazy.compiled
    assert checked.rules[0] == rule, "a rule is the same rule compiled or not"
