"""What a failed request means to discovery: a refusal, the end of a pagination, a failure.

A stats key names each: `refused/<reason>` for safety limits (not failures of the site),
`pagination_end/<kind>` for the 404 past a listing's last page, `failed/<kind>` otherwise.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from twisted.python.failure import Failure

from newscrawl.discovery.links import PAGED_PATH

logger = logging.getLogger(__name__)
# Failure reasons of discovery pages counted as refusals (safety limits), not as failures.
REFUSALS = frozenset({"max_size", "offsite_redirect", "offsite", "private_address"})
ENDS = frozenset({400, 404, 410})  # statuses past the last page of a pagination


def failure_reason(failure: Failure) -> str:
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


def report_discovery_failure(kind: str, url: str, page: int, status: int | None, reason: str,
                             count: Callable[[str], None], refuse: Callable[[str, str], None]
                             ) -> None:
    """Count (and log, unless it is a pagination's end) a failed discovery request."""
    outcome = discovery_outcome(kind, url, page, status, reason)
    if outcome.startswith("refused/"):
        refuse(reason, f"{kind} page refused ({reason}): {url}")
        return
    count(f"discovery/{outcome}")
    if outcome.startswith("failed/"):
        logger.warning("Discovery %s page failed (%s): %s", kind, reason, url)


def discovery_outcome(kind: str, url: str, page: int, status: int | None, reason: str) -> str:
    """The stats key (under `discovery/`) of a failed discovery request."""
    if reason in REFUSALS:
        return f"refused/{reason}"
    if status in ENDS and (page > 1 or (kind == "archive" and PAGED_PATH.match(
            urlsplit(url).path))):
        return f"pagination_end/{kind}"
    return f"failed/{kind}"
