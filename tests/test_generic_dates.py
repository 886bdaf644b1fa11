"""Dates of a page without machine-readable ones (newscrawl/extraction/page.py): htmldate's
search for the original date before a date block's text, unless they agree on the day, when
the text keeps the time of day it shows."""

from __future__ import annotations

from datetime import datetime

import pytest
from lxml import etree

import newscrawl
from newscrawl.extraction.page import ArticlePage
from tests.conftest import article_file

FETCHED = "2026-11-27T06:00:00+00:00"
PROSE = ("<p>The council met on Tuesday evening to discuss the new market hall, which has been "
         "delayed for two years by disputes over the land and the cost of the roof.</p>"
         "<p>Residents who spoke at the meeting said the old hall was no longer safe, and the "
         "mayor promised a decision before the end of the month after a final survey.</p>")


def page(shown: str) -> str:
    return ("<!doctype html><html lang='en'><head><title>Market hall delayed again</title>"
            "<meta name='DC.date.issued' content='2024-03-05'></head><body><main>"
            f"<h1>Market hall delayed again</h1><div class='meta'><span class='date'>{shown}"
            f"</span></div>{PROSE}</main></body></html>")


def test_htmldate_day_before_a_date_block_that_disagrees() -> None:
    item = newscrawl.extract(page("Updated November 2, 2026"), "https://news.example/market/",
                             FETCHED)
    assert item["extraction"]["published"] == "htmldate"
    assert item["published"].startswith("2024-03-05")


def test_date_block_keeps_its_time_when_htmldate_agrees_on_the_day() -> None:
    item = newscrawl.extract(page("March 5, 2024 10:30"), "https://news.example/market/",
                             FETCHED)
    assert item["extraction"]["published"] == "text"
    published = datetime.fromisoformat(item["published"])
    assert (published.date().isoformat(), published.hour, published.minute) == (
        "2024-03-05", 10, 30)


def test_a_utc_machine_date_is_printed_on_the_day_of_the_dated_url() -> None:
    # 02:25 UTC on the 25th, posted the evening before where the publisher is: the URL's day
    html = ("<!doctype html><html lang='en'><head><title>Market hall delayed again</title>"
            "<meta property='og:type' content='article'>"
            "<meta property='article:published_time' content='2020-02-25T02:25:54Z'></head>"
            f"<body><main><h1>Market hall delayed again</h1>{PROSE}</main></body></html>")
    item = newscrawl.extract(html, "https://news.example/2020/02/24/market-hall/", FETCHED)
    published = datetime.fromisoformat(item["published"])
    assert item["extraction"]["published"] == "opengraph"
    assert published == datetime.fromisoformat("2020-02-25T02:25:54+00:00")  # same instant
    assert published.date().isoformat() == "2020-02-24"


def test_a_date_without_its_year_comes_after_htmldate() -> None:
    # "Mar 5" would be read in the fetch's year (2026): htmldate's day of the page wins
    item = newscrawl.extract(page("<time datetime='Mar 5'>Mar 5</time>"),
                             "https://news.example/market/", FETCHED)
    assert item["extraction"]["published"] == "htmldate"
    assert item["published"].startswith("2024-03-05")


def test_a_display_string_in_a_machine_slot_comes_after_htmldate_when_they_disagree() -> None:
    # JSON-LD wants ISO 8601: "Jun 24, 2025" is a display date (an update), htmldate's the
    # original; an ISO machine date keeps its place
    def ld(published: str) -> str:
        return page("").replace("</head>", '<script type="application/ld+json">{"@type": '
                                '"NewsArticle", "headline": "Market hall delayed again", '
                                f'"datePublished": "{published}"}}</script></head>')
    item = newscrawl.extract(ld("Jun 24, 2025"), "https://news.example/market/", FETCHED)
    assert item["extraction"]["published"] == "htmldate"
    assert item["published"].startswith("2024-03-05")
    item = newscrawl.extract(ld("2025-06-24T10:00:00+02:00"), "https://news.example/market/",
                             FETCHED)
    assert item["extraction"]["published"] == "json-ld"
    assert item["published"].startswith("2025-06-24")


def test_htmldate_never_reads_the_top_bar_date_of_the_visit() -> None:
    """The theme's top bar shows the day of the visit: htmldate's search does not see it (the
    widget is taken out of the tree for the search and put back where it was)."""
    top_bar = ("<div class='tdb_header_date tdb-head-date'><div class='tdb-block-inner'>"
               "<div class='tdb-head-date-txt'>Friday, November 27, 2026</div></div></div>")
    html = ("<!doctype html><html lang='en'><head><title>Market hall delayed again</title>"
            f"</head><body><div class='td-header-top'>{top_bar}tail</div><main>"
            "<h1>Market hall delayed again</h1>"
            f"<p class='byline'>By Jane Doe, 2024/03/05</p>{PROSE}</main></body></html>")
    page_ = ArticlePage(html, "https://news.example/market/")
    before = etree.tostring(page_.root)
    assert ("htmldate", "2024-03-05") in [(c["source"], c["raw"])
                                          for c in page_.published_candidates]
    assert etree.tostring(page_.root) == before
    item = newscrawl.extract(html, "https://news.example/market/", FETCHED)
    assert item["published"].startswith("2024-03-05")


def drafted_page(ld: str, og: str, shown: str) -> str:
    return ("<!doctype html><html lang='en'><head><title>Market hall delayed again</title>"
            f"<meta property='article:published_time' content='{og}'>"
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": "
            f"\"Market hall delayed again\", \"datePublished\": \"{ld}\"}}</script></head>"
            "<body><main><h1>Market hall delayed again</h1>"
            f"<p class='byline'>By Jane Doe, {shown}</p>{PROSE}</main></body></html>")


def test_a_json_ld_date_days_before_the_published_time_htmldate_finds_is_a_draft() -> None:
    """A schema plugin writing the post's creation date: JSON-LD says 1 March, the page's
    `article:published_time` and its byline 5 March."""
    html = drafted_page("2024-03-01T08:00:00+00:00", "2024-03-05T10:00:00+00:00", "2024/03/05")
    item = newscrawl.extract(html, "https://news.example/market/", FETCHED)
    assert item["extraction"]["published"] == "opengraph"
    assert item["published_raw"] == "2024-03-05T10:00:00+00:00"


@pytest.mark.parametrize(("ld", "og", "shown"), [
    # JSON-LD later than the published time: not a draft's date
    ("2024-03-09T08:00:00+00:00", "2024-03-05T10:00:00+00:00", "2024/03/05"),
    # a day apart: the same instant written in another zone, or a late-night post
    ("2024-03-04T08:00:00+00:00", "2024-03-05T10:00:00+00:00", "2024/03/05"),
    # the same day in another zone
    ("2024-03-05T22:00:00-05:00", "2024-03-06T03:00:00+00:00", "2024/03/06"),
])
def test_the_json_ld_date_stays_first_otherwise(ld: str, og: str, shown: str) -> None:
    item = newscrawl.extract(drafted_page(ld, og, shown), "https://news.example/market/",
                             FETCHED)
    assert item["extraction"]["published"] == "json-ld"
    assert item["published_raw"] == ld


def test_a_theme_page_keeps_its_json_ld_date() -> None:
    """The rule is the generic path's: a template's page keeps the order of its sources."""
    url = "https://newsmoris.com/2024/02/22/bank-of-mauritius-holds-key-rate-at-4-5/"
    html = article_file(url).read_text("utf-8").replace(
        'article:published_time" content="2024-02-22T10:03:11+00:00"',
        'article:published_time" content="2024-02-26T10:03:11+00:00"')
    item = newscrawl.extract(html, url, FETCHED)
    assert item["extraction"]["template"] == "tdb"
    assert item["published"] == "2024-02-22T14:03:11+04:00"


def dated_block_page(stamp: str, shown: str) -> str:
    return ("<!doctype html><html lang='en'><head><title>Market hall delayed again</title>"
            "</head><body><main><article><h1>Market hall delayed again</h1>"
            f"<p class='meta'><time datetime='{stamp}'>{shown}</time></p>{PROSE}"
            "</article></main></body></html>")


def test_a_date_block_days_away_from_the_dated_url_and_htmldate_comes_after_them() -> None:
    """No machine slot; the block's date is years before the permalink's day, which htmldate
    finds too: the block belongs to something else (a comment, an update, a related post)."""
    url = "https://news.example/2019/10/22/market-hall/"
    item = newscrawl.extract(dated_block_page("2009-04-11", "11 April 2009"), url, FETCHED)
    assert item["published"].startswith("2019-10-22")
    assert item["extraction"]["published"] == "htmldate"


def test_a_utc_stamp_of_the_urls_evening_keeps_its_time() -> None:
    url = "https://news.example/2024/03/06/market-hall/"
    item = newscrawl.extract(dated_block_page("2024-03-05T21:30:00+00:00", "March 6, 2024"),
                             url, FETCHED)
    assert item["extraction"]["published"] == "time"
    assert datetime.fromisoformat(item["published"]) == datetime.fromisoformat(
        "2024-03-05T21:30:00+00:00")


def undated(footer: str) -> str:
    """An article page with no date anywhere but what `footer` says."""
    return ("<!doctype html><html lang='en'><head><title>Market hall delayed again</title>"
            "<meta property='og:type' content='article'></head><body><main>"
            f"<h1>Market hall delayed again</h1>{PROSE}</main><footer>{footer}</footer>"
            "</body></html>")


def test_a_year_alone_is_no_day_and_says_so() -> None:
    """htmldate answers January 1st for a bare year (a copyright line): published is that
    placeholder, its source says it is a year."""
    item = newscrawl.extract(undated("<p>© 2023 Market News. All rights reserved.</p>"),
                             "https://news.example/market/", FETCHED)
    assert item["extraction"]["published"] == "htmldate_year"
    assert item["published"].startswith("2023-01-01T00:00:00")


def test_a_dated_url_wins_over_a_year_alone() -> None:
    item = newscrawl.extract(undated("<p>© 2023 Market News. All rights reserved.</p>"),
                             "https://news.example/2023/06/14/market/", FETCHED)
    assert item["extraction"]["published"] in {"url", "htmldate"}  # htmldate reads URLs too
    assert item["published"].startswith("2023-06-14")


def test_january_first_the_page_writes_out_is_a_day() -> None:
    html = undated("").replace("<h1>", "<div class='byline'>Posted on January 1, 2024</div><h1>")
    item = newscrawl.extract(html, "https://news.example/market/", FETCHED)
    assert item["extraction"]["published"] in {"text", "htmldate"}
    assert item["published"].startswith("2024-01-01")
