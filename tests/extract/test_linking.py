"""The linker engine: priority order, a decision that there is nothing, and the loader's checks."""

from __future__ import annotations

import pytest

from egov_kg.extract.linking import NOTHING, link_function, parse_linkers
from egov_kg.extract.rules import RuleError

_EXAMPLE = "    examples:\n      - {text: 'x', value: {name: x}}\n"


@link_function("test_says_a")
def _says_a(query: str) -> str | None:
    return "a" if "a" in query else None


@link_function("test_says_nothing")
def _says_nothing(query: str) -> object | None:
    return NOTHING if "n" in query else None


def _linkers(*entries: tuple[str, str, int]):
    text = "feeds: orgs\nlinkers:\n" + "".join(
        f"  - id: {lid}\n    decides: body\n    description: d\n    function: {fn}\n    priority: {prio}\n{_EXAMPLE}"
        for lid, fn, prio in entries)
    return parse_linkers("test", text, "test.yaml")


def test_the_highest_priority_linker_that_answers_decides() -> None:
    linkers = _linkers(("t.a", "test_says_a", 10), ("t.nothing", "test_says_nothing", 20))
    assert linkers.decide("body", "a").value == "a"
    assert linkers.decide("body", "a").linker == "t.a"
    found = linkers.decide("body", "an")  # both answer: the one of higher priority decides
    assert (found.value, found.linker) == (None, "t.nothing")
    assert linkers.decide("body", "xyz") is None
    assert linkers.decide("funder", "a") is None  # another decision has no linkers


@pytest.mark.parametrize(
    ("entries", "reason"),
    [
        ((("t.a", "test_unknown", 10),), "unknown link function"),
        ((("t.a", "test_says_a", 10), ("t.b", "test_says_nothing", 10)), "the order must be stated"),
        ((("t.a", "test_says_a", 10), ("t.a", "test_says_nothing", 20)), "duplicate id"),
    ],
)
def test_the_loader_refuses_defects(entries, reason: str) -> None:
    with pytest.raises(RuleError, match=reason):
        _linkers(*entries)


@link_function("test_says_param")
def _says_param(query: str, *, word: str) -> str | None:
    return word if word in query else None


def test_a_linker_entry_passes_its_params_to_a_generic_function() -> None:
    text = ("feeds: orgs\nlinkers:\n  - id: t.p\n    decides: body\n    description: d\n    function: test_says_param\n"
            "    params: {word: Adorf}\n    priority: 1\n" + _EXAMPLE)
    linkers = parse_linkers("test", text, "test.yaml")
    assert linkers.decide("body", "in Adorf").value == "Adorf"
    assert linkers.decide("body", "in Bdorf") is None
