"""The run's web archive (`-a archive=PATH.wacz` or `NEWSCRAWL_ARCHIVE`): every response as
received, written as WARC records and packed as a WACZ when the spider closes.

Sits on the network side of the decompression and redirect middlewares (priority 880, below
the snapshot's 950), so it sees each response once, as the server sent it: still gzipped if it
was, redirects and error pages included, before any retry. Article pages, robots.txt,
sitemaps, feeds and listings all pass here. Not archived, and counted under
`newscrawl/archive/refused/<reason>`: a compressed body that expands past DOWNLOAD_MAXSIZE (a
decompression bomb; the crawl refuses it too). Oversize bodies never reach it (the download
is cancelled). The archive is published atomically beside the feed, whatever the finish reason;
temporary files a killed run left in its directory are swept as the feed's are.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from http.client import responses as REASONS
from importlib import metadata
from pathlib import Path

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.http import Response
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip

from newscrawl.archive import Capture, WaczWriter, check_archive_path
from newscrawl.feedstorage import sweep_stale_temps

logger = logging.getLogger(__name__)
STATS = "newscrawl/archive"


def archive_path(template: str, spider: Spider) -> Path:
    """The WACZ path of this run: `%(name)s` and `%(time)s` filled as in FEEDS."""
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace(":", "-")
    return Path(check_archive_path(template) % {"name": spider.name, "time": now})


class WebArchiveMiddleware:
    """Captures responses into a `WaczWriter` when the run has an archive path."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        self.writer: WaczWriter | None = None
        if template := crawler.settings.get("NEWSCRAWL_ARCHIVE"):
            check_archive_path(template)  # a typo fails the run before it starts
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WebArchiveMiddleware:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        template = getattr(spider, "archive", None) or self.crawler.settings.get(
            "NEWSCRAWL_ARCHIVE")
        if not template:
            return
        path = archive_path(template, spider)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            sweep_stale_temps(path.parent, self.stats, keep=self.crawler.settings.getbool(
                "NEWSCRAWL_FEED_KEEP_STALE_TEMP"))
            self.writer = WaczWriter(path, root=getattr(spider, "root", ""),
                                     software=f"newscrawl {_version()}")
        except OSError as error:
            self._failed(path, error)
            return
        logger.info("Archiving every response into %s", path)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.writer is None:
            return
        writer, self.writer = self.writer, None
        try:
            path = writer.close()
        except OSError as error:
            self._failed(writer.final, error)
            return
        size = path.stat().st_size
        self.stats.set_value(f"{STATS}/bytes", size)
        self.stats.set_value(f"{STATS}/path", str(path))
        logger.info("Web archive published: %s (%d records, %d pages, %d bytes, run %s)",
                    path, writer.records, len(writer.pages), size, reason)

    def _failed(self, path: Path, error: OSError) -> None:
        """Disk full, no such directory: counted (exit 8), logged; the crawl goes on."""
        self.stats.set_value(f"{STATS}/failed", 1)
        logger.error("The web archive %s could not be written: %s", path, error)

    def process_response(self, request: Request, response: Response) -> Response:
        if self.writer is None:
            return response
        if (refused := self._refusal(request, response)) is not None:
            self.stats.inc_value(f"{STATS}/refused/{refused}")
            logger.info("Not archived (%s): %s", refused, response.url)
            return response
        self.writer.add(capture(request, response), page=_is_page(request, response))
        self.stats.inc_value(f"{STATS}/responses")
        return response

    def _refusal(self, request: Request, response: Response) -> str | None:
        """Why a response is not archived: `max_size` for a body that decompresses past the
        limit (Content-Encoding, or a gzip file such as a `.xml.gz` sitemap)."""
        max_size = request.meta.get("download_maxsize", self.max_size)
        body = response.body
        encodings = response.headers.getlist("Content-Encoding")
        try:
            if encodings:
                to_decode, _ = HttpCompressionMiddleware._split_encodings(encodings)
                for encoding in to_decode:
                    body = HttpCompressionMiddleware._decode(body, encoding, max_size)
            if body[:2] == b"\x1f\x8b":
                gunzip(body, max_size=max_size)
        except _DecompressionMaxSizeExceeded:
            return "max_size"
        except (OSError, EOFError, ValueError):
            return None  # not ours to judge: archived as received
        return None


def capture(request: Request, response: Response) -> Capture:
    """The exchange as received (headers decoded as latin-1, the bytes HTTP carries)."""
    return Capture(
        url=response.url, method=request.method,
        request_headers=_pairs(request.headers), status=response.status,
        reason=REASONS.get(response.status, ""), response_headers=_pairs(response.headers),
        body=response.body, protocol=getattr(response, "protocol", None) or "HTTP/1.1",
    )


def _version() -> str:
    try:
        return metadata.version("newscrawl")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def _pairs(headers: object) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1"))
            for name, values in headers.items() for value in values]  # type: ignore[attr-defined]


def _is_page(request: Request, response: Response) -> bool:
    return request.meta.get("kind") == "article" and response.status == 200
