"""Loads pattern rules from data files and applies them to text.

A rule file (``data/de/<kind>.yaml``) holds named ``pieces`` (regex fragments, referenced as
``{NAME}`` and expanded at load time, alternatives longest first), the production its rules
``feed`` (the kind of record of ``DocumentFacts`` they produce: ``roles``, ``dates``, ...) and
``rules``. Each rule has an id, a description in pattern notation, a pattern, the name of a
registered normaliser, a priority, optionally its own ``feeds``, positive ``examples`` and
``counterexamples``.

An example is a text, the part of it a record covers (``match``, default all of it) and the
record's expected ``value``: a mapping of the record's typed fields, or a list of them for a
rule that yields several records (each may name its own ``match``). A counterexample is a text
from which the whole pipeline reads no record of the rule's production. Either may carry
``xfail: reason`` for a known gap; the generic test (``tests/extract/test_rule_examples.py``)
runs every one through ``pipeline.analyse``.

German knowledge lives in the data; this module is the generic engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
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


def span_of(text: str, match: str | None) -> tuple[int, int]:
    """The span of ``match`` (its first occurrence) in ``text``; all of it without one."""
    if match is None:
        return 0, len(text)
    start = text.index(match)
    return start, start + len(match)


def normalise(rule: Rule, match: regex.Match, **context: Any) -> Any:
    """The value the rule's normaliser reads from one of its matches (None: no value); the
    normaliser is given the rule too."""
    return _NORMALISERS[rule.normaliser](match, rule=rule, **context)


@dataclass(frozen=True, slots=True)
class Example:
    """A positive example: a record with ``value`` must cover ``match`` (default: all of ``text``).

    ``value`` is a mapping of typed fields, or a list of them (each with its own optional
    ``match``) for a rule that yields several records. ``context`` pins what the document would
    otherwise decide (``anchor``: the day relative dates are read against; ``state``).
    """

    text: str
    value: Any
    match: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    xfail: str | None = None

    @property
    def span(self) -> tuple[int, int]:
        return span_of(self.text, self.match)

    @property
    def records(self) -> tuple[tuple[tuple[int, int], dict[str, Any]], ...]:
        """(span, expected fields) of every record the example expects."""
        items = self.value if isinstance(self.value, list) else [self.value]
        out = []
        for item in items:
            fields = {k: v for k, v in item.items() if k != "match"}
            out.append((span_of(self.text, item["match"]) if "match" in item else self.span, fields))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Counterexample:
    """A text from which no record of the rule's production may be read."""

    text: str
    xfail: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    description: str
    pattern: regex.Pattern
    normaliser: str
    priority: int
    feeds: str
    examples: tuple[Example, ...]
    counterexamples: tuple[Counterexample, ...]


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
    pieces: dict[str, Any] = field(default_factory=dict)  # the named pieces as written

    def pattern(self, piece: str) -> regex.Pattern:
        """A named piece, its placeholders expanded, compiled on first use (for patterns an
        extractor applies itself rather than as a rule)."""
        compiled = self._compiled.get(piece)
        if compiled is None:
            expanded = _expand(f"{{{piece}}}", {n: _piece(v) for n, v in self.pieces.items()}, piece, self.path)
            compiled = self._compiled[piece] = regex.compile(expanded, regex.VERSION1)
        return compiled

    @cached_property
    def _compiled(self) -> dict[str, regex.Pattern]:
        return {}

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


#: Word lists that a piece takes from a vocabulary (``{words: office_heads}``): code registers
#: them by name, so the vocabulary stays the one place the words are written.
_WORD_SOURCES: dict[str, Callable[[], list[str]]] = {}


def word_source(name: str) -> Callable[[Callable[[], list[str]]], Callable[[], list[str]]]:
    """Register a function under ``name`` that lists the literal words of a piece."""

    def register(func: Callable[[], list[str]]) -> Callable[[], list[str]]:
        _WORD_SOURCES[name] = func
        return func

    return register


def _piece(value: Any) -> str:
    """A piece is a regex string, a list of literal alternatives (longest first), or
    ``{words: <source>}``: the literals a registered word source lists."""
    if isinstance(value, dict):
        value = _WORD_SOURCES[value["words"]]()
    if isinstance(value, list):
        return "|".join(regex.escape(v) for v in sorted(set(value), key=lambda s: (-len(s), s)))
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


def parse_example(raw: Any, rule_id: str, path: str) -> Example:
    """An example as written; its matches must be in its text and its value typed fields."""
    if not isinstance(raw, dict) or "text" not in raw:
        raise RuleError(rule_id, path, f"an example is a mapping with a text: {raw!r}")
    example = Example(str(raw["text"]), raw.get("value"), raw.get("match"), dict(raw.get("context") or {}),
                      raw.get("xfail"))
    items = example.value if isinstance(example.value, list) else [example.value]
    if not items or not all(isinstance(item, dict) and item for item in items):
        raise RuleError(rule_id, path, f"example {example.text!r}: the value is a mapping of fields or a list of them")
    for match in [example.match, *(item.get("match") for item in items)]:
        if match is not None and match not in example.text:
            raise RuleError(rule_id, path, f"example match {match!r} is not in its text")
    return example


def parse_counterexample(raw: Any) -> Counterexample:
    if isinstance(raw, dict):
        return Counterexample(str(raw["text"]), raw.get("xfail"))
    return Counterexample(str(raw))


def parse_rules(kind: str, text: str, path: str) -> RuleSet:
    """Validate a rule file's content into a RuleSet; raises RuleError on any defect."""
    data = load_yaml(text, path) or {}
    raw_pieces = data.get("pieces") or {}
    for name, value in raw_pieces.items():
        if isinstance(value, dict) and value.get("words") not in _WORD_SOURCES:
            raise RuleError(name, path, f"piece {name}: unknown word source {value.get('words')!r}")
    pieces = {name: _piece(value) for name, value in raw_pieces.items()}
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
        if "xfail" in raw:
            raise RuleError(rule_id, path, "xfail belongs to the example or counterexample it concerns")
        feeds = str(raw.get("feeds") or data.get("feeds") or "")
        if not feeds:
            raise RuleError(rule_id, path, "missing feeds (the production the rule feeds)")
        examples = tuple(parse_example(e, rule_id, path) for e in raw.get("examples") or [])
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
                feeds=feeds,
                examples=examples,
                counterexamples=tuple(parse_counterexample(c) for c in raw.get("counterexamples") or []),
            )
        )
    return RuleSet(kind=kind, path=path, rules=tuple(rules), settings=dict(data.get("settings") or {}),
                   pieces=dict(data.get("pieces") or {}))


@cache
def load_rules(kind: str) -> RuleSet:
    """Load ``data/de/<kind>.yaml`` once per process."""
    resource = resources.files(DATA_PACKAGE) / f"{kind}.yaml"
    return parse_rules(kind, resource.read_text(encoding="utf-8"), f"{kind}.yaml")


@cache
def load_data(name: str) -> Any:
    """A YAML data file under ``data/de`` (a vocabulary), read strictly, once per process."""
    return load_yaml(read_data(name), name)


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
