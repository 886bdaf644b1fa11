"""A synthetic NewsMoris of N articles in the theme's markup, served on loopback.

The snapshot builder (`samples/build`) renders every page: its content files are the base
posts (both template generations, the real chrome, ~62 KB pages), and article N of the
synthetic site is base post N mod K under a new slug (`…/slug-nN/`). Listings (home,
`/latest-news/`, categories, with their pagination), feeds (`/feed/?paged=N`, category feeds)
and Yoast sitemaps (1,000 URLs each) list all N articles, rendered on request by the builder's
own modules; every page has its `https://newsmoris.com` links rewritten to the server's root.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import threading
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

REPO = Path(__file__).resolve().parent.parent
BUILD = REPO / "samples" / "build"
sys.path.insert(0, str(BUILD))

import archives  # noqa: E402
import feeds  # noqa: E402
from layout import render_page  # noqa: E402
from model import ROOT, Post, Site, Term  # noqa: E402
from render import render_article  # noqa: E402

SITEMAP_SIZE = 1000
PAGED = re.compile(r"^(?P<base>/(?:.*?/)?)page/(?P<number>\d+)/$")


def synthetic_post(base: Post, number: int, count_base: int) -> Post:
    """Base post `number mod K` under a new slug (the first K keep their own URLs)."""
    if number < count_base:
        return base
    path = f"{base.path.rstrip('/')}-n{number}/"
    return dataclasses.replace(base, path=path, post_id=1_000_000 + number)


class SyntheticSite:
    """Every page of a site of `count` articles, as (status, content type, bytes)."""

    def __init__(self, count: int, root: str = ROOT) -> None:
        self.base = Site.load(BUILD / "articles")
        self.root = root
        bases = self.base.posts
        posts = [synthetic_post(bases[n % len(bases)], n, len(bases)) for n in range(count)]
        posts.sort(key=lambda post: (post.published, post.post_id), reverse=True)
        self.posts = posts
        self.by_path = {post.path: post for post in posts}
        self.english = [post for post in posts if post.lang == "en"]
        self.categories: dict[Term, list[Post]] = {}
        for post in posts:
            for term in post.categories:
                self.categories.setdefault(term, []).append(post)
        self.category_by_path = {term.url.removeprefix(ROOT): term for term in self.categories}
        self._base_pages = {post.path: render_page(render_article(self.base, post))
                            for post in bases}
        self.sitemaps = self._sitemaps()

    def rooted(self, text: str) -> bytes:
        return text.replace(ROOT, self.root).encode("utf-8")

    def article_paths(self) -> list[str]:
        return [post.path for post in self.posts]

    def base_pages(self) -> list[tuple[str, str]]:
        """(URL, HTML) of every base article page, rooted at this server."""
        return [(self.root + path, page.replace(ROOT, self.root))
                for path, page in self._base_pages.items()]

    # -- pages -----------------------------------------------------------------------------

    def get(self, path: str, query: str) -> tuple[int, str, bytes]:
        if path in self.sitemaps:
            kind = "text/plain" if path == "/robots.txt" else "application/xml"
            return 200, kind, self.sitemaps[path]
        if path in self.by_path:
            return 200, "text/html; charset=UTF-8", self._article(path)
        if path.endswith("/feed/"):
            return self._feed(path, int(parse_qs(query).get("paged", ["1"])[0]))
        match = PAGED.match(path)
        base, number = (match["base"], int(match["number"])) if match else (path, 1)
        page = self._listing(base, number)
        if page is None:
            return 404, "text/html; charset=UTF-8", b"<html><body>Not found</body></html>"
        return 200, "text/html; charset=UTF-8", page

    def _article(self, path: str) -> bytes:
        base_path = re.sub(r"-n\d+/$", "/", path)
        page = self._base_pages[base_path]
        return self.rooted(page.replace(base_path, path) if base_path != path else page)

    @lru_cache(maxsize=256)  # noqa: B019 - one site per process
    def _listing(self, base: str, number: int) -> bytes | None:
        if base == "/":
            posts, render = self.english, lambda lst: archives.home(self.base, lst)
        elif base == "/latest-news/":
            posts, render = self.english, lambda lst: archives.latest_news(self.base, lst)
        elif base in self.category_by_path:
            term = self.category_by_path[base]
            posts = self.categories[term]
            render = lambda lst: archives.tdb_archive(self.base, term, lst)  # noqa: E731
        else:
            return None
        total = max(1, -(-len(posts) // archives.PER_PAGE))
        if number > total:
            return None
        chunk = posts[(number - 1) * archives.PER_PAGE: number * archives.PER_PAGE]
        listing = archives.Listing(f"{ROOT}{base}", number, total, chunk)
        return self.rooted(render_page(render(listing)))

    def _feed(self, path: str, number: int) -> tuple[int, str, bytes]:
        base = path.removesuffix("feed/")
        posts = self.english if base == "/" else self.categories.get(
            self.category_by_path.get(base), [])
        chunk = posts[(number - 1) * 10: number * 10]
        if not chunk:
            return 404, "text/html; charset=UTF-8", b"<html><body>Not found</body></html>"
        self_url = f"{ROOT}{path}" + (f"?paged={number}" if number > 1 else "")
        return 200, "application/rss+xml; charset=UTF-8", self.rooted(
            feeds.rss(chunk, self_url, "NewsMoris", f"{ROOT}{base}"))

    def _sitemaps(self) -> dict[str, bytes]:
        """robots.txt, a Yoast index and post sitemaps of SITEMAP_SIZE URLs each."""
        made = feeds.sitemaps(self.base.posts, {})
        by_date = sorted(self.posts, key=lambda post: (post.last_modified, post.post_id))
        files = {"/robots.txt": made["robots.txt"]}
        index = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        for start in range(0, len(by_date), SITEMAP_SIZE):
            chunk = by_date[start: start + SITEMAP_SIZE]
            name = f"post-sitemap{start // SITEMAP_SIZE + 1 if start else ''}.xml"
            rows = [(post.url, post.last_modified, post.image.url if post.image else None)
                    for post in chunk]
            files[f"/{name}"] = feeds._urlset(rows)
            stamp = feeds._w3c(chunk[-1].last_modified)
            index.append(f"<sitemap><loc>{ROOT}/{name}</loc><lastmod>{stamp}</lastmod></sitemap>")
        files["/sitemap_index.xml"] = "\n".join([*index, "</sitemapindex>"]) + "\n"
        return {path: self.rooted(text) for path, text in files.items()}


class SiteServer:
    """Serves a SyntheticSite of `count` articles on an ephemeral loopback port."""

    def __init__(self, count: int) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.root = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.site = SyntheticSite(count, self.root)
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                status, kind, body = server.site.get(parts.path, parts.query)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler
