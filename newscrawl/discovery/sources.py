"""Pure parsers for the site's discovery sources: robots.txt, sitemaps, RSS feeds, WP REST.

Each parser turns a response body into `Entry` values: an article URL with the dates the
source gives for it. No network, no engine: the spider decides what to fetch.

Sitemaps are read with Scrapy's own parser (`scrapy.utils.sitemap.Sitemap`). It keeps only
the direct children of `<url>` as text, so a news sitemap's nested
`<news:news><news:publication_date>` is reduced to an empty `news` key: `news_dates()` reads
those dates in a second, namespace-aware pass.
"""

from __future__ import annotations

import calendar
import json
import struct
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import feedparser
import lxml.etree
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

NEWS_NS = b"http://www.google.com/schemas/sitemap-news/0.9"
REST_FIELDS = "id,link,date_gmt,modified_gmt"


@dataclass(frozen=True, slots=True)
class Entry:
    """An article URL as a source lists it.

    `lastmod`: the last change the source reports (sitemap `lastmod`, feed `updated`
    else `pubDate`, REST `modified_gmt`); `published`: the publication instant if given.
    """

    url: str
    lastmod: datetime | None = None
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class SitemapDoc:
    """A parsed sitemap: `kind` is `sitemapindex`, `urlset` or `invalid`."""

    kind: str
    entries: tuple[Entry, ...] = ()


def parse_date(value: str | None) -> datetime | None:
    """A W3C/ISO 8601 date or datetime as an aware UTC datetime; naive means UTC; else None."""
    if not value or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def sitemaps_from_robots(body: bytes, base_url: str) -> list[str]:
    """The `Sitemap:` URLs of a robots.txt, absolute, each once, in file order."""
    return list(dict.fromkeys(sitemap_urls_from_robots(body, base_url=base_url)))


class TooLarge(ValueError):
    """A compressed body that grows past the size limit (a decompression bomb)."""


def decompress(body: bytes, max_size: int = 0) -> bytes:
    """A `.xml.gz` sitemap body gunzipped (bodies that are not gzip are returned as is).
    Raises TooLarge past `max_size` decompressed bytes (0: no limit); a corrupt stream gives
    what decompressed before the damage (then the sitemap parser judges it)."""
    if body[:3] != b"\x1f\x8b\x08":
        return body
    try:
        return gunzip(body, max_size=max_size)
    except _DecompressionMaxSizeExceeded as error:
        raise TooLarge(str(error)) from None
    except (OSError, EOFError, struct.error):
        return b""


def parse_sitemap(body: bytes) -> SitemapDoc:
    """A sitemap index (entries: child sitemaps) or urlset (entries: pages, + alternates).
    A document declaring entities is invalid: they are never expanded (a billion laughs), and
    a `<loc>` using one would be read cut short at it, another URL than the one written."""
    if b"<!ENTITY" in body:
        return SitemapDoc("invalid")
    try:
        sitemap = Sitemap(body)
    except (StopIteration, lxml.etree.XMLSyntaxError):
        return SitemapDoc("invalid")
    if sitemap.type not in {"sitemapindex", "urlset"}:
        return SitemapDoc("invalid")
    news = news_dates(body) if NEWS_NS in body else {}
    entries: list[Entry] = []
    for element in sitemap:
        loc = element["loc"]
        published = news.get(loc)
        entries.append(Entry(loc, parse_date(element.get("lastmod")) or published, published))
        entries.extend(Entry(alt) for alt in element.get("alternate", ()) if alt != loc)
    return SitemapDoc(sitemap.type, tuple(entries))


def news_dates(body: bytes) -> dict[str, datetime]:
    """`loc` → `news:publication_date` of a Google News sitemap (Scrapy's parser drops them)."""
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                                  remove_comments=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(body, parser=parser)
    except lxml.etree.XMLSyntaxError:
        return {}
    if root is None:
        return {}
    dates: dict[str, datetime] = {}
    for url in root.iterfind("{*}url"):
        loc = (url.findtext("{*}loc") or "").strip()
        when = parse_date(url.findtext("{*}news/{*}publication_date"))
        if loc and when:
            dates[loc] = when
    return dates


def parse_feed(body: bytes) -> list[Entry]:
    """Items of an RSS/Atom feed (via feedparser) with their links; items without link skipped."""
    # only links and dates are read: skip sanitising and resolving the posts' HTML (most of
    # feedparser's time on a page of full-content items)
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    entries: list[Entry] = []
    for item in parsed.entries:
        link = (item.get("link") or "").strip()
        if not link:
            continue
        published = _struct_to_utc(item.get("published_parsed"))
        # feedparser falls back from `updated` to `published`: only trust an explicit one
        updated = _struct_to_utc(item.get("updated_parsed")) if "updated" in item else None
        entries.append(Entry(link, updated or published, published))
    return entries


def _struct_to_utc(value: time.struct_time | None) -> datetime | None:
    return datetime.fromtimestamp(calendar.timegm(value), UTC) if value else None


def rest_posts_url(root: str, page: int, per_page: int = 100, newest_changes: bool = True) -> str:
    """`/wp-json/wp/v2/posts` page N with only the fields discovery needs."""
    query: dict[str, Any] = {"per_page": per_page, "page": page, "_fields": REST_FIELDS}
    if newest_changes:
        query.update(orderby="modified", order="desc")
    return f"{root}/wp-json/wp/v2/posts?{urlencode(query)}"


def parse_rest_posts(body: bytes) -> list[Entry]:
    """Posts of a `/wp-json/wp/v2/posts` page; raises ValueError if it is not a post list."""
    data = json.loads(body)
    if not isinstance(data, list):
        raise ValueError(f"expected a JSON list of posts, got {type(data).__name__}")
    return [
        Entry(post["link"], parse_date(post.get("modified_gmt")), parse_date(post.get("date_gmt")))
        for post in data
        if isinstance(post, Mapping) and isinstance(post.get("link"), str)
    ]


def rest_total_pages(headers: Mapping[str, Any]) -> int | None:
    """`X-WP-TotalPages` as an int (header values may be bytes or lists), or None."""
    value = _header(headers, "X-WP-TotalPages")
    return int(value) if value and value.strip().isdigit() else None


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    value = headers.get(name)
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return value


def newest(values: Iterable[datetime | None]) -> datetime | None:
    """The latest of some optional datetimes, or None."""
    present = [value for value in values if value is not None]
    return max(present) if present else None


def rest_root_zone(body: bytes) -> str | None:
    """The zone a WordPress REST root (`/wp-json/`) gives: its `timezone_string` (an IANA
    name), else its `gmt_offset` in hours as `±HH:MM`; None when it gives neither."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, Mapping):
        return None
    name = data.get("timezone_string")
    if isinstance(name, str) and name.strip():
        return name.strip()
    offset = data.get("gmt_offset")
    try:
        minutes = round(float(offset) * 60)
    except (TypeError, ValueError):
        return None
    if abs(minutes) > 14 * 60:
        return None
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
