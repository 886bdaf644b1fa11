"""Publication and modification dates: raw candidates → one instant each, printed in the
site's zone.

Consumes the page object's `published_candidates`, `modified_candidates` (source order),
`fetched_at` (base of relative dates and of the sanity bound) and `zone` (set by the caller of
`extract(timezone=…)` or by the spider from the site's REST root); sets `published`,
`published_raw`, `modified` and `extraction["published"|"modified"]`. The zone, first found:
the item's `zone`, NEWSCRAWL_TIMEZONE, Indian/Mauritius for NewsMoris (`site`: its own pages
and its mirrors'), the offset the
page declares (`dates.declared_zone`), Indian/Mauritius; counted as
`newscrawl/dates/zone/<item|setting|site|page|default>`.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, tzinfo
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from newscrawl.extraction.dates import (
    SITE_TZ,
    choose_date,
    declared_zone,
    parse_date,
    to_site_iso,
    zone_of,
)
from newscrawl.extraction.page import SITE
from newscrawl.pipelines import Pipeline, drop

logger = logging.getLogger(__name__)


class DatesPipeline(Pipeline):
    """Picks the first sane candidate per date; drops items without a publication date."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        # ValueError on a misspelt zone: the crawl does not start
        self.zone = zone_of(crawler.settings.get("NEWSCRAWL_TIMEZONE") or None)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        stats = self.crawler.stats
        published_candidates = adapter.pop("published_candidates", None) or []
        modified_candidates = adapter.pop("modified_candidates", None) or []
        fetched = parse_date(adapter.pop("fetched_at", None) or "") or datetime.now(UTC)
        extraction = dict(adapter.get("extraction") or {})
        zone = self._zone(adapter, published_candidates + modified_candidates, fetched)

        chosen = choose_date(
            published_candidates, now=fetched, crawled=fetched, on_reject=self._rejected,
            zone=zone,
        )
        if chosen is None:
            drop(stats, "no_published_date", "no valid publication date")
        published, candidate = chosen
        stats.inc_value(f"newscrawl/dates/published_source/{candidate['source']}")
        adapter["published"] = to_site_iso(published, zone)
        adapter["published_raw"] = candidate["raw"]
        extraction["published"] = candidate["source"]

        modified = choose_date(
            modified_candidates, now=fetched, crawled=fetched, on_reject=self._rejected,
            zone=zone,
        )
        if modified is not None and modified[0] < published:
            stats.inc_value("newscrawl/dates/modified_before_published")
            logger.warning(
                "Ignoring modified date %r (%s), earlier than published %s, on %s",
                modified[1]["raw"], modified[1]["source"], adapter["published"], adapter.get("url"),
            )
            modified = None
        adapter["modified"] = to_site_iso(modified[0], zone) if modified else None
        extraction["modified"] = modified[1]["source"] if modified else None
        adapter["extraction"] = extraction
        return item

    def _zone(self, adapter: ItemAdapter, candidates: list[dict], fetched: datetime
              ) -> tzinfo:
        """The zone this item's dates are read and printed in (module docstring)."""
        given = adapter.pop("zone", None)
        found: list[tuple[str, tzinfo | None]] = [
            ("item", zone_of(given) if isinstance(given, str) else given),
            ("setting", self.zone),
            ("site", SITE_TZ if adapter.get("site") == SITE else None),
        ]
        source, zone = next(((s, z) for s, z in found if z is not None), ("page", None))
        if zone is None:
            zone = declared_zone(candidates, now=fetched)
            if zone is None:
                source, zone = "default", SITE_TZ
        self.crawler.stats.inc_value(f"newscrawl/dates/zone/{source}")
        return zone

    def _rejected(self, candidate: dict, reason: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/dates/rejected/{reason}")
        logger.debug("Rejected date candidate %r: %s", candidate, reason)
