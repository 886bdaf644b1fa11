"""The zone of another WordPress site, read once from its REST root (`/wp-json/`).

Asked only when NEWSCRAWL_TIMEZONE does not give the zone and the site is not NewsMoris, its
snapshot or a local server; without an answer, dates are printed in the zone each page declares.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from scrapy.settings import BaseSettings

from newscrawl.discovery.sources import rest_root_zone
from newscrawl.extraction.dates import zone_of
from newscrawl.urls import DEFAULT_ROOT, is_replica, same_site

logger = logging.getLogger(__name__)


def zone_url(settings: BaseSettings, root: str, snapshot: str | None) -> str | None:
    """The REST root to read the zone from, or None when the zone is known otherwise."""
    if (settings.get("NEWSCRAWL_TIMEZONE") or same_site(root, DEFAULT_ROOT)
            or is_replica(root, snapshot, settings.getlist("NEWSCRAWL_LOCAL_HOSTS"))):
        return None
    return f"{root}/wp-json/"


def read_zone(body: bytes, url: str, count: Callable[[str], None]) -> str | None:
    """`timezone_string` or `gmt_offset` of a REST root, if it names a zone; counted."""
    zone = rest_root_zone(body)
    try:
        zone_of(zone)
    except ValueError:
        zone = None
    if zone is None:
        count("site/zone/unreadable")
        logger.warning("No zone in the REST root %s: dates printed in the zone each page "
                       "declares", url)
        return None
    count("site/zone/rest")
    logger.info("Site zone from the REST root: %s", zone)
    return zone


def zone_failed(reason: str, count: Callable[[str], None]) -> None:
    count("site/zone/failed")
    logger.warning("No REST root (%s): dates printed in the zone each page declares", reason)
