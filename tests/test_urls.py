"""URL rules: articles, listings, noise, canonical forms."""

import pytest

from newscrawl.urls import (
    canonicalize,
    is_archive_url,
    is_article_url,
    is_listing_url,
    is_noise,
    is_post_url,
    is_replica,
    normalise_root,
    path_date,
    rebase,
    same_site,
    site_domain,
    url_date,
)

ARTICLE = "https://newsmoris.com/2024/07/23/unknown-algae-invades-mauritian-coastline/"


@pytest.mark.parametrize("url", [
    ARTICLE,
    "https://newsmoris.com/2026/02/05/mauritian-households-under-strain-as-debt-hits-rs-281-billion",
    "https://newsmoris.com/fr/2024/02/22/la-roupie-recule/",
    "http://127.0.0.1:8000/2023/04/17/x/",
])
def test_article_urls(url: str) -> None:
    assert is_article_url(url)


@pytest.mark.parametrize("url", [
    "https://newsmoris.com/", "https://newsmoris.com/page/2/", "https://newsmoris.com/2024/02/",
    "https://newsmoris.com/category/news/", "https://newsmoris.com/about-us/",
    "https://newsmoris.com/2024/13/01/bad-month/", "https://newsmoris.com/tag/msm/page/5",
])
def test_not_article_urls(url: str) -> None:
    assert not is_article_url(url)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://newsmoris.com/", True),
    ("https://newsmoris.com/page/139", True),
    ("https://newsmoris.com/category/news/page/2/", True),
    ("https://newsmoris.com/tag/mauritius/page/606", True),
    ("https://newsmoris.com/author/news-moris-editor/page/89", True),
    ("https://newsmoris.com/latest-news/page/30", True),
    ("https://newsmoris.com/about-us/", False),
    ("https://newsmoris.com/category/news/feed/", False),
    (ARTICLE, False),
])
def test_listing_urls(url: str, expected: bool) -> None:
    assert is_listing_url(url) is expected


@pytest.mark.parametrize("variant", [
    ARTICLE.rstrip("/"),
    ARTICLE + "#respond",
    ARTICLE + "?utm_source=facebook&utm_medium=social",
    ARTICLE + "?amp=1",
    ARTICLE + "amp/",
    "HTTPS://NEWSMORIS.COM/2024/07/23/unknown-algae-invades-mauritian-coastline/?fbclid=x",
])
def test_canonical_merges_variants(variant: str) -> None:
    assert canonicalize(variant) == ARTICLE


def test_canonical_keeps_meaningful_query_on_listings() -> None:
    assert canonicalize("https://newsmoris.com/feed/?paged=2&utm_source=x") == (
        "https://newsmoris.com/feed/?paged=2"
    )


@pytest.mark.parametrize("url", [
    ARTICLE + "?share=twitter", ARTICLE + "?replytocom=9#respond", ARTICLE + "?amp=1",
    "https://newsmoris.com/feed/", "https://newsmoris.com/wp-json/wp/v2/posts",
    "https://newsmoris.com/?s=budget", "https://newsmoris.com/wp-login.php",
])
def test_noise(url: str) -> None:
    assert is_noise(url)


def test_article_is_not_noise() -> None:
    assert not is_noise(ARTICLE)


def test_same_site_and_roots() -> None:
    assert same_site("https://www.newsmoris.com/x/", "https://newsmoris.com")
    assert not same_site("https://www.lemauricien.com/", "https://newsmoris.com")
    assert normalise_root("HTTP://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    with pytest.raises(ValueError, match="http"):
        normalise_root("newsmoris.com")
    assert rebase(ARTICLE, "https://newsmoris.com", "http://127.0.0.1:9") == (
        "http://127.0.0.1:9/2024/07/23/unknown-algae-invades-mauritian-coastline/"
    )
    assert url_date(ARTICLE) == "2024/07/23"
    assert url_date("https://newsmoris.com/about-us/") is None


@pytest.mark.parametrize(("url", "post"), [
    (ARTICLE, True),
    ("https://newsmoris.com/unknown-algae-invades-mauritian-coastline/", True),  # /%postname%/
    ("https://newsmoris.com/news/unknown-algae/", True),
    ("https://newsmoris.com/?p=4521", True),  # plain permalinks
    ("https://newsmoris.com/?p=4521&utm_source=fb", True),
    ("https://newsmoris.com/", False),
    ("https://newsmoris.com/category/news/", False),
    ("https://newsmoris.com/tag/msm/", False),
    ("https://newsmoris.com/author/jane/page/2/", False),
    ("https://newsmoris.com/page/3/", False),
    ("https://newsmoris.com/?s=budget", False),
    ("https://newsmoris.com/feed/", False),
    ("https://newsmoris.com/slug/?share=twitter", False),
    ("https://newsmoris.com/slug/?p=12", False),  # `p` off the root: noise, as before
])
def test_post_urls_under_any_permalink(url: str, post: bool) -> None:
    assert is_post_url(url) is post


def test_plain_post_permalink_is_one_canonical_page() -> None:
    assert canonicalize("https://NewsMoris.com/?utm_source=x&p=4521#respond") == \
        "https://newsmoris.com/?p=4521"
    assert not is_noise("https://newsmoris.com/?p=4521")
    assert not is_listing_url("https://newsmoris.com/?p=4521")
    assert is_noise("https://newsmoris.com/2024/07/23/x/?p=4521")


@pytest.mark.parametrize(("url", "archive"), [
    ("https://example.org/tag/budget/", True), ("https://example.org/en/category/a/b/", True),
    ("https://example.org/author/jane/", True), ("https://example.org/news/page/4/", True),
    ("https://example.org/?s=rain", True), ("https://example.org/news/budget-tagged/", False),
    ("https://example.org/2024/03/05/page-turner/", False),
])
def test_archive_urls_of_any_site(url: str, archive: bool) -> None:
    assert is_archive_url(url) is archive


@pytest.mark.parametrize(("url", "day"), [
    ("https://news.example/2020/02/24/council-meets/", "2020/02/24"),
    ("https://news.example/en/world/2019/11/14/story.html", "2019/11/14"),
    ("https://news.example/2019/13/01/story/", None),  # no month 13
    ("https://news.example/council-meets/", None),
    ("https://news.example/archive/2020/02/", None),  # a month, no day
])
def test_path_date_on_any_site(url: str, day: str | None) -> None:
    assert path_date(url) == day


LOCAL = ["127.0.0.1", "localhost", "::1"]


@pytest.mark.parametrize(("root", "snapshot", "domain"), [
    ("https://newsmoris.com", None, "newsmoris.com"),
    ("https://www.newsmoris.com", None, "newsmoris.com"),
    ("http://127.0.0.1:8123", None, "newsmoris.com"),  # a replica served on loopback
    ("https://newsmoris.com", "samples/snapshot", "newsmoris.com"),
    ("https://www.other-news.example", None, "other-news.example"),
    ("https://news.example:8443", None, "news.example"),
])
def test_the_site_of_a_crawls_records(root: str, snapshot: str | None, domain: str) -> None:
    assert site_domain(root, is_replica(root, snapshot, LOCAL)) == domain


def test_a_loopback_root_is_another_site_when_not_a_local_host() -> None:
    assert not is_replica("http://127.0.0.1:8123", None, [])
    assert site_domain("http://127.0.0.1:8123", False) == "127.0.0.1"
