"""Publication and modification dates: raw candidates → one instant each, in +04:00.

Consumes the page object's `published_candidates`, `modified_candidates` (source order) and
`fetched_at` (base of relative dates and of the sanity bound); sets `published`,
`published_raw`, `modified` and `extraction["published"|"modified"]`.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from itemadapter import ItemAdapter

from newscrawl.extraction.dates import choose_date, parse_date, to_site_iso
from newscrawl.pipelines import Pipeline, drop

logger = logging.getLogger(__name__)


class DatesPipeline(Pipeline):
    """Picks the first sane candidate per date; drops items without a publication date."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        stats = self.crawler.stats
        published_candidates = adapter.pop("published_candidates", None) or []
        modified_candidates = adapter.pop("modified_candidates", None) or []
        fetched = parse_date(adapter.pop("fetched_at", None) or "") or datetime.now(UTC)
        extraction = dict(adapter.get("extraction") or {})

        chosen = choose_date(
            published_candidates, now=fetched, crawled=fetched, on_reject=self._rejected
        )
        if chosen is None:
            drop(stats, "no_published_date", "no valid publication date")
        published, candidate = chosen
        stats.inc_value(f"newscrawl/dates/published_source/{candidate['source']}")
        adapter["published"] = to_site_iso(published)
        adapter["published_raw"] = candidate["raw"]
        extraction["published"] = candidate["source"]

        modified = choose_date(
            modified_candidates, now=fetched, crawled=fetched, on_reject=self._rejected
        )
        if modified is not None and modified[0] < published:
            stats.inc_value("newscrawl/dates/modified_before_published")
            logger.warning(
                "Ignoring modified date %r (%s), earlier than published %s, on %s",
                modified[1]["raw"], modified[1]["source"], adapter["published"], adapter.get("url"),
            )
            modified = None
        adapter["modified"] = to_site_iso(modified[0]) if modified else None
        extraction["modified"] = modified[1]["source"] if modified else None
        adapter["extraction"] = extraction
        return item

    def _rejected(self, candidate: dict, reason: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/dates/rejected/{reason}")
        logger.debug("Rejected date candidate %r: %s", candidate, reason)
