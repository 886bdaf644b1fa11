"""No request leaves the crawled site, redirects included (a server-side request forgery guard).

Scrapy's `allowed_domains` filter lets `dont_filter` requests through (every request of this
spider is one) and compares host names only, so a 301 from the site to another host, an
internal address or cloud metadata (169.254.169.254) would be followed. Here every request,
first or redirected, must be on the spider's root: its exact host and port, or the root's
`www.` twin. That twin is resolved once and refused if any address it resolves to is private,
loopback, link-local or otherwise not global, unless the root itself is on such an address
(a mirror or loopback copy). Refusals are `OffsiteRequest` (an IgnoreRequest with a `reason`)
counted as `newscrawl/offsite/redirect`, `newscrawl/offsite/request` or
`newscrawl/offsite/private_address`.

Runs before every other downloader middleware (robots.txt included: it would fetch the
other host's robots.txt first).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


class OffsiteRequest(IgnoreRequest):
    """A request refused for leaving the site; `reason` names why (a stats-key part)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class SiteBoundaryMiddleware:
    """Refuses requests off the spider's root (`spider.root`)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._resolved: dict[str, bool] = {}  # host → every address global

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteBoundaryMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        root = getattr(self.crawler.spider, "root", None)
        if root is None:
            return
        redirected = bool(request.meta.get("redirect_urls"))
        target = urlsplit(request.url)
        site = urlsplit(root)
        netloc, root_netloc = target.netloc.lower(), site.netloc
        if netloc == root_netloc:
            return
        if target.scheme in {"http", "https"} and netloc.removeprefix("www.") == (
                root_netloc.removeprefix("www.")):
            if self._public(target.hostname or "") or not self._public(site.hostname or ""):
                return
            self._refuse("private_address", request, "resolves to a non-public address")
        self._refuse("offsite_redirect" if redirected else "offsite", request,
                     f"is off the site {root}")

    def _refuse(self, reason: str, request: Request, why: str) -> None:
        key = {"offsite_redirect": "redirect", "offsite": "request"}.get(reason, reason)
        self.crawler.stats.inc_value(f"newscrawl/offsite/{key}")
        origin = request.meta.get("redirect_urls", [None])[0]
        message = f"{request.url} {why}" + (f" (redirected from {origin})" if origin else "")
        logger.warning("Refused request: %s", message)
        raise OffsiteRequest(reason, message)

    def _public(self, host: str) -> bool:
        """Whether every address `host` resolves to is global (cached; unresolvable: False)."""
        if host not in self._resolved:
            try:
                infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
                addresses = {info[4][0] for info in infos}
                self._resolved[host] = bool(addresses) and all(
                    ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses)
            except (OSError, UnicodeError, ValueError):
                self._resolved[host] = False
        return self._resolved[host]
