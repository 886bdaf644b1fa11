"""Bounded reads and guards (issue 8), without a crawl: nesting depth and size fuzzed with
hypothesis (fixed seed, bounded for CI), the trap guard, the site boundary, the error guards."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy import Request, Spider
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.discovery.sources import TooLarge, decompress
from newscrawl.discovery.traps import TrapGuard
from newscrawl.downloadermiddlewares.site_boundary import OffsiteRequest, SiteBoundaryMiddleware
from newscrawl.extraction.htmlparse import KEEP_DEPTH, cap_depth, parse_html
from newscrawl.extraction.page import ArticlePage
from newscrawl.extraction.text import html_to_paragraphs
from newscrawl.pipelines import Pipeline
from newscrawl.spidermiddlewares.callback_errors import CallbackErrorsMiddleware
from tests import hostile
from tests.conftest import SNAPSHOT, article_file, load_goldens

FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=40,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TAGS = st.sampled_from(["div", "span", "section", "ul", "li", "blockquote", "em", "table", "td"])
SEED_URL = next(u for u, g in load_goldens().items() if g["extraction"]["template"] == "tdb")


def nested(tags: list[str], inner: str) -> str:
    return "".join(f"<{t}>" for t in tags) + inner + "".join(f"</{t}>" for t in reversed(tags))


# -- markup depth ------------------------------------------------------------------------------

@FUZZ
@given(st.lists(TAGS, min_size=0, max_size=5000), st.integers(0, 3))
def test_any_nesting_keeps_every_paragraph(tags: list[str], before: int) -> None:
    first = "".join(f"<p>lead {i}</p>" for i in range(before))
    markup = f"<div>{first}{nested(tags, '<p>deep words</p>')}<p>closing words</p></div>"
    paragraphs, _ = html_to_paragraphs(markup)
    assert paragraphs[:before] == [f"lead {i}" for i in range(before)]
    assert "deep words" in " ".join(paragraphs)
    assert paragraphs[-1] == "closing words"


def test_cap_depth_unwraps_only_what_is_too_deep() -> None:
    markup = "<div>" * 300 + "<p>deep</p>" + "</div>" * 300 + "<p>after</p>"
    flat, cut = cap_depth(markup, keep=100)
    assert cut == 201  # 300 divs and the p, past the first 100
    assert flat == "<div>" * 100 + "deep" + "</div>" * 100 + "<p>after</p>"


def test_cap_depth_leaves_an_ordinary_page_alone() -> None:
    html = article_file(SEED_URL).read_text("utf-8")
    assert cap_depth(html) == (html, 0)
    assert parse_html(html)[1] == 0


def test_cap_depth_matches_close_tags_like_a_browser() -> None:
    # implicit closes of <p>/<li>, stray close tags, raw text that looks like tags
    markup = "<ul><li>a<li>b</ul></span><p>c<p>d<script>'<div>'</script>" + "<b>" * 5 + "e"
    flat, cut = cap_depth(markup, keep=3)
    assert cut == 3 and "'<div>'" in flat
    assert parse_html(markup)[0].xpath("string()").get() == "abcd'<div>'e"


def test_article_in_3000_nested_divs_keeps_every_paragraph() -> None:
    html = article_file(SEED_URL).read_text("utf-8")
    page = ArticlePage(hostile.deep_divs(3000)(html.encode()).decode(), SEED_URL)
    plain = ArticlePage(html, SEED_URL)
    assert "deep_markup_cut" in page.notes
    paragraphs = html_to_paragraphs(page.body_html)[0]
    assert paragraphs == html_to_paragraphs(plain.body_html)[0]
    assert page.title == plain.title and page.published_candidates == plain.published_candidates
    assert KEEP_DEPTH < 3000


# -- JSON-LD depth and size ----------------------------------------------------------------------

@FUZZ
@given(st.integers(0, 200_000), st.sampled_from(["[", '{"a":']))
def test_json_ld_of_any_depth_never_raises(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    html = article_file(SEED_URL).read_text("utf-8")
    block = f'<script type="application/ld+json">{opener * depth}1{closer * depth}</script>'
    page = ArticlePage(html.replace("</head>", block + "</head>", 1), SEED_URL)
    assert page.ld_article  # the page's own block is still read
    assert page.published_candidates[0]["source"] == "json-ld"


def test_json_ld_graph_nested_past_the_bound_is_cut_and_noted() -> None:
    article = {"@type": "NewsArticle", "headline": "Deep"}
    data: object = article
    for _ in range(20):
        data = [data]
    html = (f'<html><head><script type="application/ld+json">{json.dumps(data)}</script>'
            f"</head><body></body></html>")
    page = ArticlePage(html, SEED_URL)
    assert page.ld_article == {} and "json_ld_too_deep" in page.notes
    shallow = html.replace(json.dumps(data), json.dumps([[article]]))
    assert ArticlePage(shallow, SEED_URL).ld_article == article


# -- identity ------------------------------------------------------------------------------------

def test_offsite_canonical_and_translations_are_not_trusted() -> None:
    html = article_file(SEED_URL).read_text("utf-8")
    page = ArticlePage(hostile.hijack_identity(html.encode()).decode(), SEED_URL)
    assert page.canonical_url == SEED_URL
    assert page.translations == {}
    assert {"offsite_canonical", "offsite_translation"} <= set(page.notes)
    mirror = "http://127.0.0.1:8000" + SEED_URL.split("newsmoris.com", 1)[1]
    assert ArticlePage(html, mirror).canonical_url == SEED_URL  # the real site's own pages


# -- decompression -----------------------------------------------------------------------------

def test_decompression_past_the_limit_raises_too_large() -> None:
    with pytest.raises(TooLarge):
        decompress(hostile.gzip_bomb(64 << 20), max_size=16 << 20)
    assert decompress(hostile.gzip_bomb(1 << 20), max_size=16 << 20) == bytes(1 << 20)
    assert decompress(b"\x1f\x8b\x08garbage", max_size=1024) == b""


# -- trap guard ----------------------------------------------------------------------------------

def test_trap_guard_stops_a_chain_of_failing_links_once() -> None:
    guard = TrapGuard(max_pages=100, max_failed_run=5)
    guard.listed("/category/trap/", [f"/2026/01/01/t{i}/" for i in range(6)])
    guard.page_read("/category/trap/")
    for i in range(4):
        guard.resolved(f"/2026/01/01/t{i}/", article=False)
    assert guard.stop_reason("/category/trap/") is None
    guard.resolved("/2026/01/01/t4/", article=False)
    assert guard.stop_reason("/category/trap/") == "failing_links"
    assert guard.stop_reason("/category/trap/") is None  # reported once
    assert guard.is_stopped("/category/trap/")


def test_trap_guard_resets_on_an_article_and_caps_pages() -> None:
    guard = TrapGuard(max_pages=3, max_failed_run=2)
    guard.listed("/", ["/a/", "/b/", "/c/"])
    guard.resolved("/a/", article=False)
    guard.resolved("/b/", article=True)
    guard.resolved("/c/", article=False)
    guard.resolved("/unknown/", article=False)  # listed by no chain: ignored
    for _ in range(2):
        guard.page_read("/")
    assert guard.stop_reason("/") is None
    guard.page_read("/")
    assert guard.stop_reason("/") == "page_cap"


# -- site boundary -----------------------------------------------------------------------------

class RootSpider(Spider):
    name = "root"
    root = "https://newsmoris.com"


def boundary() -> tuple[SiteBoundaryMiddleware, object]:
    crawler = get_crawler(RootSpider)
    crawler.spider = RootSpider()
    crawler.stats.open_spider()
    return SiteBoundaryMiddleware.from_crawler(crawler), crawler.stats


def test_site_boundary_lets_the_site_through_and_refuses_other_hosts() -> None:
    middleware, stats = boundary()
    assert middleware.process_request(Request("https://newsmoris.com/2024/01/01/x/")) is None
    for url in ("https://evil.example/", "http://169.254.169.254/latest/meta-data/",
                "https://newsmoris.com.evil.example/", "http://127.0.0.1:6379/"):
        with pytest.raises(OffsiteRequest) as refused:
            middleware.process_request(Request(url))
        assert refused.value.reason == "offsite"
    redirected = Request("http://10.0.0.1/admin", meta={"redirect_urls": ["https://newsmoris.com/x"]})
    with pytest.raises(OffsiteRequest) as refused:
        middleware.process_request(redirected)
    assert refused.value.reason == "offsite_redirect"
    assert stats.get_value("newscrawl/offsite/request") == 4
    assert stats.get_value("newscrawl/offsite/redirect") == 1


def test_site_boundary_refuses_a_www_twin_on_a_private_address() -> None:
    middleware, stats = boundary()
    # resolution results as DNS would give them (the machine has no resolver for the site)
    middleware._resolved.update({"newsmoris.com": True, "www.newsmoris.com": False})
    with pytest.raises(OffsiteRequest) as refused:
        middleware.process_request(Request("https://www.newsmoris.com/"))
    assert refused.value.reason == "private_address"
    middleware._resolved["www.newsmoris.com"] = True
    assert middleware.process_request(Request("https://www.newsmoris.com/")) is None
    assert stats.get_value("newscrawl/offsite/private_address") == 1


def test_site_boundary_resolves_loopback_as_not_public() -> None:
    middleware, _ = boundary()
    assert middleware._public("localhost") is False
    assert middleware._public("no-such-host.invalid") is False


# -- error guards ------------------------------------------------------------------------------

class Failing(Pipeline):
    def process_item(self, item: object) -> object:
        raise TypeError("unexpected field type")


def test_a_pipeline_bug_drops_one_item_counted() -> None:
    crawler = get_crawler(RootSpider)
    crawler.stats.open_spider()
    with pytest.raises(DropItem) as dropped:
        Failing(crawler).process_item({"url": "https://newsmoris.com/2024/01/01/x/"})
    assert "TypeError" in str(dropped.value) and "2024/01/01/x" in str(dropped.value)
    assert crawler.stats.get_value("newscrawl/dropped/error/TypeError") == 1


def test_a_callback_exception_costs_its_page_only() -> None:
    failed: list[str] = []

    class Hooked(RootSpider):
        def callback_failed(self, response: HtmlResponse, error: Exception) -> None:
            failed.append(response.url)

    crawler = get_crawler(Hooked)
    crawler.spider = Hooked()
    crawler.stats.open_spider()
    request = Request("https://newsmoris.com/2024/01/01/x/", meta={"kind": "article"})
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    middleware = CallbackErrorsMiddleware.from_crawler(crawler)
    assert middleware.process_spider_exception(response, KeyError("x")) == []
    assert failed == [request.url]
    assert crawler.stats.get_value("newscrawl/errors/callback/article/KeyError") == 1


def test_snapshot_pages_unchanged_by_parse_html() -> None:
    """The bound costs ordinary pages nothing: no snapshot page is cut."""
    for path in SNAPSHOT.rglob("index.html"):
        assert parse_html(path.read_text("utf-8"))[1] == 0, path
