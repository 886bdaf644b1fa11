"""Drop a second item for a canonical URL already exported in this run."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from newscrawl.pipelines import Pipeline, drop


class DedupePipeline(Pipeline):
    """URL variants are merged by the scheduler; this catches pages sharing one canonical."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.seen: set[str] = set()

    def process_item(self, item: Any) -> Any:
        url = ItemAdapter(item)["url"]
        if url in self.seen:
            drop(self.crawler.stats, "duplicate", f"{url} already exported in this run")
        self.seen.add(url)
        return item
