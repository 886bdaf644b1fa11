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
from newscrawl.archive.reader import IndexEntry
from newscrawl.reextraction.saved import SavedPage, decode_html


def is_archive(path: Path) -> bool:
    return path.is_file() and path.suffix == ".wacz"


def archive_pages(path: Path, undeclared_encoding: str = "cp1252") -> Iterator[SavedPage]:
    """The HTML pages of a WACZ (found in its CDXJ index, read one at a time), in the order
    they were fetched."""
    archive = WaczArchive(path)
    try:
        latest: dict[str, IndexEntry] = {}
        for entry in archive.index:
            fields = entry.fields
            if fields.get("status") == "200" and "html" in fields.get("mime", "") and (
                    entry.timestamp >= getattr(latest.get(entry.url), "timestamp", "")):
                latest[entry.url] = entry
        for entry in sorted(latest.values(),
                            key=lambda e: (e.fields["filename"], int(e.fields["offset"]))):
            response = archive.read(entry)
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
