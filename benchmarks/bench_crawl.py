"""Crawl throughput and memory on a bigger copy of the snapshot, over a loopback server.

    python benchmarks/bench_crawl.py [COPIES]

Every snapshot article is copied COPIES times under new slugs (37 × COPIES pages), listed in
the post sitemap, served by the tests' loopback server; then one backfill crawl runs as a
subprocess. Prints pages, items, wall time, pages/s and peak RSS of the crawl process.
"""

from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import SNAPSHOT, load_goldens  # noqa: E402
from tests.siteserver import SiteServer  # noqa: E402

ROOT = "https://newsmoris.com"


def build_site(target: Path, copies: int) -> int:
    """The snapshot plus COPIES renamed copies of every article; returns the article count."""
    shutil.copytree(SNAPSHOT, target)
    urls = []
    for url in load_goldens():
        path = url.removeprefix(ROOT)
        html = (SNAPSHOT / path.strip("/") / "index.html").read_text("utf-8")
        for n in range(copies):
            new_path = f"{path.rstrip('/')}-copy-{n}/"
            page = target / new_path.strip("/") / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(html.replace(path, new_path), "utf-8")
            urls.append(ROOT + new_path)
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    sitemap = target / "post-sitemap.xml"
    text = sitemap.read_text("utf-8")
    sitemap.write_text(re.sub(r"</urlset>", entries + "</urlset>", text), "utf-8")
    return len(load_goldens()) + len(urls)


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    work = Path(tempfile.mkdtemp(prefix="newscrawl-bench-"))
    try:
        articles = build_site(work / "site", copies)
        with SiteServer(work / "site") as server:
            stats_file = work / "stats.json"
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"site_url={server.root}",
                 "-a", "mode=backfill", "-O", str(work / "out.jsonl"),
                 "-s", f"NEWSCRAWL_STATE_PATH={work / 'state.sqlite'}",
                 "-s", f"NEWSCRAWL_STATS_FILE={stats_file}", "-s", "LOG_LEVEL=WARNING"],
                cwd=REPO, check=True, capture_output=True)
            wall = time.perf_counter() - start
        stats = json.loads(stats_file.read_text())
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        pages = stats["newscrawl/pages/article"]
        print(f"{articles} articles on the site, {stats['downloader/request_count']} requests")
        print(f"  items exported        {stats.get('item_scraped_count', 0)}")
        print(f"  wall time             {wall:.1f} s (process, start-up included)")
        print(f"  article pages / s     {pages / stats['elapsed_time_seconds']:.0f}")
        print(f"  peak RSS of the crawl {rss:.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
