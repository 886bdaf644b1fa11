"""Hostile pages for the loopback `SiteServer`: traps, bombs, deep markup, identity hijacks.

Each factory returns a handler (see tests/faultserver.py) or a body transformation. None of
them is NewsMoris content: they are what compromised sites, broken plugins and garbage
answers look like, written to the markup docs/site.md §2 describes.
"""

from __future__ import annotations

import random
import re
import zlib
from functools import cache
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from newscrawl.snapshot import Reply
from tests.faultserver import HTML
from tests.siteserver import Handler, SiteServer

EVIL = "https://evil.example"
TRAP = "/category/trap/"
TRAP_LINKS = 20  # new article links per trap page


def trap(server: SiteServer) -> Handler:
    """`/category/trap/page/N/`: 20 new article links (all 404) and a next page, forever; its
    feed `/category/trap/feed/?paged=N` the same."""
    def handler(request: BaseHTTPRequestHandler) -> Reply:
        parts = urlsplit(request.path)
        if parts.path.endswith("/feed/"):
            return trap_feed(server, int(parse_qs(parts.query).get("paged", ["1"])[0]))
        match = re.search(r"/page/(\d+)/?$", urlsplit(request.path).path)
        number = int(match[1]) if match else 1
        links = "".join(
            f'<div class="td_module_flex td_module_wrap"><h3 class="entry-title td-module-title">'
            f'<a href="{server.root}/2026/11/{1 + i % 28:02d}/trap-{number}-{i}/">Story {i}</a>'
            f"</h3></div>" for i in range(TRAP_LINKS))
        body = (f'<!doctype html><html lang="en-US"><head><title>Trap - NewsMoris</title></head>'
                f'<body class="archive category"><div class="td-ss-main-content">{links}'
                f'<div class="page-nav"><a href="{server.root}{TRAP}page/{number + 1}/">'
                f"Next</a></div></div></body></html>")
        return Reply(200, {"Content-Type": HTML}, body.encode())

    return handler


def trap_feed(server: SiteServer, number: int) -> Reply:
    items = "".join(
        f"<item><title>Story {i}</title><link>{server.root}/2026/10/{1 + i % 28:02d}/"
        f"trap-feed-{number}-{i}/</link><pubDate>Fri, 27 Nov 2026 03:00:00 +0000</pubDate></item>"
        for i in range(TRAP_LINKS))
    body = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Trap'
            f"</title><link>{server.root}{TRAP}</link>{items}</channel></rss>")
    return Reply(200, {"Content-Type": "application/rss+xml; charset=UTF-8"}, body.encode())


def link_trap(body: bytes) -> bytes:
    """The home page with a menu link to the trap archive."""
    return body.replace(b"</body>", f'<a href="{TRAP}">Trap</a></body>'.encode(), 1)


@cache
def gzip_bomb(size: int = 1 << 30) -> bytes:
    """`size` bytes of zeros, gzipped (1 GiB → about 1 MB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    parts = [packer.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join([*parts, packer.flush()])


def sitemap_index(root: str, children: list[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{root}{c}</loc></sitemap>" for c in children)
    return (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
            ).encode()


def urlset(urls: list[str], doctype: str = "") -> bytes:
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<urlset '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>').encode()


def billion_laughs(root: str) -> bytes:
    """A urlset whose entities would expand to ~3 GB if a parser resolved them."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10))
    doctype = f"<!DOCTYPE urlset [{entities}]>"
    return urlset([f"{root}/2026/11/20/laughs-&lol9;/"], doctype)


def offsite_sitemap(count: int = 150_000) -> bytes:
    return urlset([f"https://host{i % 97}.example/2026/11/20/story-{i}/" for i in range(count)])


def deep_divs(depth: int = 3000) -> callable:
    """The container's first paragraph wrapped in `depth` nested `<div>`s."""
    def convert(body: bytes) -> bytes:
        start = body.index(b"<p>", _container(body))
        end = body.index(b"</p>", start) + 4
        return body[:start] + b"<div>" * depth + body[start:end] + b"</div>" * depth + body[end:]

    return convert


def deep_json_ld(depth: int = 100_000) -> callable:
    """A second JSON-LD block: an array nested `depth` deep, before the page's own."""
    def convert(body: bytes) -> bytes:
        block = b'<script type="application/ld+json">' + b"[" * depth + b"]" * depth + b"</script>"
        return body.replace(b"</head>", block + b"</head>", 1)

    return convert


def hijack_identity(body: bytes) -> bytes:
    """`<link rel=canonical>`, `og:url` and an hreflang alternate naming another host."""
    body = re.sub(rb'(<link rel="canonical" href=")[^"]*', rb"\1" + EVIL.encode() + b"/stolen/",
                  body, count=1)
    body = re.sub(rb'(<meta property="og:url" content=")[^"]*', rb"\1" + EVIL.encode() +
                  b"/stolen/", body, count=1)
    alternate = f'<link rel="alternate" hreflang="de" href="{EVIL}/de/stolen/" />'.encode()
    return body.replace(b"</head>", alternate + b"</head>", 1)


def control_bytes(body: bytes) -> bytes:
    """NUL and other C0 bytes between the tags of the head and the sidebar."""
    body = body.replace(b"</head>", b"\x00\x01\x08\x0b\x1f</head>", 1)
    return body.replace(b"</body>", b"<div>\x00\x00\x07</div></body>", 1)


def invalid_utf8(body: bytes) -> bytes:
    """Bytes that are not UTF-8 in a comment of the head and in a sidebar block."""
    body = body.replace(b"</head>", b"<!-- \xff\xfe\xc3\x28 --></head>", 1)
    return body.replace(b"</body>", b"<div class='td_block_wrap'>\xa0\xa1\xe2\x82</div></body>", 1)


def many_links(count: int = 100_000) -> callable:
    """`count` links to other hosts and share links in the footer."""
    def convert(body: bytes) -> bytes:
        links = "".join(f'<a href="{EVIL}/{i}/">{i}</a><a href="?share=x{i}">s</a>'
                        for i in range(count // 2))
        return body.replace(b"</body>", f"<footer>{links}</footer></body>".encode(), 1)

    return convert


def base_elsewhere(body: bytes) -> bytes:
    """`<base href>` pointing to another host, so relative links resolve there."""
    return body.replace(b"<head>", f'<head><base href="{EVIL}/">'.encode(), 1)


def random_bytes(seed: int = 8, size: int = 64 * 1024) -> bytes:
    return random.Random(seed).randbytes(size)


def _container(body: bytes) -> int:
    for marker in (b"tdb_single_content", b"td-post-content"):
        if marker in body:
            return body.index(marker)
    raise ValueError("no article container")
