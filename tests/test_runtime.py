"""The crawl's runtime helpers: the stats collector without Scrapy's shim, the GC freeze."""

from __future__ import annotations

import gc

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newscrawl.extensions.gc_freeze import GcFreeze
from newscrawl.statscollectors import FastMemoryStatsCollector
from tests.conftest import project_settings


def _exercise(stats: MemoryStatsCollector) -> dict:
    stats.set_value("a", 1)
    for n in (3, 1, 7):
        stats.inc_value("count")
        stats.inc_value("sum", n, start=10)
        stats.max_value("max", n)
        stats.min_value("min", n)
    return {**stats.get_stats(), "got": stats.get_value("sum"), "missing": stats.get_value("x", 5)}


def test_fast_stats_keep_scrapy_values() -> None:
    crawler = get_crawler(settings_dict=project_settings())
    assert isinstance(crawler.stats, FastMemoryStatsCollector)  # STATS_CLASS
    assert _exercise(FastMemoryStatsCollector(crawler)) == _exercise(MemoryStatsCollector(crawler))


def test_gc_freeze_at_engine_start() -> None:
    crawler = get_crawler(settings_dict=project_settings())
    extension = GcFreeze.from_crawler(crawler)
    try:
        extension.engine_started()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
