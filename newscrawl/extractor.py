"""Deprecated import path, kept for one release: see `newscrawl.reextraction`.

`newscrawl.extract` (the package root) and `newscrawl.reextraction.api` hold the API;
`python -m newscrawl.extractor` still runs the re-extraction command (`scrapy extract`).
"""

from __future__ import annotations

import sys
import warnings

from newscrawl.reextraction.api import ExtractionError, Extractor, extract, project_settings
from newscrawl.reextraction.cli import main, parser, reextract, run
from newscrawl.reextraction.saved import SavedPage, saved_pages

__all__ = ["ExtractionError", "Extractor", "SavedPage", "extract", "main", "parser",
           "project_settings", "reextract", "run", "saved_pages"]

if __name__ == "__main__":
    sys.exit(main())
else:
    warnings.warn("newscrawl.extractor moved to newscrawl.reextraction (newscrawl.extract is "
                  "unchanged); the old path goes in the next release",
                  DeprecationWarning, stacklevel=2)
