"""Where a backfill's time goes: cProfile of the project's crawl of a synthetic site.

    python benchmarks/profile_crawl.py [--articles 1000] [--top 10] [--out crawl.prof]

Serves a synthetic site (`synthetic_site.py`) on loopback (nginx when installed, so the
crawl runs at its own pace, not its server's; `--server python` for the fallback), runs
`scrapy crawl site -a mode=backfill --profile` on it (JSONL export, empty state) and prints
the crawl's top functions by own time and the cumulative share of the project's main stages.
The `.prof` file is kept for `python -m pstats` or snakeviz.
"""

from __future__ import annotations

import argparse
import pstats
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_site import site_server  # noqa: E402

# Cumulative shares worth watching: the page object, the pipelines, discovery, export.
STAGES = {
    "parse_article (spider callback)": "site.py:.*\\(parse_article\\)",
    "page object to_item": "article.py:.*\\(to_item\\)",
    "item pipelines": "pipelines/__init__.py:.*\\(process_item\\)",
    "feeds (parse_feed)": "site.py:.*\\(parse_feed\\)",
    "archives (parse_archive)": "site.py:.*\\(parse_archive\\)",
    "sitemaps (parse_sitemap)": "site.py:.*\\(parse_sitemap\\)",
    "JSONL export (export_item)": "exporters.py:.*\\(export_item\\)",
}


def profile(articles: int, out: Path, kind: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="newscrawl-profile-"))
    with site_server(articles, kind) as server:
        print(f"Server: {server.name}")
        subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "site", "--profile", str(out),
             "-a", f"site_url={server.root}", "-a", "mode=backfill",
             "-O", str(work / "items.jsonl"), "-s", f"NEWSCRAWL_STATE_PATH={work / 's.sqlite'}",
             "-s", "LOG_LEVEL=WARNING"],
            cwd=REPO, check=True)


def report(out: Path, top: int) -> None:
    stats = pstats.Stats(str(out))
    total = stats.total_tt
    print(f"Profile {out}: {total:.1f} s in profiled calls (wall time, waits included)")
    print(f"Top {top} by own time:")
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    for rank, ((file, line, name), (_, calls, own, cumulative, _)) in enumerate(rows, 1):
        where = f"{Path(file).name}:{line}" if line else ""
        print(f"  {rank:2}. {name[:40]:<40} {where:<24} own {own:6.2f} s ({own / total:5.1%})"
              f"  cum {cumulative:6.2f} s  calls {calls}")
    print("Cumulative share by stage:")
    for label, pattern in STAGES.items():
        cumulative = sum(row[3] for (file, line, name), row in stats.stats.items()
                         if re.search(pattern, f"{file}:{line}({name})"))
        print(f"  {label:<34} {cumulative:6.2f} s ({cumulative / total:5.1%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "crawl.prof")
    parser.add_argument("--server", choices=("auto", "nginx", "python"), default="auto")
    args = parser.parse_args()
    profile(args.articles, args.out.resolve(), args.server)
    report(args.out.resolve(), args.top)


if __name__ == "__main__":
    main()
