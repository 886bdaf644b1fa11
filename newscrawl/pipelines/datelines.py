"""Move a wire dateline opening the body into the item's `dateline` field."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from itemadapter import ItemAdapter

from newscrawl.extraction.datelines import split_dateline
from newscrawl.pipelines import Pipeline


class DatelinePipeline(Pipeline):
    """`body` → `dateline` + the body without it; runs after DatesPipeline (needs `published`)."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        published = adapter.get("published")
        dateline, body = split_dateline(
            adapter.get("body") or "", datetime.fromisoformat(published) if published else None
        )
        adapter["dateline"] = dateline.as_dict() if dateline else None
        if dateline is not None:
            adapter["body"] = body
            self.crawler.stats.inc_value("newscrawl/datelines/found")
        return item
