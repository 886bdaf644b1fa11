"""A bare Scrapy spider, the yardstick of `bench_crawl.py`: the site's pagination → `{url, title}`.

    scrapy runspider benchmarks/bare_spider.py -a root=http://127.0.0.1:PORT -O out.jsonl

Run outside the project (no project settings): home page and its `/page/N/` links, every
listed article, one `css()` for the title. Politeness off like the project's loopback settings.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar

import scrapy


class BareSpider(scrapy.Spider):
    name = "bare"
    custom_settings: ClassVar[dict[str, Any]] = {
        "CONCURRENT_REQUESTS": 8,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "DOWNLOAD_DELAY": 0,
        "REMOTE_CONTROL_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "FEED_EXPORT_ENCODING": "utf-8",
    }

    def __init__(self, root: str, stats_file: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.root = root.rstrip("/")
        self.stats_file = stats_file
        self.started = datetime.now(UTC)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(f"{self.root}/", callback=self.parse)

    def parse(self, response: scrapy.http.TextResponse) -> Iterator[scrapy.Request]:
        yield from response.follow_all(css="h3.entry-title a", callback=self.parse_article)
        yield from response.follow_all(css=".page-nav a[aria-label='next-page']")

    def parse_article(self, response: scrapy.http.TextResponse) -> Iterator[dict[str, str]]:
        self.crawler.stats.inc_value("bare/pages/article")
        yield {"url": response.url, "title": response.css("h1::text").get()}

    def closed(self, reason: str) -> None:
        if self.stats_file:
            elapsed = (datetime.now(UTC) - self.started).total_seconds()
            stats = {**self.crawler.stats.get_stats(), "bare/elapsed": elapsed, "pid": os.getpid()}
            with open(self.stats_file, "w", encoding="utf-8") as out:
                json.dump(stats, out, default=str)
