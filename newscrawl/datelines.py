"""Wire datelines opening a story (``PORT LOUIS, Feb 22 (Reuters) -``), split from the body.

Pure: no Scrapy. A dateline is recognised only at the very start of the first paragraph and
only in the wire forms below; a sentence that merely starts with a place name is left alone.
A title-case place needs a comma and a date or credit after it (``Port-Louis, le 22 février –``);
the bare forms ``MOSCOW (AP) —`` and ``PORT LOUIS:`` need an all-caps place of 1–4 words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from newscrawl.dates import SITE_TZ, WEEKDAYS, latest_date, month_number

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
_NOT_PLACES = WEEKDAYS | {  # sentence openers that look like a capitalised place
    "on", "in", "at", "by", "from", "since", "until", "this", "last", "next", "today",
    "yesterday", "tomorrow", "hier", "aujourd'hui", "demain", "ce", "cette", "depuis", "dès",
}


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
    """Capitalised words (particles aside), not a sentence opener; all-caps if ``caps``."""
    words = place.split(" ")
    if words[0].lower() in _NOT_PLACES or words[-1] in _PARTICLES or not words[0][0].isupper():
        return False
    if caps:
        return place.isupper()
    return all(w[0].isupper() or w in _PARTICLES for w in words)


def _month_ok(match: re.Match[str]) -> bool:
    """A form with a date must name a real month (``Curepipe, ward 4 –`` is no dateline)."""
    if match.groupdict().get("date") is None:
        return True
    return month_number(match["month1"] or match["month2"]) is not None


def _agency(match: re.Match[str]) -> str | None:
    agency = " ".join((match.groupdict().get("agency") or "").split())
    return agency or None


def _dateline_date(match: re.Match[str], published: datetime | None) -> date | None:
    """The dateline's date; without a year, the latest not after ``published`` + 1 day."""
    if match.groupdict().get("date") is None:
        return None
    month = month_number(match["month1"] or match["month2"])
    day = int(match["day1"] or match["day2"])
    if match["year"]:
        try:
            return date(int(match["year"]), month, day)
        except ValueError:
            return None
    if published is None:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=SITE_TZ)
    return latest_date(month, day, published.astimezone(SITE_TZ).date() + timedelta(days=1))
