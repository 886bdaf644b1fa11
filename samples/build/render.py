"""Render the offline NewsMoris snapshot: `python samples/build/render.py`.

Reads every content file in `samples/build/articles/` and rewrites `samples/site/` (the document
root of https://newsmoris.com/): article pages, listings, feeds, sitemaps, pages and the 404 page.
Standard library only; the output depends on the content files alone. The modules beside this
script (found because Python puts the script's folder on `sys.path`): `model` (content files,
archives), `dates`, `markup` (escaping, templates, `tdi_N` numbering), `layout` (page shell, header,
footer), `seo` (Yoast/RankMath head), `blocks` (modules, ads, page-nav, comments), `single_tdb` and
`single_classic` (article templates), `archives`, `pages`, `feeds`; HTML skeletons in `templates/`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import archives
import feeds
import pages
import single_classic
import single_tdb
from dates import CAPTURED
from layout import PageSpec, render_page
from model import ROOT, Post, Site

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
SITE = HERE.parent / "site"


class Writer:
    """Writes files under the document root, refusing to write one twice."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: set[Path] = set()

    def text(self, relative: str, content: str) -> None:
        path = self.root / relative
        if path in self.written:
            raise ValueError(f"{relative} written twice")
        self.written.add(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")

    def page(self, url: str, spec: PageSpec) -> None:
        """`https://newsmoris.com/a/b/` → `a/b/index.html`."""
        path = url.removeprefix(ROOT).strip("/")
        self.text(f"{path}/index.html" if path else "index.html", render_page(spec))


def render_article(site: Site, post: Post) -> PageSpec:
    module = single_tdb if post.template == "tdb" else single_classic
    return module.render(site, post)


def write_listings(site: Site, out: Writer) -> None:
    english = site.in_lang("en")
    for listing in archives.paginate(f"{ROOT}/", english):
        out.page(listing.url, archives.home(site, listing))
    for listing in archives.paginate(f"{ROOT}/latest-news/", english):
        out.page(listing.url, archives.latest_news(site, listing))
    for term, posts in site.archives("category").items():
        for listing in archives.paginate(term.url, posts):
            out.page(listing.url, archives.tdb_archive(site, term, listing))
    for term, posts in site.archives("tag").items():
        for listing in archives.paginate(term.url, posts):
            out.page(listing.url, archives.tag_archive(site, term, listing))
    for term, posts in site.archives("author").items():
        own = [post for post in posts if post.lang == term.lang]
        for listing in archives.paginate(term.url, own):
            out.page(listing.url, archives.tdb_archive(site, term, listing))


def write_discovery(site: Site, out: Writer) -> None:
    english = site.in_lang("en")
    for name, content in feeds.main_feeds(english).items():
        out.text(name, content)
    categories = site.archives("category")
    for term, posts in categories.items():
        if term.lang == "en":
            path = term.url.removeprefix(ROOT).strip("/")
            out.text(f"{path}/feed/index.xml", feeds.category_feed(term, posts))
    for name, content in feeds.sitemaps(site.posts, categories).items():
        out.text(name, content)


def write_pages(site: Site, out: Writer) -> None:
    out.page(f"{ROOT}/about-us/", pages.about())
    out.page(f"{ROOT}/contact/", pages.contact())
    out.text("404.html", render_page(pages.not_found(site)))
    snapshot = {"root": ROOT, "captured": CAPTURED.isoformat()}
    out.text(".snapshot.json", json.dumps(snapshot, indent=2) + "\n")


def main() -> int:
    site = Site.load(ARTICLES)
    if SITE.exists():
        shutil.rmtree(SITE)
    out = Writer(SITE)
    for post in site.posts:
        out.page(post.url, render_article(site, post))
    write_listings(site, out)
    write_discovery(site, out)
    write_pages(site, out)
    print(f"{len(site.posts)} articles, {len(out.written)} files written to {SITE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
