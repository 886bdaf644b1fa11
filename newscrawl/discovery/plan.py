"""What a run fetches: its options (mode, date range, reset) and the per-URL decisions.

`Planner` is the single gate every discovered article URL goes through, whatever the source:
it keeps the in-run sets (discovered, requested, skipped) and consults the crawl state to
tell new and changed articles from known, unchanged ones. It also decides whether a
paginated source (archive, feed, REST) is worth its next page and whether a child sitemap
needs fetching. No network and no Scrapy objects: the spider turns decisions into requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from newscrawl.discovery.sources import Entry
from newscrawl.state import ArticleState, CrawlState
from newscrawl.urls import url_date

MODES = ("latest", "backfill")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})


@dataclass(frozen=True, slots=True)
class RunOptions:
    """The spider arguments of a scheduled run, validated."""

    mode: str = "latest"
    since: date | None = None
    until: date | None = None
    reset_state: bool = False

    @classmethod
    def parse(cls, mode: str | None = None, since: str | None = None, until: str | None = None,
              reset_state: str | bool | None = None) -> RunOptions:
        """From `-a` strings; raises ValueError with a message naming the bad argument."""
        mode = (mode or "latest").strip().lower()
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}; got {mode!r}")
        since_day, until_day = _day("since", since), _day("until", until)
        if (since_day or until_day) and mode != "backfill":
            raise ValueError("since/until select a backfill range: add -a mode=backfill")
        if since_day and until_day and since_day > until_day:
            raise ValueError(f"since ({since_day}) is after until ({until_day})")
        return cls(mode, since_day, until_day, _flag("reset_state", reset_state))

    @property
    def ranged(self) -> bool:
        return self.since is not None or self.until is not None

    def in_range(self, url: str) -> bool:
        """Whether an article's URL date (its local publication day) is within since..until."""
        if not self.ranged:
            return True
        day = _url_day(url)
        if day is None:
            return False
        after_since = self.since is None or day >= self.since
        return after_since and (self.until is None or day <= self.until)

    def before_range(self, url: str) -> bool:
        """True for an article published before `since` (archives list newest first)."""
        day = _url_day(url)
        return self.since is not None and day is not None and day < self.since


def _day(name: str, value: str | None) -> date | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if not ISO_DAY.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD; got {value!r}") from None


def _flag(name: str, value: str | bool | None) -> bool:
    if isinstance(value, bool):
        return value
    text = (value or "").strip().lower()
    if text in TRUE_WORDS | FALSE_WORDS:
        return text in TRUE_WORDS
    raise ValueError(f"{name} must be 1 or 0; got {value!r}")


def _url_day(url: str) -> date | None:
    found = url_date(url)
    return date(*map(int, found.split("/"))) if found else None


class Decision(StrEnum):
    """What the gate decided for one discovered article URL."""

    FETCH = "fetch"  # new, or a source says it changed: request it
    REQUESTED = "requested"  # already requested in this run
    UNCHANGED = "unchanged"  # known; the source's date is not after the known change
    KNOWN = "known"  # known; the source gives no date to compare
    OUT_OF_RANGE = "out_of_range"  # outside the backfill range


class Planner:
    """The in-run gate between discovery and article requests."""

    @classmethod
    def for_run(cls, options: RunOptions, store: CrawlState | None) -> Planner:
        """The run's planner: full coverage for a backfill, without a state, or before any
        complete run; the state records whether this run covers the whole archive."""
        full = options.mode == "backfill" or store is None or not store.full_coverage()
        if store is not None:
            store.pending.full_coverage = full and not options.ranged
        return cls(options, store, full=full)

    def __init__(self, options: RunOptions, store: CrawlState | None, *, full: bool) -> None:
        self.options = options
        self.store = store
        self.full = full  # walk every page of every source (backfill, or no complete run yet)
        self.discovered: set[str] = set()
        self.requested: set[str] = set()
        self.fetched: set[str] = set()  # article responses processed
        self.failed: set[str] = set()  # article requests that ended in an error
        self.awaited: set[str] = set()  # requested by an interrupted run, in the resumed queue
        self.out_of_range: set[str] = set()
        self._unchanged: set[str] = set()
        self._known: set[str] = set()
        self._cache: dict[str, ArticleState | None] = {}
        self._lastmods: dict[str, datetime] = {}
        self.listed: dict[str, str] = {}  # article → the sitemap read in this run listing it
        self.sitemaps_read: set[str] = set()
        # articles found deleted or moved by an earlier run: fetched again if listed again
        self.tombstoned = store.tombstones() if store is not None else {}

    # -- articles --------------------------------------------------------------------------

    def known(self, url: str) -> ArticleState | None:
        if url not in self._cache:
            self._cache[url] = self.store.get(url) if self.store is not None else None
        return self._cache[url]

    def is_fresh(self, entry: Entry) -> bool:
        """New, or listed with a change date later than the last one known."""
        known = self.known(entry.url)
        if known is None or entry.url in self.tombstoned:
            return True
        changed_at = known.changed_at
        return entry.lastmod is not None and (changed_at is None or entry.lastmod > changed_at)

    def consider(self, entry: Entry) -> Decision:
        """Record a discovered article URL (canonical) and decide whether to request it."""
        if not self.options.in_range(entry.url):
            self.out_of_range.add(entry.url)
            return Decision.OUT_OF_RANGE
        self.discovered.add(entry.url)
        if entry.lastmod is not None:
            previous = self._lastmods.get(entry.url)
            self._lastmods[entry.url] = max(entry.lastmod, previous or entry.lastmod)
        if entry.url in self.requested:
            return Decision.REQUESTED
        if self.is_fresh(entry):
            self.requested.add(entry.url)
            return Decision.FETCH
        if self.store is not None:
            self.store.pending.seen.add(entry.url)
        if entry.lastmod is not None:
            self._unchanged.add(entry.url)
            return Decision.UNCHANGED
        self._known.add(entry.url)
        return Decision.KNOWN

    def unseen(self, entries: Iterable[Entry]) -> list[Entry]:
        """The entries no source listed before in this run (in range or not)."""
        return [e for e in entries if e.url not in self.discovered
                and e.url not in self.out_of_range]

    def lastmod(self, url: str) -> datetime | None:
        """The latest change date any source gave for an article so far in this run."""
        return self._lastmods.get(url)

    def first_fetch(self, url: str) -> bool:
        """False if this article page was already processed in this run (resumed queue)."""
        if url in self.fetched:
            return False
        self.fetched.add(url)
        return True

    def mark_fetched(self, *urls: str) -> None:
        """Other URLs of a page just processed (redirect target, canonical): not fetched again."""
        self.requested.update(urls)
        self.fetched.update(urls)

    def fetch_failed(self, url: str) -> None:
        self.failed.add(url)

    def pending(self) -> list[str]:
        """Article requests not settled yet: what a stopped run leaves in its queue."""
        return sorted(self.requested - self.fetched - self.failed)

    def expect(self, urls: Iterable[str]) -> None:
        """Articles an interrupted run left queued: the resumed queue will deliver them."""
        self.awaited.update(urls)
        self.requested.update(self.awaited)

    def overdue(self) -> list[str]:
        """Awaited articles the resumed queue did not deliver (to request again), once."""
        missing = sorted(self.awaited - self.fetched - self.failed)
        self.awaited.clear()
        return missing

    # -- paginated sources and sitemaps ----------------------------------------------------

    def keep_paging(self, entries: Iterable[Entry]) -> bool:
        """Whether the next page of an archive/feed/REST listing is worth fetching."""
        listed = list(entries)
        if not listed:
            return False
        if self.options.since and all(self.options.before_range(e.url) for e in listed):
            return False
        return self.full or any(self.is_fresh(e) for e in listed if self.options.in_range(e.url))

    def wants_sitemap(self, url: str, lastmod: datetime | None) -> bool:
        """A child sitemap is read unless the index says it is as it was at the last clean run."""
        if self.full or lastmod is None or self.store is None:
            return True
        return self.store.source_lastmod(url) != lastmod.isoformat()

    def sitemap_read(self, url: str, lastmod: datetime | None) -> None:
        """Remember a child sitemap's lastmod (committed only after a clean run)."""
        if self.store is not None and lastmod is not None:
            self.store.pending.sources[url] = lastmod.isoformat()

    def sitemap_listed(self, url: str, entries: Iterable[Entry]) -> None:
        """The article entries of a sitemap read in full: the state records which sitemap
        lists each article, to tell next time what it stopped listing."""
        self.sitemaps_read.add(url)
        for entry in entries:
            self.listed[entry.url] = url
            if self.store is not None:
                self.store.pending.listed[entry.url] = url

    # -- figures ---------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Outcome counts of discovery: discovered, skipped (by lastmod / known), out of range."""
        skipped_by_lastmod = self._unchanged - self.requested
        return {
            "discovered": len(self.discovered),
            "skipped_by_lastmod": len(skipped_by_lastmod),
            "skipped_known": len(self._known - self.requested - skipped_by_lastmod),
            "out_of_range": len(self.out_of_range - self.discovered),
        }
