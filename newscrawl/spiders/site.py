"""The `site` spider: navigates NewsMoris and hands article pages to the page object.

    scrapy crawl site                                   # the real site
    scrapy crawl site -a site_url=http://127.0.0.1:8000 # a mirror or loopback server
    scrapy crawl site -a snapshot=samples/site          # the bundled snapshot, offline

It only decides where to go: listings (home, category, latest-news pagination) lead to
article permalinks; articles lead to their on-site translations and related articles.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from newscrawl.items import ArticleItem
from newscrawl.pages import ArticlePage
from newscrawl.snapshot import Snapshot
from newscrawl.urls import (
    DEFAULT_ROOT,
    canonicalize,
    is_article_url,
    is_listing_url,
    is_noise,
    normalise_root,
    same_site,
)


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, site_url: str | None = None, snapshot: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.snapshot = snapshot
        root = site_url or (Snapshot(snapshot).root if snapshot else DEFAULT_ROOT)
        self.root = normalise_root(root)
        self.allowed_domains = [urlsplit(self.root).hostname or ""]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        local_hosts = set(crawler.settings.getlist("NEWSCRAWL_LOCAL_HOSTS"))
        if spider.snapshot or urlsplit(spider.root).hostname in local_hosts:
            # the snapshot or a loopback server: nobody to be polite to
            crawler.settings.setdict(crawler.settings.getdict("NEWSCRAWL_LOCAL_SETTINGS"), "spider")
        spider.listing_kinds = set(crawler.settings.getlist("NEWSCRAWL_LISTING_KINDS"))
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(f"{self.root}/", callback=self.parse_listing)

    # -- callbacks -------------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        """An archive page: its article links and the next archive pages."""
        if not self._is_html(response, "listing"):
            return
        self.crawler.stats.inc_value("newscrawl/pages/listing")
        for url in self._links(response):
            if is_article_url(url):
                yield scrapy.Request(url, callback=self.parse_article)
            elif is_listing_url(url) and self._listing_kind(url) in self.listing_kinds:
                yield scrapy.Request(url, callback=self.parse_listing)

    def parse_article(self, response: Response) -> Iterator[ArticleItem | scrapy.Request]:
        """An article page: the item, then on-site article links (translations, related)."""
        if not self._is_html(response, "article"):
            return
        self.crawler.stats.inc_value("newscrawl/pages/article")
        page = ArticlePage(response.text, response.url)
        if not page.is_article:
            self.crawler.stats.inc_value("newscrawl/skipped/not_article")
            self.logger.info("Not an article page, no item: %s", response.url)
            return
        yield ArticleItem(page.to_item(fetched_at=self._fetched_at(response)))
        for url in self._links(response):
            if is_article_url(url):
                yield scrapy.Request(url, callback=self.parse_article)

    # -- helpers ---------------------------------------------------------------------------

    def _links(self, response: TextResponse) -> Iterator[str]:
        """On-site, non-noise links of a page, canonicalised, each once."""
        seen: set[str] = set()
        for href in response.css("a::attr(href), link[rel='alternate'][hreflang]::attr(href)"):
            url = response.urljoin(href.get().strip())
            if not url.startswith(("http://", "https://")) or not same_site(url, self.root):
                continue
            if is_noise(url):
                continue
            url = canonicalize(url)
            if url not in seen:
                seen.add(url)
                yield url

    def _listing_kind(self, url: str) -> str:
        first = urlsplit(url).path.strip("/").split("/")[0]
        return "home" if first in {"", "page"} else first

    def _is_html(self, response: Response, kind: str) -> bool:
        if isinstance(response, TextResponse) and b"html" in (
            response.headers.get("Content-Type") or b"text/html"
        ):
            return True
        self.crawler.stats.inc_value(f"newscrawl/skipped/not_html/{kind}")
        self.logger.warning("Expected an HTML %s page, got %s: %s", kind,
                            response.headers.get("Content-Type"), response.url)
        return False

    @staticmethod
    def _fetched_at(response: Response) -> str:
        """The server's `Date` (the base for relative dates), else now; UTC ISO."""
        header = response.headers.get("Date")
        try:
            when = parsedate_to_datetime(header.decode("latin-1")) if header else None
        except (TypeError, ValueError):
            when = None
        when = when.astimezone(UTC) if when and when.tzinfo else datetime.now(UTC)
        return when.replace(microsecond=0).isoformat()
