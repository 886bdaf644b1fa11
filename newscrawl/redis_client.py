"""The one way the project talks to Redis: a client that rides out an outage, up to a bound.

Every Redis command of the crawl state, the run lock, the shared scheduler, its dupefilter
and the job registry goes through `redis_client()`: a connection error or timeout is retried
with exponential backoff (redis-py's `Retry`) for at most `NEWSCRAWL_REDIS_RETRY_SECONDS`,
then raised. A Redis that restarts within the bound (from its AOF) costs the crawl a wait.

Beyond the bound the run cannot commit what it exports: `stop_run()` marks it (stat
`newscrawl/redis/unavailable`), closes the spider with `redis_unavailable`, and from then on
the run touches Redis no more; its feed is not published (`newscrawl.feedstorage`), its state
is not committed, and the crawl command exits 9. The next run redoes its share.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import redis
from redis.backoff import ExponentialWithJitterBackoff
from redis.retry import Retry
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_RETRY_SECONDS = 60.0
UNAVAILABLE = "newscrawl/redis/unavailable"  # stat: the run lost Redis beyond the bound
FINISH_REASON = "redis_unavailable"
LOST = "newscrawl_redis_lost"  # crawler attribute: what the run was doing when it lost Redis
# what the retries wait for: the server is gone, restarting, or replaying its AOF
ERRORS = (redis.ConnectionError, redis.TimeoutError)


class BoundedRetry(Retry):
    """redis-py's `Retry` with a time bound instead of a count: each command is retried
    while less than `seconds` have passed since its first attempt."""

    def __init__(self, seconds: float) -> None:
        super().__init__(ExponentialWithJitterBackoff(cap=1.0, base=0.05), retries=-1,
                         supported_errors=ERRORS)
        self.seconds = seconds
        _RETRIES.add(self)

    def call_with_retry(self, do: Callable[[], T], fail: Callable[..., Any],
                        is_retryable: Callable[[Exception], bool] | None = None,
                        with_failure_count: bool = False) -> T:
        deadline = time.monotonic() + self.seconds

        def within_bound(error: Exception) -> bool:
            return time.monotonic() < deadline and (is_retryable is None or is_retryable(error))

        return super().call_with_retry(do, fail, within_bound, with_failure_count)


_RETRIES: weakref.WeakSet[BoundedRetry] = weakref.WeakSet()  # this process's clients


def redis_client(url: str, retry_seconds: float = DEFAULT_RETRY_SECONDS, *,
                 decode_responses: bool = False) -> redis.Redis:
    """A client of `url` whose commands are retried for up to `retry_seconds` (see above)."""
    return redis.Redis.from_url(
        url, decode_responses=decode_responses, retry=BoundedRetry(max(0.0, retry_seconds)),
        socket_connect_timeout=5, socket_timeout=30, health_check_interval=15)


def retry_seconds(settings: Any) -> float:
    return settings.getfloat("NEWSCRAWL_REDIS_RETRY_SECONDS", DEFAULT_RETRY_SECONDS)


def _record(crawler: Crawler, during: str) -> None:
    """The stat the crawl command reads (from the spider's opening on, if not yet there)."""
    try:
        crawler.stats.set_value(UNAVAILABLE, during)
    except RuntimeError:  # stats are made when the crawl starts (Redis lost while opening)
        def record() -> None:
            crawler.stats.set_value(UNAVAILABLE, during)
        crawler.signals.connect(record, signal=signals.spider_opened, weak=False)


def where(url: str) -> str:
    """host:port of a Redis URL, for logs (never its password)."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 6379}"


def unavailable(crawler: Crawler) -> bool:
    """Whether this run has lost Redis beyond the bound (it must touch it no more)."""
    return bool(getattr(crawler, LOST, None))


def stop_run(crawler: Crawler, error: BaseException, during: str) -> None:
    """Redis stayed unreachable beyond the bound: stop the run without committing anything."""
    if unavailable(crawler):
        return
    setattr(crawler, LOST, during)
    _record(crawler, during)
    for retry in list(_RETRIES):  # whatever still asks Redis (the run is closing) fails fast
        retry.seconds = 0.0
    url = crawler.settings.get("NEWSCRAWL_REDIS_URL") or ""
    logger.warning("Redis at %s unreachable for more than %g s (%s, during %s): stopping; "
                   "nothing is committed and the output is not published", where(url),
                   retry_seconds(crawler.settings), type(error).__name__, during)
    engine = getattr(crawler, "_engine", None)  # (the `engine` property raises before)
    if engine is not None and getattr(engine, "_slot", None) is not None:
        deferred_from_coro(engine.close_spider_async(reason=FINISH_REASON))
    # still opening: the scheduler hands out nothing more, so the spider closes when idle
