"""What a press release says about itself: its title, the headline.

Press releases carry no markup, so the headline is the first line near the top that reads like
one: not a line that frames the release (a press label, a date, the issuing body: the kinds of
line in ``data/de/documents.yaml``) and not a kicker, a line of names above a headline that is
not ("4. Thüringer E-Government Kongress" above "Digitalisierung macht merkliche Fortschritte").
A text that starts with its body has no title.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from egov_kg.extract.rules import load_yaml, read_data

#: How many lines from the top a headline may stand.
_TOP_LINES = 12
_WORDS = regex.compile(r"[\p{L}\d][\p{L}\d.\-/]*")
_PIECE = regex.compile(r"(?<!\\[pPN])\{([A-Z][A-Z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class LineKind:
    """A kind of line that frames a press release: its pattern (a whole line), examples and counterexamples."""

    kind: str
    description: str
    pattern: regex.Pattern
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Data:
    lines: tuple[LineKind, ...]
    function_words: frozenset[str]


@cache
def _data() -> _Data:
    raw = load_yaml(read_data("documents.yaml"), "documents.yaml")
    pieces = raw["pieces"]

    def expand(pattern: str) -> str:
        return _PIECE.sub(lambda m: f"(?:{pieces[m.group(1)]})", pattern)

    lines = tuple(LineKind(kind=str(item["kind"]), description=str(item["description"]),
                           pattern=regex.compile(expand(item["pattern"]), regex.VERSION1),
                           examples=tuple(item["examples"]), counterexamples=tuple(item.get("counterexamples") or ()))
                  for item in raw["lines"])
    return _Data(lines, frozenset(raw["function_words"]))


def line_kinds() -> tuple[LineKind, ...]:
    """The kinds of line that frame a press release, as the data file gives them."""
    return _data().lines


def title(text: str) -> str | None:
    """The headline: the first headline-like line near the top that is no frame and no kicker."""
    lines = [line.strip().strip("#").strip() for line in text.strip().splitlines()[:_TOP_LINES]]
    lines = [line for line in lines if line]
    for i, line in enumerate(lines):
        if framing(line):
            continue
        if not _headline_like(line):
            return None
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if _names_only(line) and not line.endswith(".") and _headline_like(following) \
                and not framing(following) and not _names_only(following):
            continue  # a kicker above its headline
        return line.rstrip(".")
    return None


def framing(line: str) -> str | None:
    """The kind of framing line ``line`` is (``frame``, ``issuer``), or None."""
    return next((k.kind for k in _data().lines if k.pattern.fullmatch(line)), None)


def _headline_like(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 25 and len(line) <= 200


def _names_only(line: str) -> bool:
    """Every word capitalised (German nouns and names) but the function words: no verb, no adjective."""
    small = _data().function_words
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in small for w in _WORDS.findall(line))
