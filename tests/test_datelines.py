"""extraction.datelines: wire datelines opening a story are split out; prose is left alone."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from newscrawl.extraction.datelines import Dateline, split_dateline

PUBLISHED = datetime.fromisoformat("2024-02-22T10:00:00+04:00")

FORMS = [
    ("PORT LOUIS, Feb 22 (Reuters) - The Bank of Mauritius held its rate.",
     {"place": "PORT LOUIS", "date": "2024-02-22", "agency": "Reuters",
      "raw": "PORT LOUIS, Feb 22 (Reuters) -"},
     "The Bank of Mauritius held its rate."),
    ("MOSCOW (AP) — Russian officials said on Thursday.",
     {"place": "MOSCOW", "date": None, "agency": "AP", "raw": "MOSCOW (AP) —"},
     "Russian officials said on Thursday."),
    ("MOSCOW, April 16. /TASS/. Russian President Vladimir Putin met Li Shangfu.",
     {"place": "MOSCOW", "date": "2023-04-16", "agency": "TASS",
      "raw": "MOSCOW, April 16. /TASS/."},
     "Russian President Vladimir Putin met Li Shangfu."),
    ("Port-Louis, le 22 février – Le gouvernement a présenté le budget.",
     {"place": "Port-Louis", "date": "2024-02-22", "agency": None,
      "raw": "Port-Louis, le 22 février –"},
     "Le gouvernement a présenté le budget."),
    ("PORT LOUIS: The cabinet met on Friday.",
     {"place": "PORT LOUIS", "date": None, "agency": None, "raw": "PORT LOUIS:"},
     "The cabinet met on Friday."),
    ("Port Louis, (APP - UrduPoint / Pakistan Point News - 15th Jan, 2024) The Prime Minister said",
     {"place": "Port Louis", "date": "2024-01-15",
      "agency": "APP - UrduPoint / Pakistan Point News",
      "raw": "Port Louis, (APP - UrduPoint / Pakistan Point News - 15th Jan, 2024)"},
     "The Prime Minister said"),
    ("MOSCOW (UrduPoint News / Sputnik - 16th April, 2023) The Russian Defence Ministry said",
     {"place": "MOSCOW", "date": "2023-04-16", "agency": "UrduPoint News / Sputnik",
      "raw": "MOSCOW (UrduPoint News / Sputnik - 16th April, 2023)"},
     "The Russian Defence Ministry said"),
    ("WASHINGTON, Jan 3 (AFP) – The US said.",
     {"place": "WASHINGTON", "date": "2024-01-03", "agency": "AFP",
      "raw": "WASHINGTON, Jan 3 (AFP) –"},
     "The US said."),
    ("WASHINGTON, Jan 3 (AFP) - The US said.",
     {"place": "WASHINGTON", "date": "2024-01-03", "agency": "AFP",
      "raw": "WASHINGTON, Jan 3 (AFP) -"},
     "The US said."),
    ("MOSCOW (AP) - the Kremlin said.",  # rest kept as written, first letter included
     {"place": "MOSCOW", "date": None, "agency": "AP", "raw": "MOSCOW (AP) -"},
     "the Kremlin said."),
    ("ROSE-HILL, 3 mars 2023 — La mairie a voté.",  # an explicit year wins over `published`
     {"place": "ROSE-HILL", "date": "2023-03-03", "agency": None,
      "raw": "ROSE-HILL, 3 mars 2023 —"},
     "La mairie a voté."),
    ("Port-Louis, le 22 févr. – Le conseil a siégé.",
     {"place": "Port-Louis", "date": "2024-02-22", "agency": None,
      "raw": "Port-Louis, le 22 févr. –"},
     "Le conseil a siégé."),
    ("MAURICE, 3 mars (MBC) – La pluie.",  # no year: 3 March 2024 is after published + 1 day
     {"place": "MAURICE", "date": "2023-03-03", "agency": "MBC",
      "raw": "MAURICE, 3 mars (MBC) –"},
     "La pluie."),
]


@pytest.mark.parametrize(("body", "expected", "rest"), FORMS, ids=[f[1]["raw"] for f in FORMS])
def test_each_dateline_form(body: str, expected: dict, rest: str) -> None:
    dateline, new_body = split_dateline(body, PUBLISHED)
    assert dateline is not None
    assert dateline.as_dict() == expected
    assert new_body == rest


def test_only_the_first_paragraph_changes() -> None:
    body = (
        "  PORT LOUIS, Feb 22 (Reuters) -   The rate held.\n\n"
        "MOSCOW (AP) — not a dateline here.\n\nEnd."
    )
    dateline, new_body = split_dateline(body, PUBLISHED)
    assert dateline is not None and dateline.place == "PORT LOUIS"
    assert new_body == "The rate held.\n\nMOSCOW (AP) — not a dateline here.\n\nEnd."


@pytest.mark.parametrize(
    ("published", "dateline_date", "expected"),
    [
        ("2025-01-02T10:00:00+04:00", "Dec 31", "2024-12-31"),
        ("2025-01-02T10:00:00+04:00", "Jan 3", "2025-01-03"),  # published + 1 day is allowed
        ("2025-01-02T10:00:00+04:00", "Jan 4", "2024-01-04"),
        ("2025-01-01T22:00:00+00:00", "Jan 3", "2025-01-03"),  # that is the 2nd in Port Louis
        ("2024-12-31T23:30:00+04:00", "Jan 1", "2025-01-01"),
        ("2025-03-01T10:00:00+04:00", "Feb 29", "2024-02-29"),
    ],
)
def test_year_comes_from_published(published: str, dateline_date: str, expected: str) -> None:
    body = f"WASHINGTON, {dateline_date} (AFP) – The text."
    dateline, _ = split_dateline(body, datetime.fromisoformat(published))
    assert dateline is not None and dateline.as_dict()["date"] == expected


def test_without_published_a_year_less_date_is_unknown() -> None:
    dateline, body = split_dateline("PORT LOUIS, Feb 22 (Reuters) - Text.", None)
    assert dateline == Dateline("PORT LOUIS", None, "Reuters", "PORT LOUIS, Feb 22 (Reuters) -")
    assert body == "Text."


def test_without_published_an_explicit_year_still_dates_the_dateline() -> None:
    dateline, _ = split_dateline("ROSE-HILL, 3 mars 2023 — La mairie a voté.", None)
    assert dateline is not None and dateline.date == date(2023, 3, 3)


def test_impossible_day_keeps_the_dateline_without_a_date() -> None:
    dateline, body = split_dateline("PORT LOUIS, Feb 30 (Reuters) - Text.", PUBLISHED)
    assert dateline is not None and dateline.date is None and dateline.agency == "Reuters"
    assert body == "Text."


def test_as_dict_serialises_the_date() -> None:
    dateline = Dateline("MOSCOW", date(2023, 4, 16), "TASS", "MOSCOW, April 16. /TASS/.")
    assert dateline.as_dict() == {
        "place": "MOSCOW", "date": "2023-04-16", "agency": "TASS",
        "raw": "MOSCOW, April 16. /TASS/.",
    }


@pytest.mark.parametrize(
    "body",
    [
        "Port Louis will host the summit next week.",
        "PORT LOUIS is preparing for the summit.",
        "Mauritius: the budget was presented on Friday.",
        "Moscow (AP) — a title-case place needs a comma and a date or credit.",
        "On Sunday 22d June, the minister spoke.",
        "On Sunday, 22 June – the minister spoke.",
        "Yesterday, 22 February – the minister spoke.",
        "Jeudi, 22 février – le ministre a parlé.",
        "Hier, 22 février – le ministre a parlé.",
        "Aujourd’hui, 22 février – le ministre parle.",
        "Mon, Feb 22 (Reuters) - the minister spoke.",
        "In 2024, the rupee fell.",
        "The minister said: the budget is balanced.",
        "The Prime Minister, Feb 22 meeting aside, said nothing.",
        "“PORT LOUIS: a quote opens this story,” he said.",
        "\"We will win,\" said the leader.",
        "MSM and Labour agreed on a joint list.",
        "MSM, Labour and MMM met on Friday.",
        "Curepipe, ward 4 – the council met.",
        "PORT LOUIS:",
        "PORT LOUIS: \n\nThe dateline must open text in its own paragraph.",
        "PORT LOUIS, Feb 22 (Reuters) -",
        "Port Louis, the capital, is busy.\n\nPORT LOUIS: second paragraph.",
        "UPDATE: The Meteorological Services lifted the cyclone warning.",
        "BREAKING NEWS: Parliament is dissolved.",
        "EDITOR’S NOTE: This story was corrected.",
        "MISE À JOUR : le ministre a démissionné.",
    ],
)
def test_non_datelines_are_left_alone(body: str) -> None:
    assert split_dateline(body, PUBLISHED) == (None, body)
