"""Links on article pages: where they lead, and when a full run no longer reads them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SNAPSHOT, read_jsonl, run_crawl


def crawl(tmp_path: Path, **settings: str) -> tuple[set[str], dict]:
    output, stats_file = tmp_path / "out.jsonl", tmp_path / "stats.json"
    result = run_crawl("-a", f"snapshot={SNAPSHOT}", output=output, settings={
        "NEWSCRAWL_STATS_FILE": str(stats_file),
        "NEWSCRAWL_STATE_PATH": str(tmp_path / "state.sqlite"), **settings})
    assert result.returncode == 0, result.stderr[-3000:]
    return {item["url"] for item in read_jsonl(output)}, json.loads(stats_file.read_text())


@pytest.mark.parametrize("after_sitemaps", [False, True])
def test_full_run_skips_article_links_once_every_sitemap_was_read(
        tmp_path: Path, goldens: dict[str, dict], after_sitemaps: bool) -> None:
    urls, stats = crawl(tmp_path, NEWSCRAWL_LINKS_AFTER_SITEMAPS=str(after_sitemaps))
    assert urls == set(goldens)  # the French articles too: the sitemap lists them
    skipped = stats.get("newscrawl/discovery/links_skipped_after_sitemaps", 0)
    pages = stats["newscrawl/pages/article"]
    assert (skipped == 0) if after_sitemaps else (0 < skipped < pages)


def test_links_alone_reach_the_translations(tmp_path: Path, goldens: dict[str, dict]) -> None:
    """Without sitemaps, the French articles are reached only through the English articles'
    hreflang links: the restricted link query still reads them."""
    urls, stats = crawl(tmp_path, NEWSCRAWL_DISCOVERY="archives,links")
    assert urls == set(goldens)
    assert "newscrawl/discovery/links_skipped_after_sitemaps" not in stats
