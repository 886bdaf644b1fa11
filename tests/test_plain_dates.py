"""extraction.plaindates: every plain form it reads, dateparser reads the same way.

Each text of a generated grid is answered twice: by `dates.date_data` (the fast path for the
forms `plaindates.read` knows) and by dateparser alone (`dates._dateparser_data`); the
answers must be the same in every fact a caller uses (the instant, its wall time, offset and
tzinfo kind, `period`, `locale`, `parts`), `relative_only` must find nothing, and `parse_date`
with the fast path turned off must give the same instant in the same zone. The grids also
check that the fast path does answer where it should, so it cannot pass by declining.
"""

from __future__ import annotations

import calendar
import itertools
import os
import time as clock_time
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from newscrawl.extraction import dates, plaindates

NAMES = [  # every English spelling of each month dateparser knows
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december"),
]
FR_NAMES = [  # French spellings dateparser knows that are no English word (`déc` is `dec`)
    ("janv", "janvier"), ("févr", "fév", "février"), ("mars",), ("avr", "avril"), ("mai",),
    ("juin",), ("juil", "juillet"), ("août", "aoû"), ("septembre",), ("octobre",),
    ("novembre",), ("décembre",),
]
CASES = (str.lower, str.title, str.upper)
WEEKDAYS = ["", "Monday, ", "thu ", "SUNDAY ", "Fri, "]
ZONES: list[tzinfo] = [
    dates.SITE_TZ, ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), UTC,
    timezone(timedelta(hours=5, minutes=30)), ZoneInfo("America/Santiago"),
]
BASES = [
    datetime(2026, 11, 27, 6, 0, tzinfo=UTC),
    datetime(2024, 2, 29, 23, 59, 59, 999999),  # naive: wall time of the zone
    datetime(2026, 3, 29, 0, 30, tzinfo=ZoneInfo("Europe/Berlin")),
    datetime(2027, 1, 1, 0, 0),
]
# (base, zone) pairs the grids rotate through: every zone, every base (few enough for the
# dates module's cache of dateparser parsers, so the test stays quick)
SETTINGS = [(BASES[i % len(BASES)], zone) for i, zone in enumerate(ZONES)] + [
    (BASES[1], ZONES[1]), (BASES[2], ZONES[2])]
YEARS = [1999, 2024, 2026, 2027, 2038]
# (clock as written, written after the date with one of these)
CLOCKS = ["", "10:30", "7:05", "00:00", "23:59:59", "10:30 am", "12:05 AM", "12:00 pm",
          "1:15PM", "11:59 Pm", "0:30 pm", "13:30 pm", "24:00", "10:60"]
SEPARATORS = [" ", ", ", " at ", " At ", " AT ", ", at ", " - ", " – ", " | ", " @ ", " @"]
# days per month spelling in the month grid (31: the whole cross product, 4,464 texts, about
# 20 s; 7 covers every day of every month in a few seconds)
DAYS_EACH = 7


def facts(data: Any) -> tuple | None:
    """What callers read of a `DateData`: the instant and how it is written."""
    if data is None:
        return None
    when = data.date_obj
    return (when, when.replace(tzinfo=None), when.utcoffset(), type(when.tzinfo).__name__,
            repr(when.tzinfo), data.period, data.locale, data.parts)


def printed(dt: datetime | None) -> tuple | None:
    return None if dt is None else (dt, dt.isoformat(), dt.tzinfo, dt.fold)


def assert_same(text: str, base: datetime, zone: tzinfo, monkeypatch: pytest.MonkeyPatch,
                *, with_parse_date: bool = True) -> bool:
    """Fast path and dateparser agree on ``text``; whether the fast path answered."""
    answered = plaindates.read(text) is not None
    fast = dates.date_data(text, base=base, zone=zone)
    assert facts(fast) == facts(dates._dateparser_data(text, base=base, zone=zone)), text
    if answered:  # a plain form is no relative one, for dateparser either
        assert dates.date_data(text, base=base, zone=zone, relative_only=True) is None, text
        assert dates._dateparser_data(text, base=base, zone=zone, relative_only=True) is None
    if with_parse_date:
        now = base if base.tzinfo is not None else base.replace(tzinfo=zone)
        quick = dates.parse_date(text, now=now, zone=zone)
        with monkeypatch.context() as patched:
            patched.setattr(plaindates, "read", lambda text: None)
            slow = dates.parse_date(text, now=now, zone=zone)
        assert printed(quick) == printed(slow), text
    return answered


def _month_texts(days_each: int = DAYS_EACH) -> Iterator[tuple[str, bool]]:
    """Every spelling of every month, in three cases, with and without a dot, on
    ``days_each`` days (all 31 over a month's spellings); the form, year, weekday and clock
    rotate. With each text: whether the fast path must answer it."""
    for i, month, word, day, year in _spelled_days(NAMES, days_each):
        written = (f"{word} {day}, {year}", f"{word} {day} {year}",
                   f"{day} {word} {year}", f"{day} {word}, {year}",
                   f"{word} {_ordinal(day)}, {year}", f"{_ordinal(day)} {word} {year}")
        text, clock = _clocked(WEEKDAYS[i % len(WEEKDAYS)] + written[i % len(written)], i,
                               CLOCKS, SEPARATORS)
        valid = day <= calendar.monthrange(year, month)[1] and clock not in {
            "0:30 pm", "13:30 pm", "24:00", "10:60"}
        yield text, valid


def _spelled_days(months: list[tuple[str, ...]], days_each: int
                  ) -> Iterator[tuple[int, int, str, int, int]]:
    """(turn, month, word, day, year): every spelling of every month in three cases, with and
    without a dot, on ``days_each`` days each (all 31 over a month's spellings); the year
    rotates with the turn."""
    turn = itertools.count()
    for month, names in enumerate(months, start=1):
        for j, (name, case, dot) in enumerate(itertools.product(names, CASES, ("", "."))):
            for day in sorted((j * days_each + k) % 31 + 1 for k in range(days_each)):
                i = next(turn)
                yield i, month, case(name) + dot, day, YEARS[i % len(YEARS)]


def _clocked(text: str, i: int, clocks: list[str], separators: list[str]) -> tuple[str, str]:
    """``text`` with the turn's clock after the turn's separator (none for an empty clock),
    and the clock."""
    clock = clocks[i % len(clocks)]
    return (text + separators[i // len(clocks) % len(separators)] + clock if clock else text,
            clock)


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _check_grid(texts: Iterator[tuple[str, bool]], step: int,
                monkeypatch: pytest.MonkeyPatch) -> int:
    """Each text answered alike with and without the fast path, the settings rotating every
    `step` texts; the fast path answers exactly the valid ones. How many it answered."""
    answered = 0
    for i, (text, valid) in enumerate(texts):
        base, zone = SETTINGS[i // step % len(SETTINGS)]
        hit = assert_same(text, base, zone, monkeypatch, with_parse_date=i % 4 == 0)
        assert hit == valid, text
        answered += hit
    return answered


def test_month_name_grid(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _check_grid(_month_texts(), 7, monkeypatch) > 650


FR_WEEKDAYS = ["", "jeudi ", "Lundi, ", "DIMANCHE "]
FR_CLOCKS = ["", "17:30", "9h05", "0h00", "23H59", "09:05", "24h00", "12h60"]
FR_SEPARATORS = [" ", ", ", " à ", " À ", ", à ", " - ", " – "]


def _french_texts() -> Iterator[tuple[str, bool]]:
    """Every French spelling, three cases, with and without a dot, seven days each (all 31
    over a month's spellings), ``le`` or not, ``1er``; weekday, year and clock rotate."""
    for i, month, word, day, year in _spelled_days(FR_NAMES, 7):
        number = "1er" if day == 1 and i % 2 else str(day)
        written = (f"{number} {word} {year}", f"le {number} {word} {year}",
                   f"{number} {word}, {year}", f"Le {number} {word} {year}")
        text, clock = _clocked(FR_WEEKDAYS[i % len(FR_WEEKDAYS)] + written[i % len(written)], i,
                               FR_CLOCKS, FR_SEPARATORS)
        valid = day <= calendar.monthrange(year, month)[1] and clock not in {"24h00", "12h60"}
        yield text, valid


def test_french_month_name_grid(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _check_grid(_french_texts(), 5, monkeypatch) > 450


def test_year_month_day_grid(monkeypatch: pytest.MonkeyPatch) -> None:
    """``YYYY/MM/DD``, padded or not, every month and day: never read day first."""
    for month, day in itertools.product(range(1, 14), range(1, 32)):
        padded = (month + day) % 2 == 0
        text = f"2026/{month:02d}/{day:02d}" if padded else f"2026/{month}/{day}"
        if day % 5 == 0:
            text += SEPARATORS[day % len(SEPARATORS)] + CLOCKS[month % len(CLOCKS)]
        valid = month <= 12 and day <= calendar.monthrange(2026, month)[1] and (
            day % 5 != 0 or CLOCKS[month % len(CLOCKS)] not in {"0:30 pm", "13:30 pm", "24:00",
                                                                "10:60"})
        base, zone = SETTINGS[day % len(SETTINGS)]
        assert assert_same(text, base, zone, monkeypatch,
                           with_parse_date=day % 3 == 0) == valid, text


# Bases around which a year-less date changes year: the day itself (at 00:00, a microsecond
# before, at its end), New Year, a leap day, aware bases in zones whose day differs.
YEARLESS_BASES = [
    datetime(2026, 2, 22), datetime(2026, 2, 21, 23, 59, 59, 999999),
    datetime.combine(datetime(2026, 2, 22), time.max), datetime(2026, 1, 1),
    datetime(2025, 12, 31, 23, 59), datetime(2024, 2, 29, 12),
    datetime(2026, 2, 21, 21, 0, tzinfo=UTC), datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
]


def test_year_less_grid(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Feb 22`` / ``22 Feb`` / ``le 22 février`` on every day of the year, against bases on
    either side of it:
    the latest such day not after the base, as dateparser prefers the past."""
    answered = 0
    for i, (month, day) in enumerate(itertools.product(range(1, 13), range(1, 32))):
        french = i % 3 == 2
        names = (FR_NAMES if french else NAMES)[month - 1]
        word = CASES[i % 3](names[i % len(names)]) + ("." if i % 4 == 1 else "")
        if french:
            text = f"{'le ' if i % 2 else ''}{'1er' if day == 1 else day} {word}"
        else:
            text = f"{word} {day}" if i % 2 else f"{day} {word}"
        valid = day <= calendar.monthrange(2001, month)[1]  # Feb 29 is dateparser's
        zone = ZONES[i % len(ZONES)]
        for base in (YEARLESS_BASES[i % len(YEARLESS_BASES)],
                     datetime(2026, month, min(day, 28), 0, 0)):
            hit = assert_same(text, base, zone, monkeypatch, with_parse_date=i % 5 == 0)
            assert hit == valid, text
            answered += hit
    assert answered > 650


DST_DAYS = [  # (zone, a date text on its change day, clocks in and around the change)
    ("Europe/Berlin", "March 29, 2026", ["1:59", "2:00", "2:30", "3:00", "2:30 am"]),
    ("Europe/Berlin", "25 October 2026", ["1:59", "2:00", "2:30", "3:00", "2:30 AM"]),
    ("America/New_York", "Mar 8, 2026", ["1:59", "2:00", "2:30", "3:00", "2:30 am"]),
    ("America/New_York", "Nov. 1, 2026", ["0:59", "1:00", "1:30", "2:00", "1:30 am"]),
    ("America/Santiago", "September 6, 2026", ["0:00", "0:30", "1:00"]),  # no midnight
    ("America/Santiago", "April 5, 2026", ["23:00", "23:30", "0:00"]),
    ("Europe/Berlin", "Oct 27, 2041", ["2:30"]),  # past pytz's last stored transition
]


@pytest.mark.parametrize("machine", ["UTC", "America/New_York"])
@pytest.mark.parametrize(("zone", "day", "clocks"), DST_DAYS)
def test_daylight_saving_change_days(zone: str, day: str, clocks: list[str], machine: str,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock time that does not exist or exists twice on the day, and the day alone, are
    the same instants dateparser gives, whatever the machine's zone."""
    monkeypatch.setenv("TZ", machine)
    clock_time.tzset()
    try:
        assert datetime(2026, 1, 15, 12).astimezone().utcoffset() == (
            timedelta(0) if machine == "UTC" else timedelta(hours=-5))
        for clock in ["", *clocks]:
            text = f"{day} {clock}".strip()
            for base in (BASES[0], datetime(2026, 12, 31, 12)):
                assert assert_same(text, base, ZoneInfo(zone), monkeypatch), text
    finally:
        monkeypatch.undo()
        clock_time.tzset()
        assert os.environ.get("TZ") != machine or machine == "UTC"


@pytest.mark.parametrize("text", [
    "October 14, 2026", "2026/10/14", "May 5, 2025", "Dec 31", "Feb 22", "April 16",
    "February 22, 2024 At 10:30 am", "Thursday, February 22, 2024", "15th Jan, 2024",
    "le 22 février", "jeudi 22 février 2024", "22 févr. 2024 à 17h07",
])
def test_the_theme_forms_are_answered_without_dateparser(text: str) -> None:
    assert plaindates.read(text) is not None


@pytest.mark.parametrize("text", [
    "3 hours ago", "jeudi 22 Mar, 17:30", "22 Mar 2018 17h07", "22/02/2024", "Feb 29",
    "le 29 février", "3 déc 2024", "Thursday, 22 février 2024", "le 22 Feb", "May 2st, 2026",
    "2er mai 2024",
    "February 30, 2026", "May 00, 2026", "May 1, 26", "October 14, 2026 10:30 GMT",
    "October 14, 2026 -10:30", "October 14, 202610:30", "Tues, October 14, 2026",
    "2026/13/10", "June 1, 1899", " October 14, 2026", "October  14, 2026", "Today",
    "October ١٤, ٢٠٢٦", "22 février ２０２４",
])
def test_other_forms_are_left_to_dateparser(text: str) -> None:
    assert plaindates.read(text) is None
