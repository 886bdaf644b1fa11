"""Date formats the theme, Yoast and WordPress core print (English and fr_FR)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

MAURITIUS = timezone(timedelta(hours=4))
CAPTURED = datetime(2026, 11, 27, 6, 0, 0, tzinfo=UTC)

MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
        "août", "septembre", "octobre", "novembre", "décembre",
    ),
}
WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}


def parse(value: str) -> datetime:
    """An ISO 8601 value with an offset."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"naive datetime in content file: {value}")
    return parsed


def local(moment: datetime) -> datetime:
    """The Mauritius wall time of an instant."""
    return moment.astimezone(MAURITIUS)


def w3c_utc(moment: datetime) -> str:
    """`DATE_W3C` in UTC, as the theme and Yoast print it."""
    return moment.astimezone(UTC).isoformat()


def short_date(moment: datetime, lang: str) -> str:
    """`F j, Y` (English) or `j F Y` (fr_FR) of the local date."""
    day = local(moment)
    month = MONTHS[lang][day.month - 1]
    if lang == "fr":
        return f"{day.day} {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


def header_date(moment: datetime, lang: str) -> str:
    """`l, F j, Y` (English) or `l j F Y` (fr_FR): the tdb_header_date text."""
    day = local(moment)
    weekday = WEEKDAYS[lang][day.weekday()]
    separator = " " if lang == "fr" else ", "
    return f"{weekday}{separator}{short_date(day, lang)}"


def rfc822(moment: datetime) -> str:
    """RSS `pubDate`: `D, d M Y H:i:s +0000`."""
    utc = moment.astimezone(UTC)
    weekday = WEEKDAYS["en"][utc.weekday()][:3]
    month = MONTHS["en"][utc.month - 1][:3]
    return f"{weekday}, {utc.day:02d} {month} {utc.year} {utc:%H:%M:%S} +0000"


def comment_timestamp(text: str) -> int | None:
    """Unix time of a comment date `February 22, 2024 At 10:30 am` (local), or None."""
    try:
        naive = datetime.strptime(text.replace(" At ", " "), "%B %d, %Y %I:%M %p")
    except ValueError:
        return None
    return int(naive.replace(tzinfo=MAURITIUS).timestamp())
