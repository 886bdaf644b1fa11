"""The web archive's cost: one backfill crawl with the archive off and one with it on, side by
side, in one run, on one synthetic site.

    python benchmarks/bench_archive.py [--articles 1000] [--runs 1]

The site is `synthetic_site.py` (the snapshot builder's markup, ~62 KB article pages, served
uncompressed on loopback); each crawl is `scrapy crawl site -a mode=backfill` in a
subprocess (empty state, JSONL export), the second adding `-a archive=…wacz`. Reported: the
crawl process's CPU seconds and CPU ms per article page for each, the overhead of the archive,
the WACZ size, the bytes per 1,000 exported articles (discovery pages included), and the
HTML bytes the archived responses held, for scale.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from bench_crawl import run  # noqa: E402
from synthetic_site import SiteServer  # noqa: E402

from newscrawl.archive import WaczArchive  # noqa: E402


def crawl(root: str, work: Path, name: str, archive: Path | None) -> dict[str, float]:
    """One backfill crawl; its CPU seconds, article pages, items and archive size."""
    stats_file = work / f"{name}-stats.json"
    command = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"site_url={root}",
               "-a", "mode=backfill", "-O", str(work / f"{name}.jsonl"),
               "-s", f"NEWSCRAWL_STATE_PATH={work / name}.sqlite",
               "-s", f"NEWSCRAWL_STATS_FILE={stats_file}", "-s", "LOG_LEVEL=WARNING"]
    if archive is not None:
        command[5:5] = ["-a", f"archive={archive}"]
    usage = run(command, REPO)
    stats = json.loads(stats_file.read_text())
    pages = stats["newscrawl/pages/article"]
    return {"cpu": usage["cpu"], "pages": pages, "items": stats.get("item_scraped_count", 0),
            "responses": stats.get("newscrawl/archive/responses", 0),
            "bytes": archive.stat().st_size if archive is not None else 0}


def payload_bytes(archive: Path) -> tuple[int, int]:
    """(HTML bytes of the archived responses, bytes of the WARC inside the WACZ)."""
    wacz = WaczArchive(archive)
    html = sum(len(r.payload) for r in wacz.responses())
    warc = wacz.zip.getinfo("archive/data.warc.gz").file_size
    wacz.close()
    return html, warc


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cli.add_argument("--articles", type=int, default=1000)
    cli.add_argument("--runs", type=int, default=1, help="pairs of crawls (medians)")
    args = cli.parse_args()
    off_runs, on_runs = [], []
    with tempfile.TemporaryDirectory() as tmp, SiteServer(args.articles) as server:
        work = Path(tmp)
        for number in range(args.runs):
            off_runs.append(crawl(server.root, work, f"off{number}", None))
            on_runs.append(crawl(server.root, work, f"on{number}", work / f"run{number}.wacz"))
        html, warc = payload_bytes(work / "run0.wacz")
    off = {k: statistics.median(r[k] for r in off_runs) for k in off_runs[0]}
    on = {k: statistics.median(r[k] for r in on_runs) for k in on_runs[0]}
    print(f"synthetic site: {args.articles} articles; backfill crawls, archive off | on "
          f"(median of {args.runs})")
    print(f"article pages      {off['pages']:>10.0f} | {on['pages']:.0f}")
    print(f"items exported     {off['items']:>10.0f} | {on['items']:.0f}")
    print(f"CPU s              {off['cpu']:>10.2f} | {on['cpu']:.2f}")
    print(f"CPU ms / article   {1000 * off['cpu'] / off['pages']:>10.2f} | "
          f"{1000 * on['cpu'] / on['pages']:.2f}")
    print(f"archive CPU overhead: {100 * (on['cpu'] / off['cpu'] - 1):+.1f} % (each pair, s: "
          + ", ".join(f"{a['cpu']:.2f} | {b['cpu']:.2f}" for a, b in zip(off_runs, on_runs,
                                                                        strict=True)) + ")")
    print(f"archived responses: {on['responses']:.0f}; payload bytes {html:,}")
    print(f"WACZ bytes: {on['bytes']:,.0f} (WARC {warc:,}); per 1,000 exported articles: "
          f"{1000 * on['bytes'] / on['items'] / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
