"""Turn the article container's markup into clean body text, without the theme's chrome.

Markup level: every element of `chrome.CHROME_SELECTORS` is removed before the text is read.
Text level: a final guard drops any paragraph that is only a known chrome string.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from newscrawl.extraction.chrome import CHROME_SELECTORS, is_chrome_line
from newscrawl.extraction.text import element_paragraphs, html_to_paragraphs
from newscrawl.pipelines import Pipeline, drop

logger = logging.getLogger(__name__)


class StripChromePipeline(Pipeline):
    """`body_element` (the parsed container) or `body_html` (markup) → `body` (paragraphs
    separated by one blank line)."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        stats = self.crawler.stats
        element, markup = adapter.pop("body_element", None), adapter.pop("body_html", None)
        if element is not None:
            paragraphs, removed = element_paragraphs(element, CHROME_SELECTORS)
        elif markup:
            paragraphs, removed = html_to_paragraphs(markup, CHROME_SELECTORS)
        else:
            drop(stats, "no_body", f"no article container on {adapter.get('url')}")
        stats.inc_value("newscrawl/chrome/elements_removed", removed)
        kept = [p for p in paragraphs if not is_chrome_line(p)]
        if len(kept) != len(paragraphs):
            stats.inc_value("newscrawl/chrome/paragraphs_removed", len(paragraphs) - len(kept))
            logger.info("Text guard removed %d chrome paragraph(s) from %s",
                        len(paragraphs) - len(kept), adapter.get("url"))
        if not kept:
            drop(stats, "empty_body", f"nothing but chrome in {adapter.get('url')}")
        if is_chrome_line(adapter.get("title") or ""):
            drop(stats, "chrome_title", f"title {adapter.get('title')!r} is theme chrome")
        adapter["body"] = "\n\n".join(kept)
        return item
