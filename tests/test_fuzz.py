"""Bad input never crashes (issue §6): fuzzed pages through the page object and every pipeline.

Snapshot article pages are mutated (cut, duplicated, spliced with tag soup, fields replaced by
random text) and random markup is generated from the theme's vocabulary. Each page goes
through `ArticlePage` then each item pipeline in settings order, as a crawl would run them.
The outcome must be a page the spider skips as "not an article", a counted drop
(`newscrawl/dropped/*`), or an item valid against the schema; never another exception.
Fixed seed (`derandomize`) and bounded examples: the same cases on every run, in seconds.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.extraction.page import ArticlePage
from newscrawl.items import ArticleItem
from newscrawl.pipelines.validate import schema_validator
from tests import faultserver as fs
from tests.conftest import SNAPSHOT, pipeline_chain

URL_ROOT = "https://newsmoris.com"
FETCHED_AT = "2026-11-27T06:00:00+00:00"
PAGES = [(p, (SNAPSHOT / p.strip("/") / "index.html").read_text("utf-8"))
         for p in fs.article_paths(SNAPSHOT)]
VALIDATOR = schema_validator()
FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=120,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Markup a broken template or a hostile page could hold, in the theme's own vocabulary.
SOUP = [
    "<div>", "</div>", "<p>", "</p>", "</span>", "<article>", "</article>", "<br>", "<li>",
    '<div class="tdb_single_content"><div class="tdb-block-inner">',
    '<div class="td-post-content tagdiv-type">', '<h1 class="tdb-title-text">',
    '<div class="tdb_single_date"><time class="entry-date" datetime="',
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": ',
    '<meta property="article:published_time" content="', '<body class="single-post postid-',
    '<link rel="canonical" href="', '<link rel="alternate" hreflang="', "<![CDATA[", "<!--",
    "-->", "&#xD800;", "&#0;", "&amp", "\ufeff", "\u202e", "\x85", "<td-a-rec>",
    '<div class="td-a-rec">- Advertisement -</div>', '<img alt="spot_img" src="',
]
# Field values the page object and the pipelines parse, replaced by anything.
FIELDS = [
    rb'(datePublished"\s*:\s*")[^"]*', rb'(dateModified"\s*:\s*")[^"]*',
    rb'(article:published_time" content=")[^"]*', rb'(<time[^>]*datetime=")[^"]*',
    rb'(<link rel="canonical" href=")[^"]*', rb'(<html lang=")[^"]*', rb'(postid-)\d+',
    rb'(hreflang=")[^"]*', rb'(<h1[^>]*>)[^<]*', rb'(og:image" content=")[^"]*',
    rb'(class="entry-date[^>]*>)[^<]*',
]
FIELD_PATTERNS = [re.compile(f.decode()) for f in FIELDS]

text = st.text(st.characters(codec="utf-8"), max_size=60)


@st.composite
def mutated_page(draw: st.DrawFn) -> tuple[str, str]:
    """(url, html): a snapshot article page after 1-6 random edits."""
    path, html = draw(st.sampled_from(PAGES))
    for _ in range(draw(st.integers(1, 6))):
        html = draw(edit(html))
    return URL_ROOT + path, html


def edit(html: str) -> st.SearchStrategy[str]:
    size = len(html)
    position = st.integers(0, size)
    span = st.tuples(position, st.integers(0, 5000)).map(lambda t: (t[0], min(size, t[0] + t[1])))
    return st.one_of(
        span.map(lambda s: html[:s[0]] + html[s[1]:]),  # delete
        span.map(lambda s: html[:s[1]] + html[s[0]:s[1]] + html[s[1]:]),  # duplicate
        position.map(lambda i: html[:i]),  # truncate
        st.tuples(position, st.sampled_from(SOUP) | text).map(
            lambda t: html[:t[0]] + t[1] + html[t[0]:]),  # splice
        st.tuples(st.sampled_from(FIELD_PATTERNS), text).map(
            lambda t: t[0].sub(lambda m: m.group(1) + t[1], html)),  # replace a field
    )


CONTAINERS = [
    '<div class="tdb_single_content"><div class="tdb-block-inner">',
    '<article><div class="td-post-content tagdiv-type">',
    '<article><div class="entry-content">',
    '<div itemprop="articleBody">',
]
instants = st.datetimes().map(lambda d: d.isoformat()) | text


@st.composite
def generated_page(draw: st.DrawFn) -> tuple[str, str]:
    """(url, html): a single-post page whose metadata and body are random markup."""
    url = draw(st.sampled_from([URL_ROOT + p for p, _ in PAGES] + [URL_ROOT + "/", "about:x"]))
    head = [
        f'<meta property="og:type" content="{draw(st.sampled_from(["article", "website"]))}">',
        f'<meta property="og:title" content="{draw(text)}">',
        f'<meta property="article:published_time" content="{draw(instants)}">',
        f'<link rel="canonical" href="{draw(st.sampled_from([url, "", "/x/", "::"]) | text)}">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": '
        f'"{draw(instants)}", "headline": "{draw(text)}"' + "}</script>",
    ]
    soup = st.lists(st.sampled_from(SOUP) | text, max_size=40).map("".join)
    return url, (
        f'<html lang="{draw(st.sampled_from(["en-US", "fr-FR", "", "x"]) | text)}"><head>'
        + "".join(draw(st.permutations(head))) + draw(soup) + "</head>"
        + f'<body class="single-post postid-{draw(st.integers(-1, 10**12))}">'
        + draw(st.sampled_from(CONTAINERS)) + draw(soup) + "</div></div></article></body></html>"
    )


def outcome(url: str, html: str) -> str:
    """'not_article', 'dropped' (counted) or 'valid'; any other exception propagates."""
    page = ArticlePage(html, url)
    if not page.is_article:
        return "not_article"
    item: Any = ArticleItem(page.to_item(fetched_at=FETCHED_AT))
    chain = pipeline_chain(exclude=())
    stats = chain[0].crawler.stats
    try:
        for pipeline in chain:
            item = pipeline.process_item(item)
    except DropItem:
        counted = [k for k in stats.get_stats() if k.startswith("newscrawl/dropped/")]
        assert counted, "a drop without its newscrawl/dropped/<reason> count"
        return "dropped"
    errors = list(VALIDATOR.iter_errors(ItemAdapter(item).asdict()))
    assert not errors, errors
    return "valid"


@FUZZ
@given(mutated_page())
def test_mutated_snapshot_pages(case: tuple[str, str]) -> None:
    event(outcome(*case))  # --hypothesis-show-statistics shows the mix


@FUZZ
@given(generated_page())
def test_generated_markup(case: tuple[str, str]) -> None:
    event(outcome(*case))


@FUZZ
@given(st.sampled_from(sorted(dict(PAGES))),
       st.binary(max_size=3000).map(lambda b: b.decode("latin-1")))
def test_random_bytes_in_the_article_body(path: str, noise: str) -> None:
    html = dict(PAGES)[path]
    opening = re.search(r'class="[^"]*(?:tdb-block-inner|td-post-content)[^"]*"[^>]*>', html)
    assert opening is not None
    event(outcome(URL_ROOT + path, html[:opening.end()] + noise + html[opening.end():]))


def test_unmutated_pages_are_valid_items() -> None:
    """The harness itself: intact snapshot pages come out as valid items."""
    assert {outcome(URL_ROOT + path, html) for path, html in PAGES} == {"valid"}


@pytest.mark.parametrize("where", ["attribute name", "body text"])
def test_control_characters(where: str) -> None:
    path, html = PAGES[0]
    if where == "attribute name":
        html = html.replace("<meta ", '<meta x\x1fy="1" ', 1)
    else:
        html = re.sub(r'class="[^"]*(?:tdb-block-inner|td-post-content)[^"]*"[^>]*>',
                      lambda m: m.group(0) + "\x01", html, count=1)
    assert outcome(URL_ROOT + path, html) == "valid"  # the control character is simply gone
