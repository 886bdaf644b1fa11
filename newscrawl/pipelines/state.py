"""Revisions against the crawl state, and the state commit once the output is published.

Runs last (after validation). For each article: unchanged since its last export (same
content fingerprint and `modified`) → dropped, counted; otherwise `revision` is set (1 for a
new article, previous + 1 for a changed one) and the state row is staged. Staged rows become
pending only when the item is really scraped (`item_scraped`), and the pending batch is
committed only after every feed is closed and stored (`feed_exporter_closed`): the state
never runs ahead of a published file. A killed run commits nothing; a stopped run
(SIGINT) commits what its closed feed holds.

Tombstones (`TombstoneItem`) are staged the same way and recorded once scraped. An article
with a tombstone that is fetched again is re-exported, with the next revision, even if its
content is unchanged: it came back.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.extensions.feedexport import FeedExporter
from scrapy.http import Response

from newscrawl.items import TombstoneItem
from newscrawl.pipelines import Pipeline
from newscrawl.redis_client import ERRORS as REDIS_ERRORS
from newscrawl.redis_client import stop_run, unavailable
from newscrawl.state import ArticleState, CrawlState, Tombstone, fingerprint, utc_now

logger = logging.getLogger(__name__)
ARTICLES = "newscrawl/articles"
# Drop reasons (`newscrawl.pipelines.drop` prefixes) that are not a failed article.
NOT_FAILURES = ("duplicate:",)


class UnchangedArticle(DropItem):
    """The article is exactly as last exported."""


class RunStopping(DropItem):
    """The run lost Redis and stops: the item is not exported, the next run redoes it."""


class CrawlStatePipeline(Pipeline):
    """Assigns `revision`, drops unchanged articles, commits the state after export."""

    tombstones = True

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.stats = crawler.stats
        self.staged: dict[str, tuple[ArticleState, str | None]] = {}  # url → (row, old url)
        self._reason: str | None = None
        self._feeds_closed = False
        for handler, signal in (
            (self.item_scraped, signals.item_scraped),
            (self.item_dropped, signals.item_dropped),
            (self.spider_closed, signals.spider_closed),
            (self.feed_exporter_closed, signals.feed_exporter_closed),
        ):
            crawler.signals.connect(handler, signal=signal)

    @property
    def store(self) -> CrawlState | None:
        return getattr(self.crawler.spider, "crawl_state", None)

    def process_item(self, item: Any) -> Any:
        store = self.store
        adapter = ItemAdapter(item)
        if isinstance(item, TombstoneItem):
            return item  # recorded when scraped (item_scraped)
        if store is None:  # stateless run: every article is new
            adapter["revision"] = 1
            return item
        if unavailable(self.crawler):  # the run is stopping: nothing of it is published
            raise RunStopping(f"run stopping (Redis unreachable): {adapter['url']}",
                              log_level="DEBUG")
        try:
            return self._revise(store, item, adapter)
        except REDIS_ERRORS as error:  # beyond NEWSCRAWL_REDIS_RETRY_SECONDS
            stop_run(self.crawler, error, "state read")
            raise RunStopping(f"run stopping (Redis unreachable): {adapter['url']}",
                              log_level="DEBUG") from None

    def _revise(self, store: CrawlState, item: Any, adapter: ItemAdapter) -> Any:
        url, post_id = adapter["url"], adapter.get("post_id")
        digest, modified = fingerprint(adapter), adapter.get("modified")
        prior = store.get(url) or self._moved(store, adapter)
        came_back = store.tombstone(url) is not None
        if came_back:
            self.stats.inc_value(f"{ARTICLES}/came_back")
            logger.info("%s is served again after its tombstone: re-exported", url)
        elif prior is not None and prior.url == url and prior.same_content(digest, modified):
            raise UnchangedArticle(f"unchanged: {url} (revision {prior.revision})",
                                   log_level="DEBUG")
        now = utc_now()
        adapter["revision"] = prior.revision + 1 if prior else 1
        row = ArticleState(
            url=url, post_id=post_id, fingerprint=digest, published=adapter.get("published"),
            modified=modified, lastmod=None, revision=adapter["revision"],
            first_seen=prior.first_seen if prior else now, last_seen=now, last_emitted=now,
        )
        self.staged[url] = (row, prior.url if prior else None)
        return item

    def _moved(self, store: CrawlState, adapter: ItemAdapter) -> ArticleState | None:
        """The row of the same post under an older URL (slug edited), if it is the same post."""
        prior = store.get_by_post_id(adapter.get("post_id"))
        if prior is None:
            return None
        if prior.published != adapter.get("published"):
            self.stats.inc_value("newscrawl/state/post_id_conflict")
            logger.warning("Post id %s of %s is recorded for %s, published %s: not the same "
                           "post, kept apart", adapter.get("post_id"), adapter["url"], prior.url,
                           prior.published)
            return None
        self.stats.inc_value("newscrawl/state/moved")
        logger.info("%s moved to %s (post id %s)", prior.url, adapter["url"], prior.post_id)
        return prior

    # -- signals ---------------------------------------------------------------------------

    def item_scraped(self, item: Any, response: Response | None = None) -> None:
        store, url = self.store, ItemAdapter(item).get("url")
        if isinstance(item, TombstoneItem):
            self.stats.inc_value(f"newscrawl/tombstones/{item['kind']}")
            if store is not None:
                store.pending.tombstones[url] = Tombstone(
                    url=url, kind=item["kind"], status=item["status"],
                    moved_to=item["moved_to"], detected_at=item["detected_at"])
            return
        staged = self.staged.pop(url, None)
        if store is None or staged is None:
            return
        row, old_url = staged
        lastmod = _lastmod(response)
        store.pending.articles[url] = ArticleState(**{**_fields(row), "lastmod": lastmod})
        if old_url:
            store.pending.replaces[url] = old_url
        self.stats.inc_value(f"{ARTICLES}/{'updated' if row.revision > 1 else 'new'}")

    def item_dropped(self, item: Any, response: Response | None = None,
                     exception: BaseException | None = None) -> None:
        if isinstance(item, TombstoneItem):
            return
        url = ItemAdapter(item).get("url")
        self.staged.pop(url, None)
        if isinstance(exception, RunStopping):
            self.stats.inc_value(f"{ARTICLES}/not_exported_run_stopping")
        elif isinstance(exception, UnchangedArticle):
            self.stats.inc_value(f"{ARTICLES}/unchanged")
            if self.store is not None:
                self.store.pending.touched[url] = _lastmod(response)
        elif not str(exception).startswith(NOT_FAILURES):
            self.stats.inc_value(f"{ARTICLES}/failed")
            self.stats.inc_value(f"{ARTICLES}/failed/dropped")

    def spider_closed(self, reason: str) -> None:
        self._reason = reason
        self._commit()

    def feed_exporter_closed(self) -> None:
        self._feeds_closed = True
        self._commit()

    # -- commit ----------------------------------------------------------------------------

    def _has_feeds(self) -> bool:
        return has_feeds(self.crawler)

    def _commit(self) -> None:
        """Commit once both the spider and its feeds are closed (in either order)."""
        store = self.store
        if store is None or self._reason is None or (self._has_feeds() and not self._feeds_closed):
            return
        if unavailable(self.crawler):  # beyond the bound: no commit, not even a lock release
            self.stats.inc_value("newscrawl/state/not_committed")
            _abandon(store)
            self.crawler.spider.crawl_state = None
            return
        try:
            failed_feeds = sum(
                value for key, value in self.stats.get_stats().items()
                if key.startswith("feedexport/failed_count/")
            )
            if failed_feeds:
                self.stats.inc_value("newscrawl/state/not_committed")
                logger.error("A feed failed to store: crawl state not committed (%d pending "
                             "articles will be fetched again)", len(store.pending.articles))
                return
            finished = self._reason == "finished"
            failed = self.stats.get_value(f"{ARTICLES}/failed", 0)
            try:
                written = store.commit(finished=finished, failed=failed)
            except REDIS_ERRORS as error:  # published, not committed: see feedstorage
                stop_run(self.crawler, error, "state commit")
                self.stats.inc_value("newscrawl/state/not_committed")
                return
            for key, value in written.items():
                self.stats.set_value(f"newscrawl/state/committed/{key}", value)
            logger.info("Crawl state committed to %s (run %s, %d failed): %s", store.path,
                        self._reason, failed, written)
        finally:
            if unavailable(self.crawler):
                _abandon(store)
            else:
                store.close()
            self.crawler.spider.crawl_state = None


def _abandon(store: CrawlState) -> None:
    """Close a state whose Redis is unreachable without asking it anything (its lock
    expires on its own); a SQLite state is simply closed."""
    getattr(store, "abandon", store.close)()


def has_feeds(crawler: Crawler) -> bool:
    """Whether the run exports feeds (the state then waits for them to be stored)."""
    extensions = getattr(crawler.extensions, "middlewares", ())
    return any(isinstance(ext, FeedExporter) for ext in extensions)


def _lastmod(response: Response | None) -> str | None:
    return response.meta.get("lastmod") if response is not None else None


def _fields(row: ArticleState) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row.__dataclass_fields__}
