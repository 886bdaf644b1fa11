"""`scrapy crawl`, exiting non-zero when the run failed (Scrapy itself exits 0).

Exit status, when several apply the lowest wins (all are logged):

| code | meaning |
|---|---|
| 0 | the run is fit to publish |
| 1 | the crawl could not start (Scrapy's own: spider or settings error) |
| 2 | usage error: unknown option or `-a` name, bad `-a` value (mode, since, until, site_url…) |
| 3 | finish reason other than `finished` (shutdown, closespider_*, memusage_exceeded) |
| 4 | more than `NEWSCRAWL_MAX_ERRORS` ERROR log records before the spider closed |
| 5 | validation-drop rate above `NEWSCRAWL_MAX_INVALID_RATE` |
| 6 | fewer than `NEWSCRAWL_MIN_ITEMS` items exported |
| 7 | a close monitor failed (`newscrawl.monitors`, see the report file) |
| 8 | a feed or the web archive could not be stored (`feedexport/failed_count/*`, |
|   | `newscrawl/archive/failed`) |
| 9 | Redis unreachable beyond `NEWSCRAWL_REDIS_RETRY_SECONDS`: nothing committed or published |

`-o`/`-O` replace the project's `FEEDS` (Scrapy would write those feeds as well); each
JSON lines feed `X.jsonl` gets its tombstone sibling `X.deleted.jsonl`, as in `FEEDS`.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scrapy import Spider, signals
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.utils.conf import feed_process_params_from_cli

from newscrawl.items import TOMBSTONE_FIELDS
from newscrawl.monitors import invalid_rate, item_count
from newscrawl.redis_client import UNAVAILABLE as REDIS_UNAVAILABLE
from newscrawl.redis_client import retry_seconds, where

logger = logging.getLogger(__name__)

ARTICLE_ITEM = "newscrawl.items.ArticleItem"
TOMBSTONE_ITEM = "newscrawl.items.TombstoneItem"
EXIT_OK = 0
EXIT_FINISH_REASON = 3
EXIT_TOO_MANY_ERRORS = 4
EXIT_INVALID_RATE = 5
EXIT_TOO_FEW_ITEMS = 6
EXIT_MONITORS_FAILED = 7
EXIT_FEED_NOT_STORED = 8
EXIT_REDIS_UNAVAILABLE = 9

# ERROR records logged before the spider closed: monitors report their own failures as
# errors afterwards, and those must give 7, not 4.
ERRORS_AT_CLOSE = "newscrawl/run/errors_at_close"


@dataclass(frozen=True)
class RunFailure:
    code: int
    reason: str


def run_failures(stats: Mapping[str, Any], settings: BaseSettings) -> list[RunFailure]:
    """Every way the finished run failed, by exit code."""
    if redis := _redis(stats, settings):
        return [redis]  # the run stopped on purpose: its finish reason, counts... are moot
    checks = [
        _finish_reason(stats),
        _errors(stats, settings.getint("NEWSCRAWL_MAX_ERRORS")),
        _invalid(stats, settings.getfloat("NEWSCRAWL_MAX_INVALID_RATE")),
        _items(stats, settings.getint("NEWSCRAWL_MIN_ITEMS")),
        _monitors(stats),
        _feeds(stats),
    ]
    return sorted((c for c in checks if c is not None), key=lambda f: f.code)


def exit_status(stats: Mapping[str, Any], settings: BaseSettings) -> int:
    """The process exit status of a finished run: 0, or the lowest failure code."""
    failures = run_failures(stats, settings)
    for failure in failures:
        logger.error("Run failed (exit %d): %s", failure.code, failure.reason)
    return failures[0].code if failures else EXIT_OK


def _finish_reason(stats: Mapping[str, Any]) -> RunFailure | None:
    reason = stats.get("finish_reason")
    if reason == "finished":
        return None
    return RunFailure(EXIT_FINISH_REASON, f"finish reason {reason!r}, not 'finished'")


def _errors(stats: Mapping[str, Any], maximum: int) -> RunFailure | None:
    errors = int(stats.get(ERRORS_AT_CLOSE, stats.get("log_count/ERROR", 0)))
    if 0 <= maximum < errors:
        return RunFailure(EXIT_TOO_MANY_ERRORS,
                          f"{errors} errors logged, NEWSCRAWL_MAX_ERRORS={maximum}")
    return None


def _invalid(stats: Mapping[str, Any], maximum: float) -> RunFailure | None:
    rate = invalid_rate(stats)
    if rate > maximum:
        return RunFailure(EXIT_INVALID_RATE,
                          f"{rate:.1%} of items invalid, NEWSCRAWL_MAX_INVALID_RATE={maximum}")
    return None


def _items(stats: Mapping[str, Any], minimum: int) -> RunFailure | None:
    count = item_count(stats)
    if count < minimum:
        return RunFailure(EXIT_TOO_FEW_ITEMS,
                          f"{count} items exported, NEWSCRAWL_MIN_ITEMS={minimum}")
    return None


def _monitors(stats: Mapping[str, Any]) -> RunFailure | None:
    failed = int(stats.get("newscrawl/monitors/failed", 0))
    if failed:
        names = "; ".join(stats.get("newscrawl/monitors/failures") or ())
        return RunFailure(EXIT_MONITORS_FAILED, f"{failed} monitor(s) failed: {names}")
    return None


def _redis(stats: Mapping[str, Any], settings: BaseSettings) -> RunFailure | None:
    during = stats.get(REDIS_UNAVAILABLE)
    if not during:
        return None
    url = settings.get("NEWSCRAWL_REDIS_URL") or ""
    return RunFailure(EXIT_REDIS_UNAVAILABLE,
                      f"Redis at {where(url)} unreachable for more than "
                      f"{retry_seconds(settings):g} s (NEWSCRAWL_REDIS_RETRY_SECONDS, during "
                      f"{during}): nothing committed, no feed published; the next run redoes "
                      "this run's share")


def _feeds(stats: Mapping[str, Any]) -> RunFailure | None:
    failed = sum(v for k, v in stats.items() if k.startswith("feedexport/failed_count/"))
    if failed:
        return RunFailure(EXIT_FEED_NOT_STORED, f"{failed} feed(s) could not be stored")
    if stats.get("newscrawl/archive/failed"):
        return RunFailure(EXIT_FEED_NOT_STORED, "the web archive could not be stored")
    return None


def tombstone_feed_uri(uri: str) -> str:
    """`out.jsonl` → `out.deleted.jsonl` (any other name: `name.deleted.jsonl`)."""
    return (uri[:-len(".jsonl")] if uri.endswith(".jsonl") else uri) + ".deleted.jsonl"


def with_tombstone_feeds(feeds: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each JSON lines file feed restricted to articles, plus its tombstone sibling. Other
    feeds (stdout, other formats) are left as given: they receive every item."""
    result: dict[str, dict[str, Any]] = {}
    for uri, options in feeds.items():
        if options.get("format") not in {"jsonlines", "jsonl"} or uri in {"-", "stdout:"}:
            result[uri] = options
            continue
        result[uri] = {**options, "item_classes": [ARTICLE_ITEM]}
        result[tombstone_feed_uri(uri)] = {**options, "item_classes": [TOMBSTONE_ITEM],
                                           "fields": list(TOMBSTONE_FIELDS)}
    return result


class Command(ScrapyCrawlCommand):
    """Scrapy's `crawl`, plus an exit status from the run's outcome (module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self._run_crawler: Crawler | None = None

    def long_desc(self) -> str:
        return ("Run a spider of the project by name; exit non-zero when the run failed "
                "(3 finish reason, 4 errors, 5 invalid items, 6 too few items, "
                "7 monitors, 8 feed not stored, 9 Redis unreachable; see docs/operations.md).")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if opts.output or opts.overwrite_output:  # replace the project's FEEDS, not add to them
            settings = self.settings.copy()
            settings.set("FEEDS", {}, priority="cmdline")
            feeds = feed_process_params_from_cli(settings, opts.output,
                                                 overwrite_output=opts.overwrite_output)
            self.settings.set("FEEDS", with_tombstone_feeds(feeds), priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            self._check_arguments(args[0], opts.spargs)
        super().run(args, opts)
        crawler = self._run_crawler
        if self.exitcode or crawler is None:  # Scrapy's own failure to start (1)
            return
        self.exitcode = exit_status(crawler.stats.get_stats(), crawler.settings)

    def _check_arguments(self, name: str, spargs: dict[str, str]) -> None:
        """Bad `-a` values are a usage error (exit 2) before anything starts, if the spider
        can tell (`check_arguments` classmethod)."""
        try:
            spidercls = self.crawler_process.spider_loader.load(name)
        except KeyError:
            return  # Scrapy's own error for an unknown spider
        check = getattr(spidercls, "check_arguments", None)
        if check is None:
            return
        try:
            check(spargs)
        except ValueError as error:
            if self.settings.get("LOG_FILE"):  # e.g. scrapyd's job log: its reader sees it too
                logger.error("Usage error: %s", error)
            raise UsageError(str(error), print_help=False) from error

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        crawler = super()._create_crawler(spidercls)
        self._run_crawler = crawler
        # connected before any extension, so this runs before the close monitors
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)
        return crawler

    def _spider_closed(self, spider: Spider) -> None:
        stats = spider.crawler.stats
        stats.set_value(ERRORS_AT_CLOSE, stats.get_value("log_count/ERROR", 0))
