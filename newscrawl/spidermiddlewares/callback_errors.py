"""A callback that raises costs its one page, counted and logged in one line, never the crawl.

The last line of defence behind the page object's and the spider's own handling: any
exception a callback lets escape (on any input) is counted under
`newscrawl/errors/callback/<kind>/<ExceptionName>`, logged as one ERROR line with the URL (no
traceback), reported to the spider (`spider.callback_failed`, which counts the article as
failed) and swallowed. Scrapy's own signals (HttpError, CloseSpider) pass through. A Redis
connection error (the Redis state, beyond `NEWSCRAWL_REDIS_RETRY_SECONDS`) stops the run
instead: its page is not failed, the next run redoes it (`newscrawl.redis_client`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError

from newscrawl.redis_client import ERRORS as REDIS_ERRORS
from newscrawl.redis_client import stop_run

logger = logging.getLogger(__name__)
PASS_THROUGH = (HttpError, CloseSpider)


class CallbackErrorsMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CallbackErrorsMiddleware:
        return cls(crawler)

    def process_spider_exception(self, response: Response, exception: Exception
                                 ) -> Iterable[Any] | None:
        if isinstance(exception, PASS_THROUGH):
            return None
        if isinstance(exception, REDIS_ERRORS):  # the crawl state beyond the retry bound
            stop_run(self.crawler, exception, f"a callback on {response.url}")
            return []
        kind, name = response.meta.get("kind", "unknown"), type(exception).__name__
        self.crawler.stats.inc_value(f"newscrawl/errors/callback/{kind}/{name}")
        logger.error("Callback error on the %s page %s: %s: %s", kind, response.url, name,
                     str(exception)[:300])
        hook = getattr(self.crawler.spider, "callback_failed", None)
        if hook is not None:
            hook(response, exception)
        return []
