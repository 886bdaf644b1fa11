"""Stored pages for re-extraction: a snapshot, a Scrapy HTTP cache, a web archive (`.wacz`,
read by `archived`), `.html` files, one file.

Each page is decoded as the crawl decodes it (BOM, HTTP or `<meta>` charset, else the
undeclared-encoding guess of `downloadermiddlewares/encoding.py`). `page_refs` lists the
pages without reading them (a `PageRef` is small and picklable: a worker process reads and
decodes it, `PageRef.load`; an archive's pages are read in order here, as `archived` reads
them); `saved_pages` reads them all here.
"""

from __future__ import annotations

import ast
import gzip
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.http import Headers, HtmlResponse
from w3lib.http import headers_raw_to_dict

from newscrawl.downloadermiddlewares.encoding import declares_encoding
from newscrawl.snapshot import Snapshot


@dataclass(frozen=True)
class SavedPage:
    """One stored response: where it came from, its URL, decoded HTML and fetch time."""

    source: str
    url: str | None
    html: str
    fetched_at: datetime
    crawled_at: datetime | None = None  # when it was fetched, if not `fetched_at` (archives)


@dataclass(frozen=True)
class PageRef:
    """A stored page not read yet: `load()` reads and decodes it, or gives None for an entry
    that is not a page to extract (a cached non-200 response)."""

    reader: Callable[..., SavedPage | None]  # a module-level function: picklable
    args: tuple[Any, ...]

    def load(self) -> SavedPage | None:
        return self.reader(*self.args)


def saved_pages(path: Path, undeclared_encoding: str = "cp1252") -> Iterator[SavedPage]:
    """Every HTML page under `path`: a snapshot, a Scrapy HTTP cache, a web archive (`.wacz`),
    `.html` files, a file."""
    for ref in page_refs(path, undeclared_encoding):
        if (page := ref.load()) is not None:
            yield page


def page_refs(path: Path, undeclared_encoding: str = "cp1252") -> Iterator[PageRef]:
    """Every stored page under `path`, in order, not read yet (`saved_pages` reads them)."""
    from newscrawl.reextraction.archived import archive_pages, is_archive

    if is_archive(path):  # one zip read in order: its pages are read here
        for page in archive_pages(path, undeclared_encoding):
            yield PageRef(_read_already, (page,))
    elif path.is_dir() and (path / ".snapshot.json").is_file():
        snapshot = Snapshot(path)
        for file in sorted(snapshot.dir.glob("**/index.html")):
            relative = file.parent.relative_to(snapshot.dir).as_posix()
            url = f"{snapshot.root}/{relative}/" if relative != "." else f"{snapshot.root}/"
            yield PageRef(_snapshot_page, (file, url, snapshot.captured, undeclared_encoding))
    elif path.is_dir() and next(path.glob("**/response_body"), None) is not None:
        for body_file in sorted(path.glob("**/response_body")):
            yield PageRef(_httpcache_page, (body_file.parent, undeclared_encoding))
    elif path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.suffix in {".html", ".htm"}):
            yield PageRef(_file_page, (file, undeclared_encoding))
    elif path.is_file():
        yield PageRef(_file_page, (path, undeclared_encoding))
    else:
        raise FileNotFoundError(f"no such file or directory: {path}")


def _read_already(page: SavedPage) -> SavedPage:
    return page


def _snapshot_page(file: Path, url: str, captured: datetime, encoding: str) -> SavedPage:
    return SavedPage(str(file), url, decode_html(url, file.read_bytes(), {}, encoding), captured)


def _httpcache_page(entry: Path, encoding: str) -> SavedPage | None:
    """An entry of Scrapy's `FilesystemCacheStorage` (plain or `HTTPCACHE_GZIP`); None
    unless its status is 200."""
    meta = ast.literal_eval(_read(entry / "meta").decode("utf-8"))
    if int(meta.get("status", 0)) != 200:
        return None
    headers = Headers(headers_raw_to_dict(_read(entry / "response_headers")))
    url = meta.get("response_url") or meta["url"]
    fetched = datetime.fromtimestamp(float(meta.get("timestamp", 0)), UTC)
    return SavedPage(str(entry), url, decode_html(url, _read(entry / "response_body"), headers,
                                              encoding), fetched)


def _file_page(file: Path, encoding: str) -> SavedPage:
    html = decode_html(file.resolve().as_uri(), file.read_bytes(), {}, encoding)
    fetched = datetime.fromtimestamp(file.stat().st_mtime, UTC)
    return SavedPage(str(file), _declared_url(html), html, fetched)


def decode_html(url: str, body: bytes, headers: Any, undeclared: str) -> str:
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


