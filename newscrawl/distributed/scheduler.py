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
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from newscrawl.distributed.job import Job
from newscrawl.pipelines.state import has_feeds

logger = logging.getLogger(__name__)
CLAIM = "newscrawl_claim"  # request meta: the claim of the attempt a copy descends from
STATS = "newscrawl/distributed"
FOLLOW_UPS = ("retry_times", "redirect_times")  # meta of requests the framework made


class SharedScheduler(Scheduler):
    """scrapy-redis scheduler + the job's registry of popped requests and worker heartbeats."""

    crawler: Crawler
    job: Job

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        scheduler = super().from_crawler(crawler)
        settings = crawler.settings
        scheduler.crawler = crawler
        scheduler.job = Job(scheduler.server, settings.get("NEWSCRAWL_JOB_KEY"),
                            settings.get("NEWSCRAWL_WORKER_ID"),
                            settings.getfloat("NEWSCRAWL_WORKER_TTL"))
        scheduler._closed = None  # the finish reason, once the spider is closed
        scheduler._feeds_closed = False
        scheduler._done = False
        return scheduler

    def open(self, spider: Any) -> None:
        super().open(spider)
        requeued = self.job.join()
        if requeued:
            self._inc("requeued", requeued)
            logger.warning("Requeued %d request(s) this worker (%s) held when it was killed",
                           requeued, self.job.worker)
        logger.info("Worker %s joined %s (%d requests queued)", self.job.worker, self.job.key,
                    self.job.pending())
        self._beat = task.LoopingCall(self._heartbeat)
        self._beat.start(self.job.interval, now=False)
        # connected after the state pipeline: these run once it has committed
        for handler, signal in ((self._spider_idle, signals.spider_idle),
                                (self._spider_closed, signals.spider_closed),
                                (self._feed_closed, signals.feed_exporter_closed)):
            self.crawler.signals.connect(handler, signal=signal)

    # -- queue -----------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        fresh = not any(name in request.meta for name in FOLLOW_UPS)
        if (fresh or not request.dont_filter) and self.df.request_seen(request):
            self._inc("filtered")
            return False
        self.queue.push(request)
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
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

    # -- idle, heartbeat, leaving --------------------------------------------------------

    def _heartbeat(self) -> None:
        engine = self.crawler.engine
        busy = len(engine.downloader.active) + len(getattr(engine.scraper.slot, "active", ()))
        self.job.beat(busy=busy + int(getattr(engine, "_start", None) is not None))
        slot = getattr(engine, "_slot", None)
        if slot is not None:  # queued by another worker, or the others are done: look now
            slot.nextcall.schedule()

    def _spider_idle(self) -> None:
        requeued = self.job.requeue_dead()
        if requeued:
            self._inc("requeued", requeued)
            logger.warning("Requeued %d request(s) of workers whose heartbeat expired", requeued)
        if requeued or self.job.pending() or self.job.others_busy():
            raise DontCloseSpider

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
        stats = self.stats.get_stats()
        if self._closed == "finished" and "newscrawl/state/committed/articles" in stats:
            if self.job.release():
                logger.info("Distributed job %s is complete: its dupefilter is cleared",
                            self.job.key)
                self._inc("job_complete")
        else:
            self.job.abandon()
            logger.warning("Worker %s stopped (%s) before committing all its work: its "
                           "requests go back to the queue", self.job.worker, self._closed)

    def _inc(self, key: str, count: int = 1) -> None:
        self.stats.inc_value(f"{STATS}/{key}", count)
