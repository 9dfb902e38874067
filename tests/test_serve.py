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
from egov_kg.ontology.rdf import all_quads
from egov_kg.resolve import resolve
from egov_kg.serve import ServeError, query_ui_link, shipped_queries, start_server
from egov_kg.store import load_store, query, write_graph
from tests.conftest import make_facts

PRESS_RELEASES = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/egov-kg/ontology#PressRelease> }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("output")
    facts = [make_facts("a.txt"), make_facts("b.txt"), make_facts("c.txt")]
    write_graph(all_quads(facts, resolve(facts)), folder)
    return folder


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
    assert seen == {"host": "0.0.0.0", "port": 7878, "allow_updates": True}
    result = CliRunner().invoke(cli, ["serve", str(output)])
    assert "warning" not in result.stderr
    assert seen == {"host": "127.0.0.1", "port": 7878, "allow_updates": False}


def test_quiet_and_verbose_exclude_each_other(output):
    result = CliRunner().invoke(cli, ["serve", str(output), "-q", "-v"])
    assert result.exit_code == 2 and "exclude each other" in result.stderr
