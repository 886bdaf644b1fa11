"""The hostile-input crawl of tests/test_hostile.py, with its figures printed.

    python benchmarks/bench_hostile.py [RUNS]

One backfill of the snapshot on a loopback server with a spider trap (an archive and its feed
paginating forever over failing links), gzip bombs, deep markup and JSON-LD, off-site
redirects, a hijacked canonical and the rest of the hostile cases. Prints, per run: wall
time, requests, trap pages and links, real articles exported, and the hostile-input stats.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests import hostile  # noqa: E402
from tests.conftest import load_goldens  # noqa: E402
from tests.test_hostile import hostile_crawl  # noqa: E402

KEYS = ("newscrawl/discovery/stopped/", "newscrawl/discovery/refused/", "newscrawl/offsite/",
        "newscrawl/articles/failed", "newscrawl/extraction/deep", "newscrawl/extraction/json_ld",
        "newscrawl/extraction/offsite", "newscrawl/skipped/", "newscrawl/errors/",
        "newscrawl/dropped/")


def main(runs: int) -> None:
    goldens = load_goldens()
    for number in range(1, runs + 1):
        run = hostile_crawl(Path(tempfile.mkdtemp(prefix="hostile-")))
        trap_pages = [p for p in run.requests if p.startswith(hostile.TRAP)]
        trap_links = {p for p in run.requests if "/trap-" in p}
        real = sum(1 for item in run.items if item["url"] in goldens)
        print(f"run {number}: exit {run.returncode}, {run.seconds:.1f} s wall, "
              f"{len(run.requests)} requests ({len(trap_pages)} trap pages, {len(trap_links)} "
              f"trap links), {real}/{len(goldens)} real articles, other host got "
              f"{len(run.other_host_requests)} requests, tracebacks: "
              f"{run.stderr.count('Traceback')}")
    for key, value in sorted(run.stats.items()):
        if key.startswith(KEYS):
            print(f"  {key}: {value}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
