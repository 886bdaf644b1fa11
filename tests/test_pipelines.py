"""Item pipelines, one by one, on real inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.extraction.chrome import CHROME_STRINGS, is_chrome_line
from newscrawl.items import ArticleItem
from newscrawl.pipelines.dedupe import DedupePipeline
from newscrawl.pipelines.finalise import FinalisePipeline, article_id
from newscrawl.pipelines.strip_chrome import StripChromePipeline
from newscrawl.pipelines.validate import SchemaValidationPipeline
from tests.conftest import SNAPSHOT, process_page

SEED = Path(__file__).parent / "data" / "seed-article.txt"
SEED_URL = (
    "https://newsmoris.com/2023/04/17/russia-china-active-in-military-cooperation-says-putin-"
    "during-meeting-with-chinese-defence-minister/"
)
NOISY_BODY = """
<div class="tdb-block-inner td-fix-index">
 <p>First paragraph with <a href="#">a link</a>.</p>
 <div class="td-a-ad id_inline_ad0 id_ad_content-horiz-center">
   <span class="td-adspot-title">- Advertisement -</span><script>ads()</script></div>
 <div class="td_block_wrap td-a-rec td-a-rec-id-custom-spot td-a-rec-img">
   <div style="display: inline-block"><span class="td-adspot-title">- Advertisement -</span>
   <a href="https://advertiser.example/" class="td_spot_img_all">
   <img src="b.jpg" alt="spot_img"/></a>
 </div></div>
 <figure class="wp-block-image"><img src="a.jpg"/><figcaption>Caption text.</figcaption></figure>
 <h2>A subheading</h2>
 <ul><li>Item one</li><li>Item two</li></ul>
 <blockquote class="td_quote_box td_box_left"><p>A quote.</p></blockquote>
 <blockquote class="twitter-tweet"><p lang="en">Tweet text</p>&mdash; X (@x)</blockquote>
 <div class="td-post-sharing-bottom"><div class="td-social-but-text">Share</div></div>
 <p>- Advertisement -</p>
 <p>Must Read</p>
 <p>Source: Le Mauricien</p>
</div>"""


@pytest.fixture()
def crawler():
    return get_crawler()


def item(**fields) -> ArticleItem:
    base = {"url": "https://newsmoris.com/2024/02/22/x/", "title": "A title", "notes": []}
    return ArticleItem({**base, **fields})


def test_strip_chrome_markup_then_text_guard(crawler) -> None:
    out = StripChromePipeline(crawler).process_item(item(body_html=NOISY_BODY))
    assert out["body"] == (
        "First paragraph with a link.\n\nA subheading\n\nItem one\n\nItem two\n\nA quote.\n\n"
        "Source: Le Mauricien"
    )
    assert "body_html" not in out
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/chrome/elements_removed"] == 5  # ad, ad box, caption, tweet, share
    assert stats["newscrawl/chrome/paragraphs_removed"] == 2  # the two that slipped past markup


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"body_html": None}, "no_body"),
        ({"body_html": "<div><p>- Advertisement -</p><p>Latest Articles</p></div>"}, "empty_body"),
        ({"body_html": "<p>Text.</p>", "title": "Must Read"}, "chrome_title"),
    ],
)
def test_strip_chrome_drops_are_counted(crawler, fields, reason) -> None:
    with pytest.raises(DropItem, match=reason):
        StripChromePipeline(crawler).process_item(item(**fields))
    assert crawler.stats.get_value(f"newscrawl/dropped/{reason}") == 1


def test_seed_article_no_sentence_lost_no_chrome_kept() -> None:
    html = (SNAPSHOT / SEED_URL.split("newsmoris.com/")[1] / "index.html").read_text("utf-8")
    out = process_page(html, SEED_URL, "2026-11-27T06:00:00+00:00")
    lines = [line.strip() for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    title_at = lines.index(out["title"])
    story = [line for line in lines[title_at + 1 :] if not is_chrome_line(line)]
    assert out["body"].split("\n\n") == story
    chrome = [line for line in lines if line not in story and line != out["title"]]
    assert chrome  # the capture's chrome lines, none of which may survive
    assert not [c for c in chrome if c in out["body"]]
    assert not [s for s in CHROME_STRINGS if s in out["body"]]


def test_finalise_fills_derived_fields_and_removes_internal(crawler) -> None:
    raw = item(
        body="one two three",
        body_html="<p>x</p>",
        fetched_at="x",
        published_candidates=[],
        modified_candidates=[],
        notes=["json_ld_invalid", "title_fallback"],
    )
    out = FinalisePipeline(crawler).process_item(raw)
    assert out["id"] == article_id(out["url"]) and len(out["id"]) == 40
    assert out["word_count"] == 3
    assert out["revision"] == 1 and out["schema_version"] == "1.0"
    assert out["crawled_at"].endswith("+00:00")
    assert not {"body_html", "fetched_at", "notes", "published_candidates"} & set(out)
    assert crawler.stats.get_value("newscrawl/extraction/json_ld_invalid") == 1


def test_dedupe_drops_second_copy(crawler) -> None:
    pipeline = DedupePipeline(crawler)
    pipeline.process_item(item())
    with pytest.raises(DropItem, match="duplicate"):
        pipeline.process_item(item())
    assert crawler.stats.get_value("newscrawl/dropped/duplicate") == 1


def valid_item() -> dict:
    return {
        "url": "https://newsmoris.com/2024/02/22/x/",
        "id": "a" * 40,
        "post_id": 5,
        "site": "newsmoris.com",
        "title": "T",
        "subtitle": None,
        "body": "B",
        "authors": [],
        "published": "2024-02-22T10:00:00+04:00",
        "modified": None,
        "published_raw": "2024-02-22T06:00:00+00:00",
        "dateline": None,
        "language": "en",
        "categories": [],
        "tags": [],
        "image": None,
        "translations": {},
        "word_count": 1,
        "crawled_at": "2026-11-27T06:00:00+00:00",
        "extraction": {"template": "tdb", "published": "json-ld", "modified": None},
        "revision": 1,
        "schema_version": "1.0",
    }


def test_validation_passes_a_valid_item(crawler) -> None:
    data = valid_item()
    assert SchemaValidationPipeline(crawler).process_item(ArticleItem(data)) == ArticleItem(data)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"published": "2024-02-22 06:00"}, "published"),
        ({"title": ""}, "title"),
        ({"url": "not a url"}, "url"),
        ({"body": ""}, "body"),
    ],
)
def test_validation_drops_invalid_with_reason(crawler, change, field) -> None:
    with pytest.raises(DropItem, match=field):
        SchemaValidationPipeline(crawler).process_item(ArticleItem({**valid_item(), **change}))
    assert crawler.stats.get_value(f"newscrawl/dropped/invalid/{field}") == 1
