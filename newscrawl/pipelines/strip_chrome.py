"""Turn the article container's markup into clean body text, without the theme's chrome.

Markup level: every element of `chrome.CHROME_SELECTORS` is removed before the text is read.
Structure level, first: what the page's own structure shows is not the article (links to
other posts, tables of contents, calls to action, galleries, embeds and their labels, source
boxes: `chrome_structures`), counted as `newscrawl/chrome/structure/<kind>`; headings left
with nothing of their section after the removals go last.
Text level: a final guard drops any paragraph that is only a known chrome string.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

from itemadapter import ItemAdapter

from newscrawl.extraction import chrome_structures
from newscrawl.extraction.chrome import CHROME_SELECTORS, is_chrome_line
from newscrawl.extraction.text import element_paragraphs, html_to_paragraphs
from newscrawl.pipelines import Pipeline, drop

logger = logging.getLogger(__name__)


class StripChromePipeline(Pipeline):
    """`body_element` (the parsed container) or `body_html` (markup) → `body` (paragraphs
    separated by one blank line, Unicode NFC, no soft hyphens)."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        stats = self.crawler.stats
        element, markup = adapter.pop("body_element", None), adapter.pop("body_html", None)
        url = adapter.get("url") or ""

        def prune(root: Any) -> None:
            for kind, count in chrome_structures.prune(root, url).items():
                stats.inc_value(f"newscrawl/chrome/structure/{kind}", count)

        def tidy(root: Any) -> None:
            if count := chrome_structures.prune_empty_headings(root):
                stats.inc_value("newscrawl/chrome/structure/empty_heading", count)

        if element is not None:
            paragraphs, removed = element_paragraphs(element, CHROME_SELECTORS, prune, tidy)
        elif markup:
            paragraphs, removed = html_to_paragraphs(markup, CHROME_SELECTORS, prune, tidy)
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
        # composed characters (NFC), as the text is searched and compared: a page may write
        # `য়` as `য` + nukta, or `é` as `e` + accent; no soft hyphens (U+00AD: where a word
        # may break, never text)
        adapter["body"] = unicodedata.normalize("NFC", "\n\n".join(kept)).replace("\u00ad", "")
        return item
