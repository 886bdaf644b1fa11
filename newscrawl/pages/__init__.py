"""Deprecated import path, kept for one release: the page objects are in `newscrawl.extraction`."""

import warnings

from newscrawl.extraction.page import ArticlePage

__all__ = ["ArticlePage"]

warnings.warn("newscrawl.pages moved to newscrawl.extraction (ArticlePage: "
              "newscrawl.extraction.page); the old path goes in the next release",
              DeprecationWarning, stacklevel=2)
