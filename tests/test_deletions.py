"""Deletions and moves as records: `scrapy crawl site` runs against the loopback server, the
site changed between runs by overrides (the post sitemap stops listing some articles, which
then answer 404, 410, 301, 500 or nothing at all, or robots.txt forbids them).
"""

from __future__ import annotations

import json
import random
import re
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from newscrawl.discovery.recheck import RecheckPolicy, Verdict, gone, verdict
from newscrawl.items import article_id, tombstone_schema
from newscrawl.snapshot import Reply
from newscrawl.state import ArticleState, CrawlState
from tests.conftest import SNAPSHOT, read_jsonl
from tests.siteserver import SiteServer
from tests.test_scheduled_runs import crawl

POST_SITEMAP = "/post-sitemap.xml"
URL_BLOCK = re.compile(r"\s*<url>\s*<loc>(?P<loc>[^<]+)</loc>.*?</url>", re.S)
# A short timeout for the silent article, with room for a loaded machine's normal answers.
SETTINGS = {"DOWNLOAD_TIMEOUT": "3", "RETRY_TIMES": "0"}


def sitemap_paths() -> list[str]:
    """The article paths the snapshot's post sitemap lists, in its order."""
    text = (SNAPSHOT / POST_SITEMAP.lstrip("/")).read_text("utf-8")
    return [m["loc"].split("newsmoris.com", 1)[1] for m in URL_BLOCK.finditer(text)]


def unlist(server: SiteServer, paths: set[str], stamp: str) -> None:
    """The post sitemap without `paths`, and a sitemap index saying it changed at `stamp`."""
    text = (SNAPSHOT / POST_SITEMAP.lstrip("/")).read_text("utf-8")
    kept = URL_BLOCK.sub(lambda m: "" if m["loc"].split("newsmoris.com", 1)[1] in paths
                         else m[0], text)
    xml = {"Content-Type": "application/xml; charset=UTF-8"}
    server.overrides[POST_SITEMAP] = server.rebase(Reply(200, xml, kept.encode()))
    index = (SNAPSHOT / "sitemap_index.xml").read_text("utf-8")
    index = re.sub(r"<lastmod>[^<]+</lastmod>", f"<lastmod>{stamp}</lastmod>", index, count=1)
    server.overrides["/sitemap_index.xml"] = server.rebase(Reply(200, xml, index.encode()))


def silent(request: BaseHTTPRequestHandler) -> None:
    """No answer within DOWNLOAD_TIMEOUT (3 s in these runs)."""
    time.sleep(4)
    request.close_connection = True


def tombstones(tmp: Path, name: str) -> list[dict]:
    return read_jsonl(tmp / f"{name}.deleted.jsonl")


def test_deleted_and_moved_articles_become_tombstones_once_and_come_back(
        tmp_path: Path) -> None:
    paths = sitemap_paths()
    gone, gone_410, moved, target, failing, silent_path, disallowed = paths[1:8]
    with SiteServer(SNAPSHOT) as server:
        root = server.root
        first = crawl(server, tmp_path, "first")
        assert {f"{root}{p}" for p in paths} <= first.urls
        assert tombstones(tmp_path, "first") == []

        server.overrides.update({
            gone: Reply(404, {"Content-Type": "text/html"}, b"<html>Not found</html>"),
            gone_410: Reply(410, {"Content-Type": "text/html"}, b"<html>Gone</html>"),
            moved: Reply(301, {"Location": f"{root}{target}"}),
            failing: Reply(500, {"Content-Type": "text/html"}, b"<html>Error</html>"),
            silent_path: silent,
            "/robots.txt": Reply(200, {"Content-Type": "text/plain"}, (
                f"User-agent: *\nDisallow: {disallowed}\n"
                f"Sitemap: {root}/sitemap_index.xml\n").encode()),
        })
        undecided = {failing, silent_path, disallowed}
        unlist(server, {gone, gone_410, moved, *undecided}, "2026-11-28T03:00:00+00:00")
        second = crawl(server, tmp_path, "second", settings=SETTINGS)
        stones = {t["url"]: t for t in tombstones(tmp_path, "second")}

        # the deleted article comes back (served and listed again); the others stay as they are
        del server.overrides[gone]
        unlist(server, {gone_410, moved, *undecided}, "2026-11-29T03:00:00+00:00")
        third = crawl(server, tmp_path, "third", settings=SETTINGS)

    assert set(stones) == {f"{root}{gone}", f"{root}{gone_410}", f"{root}{moved}"}
    assert {u: (t["kind"], t["status"], t["moved_to"]) for u, t in stones.items()} == {
        f"{root}{gone}": ("deleted", 404, None),
        f"{root}{gone_410}": ("deleted", 410, None),
        f"{root}{moved}": ("moved", 301, f"{root}{target}"),
    }
    validator = Draft202012Validator(tombstone_schema(),
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    for stone in stones.values():
        validator.validate(stone)
        assert stone["id"] == article_id(stone["url"])
        assert stone["site"] == "newsmoris.com"  # a replica of NewsMoris on loopback
    # never in the article feed, and nothing for the 500, the timeout or robots.txt's refusal
    assert all("kind" not in item for item in second.items)
    assert second.stat("recheck/unlisted") == 6
    assert second.stat("recheck/inconclusive") == 3
    assert second.stat("recheck/failed/500") == 1
    assert second.stat("recheck/failed/DownloadTimeoutError") == 1
    assert second.stat("recheck/failed/forbidden_by_robots") == 1
    assert second.stat("tombstones/deleted") == 2 and second.stat("tombstones/moved") == 1

    # each once: the third run re-checks only what is still undecided
    assert tombstones(tmp_path, "third") == []
    assert third.stat("recheck/unlisted") == 3 and third.stat("recheck/inconclusive") == 3
    came_back = [item for item in third.items if item["url"] == f"{root}{gone}"]
    assert len(came_back) == 1 and came_back[0]["revision"] == 2
    assert third.stat("articles/came_back") == 1

    store = CrawlState(tmp_path / "state.sqlite")
    recorded = store.tombstones()
    store.close()
    assert set(recorded) == {f"{root}{gone_410}", f"{root}{moved}"}


def test_an_unchanged_site_gives_no_recheck_and_no_tombstone(tmp_path: Path) -> None:
    with SiteServer(SNAPSHOT) as server:
        crawl(server, tmp_path, "first")
        unlist(server, set(), "2026-11-28T03:00:00+00:00")  # the post sitemap is read again
        second = crawl(server, tmp_path, "second")
    assert second.stat("recheck/unlisted") == 0 and second.stat("pages/recheck") == 0
    assert tombstones(tmp_path, "second") == []
    assert json.loads((tmp_path / "second.stats.json").read_text("utf-8"))[
        "finish_reason"] == "finished"


# -- the policy, without a crawl ---------------------------------------------------------------


def row(url: str, sitemap: str | None) -> ArticleState:
    return ArticleState(url=url, post_id=None, fingerprint="f", published=None, modified=None,
                        lastmod=None, revision=1, first_seen="t", last_seen="t",
                        last_emitted="t", sitemap=sitemap)


def test_policy_selects_the_unlisted_of_the_sitemaps_read_and_a_sample_of_the_others() -> None:
    known = [row("a", "s1"), row("b", "s1"), row("c", "s2"), row("d", None), row("e", "s1"),
             row("f", "s1")]
    unlisted, sampled = RecheckPolicy(sample=0).select(
        known, tombstoned={"e": object()}, listed={"a": "s1"}, sitemaps_read={"s1"},
        requested={"f"})
    assert (unlisted, sampled) == (["b"], [])  # c: s2 not read; d: never listed; e, f: settled
    unlisted, sampled = RecheckPolicy(sample=2).select(
        known, tombstoned={}, listed={"a": "s1"}, sitemaps_read={"s1"}, requested=set(),
        rng=random.Random(7))
    assert unlisted == ["b", "e", "f"] and len(sampled) == 2
    assert set(sampled) <= {"a", "c", "d"}
    # s3 is no longer in the sitemap index: what it listed is re-checked unless listed elsewhere
    dropped = [row("g", "s3"), row("h", "s3"), row("i", "s4")]
    unlisted, _ = RecheckPolicy().select(
        dropped, tombstoned={}, listed={"h": "s1"}, sitemaps_read={"s1"}, requested=set(),
        sitemaps_indexed={"s1", "s4"})
    assert unlisted == ["g"]  # i: s4 indexed, not re-read (unchanged)
    assert RecheckPolicy().select(  # nothing is concluded from a run that read no sitemap
        dropped, tombstoned={}, listed={}, sitemaps_read=set(), requested=set(),
        sitemaps_indexed={"s1"}) == ([], [])
    assert RecheckPolicy(unlisted=False).select(
        known, tombstoned={}, listed={}, sitemaps_read={"s1"}, requested=set()) == ([], [])
    with pytest.raises(ValueError, match="NEWSCRAWL_RECHECK_SAMPLE"):
        RecheckPolicy(sample=-1)


@pytest.mark.parametrize(("status", "target", "is_article", "expected"), [
    (404, None, False, Verdict.DELETED),
    (410, None, False, Verdict.DELETED),
    (301, "https://s/2026/01/02/other/", True, Verdict.MOVED),
    (308, "https://s/2026/01/02/other/", True, Verdict.MOVED),
    (301, "https://s/", False, Verdict.REDIRECTED_ELSEWHERE),  # to the home page: not a move
    (302, "https://s/2026/01/02/other/", True, Verdict.REDIRECTED_ELSEWHERE),  # temporary
    (301, "https://s/2026/01/01/x/", True, Verdict.REDIRECTED_ELSEWHERE),  # to itself
    (200, None, False, Verdict.ALIVE),
    (503, None, False, Verdict.INCONCLUSIVE),
])
def test_verdict_of_a_recheck(status: int, target: str | None, is_article: bool,
                              expected: Verdict) -> None:
    assert verdict("https://s/2026/01/01/x/", status, target, is_article) is expected


def test_a_tombstone_of_another_site_names_that_site() -> None:
    counted: list[str] = []
    stone = gone("https://www.other-news.example/a-story/", 410, Verdict.DELETED, None,
                 "other-news.example", counted.append)
    Draft202012Validator(tombstone_schema(),
                         format_checker=Draft202012Validator.FORMAT_CHECKER).validate(dict(stone))
    assert stone["site"] == "other-news.example" and counted == ["recheck/deleted"]
