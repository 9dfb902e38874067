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

Data files can be extended without editing the package: the environment variable
``EGOV_KG_DATA`` names folders (separated like ``PATH``) whose files are laid over the packaged
ones of the same name when they are first loaded (:func:`read_yaml`, :func:`load_table`). A YAML
overlay is merged into the packaged file: mappings key by key, lists appended (new rules,
linkers, words, concepts), any other value replaced; a table overlay's rows are appended. The
merged file is checked like a packaged one (an overlay rule reusing an id is a RuleError).

A rule may name its ``trigger``: words of which every match holds at least one, anywhere in a
word (``Euro`` is in ``Euro-Zuschuss``). A word written in lower case is found in any case
(``euro`` in ``EURO``, ``kreis`` in ``Landkreis`` and ``Kreis``), any other only as written
(``AG`` is not in ``Tag``); an entry ``'{NAME}'`` stands for every word of a piece that is a list (or a ``{words: ...}``
source). Triggers make rules cheap: one pass over the text finds the trigger words of a rule
set, and each rule runs only where one of its own occurs. Given the sentences of a Doc
(``RuleSet.finditer(text, sentences=spans.sentences(doc))``), a rule runs only on each sentence
holding one of its triggers together with the sentences on either side, read as if the text
ended there (lookbehinds still see the text before); without sentences, only on texts holding
one. A rule with a trigger so promises that a match never reaches more than one sentence away
from its trigger word (the neighbours catch a sentence split at an unknown abbreviation or a
line break inside a name). A rule without a trigger runs everywhere. The loader checks that
every example holds a trigger word; ``tests/extract/test_triggers.py`` that triggered and
untriggered runs find the same matches. An extractor that reads a text one sentence at a time
(each sentence a text of its own) scans the whole text once and gives each sentence its part
(``TriggerScan.sentence``): which sentences hold which words is found once, and a rule set none
of whose rules can match in a sentence is not tried there at all.

Every rule also skips a text (or a sentence read on its own) that holds none of the words its
pattern requires: ``required_words`` reads them off the pattern (the verb of "haben ...
unterzeichnet|unterschrieben", every alternative's noun), so no trigger list has to be written
or kept in step for that; they are kept in the pattern store beside the compiled pattern.

A rule may also say where its matches begin (``starts_at: NAME``, a piece that matches wherever
a match of the rule begins, such as the head of an office): one scan of the text finds the
piece's places for every rule naming it, and each such rule is tried only there instead of
looking for the piece at every position itself. ``tests/extract/test_triggers.py`` checks that
the rules so run find what they find without, on every example, counterexample and sample.

German knowledge lives in the data; this module is the generic engine.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import sys
import tempfile
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import regex
import yaml

from egov_kg.errors import EgovKgError
from egov_kg.extract import required_words as required_words_module
from egov_kg.extract.required_words import FOLDED_PAIRS, required_words

_Kept = TypeVar("_Kept")

DATA_PACKAGE = "egov_kg.extract.data.de"

#: The environment variable that names folders of data files laid over the packaged ones.
OVERLAY_VARIABLE = "EGOV_KG_DATA"

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


@lru_cache(maxsize=4096)
def compiled(source: str, flags: int = 0) -> regex.Pattern:
    """``regex.compile(source, flags)``, once per process: for patterns written where they are
    used (``compiled(r"\\s+").sub(" ", text)``), which ``regex.sub(source, ...)`` would look up
    in regex's own cache on every call, at a few microseconds each."""
    return regex.compile(source, flags)


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


#: Character spans of a text a rule runs on (None: all of it).
Windows = tuple[tuple[int, int], ...] | None


class LazyPattern:
    """A rule's pattern, compiled when it is first used, once for every rule that shares it.

    Compiling every rule's pattern costs seconds (some expand to tens of thousands of characters
    of office words), while one text reaches only the rules whose trigger words it holds. So a
    rule keeps its expanded source and compiles it on the first text it runs on; a fresh process
    that analyses one changed press release compiles only what that text needs. ``check()``
    compiles it now (``RuleSet.check``, the rule tests): a pattern that does not compile is a
    RuleError naming the rule and file, when it is checked or first used.
    """

    __slots__ = ("source", "flags", "rule_id", "path", "_compiled", "_words")

    def __init__(self, source: str, flags: int, rule_id: str = "?", path: str = "?") -> None:
        self.source = source
        self.flags = flags
        self.rule_id = rule_id
        self.path = path
        self._compiled: regex.Pattern | None = None
        self._words: tuple[str, ...] | None = None

    @property
    def compiled(self) -> bool:
        """Has the pattern been compiled yet?"""
        return self._compiled is not None

    def check(self) -> regex.Pattern:
        """The compiled pattern, compiled now if it was not yet (or read from the pattern store)."""
        if self._compiled is None:
            try:
                self._compiled = compile_kept(self.source, self.flags)
            except regex.error as exc:
                raise RuleError(self.rule_id, self.path, f"pattern does not compile: {exc}") from exc
        return self._compiled

    def words(self) -> tuple[str, ...]:
        """The lower-case words every match holds one of (``required_words``; () where the
        pattern proves none), read once and kept in the pattern store."""
        if self._words is None:
            self._words = required_words_kept(self.source, self.flags)
        return self._words

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LazyPattern):
            return NotImplemented
        return (self.source, self.flags) == (other.source, other.flags)

    def __hash__(self) -> int:
        return hash((self.source, self.flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.source[:60]!r}{'...' if len(self.source) > 60 else ''}, {self.flags})"

    def __getstate__(self) -> tuple:  # a worker process compiles what it uses itself
        return self.source, self.flags, self.rule_id, self.path

    def __setstate__(self, state: tuple) -> None:
        self.source, self.flags, self.rule_id, self.path = state
        self._compiled = None
        self._words = None


#: The environment variable naming the folder compiled patterns are kept in; empty: keep none.
PATTERN_STORE_VARIABLE = "EGOV_KG_PATTERN_CACHE"


def pattern_store() -> Path | None:
    """The folder compiled rule patterns are kept in, across processes: ``EGOV_KG_PATTERN_CACHE``
    (empty: none), else ``$XDG_CACHE_HOME/egov-kg/patterns`` (``~/.cache/egov-kg/patterns``)."""
    named = os.environ.get(PATTERN_STORE_VARIABLE)
    if named is not None:
        return Path(named) if named else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "egov-kg" / "patterns"


def _store_key(source: str, flags: int) -> str:
    """The name a compiled pattern is kept under: its source and flags, and the versions of regex
    (and its compiled code) and Python it was compiled with."""
    digest = hashlib.sha256()
    versions = (regex.__version__, getattr(regex._regex, "MAGIC", ""), getattr(regex, "DEFAULT_VERSION", ""),
                sys.hexversion)
    for part in (*map(str, versions), str(flags), source):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


class _PatternUnpickler(pickle.Unpickler):
    """Unpickles a compiled pattern and nothing else: regex pickles a pattern as the call of its
    compiled code's constructor (``regex._regex.compile``), so reading it back parses nothing."""

    def find_class(self, module: str, name: str):  # noqa: ANN201 - pickle's signature
        if (module, name) == ("_regex", "compile") or (module, name) == ("regex._regex", "compile"):
            return regex._regex.compile
        raise pickle.UnpicklingError(f"not a compiled pattern: {module}.{name}")


def compile_kept(source: str, flags: int) -> regex.Pattern:
    """``regex.compile(source, flags)``, kept in the pattern store (``pattern_store``) so that the
    next process reads the compiled code instead of parsing the pattern again: the large rule
    patterns take seconds to parse, a fresh process that analyses one text milliseconds to read.

    A kept pattern carries the SHA-256 of its bytes and the source it was compiled from; one that
    is damaged, from another version of regex or Python, or unreadable is compiled anew (and
    kept again). Where the store cannot be written, the pattern is only compiled."""

    def read(body: bytes) -> regex.Pattern | None:
        pattern = _PatternUnpickler(io.BytesIO(body)).load()
        return pattern if isinstance(pattern, regex.Pattern) and pattern.pattern == source else None

    return _kept(_store_key(source, flags), lambda: regex.compile(source, flags),
                 lambda pattern: pickle.dumps(pattern, protocol=4), read)


#: The version of the reader of required words: words it read before it changed are read anew.
_READER_VERSION = hashlib.sha256(Path(required_words_module.__file__).read_bytes()).hexdigest()[:16]


def required_words_kept(source: str, flags: int) -> tuple[str, ...]:
    """``required_words(source)``, kept in the pattern store beside the compiled pattern: reading
    them off a large pattern costs about as much as parsing it."""

    def read(body: bytes) -> tuple[str, ...] | None:
        words = json.loads(body)
        return tuple(words) if isinstance(words, list) and all(isinstance(w, str) for w in words) else None

    return _kept(_store_key(source, flags) + f".{_READER_VERSION}.words", lambda: required_words(source, flags),
                 lambda words: json.dumps(words, ensure_ascii=False).encode("utf-8"), read)


def _kept(name: str, make: Callable[[], _Kept], dump: Callable[[_Kept], bytes],
          read: Callable[[bytes], _Kept | None]) -> _Kept:
    """What ``make`` returns, kept in the pattern store under ``name`` with the SHA-256 of its
    bytes: read back when the digest holds and ``read`` accepts it, else made (and kept) anew."""
    folder = pattern_store()
    if folder is None:
        return make()
    path = folder / name
    try:
        blob = path.read_bytes()
        digest, body = blob[:32], blob[32:]
        if hashlib.sha256(body).digest() == digest:
            value = read(body)
            if value is not None:
                return value
    except Exception:  # noqa: BLE001, S110 - anything unreadable is made anew
        pass
    value = make()
    try:
        body = dump(value)
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(hashlib.sha256(body).digest() + body)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except Exception:  # noqa: BLE001, S110 - a store that cannot be written only costs time
        pass
    return value


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    description: str
    lazy: LazyPattern  # the expanded pattern; ``pattern`` compiles it on first use
    normaliser: str
    priority: int
    feeds: str
    examples: tuple[Example, ...]
    counterexamples: tuple[Counterexample, ...]
    trigger: tuple[str, ...] = ()  # every match holds one (none: the rule runs everywhere)
    starts_at: LazyPattern | None = None  # the piece every match begins with (``starts_at``)

    @property
    def pattern(self) -> regex.Pattern:
        """The compiled pattern (compiled on first use, then kept; shared by copies of the rule
        made with ``dataclasses.replace``)."""
        return self.lazy.check()

    def finditer(self, text: str, *, windows: Windows = None, overlapped: bool = False,
                 scan: TriggerScan | None = None) -> Iterator[regex.Match]:
        """The pattern's matches in ``text``, or in each of the ``windows`` read as if the text
        ended there (lookbehinds still see the text before a window). Given ``scan``, a scan of
        this same text, a rule that ``starts_at`` a piece is tried only where the scan found the
        piece, once at each place (the piece never matches empty, so neither does the rule there)."""
        spans = ((0, len(text)),) if windows is None else windows
        if self.starts_at is not None and scan is not None:
            match = self.pattern.match
            for start, end in spans:
                after = start
                for at in scan.piece_starts(self.starts_at, start, end):
                    if at >= after or overlapped:
                        m = match(text, at, end)
                        if m is not None:
                            after = m.end()
                            yield m
            return
        for start, end in spans:
            yield from self.pattern.finditer(text, start, end, overlapped=overlapped)


class TriggerScan:
    """Where the trigger words of rules occur in one text: the windows each rule runs on. A word
    is looked for when a rule asks for it, once, so one scan serves every rule set read on the
    same text."""

    def __init__(self, text: str, sentences: Iterable[tuple[int, int]] | None = None) -> None:
        self._text = text
        lowered = text.lower()
        # None where lower case changes the offsets (rare letters): every rule then runs everywhere
        self._lowered = lowered if len(lowered) == len(text) else None
        self._sentence_starts = [s for s, _ in sentences] if sentences is not None else None
        # where the sentences begin and the text ends: the bounds of the windows
        self._bounds = None if self._sentence_starts is None else [0, *self._sentence_starts[1:], len(text)]
        self._places: dict[str, frozenset[int]] = {}
        self._holds: dict[tuple[str, ...], bool] = {}  # does the text hold one of these words?
        self._piece_starts: dict[tuple[LazyPattern, int, int], list[int]] = {}
        self._holding_any: dict[tuple[str, ...], frozenset[int]] = {}
        self._running: dict[RuleSet, frozenset[int] | None] = {}

    def _sentences_holding(self, word: str) -> frozenset[int]:
        """The numbers of the sentences ``word`` occurs in."""
        places = self._places.get(word)
        if places is None:
            within = self._lowered if word.islower() else self._text
            starts = self._sentence_starts
            found: set[int] = set()
            at = within.find(word)
            while at >= 0:
                found.add(max(bisect_right(starts, at) - 1, 0))
                at = within.find(word, at + 1)
            places = self._places[word] = frozenset(found)
        return places

    def piece_starts(self, piece: LazyPattern, start: int, end: int) -> list[int]:
        """Every position of ``start``..``end`` (read as if the text ended there) where ``piece``
        matches: found once, for all the rules that start at it."""
        key = (piece, start, end)
        found = self._piece_starts.get(key)
        if found is None:
            found = self._piece_starts[key] = [m.start() for m in piece.check().finditer(self._text, start, end,
                                                                                     overlapped=True)]
        return found

    def may_hold(self, words: tuple[str, ...]) -> bool:
        """Does the text hold one of ``words`` (a lower-case word in any case, as triggers and
        ``LazyPattern.words`` read them)? () proves nothing: True. Answered once per word list."""
        if not words or self._lowered is None:
            return True
        holds = self._holds.get(words)
        if holds is None:
            lowered, text = self._lowered, self._text
            holds = self._holds[words] = any(word in (lowered if word.islower() else text) for word in words)
        return holds

    def sentences_holding_any(self, words: tuple[str, ...]) -> frozenset[int] | None:
        """The numbers of the sentences holding one of ``words`` (as ``may_hold`` reads them), or
        None where that is not known (every sentence may). Answered once per word list."""
        if not words or self._lowered is None or self._sentence_starts is None:
            return None
        found = self._holding_any.get(words)
        if found is None:
            found = self._holding_any[words] = frozenset().union(*map(self._sentences_holding, words))
        return found

    def may_run(self, rules: RuleSet) -> bool:
        """Might one of ``rules`` match in this text? False where none of them has a window here."""
        return any(self.windows(rule) != () for rule in rules.rules)

    def sentences_running(self, rules: RuleSet) -> frozenset[int] | None:
        """The numbers of the sentences, each read as a text of its own, in which one of ``rules``
        may match (holding one of its trigger words and one of the words its pattern requires),
        or None (any). Answered once per rule set."""
        if rules not in self._running:
            self._running[rules] = self._sentences_running(rules)
        return self._running[rules]

    def _sentences_running(self, rules: RuleSet) -> frozenset[int] | None:
        """``sentences_running``, computed."""
        out: set[int] = set()
        for rule in rules.rules:
            trigger = self.sentences_holding_any(rule.trigger)
            if trigger is not None and not trigger:
                continue  # no sentence holds a trigger word: the words the pattern requires do not matter
            words = self.sentences_holding_any(rule.lazy.words())
            if words is None and trigger is None:
                return None
            out.update(trigger if words is None else words if trigger is None else words & trigger)
        return frozenset(out)

    def sentence(self, index: int, start: int, end: int) -> SentenceScan:
        """A scan of sentence ``index`` (``start:end``) read as a text of its own, which learns
        the words it holds from this scan: a text read sentence by sentence is searched for each
        word once, not once in every sentence."""
        return SentenceScan(self._text[start:end], self, index)

    def windows(self, rule: Rule) -> Windows:
        """The spans of the text ``rule`` runs on: each sentence holding one of its triggers with
        the sentences on either side, overlapping spans joined (all of the text where there are no
        sentences and a trigger occurs), or None (all of it); none of it where the text holds none
        of the words the rule's pattern requires (``LazyPattern.words``)."""
        if self._lowered is None:
            return None
        if not self.may_hold(rule.lazy.words()):
            return ()
        trigger = rule.trigger
        if not trigger:
            return None
        bounds = self._bounds
        if bounds is None:  # a text read whole (a sentence on its own): does it hold a trigger?
            return ((0, len(self._text)),) if self.may_hold(trigger) else ()
        hit = set().union(*map(self._sentences_holding, trigger))
        last = len(bounds) - 2
        out: list[tuple[int, int]] = []
        for k in sorted(hit):
            start, end = bounds[max(k - 1, 0)], bounds[min(k + 2, last + 1)]  # with the sentences on either side
            if out and out[-1][1] >= start:
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
        return tuple(out)


class SentenceScan(TriggerScan):
    """A scan of one sentence of a text that ``whole`` scans, the sentence read as a text of its
    own (``TriggerScan.sentence``)."""

    def __init__(self, text: str, whole: TriggerScan, index: int) -> None:
        super().__init__(text)
        self._whole = whole
        self._index = index

    def may_hold(self, words: tuple[str, ...]) -> bool:
        holding = self._whole.sentences_holding_any(words)
        return super().may_hold(words) if holding is None else self._index in holding

    def may_run(self, rules: RuleSet) -> bool:
        running = self._whole.sentences_running(rules)
        return super().may_run(rules) if running is None else self._index in running


@dataclass(frozen=True, slots=True)
class RuleMatch:
    start: int
    end: int
    rule: Rule
    match: regex.Match
    value: Any


@dataclass(frozen=True, eq=False)
class RuleSet:
    """The rules of one file, applied together under one overlap policy. A rule set is itself
    (compared and hashed by identity), so scans can keep what they learnt about it."""

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
            compiled = self._compiled[piece] = compile_kept(expanded, regex.VERSION1)
        return compiled

    @cached_property
    def _compiled(self) -> dict[str, regex.Pattern]:
        return {}

    def having(self, keep: Callable[[str], bool]) -> RuleSet:
        """The rules of this set whose id ``keep`` takes, as a set of their own (same file and
        settings), for an extractor that runs some of them apart."""
        return RuleSet(self.kind, self.path, tuple(r for r in self.rules if keep(r.id)), self.settings, self.pieces)

    def check(self) -> RuleSet:
        """Compile every rule's pattern now: a RuleError names the first that does not compile.
        ``load_rules`` leaves this to each rule's first use; the rule tests call it for every
        packaged file, ``rules_from`` by default."""
        for rule in self.rules:
            rule.lazy.check()
            if rule.starts_at is not None:
                rule.starts_at.check()
        return self

    def finditer(self, text: str, *, sentences: Iterable[tuple[int, int]] | None = None,
                 scan: TriggerScan | None = None, **context: Any) -> Iterator[RuleMatch]:
        """Yield non-overlapping matches: longest span first, then higher priority, then earlier.

        With ``sentences`` (the (start, end) offsets of the text's sentences, ``spans.sentences``),
        a rule with a trigger runs only on the sentences that hold one; without, only if the text
        holds one. ``scan``, a TriggerScan of the same text, is shared by the rule sets read on it."""
        candidates: list[RuleMatch] = []
        scan = scan or TriggerScan(text, sentences)
        for rule in self.rules:
            windows = scan.windows(rule)
            if windows == ():
                continue
            func = _NORMALISERS[rule.normaliser]
            for m in rule.finditer(text, windows=windows, scan=scan):
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
        return alternation(value)
    return str(value)


#: Fewer words than this are written one after the other: a tree of them gains nothing.
_TREE_FROM = 8


def alternation(words: Iterable[str]) -> str:
    """The words as a regular expression that tries them longest first, as ``a|b|c`` would.

    Written as a tree of shared beginnings ("b(?:ürgermeister(?:in)?|eigeordnete)"): regex tries
    the alternatives of ``a|b|c`` one after the other at every position, so a list of 200 office
    words cost 8 times what the tree does. The tree tries the same words in the same order (of
    the words that can match at one place, each is the beginning of the next longer one, and
    deeper ones come first); where that cannot be shown for every case (two words that only
    differ in case, a letter that folds to two), the words stay one after the other."""
    ordered = sorted(set(words), key=lambda s: (-len(s), s))
    if len(ordered) < _TREE_FROM or not _tree_keeps_order(ordered):
        return "|".join(regex.escape(w) for w in ordered)
    root: dict[str, dict] = {}
    for word in ordered:
        node = root
        for unit in _units(word):
            node = node.setdefault(unit, {})
        node[""] = {}
    return _tree(root)


def _units(word: str) -> list[str]:
    """The word cut into letters, a folded pair kept together."""
    units: list[str] = []
    for char in word:
        if units and (units[-1][-1] + char).casefold() in FOLDED_PAIRS:
            units[-1] += char
        else:
            units.append(char)
    return units


def _tree_keeps_order(words: list[str]) -> bool:
    """Can a tree of ``words`` try them in their order wherever case is ignored? Not if a letter
    folds to two, two words fold alike, or a word folds to the beginning of another without being
    its beginning ("Amt" and "amtlich")."""
    folded: dict[str, str] = {}
    for word in words:
        if any(len(char.casefold()) != 1 for char in word) or word.casefold() in folded:
            return False
        folded[word.casefold()] = word
    return all(folded.get(key[:k]) is None or word.startswith(folded[key[:k]])
               for key, word in folded.items() for k in range(1, len(key)))


def _tree(node: dict[str, dict]) -> str:
    """A node's words: its branches (a longer unit before one it begins with), then, optionally,
    the word that ends here."""
    branches = [regex.escape(unit) + _tree(node[unit])
                for unit in sorted((u for u in node if u), key=lambda u: (u[0].casefold(), -len(u), u))]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return f"(?:{'|'.join(branches)})" + ("?" if "" in node else "")


def _trigger(raw: Any, pieces: dict[str, Any], rule_id: str, path: str) -> tuple[str, ...]:
    """A rule's trigger words: literals, and ``{NAME}`` for the words of a list piece."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw or not all(isinstance(w, str) and w for w in raw):
        raise RuleError(rule_id, path, "trigger is a list of words")
    words: set[str] = set()
    for entry in raw:
        named = _PLACEHOLDER.fullmatch(entry)
        if named is None:
            words.add(entry)
            continue
        value = pieces.get(named.group(1))
        if isinstance(value, dict) and value.get("words") in _WORD_SOURCES:
            value = _WORD_SOURCES[value["words"]]()
        if not isinstance(value, list):
            raise RuleError(rule_id, path, f"trigger {entry}: not a piece that lists words")
        words.update(str(v) for v in value)
    if "" in words:
        raise RuleError(rule_id, path, "an empty trigger word would let the rule run everywhere")
    return tuple(sorted(w for w in words if not any(_finds(other, w) for other in words if other != w)))


def _starts_at(raw: dict, pieces: dict[str, str], starts: dict[str, LazyPattern], flags: int, rule_id: str,
               path: str) -> LazyPattern | None:
    """The piece a rule says every match begins with (``starts_at: NAME``: where the piece does not
    match, no match of the rule begins), compiled once per file."""
    name = raw.get("starts_at")
    if name is None:
        return None
    if name not in pieces:
        raise RuleError(rule_id, path, f"starts_at {name!r}: no such piece")
    if name not in starts:
        starts[name] = LazyPattern(_expand(f"{{{name}}}", pieces, rule_id, path), flags, f"piece {name}", path)
    return starts[name]


def _finds(word: str, longer: str) -> bool:
    """Does trigger ``word`` occur wherever trigger ``longer`` does ("sagt" where "sagte")? Then
    the scan need not look for ``longer``."""
    if word.islower():
        return word in longer.lower()
    return not longer.islower() and word in longer


class _NoDuplicateKeys:
    """PyYAML keeps the last of two equal keys silently; a rule file must not have any."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN201 - PyYAML's signature
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        duplicates = sorted({str(k) for k in keys if keys.count(k) > 1})
        if duplicates:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {', '.join(duplicates)}", node.start_mark)
        return super().construct_mapping(node, deep=deep)


class _StrictLoader(_NoDuplicateKeys, yaml.SafeLoader):
    """PyYAML's safe loader, refusing duplicate keys."""


if getattr(yaml, "__with_libyaml__", False):

    class _FastStrictLoader(_NoDuplicateKeys, yaml.CSafeLoader):
        """``_StrictLoader`` on libyaml's parser: the same objects, parsed several times faster."""
else:  # pragma: no cover - PyYAML built without libyaml
    _FastStrictLoader = None


def load_yaml(text: str, path: str, *, fast: bool = False) -> object:
    """Parse a data file strictly; a syntax error or duplicate key is a RuleError naming the file.

    With ``fast`` (the packaged files, which the tests prove are read the same either way:
    ``tests/extract/test_rule_loading.py``) libyaml parses the text where PyYAML has it; a text it refuses
    is parsed again by PyYAML's own parser, so the error names what it always named."""
    if fast and _FastStrictLoader is not None:
        try:
            return yaml.load(text, Loader=_FastStrictLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError:
            pass
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
    return rules_from(kind, load_yaml(text, path), path)


def rules_from(kind: str, data: Any, path: str, *, check: bool = True) -> RuleSet:
    """Validate a rule file's parsed content into a RuleSet; raises RuleError on any defect.

    With ``check=False`` the patterns are not compiled here but each on its first use
    (``LazyPattern``), where one that does not compile raises the same RuleError."""
    data = data or {}
    raw_pieces = data.get("pieces") or {}
    for name, value in raw_pieces.items():
        if isinstance(value, dict) and value.get("words") not in _WORD_SOURCES:
            raise RuleError(name, path, f"piece {name}: unknown word source {value.get('words')!r}")
    pieces = {name: _piece(value) for name, value in raw_pieces.items()}
    flags = regex.VERSION1 | regex.IGNORECASE if data.get("ignore_case") else regex.VERSION1
    rules: list[Rule] = []
    seen: set[str] = set()
    starts: dict[str, LazyPattern] = {}  # one pattern per piece that rules start at
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
        trigger = _trigger(raw.get("trigger"), raw_pieces, rule_id, path)
        for example in examples:
            if trigger and example.xfail is None and not any(
                    w in (example.text.lower() if w.islower() else example.text) for w in trigger):
                raise RuleError(rule_id, path, f"example {example.text!r} holds none of the trigger words")
        source = _expand(raw["pattern"], pieces, rule_id, path)
        starts_at = _starts_at(raw, pieces, starts, flags, rule_id, path)
        rules.append(
            Rule(
                id=rule_id,
                description=str(raw["description"]),
                lazy=LazyPattern(source, flags, rule_id, path),
                normaliser=str(raw["normaliser"]),
                priority=int(raw.get("priority", 0)),
                feeds=feeds,
                examples=examples,
                counterexamples=tuple(parse_counterexample(c) for c in raw.get("counterexamples") or []),
                trigger=trigger,
                starts_at=starts_at,
            )
        )
    ruleset = RuleSet(kind=kind, path=path, rules=tuple(rules), settings=dict(data.get("settings") or {}),
                      pieces=dict(data.get("pieces") or {}))
    return ruleset.check() if check else ruleset


@cache
def load_rules(kind: str) -> RuleSet:
    """Load ``data/de/<kind>.yaml`` (with its overlays) once per process.

    A packaged file's patterns are compiled each on its first use, so a process that analyses
    one text compiles only the rules that text reaches (the rule tests compile all of them:
    ``tests/extract/test_rule_examples.py``); with an overlay every pattern is compiled here, so
    an overlay's pattern that does not compile stops the first text at once, as before."""
    data, path = read_yaml(f"{kind}.yaml")
    return rules_from(kind, data, path, check=bool(overlay_files(f"{kind}.yaml")))


@cache
def load_data(name: str) -> Any:
    """A YAML data file under ``data/de`` (a vocabulary), with its overlays, read strictly, once
    per process."""
    return read_yaml(name)[0]


def read_data(name: str) -> str:
    """The text of a data file shipped under ``data/de`` (without overlays)."""
    return (resources.files(DATA_PACKAGE) / name).read_text(encoding="utf-8")


def overlay_folders() -> tuple[Path, ...]:
    """The folders ``EGOV_KG_DATA`` names, read now (loaders call this when they first load)."""
    return tuple(Path(p) for p in os.environ.get(OVERLAY_VARIABLE, "").split(os.pathsep) if p)


def overlay_files(name: str | None = None) -> tuple[Path, ...]:
    """The overlay files for the data file ``name`` (every overlay file without one), in the
    order they are laid over it."""
    out: list[Path] = []
    for folder in overlay_folders():
        if not folder.is_dir():
            raise RuleError("-", str(folder), f"{OVERLAY_VARIABLE} names no folder")
        if name is not None:
            out.extend(p for p in [folder / name] if p.is_file())
        else:
            out.extend(sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yaml", ".tsv")))
    return tuple(out)


def read_yaml(name: str) -> tuple[Any, str]:
    """The packaged YAML file ``name`` with its overlays merged in, read strictly, and the path
    to name in errors (the packaged file, then each overlay)."""
    path = name
    data = load_yaml(read_data(name), name, fast=True)
    for overlay in overlay_files(name):
        data = merge(data, load_yaml(overlay.read_text(encoding="utf-8"), str(overlay)), str(overlay))
        path = f"{path} + {overlay}"
    return data, path


def merge(base: Any, over: Any, path: str, where: str = "") -> Any:
    """``over`` laid over ``base``: mappings merged key by key, lists appended, anything else
    replaced; a mapping or list laid over a value of another shape is a RuleError."""
    if over is None:
        return base
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = merge(base[key], value, path, f"{where}.{key}" if where else str(key)) if key in base else value
        return out
    if isinstance(base, list) and isinstance(over, list):
        return [*base, *over]
    if isinstance(base, (dict, list)) or isinstance(over, (dict, list)):
        raise RuleError("-", path, f"{where or 'the file'}: a {type(over).__name__} cannot be laid over a "
                                   f"{type(base).__name__}")
    return over


@cache
def load_table(name: str) -> tuple[tuple[str, ...], ...]:
    """A tab-separated lexicon (with the rows of its overlays appended): comment lines start with
    ``#``; rows must be sorted and unique."""
    rows: list[tuple[str, ...]] = []
    texts = [read_data(name), *(p.read_text(encoding="utf-8") for p in overlay_files(name))]
    for line in (line for text in texts for line in text.splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(tuple(line.split("\t")))
    return tuple(rows)
