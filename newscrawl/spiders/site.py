"""The `site` spider: discovers NewsMoris articles and fetches the new and changed ones.

Arguments (`-a`, `spiders/arguments.py`): mode=latest|backfill, since/until=YYYY-MM-DD,
reset_state=1, site_url=URL, snapshot=DIR|run.wacz, archive=PATH.wacz.

Navigation only: callbacks and wiring. What to fetch and how far to paginate is decided by
`newscrawl.discovery` (sources, the planner's one gate, listings, re-checks), fields are read
by `newscrawl.extraction`. docs/operations.md describes runs, sources and re-checks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.job import job_dir
from twisted.python.failure import Failure

from newscrawl import jobdir, redis_client
from newscrawl.archive import check_archive_path
from newscrawl.discovery import Entry, Planner, RunOptions
from newscrawl.discovery import recheck as rechecks
from newscrawl.discovery import sources as parse
from newscrawl.discovery.failures import failure_reason, report_discovery_failure
from newscrawl.discovery.links import SiteLinks, archive_page, is_html
from newscrawl.discovery.listings import ListingPolicy, SitemapProgress
from newscrawl.discovery.report import enabled_sources, run_line, summary, zero_counters
from newscrawl.discovery.zone import read_zone, zone_failed, zone_url
from newscrawl.distributed import job as distributed
from newscrawl.extraction.dates import fetched_at
from newscrawl.extraction.page import ArticlePage
from newscrawl.items import ArticleItem, TombstoneItem
from newscrawl.snapshot import open_snapshot
from newscrawl.spiders.arguments import apply_run_settings, check_arguments, check_names
from newscrawl.state import CrawlState, RedisCrawlState
from newscrawl.state.backend import open_run_state, state_target
from newscrawl.urls import (
    DEFAULT_ROOT,
    canonicalize,
    is_article_url,
    is_replica,
    normalise_root,
    site_domain,
)

# Articles first: whatever discovery queues, known articles keep being fetched (and a trap's
# failing links are known before its next page).
PRIORITY = {"site": 60, "article": 50, "recheck": 45, "robots": 40, "sitemap": 30, "rest": 30,
            "feed": 20, "archive": 10}


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, site_url: str | None = None, snapshot: str | None = None,
                 mode: str | None = None, since: str | None = None, until: str | None = None,
                 reset_state: str | None = None, archive: str | None = None, **kwargs: Any):
        check_names(kwargs)  # a misspelt argument must not run another job (scrapyd too)
        super().__init__(**kwargs)
        self.options = RunOptions.parse(mode, since, until, reset_state)  # before any request
        self.snapshot = snapshot
        self.archive = check_archive_path(archive) if archive else None  # the run's WACZ
        root = site_url or (open_snapshot(snapshot).root if snapshot else DEFAULT_ROOT)
        self.root = normalise_root(root)
        self.allowed_domains = [urlsplit(self.root).hostname or ""]
        self.target = state_target(self.root, snapshot)  # the crawl state's name
        self.crawl_state: CrawlState | RedisCrawlState | None = None
        self.planner: Planner | None = None
        self._queued: set[str] = set()  # discovery pages requested in this run
        self.site = SiteLinks(self.root, self._count)
        self.site_zone: str | None = None  # the zone the site's REST root gives
        self._rechecked = False  # the deletion re-checks were requested

    check_arguments = staticmethod(check_arguments)  # the crawl command's exit 2

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        apply_run_settings(crawler.settings, spider.root, spider.snapshot, spider.options.mode)
        spider.configure(crawler.settings)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        # before the scheduler opens its queue
        spider.queue_discarded = jobdir.open_jobdir(job_dir(crawler.settings))
        if crawler.settings.getbool("NEWSCRAWL_DISTRIBUTED"):  # shared queue and state
            distributed.configure(crawler.settings, spider.target)
        try:
            spider.crawl_state = open_run_state(crawler.settings, spider.target)
        except redis_client.ERRORS as error:  # past NEWSCRAWL_REDIS_RETRY_SECONDS: exit 9
            redis_client.stop_run(crawler, error, "opening the crawl state")
        return spider

    def configure(self, settings: Settings) -> None:
        """Discovery settings (see the "Scheduled runs" block of settings.py)."""
        self.sources = enabled_sources(settings)
        self.rest_per_page = settings.getint("NEWSCRAWL_REST_PER_PAGE")
        self.sitemaps = SitemapProgress.from_settings(settings, self.site, self._count,
                                                      self._refuse)
        self.listings = ListingPolicy(settings, self.sources, self.sitemaps, self._count,
                                      self._refuse)
        self.domain = site_domain(self.root, is_replica(  # the `site` of its tombstones
            self.root, self.snapshot, settings.getlist("NEWSCRAWL_LOCAL_HOSTS")))
        self.recheck = rechecks.RecheckPolicy(settings.getbool("NEWSCRAWL_RECHECK_UNLISTED"),
                                              settings.getint("NEWSCRAWL_RECHECK_SAMPLE"))

    # -- start -----------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if redis_client.unavailable(self.crawler):  # no state could be opened: no run
            return
        self._begin()
        for request in self._discovery_requests():
            yield request

    def _begin(self) -> None:
        """Apply reset_state, pick the coverage, restore a stopped job, zero the counters."""
        store, job = self.crawl_state, getattr(self, "state", None)  # `state`: JOBDIR only
        if store is not None and self.options.reset_state:
            jobdir.reset_once(store, job)
        self.planner = Planner.for_run(self.options, store)
        self.listings.bind(self.planner)
        self.planner.expect(jobdir.resumed_articles(job, self.queue_discarded, self._count))
        zero_counters(self.crawler.stats)
        self.logger.info("Run: %s", run_line(self.options, self.planner.full, store,
                                                 self.sources))

    def _discovery_requests(self) -> Iterator[scrapy.Request]:
        if url := zone_url(self.crawler.settings, self.root, self.snapshot):  # another site's
            yield scrapy.Request(url, callback=self.parse_site_zone, errback=self.site_zone_failed,
                                 dont_filter=True, priority=PRIORITY["site"], meta={"kind": "site"})
        if "sitemaps" in self.sources:
            yield from self._follow(f"{self.root}/robots.txt", self.parse_robots, "robots")
        if "rest" in self.sources:
            yield from self._follow(self._rest_url(1), self.parse_rest, "rest",
                                    cb_kwargs={"page": 1})
        if "feeds" in self.sources:
            for path in self.settings.getlist("NEWSCRAWL_FEED_PATHS"):
                yield from self._follow(f"{self.root}{path}", self.parse_feed, "feed")
        if "archives" in self.sources:
            yield from self._follow(f"{self.root}/", self.parse_archive, "archive")

    def parse_site_zone(self, response: Response) -> None:
        """The REST root: `timezone_string` or `gmt_offset` become the items' zone."""
        self._count("pages/site")
        self.site_zone = read_zone(response.body, response.url, self._count)

    def site_zone_failed(self, failure: Failure) -> None:
        zone_failed(failure_reason(failure), self._count)

    # -- callbacks: sitemaps -----------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        """robots.txt: its `Sitemap:` lines, else the usual WordPress sitemap paths."""
        self._count("pages/robots")
        found = parse.sitemaps_from_robots(response.body, response.url)
        urls = [u for u in map(self.site.on_site, found) if u]
        if not urls:
            self._count("discovery/robots_without_sitemap")
            urls = [f"{self.root}{path}" for path in self.sitemaps.fallbacks]
        for url in urls:
            yield from self._sitemap(url)

    def parse_sitemap(self, response: Response, lastmod: str | None = None, depth: int = 1
                      ) -> Iterator[scrapy.Request]:
        """A sitemap index (→ changed child sitemaps) or urlset (→ article entries)."""
        self._count("pages/sitemap")
        if (doc := self.sitemaps.parse(response.body, response.url)) is None:
            return
        requested_url = response.meta.get("redirect_urls", [response.url])[0]
        if doc.kind == "sitemapindex":
            for url, child_lastmod in self.sitemaps.children(doc.entries, self.planner):
                yield from self._sitemap(url, child_lastmod, depth + 1)
            self.sitemaps.index_read(requested_url)  # after its children were added
            return
        entries = self.sitemaps.articles(doc.entries, response.url)
        yield from self._articles(entries, "sitemap")
        self.planner.sitemap_listed(requested_url, entries)
        self.planner.sitemap_read(requested_url, parse.parse_date(lastmod))
        self.sitemaps.urlset_read(requested_url)

    def _sitemap(self, url: str, lastmod: str | None = None, depth: int = 1
                 ) -> Iterator[scrapy.Request]:
        """A sitemap request, within the nesting depth and the per-run count of sitemaps."""
        if self.sitemaps.admit(url, depth, queued=url in self._queued):
            yield from self._follow(url, self.parse_sitemap, "sitemap",
                                    cb_kwargs={"lastmod": lastmod, "depth": depth})

    # -- callbacks: feeds, REST, archives ----------------------------------------------------

    def parse_feed(self, response: Response, page: int = 1) -> Iterator[scrapy.Request]:
        """An RSS/Atom feed page: its articles, then `?paged=N+1` while worth it."""
        self._count("pages/feed")
        entries = self.site.entries(parse.parse_feed(response.body))
        if not entries and page == 1:
            self._count("discovery/invalid/feed")
            self.logger.warning("Feed without articles: %s", response.url)
        base = response.url.split("?", 1)[0]
        unseen = self.planner.unseen(entries)
        yield from self._articles(entries, "feed", chain=base)
        if self.listings.next_page(base, entries, unseen):
            yield from self._follow(f"{base}?paged={page + 1}", self.parse_feed, "feed",
                                    cb_kwargs={"page": page + 1})

    def parse_rest(self, response: Response, page: int = 1) -> Iterator[scrapy.Request]:
        """A `/wp-json/wp/v2/posts` page: its posts, then the next page while worth it."""
        self._count("pages/rest")
        try:
            entries = self.site.entries(parse.parse_rest_posts(response.body))
        except ValueError as error:
            self._count("discovery/invalid/rest")
            self.logger.warning("REST API answer is not a post list (%s): %s", error, response.url)
            return
        unseen = self.planner.unseen(entries)
        yield from self._articles(entries, "rest", chain="rest")
        total = parse.rest_total_pages(response.headers)
        more = page < total if total is not None else len(entries) >= self.rest_per_page
        if more and self.listings.next_page("rest", entries, unseen):
            yield from self._follow(self._rest_url(page + 1), self.parse_rest, "rest",
                                    cb_kwargs={"page": page + 1})

    def parse_archive(self, response: Response) -> Iterator[scrapy.Request]:
        """An archive page: its articles, its next page while worth it, other archives' first.
        An archive stopped as listed by the sitemaps has its last page probed too."""
        if not is_html(response, "archive", self._count):
            return
        self._count("pages/archive")
        links = self.site.page_links(response.selector.root, response.urljoin)
        entries = self.site.posts(response.selector.root, links, response.urljoin)
        base, number = archive_page(response.url)
        unseen = self.planner.unseen(entries)
        if (resume := response.meta.get("resume")) and self.listings.probed(base, unseen):
            yield from self._follow(resume, self.parse_archive, "archive")
        yield from self._articles(entries, "archive", chain=base)
        for kind, url, meta in self.listings.archive_links(base, number, links, entries, unseen,
                                                           self._queued):
            callback = self.parse_feed if kind == "feed" else self.parse_archive
            yield from self._follow(url, callback, kind, meta=meta)

    # -- callbacks: articles -------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[ArticleItem | scrapy.Request]:
        """An article page: the item, then on-site article links (translations, related)."""
        self._count("pages/article")
        url = response.meta.get("article_url", response.url)
        if not self.planner.first_fetch(url):
            self._count("discovery/duplicate_fetch")  # resumed queue + rediscovery
            return
        # every change date listed before this response is covered by it: the state keeps it
        lastmod = self.planner.lastmod(url)
        response.meta["lastmod"] = lastmod.isoformat() if lastmod else None
        if not is_html(response, "article", self._count):
            self._count("articles/failed")
            self.listings.guard.resolved(url, article=False)
            return
        # the page's one parse; the crawl's evidence: the source that listed it
        page = ArticlePage.from_response(response, frozenset({response.meta.get("source")}))
        self.planner.mark_fetched(canonicalize(response.url), canonicalize(page.canonical_url))
        self._count(f"classify/{page.article_verdict}")
        if not page.is_article:
            self._count("skipped/not_article")
            self._count("articles/failed")
            self.logger.info("Not an article page (%s), no item: %s", page.article_verdict,
                             response.url)
            self.listings.guard.resolved(url, article=False)
            return
        item = ArticleItem(page.to_item(fetched_at=fetched_at(response.headers.get("Date"))))
        if self.site_zone is not None:
            item["zone"] = self.site_zone
        self.listings.guard.resolved(url, article=True)
        yield item
        if self.listings.wants_article_links():
            links = self.site.article_links(page.root, response.urljoin)
            yield from self._articles(links, "links")

    def parse_recheck(self, response: Response) -> Iterator[ArticleItem | TombstoneItem |
                                                           scrapy.Request]:
        """A re-checked article (no redirect followed): a tombstone if it is gone or moved,
        the article if it is still there, else nothing (`discovery.recheck`)."""
        self._count("pages/recheck")
        url = response.meta["article_url"]
        target = self.site.redirect_target(response.headers.get("Location"), response.urljoin)
        found = rechecks.verdict(url, response.status, target,
                                 bool(target and is_article_url(target)))
        if found is rechecks.Verdict.ALIVE:
            self._count(f"recheck/{found}")
            yield from self.parse_article(response)
        elif record := rechecks.gone(url, response.status, found, target, self.domain,
                                     self._count):
            yield record
            if record["moved_to"]:
                yield from self._articles([Entry(record["moved_to"])], "moved")

    def _recheck_requests(self) -> list[scrapy.Request]:
        """Once discovery is done: the articles to re-check for deletions and moves."""
        if self._rechecked or self.crawl_state is None or self.options.ranged:
            return []
        self._rechecked = True
        urls = self.recheck.due(self.crawl_state.all_articles(), self.planner, self.sitemaps,
                                self._count)
        meta = {"dont_redirect": True, "handle_httpstatus_list": rechecks.HANDLED, "lastmod": None,
                "source": "recheck"}
        return [self._request(url, self.parse_recheck, "recheck",
                              meta={**meta, "article_url": url}) for url in urls]

    def on_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        """Failed requests: the end of a pagination, a missing source, or a failed article."""
        request = failure.request
        kind = request.meta.get("kind", "unknown")
        response = failure.value.response if failure.check(HttpError) else None
        if response is not None:
            self._count(f"pages/{kind}")
        status = response.status if response is not None else None
        reason = str(status) if status else failure_reason(failure)
        if kind == "recheck":  # transient or refused: never a tombstone
            rechecks.recheck_failed(request.url, reason, self._count)
        elif kind == "article":
            self._article_failed(request.meta.get("article_url", request.url), reason)
            self.logger.warning("Article failed (%s): %s", reason, request.url)
        else:
            report_discovery_failure(kind, request.url, request.cb_kwargs.get("page", 1),
                                     status, reason, self._count, self._refuse)
        if kind == "robots":
            for path in self.sitemaps.fallbacks:
                yield from self._sitemap(f"{self.root}{path}")

    def callback_failed(self, response: Response, error: Exception) -> None:
        """A callback raised on this response (CallbackErrorsMiddleware): its article failed."""
        if response.meta.get("kind") == "article":
            self._article_failed(response.meta.get("article_url", response.url),
                                 "extraction_error")

    def _article_failed(self, url: str, reason: str) -> None:
        self.planner.fetch_failed(url)
        self.listings.guard.resolved(url, article=False)
        self._count("articles/failed")
        self._count(f"articles/failed/{reason}")

    def closed(self, reason: str) -> None:
        """Final counters in the stats, and a one-line summary in the log."""
        if self.planner is not None:
            jobdir.save_job(getattr(self, "state", None), self.planner.pending(), reason)
        jobdir.close_jobdir(job_dir(self.crawler.settings))
        self.logger.info("Run summary (mode=%s coverage=%s finish=%s): %s", self.options.mode,
                         "full" if self.planner and self.planner.full else "latest", reason,
                         summary(self.crawler.stats, self.planner))

    def on_idle(self) -> None:
        """Before closing: request the articles a resumed run's queue did not hold, then the
        deletion re-checks."""
        if self.planner is None:
            return
        requests = self._overdue_requests() or self._recheck_requests()
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    def _overdue_requests(self) -> list[scrapy.Request]:
        overdue = jobdir.overdue_articles(self.planner, self._count)
        return [self._request(url, self.parse_article, "article",
                              meta={"article_url": url, "source": "resume", "lastmod": None})
                for url in overdue]

    # -- the gate ----------------------------------------------------------------------------

    def _articles(self, entries: Iterable[Entry], source: str, chain: str | None = None
                  ) -> Iterator[scrapy.Request]:
        """Article requests for the entries the planner wants fetched (`chain`: the paginated
        source that listed them, for the trap guard)."""
        for url, meta in self.listings.to_fetch(entries, source, chain):
            yield self._request(url, self.parse_article, "article", meta=meta)

    # -- helpers ---------------------------------------------------------------------------

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
