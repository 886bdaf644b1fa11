"""`newscrawl.extract(html, url)`: one page's item, as a crawl would export it.

The page object and the item pipelines of a crawl (chrome, dates, datelines, derived fields,
schema validation; not the crawl state) run on a crawler built from the project's settings
that never starts an engine, so a stored page gives the item a crawl would have exported.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.settings import Settings
from scrapy.utils.misc import build_from_crawler, load_object

from newscrawl.extraction import ArticlePage, ExtractionError
from newscrawl.extraction.dates import zone_of
from newscrawl.items import ArticleItem
from newscrawl.pipelines.dedupe import DedupePipeline
from newscrawl.pipelines.state import CrawlStatePipeline
from newscrawl.statscollectors import FastMemoryStatsCollector

__all__ = ["ExtractionError", "Extractor", "extract", "project_settings"]


class _Offline(Spider):
    name = "extract"


class Extractor:
    """The page object + the crawl's item pipelines, reusable for many pages; counts in `stats`.

    `dedupe`: False, no duplicate check; True, the crawl's (a second item for a canonical URL
    is dropped); `"defer"`, none here, but `dedupe_key` tells after each page the URL the
    check would have seen (None when the item was dropped before it), so that a caller
    running several extractors (worker processes) can apply it in input order."""

    def __init__(self, settings: dict[str, Any] | None = None, *,
                 dedupe: bool | Literal["defer"] = False) -> None:
        self.crawler = Crawler(_Offline, project_settings(settings))
        self.crawler.stats = FastMemoryStatsCollector(self.crawler)
        skip = (CrawlStatePipeline,) if dedupe else (CrawlStatePipeline, DedupePipeline)
        enabled = self.crawler.settings.getdict("ITEM_PIPELINES").items()
        order = sorted(((rank, path) for path, rank in enabled if rank is not None))
        classes = [load_object(path) for _, path in order]
        self.dedupe_key: str | None = None
        self.pipelines = [self._DedupeKey(self) if dedupe == "defer"
                          and issubclass(cls, DedupePipeline)
                          else build_from_crawler(cls, self.crawler)
                          for cls in classes if not issubclass(cls, skip)]

    class _DedupeKey:
        """Stands where DedupePipeline stands: notes the URL it would check, drops nothing."""

        def __init__(self, extractor: Extractor) -> None:
            self.extractor = extractor

        def process_item(self, item: Any) -> Any:
            self.extractor.dedupe_key = ItemAdapter(item)["url"]
            return item

    @property
    def stats(self) -> dict[str, Any]:
        return self.crawler.stats.get_stats()

    def extract(self, html: str, url: str, fetched_at: datetime | str | None = None,
                timezone: str | None = None, *, handed: bool = False) -> dict:
        """The exported item of one page; raises ExtractionError when there is none.

        `handed`: the page is handed in as an article (`newscrawl.extract`), so only a listing
        or a page without text is refused; without it, the page is judged as a crawl judges it
        (a WordPress static page such as About or Contact is kept out: `wp_page`)."""
        zone = zone_of(timezone)  # ValueError on an unknown zone, before any work
        stats = self.crawler.stats
        self.dedupe_key = None
        stats.inc_value("newscrawl/pages/article")
        page = ArticlePage(html, url, handed=handed)
        stats.inc_value(f"newscrawl/classify/{page.article_verdict}")
        if not page.is_article:
            stats.inc_value("newscrawl/skipped/not_article")
            raise ExtractionError(f"not_article/{page.article_verdict}",
                                  f"not an article page ({page.article_verdict}): {url}")
        fetched = fetched_at or datetime.now(UTC)
        item: Any = ArticleItem(page.to_item(fetched_at=_iso(fetched)))
        if zone is not None:
            item["zone"] = zone
        try:
            for pipeline in self.pipelines:
                item = pipeline.process_item(item)
        except DropItem as exc:
            reason = str(exc).split(":", 1)[0]
            raise ExtractionError(reason, f"{url}: {exc}") from exc
        return ItemAdapter(item).asdict()


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The project's settings (`newscrawl.settings`) with `overrides` on top."""
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.update(overrides or {}, priority="cmdline")
    return settings


_DEFAULT: Extractor | None = None


def extract(html: str, url: str, fetched_at: datetime | str | None = None,
            timezone: str | None = None) -> dict:
    """One page's item, with the same fields a crawl exports (`newscrawl/schemas/`).

    `url` is the page's URL; `fetched_at` (default: now) is when it was fetched: relative dates
    ("3 hours ago") count from it. `timezone` (an IANA name or `+05:30`) is the site's zone,
    which `published` and `modified` are printed in and naive dates read in; without it, the
    site's own (Indian/Mauritius on newsmoris.com, else the offset the page declares through
    its dates, else Indian/Mauritius). The page is read as an article unless it says it is a
    listing (a WordPress static page too: `extraction.classified_by` names the evidence).
    Raises `ExtractionError` (a ValueError) when the page is not an article or its item is
    dropped (no date, nothing but chrome, invalid), with `.reason`; ValueError for an unknown
    `timezone`.
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT.extract(html, url, fetched_at, timezone, handed=True)


def _iso(value: datetime | str) -> str:
    return value.isoformat() if isinstance(value, datetime) else value
