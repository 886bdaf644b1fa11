"""Spider-trap guard: paginated sources must keep bringing articles to be read further.

A paginated source (an archive's `/page/N/` chain, a feed's `?paged=N`, the REST API) is a
*chain*. The guard remembers which chain first listed each requested article and how that
article turned out. A chain is stopped when it has read `max_pages` pages, or when its last
`max_failed_run` requested articles all failed (404s, errors, pages that are not articles):
an archive whose every page lists new links that lead nowhere, forever. Pure bookkeeping;
the spider asks before each next page and counts the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(slots=True)
class Chain:
    pages: int = 0
    articles: int = 0  # requested articles that turned out to be articles
    failed: int = 0
    failed_run: int = 0  # failures since the last article
    stopped: str | None = None


class TrapGuard:
    """Per-chain page and failure counts; `stop_reason` says when a chain must end."""

    def __init__(self, max_pages: int, max_failed_run: int) -> None:
        self.max_pages = max_pages
        self.max_failed_run = max_failed_run
        self.chains: dict[str, Chain] = {}
        self._owner: dict[str, str] = {}  # article URL → the chain that first listed it

    def page_read(self, chain: str) -> None:
        self.chains.setdefault(chain, Chain()).pages += 1

    def listed(self, chain: str, urls: Iterable[str]) -> None:
        """Articles requested because `chain` listed them."""
        self.chains.setdefault(chain, Chain())
        for url in urls:
            self._owner.setdefault(url, chain)

    def resolved(self, url: str, *, article: bool) -> None:
        """How a requested article turned out (an item, or a failure of any kind)."""
        chain = self.chains.get(self._owner.pop(url, ""))
        if chain is None:
            return
        if article:
            chain.articles += 1
            chain.failed_run = 0
        else:
            chain.failed += 1
            chain.failed_run += 1

    def stop_reason(self, chain: str) -> str | None:
        """`page_cap` or `failing_links` the first time a chain must stop, else None."""
        state = self.chains.setdefault(chain, Chain())
        if state.stopped:
            return None
        if self.max_pages and state.pages >= self.max_pages:
            state.stopped = "page_cap"
        elif self.max_failed_run and state.failed_run >= self.max_failed_run:
            state.stopped = "failing_links"
        return state.stopped

    def is_stopped(self, chain: str) -> bool:
        state = self.chains.get(chain)
        return state is not None and state.stopped is not None
