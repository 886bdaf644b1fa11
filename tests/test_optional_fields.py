"""No article lost to an optional field: URL fields made URIs, invalid optional fields emptied.

Every URL field (the canonical `url`, the lead `image`, `translations` from hreflang links and
the "Read in French" button) is given IRIs real WordPress sites serve: accented upload names,
spaces, quotes, very long paths. The item is exported with each made a valid URI. An optional
field that still breaks the contract is emptied and counted; only `url`, `title`, `body` and
`published` (or a derived field) may cost the article.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.items import ArticleItem
from newscrawl.pipelines.validate import OPTIONAL_EMPTY, SchemaValidationPipeline, schema_validator
from tests.conftest import process_page
from tests.test_pipelines import valid_item

VARIANT = Path(__file__).parent / "variants" / "classic_facebook_embed.html"
URL = "https://newsmoris.com/2024/01/16/pm-chairs-disaster-committee-after-belal/"
FETCHED = "2026-11-27T06:00:00+00:00"
# The path part of each URL under test (on the site's host, or Le Mauricien for French).
PATHS = {
    "non_ascii": "/wp-content/uploads/2021/11/Enttäuschender-Launch-für-Curepipe.jpg",
    "spaces": "/wp-content/uploads/2024/01/flood victims at the PMO.jpg",
    "quotes": "/wp-content/uploads/2024/01/the \"big\" 'one'.jpg",
    "very_long": "/wp-content/uploads/2024/01/" + "é-long-name-" * 400 + ".jpg",
}


def page_with(field: str, path: str) -> str:
    """The variant page with one URL field pointing at `path` (markup-escaped)."""
    html = VARIANT.read_text("utf-8")
    escaped = path.replace('"', "&quot;")
    if field == "url":
        return html.replace(f'<link rel="canonical" href="{URL}" />',
                            f'<link rel="canonical" href="https://newsmoris.com{escaped}/" />')
    if field == "image":
        old = "https://newsmoris.com/wp-content/uploads/2024/01/pmo.jpg"
        return html.replace(f'"og:image" content="{old}"',
                            f'"og:image" content="https://newsmoris.com{escaped}"')
    if field == "translations/hreflang":
        link = f'<link rel="alternate" hreflang="fr" href="https://www.lemauricien.com{escaped}" />'
        return html.replace("</head>", f"{link}\n</head>")
    button = (f'<a class="tdm-btn" href="https://www.lemauricien.com{escaped}">Read in French</a>')
    return html.replace('<div class="td-post-content tagdiv-type">',
                        f'<div class="td-post-content tagdiv-type">{button}')


def value_of(item: dict, field: str) -> str:
    if field == "url":
        return item["url"]
    if field == "image":
        return item["image"]["url"]
    return item["translations"]["fr"]


@pytest.mark.parametrize("kind", sorted(PATHS))
@pytest.mark.parametrize("field", ["url", "image", "translations/hreflang",
                                   "translations/button"])
def test_every_url_field_becomes_a_uri(field: str, kind: str) -> None:
    path = PATHS[kind]
    item = process_page(page_with(field, path), URL, FETCHED)
    value = value_of(item, field)
    assert value.isascii() and " " not in value and '"' not in value
    assert unquote(value).endswith(path + ("/" if field == "url" else ""))
    assert not list(schema_validator().iter_errors(item | {"id": "0" * 40, "word_count": 1,
                                                           "crawled_at": FETCHED,
                                                           "revision": 1,
                                                           "schema_version": "1.0"}))


INVALID_OPTIONAL = {
    "post_id": "58110",
    "subtitle": "",
    "authors": [""],
    "modified": "yesterday",
    "dateline": {"raw": ""},
    "categories": [""],
    "tags": [None],
    "image": {"url": "https://newsmoris.com/%zz.jpg", "caption": None},
    "translations": {"fr": "https://www.lemauricien.com/%zz/"},
}


def test_every_optional_field_is_tested() -> None:
    assert set(INVALID_OPTIONAL) == set(OPTIONAL_EMPTY)


@pytest.mark.parametrize("field", sorted(INVALID_OPTIONAL))
def test_an_invalid_optional_field_is_emptied_and_counted(field: str) -> None:
    crawler = get_crawler()
    pipeline = SchemaValidationPipeline(crawler)
    item = pipeline.process_item(ArticleItem({**valid_item(), field: INVALID_OPTIONAL[field]}))
    assert item[field] == OPTIONAL_EMPTY[field]
    assert {k: v for k, v in item.items() if k != field} == {
        k: v for k, v in valid_item().items() if k != field}
    stats = crawler.stats.get_stats()
    assert stats[f"newscrawl/invalid_field/{field}"] == 1
    assert stats["newscrawl/items/valid"] == 1
    assert not any(k.startswith("newscrawl/dropped/") for k in stats)


def test_two_invalid_optional_fields_are_both_emptied() -> None:
    crawler = get_crawler()
    item = SchemaValidationPipeline(crawler).process_item(ArticleItem(
        {**valid_item(), "image": INVALID_OPTIONAL["image"], "tags": INVALID_OPTIONAL["tags"]}))
    assert (item["image"], item["tags"]) == (None, [])
    assert crawler.stats.get_value("newscrawl/invalid_field/image") == 1
    assert crawler.stats.get_value("newscrawl/invalid_field/tags") == 1


@pytest.mark.parametrize(("field", "value"), [
    ("url", "https://newsmoris.com/%zz/"), ("title", ""), ("body", ""),
    ("published", "not a date"),
])
def test_an_invalid_required_field_still_drops(field: str, value: str) -> None:
    crawler = get_crawler()
    with pytest.raises(DropItem, match=field):
        SchemaValidationPipeline(crawler).process_item(ArticleItem({**valid_item(),
                                                                    field: value}))
    assert crawler.stats.get_value(f"newscrawl/dropped/invalid/{field}") == 1
