"""Honour robots.txt `Crawl-delay` (Scrapy reads robots.txt but ignores the delay).

When a host's robots.txt names a delay for our user agent, that host's download slot waits at
least that long between requests, capped at `NEWSCRAWL_MAX_CRAWL_DELAY` seconds. The floor is
re-applied as each request reaches the downloader, since AutoThrottle lowers slot delays and
idle slots are recreated with the default delay.

Stats: `newscrawl/robotstxt/crawl_delay` (the delay applied), `newscrawl/robotstxt/
crawl_delay_capped` (the site asked for more than the cap), `newscrawl/robotstxt/slot_delay_min`
(the smallest slot delay a request of a delayed host was downloaded with).
"""

from __future__ import annotations

import logging

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)


class RobotsCrawlDelay:
    """Keeps each host's download slot delay at or above its robots.txt `Crawl-delay`."""

    def __init__(self, crawler: Crawler, max_delay: float) -> None:
        self.crawler = crawler
        self.max_delay = max_delay
        self.delays: dict[str, float] = {}  # download slot key → crawl delay

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsCrawlDelay:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("ROBOTSTXT_OBEY is off")
        extension = cls(crawler, crawler.settings.getfloat("NEWSCRAWL_MAX_CRAWL_DELAY"))
        crawler.signals.connect(extension.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(extension.request_reached_downloader,
                                signal=signals.request_reached_downloader)
        return extension

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        delay = robotparser.crawl_delay(self._user_agent(request))
        if not delay or delay <= 0:
            return
        stats = self.crawler.stats
        if delay > self.max_delay:
            logger.warning("robots.txt asks for Crawl-delay %s s; capped at "
                           "NEWSCRAWL_MAX_CRAWL_DELAY=%s", delay, self.max_delay)
            stats.set_value("newscrawl/robotstxt/crawl_delay_capped", delay)
            delay = self.max_delay
        key = self.crawler.engine.downloader.get_slot_key(request)
        settings = self.crawler.settings
        if settings.getbool("NEWSCRAWL_DISTRIBUTED"):  # N workers: each waits N times longer
            delay *= max(1, settings.getint("NEWSCRAWL_WORKERS"))
        self.delays[key] = float(delay)
        stats.set_value("newscrawl/robotstxt/crawl_delay", float(delay))
        logger.info("Honouring robots.txt Crawl-delay of %s s for %s", delay, key)

    def request_reached_downloader(self, request: Request) -> None:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        delay = self.delays.get(key)
        slot = downloader.slots.get(key)
        if delay is None or slot is None:
            return
        slot.delay = max(slot.delay, delay)
        self.crawler.stats.min_value("newscrawl/robotstxt/slot_delay_min", slot.delay)

    def _user_agent(self, request: Request) -> str:
        settings = self.crawler.settings
        agent = settings.get("ROBOTSTXT_USER_AGENT") or request.headers.get("User-Agent")
        agent = agent or settings.get("USER_AGENT")
        return agent.decode() if isinstance(agent, bytes) else str(agent)
