"""The library's expected failures, and the helpers that keep their messages on one line.

A message names files and quotes what others sent (a store's answer); both may hold line
breaks or terminal escape codes, which must never split a message or forge another line.
"""

from __future__ import annotations

import unicodedata


class EgovKgError(Exception):
    """Base of every error whose message is meant for the user."""


class OutputError(EgovKgError):
    """The output folder cannot be written or read; the message says why."""


class BuildError(EgovKgError):
    """The build could not produce a valid graph; nothing was written."""


class QueryRefused(EgovKgError):
    """A query that is not run or not finished: too big for the engine, fetching without
    permission, or over a limit of time or size; the message says which."""


class CacheDamaged(EgovKgError):
    """The build cache, or the last build's files it describes, cannot be trusted.

    ``part`` is what to forget: the cache key of one text's facts, ``UNITS`` (the record of the
    last build's graphs: every graph is written anew) or ``DATABASE`` (the whole cache).
    """

    UNITS = "units"
    DATABASE = "database"

    def __init__(self, part: str, message: str) -> None:
        super().__init__(part, message)
        self.part, self.message = part, message

    def __str__(self) -> str:
        return self.message


def one_line(text: str, limit: int) -> str:
    """``text`` as one line of at most ``limit`` characters: control and format characters
    dropped, white space collapsed, a cut marked with an ellipsis."""
    kept = "".join(c if c.isspace() or unicodedata.category(c)[0] != "C" else " " for c in text)
    line = " ".join(kept.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "\u2026"


def printable(text: str) -> str:
    """``text`` with every character that does not print written as its escape (``\\n``), for
    lines that hold file names among other words."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def quote_name(name: str) -> str:
    """A file name as a message shows it: as it is if every character prints, else quoted as
    a Python string, so a line break or escape code in it can neither break nor forge a line."""
    return name if name.isprintable() and name == name.strip() else repr(name)
