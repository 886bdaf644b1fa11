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
   pipelines (the item the exporter receives), against `lxml.html.fromstring` and
   `trafilatura.extract`, with a floor beside them (lxml's plain parse and one visit of every
   element reading its class); the start-up heap frozen first, as the crawl's `GcFreeze` does.
3. Memory: the project's peak RSS crawling sites of each size in `--rss`.
4. Re-extraction: `reextract` (`scrapy extract`) of REEXTRACT saved article pages (`.html`
   files of the synthetic site) on 1 worker and on `--jobs` workers (default: the cores),
   interleaved, wall-clock pages/s; `trafilatura.extract` on the same pages in one process.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import trafilatura
from scrapy.exceptions import DropItem

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from synthetic_site import SyntheticSite, sample_paths, served_alike, site_server  # noqa: E402

from newscrawl.reextraction.cli import reextract  # noqa: E402
from newscrawl.reextraction.parallel import default_jobs  # noqa: E402
from newscrawl.snapshot import Snapshot  # noqa: E402
from tests.conftest import page_item, pipeline_chain  # noqa: E402

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


def cpu_per_page(funcs: dict[str, Callable[[str, str], Any]], pages: list[tuple[str, str]],
                 rounds: int) -> dict[str, float]:
    """Median CPU milliseconds of one call per page of each function, the functions run in
    turn on each page (a change of the machine's load falls on all of them)."""
    samples: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(rounds):
        for url, html in pages:
            for name, func in funcs.items():
                start = time.process_time()
                func(html, url)
                samples[name].append((time.process_time() - start) * 1000)
    return {name: statistics.median(found) for name, found in samples.items()}


def exported(html: str, url: str, chain: list[object]) -> bool:
    """Whether the page is an article the pipelines export (the snapshot has drops too)."""
    try:
        page_item(html, url, FETCHED_AT, chain)
    except DropItem:
        return False
    return True


def extraction(pages: list[tuple[str, str]], rounds: int) -> dict[str, float]:
    logging.disable(logging.WARNING)  # the snapshot's deliberate oddities are logged
    chain = pipeline_chain(exclude=("state.", "dedupe."))
    pages = [(url, html) for url, html in pages if exported(html, url, chain)]
    with frozen_heap():
        found: dict[str, float] = {"pages": len(pages), **cpu_per_page({
            "lxml": lambda html, url: lxml.html.fromstring(html),
            "walk": lambda html, url: read_every_class(html),
            "project": lambda html, url: page_item(html, url, FETCHED_AT, chain),
        }, pages, rounds)}
        found.update(cpu_per_page({
            "trafilatura": lambda html, url: trafilatura.extract(html, url=url),
        }, pages, max(1, rounds // 3)))
    return found


def read_every_class(html: str) -> None:
    """lxml's HTML parse (plain elements, no Python class lookup), then every element's
    `class` read once: the least a reader that looks at each element (a class index, a
    chrome pass) pays in Python."""
    for element in lxml.etree.fromstring(html, PLAIN_HTML).iter(lxml.etree.Element):
        element.get("class")


PLAIN_HTML = lxml.etree.HTMLParser()


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """What is alive now out of the garbage collector's walk, as a crawl's `GcFreeze`
    extension does at engine start (else every full collection walks Scrapy, trafilatura
    and the pages, and is billed to whichever call triggers it)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def saved_site(count: int, directory: Path) -> int:
    """The article pages of a synthetic site of `count` articles as `.html` files, in order."""
    site = SyntheticSite(count)
    for number, path in enumerate(site.article_paths()):
        (directory / f"{number:06d}.html").write_bytes(site.get(path, "")[2])
    return count


def reextraction(count: int, jobs: int, runs: int, work: Path) -> dict[str, dict[str, float]]:
    """Wall-clock pages/s, CPU ms per page and cores used (this process and its workers) of
    re-extracting `count` saved pages on 1 and `jobs` workers (A B A B, medians), and
    trafilatura's pages/s on a fifth of them."""
    logging.disable(logging.WARNING)  # the synthetic site repeats the snapshot's oddities
    saved = work / "saved"
    saved.mkdir(exist_ok=True)
    saved_site(count, saved)
    rows: dict[int, list[dict[str, float]]] = {1: [], jobs: []}
    for _ in range(runs):
        for workers, found in rows.items():
            cpu, start = _cpu_with_children(), time.perf_counter()
            with open(os.devnull, "w", encoding="utf-8") as out:
                outcomes = reextract([saved], out, jobs=workers)
            wall, spent = time.perf_counter() - start, _cpu_with_children() - cpu
            if outcomes["items"] < count * 0.9:
                raise SystemExit(f"re-extraction exported only {outcomes['items']} of {count}")
            found.append({"pages_s": count / wall, "cpu_ms": 1000 * spent / count,
                          "cores": spent / wall})
    sample = sorted(saved.iterdir())[: max(1, count // 5)]
    start = time.perf_counter()
    for file in sample:
        trafilatura.extract(file.read_text("utf-8"))
    found = {str(n): median_of(found) for n, found in rows.items()}
    return {**found, "trafilatura": {"pages_s": len(sample) / (time.perf_counter() - start)}}


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its children that have been waited for."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                         resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


SECTIONS = ("crawl", "extraction", "reextract", "rss")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=15, help="extraction rounds")
    parser.add_argument("--server", choices=("auto", "nginx", "python"), default="auto",
                        help="what serves the site (auto: nginx when installed)")
    parser.add_argument("--rss", default="1000,20000", help="site sizes for peak RSS")
    parser.add_argument("--reextract", type=int, default=1000, help="saved pages to re-extract")
    parser.add_argument("--jobs", type=int, default=max(2, default_jobs()),
                        help="workers of the parallel re-extraction")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"sections to run, of {', '.join(SECTIONS)}")
    args = parser.parse_args()
    only = set(args.only.split(","))
    if unknown := only - set(SECTIONS):
        parser.error(f"--only: unknown sections {sorted(unknown)}; known: {', '.join(SECTIONS)}")
    work = Path(tempfile.mkdtemp(prefix="newscrawl-bench-"))
    try:
        if "crawl" in only:
            bench_crawl(args.articles, args.runs, args.server, work)
        if "extraction" in only:
            bench_extraction(args.rounds)
        if "reextract" in only:
            bench_reextraction(args.reextract, args.jobs, args.runs, work)
        if "rss" in only:
            bench_rss([int(n) for n in args.rss.split(",") if n.strip()], args.server, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_crawl(articles: int, runs: int, kind: str, work: Path) -> None:
    project, bare = [], []
    with site_server(articles, kind) as server:
        if differing := served_alike(server, sample_paths(server.site)):
            raise SystemExit(f"{server.name} serves these unlike the synthetic site: {differing}")
        print(f"Server: {server.name}, {server.root}")
        for _ in range(runs):  # A B A B: a shared machine's drift falls on both
            project.append(served(crawl_project, server, work))
            bare.append(served(crawl_bare, server, work))
    ours, theirs = median_of([rates(r) for r in project]), median_of([rates(r) for r in bare])
    print(f"Crawl of a synthetic site of {articles} articles, median of {runs} runs "
          f"interleaved A B A B (load average {os.getloadavg()[0]:.1f} at the end)")
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


def bench_extraction(rounds: int) -> None:
    pages = SyntheticSite(0, "http://127.0.0.1:8000").base_pages()
    size = statistics.mean(len(html.encode()) for _, html in pages) / 1024
    found = extraction(pages, rounds)
    print(f"Extraction, CPU ms per article page from the HTML string ({found['pages']:.0f} pages "
          f"of {size:.0f} KiB on average x {rounds} rounds, median)")
    print(f"  lxml.html.fromstring               {found['lxml']:6.2f}")
    print(f"  the parse + every element's class  {found['walk']:6.2f}   "
          f"ratio to lxml {found['walk'] / found['lxml']:.2f} (one visit of each element)")
    print(f"  newscrawl page object + pipelines  {found['project']:6.2f}   "
          f"ratio to lxml {found['project'] / found['lxml']:.2f} (target <= 2)")
    print(f"  trafilatura.extract                {found['trafilatura']:6.2f}")


def bench_reextraction(count: int, jobs: int, runs: int, work: Path) -> None:
    load = os.getloadavg()[0]
    found = reextraction(count, jobs, runs, work)
    print(f"Re-extraction of {count} saved article pages (.html files), median of {runs} "
          f"interleaved (load average {load:.1f} before, {os.getloadavg()[0]:.1f} after; "
          f"{default_jobs()} cores)")
    print(f"  {'':<34}{'pages/s':>9}{'CPU ms/page':>13}{'cores used':>12}")
    for label, key in (("1 worker", "1"), (f"{jobs} workers", str(jobs))):
        row = found[key]
        print(f"  {label:<34}{row['pages_s']:>9.1f}{row['cpu_ms']:>13.2f}{row['cores']:>12.2f}")
    print(f"  {'trafilatura.extract, 1 process':<34}{found['trafilatura']['pages_s']:>9.1f}")
    speedup = found[str(jobs)]["pages_s"] / found["1"]["pages_s"]
    print(f"  speed-up {speedup:.2f} with {jobs} workers (target >= 1.8 with 2)")
    split = found["1"]["cpu_ms"] / found[str(jobs)]["cpu_ms"]
    print(f"  CPU per page, 1 worker / {jobs} workers: {split:.2f} (1.0: the work is split, not "
          f"repeated; on {jobs} free cores the speed-up would be about {jobs * split:.1f})")
    if found[str(jobs)]["cores"] < 0.9 * min(jobs, default_jobs()):
        print(f"  note: {jobs} workers got {found[str(jobs)]['cores']:.2f} cores: the machine's "
              "other load took the rest" + (
                  " (the kernel shares the CPU between sessions first, "
                  "sched_autogroup: more workers do not get this session more of it)"
                  if _autogroup() else ""))


def _autogroup() -> bool:
    try:
        return Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return False


def bench_rss(sizes: list[int], kind: str, work: Path) -> None:
    peaks = []
    for count in sizes:
        with site_server(count, kind) as server:
            result = crawl_project(server.root, work)
        peaks.append(result["rss"])
        print(f"Peak RSS, newscrawl crawling {count} articles ({server.name.split(' ')[0]}): "
              f"{result['rss']:.0f} MiB ({result['pages']:.0f} article pages, "
              f"{rates(result)['pages_s']:.1f} pages/s)")
    if len(peaks) > 1:
        print(f"  growth {sizes[0]} -> {sizes[-1]} articles: {peaks[-1] - peaks[0]:.0f} MiB "
              "(target < 50 MB)")


if __name__ == "__main__":
    main()
