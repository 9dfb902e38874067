"""What a press release says about itself: its title, the headline.

Press releases carry no markup, so the headline is the first line near the top that reads like
one: not a line that frames the release (a press label, a date, the issuing body: rules in
``data/de/documents.yaml``) and not a kicker, a line of names above a headline that is not
("4. Thüringer E-Government Kongress" above "Digitalisierung macht merkliche Fortschritte").
A text that starts with its body has no title.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import regex

from egov_kg.extract.rules import load_rules, normaliser

#: How many lines from the top a headline may stand.
_TOP_LINES = 12
_WORDS = regex.compile(r"[\p{L}\d][\p{L}\d.\-/]*")


@normaliser("title_frame")
def _title_frame(_m: regex.Match, **_: Any) -> str:
    """A press label, a dateline, a date or a credit."""
    return "frame"


@normaliser("title_issuer")
def _title_issuer(_m: regex.Match, **_: Any) -> str:
    """The name of the body issuing the press release."""
    return "issuer"


def title(text: str) -> str | None:
    """The headline: the first headline-like line near the top that is no frame and no kicker."""
    lines = [line.strip().strip("#").strip() for line in text.strip().splitlines()[:_TOP_LINES]]
    lines = [line for line in lines if line]
    for i, line in enumerate(lines):
        if _frames(line):
            continue
        if not _headline_like(line):
            return None
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if _names_only(line) and not line.endswith(".") and _headline_like(following) \
                and not _frames(following) and not _names_only(following):
            continue  # a kicker above its headline
        return line.rstrip(".")
    return None


def _frames(line: str) -> bool:
    return any(True for _ in load_rules("documents").finditer(line))


def _headline_like(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 25 and len(line) <= 200


def _names_only(line: str) -> bool:
    """Every word capitalised (German nouns and names) but the function words: no verb, no adjective."""
    small = _function_words()
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in small for w in _WORDS.findall(line))


@cache
def _function_words() -> frozenset[str]:
    return frozenset(load_rules("documents").settings["function_words"])


def example_matches(text: str, **_: object) -> list[tuple[int, int, str, str]]:
    """(start, end, value, rule id) of every rule match in ``text``, for the rule examples test."""
    return [(m.start, m.end, m.value, m.rule.id) for m in load_rules("documents").finditer(text)]
