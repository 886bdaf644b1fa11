"""Hostile input (issue 8): bombs, deep markup, spider traps, off-site redirects and hijacked
identities must not cost a single real article, raise a traceback or leave the site.

One backfill of the snapshot on a loopback server with hostile pages added (run once per
module, like a scheduled job meets them), then one test per case: what arrived, what was
counted, that nothing was requested off the site and that the crawl ended by itself.
A second server on another loopback address stands for "another host": it must see nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawl.snapshot import Reply
from tests import faultserver as fs
from tests import hostile
from tests.conftest import SNAPSHOT, VOLATILE, load_goldens, read_jsonl, run_crawl
from tests.siteserver import SiteServer

REAL_ROOT = "https://newsmoris.com"
SETTINGS = {"RETRY_TIMES": "1", "DOWNLOAD_TIMEOUT": "5"}
XML = "application/xml; charset=UTF-8"
MUTATIONS = {  # case → how a real article's page is made hostile (its item must not change)
    "deep_divs": hostile.deep_divs(3000),
    "deep_json_ld": hostile.deep_json_ld(100_000),
    "hijacked_identity": hostile.hijack_identity,
    "control_bytes": hostile.control_bytes,
    "invalid_utf8": hostile.invalid_utf8,
    "many_links": hostile.many_links(100_000),
    "base_elsewhere": hostile.base_elsewhere,
}
# Hostile URLs listed in an extra post sitemap (none is a real article).
MOVED_AWAY = "/2026/11/20/moved-to-another-host/"
METADATA = "/2026/11/20/moved-to-cloud-metadata/"
GARBAGE = "/2026/11/20/random-bytes/"
ENCODED_BOMB = "/2026/11/20/gzip-bomb-encoded/"
EXTRA_SITEMAPS = {  # child sitemap → its body (root → bytes)
    "/post-sitemap90.xml.gz": lambda root: hostile.gzip_bomb(),
    "/post-sitemap91.xml": hostile.billion_laughs,
    "/post-sitemap92.xml": lambda root: hostile.offsite_sitemap(),
    "/post-sitemap93.xml": lambda root: hostile.urlset(
        [root + p for p in (MOVED_AWAY, METADATA, GARBAGE, ENCODED_BOMB)]),
}


@dataclass
class Crawl:
    returncode: int
    stderr: str
    items: list[dict]
    stats: dict
    requests: list[str]
    other_host_requests: list[str]
    seconds: float
    targets: dict[str, str]  # case → article path


def plain_articles() -> list[str]:
    """English articles without translations (nobody needs them to discover another)."""
    goldens = load_goldens().values()
    return sorted(urlsplit(g["url"]).path for g in goldens
                  if g["language"] == "en" and not g["translations"])


def hostile_crawl(out: Path) -> Crawl:
    targets = dict(zip(MUTATIONS, plain_articles(), strict=False))
    with SiteServer(SNAPSHOT, host="127.0.0.2") as other, SiteServer(SNAPSHOT) as server:
        def index(request: object) -> Reply:
            reply = fs.page(server, request)
            extra = hostile.sitemap_index(server.root, list(EXTRA_SITEMAPS))
            body = reply.body.replace(b"</sitemapindex>", extra.split(b'0.9">', 1)[1])
            return Reply(200, {"Content-Type": XML}, body)

        server.overrides["/sitemap_index.xml"] = index
        for path, body in EXTRA_SITEMAPS.items():
            server.overrides[path] = Reply(200, {"Content-Type": XML}, body(server.root))
        server.overrides["/"] = fs.transformed(server, hostile.link_trap)
        server.prefixes[hostile.TRAP] = hostile.trap(server)
        server.overrides[MOVED_AWAY] = fs.redirect(f"{other.root}/landing/")
        server.overrides[METADATA] = fs.redirect("http://169.254.169.254/latest/meta-data/")
        server.overrides[GARBAGE] = fs.static(hostile.random_bytes(), fs.HTML)
        server.overrides[ENCODED_BOMB] = Reply(
            200, {"Content-Type": fs.HTML, "Content-Encoding": "gzip"}, hostile.gzip_bomb())
        for case, path in targets.items():
            server.overrides[path] = fs.transformed(server, MUTATIONS[case])
        started = time.monotonic()
        result = run_crawl("-a", f"site_url={server.root}", "-a", "mode=backfill",
                           output=out / "items.jsonl",
                           settings={**SETTINGS, "NEWSCRAWL_STATS_FILE": str(out / "stats.json"),
                                     "NEWSCRAWL_STATE_PATH": str(out / "state.sqlite")})
        seconds = time.monotonic() - started
        items = [json.loads(json.dumps(i).replace(server.root, REAL_ROOT))
                 for i in read_jsonl(out / "items.jsonl")]
        stats = json.loads((out / "stats.json").read_text("utf-8"))
        return Crawl(result.returncode, result.stderr, items, stats, list(server.requests),
                     list(other.requests), seconds, targets)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return hostile_crawl(tmp_path_factory.mktemp("hostile"))


def item_of(run: Crawl, path: str) -> dict:
    found = [i for i in run.items if urlsplit(i["url"]).path == path]
    assert len(found) == 1, f"{path}: {len(found)} items"
    return found[0]


def test_every_real_article_arrives_once_unchanged(run: Crawl) -> None:
    goldens = load_goldens()
    urls = [item["url"] for item in run.items]
    assert sorted(urls) == sorted(goldens)  # once each, nothing else
    for item in run.items:
        assert {k: v for k, v in item.items() if k not in VOLATILE} == goldens[item["url"]]
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stats["finish_reason"] == "finished"


def test_no_traceback_and_no_error_in_the_log(run: Crawl) -> None:
    assert "Traceback" not in run.stderr
    assert run.stats.get("log_count/ERROR", 0) == 0, run.stderr[-3000:]
    assert not [k for k in run.stats if k.startswith("newscrawl/errors/callback")]


def test_spider_traps_are_stopped_and_the_crawl_ends_by_itself(run: Crawl) -> None:
    """The trap archive and its feed: each stopped after a few pages, once 50 of its links
    failed in a row, not an endless walk."""
    trap_pages = [p for p in run.requests if p.startswith(hostile.TRAP + "page/")]
    feed_pages = [p for p in run.requests if p.startswith(hostile.TRAP + "feed/")]
    trap_links = {p for p in run.requests if "/trap-" in p}  # (a retried one counts once)
    assert run.stats["newscrawl/discovery/stopped/failing_links"] == 2
    assert 2 <= len(trap_pages) <= 8, trap_pages
    assert 2 <= len(feed_pages) <= 8, feed_pages
    assert len(trap_links) <= (len(trap_pages) + len(feed_pages) + 1) * hostile.TRAP_LINKS
    assert run.stats["newscrawl/articles/failed/404"] == len(trap_links)
    assert len(run.requests) < 600
    assert run.seconds < 120


def test_gzip_bomb_sitemap_is_refused_with_a_reason(run: Crawl) -> None:
    assert "/post-sitemap90.xml.gz" in run.requests
    assert run.stats["newscrawl/discovery/refused/max_size"] == 1


def test_gzip_encoded_bomb_article_fails_with_a_reason(run: Crawl) -> None:
    assert ENCODED_BOMB in run.requests
    assert run.stats["newscrawl/articles/failed/max_size"] == 1


def test_deep_markup_keeps_the_article_and_counts_the_cut(run: Crawl) -> None:
    item_of(run, run.targets["deep_divs"])  # equal to its golden item (first test)
    assert run.stats["newscrawl/extraction/deep_markup_cut"] == 1


def test_deep_json_ld_is_skipped_and_the_real_block_read(run: Crawl) -> None:
    item = item_of(run, run.targets["deep_json_ld"])
    assert item["extraction"]["published"] in {"json-ld", "opengraph", "time"}
    assert run.stats["newscrawl/extraction/json_ld_too_deep"] == 1


def test_offsite_redirects_are_refused_and_fail_the_article(run: Crawl) -> None:
    assert run.other_host_requests == []
    assert MOVED_AWAY in run.requests and METADATA in run.requests
    assert run.stats["newscrawl/offsite/redirect"] == 2
    assert run.stats["newscrawl/articles/failed/offsite_redirect"] == 2
    assert not [i for i in run.items if "moved-to" in i["url"]]


def test_hijacked_canonical_keeps_the_fetched_identity(run: Crawl) -> None:
    item = item_of(run, run.targets["hijacked_identity"])
    assert item["url"] == REAL_ROOT + run.targets["hijacked_identity"]
    assert hostile.EVIL not in json.dumps(item)
    assert run.stats["newscrawl/extraction/offsite_canonical"] >= 1
    assert run.stats["newscrawl/extraction/offsite_translation"] == 1


def test_what_already_held_still_holds(run: Crawl) -> None:
    """Control and invalid bytes, 100,000 links, `<base href>` elsewhere: unchanged items
    (first test); the billion-laughs sitemap refused as invalid (its entity-cut `<loc>` not
    fetched) and 150,000 off-site entries read, nothing fetched for them; random bytes as HTML
    skipped as not an article."""
    for case in ("control_bytes", "invalid_utf8", "many_links", "base_elsewhere"):
        item_of(run, run.targets[case])
    assert "/post-sitemap91.xml" in run.requests and "/post-sitemap92.xml" in run.requests
    assert not [p for p in run.requests if "lol" in p or "laughs" in p or "share=" in p]
    assert run.stats["newscrawl/discovery/invalid/sitemap"] == 1
    assert run.stats["newscrawl/discovery/not_article"] >= 150_000
    assert GARBAGE in run.requests
    assert run.stats["newscrawl/skipped/not_article"] == 1
