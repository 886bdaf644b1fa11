"""Every snapshot article page against its hand-written golden item (no crawl needed)."""

from __future__ import annotations

import pytest

from newscrawl.extraction.chrome import CHROME_STRINGS
from newscrawl.extraction.page import ArticlePage
from newscrawl.pipelines.finalise import article_id
from newscrawl.pipelines.validate import schema_validator
from newscrawl.snapshot import Snapshot
from tests.conftest import SNAPSHOT, VOLATILE, article_file, load_goldens, process_page

GOLDENS = load_goldens()
FETCHED_AT = Snapshot(SNAPSHOT).captured.isoformat()


@pytest.fixture(scope="module")
def items() -> dict[str, dict]:
    return {
        url: process_page(article_file(url).read_text("utf-8"), url, FETCHED_AT)
        for url in GOLDENS
    }


def test_every_article_page_has_a_golden() -> None:
    pages = {p.parent for p in SNAPSHOT.glob("**/index.html")}
    articles = set()
    for page in pages:
        url = "https://newsmoris.com/" + page.relative_to(SNAPSHOT).as_posix() + "/"
        if ArticlePage(article_file(url).read_text("utf-8"), url).is_article:
            articles.add(url)
    assert len(articles) >= 25
    assert articles == set(GOLDENS)


@pytest.mark.parametrize("url", sorted(GOLDENS))
def test_item_equals_golden(url: str, items: dict[str, dict]) -> None:
    item, golden = items[url], GOLDENS[url]
    for field, expected in golden.items():
        assert item[field] == expected, f"{field} of {url}"
    assert set(item) - set(golden) == set(VOLATILE)


@pytest.mark.parametrize("url", sorted(GOLDENS))
def test_derived_fields_and_schema(url: str, items: dict[str, dict]) -> None:
    item = items[url]
    assert item["id"] == article_id(item["url"])
    assert item["word_count"] == len(item["body"].split())
    assert item["revision"] == 1
    assert not list(schema_validator().iter_errors(item))


@pytest.mark.parametrize("url", sorted(GOLDENS))
def test_no_chrome_in_body(url: str, items: dict[str, dict]) -> None:
    body = items[url]["body"]
    assert not [s for s in CHROME_STRINGS if s in body]


@pytest.mark.parametrize(
    "path", ["about-us", "contact"],
)
def test_non_article_pages_are_not_articles(path: str) -> None:
    url = f"https://newsmoris.com/{path}/"
    assert not ArticlePage(article_file(url).read_text("utf-8"), url).is_article
