"""Navigation on unseen sites: small mini-sites (two under WordPress' `/%postname%/` and plain
`?p=N` permalinks) (tests/minisites, see build.py there),
each crawled end to end through the loopback server. Every article exactly once, nothing else,
and no request for share/reply/AMP variants or other hosts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import read_jsonl, run_crawl
from tests.siteserver import SiteServer

MINISITES = Path(__file__).resolve().parent / "minisites"
REAL_ROOT = "https://newsmoris.com"
SITES = ["classic_core_sitemaps", "tdb_no_discovery_files", "yoast_feeds_only_old_items",
         "tdb_postname_permalinks", "tdb_plain_permalinks"]
FORBIDDEN = ("share=", "replytocom", "amp=1", "/about-us", "/contact")


@pytest.mark.parametrize("name", SITES)
def test_minisite_crawl(tmp_path: Path, name: str) -> None:
    site = MINISITES / name
    expected_real = json.loads((site / ".expected.json").read_text("utf-8"))
    output = tmp_path / "out.jsonl"
    with SiteServer(site) as server:
        result = run_crawl("-a", f"site_url={server.root}", output=output, timeout=60, settings={
            "NEWSCRAWL_STATE_PATH": str(tmp_path / "state.sqlite"),
            "NEWSCRAWL_STATS_FILE": str(tmp_path / "stats.json"),
        })
        requested = list(server.requests)
    assert result.returncode == 0, result.stderr[-3000:]
    urls = [item["url"] for item in read_jsonl(output)]
    expected = {url.replace(REAL_ROOT, server.root) for url in expected_real}
    assert len(urls) == len(set(urls)), "an article was exported twice"
    missing, extra = sorted(expected - set(urls)), sorted(set(urls) - expected)
    assert not missing and not extra, f"missing {missing}, extra {extra}"
    assert not [p for p in requested if any(f in p for f in FORBIDDEN)]
    # no request left for another host: none filtered as off-site, none the server did not see
    stats = json.loads((tmp_path / "stats.json").read_text("utf-8"))
    assert stats.get("offsite/filtered", 0) == 0
    assert stats["downloader/request_count"] <= len(requested)
    assert stats.get("newscrawl/articles/failed", 0) == 0
    for article in expected_real:
        path = article.removeprefix(REAL_ROOT)
        assert requested.count(path) == 1, f"{path} requested {requested.count(path)} times"


def test_latest_run_finds_new_post_of_category_left_out_of_home_loop(tmp_path: Path) -> None:
    from newscrawl.snapshot import Reply
    from tests.minisites import build

    site = MINISITES / "tdb_no_discovery_files"
    new = build.Post(7400, "2026-11-26T12:00:00+00:00", "sponsored-airline-new-route",
                     "Airline Opens New Route", "sponsored")
    listing = (site / "category/sponsored/index.html").read_text("utf-8").replace(
        '<div class="td_block_inner tdb-block-inner td-fix-index">',
        '<div class="td_block_inner tdb-block-inner td-fix-index">' + build.module_tdb(new), 1)
    html = {"Content-Type": "text/html; charset=UTF-8"}
    settings = {"NEWSCRAWL_STATE_PATH": str(tmp_path / "state.sqlite")}
    with SiteServer(site) as server:
        first = run_crawl("-a", f"site_url={server.root}", output=tmp_path / "1.jsonl",
                          timeout=60, settings=settings)
        server.overrides = {  # served like the rest of the site: links on the server's root
            new.path: server.rebase(Reply(200, html, build.tdb_article(new, "").encode())),
            "/category/sponsored/": server.rebase(Reply(200, html, listing.encode())),
        }
        second = run_crawl("-a", f"site_url={server.root}", output=tmp_path / "2.jsonl",
                           timeout=60, settings=settings)
    assert first.returncode == second.returncode == 0
    assert [item["url"] for item in read_jsonl(tmp_path / "2.jsonl")] == [
        new.url.replace(REAL_ROOT, server.root)]
