"""One parse per page: the page object of a response parses it once (Scrapy's own selector is
never built) and gives the same item as from markup; the body read from the page's container
equals the fragment's parse; the page object's indexed class queries give the very nodes
parsel gives. Real pages: the snapshot and the independent variants."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from newscrawl.chrome import CHROME_SELECTORS
from newscrawl.pages import ArticlePage
from newscrawl.pages.article import TEMPLATES
from newscrawl.snapshot import Snapshot
from newscrawl.text import element_paragraphs, html_to_paragraphs
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
