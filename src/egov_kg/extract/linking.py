"""Linkers: the named decisions taken after matching, as data.

A construction rule finds a candidate (an office next to a person, an amount next to a funding
word); what belongs to it is then decided by *linkers*: which body an office belongs to, who
gives a grant, which date is a grant's. A rule file lists them under ``linkers:``; each has an
id, the decision it takes (``decides``), a description, the registered function that tries it,
a priority, examples (a text and the fields of the record the linker decided) and
counterexamples (texts in which no record names the linker), and optionally ``params`` that a
generic function reads (a pattern and the kinds of body it may name: a new linker of that shape
is a data entry only). A linker marked ``guess`` gives a
default reading (the district a press release is about); an extractor lets it yield to what
another linker decided for the same fact elsewhere in the text.

For one decision the engine asks the linkers in order of priority, highest first; the first that
answers decides, and its id goes into the fact's evidence. A linker answers with a value, with
``NOTHING`` (it decides that there is none: "a minister's office needs a ministry, and the text
names none"), or with None (it does not apply, the next one is asked). The German words a linker
needs are the rule file's pieces and settings; the function is the generic part.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from egov_kg.extract.rules import (
    Counterexample,
    Example,
    RuleError,
    load_yaml,
    parse_counterexample,
    parse_example,
    read_yaml,
)

#: The answer of a linker that decides there is nothing to link.
NOTHING: Any = object()

LinkFunction = Callable[[Any], Any]
_FUNCTIONS: dict[str, LinkFunction] = {}


def most_named(keys: Iterable[str], *, at_least: int = 1) -> str | None:
    """The key a press release names most often, alone at the top and at least ``at_least`` times:
    the body it is about, where a linker falls back on that."""
    ranked = Counter(keys).most_common(2)
    if not ranked or ranked[0][1] < at_least or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def link_function(name: str) -> Callable[[LinkFunction], LinkFunction]:
    """Register a function under ``name`` so linkers can refer to it."""

    def register(func: LinkFunction) -> LinkFunction:
        _FUNCTIONS[name] = func
        return func

    return register


@dataclass(frozen=True, slots=True)
class Linker:
    id: str
    decides: str
    description: str
    function: str
    priority: int
    feeds: str
    examples: tuple[Example, ...]
    counterexamples: tuple[Counterexample, ...]
    guess: bool = False  # a default reading: it yields to what any other linker decided for the same fact
    params: tuple[tuple[str, Any], ...] = ()  # what a generic function reads from the entry (a pattern, types)


@dataclass(frozen=True, slots=True)
class Link:
    """A decision: the value (None where the linker decided there is none) and who took it."""

    value: Any
    linker: str


@dataclass(frozen=True)
class Linkers:
    """The linkers of one rule file, by decision, highest priority first."""

    kind: str
    linkers: tuple[Linker, ...]

    def guesses(self, linker_id: str) -> bool:
        """Is the linker a default reading that yields to any other decision about the same fact?"""
        return any(lk.guess for lk in self.linkers if lk.id == linker_id)

    def decide(self, decision: str, query: Any) -> Link | None:
        """The first answer of the decision's linkers for ``query``; None if none applies."""
        for linker in self._by_decision.get(decision, ()):
            found = _FUNCTIONS[linker.function](query, **dict(linker.params))
            if found is None:
                continue
            return Link(None if found is NOTHING else found, linker.id)
        return None

    @cached_property
    def _by_decision(self) -> dict[str, tuple[Linker, ...]]:
        out: dict[str, list[Linker]] = {}
        for linker in sorted(self.linkers, key=lambda lk: (-lk.priority, lk.id)):
            out.setdefault(linker.decides, []).append(linker)
        return {k: tuple(v) for k, v in out.items()}


def parse_linkers(kind: str, text: str, path: str) -> Linkers:
    """The ``linkers:`` section of a rule file; raises RuleError on any defect."""
    return linkers_from(kind, load_yaml(text, path), path)


def linkers_from(kind: str, data: Any, path: str) -> Linkers:
    """The ``linkers:`` section of a parsed rule file; raises RuleError on any defect."""
    data = data or {}
    out: list[Linker] = []
    seen: set[str] = set()
    priorities: set[tuple[str, int]] = set()
    for raw in data.get("linkers") or []:
        linker_id = str(raw.get("id", "?"))
        if linker_id in seen:
            raise RuleError(linker_id, path, "duplicate id")
        seen.add(linker_id)
        for required in ("decides", "description", "function", "priority"):
            if raw.get(required) in (None, ""):
                raise RuleError(linker_id, path, f"missing {required}")
        if raw["function"] not in _FUNCTIONS:
            raise RuleError(linker_id, path, f"unknown link function {raw['function']!r}")
        order = (str(raw["decides"]), int(raw["priority"]))
        if order in priorities:
            raise RuleError(linker_id, path, f"a second linker of {order[0]!r} with priority {order[1]}: the order must be stated")
        priorities.add(order)
        examples = tuple(parse_example(e, linker_id, path) for e in raw.get("examples") or [])
        if not examples:
            raise RuleError(linker_id, path, "a linker needs at least one example")
        out.append(Linker(
            id=linker_id,
            decides=order[0],
            description=str(raw["description"]),
            function=str(raw["function"]),
            priority=order[1],
            feeds=str(raw.get("feeds") or data.get("feeds") or kind),
            examples=examples,
            counterexamples=tuple(parse_counterexample(c) for c in raw.get("counterexamples") or []),
            guess=bool(raw.get("guess", False)),
            params=tuple(sorted((raw.get("params") or {}).items())),
        ))
    return Linkers(kind, tuple(out))


@cache
def load_linkers(kind: str) -> Linkers:
    """The linkers of ``data/de/<kind>.yaml`` (with its overlays), loaded once per process."""
    data, path = read_yaml(f"{kind}.yaml")
    return linkers_from(kind, data, path)
