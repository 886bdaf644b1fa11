"""extraction.dates: every date form the site prints → one instant, whatever the machine's zone."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from newscrawl.extraction.dates import (
    SITE_TZ,
    choose_date,
    names_a_day,
    names_a_month,
    parse_date,
    resolve_time_element,
    to_site_iso,
)

# The snapshot's capture instant (its HTTP Date header): 10:00 in Port Louis.
NOW = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
FOUR = timedelta(hours=4)


@pytest.fixture(params=["UTC", "America/New_York"], autouse=True)
def machine_tz(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run every test under two machine zones: results must not depend on it."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_machine_zone_is_really_switched(machine_tz: str) -> None:
    offset = datetime(2024, 1, 15, 12).astimezone().utcoffset()
    assert offset == {"UTC": timedelta(0), "America/New_York": timedelta(hours=-5)}[machine_tz]


CASES = [
    # ISO 8601 / W3C, REST (naive = Mauritius wall time)
    ("2023-04-17T08:12:40+00:00", "2023-04-17T12:12:40+04:00"),
    ("2023-04-17T08:12:40Z", "2023-04-17T12:12:40+04:00"),
    ("2023-04-17T12:12:40+04:00", "2023-04-17T12:12:40+04:00"),
    ("2023-04-17T12:12:40", "2023-04-17T12:12:40+04:00"),
    ("2023-04-17T08:12:40.987654+00:00", "2023-04-17T12:12:40.987654+04:00"),
    ("2024-02-29T22:30:00+00:00", "2024-03-01T02:30:00+04:00"),
    ("2024-02-21T22:30:00+00:00", "2024-02-22T02:30:00+04:00"),
    ("2023-04-17", "2023-04-17T00:00:00+04:00"),
    # RSS pubDate (RFC 822)
    ("Mon, 17 Apr 2023 08:12:40 +0000", "2023-04-17T12:12:40+04:00"),
    ("Wed, 21 Feb 2024 22:30:00 +0000", "2024-02-22T02:30:00+04:00"),
    ("Wed, 21 Feb 2024 22:30:00 GMT", "2024-02-22T02:30:00+04:00"),
    ("17 Apr 2023 12:12:40 +0400", "2023-04-17T12:12:40+04:00"),
    # English text (date-only text is local midnight)
    ("April 17, 2023", "2023-04-17T00:00:00+04:00"),
    ("Thursday, February 22, 2024", "2024-02-22T00:00:00+04:00"),
    ("22 February 2024", "2024-02-22T00:00:00+04:00"),
    ("February 22, 2024 At 10:30 am", "2024-02-22T10:30:00+04:00"),
    ("February 22, 2024 At 10:30 pm", "2024-02-22T22:30:00+04:00"),
    ("22/02/2024", "2024-02-22T00:00:00+04:00"),
    ("05/04/2023", "2023-04-05T00:00:00+04:00"),  # day first
    ("22 Mar 2018 17h07", "2018-03-22T17:07:00+04:00"),
    ("2023/04/17", "2023-04-17T00:00:00+04:00"),  # the URL's date
    # French text
    ("jeudi 22 février 2024", "2024-02-22T00:00:00+04:00"),
    ("22 février 2024", "2024-02-22T00:00:00+04:00"),
    ("22 févr. 2024", "2024-02-22T00:00:00+04:00"),
    ("1er mars 2024", "2024-03-01T00:00:00+04:00"),
    ("17 avr. 2023", "2023-04-17T00:00:00+04:00"),
    ("mardi 3 décembre 2024", "2024-12-03T00:00:00+04:00"),
    ("22 février 2024 à 10h30", "2024-02-22T10:30:00+04:00"),
    ("22 Fév 2024 17h07", "2024-02-22T17:07:00+04:00"),
    # left to dateparser: numeric day-first dates, explicit zones
    ("22.02.2024", "2024-02-22T00:00:00+04:00"),
    ("22-02-2024", "2024-02-22T00:00:00+04:00"),
    ("February 22, 2024 10:30 pm +0200", "2024-02-23T00:30:00+04:00"),
    ("22 février 2024 10:30 GMT", "2024-02-22T14:30:00+04:00"),
    ("le 22 février 2024", "2024-02-22T00:00:00+04:00"),
    # no year: the latest such moment not after now
    ("jeudi 22 Mar, 17:30", "2026-03-22T17:30:00+04:00"),
    ("vendredi 27 Nov, 09:30", "2026-11-27T09:30:00+04:00"),
    ("vendredi 27 Nov, 10:30", "2025-11-27T10:30:00+04:00"),
    ("Thursday, February 22", "2026-02-22T00:00:00+04:00"),
    ("Dec 31", "2025-12-31T00:00:00+04:00"),
    ("Feb 29", "2024-02-29T00:00:00+04:00"),
    # relative (WordPress human_time_diff and its French translation)
    ("3 hours ago", "2026-11-27T07:00:00+04:00"),
    ("5 mins ago", "2026-11-27T09:55:00+04:00"),
    ("1 min ago", "2026-11-27T09:59:00+04:00"),
    ("30 seconds ago", "2026-11-27T09:59:30+04:00"),
    ("1 hour ago", "2026-11-27T09:00:00+04:00"),
    ("an hour ago", "2026-11-27T09:00:00+04:00"),
    ("2 days ago", "2026-11-25T10:00:00+04:00"),
    ("1 week ago", "2026-11-20T10:00:00+04:00"),
    ("Yesterday", "2026-11-26T00:00:00+04:00"),
    ("Today", "2026-11-27T00:00:00+04:00"),
    ("Yesterday at 10:30 pm", "2026-11-26T22:30:00+04:00"),
    ("il y a 3 heures", "2026-11-27T07:00:00+04:00"),
    ("il y a une heure", "2026-11-27T09:00:00+04:00"),
    ("il y a 2 jours", "2026-11-25T10:00:00+04:00"),
    ("hier", "2026-11-26T00:00:00+04:00"),
    ("aujourd’hui", "2026-11-27T00:00:00+04:00"),
    ("hier à 17h30", "2026-11-26T17:30:00+04:00"),
    # labels, spacing, case
    ("Published on April 17, 2023", "2023-04-17T00:00:00+04:00"),
    ("Updated: February 22, 2024 At 10:30 am", "2024-02-22T10:30:00+04:00"),
    ("Publié le 22 février 2024", "2024-02-22T00:00:00+04:00"),
    ("Mis à jour le 22 févr. 2024", "2024-02-22T00:00:00+04:00"),
    ("  April 17,\n\t 2023 ", "2023-04-17T00:00:00+04:00"),
    ("22\u00a0février\u00a02024", "2024-02-22T00:00:00+04:00"),
    ("3 HOURS AGO", "2026-11-27T07:00:00+04:00"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_date_gives_exact_instant_and_offset(text: str, expected: str) -> None:
    parsed = parse_date(text, now=NOW)
    assert parsed == datetime.fromisoformat(expected)
    assert parsed.utcoffset() == FOUR
    assert parsed.tzinfo is SITE_TZ


def test_day_words_use_the_mauritius_day_not_the_utc_day() -> None:
    late = datetime(2026, 11, 26, 21, 30, tzinfo=UTC)  # 01:30 on the 27th in Port Louis
    assert parse_date("Today", now=late) == datetime(2026, 11, 27, tzinfo=SITE_TZ)
    assert parse_date("hier", now=late) == datetime(2026, 11, 26, tzinfo=SITE_TZ)


def test_relative_default_now_is_the_current_time() -> None:
    before = datetime.now(UTC)
    parsed = parse_date("1 hour ago")
    after = datetime.now(UTC)
    assert before - timedelta(hours=1) <= parsed <= after - timedelta(hours=1)


def test_naive_now_is_read_as_utc() -> None:
    assert parse_date("3 hours ago", now=NOW.replace(tzinfo=None)) == parse_date(
        "3 hours ago", now=NOW
    )


def test_wall_time_during_mauritius_2008_daylight_saving() -> None:
    parsed = parse_date("2008-12-01T12:00:00", now=NOW)  # Mauritius was +05:00 that summer
    assert parsed == datetime(2008, 12, 1, 7, 0, tzinfo=UTC)
    assert parsed.utcoffset() == timedelta(hours=5)
    assert to_site_iso(parsed) == "2008-12-01T11:00:00+04:00"


@pytest.mark.parametrize(
    "text",
    [
        "", "   ", "garbage", "Port Louis", "2024", "February 2024", "32/13/2024",
        "2024-13-45T00:00:00", "Sunday 22d June", "tomorrow", "in 3 hours", "99999999999 years ago",
        "Funday 22 Mar, 17:30", "Feb 30", "Feb 29, 2023", "31 avril 2024", "22 Mar, 25:10",
        "x" * 100_000, "\x00\x01", "\ud800", "février " * 40, "1700000000", "May", "Mar",
    ],
)
def test_parse_date_returns_none_for_non_dates(text: str) -> None:
    assert parse_date(text, now=NOW) is None


@pytest.mark.parametrize("value", [None, 20240222, b"2024-02-22", ["2024-02-22"]])
def test_parse_date_returns_none_for_non_strings(value: object) -> None:
    assert parse_date(value, now=NOW) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        (datetime(2024, 2, 29, 22, 30, tzinfo=UTC), "2024-03-01T02:30:00+04:00"),
        (datetime(2024, 2, 29, 22, 30, 5, 999999, tzinfo=UTC), "2024-03-01T02:30:05+04:00"),
        (datetime(2024, 3, 1, 2, 30), "2024-03-01T02:30:00+04:00"),  # naive: Mauritius
        (datetime(2024, 3, 1, 2, 30, tzinfo=SITE_TZ), "2024-03-01T02:30:00+04:00"),
    ],
)
def test_to_site_iso(dt: datetime, expected: str) -> None:
    assert to_site_iso(dt) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the weekday dropped when no language reads the whole text (French takes Mar for mardi)
        ("jeudi 22 févr., 17:30", "2026-02-22T17:30:00+04:00"),
        ("Lun 2 Feb, 08:00", "2026-02-02T08:00:00+04:00"),
        ("Thursday 22 février, 17:30", "2026-02-22T17:30:00+04:00"),
        # counted back by dateparser in calendar months and years
        ("2 months ago", "2026-09-27T10:00:00+04:00"),
        ("il y a 2 mois", "2026-09-27T10:00:00+04:00"),
        ("il y a 1 an", "2025-11-27T10:00:00+04:00"),
        ("5 years ago", "2021-11-27T10:00:00+04:00"),
        # named days without a clock are 00:00; with one, that time
        ("avant-hier", "2026-11-25T00:00:00+04:00"),
        ("the day before yesterday", "2026-11-25T00:00:00+04:00"),
        ("Yesterday evening", "2026-11-26T18:00:00+04:00"),
        ("now", "2026-11-27T10:00:00+04:00"),
    ],
)
def test_more_forms_read_by_dateparser(text: str, expected: str) -> None:
    parsed = parse_date(text, now=NOW)
    assert parsed == datetime.fromisoformat(expected)
    assert parsed.tzinfo is SITE_TZ


@pytest.mark.parametrize(
    "text",
    ["tomorrow", "demain", "in 3 hours", "dans 3 heures", "next week", "Today at 11:00 pm",
     "tonight"],
)
def test_relative_forms_after_now_are_none(text: str) -> None:
    assert parse_date(text, now=NOW) is None


def test_future_absolute_dates_still_parse() -> None:  # choose_date judges them, not parse_date
    assert parse_date("28 novembre 2026", now=NOW) == datetime(2026, 11, 28, tzinfo=SITE_TZ)
    assert parse_date("2099/01/01", now=NOW) == datetime(2099, 1, 1, tzinfo=SITE_TZ)


def test_relative_and_year_less_forms_never_use_the_machine_clock() -> None:
    then = datetime(2001, 3, 1, 6, 0, tzinfo=UTC)  # 10:00 in Port Louis
    assert to_site_iso(parse_date("3 hours ago", now=then)) == "2001-03-01T07:00:00+04:00"
    assert to_site_iso(parse_date("hier", now=then)) == "2001-02-28T00:00:00+04:00"
    assert to_site_iso(parse_date("Dec 31", now=then)) == "2000-12-31T00:00:00+04:00"
    assert to_site_iso(parse_date("jeudi 22 Mar, 17:30", now=then)) == "2000-03-22T17:30:00+04:00"


def test_counted_relative_forms_are_exact_across_mauritius_daylight_saving() -> None:
    after_switch = datetime(2008, 10, 27, 6, 0, tzinfo=UTC)  # DST began 26 Oct 2008, 02:00
    assert parse_date("2 days ago", now=after_switch) == after_switch - timedelta(days=2)
    assert parse_date("30 hours ago", now=after_switch) == after_switch - timedelta(hours=30)
    yesterday = parse_date("Yesterday", now=after_switch)
    assert yesterday == datetime(2008, 10, 26, tzinfo=SITE_TZ)
    assert yesterday.utcoffset() == FOUR  # midnight came before the switch


@pytest.mark.parametrize(
    ("word", "day", "month"),
    [
        ("thursday", True, False), ("jeudi", True, False), ("lun", True, False),
        ("hier", True, False), ("yesterday", True, False), ("aujourd'hui", True, False),
        ("feb", False, True), ("févr.", False, True), ("mars", False, True),
        ("mai", False, True), ("sept.", False, True),
        ("ward", False, False), ("moscow", False, False), ("port", False, False),
        ("curepipe", False, False), ("on", False, False), ("4", False, False),
    ],
)
def test_names_a_day_and_names_a_month(word: str, day: bool, month: bool) -> None:
    assert names_a_day(word) is day
    assert names_a_month(word) is month


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("Feb 29", datetime(2027, 3, 1, tzinfo=SITE_TZ), "2024-02-29T00:00:00+04:00"),
        ("Dec 31", datetime(2025, 1, 2, tzinfo=SITE_TZ), "2024-12-31T00:00:00+04:00"),
        ("Jan 2", datetime(2025, 1, 2, tzinfo=SITE_TZ), "2025-01-02T00:00:00+04:00"),
        ("Jan 2, 10:00", datetime(2025, 1, 2, 9, 59, tzinfo=SITE_TZ), "2024-01-02T10:00:00+04:00"),
        ("1er janvier", datetime(2024, 12, 31, 21, 0, tzinfo=UTC), "2025-01-01T00:00:00+04:00"),
    ],
)
def test_year_less_date_is_the_latest_not_after_now(
    text: str, now: datetime, expected: str
) -> None:
    assert parse_date(text, now=now) == datetime.fromisoformat(expected)


def test_year_less_impossible_day_is_none() -> None:
    assert parse_date("Feb 30", now=datetime(2025, 1, 2, tzinfo=SITE_TZ)) is None


# -- time[datetime] and the mislabelled +00:00 of pre-WP-5.3 builds ----------------------------

MISLABEL_CASES = [
    # local 21:00 written as +00:00: read as UTC it would be the 23rd, the page says the 22nd
    ("2024-02-22T21:00:00+00:00", "February 22, 2024", "2024-02-22T21:00:00+04:00"),
    ("2024-02-22T21:00:00+00:00", "jeudi 22 février 2024", "2024-02-22T21:00:00+04:00"),
    # true UTC crossing midnight: the visible local day matches the UTC reading
    ("2024-02-21T22:30:00+00:00", "February 22, 2024", "2024-02-22T02:30:00+04:00"),
    # same day either way: true UTC (the contract's "otherwise")
    ("2024-02-22T02:30:00+00:00", "February 22, 2024", "2024-02-22T06:30:00+04:00"),
    # no visible text, or one that does not parse: true UTC
    ("2024-02-22T21:00:00+00:00", None, "2024-02-23T01:00:00+04:00"),
    ("2024-02-22T21:00:00+00:00", "Read more", "2024-02-23T01:00:00+04:00"),
    # only a literal +00:00 can be mislabelled
    ("2024-02-22T21:00:00Z", "February 22, 2024", "2024-02-23T01:00:00+04:00"),
    ("2024-02-22T21:00:00+04:00", "February 22, 2024", "2024-02-22T21:00:00+04:00"),
    # a visible clock time decides to the minute (LM2018: 22 Mar 2018 17h07)
    ("2018-03-22T17:07:22+00:00", "22 Mar 2018 17h07", "2018-03-22T17:07:22+04:00"),
    ("2018-03-22T13:07:22+00:00", "22 Mar 2018 17h07", "2018-03-22T17:07:22+04:00"),
    ("2026-11-27T03:00:00+00:00", "3 hours ago", "2026-11-27T07:00:00+04:00"),
]


@pytest.mark.parametrize(("attr", "visible", "expected"), MISLABEL_CASES)
def test_resolve_time_element(attr: str, visible: str | None, expected: str) -> None:
    resolved = resolve_time_element(attr, visible, now=NOW)
    assert resolved == datetime.fromisoformat(expected)
    assert resolved.utcoffset() == FOUR


def test_resolve_time_element_unparseable_attribute() -> None:
    assert resolve_time_element("not a date", "February 22, 2024", now=NOW) is None


# -- choose_date: source order and sanity ---------------------------------------------------


def cand(source: str, raw: str, text: str | None = None) -> dict:
    return {"source": source, "raw": raw, "text": text}


def test_choose_date_takes_the_first_source_that_parses() -> None:
    rejected: list[tuple[str, str]] = []
    candidates = [
        cand("json-ld", "soon"),
        cand("opengraph", "2023-04-17T08:12:40+00:00"),
        cand("time", "2020-01-01T00:00:00+00:00", "January 1, 2020"),
    ]
    chosen = choose_date(
        candidates, now=NOW, crawled=NOW, on_reject=lambda c, r: rejected.append((c["source"], r))
    )
    assert chosen == (datetime(2023, 4, 17, 8, 12, 40, tzinfo=UTC), candidates[1])
    assert rejected == [("json-ld", "unparseable")]


def test_choose_date_rejects_future_and_pre_1995_values() -> None:
    rejected: list[str] = []
    candidates = [
        cand("json-ld", "2026-11-28T06:00:01+00:00"),  # crawl + 1 day + 1 s
        cand("opengraph", "1994-12-31T23:59:59+04:00"),
        cand("microdata", "2026-11-28T06:00:00+00:00"),  # crawl + 1 day exactly
    ]
    chosen = choose_date(
        candidates, now=NOW, crawled=NOW, on_reject=lambda c, r: rejected.append(r)
    )
    assert chosen is not None and chosen[1]["source"] == "microdata"
    assert rejected == ["future", "too_old"]


def test_choose_date_accepts_the_first_day_of_1995() -> None:
    chosen = choose_date([cand("url", "1995/01/01")], now=NOW, crawled=NOW)
    assert chosen is not None and chosen[0] == datetime(1995, 1, 1, tzinfo=SITE_TZ)


def test_choose_date_none_when_nothing_survives() -> None:
    assert choose_date([], now=NOW, crawled=NOW) is None
    assert choose_date([cand("text", "Read more"), cand("url", "2099/01/01")],
                       now=NOW, crawled=NOW) is None


def test_choose_date_applies_the_mislabel_rule_to_the_time_source_only() -> None:
    attr, visible = "2024-02-22T21:00:00+00:00", "February 22, 2024"
    time_pick = choose_date([cand("time", attr, visible)], now=NOW, crawled=NOW)
    og_pick = choose_date([cand("opengraph", attr, visible)], now=NOW, crawled=NOW)
    assert time_pick is not None and to_site_iso(time_pick[0]) == "2024-02-22T21:00:00+04:00"
    assert og_pick is not None and to_site_iso(og_pick[0]) == "2024-02-23T01:00:00+04:00"


def test_choose_date_resolves_relative_text_against_now_and_bounds_by_crawled() -> None:
    chosen = choose_date([cand("text", "3 hours ago")], now=NOW, crawled=NOW)
    assert chosen is not None and to_site_iso(chosen[0]) == "2026-11-27T07:00:00+04:00"
    old_crawl = datetime(2020, 1, 1, tzinfo=UTC)
    assert choose_date([cand("json-ld", "2023-04-17T08:12:40+00:00")],
                       now=old_crawl, crawled=old_crawl) is None
