"""The guard in front of the SPARQL server: what ``egov-kg serve`` answers on its port.

Oxigraph's server runs on a loopback port of its own and cannot be told to refuse SERVICE,
to limit how deep a query is nested, or how large an answer grows (its ``--timeout-s`` stops
a query that computes, not one that streams: a cross product streamed 560 MB in 3 minutes).
Every request therefore reaches it through this proxy, which

- reads the query or update of each request, whatever its path and however it is sent (URL
  parameter, form body, SPARQL body), and refuses with a one-line 400 what ``query_guard``
  refuses: too long or nested too deep for the engine, SERVICE or LOAD without permission;
- passes the answer on only once it is complete, within a time limit (504) and a size limit
  (413), so a client never gets a cut-off result that looks whole.

Everything else (the query UI, the Graph Store Protocol) is passed on unchanged.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from egov_kg import query_guard
from egov_kg.errors import QueryRefused, one_line

#: Requests larger than this are refused (a query is a few kilobytes; an upload to the writable copy may be more).
MAX_REQUEST_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_ANSWER_BYTES = 100 * 1024 * 1024
#: Headers that belong to one connection, not to the message (RFC 9110, 7.6.1).
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
                         "transfer-encoding", "upgrade", "content-length", "host"})
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """What the proxy lets through: the query policy, and the time and size of an answer."""

    policy: query_guard.Policy
    timeout: float | None  # seconds; None: no limit
    max_answer_bytes: int | None  # None: no limit


class _Stopped(Exception):
    """An answer that is not passed on: its HTTP status and one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(status, message)
        self.status, self.message = status, message


class GuardProxy(ThreadingHTTPServer):
    """An HTTP server on the user's address that passes checked requests to ``upstream``."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], *, upstream: tuple[str, int], limits: Limits) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler)
        self.upstream = upstream
        self.limits = limits
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self.serve_forever, name="egov-kg-guard", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: GuardProxy
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the names http.server calls
        self._forward()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = do_GET  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        """Quiet: the serve command prints what matters."""

    def _forward(self) -> None:
        body = self._body()
        if body is None:
            return
        try:
            _check(self.path, self.headers.get("Content-Type", ""), body, self.server.limits.policy)
        except QueryRefused as exc:
            self._refuse(400, str(exc))
            return
        try:
            status, reason, headers, answer = self._upstream(body)
        except _Stopped as stopped:
            self._refuse(stopped.status, stopped.message)
            return
        self.send_response(status, reason)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer)

    def _body(self) -> bytes | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._refuse(411, "send the request with a Content-Length")
            return None
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            self._refuse(413, f"the request has {length:,} bytes; at most {MAX_REQUEST_BYTES:,} are taken")
            return None
        return self.rfile.read(length) if length else b""

    def _upstream(self, body: bytes) -> tuple[int, str, list[tuple[str, str]], bytes]:
        """Send the request on; the whole answer, or ``_Stopped``."""
        limits = self.server.limits
        deadline = time.monotonic() + limits.timeout if limits.timeout else None
        connection = http.client.HTTPConnection(*self.server.upstream, timeout=limits.timeout)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            connection.request(self.command, self.path, body=body or None, headers=headers)
            response = connection.getresponse()
            answer = _read(response, connection, deadline, limits.max_answer_bytes)
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
            return response.status, response.reason, kept, answer
        except TimeoutError:
            raise _Stopped(504, f"the query ran longer than {limits.timeout:g} s and was stopped; narrow it down, "
                                "or start the server with a longer --timeout") from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise _Stopped(502, "the SPARQL server did not answer "
                                f"({one_line(str(exc) or type(exc).__name__, 80)})") from None
        finally:
            connection.close()  # an unfinished answer is abandoned: Oxigraph stops writing it

    def _refuse(self, status: int, message: str) -> None:
        data = (one_line(message, 300) + "\n").encode("utf-8")
        self.close_connection = True  # the request's body may be unread
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _read(response: http.client.HTTPResponse, connection: http.client.HTTPConnection, deadline: float | None,
          max_bytes: int | None) -> bytes:
    parts: list[bytes] = []
    size = 0
    while True:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            connection.sock.settimeout(left)
        part = response.read1(_CHUNK)
        if not part:
            return b"".join(parts)
        size += len(part)
        if max_bytes is not None and size > max_bytes:
            raise _Stopped(413, f"the answer is larger than {max_bytes / 1024 / 1024:g} MB and was stopped; add a "
                                "LIMIT, or start the server with a larger --max-answer-mb")
        parts.append(part)


def _check(path: str, content_type: str, body: bytes, policy: query_guard.Policy) -> None:
    """Check every query and update a request carries, wherever it carries it."""
    texts = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        for name, values in urllib.parse.parse_qs(body.decode("utf-8", "replace")).items():
            texts.setdefault(name, []).extend(values)
    elif kind in ("application/sparql-query", "application/sparql-update"):
        texts.setdefault("query", []).append(body.decode("utf-8", "replace"))
    for name in ("query", "update"):
        for text in texts.get(name, []):
            query_guard.check(text, policy)
