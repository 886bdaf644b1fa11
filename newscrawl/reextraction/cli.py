"""Re-extraction of stored pages into JSON lines: `scrapy extract PATH` or

    python -m newscrawl.extractor PATH [PATH ...] [-o items.jsonl] [-j JOBS]

PATH is a snapshot directory (`samples/site`), a Scrapy HTTP cache directory
(`.scrapy/httpcache/site`), a run's web archive (`run.wacz`), a directory of saved `.html`
files or one such file.

Pages are extracted on JOBS worker processes (default: the cores), read and written here in
input order, a bounded number in flight (`parallel.ordered_map`); the duplicate check (a
second item for one canonical URL) is applied here too, in input order, so any JOBS gives
the same lines as one.
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
from typing import Any, NamedTuple

from newscrawl.reextraction.api import ExtractionError, Extractor, project_settings
from newscrawl.reextraction.parallel import default_jobs, ordered_map
from newscrawl.reextraction.saved import PageRef, page_refs

logger = logging.getLogger(__name__)

class Result(NamedTuple):
    """One stored page's outcome, as a worker process hands it back."""

    source: str
    url: str | None
    line: str | None  # the item's JSON line, or None when the page gave none
    outcome: str | None  # `template/<name>` for an item, `skipped/<reason>`, None: no page
    message: str | None  # why there is no item
    dedupe_key: str | None  # the URL the duplicate check sees (None: dropped before it)


def reextract(paths: Iterable[Path], out: Any, settings: dict[str, Any] | None = None,
              jobs: int = 1) -> Counter[str]:
    """Write one JSON line per article of the saved pages to `out`, in input order, from
    `jobs` worker processes (1: this one); return the outcomes."""
    encoding = project_settings(settings).get("NEWSCRAWL_UNDECLARED_ENCODING", "cp1252")
    refs = (ref for path in paths for ref in page_refs(path, encoding))
    _start_worker(settings)  # before the workers fork: built once, not once a worker
    if jobs == 1:
        results: Iterable[Result] = map(_extract, refs)
    else:
        results = ordered_map(_extract_chunk, refs, jobs, initializer=_start_worker,
                              initargs=(settings,))
    outcomes: Counter[str] = Counter()
    seen: set[str] = set()
    for result in results:
        line, outcome, message = result.line, result.outcome, result.message
        if outcome is None:
            continue
        if (key := result.dedupe_key) is not None:
            if key in seen:  # DedupePipeline's drop, in input order
                line, outcome = None, "skipped/duplicate"
                message = f"{result.url}: duplicate: {key} already exported in this run"
            seen.add(key)
        if line is None:
            outcomes[outcome] += 1
            logger.info("%s (%s)", message, result.source)
            continue
        out.write(line)
        outcomes["items"] += 1
        outcomes[outcome] += 1
    return outcomes


_EXTRACTOR: Extractor | None = None  # this process's, built by `_start_worker`
_EXTRACTOR_SETTINGS: dict[str, Any] | None = None


def _start_worker(settings: dict[str, Any] | None) -> None:
    """This process's extractor for `settings`; a forked worker inherits its parent's."""
    global _EXTRACTOR, _EXTRACTOR_SETTINGS
    if _EXTRACTOR is not None and (settings or {}) == _EXTRACTOR_SETTINGS:
        return
    _EXTRACTOR = Extractor(settings, dedupe="defer")
    _EXTRACTOR_SETTINGS = dict(settings or {})


def _extract_chunk(refs: list[PageRef]) -> list[Result]:
    return [_extract(ref) for ref in refs]


def _extract(ref: PageRef) -> Result:
    """One stored page read and extracted by this process's extractor (the duplicate check
    deferred to the caller)."""
    assert _EXTRACTOR is not None
    page = ref.load()
    if page is None:
        return Result("", None, None, None, None, None)
    if page.url is None:
        logger.warning("No URL (no canonical link) in %s: skipped", page.source)
        return Result(page.source, None, None, "skipped/no_url", "no URL", None)
    try:
        item = _EXTRACTOR.extract(page.html, page.url, page.fetched_at)
    except ExtractionError as exc:
        return Result(page.source, page.url, None, f"skipped/{exc.reason}", str(exc),
                      _EXTRACTOR.dedupe_key)
    if page.crawled_at is not None:  # an archive: when the page was really fetched
        item["crawled_at"] = page.crawled_at.replace(microsecond=0).isoformat()
    line = json.dumps(item, ensure_ascii=False) + "\n"
    return Result(page.source, page.url, line, f"template/{_template(item)}", None,
                  _EXTRACTOR.dedupe_key)


def _template(item: dict) -> str:
    extraction = item["extraction"]
    return "/".join(filter(None, (extraction["template"], extraction.get("fallback"))))


def parser(prog: str = "python -m newscrawl.extractor") -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog=prog, description="Re-extract stored pages into JSON lines.")
    cli.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                     help="snapshot dir, Scrapy HTTP cache dir, .wacz archive, dir of .html files, "
                     "or a file")
    cli.add_argument("-o", "--output", type=Path, help="JSON lines file (default: stdout)")
    cli.add_argument("-j", "--jobs", type=jobs_value, default=default_jobs(), metavar="JOBS",
                     help="worker processes (default: the cores, %(default)s here)")
    return cli


def jobs_value(text: str) -> int:
    """`-j`'s value: a whole number of processes, at least 1."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(
            f"JOBS must be a whole number of worker processes, 1 or more, not {text!r}")
    return jobs


def run(paths: list[Path], output: Path | None, jobs: int = 1) -> int:
    """Re-extract `paths` into `output` (atomically replaced) or stdout; print the outcomes."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"error: no such file or directory: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    if output is None:
        outcomes = reextract(paths, sys.stdout, jobs=jobs)
    else:
        temp = output.with_name(f"{output.name}.{os.getpid()}.tmp")
        with temp.open("w", encoding="utf-8") as out:
            outcomes = reextract(paths, out, jobs=jobs)
        os.replace(temp, output)
    print(" ".join(f"{k}={v}" for k, v in sorted(outcomes.items())) or "no pages",
          file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    args = parser().parse_args(argv)
    return run(args.paths, args.output, args.jobs)


if __name__ == "__main__":
    sys.exit(main())
