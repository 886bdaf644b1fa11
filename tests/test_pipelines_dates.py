"""DatesPipeline and DatelinePipeline, run on items with a real crawler's stats."""

from __future__ import annotations

import logging
import warnings

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.pipelines import ItemPipelineManager
from scrapy.utils.test import get_crawler

from newscrawl.items import ArticleItem
from newscrawl.pipelines.datelines import DatelinePipeline
from newscrawl.pipelines.dates import DatesPipeline

FETCHED = "2026-11-27T06:00:00+00:00"  # the snapshot's Date header: 10:00 in Port Louis
PIPELINES = {
    "newscrawl.pipelines.dates.DatesPipeline": 200,
    "newscrawl.pipelines.datelines.DatelinePipeline": 300,
}


def cand(source: str, raw: str, text: str | None = None) -> dict:
    return {"source": source, "raw": raw, "text": text}


def raw_item(published: list[dict], modified: list[dict] | None = None, **fields) -> dict:
    return {
        "url": "https://newsmoris.com/2023/04/17/putin-li/",
        "body": "The text.",
        "published_candidates": published,
        "modified_candidates": modified or [],
        "fetched_at": FETCHED,
        "extraction": {"template": "tdb"},
        **fields,
    }


@pytest.fixture()
def crawler() -> Crawler:
    return get_crawler(settings_dict={"ITEM_PIPELINES": PIPELINES})


@pytest.fixture()
def dates(crawler: Crawler) -> DatesPipeline:
    return DatesPipeline.from_crawler(crawler)


def test_pipelines_take_no_spider_argument(crawler: Crawler) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        manager = ItemPipelineManager.from_crawler(crawler)
    assert len(manager.middlewares) == 2
    assert all(mw.crawler is crawler for mw in manager.middlewares)


def test_machine_dates_in_utc_become_mauritius_time(dates: DatesPipeline, crawler: Crawler) -> None:
    item = raw_item(
        [cand("json-ld", "2023-04-17T08:12:40+00:00"), cand("url", "2023/04/17")],
        [cand("json-ld", "2023-04-17T08:15:02+00:00")],
    )
    out = dates.process_item(item)
    assert out["published"] == "2023-04-17T12:12:40+04:00"
    assert out["published_raw"] == "2023-04-17T08:12:40+00:00"
    assert out["modified"] == "2023-04-17T12:15:02+04:00"
    assert out["extraction"] == {"template": "tdb", "published": "json-ld", "modified": "json-ld"}
    assert not {"published_candidates", "modified_candidates", "fetched_at"} & out.keys()
    assert crawler.stats.get_value("newscrawl/dates/published_source/json-ld") == 1


def test_works_on_the_scrapy_item_too(dates: DatesPipeline) -> None:
    item = ArticleItem(**raw_item([cand("opengraph", "2024-02-21T22:30:00+00:00")]))
    out = dates.process_item(item)
    assert out["published"] == "2024-02-22T02:30:00+04:00"
    assert out["modified"] is None
    assert "published_candidates" not in out and "fetched_at" not in out


def test_rejected_candidates_are_counted_by_reason(dates: DatesPipeline, crawler: Crawler) -> None:
    item = raw_item([
        cand("json-ld", "2031-01-01T00:00:00+00:00"),
        cand("opengraph", "1990-05-01T00:00:00+00:00"),
        cand("time", "2024-02-22T21:00:00+00:00", "February 22, 2024"),  # mislabelled local time
        cand("text", "February 22, 2024"),
    ])
    out = dates.process_item(item)
    assert out["published"] == "2024-02-22T21:00:00+04:00"
    assert out["extraction"]["published"] == "time"
    stats = crawler.stats
    assert stats.get_value("newscrawl/dates/rejected/future") == 1
    assert stats.get_value("newscrawl/dates/rejected/too_old") == 1
    assert stats.get_value("newscrawl/dates/rejected/unparseable") is None
    assert stats.get_value("newscrawl/dates/published_source/time") == 1


def test_relative_text_is_resolved_against_fetched_at(dates: DatesPipeline) -> None:
    item = raw_item([cand("text", "3 hours ago"), cand("url", "2026/11/27")])
    out = dates.process_item(item)
    assert out["published"] == "2026-11-27T07:00:00+04:00"
    assert out["published_raw"] == "3 hours ago"
    assert out["extraction"]["published"] == "text"


def test_sanity_bound_is_the_fetch_time_not_the_clock(
    dates: DatesPipeline, crawler: Crawler
) -> None:
    item = raw_item(
        [cand("json-ld", "2020-01-03T00:00:00+00:00"), cand("url", "2019/12/31")],
        fetched_at="2020-01-01T00:00:00+00:00",
    )
    out = dates.process_item(item)
    assert out["published"] == "2019-12-31T00:00:00+04:00"
    assert out["extraction"]["published"] == "url"
    assert crawler.stats.get_value("newscrawl/dates/rejected/future") == 1


@pytest.mark.parametrize(
    "candidates",
    [[], [cand("text", "Read more"), cand("json-ld", "2099-01-01T00:00:00+00:00")]],
)
def test_no_valid_publication_date_drops_the_item(
    dates: DatesPipeline, crawler: Crawler, candidates: list[dict]
) -> None:
    with pytest.raises(DropItem, match="no valid publication date"):
        dates.process_item(raw_item(candidates, [cand("json-ld", "2023-04-17T08:15:02+00:00")]))
    assert crawler.stats.get_value("newscrawl/dropped/no_published_date") == 1


def test_modified_is_never_used_as_published(dates: DatesPipeline) -> None:
    with pytest.raises(DropItem):
        dates.process_item(raw_item([], [cand("json-ld", "2023-04-17T08:15:02+00:00")]))


def test_modified_before_published_is_dropped_with_a_warning(
    dates: DatesPipeline, crawler: Crawler, caplog: pytest.LogCaptureFixture
) -> None:
    item = raw_item(
        [cand("json-ld", "2023-04-17T08:12:40+00:00")],
        [cand("json-ld", "2023-04-16T08:00:00+00:00")],
    )
    with caplog.at_level(logging.WARNING, logger="newscrawl.pipelines.dates"):
        out = dates.process_item(item)
    assert out["modified"] is None
    assert out["extraction"]["modified"] is None
    assert crawler.stats.get_value("newscrawl/dates/modified_before_published") == 1
    assert any("earlier than published" in r.getMessage() for r in caplog.records)


def test_modified_falls_through_its_own_sources(dates: DatesPipeline) -> None:
    item = raw_item(
        [cand("json-ld", "2023-04-17T08:12:40+00:00")],
        [cand("json-ld", "garbage"), cand("time", "2023-04-17T09:00:00+00:00")],
    )
    out = dates.process_item(item)
    assert out["modified"] == "2023-04-17T13:00:00+04:00"
    assert out["extraction"]["modified"] == "time"


# -- DatelinePipeline -----------------------------------------------------------------------


def test_dateline_is_moved_out_of_the_body(crawler: Crawler) -> None:
    pipeline = DatelinePipeline.from_crawler(crawler)
    item = {"published": "2024-02-22T10:00:00+04:00",
            "body": "PORT LOUIS, Feb 22 (Reuters) - The rate held.\n\nSecond paragraph."}
    out = pipeline.process_item(item)
    assert out["dateline"] == {"place": "PORT LOUIS", "date": "2024-02-22", "agency": "Reuters",
                               "raw": "PORT LOUIS, Feb 22 (Reuters) -"}
    assert out["body"] == "The rate held.\n\nSecond paragraph."
    assert crawler.stats.get_value("newscrawl/datelines/found") == 1


def test_no_dateline_leaves_the_body(crawler: Crawler) -> None:
    pipeline = DatelinePipeline.from_crawler(crawler)
    item = {"published": "2024-02-22T10:00:00+04:00", "body": "Port Louis will host the summit."}
    out = pipeline.process_item(item)
    assert out["dateline"] is None
    assert out["body"] == "Port Louis will host the summit."
    assert crawler.stats.get_value("newscrawl/datelines/found") is None


def test_dates_then_dateline_dec_31_story_published_in_january(crawler: Crawler) -> None:
    manager = ItemPipelineManager.from_crawler(crawler)
    item = raw_item(
        [cand("json-ld", "2025-01-01T22:00:00+00:00")],  # 2 January, 02:00 in Port Louis
        body="WASHINGTON, Dec 31 (AFP) – The year ended.",
    )
    for pipeline in manager.middlewares:
        item = pipeline.process_item(item)
    assert item["published"] == "2025-01-02T02:00:00+04:00"
    assert item["dateline"]["date"] == "2024-12-31"
    assert item["body"] == "The year ended."
