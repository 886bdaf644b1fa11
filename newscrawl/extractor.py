"""Extraction without a crawl: `newscrawl.extract(html, url)` and re-extraction of saved pages.

The page object and the item pipelines of a crawl (chrome, dates, datelines, derived fields,
schema validation; not the crawl state) run on a crawler built from the project's settings
that never starts an engine, so a stored page gives the item a crawl would have exported.

    python -m newscrawl.extractor PATH [PATH ...] [-o items.jsonl]   # or: scrapy extract PATH

PATH is a snapshot directory (`samples/site`), a Scrapy HTTP cache directory
(`.scrapy/httpcache/site`), a directory of saved `.html` files or one such file.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import Headers, HtmlResponse
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.misc import build_from_crawler, load_object
from w3lib.http import headers_raw_to_dict

from newscrawl.downloadermiddlewares.encoding import declares_encoding
from newscrawl.items import ArticleItem
from newscrawl.pages import ArticlePage
from newscrawl.pipelines.dedupe import DedupePipeline
from newscrawl.pipelines.state import CrawlStatePipeline
from newscrawl.snapshot import Snapshot

logger = logging.getLogger(__name__)


class ExtractionError(ValueError):
    """The page gave no item; `reason` says why (`not_article/<verdict>` or a drop reason)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class _Offline(Spider):
    name = "extract"


class Extractor:
    """The page object + the crawl's item pipelines, reusable for many pages; counts in `stats`."""

    def __init__(self, settings: dict[str, Any] | None = None, *, dedupe: bool = False) -> None:
        self.crawler = Crawler(_Offline, project_settings(settings))
        self.crawler.stats = MemoryStatsCollector(self.crawler)
        skip = (CrawlStatePipeline,) if dedupe else (CrawlStatePipeline, DedupePipeline)
        enabled = self.crawler.settings.getdict("ITEM_PIPELINES").items()
        order = sorted(((rank, path) for path, rank in enabled if rank is not None))
        classes = [load_object(path) for _, path in order]
        self.pipelines = [build_from_crawler(cls, self.crawler) for cls in classes
                          if not issubclass(cls, skip)]

    @property
    def stats(self) -> dict[str, Any]:
        return self.crawler.stats.get_stats()

    def extract(self, html: str, url: str, fetched_at: datetime | str | None = None) -> dict:
        """The exported item of one page; raises ExtractionError when there is none."""
        stats = self.crawler.stats
        stats.inc_value("newscrawl/pages/article")
        page = ArticlePage(html, url)
        stats.inc_value(f"newscrawl/classify/{page.article_verdict}")
        if not page.is_article:
            stats.inc_value("newscrawl/skipped/not_article")
            raise ExtractionError(f"not_article/{page.article_verdict}",
                                  f"not an article page ({page.article_verdict}): {url}")
        fetched = fetched_at or datetime.now(UTC)
        item: Any = ArticleItem(page.to_item(fetched_at=_iso(fetched)))
        try:
            for pipeline in self.pipelines:
                item = pipeline.process_item(item)
        except DropItem as exc:
            reason = str(exc).split(":", 1)[0]
            raise ExtractionError(reason, f"{url}: {exc}") from exc
        return ItemAdapter(item).asdict()


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The project's settings (`newscrawl.settings`) with `overrides` on top."""
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.update(overrides or {}, priority="cmdline")
    return settings


_DEFAULT: Extractor | None = None


def extract(html: str, url: str, fetched_at: datetime | str | None = None) -> dict:
    """One page's item, with the same fields a crawl exports (`newscrawl/schemas/`).

    `url` is the page's URL; `fetched_at` (default: now) is when it was fetched: relative dates
    ("3 hours ago") count from it. Raises `ExtractionError` (a ValueError) when the page is not
    an article or its item is dropped (no date, nothing but chrome, invalid), with `.reason`.
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT.extract(html, url, fetched_at)


# -- saved pages ------------------------------------------------------------------------------

@dataclass(frozen=True)
class SavedPage:
    """One stored response: where it came from, its URL, decoded HTML and fetch time."""

    source: str
    url: str | None
    html: str
    fetched_at: datetime


def saved_pages(path: Path, undeclared_encoding: str = "cp1252") -> Iterator[SavedPage]:
    """Every HTML page under `path`: a snapshot, a Scrapy HTTP cache, `.html` files, a file."""
    if path.is_dir() and (path / ".snapshot.json").is_file():
        yield from _snapshot_pages(path, undeclared_encoding)
    elif path.is_dir() and next(path.glob("**/response_body"), None) is not None:
        yield from _httpcache_pages(path, undeclared_encoding)
    elif path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.suffix in {".html", ".htm"}):
            yield _file_page(file, undeclared_encoding)
    elif path.is_file():
        yield _file_page(path, undeclared_encoding)
    else:
        raise FileNotFoundError(f"no such file or directory: {path}")


def _snapshot_pages(path: Path, encoding: str) -> Iterator[SavedPage]:
    snapshot = Snapshot(path)
    for file in sorted(snapshot.dir.glob("**/index.html")):
        relative = file.parent.relative_to(snapshot.dir).as_posix()
        url = f"{snapshot.root}/{relative}/" if relative != "." else f"{snapshot.root}/"
        yield SavedPage(str(file), url, _decode(url, file.read_bytes(), {}, encoding),
                        snapshot.captured)


def _httpcache_pages(path: Path, encoding: str) -> Iterator[SavedPage]:
    """Entries of Scrapy's `FilesystemCacheStorage` (plain or `HTTPCACHE_GZIP`): 200s only."""
    for body_file in sorted(path.glob("**/response_body")):
        entry = body_file.parent
        meta = ast.literal_eval(_read(entry / "meta").decode("utf-8"))
        if int(meta.get("status", 0)) != 200:
            continue
        headers = Headers(headers_raw_to_dict(_read(entry / "response_headers")))
        url = meta.get("response_url") or meta["url"]
        fetched = datetime.fromtimestamp(float(meta.get("timestamp", 0)), UTC)
        yield SavedPage(str(entry), url, _decode(url, _read(body_file), headers, encoding),
                        fetched)


def _file_page(file: Path, encoding: str) -> SavedPage:
    html = _decode(file.resolve().as_uri(), file.read_bytes(), {}, encoding)
    fetched = datetime.fromtimestamp(file.stat().st_mtime, UTC)
    return SavedPage(str(file), _declared_url(html), html, fetched)


def _decode(url: str, body: bytes, headers: Any, undeclared: str) -> str:
    """The body as the crawl decodes it: BOM, HTTP or `<meta>` charset, else `undeclared`
    when it is not UTF-8 (`downloadermiddlewares/encoding.py`)."""
    response = HtmlResponse(url=url, body=body, headers=headers)
    if not declares_encoding(response):
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            response = response.replace(encoding=undeclared)
    return response.text


def _declared_url(html: str) -> str | None:
    """The canonical (or og:url) URL a saved page declares, if it is an http(s) URL."""
    from parsel import Selector

    sel = Selector(text=html)
    href = (sel.css("link[rel='canonical']::attr(href)").get()
            or sel.css("meta[property='og:url']::attr(content)").get() or "").strip()
    return href if href.startswith(("http://", "https://")) else None


def _read(file: Path) -> bytes:
    data = file.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


# -- the command ------------------------------------------------------------------------------

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
    cli = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
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


def _iso(value: datetime | str) -> str:
    return value.isoformat() if isinstance(value, datetime) else value


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    args = parser().parse_args(argv)
    return run(args.paths, args.output)


if __name__ == "__main__":
    sys.exit(main())
