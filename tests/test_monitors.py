"""Close-of-run monitoring (issue §4): spidermon suite, results in stats and a report file,
and a failed monitor turning into exit status 7."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path
from typing import Any

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler
from spidermon.contrib.scrapy.runners import SpiderMonitorRunner

from newscrawl.commands.crawl import EXIT_MONITORS_FAILED
from newscrawl.monitors import SpiderCloseMonitorSuite
from tests import faultserver as fs
from tests.conftest import SNAPSHOT, project_settings, run_crawl
from tests.siteserver import SiteServer
from tests.test_faults import drop_container

COVERED = {f"spidermon_field_coverage/ArticleItem/{f}": 1.0
           for f in ("url", "title", "body", "published", "authors", "image")}
HEALTHY = {
    "finish_reason": "finished", "item_scraped_count": 20, "newscrawl/items/valid": 20,
    "newscrawl/pages/article": 20, "downloader/request_count": 100,
    "downloader/response_status_count/200": 100, **COVERED,
}


def run_monitors(tmp_path: Path, stats: dict[str, Any], **settings: Any
                 ) -> tuple[dict[str, Any], str]:
    """The suite on `stats` as spidermon runs it at spider close: (crawler stats, report)."""
    values = project_settings()
    report = tmp_path / "report.txt"
    crawler = get_crawler(Spider, {**values, "NEWSCRAWL_MONITOR_REPORT": str(report),
                                   **settings})
    spider = Spider.from_crawler(crawler, name="site")
    SpiderMonitorRunner(spider=spider).run(
        SpiderCloseMonitorSuite(crawler=crawler), stats=stats, crawler=crawler, spider=spider,
        stats_history=[], job=None)
    return crawler.stats.get_stats(), report.read_text("utf-8")


def test_healthy_run_passes_every_monitor(tmp_path: Path) -> None:
    stats, report = run_monitors(tmp_path, HEALTHY)
    assert stats["newscrawl/monitors/failed"] == 0
    assert stats["newscrawl/monitors/passed"] == len(SpiderCloseMonitorSuite.monitors)
    assert stats["newscrawl/monitors/failures"] == []
    assert report.startswith("newscrawl run report: monitors PASSED")
    assert "[FAIL]" not in report


def test_quiet_day_without_items_passes(tmp_path: Path) -> None:
    quiet = {"finish_reason": "finished", "downloader/request_count": 10,
             "downloader/response_status_count/200": 10}
    stats, report = run_monitors(tmp_path, quiet)
    assert stats["newscrawl/monitors/failed"] == 0
    assert "[SKIP] Field coverage" in report  # nothing to measure coverage on


@pytest.mark.parametrize(("change", "settings", "monitor", "reason"), [
    ({"finish_reason": "shutdown"}, {}, "Finish Reason Monitor",
     'Finished with "shutdown"'),
    ({"item_scraped_count": 3}, {"NEWSCRAWL_MIN_ITEMS": 5}, "Item count",
     "3 items exported, minimum 5"),
    ({"log_count/ERROR": 11}, {}, "Error count", "11 errors logged, maximum 10"),
    ({"newscrawl/dropped/invalid/published": 2, "newscrawl/items/valid": 18}, {},
     "Validation drops", "10.0% invalid, maximum 5.0%"),
    ({"spidermon_field_coverage/ArticleItem/image": 0.3}, {}, "Field coverage",
     "ArticleItem/image (expected 0.5, got 0.3"),
    ({"spidermon_field_coverage/ArticleItem/published": 0.95}, {}, "Field coverage",
     "ArticleItem/published (expected 1.0, got 0.95"),
    ({"newscrawl/invalid_field/image": 2, "newscrawl/invalid_field/tags": 1}, {},
     "Invalid optional fields", "Emptied as invalid: image 10.0%; maximum 5.0%"),
    ({"newscrawl/extraction/fallback_template": 2, "newscrawl/skipped/not_article": 1}, {},
     "Fallback extraction", "15.0% of article pages by fallback, maximum 10.0%"),
    ({"retry/max_reached": 11}, {}, "Retry Count monitor",
     "Too many requests (11) reached the maximum retry amount"),
    ({"downloader/response_status_count/429": 11}, {}, "Unwanted HTTP codes monitor",
     "Found 11 Responses with status code=429"),
    ({"downloader/response_status_count/403": 11}, {}, "Unwanted HTTP codes monitor",
     "Found 11 Responses with status code=403"),
    ({"downloader/response_status_count/200": 0, "item_scraped_count": 0,
      "newscrawl/items/valid": 0}, {}, "Successful Requests monitor",
     "Too few (0) successful requests"),
])
def test_each_monitor_fails_on_its_problem(tmp_path: Path, change: dict, settings: dict,
                                           monitor: str, reason: str) -> None:
    stats, report = run_monitors(tmp_path, {**HEALTHY, **change}, **settings)
    assert stats["newscrawl/monitors/failed"] == 1
    [failure] = stats["newscrawl/monitors/failures"]
    assert failure.startswith(f"{monitor}/") and reason in failure
    assert report.startswith("newscrawl run report: monitors FAILED")
    detail = r"(?: {7}.*\n)*? {7}.*"  # the reason, indented under its monitor
    assert re.search(rf"\[FAIL\] {re.escape(monitor)}/.*\n{detail}{re.escape(reason)}", report)


@pytest.mark.parametrize(("distributed", "requests", "fails"), [
    (True, 0, False),  # joined a drained job: nothing to judge
    (True, 3, True),  # sent requests, none succeeded: the site is down
    (False, 0, True),
])
def test_successful_requests_floor_spares_only_an_idle_distributed_worker(
        tmp_path: Path, distributed: bool, requests: int, fails: bool) -> None:
    idle = {"finish_reason": "finished", "downloader/request_count": requests}
    stats, report = run_monitors(tmp_path, idle, NEWSCRAWL_DISTRIBUTED=distributed)
    assert stats["newscrawl/monitors/failed"] == int(fails)
    assert ("Too few (0) successful requests" in report) is fails


def test_an_optional_field_emptied_on_a_few_items_passes_and_a_small_run_is_not_judged(
        tmp_path: Path) -> None:
    stats, _ = run_monitors(tmp_path, {**HEALTHY, "newscrawl/invalid_field/image": 1})
    assert stats["newscrawl/monitors/failed"] == 0  # 5 %: at the limit
    small = {**HEALTHY, "item_scraped_count": 3, "newscrawl/items/valid": 3,
             "newscrawl/pages/article": 3, "newscrawl/invalid_field/image": 3}
    stats, report = run_monitors(tmp_path, small)
    assert stats["newscrawl/monitors/failed"] == 0
    assert "[SKIP] Invalid optional fields" in report


def test_small_run_checks_only_the_required_fields(tmp_path: Path) -> None:
    small = {**HEALTHY, "item_scraped_count": 3, "newscrawl/items/valid": 3,
             "spidermon_field_coverage/ArticleItem/image": 1 / 3}
    stats, _ = run_monitors(tmp_path, small)
    assert stats["newscrawl/monitors/failed"] == 0  # one image in three is no trend
    stats, _ = run_monitors(tmp_path, {**small, "spidermon_field_coverage/ArticleItem/body": 2 / 3})
    [failure] = stats["newscrawl/monitors/failures"]
    assert "ArticleItem/body (expected 1.0" in failure


def test_blocked_below_the_limits_passes(tmp_path: Path) -> None:
    # 10 of 100 responses 429: min(20, 10% of requests) is allowed
    stats, _ = run_monitors(tmp_path, {**HEALTHY, "downloader/response_status_count/429": 10})
    assert stats["newscrawl/monitors/failed"] == 0


# -- end to end: a failing monitor makes the run fail --------------------------------------------

def blocked(server: SiteServer) -> None:
    """The site answers 403 to every article: it is blocking us."""
    for path in fs.article_paths(SNAPSHOT):
        server.overrides[path] = fs.http_error(403)


def relaid_out(server: SiteServer) -> None:
    """The theme changed: no article page has a container the page object knows."""
    for path in fs.article_paths(SNAPSHOT):
        server.overrides[path] = fs.transformed(server, drop_container)


@pytest.mark.parametrize(("breakage", "monitor"), [
    (blocked, "Unwanted HTTP codes monitor"),
    (relaid_out, "Fallback extraction"),
])
def test_failing_monitor_exits_7_with_stats_and_report(tmp_path: Path, breakage: Any,
                                                        monitor: str) -> None:
    output = tmp_path / "out.jsonl"
    with SiteServer(SNAPSHOT) as server:
        breakage(server)
        result = run_crawl("-a", f"site_url={server.root}", output=output,
                           settings={"NEWSCRAWL_STATE_PATH": "",
                                     "NEWSCRAWL_STATS_FILE": str(tmp_path / "stats.json")})
    assert result.returncode == EXIT_MONITORS_FAILED, result.stderr[-3000:]
    stats = json.loads((tmp_path / "stats.json").read_text("utf-8"))
    assert stats["finish_reason"] == "finished"
    assert stats["newscrawl/monitors/failed"] == 1
    assert stats["newscrawl/monitors/failures"][0].startswith(f"{monitor}/")
    report = Path(f"{output}.report.txt").read_text("utf-8")
    assert f"[FAIL] {monitor}/" in report
    assert "Run failed (exit 7): 1 monitor(s) failed" in result.stderr


def test_unreachable_site_exits_7(tmp_path: Path) -> None:
    # nothing listens there: every request fails, no item, a handful of errors
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_crawl("-a", f"site_url=http://127.0.0.1:{port}", output=tmp_path / "out.jsonl",
                       settings={"NEWSCRAWL_STATE_PATH": "", "RETRY_TIMES": "0"})
    assert result.returncode == EXIT_MONITORS_FAILED, result.stderr[-3000:]
    assert "Successful Requests monitor" in result.stderr
    assert "Too few (0) successful requests" in result.stderr


def test_healthy_crawl_writes_a_passing_report_next_to_the_output(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    result = run_crawl("-a", f"snapshot={SNAPSHOT}", output=output,
                       settings={"NEWSCRAWL_STATE_PATH": ""})
    assert result.returncode == 0, result.stderr[-3000:]
    report = Path(f"{output}.report.txt").read_text("utf-8")
    assert report.startswith("newscrawl run report: monitors PASSED")
    assert re.search(r"^  item_scraped_count: [1-9]\d*$", report, re.MULTILINE)
