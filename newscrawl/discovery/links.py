"""Links a page offers discovery: on-site, canonical, noise-free, each once.

Which links of a page are worth following: every link of a listing page; on an article page,
only the blocks that can hold other articles (the body, related posts, "Must Read" and
"Latest Articles" flex blocks, previous/next, the "Read in French" button) and hreflang
alternates. Which of them are posts: a dated permalink by its URL alone; under any other
permalink scheme (`/%postname%/`, `/?p=N`), a post title's link in a listing module, or an
entry of a post source (post sitemap, feed, REST `posts`). Pure: a parsed page and its URL in,
URLs out.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urlsplit, urlunsplit

from lxml import etree
from scrapy.http import Response, TextResponse

from newscrawl.discovery.sources import Entry
from newscrawl.urls import (
    DEFAULT_ROOT,
    canonicalize,
    is_article_url,
    is_noise,
    is_post_url,
    same_site,
)

logger = logging.getLogger(__name__)
PAGED_PATH = re.compile(r"^(?P<base>/.*?)page/(?P<number>\d+)/$")
HREFLANG = "//link[@rel='alternate'][@hreflang]/@href"
# Links of a listing page: all of them (articles, pagination, other archives).
PAGE_LINKS = etree.XPath(f"//a/@href | {HREFLANG}", smart_strings=False)
# Blocks of an article page that can hold other articles.
ARTICLE_LINK_BLOCKS = (
    "tdb_single_content", "td-post-content", "entry-content", "td_block_related_posts",
    "tdb_single_related", "jp-relatedposts", "td_flex_block", "tdb_single_next_prev",
    "td-post-next-prev", "tdm-btn", "tds-button1",
)
_IN_BLOCK = " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
                      for name in ARTICLE_LINK_BLOCKS)
ARTICLE_LINKS = etree.XPath(
    f"{HREFLANG} | //*[@itemprop='articleBody' or {_IN_BLOCK}]/descendant-or-self::a/@href",
    smart_strings=False)
# A post's title link in a listing module (tagDiv's `td-module-title`, WordPress' `entry-title`,
# `rel=bookmark`): a post under any permalink scheme.
_TITLED = " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
                      for name in ("td-module-title", "entry-title"))
POST_LINKS = etree.XPath(f"//*[{_TITLED}]//a/@href | //a[@rel='bookmark']/@href",
                         smart_strings=False)


def is_html(response: Response, kind: str, count: Callable[[str], None]) -> bool:
    """Whether a response is decoded HTML (by its Content-Type, if any); if not, counted
    under `skipped/not_html/<kind>` and logged."""
    content_type = response.headers.get("Content-Type")
    if isinstance(response, TextResponse) and b"html" in (content_type or b"text/html"):
        return True
    count(f"skipped/not_html/{kind}")
    logger.warning("Expected an HTML %s page, got %s: %s", kind, content_type, response.url)
    return False


def archive_page(url: str) -> tuple[str, int]:
    """(`/category/x/`, 3) for `/category/x/page/3/`; page 1 for an archive's base URL."""
    path = urlsplit(url).path
    match = PAGED_PATH.match(path)
    return (match["base"], int(match["number"])) if match else (path, 1)


def listing_kind(url: str) -> str:
    """The archive kind of a listing URL: `home`, `category`, `tag`, `latest-news`…"""
    first = urlsplit(url).path.strip("/").split("/")[0]
    return "home" if first in {"", "page"} else first


class SiteLinks:
    """The crawled root's view of links: what is on the site, canonical and not noise."""

    def __init__(self, root: str, count: Callable[[str], None]) -> None:
        self.root = root
        self._count = count

    def on_site(self, url: str) -> str | None:
        """`url` on the crawled root, or None if off-site. Crawling a mirror or the loopback
        copy, links still written for the real site (`https://newsmoris.com/…`) are moved to
        the mirror's root rather than lost."""
        if not url.startswith(("http://", "https://")):
            return None
        if self.root != DEFAULT_ROOT and same_site(url, DEFAULT_ROOT):
            parts = urlsplit(url)
            url = self.root + urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
        return url if same_site(url, self.root) else None

    def links(self, hrefs: Iterable[str], urljoin: Callable[[str], str]) -> Iterator[str]:
        """On-site, non-noise `hrefs` canonicalised, each once; only relative links are
        joined (`urljoin`: the page's own, which honours `<base href>`)."""
        seen: set[str] = set()
        for href in hrefs:
            href = href.strip()
            url = self.on_site(href if href.startswith(("http://", "https://"))
                               else urljoin(href))
            if url is None or is_noise(url):
                continue
            url = canonicalize(url)
            if url not in seen:
                seen.add(url)
                yield url

    def redirect_target(self, location: bytes | None, urljoin: Callable[[str], str]
                        ) -> str | None:
        """The canonical on-site URL a redirect's `Location` points to, or None."""
        if not location:
            return None
        url = self.on_site(urljoin(location.decode("latin-1").strip()))
        return canonicalize(url) if url else None

    def page_links(self, root: etree._Element, urljoin: Callable[[str], str]) -> list[str]:
        """Every link of a listing page."""
        return list(self.links(PAGE_LINKS(root), urljoin))

    def posts(self, root: etree._Element, links: Iterable[str], urljoin: Callable[[str], str]
              ) -> list[Entry]:
        """The posts among a page's `links`: dated permalinks, and post title links."""
        titled = set(self.links(POST_LINKS(root), urljoin))
        return [Entry(url) for url in links
                if is_article_url(url) or (url in titled and is_post_url(url))]

    def article_links(self, root: etree._Element, urljoin: Callable[[str], str]) -> list[Entry]:
        """Posts linked from an article page's link blocks."""
        return self.posts(root, self.links(ARTICLE_LINKS(root), urljoin), urljoin)

    def entries(self, entries: Iterable[Entry]) -> list[Entry]:
        """On-site entries of a post source with canonical URLs, under any permalink scheme
        (the home page, listings and noise counted and dropped)."""
        found = []
        for entry in entries:
            url = self.on_site(canonicalize(entry.url))
            if url is not None and is_post_url(url):
                found.append(Entry(url, entry.lastmod, entry.published))
            else:
                self._count("discovery/not_article")
        return found
