"""URL rules for the site: what is an article, a listing, noise; canonical forms; roots."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DEFAULT_ROOT = "https://newsmoris.com"
SITE_DOMAIN = "newsmoris.com"  # the `site` of NewsMoris' records

ARTICLE_PATH = re.compile(
    r"^/(?:(?P<lang>[a-z]{2})/)?(?P<year>(?:19|20)\d{2})/(?P<month>0[1-9]|1[0-2])/"
    r"(?P<day>0[1-9]|[12]\d|3[01])/(?P<slug>[^/?#]+)/?$"
)
DATED_PATH = re.compile(  # a `/YYYY/MM/DD/` run anywhere in a path, any site's permalinks
    r"/(?P<year>(?:19|20)\d{2})/(?P<month>0[1-9]|1[0-2])/(?P<day>0[1-9]|[12]\d|3[01])/"
)
LISTING_PATH = re.compile(
    r"^/(?:(?:category/[^?#]+?|tag/[^/?#]+|author/[^/?#]+|latest-news)/)?(?:page/\d+/?)?$"
)
# Archive segments of any site's listings (WordPress' and most CMSs'): a page under one lists
# other pages, whatever its permalink scheme (`/tag/x/`, `/category/a/b/`, `/author/x/page/2/`).
ARCHIVE_PATH = re.compile(
    r"/(?:tag|tags|category|categories|author|authors|search|page/\d+)(?:/|$)")
# Paths and query keys that only multiply requests (docs/site.md §5.3): never followed.
NOISE_PATH = re.compile(
    r"/(?:feed|amp|wp-json|wp-admin|wp-content|wp-includes|comments)(?:/|$)|/wp-"
)
NOISE_QUERY_KEYS = frozenset({"share", "replytocom", "amp", "s", "p", "print", "preview"})
# WordPress' plain permalink of a post, `/?p=123`: the one `p` that is not noise.
POST_QUERY = re.compile(r"^p=\d+$")
TRACKING_QUERY = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_\w+|ref|_ga)$")


def is_replica(root: str, snapshot: str | None, local_hosts: Iterable[str]) -> bool:
    """Whether a crawl of `root` reads a copy of NewsMoris: its snapshot or a local server."""
    return bool(snapshot) or urlsplit(root).hostname in set(local_hosts)


def site_domain(root: str, replica: bool) -> str:
    """The `site` of a crawl's records: NewsMoris' domain for NewsMoris and its replicas,
    else the root's host without `www.` (as the articles of another site give it)."""
    if replica or same_site(root, DEFAULT_ROOT):
        return SITE_DOMAIN
    return (urlsplit(root).hostname or SITE_DOMAIN).removeprefix("www.")


def normalise_root(root: str) -> str:
    """`https://Host:port/` → `https://host:port` (scheme and host lower-case, no slash)."""
    parts = urlsplit(root.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"site_url must be an http(s) URL with a host, got {root!r}")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def same_site(url: str, root: str) -> bool:
    """True for URLs on the root's host, `www.` variant included."""
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    return host == urlsplit(root).netloc.lower().removeprefix("www.")


def canonicalize(url: str) -> str:
    """One form per page: no fragment, no tracking/noise query, article/listing paths end in `/`;
    a plain post permalink (`/?p=123`) keeps its `p` and nothing else."""
    parts = urlsplit(url)
    if (post := _plain_post(parts.path, parts.query)) is not None:
        return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "/", post, ""))
    path = re.sub(r"/amp/?$", "/", parts.path or "/")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_QUERY.match(k) and k not in NOISE_QUERY_KEYS
    ]
    if (ARTICLE_PATH.match(path) or LISTING_PATH.match(path + "/")) and not path.endswith("/"):
        path += "/"
    if ARTICLE_PATH.match(path):
        query = []
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))


def is_article_url(url: str) -> bool:
    """Article permalinks: `/YYYY/MM/DD/slug/`, optionally under a language prefix `/fr/`."""
    return bool(ARTICLE_PATH.match(urlsplit(url).path))


def is_post_url(url: str) -> bool:
    """A URL a post source (post sitemap, feed, REST `posts`, a listing's post title) may give
    for a post under any permalink scheme: dated, `/%postname%/`, `/?p=123`; never the home
    page, a listing, an archive or noise."""
    parts = urlsplit(url)
    if _plain_post(parts.path, parts.query) is not None:
        return True
    return (parts.path.strip("/") != "" and not is_listing_url(url) and not is_archive_url(url)
            and not is_noise(url))


def _plain_post(path: str, query: str) -> str | None:
    """`p=123` of a plain post permalink (`/?p=123`, other keys ignored), or None."""
    if path not in {"", "/"}:
        return None
    found = [f"{k}={v}" for k, v in parse_qsl(query) if k == "p"]
    return found[0] if len(found) == 1 and POST_QUERY.match(found[0]) else None


def is_listing_url(url: str) -> bool:
    """Home, category, tag, author and latest-news archives and their `/page/N/`."""
    parts = urlsplit(url)
    if _plain_post(parts.path, parts.query) is not None:  # `/?p=123` is a post, not the home
        return False
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return bool(LISTING_PATH.match(path)) and not NOISE_PATH.search(path)


def is_archive_url(url: str) -> bool:
    """An archive on any site: a tag, category, author or search path, a `/page/N/`, `?s=`."""
    parts = urlsplit(url)
    return bool(ARCHIVE_PATH.search(parts.path)) or any(
        k == "s" for k, _ in parse_qsl(parts.query, keep_blank_values=True))


def is_noise(url: str) -> bool:
    """Feeds, AMP, REST, share and reply links: never crawled as pages."""
    parts = urlsplit(url)
    keys = {k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    if _plain_post(parts.path, parts.query) is not None:
        keys.discard("p")
    return bool(NOISE_PATH.search(parts.path)) or bool(keys & NOISE_QUERY_KEYS)


def url_date(url: str) -> str | None:
    """The `YYYY/MM/DD` of an article permalink, or None."""
    match = ARTICLE_PATH.match(urlsplit(url).path)
    return f"{match['year']}/{match['month']}/{match['day']}" if match else None


def path_date(url: str) -> str | None:
    """The `YYYY/MM/DD` of a dated path on any site (`/news/2020/02/24/slug`), or None."""
    match = DATED_PATH.search(urlsplit(url).path)
    return f"{match['year']}/{match['month']}/{match['day']}" if match else None


def rebase(url: str, from_root: str, to_root: str) -> str:
    """Move a URL from one site root to another (snapshot, mirror, loopback)."""
    if url.startswith(from_root):
        return to_root + url[len(from_root):]
    return url
