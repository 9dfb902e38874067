"""Every rule's examples and counterexamples, from every rule file, as tests.

A positive example passes when one match of its rule covers exactly the example's span with
the expected value; a counterexample passes when its rule matches nothing in it. Known gaps
carry ``xfail: reason`` in the data.
"""

from __future__ import annotations

import importlib
import importlib.util
from importlib import resources

import pytest

from egov_kg.extract.rules import DATA_PACKAGE, load_rules

RULE_FILES = sorted(
    p.name[: -len(".yaml")]
    for p in resources.files(DATA_PACKAGE).iterdir()
    if p.name.endswith(".yaml") and importlib.util.find_spec(f"egov_kg.extract.{p.name[:-5]}") is not None
)


def _cases(positive: bool):
    for kind in RULE_FILES:
        module = importlib.import_module(f"egov_kg.extract.{kind}")
        if not hasattr(module, "example_matches"):
            continue
        for rule in load_rules(kind).rules:
            items = rule.examples if positive else rule.counterexamples
            for i, item in enumerate(items):
                marks = [pytest.mark.xfail(reason=rule.xfail, strict=False)] if rule.xfail else []
                yield pytest.param(kind, rule, item, id=f"{rule.id}[{i}]", marks=marks)


def test_every_rule_file_has_an_extractor_module():
    for p in resources.files(DATA_PACKAGE).iterdir():
        if p.name.endswith(".yaml") and not p.name.endswith(("_vocabulary.yaml", "_forms.yaml")):
            assert importlib.util.find_spec(f"egov_kg.extract.{p.name[:-5]}"), p.name


@pytest.mark.parametrize(("kind", "rule", "example"), list(_cases(positive=True)))
def test_example(kind, rule, example):
    module = importlib.import_module(f"egov_kg.extract.{kind}")
    start, end = example.span
    found = module.example_matches(example.text, **example.context)
    hits = [(s, e, v) for s, e, v, rule_id in found if rule_id == rule.id]
    assert (start, end, str(example.value)) in hits, (
        f"{rule.id}: expected {example.text[start:end]!r} -> {example.value!r}; "
        f"found {[(example.text[s:e], v) for s, e, v in hits]}"
    )


@pytest.mark.parametrize(("kind", "rule", "text"), list(_cases(positive=False)))
def test_counterexample(kind, rule, text):
    module = importlib.import_module(f"egov_kg.extract.{kind}")
    hits = [(s, e, v) for s, e, v, rule_id in module.example_matches(text) if rule_id == rule.id]
    assert not hits, f"{rule.id} must not match {text!r}, found {[(text[s:e], v) for s, e, v in hits]}"


def test_a_rule_file_with_a_duplicate_key_is_refused():
    from egov_kg.extract.rules import RuleError, parse_rules

    with pytest.raises(RuleError, match="duplicate key pattern"):
        parse_rules("x", "rules:\n  - id: a\n    pattern: 'x'\n    pattern: 'y'\n", "x.yaml")
