"""Item pipelines, one concern each, in the order settings.ITEM_PIPELINES runs them."""

from __future__ import annotations

from typing import NoReturn, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector


class Pipeline:
    """Base of the project's pipelines: built from the crawler, counting in its stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)


def drop(stats: StatsCollector | None, reason: str, message: str) -> NoReturn:
    """Count a drop under `newscrawl/dropped/<reason>` and raise DropItem with the message."""
    if stats is not None:
        stats.inc_value(f"newscrawl/dropped/{reason}")
    raise DropItem(f"{reason}: {message}")
