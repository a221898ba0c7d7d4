"""dates.py: typed dates, day-first sheets, and fuzzy call-back dates read from an anchor."""

from __future__ import annotations

import calendar
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentsheet.dates import find_fuzzy_date, follow_up_date, infer_dayfirst, parse_date, parse_fuzzy_date

ANCHOR = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-14", date(2025, 3, 14)),
        ("3/14/2025", date(2025, 3, 14)),
        ("14/3/2025", date(2025, 3, 14)),  # only one reading exists
        ("14 Mar 2025", date(2025, 3, 14)),
        ("March 14, 2025", date(2025, 3, 14)),
        (45730, date(2025, 3, 14)),  # Excel serial
        ("45730", date(2025, 3, 14)),
        (datetime(2025, 3, 14, 9, 30), date(2025, 3, 14)),
        ("2025-02-30", None),  # no such day
        ("soon", None),
        (True, None),
        (None, None),
    ],
)
def test_typed_dates(value, expected):
    assert parse_date(value) == expected


def test_ambiguous_dates_follow_the_sheet_convention():
    assert parse_date("03/04/2025") == date(2025, 3, 4)  # US unless told
    assert parse_date("03/04/2025", dayfirst=True) == date(2025, 4, 3)
    assert parse_date("3/14/2025", dayfirst=True) == date(2025, 3, 14)  # unambiguous wins


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["14/03/2025", "01/02/2025", None, 45730], True),
        (["3/14/2025", "1/2/2025"], False),
        (["1/2/2025", "2025-03-14"], None),  # nothing decides
        (["14/03/2025", "3/14/2025"], None),  # the sheet mixes both
    ],
)
def test_infer_dayfirst_from_unambiguous_dates(values, expected):
    assert infer_dayfirst(values) is expected


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("Q3 2027", date(2027, 7, 1), "quarter"),
        ("Spring 24", date(2024, 3, 1), "season"),
        ("next spring", date(2027, 3, 1), "season"),  # spring 2026 begins on the anchor day
        ("in 6 months", date(2026, 9, 1), "month"),
        ("after bonus in March", date(2026, 4, 1), "month"),
        ("next year", date(2027, 1, 1), "year"),
        ("in 2 years", date(2028, 3, 1), "year"),
        ("early 2027", date(2027, 1, 1), "quarter"),
        ("end of Q2", date(2026, 6, 1), "month"),
        ("ping Q2", date(2026, 4, 1), "quarter"),
        ("f/u 2w", date(2026, 3, 15), "week"),
        ("around Christmas", date(2026, 12, 20), "week"),
        ("after Jan 15", date(2027, 1, 16), "day"),
        ("call 3/15", date(2026, 3, 15), "day"),
    ],
)
def test_fuzzy_follow_ups_from_an_anchor(text, expected, precision):
    found = find_fuzzy_date(text, anchor=ANCHOR)
    assert (found.date, found.precision) == (expected, precision)
    assert found.words.lower() in text.lower()


def test_a_period_that_has_begun_means_the_next_one():
    assert find_fuzzy_date("ping Q2", anchor=date(2026, 6, 13)).date == date(2027, 4, 1)
    assert find_fuzzy_date("ping Q2", anchor=date(2026, 3, 15)).date == date(2026, 4, 1)


def test_unreadable_words_are_reported_never_today():
    assert parse_fuzzy_date("after bonus", anchor=ANCHOR).date is None
    assert "no date" in parse_fuzzy_date("after bonus", anchor=ANCHOR).problem
    no_anchor = parse_fuzzy_date("in 6 months", anchor=None)
    assert no_anchor.date is None and "counts from a date" in no_anchor.problem
    assert parse_fuzzy_date("Q3 2027", anchor=None).date == date(2027, 7, 1)  # needs no anchor
    assert find_fuzzy_date("may be open to it", anchor=ANCHOR) is None  # "may" the verb
    assert find_fuzzy_date("10am call, 24/7 support", anchor=ANCHOR) is None


def test_follow_up_cells():
    assert follow_up_date("Q3 2027").date == date(2027, 7, 1)
    assert follow_up_date("Q3 2027").words == "Q3 2027"
    assert follow_up_date(date(2026, 12, 1)).precision == "day"
    assert follow_up_date(2027).date == date(2027, 1, 1)  # a year typed as a number
    assert follow_up_date("in 6 months", anchor=ANCHOR).date == date(2026, 9, 1)
    assert follow_up_date("whenever").problem and follow_up_date(None) is None


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)))
def test_typed_date_round_trips(d):
    assert parse_date(d.isoformat()) == d
    assert parse_date(f"{d.month}/{d.day}/{d.year}") == d
    assert parse_date(f"{d.day}/{d.month}/{d.year}", dayfirst=True) == d
    assert parse_date(f"{d.day} {calendar.month_abbr[d.month]} {d.year}") == d


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 36))
def test_in_n_months_is_n_calendar_months_later(anchor, n):
    got = find_fuzzy_date(f"f/u in {n} months", anchor=anchor).date
    months = anchor.year * 12 + anchor.month - 1 + n
    assert (got.year, got.month) == (months // 12, months % 12 + 1) and got.day <= anchor.day


@given(st.integers(2000, 2090), st.integers(1, 4), st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)))
def test_a_quarter_with_a_year_ignores_the_anchor(year, q, anchor):
    assert find_fuzzy_date(f"call back Q{q} {year}", anchor=anchor).date == date(year, 3 * q - 2, 1)


@given(st.text(max_size=80), st.one_of(st.none(), st.dates()))
def test_fuzzy_reading_is_total(text, anchor):
    found = find_fuzzy_date(text, anchor=anchor)
    assert found is None or found.date is not None or found.problem
