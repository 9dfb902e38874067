"""Queries from users: refused before the engine sees them where it would crash or fetch, and
stopped where they run too long or give too much (issue 14, items 16-18)."""

from __future__ import annotations

import contextlib
import http.server
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from egov_kg.cli import cli
from egov_kg.errors import QueryRefused
from egov_kg.query_guard import MAX_DEPTH, Policy, check
from tests.conftest import write_three_releases

DEEP = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
LONG_CHAIN = "SELECT * WHERE { ?s ?p ?o FILTER(" + " + ".join(["1"] * 7000) + " > 0) }"
CROSS_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT_CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    return write_three_releases(tmp_path_factory.mktemp("output"))


@contextlib.contextmanager
def endpoint() -> Iterator[tuple[str, list[str]]]:
    """A web server on loopback that notes every request: what SERVICE or LOAD would fetch."""
    seen: list[str] = []

    class Note(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Note)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


# ----------------------------------------------------------------------------- the check


@pytest.mark.parametrize(("sparql", "reason"), [
    (DEEP, "nested 3000 levels deep"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }", "nested 10002 levels deep"),
    (LONG_CHAIN, "has 14,012 terms and operators"),
    ("SELECT * WHERE { ?s ?p ?o } # " + "x" * 100_000, "has 100,030 characters"),
    ("SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }", "SERVICE fetches from a URL"),
    ("select * { service silent ?x { ?s ?p ?o } }", "SERVICE fetches from a URL"),
    ("SELECT * WHERE { ?s ?p 1.SERVICE <http://x/> { ?s ?p ?o } }", "SERVICE fetches from a URL"),
    ("LOAD <http://evil.example/data.ttl>", "LOAD fetches from a URL"),
])
def test_what_the_engine_must_not_run_is_refused_in_one_line(sparql, reason):
    with pytest.raises(QueryRefused, match=reason) as refused:
        check(sparql)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE " + "{" * MAX_DEPTH + " ?s ?p ?o " + "}" * MAX_DEPTH,
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o } # SERVICE <http://x/>",
    "PREFIX service: <http://ex.org/> SELECT ?service WHERE { ?service a service:SERVICE ; service:load ?x }",
    "SELECT * WHERE { ?s ?p '''multi\nline SERVICE''' }",
    "SELECT * WHERE { ?a ?b ?c FILTER(?a<?b) }",
])
def test_ordinary_queries_pass(sparql):
    check(sparql)


def test_service_and_load_pass_when_allowed():
    check("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", Policy(allow_service=True))
    check("LOAD <http://x/data.ttl>", Policy(allow_load=True))
    with pytest.raises(QueryRefused, match="--allow-load"):
        check("LOAD <http://x/data.ttl>", Policy(allow_service=True))


# ----------------------------------------------------------------------------- egov-kg query


def _query(output: Path, sparql: str, *options: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The query command in a process of its own: a crash of the engine must not end the tests."""
    return subprocess.run([sys.executable, "-m", "egov_kg", "query", str(output), sparql, *options],
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("sparql", [DEEP, LONG_CHAIN])
def test_a_query_that_would_crash_the_engine_is_one_line(output, sparql):
    """Item 16: the engine died with SIGSEGV."""
    result = _query(output, sparql)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: the query ") and result.stderr.count("\n") == 1


def test_service_is_refused_unless_allowed(output):
    """Item 17: a query made this machine fetch any URL."""
    with endpoint() as (url, seen):
        sparql = f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"
        refused = CliRunner().invoke(cli, ["query", str(output), sparql])
        assert refused.exit_code == 1 and "--allow-service" in refused.stderr and seen == []
        CliRunner().invoke(cli, ["query", str(output), sparql, "--allow-service"])
        assert seen == ["/sparql"]


def test_a_query_running_too_long_is_stopped(output):
    """Item 18: a cross product ran without limit (2.3 GB in 40 s)."""
    start = time.monotonic()
    result = CliRunner().invoke(cli, ["query", str(output), COUNT_CROSS_PRODUCT, "--timeout", "1"])
    assert result.exit_code == 1
    assert result.stderr == "Error: the query ran longer than 1 s and was stopped; narrow it down, or give --timeout\n"
    assert time.monotonic() - start < 20


def test_a_result_too_large_is_refused(output):
    result = CliRunner().invoke(cli, ["query", str(output), CROSS_PRODUCT, "--max-rows", "1000"])
    assert result.exit_code == 1
    assert result.stderr == "Error: the query gives more than 1,000 rows; add a LIMIT, or give --max-rows\n"
    fine = CliRunner().invoke(cli, ["query", str(output), "SELECT * WHERE { ?s ?p ?o } LIMIT 1000", "--max-rows",
                                    "1000", "--format", "csv"])
    assert fine.exit_code == 0 and fine.stdout.count("\n") == 1001


def test_ctrl_c_stops_a_running_query(output):
    """Item 18: Ctrl-C was ignored while the engine ran."""
    process = subprocess.Popen([sys.executable, "-m", "egov_kg", "query", str(output), COUNT_CROSS_PRODUCT,
                                "--timeout", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        time.sleep(4)  # loaded, and deep in the count
        assert process.poll() is None
        stopped = time.monotonic()
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
        assert time.monotonic() - stopped < 5
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Traceback" not in process.stderr.read()
