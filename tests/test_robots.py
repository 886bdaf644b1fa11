"""Politeness (issue §5): robots.txt `Disallow` is obeyed and its `Crawl-delay` honoured."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from newscrawl.snapshot import Reply
from tests import faultserver as fs
from tests.conftest import SNAPSHOT, read_jsonl, run_crawl
from tests.siteserver import SiteServer


def robots(server: SiteServer, disallow: str, crawl_delay: float) -> Reply:
    text = (f"User-agent: *\nDisallow: {disallow}\nCrawl-delay: {crawl_delay}\n\n"
            f"Sitemap: {server.root}/sitemap_index.xml\n")
    return Reply(200, {"Content-Type": "text/plain; charset=UTF-8"}, text.encode())


ARTICLE = fs.article_paths(SNAPSHOT)[0]


def crawl(tmp_path: Path, robots_txt: Callable[[SiteServer], Reply] | None = None,
          **settings: str) -> tuple[int, set[str], dict, list[str], str]:
    """(exit status, exported paths, stats, requested paths, log) of a loopback crawl."""
    with SiteServer(SNAPSHOT) as server:
        if robots_txt is not None:
            server.overrides["/robots.txt"] = robots_txt(server)
        result = run_crawl("-a", f"site_url={server.root}", output=tmp_path / "out.jsonl",
                           settings={"NEWSCRAWL_STATE_PATH": "",
                                     "NEWSCRAWL_STATS_FILE": str(tmp_path / "stats.json"),
                                     **settings})
        requests, root = list(server.requests), server.root
    paths = {item["url"].removeprefix(root) for item in read_jsonl(tmp_path / "out.jsonl")}
    stats = json.loads((tmp_path / "stats.json").read_text("utf-8"))
    return result.returncode, paths, stats, requests, result.stderr


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    code, paths, stats, _, log = crawl(tmp_path_factory.mktemp("robots-baseline"))
    assert code == 0, log[-3000:]
    assert "newscrawl/robotstxt/crawl_delay" not in stats  # the snapshot asks for none
    return paths


def test_disallowed_article_is_not_fetched_and_crawl_delay_is_honoured(
        tmp_path: Path, baseline: set[str]) -> None:
    code, paths, stats, requests, log = crawl(tmp_path,
                                              lambda server: robots(server, ARTICLE, 0.02))
    assert code == 0, log[-3000:]
    assert ARTICLE in baseline
    assert ARTICLE not in requests
    assert paths == baseline - {ARTICLE}
    assert stats["robotstxt/forbidden"] == 1
    assert stats["newscrawl/articles/failed/forbidden_by_robots"] == 1
    # every request after robots.txt left with the host's download slot delay at 0.02 s,
    # although the loopback settings set DOWNLOAD_DELAY to 0
    assert stats["newscrawl/robotstxt/crawl_delay"] == 0.02
    assert stats["newscrawl/robotstxt/slot_delay_min"] == 0.02


def test_excessive_crawl_delay_is_capped_and_reported(tmp_path: Path, baseline: set[str]) -> None:
    code, paths, stats, _, log = crawl(
        tmp_path, lambda server: robots(server, "/nothing-here/", 3600),
        NEWSCRAWL_MAX_CRAWL_DELAY="0.02")
    assert code == 0, log[-3000:]
    assert paths == baseline
    assert stats["newscrawl/robotstxt/crawl_delay_capped"] == 3600
    assert stats["newscrawl/robotstxt/crawl_delay"] == 0.02
    assert stats["newscrawl/robotstxt/slot_delay_min"] == 0.02
    assert "robots.txt asks for Crawl-delay 3600.0 s; capped at NEWSCRAWL_MAX_CRAWL_DELAY" in log
