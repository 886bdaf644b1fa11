"""The exported items: articles (the contract plus the internal fields pipelines consume) and
tombstones (articles found deleted or moved), each with its JSON Schema in `schemas/`."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

import scrapy

SCHEMA_VERSION = "1.0"

# Set by the page object and consumed (removed) by the pipelines before export. The body
# comes as `body_element` (the container in the parsed page) or as markup, `body_html`.
INTERNAL_FIELDS = (
    "body_element", "body_html", "published_candidates", "modified_candidates", "fetched_at",
    "notes", "zone",
)


@cache
def article_schema() -> dict[str, Any]:
    """The JSON Schema of an exported article (`newscrawl/schemas/article.schema.json`)."""
    return _schema("article")


@cache
def tombstone_schema() -> dict[str, Any]:
    """The JSON Schema of a tombstone (`newscrawl/schemas/tombstone.schema.json`)."""
    return _schema("tombstone")


def _schema(name: str) -> dict[str, Any]:
    text = resources.files("newscrawl").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def article_id(url: str) -> str:
    """Stable id: SHA-1 hex of the canonical URL."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


EXPORTED_FIELDS: tuple[str, ...] = tuple(article_schema()["properties"])


class ArticleItem(scrapy.Item):
    """One article: the exported fields (see the JSON Schema), then the internal ones."""

    url = scrapy.Field()
    id = scrapy.Field()
    post_id = scrapy.Field()
    site = scrapy.Field()
    title = scrapy.Field()
    subtitle = scrapy.Field()
    body = scrapy.Field()
    authors = scrapy.Field()
    published = scrapy.Field()
    modified = scrapy.Field()
    published_raw = scrapy.Field()
    dateline = scrapy.Field()
    language = scrapy.Field()
    categories = scrapy.Field()
    tags = scrapy.Field()
    image = scrapy.Field()
    translations = scrapy.Field()
    word_count = scrapy.Field()
    crawled_at = scrapy.Field()
    extraction = scrapy.Field()
    revision = scrapy.Field()
    schema_version = scrapy.Field()
    # internal, removed by the pipelines
    body_element = scrapy.Field()
    body_html = scrapy.Field()
    published_candidates = scrapy.Field()
    modified_candidates = scrapy.Field()
    fetched_at = scrapy.Field()
    notes = scrapy.Field()
    zone = scrapy.Field()  # the zone to print dates in, when the crawl or the caller knows it


class TombstoneItem(scrapy.Item):
    """An exported article the site no longer serves: `kind` deleted (404/410) or moved
    (301/308 to `moved_to`). Exported to the sibling feed `<feed>.deleted.jsonl` only."""

    kind = scrapy.Field()
    id = scrapy.Field()
    url = scrapy.Field()
    site = scrapy.Field()
    status = scrapy.Field()
    moved_to = scrapy.Field()
    detected_at = scrapy.Field()
    schema_version = scrapy.Field()


TOMBSTONE_FIELDS: tuple[str, ...] = tuple(tombstone_schema()["properties"])


def tombstone(url: str, status: int, detected_at: str, moved_to: str | None = None, *,
              site: str) -> TombstoneItem:
    """The tombstone of `url` on `site` (the crawl's `site_domain`): moved if it has a
    `moved_to`, else deleted."""
    return TombstoneItem(kind="moved" if moved_to else "deleted", id=article_id(url), url=url,
                         site=site, status=status,
                         moved_to=moved_to, detected_at=detected_at,
                         schema_version=SCHEMA_VERSION)
