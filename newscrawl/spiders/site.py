"""The `site` spider: discovers NewsMoris articles and fetches the new and changed ones.

    scrapy crawl site                                   # latest: what changed since last run
    scrapy crawl site -a mode=backfill                  # the whole archive
    scrapy crawl site -a mode=backfill -a since=2024-01-01 -a until=2024-06-30
    scrapy crawl site -a reset_state=1                  # forget the crawl state first
    scrapy crawl site -a site_url=http://127.0.0.1:8000 # a mirror or loopback server
    scrapy crawl site -a snapshot=samples/site          # the bundled snapshot, offline

Navigation only. Discovery sources (`NEWSCRAWL_DISCOVERY`): robots.txt `Sitemap:` lines →
sitemap index → post/news sitemaps; RSS feeds (`/feed/`, `?paged=N`, category feeds);
archive pagination (home, latest-news, categories); on-site links of fetched articles
(translations, related); optionally the WP REST API. Every article URL goes through one gate
(`discovery.plan.Planner`) that requests only new articles and those a source says changed.
A full-coverage run (backfill, or latest before any complete run) walks every page of every
source; a latest run reads first pages and paginates only while pages hold fresh articles.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from lxml import etree
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, DownloadCancelledError, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.job import job_dir
from twisted.python.failure import Failure

from newscrawl.discovery import Decision, Entry, Planner, RunOptions
from newscrawl.discovery import sources as parse
from newscrawl.discovery.traps import TrapGuard
from newscrawl.distributed import job as distributed
from newscrawl.extraction.page import ArticlePage
from newscrawl.items import ArticleItem
from newscrawl.jobdir import close_jobdir, open_jobdir
from newscrawl.snapshot import Snapshot
from newscrawl.state import CrawlState
from newscrawl.state.backend import open_state
from newscrawl.urls import (
    DEFAULT_ROOT,
    canonicalize,
    is_article_url,
    is_listing_url,
    is_noise,
    normalise_root,
    same_site,
)

SOURCES = frozenset({"sitemaps", "feeds", "archives", "links", "rest"})
PAGE_KINDS = ("robots", "sitemap", "feed", "archive", "rest", "article")
OUTCOMES = ("discovered", "new", "updated", "unchanged", "skipped_by_lastmod",
            "skipped_known", "out_of_range", "failed")
# Articles first: whatever discovery queues (a sitemap's thousands of entries, an archive's
# endless pages), already-discovered articles keep being fetched, the queue holds about one
# listing's worth of them, and a trap's failing links are known before its next page.
PRIORITY = {"article": 50, "robots": 40, "sitemap": 30, "rest": 30, "feed": 20, "archive": 10}
STATE_PIPELINE = "newscrawl.pipelines.state.CrawlStatePipeline"
# Failure reasons of discovery pages counted as refusals (safety limits), not as failures.
REFUSALS = frozenset({"max_size", "offsite_redirect", "offsite", "private_address"})
# The spider's `-a` arguments; scrapyd adds `_job` (and `_version`) to every job it runs.
ARGUMENTS = ("site_url", "snapshot", "mode", "since", "until", "reset_state")
SCRAPYD_ARGUMENTS = frozenset({"_job", "_version"})
PAGED_PATH = re.compile(r"^(?P<base>/.*?)page/(?P<number>\d+)/$")
HREFLANG = "//link[@rel='alternate'][@hreflang]/@href"
# Links of a listing page: all of them (articles, pagination, other archives).
PAGE_LINKS = etree.XPath(f"//a/@href | {HREFLANG}", smart_strings=False)
# Blocks of an article page that can hold other articles: the body, related posts, "Must
# Read"/"Latest Articles" flex blocks, previous/next article, the "Read in French" button.
ARTICLE_LINK_BLOCKS = (
    "tdb_single_content", "td-post-content", "entry-content", "td_block_related_posts",
    "tdb_single_related", "jp-relatedposts", "td_flex_block", "tdb_single_next_prev",
    "td-post-next-prev", "tdm-btn", "tds-button1",
)
_IN_BLOCK = " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
                      for name in ARTICLE_LINK_BLOCKS)
ARTICLE_LINKS = etree.XPath(
    f"{HREFLANG} | //*[@itemprop='articleBody' or {_IN_BLOCK}]/descendant-or-self::a/@href",
    smart_strings=False)


def check_names(spargs: dict[str, Any]) -> None:
    """ValueError naming the valid arguments when `spargs` holds any other."""
    if unknown := sorted(set(spargs) - set(ARGUMENTS) - SCRAPYD_ARGUMENTS):
        raise ValueError(f"unknown spider argument(s) {', '.join(unknown)}: the valid "
                         f"arguments are {', '.join(ARGUMENTS)}")


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, site_url: str | None = None, snapshot: str | None = None,
                 mode: str | None = None, since: str | None = None, until: str | None = None,
                 reset_state: str | None = None, **kwargs: Any):
        check_names(kwargs)  # a misspelt argument must not run another job (scrapyd too)
        super().__init__(**kwargs)
        self.options = RunOptions.parse(mode, since, until, reset_state)  # before any request
        self.snapshot = snapshot
        root = site_url or (Snapshot(snapshot).root if snapshot else DEFAULT_ROOT)
        self.root = normalise_root(root)
        self.allowed_domains = [urlsplit(self.root).hostname or ""]
        self.crawl_state: CrawlState | None = None
        self.planner: Planner | None = None
        self._queued: set[str] = set()  # discovery pages requested in this run
        self._sitemaps = 0  # sitemap requests in this run
        self._listed: dict[str, set[str]] = {}  # paginated source → article URLs listed
        self._sitemaps_open: set[str] = set()  # sitemaps requested and not read yet
        self._sitemaps_read = False  # a post sitemap was read
        self._sitemaps_refused = False  # a sitemap was read in part only
        self._known_run: dict[str, int] = {}  # paginated source → pages in a row listing no unseen
        self._known_stopped: set[str] = set()  # sources stopped as listed by the sitemaps
        self._exhaustive: set[str] = set()  # sources whose last page listed unseen articles

    @classmethod
    def check_arguments(cls, spargs: dict[str, str]) -> None:
        """Raise ValueError for unknown `-a` names and bad values (the crawl command turns it
        into exit 2)."""
        check_names(spargs)
        RunOptions.parse(spargs.get("mode"), spargs.get("since"), spargs.get("until"),
                         spargs.get("reset_state"))
        if spargs.get("site_url"):
            normalise_root(spargs["site_url"])
        if spargs.get("snapshot"):
            Snapshot(spargs["snapshot"])

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        local_hosts = set(crawler.settings.getlist("NEWSCRAWL_LOCAL_HOSTS"))
        if spider.snapshot or urlsplit(spider.root).hostname in local_hosts:
            # the snapshot or a loopback server: nobody to be polite to
            crawler.settings.setdict(crawler.settings.getdict("NEWSCRAWL_LOCAL_SETTINGS"),
                                     "spider")
        if spider.options.mode == "backfill":
            # a backfill over known articles exports nothing for hours: not a stuck run
            crawler.settings.set("CLOSESPIDER_TIMEOUT_NO_ITEM", 0, priority="spider")
        spider.configure(crawler.settings)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        spider.queue_discarded = open_jobdir(job_dir(crawler.settings))  # before the scheduler
        if crawler.settings.getbool("NEWSCRAWL_DISTRIBUTED"):  # shared queue and state
            distributed.configure(crawler.settings, spider.state_target())
        if path := spider.state_path(crawler.settings.get("NEWSCRAWL_STATE_PATH")):
            if STATE_PIPELINE not in crawler.settings.getdict("ITEM_PIPELINES"):
                raise ValueError(f"NEWSCRAWL_STATE_PATH is set but {STATE_PIPELINE} is not in "
                                 "ITEM_PIPELINES: the state would never be committed")
            # locked: one run (or one distributed job) per state
            spider.crawl_state = open_state(crawler.settings, path, spider.state_target())
        return spider

    def state_path(self, template: str | None) -> str | None:
        """The state file of this target: `%(target)s` is the site's host (and port), or
        `snapshot-<directory name>` offline, so the real site, mirrors and snapshots never
        share a state."""
        return template % {"target": self.state_target()} if template else None

    def state_target(self) -> str:
        if self.snapshot:
            return f"snapshot-{Path(self.snapshot).resolve().name}"
        return urlsplit(self.root).netloc.replace(":", "_")

    def configure(self, settings: Settings) -> None:
        """Discovery settings (see the "Scheduled runs" block of settings.py)."""
        self.listing_kinds = set(settings.getlist("NEWSCRAWL_LISTING_KINDS"))
        self.latest_kinds = set(settings.getlist("NEWSCRAWL_LATEST_LISTING_KINDS"))
        self.sources = set(settings.getlist("NEWSCRAWL_DISCOVERY"))
        if settings.getbool("NEWSCRAWL_USE_REST_API"):
            self.sources.add("rest")
        if unknown := self.sources - SOURCES:
            raise ValueError(f"NEWSCRAWL_DISCOVERY: unknown sources {sorted(unknown)}; "
                             f"known: {sorted(SOURCES)}")
        self.feed_paths = settings.getlist("NEWSCRAWL_FEED_PATHS")
        self.sitemap_fallbacks = settings.getlist("NEWSCRAWL_SITEMAP_FALLBACKS")
        self.sitemap_follow = [re.compile(p) for p in settings.getlist("NEWSCRAWL_SITEMAP_FOLLOW")]
        self.max_latest_pages = settings.getint("NEWSCRAWL_LATEST_MAX_PAGES")
        self.rest_per_page = settings.getint("NEWSCRAWL_REST_PER_PAGE")
        self.max_sitemap_size = settings.getint("DOWNLOAD_MAXSIZE")
        self.links_after_sitemaps = settings.getbool("NEWSCRAWL_LINKS_AFTER_SITEMAPS")
        self.known_pages = settings.getint("NEWSCRAWL_LISTING_KNOWN_PAGES")
        self.guard = TrapGuard(settings.getint("NEWSCRAWL_SOURCE_MAX_PAGES"),
                               settings.getint("NEWSCRAWL_SOURCE_MAX_FAILED_RUN"))
        self.max_sources = settings.getint("NEWSCRAWL_MAX_SOURCES")
        self.max_sitemaps = settings.getint("NEWSCRAWL_MAX_SITEMAPS")
        self.sitemap_max_depth = settings.getint("NEWSCRAWL_SITEMAP_MAX_DEPTH")
        self.sitemap_max_entries = settings.getint("NEWSCRAWL_SITEMAP_MAX_ENTRIES")

    # -- start -----------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self._begin()
        for request in self._discovery_requests():
            yield request

    def _begin(self) -> None:
        """Apply reset_state, pick the coverage, restore a stopped job, zero the counters."""
        store, job = self.crawl_state, getattr(self, "state", None)  # `state`: JOBDIR only
        if store is not None and self.options.reset_state:
            self._apply_reset(store, job)
        full = self.options.mode == "backfill" or store is None or not store.full_coverage()
        self.planner = Planner(self.options, store, full=full)
        if store is not None:
            store.pending.full_coverage = full and not self.options.ranged
        if self.queue_discarded:
            self._count("resume/queue_discarded")
            self.logger.warning("The previous run of this JOBDIR was killed: its request queue "
                                "was unreadable and is discarded (rediscovery covers it)")
        if job is not None and job.get("queued_articles"):
            self.planner.expect(job["queued_articles"])
            self._count("discovery/resumed_queued", len(job["queued_articles"]))
        stats = self.crawler.stats
        for name in (*(f"pages/{k}" for k in PAGE_KINDS), *(f"articles/{k}" for k in OUTCOMES)):
            stats.set_value(f"newscrawl/{name}", stats.get_value(f"newscrawl/{name}", 0))
        self.logger.info(
            "Run: mode=%s since=%s until=%s coverage=%s state=%s (%s known) sources=%s",
            self.options.mode, self.options.since, self.options.until,
            "full" if full else "latest", store.path if store else "none",
            store.count() if store else 0, ",".join(sorted(self.sources)),
        )

    def _apply_reset(self, store: CrawlState, job: dict[str, Any] | None) -> None:
        """Forget the state, once per job: a resumed job keeps what its first part exported."""
        if job is not None and job.get("reset_applied"):
            self.logger.info("reset_state was applied when this job started: not again")
            return
        store.reset = True
        if job is not None:
            job["reset_applied"] = True

    def _discovery_requests(self) -> Iterator[scrapy.Request]:
        if "sitemaps" in self.sources:
            yield from self._follow(f"{self.root}/robots.txt", self.parse_robots, "robots")
        if "rest" in self.sources:
            yield from self._follow(self._rest_url(1), self.parse_rest, "rest",
                                    cb_kwargs={"page": 1})
        if "feeds" in self.sources:
            for path in self.feed_paths:
                yield from self._follow(f"{self.root}{path}", self.parse_feed, "feed")
        if "archives" in self.sources:
            yield from self._follow(f"{self.root}/", self.parse_archive, "archive")

    # -- callbacks: sitemaps -----------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        """robots.txt: its `Sitemap:` lines, else the usual WordPress sitemap paths."""
        self._count_page("robots")
        urls = [u for u in map(self._on_site, parse.sitemaps_from_robots(response.body,
                                                                         response.url)) if u]
        if not urls:
            self._count("discovery/robots_without_sitemap")
            urls = [f"{self.root}{path}" for path in self.sitemap_fallbacks]
        for url in urls:
            yield from self._sitemap(url)

    def parse_sitemap(self, response: Response, lastmod: str | None = None, depth: int = 1
                      ) -> Iterator[scrapy.Request]:
        """A sitemap index (→ changed child sitemaps) or urlset (→ article entries)."""
        self._count_page("sitemap")
        try:
            body = parse.decompress(response.body, self.max_sitemap_size)
        except parse.TooLarge:
            self._refuse("max_size", f"sitemap larger than DOWNLOAD_MAXSIZE once decompressed: "
                                     f"{response.url}")
            return
        doc = parse.parse_sitemap(body)
        if doc.kind == "invalid":
            self._count("discovery/invalid/sitemap")
            self.logger.warning("Not a sitemap: %s", response.url)
            return
        requested_url = response.meta.get("redirect_urls", [response.url])[0]
        if doc.kind == "sitemapindex":
            yield from self._child_sitemaps(doc.entries, depth + 1)
            self._sitemaps_open.discard(requested_url)  # after its children were added
            return
        entries = self._entries(doc.entries)
        if len(entries) > self.sitemap_max_entries:
            self._refuse("sitemap_entries", f"{len(entries)} articles in one sitemap, read the "
                         f"first {self.sitemap_max_entries}: {response.url}")
            entries = entries[:self.sitemap_max_entries]
            self._sitemaps_refused = True
        yield from self._articles(entries, "sitemap")
        self.planner.sitemap_read(requested_url, parse.parse_date(lastmod))
        self._sitemaps_read = True
        self._sitemaps_open.discard(requested_url)

    def _child_sitemaps(self, entries: Iterable[Entry], depth: int) -> Iterator[scrapy.Request]:
        for entry in entries:
            url = self._on_site(entry.url)
            if url is None:
                self._count("discovery/offsite/sitemap")
            elif not any(p.search(url) for p in self.sitemap_follow):
                self._count("discovery/sitemaps_not_followed")
            elif not self.planner.wants_sitemap(url, entry.lastmod):
                self._count("discovery/sitemaps_unchanged")
            else:
                lastmod = entry.lastmod.isoformat() if entry.lastmod else None
                yield from self._sitemap(url, lastmod, depth)

    def _sitemap(self, url: str, lastmod: str | None = None, depth: int = 1
                 ) -> Iterator[scrapy.Request]:
        """A sitemap request, within the nesting depth and the per-run count of sitemaps."""
        self._sitemaps_open.add(url)  # until read; a refused one stays (see `_wants_links`)
        if depth > self.sitemap_max_depth:
            self._refuse("sitemap_depth", f"sitemap index nested {depth} deep: {url}")
        elif self._sitemaps >= self.max_sitemaps and url not in self._queued:
            self._refuse("sitemap_cap", f"more than {self.max_sitemaps} sitemaps: {url}")
        else:
            self._sitemaps += url not in self._queued
            yield from self._follow(url, self.parse_sitemap, "sitemap",
                                    cb_kwargs={"lastmod": lastmod, "depth": depth})

    # -- callbacks: feeds, REST, archives ----------------------------------------------------

    def parse_feed(self, response: Response, page: int = 1) -> Iterator[scrapy.Request]:
        """An RSS/Atom feed page: its articles, then `?paged=N+1` while worth it."""
        self._count_page("feed")
        entries = self._entries(parse.parse_feed(response.body))
        if not entries and page == 1:
            self._count("discovery/invalid/feed")
            self.logger.warning("Feed without articles: %s", response.url)
        base = response.url.split("?", 1)[0]
        unseen = self.planner.unseen(entries)
        yield from self._articles(entries, "feed", chain=base)
        if self._next_page(base, entries, unseen):
            yield from self._follow(f"{base}?paged={page + 1}", self.parse_feed, "feed",
                                    cb_kwargs={"page": page + 1})

    def parse_rest(self, response: Response, page: int = 1) -> Iterator[scrapy.Request]:
        """A `/wp-json/wp/v2/posts` page: its posts, then the next page while worth it."""
        self._count_page("rest")
        try:
            entries = self._entries(parse.parse_rest_posts(response.body))
        except ValueError as error:
            self._count("discovery/invalid/rest")
            self.logger.warning("REST API answer is not a post list (%s): %s", error, response.url)
            return
        unseen = self.planner.unseen(entries)
        yield from self._articles(entries, "rest", chain="rest")
        total = parse.rest_total_pages(response.headers)
        more = page < total if total is not None else len(entries) >= self.rest_per_page
        if more and self._next_page("rest", entries, unseen):
            yield from self._follow(self._rest_url(page + 1), self.parse_rest, "rest",
                                    cb_kwargs={"page": page + 1})

    def parse_archive(self, response: Response) -> Iterator[scrapy.Request]:
        """An archive page: its articles, its next page while worth it, other archives' first.
        An archive stopped as listed by the sitemaps has its last page read too (`_probe`)."""
        if not self._is_html(response, "archive"):
            return
        self._count_page("archive")
        links = list(self._links(response))
        entries = [Entry(url) for url in links if is_article_url(url)]
        base, number = _archive_page(response.url)
        unseen = self.planner.unseen(entries)
        if resume := response.meta.get("resume"):
            yield from self._probed(base, resume, unseen)
        yield from self._articles(entries, "archive", chain=base)
        for url in links:
            if not is_listing_url(url):
                continue
            link_base, link_number = _archive_page(url)
            if link_base == base and link_number == number + 1:
                if self._next_page(base, entries, unseen):
                    yield from self._follow(url, self.parse_archive, "archive")
                elif base in self._known_stopped:
                    yield from self._probe(base, number, url, links)
            elif link_number == 1 and self._archive_wanted(url):
                if url not in self._queued and len(self.guard.chains) >= self.max_sources:
                    self._refuse("source_cap", f"more than {self.max_sources} paginated "
                                               f"sources: {url}")
                    continue
                yield from self._follow(url, self.parse_archive, "archive")
                yield from self._category_feed(url)

    # -- callbacks: articles -------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[ArticleItem | scrapy.Request]:
        """An article page: the item, then on-site article links (translations, related)."""
        self._count_page("article")
        url = response.meta.get("article_url", response.url)
        if not self.planner.first_fetch(url):
            self._count("discovery/duplicate_fetch")  # resumed queue + rediscovery
            return
        # every change date listed before this response is covered by it: the state keeps it
        lastmod = self.planner.lastmod(url)
        response.meta["lastmod"] = lastmod.isoformat() if lastmod else None
        if not self._is_html(response, "article"):  # counted as skipped/not_html/article
            self._count("articles/failed")
            self.guard.resolved(url, article=False)
            return
        page = ArticlePage.from_response(response)  # the page's one parse
        self.planner.mark_fetched(canonicalize(response.url), canonicalize(page.canonical_url))
        self._count(f"classify/{page.article_verdict}")
        if not page.is_article:
            self._count("skipped/not_article")
            self._count("articles/failed")
            self.logger.info("Not an article page (%s), no item: %s", page.article_verdict,
                             response.url)
            self.guard.resolved(url, article=False)
            return
        item = ArticleItem(page.to_item(fetched_at=self._fetched_at(response)))
        self.guard.resolved(url, article=True)
        yield item
        if self._wants_links():
            hrefs = ARTICLE_LINKS(page.root)
            links = [Entry(url) for url in self._links(response, hrefs) if is_article_url(url)]
            yield from self._articles(links, "links")

    def _wants_links(self) -> bool:
        """Whether article pages are searched for links: not in a full run once every
        sitemap was read, since the sitemaps list every article (unless
        NEWSCRAWL_LINKS_AFTER_SITEMAPS)."""
        if "links" not in self.sources:
            return False
        if self.links_after_sitemaps or not self._sitemaps_complete():
            return True
        self._count("discovery/links_skipped_after_sitemaps")
        return False

    def _sitemaps_complete(self) -> bool:
        """A full run that has read every sitemap it found, none failed or cut."""
        return (self.planner.full and self._sitemaps_read and not self._sitemaps_open
                and not self._sitemaps_refused)

    def on_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        """Failed requests: the end of a pagination, a missing source, or a failed article."""
        request = failure.request
        kind = request.meta.get("kind", "unknown")
        response = failure.value.response if failure.check(HttpError) else None
        if response is not None:
            self._count_page(kind)
        status = response.status if response is not None else None
        reason = str(status) if status else _failure_reason(failure)
        if kind == "article":
            self._article_failed(request.meta.get("article_url", request.url), reason)
            self.logger.warning("Article failed (%s): %s", reason, request.url)
        elif reason in REFUSALS:
            self._refuse(reason, f"{kind} page refused ({reason}): {request.url}")
        elif status in {400, 404, 410} and request.cb_kwargs.get("page", 1) > 1:
            self._count(f"discovery/pagination_end/{kind}")
        elif status in {400, 404, 410} and kind == "archive" and PAGED_PATH.match(
                urlsplit(request.url).path):
            self._count("discovery/pagination_end/archive")
        else:
            self._count(f"discovery/failed/{kind}")
            self.logger.warning("Discovery %s page failed (%s): %s", kind, reason, request.url)
        if kind == "robots":
            for path in self.sitemap_fallbacks:
                yield from self._sitemap(f"{self.root}{path}")

    def callback_failed(self, response: Response, error: Exception) -> None:
        """A callback raised on this response (CallbackErrorsMiddleware): its article failed."""
        if response.meta.get("kind") == "article":
            self._article_failed(response.meta.get("article_url", response.url),
                                 "extraction_error")

    def _article_failed(self, url: str, reason: str) -> None:
        self.planner.fetch_failed(url)
        self.guard.resolved(url, article=False)
        self._count("articles/failed")
        self._count(f"articles/failed/{reason}")

    def closed(self, reason: str) -> None:
        """Final counters in the stats, and a one-line summary in the log."""
        stats = self.crawler.stats
        if self.planner is not None:
            for name, value in self.planner.counts().items():
                stats.set_value(f"newscrawl/articles/{name}", value)
        job = getattr(self, "state", None)
        if job is not None and self.planner is not None:
            # a stopped job's queue (JOBDIR) holds these: a resume must not request them twice
            job["queued_articles"] = self.planner.pending() if reason != "finished" else []
        if job is not None and reason == "finished":
            job.pop("reset_applied", None)  # the job is done: a later reset_state applies
        close_jobdir(job_dir(self.crawler.settings))
        articles = " ".join(f"{k}={stats.get_value(f'newscrawl/articles/{k}', 0)}"
                            for k in OUTCOMES)
        pages = " ".join(f"{k}={stats.get_value(f'newscrawl/pages/{k}', 0)}" for k in PAGE_KINDS)
        self.logger.info("Run summary (mode=%s coverage=%s finish=%s): %s | pages: %s",
                         self.options.mode,
                         "full" if self.planner and self.planner.full else "latest", reason,
                         articles, pages)

    def on_idle(self) -> None:
        """Before closing a resumed run: request awaited articles its queue did not hold."""
        overdue = self.planner.overdue() if self.planner is not None else []
        if not overdue:
            return
        self._count("discovery/requeued", len(overdue))
        self.logger.warning("%d article(s) queued by the interrupted run were not in the "
                            "resumed queue: requesting them now", len(overdue))
        for url in overdue:
            meta = {"article_url": url, "source": "resume", "lastmod": None}
            self.crawler.engine.crawl(self._request(url, self.parse_article, "article", meta=meta))
        raise DontCloseSpider

    # -- the gate ----------------------------------------------------------------------------

    def _articles(self, entries: Iterable[Entry], source: str, chain: str | None = None
                  ) -> Iterator[scrapy.Request]:
        """Article requests for the entries the planner wants fetched (`chain`: the paginated
        source that listed them, for the trap guard)."""
        for entry in entries:
            self._count(f"discovery/entries/{source}")
            if self.planner.consider(entry) is Decision.FETCH:
                if chain is not None:
                    self.guard.listed(chain, (entry.url,))
                meta = {"article_url": entry.url, "source": source,
                        "lastmod": entry.lastmod.isoformat() if entry.lastmod else None}
                yield self._request(entry.url, self.parse_article, "article", meta=meta)

    def _entries(self, entries: Iterable[Entry]) -> list[Entry]:
        """On-site article entries with canonical URLs (others counted and dropped)."""
        found = []
        for entry in entries:
            url = self._on_site(canonicalize(entry.url))
            if url is not None and is_article_url(url):
                found.append(Entry(url, entry.lastmod, entry.published))
            else:
                self._count("discovery/not_article")
        return found

    def _next_page(self, source: str, entries: list[Entry], unseen: list[Entry]) -> bool:
        """Whether a paginated source deserves its next page (`unseen`: the entries of this
        page no source had listed before it).

        Only the entries this chain had not listed on an earlier page count: sidebars repeat
        the newest posts on every archive page, and a server may answer page 1 again.
        """
        listed = self._listed.setdefault(source, set())
        novel = [entry for entry in entries if entry.url not in listed]
        listed.update(entry.url for entry in entries)
        if entries and not novel:
            self._count("discovery/repeated_page")
            return False
        self.guard.page_read(source)
        read = self.guard.chains[source].pages
        if not self.planner.keep_paging(novel) or not self._lists_unseen(source, unseen):
            return False
        if not self.planner.full and read >= self.max_latest_pages:
            self._count("discovery/latest_page_cap")
            self.logger.warning("Stopped %s after %d pages (NEWSCRAWL_LATEST_MAX_PAGES): "
                                "run a backfill if the state is stale", source, read)
            return False
        if reason := self.guard.stop_reason(source):
            chain = self.guard.chains[source]
            self._count(f"discovery/stopped/{reason}")
            self.logger.warning(
                "Stopped paginating %s after %d pages (%s: %d of its articles failed, the last "
                "%d in a row, %d were articles)", source, read, reason, chain.failed,
                chain.failed_run, chain.articles)
            return False
        return True

    def _lists_unseen(self, source: str, unseen: list[Entry]) -> bool:
        """False once a full run has read every sitemap and the source's last
        NEWSCRAWL_LISTING_KNOWN_PAGES pages listed only articles other sources had listed:
        the sitemaps hold its back catalogue. Archives are then checked on their last page."""
        run = 0 if unseen else self._known_run.get(source, 0) + 1
        self._known_run[source] = run
        if (not self.known_pages or run < self.known_pages or source in self._exhaustive
                or not self._sitemaps_complete()):
            return True
        self._known_stopped.add(source)
        self._count("discovery/stopped/listed_by_sitemaps")
        self.logger.info("Stopped paginating %s: its last %d pages listed only articles the "
                         "sitemaps had listed (NEWSCRAWL_LISTING_KNOWN_PAGES)", source, run)
        return False

    def _probe(self, base: str, number: int, next_url: str, links: list[str]
               ) -> Iterator[scrapy.Request]:
        """The last page of an archive stopped as listed by the sitemaps (the oldest posts,
        from its pagination links): where it lists unseen articles, the archive is read on."""
        pages = {n: url for url in links if is_listing_url(url)
                 for b, n in [_archive_page(url)] if b == base and n > number + 1}
        if pages:
            yield from self._follow(pages[max(pages)], self.parse_archive, "archive",
                                    meta={"resume": next_url})

    def _probed(self, base: str, resume: str, unseen: list[Entry]) -> Iterator[scrapy.Request]:
        """An archive's last page, read by `_probe`: page on from where it stopped if it
        lists articles no other source listed."""
        if not unseen:
            self._count("discovery/last_page_probe/covered")
            return
        self._count("discovery/last_page_probe/unseen")
        self.logger.warning("The last page of %s lists %d articles no sitemap listed: reading "
                            "the whole archive", base, len(unseen))
        self._exhaustive.add(base)
        yield from self._follow(resume, self.parse_archive, "archive")

    # -- helpers ---------------------------------------------------------------------------

    def _archive_wanted(self, url: str) -> bool:
        kind = self._listing_kind(url)
        return kind in self.listing_kinds and (self.planner.full or kind in self.latest_kinds)

    def _category_feed(self, archive_url: str) -> Iterator[scrapy.Request]:
        """In full coverage, a category archive's own feed (`/category/<c>/feed/`) too."""
        if self.planner.full and "feeds" in self.sources and (
                self._listing_kind(archive_url) == "category"):
            yield from self._follow(f"{archive_url}feed/", self.parse_feed, "feed")

    def _follow(self, url: str, callback: Any, kind: str, **kwargs: Any
                ) -> Iterator[scrapy.Request]:
        """A discovery request, once per run (not the persisted dupefilter: resumes re-read)."""
        if url not in self._queued:
            self._queued.add(url)
            yield self._request(url, callback, kind, **kwargs)

    def _request(self, url: str, callback: Any, kind: str, meta: dict[str, Any] | None = None,
                 cb_kwargs: dict[str, Any] | None = None) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.on_error, dont_filter=True,
                              priority=PRIORITY[kind], meta={"kind": kind, **(meta or {})},
                              cb_kwargs=cb_kwargs or {})

    def _rest_url(self, page: int) -> str:
        return parse.rest_posts_url(self.root, page, self.rest_per_page,
                                    newest_changes=not self.planner.full)

    def _count(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"newscrawl/{key}", count)

    def _refuse(self, reason: str, message: str) -> None:
        """A discovery page or entry not read for a safety limit: counted, logged."""
        self._count(f"discovery/refused/{reason}")
        self.logger.warning("Refused (%s): %s", reason, message)

    def _count_page(self, kind: str) -> None:
        self._count(f"pages/{kind}")

    def _links(self, response: TextResponse, hrefs: Iterable[str] | None = None
               ) -> Iterator[str]:
        """On-site, non-noise links of a page (`hrefs`, by default every link), canonicalised,
        each once; only relative links are joined to the page's URL."""
        seen: set[str] = set()
        for href in PAGE_LINKS(response.selector.root) if hrefs is None else hrefs:
            href = href.strip()
            url = self._on_site(href if href.startswith(("http://", "https://"))
                                else response.urljoin(href))
            if url is None or is_noise(url):
                continue
            url = canonicalize(url)
            if url not in seen:
                seen.add(url)
                yield url

    def _on_site(self, url: str) -> str | None:
        """`url` on the crawled root, or None if off-site. Crawling a mirror or the loopback
        copy, links still written for the real site (`https://newsmoris.com/…`) are moved to
        the mirror's root rather than lost."""
        if not url.startswith(("http://", "https://")):
            return None
        if self.root != DEFAULT_ROOT and same_site(url, DEFAULT_ROOT):
            parts = urlsplit(url)
            url = self.root + urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
        return url if same_site(url, self.root) else None

    def _listing_kind(self, url: str) -> str:
        first = urlsplit(url).path.strip("/").split("/")[0]
        return "home" if first in {"", "page"} else first

    def _is_html(self, response: Response, kind: str) -> bool:
        if isinstance(response, TextResponse) and b"html" in (
            response.headers.get("Content-Type") or b"text/html"
        ):
            return True
        self._count(f"skipped/not_html/{kind}")
        self.logger.warning("Expected an HTML %s page, got %s: %s", kind,
                            response.headers.get("Content-Type"), response.url)
        return False

    @staticmethod
    def _fetched_at(response: Response) -> str:
        """The server's `Date` (the base for relative dates), else now; UTC ISO."""
        header = response.headers.get("Date")
        try:
            when = parsedate_to_datetime(header.decode("latin-1")) if header else None
        except (TypeError, ValueError):
            when = None
        when = when.astimezone(UTC) if when and when.tzinfo else datetime.now(UTC)
        return when.replace(microsecond=0).isoformat()


def _archive_page(url: str) -> tuple[str, int]:
    """(`/category/x/`, 3) for `/category/x/page/3/`; page 1 for an archive's base URL."""
    path = urlsplit(url).path
    match = PAGED_PATH.match(path)
    return (match["base"], int(match["number"])) if match else (path, 1)


def _failure_reason(failure: Failure) -> str:
    """A stats-key reason for a request that got no response (IgnoreRequest split by cause)."""
    if reason := getattr(failure.value, "reason", None):  # OffsiteRequest
        return str(reason)
    if failure.check(DownloadCancelledError):
        return "max_size"  # a Content-Length over DOWNLOAD_MAXSIZE: never downloaded
    if failure.check(IgnoreRequest):
        message = str(failure.value).lower()
        if "robots" in message:
            return "forbidden_by_robots"
        if "redirect" in message:
            return "too_many_redirects"
        if "download_maxsize" in message:
            return "max_size"  # decompressed past DOWNLOAD_MAXSIZE (HttpCompressionMiddleware)
    return failure.type.__name__
