"""Extraction + pipelines of two checkouts, A/B in one process, page by page.

    python benchmarks/ab_extraction.py BEFORE_CHECKOUT AFTER_CHECKOUT [--rounds 15]

`bench_crawl.py`'s extraction section (the page object and the item pipelines but state and
dedupe, `tests.conftest.page_item`, on the snapshot's exported article pages) for each
checkout's own code, loaded side by side in this process, the start-up heap frozen as the
crawl freezes it; each page runs under both, in alternating order, with
`lxml.html.fromstring` beside them. A checkout older than `page_item` is timed with
`process_page` (which adds the item's conversion to a dict). On a shared machine the per-call
median of separate processes moves by ±15 % from one run to the next; the paired difference
of the same page in one process does not. The first round checks that both give the same
items (but `crawled_at`).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import statistics
import sys
import time
from types import ModuleType
from typing import Any

import lxml.html
from itemadapter import ItemAdapter

OWN = ("newscrawl", "tests", "bench_crawl", "synthetic_site")


def load(checkout: str) -> tuple[ModuleType, ModuleType, list[object], dict[str, ModuleType]]:
    """The checkout's bench module, synthetic site module, pipeline chain and its modules."""
    for name in [m for m in sys.modules if m.split(".")[0] in OWN]:
        del sys.modules[name]
    sys.path[:0] = [f"{checkout}/benchmarks", checkout]
    try:
        bench = importlib.import_module("bench_crawl")
        site = importlib.import_module("synthetic_site")
        chain = bench.pipeline_chain(exclude=("state.", "dedupe."))
    finally:
        del sys.path[:2]
    return bench, site, chain, {m: sys.modules[m] for m in sys.modules if m.split(".")[0] in OWN}


def timed(func: Any, *args: Any) -> tuple[float, Any]:
    start = time.process_time()
    result = func(*args)
    return time.process_time() - start, result


def compare(sides: dict[str, Any], pages: list[tuple[str, str]], rounds: int,
            spent: dict[str, list[float]]) -> None:
    """Each page under both checkouts, in alternating order, and lxml's parse; the first
    round checks that the items are the same."""
    for round_ in range(rounds):
        for number, (url, html) in enumerate(pages):
            items = {}
            for side in ("before", "after") if (round_ + number) % 2 else ("after", "before"):
                bench, _, chain, modules = sides[side]
                sys.modules.update(modules)  # the harness imports the page object per call
                run = getattr(bench, "page_item", None) or bench.process_page
                took, item = timed(run, html, url, bench.FETCHED_AT, chain)
                spent[side].append(took)
                items[side] = ItemAdapter(item).asdict()
            spent["lxml"].append(timed(lxml.html.fromstring, html)[0])
            if round_ == 0:
                for item in items.values():
                    item.pop("crawled_at", None)
                if items["before"] != items["after"]:
                    raise SystemExit(f"the checkouts' items differ on {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the snapshot's deliberate oddities are logged
    sides = {"before": load(args.before), "after": load(args.after)}
    bench, site, chain, modules = sides["before"]
    sys.modules.update(modules)
    pages = [(url, html) for url, html in site.SyntheticSite(0, "http://127.0.0.1:8000")
             .base_pages() if bench.exported(html, url, chain)]
    spent: dict[str, list[float]] = {"before": [], "after": [], "lxml": []}
    with bench.frozen_heap() if hasattr(bench, "frozen_heap") else contextlib.nullcontext():
        compare(sides, pages, args.rounds, spent)
    ms = {side: 1000 * statistics.median(found) for side, found in spent.items()}
    paired = 1000 * statistics.median(b - a for a, b in zip(spent["before"], spent["after"],
                                                             strict=True))
    print(f"{len(pages)} pages x {args.rounds} rounds, load average {os.getloadavg()[0]:.1f}; "
          "CPU ms per page, median")
    print(f"  lxml.html.fromstring  {ms['lxml']:6.3f}")
    for side, checkout in (("before", args.before), ("after", args.after)):
        print(f"  {side:<6} {ms[side]:6.3f}  ratio to lxml {ms[side] / ms['lxml']:.2f}  "
              f"(mean {1000 * statistics.mean(spent[side]):.3f})  {checkout}")
    print(f"  paired median, after - before: {paired:+.3f} ms")


if __name__ == "__main__":
    main()
