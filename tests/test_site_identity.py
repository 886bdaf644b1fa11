"""The site's identity read from the site: its name, its domain, its zone.

Pages of another site on the theme (written here, in the shapes such pages take) get their
own name cut from the title, their own domain, and dates printed in their own zone; the
instant never changes. NewsMoris and its mirrors stay as they were (tests/golden).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscrawl.discovery.sources import rest_root_zone
from newscrawl.extraction.dates import SITE_TZ, declared_zone, zone_of
from newscrawl.reextraction.api import Extractor
from newscrawl.snapshot import Reply
from tests.conftest import SNAPSHOT, load_goldens, read_jsonl, run_crawl
from tests.siteserver import SiteServer

FETCHED = "2026-11-27T06:00:00+00:00"
URL = "https://harbourpost.example/2023/10/10/ferry-timetable-changes/"
BODY = ("<p>The ferry to the outer islands will leave an hour earlier from Monday, the harbour "
        "authority said in a notice to passengers.</p><p>The evening crossing is cancelled "
        "until further notice because of work on the jetty.</p>")


def page(*, title: str = "Ferry Timetable Changes - The Harbour Post", h1: bool = False,
         site_name: str | None = "The Harbour Post", published: str = "2023-10-10T23:25:44+00:00",
         shown: str = "Oct 10, 2023", url: str = URL) -> str:
    """A classic-template article page of another site on the theme."""
    name = f'<meta property="og:site_name" content="{site_name}">' if site_name else ""
    heading = '<h1 class="entry-title">Ferry Timetable Changes</h1>' if h1 else ""
    return f"""<!doctype html><html lang="en"><head><title>{title}</title>{name}
<link rel="canonical" href="{url}"><meta property="og:type" content="article">
<meta property="og:title" content="{title}"></head>
<body class="post-template-default single single-post postid-4410">
<article class="post-4410 post"><div class="td-post-header"><header class="td-post-title">
{heading}<div class="td-module-meta-info"><span class="td-post-date">
<time class="entry-date updated td-module-date" datetime="{published}">{shown}</time>
</span></div></header></div><div class="td-post-content tagdiv-type">{BODY}</div>
</article></body></html>"""


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


# -- name and domain ---------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "site_name", "url"), [
    ("Ferry Timetable Changes - The Harbour Post", "The Harbour Post", URL),
    ("Ferry Timetable Changes | The Harbour Post", "The Harbour Post", URL),
    ("Ferry Timetable Changes – HARBOUR POST – Island news", "HARBOUR POST – Island news", URL),
    # no og:site_name: the last part of the <title> spells the host
    ("Ferry Timetable Changes | The Harbour Post", None, URL),
    ("Ferry Timetable Changes | Harbour-Post", None, URL),
])
def test_the_site_name_is_cut_from_the_title(extractor: Extractor, title: str,
                                             site_name: str | None, url: str) -> None:
    item = extractor.extract(page(title=title, site_name=site_name, url=url), url, FETCHED)
    assert item["title"] == "Ferry Timetable Changes"


@pytest.mark.parametrize("title", [
    "Budget 2023-24 - What Changes For Households",  # a dash inside the headline stays
    "Ferry Timetable Changes: What Passengers Need To Know",
])
def test_a_headline_with_separators_keeps_them(extractor: Extractor, title: str) -> None:
    item = extractor.extract(page(title=title, site_name="The Harbour Post"), URL, FETCHED)
    assert item["title"] == title


def test_another_site_has_its_own_domain_newsmoris_keeps_its_own(extractor: Extractor) -> None:
    assert extractor.extract(page(), URL, FETCHED)["site"] == "harbourpost.example"
    www = URL.replace("harbourpost", "www.harbourpost")
    assert extractor.extract(page(url=www), www, FETCHED)["site"] == "harbourpost.example"
    assert {g["site"] for g in load_goldens().values()} == {"newsmoris.com"}


# -- zone ------------------------------------------------------------------------------------

def instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(UTC)


def test_a_visible_day_against_a_utc_machine_date_prints_that_day(extractor: Extractor) -> None:
    # shown "Oct 10, 2023", every machine date 23:25 UTC: not 11 October in +04:00
    item = extractor.extract(page(), URL, FETCHED)
    assert item["published"] == "2023-10-10T23:25:44+00:00"
    assert item["published_raw"] == "2023-10-10T23:25:44+00:00"


def test_a_declared_offset_prints_in_that_offset(extractor: Extractor) -> None:
    item = extractor.extract(page(published="2022-05-03T23:37:37-04:00", shown="May 3, 2022"),
                             URL, FETCHED)
    assert item["published"] == "2022-05-03T23:37:37-04:00"


def test_a_given_zone_wins_and_the_instant_is_the_same(extractor: Extractor) -> None:
    midday = page(published="2023-10-10T12:25:44+00:00")
    plain = extractor.extract(midday, URL, FETCHED)
    for zone, printed in (("Asia/Kolkata", "2023-10-10T17:55:44+05:30"),
                          ("America/Caracas", "2023-10-10T08:25:44-04:00"),
                          ("+02:00", "2023-10-10T14:25:44+02:00")):
        item = extractor.extract(midday, URL, FETCHED, timezone=zone)
        assert item["published"] == printed
        assert instant(item["published"]) == instant(plain["published"])


def test_a_given_zone_reads_the_themes_mislabelled_utc_as_its_wall_time(
        extractor: Extractor) -> None:
    # old builds printed local wall time labelled +00:00: 23:25 "UTC" shown as 10 October is
    # 23:25 on 10 October in the site's zone, where as true UTC it would be the 11th
    item = extractor.extract(page(), URL, FETCHED, timezone="Asia/Kolkata")
    assert item["published"] == "2023-10-10T23:25:44+05:30"


def test_a_naive_visible_date_is_read_in_the_given_zone(extractor: Extractor) -> None:
    html = page(published="", shown="October 10, 2023 9:15 pm")
    item = extractor.extract(html, URL, FETCHED, timezone="Europe/Berlin")
    assert item["published"] == "2023-10-10T21:15:00+02:00"


def test_newsmoris_pages_stay_in_mauritius(extractor: Extractor) -> None:
    goldens = load_goldens()
    url = next(iter(goldens))
    from tests.conftest import article_file

    item = extractor.extract(article_file(url).read_text("utf-8"), url, FETCHED)
    assert item["published"] == goldens[url]["published"]
    assert item["published"].endswith("+04:00")


def test_an_unknown_zone_is_an_error(extractor: Extractor) -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        extractor.extract(page(), URL, FETCHED, timezone="Europe/Berln")
    with pytest.raises(ValueError, match="unknown time zone"):
        Extractor({"NEWSCRAWL_TIMEZONE": "Mars/Olympus"})


def test_the_setting_gives_the_zone() -> None:
    midday = page(published="2023-10-10T12:25:44+00:00")
    item = Extractor({"NEWSCRAWL_TIMEZONE": "Asia/Dubai"}).extract(midday, URL, FETCHED)
    assert item["published"] == "2023-10-10T16:25:44+04:00"


@pytest.mark.parametrize(("candidates", "expected"), [
    ([{"source": "opengraph", "raw": "2024-01-02T10:00:00+05:30"}], timedelta(hours=5.5)),
    ([{"source": "json-ld", "raw": "2024-01-02T10:00:00Z"},
      {"source": "time", "raw": "2024-01-02T07:00:00-03:00", "text": "2 Jan 2024"}],
     timedelta(hours=-3)),
    # a clock shown against UTC: the offset to the quarter hour
    ([{"source": "json-ld", "raw": "2024-01-02T10:00:00+00:00"},
      {"source": "text", "raw": "January 2, 2024 3:45 pm"}], timedelta(hours=5, minutes=45)),
    # a day shown against UTC: the smallest offset that puts the instant on it
    ([{"source": "json-ld", "raw": "2024-01-02T22:30:00+00:00"},
      {"source": "text", "raw": "3 January 2024"}], timedelta(hours=2)),
    ([{"source": "json-ld", "raw": "2024-01-03T01:30:00+00:00"},
      {"source": "text", "raw": "2 January 2024"}], timedelta(hours=-2)),
    ([{"source": "json-ld", "raw": "2024-01-03T01:30:00+00:00"},
      {"source": "text", "raw": "3 January 2024"}], timedelta(0)),
    # no visible date: the dated URL's day, when it is not the UTC day
    ([{"source": "json-ld", "raw": "2024-01-03T01:30:00Z"},
      {"source": "url", "raw": "2024/01/02"}], timedelta(hours=-2)),
    ([{"source": "opengraph", "raw": "2024-01-02T23:10:00+00:00"},
      {"source": "url", "raw": "2024/01/03"}], timedelta(hours=1)),
    # a visible date comes before the URL's
    ([{"source": "json-ld", "raw": "2024-01-03T01:30:00Z"},
      {"source": "text", "raw": "January 2, 2024 8:30 pm"},
      {"source": "url", "raw": "2024/01/03"}], timedelta(hours=-5)),
    # htmldate's original day, after the URL's
    ([{"source": "json-ld", "raw": "2022-05-04T00:44:52.000Z"},
      {"source": "htmldate", "raw": "2022-05-03"}], timedelta(hours=-1)),
    # the URL on the UTC day, which the site's +04:00 would move to the next
    ([{"source": "json-ld", "raw": "2024-01-02T22:10:00Z"},
      {"source": "url", "raw": "2024/01/02"}], timedelta(0)),
])
def test_declared_zone(candidates: list[dict], expected: timedelta) -> None:
    zone = declared_zone(candidates)
    assert zone is not None and zone.utcoffset(None) == expected


@pytest.mark.parametrize("candidates", [
    [{"source": "json-ld", "raw": "2024-01-02T10:00:00+00:00"}],  # UTC alone says nothing
    [{"source": "url", "raw": "2024-01-02"}],
    # the URL before htmldate's day; on the machine date's UTC day it fits most zones
    [{"source": "json-ld", "raw": "2022-05-04T00:44:52Z"}, {"source": "htmldate",
      "raw": "2022-05-03"}, {"source": "url", "raw": "2022/05/04"}],
    [{"source": "json-ld", "raw": "2024-01-02T10:00:00Z"}, {"source": "url", "raw": "2024/01/02"}],
    [{"source": "time", "raw": "২০২০-০৮-২৯T১০:৪৬:০৬+০১:০০", "text": "২৯ আগস্ট"}],
    [],
])
def test_no_declared_zone(candidates: list[dict]) -> None:
    assert declared_zone(candidates) is None


@pytest.mark.parametrize(("name", "offset"), [
    ("Indian/Mauritius", None), ("+05:30", timedelta(hours=5, minutes=30)),
    ("-0400", timedelta(hours=-4)), ("UTC", timedelta(0)),
])
def test_zone_of(name: str, offset: timedelta | None) -> None:
    zone = zone_of(name)
    if offset is None:
        assert zone is SITE_TZ
    else:
        assert zone is not None and zone.utcoffset(datetime(2024, 1, 1)) == offset
    assert zone_of("") is None
    for bad in ("Europe/Berln", "+15:00", "5", "Indian/Mauritius; rm"):
        with pytest.raises(ValueError):
            zone_of(bad)


@pytest.mark.parametrize(("body", "zone"), [
    (b'{"name": "Harbour Post", "timezone_string": "America/Jamaica", "gmt_offset": -5}',
     "America/Jamaica"),
    (b'{"name": "Harbour Post", "timezone_string": "", "gmt_offset": 5.75}', "+05:45"),
    (b'{"timezone_string": "", "gmt_offset": "-3.5"}', "-03:30"),
    (b'{"timezone_string": "", "gmt_offset": 0}', "+00:00"),
    (b'{"name": "Harbour Post"}', None),
    (b'{"gmt_offset": 99}', None),
    (b"<html>not JSON</html>", None),
    (b"[1, 2]", None),
])
def test_rest_root_zone(body: bytes, zone: str | None) -> None:
    assert rest_root_zone(body) == zone


def test_a_crawl_of_another_site_reads_its_zone_once_from_its_rest_root(tmp_path: Path) -> None:
    calls: list[str] = []

    def rest_root(handler: object) -> Reply:
        calls.append(handler.path)  # type: ignore[attr-defined]
        body = json.dumps({"name": "A mirror", "timezone_string": "Europe/Paris"}).encode()
        return Reply(200, {"Content-Type": "application/json"}, body)

    with SiteServer(SNAPSHOT) as server:
        server.overrides["/wp-json/"] = rest_root
        result = run_crawl("-a", f"site_url={server.root}", output=tmp_path / "out.jsonl",
                           settings={"NEWSCRAWL_STATE_PATH": "",
                                     "NEWSCRAWL_LOCAL_HOSTS": "localhost",  # not local: a site
                                     "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False",
                                     "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
                                     "NEWSCRAWL_DISCOVERY": "sitemaps",
                                     "CLOSESPIDER_ITEMCOUNT": "5"})
    items = read_jsonl(tmp_path / "out.jsonl")
    assert calls == ["/wp-json/"], result.stderr[-3000:]
    assert len(items) >= 5
    goldens = {g["url"].replace("https://newsmoris.com", server.root): g
               for g in load_goldens().values()}
    for item in items:
        golden = goldens[item["url"]]
        assert instant(item["published"]) == instant(golden["published"])
        paris = datetime.fromisoformat(golden["published"]).astimezone(
            zone_of("Europe/Paris"))
        assert item["published"] == paris.isoformat()
        assert item["published"][-6:] in {"+01:00", "+02:00"}


def test_no_rest_root_for_newsmoris_or_with_the_setting(tmp_path: Path) -> None:
    calls: list[str] = []
    with SiteServer(SNAPSHOT) as server:
        server.overrides["/wp-json/"] = lambda handler: calls.append("x") or Reply(404, {}, b"")
        run_crawl("-a", f"site_url={server.root}", output=tmp_path / "out.jsonl",
                  settings={"NEWSCRAWL_STATE_PATH": "", "NEWSCRAWL_LOCAL_HOSTS": "localhost",
                            "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False",
                            "NEWSCRAWL_TIMEZONE": "Indian/Mauritius",
                            "NEWSCRAWL_DISCOVERY": "sitemaps", "CLOSESPIDER_ITEMCOUNT": "2"})
    items = read_jsonl(tmp_path / "out.jsonl")
    assert calls == [] and items
    assert all(i["published"].endswith("+04:00") for i in items)

