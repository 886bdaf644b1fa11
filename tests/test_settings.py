"""Polite, safe defaults for the real site; full speed only for the snapshot and loopback."""

from __future__ import annotations

import inspect

import pytest
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.utils.misc import is_generator_with_return_value

from newscrawl import settings as project
from newscrawl.spiders.site import SiteSpider
from newscrawl.state.backend import state_path
from tests.conftest import SNAPSHOT, project_settings

PROJECT = {**project_settings(),
           "NEWSCRAWL_STATE_PATH": ""}  # no state file for these checks


def spider_settings(**arguments: str) -> Settings:
    """The settings a crawl runs with once the spider is built (as `Crawler.crawl` does)."""
    crawler = Crawler(SiteSpider, Settings(PROJECT))
    SiteSpider.from_crawler(crawler, **arguments)
    return crawler.settings


def test_real_site_defaults_are_polite_and_safe() -> None:
    settings = spider_settings(site_url="https://newsmoris.com")
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert settings.getfloat("DOWNLOAD_DELAY") == 1.0
    assert not settings.getbool("REMOTE_CONTROL_ENABLED")
    assert not settings.getbool("TELNETCONSOLE_ENABLED")
    assert settings["USER_AGENT"].startswith("newscrawl/")
    assert "newsmoris.com" in settings["USER_AGENT"]


@pytest.mark.parametrize("arguments", [
    {"snapshot": str(SNAPSHOT)},
    {"site_url": "http://127.0.0.1:8123"},
])
def test_local_targets_run_at_full_speed(arguments: dict[str, str]) -> None:
    settings = spider_settings(**arguments)
    assert settings.getfloat("DOWNLOAD_DELAY") == 0
    assert not settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getbool("ROBOTSTXT_OBEY")  # robots.txt still applies


@pytest.mark.parametrize(("arguments", "state"), [
    ({"site_url": "https://newsmoris.com"}, "state/newsmoris.com.sqlite"),
    ({"site_url": "http://127.0.0.1:8123"}, "state/127.0.0.1_8123.sqlite"),
    ({"snapshot": str(SNAPSHOT)}, "state/snapshot-site.sqlite"),
])
def test_each_target_has_its_own_state(arguments: dict[str, str], state: str) -> None:
    spider = SiteSpider(**arguments)
    assert state_path(project.NEWSCRAWL_STATE_PATH, spider.target) == state
    assert state_path("", spider.target) is None


def test_backfill_runs_without_the_no_item_timeout() -> None:
    assert spider_settings(mode="latest").getint("CLOSESPIDER_TIMEOUT_NO_ITEM") == 1800
    assert spider_settings(mode="backfill").getint("CLOSESPIDER_TIMEOUT_NO_ITEM") == 0
    crawler = Crawler(SiteSpider, Settings(PROJECT))
    crawler.settings.set("CLOSESPIDER_TIMEOUT_NO_ITEM", 600, priority="cmdline")
    SiteSpider.from_crawler(crawler, mode="backfill")
    assert crawler.settings.getint("CLOSESPIDER_TIMEOUT_NO_ITEM") == 600  # -s wins


def test_no_generator_callback_returns_a_value() -> None:
    """What Scrapy's WARN_ON_GENERATOR_RETURN_VALUE checks on every response (turned off for
    its cost): a value returned from a generator callback would be lost silently."""
    generators = [method for _, method in inspect.getmembers(SiteSpider, inspect.isfunction)
                  if inspect.isgeneratorfunction(method)]
    assert {"parse_article", "parse_archive", "parse_sitemap", "on_error"} <= {
        g.__name__ for g in generators}
    assert [g.__name__ for g in generators if is_generator_with_return_value(g)] == []
    assert project.WARN_ON_GENERATOR_RETURN_VALUE is False
