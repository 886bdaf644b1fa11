"""`newscrawl.extract()` and the re-extraction of saved pages, on real files and Scrapy's cache."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

import newscrawl
from newscrawl.pipelines.validate import schema_validator
from newscrawl.reextraction.api import ExtractionError, Extractor
from newscrawl.reextraction.cli import reextract
from newscrawl.reextraction.parallel import ordered_map
from newscrawl.reextraction.saved import saved_pages
from newscrawl.snapshot import Snapshot
from tests.conftest import REPO, SNAPSHOT, VOLATILE, article_file, load_goldens, read_jsonl

GOLDENS = load_goldens()
CAPTURED = Snapshot(SNAPSHOT).captured
SEED = ("https://newsmoris.com/2023/04/17/russia-china-active-in-military-cooperation-says-"
        "putin-during-meeting-with-chinese-defence-minister/")


def same_as_golden(item: dict) -> bool:
    golden = GOLDENS[item["url"]]
    return {k: v for k, v in item.items() if k not in VOLATILE} == golden


def test_extract_gives_the_golden_item() -> None:
    for url in GOLDENS:
        item = newscrawl.extract(article_file(url).read_text("utf-8"), url, CAPTURED)
        assert same_as_golden(item), url
        assert not list(schema_validator().iter_errors(item))


def test_extract_errors_say_why() -> None:
    with pytest.raises(newscrawl.ExtractionError) as not_article:
        newscrawl.extract((SNAPSHOT / "category" / "news" / "index.html").read_text("utf-8"),
                          "https://newsmoris.com/category/news/")
    assert not_article.value.reason == "not_article/listing"
    dated = article_file(SEED).read_text("utf-8")
    only_chrome = dated.replace("<p>", "<p class='td-a-rec'>")
    with pytest.raises(ExtractionError) as dropped:
        newscrawl.extract(only_chrome, SEED, CAPTURED)
    assert dropped.value.reason in {"empty_body", "no_body"}


def test_extract_reads_a_static_page_the_crawl_keeps_out() -> None:
    """The About page is no listing: handed in, it is read; the crawl's judgement (and the
    re-extraction of a crawl's pages) keeps it out of the feed."""
    url = "https://newsmoris.com/about-us/"
    html = (SNAPSHOT / "about-us" / "index.html").read_text("utf-8")
    item = newscrawl.extract(html, url, CAPTURED)
    assert item["extraction"]["classified_by"] == "content"
    assert item["body"].startswith("NewsMoris is an English-language news website")
    assert not item["published"].startswith("2026-11-27")  # the top bar's day of the visit
    with pytest.raises(ExtractionError) as crawl_judged:
        Extractor().extract(html, url, CAPTURED)
    assert crawl_judged.value.reason == "not_article/wp_page"


def test_reextract_snapshot_gives_every_golden() -> None:
    out = io.StringIO()
    outcomes = reextract([SNAPSHOT], out)
    items = [__import__("json").loads(line) for line in out.getvalue().splitlines()]
    assert outcomes["items"] == len(GOLDENS) == len(items)
    assert all(same_as_golden(item) for item in items)
    assert outcomes["skipped/not_article/wp_page"] >= 2  # about-us, contact


@pytest.mark.parametrize("gzip", [False, True])
def test_reextract_scrapy_http_cache(tmp_path: Path, gzip: bool) -> None:
    settings = {"HTTPCACHE_DIR": str(tmp_path / "httpcache"), "HTTPCACHE_GZIP": gzip}
    crawler = get_crawler(Spider, settings)
    spider = Spider.from_crawler(crawler, name="site")
    storage = FilesystemCacheStorage(crawler.settings)
    storage.open_spider(spider)
    urls = [SEED, "https://newsmoris.com/2019/05/10/fire-destroys-three-shops-on-royal-road-in-"
                  "curepipe/", "https://newsmoris.com/about-us/"]
    for url in urls:
        body = (article_file(url)).read_bytes()
        headers = {"Content-Type": "text/html; charset=UTF-8"}
        storage.store_response(spider, Request(url),
                               HtmlResponse(url, status=200, headers=headers, body=body))
    storage.store_response(spider, Request(SEED + "x/"), HtmlResponse(SEED + "x/", status=404))
    out = io.StringIO()
    outcomes = reextract([tmp_path / "httpcache" / "site"], out)
    items = [__import__("json").loads(line) for line in out.getvalue().splitlines()]
    assert sorted(i["url"] for i in items) == sorted(urls[:2])
    assert all(same_as_golden(item) for item in items)
    assert outcomes["skipped/not_article/wp_page"] == 1


def test_extract_command_on_html_files(tmp_path: Path) -> None:
    pages = tmp_path / "saved"
    pages.mkdir()
    (pages / "seed.html").write_bytes(article_file(SEED).read_bytes())
    (pages / "no-url.html").write_text("<html><body><p>Nothing to point at.</p></body></html>")
    output = tmp_path / "items.jsonl"
    done = subprocess.run([sys.executable, "-m", "scrapy", "extract", str(pages), "-o",
                           str(output)], cwd=REPO, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert [item["url"] for item in read_jsonl(output)] == [SEED]
    assert "items=1" in done.stderr and "skipped/no_url=1" in done.stderr
    missing = subprocess.run([sys.executable, "-m", "newscrawl.extractor", str(tmp_path / "no")],
                             cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def _lines_without_clock(text: str) -> list[dict]:
    items = [json.loads(line) for line in text.splitlines()]
    assert all(item.pop("crawled_at") for item in items)  # the one field that is a clock
    return items


def test_reextract_on_two_workers_gives_one_workers_lines_in_input_order(tmp_path: Path
                                                                         ) -> None:
    copies = tmp_path / "copies"  # read after the snapshot: its pages are duplicates
    copies.mkdir()
    (copies / "seed-again.html").write_bytes(article_file(SEED).read_bytes())
    (copies / "no-url.html").write_text("<html><body><p>Nothing to point at.</p></body></html>")
    runs = {}
    for jobs in (1, 2):
        out = io.StringIO()
        runs[jobs] = reextract([SNAPSHOT, copies], out, jobs=jobs), out.getvalue()
    (outcomes_1, text_1), (outcomes_2, text_2) = runs[1], runs[2]
    assert outcomes_2 == outcomes_1
    assert outcomes_1["skipped/duplicate"] == 1 and outcomes_1["skipped/no_url"] == 1
    assert outcomes_1["items"] == len(GOLDENS)
    assert _lines_without_clock(text_2) == _lines_without_clock(text_1)
    in_order = [page.url for page in saved_pages(SNAPSHOT) if page.url in GOLDENS]
    assert [item["url"] for item in _lines_without_clock(text_2)] == in_order


def _squares(numbers: list[int]) -> list[int]:
    return [n * n for n in numbers]


def test_ordered_map_keeps_order_and_reads_ahead_a_bounded_window() -> None:
    read = []

    def numbers() -> Iterator[int]:
        for n in range(200):
            read.append(n)
            yield n

    results = ordered_map(_squares, numbers(), 2, chunk=3, window=2)
    assert next(results) == 0
    assert len(read) <= 2 * 2 * 3 + 1  # jobs x window chunks of 3 (+1 to see the end)
    assert [0, *results] == [n * n for n in range(200)]


@pytest.mark.parametrize(("command", "value"), [
    (["-m", "newscrawl.extractor"], "0"), (["-m", "newscrawl.extractor"], "two"),
    (["-m", "scrapy", "extract"], "-3"), (["-m", "scrapy", "extract"], "1.5"),
])
def test_a_bad_jobs_value_is_a_usage_error(command: list[str], value: str) -> None:
    done = subprocess.run([sys.executable, *command, "-j", value, str(SNAPSHOT)], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "JOBS must be a whole number of worker processes, 1 or more" in done.stderr
    assert value in done.stderr
