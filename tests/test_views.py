"""Filters over the candidate frame, and the built-in views, on real pandas frames."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentsheet.errors import InputError
from talentsheet.sample import fake_candidates
from talentsheet.views.filters import (
    ViewFilter,
    filter_candidates,
    follow_ups_due,
    future_by_location,
    future_by_title,
    prepare,
    view_mask,
)

TODAY = date(2026, 11, 25)
COLUMNS = ["first_name", "future_title", "future_location", "open_to_remote", "status", "owner"]
COLUMNS += ["last_contacted", "follow_up_on", "notes", "current_title", "location"]
PEOPLE = [
    [
        "Ada",
        "Sr. Data Eng",
        "Austin, TX; Remote",
        "Yes",
        "Not now",
        "Dana",
        date(2026, 3, 1),
        date(2026, 12, 1),
        "Spark",
        None,
        None,
    ],
    ["Bo", "Data Engineer", "austin tx", "No", "Interested", "Sam", date(2026, 11, 1), None, "", None, None],
    ["Cy", "Staff Data Engineer", "Dallas", "", "Not now", "Dana", date(2025, 1, 1), None, "wants SPARK", None, None],
    [
        "Di",
        "Senior Software Engineer",
        "Brooklyn",
        "Relocate",
        "Placed",
        "Lee",
        date(2026, 10, 1),
        date(2026, 1, 1),
        None,
        None,
        None,
    ],
    ["Ed", None, None, None, "New", "Sam", None, None, None, "Senior Data Engineer", "Round Rock, TX"],
    ["Flo", "Data Engineer", "Berlin", "No", "Not now", "Priya", date(2026, 9, 1), date(2026, 11, 20), None, None, None],
    ["Gus", "Product Manager", "Remote (US)", None, "Do not contact", "Dana", date(2024, 1, 1), None, None, None, None],
]


@pytest.fixture
def people() -> pd.DataFrame:
    df = pd.DataFrame(PEOPLE, columns=COLUMNS, dtype=object)
    df.index = pd.RangeIndex(2, 2 + len(df), name="row")
    return df


def names(df: pd.DataFrame) -> list[str]:
    return list(df["first_name"])


def test_title_family_with_seniority_in_the_text(people: pd.DataFrame) -> None:
    assert names(filter_candidates(people, title_family="Data Engineer")) == ["Ada", "Bo", "Cy", "Ed", "Flo"]
    assert names(filter_candidates(people, title_family="Senior Data Engineer")) == ["Ada", "Ed"]
    assert names(filter_candidates(people, title_family="data eng", seniority_min="Senior")) == ["Ada", "Cy", "Ed"]
    assert names(filter_candidates(people, seniority_min="Staff", seniority_max="Principal")) == ["Cy"]


def test_current_title_and_location_stand_in_for_empty_future_ones(people: pd.DataFrame) -> None:
    found = filter_candidates(people, title_family="Data Engineer", location="Austin", include_remote=False)
    assert names(found) == ["Ada", "Bo", "Ed"]  # Ed: now in Round Rock, same metro as Austin


def test_location_honours_remote_and_relocation(people: pd.DataFrame) -> None:
    strict = filter_candidates(people, location="Austin, TX", include_remote=False, include_relocation=False)
    assert names(strict) == ["Ada", "Bo", "Ed"]
    assert "Di" in names(filter_candidates(people, location="Austin, TX", include_remote=False))  # relocates
    assert "Gus" in names(filter_candidates(people, location="Austin, TX", include_relocation=False))  # remote
    assert names(filter_candidates(people, location="Texas", include_remote=False, include_relocation=False)) == [
        "Ada",
        "Bo",
        "Cy",
        "Ed",
    ]
    assert names(filter_candidates(people, location="Germany", include_remote=False, include_relocation=False)) == ["Flo"]
    assert names(filter_candidates(people, location="New York", include_remote=False, include_relocation=False)) == ["Di"]


def test_remote_as_the_location(people: pd.DataFrame) -> None:
    assert names(filter_candidates(people, location="Remote", include_remote=False)) == ["Ada", "Gus"]


def test_status_owner_notes(people: pd.DataFrame) -> None:
    assert names(filter_candidates(people, status="not now; Interested")) == ["Ada", "Bo", "Cy", "Flo"]
    assert names(filter_candidates(people, owner="dana", status="Not now")) == ["Ada", "Cy"]
    assert names(filter_candidates(people, notes_contain="spark")) == ["Ada", "Cy"]


def test_date_windows(people: pd.DataFrame) -> None:
    assert names(filter_candidates(people, contacted_within_days=60, today=TODAY)) == ["Bo", "Di"]
    # follow-up within 10 days, overdue included
    assert names(filter_candidates(people, follow_up_within_days=10, today=TODAY)) == ["Ada", "Di", "Flo"]


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"seniority_min": "Seniorish"}, "not a seniority level"),
        ({"seniority_min": "Director", "seniority_max": "Junior"}, "above"),
        ({"location": "Atlantis"}, "not a place"),
        ({"title_family": "Wizard"}, "not a role"),
        ({"contacted_within_days": -3}, "whole number of days"),
    ],
)
def test_bad_filters_are_input_errors_with_a_hint(kwargs: dict, says: str) -> None:
    with pytest.raises(InputError) as err:
        ViewFilter(**kwargs)
    assert says in err.value.message and err.value.hint


def test_follow_ups_due(people: pd.DataFrame) -> None:
    view = follow_ups_due(people, prepare(people), days=30, cadence_days=90, today=TODAY)
    by_name = dict(zip(view.people["Name"], view.people["Why"], strict=True))
    assert by_name == {"Cy": "said not now; no contact for 90+ days", "Flo": "overdue by 5 days", "Ada": "due in 6 days"}
    assert list(view.people["Due"]) == [date(2025, 4, 1), date(2026, 11, 20), date(2026, 12, 1)]
    assert dict(view.counts) == {"Dana": 2, "Priya": 1}  # Di is placed, Gus is do-not-contact


def test_future_by_location_counts_every_wanted_place(people: pd.DataFrame) -> None:
    view = future_by_location(people, prepare(people))
    counts = dict(view.counts)
    assert counts["Austin, TX"] == 2 and counts["Remote"] == 1 and "Round Rock, TX" not in counts
    assert sum(counts.values()) == len(view.people) == 8  # Ada wants two places
    assert view.people.loc[2, "Wants to work in"].tolist() == ["Austin, TX", "Remote"]


def test_current_data_is_never_shown_as_a_wish(people: pd.DataFrame) -> None:
    """Ed typed no future answer: he lives in Round Rock and is a Senior Data Engineer today."""
    by_place, by_title = future_by_location(people, prepare(people)), future_by_title(people, prepare(people))
    ed_place, ed_title = by_place.people.loc[6], by_title.people.loc[6]
    assert ed_place["Wants to work in"] == "(no future answer given)" and ed_place["Location wanted"] is None
    assert (ed_place["Current location"], ed_place["Location source"]) == (
        "Round Rock, TX",
        "current location — no future answer given",
    )
    assert ed_title["Role family"] == "(no future answer given)" and ed_title["Title wanted"] is None
    assert by_title.people.loc[2, "Title source"] == "Future title (typed)"


def test_future_by_title_groups_families(people: pd.DataFrame) -> None:
    view = future_by_title(people, prepare(people))
    assert view.counts[0] == ("Data Engineer", 4)
    seniority = view.people[view.people["Role family"] == "Data Engineer"]["Seniority"].fillna("-")
    assert list(seniority) == ["Senior", "Staff", "-", "-"]  # by rank, unstated last


# --- properties: filters are pure conditions on rows -----------------------------------------

FRAME = fake_candidates(400, seed=3)
FEATURES = prepare(FRAME)
CONDITIONS = {
    "title_family": st.sampled_from(["Data Engineer", "Software Engineer", "Product Manager", "Engineering"]),
    "seniority_min": st.sampled_from(["Junior", "Senior", "Staff"]),
    # include_remote/include_relocation qualify the location, so they travel with it
    "location": st.fixed_dictionaries(
        {
            "location": st.sampled_from(["Austin, TX", "Texas", "Remote", "Germany", "London", "Seattle; Denver"]),
            "include_remote": st.booleans(),
            "include_relocation": st.booleans(),
        }
    ),
    "status": st.sampled_from(["Not now", "Interested; New", "Placed"]),
    "owner": st.sampled_from(["Dana", "Sam", "Priya; Lee"]),
    "contacted_within_days": st.integers(0, 700),
    "follow_up_within_days": st.integers(0, 400),
    "notes_contain": st.sampled_from(["python", "SQL", "not now", "zzz"]),
}


@st.composite
def two_filters(draw: st.DrawFn) -> tuple[dict, dict]:
    keys = draw(st.lists(st.sampled_from(sorted(CONDITIONS)), unique=True, max_size=6))
    cut = draw(st.integers(0, len(keys)))
    chosen = [{k: v} if k != "location" else v for k in keys for v in [draw(CONDITIONS[k])]]
    return {k: v for c in chosen[:cut] for k, v in c.items()}, {k: v for c in chosen[cut:] for k, v in c.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_filters())
def test_filters_give_subsets_and_commute(pair: tuple[dict, dict]) -> None:
    a, b = pair
    a_then_b = filter_candidates(filter_candidates(FRAME, today=TODAY, **a), today=TODAY, **b)
    b_then_a = filter_candidates(filter_candidates(FRAME, today=TODAY, **b), today=TODAY, **a)
    both = FRAME[view_mask(FEATURES, ViewFilter(**a, **b), TODAY)]
    assert set(a_then_b.index) <= set(filter_candidates(FRAME, today=TODAY, **a).index) <= set(FRAME.index)
    assert a_then_b.index.equals(b_then_a.index) and a_then_b.index.equals(both.index)
    pd.testing.assert_frame_equal(a_then_b, FRAME.loc[a_then_b.index])


# --- saved views: rows of the Views sheet ---------------------------------------------------


def views_sheet(*rows: list) -> object:
    from openpyxl import Workbook

    ws = Workbook().active
    ws.append(["My saved views"])  # a title above the header is fine
    ws.append(["View name", "Title family", "Seniority from", "Include remote", "Last contacted within (days)", "Mine"])
    for row in rows:
        ws.append(row)
    return ws


def test_saved_views_are_read_from_the_views_sheet() -> None:
    from talentsheet.views.sheets import read_saved_views

    ws = views_sheet(
        ["Seniors", "data eng", "Senior", "No", 30.0, "my note"],
        [None, "Data Engineer", None, None, None, None],  # no name: not a view
        ["Recent", None, None, "Hybrid", "14 days", None],
    )
    saved = read_saved_views(ws)
    assert [(s.name, s.row, s.problem) for s in saved] == [("Seniors", 3, ""), ("Recent", 5, "")]
    assert saved[0].filter == ViewFilter(
        title_family="data eng", seniority_min="Senior", include_remote=False, include_relocation=False, contacted_within_days=30
    )
    assert saved[1].filter.contacted_within_days == 14 and saved[1].filter.include_remote is False


def test_bad_rows_and_repeated_names_carry_their_reason() -> None:
    from talentsheet.views.sheets import read_saved_views

    ws = views_sheet(
        ["A", "Wizard", None, None, None, None], ["B", None, None, "maybe", None, None], ["b", None, None, None, None, None]
    )
    problems = [s.problem for s in read_saved_views(ws)]
    assert "'Wizard' is not a role" in problems[0]
    assert "Include remote must be Yes or No, not 'maybe'" in problems[1]
    assert "already called 'b'" in problems[2]


def test_a_title_family_may_be_a_title_a_family_or_a_leadership_area() -> None:
    from talentsheet.views.filters import family_of

    assert family_of("sr data eng") == "Data Engineer"
    assert family_of("Backend Engineer") == "Backend Engineer"
    assert family_of("engineering") == "Engineering"  # who wants to lead engineering
    assert family_of("Wizard") is None


def test_leaders_are_grouped_by_the_area_they_want_to_lead() -> None:
    df = pd.DataFrame(
        {"first_name": ["Ann", "Ben", "Cat"], "future_title": ["Eng Manager", "VP Engineering", "SWE"]}, dtype=object
    )
    view = future_by_title(df, prepare(df))
    assert dict(view.counts) == {"Engineering leadership": 2, "Software Engineer": 1}


def test_dates_pandas_cannot_hold_are_treated_as_missing(people: pd.DataFrame) -> None:
    people.loc[2, "follow_up_on"] = date(202, 3, 1)  # a typo for 2026
    people.loc[3, "last_contacted"] = "9999-01-01"
    assert "Ada" not in names(filter_candidates(people, follow_up_within_days=30, today=TODAY))
    assert "Bo" not in names(filter_candidates(people, contacted_within_days=30, today=TODAY))


def test_remote_within_another_country_does_not_cover_a_city() -> None:
    df = pd.DataFrame({"first_name": ["Uma", "Vic"], "future_location": ["Remote (UK)", "Remote"]}, dtype=object)
    assert names(filter_candidates(df, location="Austin, TX")) == ["Vic"]
    assert names(filter_candidates(df, location="London")) == ["Uma", "Vic"]


def test_people_without_an_answer_come_last() -> None:
    df = pd.DataFrame({"first_name": ["Al", "Bea", "Cy"], "future_location": [None, "Zurich", "Austin"]}, dtype=object)
    view = future_by_location(df, prepare(df))
    assert list(view.people["Wants to work in"]) == ["Austin, TX", "Zürich, Switzerland", "(no future answer given)"]
    assert view.counts[-1] == ("(no future answer given)", 1)


def test_not_now_without_any_contact_date_is_due_now() -> None:
    df = pd.DataFrame({"first_name": ["Ida", "Jo"], "status": ["Not now", "New"]}, dtype=object)
    view = follow_ups_due(df, prepare(df), today=TODAY)
    assert list(zip(view.people["Name"], view.people["Due"], view.people["Why"], strict=True)) == [
        ("Ida", TODAY, "said not now; no contact date recorded")
    ]


def test_a_software_engineer_filter_includes_its_specialisations_not_the_reverse() -> None:
    df = pd.DataFrame(
        {"first_name": ["Gen", "Back", "Ml"], "future_title": ["Software Engineer", "Backend Developer", "ML Engineer"]},
        index=pd.RangeIndex(2, 5, name="row"),
        dtype=object,
    )
    assert names(filter_candidates(df, title_family="Software Engineer")) == ["Gen", "Back"]
    assert names(filter_candidates(df, title_family="Backend Engineer")) == ["Back"]


# --- issue 12: wishes from notes, fuzzy follow-ups, people not to contact -----------------------


def frame(*rows: dict) -> pd.DataFrame:
    df = pd.DataFrame(list(rows), dtype=object)
    df.index = pd.RangeIndex(2, 2 + len(df), name="row")
    return df.astype(object).where(df.notna(), None)


def test_a_wish_read_from_notes_says_so():
    df = frame(
        {
            "first_name": "Jo",
            "notes": "not looking now; future: Director of Eng in Denver, call back in Q3",
            "last_contacted": date(2026, 3, 4),
        }
    )
    features = prepare(df)
    place, title = future_by_location(df, features).people.iloc[0], future_by_title(df, features).people.iloc[0]
    assert (place["Wants to work in"], place["Location source"]) == (
        "Denver, CO",
        "from notes 2026-03: future: Director of Eng in Denver",
    )
    assert (title["Role family"], title["Title wanted"]) == ("Engineering leadership", "Director of Engineering")


def test_follow_ups_read_fuzzy_dates_and_keep_the_words():
    df = frame(
        {"first_name": "Far", "status": "Not now", "follow_up_on": "Q3 2027", "last_contacted": date(2026, 6, 1)},
        {"first_name": "Near", "status": "Not now", "follow_up_on": "Q4 2026", "last_contacted": date(2026, 6, 1)},
        {"first_name": "Note", "status": "Not now", "notes": "ping after bonus in November", "last_contacted": date(2026, 6, 1)},
    )
    view = follow_ups_due(df, prepare(df), today=TODAY)
    got = {r["Name"]: (r["Due"], r["Follow-up as typed"], r["Why"]) for r in view.people.to_dict("records")}
    assert "Far" not in got  # Q3 2027 is not "due today"
    assert got["Near"] == (date(2026, 10, 1), "Q4 2026", "the quarter they named began 55 days ago")
    assert got["Note"] == (date(2026, 12, 1), "ping after bonus in November", "the month they named begins in 6 days")


def test_unreadable_follow_ups_are_listed_apart_never_due_today():
    df = frame(
        {"first_name": "Ida", "status": "Not now", "notes": "call back after bonus", "last_contacted": date(2026, 10, 1)},
        {"first_name": "Uma", "status": "Interested", "follow_up_on": "when the reorg settles"},
    )
    view = follow_ups_due(df, prepare(df), today=TODAY)
    assert view.people.empty
    assert list(view.unreadable["Name"]) == ["Ida", "Uma"]
    assert list(view.unreadable["Follow-up as typed"]) == ["call back after bonus", "when the reorg settles"]


def test_do_not_contact_and_placed_are_never_due_but_listed_as_not_contacted():
    df = frame(
        {"first_name": "Dee", "status": "Not now", "notes": "DNC - asked to be removed", "follow_up_on": date(2026, 11, 1)},
        {"first_name": "Pat", "status": "Interested", "notes": "placed at Globex via me", "follow_up_on": date(2026, 11, 1)},
        {"first_name": "Hal", "status": "hired", "follow_up_on": date(2026, 11, 1)},
        {"first_name": "Ok", "status": "Interested", "follow_up_on": date(2026, 11, 1)},
    )
    view = follow_ups_due(df, prepare(df), today=TODAY)
    assert list(view.people["Name"]) == ["Ok"]
    reasons = dict(zip(view.not_contacted["Name"], view.not_contacted["Not contacted because"], strict=True))
    assert reasons == {"Dee": "not contacted: do not contact", "Hal": "not contacted: placed", "Pat": "not contacted: placed"}


def test_call_backs_for_the_calendar_put_overdue_ones_today():
    from talentsheet.views.filters import call_backs

    df = frame(
        {"first_name": "Old", "follow_up_on": date(2026, 1, 5)},
        {"first_name": "New", "follow_up_on": "Q1 2027"},
        {"first_name": "Dnc", "follow_up_on": date(2026, 12, 1), "status": "DNC"},
    )
    got = call_backs(df, prepare(df), today=TODAY)
    assert list(zip(got["Name"], got["On"], got["Due"], strict=True)) == [
        ("Old", TODAY, date(2026, 1, 5)),
        ("New", date(2027, 1, 1), date(2027, 1, 1)),
    ]
