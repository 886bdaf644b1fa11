"""scrapy-redis's scheduler for a crawl shared by several workers (`NEWSCRAWL_DISTRIBUTED`).

On top of scrapy-redis (one priority queue and one dupefilter in Redis for every worker of
the job, kept when a worker closes: `SCHEDULER_PERSIST`):

- the spider's requests are all `dont_filter` (a single run deduplicates them itself), so
  here a request fresh from the spider goes through the shared dupefilter anyway: each URL
  is queued once per job whichever worker found it; retries still pass;
- every popped request is recorded for its worker until that worker's feed is published and
  its crawl state committed (`newscrawl.distributed.job.Job`), and put back in the queue if the
  worker dies first; a duplicate copy held by another live worker is dropped;
- an idle worker stays open while the queue holds requests or another worker is busy (it
  may queue more), and requeues the work of workers whose heartbeat expired.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from newscrawl.distributed.job import Job
from newscrawl.pipelines.state import has_feeds
from newscrawl.redis_client import ERRORS as REDIS_ERRORS
from newscrawl.redis_client import redis_client, retry_seconds, stop_run, unavailable

logger = logging.getLogger(__name__)
T = TypeVar("T")
CLAIM = "newscrawl_claim"  # request meta: the claim of the attempt a copy descends from
STATS = "newscrawl/distributed"
FOLLOW_UPS = ("retry_times", "redirect_times")  # meta of requests the framework made


class SharedScheduler(Scheduler):
    """scrapy-redis scheduler + the job's registry of popped requests and worker heartbeats."""

    crawler: Crawler
    job: Job

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        settings = crawler.settings
        # scrapy-redis's own from_settings, with one client for the queue, the dupefilter and
        # the job that rides out a Redis outage, and no start-up ping that would not
        server = redis_client(settings.get("NEWSCRAWL_REDIS_URL"), retry_seconds(settings))
        scheduler = cls(
            server, persist=settings.getbool("SCHEDULER_PERSIST"),
            queue_key=settings.get("SCHEDULER_QUEUE_KEY"),
            queue_cls=settings.get("SCHEDULER_QUEUE_CLASS"),
            dupefilter=RFPDupeFilter(server, settings.get("SCHEDULER_DUPEFILTER_KEY"),
                                     debug=settings.getbool("DUPEFILTER_DEBUG")),
            idle_before_close=settings.getint("SCHEDULER_IDLE_BEFORE_CLOSE"))
        scheduler.stats = crawler.stats
        scheduler.crawler = crawler
        scheduler.job = Job(scheduler.server, settings.get("NEWSCRAWL_JOB_KEY"),
                            settings.get("NEWSCRAWL_WORKER_ID"),
                            settings.getfloat("NEWSCRAWL_WORKER_TTL"))
        scheduler._closed = None  # the finish reason, once the spider is closed
        scheduler._feeds_closed = False
        scheduler._done = False
        return scheduler

    def open(self, spider: Any) -> None:
        self._redis("open", lambda: self._join(spider))
        self._beat = task.LoopingCall(self._heartbeat)
        self._beat.start(self.job.interval, now=False)
        # connected after the state pipeline: these run once it has committed
        for handler, signal in ((self._spider_idle, signals.spider_idle),
                                (self._spider_closed, signals.spider_closed),
                                (self._feed_closed, signals.feed_exporter_closed)):
            self.crawler.signals.connect(handler, signal=signal)

    def _join(self, spider: Any) -> None:
        super().open(spider)
        requeued = self.job.join()
        if requeued:
            self._inc("requeued", requeued)
            logger.warning("Requeued %d request(s) this worker (%s) held when it was killed",
                           requeued, self.job.worker)
        logger.info("Worker %s joined %s (%d requests queued)", self.job.worker, self.job.key,
                    self.job.pending())

    # -- queue -----------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        fresh = not any(name in request.meta for name in FOLLOW_UPS)
        fingerprint = (self.df.request_fingerprint(request) if fresh or not request.dont_filter
                       else None)
        data, score = self.queue._encode_request(request), -request.priority
        queued = self._redis("enqueue", lambda: self.job.enqueue(data, score, fingerprint))
        if not queued:  # seen (None: the run is stopping, the next run redoes it)
            if queued is not None:
                self._inc("filtered")
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        return self._redis("next_request", self._next_request)

    def _next_request(self) -> Request | None:
        while (popped := self.job.pop()) is not None:
            request = self.queue._decode_request(popped.data)
            url = request.meta.get("article_url") or request.url
            claim = self.job.claim(popped, url, request.meta.get(CLAIM))
            if claim is None:
                self._inc("duplicate_dropped")
                logger.info("Dropped a copy of %s: another live worker is running it", url)
                continue
            request.meta[CLAIM] = claim
            self.stats.inc_value("scheduler/dequeued/redis")
            return request
        return None

    def has_pending_requests(self) -> bool:
        return bool(self._redis("has_pending_requests", self.job.pending))

    def _redis(self, during: str, call: Callable[[], T]) -> T | None:
        """`call()`, or None once Redis was unreachable beyond the bound (the run stops)."""
        if unavailable(self.crawler):
            return None
        try:
            return call()
        except REDIS_ERRORS as error:
            stop_run(self.crawler, error, f"scheduler {during}")
            return None

    # -- idle, heartbeat, leaving --------------------------------------------------------

    def _heartbeat(self) -> None:
        engine = self.crawler.engine
        busy = len(engine.downloader.active) + len(getattr(engine.scraper.slot, "active", ()))
        busy += int(getattr(engine, "_start", None) is not None)
        self._redis("heartbeat", lambda: self.job.beat(busy=busy))
        slot = getattr(engine, "_slot", None)
        if slot is not None:  # queued by another worker, or the others are done: look now
            slot.nextcall.schedule()

    def _spider_idle(self) -> None:
        if self._redis("idle check", self._wait_for_others):
            raise DontCloseSpider

    def _wait_for_others(self) -> bool:
        requeued = self.job.requeue_dead()
        if requeued:
            self._inc("requeued", requeued)
            logger.warning("Requeued %d request(s) of workers whose heartbeat expired", requeued)
        return bool(requeued or self.job.pending() or self.job.others_busy())

    def _spider_closed(self, reason: str) -> None:
        self._closed = reason
        self._leave()

    def _feed_closed(self) -> None:
        self._feeds_closed = True
        self._leave()

    def _leave(self) -> None:
        """Once the state is committed: release my requests (or leave them to be requeued)."""
        committed = getattr(self.spider, "crawl_state", None) is None
        waiting_feeds = has_feeds(self.crawler) and not self._feeds_closed
        if self._done or self._closed is None or waiting_feeds or not committed:
            return
        self._done = True
        if self._beat.running:
            self._beat.stop()
        if unavailable(self.crawler):  # its heartbeat expires: the others requeue its work
            return
        stats = self.stats.get_stats()
        if self._closed == "finished" and "newscrawl/state/committed/articles" in stats:
            if self._redis("release", self.job.release):
                logger.info("Distributed job %s is complete: its dupefilter is cleared",
                            self.job.key)
                self._inc("job_complete")
        else:
            self._redis("abandon", self.job.abandon)
            logger.warning("Worker %s stopped (%s) before committing all its work: its "
                           "requests go back to the queue", self.job.worker, self._closed)

    def _inc(self, key: str, count: int = 1) -> None:
        self.stats.inc_value(f"{STATS}/{key}", count)
