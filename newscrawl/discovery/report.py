"""Which discovery sources a run uses, and the counters every run reports (even at zero)."""

from __future__ import annotations

from typing import Any

from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

from newscrawl.discovery.plan import Planner, RunOptions

SOURCES = frozenset({"sitemaps", "feeds", "archives", "links", "rest"})
PAGE_KINDS = ("robots", "sitemap", "feed", "archive", "rest", "article", "recheck")
OUTCOMES = ("discovered", "new", "updated", "unchanged", "skipped_by_lastmod",
            "skipped_known", "out_of_range", "failed")


def enabled_sources(settings: BaseSettings) -> set[str]:
    """NEWSCRAWL_DISCOVERY (+ `rest` with NEWSCRAWL_USE_REST_API); an unknown name is an error."""
    sources = set(settings.getlist("NEWSCRAWL_DISCOVERY"))
    if settings.getbool("NEWSCRAWL_USE_REST_API"):
        sources.add("rest")
    if unknown := sources - SOURCES:
        raise ValueError(f"NEWSCRAWL_DISCOVERY: unknown sources {sorted(unknown)}; "
                         f"known: {sorted(SOURCES)}")
    return sources


def _counters() -> tuple[str, ...]:
    return (*(f"pages/{k}" for k in PAGE_KINDS), *(f"articles/{k}" for k in OUTCOMES))


def zero_counters(stats: StatsCollector) -> None:
    """Every page kind and article outcome in the stats from the start, zero if unseen."""
    for name in _counters():
        stats.set_value(f"newscrawl/{name}", stats.get_value(f"newscrawl/{name}", 0))


def run_line(options: RunOptions, full: bool, store: Any, sources: set[str]) -> str:
    """What a run is about to do, for its first log line (`store`: the crawl state or None)."""
    return (f"mode={options.mode} since={options.since} until={options.until} "
            f"coverage={'full' if full else 'latest'} state={store.path if store else 'none'} "
            f"({store.count() if store else 0} known) sources={','.join(sorted(sources))}")


def summary(stats: StatsCollector, planner: Planner | None) -> str:
    """The planner's final article counts into the stats, and `discovered=… new=… | pages:
    robots=… …` for the run's last log line."""
    for name, value in (planner.counts() if planner is not None else {}).items():
        stats.set_value(f"newscrawl/articles/{name}", value)
    articles = " ".join(f"{k}={stats.get_value(f'newscrawl/articles/{k}', 0)}"
                        for k in OUTCOMES)
    pages = " ".join(f"{k}={stats.get_value(f'newscrawl/pages/{k}', 0)}" for k in PAGE_KINDS)
    return f"{articles} | pages: {pages}"
