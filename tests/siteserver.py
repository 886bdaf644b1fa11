"""A real HTTP server on 127.0.0.1 serving a site snapshot, its root rewritten to its own.

Used by the integration tests: `scrapy crawl site -a site_url=<server.root>` then crawls it as
it would crawl the real site or a mirror. `overrides` lets a test change what a path returns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.snapshot import Reply, Snapshot

Handler = Callable[[BaseHTTPRequestHandler], Reply | None]


class SiteServer:
    """Serves `directory` on an ephemeral loopback port until `close()`."""

    def __init__(self, directory: str | Path, overrides: dict[str, Reply | Handler] | None = None,
                 rewrite: bool = True, host: str = "127.0.0.1"):
        self.snapshot = Snapshot(directory)
        self.rewrite = rewrite  # False: pages keep their links to the real site
        self.overrides = dict(overrides or {})
        self.prefixes: dict[str, Handler] = {}  # path prefix → handler, where no override matches
        self.requests: list[str] = []
        self.user_agents: set[str] = set()
        self.httpd = ThreadingHTTPServer((host, 0), self._handler_class())
        self.httpd.daemon_threads = True
        self.root = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reply(self, handler: BaseHTTPRequestHandler) -> Reply | None:
        parts = urlsplit(handler.path)
        override = self.overrides.get(parts.path)
        if callable(override):
            return override(handler)
        if override is not None:
            return override
        for prefix, route in self.prefixes.items():
            if parts.path.startswith(prefix):
                return route(handler)
        return self.rebase(self.snapshot.resolve(parts.path, parts.query))

    def rebase(self, reply: Reply) -> Reply:
        """Links in text bodies point to this server, as on a mirror."""
        headers = dict(reply.headers)
        body = reply.body
        textual = any(t in headers.get("Content-Type", "") for t in ("html", "xml", "text", "json"))
        if self.rewrite and textual:
            body = body.replace(self.snapshot.root.encode(), self.root.encode())
        if "Location" in headers and headers["Location"].startswith("/"):
            headers["Location"] = self.root + headers["Location"]
        return Reply(reply.status, headers, body)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class SnapshotHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.requests.append(self.path)
                server.user_agents.add(self.headers.get("User-Agent", ""))
                reply = server.reply(self)
                if reply is None:  # the override already wrote (or broke) the response
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    if name.lower() != "date":
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def date_time_string(self, timestamp: float | None = None) -> str:
                return server.snapshot.date_header

            def log_message(self, format: str, *args: object) -> None:
                pass

        return SnapshotHandler
