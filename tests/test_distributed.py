"""Several `scrapy crawl site -s NEWSCRAWL_DISTRIBUTED=True` workers sharing one backfill.

Real servers: the snapshot on a loopback HTTP server, a real redis-server (session fixture),
workers as subprocesses like a scheduler starts them. Every article must be exported exactly
once across the workers' published outputs, also when one worker is killed with SIGKILL in
the middle of its run and restarted.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import redis
from scrapy.settings import Settings

from newscrawl.distributed.job import Job, configure
from tests.conftest import REPO, project_settings, read_jsonl
from tests.redisserver import RedisServer
from tests.siteserver import SiteServer

ARTICLES = 37  # in the snapshot (tests/golden)


def start_worker(worker: str, server: SiteServer, redis_server: RedisServer, prefix: str,
                 out: Path, *extra: str) -> subprocess.Popen[str]:
    settings = {
        "NEWSCRAWL_DISTRIBUTED": "True", "NEWSCRAWL_STATE_BACKEND": "redis",
        "NEWSCRAWL_REDIS_URL": redis_server.url, "NEWSCRAWL_REDIS_PREFIX": prefix,
        "NEWSCRAWL_WORKER_ID": worker, "NEWSCRAWL_WORKER_TTL": "3",
        "NEWSCRAWL_STATS_FILE": str(out / f"{worker}.stats.json"),
        # slow enough that both workers share the work and a kill lands mid-run
        "DOWNLOAD_DELAY": "0.04", "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
    }
    command = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"site_url={server.root}",
               "-a", "mode=backfill", "-O", str(out / f"{worker}.jsonl"), *extra]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    log = (out / f"{worker}.log").open("a")
    return subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen[str], timeout: float = 60) -> int:
    return process.wait(timeout=timeout)


def exported(out: Path) -> Counter[str]:
    """Article URL → times exported, across every published output file."""
    return Counter(item["url"] for path in sorted(out.glob("*.jsonl"))
                   for item in read_jsonl(path))


def stats(out: Path, worker: str) -> dict[str, object]:
    return json.loads((out / f"{worker}.stats.json").read_text("utf-8"))


@pytest.fixture()
def prefix() -> str:
    return f"t{uuid.uuid4().hex[:8]}"  # this test's keys on the shared redis-server


def test_two_workers_export_every_article_exactly_once(
        site_server: SiteServer, redis_server: RedisServer, prefix: str, tmp_path: Path,
        goldens: dict[str, dict]) -> None:
    workers = [start_worker(w, site_server, redis_server, prefix, tmp_path) for w in ("a", "b")]
    assert [finish(w) for w in workers] == [0, 0], (tmp_path / "a.log").read_text()[-3000:]
    counts = exported(tmp_path)
    assert len(counts) == ARTICLES and set(counts.values()) == {1}
    assert {url.split("/", 3)[3] for url in counts} == {u.split("/", 3)[3] for u in goldens}
    per_worker = {w: len(read_jsonl(tmp_path / f"{w}.jsonl")) for w in ("a", "b")}
    assert all(per_worker.values()), per_worker  # both did a share of it
    assert sum(stats(tmp_path, w)["newscrawl/articles/new"] for w in ("a", "b")) == ARTICLES
    # the job is over: its queue and dupefilter are gone, so the next job starts afresh
    keys = redis_server.client().keys(f"{prefix}:job:*")
    assert keys == [], keys


def test_a_killed_worker_loses_nothing_after_a_restart(
        site_server: SiteServer, redis_server: RedisServer, prefix: str,
        tmp_path: Path) -> None:
    client = redis_server.client()
    a = start_worker("a", site_server, redis_server, prefix, tmp_path)
    b = start_worker("b", site_server, redis_server, prefix, tmp_path)
    held = f"{prefix}:job:127.0.0.1_{site_server.root.rsplit(':', 1)[1]}:inflight:a"
    deadline = time.monotonic() + 30
    while client.hlen(held) < 12 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert a.poll() is None, "worker a finished before it could be killed"
    a.send_signal(signal.SIGKILL)
    assert a.wait() == -signal.SIGKILL
    assert not (tmp_path / "a.jsonl").exists()  # a killed run publishes nothing
    restarted = start_worker("a", site_server, redis_server, prefix, tmp_path)
    assert finish(restarted) == 0 and finish(b) == 0, (tmp_path / "a.log").read_text()[-3000:]
    counts = exported(tmp_path)
    assert len(counts) == ARTICLES and set(counts.values()) == {1}, counts.most_common(3)
    requeued = sum(stats(tmp_path, w).get("newscrawl/distributed/requeued", 0) for w in "ab")
    assert requeued >= 12  # what `a` had popped went back to the queue


@pytest.mark.parametrize(("settings", "message"), [
    ({}, "NEWSCRAWL_STATE_BACKEND=redis"),  # SQLite is one machine's state
    ({"NEWSCRAWL_STATE_BACKEND": "redis", "NEWSCRAWL_STATE_PATH": ""}, "needs the crawl state"),
    ({"NEWSCRAWL_STATE_BACKEND": "redis", "JOBDIR": "jobs/x"}, "do not set JOBDIR"),
])
def test_a_distributed_worker_refuses_settings_it_cannot_honour(
        settings: dict[str, str], message: str) -> None:
    values = Settings(project_settings(), priority="project")
    values.setdict(settings, priority="cmdline")
    with pytest.raises(ValueError, match=message):
        configure(values, "newsmoris.com")


def test_workers_are_sized_to_stay_as_polite_as_one() -> None:
    settings = Settings(project_settings(), priority="project")
    settings.setdict({"NEWSCRAWL_STATE_BACKEND": "redis", "NEWSCRAWL_WORKERS": 3,
                      "DOWNLOAD_DELAY": 2.0}, priority="cmdline")
    configure(settings, "newsmoris.com")
    assert settings.getfloat("DOWNLOAD_DELAY") == 6.0  # a -s value is scaled too
    assert settings.getfloat("AUTOTHROTTLE_START_DELAY") == 3.0
    assert settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") == pytest.approx(1 / 3)
    assert settings.getbool("SCHEDULER_PERSIST")
    assert settings["SCHEDULER_QUEUE_KEY"] == "newscrawl:job:newsmoris.com:requests"


def test_one_live_worker_holds_a_request_and_a_dead_ones_go_back(
        redis_server: RedisServer, prefix: str) -> None:
    """The registry on its own: who may run a popped request, and what a dead worker held."""
    client = redis.Redis.from_url(redis_server.url)
    a, b = (Job(client, f"{prefix}:job:x", worker, ttl=5) for worker in ("a", "b"))
    assert a.join() == 0 and b.join() == 0
    client.zadd(a.queue, {b"first": 0})
    first = a.claim(a.pop(), "u", None)
    assert first is not None
    client.zadd(a.queue, {b"copy": 0})  # e.g. requeued while `a` still runs it
    assert b.claim(b.pop(), "u", None) is None  # dropped: `a` is alive and holds it
    client.zadd(a.queue, {b"retry": 0})  # a retry of `a`'s attempt, popped by `b`
    assert b.claim(b.pop(), "u", first) is not None
    assert client.hget(a.owner, "u").startswith(b"b ") and client.hlen(a.inflight) == 0
    b.abandon()  # stopped or killed: its heartbeat is gone
    assert a.requeue_dead() == 1
    assert client.zrange(a.queue, 0, -1) == [b"retry"]
    assert not a.release()  # the queue still holds work: the job goes on
    assert client.exists(f"{prefix}:job:x:requests")


def test_the_job_scripts_are_safe_to_repeat(redis_server: RedisServer, prefix: str) -> None:
    """A command retried after its reply was lost (Redis restarted) must not act twice."""
    client = redis.Redis.from_url(redis_server.url)
    a = Job(client, f"{prefix}:job:x", "a", ttl=5)
    a.join()
    assert a.enqueue(b"request", -50, "fp") and not a.enqueue(b"request", -50, "fp")
    assert client.sismember(a.dupefilter, "fp") and client.zcard(a.queue) == 1
    assert a.enqueue(b"retry", -50, None)  # a follow-up: not filtered
    popped = a.pop()
    assert popped is not None and popped.data == b"request"
    again = a._scripts["pop"](keys=[a.queue, a.inflight], args=[popped.field])  # the retry
    assert again[0] == b"request" and client.zrange(a.queue, 0, -1) == [b"retry"]
    claim = a.claim(popped, "u", None)
    assert claim is not None and a.claim(popped, "u", None) == claim  # the retry: still mine
    assert client.hkeys(a.inflight) == [b"u"]
    assert a.release() is False  # "retry" is still queued
