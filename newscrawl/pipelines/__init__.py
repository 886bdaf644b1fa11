"""Item pipelines, one concern each, in the order settings.ITEM_PIPELINES runs them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NoReturn, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from newscrawl.items import TombstoneItem


class Pipeline:
    """Base of the project's pipelines: built from the crawler, counting in its stats.

    A subclass's `process_item` is guarded: an exception other than DropItem (a bug met by
    some input) drops that one item, counted as `newscrawl/dropped/error/<ExceptionName>` and
    logged in one ERROR line, instead of a traceback and an uncounted loss. Tombstones pass
    through untouched unless the subclass sets `tombstones = True`.
    """

    tombstones = False  # whether process_item sees TombstoneItems too

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "process_item" in cls.__dict__:
            cls.process_item = _guarded(cls.__dict__["process_item"])

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)


def drop(stats: StatsCollector | None, reason: str, message: str, level: str = "WARNING"
         ) -> NoReturn:
    """Count a drop under `newscrawl/dropped/<reason>` and raise DropItem with the message."""
    if stats is not None:
        stats.inc_value(f"newscrawl/dropped/{reason}")
    raise DropItem(f"{reason}: {message}", log_level=level)


def _guarded(method: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    @functools.wraps(method)
    def process_item(self: Pipeline, item: Any) -> Any:
        if isinstance(item, TombstoneItem) and not self.tombstones:
            return item
        try:
            return method(self, item)
        except DropItem:
            raise
        except Exception as error:  # the guard exists for this
            url = ItemAdapter(item).get("url") if ItemAdapter.is_item(item) else None
            drop(self.crawler.stats, f"error/{type(error).__name__}",
                 f"{type(self).__name__} failed on {url}: {str(error)[:300]}", level="ERROR")

    return process_item
