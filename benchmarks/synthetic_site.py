"""A synthetic NewsMoris of N articles in the theme's markup, served on loopback.

The snapshot builder (`samples/build`) renders every page: its content files are the base
posts (both template generations, the real chrome, ~62 KB pages), and article N of the
synthetic site is base post N mod K under a new slug (`…/slug-nN/`). Listings (home,
`/latest-news/`, categories, with their pagination), feeds (`/feed/?paged=N`, category feeds)
and Yoast sitemaps (1,000 URLs each) list all N articles, rendered by the builder's own
modules; every page has its `https://newsmoris.com` links rewritten to the server's root.

Two servers of the same site, same URLs, statuses, content types and bytes:
- `NginxSiteServer`: every page written once as a static file to a temporary directory and
  served by nginx (started with its own configuration, one process, on a free loopback port).
  A benchmark's server must not be what paces the crawl: nginx serves a ~62 KB page in a few
  microseconds of CPU.
- `SiteServer`: Python's threading HTTP server, rendering on request in this process; the
  fallback where nginx is not installed. It paces a bare Scrapy spider (~150-170 pages/s).
`site_server(count, kind)` picks one (`auto`: nginx when installed) and reports the server's
own CPU seconds (`cpu_seconds()`), so a benchmark can show what the server spent.
"""

from __future__ import annotations

import dataclasses
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
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

    def listing_bases(self) -> list[str]:
        return ["/", "/latest-news/", *self.category_by_path]

    def files(self) -> Iterator[tuple[str, bytes]]:
        """(relative file path, bytes) of every page `get` serves with status 200.

        A path ending in `/` is `…/index.html`; a feed's page N (`…/feed/?paged=N`) is
        `…/feed/paged-N.rss`; robots.txt and sitemaps keep their names."""
        yield from ((path.lstrip("/"), body) for path, body in self.sitemaps.items())
        for path in self.article_paths():
            yield f"{path.lstrip('/')}index.html", self._article(path)
        for base in self.listing_bases():
            number = 1
            while (page := self._listing.__wrapped__(self, base, number)) is not None:
                yield f"{base.lstrip('/')}page/{number}/index.html", page
                if number == 1:
                    yield f"{base.lstrip('/')}index.html", page
                number += 1
        for base in self.listing_bases():
            number = 1
            while (feed := self._feed(f"{base}feed/", number))[0] == 200:
                yield f"{base.lstrip('/')}feed/paged-{number}.rss", feed[2]
                number += 1

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
    """Serves a SyntheticSite of `count` articles on an ephemeral loopback port, in Python."""

    name = "Python ThreadingHTTPServer (in the benchmark's process)"

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

    def cpu_seconds(self) -> float:
        """CPU of this whole process: the server's threads (and whatever else it runs)."""
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

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


NGINX_CONF = """\
daemon off;
master_process off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    types {{
        text/html html;
        application/xml xml;
        text/plain txt;
        application/rss+xml rss;
    }}
    charset UTF-8;
    charset_types text/html application/rss+xml;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    open_file_cache max=100000 inactive=60s;
    server_tokens off;
    map $arg_paged $paged {{ "" 1; default $arg_paged; }}
    server {{
        listen 127.0.0.1:{port};
        root {work}/site;
        index index.html;
        error_page 404 /404.html;
        location = /404.html {{ internal; }}
        location ~ /feed/$ {{
            try_files ${{uri}}paged-$paged.rss =404;
        }}
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


def nginx_binary() -> str | None:
    """Debian's nginx (`/usr/sbin` is not always on a user's PATH), else one on PATH."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NginxSiteServer:
    """Serves a SyntheticSite of `count` articles from static files with nginx on loopback.

    Everything lives in a temporary directory (configuration, pid, logs, temp paths, the
    site's files), removed on exit; nginx runs as one foreground process (`master_process
    off`), so its CPU is that process's."""

    def __init__(self, count: int, binary: str) -> None:
        self.binary = binary
        self.name = f"nginx ({binary}, static files, one process)"
        self.work = Path(tempfile.mkdtemp(prefix="newscrawl-nginx-"))
        self.port = free_port()
        self.root = f"http://127.0.0.1:{self.port}"
        self.site = SyntheticSite(count, self.root)
        self.bytes_written = self._write_site(self.work / "site")
        self.process: subprocess.Popen[bytes] | None = None

    def _write_site(self, directory: Path) -> int:
        written = 0
        for relative, body in self.site.files():
            target = directory / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            written += len(body)
        (directory / "404.html").write_bytes(b"<html><body>Not found</body></html>")
        return written

    def __enter__(self) -> NginxSiteServer:
        conf = self.work / "nginx.conf"
        conf.write_text(NGINX_CONF.format(work=self.work, port=self.port))
        command = [self.binary, "-p", str(self.work), "-c", str(conf),
                   "-e", str(self.work / "error.log")]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.work / "error.log").read_text(errors="replace")
                self.__exit__()
                raise RuntimeError(f"nginx exited {self.process.returncode}: {log[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.__exit__()
        raise RuntimeError("nginx did not start listening within 10 s")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.work, ignore_errors=True)

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of the nginx process so far."""
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def served_alike(server: SiteServer | NginxSiteServer, paths: list[str]) -> list[str]:
    """Paths (with query) where the server's status, content type or body differ from
    `SyntheticSite.get`: the two servers must serve the same site."""
    import http.client

    differing = []
    connection = http.client.HTTPConnection("127.0.0.1", int(server.root.rsplit(":", 1)[1]))
    for target in paths:
        connection.request("GET", target)
        reply = connection.getresponse()
        body = reply.read()
        parts = urlsplit(target)
        want = server.site.get(parts.path, parts.query)
        if (reply.status, reply.getheader("Content-Type"), body if reply.status == 200 else b"") \
                != (want[0], want[1], want[2] if want[0] == 200 else b""):
            differing.append(target)
    connection.close()
    return differing


def sample_paths(site: SyntheticSite) -> list[str]:
    """A few URLs of every kind: sitemaps, robots, articles, listings, feeds, a 404."""
    articles = site.article_paths()
    return [*site.sitemaps, articles[0], articles[-1], "/", "/page/2/", "/latest-news/page/3/",
            f"{site.listing_bases()[-1]}page/2/", "/feed/", "/feed/?paged=2",
            f"{site.listing_bases()[-1]}feed/?paged=1", "/page/100000/", "/feed/?paged=100000",
            "/no/such/page/"]


def site_server(count: int, kind: str = "auto") -> SiteServer | NginxSiteServer:
    """A server of a SyntheticSite: `nginx`, `python`, or `auto` (nginx when installed)."""
    if kind not in ("auto", "nginx", "python"):
        raise ValueError(f"server kind must be auto, nginx or python, not {kind!r}")
    binary = nginx_binary() if kind != "python" else None
    if binary:
        return NginxSiteServer(count, binary)
    if kind == "nginx":
        raise RuntimeError("nginx is not installed (looked on PATH and in /usr/sbin)")
    return SiteServer(count)
