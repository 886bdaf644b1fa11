"""Extraction cost per article page: page object alone, and page object + pipelines.

    python benchmarks/bench_extraction.py [ROUNDS]

Prints median and p95 milliseconds per page over every article page of the snapshot.
"""

from __future__ import annotations

import logging
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newscrawl.extraction.page import ArticlePage  # noqa: E402
from newscrawl.snapshot import Snapshot  # noqa: E402
from tests.conftest import SNAPSHOT, article_file, load_goldens, pipeline_chain, process_page  # noqa: E402


def timed(func, pages: list[tuple[str, str]], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for url, html in pages:
            start = time.perf_counter()
            func(html, url)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    p95 = statistics.quantiles(samples, n=20)[-1]
    print(f"  {name:<28} median {statistics.median(samples):6.2f} ms   p95 {p95:6.2f} ms")


def main() -> None:
    logging.disable(logging.WARNING)  # the snapshot's deliberate oddities are logged
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    pages = [(url, article_file(url).read_text("utf-8")) for url in load_goldens()]
    fetched_at = Snapshot(SNAPSHOT).captured.isoformat()
    chain = pipeline_chain(exclude=("state.", "dedupe."))
    size = statistics.mean(len(html) for _, html in pages) / 1024
    print(f"{len(pages)} article pages (mean {size:.0f} KiB), {rounds} rounds")
    report("page object", timed(lambda h, u: ArticlePage(h, u).to_item(fetched_at), pages, rounds))
    report("page object + pipelines",
           timed(lambda h, u: process_page(h, u, fetched_at, chain), pages, rounds))


if __name__ == "__main__":
    main()
