"""Writing a build into a SPARQL 1.1 store through the Graph Store HTTP Protocol.

Every named graph of the build (one per press release, plus the roles vocabulary and the
build's provenance) is sent with one ``PUT ?graph=IRI``, which replaces that graph whole in a
single request: a store holds either the old or the new version of a press release, never a
mix. The build's own graph goes last, so it names only press releases that are already there.

Credentials come from the environment (``EGOV_KG_USER`` and ``EGOV_KG_PASSWORD``, or
``EGOV_KG_TOKEN`` for a bearer token) or from a netrc file (``$NETRC`` or ``~/.netrc``), never
from the command line. TLS certificates are verified. Transient failures (connection errors,
time-outs, 429 and 5xx answers) are retried with exponential back-off.
"""

from __future__ import annotations

import ipaddress
import netrc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Triple, serialize

from egov_kg.errors import EgovKgError, one_line
from egov_kg.ontology.namespaces import EGOV
from egov_kg.store import load_store

USER_VARIABLE = "EGOV_KG_USER"
PASSWORD_VARIABLE = "EGOV_KG_PASSWORD"
TOKEN_VARIABLE = "EGOV_KG_TOKEN"
#: Answers worth another try: the store is busy, restarting or behind a failing proxy.
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
#: N-Triples is a subset of Turtle, and every Graph Store accepts Turtle.
CONTENT_TYPE = "text/turtle; charset=utf-8"
_RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: What is read of a refusing store's answer, and how much of it a message quotes.
EXCERPT_BYTES = 8192
EXCERPT_CHARS = 200


class PushError(EgovKgError):
    """The store refused or could not be reached; the message says which graph and why."""


@dataclass(frozen=True, slots=True)
class GraphPayload:
    """One named graph as it is sent: its IRI ('' for the default graph) and N-Triples body."""

    iri: str
    body: bytes
    triples: int


@dataclass(frozen=True, slots=True)
class PushResult:
    graphs: int
    triples: int


def graph_payloads(output: Path) -> list[GraphPayload]:
    """Every graph of the build in ``output``, in push order: vocabularies, press releases, the
    default graph, builds. The default graph is the merge of all the others, so that the store
    answers queries without ``GRAPH`` with each statement once, as ``egov-kg query`` does."""
    store = load_store(output)
    documents = {q.subject.value for q in store.quads_for_pattern(None, _RDF_TYPE, NamedNode(str(EGOV.PressRelease)))}
    builds = {q.graph_name.value for q in store.quads_for_pattern(None, _RDF_TYPE, NamedNode(str(EGOV.Build)))
              if isinstance(q.graph_name, NamedNode)}
    names = [DefaultGraph()] if next(store.quads_for_pattern(None, None, None, DefaultGraph()), None) else []
    names += sorted(store.named_graphs(), key=str)

    def order(name: NamedNode | DefaultGraph) -> tuple[int, str]:
        if isinstance(name, DefaultGraph):
            return (2, "")
        return (3 if name.value in builds else 1 if name.value in documents else 0, name.value)

    payloads = []
    for name in sorted(names, key=order):
        triples = sorted((Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, name)),
                         key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        iri = "" if isinstance(name, DefaultGraph) else name.value
        payloads.append(GraphPayload(iri, serialize(triples, format=RdfFormat.N_TRIPLES), len(triples)))
    return payloads


def check_endpoint(endpoint: str) -> httpx.URL:
    """The endpoint as a URL; one without a host, of another scheme, or with a password in it is refused.

    A password in the URL would be shown by the shell's history, the process list and every
    message that names the endpoint, so it is refused, and never repeated in the refusal.
    """
    try:
        url = httpx.URL(endpoint)
    except httpx.InvalidURL as exc:
        raise PushError(f"not a URL: {exc}") from None
    if url.userinfo:
        raise PushError(f"the endpoint holds credentials ({url.scheme}://USER:PASSWORD@...); give only the store's "
                        f"URL and put them in {USER_VARIABLE} and {PASSWORD_VARIABLE}, {TOKEN_VARIABLE} or ~/.netrc")
    if url.scheme not in ("http", "https") or not url.host:
        raise PushError(f"not an http(s) URL: {endpoint!r}")
    return url


def credentials(endpoint: str, *, environ: dict[str, str] | None = None) -> httpx.Auth | None:
    """Authentication for ``endpoint``: a token or user and password from the environment, else netrc."""
    check_endpoint(endpoint)
    env = os.environ if environ is None else environ
    if env.get(TOKEN_VARIABLE):
        return _BearerAuth(env[TOKEN_VARIABLE])
    user, password = env.get(USER_VARIABLE), env.get(PASSWORD_VARIABLE)
    if user or password:
        if not (user and password):
            raise PushError(f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither")
        return httpx.BasicAuth(user, password)
    path = env.get("NETRC") or os.path.expanduser("~/.netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(httpx.URL(endpoint).host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise PushError(f"cannot read the netrc file {path}: {exc}") from None
    return httpx.BasicAuth(entry[0], entry[2]) if entry and entry[2] is not None else None


def credential_warning(endpoint: str, auth: httpx.Auth | None) -> str | None:
    """A warning when credentials would travel unencrypted to another machine."""
    url = httpx.URL(endpoint)
    if auth is None or url.scheme == "https" or _is_loopback(url.host):
        return None
    return f"credentials are sent unencrypted to {url.host}; use an https:// endpoint"


class _BearerAuth(httpx.Auth):
    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request


def push(output: Path, endpoint: str, *, auth: httpx.Auth | None = None, retries: int = 4, backoff: float = 0.5,
         timeout: float = 60.0, on_graph: Callable[[GraphPayload], None] | None = None,
         payloads: list[GraphPayload] | None = None, transport: httpx.BaseTransport | None = None) -> PushResult:
    """Replace each graph of the build in ``output`` in the store at ``endpoint`` (a Graph Store URL).

    Args:
        output: a build's output folder.
        endpoint: the store's Graph Store Protocol URL, e.g. ``http://localhost:7878/store`` for
            Oxigraph or ``http://localhost:3030/DATASET/data`` for Fuseki.
        auth: see :func:`credentials`.
        retries: further tries after a transient failure; waits ``backoff``, then twice as long...
        timeout: seconds to wait for one answer.
        on_graph: called after each graph was stored.
        payloads: the graphs, if :func:`graph_payloads` was already called.
        transport: an httpx transport (tests).

    Raises:
        PushError: the store refused a graph or stayed unreachable; graphs sent before it are stored.
    """
    url = check_endpoint(endpoint)
    payloads = graph_payloads(output) if payloads is None else payloads
    done = 0
    with httpx.Client(auth=auth, timeout=timeout, verify=True, transport=transport, follow_redirects=False,
                      headers={"User-Agent": "egov-kg"}) as client:
        for payload in payloads:
            target = url.copy_add_param("graph", payload.iri) if payload.iri else url.copy_add_param("default", "")
            try:
                _put(client, target, payload.body, retries=retries, backoff=backoff)
            except PushError as exc:
                raise PushError(f"{exc}; stopped at graph {payload.iri or '(default)'} after replacing {done} of "
                                f"{len(payloads)} graphs, each whole (push again to finish)") from None
            done += 1
            if on_graph is not None:
                on_graph(payload)
    return PushResult(graphs=len(payloads), triples=sum(p.triples for p in payloads))


def _put(client: httpx.Client, target: httpx.URL, body: bytes, *, retries: int, backoff: float) -> None:
    for attempt in range(retries + 1):
        last = attempt == retries
        request = client.build_request("PUT", target, content=body, headers={"Content-Type": CONTENT_TYPE})
        try:
            response = client.send(request, stream=True)  # a refusal's body is read only in part
        except httpx.TransportError as exc:
            if last or "CERTIFICATE_VERIFY_FAILED" in str(exc):
                tries = f" after {attempt + 1} tries" if attempt else ""
                raise PushError(f"cannot reach {target.scheme}://{target.netloc.decode()}{tries}: "
                                f"{one_line(str(exc) or type(exc).__name__, EXCERPT_CHARS)}") from None
            time.sleep(backoff * 2**attempt)
            continue
        try:
            if response.is_success:
                return
            if response.status_code in TRANSIENT_STATUS and not last:
                time.sleep(_retry_after(response) or backoff * 2**attempt)
                continue
            raise PushError(_refusal(response, tries=attempt + 1))
        finally:
            response.close()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return min(float(value), 30.0) if value.isdigit() else None


def _refusal(response: httpx.Response, *, tries: int) -> str:
    reason = one_line(response.reason_phrase, 60) or "refused"
    message = _excerpt(response)
    hint = ""
    if response.status_code == 401:
        hint = f"; set {USER_VARIABLE} and {PASSWORD_VARIABLE} (or {TOKEN_VARIABLE}) or add the host to ~/.netrc"
    elif response.is_redirect:
        hint = f"; the store moved to {one_line(response.headers.get('Location', '?'), EXCERPT_CHARS)}: push there"
    after = f" after {tries} tries" if tries > 1 else ""
    return f"the store refused{after}: {response.status_code} {reason}" + (f": {message}" if message else "") + hint


def _excerpt(response: httpx.Response) -> str:
    """The start of a refusal's body as one short line of text (markup, control codes and
    line breaks removed), however long or hostile the body is."""
    data = b""
    for chunk in response.iter_bytes():
        data += chunk
        if len(data) >= EXCERPT_BYTES:
            break
    text = data[:EXCERPT_BYTES].decode(response.encoding or "utf-8", errors="replace")
    if "html" in response.headers.get("Content-Type", "") or text.lstrip().startswith("<"):
        text = _html_text(text)
    return one_line(text, EXCERPT_CHARS)


def _html_text(markup: str) -> str:
    """The text of an HTML error page; lxml reads broken and cut-off markup as browsers do."""
    import lxml.html
    from lxml import etree

    try:
        page = lxml.html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return markup
    etree.strip_elements(page, "script", "style", with_tail=False)
    return page.text_content()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
