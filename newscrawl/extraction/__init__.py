"""The pure layer: one page's HTML + URL in, the item's fields out, without a crawl.

`page.ArticlePage` reads a response of either template generation (and classifies the page);
`fallback` reads layouts the templates do not know; `text` turns markup into paragraphs;
`chrome` is the theme's chrome vocabulary; `dates` and `datelines` read dates; `htmlparse`
and `simplecss` are the parsing helpers. Nothing here imports Scrapy's engine, a spider, a
pipeline, the crawl state or discovery (tests/test_layers.py).

`newscrawl.extract(html, url)` (`newscrawl.reextraction.api`) runs the page object and the
crawl's item pipelines on one page: the item a crawl would export.
"""

from newscrawl.extraction.errors import ExtractionError
from newscrawl.extraction.page import ArticlePage

__all__ = ["ArticlePage", "ExtractionError"]
