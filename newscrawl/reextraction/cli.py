"""Re-extraction of stored pages into JSON lines: `scrapy extract PATH` or

    python -m newscrawl.extractor PATH [PATH ...] [-o items.jsonl]

PATH is a snapshot directory (`samples/site`), a Scrapy HTTP cache directory
(`.scrapy/httpcache/site`), a directory of saved `.html` files or one such file.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newscrawl.reextraction.api import ExtractionError, Extractor
from newscrawl.reextraction.saved import saved_pages

logger = logging.getLogger(__name__)


def reextract(paths: Iterable[Path], out: Any, settings: dict[str, Any] | None = None
              ) -> Counter[str]:
    """Write one JSON line per article of the saved pages to `out`; return the outcomes."""
    extractor = Extractor(settings, dedupe=True)
    encoding = extractor.crawler.settings.get("NEWSCRAWL_UNDECLARED_ENCODING", "cp1252")
    outcomes: Counter[str] = Counter()
    for path in paths:
        for page in saved_pages(path, encoding):
            if page.url is None:
                outcomes["skipped/no_url"] += 1
                logger.warning("No URL (no canonical link) in %s: skipped", page.source)
                continue
            try:
                item = extractor.extract(page.html, page.url, page.fetched_at)
            except ExtractionError as exc:
                outcomes[f"skipped/{exc.reason}"] += 1
                logger.info("%s (%s)", exc, page.source)
                continue
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            outcomes["items"] += 1
            outcomes[f"template/{_template(item)}"] += 1
    return outcomes


def _template(item: dict) -> str:
    extraction = item["extraction"]
    return "/".join(filter(None, (extraction["template"], extraction.get("fallback"))))


def parser(prog: str = "python -m newscrawl.extractor") -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog=prog, description="Re-extract stored pages into JSON lines.")
    cli.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                     help="snapshot dir, Scrapy HTTP cache dir, dir of .html files, or a file")
    cli.add_argument("-o", "--output", type=Path, help="JSON lines file (default: stdout)")
    return cli


def run(paths: list[Path], output: Path | None) -> int:
    """Re-extract `paths` into `output` (atomically replaced) or stdout; print the outcomes."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"error: no such file or directory: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    if output is None:
        outcomes = reextract(paths, sys.stdout)
    else:
        temp = output.with_name(f"{output.name}.{os.getpid()}.tmp")
        with temp.open("w", encoding="utf-8") as out:
            outcomes = reextract(paths, out)
        os.replace(temp, output)
    print(" ".join(f"{k}={v}" for k, v in sorted(outcomes.items())) or "no pages",
          file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    args = parser().parse_args(argv)
    return run(args.paths, args.output)


if __name__ == "__main__":
    sys.exit(main())
