"""Redis goes away in the middle of a distributed backfill (issue 18, §2).

Real servers: a redis-server of its own per test with `appendonly yes` (`appendfsync always`),
killed with SIGKILL and restarted from its AOF on the same port; the snapshot on a loopback
HTTP server; two workers as subprocesses. Shorter than `NEWSCRAWL_REDIS_RETRY_SECONDS`, the
outage costs a wait; longer, the workers stop with exit 9, publish nothing, commit nothing, and
the next run exports exactly what they did not.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from newscrawl.commands.crawl import EXIT_FEED_NOT_STORED, EXIT_REDIS_UNAVAILABLE
from newscrawl.redis_client import redis_client
from tests.conftest import REPO, SNAPSHOT, run_crawl
from tests.redisserver import RedisServer, free_port
from tests.siteserver import SiteServer
from tests.test_distributed import ARTICLES, exported, start_worker

WORKERS = ("a", "b")


@pytest.fixture()
def durable_redis() -> Iterator[RedisServer]:
    server = RedisServer(appendonly=True)
    yield server
    server.close()


def start(site: SiteServer, redis_server: RedisServer, prefix: str, out: Path,
          retry_seconds: float) -> list[subprocess.Popen[str]]:
    return [start_worker(worker, site, redis_server, prefix, out,
                         "-s", f"NEWSCRAWL_REDIS_RETRY_SECONDS={retry_seconds}",
                         "-s", "NEWSCRAWL_WORKER_TTL=30") for worker in WORKERS]


def kill_when_busy(redis_server: RedisServer, prefix: str, site: SiteServer) -> None:
    """SIGKILL Redis once the workers hold a few popped requests (first articles)."""
    client = redis_server.client()
    job = f"{prefix}:job:127.0.0.1_{site.root.rsplit(':', 1)[1]}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        held = [client.hlen(f"{job}:inflight:{w}") for w in WORKERS]
        if min(held) >= 1 and sum(held) >= 4:  # both past their start-up, articles popped
            break
        time.sleep(0.01)
    else:
        pytest.fail("the workers never got going")
    redis_server.kill()


def logs(out: Path) -> dict[str, str]:
    return {w: (out / f"{w}.log").read_text("utf-8") for w in WORKERS}


def error_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if re.search(r"\] ERROR: ", line)]


def test_an_outage_shorter_than_the_bound_costs_a_wait(
        site_server: SiteServer, durable_redis: RedisServer, tmp_path: Path) -> None:
    prefix = f"t{uuid.uuid4().hex[:8]}"
    workers = start(site_server, durable_redis, prefix, tmp_path, retry_seconds=30)
    kill_when_busy(durable_redis, prefix, site_server)
    time.sleep(3)  # down for 3 s, then back from its AOF on the same port
    durable_redis.start()
    assert [w.wait(timeout=120) for w in workers] == [0, 0], logs(tmp_path)["a"][-3000:]
    counts = exported(tmp_path)
    assert len(counts) == ARTICLES and set(counts.values()) == {1}, counts.most_common(3)
    for worker, log in logs(tmp_path).items():
        assert "Traceback" not in log and error_lines(log) == [], (worker, log[-3000:])
        assert "Dropped" not in log


def test_an_outage_beyond_the_bound_stops_the_run_and_the_next_run_redoes_it(
        site_server: SiteServer, durable_redis: RedisServer, tmp_path: Path) -> None:
    prefix = f"t{uuid.uuid4().hex[:8]}"
    failed = tmp_path / "failed"
    failed.mkdir()
    workers = start(site_server, durable_redis, prefix, failed, retry_seconds=2)
    kill_when_busy(durable_redis, prefix, site_server)
    codes = [w.wait(timeout=60) for w in workers]  # Redis stays down meanwhile
    assert codes == [EXIT_REDIS_UNAVAILABLE] * 2, logs(failed)["a"][-3000:]
    assert list(failed.glob("*.jsonl")) == []  # no partial feed published
    assert list(failed.glob("*.tmp")) == []  # nor left behind
    for worker, log in logs(failed).items():
        errors = error_lines(log)
        assert len(errors) == 1 and "Redis at 127.0.0.1:" in errors[0], (worker, errors)
        assert "Traceback" not in log, (worker, log[-3000:])
    durable_redis.start()  # back, from its AOF: the job's queue and registries are intact
    again = tmp_path / "again"
    again.mkdir()
    workers = start(site_server, durable_redis, prefix, again, retry_seconds=30)
    assert [w.wait(timeout=120) for w in workers] == [0, 0], logs(again)["a"][-3000:]
    counts = exported(again)
    assert len(counts) == ARTICLES and set(counts.values()) == {1}, counts.most_common(3)


def test_a_command_waits_for_redis_up_to_the_bound(durable_redis: RedisServer) -> None:
    client = redis_client(durable_redis.url, retry_seconds=20)
    client.set("k", "v")
    durable_redis.kill()
    threading.Timer(1.0, durable_redis.start).start()  # back in 1 s, from its AOF
    started = time.monotonic()
    assert client.get("k") == b"v"  # waited, then answered
    assert time.monotonic() - started >= 0.9
    durable_redis.kill()
    impatient = redis_client(durable_redis.url, retry_seconds=0.5)
    started = time.monotonic()
    with pytest.raises(redis.ConnectionError):
        impatient.get("k")
    assert 0.4 <= time.monotonic() - started < 5


def test_a_run_that_cannot_reach_redis_at_start_exits_9(tmp_path: Path) -> None:
    nobody = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    done = run_crawl("-a", f"snapshot={SNAPSHOT}", output=tmp_path / "out.jsonl",
                     settings={"NEWSCRAWL_STATE_BACKEND": "redis", "NEWSCRAWL_REDIS_URL": nobody,
                               "NEWSCRAWL_REDIS_RETRY_SECONDS": "1"})
    assert done.returncode == EXIT_REDIS_UNAVAILABLE, done.stderr[-3000:]
    errors = error_lines(done.stderr)
    assert len(errors) == 1 and "Redis at 127.0.0.1:" in errors[0], errors
    assert "Traceback" not in done.stderr and not (tmp_path / "out.jsonl").exists()


def test_a_run_that_lost_its_lock_publishes_nothing(
        site_server: SiteServer, redis_server: RedisServer, tmp_path: Path) -> None:
    """Its commit would be refused: its feed must not reach consumers either (no duplicate
    in the next run's output)."""
    prefix = f"t{uuid.uuid4().hex[:8]}"
    base = f"{prefix}:state:127.0.0.1_{site_server.root.rsplit(':', 1)[1]}"
    command = [sys.executable, "-m", "scrapy", "crawl", "site", "-a",
               f"site_url={site_server.root}", "-O", str(tmp_path / "out.jsonl")]
    for name, value in {"NEWSCRAWL_STATE_BACKEND": "redis", "NEWSCRAWL_REDIS_URL":
                        redis_server.url, "NEWSCRAWL_REDIS_PREFIX": prefix,
                        "DOWNLOAD_DELAY": "0.05"}.items():
        command += ["-s", f"{name}={value}"]
    run = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE, text=True)
    client = redis_server.client()
    deadline = time.monotonic() + 60
    while client.get(f"{base}:lock") is None and time.monotonic() < deadline:
        time.sleep(0.01)
    client.set(f"{base}:lock", "another-run", px=60_000)  # its lease expired and was taken
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == EXIT_FEED_NOT_STORED, stderr[-3000:]
    assert "the run lock was lost" in stderr
    assert not (tmp_path / "out.jsonl").exists() and client.hlen(f"{base}:articles") == 0
