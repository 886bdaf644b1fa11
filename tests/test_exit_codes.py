"""Exit status for schedulers (issue §3): `scrapy crawl site` exits non-zero when a run failed.

Unit tests cover the decision on final stats; end-to-end tests run the real command and cause
each failure for real.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.settings import Settings

from newscrawl.commands.crawl import (
    ERRORS_AT_CLOSE,
    EXIT_FEED_NOT_STORED,
    EXIT_FINISH_REASON,
    EXIT_INVALID_RATE,
    EXIT_MONITORS_FAILED,
    EXIT_OK,
    EXIT_TOO_FEW_ITEMS,
    EXIT_TOO_MANY_ERRORS,
    exit_status,
    run_failures,
)
from tests import faultserver as fs
from tests.conftest import REPO, SNAPSHOT, run_crawl
from tests.siteserver import SiteServer

HEALTHY = {"finish_reason": "finished", "item_scraped_count": 20, "newscrawl/items/valid": 20,
           "log_count/ERROR": 0, "newscrawl/monitors/failed": 0}


def project_settings(**overrides: object) -> Settings:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.setdict(overrides, priority="cmdline")
    return settings


# -- unit: the decision ------------------------------------------------------------------------

@pytest.mark.parametrize(("stats", "overrides", "code"), [
    ({}, {}, EXIT_OK),
    ({"item_scraped_count": 0, "newscrawl/items/valid": 0}, {}, EXIT_OK),  # a quiet day
    ({"finish_reason": "shutdown"}, {}, EXIT_FINISH_REASON),
    ({"finish_reason": "closespider_timeout_no_item"}, {}, EXIT_FINISH_REASON),
    ({"finish_reason": None}, {}, EXIT_FINISH_REASON),
    ({"log_count/ERROR": 11}, {}, EXIT_TOO_MANY_ERRORS),
    ({"log_count/ERROR": 10}, {}, EXIT_OK),
    ({"log_count/ERROR": 500}, {"NEWSCRAWL_MAX_ERRORS": -1}, EXIT_OK),
    # errors logged by failing monitors after the spider closed do not count (they give 7)
    ({"log_count/ERROR": 12, ERRORS_AT_CLOSE: 0, "newscrawl/monitors/failed": 2}, {},
     EXIT_MONITORS_FAILED),
    ({"newscrawl/dropped/invalid/published": 1, "newscrawl/items/valid": 19}, {}, EXIT_OK),
    ({"newscrawl/dropped/invalid/published": 1, "newscrawl/dropped/invalid/url": 1,
      "newscrawl/items/valid": 18}, {}, EXIT_INVALID_RATE),
    ({"item_scraped_count": 3}, {"NEWSCRAWL_MIN_ITEMS": 4}, EXIT_TOO_FEW_ITEMS),
    ({"newscrawl/monitors/failed": 1, "newscrawl/monitors/failures": ["x: y"]}, {},
     EXIT_MONITORS_FAILED),
    ({"feedexport/failed_count/AtomicFileFeedStorage": 1}, {}, EXIT_FEED_NOT_STORED),
    # several failures: the lowest code wins
    ({"finish_reason": "shutdown", "log_count/ERROR": 50, "newscrawl/monitors/failed": 3}, {},
     EXIT_FINISH_REASON),
])
def test_exit_status_of_final_stats(stats: dict, overrides: dict, code: int) -> None:
    assert exit_status({**HEALTHY, **stats}, project_settings(**overrides)) == code


def test_every_failure_is_reported_with_its_reason() -> None:
    stats = {**HEALTHY, "finish_reason": "shutdown", "item_scraped_count": 0,
             "newscrawl/items/valid": 0}
    failures = run_failures(stats, project_settings(NEWSCRAWL_MIN_ITEMS=1))
    assert [(f.code, f.reason) for f in failures] == [
        (EXIT_FINISH_REASON, "finish reason 'shutdown', not 'finished'"),
        (EXIT_TOO_FEW_ITEMS, "0 items exported, NEWSCRAWL_MIN_ITEMS=1"),
    ]


def test_defaults_tolerate_a_quiet_day_but_not_a_broken_run() -> None:
    settings = project_settings()
    assert settings.getint("NEWSCRAWL_MIN_ITEMS") == 0
    assert settings.getint("NEWSCRAWL_MAX_ERRORS") >= 0
    assert 0 < settings.getfloat("NEWSCRAWL_MAX_INVALID_RATE") < 1


# -- end to end ------------------------------------------------------------------------------------

def offline(tmp_path: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl site` on the bundled snapshot, stateless."""
    return run_crawl("-a", f"snapshot={SNAPSHOT}", output=tmp_path / "out.jsonl",
                     settings={"NEWSCRAWL_STATE_PATH": "", **settings})


def failure_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return re.findall(r"Run failed \(exit \d\): .*", result.stderr)


def test_healthy_run_exits_0(tmp_path: Path) -> None:
    result = offline(tmp_path)
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    assert failure_lines(result) == []


def test_finish_reason_other_than_finished_exits_3(tmp_path: Path) -> None:
    result = offline(tmp_path, CLOSESPIDER_ITEMCOUNT="3")
    assert result.returncode == EXIT_FINISH_REASON
    assert "Run failed (exit 3): finish reason 'closespider_itemcount'" in result.stderr


def test_too_many_errors_exits_4(tmp_path: Path) -> None:
    with SiteServer(SNAPSHOT) as server:
        article = fs.article_paths(SNAPSHOT)[0]
        server.overrides[article] = fs.http_error(503)  # "Gave up retrying": one ERROR
        result = run_crawl("-a", f"site_url={server.root}", output=tmp_path / "out.jsonl",
                           settings={"NEWSCRAWL_STATE_PATH": "", "RETRY_TIMES": "0",
                                     "NEWSCRAWL_MAX_ERRORS": "0"})
    assert result.returncode == EXIT_TOO_MANY_ERRORS, result.stderr[-3000:]
    assert "Run failed (exit 4): 1 errors logged, NEWSCRAWL_MAX_ERRORS=0" in result.stderr


def test_invalid_items_above_the_rate_exit_5(tmp_path: Path) -> None:
    # a canonical URL no URI can be made of ("%zz") breaks the schema: the item is dropped
    # as invalid (an optional field would only be emptied: tests/test_optional_fields.py)
    with SiteServer(SNAPSHOT) as server:
        article = fs.article_paths(SNAPSHOT)[0]
        server.overrides[article] = fs.transformed(
            server, lambda body: re.sub(rb'(rel="canonical" href="https?://[^/"]+/)',
                                        rb"\1%zz", body))
        result = run_crawl("-a", f"site_url={server.root}", output=tmp_path / "out.jsonl",
                           settings={"NEWSCRAWL_STATE_PATH": "",
                                     "NEWSCRAWL_MAX_INVALID_RATE": "0"})
    assert result.returncode == EXIT_INVALID_RATE, result.stderr[-3000:]
    assert re.search(r"Run failed \(exit 5\): \d+\.\d% of items invalid", result.stderr)


def test_too_few_items_exits_6(tmp_path: Path) -> None:
    result = offline(tmp_path, NEWSCRAWL_MIN_ITEMS="1000")
    assert result.returncode == EXIT_TOO_FEW_ITEMS
    assert re.search(r"Run failed \(exit 6\): \d+ items exported, NEWSCRAWL_MIN_ITEMS=1000",
                     result.stderr)


def test_feed_that_cannot_be_stored_exits_8(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.mkdir()  # the rename onto the final name fails
    result = run_crawl("-a", f"snapshot={SNAPSHOT}", output=output,
                       settings={"NEWSCRAWL_STATE_PATH": ""})
    assert result.returncode == EXIT_FEED_NOT_STORED
    assert "Run failed (exit 8): 1 feed(s) could not be stored" in result.stderr


def test_usage_error_exits_2_and_startup_error_exits_1(tmp_path: Path) -> None:
    usage = subprocess.run([sys.executable, "-m", "scrapy", "crawl"], cwd=REPO,
                           capture_output=True, text=True, check=False)
    assert usage.returncode == 2
    startup = offline(tmp_path, NEWSCRAWL_DISCOVERY="carrier-pigeons")  # spider refuses it
    assert startup.returncode == 1
