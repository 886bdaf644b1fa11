"""Page objects: pure readers of one response each (HTML + URL in, fields out)."""

from newscrawl.pages.article import ArticlePage

__all__ = ["ArticlePage"]
