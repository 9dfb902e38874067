"""Pushing into a real SPARQL store: an Oxigraph server that each test starts on loopback."""

from __future__ import annotations

import contextlib
import dataclasses
import http.server
import shutil
import ssl
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from pyoxigraph import DefaultGraph, RdfFormat, Triple, parse

from egov_kg.cli import cli
from egov_kg.ontology.rdf import all_quads
from egov_kg.push import (
    PushError,
    credential_warning,
    credentials,
    graph_payloads,
    push,
)
from egov_kg.resolve import resolve
from egov_kg.serve import oxigraph_binary
from egov_kg.store import load_store, write_graph
from tests.conftest import make_facts
from tests.test_serve import free_port


def build(folder: Path, *, b_title: str = "Geld für Adorf", with_c: bool = True) -> Path:
    facts = [make_facts("a.txt"), dataclasses.replace(make_facts("b.txt"), title=b_title)]
    if with_c:
        facts.append(make_facts("c.txt"))
    write_graph(all_quads(facts, resolve(facts)), folder)
    return folder


@contextlib.contextmanager
def oxigraph(location: Path, *, port: int | None = None, read_only: bool = False,
             ) -> Iterator[tuple[str, subprocess.Popen]]:
    """A real Oxigraph server on loopback, persisting in ``location``; yields its base URL and process."""
    port = port or free_port()
    location.mkdir(parents=True, exist_ok=True)
    command = [str(oxigraph_binary()), "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{port}"]
    if read_only and not location.joinpath("CURRENT").exists():  # a read-only server needs a store to open
        subprocess.run([str(oxigraph_binary()), "load", "--location", str(location), "--format", "nq"],
                       input=b"", check=True, capture_output=True)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, "oxigraph did not start"
                time.sleep(0.05)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=10)


Graphs = dict[str, set[Triple]]


def remote_graphs(base: str) -> Graphs:
    """Every named graph the server holds, read back through the Graph Store Protocol."""
    response = httpx.get(f"{base}/store", headers={"Accept": "application/n-quads"}, timeout=10)
    response.raise_for_status()
    return _by_graph(parse(response.content, format=RdfFormat.N_QUADS))


def local_graphs(output: Path) -> Graphs:
    return _by_graph(load_store(output))


def _by_graph(quads) -> Graphs:  # noqa: ANN001 - pyoxigraph quads
    found: Graphs = {}
    for quad in quads:
        if not isinstance(quad.graph_name, DefaultGraph):
            found.setdefault(quad.graph_name.value, set()).add(Triple(quad.subject, quad.predicate, quad.object))
    return found


def test_push_writes_one_named_graph_per_press_release_and_their_merge_as_the_default(tmp_path):
    output = build(tmp_path / "out")
    persons = "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://schema.org/Person> }"
    with oxigraph(tmp_path / "store") as (base, _):
        result = push(output, f"{base}/store")
        stored = remote_graphs(base)
        counted = httpx.post(f"{base}/query", data={"query": persons}, headers={"Accept": "text/csv"}, timeout=10)
    local = local_graphs(output)
    assert stored == local
    documents = [iri for iri in local if "/doc/" in iri]
    assert len(documents) == 3
    merged = len(set().union(*local.values()))
    assert result.graphs == len(local) + 1 and result.triples == sum(len(t) for t in local.values()) + merged
    assert counted.text.split() == ["n", "1"]  # one person, named in all three press releases


def test_a_repush_replaces_the_changed_press_release_and_keeps_the_others(tmp_path):
    first = build(tmp_path / "first")
    second = build(tmp_path / "second", b_title="Neuer Titel für Adorf", with_c=False)
    with oxigraph(tmp_path / "store") as (base, _):
        push(first, f"{base}/store")
        before = remote_graphs(base)
        push(second, f"{base}/store")
        after = remote_graphs(base)
    old_b, new_b = local_graphs(first), local_graphs(second)
    b = next(iri for iri in new_b if iri.endswith("/doc/b-txt"))
    a = next(iri for iri in new_b if iri.endswith("/doc/a-txt"))
    c = next(iri for iri in old_b if iri.endswith("/doc/c-txt"))
    assert before[b] != after[b]
    assert after[b] == new_b[b]  # replaced whole: no triple of the old version is left
    assert not any("Geld für Adorf" in t.object.value for t in after[b])
    assert after[a] == before[a] == new_b[a]
    assert after[c] == before[c]  # a press release gone from the build stays until removed by hand


def test_the_store_going_away_midway_is_one_clear_line_and_leaves_whole_graphs(tmp_path):
    output = build(tmp_path / "out")
    location = tmp_path / "store"
    done: list[str] = []
    with oxigraph(location) as (base, process):
        def stop_after_two(payload) -> None:
            done.append(payload.iri)
            if len(done) == 2:
                process.terminate()
                process.wait(timeout=10)

        with pytest.raises(PushError) as failure:
            push(output, f"{base}/store", on_graph=stop_after_two, retries=2, backoff=0.01)
    message = str(failure.value)
    total = len(graph_payloads(output))
    assert "\n" not in message
    assert message.startswith(f"cannot reach {base} after 3 tries: ")
    assert f"after replacing 2 of {total} graphs" in message
    with oxigraph(location) as (base, _):  # the same store, started again
        stored = remote_graphs(base)
    local = local_graphs(output)
    assert set(stored) == set(done)
    assert all(stored[iri] == local[iri] for iri in done)


def test_a_refusing_store_is_one_clear_line(tmp_path):
    output = build(tmp_path / "out")
    with oxigraph(tmp_path / "store", read_only=True) as (base, _):
        with pytest.raises(PushError) as failure:
            push(output, f"{base}/store")
    message = str(failure.value)
    assert "the store refused: 403" in message and "\n" not in message
    assert "after replacing 0 of" in message


def _mock(statuses: list[int], seen: list[httpx.Request]) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status = statuses.pop(0) if statuses else 204
        return httpx.Response(status, headers={"Retry-After": "0"} if status == 503 else {}, text="busy")

    return httpx.MockTransport(answer)


def test_transient_errors_are_retried_then_succeed(tmp_path):
    output = build(tmp_path / "out")
    seen: list[httpx.Request] = []
    result = push(output, "http://store.test/data", transport=_mock([503, 502], seen), backoff=0.0)
    assert len(seen) == result.graphs + 2
    assert seen[0].url == seen[1].url == seen[2].url  # the same graph tried again
    assert seen[0].method == "PUT" and seen[0].headers["Content-Type"].startswith("text/turtle")
    graph = urllib.parse.parse_qs(seen[-1].url.query.decode())["graph"][0]
    assert graph.endswith("/build")  # the build's provenance goes last


def test_transient_errors_give_up_after_the_retries(tmp_path):
    output = build(tmp_path / "out")
    seen: list[httpx.Request] = []
    with pytest.raises(PushError, match="refused after 3 tries: 503"):
        push(output, "http://store.test/data", transport=_mock([503] * 10, seen), retries=2, backoff=0.0)
    assert len(seen) == 3


def test_an_endpoint_with_a_query_string_keeps_it(tmp_path):
    output = build(tmp_path / "out")
    seen: list[httpx.Request] = []
    push(output, "http://store.test/data?repository=kg", transport=_mock([], seen))
    params = urllib.parse.parse_qs(seen[0].url.query.decode())
    assert params["repository"] == ["kg"] and params["graph"][0].startswith("https://")


def test_credentials_from_the_environment(tmp_path):
    output = build(tmp_path / "out")
    auth = credentials("https://store.test/data", environ={"EGOV_KG_USER": "ana", "EGOV_KG_PASSWORD": "s3cret"})
    seen: list[httpx.Request] = []
    push(output, "https://store.test/data", auth=auth, transport=_mock([], seen))
    assert seen[0].headers["Authorization"] == httpx.BasicAuth("ana", "s3cret")._auth_header
    token = credentials("https://store.test/data", environ={"EGOV_KG_TOKEN": "t0k"})
    seen.clear()
    push(output, "https://store.test/data", auth=token, transport=_mock([], seen))
    assert seen[0].headers["Authorization"] == "Bearer t0k"
    with pytest.raises(PushError, match="set both"):
        credentials("https://store.test/data", environ={"EGOV_KG_USER": "ana"})


def test_credentials_from_a_netrc_file(tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine store.test login bo password pw1\nmachine other.test login x password y\n")
    netrc.chmod(0o600)
    auth = credentials("https://store.test/data", environ={"NETRC": str(netrc)})
    assert auth is not None and auth._auth_header == httpx.BasicAuth("bo", "pw1")._auth_header
    assert credentials("https://nowhere.test/data", environ={"NETRC": str(netrc)}) is None
    assert credentials("https://store.test/data", environ={"NETRC": str(tmp_path / "none")}) is None


def test_credentials_in_clear_text_to_another_machine_are_warned_about():
    auth = httpx.BasicAuth("a", "b")
    assert "unencrypted" in credential_warning("http://store.example.org/data", auth)
    assert credential_warning("https://store.example.org/data", auth) is None
    assert credential_warning("http://127.0.0.1:7878/store", auth) is None
    assert credential_warning("http://store.example.org/data", None) is None


def test_no_option_takes_a_password():
    help_text = CliRunner().invoke(cli, ["push", "--help"]).output
    assert "--password" not in help_text and "--user" not in help_text
    assert "EGOV_KG_USER" in help_text


@pytest.fixture
def tls_server(tmp_path) -> Iterator[str]:
    """An HTTPS server on loopback with a self-signed certificate, which push must not trust."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/store"
    finally:
        server.shutdown()
        server.server_close()


def test_tls_certificates_are_verified(tmp_path, tls_server):
    output = build(tmp_path / "out")
    with pytest.raises(PushError, match="CERTIFICATE_VERIFY_FAILED") as failure:
        push(output, tls_server, retries=3, backoff=0.5)
    assert "tries" not in str(failure.value)  # a certificate that fails is not tried again


def test_cli_push_and_a_clear_error(tmp_path):
    output = build(tmp_path / "out")
    with oxigraph(tmp_path / "store") as (base, _):
        result = CliRunner().invoke(cli, ["push", str(output), "--endpoint", f"{base}/store"])
        assert result.exit_code == 0, result.stderr
        assert result.stderr.startswith(f"pushed {len(local_graphs(output)) + 1} graphs")  # and the merge
        verbose = CliRunner().invoke(cli, ["push", str(output), "--endpoint", f"{base}/store", "-v"])
        assert verbose.stderr.count("replaced https://") == len(local_graphs(output))
        quiet = CliRunner().invoke(cli, ["push", str(output), "--endpoint", f"{base}/store", "-q"])
        assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""
    port = free_port()
    failed = CliRunner().invoke(cli, ["push", str(output), "--endpoint", f"http://127.0.0.1:{port}/store",
                                      "--retries", "0"])
    assert failed.exit_code == 1
    assert failed.stderr.startswith(f"Error: cannot reach http://127.0.0.1:{port}")
    assert failed.stderr.count("\n") == 1
    bad = CliRunner().invoke(cli, ["push", str(output), "--endpoint", "ftp://store.test/"])
    assert bad.exit_code == 1 and "not an http(s) URL" in bad.stderr


def test_decimals_are_written_canonically_so_a_pushed_graph_equals_the_local_one(tmp_path):
    """Issue 14, item 23: a store gives ``44563.50`` back as ``44563.5``."""
    facts = make_facts("a.txt")
    amount = dataclasses.replace(facts.amounts[0], value=Decimal("44563.50"))
    facts = dataclasses.replace(facts, amounts=(amount,), fundings=(dataclasses.replace(facts.fundings[0],
                                                                                        amount=amount),))
    output = tmp_path / "out"
    write_graph(all_quads([facts], resolve([facts])), output)
    assert b'"44563.5"^^<http://www.w3.org/2001/XMLSchema#decimal>' in (output / "graph.nq").read_bytes()
    with oxigraph(tmp_path / "store") as (base, _):
        push(output, f"{base}/store")
        stored = remote_graphs(base)
    written = _by_graph(parse(path=str(output / "graph.nq"), format=RdfFormat.N_QUADS))
    assert stored == written


def test_credentials_inside_the_endpoint_are_refused_and_never_printed(tmp_path):
    """Issue 14, item 20."""
    output = build(tmp_path / "out")
    seen: list[httpx.Request] = []
    with pytest.raises(PushError) as failure:
        push(output, "http://loader:Pw0rd@store.test/data", transport=_mock([], seen))
    assert not seen and "Pw0rd" not in str(failure.value) and "EGOV_KG_USER" in str(failure.value)
    result = CliRunner().invoke(cli, ["push", str(output), "--endpoint", "http://loader:Pw0rd@127.0.0.1:9/store"])
    assert result.exit_code == 1 and "Pw0rd" not in result.output
    assert result.stderr.count("\n") == 1 and "holds credentials" in result.stderr
    bad = CliRunner().invoke(cli, ["push", str(output), "--endpoint", "ftp://u:Pw0rd@store.test/"])
    assert bad.exit_code == 1 and "Pw0rd" not in bad.output


def test_a_refusal_quotes_a_short_single_line_of_the_stores_answer(tmp_path):
    """Issue 14, item 21: a hostile or huge error page is cut to one short line of text."""
    output = build(tmp_path / "out")
    page = ("<!DOCTYPE html><html><head><title>403 Forbidden</title><style>h1 {color: red}</style></head>\n"
            "<body>\n<h1>Access denied</h1>\n<p>\x1b[2J\x1b[31mskipped evil.txt: forged\rline\u202e</p>"
            + "<p>x</p>" * 200_000 + "</body></html>")

    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, headers={"Content-Type": "text/html"}, text=page)

    with pytest.raises(PushError) as failure:
        push(output, "http://store.test/data", transport=httpx.MockTransport(refuse))
    message = str(failure.value)
    assert message.startswith("the store refused: 403 Forbidden: 403 Forbidden Access denied")
    assert message.isprintable() and "<" not in message and "color" not in message
    assert len(message) < 400 and "\u2026" in message
