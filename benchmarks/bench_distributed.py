"""One worker against several sharing a backfill through Redis, on a bigger copy of the snapshot.

    python benchmarks/bench_distributed.py [COPIES] [WORKERS]

Builds the site of `snapshot_copies.py` (37 × (COPIES + 1) articles) behind the tests' loopback
server, starts a redis-server, then runs the same distributed backfill twice on an empty
state: with one worker, then with WORKERS workers started together. Prints, per run, each
worker's exported items and the duplicates across all outputs, and the wall time from the
first start to the last exit (interpreter start-up included) with the workers' CPU time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.snapshot_copies import build_site  # noqa: E402
from tests.conftest import read_jsonl  # noqa: E402
from tests.redisserver import RedisServer  # noqa: E402
from tests.siteserver import SiteServer  # noqa: E402


def run(workers: int, root: str, redis_url: str, out: Path) -> tuple[float, float]:
    """A backfill by `workers` workers on a fresh state and job: wall time, workers' CPU time."""
    out.mkdir()
    prefix = f"bench{workers}"
    processes = []
    cpu = os.times()
    start = time.perf_counter()
    for n in range(workers):
        command = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"site_url={root}",
                   "-a", "mode=backfill", "-O", str(out / f"w{n}.jsonl")]
        for setting in ("NEWSCRAWL_DISTRIBUTED=True", "NEWSCRAWL_STATE_BACKEND=redis",
                        f"NEWSCRAWL_REDIS_URL={redis_url}", f"NEWSCRAWL_REDIS_PREFIX={prefix}",
                        f"NEWSCRAWL_WORKER_ID=w{n}", "LOG_LEVEL=WARNING"):
            command += ["-s", setting]
        processes.append(subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL))
    codes = [p.wait() for p in processes]
    wall = time.perf_counter() - start
    after = os.times()
    if any(codes):
        raise SystemExit(f"a worker failed: exit codes {codes}")
    return wall, after.children_user + after.children_system - cpu.children_user - (
        cpu.children_system)


def report(workers: int, times: tuple[float, float], out: Path, articles: int) -> None:
    per_worker = {p.stem: len(read_jsonl(p)) for p in sorted(out.glob("*.jsonl"))}
    counts = Counter(item["url"] for p in out.glob("*.jsonl") for item in read_jsonl(p))
    duplicates = sum(n - 1 for n in counts.values())
    print(f"{workers} worker(s): wall {times[0]:.1f} s, workers' CPU {times[1]:.1f} s; "
          f"exported {per_worker} = "
          f"{sum(per_worker.values())} of {articles}; distinct {len(counts)}; "
          f"duplicates {duplicates}")


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    work = Path(tempfile.mkdtemp(prefix="newscrawl-bench-"))
    redis_server = RedisServer()
    try:
        articles = build_site(work / "site", copies)
        with SiteServer(work / "site") as server:
            for n in (1, workers):
                out = work / f"run-{n}"
                report(n, run(n, server.root, redis_server.url, out), out, articles)
    finally:
        redis_server.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
