"""Queries from users are checked before a SPARQL engine sees them, and run with limits.

Oxigraph (in pyoxigraph and in its server) parses and evaluates a query by recursion: a query
nested 3,000 deep overflows the stack and kills the process (SIGSEGV), and so do long flat
chains (about 7,000 UNIONs or ``+``). It also runs ``SERVICE``, which makes it fetch any URL
(from a query a web page can send to a server on this machine: request forgery), and ``LOAD``
does the same for updates. So a query is read once by a small tokenizer (strings, IRIs and
comments skipped, as the SPARQL grammar reads them) before it is parsed, and refused with one
line if it is too long, nested too deep or made of too many tokens for the engine, or if it
asks for SERVICE or LOAD without permission. A hand-written tokenizer, not a parser: rdflib's
SPARQL parser recurses as deep as Oxigraph's and rejects Oxigraph's extensions, and telling a
keyword from a name, a string or an IRI is all the check needs.

``run_query`` runs a checked query in a child process with a time limit and a limit on the rows
it returns: a cross product grew to 2.3 GB in 40 s and ignored Ctrl-C while it ran inside the
engine; a child is stopped whatever it does, and a crash of the engine ends only the child.
"""

from __future__ import annotations

import multiprocessing
import signal
from dataclasses import dataclass
from pathlib import Path

import regex

from egov_kg.errors import EgovKgError, QueryRefused

#: Far below what crashes the engine (3,000 levels; 13,000 tokens of a flat chain), far above
#: any query a person writes (the shipped tables: 7 levels, 600 tokens).
MAX_QUERY_CHARS = 100_000
MAX_DEPTH = 100
MAX_TOKENS = 5_000
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000

_TOKEN = regex.compile(r"""
    (?P<skip> \s+ | \#[^\n]* )
  | (?P<string> "{3}(?:[^"\\]|\\.|"(?!""))*"{3} | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
              | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*' )
  | (?P<iri> <[^<>"{}|^`\\\x00-\x20]*> )
  | (?P<word> [?$]?[\w.:%-]+ )
  | (?P<open> [{(\[] )
  | (?P<close> [})\]] )
  | (?P<other> . )
""", regex.VERBOSE | regex.DOTALL)
#: The keywords that make the engine fetch a URL, and the option that allows each.
_FETCHING = {"SERVICE": "--allow-service", "LOAD": "--allow-load"}


@dataclass(frozen=True, slots=True)
class Policy:
    """What a user allowed beyond reading the graph."""

    allow_service: bool = False
    allow_load: bool = False


def check(sparql: str, policy: Policy = Policy()) -> None:
    """Refuse a query or update the engine cannot take safely or that fetches without permission.

    Raises:
        QueryRefused: with a one-line reason.
    """
    if len(sparql) > MAX_QUERY_CHARS:
        raise QueryRefused(f"the query has {len(sparql):,} characters; at most {MAX_QUERY_CHARS:,} are run")
    depth = deepest = tokens = 0
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind == "skip":
            continue
        tokens += 1
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth -= 1
        elif kind == "word":
            _check_keyword(match.group(), policy)
    if deepest > MAX_DEPTH:
        raise QueryRefused(f"the query is nested {deepest} levels deep; at most {MAX_DEPTH} are run")
    if tokens > MAX_TOKENS:
        raise QueryRefused(f"the query has {tokens:,} terms and operators; at most {MAX_TOKENS:,} are run")


def _check_keyword(word: str, policy: Policy) -> None:
    """A bare word (not a variable or prefixed name) that is SERVICE or LOAD needs permission;
    a word such as ``1.SERVICE`` is read in parts, as the engine may read it."""
    if word[0] in "?$" or ":" in word:
        return
    for part in regex.split(r"[^A-Za-z]+", word):
        option = _FETCHING.get(part.upper())
        allowed = policy.allow_service if part.upper() == "SERVICE" else policy.allow_load
        if option and not allowed:
            raise QueryRefused(f"{part.upper()} fetches from a URL the query names; it is refused unless {option} "
                               "is given")


# ----------------------------------------------------------------------------- running with limits


def run_query(output: Path, sparql: str, *, timeout: float | None = DEFAULT_TIMEOUT,
              max_rows: int | None = DEFAULT_MAX_ROWS, policy: Policy = Policy()):
    """The table of a checked query over the graph in ``output``, run in a child process.

    ``timeout`` (seconds, after the graph is loaded) and ``max_rows`` bound the query; None
    leaves it unbounded. Raises ``QueryRefused`` for a query refused, stopped or crashed, and
    passes on the library's errors (no graph, invalid SPARQL) from the child.
    """
    check(sparql, policy)
    context = multiprocessing.get_context("fork")  # the child needs nothing sent but the query
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, output, sparql, max_rows), daemon=True)
    child.start()
    send.close()
    try:
        return _answer(receive, child, timeout)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()


def _child(send, output: Path, sparql: str, max_rows: int | None) -> None:  # noqa: ANN001 - a Connection
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which ends the child
    from egov_kg.store import load_store, query

    try:
        store = load_store(output)
        send.send(("loaded", None))
        send.send(("table", query(store, sparql, max_rows=max_rows)))
    except (EgovKgError, ValueError, OSError) as exc:
        send.send(("error", exc))


def _answer(receive, child, timeout: float | None):  # noqa: ANN001 - a Connection and a Process
    loaded = False
    while True:
        if loaded and not receive.poll(timeout):
            raise QueryRefused(f"the query ran longer than {timeout:g} s and was stopped; narrow it down, or give "
                               "--timeout")
        try:
            kind, value = receive.recv()
        except EOFError:
            child.join()
            raise QueryRefused(f"the SPARQL engine ended on this query ({_ending(child.exitcode)}); "
                               "nothing was changed") from None
        if kind == "loaded":
            loaded = True
        elif kind == "error":
            raise value
        else:
            return value


def _ending(status: int | None) -> str:
    if status is not None and status < 0:
        return signal.Signals(-status).name
    return f"exit status {status}"
