"""The SPARQL server: a real Oxigraph process on a free loopback port, queried over HTTP."""

from __future__ import annotations

import csv
import io
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from egov_kg import serve as serve_module
from egov_kg.cli import cli
from egov_kg.errors import OutputError
from egov_kg.query_guard import Policy
from egov_kg.serve import ServeError, query_ui_link, shipped_queries, start_server
from egov_kg.serve_guard import Limits
from egov_kg.store import load_store, query
from tests.conftest import write_three_releases

PRESS_RELEASES = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/egov-kg/ontology#PressRelease> }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    return write_three_releases(tmp_path_factory.mktemp("output"))


def sparql(endpoint: str, text: str) -> list[dict[str, str]]:
    request = urllib.request.Request(f"{endpoint}?{urllib.parse.urlencode({'query': text})}",
                                     headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))


def test_serves_the_build_over_http_and_stops(output):
    port = free_port()
    with start_server(output, port=port) as server:
        assert server.base_url == f"http://127.0.0.1:{port}"
        assert sparql(server.query_url, PRESS_RELEASES) == [{"n": "3"}]
        workdir = server.workdir
    assert server.process.poll() is not None
    assert not workdir.exists()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(server.query_url, timeout=2)


def test_all_press_releases_are_the_default_graph_as_with_egov_kg_query(output):
    text = "SELECT ?name WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?name } ORDER BY ?name"
    local = [row[0] for row in query(load_store(output), text).rows]
    with start_server(output, port=free_port()) as server:
        remote = [row["name"] for row in sparql(server.query_url, text)]
    assert remote == local and remote


def test_every_shipped_query_runs_on_the_endpoint(output):
    with start_server(output, port=free_port()) as server:
        for name, text in shipped_queries().items():
            rows = sparql(server.query_url, text)
            local = query(load_store(output), text)
            assert len(rows) == len(local.rows), name


def test_the_default_graph_states_each_fact_once_and_the_ui_declares_the_prefixes(output):
    counts = ("SELECT (COUNT(*) AS ?persons) WHERE { ?p a <https://schema.org/Person> }",
              "SELECT (COUNT(*) AS ?offices) WHERE { ?m a <http://www.w3.org/ns/org#Membership> }")
    with start_server(output, port=free_port()) as server:
        assert [sparql(server.query_url, text) for text in counts] == [[{"persons": "1"}], [{"offices": "1"}]]
        stating = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p a <https://schema.org/Person> } }"
        assert sparql(server.query_url, stating) == [{"n": "3"}]  # provenance: each press release names her
        opened = urllib.parse.parse_qs(server.ui_url.split("#", 1)[1])["query"][0]
        rows = sparql(server.query_url, opened)  # the README's query, below the prefixes the UI opens with
    assert "PREFIX schema: <https://schema.org/>" in opened and opened.endswith(serve_module.STARTER_QUERY)
    assert rows == [{"name": "Erika Musterfrau"}]


def test_read_only_by_default(output):
    with start_server(output, port=free_port()) as server:
        request = urllib.request.Request(f"{server.store_url}?graph=urn:x:g", method="PUT",
                                         data=b"<urn:x:a> <urn:x:b> <urn:x:c> .",
                                         headers={"Content-Type": "text/turtle"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403
        assert sparql(server.query_url, PRESS_RELEASES) == [{"n": "3"}]


def test_updates_change_a_copy_never_the_output(output):
    before = (output / "graph.nq").read_bytes()
    with start_server(output, port=free_port(), allow_updates=True) as server:
        update = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
        with urllib.request.urlopen(urllib.request.Request(server.update_url, data=update), timeout=5) as response:
            assert response.status in (200, 204)
        assert sparql(server.query_url, PRESS_RELEASES) == [{"n": "0"}]
    assert (output / "graph.nq").read_bytes() == before


def test_a_taken_port_is_a_clear_error(output):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ServeError, match=f"port {port} .* in use"):
            start_server(output, port=port)


def test_no_graph_says_what_to_do(tmp_path):
    with pytest.raises(OutputError, match="egov-kg build"):
        start_server(tmp_path, port=free_port())


def test_a_missing_server_program_is_named(output, monkeypatch, tmp_path):
    monkeypatch.setenv(serve_module.BINARY_VARIABLE, str(tmp_path / "nothing"))
    with pytest.raises(ServeError, match="no executable"):
        start_server(output, port=free_port())


def test_shipped_queries_open_in_the_query_ui(output):
    link = query_ui_link("http://127.0.0.1:1234", "roles", "SELECT * { ?s ?p ?o }")
    base, fragment = link.split("#", 1)
    params = urllib.parse.parse_qs(fragment)
    assert base == "http://127.0.0.1:1234/"
    assert params == {"query": ["SELECT * { ?s ?p ?o }"], "endpoint": ["http://127.0.0.1:1234/query"],
                      "tabTitle": ["roles"]}
    with start_server(output, port=free_port()) as server:
        assert set(server.links) == set(shipped_queries()) and "roles" in server.links
        page = server.index_page.read_text(encoding="utf-8")
        assert all(f">{name}</a>" in page for name in server.links)
        with urllib.request.urlopen(f"{server.base_url}/", timeout=5) as response:
            assert b"Yasgui" in response.read()  # the query UI comes with the server, not from a CDN


def test_cli_serves_until_ctrl_c_and_stops_cleanly(output):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "egov_kg", "serve", str(output), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()
        assert first.startswith("SPARQL endpoint  http://127.0.0.1:") and "read-only" in first
        assert sparql(f"http://127.0.0.1:{port}/query", PRESS_RELEASES) == [{"n": "3"}]
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
        out, err = process.stdout.read(), process.stderr.read()  # not communicate(): readline read ahead
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "shipped queries  file://" in out
    assert err.strip().endswith("stopped")
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query", timeout=2)


def test_cli_warns_before_opening_wider_or_allowing_updates(output, monkeypatch):
    seen = {}

    def fake_start(folder, **options):
        seen.update(options)
        raise ServeError("not started in this test")

    monkeypatch.setattr(serve_module, "start_server", fake_start)
    result = CliRunner().invoke(cli, ["serve", str(output), "--host", "0.0.0.0", "--allow-updates"])
    assert result.exit_code == 1
    assert "warning: listening on 0.0.0.0" in result.stderr
    assert "warning: updates allowed" in result.stderr
    limits = seen.pop("limits")
    assert seen == {"host": "0.0.0.0", "port": 7878, "allow_updates": True}
    assert limits == Limits(Policy(), 30.0, 100 * 1024 * 1024)
    result = CliRunner().invoke(cli, ["serve", str(output)])
    assert "warning" not in result.stderr
    seen.pop("limits")
    assert seen == {"host": "127.0.0.1", "port": 7878, "allow_updates": False}


def test_quiet_and_verbose_exclude_each_other(output):
    result = CliRunner().invoke(cli, ["serve", str(output), "-q", "-v"])
    assert result.exit_code == 2 and "exclude each other" in result.stderr


# ----------------------------------------------------------------------------- issue 14, items 16-19


def _post(url: str, data: bytes, content_type: str, timeout: float = 30) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type, "Accept": "text/csv"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _ask(server, sparql: str, how: str = "form", path: str = "/query") -> tuple[int, str]:
    url = f"{server.base_url}{path}"
    if how == "get":
        try:
            with urllib.request.urlopen(f"{url}?{urllib.parse.urlencode({'query': sparql})}", timeout=30) as answer:
                return answer.status, answer.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")
    if how == "body":
        return _post(url, sparql.encode(), "application/sparql-query")
    return _post(url, urllib.parse.urlencode({"query": sparql}).encode(), "application/x-www-form-urlencoded")


def test_a_query_that_would_crash_the_server_is_refused_and_it_goes_on(output):
    """Item 16: a query nested 3,000 deep killed the server."""
    from tests.test_query_guard import DEEP

    with start_server(output, port=free_port()) as server:
        for how in ("get", "form", "body"):
            status, text = _ask(server, DEEP, how)
            assert (status, text) == (400, "the query is nested 3000 levels deep; at most 100 are run\n")
        assert server.process.poll() is None
        assert sparql(server.query_url, PRESS_RELEASES) == [{"n": "3"}]


def test_service_and_load_are_refused_unless_allowed(output):
    """Item 17: any web page could make the server fetch any URL (request forgery)."""
    from tests.test_query_guard import endpoint

    with endpoint() as (url, seen):
        service = f"SELECT * WHERE {{ SERVICE <{url}/via-service> {{ ?s ?p ?o }} }}"
        load = f"LOAD <{url}/via-load>"
        with start_server(output, port=free_port(), allow_updates=True) as server:
            for how in ("get", "form", "body"):
                status, text = _ask(server, service, how)
                assert status == 400 and "--allow-service" in text
            for path in ("/update", "/"):
                status, text = _post(f"{server.base_url}{path}", urllib.parse.urlencode({"update": load}).encode(),
                                     "application/x-www-form-urlencoded")
                assert status == 400 and "--allow-load" in text
            assert _post(server.update_url, load.encode(), "application/sparql-update")[0] == 400
        assert seen == []
        allowed = Limits(Policy(allow_service=True, allow_load=True), 30.0, None)
        with start_server(output, port=free_port(), allow_updates=True, limits=allowed) as server:
            _ask(server, service)
            _post(server.update_url, load.encode(), "application/sparql-update")
        assert seen == ["/via-service", "/via-load"]


@pytest.mark.parametrize("sparql", ["SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                                    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"])
def test_an_answer_taking_too_long_is_stopped(output, sparql):
    """Item 18: a cross product streamed half a gigabyte; Oxigraph's own time limit does not stop that."""
    with start_server(output, port=free_port(), limits=Limits(Policy(), 2.0, None)) as server:
        start = time.monotonic()
        status, text = _ask(server, sparql)
        assert status == 504 and text.startswith("the query ran longer than 2 s and was stopped")
        assert time.monotonic() - start < 10
        assert sparql_rows_after(server) == [{"n": "3"}]


def test_an_answer_too_large_is_refused(output):
    with start_server(output, port=free_port(), limits=Limits(Policy(), 30.0, 10_000)) as server:
        status, text = _ask(server, "SELECT * WHERE { ?s ?p ?o }")
        assert status == 413 and text.startswith("the answer is larger than ")
        assert sparql_rows_after(server) == [{"n": "3"}]


def sparql_rows_after(server) -> list[dict[str, str]]:
    return sparql(server.query_url, PRESS_RELEASES)


def _oxigraph_child(pid: int) -> int:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return int(children[0])


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGHUP])
def test_the_server_program_ends_with_egov_kg_and_leaves_nothing(output, how):
    """Item 19: kill -9 or SIGHUP of serve left Oxigraph running with its store; a restart met 'port in use'."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "egov_kg", "serve", str(output), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().startswith("SPARQL endpoint")
        workdir = None
        for line in iter(process.stdout.readline, ""):
            if line.startswith("shipped queries"):
                workdir = Path(urllib.parse.urlparse(line.split()[2]).path).parent
                break
        oxigraph = _oxigraph_child(process.pid)
        process.send_signal(how)
        process.wait(timeout=20)
        for _ in range(100):
            if not _alive(oxigraph):
                break
            time.sleep(0.1)
        assert not _alive(oxigraph)
    finally:
        if process.poll() is None:
            process.kill()
    if how == signal.SIGHUP:
        assert not workdir.exists()  # stopped in order
    with start_server(output, port=port) as server:  # the same port, at once
        assert sparql(server.query_url, PRESS_RELEASES) == [{"n": "3"}]
    assert not workdir.exists()  # the store a killed server left is removed by the next
