"""SPARQL syntax errors a user can act on: where in *their* query, and which prefix is unknown.

The declared prefixes are passed to the parser apart from the query text, so the line and
column the parser reports are those of the query as the user wrote it.
"""

from __future__ import annotations

import regex

_POSITION = regex.compile(r"^error at (\d+):(\d+): (.*)$", regex.DOTALL)
#: A prefixed name that ends where the parser stopped: its prefix is the unknown one.
_PREFIXED_NAME_AT_END = regex.compile(r"(?<![\w<])(?P<prefix>[A-Za-z][\w.-]*)?:[\w.%:-]*$")
_EXPECTED_LIMIT = 160


def syntax_message(sparql: str, error: str, *, declared: tuple[str, ...]) -> str:
    """One readable line for the parser's ``error at LINE:COLUMN: expected ...`` message."""
    found = _POSITION.match(error.strip())
    if found is None:
        return f"invalid SPARQL: {error.splitlines()[0] if error else 'syntax error'}"
    line, column, detail = int(found.group(1)), int(found.group(2)), " ".join(found.group(3).split())
    where = f"invalid SPARQL at line {line}, column {column}"
    if "Prefix not found" in detail:
        prefix = _prefix_before(sparql, line, column)
        known = ", ".join(sorted(declared))
        named = f"'{prefix}:'" if prefix is not None else "a prefix"
        return f"{where}: unknown prefix {named}; declare it with PREFIX or use one of: {known}"
    if len(detail) > _EXPECTED_LIMIT:
        detail = detail[: _EXPECTED_LIMIT - 1].rstrip() + "…"
    return f"{where}: {detail}"


def _prefix_before(sparql: str, line: int, column: int) -> str | None:
    """The prefix of the prefixed name that ends just before LINE:COLUMN (both 1-based)."""
    lines = sparql.split("\n")
    if not 1 <= line <= len(lines):
        return None
    found = _PREFIXED_NAME_AT_END.search(lines[line - 1][: max(column - 1, 0)])
    return None if found is None else found.group("prefix") or ""
