"""The project against a bare Scrapy spider on one synthetic site, side by side, in one run.

    python benchmarks/bench_crawl.py [--articles 3000] [--runs 3] [--server auto]
                                     [--rss 1000,20000]

1. Crawl: a synthetic site of ARTICLES articles (`synthetic_site.py`: the snapshot builder's
   markup, both generations, ~62 KB pages) on loopback, served by nginx from static files
   when nginx is installed (`--server auto`), else by the Python server (which paces a bare
   spider: the ratio then says only that both keep up with it). `scrapy crawl site -a
   mode=backfill` (sitemaps, feeds, archives, links; JSONL export, empty state) against
   `bare_spider.py` (home pagination → `{url, title}`), each a subprocess, interleaved A B A B
   RUNS times so the drift of a shared machine falls on both: article pages/s (over Scrapy's
   elapsed time), process CPU ms per article page, the process's CPU use in cores (a crawl
   well under 1 core is waiting on its server), the server's own CPU, peak RSS; medians.
2. Extraction: CPU ms per article page, from the HTML string, of the page object + the
   pipelines, against `lxml.html.fromstring` and `trafilatura.extract`.
3. Memory: the project's peak RSS crawling sites of each size in `--rss`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
import trafilatura
from scrapy.exceptions import DropItem

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from synthetic_site import sample_paths, served_alike, site_server  # noqa: E402

from newscrawl.snapshot import Snapshot  # noqa: E402
from tests.conftest import pipeline_chain, process_page  # noqa: E402

FETCHED_AT = Snapshot(REPO / "samples" / "site").captured.isoformat()


def run(command: list[str], cwd: Path) -> dict[str, float]:
    """Run a crawl subprocess; its own CPU seconds, wall seconds and peak RSS (MiB).

    The peak is the child's own `VmHWM`, read from /proc while it runs: `ru_maxrss` of a
    child holds its parent's peak too (Linux keeps the larger across the exec), and this
    process grows to hundreds of MiB (the site, the extraction rounds)."""
    with tempfile.TemporaryFile() as stderr:
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
        peak_kib = 0
        while True:
            peak_kib = max(peak_kib, _peak_rss_kib(process.pid))
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        wall = time.monotonic() - started
        if os.waitstatus_to_exitcode(status) != 0:
            stderr.seek(0)
            sys.stderr.write(stderr.read().decode("utf-8", "replace")[-3000:])
            raise SystemExit(f"{command[3]} crawl exited {os.waitstatus_to_exitcode(status)}")
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "rss": peak_kib / 1024}


def _peak_rss_kib(pid: int) -> int:
    """`VmHWM` of a live process (its resident peak since its exec), 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((x for x in status.splitlines() if x.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1])


def crawl_project(root: str, work: Path) -> dict[str, float]:
    stats_file = work / "project-stats.json"
    usage = run([sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"site_url={root}",
                 "-a", "mode=backfill", "-O", str(work / "project.jsonl"),
                 "-s", f"NEWSCRAWL_STATE_PATH={work / 'state.sqlite'}",
                 "-s", f"NEWSCRAWL_STATS_FILE={stats_file}", "-s", "LOG_LEVEL=WARNING"], REPO)
    (work / "state.sqlite").unlink(missing_ok=True)
    stats = json.loads(stats_file.read_text())
    pages = stats["newscrawl/pages/article"]
    return {**usage, "pages": pages, "items": stats.get("item_scraped_count", 0),
            "requests": stats["downloader/request_count"],
            "elapsed": stats["elapsed_time_seconds"]}


def crawl_bare(root: str, work: Path) -> dict[str, float]:
    stats_file = work / "bare-stats.json"
    usage = run([sys.executable, "-m", "scrapy", "runspider", str(HERE / "bare_spider.py"),
                 "-a", f"root={root}", "-a", f"stats_file={stats_file}",
                 "-O", str(work / "bare.jsonl")], work)  # outside the project: bare settings
    stats = json.loads(stats_file.read_text())
    return {**usage, "pages": stats["bare/pages/article"],
            "items": stats.get("item_scraped_count", 0),
            "requests": stats["downloader/request_count"], "elapsed": stats["bare/elapsed"]}


def served(crawl: Callable[[str, Path], dict[str, float]], server: Any, work: Path
           ) -> dict[str, float]:
    """One crawl, with the CPU seconds its server spent meanwhile."""
    before = server.cpu_seconds()
    result = crawl(server.root, work)
    return {**result, "server_cpu": server.cpu_seconds() - before}


def rates(result: dict[str, float]) -> dict[str, float]:
    return {"pages_s": result["pages"] / result["elapsed"],
            "cpu_ms": 1000 * result["cpu"] / result["pages"],
            "cores": result["cpu"] / result["wall"], "rss": result["rss"],
            "server_ms": 1000 * result.get("server_cpu", 0.0) / result["requests"],
            "server_cores": result.get("server_cpu", 0.0) / result["wall"]}


def median_of(rows: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(row[key] for row in rows) for key in rows[0]}


def cpu_per_page(func: Callable[[str, str], Any], pages: list[tuple[str, str]],
                 rounds: int) -> float:
    """Median CPU milliseconds of one call per page."""
    samples = []
    for _ in range(rounds):
        for url, html in pages:
            start = time.process_time()
            func(html, url)
            samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def exported(html: str, url: str, chain: list[object]) -> bool:
    """Whether the page is an article the pipelines export (the snapshot has drops too)."""
    try:
        process_page(html, url, FETCHED_AT, chain)
    except DropItem:
        return False
    return True


def extraction(pages: list[tuple[str, str]], rounds: int) -> dict[str, float | None]:
    logging.disable(logging.WARNING)  # the snapshot's deliberate oddities are logged
    chain = pipeline_chain(exclude=("state.", "dedupe."))
    pages = [(url, html) for url, html in pages if exported(html, url, chain)]
    found: dict[str, float | None] = {
        "pages": len(pages),
        "lxml": cpu_per_page(lambda html, url: lxml.html.fromstring(html), pages, rounds),
        "project": cpu_per_page(lambda html, url: process_page(html, url, FETCHED_AT, chain),
                                pages, rounds),
    }
    found["trafilatura"] = cpu_per_page(
        lambda html, url: trafilatura.extract(html, url=url), pages, max(1, rounds // 3))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=15, help="extraction rounds")
    parser.add_argument("--server", choices=("auto", "nginx", "python"), default="auto",
                        help="what serves the site (auto: nginx when installed)")
    parser.add_argument("--rss", default="1000,20000", help="site sizes for peak RSS ('' none)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newscrawl-bench-"))
    project, bare = [], []
    with site_server(args.articles, args.server) as server:
        if differing := served_alike(server, sample_paths(server.site)):
            raise SystemExit(f"{server.name} serves these unlike the synthetic site: {differing}")
        print(f"Server: {server.name}, {server.root}")
        pages = server.site.base_pages()
        for _ in range(args.runs):  # A B A B: a shared machine's drift falls on both
            project.append(served(crawl_project, server, work))
            bare.append(served(crawl_bare, server, work))
    ours, theirs = median_of([rates(r) for r in project]), median_of([rates(r) for r in bare])
    size = statistics.mean(len(html.encode()) for _, html in pages) / 1024
    print(f"Crawl of a synthetic site of {args.articles} articles (mean {size:.0f} KiB a page), "
          f"median of {args.runs} runs interleaved A B A B")
    header = (f"  {'':<34}{'pages/s':>9}{'CPU ms/article':>16}{'CPU cores':>11}"
              f"{'peak RSS MiB':>14}{'articles':>10}{'requests':>10}"
              f"{'server CPU ms/req':>19}{'server cores':>14}")
    print(header)
    for name, rate, last in (("newscrawl (backfill, all sources)", ours, project[-1]),
                             ("bare Scrapy spider", theirs, bare[-1])):
        print(f"  {name:<34}{rate['pages_s']:>9.1f}{rate['cpu_ms']:>16.2f}{rate['cores']:>11.2f}"
              f"{rate['rss']:>14.0f}{last['pages']:>10.0f}{last['requests']:>10.0f}"
              f"{rate['server_ms']:>19.3f}{rate['server_cores']:>14.2f}")
    print("  each run (pages/s, CPU ms/article): " + "  ".join(
        f"A {rates(a)['pages_s']:.0f} {rates(a)['cpu_ms']:.2f} | B {rates(b)['pages_s']:.0f} "
        f"{rates(b)['cpu_ms']:.2f}" for a, b in zip(project, bare, strict=True)))
    ratio = ours["pages_s"] / theirs["pages_s"]
    print(f"  throughput ratio newscrawl / bare: {ratio:.2f} (target >= 0.8); CPU per article "
          f"{ours['cpu_ms'] / theirs['cpu_ms']:.2f}x the bare spider's (target <= 1.25)")
    if theirs["cores"] < 0.9:
        print(f"  note: the bare spider used {theirs['cores']:.2f} of a core: it waited on "
              "something (its server, or the machine's other load), so the ratio flatters")

    found = extraction(pages, args.rounds)
    print(f"Extraction, CPU ms per article page from the HTML string ({found['pages']:.0f} pages x "
          f"{args.rounds} rounds, median)")
    print(f"  lxml.html.fromstring               {found['lxml']:6.2f}")
    print(f"  newscrawl page object + pipelines  {found['project']:6.2f}   "
          f"ratio to lxml {found['project'] / found['lxml']:.2f} (target <= 2)")
    print(f"  trafilatura.extract                {found['trafilatura']:6.2f}")

    sizes = [int(n) for n in args.rss.split(",") if n.strip()]
    peaks = []
    for count in sizes:
        with site_server(count, args.server) as server:
            result = crawl_project(server.root, work)
        peaks.append(result["rss"])
        print(f"Peak RSS, newscrawl crawling {count} articles: {result['rss']:.0f} MiB "
              f"({result['pages']:.0f} article pages, {rates(result)['pages_s']:.1f} pages/s)")
    if len(peaks) > 1:
        print(f"  growth {sizes[0]} -> {sizes[-1]} articles: {peaks[-1] - peaks[0]:.0f} MiB "
              "(target < 50 MB)")


if __name__ == "__main__":
    main()
