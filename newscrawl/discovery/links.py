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
from newscrawl.extraction.classify import POST_TITLE_CLASSES
from newscrawl.extraction.simplecss import class_names
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
# A post's title link in a listing module (`rel=bookmark` too): a post under any permalink scheme.
TITLE_CLASSES = POST_TITLE_CLASSES
# What `_linked` finds in one walk, as XPath (the reference, 5-10 times slower: each element's
# class is normalised once per name):
# article_links: f"{HREFLANG} | //*[@itemprop='articleBody' or <ARTICLE_LINK_BLOCKS class>]
#                 /descendant-or-self::a/@href"; posts: "//*[<TITLE_CLASSES class>]//a/@href |
#                 //a[@rel='bookmark']/@href"
_KINDS: dict[str, tuple[bool, bool]] = {}  # class attribute → (link block, title), memoised


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

    def posts(self, root: etree._Element, links: Iterable[str], urljoin: Callable[[str], str],
              titles: list[str] | None = None) -> list[Entry]:
        """The posts among a page's `links`: dated permalinks, and post title links (`titles`:
        the page's title link hrefs, when already read)."""
        titled = set(self.links(_linked(root)[1] if titles is None else titles, urljoin))
        return [Entry(url) for url in links
                if is_article_url(url) or (url in titled and is_post_url(url))]

    def article_links(self, root: etree._Element, urljoin: Callable[[str], str]) -> list[Entry]:
        """Posts linked from an article page's link blocks."""
        blocks, titles = _linked(root, blocks=True)
        return self.posts(root, self.links(blocks, urljoin), urljoin, titles)

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


def _linked(root: etree._Element, blocks: bool = False) -> tuple[list[str], list[str]]:
    """In one walk of the tree, in document order: the hrefs of the link blocks' `<a>`s (the
    block's own too) and of the hreflang alternates (when `blocks`), and those of the `<a>`s
    inside a post title or marked `rel=bookmark`."""
    linked: list[str] = []
    titles: list[str] = []
    in_block = in_title = 0
    open_kinds: list[tuple[bool, bool]] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            block, title = open_kinds.pop()
            in_block -= block
            in_title -= title
            continue
        tag = element.tag
        if not isinstance(tag, str):  # a comment or processing instruction
            open_kinds.append((False, False))
            continue
        get = element.get
        block, title = _kinds(get("class"))
        block = blocks and (block or get("itemprop") == "articleBody")
        open_kinds.append((block, title))
        in_block += block
        if tag == "a" and (href := get("href")) is not None:
            if in_block:
                linked.append(href)
            if in_title or get("rel") == "bookmark":
                titles.append(href)
        elif blocks and tag == "link" and get("rel") == "alternate" and (
                get("hreflang") is not None and (href := get("href")) is not None):
            linked.append(href)
        in_title += title  # `//*[title]//a`: the title element's descendants only
    return linked, titles


def _kinds(value: str | None) -> tuple[bool, bool]:
    """(a link block's class, a post title's class) in a class attribute, its names split as
    XPath's normalize-space() splits them (memoised: a site repeats its class strings)."""
    if not value:
        return False, False
    kinds = _KINDS.get(value)
    if kinds is None:
        if len(_KINDS) >= 20_000:
            _KINDS.clear()
        names = set(class_names(value))
        kinds = _KINDS[value] = (not names.isdisjoint(ARTICLE_LINK_BLOCKS),
                                 not names.isdisjoint(TITLE_CLASSES))
    return kinds
