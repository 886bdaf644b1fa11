"""Wire datelines opening a story (``PORT LOUIS, Feb 22 (Reuters) -``), split from the body.

Pure: no Scrapy. A dateline is recognised only at the very start of the first paragraph and
only in the wire forms below; a sentence that merely starts with a place name is left alone.
A title-case place needs a comma and a date or credit after it (``Port-Louis, le 22 février –``);
the bare forms ``MOSCOW (AP) —`` and ``PORT LOUIS:`` need an all-caps place of 1–4 words.
The regular expressions below only find the dateline's shape; what its date is, and whether a
word names a month or a day, is dateparser's answer (see :mod:`newscrawl.extraction.dates`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from newscrawl.extraction.dates import SITE_TZ, date_data, names_a_day, names_a_month

_WORD = r"[^\W\d_][\w'’.\-]*"
_PLACE = rf"(?P<place>{_WORD}(?: (?:(?:de|du|des|of|la|el) )?{_WORD}){{0,3}})"
_DATE = (
    r"(?P<date>(?:le )?"
    r"(?:(?P<day1>\d{1,2})(?:st|nd|rd|th|er)? (?P<month1>[^\W\d_]+\.?)"
    r"|(?P<month2>[^\W\d_]+\.?) (?P<day2>\d{1,2})(?:st|nd|rd|th)?)"
    r"(?:,? (?P<year>\d{4}))?)"
)
_SEP = r" ?[-–—]+"
_FORMS = [
    # PORT LOUIS, Feb 22 (Reuters) -   /   WASHINGTON, Jan 3 (AFP) –
    (rf"{_PLACE}, {_DATE}\.? \((?P<agency>[^()]{{1,60}})\){_SEP}", False),
    # MOSCOW, April 16. /TASS/.
    (rf"{_PLACE}, {_DATE}\.? /(?P<agency>[^/]{{1,30}})/\.?", False),
    # Port Louis, (APP - UrduPoint / Pakistan Point News - 15th Jan, 2024)
    # MOSCOW (UrduPoint News / Sputnik - 16th April, 2023)
    (rf"{_PLACE},? \((?P<agency>[^()]{{1,80}}?) [-–—] {_DATE}\)(?:{_SEP})?", False),
    # Port-Louis, le 22 février –
    (rf"{_PLACE}, {_DATE}{_SEP}", False),
    # MOSCOW (AP) —
    (rf"{_PLACE} \((?P<agency>[^()]{{1,60}})\){_SEP}", True),
    # PORT LOUIS:
    (rf"{_PLACE}:", True),
]
# A dateline opens text: some must follow it in the same paragraph.
_PATTERNS = [(re.compile(rf"{form}(?=\s+\S)"), caps) for form, caps in _FORMS]
_PARTICLES = frozenset({"de", "du", "des", "of", "la", "el"})
# All-caps lead-ins that label a story rather than place it.
_LABELS = frozenset({
    "UPDATE", "UPDATED", "BREAKING", "BREAKING NEWS", "EXCLUSIVE", "VIDEO", "VIDEOS", "PHOTO",
    "PHOTOS", "WATCH", "LIVE", "OFFICIAL", "CORRECTION", "NOTE", "EDITOR'S NOTE", "EDITORIAL",
    "OPINION", "ANALYSIS", "INTERVIEW", "FLASH", "URGENT", "ALERT", "READ ALSO", "SOURCE",
    "COMMUNIQUÉ", "COMMUNIQUE", "DERNIÈRE MINUTE", "ALERTE", "MISE À JOUR", "LIRE AUSSI",
    "EXCLUSIF", "INSOLITE",
})
# Sentence openers that look like a capitalised place. Words naming a day (``Thursday``,
# ``Yesterday``, ``hier``) are dateparser's to recognise: see `_opens_a_sentence`.
_OPENERS = frozenset({
    "on", "in", "at", "by", "from", "since", "until", "this", "last", "next", "ce", "cette",
    "depuis", "dès",
})
_ANY_BASE = datetime(2000, 1, 1)  # an explicit year leaves RELATIVE_BASE nothing to resolve


@dataclass(frozen=True)
class Dateline:
    """A wire dateline: where, when (year inferred from publication), whose, as written."""

    place: str | None
    date: date | None
    agency: str | None
    raw: str

    def as_dict(self) -> dict[str, str | None]:
        """The contract's ``dateline`` object (date as ``YYYY-MM-DD`` or None)."""
        return {
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "agency": self.agency,
            "raw": self.raw,
        }


def split_dateline(body: str, published: datetime | None) -> tuple[Dateline | None, str]:
    """Move a dateline opening the first paragraph out of ``body``; ``(None, body)`` if none."""
    first, sep, others = body.partition("\n\n")
    lead = first.lstrip()
    for pattern, caps in _PATTERNS:
        match = pattern.match(lead)
        if match is None or not _is_place(match["place"], caps) or not _month_ok(match):
            continue
        dateline = Dateline(
            place=match["place"],
            date=_dateline_date(match, published),
            agency=_agency(match),
            raw=match.group(0).strip(),
        )
        return dateline, lead[match.end():].lstrip() + sep + others
    return None, body


def _is_place(place: str, caps: bool) -> bool:
    """Capitalised words (particles aside), not a sentence opener nor an editorial label
    (``UPDATE:``, ``BREAKING:``); all-caps if ``caps``."""
    words = place.split(" ")
    if not words[0][0].isupper() or words[-1] in _PARTICLES or _opens_a_sentence(words[0]):
        return False
    if place.upper().replace("’", "'") in _LABELS:
        return False
    if caps:
        return place.isupper()
    return all(w[0].isupper() or w in _PARTICLES for w in words)


def _opens_a_sentence(word: str) -> bool:
    """``On``, ``In``, …, or a word dateparser reads as a day (``Thursday``, ``Yesterday``)."""
    word = word.lower().replace("’", "'")
    return word in _OPENERS or names_a_day(word)


def _month_ok(match: re.Match[str]) -> bool:
    """A form with a date must name a real month (``Curepipe, ward 4 –`` is no dateline)."""
    if match.groupdict().get("date") is None:
        return True
    return names_a_month((match["month1"] or match["month2"]).lower())


def _agency(match: re.Match[str]) -> str | None:
    agency = " ".join((match.groupdict().get("agency") or "").split())
    return agency or None


def _dateline_date(match: re.Match[str], published: datetime | None) -> date | None:
    """The dateline's date, read by dateparser; without a year, the latest not after
    ``published`` + 1 day in Port Louis (a wire story can be dated ahead of the site's clock)."""
    if match.groupdict().get("date") is None:
        return None
    if published is not None:
        if published.tzinfo is None:
            published = published.replace(tzinfo=SITE_TZ)
        latest = published.astimezone(SITE_TZ).date() + timedelta(days=1)
        base = datetime.combine(latest, time.max)  # naive Mauritius wall time
    elif match["year"]:
        base = _ANY_BASE
    else:
        return None
    data = date_data(match["date"], base=base)
    if data is None or not {"day", "month"} <= set(data.parts):
        return None  # Feb 30: the dateline stays, without a date
    if match["year"] and "year" not in data.parts:
        return None
    return data.date_obj.astimezone(SITE_TZ).date()
