"""Faults for the loopback `SiteServer`: overrides that misbehave the way real servers do.

Each factory returns a handler for `SiteServer.overrides[path]`. Handlers that return a `Reply`
let the server send it; the others write to, or break, the socket themselves and return None.

    with SiteServer(SNAPSHOT) as server:
        server.overrides[path] = flaky(server, http_error(503), times=1)
"""

from __future__ import annotations

import re
import socket
import struct
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from newscrawl.snapshot import Reply
from newscrawl.urls import is_article_url
from tests.siteserver import Handler, SiteServer

HTML = "text/html; charset=UTF-8"
META_CHARSET = re.compile(rb"<meta charset=[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)


def page(server: SiteServer, handler: BaseHTTPRequestHandler) -> Reply:
    """What the snapshot serves for the request, as the server would send it."""
    parts = urlsplit(handler.path)
    return server.rebase(server.snapshot.resolve(parts.path, parts.query))


def flaky(server: SiteServer, fault: Handler, times: int | None = None) -> Handler:
    """`fault` for the first `times` requests of the path (None: for all), then the page."""
    lock = threading.Lock()
    calls = 0

    def handler(request: BaseHTTPRequestHandler) -> Reply | None:
        nonlocal calls
        with lock:
            calls += 1
            failing = times is None or calls <= times
        return fault(request) if failing else page(server, request)

    return handler


def http_error(status: int, headers: dict[str, str] | None = None) -> Handler:
    """An error status with a small HTML body (and e.g. a `Retry-After`)."""
    body = f"<html><body><h1>Error {status}</h1></body></html>".encode()
    return lambda request: Reply(status, {"Content-Type": HTML, **(headers or {})}, body)


def hang(seconds: float) -> Handler:
    """Accept the request, answer nothing for `seconds`, then close: a client timeout."""
    def handler(request: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        request.close_connection = True

    return handler


def cut_body(server: SiteServer, *, reset: bool) -> Handler:
    """Headers promising the whole page, half of its body, then a TCP reset or a clean close."""
    def handler(request: BaseHTTPRequestHandler) -> None:
        reply = page(server, request)
        request.send_response(reply.status)
        request.send_header("Content-Type", reply.headers.get("Content-Type", HTML))
        request.send_header("Content-Length", str(len(reply.body)))
        request.end_headers()
        request.wfile.write(reply.body[: len(reply.body) // 2])
        request.close_connection = True
        if reset:  # SO_LINGER 0: close() sends RST instead of FIN
            request.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                          struct.pack("ii", 1, 0))
            request.connection.close()
        else:
            request.connection.shutdown(socket.SHUT_WR)

    return handler


def redirect(location: str, status: int = 301) -> Handler:
    """A redirect to `location` (a path on this server, or a URL)."""
    return lambda request: Reply(status, {"Location": location, "Content-Type": HTML})


def redirect_loop(server: SiteServer) -> Handler:
    """Redirects every request of the path to itself with a new query: never ends."""
    def handler(request: BaseHTTPRequestHandler) -> Reply:
        parts = urlsplit(request.path)
        hop = int(parse_qs(parts.query).get("hop", ["0"])[0])
        return Reply(302, {"Location": f"{server.root}{parts.path}?hop={hop + 1}"})

    return handler


def served(server: SiteServer, path: str) -> Handler:
    """The snapshot page of another path (the end of a redirect chain)."""
    return lambda request: server.rebase(server.snapshot.resolve(path))


def transformed(server: SiteServer, body: Callable[[bytes], bytes],
                content_type: str = HTML) -> Handler:
    """The page with its body rewritten and its `Content-Type` replaced."""
    def handler(request: BaseHTTPRequestHandler) -> Reply:
        reply = page(server, request)
        headers = {**reply.headers, "Content-Type": content_type}
        return Reply(reply.status, headers, body(reply.body))

    return handler


def static(body: bytes, content_type: str) -> Handler:
    """A fixed 200 body, e.g. a PDF or an image where a page was expected."""
    return lambda request: Reply(200, {"Content-Type": content_type}, body)


def reencode(encoding: str, *, declared: bool) -> Callable[[bytes], bytes]:
    """UTF-8 page → `encoding` (unencodable characters as character references); its
    `<meta charset>` names the new encoding, or is removed when not `declared`."""
    def convert(body: bytes) -> bytes:
        meta = f'<meta charset="{encoding}" />'.encode() if declared else b""
        text = META_CHARSET.sub(meta, body, count=1).decode("utf-8")
        return text.encode(encoding, errors="xmlcharrefreplace")

    return convert


def slow(server: SiteServer, seconds: float) -> Handler:
    """The page, after `seconds`: a slow site (to stop a crawl mid-run)."""
    def handler(request: BaseHTTPRequestHandler) -> Reply:
        time.sleep(seconds)
        return page(server, request)

    return handler


def article_paths(snapshot: Path) -> list[str]:
    """Paths of a snapshot's article pages, sorted."""
    paths = (f"/{p.parent.relative_to(snapshot).as_posix()}/" for p in snapshot.rglob("index.html"))
    return sorted(p for p in paths if is_article_url(f"https://newsmoris.com{p}"))
