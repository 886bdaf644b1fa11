"""Dates of a page without machine-readable ones (newscrawl/extraction/page.py): htmldate's
search for the original date before a date block's text, unless they agree on the day, when
the text keeps the time of day it shows."""

from __future__ import annotations

from datetime import datetime

import newscrawl

FETCHED = "2026-11-27T06:00:00+00:00"
PROSE = ("<p>The council met on Tuesday evening to discuss the new market hall, which has been "
         "delayed for two years by disputes over the land and the cost of the roof.</p>"
         "<p>Residents who spoke at the meeting said the old hall was no longer safe, and the "
         "mayor promised a decision before the end of the month after a final survey.</p>")


def page(shown: str) -> str:
    return ("<!doctype html><html lang='en'><head><title>Market hall delayed again</title>"
            "<meta name='DC.date.issued' content='2024-03-05'></head><body><main>"
            f"<h1>Market hall delayed again</h1><div class='meta'><span class='date'>{shown}"
            f"</span></div>{PROSE}</main></body></html>")


def test_htmldate_day_before_a_date_block_that_disagrees() -> None:
    item = newscrawl.extract(page("Updated November 2, 2026"), "https://news.example/market/",
                             FETCHED)
    assert item["extraction"]["published"] == "htmldate"
    assert item["published"].startswith("2024-03-05")


def test_date_block_keeps_its_time_when_htmldate_agrees_on_the_day() -> None:
    item = newscrawl.extract(page("March 5, 2024 10:30"), "https://news.example/market/",
                             FETCHED)
    assert item["extraction"]["published"] == "text"
    published = datetime.fromisoformat(item["published"])
    assert (published.date().isoformat(), published.hour, published.minute) == (
        "2024-03-05", 10, 30)
