"""Discovery: parsers for the site's own indexes (`sources`) and the run's fetch plan (`plan`)."""

from newscrawl.discovery.plan import Decision, Planner, RunOptions
from newscrawl.discovery.sources import Entry, SitemapDoc

__all__ = ["Decision", "Entry", "Planner", "RunOptions", "SitemapDoc"]
