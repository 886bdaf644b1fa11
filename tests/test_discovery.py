"""Discovery parsers (robots, sitemaps, feeds, REST) and the run plan (options, the gate)."""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapy.http import Headers
from scrapy.utils.sitemap import Sitemap

from newscrawl.discovery import Decision, Entry, Planner, RunOptions
from newscrawl.discovery import sources as parse
from newscrawl.state import ArticleState, CrawlState
from tests.conftest import SNAPSHOT

ROOT = "https://newsmoris.com"
NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://newsmoris.com/2026/11/27/a/</loc>
    <news:news><news:publication><news:name>NewsMoris</news:name>
      <news:language>en</news:language></news:publication>
      <news:publication_date>2026-11-27T08:00:00+04:00</news:publication_date>
      <news:title>A</news:title></news:news></url>
  <url><loc>https://newsmoris.com/2026/11/26/b/</loc><lastmod>2026-11-26T10:00:00Z</lastmod>
    <news:news><news:publication_date>2026-11-26T09:00:00Z</news:publication_date></news:news>
  </url>
</urlset>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>NewsMoris</title>
  <entry><title>A</title><link rel="alternate" href="https://newsmoris.com/2026/11/27/a/"/>
    <published>2026-11-27T04:00:00Z</published><updated>2026-11-27T05:30:00Z</updated></entry>
  <entry><title>No link</title><published>2026-11-27T04:00:00Z</published></entry>
</feed>"""


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# -- parsers -------------------------------------------------------------------------------


def test_robots_sitemap_lines_of_the_snapshot() -> None:
    body = (SNAPSHOT / "robots.txt").read_bytes()
    assert parse.sitemaps_from_robots(body, f"{ROOT}/robots.txt") == [f"{ROOT}/sitemap_index.xml"]


def test_robots_sitemap_lines_relative_repeated_and_any_case() -> None:
    body = b"User-agent: *\nSITEMAP: /news-sitemap.xml\nsitemap: /news-sitemap.xml\nDisallow:\n"
    assert parse.sitemaps_from_robots(body, f"{ROOT}/robots.txt") == [f"{ROOT}/news-sitemap.xml"]
    assert parse.sitemaps_from_robots(b"User-agent: *\nDisallow: /wp-admin/\n", ROOT) == []


def test_sitemap_index_of_the_snapshot() -> None:
    doc = parse.parse_sitemap((SNAPSHOT / "sitemap_index.xml").read_bytes())
    assert doc.kind == "sitemapindex"
    assert doc.entries[0].url == f"{ROOT}/post-sitemap.xml"
    assert all(e.lastmod is not None and e.lastmod.tzinfo is UTC for e in doc.entries)


def test_post_sitemap_of_the_snapshot_lists_every_article_with_lastmod() -> None:
    doc = parse.parse_sitemap((SNAPSHOT / "post-sitemap.xml").read_bytes())
    folders = (p.parent.relative_to(SNAPSHOT).as_posix() for p in SNAPSHOT.rglob("index.html"))
    articles = {f for f in folders if re.fullmatch(r"(fr/)?\d{4}/\d{2}/\d{2}/[^/]+", f)}
    assert doc.kind == "urlset"
    assert {e.url.removeprefix(f"{ROOT}/").rstrip("/") for e in doc.entries} == articles
    assert all(e.lastmod is not None for e in doc.entries)


def test_scrapy_sitemap_parser_drops_news_dates_and_ours_keeps_them() -> None:
    assert next(iter(Sitemap(NEWS_SITEMAP))) == {"loc": f"{ROOT}/2026/11/27/a/", "news": ""}
    doc = parse.parse_sitemap(NEWS_SITEMAP)
    first, second = doc.entries
    assert first.published == first.lastmod == utc(2026, 11, 27, 4)
    assert second.lastmod == utc(2026, 11, 26, 10) and second.published == utc(2026, 11, 26, 9)


def test_sitemap_alternates_become_entries() -> None:
    body = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:xhtml="http://www.w3.org/1999/xhtml"><url><loc>https://newsmoris.com/2024/02/22/a/</loc>
      <lastmod>2024-02-22</lastmod>
      <xhtml:link rel="alternate" hreflang="fr" href="https://newsmoris.com/fr/2024/02/22/a-fr/"/>
      </url></urlset>"""
    entries = parse.parse_sitemap(body).entries
    assert entries == (Entry(f"{ROOT}/2024/02/22/a/", utc(2024, 2, 22)),
                       Entry(f"{ROOT}/fr/2024/02/22/a-fr/"))


def test_gzipped_sitemaps_are_read() -> None:
    body = (SNAPSHOT / "post-sitemap.xml").read_bytes()
    assert parse.decompress(gzip.compress(body)) == body
    assert parse.decompress(body) == body


@pytest.mark.parametrize("body", [b"", b"garbage", b"<html><body>Not found</body></html>"])
def test_invalid_sitemaps(body: bytes) -> None:
    assert parse.parse_sitemap(body).kind == "invalid"


def test_a_sitemap_declaring_entities_is_invalid() -> None:
    """Its entities are never expanded, so a `<loc>` using one would be read cut short."""
    urlset = (SNAPSHOT / "post-sitemap.xml").read_bytes()
    assert parse.parse_sitemap(urlset).kind == "urlset"
    declared = urlset.replace(b"<urlset", b'<!DOCTYPE urlset [<!ENTITY x "/">]>\n<urlset', 1)
    doc = parse.parse_sitemap(declared.replace(b"/</loc>", b"&x;</loc>", 1))
    assert doc.kind == "invalid" and doc.entries == ()


def test_rss_feed_of_the_snapshot() -> None:
    entries = parse.parse_feed((SNAPSHOT / "feed" / "index.xml").read_bytes())
    assert len(entries) == 10
    slug = "fire-breaks-out-at-rose-hill-market-no-injuries-reported"
    assert entries[0].url == f"{ROOT}/2026/11/27/{slug}/"
    assert entries[0].published == utc(2026, 11, 27, 3)
    assert all(e.lastmod == e.published for e in entries)  # RSS2: pubDate only


def test_atom_updated_is_the_change_date_and_linkless_items_are_skipped() -> None:
    (entry,) = parse.parse_feed(ATOM)
    assert entry.lastmod == utc(2026, 11, 27, 5, 30) and entry.published == utc(2026, 11, 27, 4)


def test_rest_posts() -> None:
    body = json.dumps([
        {"id": 1, "link": f"{ROOT}/2024/02/22/a/", "date_gmt": "2024-02-22T06:00:00",
         "modified_gmt": "2024-02-23T06:00:00"},
        {"id": 2},  # no link: skipped
    ]).encode()
    assert parse.parse_rest_posts(body) == [
        Entry(f"{ROOT}/2024/02/22/a/", utc(2024, 2, 23, 6), utc(2024, 2, 22, 6))]
    with pytest.raises(ValueError, match="JSON list"):
        parse.parse_rest_posts(b'{"code": "rest_no_route"}')
    assert parse.rest_total_pages(Headers({"X-WP-TotalPages": "7"})) == 7
    assert parse.rest_total_pages(Headers({})) is None
    with pytest.raises(ValueError):
        parse.parse_rest_posts(b"<html>blocked</html>")
    url = parse.rest_posts_url(ROOT, 2, 50)
    assert url.startswith(f"{ROOT}/wp-json/wp/v2/posts?per_page=50&page=2&_fields=")
    assert "orderby=modified" in url and "orderby" not in parse.rest_posts_url(ROOT, 1, 50, False)


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-02-22T08:12:40+00:00", utc(2024, 2, 22, 8, 12, 40)),
    ("2024-02-22T12:12:40+04:00", utc(2024, 2, 22, 8, 12, 40)),
    ("2024-02-22T08:12:40Z", utc(2024, 2, 22, 8, 12, 40)),
    ("2024-02-22T08:12:40", utc(2024, 2, 22, 8, 12, 40)),  # naive: UTC (REST *_gmt)
    ("2024-02-22", utc(2024, 2, 22)),
    ("", None), (None, None), ("yesterday", None),
])
def test_parse_date(value: str | None, expected: datetime | None) -> None:
    assert parse.parse_date(value) == expected


@given(st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2100, 1, 1),
                    timezones=st.sampled_from([UTC, timezone(timedelta(hours=4))])))
def test_parse_date_round_trips_any_w3c_datetime(moment: datetime) -> None:
    assert parse.parse_date(moment.isoformat()) == moment


# -- run options -----------------------------------------------------------------------------


def test_default_options() -> None:
    assert RunOptions.parse() == RunOptions("latest", None, None, False)
    options = RunOptions.parse(" Backfill ", "2024-01-01", "2024-06-30", "1")
    assert options == RunOptions("backfill", date(2024, 1, 1), date(2024, 6, 30), True)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"mode": "everything"}, "mode must be one of latest, backfill"),
    ({"mode": "backfill", "since": "2024-1-1"}, "since must be a date as YYYY-MM-DD"),
    ({"mode": "backfill", "until": "20240101"}, "until must be a date as YYYY-MM-DD"),
    ({"mode": "backfill", "since": "2024-02-30"}, "since must be a date"),
    ({"mode": "backfill", "since": "2024-06-01", "until": "2024-01-01"}, "is after until"),
    ({"since": "2024-01-01"}, "add -a mode=backfill"),
    ({"reset_state": "please"}, "reset_state must be 1 or 0"),
])
def test_bad_options_are_refused_with_a_clear_message(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RunOptions.parse(**kwargs)


def test_range_is_inclusive_on_the_url_date() -> None:
    options = RunOptions.parse("backfill", "2024-02-22", "2024-02-23")
    assert options.in_range(f"{ROOT}/2024/02/22/a/") and options.in_range(f"{ROOT}/2024/02/23/a/")
    assert not options.in_range(f"{ROOT}/2024/02/21/a/")
    assert not options.in_range(f"{ROOT}/fr/2024/02/24/a/")
    assert options.before_range(f"{ROOT}/2024/02/21/a/")
    assert RunOptions.parse().in_range(f"{ROOT}/1999/01/01/a/")


# -- the gate ----------------------------------------------------------------------------------

KNOWN = f"{ROOT}/2024/02/22/known/"
NEW = f"{ROOT}/2024/02/23/new/"


@pytest.fixture()
def store(tmp_path: Path) -> CrawlState:
    store = CrawlState(tmp_path / "state.sqlite")
    stamp = "2026-11-27T06:00:00+00:00"
    store.pending.articles[KNOWN] = ArticleState(
        url=KNOWN, post_id=1, fingerprint="f", published="2024-02-22T10:00:00+04:00",
        modified="2024-02-22T12:00:00+04:00", lastmod=None, revision=1, first_seen=stamp,
        last_seen=stamp, last_emitted=stamp)
    store.pending.sources[f"{ROOT}/post-sitemap.xml"] = "2026-11-27T03:00:00+00:00"
    store.commit()
    yield store
    store.close()


def test_gate_decisions(store: CrawlState) -> None:
    planner = Planner(RunOptions(), store, full=False)
    assert planner.consider(Entry(KNOWN)) is Decision.KNOWN
    assert planner.consider(Entry(KNOWN, utc(2024, 2, 22, 8))) is Decision.UNCHANGED  # = modified
    assert planner.consider(Entry(NEW)) is Decision.FETCH
    assert planner.consider(Entry(NEW, utc(2030, 1, 1))) is Decision.REQUESTED
    assert planner.consider(Entry(KNOWN, utc(2024, 2, 22, 8, 0, 1))) is Decision.FETCH
    assert planner.lastmod(KNOWN) == utc(2024, 2, 22, 8, 0, 1)
    assert planner.lastmod(NEW) == utc(2030, 1, 1)
    assert planner.counts() == {"discovered": 2, "skipped_by_lastmod": 0, "skipped_known": 0,
                                "out_of_range": 0}
    assert store.pending.seen == {KNOWN}


def test_gate_counts_skips_once_per_url(store: CrawlState) -> None:
    planner = Planner(RunOptions(), store, full=False)
    for entry in (Entry(KNOWN), Entry(KNOWN, utc(2024, 1, 1)), Entry(KNOWN)):
        planner.consider(entry)
    assert planner.counts()["skipped_by_lastmod"] == 1 and planner.counts()["skipped_known"] == 0


def test_gate_without_state_fetches_everything_once() -> None:
    planner = Planner(RunOptions(), None, full=True)
    assert [planner.consider(Entry(KNOWN)), planner.consider(Entry(KNOWN))] == [
        Decision.FETCH, Decision.REQUESTED]
    assert planner.first_fetch(KNOWN) and not planner.first_fetch(KNOWN)


def test_gate_out_of_range() -> None:
    planner = Planner(RunOptions.parse("backfill", since="2024-02-23"), None, full=True)
    assert planner.consider(Entry(KNOWN)) is Decision.OUT_OF_RANGE
    assert planner.consider(Entry(NEW)) is Decision.FETCH
    assert planner.counts()["out_of_range"] == 1 and planner.counts()["discovered"] == 1


def test_latest_paging_stops_at_a_page_of_known_unchanged_articles(store: CrawlState) -> None:
    planner = Planner(RunOptions(), store, full=False)
    assert planner.keep_paging([Entry(KNOWN), Entry(NEW)])
    assert not planner.keep_paging([Entry(KNOWN), Entry(KNOWN, utc(2024, 2, 22, 8))])
    assert planner.keep_paging([Entry(KNOWN, utc(2025, 1, 1))])  # edited
    assert not planner.keep_paging([])


def test_full_paging_walks_everything_down_to_since(store: CrawlState) -> None:
    assert Planner(RunOptions(mode="backfill"), store, full=True).keep_paging([Entry(KNOWN)])
    ranged = Planner(RunOptions.parse("backfill", since="2024-02-23"), store, full=True)
    assert ranged.keep_paging([Entry(NEW), Entry(KNOWN)])
    assert not ranged.keep_paging([Entry(KNOWN)])  # everything older than since


def test_child_sitemaps_are_read_when_their_lastmod_moved(store: CrawlState) -> None:
    url = f"{ROOT}/post-sitemap.xml"
    latest = Planner(RunOptions(), store, full=False)
    assert not latest.wants_sitemap(url, utc(2026, 11, 27, 3))
    assert latest.wants_sitemap(url, utc(2026, 11, 27, 5))
    assert latest.wants_sitemap(url, None)
    assert latest.wants_sitemap(f"{ROOT}/post-sitemap2.xml", utc(2020, 1, 1))
    assert Planner(RunOptions(), store, full=True).wants_sitemap(url, utc(2026, 11, 27, 3))
    latest.sitemap_read(url, utc(2026, 11, 27, 5))
    assert store.pending.sources == {url: "2026-11-27T05:00:00+00:00"}
