"""The words a pattern's every match holds, read from the pattern itself.

Most rules name no trigger, yet nearly every rule pattern spells out a verb or a noun that each
of its matches must contain ("unterzeichnet|unterschrieben", "Zuwendung"). Reading those words
off the pattern lets a rule skip every text (or sentence) that holds none of them, without
anybody writing, or forgetting to update, a trigger list. The analysis is conservative: a word
is named only where the pattern's structure proves it (a literal run outside any optional part,
or one word from every alternative of a group), and a pattern it cannot read names none.

The pattern is parsed with Python's own regular-expression parser (``re._parser``), after the
few ``regex`` notations it does not know are replaced by wider ones that name no word: ``\\p{..}``
by ``\\w``, named groups by plain ones, group calls and named backreferences by ``(?:.*)``.
A pattern with a notation it still cannot parse names no word.
"""

from __future__ import annotations

import re

try:  # Python's own parser; private, so its absence only costs the shortcut
    from re import _constants as _ops
    from re import _parser as _sre
except ImportError:  # pragma: no cover - every supported Python has it
    _sre = None

#: The shortest word worth looking for (shorter ones are in nearly every sentence).
MIN_LENGTH = 3
#: The most words one rule may name (each is looked for in every text the rule could run on).
MAX_WORDS = 40

_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}")
_NAMED_GROUP = re.compile(r"\(\?P?<(?![=!])\w+>")
_GROUP_CALL = re.compile(r"\(\?(?:&|P>|P=)\w+\)|\\g<\w+>")
#: Letter pairs that one character folds to (ß and ẞ to ss, the ligatures ﬆ ﬀ ﬁ ﬂ): where a
#: pattern ignores case, regex matches that one character against both letters.
FOLDED_PAIRS = frozenset({"ss", "st", "ff", "fi", "fl"})
#: Where a word read where case is ignored is split, so that what it names is found in lower case:
#: at a letter that folds to two (ß, ſ) and at a folded pair, which the text may hold as one.
_FOLDING = re.compile("ß|ſ|" + "|".join(sorted(FOLDED_PAIRS)))


def required_words(source: str, flags: int = 0) -> tuple[str, ...]:
    """Lower-case words of which every match of ``source`` (compiled with ``flags``) holds at
    least one (sorted), or () where the pattern proves none of at least MIN_LENGTH letters, or
    names more than MAX_WORDS."""
    if _sre is None or _nested_set(source):
        return ()
    readable = _GROUP_CALL.sub("(?:.*)", _NAMED_GROUP.sub("(?:", _PROPERTY.sub(r"\\w", source)))
    try:
        tree = _sre.parse(readable, flags & (re.IGNORECASE | re.VERBOSE))  # the flags that change what is literal
    except (re.error, RecursionError, OverflowError):
        return ()
    words = _sequence(list(tree), bool((flags | tree.state.flags) & re.IGNORECASE))
    return tuple(sorted(words)) if words else ()


def _nested_set(source: str) -> bool:
    """Does a character set hold another ('[[a-z]--[aeiou]]', regex's set operations)? Python's
    parser reads its inner bracket as a character and the rest as words: name none then."""
    inside = False
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            if inside:
                return True
            inside = True
            i += 1
            i += source.startswith("^", i)
            i += source.startswith("]", i)
            continue
        if char == "]":
            inside = False
        i += 1
    return False


def _sequence(items: list, any_case: bool) -> frozenset[str] | None:
    """The best set of words for a sequence of pattern items (read ignoring case if
    ``any_case``): one literal run, or the words of one item that must occur (a group, a branch,
    a repetition at least once)."""
    found: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is _ops.LITERAL:
            run.append(chr(arg))
            continue
        if op in (_ops.AT, _ops.ASSERT, _ops.ASSERT_NOT):
            continue  # zero width: the letters on either side stay next to each other
        if op is _ops.BRANCH and run:  # Python's parser takes the alternatives' first letters out
            joined = "".join(run).lower()
            found.append(_folded({joined + _leading(list(a)) for a in arg[1]}, any_case))
        _close(run, found, any_case)
        if op is _ops.SUBPATTERN:
            _, add, remove, body = arg
            found.append(_sequence(list(body), bool((any_case or add & re.IGNORECASE) and not remove & re.IGNORECASE)))
        elif op is _ops.ATOMIC_GROUP:
            found.append(_sequence(list(arg), any_case))
        elif op in (_ops.MAX_REPEAT, _ops.MIN_REPEAT, _ops.POSSESSIVE_REPEAT) and arg[0] >= 1:
            found.append(_sequence(list(arg[2]), any_case))
        elif op is _ops.BRANCH:
            alternatives = [_sequence(list(a), any_case) for a in arg[1]]
            if all(alternatives):
                found.append(_minimal(w for a in alternatives for w in a))
    _close(run, found, any_case)
    usable = [words for words in found if words and len(words) <= MAX_WORDS
              and all(len(w.strip()) >= MIN_LENGTH for w in words)]
    return max(usable, key=lambda words: (min(len(w.strip()) for w in words), -len(words))) if usable else None


def _close(run: list[str], found: list[frozenset[str]], any_case: bool) -> None:
    """End a literal run: a word, or where case is ignored each of its parts between folding
    letters."""
    if run:
        word = "".join(run).lower()
        found.extend(frozenset([part]) for part in (_FOLDING.split(word) if any_case else [word]) if part)
        run.clear()


def _leading(items: list) -> str:
    """The letters a sequence of pattern items starts with, in lower case."""
    letters = []
    for op, arg in items:
        if op is not _ops.LITERAL:
            break
        letters.append(chr(arg))
    return "".join(letters).lower()


def _folded(words: set[str], any_case: bool) -> frozenset[str] | None:
    """The words, unless case is ignored and one holds a letter case folding reads otherwise."""
    return None if any_case and any(_FOLDING.search(w) for w in words) else _minimal(words)


def _minimal(words) -> frozenset[str]:
    """The words without those that hold another (the shorter is found wherever the longer is)."""
    kept: list[str] = []
    for word in sorted(set(words), key=len):
        if not any(k in word for k in kept):
            kept.append(word)
    return frozenset(kept)
