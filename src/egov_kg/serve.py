"""A live SPARQL endpoint over a build: Oxigraph's server with its query UI, on loopback.

The graph in ``OUTPUT/graph.nq`` is loaded into a temporary Oxigraph store, which the
``oxigraph`` program (shipped as a binary by the ``oxigraph`` package on PyPI, nothing is
downloaded at run time) serves over HTTP. By default the server listens on 127.0.0.1 and is
read-only. As with ``egov-kg query``, the default graph is the merge of all press releases
(``graph.ttl``: each statement once, so counts and sums are right) and each press release is
also its own named graph; the query UI opens with egov-kg's prefixes declared, so the queries
of ``egov-kg query`` run there unchanged. With updates allowed they change the temporary copy only: the
files in OUTPUT are never touched and the copy is removed when the server stops.

Oxigraph listens on a loopback port of its own; the user's address is served by the guard of
``serve_guard``, which refuses what the engine must not run and bounds every answer. Oxigraph
dies with egov-kg even when egov-kg is killed (``PR_SET_PDEATHSIG``), and a temporary store
left by a killed server is removed by the next one (each is locked by the server that uses it).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import html
import math
import os
import shutil
import signal
import socket
import subprocess
import sysconfig
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from egov_kg import outputs
from egov_kg.errors import EgovKgError, OutputError
from egov_kg.ontology.namespaces import PREFIXES
from egov_kg.query_guard import DEFAULT_TIMEOUT, Policy
from egov_kg.serve_guard import DEFAULT_MAX_ANSWER_BYTES, GuardProxy, Limits
from egov_kg.table_files import shipped_queries

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
#: Names that reach only this machine; any other address is "opening the server wider".
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
#: Set to the path of an ``oxigraph`` binary to use that one instead of the installed one.
BINARY_VARIABLE = "EGOV_KG_OXIGRAPH"
#: The query the UI opens with, below egov-kg's prefixes (the README's first query).
STARTER_QUERY = "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }"
#: Temporary stores are folders named so in the temporary folder, each locked by its server.
WORKDIR_PREFIX = "egov-kg-serve-"
_IN_USE = "in-use"


class ServeError(EgovKgError):
    """The SPARQL server could not be started; the message says why."""


def oxigraph_binary() -> Path:
    """The ``oxigraph`` server program: $EGOV_KG_OXIGRAPH, this environment's scripts, or PATH."""
    configured = os.environ.get(BINARY_VARIABLE)
    if configured:
        if not (Path(configured).is_file() and os.access(configured, os.X_OK)):
            raise ServeError(f"${BINARY_VARIABLE} is {configured!r}, which is no executable file")
        return Path(configured)
    search = os.pathsep.join([sysconfig.get_path("scripts"), os.environ.get("PATH", "")])
    found = shutil.which("oxigraph", path=search)
    if found is None:
        raise ServeError("the oxigraph server program is not installed: pip install oxigraph")
    return Path(found)


def with_prefixes(sparql: str) -> str:
    """``sparql`` below the PREFIX declarations that ``egov-kg query`` makes for itself."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items()) + "\n" + sparql


def query_ui_link(base_url: str, name: str, sparql: str) -> str:
    """A link that opens ``sparql`` in a tab of the server's query UI (YASGUI share-link format)."""
    fragment = urllib.parse.urlencode({"query": sparql, "endpoint": f"{base_url}/query", "tabTitle": name},
                                      quote_via=urllib.parse.quote)
    return f"{base_url}/#{fragment}"


@dataclass
class Server:
    """A running Oxigraph server over one build; stop it with :meth:`stop` or a ``with`` block."""

    base_url: str
    read_only: bool
    process: subprocess.Popen
    workdir: Path
    guard: GuardProxy
    lock: int  # the open, locked file that marks the temporary store as in use
    links: dict[str, str] = field(default_factory=dict)
    ui_url: str = ""  # the query UI, opened with egov-kg's prefixes declared

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/update"

    @property
    def store_url(self) -> str:
        """The Graph Store HTTP Protocol endpoint."""
        return f"{self.base_url}/store"

    @property
    def index_page(self) -> Path:
        """A local page linking every shipped query into the query UI."""
        return self.workdir / "queries.html"

    def wait(self) -> int:
        """Block until the server ends; returns its exit status."""
        return self.process.wait()

    def stop(self, *, timeout: float = 10.0) -> None:
        """End the server and remove its temporary store (safe to call twice)."""
        self.guard.stop()
        _end(self.process, timeout)
        shutil.rmtree(self.workdir, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.close(self.lock)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_server(output: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, allow_updates: bool = False,
                 limits: Limits | None = None, timeout: float = 30.0) -> Server:
    """Load the graph in ``output`` into a fresh store and serve it; returns once it answers queries.

    ``limits``: what the guard lets through (default: no SERVICE or LOAD, answers within
    ``DEFAULT_TIMEOUT`` seconds and ``DEFAULT_MAX_ANSWER_BYTES``); ``timeout``: how long to wait
    for the server to come up.

    Raises:
        OutputError: there is no graph in ``output``, or it is damaged.
        ServeError: the program is missing, the port is taken, or the server did not come up.
    """
    limits = limits or Limits(Policy(), DEFAULT_TIMEOUT, DEFAULT_MAX_ANSWER_BYTES)
    binary = oxigraph_binary()
    _remove_stale_stores()
    try:
        guard = GuardProxy((host, port), upstream=("127.0.0.1", _free_port()), limits=limits)
    except OSError as exc:
        raise ServeError(f"port {port} on {host} is in use; choose another with --port ({exc.strerror})") from None
    workdir, lock = _new_store_folder()
    try:
        with outputs.reading(output) as files:
            source = files / "graph.nq"
            if not source.is_file():
                raise OutputError(f"no graph in {output}: run `egov-kg build CORPUS -o {output}` first")
            process = _launch(binary, source, workdir, port=guard.upstream[1], allow_updates=allow_updates,
                              query_timeout=limits.timeout)
    except BaseException:
        guard.server_close()
        shutil.rmtree(workdir, ignore_errors=True)
        os.close(lock)
        raise
    url_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else (f"[{host}]" if ":" in host else host)
    server = Server(f"http://{url_host}:{port}", not allow_updates, process, workdir, guard, lock)
    try:
        _wait_until_ready(server, f"http://127.0.0.1:{guard.upstream[1]}/query", timeout)
        guard.start()
    except BaseException:
        server.stop()
        raise
    server.links = {name: query_ui_link(server.base_url, name, text) for name, text in shipped_queries().items()}
    server.ui_url = query_ui_link(server.base_url, "egov-kg", with_prefixes(STARTER_QUERY))
    server.index_page.write_text(_index_page(server), encoding="utf-8")
    return server


def _launch(binary: Path, source: Path, workdir: Path, *, port: int, allow_updates: bool,
            query_timeout: float | None) -> subprocess.Popen:
    location = workdir / "store"
    merged = source.with_name("graph.ttl")  # into the default graph: each statement once
    files = [str(source), *([str(merged)] if merged.is_file() else [])]
    loaded = subprocess.run([str(binary), "load", "--location", str(location), "--file", *files],
                            capture_output=True, text=True, check=False, preexec_fn=_die_with_parent())
    if loaded.returncode != 0:
        raise ServeError(f"oxigraph could not load {source}: {_last_line(loaded.stderr)}")
    command = [str(binary), "serve" if allow_updates else "serve-read-only", "--location", str(location),
               "--bind", f"127.0.0.1:{port}"]
    if query_timeout:  # Oxigraph stops a computing query a second after the guard gave up on it
        command += ["--timeout-s", str(math.ceil(query_timeout) + 1)]
    with open(workdir / "server.log", "w", encoding="utf-8") as log:
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches egov-kg alone, which then stops the server in order
            preexec_fn=_die_with_parent(),
        )


def _die_with_parent() -> Callable[[], None] | None:
    """For ``preexec_fn``: the child is killed when this process ends, however it ends (Linux's
    ``PR_SET_PDEATHSIG``); None where the system has no such call."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def die_with_parent() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent ended before the line above
            os._exit(1)

    return die_with_parent


_PR_SET_PDEATHSIG = 1


def _end(process: subprocess.Popen, timeout: float) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _new_store_folder() -> tuple[Path, int]:
    """A temporary folder for the store, and the open file whose lock marks it as in use.

    The lock is taken before the file gets its name, so no other server sees it unlocked.
    """
    workdir = Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX))
    fd = os.open(workdir / f".{_IN_USE}", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.rename(workdir / f".{_IN_USE}", workdir / _IN_USE)
    return workdir, fd


def _remove_stale_stores() -> None:
    """Remove the temporary stores of servers that were killed (their lock is free)."""
    for workdir in Path(tempfile.gettempdir()).glob(f"{WORKDIR_PREFIX}*"):
        try:
            fd = os.open(workdir / _IN_USE, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:  # not ours to judge: in the making, or of an earlier egov-kg
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(workdir, ignore_errors=True)
        except BlockingIOError:
            pass
        finally:
            os.close(fd)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_ready(server: Server, query_url: str, timeout: float) -> None:
    ask = f"{query_url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    deadline = time.monotonic() + timeout
    while True:
        status = server.process.poll()
        if status is not None:
            log = (server.workdir / "server.log").read_text(encoding="utf-8", errors="replace")
            raise ServeError(f"the SPARQL server stopped at once (exit {status}): {_last_line(log)}")
        try:
            with urllib.request.urlopen(ask, timeout=2) as response:  # noqa: S310 - our own loopback server
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise ServeError(f"the SPARQL server did not answer at {query_url} within {timeout:.0f} s")
        time.sleep(0.1)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def _index_page(server: Server) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(link)}">{html.escape(name)}</a></li>' for name, link in server.links.items()
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>egov-kg queries</title></head>\n"
        f"<body><h1>egov-kg: shipped queries</h1>\n<p>Each link opens the query in the UI at "
        f"<a href=\"{server.base_url}/\">{server.base_url}/</a>; press the run button. "
        f"<a href=\"{html.escape(server.ui_url)}\">A new query</a> starts with egov-kg's prefixes declared.</p>\n"
        f"<ul>\n{items}\n</ul>\n"
        "</body></html>\n"
    )
