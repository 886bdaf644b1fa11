"""newscrawl: scheduled crawl of NewsMoris into clean article JSON lines.

`newscrawl.extract(html, url)` gives one page's item without a crawl (`newscrawl.reextraction.api`).
"""

from __future__ import annotations

from typing import Any

__all__ = ["extract"]


def __getattr__(name: str) -> Any:
    # imported on first use: `import newscrawl` (Scrapy loading the settings) stays cheap
    if name in {"extract", "ExtractionError"}:
        from newscrawl.reextraction import api

        return getattr(api, name)
    raise AttributeError(f"module 'newscrawl' has no attribute {name!r}")
