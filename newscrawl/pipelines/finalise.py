"""Derived fields of the contract: id, word count, crawl time, revision, schema version."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from itemadapter import ItemAdapter

from newscrawl.items import INTERNAL_FIELDS, SCHEMA_VERSION, article_id
from newscrawl.pipelines import Pipeline

__all__ = ["FinalisePipeline", "article_id"]


class FinalisePipeline(Pipeline):
    """Fills the derived fields, counts the page object's notes, removes internal fields."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for note in adapter.get("notes") or ():
            self.crawler.stats.inc_value(f"newscrawl/extraction/{note}")
        for name in INTERNAL_FIELDS:
            adapter.pop(name, None)
        adapter["id"] = article_id(adapter["url"])
        adapter["word_count"] = len((adapter.get("body") or "").split())
        adapter["crawled_at"] = datetime.now(UTC).replace(microsecond=0).isoformat()
        adapter.setdefault("revision", 1)
        adapter.setdefault("dateline", None)
        adapter["schema_version"] = SCHEMA_VERSION
        return item
