"""The article item: the exported contract plus the internal fields pipelines consume."""

from __future__ import annotations

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
    text = resources.files("newscrawl").joinpath("schemas/article.schema.json").read_text("utf-8")
    return json.loads(text)


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
