"""Validate every item against the published JSON Schema; invalid items are dropped, counted.

Articles against `article.schema.json`, tombstones against `tombstone.schema.json`.

Every item is checked by jsonschema-rs (compiled once, formats checked, ~30 times faster);
one it rejects is checked again by `jsonschema`, which decides and names the error. The two
agree on the contract's formats (tests/test_validate_fast.py).

Only a missing or invalid `url`, `title`, `body` or `published` (or a derived field) costs the
article: an optional field that breaks the contract (an image URL no URI can be made of) is
emptied (`OPTIONAL_EMPTY`), counted as `newscrawl/invalid_field/<field>`, and the item checked
again.
"""

from __future__ import annotations

import logging
from typing import Any

import jsonschema_rs
import scrapy
from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator, ValidationError
from scrapy.crawler import Crawler

from newscrawl.items import TombstoneItem, article_schema, tombstone_schema
from newscrawl.pipelines import Pipeline, drop

logger = logging.getLogger(__name__)

# Fields an article is worth exporting without: the empty value each takes when invalid.
OPTIONAL_EMPTY: dict[str, Any] = {
    "post_id": None, "subtitle": None, "authors": [], "modified": None, "dateline": None,
    "categories": [], "tags": [], "image": None, "translations": {},
}


def schema_validator(schema: dict[str, Any] | None = None) -> Draft202012Validator:
    """A validator for `schema` (default `article.schema.json`) that also checks `format`
    (uri, date-time)."""
    checker = Draft202012Validator.FORMAT_CHECKER
    return Draft202012Validator(schema or article_schema(), format_checker=checker)


def describe(error: ValidationError) -> tuple[str, str]:
    """(field, message) of a validation error, for stats keys and logs."""
    field = str(error.absolute_path[0]) if error.absolute_path else "item"
    return field, f"{'/'.join(map(str, error.absolute_path)) or 'item'}: {error.message}"


def fast_validator() -> jsonschema_rs.Validator:
    """jsonschema-rs for the same schema, formats checked: the fast path's verdict."""
    return jsonschema_rs.validator_for(article_schema(), validate_formats=True)


class SchemaValidationPipeline(Pipeline):
    """Drops items that break the contract, under `newscrawl/dropped/invalid/<field>`."""

    tombstones = True

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.validator = schema_validator()
        self.fast = fast_validator()
        self.tombstone_validator = schema_validator(tombstone_schema())

    def process_item(self, item: Any) -> Any:
        data = _plain(item)
        if isinstance(item, TombstoneItem):
            return self._tombstone(item, data)
        while not self.fast.is_valid(data):
            error = next(iter(sorted(self.validator.iter_errors(data), key=str)), None)
            if error is None:
                break
            field, message = describe(error)
            if field not in OPTIONAL_EMPTY or data[field] == OPTIONAL_EMPTY[field]:
                drop(self.crawler.stats, f"invalid/{field}", f"{data.get('url')}: {message}")
            self.crawler.stats.inc_value(f"newscrawl/invalid_field/{field}")
            logger.warning("Emptied invalid %s of %s", message, data.get("url"))
            ItemAdapter(item)[field] = data[field] = OPTIONAL_EMPTY[field]
        self.crawler.stats.inc_value("newscrawl/items/valid")
        return item

    def _tombstone(self, item: TombstoneItem, data: dict[str, Any]) -> TombstoneItem:
        error = next(iter(sorted(self.tombstone_validator.iter_errors(data), key=str)), None)
        if error is not None:
            field, message = describe(error)
            drop(self.crawler.stats, f"invalid_tombstone/{field}",
                 f"{data.get('url')}: {message}", level="ERROR")
        return item


def _plain(item: Any) -> dict[str, Any]:
    """The item as a dict for the validators: a Scrapy `Item`'s or a dict's own values (the
    page object's nested values are plain dicts and lists already), any other item type
    through ItemAdapter."""
    if isinstance(item, dict | scrapy.Item):
        return dict(item)
    return ItemAdapter(item).asdict()
