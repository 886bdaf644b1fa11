"""Item pipelines, one concern each, in the order settings.ITEM_PIPELINES runs them."""

from __future__ import annotations

from typing import NoReturn

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector


def drop(stats: StatsCollector | None, reason: str, message: str) -> NoReturn:
    """Count a drop under `newscrawl/dropped/<reason>` and raise DropItem with the message."""
    if stats is not None:
        stats.inc_value(f"newscrawl/dropped/{reason}")
    raise DropItem(f"{reason}: {message}")
