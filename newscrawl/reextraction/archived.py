"""A run's web archive (`.wacz`) as stored pages for re-extraction.

Every HTML response archived with status 200 (the last one per URL), decoded as the crawl
decoded it. `fetched_at` is what the crawl used for relative dates (the response's `Date`
header, else the archive time); `crawled_at` is the archived fetch time (WARC-Date), which
the re-extracted item carries instead of the time of re-extraction.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from scrapy.http import Headers

from newscrawl.archive import ArchivedResponse, WaczArchive
from newscrawl.reextraction.saved import SavedPage, decode_html


def is_archive(path: Path) -> bool:
    return path.is_file() and path.suffix == ".wacz"


def archive_pages(path: Path, undeclared_encoding: str = "cp1252") -> Iterator[SavedPage]:
    """The HTML pages of a WACZ, in the order they were fetched."""
    archive = WaczArchive(path)
    try:
        latest: dict[str, ArchivedResponse] = {}
        for response in archive.responses():
            if response.status == 200 and "html" in (response.header("Content-Type") or ""):
                latest.pop(response.url, None)
                latest[response.url] = response
        for response in latest.values():
            headers = Headers(response.headers)
            html = decode_html(response.url, response.content(), headers, undeclared_encoding)
            yield SavedPage(f"{path}#{response.url}", response.url, html, _date(response),
                            crawled_at=response.fetched_at)
    finally:
        archive.close()


def _date(response: ArchivedResponse) -> datetime:
    """The server's `Date` (what the crawl counted relative dates from), else the WARC-Date."""
    header = response.header("Date")
    try:
        when = parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError):
        when = None
    return when if when is not None and when.tzinfo else response.fetched_at
