"""Every date NewsMoris prints, normalised to one aware instant (pure: no Scrapy).

Order of attack in :func:`parse_date`: ISO 8601 (``datetime.fromisoformat``), RFC 822
(``email.utils``), the site's relative forms and its day-and-month-name forms in English and
French (a missing year resolved against ``now``), then dateparser for everything else
(``22/02/2024``, explicit zones, odd spellings). Naive values are Mauritius wall time.
"""

from __future__ import annotations

import email.utils
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dateparser.date import DateDataParser

SITE_TZ = ZoneInfo("Indian/Mauritius")
SITE_OFFSET = timezone(timedelta(hours=4))  # the contract prints every instant in +04:00
EARLIEST = datetime(1995, 1, 1, tzinfo=SITE_TZ)
MAX_TEXT = 120  # longer strings (once whitespace is collapsed) are prose, not a date
MAX_RAW = 4096  # not even worth normalising

MONTHS: dict[str, int] = {
    # English, full and abbreviated
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # French (fr_FR date_i18n names and abbreviations, with unaccented spellings)
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "fev": 2,
    "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7,
    "août": 8, "aout": 8, "aoû": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "déc": 12,
}
WEEKDAYS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "lun", "mar", "mer", "jeu", "ven", "sam", "dim",
})

_PREFIX = re.compile(
    r"^(?:(?:last\s+)?updated|published|posted|modified|publié|mis\s+à\s+jour|mise\s+à\s+jour"
    r"|modifié)(?:\s+(?:on|at|le))?\s*:?\s*",
    re.I,
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}\S*)?")
_RFC822 = re.compile(
    r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"\s+(?:[+-]\d{4}|GMT|UTC?)"
)
_CLOCK = re.compile(r"(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?:\s*(?P<ampm>[ap])\.?m\.?)?", re.I)
_WHEN = rf"(?:,?\s*(?:at\s+|à\s+)?{_CLOCK.pattern})?"
_DAY_WORD = re.compile(rf"(?P<word>today|yesterday|aujourd'hui|hier|avant-hier){_WHEN}", re.I)
_DAYS_BACK = {"today": 0, "aujourd'hui": 0, "yesterday": 1, "hier": 1, "avant-hier": 2}
_AGO_EN = re.compile(
    r"(?P<n>\d+|an?|one)\s+(?P<unit>sec|second|min|minute|hr|hour|day|week|month|year)s?\s+ago",
    re.I,
)
_AGO_FR = re.compile(
    r"il\s+y\s+a\s+(?P<n>\d+|une?)\s+(?P<unit>sec|seconde|min|minute|h|heure|jour|semaine|mois"
    r"|an|année)s?",
    re.I,
)
_UNIT_SECONDS = {  # WordPress human_time_diff(): a month is 30 days, a year 365
    "sec": 1, "second": 1, "seconde": 1, "min": 60, "minute": 60, "hr": 3600, "hour": 3600,
    "h": 3600, "heure": 3600, "day": 86400, "jour": 86400, "week": 604800, "semaine": 604800,
    "month": 2592000, "mois": 2592000, "year": 31536000, "an": 31536000, "année": 31536000,
}
_DAY_MONTH = re.compile(  # the site's own text forms, with or without the year
    r"(?:(?P<weekday>[^\W\d_]+),?\s+)?"
    r"(?:(?P<day1>\d{1,2})(?:st|nd|rd|th|er)?\s+(?P<month1>[^\W\d_]+)"
    r"|(?P<month2>[^\W\d_]+)\.?\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?)"
    rf"\.?(?:,?\s+(?P<year>\d{{4}}))?{_WHEN}",
    re.I,
)

_PARSER = DateDataParser(
    languages=["en", "fr"],
    use_given_order=True,
    settings={
        "DATE_ORDER": "DMY",  # Mauritius writes 22/02/2024
        "TIMEZONE": "Indian/Mauritius",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        # Relative and year-less text is resolved here against the caller's `now`; dateparser
        # only sees complete dates, so it never fills a part from the machine's clock or zone.
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["absolute-time"],
    },
)


def month_number(name: str) -> int | None:
    """Month number of an English or French month name or abbreviation (``févr.`` → 2)."""
    return MONTHS.get(name.lower().rstrip("."))


def latest_date(month: int, day: int, limit: date) -> date | None:
    """The latest date with this month and day that is not after ``limit``."""
    for year in range(limit.year, limit.year - 8, -1):  # 8 years always reach a 29 February
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= limit:
            return candidate
    return None


def to_site_iso(dt: datetime) -> str:
    """ISO 8601, seconds precision, in +04:00 (a naive value is Mauritius wall time)."""
    return _as_site(dt).astimezone(SITE_OFFSET).replace(microsecond=0).isoformat()


def parse_date(text: str, *, now: datetime | None = None) -> datetime | None:
    """Any date form the site prints, as an aware datetime in SITE_TZ; None if it is not one."""
    try:
        dt = _parse(text, _as_utc_now(now))
        return dt.astimezone(SITE_TZ) if dt is not None else None
    except Exception:  # the contract is "never raises": garbage in, None out
        return None


def resolve_time_element(
    datetime_attr: str, visible_text: str | None, *, now: datetime | None = None
) -> datetime | None:
    """Read ``time[datetime]``, undoing the old builds' local wall time mislabelled ``+00:00``.

    The value is mislabelled when its naive reading agrees with the visible text and its UTC
    reading does not: on the calendar day (the contract's rule) or, when the visible text
    prints a clock time, on the minute (``22 Mar 2018 17h07`` vs ``…T17:07:22+00:00``).
    """
    dt = parse_date(datetime_attr, now=now)
    if dt is None or visible_text is None or not datetime_attr.strip().endswith("+00:00"):
        return dt
    shown = parse_date(visible_text, now=now)
    if shown is None:
        return dt
    wall = dt.astimezone(UTC).replace(tzinfo=None)  # the digits as written
    utc_read = dt.replace(tzinfo=None)  # parse_date's local reading of true UTC
    shown = shown.replace(tzinfo=None)
    day_rule = wall.date() == shown.date() != utc_read.date()
    clock_rule = (
        _CLOCK.search(visible_text) is not None
        and _same_minute(wall, shown)
        and not _same_minute(utc_read, shown)
    )
    return wall.replace(tzinfo=SITE_TZ) if day_rule or clock_rule else dt


def choose_date(
    candidates: list[dict],
    *,
    now: datetime,
    crawled: datetime,
    on_reject: Callable[[dict, str], None] | None = None,
) -> tuple[datetime, dict] | None:
    """First candidate that parses and is sane, with the candidate; None if none is.

    ``on_reject(candidate, reason)`` hears of each candidate passed over, reason being
    ``unparseable``, ``future`` (after ``crawled`` + 1 day) or ``too_old`` (before 1995).
    """
    for candidate in candidates:
        verdict = _judge(candidate, now=now, crawled=crawled)
        if isinstance(verdict, datetime):
            return verdict, candidate
        if on_reject is not None:
            on_reject(candidate, verdict)
    return None


def _judge(candidate: dict, *, now: datetime, crawled: datetime) -> datetime | str:
    """The candidate's instant, or the reason it is rejected."""
    raw = candidate.get("raw")
    if candidate.get("source") == "time":
        dt = resolve_time_element(raw, candidate.get("text"), now=now)
    else:
        dt = parse_date(raw, now=now)
    if dt is None:
        return "unparseable"
    if dt > crawled + timedelta(days=1):
        return "future"
    if dt < EARLIEST:
        return "too_old"
    return dt


def _parse(text: str, now: datetime) -> datetime | None:
    if len(text) > MAX_RAW:
        return None
    text = _normalise(text)
    if not text or len(text) > MAX_TEXT:
        return None
    if _ISO.fullmatch(text):
        return _as_site(datetime.fromisoformat(text))
    if _RFC822.fullmatch(text):
        return _from_rfc822(text)
    for reader in (_relative, _day_word, _day_month):
        dt = reader(text, now)
        if dt is not None:
            return dt
    return _PARSER.get_date_data(text).date_obj


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    return _PREFIX.sub("", " ".join(text.split()), count=1)


def _from_rfc822(text: str) -> datetime:
    dt = email.utils.parsedate_to_datetime(text)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)  # "-0000": UTC, source unknown


def _relative(text: str, now: datetime) -> datetime | None:
    match = _AGO_EN.fullmatch(text) or _AGO_FR.fullmatch(text)
    if match is None:
        return None
    count = match["n"].lower()
    number = int(count) if count.isdigit() else 1
    return now - timedelta(seconds=number * _UNIT_SECONDS[match["unit"].lower()])


def _day_word(text: str, now: datetime) -> datetime | None:
    match = _DAY_WORD.fullmatch(text)
    if match is None:
        return None
    day = now.astimezone(SITE_TZ).date() - timedelta(days=_DAYS_BACK[match["word"].lower()])
    clock = _clock(match)
    return None if clock is None else datetime.combine(day, clock, SITE_TZ)


def _day_month(text: str, now: datetime) -> datetime | None:
    """``Thursday, February 22, 2024``, ``22 févr. 2024``, ``22 Mar 2018 17h07``, and without a
    year (``jeudi 22 Mar, 17:30``) the latest such moment not after ``now``."""
    match = _DAY_MONTH.fullmatch(text)
    if match is None or (match["weekday"] and match["weekday"].lower() not in WEEKDAYS):
        return None
    month = month_number(match["month1"] or match["month2"])
    clock = _clock(match)
    if month is None or clock is None:
        return None
    day_of_month = int(match["day1"] or match["day2"])
    if match["year"]:  # an impossible date (Feb 29, 2023) raises: parse_date gives None
        return datetime.combine(date(int(match["year"]), month, day_of_month), clock, SITE_TZ)
    day = latest_date(month, day_of_month, now.astimezone(SITE_TZ).date())
    if day is not None and datetime.combine(day, clock, SITE_TZ) > now:
        day = latest_date(month, day_of_month, day - timedelta(days=1))
    return None if day is None else datetime.combine(day, clock, SITE_TZ)


def _clock(match: re.Match[str]) -> time | None:
    """The optional clock of a match (midnight when absent); None if out of range."""
    if match["hour"] is None:
        return time(0, 0)
    hour, minute, ampm = int(match["hour"]), int(match["minute"]), match["ampm"]
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _same_minute(a: datetime, b: datetime) -> bool:
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def _as_site(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=SITE_TZ)


def _as_utc_now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)
