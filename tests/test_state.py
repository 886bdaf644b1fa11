"""The crawl state store: schema, commits, reset, locking, crash safety, fingerprints."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from hypothesis import given
from hypothesis import strategies as st
from scrapy.exceptions import DropItem
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from newscrawl.jobdir import close_jobdir, open_jobdir
from newscrawl.pipelines.state import CrawlStatePipeline, UnchangedArticle
from newscrawl.state import (
    SCHEMA_VERSION,
    ArticleState,
    CrawlState,
    StateLockedError,
    Tombstone,
    fingerprint,
)
from newscrawl.state.redis_backend import RedisCrawlState
from tests.redisserver import RedisServer

ITEM = {
    "url": "https://newsmoris.com/2024/02/22/a/",
    "title": "Bank Of Mauritius Holds Key Rate",
    "subtitle": None,
    "body": "First paragraph.\n\nSecond paragraph.",
    "authors": ["News Moris Editor"],
    "published": "2024-02-22T10:00:00+04:00",
    "modified": "2024-02-22T11:00:00+04:00",
    "dateline": None,
    "language": "en",
    "categories": ["Economy"],
    "tags": ["Key Rate"],
    "image": {"url": "https://newsmoris.com/x.jpg", "caption": None},
    "translations": {},
    "crawled_at": "2026-11-27T06:00:00+00:00",
    "revision": 1,
}


def article(url: str = ITEM["url"], *, revision: int = 1, post_id: int | None = 7,
            modified: str | None = "2024-02-22T11:00:00+04:00",
            lastmod: str | None = None) -> ArticleState:
    stamp = "2026-11-27T06:00:00+00:00"
    return ArticleState(url=url, post_id=post_id, fingerprint=fingerprint(ITEM),
                        published="2024-02-22T10:00:00+04:00", modified=modified,
                        lastmod=lastmod, revision=revision, first_seen=stamp, last_seen=stamp,
                        last_emitted=stamp)


SQLITE_V1 = """
CREATE TABLE articles (url TEXT PRIMARY KEY, post_id INTEGER, fingerprint TEXT NOT NULL,
    published TEXT, modified TEXT, lastmod TEXT, revision INTEGER NOT NULL,
    first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, last_emitted TEXT NOT NULL);
CREATE TABLE sources (url TEXT PRIMARY KEY, lastmod TEXT, checked TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@pytest.fixture()
def path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "site.sqlite"


class Backend:
    """Opens one test's crawl state on the SQLite or the Redis backend."""

    def __init__(self, name: str, path: Path, redis_url: str | None) -> None:
        self.name, self.path, self.redis_url = name, path, redis_url
        self.target = f"test-{uuid.uuid4().hex}"  # one state per test on the shared server

    def __call__(self, reset: bool = False, **options: Any) -> CrawlState | RedisCrawlState:
        if self.name == "sqlite":
            return CrawlState(self.path, reset=reset)
        return RedisCrawlState(self.redis_url, self.target, reset=reset, **options)

    def committed_count(self) -> int:
        """Articles committed, read beside the run that holds the lock."""
        if self.name == "sqlite":
            db = sqlite3.connect(self.path)
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
        client = redis.Redis.from_url(self.redis_url)
        return client.hlen(f"newscrawl:state:{self.target}:articles")


@pytest.fixture(params=["sqlite", "redis"])
def open_store(request: pytest.FixtureRequest, path: Path) -> Backend:
    url = request.getfixturevalue("redis_server").url if request.param == "redis" else None
    return Backend(request.param, path, url)


def committed(open_store: Backend, *rows: ArticleState) -> None:
    store = open_store()
    for row in rows:
        store.pending.articles[row.url] = row
    store.commit()
    store.close()


def test_creates_schema_in_a_new_directory(path: Path) -> None:
    store = CrawlState(path)
    assert store.is_empty() and store.count() == 0 and store.full_coverage() is None
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    assert path.is_file()


def test_commit_persists_articles_across_reopen(open_store: Backend) -> None:
    committed(open_store, article())
    store = open_store()
    assert store.count() == 1
    assert store.get(ITEM["url"]) == article()
    assert store.get_by_post_id(7) == article()
    assert store.get("https://newsmoris.com/2024/02/22/other/") is None
    store.close()


def test_upsert_updates_a_row_but_never_its_first_seen(open_store: Backend) -> None:
    committed(open_store, article())
    newer = _replace(article(revision=2), first_seen="2020-01-01T00:00:00+00:00")
    committed(open_store, newer)
    store = open_store()
    row = store.get(ITEM["url"])
    assert row is not None and row.revision == 2
    assert row.first_seen == article().first_seen
    store.close()


def _replace(row: ArticleState, **changes: object) -> ArticleState:
    values = {name: getattr(row, name) for name in row.__dataclass_fields__}
    return ArticleState(**{**values, **changes})


SITEMAP = "https://newsmoris.com/post-sitemap.xml"


def stage_run(store: CrawlState) -> None:
    store.pending.sources[SITEMAP] = "2026-11-27T03:00:00+00:00"
    store.pending.full_coverage = True
    store.pending.articles[ITEM["url"]] = article()


@pytest.mark.parametrize(("finished", "failed", "sources", "coverage"), [
    (False, 0, False, False),  # stopped (SIGINT): exported articles only
    (True, 1, False, True),  # an article failed: its sitemap is read again next run
    (True, 0, True, True),
])
def test_what_a_run_commits_depends_on_how_it_ended(open_store: Backend, finished: bool,
                                                    failed: int, sources: bool,
                                                    coverage: bool) -> None:
    store = open_store()
    stage_run(store)
    written = store.commit(finished=finished, failed=failed)
    assert store.count() == written["articles"] == 1  # exported articles are always kept
    assert (store.source_lastmod(SITEMAP) is not None) == sources == bool(written["sources"])
    assert (store.full_coverage() is not None) == coverage
    store.close()


def test_touched_and_seen_update_existing_rows(open_store: Backend) -> None:
    committed(open_store, article())
    store = open_store()
    store.pending.touched[ITEM["url"]] = "2024-03-01T00:00:00+00:00"
    store.pending.seen.add(ITEM["url"])
    store.commit()
    row = store.get(ITEM["url"])
    assert row is not None and row.lastmod == "2024-03-01T00:00:00+00:00"
    assert row.last_seen > article().last_seen and row.revision == 1
    store.close()


def test_a_moved_article_replaces_its_old_url(open_store: Backend) -> None:
    old = "https://newsmoris.com/2024/02/22/old-slug/"
    committed(open_store, article(old))
    store = open_store()
    store.pending.articles[ITEM["url"]] = article(revision=2)
    store.pending.replaces[ITEM["url"]] = old
    store.commit()
    assert store.get(old) is None and store.get(ITEM["url"]).revision == 2
    store.close()


def test_sitemaps_and_tombstones_are_recorded_and_a_returning_article_clears_its_own(
        open_store: Backend) -> None:
    other = "https://newsmoris.com/2024/02/23/b/"
    committed(open_store, article(), article(other, post_id=8))
    store = open_store()
    sitemap = "https://newsmoris.com/post-sitemap.xml"
    store.pending.listed.update({ITEM["url"]: sitemap, other: sitemap})
    store.pending.tombstones[other] = Tombstone(other, "moved", 301, ITEM["url"], "2026-11-28T")
    store.pending.tombstones[ITEM["url"]] = Tombstone(ITEM["url"], "deleted", 410, None, "t")
    store.commit()
    assert store.get(other).sitemap == sitemap and store.get(ITEM["url"]).sitemap == sitemap
    assert set(store.tombstones()) == {other, ITEM["url"]}
    assert store.tombstone(other) == Tombstone(other, "moved", 301, ITEM["url"], "2026-11-28T")
    store.pending.articles[ITEM["url"]] = article(revision=2)  # it came back
    store.commit()
    assert set(store.tombstones()) == {other} and store.tombstone(ITEM["url"]) is None
    assert store.get(ITEM["url"]).sitemap == sitemap  # an export keeps the sitemap it had
    store.close()
    store = open_store(reset=True)
    assert store.tombstones() == {}
    store.commit()
    store.close()
    store = open_store()
    assert store.tombstones() == {}
    store.close()


def test_a_version_1_state_file_is_migrated(path: Path) -> None:
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.executescript(SQLITE_V1)
    db.execute("PRAGMA user_version=1")
    db.execute("INSERT INTO articles VALUES ('u', 1, 'f', NULL, NULL, NULL, 1, 't', 't', 't')")
    db.commit()
    db.close()
    store = CrawlState(path)
    assert store.get("u").sitemap is None and store.tombstones() == {}
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    store.close()


def test_reset_reads_empty_and_replaces_everything_on_commit(open_store: Backend) -> None:
    committed(open_store, article(), article("https://newsmoris.com/2024/02/23/b/", post_id=8))
    store = open_store(reset=True)
    assert store.is_empty() and store.get(ITEM["url"]) is None
    assert store.get_by_post_id(7) is None
    store.pending.articles[ITEM["url"]] = article()
    store.commit()
    assert store.count() == 1 and not store.reset
    store.close()


def test_reset_without_commit_keeps_the_old_state(open_store: Backend) -> None:
    committed(open_store, article())
    store = open_store(reset=True)
    store.close()  # the run died before its commit
    store = open_store()
    assert store.count() == 1
    store.close()


def test_a_failed_commit_writes_nothing(open_store: Backend) -> None:
    committed(open_store, article())
    store = open_store()
    good = article("https://newsmoris.com/2024/02/23/b/", post_id=8)
    store.pending.articles[good.url] = good
    store.pending.articles["bad"] = _replace(good, url="bad", revision=0)  # CHECK revision >= 1
    with pytest.raises((sqlite3.IntegrityError, redis.ResponseError)):
        store.commit()
    assert store.count() == 1 and store.get(good.url) is None
    store.close()


def test_a_second_run_cannot_open_the_same_state(open_store: Backend) -> None:
    store = open_store()
    with pytest.raises(StateLockedError, match="in use by another run"):
        open_store()
    store.close()
    open_store().close()  # released


def test_a_killed_writer_leaves_the_last_commit(path: Path) -> None:
    """SIGKILL in the middle of a transaction: the state is the last committed one."""
    committed(Backend("sqlite", path, None), article())
    script = textwrap.dedent(f"""
        import os, signal
        from newscrawl.state import CrawlState
        store = CrawlState({str(path)!r})
        store.db.execute("BEGIN IMMEDIATE")
        store.db.execute("DELETE FROM articles")
        store.db.execute("INSERT INTO meta VALUES ('full_coverage', 'x')")
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert done.returncode == -signal.SIGKILL
    store = CrawlState(path)  # the dead process's lock is gone with it
    assert store.count() == 1 and store.full_coverage() is None
    store.close()


def test_a_killed_redis_writer_leaves_the_last_commit(redis_server: RedisServer) -> None:
    """SIGKILL inside a MULTI on the server: nothing of it is applied."""
    store = Backend("redis", Path(), redis_server.url)
    committed(store, article())
    key = f"newscrawl:state:{store.target}"
    script = textwrap.dedent(f"""
        import os, signal, redis
        client = redis.Redis.from_url({redis_server.url!r}, single_connection_client=True)
        client.execute_command("MULTI")
        client.execute_command("DEL", {key + ":articles"!r})
        client.execute_command("HSET", {key + ":meta"!r}, "full_coverage", "x")
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    reopened = store()
    assert reopened.count() == 1 and reopened.full_coverage() is None
    reopened.close()


def test_a_killed_runs_redis_lock_expires(redis_server: RedisServer) -> None:
    """The lock of a run killed with SIGKILL holds for its lease, then lets the next run in."""
    store = Backend("redis", Path(), redis_server.url)
    script = textwrap.dedent(f"""
        import sys
        from newscrawl.state.redis_backend import RedisCrawlState
        RedisCrawlState({redis_server.url!r}, {store.target!r}, lock_ttl=1.0)
        print("locked", flush=True)
        sys.stdin.read()
    """)
    holder = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert holder.stdout.readline().strip() == "locked"
    time.sleep(1.5)  # longer than the lease: the holder's renewals keep it
    with pytest.raises(StateLockedError, match="in use by another run"):
        store(lock_ttl=1.0)
    holder.kill()
    holder.wait()
    with pytest.raises(StateLockedError):
        store(lock_ttl=1.0)  # the lease is still running
    time.sleep(1.2)
    store(lock_ttl=1.0).close()


def test_workers_of_one_job_share_the_redis_lock_and_a_reset_applies_once(
        redis_server: RedisServer) -> None:
    store = Backend("redis", Path(), redis_server.url)
    committed(store, article("https://newsmoris.com/2024/02/23/old/", post_id=9))
    job = {"owner": "job:x", "reset_once_key": f"newscrawl:job:{store.target}:reset"}
    first = store(reset=True, holder="w1", **job)
    second = store(reset=True, holder="w2", **job)
    with pytest.raises(StateLockedError):
        store()  # a single run (or another job) is still refused
    first.pending.articles[ITEM["url"]] = article()
    first.commit()
    other = article("https://newsmoris.com/2024/02/23/b/", post_id=8)
    second.pending.articles[other.url] = other
    second.commit()  # the job's reset is already applied: it adds to what `first` wrote
    assert {a.url for a in second.all_articles()} == {ITEM["url"], other.url}
    first.close()
    with pytest.raises(StateLockedError):
        store()
    second.close()  # the last holder releases it
    store().close()


def test_changed_at_is_the_latest_known_change() -> None:
    row = article(lastmod="2024-02-22T08:00:00+00:00")  # 12:00 local: after `modified`
    assert row.changed_at.isoformat() == "2024-02-22T08:00:00+00:00"
    assert article(modified=None).changed_at.isoformat() == "2024-02-22T10:00:00+04:00"


def test_same_content_compares_fingerprint_and_modified_instant() -> None:
    row = article()
    assert row.same_content(fingerprint(ITEM), "2024-02-22T07:00:00+00:00")  # same instant
    assert not row.same_content(fingerprint(ITEM), "2024-02-22T12:00:00+04:00")
    assert not row.same_content(fingerprint({**ITEM, "body": "Edited."}), ITEM["modified"])
    assert not article(modified=None).same_content(fingerprint(ITEM), ITEM["modified"])


def test_fingerprint_ignores_crawl_fields_and_key_order() -> None:
    volatile = {**ITEM, "crawled_at": "2030-01-01T00:00:00+00:00", "revision": 9,
                "id": "x", "word_count": 3, "modified": None, "post_id": 1}
    assert fingerprint(volatile) == fingerprint(ITEM)
    assert fingerprint(dict(reversed(list(ITEM.items())))) == fingerprint(ITEM)


@given(field=st.sampled_from(["title", "subtitle", "body", "authors", "published", "tags",
                              "categories", "image", "translations", "dateline", "language"]),
       value=st.text(min_size=1))
def test_fingerprint_changes_with_any_content_field(field: str, value: str) -> None:
    changed = {**ITEM, field: value}
    assert (fingerprint(changed) == fingerprint(ITEM)) == (ITEM[field] == value)


# -- the pipeline --------------------------------------------------------------------------


class FakeSpider:
    def __init__(self, store: CrawlState) -> None:
        self.crawl_state = store


@pytest.fixture()
def pipeline(open_store: Backend) -> Iterator[CrawlStatePipeline]:
    crawler = get_crawler()
    crawler.spider = FakeSpider(open_store())
    pipeline = CrawlStatePipeline(crawler)
    pipeline._has_feeds = lambda: True  # as with -O: the commit waits for the feed
    yield pipeline
    if crawler.spider.crawl_state is not None:
        crawler.spider.crawl_state.close()


def export(pipeline: CrawlStatePipeline, item: dict, lastmod: str | None = None) -> dict:
    """One item through the pipeline and, if not dropped, "written" to the feed."""
    response = Response(item["url"], request=Request(item["url"], meta={"lastmod": lastmod}))
    try:
        out = pipeline.process_item(dict(item))
    except DropItem as drop:
        pipeline.item_dropped(item, response, drop)
        raise
    pipeline.item_scraped(out, response)
    return out


@pytest.fixture()
def reopen(open_store: Backend) -> Callable[[], CrawlState]:
    return lambda: open_store()


def test_revisions_count_up_and_unchanged_articles_are_dropped(
        pipeline: CrawlStatePipeline, reopen: Callable[[], CrawlState],
        open_store: Backend) -> None:
    item = {**ITEM, "post_id": 7}
    assert export(pipeline, item, "2024-02-22T07:00:00+00:00")["revision"] == 1
    pipeline.spider_closed("finished")
    assert open_store.committed_count() == 0  # nothing before the feeds are closed
    pipeline.feed_exporter_closed()
    store = reopen()
    row = store.get(ITEM["url"])
    assert row.revision == 1 and row.lastmod == "2024-02-22T07:00:00+00:00" and row.post_id == 7
    second = CrawlStatePipeline(pipeline.crawler)
    second._has_feeds = lambda: True
    pipeline.crawler.spider.crawl_state = store
    with pytest.raises(UnchangedArticle):
        export(second, item, "2024-03-01T00:00:00+00:00")
    assert export(second, {**item, "body": "Edited."})["revision"] == 2
    assert pipeline.crawler.stats.get_value("newscrawl/articles/unchanged") == 1
    assert pipeline.crawler.stats.get_value("newscrawl/articles/updated") == 1
    second.feed_exporter_closed()
    second.spider_closed("finished")  # the other order: commit after both
    store = reopen()
    assert store.get(ITEM["url"]).revision == 2
    store.close()


def test_a_moved_post_keeps_its_history_and_a_reused_post_id_does_not(
        pipeline: CrawlStatePipeline, open_store: Backend) -> None:
    store = pipeline.store
    store.pending.articles[ITEM["url"]] = article(post_id=7)
    store.commit()
    moved = {**ITEM, "url": "https://newsmoris.com/2024/02/22/new-slug/", "post_id": 7}
    assert export(pipeline, moved)["revision"] == 2
    other = {**ITEM, "url": "https://newsmoris.com/2025/01/01/c/", "post_id": 7,
             "published": "2025-01-01T10:00:00+04:00"}
    assert export(pipeline, other)["revision"] == 1
    stats = pipeline.crawler.stats
    assert stats.get_value("newscrawl/state/moved") == 1
    assert stats.get_value("newscrawl/state/post_id_conflict") == 1


def test_nothing_is_committed_when_a_feed_failed(pipeline: CrawlStatePipeline,
                                                  reopen: Callable[[], CrawlState]) -> None:
    export(pipeline, {**ITEM, "post_id": 7})
    pipeline.crawler.stats.inc_value("feedexport/failed_count/FileFeedStorage")
    pipeline.spider_closed("finished")
    pipeline.feed_exporter_closed()
    store = reopen()
    assert store.count() == 0
    assert pipeline.crawler.stats.get_value("newscrawl/state/not_committed") == 1
    store.close()


def test_other_drops_count_as_failed_but_duplicates_do_not(
        pipeline: CrawlStatePipeline) -> None:
    response = Response(ITEM["url"])
    pipeline.item_dropped(ITEM, response, DropItem("no_body: no article container"))
    pipeline.item_dropped(ITEM, response, DropItem("duplicate: already exported"))
    assert pipeline.crawler.stats.get_value("newscrawl/articles/failed") == 1


# -- JOBDIR hygiene --------------------------------------------------------------------------


def test_a_killed_runs_queue_is_discarded_and_a_stopped_runs_kept(tmp_path: Path) -> None:
    jobdir, queue = tmp_path / "job", tmp_path / "job" / "requests.queue"
    assert not open_jobdir(None)
    assert not open_jobdir(jobdir)  # first run: nothing to discard
    queue.mkdir()
    (queue / "p0").write_bytes(b"\x00\x00")  # a queue file cut short by SIGKILL
    assert open_jobdir(jobdir) and not queue.exists()  # the marker was still there
    close_jobdir(jobdir)  # a clean stop: the queue it saved is kept for the resume
    queue.mkdir()
    assert not open_jobdir(jobdir) and queue.exists()
