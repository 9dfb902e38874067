"""Loads pattern rules from data files and applies them to text.

A rule file (``data/de/<kind>.yaml``) holds named ``pieces`` (regex fragments, referenced as
``{NAME}`` and expanded at load time, alternatives longest first) and ``rules``. Each rule has
an id, a description in pattern notation, a pattern, the name of a registered normaliser, a
priority, positive ``examples`` (text and expected value) and ``counterexamples`` (text in
which the rule must find nothing), and optionally ``xfail`` naming a known gap.

German knowledge lives in the data; this module is the generic engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import regex
import yaml

from egov_kg.errors import EgovKgError

DATA_PACKAGE = "egov_kg.extract.data.de"

#: Normalisers turn a match into a value; rules name them, code registers them.
Normaliser = Callable[..., Any]
_NORMALISERS: dict[str, Normaliser] = {}

_PLACEHOLDER = regex.compile(r"(?<!\\[pPN])\{([A-Z][A-Z0-9_]*)\}")


class RuleError(EgovKgError):
    """A rule file is malformed; names the rule, the file and the reason."""

    def __init__(self, rule_id: str, path: str, reason: str) -> None:
        super().__init__(f"{path}: rule {rule_id}: {reason}")
        self.rule_id = rule_id
        self.path = path
        self.reason = reason


def normaliser(name: str) -> Callable[[Normaliser], Normaliser]:
    """Register a function under ``name`` so rules can refer to it."""

    def register(func: Normaliser) -> Normaliser:
        _NORMALISERS[name] = func
        return func

    return register


@dataclass(frozen=True, slots=True)
class Example:
    """A positive example: ``match`` (default: all of ``text``) must be found with ``value``.

    ``context`` carries what the document would supply, e.g. its state or anchor date.
    """

    text: str
    value: Any
    match: str | None = None
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def span(self) -> tuple[int, int]:
        if self.match is None:
            return 0, len(self.text)
        start = self.text.index(self.match)
        return start, start + len(self.match)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    description: str
    pattern: regex.Pattern
    normaliser: str
    priority: int
    examples: tuple[Example, ...]
    counterexamples: tuple[str, ...]
    xfail: str | None = None


@dataclass(frozen=True, slots=True)
class RuleMatch:
    start: int
    end: int
    rule: Rule
    match: regex.Match
    value: Any


@dataclass(frozen=True)
class RuleSet:
    """The rules of one file, applied together under one overlap policy."""

    kind: str
    path: str
    rules: tuple[Rule, ...]
    settings: dict[str, Any]

    def finditer(self, text: str, **context: Any) -> Iterator[RuleMatch]:
        """Yield non-overlapping matches: longest span first, then higher priority, then earlier."""
        candidates: list[RuleMatch] = []
        for rule in self.rules:
            func = _NORMALISERS[rule.normaliser]
            for m in rule.pattern.finditer(text):
                if m.end() == m.start():
                    continue
                value = func(m, **context)
                if value is None:  # the normaliser vetoed this match
                    continue
                candidates.append(RuleMatch(m.start(), m.end(), rule, m, value))
        candidates.sort(key=lambda c: (-(c.end - c.start), -c.rule.priority, c.start, c.rule.id))
        taken: list[RuleMatch] = []
        for cand in candidates:
            if all(cand.end <= t.start or cand.start >= t.end for t in taken):
                taken.append(cand)
        taken.sort(key=lambda c: c.start)
        yield from taken


def _expand(pattern: str, pieces: dict[str, str], rule_id: str, path: str) -> str:
    seen: set[str] = set()

    def substitute(m: regex.Match) -> str:
        name = m.group(1)
        if name not in pieces:
            raise RuleError(rule_id, path, f"unknown placeholder {{{name}}}")
        if name in seen:
            raise RuleError(rule_id, path, f"placeholder {{{name}}} refers to itself")
        seen.add(name)
        expanded = _PLACEHOLDER.sub(substitute, pieces[name])
        seen.discard(name)
        return f"(?:{expanded})"

    return _PLACEHOLDER.sub(substitute, pattern)


def _piece(value: Any) -> str:
    """A piece is a regex string or a list of literal alternatives (longest first)."""
    if isinstance(value, list):
        return "|".join(regex.escape(v) for v in sorted(value, key=lambda s: (-len(s), s)))
    return str(value)


class _StrictLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys silently; a rule file must not have any."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN201 - PyYAML's signature
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        duplicates = sorted({str(k) for k in keys if keys.count(k) > 1})
        if duplicates:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {', '.join(duplicates)}", node.start_mark)
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str, path: str) -> object:
    """Parse a data file strictly; a syntax error or duplicate key is a RuleError naming the file."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise RuleError("-", path, " ".join(str(exc).split())) from None


def parse_rules(kind: str, text: str, path: str) -> RuleSet:
    """Validate a rule file's content into a RuleSet; raises RuleError on any defect."""
    data = load_yaml(text, path) or {}
    pieces = {name: _piece(value) for name, value in (data.get("pieces") or {}).items()}
    flags = regex.VERSION1 | regex.IGNORECASE if data.get("ignore_case") else regex.VERSION1
    rules: list[Rule] = []
    seen: set[str] = set()
    for raw in data.get("rules") or []:
        rule_id = str(raw.get("id", "?"))
        if rule_id in seen:
            raise RuleError(rule_id, path, "duplicate id")
        seen.add(rule_id)
        for required in ("description", "pattern", "normaliser"):
            if not raw.get(required):
                raise RuleError(rule_id, path, f"missing {required}")
        if raw["normaliser"] not in _NORMALISERS:
            raise RuleError(rule_id, path, f"unknown normaliser {raw['normaliser']!r}")
        examples = tuple(
            Example(str(e["text"]), e.get("value"), e.get("match"), dict(e.get("context") or {}))
            for e in raw.get("examples") or []
        )
        for example in examples:
            if example.match is not None and example.match not in example.text:
                raise RuleError(rule_id, path, f"example match {example.match!r} is not in its text")
        if not examples:
            raise RuleError(rule_id, path, "a rule needs at least one example")
        source = _expand(raw["pattern"], pieces, rule_id, path)
        try:
            pattern = regex.compile(source, flags)
        except regex.error as exc:
            raise RuleError(rule_id, path, f"pattern does not compile: {exc}") from exc
        rules.append(
            Rule(
                id=rule_id,
                description=str(raw["description"]),
                pattern=pattern,
                normaliser=str(raw["normaliser"]),
                priority=int(raw.get("priority", 0)),
                examples=examples,
                counterexamples=tuple(str(c) for c in raw.get("counterexamples") or []),
                xfail=raw.get("xfail"),
            )
        )
    return RuleSet(kind=kind, path=path, rules=tuple(rules), settings=dict(data.get("settings") or {}))


@cache
def load_rules(kind: str) -> RuleSet:
    """Load ``data/de/<kind>.yaml`` once per process."""
    resource = resources.files(DATA_PACKAGE) / f"{kind}.yaml"
    return parse_rules(kind, resource.read_text(encoding="utf-8"), f"{kind}.yaml")


def read_data(name: str) -> str:
    """The text of a data file shipped under ``data/de``."""
    return (resources.files(DATA_PACKAGE) / name).read_text(encoding="utf-8")


@cache
def load_table(name: str) -> tuple[tuple[str, ...], ...]:
    """A tab-separated lexicon: comment lines start with ``#``; rows must be sorted and unique."""
    rows: list[tuple[str, ...]] = []
    for line in read_data(name).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(tuple(line.split("\t")))
    return tuple(rows)
