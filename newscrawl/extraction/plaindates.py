"""The commonest plain date forms, read without dateparser (pure: no Scrapy, no dateparser).

`read` recognises only texts that leave no choice of reading and that dateparser, with the
settings of :mod:`newscrawl.extraction.dates`, reads the same way (``tests/test_plain_dates.py``
shows it on generated grids):

- English: a month name, in full or as dateparser abbreviates it (``Sep``, ``Sept``), any case,
  an optional dot, with a day (``14``, ``14th``) and a four-digit year in either order:
  ``October 14, 2026``, ``Oct. 14 2026``, ``14 October 2026``, ``15th Jan, 2024``; optionally
  after an English weekday (``Thursday, February 22, 2024``: dateparser ignores it) and
  before a clock (``10:30``, ``10:30:15``, ``10:30 pm``) after a space, a comma, ``at``, a
  dash, ``|`` or ``@``; also ``YYYY/MM/DD`` with the same clocks;
- French: a month name English does not share (``février``, ``févr.``; not ``oct.`` or
  ``déc``, which dateparser reads as English), the day first (``22``, ``1er``), an optional
  ``le`` and weekday, a four-digit year, and a clock (``17:30``, ``17h30``) after a space, a
  comma, ``à`` or a dash: ``jeudi 22 février 2024 à 17h30``;
- year-less in either language, without weekday or clock: ``Feb 22``, ``22 Feb``,
  ``le 22 février``; the caller resolves the year.

Anything else is None and goes to dateparser: other languages and words, numeric day-first
dates (dateparser swaps day and month when day first does not fit), a day the month does not
have, February 29 without a year, a zone, a two-digit year, ``0:30 pm``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import time


def _numbered(months: list[tuple[str, ...]]) -> dict[str, int]:
    return {name: number for number, names in enumerate(months, start=1) for name in names}


EN_MONTHS = _numbered([
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december"),
])
# French names and abbreviations that are no English word (`oct.`, `sept.`, and `déc`, which
# dateparser folds to `dec`: English reads them)
FR_MONTHS = _numbered([
    ("janv", "janvier"), ("févr", "fév", "février"), ("mars",), ("avr", "avril"), ("mai",),
    ("juin",), ("juil", "juillet"), ("août", "aoû"), ("septembre",), ("octobre",),
    ("novembre",), ("décembre",),
])
EN_WEEKDAYS = frozenset({
    "mon", "monday", "tue", "tuesday", "wed", "wednesday", "thu", "thursday", "fri", "friday",
    "sat", "saturday", "sun", "sunday",
})
FR_WEEKDAYS = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
                         "dimanche"})
FIRST_YEAR, LAST_YEAR = 1900, 2099
# what may stand between a date and its clock (`at`, `à` in any case)
EN_SEPARATORS = (" ", ", ", " at ", ", at ", " - ", " – ", " | ", " @ ", " @")
FR_SEPARATORS = (" ", ", ", " à ", ", à ", " - ", " – ")

_WORD = r"[^\W\d_]{3,9}\.?"  # letters; the numbers below are ASCII digits only
_YEAR = r"(?P<year>[0-9]{4})"
_EN_DAY = r"(?P<day>[0-9]{1,2})(?P<suffix>st|nd|rd|th)?"
_FR_DAY = r"(?P<day>[0-9]{1,2})(?P<suffix>er)?"
_WEEKDAY = rf"(?:(?P<weekday>{_WORD}),? )?"


def _clock(separators: tuple[str, ...], halves: str) -> str:
    between = "|".join(re.escape(separator) for separator in separators)
    return rf"(?:(?:{between})(?P<hour>[0-9]{{1,2}}){halves})?"


_EN_CLOCK = _clock(EN_SEPARATORS,
                   r":(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?(?: ?(?P<half>[ap]m))?")
_FR_CLOCK = _clock(FR_SEPARATORS, r"[:h](?P<minute>[0-9]{2})")
_FORMS = [(re.compile(form, re.I), language) for form, language in (
    (rf"{_WEEKDAY}(?P<month>{_WORD}) {_EN_DAY},? {_YEAR}{_EN_CLOCK}", "en"),
    (rf"{_WEEKDAY}{_EN_DAY} (?P<month>{_WORD}),? {_YEAR}{_EN_CLOCK}", "en"),
    (rf"{_YEAR}/(?P<number>[0-9]{{1,2}})/(?P<day>[0-9]{{1,2}}){_EN_CLOCK}", "en"),
    (rf"(?P<month>{_WORD}) {_EN_DAY}", "en"),
    (rf"{_EN_DAY} (?P<month>{_WORD})", "en"),
    (rf"{_WEEKDAY}(?:le )?{_FR_DAY} (?P<month>{_WORD}),? {_YEAR}{_FR_CLOCK}", "fr"),
    (rf"(?:le )?{_FR_DAY} (?P<month>{_WORD})", "fr"),
)]
_MONTHS = {"en": EN_MONTHS, "fr": FR_MONTHS}
_WEEKDAYS = {"en": EN_WEEKDAYS, "fr": FR_WEEKDAYS}


@dataclass(frozen=True)
class Written:
    """The calendar fields a text writes, and its language (dateparser's locale): no year
    means the caller's base year resolves it; no clock means the day alone (00:00)."""

    year: int | None
    month: int
    day: int
    clock: time | None
    language: str = "en"


def read(text: str) -> Written | None:
    """The fields of ``text`` if it is one of the module's forms exactly, else None."""
    for form, language in _FORMS:
        match = form.fullmatch(text)
        written = _fields(match.groupdict(), language) if match is not None else None
        if written is not None:
            return written
    return None


def _fields(found: dict[str, str | None], language: str) -> Written | None:
    """The match's fields, None when one is out of range or could be read another way."""
    weekday = found.get("weekday")
    if weekday is not None and weekday.lower() not in _WEEKDAYS[language]:
        return None
    month = _month(found.get("month"), found.get("number"), language)
    year = int(found["year"]) if found.get("year") else None
    clock = _time(found) if found.get("hour") else None
    if month is None or (found.get("hour") and clock is None):
        return None
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    day, suffix = int(found["day"] or 0), (found.get("suffix") or "").lower()
    if suffix and (suffix != _suffix(day, language) or found["day"].startswith("0")):
        return None  # `2st`, `01st`: no plain form
    # without a year, February has 28 days here: the 29th sends dateparser to a leap year
    last = calendar.monthrange(year, month)[1] if year is not None else (
        28 if month == 2 else calendar.monthrange(2001, month)[1])
    if not 1 <= day <= last:
        return None
    return Written(year, month, day, clock, language)


def _month(word: str | None, number: str | None, language: str) -> int | None:
    """The month a word names (``Oct.``, ``février``) or a number (``10``) is; None if none."""
    if number is not None:
        return int(number) if 1 <= int(number) <= 12 else None
    if word is None:
        return None
    return _MONTHS[language].get(word.lower().removesuffix("."))


def _suffix(day: int, language: str) -> str:
    """The ordinal suffix of ``day``: ``1st``, ``22nd``, ``1er`` (French writes only the 1st)."""
    if language == "fr":
        return "er" if day == 1 else ""
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _time(found: dict[str, str | None]) -> time | None:
    """``10:30``, ``10:30:15``, ``10:30 pm``, ``17h30`` as a time; None when out of range
    (``24:00``, ``13:00 pm``, ``0:30 am``)."""
    hour, minute = int(found["hour"] or 0), int(found["minute"] or 0)
    second = int(found.get("second") or 0)
    half = (found.get("half") or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)
