"""Properties of extraction.dates: every rendering of an instant parses back; nothing raises."""

from __future__ import annotations

import email.utils
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from newscrawl.extraction.dates import SITE_TZ, parse_date
from tests.test_dates import machine_tz

# Every property under two machine zones (UTC, America/New_York), like tests/test_dates.py.
pytestmark = pytest.mark.usefixtures(machine_tz.__name__)

FAST = settings(max_examples=200, derandomize=True, deadline=None)
NOW = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
FR_ABBR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
           "nov.", "déc."]
EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FR_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def _ampm(t: datetime) -> str:
    return f"{t.hour % 12 or 12}:{t.minute:02d} {'am' if t.hour < 12 else 'pm'}"


# (name, precision, render(utc instant, Mauritius wall time))
FORMATS: list[tuple[str, str, Callable[[datetime, datetime], str]]] = [
    ("iso Z", "second", lambda u, _: u.strftime("%Y-%m-%dT%H:%M:%SZ")),
    ("iso +00:00", "second", lambda u, _: u.isoformat()),
    ("iso local offset", "second", lambda _, loc: loc.isoformat()),
    ("iso naive / REST", "second", lambda _, loc: loc.replace(tzinfo=None).isoformat()),
    ("rfc 822 +0000", "second", lambda u, _: email.utils.format_datetime(u)),
    ("rfc 822 GMT", "second", lambda u, _: email.utils.format_datetime(u, usegmt=True)),
    ("F j, Y", "day", lambda _, t: f"{EN_MONTHS[t.month - 1]} {t.day}, {t.year}"),
    ("l, F j, Y", "day",
     lambda _, t: f"{EN_DAYS[t.weekday()]}, {EN_MONTHS[t.month - 1]} {t.day}, {t.year}"),
    ("j F Y", "day", lambda _, t: f"{t.day} {EN_MONTHS[t.month - 1]} {t.year}"),
    ("F j, Y At g:i a", "minute",
     lambda _, t: f"{EN_MONTHS[t.month - 1]} {t.day}, {t.year} At {_ampm(t)}"),
    ("d/m/Y", "day", lambda _, t: t.strftime("%d/%m/%Y")),
    ("j M Y G\\hi", "minute",
     lambda _, t: f"{t.day} {EN_MONTHS[t.month - 1][:3]} {t.year} {t.hour}h{t.minute:02d}"),
    ("fr l j F Y", "day",
     lambda _, t: f"{FR_DAYS[t.weekday()]} {t.day} {FR_MONTHS[t.month - 1]} {t.year}"),
    ("fr j F Y", "day", lambda _, t: f"{t.day} {FR_MONTHS[t.month - 1]} {t.year}"),
    ("fr j M. Y", "day", lambda _, t: f"{t.day} {FR_ABBR[t.month - 1]} {t.year}"),
    ("fr j F Y à H\\hi", "minute",
     lambda _, t: f"{t.day} {FR_MONTHS[t.month - 1]} {t.year} à {t.hour:02d}h{t.minute:02d}"),
    ("Publié le j F Y", "day", lambda _, t: f"Publié le {t.day} {FR_MONTHS[t.month - 1]} {t.year}"),
]

instants = st.datetimes(
    min_value=datetime(1995, 1, 2), max_value=datetime(2060, 12, 31), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=0))


def expected_at(precision: str, utc: datetime, local: datetime) -> datetime:
    if precision == "second":
        return utc
    if precision == "minute":
        return local.replace(second=0)
    return datetime.combine(local.date(), time(0), SITE_TZ)


def unambiguous(local: datetime) -> bool:
    """False in the hour repeated when Mauritius left daylight saving (March 2009)."""
    return local.replace(fold=0).utcoffset() == local.replace(fold=1).utcoffset()


@pytest.mark.parametrize(("name", "precision", "render"), FORMATS, ids=[f[0] for f in FORMATS])
@settings(max_examples=100, derandomize=True, deadline=None)
@given(utc=instants)
@example(utc=datetime(2008, 12, 1, 20, 30, tzinfo=UTC))  # Mauritius on +05:00, next local day
@example(utc=datetime(2024, 2, 29, 22, 30, tzinfo=UTC))
def test_every_rendering_parses_back_to_the_instant(
    name: str, precision: str, render: Callable[[datetime, datetime], str], utc: datetime
) -> None:
    local = utc.astimezone(SITE_TZ)
    assume(unambiguous(local))
    text = render(utc, local)
    assert parse_date(text, now=NOW) == expected_at(precision, utc, local), (name, text)


@FAST
@given(minutes_back=st.integers(min_value=0, max_value=364 * 24 * 60),
       weekdays=st.sampled_from([EN_DAYS, FR_DAYS]))
def test_year_less_dates_of_the_last_year_parse_back(minutes_back: int, weekdays: list) -> None:
    local = (NOW - timedelta(minutes=minutes_back)).astimezone(SITE_TZ)
    text = f"{weekdays[local.weekday()]} {local.day} {EN_MONTHS[local.month - 1][:3]}, " \
           f"{local.hour:02d}:{local.minute:02d}"
    assert parse_date(text, now=NOW) == local.replace(second=0)


@FAST
@given(minutes_back=st.integers(min_value=0, max_value=364 * 24 * 60),
       weekdays=st.sampled_from([EN_DAYS, FR_DAYS]))
def test_year_less_french_dates_of_the_last_year_parse_back(
    minutes_back: int, weekdays: list
) -> None:
    local = (NOW - timedelta(minutes=minutes_back)).astimezone(SITE_TZ)
    text = f"{weekdays[local.weekday()]} {local.day} {FR_ABBR[local.month - 1]}, " \
           f"{local.hour:02d}:{local.minute:02d}"
    assert parse_date(text, now=NOW) == local.replace(second=0)


RELATIVE = [
    ("{n} mins ago", timedelta(minutes=1)), ("{n} hours ago", timedelta(hours=1)),
    ("{n} days ago", timedelta(days=1)), ("il y a {n} minutes", timedelta(minutes=1)),
    ("il y a {n} heures", timedelta(hours=1)), ("il y a {n} jours", timedelta(days=1)),
]


@FAST
@given(n=st.integers(min_value=1, max_value=59), form=st.sampled_from(RELATIVE),
       now=instants)
def test_relative_dates_count_back_from_now(n: int, form: tuple, now: datetime) -> None:
    template, unit = form
    assert parse_date(template.format(n=n), now=now) == now - n * unit


TOKENS = ["2024", "22", "02", "/", "-", ":", "T", "+00:00", "Z", "février", "Feb", "févr.",
          "jeudi", "Thursday", "ago", "hours", "il y a", "hier", "At", "10:30", "am", "17h07",
          ",", ".", "Publié le", "Updated", "\u00a0", "\x00", "𝟚𝟘𝟚𝟜", "٢٠٢٤", "99999999999"]


@FAST
@given(text=st.text(max_size=300))
def test_parse_date_never_raises_on_any_text(text: str) -> None:
    result = parse_date(text, now=NOW)
    assert result is None or result.tzinfo is SITE_TZ


@FAST
@given(parts=st.lists(st.sampled_from(TOKENS), max_size=12))
def test_parse_date_never_raises_on_date_like_noise(parts: list[str]) -> None:
    result = parse_date(" ".join(parts), now=NOW)
    assert result is None or result.tzinfo is SITE_TZ
