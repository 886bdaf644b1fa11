"""URL rules for the site: what is an article, a listing, noise; canonical forms; roots."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DEFAULT_ROOT = "https://newsmoris.com"

ARTICLE_PATH = re.compile(
    r"^/(?:(?P<lang>[a-z]{2})/)?(?P<year>(?:19|20)\d{2})/(?P<month>0[1-9]|1[0-2])/"
    r"(?P<day>0[1-9]|[12]\d|3[01])/(?P<slug>[^/?#]+)/?$"
)
LISTING_PATH = re.compile(
    r"^/(?:(?:category/[^?#]+?|tag/[^/?#]+|author/[^/?#]+|latest-news)/)?(?:page/\d+/?)?$"
)
# Paths and query keys that only multiply requests (docs/site.md §5.3): never followed.
NOISE_PATH = re.compile(
    r"/(?:feed|amp|wp-json|wp-admin|wp-content|wp-includes|comments)(?:/|$)|/wp-"
)
NOISE_QUERY_KEYS = frozenset({"share", "replytocom", "amp", "s", "p", "print", "preview"})
TRACKING_QUERY = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_\w+|ref|_ga)$")


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
    """One form per page: no fragment, no tracking/noise query, article/listing paths end in `/`."""
    parts = urlsplit(url)
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


def is_listing_url(url: str) -> bool:
    """Home, category, tag, author and latest-news archives and their `/page/N/`."""
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return bool(LISTING_PATH.match(path)) and not NOISE_PATH.search(path)


def is_noise(url: str) -> bool:
    """Feeds, AMP, REST, share and reply links: never crawled as pages."""
    parts = urlsplit(url)
    keys = {k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    return bool(NOISE_PATH.search(parts.path)) or bool(keys & NOISE_QUERY_KEYS)


def url_date(url: str) -> str | None:
    """The `YYYY/MM/DD` of an article permalink, or None."""
    match = ARTICLE_PATH.match(urlsplit(url).path)
    return f"{match['year']}/{match['month']}/{match['day']}" if match else None


def rebase(url: str, from_root: str, to_root: str) -> str:
    """Move a URL from one site root to another (snapshot, mirror, loopback)."""
    if url.startswith(from_root):
        return to_root + url[len(from_root):]
    return url
