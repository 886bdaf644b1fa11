"""The commonest plain date forms, read without dateparser (pure: no Scrapy, no dateparser).

`read` recognises only texts whose reading leaves no choice and which dateparser, with the
settings of :mod:`newscrawl.extraction.dates`, reads the same way (shown by
``tests/test_plain_dates.py`` on a generated grid):

- an English month name, in full or as dateparser abbreviates it (``Sep``, ``Sept``), any
  case, an optional dot, with a day (``14``, ``14th``) and a four-digit year in either order:
  ``October 14, 2026``, ``Oct. 14 2026``, ``14 October 2026``, ``15th Jan, 2024``; optionally
  after an English weekday (``Thursday, February 22, 2024``: dateparser ignores it);
- ``YYYY/MM/DD`` (``2026/10/14``);
- either of these followed by a clock (``10:30``, ``10:30:15``, ``10:30 pm``) after a space, a
  comma, ``at``, a dash, ``|`` or ``@``;
- the year-less ``Feb 22`` and ``22 Feb`` (no clock, no weekday): the year is the caller's
  to resolve.

Anything else is None and goes to dateparser: other languages and words, numeric day-first
forms, a day the month does not have, February 29 without a year, a zone, a two-digit year,
``0:30 pm``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import time

MONTHS = {
    name: number
    for number, names in enumerate([
        ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
        ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
        ("oct", "october"), ("nov", "november"), ("dec", "december"),
    ], start=1)
    for name in names
}
WEEKDAYS = frozenset({
    "mon", "monday", "tue", "tuesday", "wed", "wednesday", "thu", "thursday", "fri", "friday",
    "sat", "saturday", "sun", "sunday",
})
FIRST_YEAR, LAST_YEAR = 1900, 2099

_WORD = r"[a-z]{3,9}\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# what may stand between a date and its clock (`at` in any case)
SEPARATORS = (" ", ", ", " at ", ", at ", " - ", " – ", " | ", " @ ", " @")
_CLOCK = (rf"(?:(?:{'|'.join(re.escape(sep) for sep in SEPARATORS)})"
          r"(?P<hour>\d{1,2}):(?P<minute>\d\d)(?::(?P<second>\d\d))?(?: ?(?P<half>[ap]m))?)?")
_WEEKDAY = r"(?:(?P<weekday>[a-z]{3,9}),? )?"
_FORMS = [re.compile(form, re.I) for form in (
    rf"{_WEEKDAY}(?P<month>{_WORD}) {_DAY},? {_YEAR}{_CLOCK}",
    rf"{_WEEKDAY}{_DAY} (?P<month>{_WORD}),? {_YEAR}{_CLOCK}",
    rf"{_YEAR}/(?P<number>\d{{1,2}})/(?P<day>\d{{1,2}}){_CLOCK}",
    rf"(?P<month>{_WORD}) {_DAY}",
    rf"{_DAY} (?P<month>{_WORD})",
)]


@dataclass(frozen=True)
class Written:
    """The calendar fields a text writes: no year means the caller's base year resolves it;
    no clock means the day alone (00:00)."""

    year: int | None
    month: int
    day: int
    clock: time | None


def read(text: str) -> Written | None:
    """The fields of ``text`` if it is one of the module's forms exactly, else None."""
    for form in _FORMS:
        match = form.fullmatch(text)
        if match is not None:
            return _fields(match)
    return None


def _fields(match: re.Match[str]) -> Written | None:
    """The match's fields, None when one is out of range or could be read another way."""
    found = match.groupdict()
    weekday = found.get("weekday")
    if weekday is not None and weekday.lower() not in WEEKDAYS:
        return None
    month = _month(found.get("month"), found.get("number"))
    year = int(found["year"]) if found.get("year") else None
    clock = _clock(found) if found.get("hour") else None
    if month is None or (found.get("hour") and clock is None):
        return None
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    day = int(found["day"])
    # without a year, February has 28 days here: the 29th sends dateparser to a leap year
    last = calendar.monthrange(year, month)[1] if year is not None else (
        28 if month == 2 else calendar.monthrange(2001, month)[1])
    if not 1 <= day <= last:
        return None
    return Written(year, month, day, clock)


def _month(word: str | None, number: str | None) -> int | None:
    """The month a word names (``Oct.``, ``october``) or a number (``10``) is; None if none."""
    if number is not None:
        return int(number) if 1 <= int(number) <= 12 else None
    if word is None:
        return None
    return MONTHS.get(word.lower().removesuffix("."))


def _clock(found: dict[str, str | None]) -> time | None:
    """``10:30``, ``10:30:15``, ``10:30 pm`` as a time; None when out of range (``24:00``,
    ``13:00 pm``, ``0:30 am``)."""
    hour, minute = int(found["hour"] or 0), int(found["minute"] or 0)
    second = int(found["second"] or 0)
    half = (found["half"] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)
