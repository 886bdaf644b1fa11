"""Every date NewsMoris prints, normalised to one aware instant (pure: no Scrapy).

Order of attack in :func:`parse_date`: ISO 8601 (``datetime.fromisoformat``) and RFC 822
(``email.utils``) on the standard library; every other form (English and French text dates,
``22/02/2024``, year-less dates, ``3 hours ago``, ``hier``, explicit zones) goes to dateparser,
told the site's languages in order (English, then French), its day-first order and its zone,
and the caller's ``now`` as the base of relative and year-less forms: never the machine's clock
or zone. Naive values are Mauritius wall time; a date-only text means 00:00 there.
"""

from __future__ import annotations

import email.utils
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateparser.date import DateData, DateDataParser

SITE_TZ = ZoneInfo("Indian/Mauritius")
SITE_OFFSET = timezone(timedelta(hours=4))  # the contract prints every instant in +04:00
EARLIEST = datetime(1995, 1, 1, tzinfo=SITE_TZ)
MAX_TEXT = 120  # longer strings (once whitespace is collapsed) are prose, not a date
MAX_RAW = 4096  # not even worth normalising

LANGUAGES = ("en", "fr")  # tried in this order: no language detection (slow, and it guesses)
DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",  # Mauritius writes 22/02/2024; dateparser's default is month first
    "TIMEZONE": "Indian/Mauritius",  # naive text is local wall time, not the machine's zone
    "RETURN_AS_TIMEZONE_AWARE": True,
    "PREFER_DATES_FROM": "past",  # a year-less date is the latest one not after the base
    "RETURN_TIME_AS_PERIOD": True,  # period "time" when the text carries a clock time
    "PARSERS": ["relative-time", "absolute-time"],  # no Unix timestamps: 1700000000 is no date
}
_RELATIVE_ONLY = ("relative-time",)
_WORD_BASE = datetime(2000, 1, 1)  # any base: reading a lone word only asks what it names

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
_CLOCK = re.compile(r"\d{1,2}[:h]\d{2}")  # does the visible text print a clock time?


def site_wall_time(dt: datetime) -> datetime:
    """``dt`` as naive Mauritius wall time (a naive ``dt`` already is), e.g. a RELATIVE_BASE."""
    return dt.astimezone(SITE_TZ).replace(tzinfo=None) if dt.tzinfo is not None else dt


def date_data(text: str, *, base: datetime, relative_only: bool = False) -> DateData | None:
    """dateparser's reading of ``text`` (its date, period and parts), None if it reads none.

    ``base`` (aware, or naive Mauritius wall time) resolves relative and year-less forms;
    ``relative_only`` asks whether ``text`` is a relative form (``3 hours ago``, ``hier``).
    """
    parsers = _RELATIVE_ONLY if relative_only else tuple(DATEPARSER_SETTINGS["PARSERS"])
    data = _parser(site_wall_time(base), parsers).get_date_data(text)
    return data if data.date_obj is not None else None


@lru_cache(maxsize=1024)
def names_a_day(word: str) -> bool:
    """Whether dateparser reads this lone word as a day: ``jeudi``, ``Thursday``, ``hier``."""
    if not word[:1].isalpha():  # "4" reads as the 4th of a month: a number, not a word
        return False
    data = date_data(word, base=_WORD_BASE)
    return data is not None and "day" in data.parts


@lru_cache(maxsize=1024)
def names_a_month(word: str) -> bool:
    """Whether dateparser reads this lone word as a month: ``Feb``, ``févr.``, ``mars``."""
    data = date_data(word, base=_WORD_BASE)
    return data is not None and data.parts == ("month",)


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
    return _from_dateparser(text, now)


def _from_dateparser(text: str, now: datetime) -> datetime | None:
    """Any other form, read by dateparser against ``now`` (aware)."""
    data = date_data(text, base=now)
    if data is None:
        text = _without_weekday(text)
        data = date_data(text, base=now) if text else None
    if data is None:
        return None
    dt = data.date_obj.astimezone(SITE_TZ)
    if "day" not in data.parts and not _is_relative(text, now):
        return None  # "February 2024", "2024": no day; "2 months ago" counts back from now
    if data.period == "day" and "time" not in data.parts and not _has_digit(text):
        # A day named without a number or a clock ("Yesterday", "hier", "Today") is that
        # calendar day: 00:00 local, where dateparser keeps now's time of day. A counted one
        # ("2 days ago", WordPress's human_time_diff) is an elapsed time and keeps it.
        dt = datetime.combine(dt.date(), time(0), SITE_TZ)
    if dt > now and _is_relative(text, now):
        return None  # "tomorrow", "in 3 hours": a page cannot be published after it is read
    return dt


def _without_weekday(text: str) -> str | None:
    """``jeudi 22 Mar, 17:30`` → ``22 Mar, 17:30``: the rest of a text that opens with a weekday.

    dateparser reads a text in one language: French takes ``Mar`` for ``mardi`` (then the text
    names two weekdays) and English does not know ``jeudi``. Without the weekday, which a
    dated text does not need, English reads ``22 Mar``.
    """
    head, _, rest = text.partition(" ")
    head = head.rstrip(",.")
    if not rest or not names_a_day(head.lower()):
        return None
    return rest


def _is_relative(text: str, now: datetime) -> bool:
    """Whether dateparser reads ``text`` as counted from now (``in 3 hours``, ``2 months ago``)."""
    return date_data(text, base=now, relative_only=True) is not None


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


@lru_cache(maxsize=32)
def _parser(base: datetime, parsers: tuple[str, ...]) -> DateDataParser:
    """A parser whose RELATIVE_BASE is ``base`` (naive Mauritius wall time).

    dateparser fixes its settings when a parser is built, so each base needs its own; the
    cache keeps the few a crawl item uses (its candidates share one ``now``).
    """
    return DateDataParser(
        languages=list(LANGUAGES),
        use_given_order=True,
        settings={**DATEPARSER_SETTINGS, "PARSERS": list(parsers), "RELATIVE_BASE": base},
    )


def _normalise(text: str) -> str:
    text = " ".join(unicodedata.normalize("NFKC", text).replace("’", "'").split())
    prefix = _PREFIX.match(text)  # (`sub` would try the anchored pattern at every position)
    return text[prefix.end():] if prefix else text


def _from_rfc822(text: str) -> datetime:
    dt = email.utils.parsedate_to_datetime(text)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)  # "-0000": UTC, source unknown


def _same_minute(a: datetime, b: datetime) -> bool:
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def _as_site(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=SITE_TZ)


def _as_utc_now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)


def fetched_at(date_header: bytes | None) -> str:
    """When a response was fetched, from its HTTP `Date` header (the base of relative
    dates), else now; UTC ISO to the second."""
    try:
        when = email.utils.parsedate_to_datetime(date_header.decode("latin-1")) \
            if date_header else None
    except (TypeError, ValueError):
        when = None
    when = when.astimezone(UTC) if when and when.tzinfo else datetime.now(UTC)
    return when.replace(microsecond=0).isoformat()
