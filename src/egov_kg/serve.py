"""A live SPARQL endpoint over a build: Oxigraph's server with its query UI, on loopback.

The graph in ``OUTPUT/graph.nq`` is loaded into a temporary Oxigraph store, which the
``oxigraph`` program (shipped as a binary by the ``oxigraph`` package on PyPI, nothing is
downloaded at run time) serves over HTTP. By default the server listens on 127.0.0.1 and is
read-only. As with ``egov-kg query``, the default graph is the merge of all press releases
(``graph.ttl``: each statement once, so counts and sums are right) and each press release is
also its own named graph; the query UI opens with egov-kg's prefixes declared, so the queries
of ``egov-kg query`` run there unchanged. With updates allowed they change the temporary copy only: the
files in OUTPUT are never touched and the copy is removed when the server stops.
"""

from __future__ import annotations

import html
import os
import shutil
import socket
import subprocess
import sysconfig
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from egov_kg.errors import EgovKgError, OutputError
from egov_kg.ontology.namespaces import PREFIXES

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
#: Names that reach only this machine; any other address is "opening the server wider".
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
#: Set to the path of an ``oxigraph`` binary to use that one instead of the installed one.
BINARY_VARIABLE = "EGOV_KG_OXIGRAPH"
#: The query the UI opens with, below egov-kg's prefixes (the README's first query).
STARTER_QUERY = "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }"


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


def shipped_queries() -> dict[str, str]:
    """The ready-made queries of ``egov-kg table`` by name, as SPARQL text."""
    folder = resources.files("egov_kg.queries")
    return {p.name[:-3]: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir(), key=lambda p: p.name)
            if p.name.endswith(".rq")}


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
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_server(output: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, allow_updates: bool = False,
                 timeout: float = 30.0) -> Server:
    """Load the graph in ``output`` into a fresh store and serve it; returns once it answers queries.

    Raises:
        OutputError: there is no graph in ``output``.
        ServeError: the program is missing, the port is taken, or the server did not come up.
    """
    source = output / "graph.nq"
    if not source.is_file():
        raise OutputError(f"no graph in {output}: run `egov-kg build CORPUS -o {output}` first")
    binary = oxigraph_binary()
    if _port_answers(host, port):
        raise ServeError(f"port {port} on {host} is in use; choose another with --port")
    workdir = Path(tempfile.mkdtemp(prefix="egov-kg-serve-"))
    try:
        process = _launch(binary, source, workdir, host=host, port=port, allow_updates=allow_updates)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    url_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else (f"[{host}]" if ":" in host else host)
    server = Server(f"http://{url_host}:{port}", not allow_updates, process, workdir)
    try:
        _wait_until_ready(server, timeout)
    except BaseException:
        server.stop()
        raise
    server.links = {name: query_ui_link(server.base_url, name, text) for name, text in shipped_queries().items()}
    server.ui_url = query_ui_link(server.base_url, "egov-kg", with_prefixes(STARTER_QUERY))
    server.index_page.write_text(_index_page(server), encoding="utf-8")
    return server


def _launch(binary: Path, source: Path, workdir: Path, *, host: str, port: int,
            allow_updates: bool) -> subprocess.Popen:
    location = workdir / "store"
    merged = source.with_name("graph.ttl")  # into the default graph: each statement once
    files = [str(source), *([str(merged)] if merged.is_file() else [])]
    loaded = subprocess.run([str(binary), "load", "--location", str(location), "--file", *files],
                            capture_output=True, text=True, check=False)
    if loaded.returncode != 0:
        raise ServeError(f"oxigraph could not load {source}: {_last_line(loaded.stderr)}")
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    with open(workdir / "server.log", "w", encoding="utf-8") as log:
        return subprocess.Popen(
            [str(binary), "serve" if allow_updates else "serve-read-only", "--location", str(location),
             "--bind", bind],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches egov-kg alone, which then stops the server in order
        )


def _port_answers(host: str, port: int) -> bool:
    target = "127.0.0.1" if host in ("0.0.0.0", "") else ("::1" if host == "::" else host)
    try:
        with socket.create_connection((target, port), timeout=1):
            return True
    except OSError:
        return False


def _wait_until_ready(server: Server, timeout: float) -> None:
    ask = f"{server.query_url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
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
            raise ServeError(f"the SPARQL server did not answer at {server.base_url} within {timeout:.0f} s")
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
