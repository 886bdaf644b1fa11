"""Which exported articles a run re-checks, and what a re-check's answer means.

Deletions and moves leave nothing to discover: the article is simply no longer listed. So a
run that has read sitemaps re-checks the articles those sitemaps listed before and list no
more (the crawl state records which child sitemap last listed each article), and those of a
child sitemap the sitemap indexes no longer list, plus,
configurably, a random sample of the other known articles (a latest run skips unchanged
sitemaps, and a deletion rarely changes one's `lastmod`). Each is requested once, without
following redirects:

    404, 410                             → deleted (a tombstone)
    301, 308 to another article URL      → moved (a tombstone with `moved_to`)
    200                                  → alive: read as any article page
    other redirects, 5xx, timeouts,
    robots.txt refusals, ...             → nothing (transient or not ours to judge)

An article with a tombstone is not re-checked again; it comes back only by being listed again.
No network and no Scrapy objects: the spider turns the selection into requests.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from newscrawl.discovery.listings import SitemapProgress
from newscrawl.discovery.plan import Planner
from newscrawl.items import TombstoneItem, tombstone
from newscrawl.state import ArticleState, utc_now

logger = logging.getLogger(__name__)

GONE = frozenset({404, 410})
MOVED = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Statuses the re-check request receives in its callback (no redirect followed, no error).
HANDLED = sorted(GONE | REDIRECTS)


class Verdict(StrEnum):
    DELETED = "deleted"
    MOVED = "moved"
    ALIVE = "alive"
    REDIRECTED_ELSEWHERE = "redirected_elsewhere"  # temporary, or not to an article
    INCONCLUSIVE = "inconclusive"


def verdict(url: str, status: int, target: str | None, target_is_article: bool) -> Verdict:
    """What a re-check answer means for `url`. `target`: the canonical on-site URL a redirect
    points to (None if none or off-site); `target_is_article`: whether it is an article URL."""
    if status == 200:
        return Verdict.ALIVE
    if status in GONE:
        return Verdict.DELETED
    if status in MOVED and target and target != url and target_is_article:
        return Verdict.MOVED
    if status in REDIRECTS:
        return Verdict.REDIRECTED_ELSEWHERE
    return Verdict.INCONCLUSIVE


@dataclass(frozen=True, slots=True)
class RecheckPolicy:
    """`unlisted`: re-check what the sitemaps read no longer list; `sample`: how many other
    known articles to re-check per run (0: none)."""

    unlisted: bool = True
    sample: int = 0

    def __post_init__(self) -> None:
        if self.sample < 0:
            raise ValueError(f"NEWSCRAWL_RECHECK_SAMPLE must be 0 or more; got {self.sample}")

    def due(self, known: Iterable[ArticleState], planner: Planner, sitemaps: SitemapProgress,
            count: Callable[..., None]) -> list[str]:
        """Once discovery is done: the URLs to re-check, counted and logged. The unlisted ones
        need every sitemap found to have been read in full."""
        unlisted, sampled = self.select(
            known, tombstoned=planner.tombstoned, listed=planner.listed,
            sitemaps_read=planner.sitemaps_read if sitemaps.complete(True) else set(),
            sitemaps_indexed=sitemaps.indexed | planner.sitemaps_read,
            requested=planner.requested | planner.failed)
        count("recheck/unlisted", len(unlisted))
        count("recheck/sampled", len(sampled))
        if unlisted or sampled:
            logger.info("Re-checking %d article(s) the sitemaps no longer list and %d sampled "
                        "for deletions and moves", len(unlisted), len(sampled))
        return [*unlisted, *sampled]

    def select(self, known: Iterable[ArticleState], *, tombstoned: Mapping[str, object],
               listed: Mapping[str, str], sitemaps_read: set[str], requested: set[str],
               sitemaps_indexed: set[str] | None = None, rng: random.Random | None = None
               ) -> tuple[list[str], list[str]]:
        """(unlisted, sampled): the article URLs to re-check, each sorted. `listed`: article →
        sitemap for every entry of the sitemaps read in this run (`sitemaps_read`, empty
        unless every sitemap found was read in full); `sitemaps_indexed`: every child sitemap
        the indexes read list (None: not known); `requested`: articles already requested in
        this run (not requested twice)."""
        candidates = [a for a in known if a.url not in tombstoned and a.url not in requested]
        unlisted = sorted(a.url for a in candidates if self.unlisted and a.url not in listed
                          and _dropped(a.sitemap, sitemaps_read, sitemaps_indexed))
        others = sorted({a.url for a in candidates} - set(unlisted))
        count = min(self.sample, len(others))
        sampled = sorted((rng or random.Random()).sample(others, count)) if count else []
        return unlisted, sampled


def _dropped(sitemap: str | None, read: set[str], indexed: set[str] | None) -> bool:
    """Whether the sitemap that last listed an article says it is gone: it was read in this
    run (without it), or the sitemap itself is no longer in the indexes."""
    if sitemap is None or not read:
        return False
    return sitemap in read or (indexed is not None and sitemap not in indexed)


def recheck_failed(url: str, reason: str, count: Callable[..., None]) -> None:
    """A re-check without an answer (transient or refused): never a tombstone."""
    count(f"recheck/{Verdict.INCONCLUSIVE}")
    count(f"recheck/failed/{reason}")
    logger.info("Re-check of %s failed (%s): no tombstone", url, reason)


def gone(url: str, status: int, found: Verdict, target: str | None, site: str,
         count: Callable[..., None]) -> TombstoneItem | None:
    """The tombstone on `site` of a re-check that found the article deleted or moved (to
    `target`), else None (counted and logged either way)."""
    count(f"recheck/{found}")
    if found not in (Verdict.DELETED, Verdict.MOVED):
        logger.info("Re-check of %s inconclusive (%d): no tombstone", url, status)
        return None
    moved_to = target if found is Verdict.MOVED else None
    logger.info("Article %s (%d%s): %s", found, status, f" to {moved_to}" if moved_to else "",
                url)
    return tombstone(url, status, utc_now(), moved_to, site=site)
