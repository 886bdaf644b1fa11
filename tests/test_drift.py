"""The layered fallback on layouts the page object does not know (tests/drift/, see build.py).

Every drift page is a NewsMoris article in another layout, with its paragraphs, title and
publication instant written by hand beside it; the floors are the quality gate's
(`tests/drift/floors.json`, `benchmarks/quality_gate.py`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from benchmarks.quality_gate import DRIFT, FLOORS, Score, cases, evaluate, failures, score
from newscrawl.extraction.page import ArticlePage
from newscrawl.monitors import fallback_rate
from newscrawl.reextraction.api import Extractor

CASES = {name: (html, expected) for name, html, expected in cases(DRIFT)}
ARTICLES = sorted(n for n, (_, e) in CASES.items() if e.get("is_article", True))
NON_ARTICLES = sorted(set(CASES) - set(ARTICLES))
PAGE_FLOORS = json.loads(FLOORS.read_text("utf-8"))["page"]


@cache
def extractor() -> Extractor:
    return Extractor()


@cache
def scored(name: str) -> Score:
    html, expected = CASES[name]
    return score(name, html, expected, extractor())


def test_drift_set_is_complete() -> None:
    assert 6 <= len(ARTICLES) <= 10 and len(NON_ARTICLES) >= 3
    assert all(len(CASES[n][1]["paragraphs"]) >= 4 for n in ARTICLES)


@pytest.mark.parametrize("name", ARTICLES)
def test_body_precision_and_recall(name: str) -> None:
    result = scored(name)
    assert result.item is not None, f"{name} gave no item"
    assert result.precision >= PAGE_FLOORS["precision"], result.item["body"]
    assert result.recall >= PAGE_FLOORS["recall"], result.item["body"]


@pytest.mark.parametrize("name", ARTICLES)
def test_no_chrome(name: str) -> None:
    assert scored(name).chrome == []


@pytest.mark.parametrize("name", ARTICLES)
def test_published_date(name: str) -> None:
    result = scored(name)
    assert result.day_right, result.item["published"]
    assert result.minute_right in {True, None}, result.item["published"]


@pytest.mark.parametrize("name", ARTICLES)
def test_read_by_the_fallback_with_its_fields(name: str) -> None:
    item, expected = scored(name).item, CASES[name][1]
    assert item["extraction"]["template"] == "fallback"
    assert item["extraction"]["fallback"] in {"json-ld", "trafilatura"}
    assert item["title"] == expected["title"]
    assert item["dateline"] == expected["dateline"]


@pytest.mark.parametrize("name", NON_ARTICLES)
def test_not_articles(name: str) -> None:
    html, expected = CASES[name]
    page = ArticlePage(html, expected["url"])
    assert not page.is_article and page.article_verdict != "signals"


def test_paths_chosen_by_the_page() -> None:
    assert scored("jannah_ld_article_body").item["extraction"]["fallback"] == "json-ld"
    # an excerpt in `articleBody` is not the text: trafilatura reads the page instead
    assert scored("twentytwentyfour_excerpt_ld").item["extraction"]["fallback"] == "trafilatura"


def test_article_by_content_is_counted() -> None:
    html, expected = CASES["mobile_lite"]
    counting = Extractor()
    counting.extract(html, expected["url"])
    stats = counting.stats
    assert stats["newscrawl/classify/content"] == 1
    assert stats["newscrawl/extraction/article_by_content"] == 1
    assert stats["newscrawl/extraction/fallback/trafilatura"] == 1


def test_overall_floors_and_fallback_monitor() -> None:
    counting = Extractor()
    summary = evaluate([DRIFT], counting)
    assert failures(summary, json.loads(FLOORS.read_text("utf-8"))) == []
    stats = counting.stats
    assert stats["newscrawl/extraction/fallback_template"] == len(ARTICLES)
    assert stats["newscrawl/extraction/fallback/json-ld"] == 1
    assert stats["newscrawl/skipped/not_article"] == len(NON_ARTICLES)
    assert fallback_rate(stats) == 1.0  # the monitor fails such a run: the layout changed


def test_build_script_writes_these_pages(tmp_path: Path) -> None:
    from tests.drift import build

    html = build.generatepress(build.article(
        "russia-china-active-in-military-cooperation-says-putin-during-meeting-with-chinese-"
        "defence-minister"))
    assert html == (DRIFT / "generatepress_yoast.html").read_text("utf-8")
