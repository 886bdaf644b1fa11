"""Article or not, by evidence: what the page says about itself, what the crawl saw, the URL.

A page is read as an article unless it says it is something else: a listing (WordPress
archive body classes, a JSON-LD collection, search or profile page) or, in a crawl, a
static page (a WordPress `page` with no article metadata and a short text: About, Contact).
A page a consumer hands in as an article (`newscrawl.extract`: `Evidence.handed`) is refused
only as a listing or for want of text: a static page is no listing, and is read.
An article is then decided by the strongest evidence present, which the item names
(`extraction.classified_by`):

- `body_class`: WordPress' `single-post` body class (a post's template);
- `json-ld`: a JSON-LD `Article` (or subtype) node;
- `og:type`: `og:type` is `article`;
- `sitemap`, `feed`, `rest`: the crawl found the URL in a post sitemap, a feed or the REST
  `posts` (passed in by the spider: extraction reads no crawl state);
- `url`: a dated permalink (`/YYYY/MM/DD/slug/`);
- `article_element`: an `<article>` holding a headline;
- `content`: none of these, but a titled main text long enough and in prose.

WordPress writes `home` on the front page whatever it shows: with `page` and no post on it,
the front page is one static page (a personal or business site's text), judged as one.

A URL under an archive path (`/tag/`, `/category/`, `/author/`, `/page/N/`) says listing too,
unless the page itself says article. A page with evidence but no main text is `no_body`, one
whose main text is not prose (random bytes at an article URL) `not_prose`; one without
evidence is refused as `short_text` or `not_prose` when its main text is too short or not
prose. Pure: the caller gathers the evidence (`ArticlePage.evidence`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# WordPress body classes of listings and error pages: never an article, whatever their text.
LISTING_CLASSES = frozenset({"home", "blog", "archive", "category", "tag", "author", "search",
                             "error404"})
# Of those, the ones other platforms also write on single posts (a blog's post page): listing
# evidence only on a WordPress page without article metadata of its own.
LOOSE_LISTING_CLASSES = frozenset({"home", "blog"})
# WordPress body classes of a static page (About, Contact): an article with article metadata,
# or with a main text the length of a guide or a report, which site furniture never has.
STATIC_CLASSES = frozenset({"page", "page-template-default"})
# The classes around a post's title link in a list of posts (tagDiv's `td-module-title`,
# WordPress' `entry-title`; a link marked `rel=bookmark` too): a teaser of a post under any
# permalink scheme.
POST_TITLE_CLASSES = ("td-module-title", "entry-title")
MIN_PAGE_ARTICLE_CHARS = 1000
# JSON-LD types of a page's main entity that list other pages (an `ItemList` is often only a
# part of an article: a list of products or steps).
LISTING_TYPES = frozenset({"CollectionPage", "SearchResultsPage", "ProfilePage"})
# Crawl sources that list posts only (a post sitemap, a feed, the REST `posts`).
POST_SOURCES = ("sitemap", "feed", "rest")
ARTICLE_VERDICTS = frozenset({"body_class", "json-ld", "og:type", *POST_SOURCES, "url",
                              "article_element", "content"})
NOT_ARTICLE_VERDICTS = frozenset({"listing", "wp_page", "no_body", "short_text", "not_prose"})
# Shortest main text of a page read on its content alone; least share of a main text in
# letters (prose is about 0.8, a ranking's tables 0.5, random bytes as text 0.3).
MIN_CONTENT_CHARS = 150
MIN_PROSE = 0.4


@dataclass(frozen=True)
class Evidence:
    """What the page and the crawl say about a page."""

    body_classes: frozenset[str] = frozenset()
    og_type: str | None = None
    ld_article: bool = False
    ld_listing: bool = False
    published_meta: bool = False  # a machine-readable publication date of the page itself
    article_headline: bool = False  # an <article> holding an h1/h2 headline
    dated_url: bool = False
    archive_url: bool = False  # a tag, category, author, search or `/page/N/` URL
    wordpress: bool = True  # WordPress' markup (its `home` and `blog` classes mean a listing)
    # a `home` page showing no posts (no post-title links, one `<article>` at most): with the
    # `page` class, WordPress' front page set to one static page, not the list of posts
    shows_posts: bool = True
    listed_by: frozenset[str] = field(default_factory=frozenset)
    handed: bool = False  # handed in as an article by a consumer, not found by a crawl


@dataclass(frozen=True)
class MainText:
    """How much main text the page holds (computed only when asked: it costs a reading)."""

    has_body: Callable[[], bool]
    chars: Callable[[], int]
    prose: Callable[[], float]
    titled: Callable[[], bool]


def classify(evidence: Evidence, text: MainText) -> str:
    """The verdict: the evidence that makes the page an article (`ARTICLE_VERDICTS`) or the
    reason it is none (`NOT_ARTICLE_VERDICTS`)."""
    classes = evidence.body_classes
    listing = classes & LISTING_CLASSES
    if listing <= LOOSE_LISTING_CLASSES and (
            not evidence.wordpress or evidence.ld_article or evidence.og_type == "article"):
        listing = frozenset()  # another platform's `home`/`blog`, or a post's own metadata
    if listing == {"home"} and classes & STATIC_CLASSES and not evidence.shows_posts:
        listing = frozenset()  # a static front page: a static page (below)
    if listing and "single" not in classes:
        return "listing"
    if evidence.ld_listing and not evidence.ld_article:
        return "listing"
    decided = decisive(evidence)
    if evidence.archive_url and decided in {None, "url", "article_element"}:
        return "listing"
    if not evidence.handed and static_page(evidence, text):
        return "wp_page"
    if decided is not None and not text.has_body():
        return "no_body"
    if decided is not None:  # bytes at an article URL are no article
        return decided if text.prose() >= MIN_PROSE else "not_prose"
    if not text.has_body() or text.chars() < MIN_CONTENT_CHARS:
        return "short_text"
    if text.prose() < MIN_PROSE or not text.titled():
        return "not_prose"
    return "content"


def static_page(evidence: Evidence, text: MainText) -> bool:
    """A WordPress static page (About, Contact): its `page` body class, no article metadata
    (a JSON-LD Article, a post source, a publication date), a main text shorter than a
    guide's. A crawl keeps it out of the feed; a page handed in is read (`Evidence.handed`)."""
    return bool(evidence.body_classes & STATIC_CLASSES) and (
        "single-post" not in evidence.body_classes
        and decisive(evidence) not in {"json-ld", *POST_SOURCES}
        and not evidence.published_meta
        and (not text.has_body() or text.chars() < MIN_PAGE_ARTICLE_CHARS))


def decisive(evidence: Evidence) -> str | None:
    """The strongest article evidence present, or None."""
    if "single-post" in evidence.body_classes:
        return "body_class"
    if evidence.ld_article:
        return "json-ld"
    if evidence.og_type == "article":
        return "og:type"
    for source in POST_SOURCES:
        if source in evidence.listed_by:
            return source
    if evidence.dated_url:
        return "url"
    if evidence.article_headline:
        return "article_element"
    return None
