"""Shared fixtures: the snapshot, its golden items, a loopback server, a crawl subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.redisserver import RedisServer
from tests.siteserver import SiteServer

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "samples" / "site"
GOLDEN = Path(__file__).resolve().parent / "golden"
VOLATILE = ("id", "word_count", "crawled_at", "revision", "schema_version")


def load_goldens() -> dict[str, dict]:
    """Golden items by URL (written by hand from the snapshot pages)."""
    goldens = [json.loads(p.read_text("utf-8")) for p in sorted(GOLDEN.glob("*.json"))]
    return {g["url"]: g for g in goldens}


def article_file(url: str) -> Path:
    """The snapshot file of an article URL."""
    path = url.split("://", 1)[1].split("/", 1)[1]
    return SNAPSHOT / path / "index.html"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def run_crawl(*args: str, output: Path, timeout: float = 240, cwd: Path = REPO,
              settings: dict[str, str] | None = None, env: dict[str, str] | None = None
              ) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl site ARGS -O output` as a subprocess, like a scheduler runs it."""
    command = [sys.executable, "-m", "scrapy", "crawl", "site", *args, "-O", str(output)]
    for name, value in (settings or {}).items():
        command += ["-s", f"{name}={value}"]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          check=False, env={**os.environ, **(env or {})})


@pytest.fixture(scope="session")
def goldens() -> dict[str, dict]:
    return load_goldens()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A real redis-server on 127.0.0.1 for the whole session (tests use their own keys)."""
    try:
        server = RedisServer()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    yield server
    server.close()


@pytest.fixture()
def site_server() -> Iterator[SiteServer]:
    with SiteServer(SNAPSHOT) as server:
        yield server


def project_settings() -> dict[str, object]:
    """The project's settings module as a dict, for test crawlers."""
    from newscrawl import settings as project

    return {k: getattr(project, k) for k in dir(project) if k.isupper()}


def pipeline_chain(exclude: tuple[str, ...] = ("state.",)) -> list[object]:
    """The project's item pipelines in settings order, built on a test crawler (no state)."""
    from scrapy.utils.misc import build_from_crawler, load_object
    from scrapy.utils.test import get_crawler

    crawler = get_crawler(settings_dict=project_settings())
    order = sorted(crawler.settings.getdict("ITEM_PIPELINES").items(), key=lambda kv: kv[1])
    paths = [path for path, _ in order if not any(x in path for x in exclude)]
    return [build_from_crawler(load_object(path), crawler) for path in paths]


def page_item(html: str, url: str, fetched_at: str, chain: list[object] | None = None) -> Any:
    """Page object + every pipeline, as a crawl would do it: the item the feed exporter
    receives; DropItem propagates."""
    from newscrawl.extraction.page import ArticlePage
    from newscrawl.items import ArticleItem

    item = ArticleItem(ArticlePage(html, url).to_item(fetched_at=fetched_at))
    for pipeline in chain if chain is not None else pipeline_chain():
        item = pipeline.process_item(item)
    return item


def process_page(html: str, url: str, fetched_at: str, chain: list[object] | None = None) -> dict:
    """`page_item` as a plain dict."""
    from itemadapter import ItemAdapter

    return ItemAdapter(page_item(html, url, fetched_at, chain)).asdict()
