"""Median µs per `parse_date` call, by format class: `python benchmarks/bench_dates.py`.

Each class parses a few thousand distinct strings (consecutive days), after one warm-up call
(dateparser loads its language data on first use). ISO 8601 and RFC 822 stay on the standard
library; the English and French month-name classes, with or without a clock or a year, are
plain forms (`extraction/plaindates.py`), read without dateparser; the other classes go
through dateparser. All classes share one `now` (one cached parser) except the last two, whose
`now` changes on every call, as from one crawled item to the next: dateparser fixes
RELATIVE_BASE when a parser is built, so that costs a new parser.
"""

from __future__ import annotations

import email.utils
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newscrawl.extraction.dates import SITE_TZ, parse_date

CALLS = 3000
NOW = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
FR_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def _fr(d: datetime) -> str:
    return f"{FR_DAYS[d.weekday()]} {d.day} {FR_MONTHS[d.month - 1]} {d.year}"


def _en(d: datetime) -> str:
    return f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}"


def _en_clock(d: datetime) -> str:
    return f"{_en(d)} At {d.hour % 12 or 12}:{d.minute:02d} {'am' if d.hour < 12 else 'pm'}"


def _year_less(d: datetime) -> str:
    return f"{FR_DAYS[d.weekday()]} {d.day} {EN_MONTHS[d.month - 1][:3]}, {d:%H:%M}"


CLASSES: dict[str, tuple[Callable[[int, datetime], str], bool]] = {
    # name: (render, a new `now` per call)
    "ISO 8601": (lambda i, d: d.isoformat(), False),
    "RFC 822": (lambda i, d: email.utils.format_datetime(d), False),
    "English text": (lambda i, d: _en(d.astimezone(SITE_TZ)), False),
    "English text + clock": (lambda i, d: _en_clock(d.astimezone(SITE_TZ)), False),
    "French text": (lambda i, d: _fr(d.astimezone(SITE_TZ)), False),
    "year-less (dateline)": (lambda i, d: f"{EN_MONTHS[d.month - 1][:3]} {d.day}", False),
    "d/m/Y": (lambda i, d: d.astimezone(SITE_TZ).strftime("%d/%m/%Y"), False),
    "year-less, weekday retried": (lambda i, d: _year_less(d.astimezone(SITE_TZ)), False),
    "relative": (lambda i, d: f"{i % 59 + 1} {('mins', 'hours', 'days')[i % 3]} ago", False),
    "named day": (lambda i, d: ("Yesterday", "hier", "Today", "aujourd'hui")[i % 4], False),
    "English text, new now": (lambda i, d: _en(d.astimezone(SITE_TZ)), True),
    "relative, new now": (
        lambda i, d: f"{i % 59 + 1} {('mins', 'hours', 'days')[i % 3]} ago", True
    ),
}


def median_us(texts: list[str], new_now: bool) -> float:
    samples = []
    for i, text in enumerate(texts):
        now = NOW + timedelta(seconds=i) if new_now else NOW
        start = time.perf_counter_ns()
        result = parse_date(text, now=now)
        samples.append(time.perf_counter_ns() - start)
        assert result is not None, text
    return statistics.median(samples) / 1000


def main() -> None:
    parse_date("April 17, 2023", now=NOW)  # warm-up: dateparser's lazy loading
    start = datetime(2010, 1, 1, 8, 12, 40, tzinfo=UTC)
    print(f"parse_date, median of {CALLS} calls per class (distinct strings)")
    for name, (render, new_now) in CLASSES.items():
        texts = [render(i, start + timedelta(days=i, minutes=i)) for i in range(CALLS)]
        print(f"  {name:<28} {median_us(texts, new_now):9.1f} µs   e.g. {texts[1]!r}")


if __name__ == "__main__":
    main()
