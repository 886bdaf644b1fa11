"""Red-team variants: article pages written independently from docs/site.md and the item contract.

Each `tests/variants/<name>.html` has a hand-written `<name>.json` holding the contract fields
read by hand (or `{"is_article": false}` for a page that is not an article). Every field is
its own test case, so one wrong field does not hide the others.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem

from newscrawl.extraction.chrome import CHROME_STRINGS
from newscrawl.extraction.page import ArticlePage
from tests.conftest import process_page

VARIANTS = Path(__file__).resolve().parent / "variants"
FETCHED = "2026-11-27T06:00:00+00:00"
# Response URLs of the non-article pages (their JSON holds only `is_article`).
NON_ARTICLE_URLS = {
    "nonarticle_category_archive": "https://newsmoris.com/category/news/page/3/",
    "nonarticle_about_page": "https://newsmoris.com/about-us/",
    "nonarticle_404": "https://newsmoris.com/2024/02/30/no-such-post/",
}


def _expected(name: str) -> dict:
    return json.loads((VARIANTS / f"{name}.json").read_text("utf-8"))


def _html(name: str) -> str:
    return (VARIANTS / f"{name}.html").read_text("utf-8")


def _names() -> list[str]:
    return sorted(p.stem for p in VARIANTS.glob("*.json"))


ARTICLES = [n for n in _names() if _expected(n).get("is_article", True)]
NON_ARTICLES = [n for n in _names() if n not in ARTICLES]
FIELD_CASES = [(n, field) for n in ARTICLES for field in _expected(n)]


@cache
def _item(name: str) -> dict | DropItem:
    try:
        return process_page(_html(name), _expected(name)["url"], FETCHED)
    except DropItem as exc:
        return exc


def _final(name: str) -> dict:
    item = _item(name)
    if isinstance(item, DropItem):
        pytest.fail(f"{name} dropped: {item}")
    return item


def test_variant_set_is_complete() -> None:
    assert 12 <= len(ARTICLES) <= 16
    assert 2 <= len(NON_ARTICLES) <= 3
    assert set(NON_ARTICLES) == set(NON_ARTICLE_URLS)
    assert all((VARIANTS / f"{n}.html").is_file() for n in _names())


@pytest.mark.parametrize(("name", "field"), FIELD_CASES, ids=[f"{n}-{f}" for n, f in FIELD_CASES])
def test_field(name: str, field: str) -> None:
    assert _final(name)[field] == _expected(name)[field]


@pytest.mark.parametrize("name", ARTICLES)
def test_no_chrome_in_body(name: str) -> None:
    body = _final(name)["body"]
    assert [s for s in CHROME_STRINGS if s in body] == []


@pytest.mark.parametrize("name", ARTICLES)
def test_is_article(name: str) -> None:
    assert ArticlePage(_html(name), _expected(name)["url"]).is_article is True


@pytest.mark.parametrize("name", NON_ARTICLES)
def test_not_article(name: str) -> None:
    assert _expected(name) == {"is_article": False}
    assert ArticlePage(_html(name), NON_ARTICLE_URLS[name]).is_article is False
