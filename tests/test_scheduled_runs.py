"""Scheduled runs end to end: `scrapy crawl site` subprocesses against a real loopback server.

Latest runs on an unchanged and on a changed site, a ranged backfill, a killed and resumed run,
and discovery parity (sitemaps, feeds, archives each alone). Sites are rendered from the
snapshot's content files (`samples/build`) into a temporary directory, so a test can publish,
edit and delete articles and get consistent listings, feeds and sitemaps, as WordPress would.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from newscrawl.snapshot import Reply
from newscrawl.state import CrawlState
from newscrawl.urls import url_date
from tests.conftest import REPO, read_jsonl, run_crawl
from tests.siteserver import SiteServer

BUILD = REPO / "samples" / "build"
ARTICLE_DIR = re.compile(r"(?:fr/)?\d{4}/\d{2}/\d{2}/[^/]+")
ARTICLE_HREF = re.compile(r"https://newsmoris\.com/((?:fr/)?\d{4}/\d{2}/\d{2}/[^/\"#?]+/)")
EDITED = "riviere-du-rempart-cane-growers-welcome-faster-payments-from-sugar-factory"
DELETED = "rose-hill-residents-take-flooding-complaints-to-their-mps"
NEW_SLUGS = ("ceb-restores-power-to-port-louis-after-overnight-outage",
             "parliament-opens-debate-on-the-2027-budget")


# -- sites ---------------------------------------------------------------------------------


def render_site(workdir: Path) -> Path:
    """Render the snapshot's content files into `workdir/site` (the build copied once)."""
    build = workdir / "build"
    if not build.exists():
        shutil.copytree(BUILD, build, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, str(build / "render.py")], check=True, capture_output=True)
    return workdir / "site"


def publish_edit_delete(workdir: Path) -> None:
    """The site between two runs: two posts published, one edited, one deleted."""
    articles = workdir / "build" / "articles"
    template = json.loads((articles / f"{EDITED}.json").read_text("utf-8"))
    for number, slug in enumerate(NEW_SLUGS):
        post = {**template, "path": f"/2026/11/27/{slug}/", "post_id": 72001 + number,
                "title": slug.replace("-", " ").title(), "hreflang": {},
                "comments": [], "published_utc": f"2026-11-27T0{4 + number}:00:00+00:00",
                "modified_utc": None, "visible_date": "November 27, 2026",
                "visible_modified": None, "time_datetime": None, "microdata_datetime": None,
                "body_html": f"<p>Story {number}: {slug.replace('-', ' ')}.</p><p>More.</p>"}
        (articles / f"{slug}.json").write_text(json.dumps(post, ensure_ascii=False), "utf-8")
    edited = {**template, "modified_utc": "2026-11-27T05:30:00+00:00",
              "body_html": template["body_html"] + "<p>Update: the factory confirmed it.</p>"}
    (articles / f"{EDITED}.json").write_text(json.dumps(edited, ensure_ascii=False), "utf-8")
    (articles / f"{DELETED}.json").unlink()


def site_articles(site: Path, root: str) -> set[str]:
    """Every article URL of a rendered site (its folders), on the server's root."""
    folders = (p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return {f"{root}/{f}/" for f in folders if ARTICLE_DIR.fullmatch(f)}


def linked_articles(root: str, files: Iterator[Path], pattern: re.Pattern[str] = ARTICLE_HREF
                    ) -> set[str]:
    return {f"{root}/{path}" for file in files for path in pattern.findall(file.read_text("utf-8"))}


# -- runs ----------------------------------------------------------------------------------


@dataclass
class Run:
    items: list[dict]
    stats: dict
    requests: list[str]  # paths the server answered during the run

    @property
    def urls(self) -> set[str]:
        return {item["url"] for item in self.items}

    def stat(self, key: str) -> int:
        return self.stats.get(f"newscrawl/{key}", 0)


def crawl(server: SiteServer, tmp: Path, name: str, *args: str,
          settings: dict[str, str] | None = None) -> Run:
    """A run against `server` with the test's state file; it must exit 0."""
    before = len(server.requests)
    done = run_crawl("-a", f"site_url={server.root}", *args, output=tmp / f"{name}.jsonl",
                     settings={"NEWSCRAWL_STATE_PATH": str(tmp / "state.sqlite"),
                               "NEWSCRAWL_STATS_FILE": str(tmp / f"{name}.stats.json"),
                               **(settings or {})})
    assert done.returncode == 0, done.stderr[-3000:]
    stats = json.loads((tmp / f"{name}.stats.json").read_text("utf-8"))
    return Run(read_jsonl(tmp / f"{name}.jsonl"), stats, server.requests[before:])


def article_requests(run: Run) -> list[str]:
    return [p for p in run.requests if ARTICLE_DIR.fullmatch(urlsplit(p).path.strip("/"))]


# -- tests -----------------------------------------------------------------------------------


def test_second_latest_run_on_an_unchanged_site_emits_and_downloads_no_article(
        tmp_path: Path) -> None:
    site = render_site(tmp_path)
    with SiteServer(site) as server:
        first = crawl(server, tmp_path, "first")
        second = crawl(server, tmp_path, "second")
    everything = site_articles(site, server.root)
    assert first.urls == everything and len(first.items) == len(everything) == 37
    assert {item["revision"] for item in first.items} == {1}
    assert first.stat("articles/new") == 37 and first.stat("articles/failed") == 0
    assert second.items == []
    assert article_requests(second) == [] and second.stat("pages/article") == 0
    assert second.stat("articles/new") == second.stat("articles/updated") == 0
    skipped = second.stat("articles/skipped_by_lastmod") + second.stat("articles/skipped_known")
    assert skipped == second.stat("articles/discovered") > 0
    assert second.stat("discovery/sitemaps_unchanged") == 1  # post-sitemap.xml not re-read
    assert len(second.requests) == second.stats["downloader/request_count"]


def test_latest_run_emits_exactly_the_published_and_edited_articles(tmp_path: Path) -> None:
    site = render_site(tmp_path)
    with SiteServer(site) as server:
        root = server.root
        first = crawl(server, tmp_path, "first")
        publish_edit_delete(tmp_path)
        render_site(tmp_path)
        changed = crawl(server, tmp_path, "changed")
        third = crawl(server, tmp_path, "third")
    new = {f"{root}/2026/11/27/{slug}/" for slug in NEW_SLUGS}
    edited, deleted = f"{root}/2026/10/14/{EDITED}/", f"{root}/2025/10/08/{DELETED}/"
    live = site_articles(site, root)
    assert new <= live and edited in live and deleted not in live and deleted in first.urls

    assert changed.urls == new | {edited}
    revisions = {item["url"]: item["revision"] for item in changed.items}
    assert revisions == {**dict.fromkeys(new, 1), edited: 2}
    edited_item = next(item for item in changed.items if item["url"] == edited)
    assert edited_item["body"].endswith("Update: the factory confirmed it.")
    assert edited_item["modified"] == "2026-11-27T09:30:00+04:00"
    assert (changed.stat("articles/new"), changed.stat("articles/updated")) == (2, 1)
    assert changed.stat("articles/failed") == 0
    # and the deleted one, re-checked since the sitemap stopped listing it: its tombstone
    assert sorted(article_requests(changed)) == sorted(urlsplit(u).path
                                                       for u in new | {edited, deleted})
    stones = read_jsonl(tmp_path / "changed.deleted.jsonl")
    assert [(t["url"], t["kind"], t["status"]) for t in stones] == [(deleted, "deleted", 404)]

    # nothing lost: every live article was emitted by one run or the other, and is in the state
    assert live <= first.urls | changed.urls
    store = CrawlState(tmp_path / "state.sqlite")
    rows = {row.url: row for row in store.all_articles()}
    store.close()
    assert live <= rows.keys() and deleted in rows
    assert rows[edited].revision == 2 and rows[edited].last_emitted > rows[edited].first_seen

    # the next run has nothing to do: the edit's lastmod was recorded
    assert third.items == [] and article_requests(third) == []


def test_backfill_range_emits_exactly_the_articles_of_the_range(tmp_path: Path) -> None:
    site = render_site(tmp_path)
    with SiteServer(site) as server:
        run = crawl(server, tmp_path, "backfill", "-a", "mode=backfill",
                    "-a", "since=2024-02-22", "-a", "until=2024-12-31")
    in_range = {url for url in site_articles(site, server.root)
                if "2024/02/22" <= url_date(url) <= "2024/12/31"}
    assert len(in_range) >= 5 and any("/fr/" in url for url in in_range)
    assert run.urls == in_range
    assert len(run.items) == len(in_range) and {i["revision"] for i in run.items} == {1}
    assert len(article_requests(run)) == len(in_range)  # nothing out of range downloaded
    assert run.stat("articles/out_of_range") > 0


class GatedServer(SiteServer):
    """Serves the first `open_articles` article pages, then holds the others until released."""

    def __init__(self, directory: Path, open_articles: int) -> None:
        self.open_articles = open_articles
        self.article_hits = 0
        self.release = threading.Event()
        self._lock = threading.Lock()
        super().__init__(directory)

    def reply(self, handler: BaseHTTPRequestHandler) -> Reply | None:
        if ARTICLE_DIR.fullmatch(urlsplit(handler.path).path.strip("/")):
            with self._lock:
                self.article_hits += 1
                held = self.article_hits > self.open_articles
            if held:
                self.release.wait(timeout=120)
        return super().reply(handler)


def crawl_command(server: SiteServer, tmp: Path, name: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"site_url={server.root}",
            "-O", str(tmp / f"{name}.jsonl"), "-s", f"JOBDIR={tmp / 'job'}",
            "-s", f"NEWSCRAWL_STATE_PATH={tmp / 'state.sqlite'}",
            "-s", f"NEWSCRAWL_STATS_FILE={tmp / f'{name}.stats.json'}"]


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.02)


@pytest.mark.parametrize(("stop", "lose_queue"), [
    (signal.SIGINT, False), (signal.SIGKILL, False), (signal.SIGINT, True),
], ids=["SIGINT", "SIGKILL", "SIGINT-queue-lost"])
def test_a_killed_run_resumed_with_its_jobdir_loses_and_duplicates_nothing(
        tmp_path: Path, stop: signal.Signals, lose_queue: bool) -> None:
    site = render_site(tmp_path)
    with GatedServer(site, open_articles=12) as server:
        everything = site_articles(site, server.root)
        killed = subprocess.Popen(crawl_command(server, tmp_path, "killed"), cwd=REPO,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wait_for(lambda: server.article_hits > server.open_articles, "held article requests")
        killed.send_signal(stop)
        server.release.set()  # a graceful stop finishes its in-flight requests
        _, stderr = killed.communicate(timeout=120)
        if lose_queue:  # a damaged JOBDIR queue: the articles it held are requested again
            shutil.rmtree(tmp_path / "job" / "requests.queue")
        resumed = subprocess.run(crawl_command(server, tmp_path, "resumed"), cwd=REPO,
                                 capture_output=True, text=True, timeout=240, check=False)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    first_file = tmp_path / "killed.jsonl"
    if stop == signal.SIGKILL:
        assert killed.returncode == -signal.SIGKILL and not first_file.exists()
        first = []
    else:
        assert "shutting down gracefully" in stderr
        first = read_jsonl(first_file)
        assert 0 < len(first) < len(everything)
    second = read_jsonl(tmp_path / "resumed.jsonl")
    counts = Counter(item["url"] for item in first + second)
    assert set(counts) == everything and set(counts.values()) == {1}
    stats = json.loads((tmp_path / "resumed.stats.json").read_text("utf-8"))
    assert stats["newscrawl/articles/new"] == len(second) == len(everything) - len(first)
    # each remaining article downloaded once: from the resumed queue, or requested again
    assert stats["newscrawl/pages/article"] == len(second)
    assert stats.get("newscrawl/resume/queue_discarded", 0) == (stop == signal.SIGKILL)
    queued = stats.get("newscrawl/discovery/resumed_queued", 0)  # from the stopped run's JOBDIR
    assert (queued > 0) == (stop == signal.SIGINT)
    assert stats.get("newscrawl/discovery/requeued", 0) == (queued if lose_queue else 0)


def rest_api(server: SiteServer, site: Path) -> Callable[[BaseHTTPRequestHandler], Reply]:
    """`/wp-json/wp/v2/posts?page=N&per_page=M` for the site's posts (dates from its sitemap)."""
    sitemap = (site / "post-sitemap.xml").read_text("utf-8")
    pairs = re.findall(r"<loc>https://newsmoris\.com/(.+?)</loc>\s*<lastmod>(.+?)\+00:00<", sitemap)
    posts = [{"id": n, "link": f"{server.root}/{path}", "date_gmt": lastmod,
              "modified_gmt": lastmod} for n, (path, lastmod) in enumerate(sorted(
                  pairs, key=lambda pair: pair[1], reverse=True), start=1)]

    def answer(handler: BaseHTTPRequestHandler) -> Reply:
        query = parse_qs(urlsplit(handler.path).query)
        page, size = int(query["page"][0]), int(query["per_page"][0])
        pages = -(-len(posts) // size)
        if page > pages:
            return Reply(400, {"Content-Type": "application/json"},
                         b'{"code":"rest_post_invalid_page_number"}')
        body = json.dumps(posts[(page - 1) * size:page * size]).encode()
        return Reply(200, {"Content-Type": "application/json; charset=UTF-8",
                           "X-WP-Total": str(len(posts)), "X-WP-TotalPages": str(pages)}, body)

    return answer


ENTRY_KIND = {"sitemaps": "sitemap", "feeds": "feed", "archives": "archive", "rest": "rest",
              "links": "links"}


def test_discovery_parity_each_source_alone_and_all_together(tmp_path: Path) -> None:
    site = render_site(tmp_path)
    runs: dict[str, Run] = {}
    with SiteServer(site) as server:
        root = server.root
        server.overrides["/wp-json/wp/v2/posts"] = rest_api(server, site)
        for source in ("sitemaps", "feeds", "archives", "rest", "default"):
            workdir = tmp_path / source
            workdir.mkdir()
            only = {} if source == "default" else {"NEWSCRAWL_DISCOVERY": source}
            runs[source] = crawl(server, workdir, source,
                                 settings={**only, "NEWSCRAWL_REST_PER_PAGE": "10"})
    loc = re.compile(r"<loc>https://newsmoris\.com/((?:fr/)?\d{4}/\d{2}/\d{2}/[^/<]+/)</loc>")
    link = re.compile(r"<link>https://newsmoris\.com/(\d{4}/\d{2}/\d{2}/[^/<]+/)</link>")
    archives = [site / "index.html", *(site / "page").rglob("index.html"),
                *(site / "latest-news").rglob("index.html"), *(site / "category").rglob("*.html")]
    everything = site_articles(site, root)
    expected = {
        "sitemaps": linked_articles(root, iter([site / "post-sitemap.xml"]), loc),
        "feeds": linked_articles(root, (site / "feed").glob("*.xml"), link),
        "archives": linked_articles(root, iter(archives)),
        "rest": everything,
    }
    for source, urls in expected.items():
        assert runs[source].urls == urls, source
        assert runs[source].stat(f"discovery/entries/{ENTRY_KIND[source]}") > 0
    assert runs["rest"].stat("pages/rest") == 4  # 37 posts, 10 a page
    assert expected["sitemaps"] == everything
    assert expected["feeds"] < everything and expected["archives"] < everything  # no French
    # the default sources find every article: what only one source (or a link) leads to too
    assert runs["default"].urls == everything == set().union(*expected.values())
    for source in ("sitemaps", "feeds", "archives", "links"):
        assert runs["default"].stat(f"discovery/entries/{ENTRY_KIND[source]}") > 0
    assert not [p for p in runs["default"].requests if p.startswith("/wp-json/")]  # opt-in


def test_reset_state_forgets_what_earlier_runs_exported(tmp_path: Path) -> None:
    site = render_site(tmp_path)
    with SiteServer(site) as server:
        first = crawl(server, tmp_path, "first")
        again = crawl(server, tmp_path, "again", "-a", "reset_state=1")
    assert again.urls == first.urls == site_articles(site, server.root)
    assert {item["revision"] for item in again.items} == {1}
    store = CrawlState(tmp_path / "state.sqlite")
    assert store.count() == len(first.items) and store.full_coverage() is not None
    store.close()


@pytest.mark.parametrize(("argument", "message"), [
    ("mode=everything", "mode must be one of latest, backfill"),
    ("since=2024-02-30", "since must be a date as YYYY-MM-DD"),
    ("reset_state=maybe", "reset_state must be 1 or 0"),
    # a misspelt name is not ignored: it would run another job
    ("mdoe=latest", "unknown spider argument(s) mdoe: the valid arguments are site_url, "
                    "snapshot, mode, since, until, reset_state, archive"),
])
def test_bad_arguments_stop_the_run_before_any_request(tmp_path: Path, argument: str,
                                                       message: str) -> None:
    with SiteServer(render_site(tmp_path)) as server:
        done = run_crawl("-a", f"site_url={server.root}", "-a", "mode=backfill", "-a", argument,
                         output=tmp_path / "out.jsonl",
                         settings={"NEWSCRAWL_STATE_PATH": str(tmp_path / "state.sqlite")})
    assert done.returncode == 2 and message in done.stderr  # a usage error
    assert server.requests == [] and not (tmp_path / "out.jsonl").exists()
