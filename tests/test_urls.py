"""URL rules: articles, listings, noise, canonical forms."""

import pytest

from newscrawl.urls import (
    canonicalize,
    is_article_url,
    is_listing_url,
    is_noise,
    normalise_root,
    rebase,
    same_site,
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
