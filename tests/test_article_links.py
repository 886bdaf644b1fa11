"""Links on article pages: where they lead, and when a full run no longer reads them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from newscrawl.discovery import links
from newscrawl.extraction.htmlparse import parse_html
from tests.conftest import SNAPSHOT, read_jsonl, run_crawl

# a sample of the snapshot's pages, articles and listings
SNAPSHOT_PAGES = [str(p.relative_to(SNAPSHOT)) for p in sorted(SNAPSHOT.rglob("*.html"))[::5]]


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


# The XPath the one walk of `links._linked` stands for (slower: it normalises every element's
# class once per name); both must give the same hrefs, in the same order.
_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"
REFERENCE_BLOCKS = etree.XPath(
    "//link[@rel='alternate'][@hreflang]/@href | //*[@itemprop='articleBody' or "
    + " or ".join(_CLASS.format(name) for name in links.ARTICLE_LINK_BLOCKS)
    + "]/descendant-or-self::a/@href", smart_strings=False)
REFERENCE_TITLES = etree.XPath(
    "//*[" + " or ".join(_CLASS.format(name) for name in links.TITLE_CLASSES)
    + "]//a/@href | //a[@rel='bookmark']/@href", smart_strings=False)
NESTED = """<html><head><link rel="alternate" hreflang="fr" href="/fr/">
<link rel="alternate" href="/feed/"></head><body>
<a href="/before/">before any block</a>
<div class="x td-post-content">in <a href="/a/">a</a>
  <div class="td_flex_block"><a href="/b/">b</a><a>no href</a><a href="">empty</a></div>
  <!-- a comment --><?pi target?>
</div>
<a class="tdm-btn" href="/button/">the block is the link</a>
<div class="td-post-content2"><a href="/not-a-block/">a longer class name</a></div>
<link rel="alternate" hreflang="de" href="/de/">
<h3 class="entry-title"><a href="/title/">title</a></h3>
<a class="entry-title" href="/title-itself/">not under a title</a>
<a rel="bookmark" href="/bookmark/">bookmark</a>
<div itemprop="articleBody"><p>\t<a rel="bookmark" href="/both/">both</a></p></div>
<div class="td-module-title\tentry-title"><span><a href="/tab-split/">x</a></span></div>
</body></html>"""


@pytest.mark.parametrize("page", ["nested", *SNAPSHOT_PAGES])
def test_one_walk_reads_the_hrefs_the_reference_xpath_reads(page: str) -> None:
    markup = NESTED if page == "nested" else (SNAPSHOT / page).read_text("utf-8")
    root = parse_html(markup)[0].root
    blocks, titles = links._linked(root, blocks=True)
    assert blocks == REFERENCE_BLOCKS(root)
    assert titles == links._linked(root)[1] == REFERENCE_TITLES(root)
    if page == "nested":
        assert blocks == ["/fr/", "/a/", "/b/", "", "/button/", "/de/", "/both/"]
        assert titles == ["/title/", "/bookmark/", "/both/", "/tab-split/"]
