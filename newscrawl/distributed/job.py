"""A crawl job shared by several workers through Redis: its settings, and who holds what.

`configure()` turns `NEWSCRAWL_DISTRIBUTED` into Scrapy settings: scrapy-redis's scheduler
(through `newscrawl.distributed.scheduler.SharedScheduler`) with a persistent queue and
dupefilter under `<prefix>:job:<job>:`, the Redis crawl state shared by the job's workers,
and per-worker politeness sized by `NEWSCRAWL_WORKERS`.

`Job` keeps what scrapy-redis does not: scrapy-redis pops a request at most once, so a worker
killed with SIGKILL would lose the requests it had popped. Each worker records every request
it pops (`inflight:<worker>`, with `owner` saying which worker holds which URL) until its
feed is published and its state committed; its heartbeat key expires when it dies. A restart
under the same worker id, or any live worker once the heartbeat has expired, puts the dead
worker's requests back in the queue. A request is run by one live worker at a time: a second
copy (a requeued request whose first copy another worker is still exporting) is dropped,
unless it is a follow-up (retry, redirect) of the owner's own attempt.
"""

from __future__ import annotations

import socket
import time
import uuid
from dataclasses import dataclass

import redis
from scrapy.settings import BaseSettings

QUEUE_CLASS = "scrapy_redis.queue.PriorityQueue"
SCHEDULER = "newscrawl.distributed.scheduler.SharedScheduler"
DUPEFILTER = "scrapy_redis.dupefilter.RFPDupeFilter"

# KEYS: dupefilter, queue. ARGV: fingerprint ('' for none), score, request. Queues the
# request unless its fingerprint was seen: both or neither (a worker killed between the two
# would leave a fingerprint whose request nobody queued: lost), and a retried call after a
# lost reply does not queue it twice. 1 if queued.
ENQUEUE = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""
# KEYS: queue, inflight:<me>. ARGV: provisional field. Pops the best request into my registry.
# Retried after a lost reply, it answers the request it popped instead of popping another
# (which would overwrite the first one's record).
POP = """
local entry = redis.call('HGET', KEYS[2], ARGV[1])
if entry then
  local sep = string.find(entry, ' ', 1, true)
  return {string.sub(entry, sep + 1), string.sub(entry, 1, sep - 1)}
end
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
redis.call('HSET', KEYS[2], ARGV[1], top[2] .. ' ' .. top[1])
return {top[1], top[2]}
"""
# KEYS: owner, inflight:<me>. ARGV: me, url, claim, provisional field, heartbeat key prefix,
# previous claim carried by the request, inflight key prefix. 1: mine to run; 0: another
# live worker holds it. The holder's registry is read here, in the same atomic step as its
# owner entry. Retried after a lost reply (the provisional field is gone and the claim is
# mine), it answers 1 again.
CLAIM = """
local entry = redis.call('HGET', KEYS[2], ARGV[4])
local held = redis.call('HGET', KEYS[1], ARGV[2])
if not entry then
  if held == ARGV[1] .. ' ' .. ARGV[3] then return 1 end
  return 0
end
redis.call('HDEL', KEYS[2], ARGV[4])
if held then
  local sep = string.find(held, ' ', 1, true)
  local worker, claim = string.sub(held, 1, sep - 1), string.sub(held, sep + 1)
  if worker ~= ARGV[1] and claim ~= ARGV[6] and redis.call('EXISTS', ARGV[5] .. worker) == 1 then
    return 0
  end
  if worker ~= ARGV[1] then redis.call('HDEL', ARGV[7] .. worker, ARGV[2]) end
end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[1] .. ' ' .. ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], entry)
return 1
"""
# KEYS: queue, owner, inflight:<worker>, heartbeat:<worker>, workers. ARGV: worker, '1' to
# requeue only if its heartbeat has expired, and then forget it (checked in the same atomic
# step: a worker that came back meanwhile keeps its work and its registration). Its requests
# back to the queue; -1 if it is alive.
REQUEUE = """
if ARGV[2] == '1' then
  if redis.call('EXISTS', KEYS[4]) == 1 then return -1 end
  redis.call('SREM', KEYS[5], ARGV[1])
end
local all = redis.call('HGETALL', KEYS[3])
local n = 0
for i = 1, #all, 2 do
  local url, entry = all[i], all[i + 1]
  local sep = string.find(entry, ' ', 1, true)
  redis.call('ZADD', KEYS[1], string.sub(entry, 1, sep - 1), string.sub(entry, sep + 1))
  local held = redis.call('HGET', KEYS[2], url)
  if held and string.sub(held, 1, #ARGV[1] + 1) == ARGV[1] .. ' ' then
    redis.call('HDEL', KEYS[2], url)
  end
  n = n + 1
end
redis.call('DEL', KEYS[3])
return n
"""
# KEYS: owner, inflight:<me>, workers, heartbeat, queue, dupefilter, reset. ARGV: me,
# heartbeat key prefix, inflight key prefix. Done: my requests are exported and committed;
# workers that died holding nothing are forgotten. 1 if the whole job is over (keys cleared).
RELEASE = """
local urls = redis.call('HKEYS', KEYS[2])
for _, url in ipairs(urls) do
  local held = redis.call('HGET', KEYS[1], url)
  if held and string.sub(held, 1, #ARGV[1] + 1) == ARGV[1] .. ' ' then
    redis.call('HDEL', KEYS[1], url)
  end
end
redis.call('DEL', KEYS[2], KEYS[4])
redis.call('SREM', KEYS[3], ARGV[1])
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if redis.call('EXISTS', ARGV[2] .. worker, ARGV[3] .. worker) == 0 then
    redis.call('SREM', KEYS[3], worker)
  end
end
if redis.call('SCARD', KEYS[3]) == 0 and redis.call('ZCARD', KEYS[5]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[6], KEYS[7])
  return 1
end
return 0
"""


class WorkerIdInUse(RuntimeError):
    """Another live worker runs under the same NEWSCRAWL_WORKER_ID."""


def configure(settings: BaseSettings, target: str) -> None:
    """Settings of a distributed worker (before the scheduler and extensions are built)."""
    if (settings.get("NEWSCRAWL_STATE_BACKEND") or "").lower() != "redis":
        raise ValueError("NEWSCRAWL_DISTRIBUTED needs the shared state: set "
                         "NEWSCRAWL_STATE_BACKEND=redis (and NEWSCRAWL_REDIS_URL)")
    if not settings.get("NEWSCRAWL_STATE_PATH"):
        raise ValueError("NEWSCRAWL_DISTRIBUTED needs the crawl state: NEWSCRAWL_STATE_PATH "
                         "must not be empty")
    if settings.get("JOBDIR"):
        raise ValueError("NEWSCRAWL_DISTRIBUTED keeps the queue in Redis: do not set JOBDIR")
    prefix = settings.get("NEWSCRAWL_REDIS_PREFIX")
    job = settings.get("NEWSCRAWL_DISTRIBUTED_JOB") % {"target": target}
    key = f"{prefix}:job:{job}"
    workers = max(1, settings.getint("NEWSCRAWL_WORKERS"))
    values = {
        "SCHEDULER": SCHEDULER,
        "SCHEDULER_PERSIST": True,  # an idle worker must not wipe the others' queue
        "SCHEDULER_QUEUE_CLASS": QUEUE_CLASS,
        "SCHEDULER_QUEUE_KEY": f"{key}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{key}:dupefilter",
        "DUPEFILTER_CLASS": DUPEFILTER,  # one set of fingerprints in Redis for the job
        "REDIS_URL": settings.get("NEWSCRAWL_REDIS_URL"),
        "NEWSCRAWL_JOB_KEY": key,
        "NEWSCRAWL_WORKER_ID": settings.get("NEWSCRAWL_WORKER_ID") or socket.gethostname(),
    }
    for name, value in values.items():
        settings.set(name, value, priority="spider")
    # N workers each N times slower: together as polite as one (a -s value is scaled too)
    for name, scaled in (
        ("DOWNLOAD_DELAY", settings.getfloat("DOWNLOAD_DELAY") * workers),
        ("AUTOTHROTTLE_START_DELAY", settings.getfloat("AUTOTHROTTLE_START_DELAY") * workers),
        ("AUTOTHROTTLE_TARGET_CONCURRENCY",
         settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") / workers),
    ):
        settings.set(name, scaled, priority=settings.getpriority(name) or "spider")


@dataclass(frozen=True, slots=True)
class Popped:
    data: bytes  # the serialised request, as scrapy-redis queued it
    score: float  # its queue score (-priority)
    field: str  # where my registry holds it until claimed


class Job:
    """One worker's view of the shared job: its registry, heartbeat and the others'."""

    def __init__(self, client: redis.Redis, key: str, worker: str, ttl: float) -> None:
        self.client, self.key, self.worker = client, key, worker
        self.ttl_ms = max(100, int(ttl * 1000))
        self.incarnation = uuid.uuid4().hex[:12]
        self.queue = f"{key}:requests"
        self.owner = f"{key}:owner"
        self.workers = f"{key}:workers"
        self.beat_prefix = f"{key}:worker:"
        self.heartbeat = self.beat_prefix + worker
        self.inflight = self._inflight(worker)
        self._beats = 0
        self._claims = 0
        self.dupefilter = f"{key}:dupefilter"
        self._scripts = {name: client.register_script(code) for name, code in
                         (("enqueue", ENQUEUE), ("pop", POP), ("claim", CLAIM),
                          ("requeue", REQUEUE), ("release", RELEASE))}

    def _inflight(self, worker: str) -> str:
        return f"{self.key}:inflight:{worker}"

    @property
    def interval(self) -> float:
        """Seconds between heartbeats: several per lease, and at least one a second."""
        return min(1.0, self.ttl_ms / 5000)

    def join(self) -> int:
        """Register this worker; requeue what a killed run under its id left. Returns that count.

        A heartbeat under this id that keeps changing belongs to a live worker: refused.
        """
        before = self.client.get(self.heartbeat)
        if before is not None:
            time.sleep(2.5 * self.interval)
            after = self.client.get(self.heartbeat)
            if after is not None and after != before:
                raise WorkerIdInUse(f"worker id {self.worker!r} is in use by a live worker of "
                                    f"{self.key}: give each worker its own NEWSCRAWL_WORKER_ID")
        self.beat(busy=1)
        return self.requeue(self.worker)

    def beat(self, busy: int) -> None:
        self._beats += 1
        value = f"{self.incarnation} {self._beats} {busy}"
        with self.client.pipeline() as pipe:
            pipe.set(self.heartbeat, value, px=self.ttl_ms).sadd(self.workers, self.worker)
            pipe.execute()

    def enqueue(self, data: bytes, score: float, fingerprint: str | None) -> bool:
        """Queue a serialised request, unless `fingerprint` is in the job's dupefilter."""
        return bool(self._scripts["enqueue"](keys=[self.dupefilter, self.queue],
                                             args=[fingerprint or "", score, data]))

    def pop(self) -> Popped | None:
        """The best queued request, recorded in my registry before anyone can lose it."""
        self._claims += 1
        field = f"~{self.incarnation}:{self._claims}"
        top = self._scripts["pop"](keys=[self.queue, self.inflight], args=[field])
        return Popped(top[0], float(top[1]), field) if top else None

    def claim(self, popped: Popped, url: str, previous: str | None) -> str | None:
        """My claim id on `url` (None: another live worker is running it: drop this copy)."""
        claim = f"{self.incarnation}:{self._claims}"
        ok = self._scripts["claim"](
            keys=[self.owner, self.inflight],
            args=[self.worker, url, claim, popped.field, self.beat_prefix, previous or "",
                  self._inflight("")])
        return claim if ok else None

    def requeue(self, worker: str, *, if_dead: bool = False) -> int:
        """Put `worker`'s requests back in the queue (`if_dead`: only if its heartbeat has
        expired); -1 if it was alive."""
        keys = [self.queue, self.owner, self._inflight(worker), self.beat_prefix + worker,
                self.workers]
        return int(self._scripts["requeue"](keys=keys, args=[worker, "1" if if_dead else "0"]))

    def requeue_dead(self) -> int:
        """Requeue the requests of registered workers whose heartbeat has expired."""
        total = 0
        for raw in self.client.smembers(self.workers):
            worker = raw.decode()
            if worker == self.worker or self.client.exists(self.beat_prefix + worker):
                continue
            total += max(0, self.requeue(worker, if_dead=True))  # -1: it came back meanwhile
        return total

    def others_busy(self) -> bool:
        """Whether another live worker is processing requests (it may queue more)."""
        for raw in self.client.smembers(self.workers):
            worker = raw.decode()
            value = self.client.get(self.beat_prefix + worker) if worker != self.worker else None
            if value is not None and int(value.split()[-1]) > 0:
                return True
        return False

    def pending(self) -> int:
        return int(self.client.zcard(self.queue))

    def release(self) -> bool:
        """My requests are exported and committed: forget them and leave the job.

        True when this was the job's last worker and nothing is queued: the job's keys
        (dupefilter, reset marker) are cleared so that the next job starts afresh.
        """
        keys = [self.owner, self.inflight, self.workers, self.heartbeat, self.queue,
                f"{self.key}:dupefilter", f"{self.key}:reset"]
        args = [self.worker, self.beat_prefix, self._inflight("")]
        return bool(self._scripts["release"](keys=keys, args=args))

    def abandon(self) -> None:
        """Stopped before its work was committed: let the others requeue it now."""
        self.client.delete(self.heartbeat)
