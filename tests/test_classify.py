"""Article or not, by evidence (newscrawl/extraction/classify.py): the page's own signals, the
crawl's, the URL; listings, archives and static pages stay non-articles under any permalink."""

from __future__ import annotations

from datetime import datetime

import pytest

import newscrawl
from newscrawl.extraction.page import ArticlePage
from newscrawl.reextraction.api import Extractor

ROOT = "https://news.example"
PROSE = ("<p>The council met on Tuesday evening to discuss the new market hall, which has been "
         "delayed for two years by disputes over the land and the cost of the roof.</p>"
         "<p>Residents who spoke at the meeting said the old hall was no longer safe, and the "
         "mayor promised a decision before the end of the month after a final survey.</p>")
TEASERS = "".join(f'<li><h2><a href="{ROOT}/story-{n}/">Story number {n} of the week</a></h2>'
                  f"<p>A short excerpt of story {n}, cut after a few words...</p></li>"
                  for n in range(8))


WORDPRESS = f"<link rel='https://api.w.org/' href='{ROOT}/wp-json/'>"


def page(body: str, body_class: str = "", head: str = WORDPRESS, title: str = "Market hall"
         ) -> str:
    return (f"<!doctype html><html lang='en'><head><title>{title}</title>{head}</head>"
            f"<body class='{body_class}'><header><a href='{ROOT}/'>Home</a></header>"
            f"<main>{body}</main><footer>Contact</footer></body></html>")


LD_ARTICLE = ('<script type="application/ld+json">{"@type": "NewsArticle", '
              '"headline": "Market hall", "datePublished": "2024-03-05T10:00:00+01:00"}</script>')
LD_COLLECTION = ('<script type="application/ld+json">{"@type": "CollectionPage", '
                 '"name": "News"}</script>')
OG_ARTICLE = '<meta property="og:type" content="article">'
PUBLISHED = '<meta property="article:published_time" content="2024-03-05T10:00:00+01:00">'


@pytest.mark.parametrize(("html", "url", "listed_by", "verdict"), [
    (page(PROSE, "post-template-default single single-post postid-7"), f"{ROOT}/market-hall/",
     (), "body_class"),
    (page(PROSE, head=LD_ARTICLE), f"{ROOT}/?p=7", (), "json-ld"),
    (page(PROSE, head=OG_ARTICLE), f"{ROOT}/news/market-hall", (), "og:type"),
    (page(PROSE), f"{ROOT}/market-hall/", ("sitemap",), "sitemap"),
    (page(PROSE), f"{ROOT}/market-hall/", ("feed",), "feed"),
    (page(PROSE), f"{ROOT}/?p=7", ("rest",), "rest"),
    (page(PROSE), f"{ROOT}/2024/03/05/market-hall/", (), "url"),
    (page(f"<article><h1>Market hall</h1>{PROSE}</article>"), f"{ROOT}/article/3834/1", (),
     "article_element"),
    (page(PROSE), f"{ROOT}/market-hall/", (), "content"),
    (page(PROSE), f"{ROOT}/?p=7", ("archive",), "content"),
])
def test_articles_and_the_evidence_that_decided(html: str, url: str, listed_by: tuple[str, ...],
                                                verdict: str) -> None:
    found = ArticlePage(html, url, frozenset(listed_by))
    assert found.is_article
    assert found.article_verdict == verdict


@pytest.mark.parametrize(("html", "url", "verdict"), [
    (page(TEASERS, "archive category category-news"), f"{ROOT}/category/news/", "listing"),
    (page(TEASERS, "archive tag tag-market", head=OG_ARTICLE), f"{ROOT}/?tag=market", "listing"),
    (page(TEASERS, "archive author author-jane"), f"{ROOT}/author/jane/", "listing"),
    (page(TEASERS, "search search-results"), f"{ROOT}/?s=market", "listing"),
    (page(TEASERS, "home blog"), f"{ROOT}/", "listing"),
    (page(TEASERS, head=LD_COLLECTION), f"{ROOT}/news/", "listing"),
    # no body class, no metadata: the archive URL says it (any permalink scheme)
    (page(TEASERS + PROSE), f"{ROOT}/tag/market/", "listing"),
    (page(TEASERS + PROSE), f"{ROOT}/topics/page/3/", "listing"),
    # a dated URL does not make an archive page an article
    (page(TEASERS, "archive date"), f"{ROOT}/2024/03/05/", "listing"),
    # a static page, even with og:type article (Yoast writes it on pages too)
    (page(PROSE, "page-template-default page page-id-2"), f"{ROOT}/about-us/", "wp_page"),
    (page(PROSE, "page-template-default page page-id-2", head=OG_ARTICLE), f"{ROOT}/contact/",
     "wp_page"),
    (page("<p>Too short.</p>"), f"{ROOT}/market-hall/", "short_text"),
    (page("", "single single-post postid-7"), f"{ROOT}/market-hall/", "no_body"),
])
def test_not_articles_and_why(html: str, url: str, verdict: str) -> None:
    found = ArticlePage(html, url)
    assert not found.is_article
    assert found.article_verdict == verdict


LONG_PROSE = PROSE * 4  # a guide or report's length, which site furniture never has


@pytest.mark.parametrize(("html", "verdict"), [
    (page(LONG_PROSE, "page-template-default page page-id-9"), "content"),
    (page(LONG_PROSE, "page-template-default page page-id-9", head=OG_ARTICLE), "og:type"),
    # other platforms write `blog` on a post's page: its own metadata decides, or the page is
    # no WordPress page at all
    (page(PROSE, "blog blog-post", head=LD_ARTICLE), "json-ld"),
    (page(PROSE, "home blog section-news", head=""), "content"),
])
def test_long_pages_and_blog_posts_of_other_platforms_are_articles(html: str, verdict: str
                                                                     ) -> None:
    found = ArticlePage(html, f"{ROOT}/guides/market-halls/")
    assert found.is_article and found.article_verdict == verdict


def test_a_static_page_with_article_metadata_is_an_article() -> None:
    html = page(PROSE, "page-template-default page page-id-9", head=PUBLISHED + OG_ARTICLE)
    found = ArticlePage(html, f"{ROOT}/our-history/")
    assert found.is_article and found.article_verdict == "og:type"


def test_extract_reads_any_permalink_and_says_why() -> None:
    html = page(PROSE, head=PUBLISHED, title="Market hall delayed again")
    for url in (f"{ROOT}/market-hall/", f"{ROOT}/?p=7", f"{ROOT}/news/market-hall.html"):
        item = newscrawl.extract(html, url, "2024-03-06T00:00:00+00:00")
        assert item["extraction"]["classified_by"] == "content"
        assert item["body"].startswith("The council met on Tuesday")
        assert datetime.fromisoformat(item["published"]) == datetime.fromisoformat(
            "2024-03-05T10:00:00+01:00")
    with pytest.raises(newscrawl.ExtractionError) as refused:
        newscrawl.extract(page(TEASERS, "archive tag"), f"{ROOT}/tag/market/")
    assert refused.value.reason == "not_article/listing"



SHORT_POST = ("<p>The mayor said no. The council said yes.</p>"
              "<p>The hall stays shut until spring, both agree.</p>")


def short_post_page(body: str, body_class: str = "single single-post") -> str:
    return (f"<!doctype html><html lang='en'><head><title>Market hall</title>{WORDPRESS}"
            f"{PUBLISHED}</head><body class='{body_class}'>{body}</body></html>")


def test_a_short_post_inside_its_own_container_is_read() -> None:
    html = short_post_page("<div id='post-406' class='post-406 post type-post hentry'>"
                           f"<h2>Market hall</h2><div class='entry'>{SHORT_POST}</div></div>")
    item = newscrawl.extract(html, f"{ROOT}/2024/03/05/market-hall/",
                             datetime(2024, 3, 6, 8, 0).astimezone())
    assert item["extraction"]["classified_by"] == "body_class"
    assert item["extraction"]["fallback"] == "trafilatura"
    assert "The hall stays shut until spring" in item["body"]


@pytest.mark.parametrize(("body", "body_class"), [
    # the short text outside the post's container (a tagline): no post
    (f"<div class='tagline'>{SHORT_POST}</div><div class='post hentry'><h2>Market hall</h2>"
     "</div>", "single single-post"),
    # inside a post container, on a page that says nothing of an article
    (f"<div class='post'><h2>Market hall</h2>{SHORT_POST}</div>", ""),
])
def test_a_short_text_is_no_post_without_both(body: str, body_class: str) -> None:
    page_ = ArticlePage(short_post_page(body, body_class), f"{ROOT}/market-hall/")
    assert page_.article_verdict in {"no_body", "short_text"}


STATIC = "page-template-default page page-id-2"
SHOWN_DATE = "<p class='date'><time datetime='2024-03-05T10:00:00+01:00'>5 March 2024</time></p>"


@pytest.mark.parametrize(("head", "verdict"), [(OG_ARTICLE, "og:type"), ("", "content")])
def test_a_static_page_handed_in_is_read_the_crawl_keeps_it_out(head: str, verdict: str
                                                                ) -> None:
    """A WordPress static page is no listing: `newscrawl.extract` (a page a consumer hands in)
    reads it, naming the evidence; the crawl's judgement still refuses it (`wp_page`)."""
    html = page(SHOWN_DATE + PROSE, STATIC, head=head)
    url = f"{ROOT}/about-the-market/"
    assert ArticlePage(html, url).article_verdict == "wp_page"
    counting = Extractor()
    with pytest.raises(newscrawl.ExtractionError) as crawl_judged:
        counting.extract(html, url, "2024-03-06T00:00:00+00:00")
    assert crawl_judged.value.reason == "not_article/wp_page"
    item = counting.extract(html, url, "2024-03-06T00:00:00+00:00", handed=True)
    assert counting.stats["newscrawl/extraction/static_page"] == 1
    assert item == newscrawl.extract(html, url, "2024-03-06T00:00:00+00:00") | {
        "crawled_at": item["crawled_at"]}
    assert item["extraction"]["classified_by"] == verdict
    assert item["body"].startswith("The council met on Tuesday")
    assert datetime.fromisoformat(item["published"]) == datetime.fromisoformat(
        "2024-03-05T10:00:00+01:00")


FRONT = "home page-template-default page page-id-2"


def test_a_front_page_that_is_one_static_page_is_judged_as_a_static_page() -> None:
    """WordPress writes `home` on the front page whatever it shows; with `page` and no post
    shown, the front page is one static page (a personal site's text): handed in, it is read;
    the crawl keeps it out as it keeps out any short static page."""
    html = page(f"<article class='page type-page'><h1>About this site</h1>{SHOWN_DATE}{PROSE}"
                "</article>", FRONT)
    assert ArticlePage(html, f"{ROOT}/").article_verdict == "wp_page"
    item = newscrawl.extract(html, f"{ROOT}/", "2024-03-06T00:00:00+00:00")
    assert item["extraction"]["classified_by"] == "article_element"
    assert item["body"].startswith("The council met on Tuesday")


@pytest.mark.parametrize("shown", [
    TEASERS,  # post titles (`rel=bookmark`) in a list of excerpts
    "".join(f"<article class='card'><h3 class='entry-title'><a href='{ROOT}/story-{n}/'>"
            f"Story {n}</a></h3></article>" for n in range(3)),
    f"<div class='td-module-title'><a href='{ROOT}/story-1/'>Story 1</a></div>{PROSE * 4}",
])
def test_a_front_page_showing_posts_stays_a_listing(shown: str) -> None:
    """The theme's own front page is a static page of post blocks: a listing, handed in too."""
    html = page(shown.replace("<h2><a", "<h2><a rel='bookmark'"), FRONT)
    assert ArticlePage(html, f"{ROOT}/", handed=True).article_verdict == "listing"
    with pytest.raises(newscrawl.ExtractionError) as refused:
        newscrawl.extract(html, f"{ROOT}/", "2024-03-06T00:00:00+00:00")
    assert refused.value.reason == "not_article/listing"


def test_a_listing_handed_in_is_still_refused() -> None:
    with pytest.raises(newscrawl.ExtractionError) as refused:
        newscrawl.extract(page(TEASERS, "archive category category-news"),
                          f"{ROOT}/category/news/")
    assert refused.value.reason == "not_article/listing"


def test_a_post_the_parser_nests_in_a_popup_is_read_alone() -> None:
    """A newsletter popup left unclosed before the story: libxml2 (unlike a browser) does not
    close it at `</aside>`, so the whole post lies inside the `<aside>` trafilatura drops.
    The post's own container is then read out of the page."""
    popup = ("<aside class='popup-overlay'><div class='popup-outer'><div class='popup'>"
             "<h2>Newsletter</h2><p>Sign up for our weekly letter.</p></div></aside>")
    post = ("<article class='post-58 post type-post hentry'><h1>Market hall</h1>"
            f"<div class='entry-text'>{PROSE}</div></article>")
    html = short_post_page(popup + "<header><a href='/'>Home</a></header>" + post)
    counting = Extractor()
    item = counting.extract(html, f"{ROOT}/market-hall/", "2024-03-06T00:00:00+00:00",
                            handed=True)
    assert item["extraction"]["classified_by"] == "body_class"
    assert item["body"].startswith("The council met on Tuesday")
    assert item["body"].endswith("after a final survey.")
    assert "Sign up" not in item["body"]
    assert counting.stats["newscrawl/extraction/post_alone"] == 1
