"""Close-of-run monitoring with spidermon: is this run's output fit to hand to consumers?

`SpiderCloseMonitorSuite` runs when the spider closes (`SPIDERMON_SPIDER_CLOSE_MONITORS`):
finish reason, item count, error count, validation-drop rate, optional fields emptied as
invalid, field coverage, fallback-extraction rate, requests that exhausted their retries,
unwanted HTTP codes (403/429 mean the site is blocking us), successful responses (none: the
site is down or unreachable). Its
`RecordResults` action puts the outcome into the stats (`newscrawl/monitors/passed|failed|
skipped`, `newscrawl/monitors/failures`) and writes a readable report next to the output;
`scrapy crawl` then exits 7 (`newscrawl.commands.crawl`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FeedExporter, FileFeedStorage
from spidermon import MonitorSuite, monitors
from spidermon.contrib.scrapy.monitors import (
    FieldCoverageMonitor,
    FinishReasonMonitor,
    RetryCountMonitor,
    SuccessfulRequestsMonitor,
    UnwantedHTTPCodesMonitor,
)
from spidermon.contrib.scrapy.monitors.base import BaseScrapyMonitor
from spidermon.core.actions import Action
from spidermon.results.items import MonitorResult
from spidermon.settings import MONITOR

from newscrawl.redis_client import UNAVAILABLE as REDIS_UNAVAILABLE

logger = logging.getLogger(__name__)

INVALID_PREFIX = "newscrawl/dropped/invalid/"
INVALID_FIELD_PREFIX = "newscrawl/invalid_field/"
REPORT_STATS = (
    "finish_reason", "elapsed_time_seconds", "item_scraped_count", "item_dropped_count",
    "log_count/ERROR", "log_count/WARNING", "downloader/request_count",
    "downloader/response_status_count/", "retry/", "httperror/", "robotstxt/",
    "newscrawl/", "spidermon_field_coverage/",
)


# -- run health measures, shared with the exit status (newscrawl.commands.crawl) --------------

def item_count(stats: Mapping[str, Any]) -> int:
    """Articles exported (tombstones, counted under `newscrawl/tombstones/`, are not)."""
    tombstones = sum(v for k, v in stats.items() if k.startswith("newscrawl/tombstones/"))
    return int(stats.get("item_scraped_count", 0)) - tombstones


def invalid_rate(stats: Mapping[str, Any]) -> float:
    """Share of the items reaching schema validation that it dropped (0 when none reached it)."""
    invalid = sum(v for k, v in stats.items() if k.startswith(INVALID_PREFIX))
    checked = invalid + int(stats.get("newscrawl/items/valid", 0))
    return invalid / checked if checked else 0.0


def invalid_field_rates(stats: Mapping[str, Any]) -> dict[str, float]:
    """Per optional field, the share of the valid items that had it emptied as invalid."""
    valid = int(stats.get("newscrawl/items/valid", 0))
    return {key.removeprefix(INVALID_FIELD_PREFIX): value / valid
            for key, value in stats.items() if key.startswith(INVALID_FIELD_PREFIX) and valid}


def fallback_rate(stats: Mapping[str, Any]) -> float:
    """Share of article pages read by the generic fallback template or not read at all."""
    pages = int(stats.get("newscrawl/pages/article", 0))
    degraded = int(stats.get("newscrawl/extraction/fallback_template", 0)) + int(
        stats.get("newscrawl/skipped/not_article", 0))
    return degraded / pages if pages else 0.0


# -- monitors ---------------------------------------------------------------------------------

@monitors.name("Item count")
class ItemCountMonitor(BaseScrapyMonitor):
    """At least `NEWSCRAWL_MIN_ITEMS` items were exported (0 by default: a quiet day is fine)."""

    @monitors.name("Should export at least NEWSCRAWL_MIN_ITEMS items")
    def test_minimum_items(self) -> None:
        minimum = self.crawler.settings.getint("NEWSCRAWL_MIN_ITEMS")
        count = item_count(self.data.stats)
        self.assertGreaterEqual(count, minimum, msg=f"{count} items exported, minimum {minimum}")


@monitors.name("Error count")
class ErrorCountMonitor(BaseScrapyMonitor):
    """At most `NEWSCRAWL_MAX_ERRORS` ERROR log records (negative: no limit)."""

    @monitors.name("Should log at most NEWSCRAWL_MAX_ERRORS errors")
    def test_maximum_errors(self) -> None:
        maximum = self.crawler.settings.getint("NEWSCRAWL_MAX_ERRORS")
        errors = int(self.data.stats.get("log_count/ERROR", 0))
        if maximum >= 0:
            self.assertLessEqual(errors, maximum, msg=f"{errors} errors logged, maximum {maximum}")


@monitors.name("Validation drops")
class InvalidRateMonitor(BaseScrapyMonitor):
    """At most `NEWSCRAWL_MAX_INVALID_RATE` of the validated items broke the schema."""

    @monitors.name("Should drop at most NEWSCRAWL_MAX_INVALID_RATE of the items as invalid")
    def test_invalid_rate(self) -> None:
        maximum = self.crawler.settings.getfloat("NEWSCRAWL_MAX_INVALID_RATE")
        rate = invalid_rate(self.data.stats)
        self.assertLessEqual(rate, maximum, msg=f"{rate:.1%} invalid, maximum {maximum:.1%}")


@monitors.name("Invalid optional fields")
class InvalidFieldMonitor(BaseScrapyMonitor):
    """At most `NEWSCRAWL_MAX_INVALID_FIELD_RATE` of the valid items had any one optional field
    emptied for breaking the schema: above it the site now writes that field in a way the
    contract refuses. Checked on runs of at least `NEWSCRAWL_COVERAGE_MIN_ITEMS` items."""

    @monitors.name("Should empty each optional field on at most NEWSCRAWL_MAX_INVALID_FIELD_RATE"
                   " of the items")
    def test_invalid_field_rate(self) -> None:
        if int(self.data.stats.get("newscrawl/items/valid", 0)) < self.crawler.settings.getint(
                "NEWSCRAWL_COVERAGE_MIN_ITEMS"):
            self.skipTest("Too few items to judge a field.")
        maximum = self.crawler.settings.getfloat("NEWSCRAWL_MAX_INVALID_FIELD_RATE")
        over = [f"{field} {rate:.1%}" for field, rate in
                sorted(invalid_field_rates(self.data.stats).items()) if rate > maximum]
        self.assertFalse(over, msg=f"Emptied as invalid: {', '.join(over)}; maximum "
                                   f"{maximum:.1%}")


@monitors.name("Fallback extraction")
class FallbackRateMonitor(BaseScrapyMonitor):
    """At most `NEWSCRAWL_MAX_FALLBACK_RATE` of the article pages needed the fallback template
    or had no article container at all: above it, the site's layout has probably changed."""

    @monitors.name("Should read at most NEWSCRAWL_MAX_FALLBACK_RATE of the articles by fallback")
    def test_fallback_rate(self) -> None:
        maximum = self.crawler.settings.getfloat("NEWSCRAWL_MAX_FALLBACK_RATE")
        rate = fallback_rate(self.data.stats)
        self.assertLessEqual(rate, maximum,
                             msg=f"{rate:.1%} of article pages by fallback, maximum {maximum:.1%}")


# -- results: stats and report ----------------------------------------------------------------

class RecordResults(Action):
    """Monitor outcome → stats (`newscrawl/monitors/*`) and a readable report file."""

    def run_action(self) -> None:
        crawler: Crawler = self.data.crawler
        results = list(self.result.monitor_results)
        failed, skipped = _failed(results), _skipped(results)
        stats = crawler.stats
        stats.set_value("newscrawl/monitors/passed", len(results) - len(failed) - len(skipped))
        stats.set_value("newscrawl/monitors/failed", len(failed))
        stats.set_value("newscrawl/monitors/skipped", len(skipped))
        stats.set_value("newscrawl/monitors/failures", [_describe(r) for r in failed])
        path = report_path(crawler)
        if path is not None:  # the stats the monitors judged, then their outcome
            judged = {**dict(self.data.stats), **_monitor_stats(stats.get_stats())}
            _write_atomically(path, render_report(results, judged))
            logger.info("Monitoring report: %s", path)


def report_path(crawler: Crawler) -> Path | None:
    """`NEWSCRAWL_MONITOR_REPORT`, else `<first local feed file>.report.txt`, else None."""
    configured = crawler.settings.get("NEWSCRAWL_MONITOR_REPORT")
    if configured:
        return Path(configured)
    exporter = crawler.get_extension(FeedExporter)
    for slot in getattr(exporter, "slots", ()):
        if isinstance(slot.storage, FileFeedStorage):
            return Path(f"{slot.storage.path}.report.txt")
    return None


STATUS_TAGS = {
    MONITOR.STATUS.SUCCESS: " OK ", MONITOR.STATUS.FAILURE: "FAIL",
    MONITOR.STATUS.ERROR: "ERR!", MONITOR.STATUS.SKIPPED: "SKIP",
}


def render_report(results: list[MonitorResult], stats: Mapping[str, Any]) -> str:
    """Plain text: verdict, one line per monitor (with the reason when not OK), key stats."""
    failed, skipped = len(_failed(results)), len(_skipped(results))
    verdict = "FAILED" if failed else "PASSED"
    counts = f"{len(results) - failed - skipped} passed, {skipped} skipped, {failed} failed"
    lines = [
        f"newscrawl run report: monitors {verdict} ({counts})",
        f"finish reason: {stats.get('finish_reason')}; items: {item_count(stats)}",
        "",
    ]
    for result in results:
        lines.append(f"[{STATUS_TAGS.get(result.status, result.status)}] {result.item.name}")
        if result.status != MONITOR.STATUS.SUCCESS:
            lines.extend(f"       {line}" for line in _reason(result).splitlines())
    lines += ["", "stats:"]
    lines += [f"  {key}: {_plain(value)}" for key, value in sorted(stats.items())
              if key.startswith(REPORT_STATS)]
    return "\n".join(lines) + "\n"


def _failed(results: list[MonitorResult]) -> list[MonitorResult]:
    return [r for r in results if r.status in MONITOR.STATUSES.ERROR]


def _skipped(results: list[MonitorResult]) -> list[MonitorResult]:
    return [r for r in results if r.status == MONITOR.STATUS.SKIPPED]


def _monitor_stats(stats: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in stats.items() if k.startswith("newscrawl/monitors/")}


def _reason(result: MonitorResult) -> str:
    if result.reason:
        return str(result.reason).strip()
    lines = (result.error or "").strip().splitlines()
    return lines[-1] if lines else ""  # an exception in a monitor: its message


def _describe(result: MonitorResult) -> str:
    return f"{result.item.name}: {' '.join(_reason(result).split())}"


def _plain(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temp.write_text(text, "utf-8")
    os.replace(temp, path)


@monitors.name("Field coverage")
class SampledFieldCoverageMonitor(FieldCoverageMonitor):
    """spidermon's field coverage, with partial floors (authors, image) checked only on runs of
    at least `NEWSCRAWL_COVERAGE_MIN_ITEMS` items: on a 3-item incremental run one missing image
    is 67 %, not a trend. Floors of 1.0 (url, title, body, published) hold on every run."""

    @monitors.name("Field coverage rules are met")
    def test_check_if_field_coverage_rules_are_met(self) -> None:
        count = item_count(self.data.stats)
        if count == 0:
            self.skipTest("No items were scraped.")
        sampled = count >= self.crawler.settings.getint("NEWSCRAWL_COVERAGE_MIN_ITEMS")
        rules = self.crawler.settings.getdict("SPIDERMON_FIELD_COVERAGE_RULES")
        failures = [
            f"{field} (expected {floor}, got {actual})"
            for field, floor in rules.items()
            if (sampled or floor >= 1.0)
            and (actual := self.data.stats.get(f"spidermon_field_coverage/{field}", 0)) < floor
        ]
        self.assertFalse(failures, msg="Field coverage below its floor: " + "; ".join(failures))


@monitors.name("Successful Requests monitor")
class SuccessfulRequestsFloorMonitor(SuccessfulRequestsMonitor):
    """Spidermon's floor of successful requests (site down or unreachable), except for a
    distributed worker that sent no request at all: it joined a job whose shared queue the
    other workers had drained, and has no site to judge."""

    @monitors.name("Should have at least the minimum number of successful requests")
    def test_minimum_successful_requests(self) -> None:
        distributed = self.crawler.settings.getbool("NEWSCRAWL_DISTRIBUTED")
        if distributed and not self.stats.get("downloader/request_count", 0):
            self.skipTest("a distributed worker that found the shared queue drained")
        super().test_minimum_successful_requests()


class _MootWithoutRedis:
    """Skipped when the run stopped on a Redis outage: nothing is published (exit 9)."""

    stats: Any

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        if self.stats.get(REDIS_UNAVAILABLE):
            self.skipTest(  # type: ignore[attr-defined]
                "the run stopped: Redis unreachable, nothing published")


def _moot_without_redis(monitor: type) -> type:
    moot = type(monitor.__name__, (_MootWithoutRedis, monitor), {"__module__": __name__})
    moot.options = monitor.options  # type: ignore[attr-defined]  (its name in reports)
    return moot


class SpiderCloseMonitorSuite(MonitorSuite):
    """Everything that must hold for a run's output to be published; thresholds in settings."""

    monitors: ClassVar[list[type]] = [_moot_without_redis(monitor) for monitor in (
        FinishReasonMonitor,
        ItemCountMonitor,
        ErrorCountMonitor,
        InvalidRateMonitor,
        InvalidFieldMonitor,
        SampledFieldCoverageMonitor,
        FallbackRateMonitor,
        RetryCountMonitor,
        UnwantedHTTPCodesMonitor,
        SuccessfulRequestsFloorMonitor,
    )]
    monitors_finished_actions: ClassVar[list[type]] = [RecordResults]
