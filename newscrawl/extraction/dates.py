"""Every date NewsMoris prints, normalised to one aware instant (pure: no Scrapy).

Order of attack in :func:`parse_date`: ISO 8601 (``datetime.fromisoformat``) and RFC 822
(``email.utils``) on the standard library; the plainest month-name forms (``October 14, 2026``,
``le 22 février``: :mod:`newscrawl.extraction.plaindates`) answered as dateparser would, in
microseconds (`date_data`); every other form (other text dates, ``22/02/2024``, ``3 hours
ago``, ``hier``, explicit zones) goes to dateparser,
told the site's languages in order (English, then French), its day-first order and its zone,
and the caller's ``now`` as the base of relative and year-less forms: never the machine's clock
or zone. Naive values are wall time of the site's zone (``zone=``: NewsMoris's
``Indian/Mauritius`` unless told otherwise); a date-only text means 00:00 there.
`declared_zone` reads the zone a page declares through its own dates.
"""

from __future__ import annotations

import email.utils
import math
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateparser.date import DateData, DateDataParser
from dateparser.utils import get_timezone_from_tz_string

from newscrawl.extraction import plaindates

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
# candidates that give the page's own local day, the visible date first (a `text` beside a
# machine date too), then the dated URL's and htmldate's original day
_SHOWN = ("text", "url", "htmldate")
_CLOCK = re.compile(r"\d{1,2}[:h]\d{2}")  # does the visible text print a clock time?


def zone_of(name: str | None) -> tzinfo | None:
    """The zone a setting or argument names: an IANA name (``Europe/Berlin``), ``UTC``, or a
    fixed offset (``+05:30``, ``-0400``); None for None or ``""``. ValueError for anything else
    (a typo is an error, not another zone)."""
    if not name:
        return None
    offset = _OFFSET.fullmatch(name.strip())
    if offset:
        sign = -1 if offset[1] == "-" else 1
        delta = timedelta(hours=int(offset[2]), minutes=int(offset[3] or 0))
        if delta > timedelta(hours=14):
            raise ValueError(f"offset out of range: {name!r}")
        return timezone(sign * delta)
    try:
        zone = ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone: {name!r}") from error
    return SITE_TZ if zone.key == SITE_TZ.key else zone


_OFFSET = re.compile(r"(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?")


def zone_name(zone: tzinfo) -> str:
    """How dateparser is told a zone: its IANA name, or ``+HHMM``."""
    key = getattr(zone, "key", None)
    if key:
        return key
    offset = zone.utcoffset(None) or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def site_wall_time(dt: datetime, zone: tzinfo = SITE_TZ) -> datetime:
    """``dt`` as naive wall time of ``zone`` (a naive ``dt`` already is), e.g. a RELATIVE_BASE."""
    return dt.astimezone(zone).replace(tzinfo=None) if dt.tzinfo is not None else dt


def date_data(text: str, *, base: datetime, relative_only: bool = False,
              zone: tzinfo = SITE_TZ) -> DateData | None:
    """dateparser's reading of ``text`` (its date, period and parts), None if it reads none.

    ``base`` (aware, or naive wall time of ``zone``) resolves relative and year-less forms;
    ``relative_only`` asks whether ``text`` is a relative form (``3 hours ago``, ``hier``).
    A plain form (`plaindates`) gets dateparser's answer without dateparser.
    """
    written = plaindates.read(text)
    if written is not None:  # a plain absolute form: no relative reading, the same date
        return None if relative_only else _plain_data(written, site_wall_time(base, zone),
                                                       zone_name(zone))
    return _dateparser_data(text, base=base, relative_only=relative_only, zone=zone)


def _dateparser_data(text: str, *, base: datetime, relative_only: bool = False,
                     zone: tzinfo = SITE_TZ) -> DateData | None:
    """`date_data` asked of dateparser, whatever the form."""
    parsers = _RELATIVE_ONLY if relative_only else tuple(DATEPARSER_SETTINGS["PARSERS"])
    data = _parser(site_wall_time(base, zone), parsers, zone_name(zone)).get_date_data(text)
    return data if data.date_obj is not None else None


def _plain_data(written: plaindates.Written, base: datetime, zone: str) -> DateData:
    """What dateparser answers for a plain form (`plaindates`): the date as written, 00:00
    without a clock; without a year, the latest not after ``base`` (naive wall time of
    ``zone``), as PREFER_DATES_FROM past has it; localised as dateparser localises."""
    wall = datetime(written.year or base.year, written.month, written.day)
    if written.clock is not None:
        wall = datetime.combine(wall.date(), written.clock)
    if written.year is None and wall > base:
        wall = wall.replace(year=base.year - 1)
    parts = ("year", "month", "day") if written.year is not None else ("month", "day")
    if written.clock is not None:
        parts += ("time",)
    return DateData(date_obj=_localised(wall, zone), locale=written.language, parts=parts,
                    period="time" if written.clock is not None else "day")


@lru_cache(maxsize=256)
def _localised(wall: datetime, zone: str) -> datetime:
    """``wall`` in ``zone`` as dateparser localises a naive reading (its own zone lookup,
    pytz's choice of offset where a clock change skips or repeats the time)."""
    found = _dateparser_zone(zone)
    return found.localize(wall) if hasattr(found, "localize") else wall.replace(tzinfo=found)


@lru_cache(maxsize=64)
def _dateparser_zone(name: str) -> tzinfo:
    """The zone object dateparser makes of a TIMEZONE setting (an offset's is slow to find)."""
    return get_timezone_from_tz_string(name)


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


def to_site_iso(dt: datetime, zone: tzinfo = SITE_TZ) -> str:
    """ISO 8601, seconds precision, in ``zone``'s offset at that instant (a naive value is its
    wall time); NewsMoris's zone always as +04:00, the contract's offset."""
    printed = SITE_OFFSET if zone is SITE_TZ else zone
    return _as_site(dt, zone).astimezone(printed).replace(microsecond=0).isoformat()


def parse_date(text: str, *, now: datetime | None = None,
               zone: tzinfo = SITE_TZ) -> datetime | None:
    """Any date form the site prints, as an aware datetime in ``zone`` (naive forms are its
    wall time); None if it is not one."""
    try:
        dt = _parse(text, _as_utc_now(now), zone)
        return dt.astimezone(zone) if dt is not None else None
    except Exception:  # the contract is "never raises": garbage in, None out
        return None


def declared_zone(candidates: list[dict], *, now: datetime | None = None) -> tzinfo | None:
    """The zone a page declares through its dates: the offset of the first machine date
    (ISO 8601) that is not UTC; else, against a UTC machine date, the offset its visible date
    shows, or failing one the day of its dated URL, else htmldate's original day (to the
    quarter hour when it prints a clock; a day alone, the smallest offset that puts the instant
    on that day; a URL's or htmldate's day that is the UTC day only when the site's zone would
    print another); None when the page says nothing."""
    stamps = [stamp for c in candidates if c.get("source") != "text"
              and (stamp := _iso_stamp(c.get("raw"))) is not None]
    for stamp in stamps:
        offset = stamp.utcoffset()
        if offset is not None and offset != timedelta(0):
            return timezone(offset)
    shown = sorted(((_SHOWN.index(c["source"]), c["raw"]) if c.get("source") in _SHOWN
                    else (0, c.get("text")) for c in candidates
                    if c.get("text") or c.get("source") in _SHOWN), key=lambda s: s[0])
    rank, shown_text = shown[0] if shown else (0, None)
    from_url = rank > 0  # the URL's or htmldate's day, not one the page shows
    stamp = next((s for s in stamps if s.tzinfo is not None), None)
    if shown_text is None or stamp is None:
        return None
    shown = parse_date(shown_text, now=now, zone=UTC)
    if shown is None:
        return None
    utc = stamp.astimezone(UTC)
    if _CLOCK.search(shown_text):
        minutes = round((shown - utc).total_seconds() / 900) * 15
        return timezone(timedelta(minutes=minutes)) if abs(minutes) <= 14 * 60 else None
    day = shown.date()
    if day == utc.date():  # a URL's day on the UTC day fits most zones: UTC only if the
        # site's zone would print another day
        return None if from_url and utc.astimezone(SITE_TZ).date() == day else UTC
    midnight = datetime.combine(day, time(0), UTC)
    hour = timedelta(hours=1)
    if day > utc.date():  # ahead of UTC: at least to that day's start, whole hours
        hours = math.ceil((midnight - utc) / hour)
    else:  # behind: back before that day's end
        hours = -(math.floor((utc - midnight - timedelta(days=1)) / hour) + 1)
    return timezone(timedelta(hours=hours)) if abs(hours) <= 14 else None


def is_iso_date(raw: str) -> bool:
    """Whether a machine date is written in ISO 8601 (`2024-03-05`, `2024-03-05T10:00+01:00`)."""
    return _iso_stamp(raw) is not None


def _iso_stamp(raw: str | None) -> datetime | None:
    """An ISO 8601 machine date as written (its own offset, or naive), None if it is not one."""
    text = _normalise(raw or "")
    if not _ISO.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def resolve_time_element(
    datetime_attr: str, visible_text: str | None, *, now: datetime | None = None,
    zone: tzinfo = SITE_TZ,
) -> datetime | None:
    """Read ``time[datetime]``, undoing the old builds' local wall time mislabelled ``+00:00``.

    The value is mislabelled when its naive reading agrees with the visible text and its UTC
    reading does not: on the calendar day (the contract's rule) or, when the visible text
    prints a clock time, on the minute (``22 Mar 2018 17h07`` vs ``…T17:07:22+00:00``).
    """
    dt = parse_date(datetime_attr, now=now, zone=zone)
    if dt is None or visible_text is None or not datetime_attr.strip().endswith("+00:00"):
        return dt
    shown = parse_date(visible_text, now=now, zone=zone)
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
    return wall.replace(tzinfo=zone) if day_rule or clock_rule else dt


def choose_date(
    candidates: list[dict],
    *,
    now: datetime,
    crawled: datetime,
    on_reject: Callable[[dict, str], None] | None = None,
    zone: tzinfo = SITE_TZ,
) -> tuple[datetime, dict] | None:
    """First candidate that parses and is sane, with the candidate; None if none is.

    ``on_reject(candidate, reason)`` hears of each candidate passed over, reason being
    ``unparseable``, ``future`` (after ``crawled`` + 1 day) or ``too_old`` (before 1995).
    """
    for candidate in candidates:
        verdict = _judge(candidate, now=now, crawled=crawled, zone=zone)
        if isinstance(verdict, datetime):
            return verdict, candidate
        if on_reject is not None:
            on_reject(candidate, verdict)
    return None


def _judge(candidate: dict, *, now: datetime, crawled: datetime, zone: tzinfo
           ) -> datetime | str:
    """The candidate's instant, or the reason it is rejected."""
    raw = candidate.get("raw")
    if candidate.get("source") == "time":
        dt = resolve_time_element(raw, candidate.get("text"), now=now, zone=zone)
    else:
        dt = parse_date(raw, now=now, zone=zone)
    if dt is None:
        return "unparseable"
    if dt > crawled + timedelta(days=1):
        return "future"
    if dt < EARLIEST:
        return "too_old"
    return dt


def _parse(text: str, now: datetime, zone: tzinfo = SITE_TZ) -> datetime | None:
    if len(text) > MAX_RAW:
        return None
    text = _normalise(text)
    if not text or len(text) > MAX_TEXT:
        return None
    if _ISO.fullmatch(text):
        return _as_site(datetime.fromisoformat(text), zone)
    if _RFC822.fullmatch(text):
        return _from_rfc822(text)
    return _from_dateparser(text, now, zone)


def _from_dateparser(text: str, now: datetime, zone: tzinfo = SITE_TZ) -> datetime | None:
    """Any other form, read by dateparser against ``now`` (aware)."""
    data = date_data(text, base=now, zone=zone)
    if data is None:
        text = _without_weekday(text)
        data = date_data(text, base=now, zone=zone) if text else None
    if data is None:
        return None
    dt = data.date_obj.astimezone(zone)
    if "day" not in data.parts and not _is_relative(text, now):
        return None  # "February 2024", "2024": no day; "2 months ago" counts back from now
    if data.period == "day" and "time" not in data.parts and not _has_digit(text):
        # A day named without a number or a clock ("Yesterday", "hier", "Today") is that
        # calendar day: 00:00 local, where dateparser keeps now's time of day. A counted one
        # ("2 days ago", WordPress's human_time_diff) is an elapsed time and keeps it.
        dt = datetime.combine(dt.date(), time(0), zone)
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
def _parser(base: datetime, parsers: tuple[str, ...], zone: str = SITE_TZ.key
            ) -> DateDataParser:
    """A parser whose RELATIVE_BASE is ``base`` (naive wall time of ``zone``).

    dateparser fixes its settings when a parser is built, so each base needs its own; the
    cache keeps the few a crawl item uses (its candidates share one ``now``).
    """
    return DateDataParser(
        languages=list(LANGUAGES),
        use_given_order=True,
        settings={**DATEPARSER_SETTINGS, "PARSERS": list(parsers), "RELATIVE_BASE": base,
                  "TIMEZONE": zone},
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


def _as_site(dt: datetime, zone: tzinfo = SITE_TZ) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=zone)


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
