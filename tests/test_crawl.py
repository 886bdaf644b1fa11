"""End to end: `scrapy crawl site` as a subprocess, offline and against a loopback server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.extraction.chrome import CHROME_STRINGS
from newscrawl.pipelines.validate import schema_validator
from newscrawl.urls import is_article_url
from tests.conftest import SNAPSHOT, VOLATILE, read_jsonl, run_crawl
from tests.siteserver import SiteServer

REAL_ROOT = "https://newsmoris.com"


def rebased(golden: dict, root: str) -> dict:
    """A golden item as a mirror at `root` serves it (its own links rewritten)."""
    return json.loads(json.dumps(golden, ensure_ascii=False).replace(REAL_ROOT, root))


def assert_items_match(items: list[dict], goldens: dict[str, dict], root: str) -> None:
    urls = [item["url"] for item in items]
    assert len(urls) == len(set(urls)), "an article was exported twice"
    expected = {url.replace(REAL_ROOT, root): rebased(g, root) for url, g in goldens.items()}
    assert set(urls) == set(expected)
    validator = schema_validator()
    for item in items:
        golden = expected[item["url"]]
        assert {k: item[k] for k in golden} == golden
        assert set(item) == set(golden) | set(VOLATILE)
        assert not list(validator.iter_errors(item))
        assert not [s for s in CHROME_STRINGS if s in item["body"]]


def crawl(tmp_path: Path, *args: str, env: dict[str, str] | None = None
          ) -> tuple[list[dict], dict, str]:
    output = tmp_path / "out.jsonl"
    stats_file = tmp_path / "stats.json"
    result = run_crawl(*args, output=output, env=env, settings={
        "NEWSCRAWL_STATS_FILE": str(stats_file),
        "NEWSCRAWL_STATE_PATH": str(tmp_path / "state.sqlite"),
    })
    assert result.returncode == 0, result.stderr[-3000:]
    return read_jsonl(output), json.loads(stats_file.read_text()), output.read_text("utf-8")


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_offline_snapshot_crawl(tmp_path: Path, goldens: dict[str, dict], zone: str) -> None:
    """Every article once, equal to its golden item, whatever the machine's time zone."""
    items, stats, raw = crawl(tmp_path, "-a", f"snapshot={SNAPSHOT}", env={"TZ": zone})
    assert_items_match(items, goldens, REAL_ROOT)
    assert "\\u2019" not in raw and "’" in raw  # real UTF-8 characters, not escapes
    assert stats["finish_reason"] == "finished"
    assert stats.get("log_count/ERROR", 0) == 0
    assert stats["item_scraped_count"] == len(goldens)


def test_loopback_server_crawl(tmp_path: Path, goldens: dict[str, dict]) -> None:
    with SiteServer(SNAPSHOT) as server:
        items, stats, _ = crawl(tmp_path, "-a", f"site_url={server.root}")
        requested = list(server.requests)
        agents = set(server.user_agents)
    assert_items_match(items, goldens, server.root)
    assert "/robots.txt" in requested
    assert agents == {"newscrawl/1.0 (news archive crawler for newsmoris.com; Scrapy)"}
    assert not [p for p in requested if "share=" in p or "replytocom" in p or "amp=1" in p]
    assert not [p for p in requested if p.startswith(("/about-us", "/contact"))]
    assert stats["finish_reason"] == "finished"


def test_mirror_whose_pages_still_link_the_real_site(tmp_path: Path, goldens: dict) -> None:
    """A mirror that serves pages unchanged: their links to https://newsmoris.com are followed
    on the mirror, and the items keep the real canonical URLs."""
    with SiteServer(SNAPSHOT, rewrite=False) as server:
        items, stats, _ = crawl(tmp_path, "-a", f"site_url={server.root}")
        requested = list(server.requests)
    assert_items_match(items, goldens, REAL_ROOT)
    articles = [p for p in requested if is_article_url(server.root + p)]
    assert len(articles) == len(set(articles)) == len(goldens)  # each article fetched once
    assert stats["finish_reason"] == "finished"


def test_default_feed_is_timestamped_jsonl_under_output(tmp_path: Path, goldens: dict) -> None:
    """Without -O/-o a run writes output/<spider>/<timestamp>.jsonl, relative to where it runs."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    command = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"snapshot={SNAPSHOT}",
               "-s", f"NEWSCRAWL_STATE_PATH={tmp_path / 'state.sqlite'}"]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=240, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    written = list((tmp_path / "output" / "site").glob("*.jsonl"))
    files = [f for f in written if not f.name.endswith(".deleted.jsonl")]
    assert len(files) == 1
    lines = files[0].read_text("utf-8").splitlines()
    assert len(lines) == len(goldens)
    # beside it, the run's tombstones (none on a first run)
    siblings = [f for f in written if f.name.endswith(".deleted.jsonl")]
    assert [f.name for f in siblings] == [files[0].name.replace(".jsonl", ".deleted.jsonl")]
    assert siblings[0].read_text("utf-8") == ""
    assert all(json.loads(line)["url"].startswith(REAL_ROOT) for line in lines)
