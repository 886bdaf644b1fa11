"""Where a backfill's CPU goes: a profile of the project's crawl of a synthetic site.

    python benchmarks/profile_crawl.py [--articles 1000] [--top 10] [--out crawl.prof]
                                       [--server auto] [--sampler cprofile|py-spy]

Serves a synthetic site (`synthetic_site.py`) on loopback (nginx when installed, so the
crawl runs at its own pace, not its server's; `--server python` for the fallback), runs
`scrapy crawl site -a mode=backfill` on it (JSONL export, empty state) under a profiler and
prints the crawl's top functions by own time:
- `cprofile` (default): cProfile on the process's CPU clock (`time.process_time`), so waits
  and time taken by the machine's other processes are not counted; with the cumulative share
  of the project's main stages. cProfile's own cost per call inflates small, frequent
  functions. The `.prof` file is kept for `python -m pstats` or snakeviz.
- `py-spy` (when installed): sampling of the running process (on-CPU samples only), which
  does not slow the calls it measures; own samples per function.
"""

from __future__ import annotations

import argparse
import collections
import pstats
import re
import shutil
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
    "parse_article (spider callback)": r"site.py:.*[(.]parse_article\)",
    "  parse (htmlparse.parse_document)": r"htmlparse.py:.*[(.]parse_document\)",
    "  page object to_item": r"page.py:.*[(.]to_item\)",
    "item pipelines (all)": r"pipelines/__init__.py:.*[(.]process_item\)",
    "  strip_chrome": r"strip_chrome.py:.*[(.]process_item\)",
    "  dates": r"pipelines/dates.py:.*[(.]process_item\)",
    "  datelines": r"pipelines/datelines.py:.*[(.]process_item\)",
    "  finalise": r"finalise.py:.*[(.]process_item\)",
    "  validate": r"validate.py:.*[(.]process_item\)",
    "  state": r"pipelines/state.py:.*[(.]process_item\)",
    "feeds (parse_feed)": r"site.py:.*[(.]parse_feed\)",
    "archives (parse_archive)": r"site.py:.*[(.]parse_archive\)",
    "sitemaps (parse_sitemap)": r"site.py:.*[(.]parse_sitemap\)",
    "JSONL export (export_item)": r"exporters.py:.*[(.]export_item\)",
    "spidermon item_scraped": r"spidermon/.*extensions.py:.*[(.]item_scraped\)",
    "stats attribute shim": r"statscollectors.py:.*[(.]__getattribute__\)",
    "imports (startup)": r"<frozen importlib._bootstrap>:.*[(.]_find_and_load\)",
}


# cProfile on the CPU clock around Scrapy's own command line (`scrapy crawl --profile` times
# with the wall clock).
CPU_PROFILED = """
import cProfile, sys, time
from scrapy.cmdline import execute
out, sys.argv = sys.argv[1], ["scrapy", *sys.argv[2:]]
profiler = cProfile.Profile(time.process_time)
try:
    profiler.runcall(execute)
except SystemExit as exit:
    code = exit.code
else:
    code = 0
profiler.dump_stats(out)
sys.exit(code)
"""


def crawl_args(root: str, work: Path) -> list[str]:
    return ["crawl", "site", "-a", f"site_url={root}", "-a", "mode=backfill",
            "-O", str(work / "items.jsonl"), "-s", f"NEWSCRAWL_STATE_PATH={work / 's.sqlite'}",
            "-s", "LOG_LEVEL=WARNING"]


def profile(articles: int, out: Path, kind: str, sampler: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="newscrawl-profile-"))
    with site_server(articles, kind) as server:
        print(f"Server: {server.name}")
        if sampler == "py-spy":
            command = [shutil.which("py-spy") or "py-spy", "record", "--format", "raw",
                       "--rate", "250", "--output", str(out), "--",
                       sys.executable, "-m", "scrapy", *crawl_args(server.root, work)]
        else:
            command = [sys.executable, "-c", CPU_PROFILED, str(out),
                       *crawl_args(server.root, work)]
        subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(work, ignore_errors=True)


def report_samples(out: Path, top: int) -> None:
    """Own and inclusive samples per function of py-spy's folded stacks."""
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    for line in out.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [_function(frame) for frame in stack.split(";")]
        own[frames[-1]] += int(count)
        for frame in set(frames):
            inclusive[frame] += int(count)
    total = sum(own.values())
    print(f"Profile {out}: {total} on-CPU samples")
    print(f"Top {top} by own samples (a C extension's time is its Python caller's):")
    for rank, (where, count) in enumerate(own.most_common(top), 1):
        print(f"  {rank:2}. {where[-72:]:<72} {count:6} ({count / total:5.1%})"
              f"  incl {inclusive[where] / total:5.1%}")
    print("Inclusive share by stage:")
    for label, pattern in STAGES.items():
        count = max((n for where, n in inclusive.items() if re.search(pattern, where)),
                    default=0)
        print(f"  {label:<34} {count:6} ({count / total:5.1%})")


def _function(frame: str) -> str:
    """`name (path:line)` → `path:(name)` (one row per function, not per line)."""
    name, _, where = frame.partition(" (")
    return f"{where.rstrip(')').rpartition(':')[0]}:({name})"


def report(out: Path, top: int) -> None:
    stats = pstats.Stats(str(out))
    total = stats.total_tt
    print(f"Profile {out}: {total:.1f} s of CPU in profiled calls")
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
    parser.add_argument("--sampler", choices=("cprofile", "py-spy"), default="cprofile")
    args = parser.parse_args()
    profile(args.articles, args.out.resolve(), args.server, args.sampler)
    if args.sampler == "py-spy":
        report_samples(args.out.resolve(), args.top)
    else:
        report(args.out.resolve(), args.top)


if __name__ == "__main__":
    main()
