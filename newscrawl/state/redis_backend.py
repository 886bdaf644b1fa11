"""The crawl state on Redis: what `newscrawl.state` keeps in SQLite, shared by several machines.

Same content and semantics as the SQLite backend (articles, revisions, sources, the
full-coverage marker; writes staged in a `Batch` and committed at once after the feeds are
published; `reset` reads empty and replaces everything on commit). Keys, under
`<prefix>:state:<target>:`:

    articles   hash  url → ArticleState as JSON
    post_ids   hash  post id → url of its latest export
    sources    hash  child sitemap url → {"lastmod", "checked"} as JSON
    meta       hash  e.g. full_coverage → when
    tombstones hash  url → Tombstone as JSON (an exported article found gone or moved)
    lock       string, expiring: the run (or distributed job) using the state
    holders    sorted set: the processes sharing the lock, scored by their lease's end (ms)

The commit is one Lua script: Redis runs it atomically, and it checks every row before its
first write, so a commit writes everything or nothing. The run lock expires
(`lock_ttl`) unless its holder renews it, so a killed run does not lock out the next one for
ever. Workers of one distributed job share the lock (same `owner`, one holder each).
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import asdict

import redis

from newscrawl.redis_client import DEFAULT_RETRY_SECONDS, redis_client
from newscrawl.state.sqlite import ArticleState, Batch, StateLockedError, Tombstone, utc_now

DEFAULT_LOCK_TTL = 60.0  # seconds a lease lasts without renewal

# KEYS: lock, holders. ARGV: owner, holder, ttl ms, mode: exclusive | shared (acquire) or
# renew. 0: held by another owner (acquire), or the lease was lost (renew).
LEASE = """
local owner = redis.call('GET', KEYS[1])
if ARGV[4] == 'renew' then
  if owner ~= ARGV[1] then return 0 end
elseif owner and not (owner == ARGV[1] and ARGV[4] == 'shared') then
  return 0
end
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
"""
# KEYS: lock, holders. ARGV: owner, holder. The lock goes with its last live holder.
RELEASE = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local t = redis.call('TIME')
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', t[1] * 1000 + math.floor(t[2] / 1000))
if redis.call('ZCARD', KEYS[2]) == 0 then redis.call('DEL', KEYS[1], KEYS[2]) end
return 1
"""
# KEYS: articles, post_ids, sources, meta, lock, reset_once, tombstones. ARGV: batch JSON, now,
# reset, clean, finished, owner, reset token. Checks first, then writes.
COMMIT = """
if redis.call('GET', KEYS[5]) ~= ARGV[6] then
  return redis.error_reply('STATELOCK the state lock was lost: nothing committed')
end
local batch = cjson.decode(ARGV[1])
local now = ARGV[2]
for _, row in ipairs(batch.articles) do
  if type(row.revision) ~= 'number' or row.revision < 1 or type(row.url) ~= 'string'
     or type(row.fingerprint) ~= 'string' then
    return redis.error_reply('INVALID article row ' .. tostring(row.url)
                             .. ': revision >= 1, url and fingerprint required')
  end
end
if ARGV[3] == '1' then
  -- once per distributed job: the first worker's commit replaces, the others add to it
  local wipe = KEYS[6] == '' or redis.call('SET', KEYS[6], ARGV[7], 'NX') ~= false
  if wipe then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[7]) end
end
for _, pair in ipairs(batch.replaces) do
  if pair[1] ~= pair[2] then
    local old = redis.call('HGET', KEYS[1], pair[2])
    if old then
      local pid = cjson.decode(old).post_id
      if pid ~= cjson.null and redis.call('HGET', KEYS[2], tostring(pid)) == pair[2] then
        redis.call('HDEL', KEYS[2], tostring(pid))
      end
      redis.call('HDEL', KEYS[1], pair[2])
    end
  end
end
for _, row in ipairs(batch.articles) do
  local old = redis.call('HGET', KEYS[1], row.url)
  if old then
    local prior = cjson.decode(old)
    row.first_seen = prior.first_seen
    if row.sitemap == cjson.null then row.sitemap = prior.sitemap end
  end
  redis.call('HSET', KEYS[1], row.url, cjson.encode(row))
  redis.call('HDEL', KEYS[7], row.url)
  if row.post_id ~= cjson.null then
    redis.call('HSET', KEYS[2], string.format('%d', row.post_id), row.url)
  end
end
for _, pair in ipairs(batch.touched) do
  local old = redis.call('HGET', KEYS[1], pair[1])
  if old then
    local row = cjson.decode(old)
    row.last_seen = now
    if pair[2] ~= cjson.null then row.lastmod = pair[2] end
    redis.call('HSET', KEYS[1], pair[1], cjson.encode(row))
  end
end
for _, url in ipairs(batch.seen) do
  local old = redis.call('HGET', KEYS[1], url)
  if old then
    local row = cjson.decode(old)
    row.last_seen = now
    redis.call('HSET', KEYS[1], url, cjson.encode(row))
  end
end
if ARGV[4] == '1' then
  for _, pair in ipairs(batch.sources) do
    redis.call('HSET', KEYS[3], pair[1], cjson.encode({lastmod = pair[2], checked = now}))
  end
end
if ARGV[5] == '1' and batch.full_coverage then
  redis.call('HSET', KEYS[4], 'full_coverage', now)
end
for _, pair in ipairs(batch.listed) do
  local old = redis.call('HGET', KEYS[1], pair[1])
  if old then
    local row = cjson.decode(old)
    row.sitemap = pair[2]
    redis.call('HSET', KEYS[1], pair[1], cjson.encode(row))
  end
end
for _, stone in ipairs(batch.tombstones) do
  redis.call('HSET', KEYS[7], stone.url, cjson.encode(stone))
end
return 1
"""


class RedisCrawlState:
    """The Redis state of one target, opened for one run (or one distributed job's worker)."""

    def __init__(self, url: str, target: str, *, prefix: str = "newscrawl", reset: bool = False,
                 lock_ttl: float = DEFAULT_LOCK_TTL, owner: str | None = None,
                 holder: str | None = None, reset_once_key: str | None = None,
                 retry_seconds: float = DEFAULT_RETRY_SECONDS) -> None:
        self.client = redis_client(url, retry_seconds, decode_responses=True)
        base = f"{prefix}:state:{target}"
        self.keys = {name: f"{base}:{name}" for name in
                     ("articles", "post_ids", "sources", "meta", "lock", "holders",
                      "tombstones")}
        self.path = f"redis {base}"  # for logs: never the URL (it may hold a password)
        self.reset = reset
        self.pending = Batch()
        self.shared = owner is not None  # workers of one job share the lock
        self.owner = owner or uuid.uuid4().hex
        self.holder = holder or uuid.uuid4().hex
        self.reset_once_key = reset_once_key or ""
        self._ttl_ms = max(1, int(lock_ttl * 1000))
        self._scripts = {name: self.client.register_script(code) for name, code in
                         (("lease", LEASE), ("release", RELEASE), ("commit", COMMIT))}
        if not self._lock_script("lease", "shared" if self.shared else "exclusive"):
            raise StateLockedError(f"{self.path} is in use by another run "
                                   f"(lock {self.keys['lock']})")
        self._stop = threading.Event()
        self._renewer = threading.Thread(target=self._renew_loop, name="state-lock", daemon=True)
        self._renewer.start()

    def _lock_script(self, name: str, *extra: str) -> int:
        args = [self.owner, self.holder, *(() if name == "release" else (self._ttl_ms,)), *extra]
        return int(self._scripts[name](keys=[self.keys["lock"], self.keys["holders"]],
                                       args=args))

    def _renew_loop(self) -> None:
        while not self._stop.wait(self._ttl_ms / 3000):
            try:
                if not self._lock_script("lease", "renew"):
                    return  # lost (expired and taken): the commit will refuse to write
            except redis.RedisError:
                continue  # a blip: the lease outlives a few missed renewals

    def close(self) -> None:
        self._stop.set()
        self._renewer.join()
        try:
            self._lock_script("release")
        finally:
            self.client.close()

    def abandon(self) -> None:
        """Close without a word to Redis (it is unreachable): the lock expires on its own."""
        self._stop.set()
        self.client.close()

    def holds_lock(self) -> bool:
        """Whether this run still holds the run lock (Redis answering, within the bound)."""
        return self.client.get(self.keys["lock"]) == self.owner

    # -- reads -----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return self.count() == 0

    def count(self) -> int:
        return 0 if self.reset else int(self.client.hlen(self.keys["articles"]))

    def full_coverage(self) -> str | None:
        return None if self.reset else self.client.hget(self.keys["meta"], "full_coverage")

    def get(self, url: str) -> ArticleState | None:
        if self.reset:
            return None
        return _article(self.client.hget(self.keys["articles"], url))

    def get_by_post_id(self, post_id: int | None) -> ArticleState | None:
        if post_id is None or self.reset:
            return None
        url = self.client.hget(self.keys["post_ids"], str(post_id))
        row = self.get(url) if url else None
        return row if row is not None and row.post_id == post_id else None

    def source_lastmod(self, url: str) -> str | None:
        if self.reset:
            return None
        raw = self.client.hget(self.keys["sources"], url)
        return json.loads(raw)["lastmod"] if raw else None

    def all_articles(self) -> list[ArticleState]:
        return [row for raw in self.client.hvals(self.keys["articles"])
                if (row := _article(raw)) is not None]

    def tombstone(self, url: str) -> Tombstone | None:
        if self.reset:
            return None
        raw = self.client.hget(self.keys["tombstones"], url)
        return Tombstone(**json.loads(raw)) if raw else None

    def tombstones(self) -> dict[str, Tombstone]:
        if self.reset:
            return {}
        return {url: Tombstone(**json.loads(raw))
                for url, raw in self.client.hgetall(self.keys["tombstones"]).items()}

    # -- writes ----------------------------------------------------------------------------

    def commit(self, *, finished: bool = True, failed: int = 0) -> dict[str, int]:
        """Write the pending batch atomically (as `CrawlState.commit`), then start a new one."""
        clean = finished and not failed
        batch = self.pending
        payload = {
            "articles": [asdict(a) for a in batch.articles.values()],
            "replaces": [[new, old] for new, old in batch.replaces.items()],
            "touched": [[url, lastmod] for url, lastmod in batch.touched.items()],
            "seen": sorted(batch.seen),
            "sources": [[url, lastmod] for url, lastmod in batch.sources.items()],
            "full_coverage": batch.full_coverage,
            "listed": [[url, sitemap] for url, sitemap in batch.listed.items()],
            "tombstones": [asdict(t) for t in batch.tombstones.values()],
        }
        keys = [self.keys[k] for k in ("articles", "post_ids", "sources", "meta", "lock")]
        try:
            self._scripts["commit"](
                keys=[*keys, self.reset_once_key, self.keys["tombstones"]],
                args=[json.dumps(payload, ensure_ascii=False), utc_now(), int(self.reset),
                      int(clean), int(finished), self.owner, self.owner])
        except redis.ResponseError as error:
            if str(error).startswith("STATELOCK"):
                raise StateLockedError(f"{self.path}: {error}") from None
            raise
        self.reset, self.pending = False, Batch()
        return {"articles": len(batch.articles), "touched": len(batch.touched),
                "seen": len(batch.seen), "sources": len(batch.sources) if clean else 0,
                "tombstones": len(batch.tombstones)}


def _article(raw: str | None) -> ArticleState | None:
    if not raw:
        return None
    data = json.loads(raw)
    data.setdefault("sitemap", None)  # rows written before sitemaps were recorded
    return ArticleState(**data)

