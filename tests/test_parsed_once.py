"""One parse per page: the page object of a response parses it once (Scrapy's own selector is
never built) and gives the same item as from markup; the body read from the page's container
equals the fragment's parse; the page object's indexed class queries give the very nodes
parsel gives. Real pages: the snapshot and the independent variants."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from newscrawl.extraction.chrome import CHROME_SELECTORS
from newscrawl.extraction.page import FOREIGN, TEMPLATES, ArticlePage
from newscrawl.extraction.text import element_paragraphs, html_to_paragraphs
from newscrawl.snapshot import Snapshot
from tests.conftest import SNAPSHOT, article_file, load_goldens

FETCHED = Snapshot(SNAPSHOT).captured.isoformat()
VARIANTS = sorted((Path(__file__).parent / "variants").rglob("*.html"))
PAGES = [article_file(url) for url in load_goldens()] + VARIANTS
FIELDS = ("body", "title", "subtitle", "date_block", "modified_block", "authors", "categories",
          "tags", "featured_img", "featured_caption")


def response(html: str, url: str) -> HtmlResponse:
    return HtmlResponse(url, body=html.encode("utf-8"), encoding="utf-8")


def readable(item: dict) -> dict:
    """The item with its body container read as text (elements of two trees never compare)."""
    element = item.pop("body_element")
    return {**item, "body": element_paragraphs(element, CHROME_SELECTORS) if element is not None
            else None}


def test_page_of_a_response_equals_the_page_from_markup_parsed_once() -> None:
    for url in load_goldens():
        html = article_file(url).read_text("utf-8")
        reply = response(html, url)
        page = ArticlePage.from_response(reply)
        item = page.to_item(FETCHED)
        assert reply._cached_selector is None  # Scrapy's tree never built: one parse
        assert readable(item) == readable(ArticlePage(html, url).to_item(FETCHED))


def test_control_characters_are_cleaned_as_from_markup() -> None:
    url = next(iter(load_goldens()))
    html = article_file(url).read_text("utf-8").replace("</h1>", "\x01\x0b</h1>", 1)
    reply = response(html, url)
    page = ArticlePage.from_response(reply)
    assert page.title == ArticlePage(html, url).title and "\x01" not in page.title


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.parent.name if p.name == "index.html"
                         else p.stem)
def test_body_from_the_tree_equals_the_fragment_parse(path: Path) -> None:
    page = ArticlePage(path.read_text("utf-8", errors="replace"), "https://newsmoris.com/x/")
    if page.body_element is None:
        return
    before = page.body_html
    assert element_paragraphs(page.body_element, CHROME_SELECTORS) == html_to_paragraphs(
        page.body_html, CHROME_SELECTORS)
    assert page.body_html == before  # read from a copy: the page's tree is unchanged


def test_indexed_class_queries_give_parsel_nodes_in_order() -> None:
    compared = 0
    for path in PAGES:
        page = ArticlePage(path.read_text("utf-8", errors="replace"), "https://newsmoris.com/x/")
        for template in TEMPLATES:
            for query in (q for name in FIELDS for q in getattr(template, name)):
                assert page._css(query) == [n.root for n in page.sel.css(query)], (path, query)
                compared += bool(page.sel.css(query))
    assert compared > len(PAGES)  # most queries found something to compare


EDGES = """<html lang="en-US"><head><title>Edge – NewsMoris</title>
<link rel="canonical"><link rel="canonical" href="/2024/01/01/edge/">
<link rel="shortlink" href="https://newsmoris.com/?p=77">
<link rel="alternate" hreflang="en" href="https://newsmoris.com/2024/01/01/edge-en/">
<meta property="og:type" content="article"><meta name="og:type" content="website">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Edge"}</script>
</head><body class="post-template-default single">
<div id="tdb-autoload-article"></div><div id="tdb-autoload-article"
 data-autoload-org-post-id="9"></div>
<div class="td_module_wrap"><meta itemprop="datePublished" content="2001-01-01"></div>
<div id="comments"><meta itemprop="author" content="A commenter"></div>
<meta itemprop="datePublished" content="2024-01-01T10:00:00+04:00">
<script type="application/ld+json">[{"@type": "Person", "name": "X"}]</script>
<a class="tdm-btn" href="/fr/2024/01/01/edge-fr/"><span>Read</span> in French</a>
</body></html>"""


def parsel_reading(page: ArticlePage) -> dict:
    """The metadata as parsel's selectors read them (the page object's reference)."""
    sel = page.sel
    metas = {}
    for node in sel.xpath("//meta"):
        foreign = node.xpath(FOREIGN)
        key = (node.attrib.get("property") or node.attrib.get("name")
               or node.attrib.get("itemprop") or "").strip()
        if (node.root.getparent().tag == "head" or not foreign) and key and key not in metas:
            metas[key] = node.attrib.get("content", "")
    return {
        "meta": metas,
        "ld": sel.css("script[type='application/ld+json']::text").getall(),
        "canonical": sel.css("link[rel='canonical']::attr(href)").get(),
        "shortlink": sel.css("link[rel='shortlink']::attr(href)").get(),
        "autoload": sel.css("#tdb-autoload-article::attr(data-autoload-org-post-id)").get(),
        "alternates": [n.root for n in sel.css("link[rel='alternate'][hreflang]")],
        "title": sel.css("title::text").get() or "",
        "body_classes": set((sel.css("body::attr(class)").get() or "").split()),
        "lang": sel.xpath("/html/@lang").get(),
        "buttons": [n.root for n in sel.css("a.tdm-btn, a.tds-button1")],
    }


@pytest.mark.parametrize("path", [*PAGES, None], ids=lambda p: "edges" if p is None else (
    p.parent.name if p.name == "index.html" else p.stem))
def test_metadata_read_without_parsel_equals_parsels_reading(path: Path | None) -> None:
    html = EDGES if path is None else path.read_text("utf-8", errors="replace")
    page = ArticlePage(html, "https://newsmoris.com/2024/01/01/edge/")
    ours = {
        "meta": page.meta,
        "ld": [s.text for s in page._heads.get("script", ()) if s.text is not None],
        "canonical": page._link_href("canonical"),
        "shortlink": page._link_href("shortlink"),
        "autoload": next(iter(page.sel.root.xpath(
            "//*[@id='tdb-autoload-article']/@data-autoload-org-post-id")), None),
        "alternates": [n for n in page._heads.get("link", ())
                       if n.get("rel") == "alternate" and n.get("hreflang") is not None],
        "title": page._page_title(),
        "body_classes": page.body_classes,
        "lang": next(iter(page.sel.root.xpath("/html/@lang")), None),
        "buttons": page._classed(("tdm-btn", "tds-button1"), tag="a"),
    }
    assert ours == parsel_reading(page)
    if path is None:  # what the edges are there for
        assert page.post_id == 9 and page.canonical_url.endswith("/2024/01/01/edge/")
        assert page.meta["datePublished"].startswith("2024") and "author" not in page.meta
        assert page.translations["fr"].endswith("/fr/2024/01/01/edge-fr/")
