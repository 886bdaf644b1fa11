"""Listing policy: how far to read paginated sources, and when the sitemaps make that moot.

A paginated source (an archive's `/page/N/` chain, a feed's `?paged=N`, the REST API) gets its
next page while the planner still wants its entries, the trap guard lets it on, a latest run
stays under its page cap, and, in a full run whose sitemaps were all read, while its recent
pages still list articles no other source listed (otherwise the sitemaps hold its back
catalogue: the archive's last page is probed instead). `SitemapProgress` keeps what this run
did with the sitemaps. The spider owns one of each and asks them; they never see the spider.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field

from scrapy.settings import BaseSettings

from newscrawl.discovery import sources
from newscrawl.discovery.links import SiteLinks, archive_page, listing_kind
from newscrawl.discovery.plan import Decision, Planner
from newscrawl.discovery.sources import Entry, SitemapDoc
from newscrawl.discovery.traps import TrapGuard
from newscrawl.urls import is_listing_url

logger = logging.getLogger(__name__)
Count = Callable[..., None]  # (stats key under newscrawl/, count=1)
Refuse = Callable[[str, str], None]  # (reason, message)


@dataclass
class SitemapProgress:
    """The sitemaps of this run: which to follow, requested, still unread, read, cut short."""

    max_sitemaps: int
    max_depth: int
    fallbacks: list[str]  # paths tried when robots.txt names no sitemap
    max_size: int  # DOWNLOAD_MAXSIZE, once decompressed
    max_entries: int
    follow: list[re.Pattern[str]]
    site: SiteLinks
    count: Count
    refuse: Refuse
    requested: int = 0
    open: set[str] = field(default_factory=set)  # requested (or refused) and not read
    read: bool = False  # a post sitemap was read
    cut: bool = False  # a sitemap was read in part only
    indexed: set[str] = field(default_factory=set)  # child sitemaps the indexes list (followed)

    @classmethod
    def from_settings(cls, settings: BaseSettings, site: SiteLinks, count: Count,
                      refuse: Refuse) -> SitemapProgress:
        follow = [re.compile(p) for p in settings.getlist("NEWSCRAWL_SITEMAP_FOLLOW")]
        return cls(settings.getint("NEWSCRAWL_MAX_SITEMAPS"),
                   settings.getint("NEWSCRAWL_SITEMAP_MAX_DEPTH"),
                   settings.getlist("NEWSCRAWL_SITEMAP_FALLBACKS"),
                   settings.getint("DOWNLOAD_MAXSIZE"),
                   settings.getint("NEWSCRAWL_SITEMAP_MAX_ENTRIES"), follow, site, count, refuse)

    def parse(self, body: bytes, url: str) -> SitemapDoc | None:
        """The sitemap document of a response, or None (refused as too large, or invalid)."""
        try:
            body = sources.decompress(body, self.max_size)
        except sources.TooLarge:
            self.refuse("max_size", f"sitemap larger than DOWNLOAD_MAXSIZE once decompressed: "
                                    f"{url}")
            return None
        doc = sources.parse_sitemap(body)
        if doc.kind == "invalid":
            self.count("discovery/invalid/sitemap")
            logger.warning("Not a sitemap: %s", url)
            return None
        return doc

    def articles(self, entries: Iterable[Entry], url: str) -> list[Entry]:
        """A urlset's article entries, at most NEWSCRAWL_SITEMAP_MAX_ENTRIES (then `cut`)."""
        found = self.site.entries(entries)
        if len(found) > self.max_entries:
            self.refuse("sitemap_entries", f"{len(found)} articles in one sitemap, read the "
                        f"first {self.max_entries}: {url}")
            found = found[:self.max_entries]
            self.cut = True
        return found

    def children(self, entries: Iterable[Entry], planner: Planner
                 ) -> Iterator[tuple[str, str | None]]:
        """(URL, lastmod) of an index's child sitemaps worth reading: on the site, matching
        NEWSCRAWL_SITEMAP_FOLLOW, changed since the state last read them."""
        for entry in entries:
            url = self.site.on_site(entry.url)
            if url is None:
                self.count("discovery/offsite/sitemap")
            elif not any(p.search(url) for p in self.follow):
                self.count("discovery/sitemaps_not_followed")
            else:
                self.indexed.add(url)
                if not planner.wants_sitemap(url, entry.lastmod):
                    self.count("discovery/sitemaps_unchanged")
                else:
                    yield url, entry.lastmod.isoformat() if entry.lastmod else None

    def admit(self, url: str, depth: int, queued: bool) -> bool:
        """Whether a sitemap may be requested: within the nesting depth and the per-run count
        (`queued`: already requested in this run). A refused one stays open."""
        self.open.add(url)
        if depth > self.max_depth:
            self.refuse("sitemap_depth", f"sitemap index nested {depth} deep: {url}")
            return False
        if self.requested >= self.max_sitemaps and not queued:
            self.refuse("sitemap_cap", f"more than {self.max_sitemaps} sitemaps: {url}")
            return False
        self.requested += not queued
        return True

    def index_read(self, url: str) -> None:
        self.open.discard(url)

    def urlset_read(self, url: str) -> None:
        self.read = True
        self.open.discard(url)

    def complete(self, full: bool) -> bool:
        """A full run that has read every sitemap it found, none failed or cut."""
        return full and self.read and not self.open and not self.cut


class ListingPolicy:
    """Pagination of listings, archives wanted, category feeds, article-page links."""

    def __init__(self, settings: BaseSettings, sources: set[str], sitemaps: SitemapProgress,
                 count: Count, refuse: Refuse) -> None:
        self.listing_kinds = set(settings.getlist("NEWSCRAWL_LISTING_KINDS"))
        self.latest_kinds = set(settings.getlist("NEWSCRAWL_LATEST_LISTING_KINDS"))
        self.max_latest_pages = settings.getint("NEWSCRAWL_LATEST_MAX_PAGES")
        self.known_pages = settings.getint("NEWSCRAWL_LISTING_KNOWN_PAGES")
        self.links_after_sitemaps = settings.getbool("NEWSCRAWL_LINKS_AFTER_SITEMAPS")
        self.max_sources = settings.getint("NEWSCRAWL_MAX_SOURCES")
        self.guard = TrapGuard(settings.getint("NEWSCRAWL_SOURCE_MAX_PAGES"),
                               settings.getint("NEWSCRAWL_SOURCE_MAX_FAILED_RUN"))
        self.sources = sources
        self.sitemaps = sitemaps
        self.planner: Planner | None = None  # the run's, once it starts (`bind`)
        self._count = count
        self._refuse = refuse
        self._listed: dict[str, set[str]] = {}  # paginated source → article URLs listed
        self._known_run: dict[str, int] = {}  # source → pages in a row listing no unseen
        self._known_stopped: set[str] = set()  # sources stopped as listed by the sitemaps
        self._exhaustive: set[str] = set()  # sources whose last page listed unseen articles

    def bind(self, planner: Planner) -> None:
        self.planner = planner

    def to_fetch(self, entries: Iterable[Entry], source: str, chain: str | None
                 ) -> Iterator[tuple[str, dict[str, str | None]]]:
        """(URL, request meta) of the entries the planner wants fetched, each counted under
        `discovery/entries/<source>`; `chain`: the paginated source that listed them, for the
        trap guard."""
        for entry in entries:
            self._count(f"discovery/entries/{source}")
            if self.planner.consider(entry) is Decision.FETCH:
                if chain is not None:
                    self.guard.listed(chain, (entry.url,))
                yield entry.url, {"article_url": entry.url, "source": source,
                                  "lastmod": entry.lastmod.isoformat() if entry.lastmod else None}

    def next_page(self, source: str, entries: list[Entry], unseen: list[Entry]) -> bool:
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
            logger.warning("Stopped %s after %d pages (NEWSCRAWL_LATEST_MAX_PAGES): "
                           "run a backfill if the state is stale", source, read)
            return False
        if reason := self.guard.stop_reason(source):
            chain = self.guard.chains[source]
            self._count(f"discovery/stopped/{reason}")
            logger.warning(
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
                or not self.sitemaps.complete(self.planner.full)):
            return True
        self._known_stopped.add(source)
        self._count("discovery/stopped/listed_by_sitemaps")
        logger.info("Stopped paginating %s: its last %d pages listed only articles the "
                    "sitemaps had listed (NEWSCRAWL_LISTING_KNOWN_PAGES)", source, run)
        return False

    def archive_links(self, base: str, number: int, links: list[str], entries: list[Entry],
                      unseen: list[Entry], queued: Container[str]
                      ) -> Iterator[tuple[str, str, dict[str, str]]]:
        """(kind, URL, meta) of the listings an archive page `number` of `base` leads to, in
        link order: its next page while worth it (else a probe of its last page), and the
        first page of other archives wanted (with a category's feed). `queued`: the
        discovery pages requested so far (read lazily: the caller requests as it goes)."""
        for url in filter(is_listing_url, links):
            link_base, link_number = archive_page(url)
            if link_base == base and link_number == number + 1:
                if self.next_page(base, entries, unseen):
                    yield "archive", url, {}
                elif last := self.probe(base, number, links):
                    yield "archive", last, {"resume": url}
            elif link_number == 1 and self.wants_archive(url):
                if self.over_source_cap(url, queued=url in queued):
                    continue
                yield "archive", url, {}
                if feed := self.category_feed(url):
                    yield "feed", feed, {}

    def probe(self, base: str, number: int, links: list[str]) -> str | None:
        """For an archive stopped as listed by the sitemaps, its last page (the oldest posts,
        from the pagination links of page `number`), to be read for unseen articles."""
        if base not in self._known_stopped:
            return None
        pages = {n: url for url in links if is_listing_url(url)
                 for b, n in [archive_page(url)] if b == base and n > number + 1}
        return pages[max(pages)] if pages else None

    def probed(self, base: str, unseen: list[Entry]) -> bool:
        """An archive's last page, read by `probe`: whether to page on from where it stopped
        (it lists articles no other source listed)."""
        if not unseen:
            self._count("discovery/last_page_probe/covered")
            return False
        self._count("discovery/last_page_probe/unseen")
        logger.warning("The last page of %s lists %d articles no sitemap listed: reading "
                       "the whole archive", base, len(unseen))
        self._exhaustive.add(base)
        return True

    def wants_archive(self, url: str) -> bool:
        kind = listing_kind(url)
        return kind in self.listing_kinds and (self.planner.full or kind in self.latest_kinds)

    def over_source_cap(self, url: str, queued: bool) -> bool:
        """A new paginated source past NEWSCRAWL_MAX_SOURCES: refused, counted."""
        if queued or len(self.guard.chains) < self.max_sources:
            return False
        self._refuse("source_cap", f"more than {self.max_sources} paginated sources: {url}")
        return True

    def category_feed(self, archive_url: str) -> str | None:
        """In full coverage, a category archive's own feed (`/category/<c>/feed/`) too."""
        if self.planner.full and "feeds" in self.sources and (
                listing_kind(archive_url) == "category"):
            return f"{archive_url}feed/"
        return None

    def wants_article_links(self) -> bool:
        """Whether article pages are searched for links: not in a full run once every
        sitemap was read, since the sitemaps list every article (unless
        NEWSCRAWL_LINKS_AFTER_SITEMAPS)."""
        if "links" not in self.sources:
            return False
        if self.links_after_sitemaps or not self.sitemaps.complete(self.planner.full):
            return True
        self._count("discovery/links_skipped_after_sitemaps")
        return False
