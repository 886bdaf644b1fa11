"""Serve requests from a site snapshot instead of the network (`-a snapshot=PATH`): a snapshot
directory, or a run's web archive (`-a snapshot=run.wacz`).

Requests keep the real `https://newsmoris.com/...` URLs, so items carry them too; robots.txt,
redirects and 404s come from the snapshot exactly as the loopback server gives them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.responsetypes import responsetypes

from newscrawl.snapshot import open_snapshot


class SnapshotDownloaderMiddleware:
    """Answers every request of a spider that has a `snapshot` directory; others pass through."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._snapshot: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SnapshotDownloaderMiddleware:
        return cls(crawler)

    @property
    def snapshot(self) -> Any:
        if self._snapshot is None:
            directory = getattr(self.crawler.spider, "snapshot", None)
            self._snapshot = open_snapshot(directory) if directory else None
        return self._snapshot

    def process_request(self, request: Request) -> Response | None:
        snapshot = self.snapshot
        if snapshot is None:
            return None
        parts = urlsplit(request.url)
        reply = snapshot.resolve(parts.path or "/", parts.query)
        self.crawler.stats.inc_value("newscrawl/snapshot/responses")
        headers = {k: v.encode("latin-1") for k, v in reply.headers.items()}
        cls = responsetypes.from_args(headers=headers, url=request.url, body=reply.body)
        return cls(url=request.url, status=reply.status, headers=headers, body=reply.body,
                   request=request)
