"""Full runs stop a listing once the sitemaps hold its back catalogue, and still find the
articles a sitemap left out (the last page of an archive is read to check)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import REPO, read_jsonl, run_crawl

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic_site import SiteServer

ARTICLES = 150
HIDDEN = 40  # the oldest English posts, left out of the sitemaps


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    with SiteServer(ARTICLES) as running:
        yield running


def backfill(server: SiteServer, tmp_path: Path, name: str, **settings: str
             ) -> tuple[set[str], dict]:
    output, stats_file = tmp_path / f"{name}.jsonl", tmp_path / f"{name}-stats.json"
    result = run_crawl("-a", f"site_url={server.root}", "-a", "mode=backfill", output=output,
                       settings={"NEWSCRAWL_STATS_FILE": str(stats_file),
                                 "NEWSCRAWL_STATE_PATH": str(tmp_path / f"{name}.sqlite"),
                                 **settings})
    assert result.returncode == 0, result.stderr[-3000:]
    items = read_jsonl(output)
    paths = [urlsplit(item["url"]).path for item in items]
    assert len(paths) == len(set(paths))  # each once
    return set(paths), json.loads(stats_file.read_text())


def discovery_pages(stats: dict) -> int:
    return stats["newscrawl/pages/archive"] + stats["newscrawl/pages/feed"]


def test_listings_stop_where_the_sitemaps_list_everything(server: SiteServer, tmp_path: Path
                                                          ) -> None:
    every = set(server.site.article_paths())
    stopped, stats = backfill(server, tmp_path, "stopped")
    exhaustive, all_pages = backfill(server, tmp_path, "all", NEWSCRAWL_LISTING_KNOWN_PAGES="0")
    assert stopped == exhaustive == every
    assert stats["newscrawl/discovery/stopped/listed_by_sitemaps"] >= 3
    assert stats["newscrawl/discovery/last_page_probe/covered"] >= 1
    assert "newscrawl/discovery/last_page_probe/unseen" not in stats
    assert "newscrawl/discovery/stopped/listed_by_sitemaps" not in all_pages
    # about half: 41-47 of 92 measured; how many listing pages are read while the sitemaps
    # are still being fetched (before the rule can apply) depends on timing
    assert discovery_pages(stats) < 0.55 * discovery_pages(all_pages)


def test_an_archive_whose_last_page_lists_unseen_articles_is_read_to_its_end(
        server: SiteServer, tmp_path: Path) -> None:
    site = server.site
    oldest = sorted(site.english, key=lambda post: (post.published, post.post_id))[:HIDDEN]
    every, listed = site.posts, [post for post in site.posts if post not in oldest]
    saved = site.sitemaps
    site.posts = listed
    site.sitemaps = site._sitemaps()  # the sitemaps leave the oldest posts out
    site.posts = every
    try:
        found, stats = backfill(server, tmp_path, "holes")
    finally:
        site.sitemaps = saved
    assert {post.path for post in oldest} <= found
    assert found == set(site.article_paths())
    assert stats["newscrawl/discovery/last_page_probe/unseen"] >= 1
