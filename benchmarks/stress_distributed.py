"""Kill/restart stress of the distributed job: are articles lost or exported twice?

    python benchmarks/stress_distributed.py [--iterations 300] [--workers 3] [--kills 3]
                                            [--legacy-enqueue] [--crawls 0] [--seed 1]

Scripts (the default, cheap): against a real redis-server, worker processes run the shared
scheduler's protocol with the production Redis scripts (`newscrawl.distributed.job.Job`:
enqueue through the dupefilter, pop, claim, requeue of dead workers, release) over a small
synthetic site (a root listing, listings, articles that link to other articles); an article
is "exported" unless the state (a set in Redis, written only after the worker's output file
is published) already holds it. Each iteration SIGKILLs random workers at random moments a
few times and restarts them under the same id (sometimes late, so that the others requeue
their work), then checks every published output: each article must be there exactly once.
`--legacy-enqueue` replays the scheduler's enqueue as it was before the fix: the dupefilter's
SADD, then the queue's ZADD, two separate commands.

Crawls (`--crawls N`): N times the real thing (`tests/test_distributed.py`'s scenario): two
`scrapy crawl site` workers on the snapshot, one SIGKILLed mid-run and restarted.

Prints iterations, kills, losses and duplicates; exits 1 if any article was lost or doubled.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newscrawl.distributed.job import Job  # noqa: E402
from newscrawl.redis_client import redis_client  # noqa: E402
from tests.redisserver import RedisServer  # noqa: E402

LISTINGS, PER_LISTING, OVERLAP = 6, 12, 3  # 6 × 12 articles, neighbours share 3
ARTICLE_SCORE, LISTING_SCORE = -50, -10  # scrapy-redis scores: -priority, articles first
TTL = 0.5  # worker heartbeat lease (s): the others requeue a dead worker's work after it
FETCH = 0.002  # seconds a page "downloads"


def articles() -> set[str]:
    return {f"a{n}" for n in range(LISTINGS * (PER_LISTING - OVERLAP) + OVERLAP)}


def links(url: str) -> list[str]:
    """What a page lists: root → listings → articles; an article links to its neighbour."""
    if url == "root":
        return [f"l{n}" for n in range(LISTINGS)]
    if url.startswith("l"):
        first = int(url[1:]) * (PER_LISTING - OVERLAP)
        return [f"a{n}" for n in range(first, first + PER_LISTING)]
    return [f"a{(int(url[1:]) + 7) % len(articles())}"]


def worker(redis_url: str, key: str, worker_id: str, out: str, legacy: bool) -> None:
    """One worker run: join, pop/claim/fetch until the job is drained, publish, commit."""
    client = redis_client(redis_url, 5)
    job = Job(client, key, worker_id, TTL)
    job.join()
    committed, exported, beat = f"{key}:committed", [], 0.0

    def enqueue(url: str) -> None:
        score = ARTICLE_SCORE if url.startswith("a") else LISTING_SCORE
        if not legacy:
            job.enqueue(url.encode(), score, url)
        elif client.sadd(job.dupefilter, url):  # the old two-step enqueue
            client.zadd(job.queue, {url.encode(): score})

    enqueue("root")  # every worker's start request; filtered unless the job is new
    while True:
        if time.monotonic() - beat > job.interval:
            job.beat(busy=1)
            beat = time.monotonic()
        popped = job.pop()
        if popped is None:
            job.beat(busy=0)
            if job.requeue_dead() or job.pending() or job.others_busy():
                time.sleep(0.005)
                continue
            break
        url = popped.data.decode()
        if job.claim(popped, url, None) is None:
            continue
        time.sleep(FETCH)  # the download
        for link in links(url):
            enqueue(link)
        if url.startswith("a") and url not in exported and not client.sismember(committed, url):
            exported.append(url)
    final = Path(out) / f"{worker_id}-{os.getpid()}.txt"
    temp = final.with_suffix(".tmp")
    temp.write_text("".join(f"{url}\n" for url in exported))
    os.replace(temp, final)  # published, then committed (as the feed, then the state)
    if exported:
        client.sadd(committed, *exported)
    job.release()


def iteration(n: int, redis_url: str, args: argparse.Namespace, rng: random.Random,
              ctx: multiprocessing.context.BaseContext) -> tuple[int, set[str], list[str]]:
    """Kills, lost articles and doubled articles of one run of the job."""
    out = Path(tempfile.mkdtemp(prefix="stress-"))
    key = f"stress{n}:job:site"
    ids = [f"w{i}" for i in range(args.workers)]

    def start(worker_id: str) -> multiprocessing.Process:
        process = ctx.Process(target=worker, args=(redis_url, key, worker_id, str(out),
                                                    args.legacy_enqueue))
        process.start()
        return process

    running = {w: start(w) for w in ids}
    kills = 0
    for _ in range(rng.randint(1, args.kills)):
        time.sleep(rng.uniform(0, 0.1))
        alive = [w for w, p in running.items() if p.is_alive()]
        if not alive:
            break
        victim = rng.choice(alive)
        os.kill(running[victim].pid, signal.SIGKILL)
        running[victim].join()
        kills += 1
        if rng.random() < 0.7:  # restarted at once; else later: the others requeue its work
            running[victim] = start(victim)
        else:
            running[victim] = start_late(ctx, start, victim, rng.uniform(0.3, 1.2))
    for process in running.values():
        process.join(timeout=120)
    published = Counter(line for path in out.glob("*.txt")
                        for line in path.read_text().split())
    shutil.rmtree(out, ignore_errors=True)
    return kills, articles() - set(published), [u for u, c in published.items() if c > 1]


def start_late(ctx: multiprocessing.context.BaseContext, start: object, worker_id: str,
               delay: float) -> multiprocessing.Process:
    time.sleep(delay)
    return start(worker_id)  # type: ignore[operator]


def stress_scripts(args: argparse.Namespace) -> tuple[int, int, int]:
    rng = random.Random(args.seed)
    ctx = multiprocessing.get_context("fork")
    server = RedisServer()
    kills = lost = doubled = 0
    try:
        for n in range(args.iterations):
            k, missing, twice = iteration(n, server.url, args, rng, ctx)
            kills, lost, doubled = kills + k, lost + len(missing), doubled + len(twice)
            if missing or twice:
                print(f"  iteration {n}: lost {sorted(missing)}, doubled {sorted(twice)}")
    finally:
        server.close()
    return kills, lost, doubled


def stress_crawls(args: argparse.Namespace) -> tuple[int, int, int]:
    """The real kill/restart scenario, `args.crawls` times (see tests/test_distributed.py)."""
    from tests.conftest import SNAPSHOT
    from tests.siteserver import SiteServer
    from tests.test_distributed import ARTICLES, exported, start_worker

    rng = random.Random(args.seed)
    server = RedisServer()
    lost = doubled = 0
    try:
        with SiteServer(SNAPSHOT) as site:
            for n in range(args.crawls):
                out = Path(tempfile.mkdtemp(prefix="stress-crawl-"))
                prefix = f"crawl{n}"
                a = start_worker("a", site, server, prefix, out)
                b = start_worker("b", site, server, prefix, out)
                held = f"{prefix}:job:127.0.0.1_{site.root.rsplit(':', 1)[1]}:inflight:a"
                client, target = server.client(), rng.randint(2, 16)
                deadline = time.monotonic() + 60
                while client.hlen(held) < target and a.poll() is None:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.01)
                a.send_signal(signal.SIGKILL)
                a.wait()
                codes = [start_worker("a", site, server, prefix, out).wait(timeout=180),
                         b.wait(timeout=180)]
                counts = exported(out)
                missing = ARTICLES - len(counts)
                twice = sum(1 for c in counts.values() if c > 1)
                lost, doubled = lost + missing, doubled + twice
                print(f"  crawl {n}: killed at {target} held, exits {codes}, "
                      f"{len(counts)} exported, lost {missing}, doubled {twice}", flush=True)
                shutil.rmtree(out, ignore_errors=True)
    finally:
        server.close()
    return args.crawls, lost, doubled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--kills", type=int, default=3, help="at most this many per iteration")
    parser.add_argument("--legacy-enqueue", action="store_true")
    parser.add_argument("--crawls", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    failed = False
    if args.iterations:
        start = time.perf_counter()
        kills, lost, doubled = stress_scripts(args)
        print(f"scripts: {args.iterations} iterations, {args.workers} workers, {kills} kills "
              f"and restarts, {len(articles())} articles each: {lost} lost, {doubled} doubled"
              f"{' (legacy enqueue)' if args.legacy_enqueue else ''} "
              f"in {time.perf_counter() - start:.0f} s")
        failed |= bool(lost or doubled)
    if args.crawls:
        start = time.perf_counter()
        crawls, lost, doubled = stress_crawls(args)
        print(f"crawls: {crawls} kill/restart crawls of the snapshot: {lost} lost, "
              f"{doubled} doubled in {time.perf_counter() - start:.0f} s")
        failed |= bool(lost or doubled)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
