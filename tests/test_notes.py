"""notes.py: what recruiters write in Notes, read as proposals with the words they came from."""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from talentsheet.notes import follow_up_still_open, read_note, read_notes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_notes import load, score

ANCHOR = date(2026, 3, 1)
FIELD = Path(__file__).resolve().parents[2] / "shared" / "field"
FIELD = FIELD if FIELD.exists() else Path("/work/shared/field")


def said(note: str, anchor: date | None = ANCHOR) -> dict:
    return {p.field: p.value for p in read_note(note, anchor=anchor).proposals}


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("future: Director of Eng in Denver", {"future_title": "Director of Engineering", "future_location": "Denver, CO"}),
        (
            "wants Sr DE, Austin or remote",
            {"future_title": "Senior Data Engineer", "future_location": "Austin, TX; Remote", "open_to_remote": "Yes"},
        ),
        (
            "would consider Staff SWE roles in Seattle",
            {"future_title": "Staff Software Engineer", "future_location": "Seattle, WA"},
        ),
        ("next role: Principal PM (NYC)", {"future_title": "Principal Product Manager", "future_location": "New York, NY"}),
        ("DE -> DE Manager", {"future_title": "Data Engineering Manager"}),
        ("f/u 6 months", {"follow_up_on": date(2026, 9, 1)}),
        ("call back Q3", {"follow_up_on": date(2026, 7, 1)}),
        ("ping after bonus in March", {"follow_up_on": date(2026, 4, 1)}),
        ("Not now. Next spring.", {"follow_up_on": date(2027, 3, 1), "status": "Not now"}),
        ("check back in 2 years", {"follow_up_on": date(2028, 3, 1)}),
        ("DNC", {"status": "Do not contact"}),
        ("asked to be removed from all lists", {"status": "Do not contact"}),
        ("placed at Globex via me", {"status": "Placed"}),
        ("open to remote, would relocate to Denver", {"future_location": "Denver, CO", "open_to_remote": "Remote or relocate"}),
        ("actively looking", {"status": "Interested"}),
    ],
)
def test_phrasing_families(note, expected):
    assert said(note) == expected


def test_the_issue_notes():
    assert said("Said if I call in future -> Senior Data Engineer, Austin TX. f/u 6 months") == {
        "future_title": "Senior Data Engineer",
        "future_location": "Austin, TX",
        "follow_up_on": date(2026, 9, 1),
    }
    assert said("not looking now; future: Director of Eng in Denver, call back in Q3") == {
        "future_title": "Director of Engineering",
        "future_location": "Denver, CO",
        "follow_up_on": date(2026, 7, 1),
        "status": "Not now",
    }


def test_a_recruiter_export_line_is_read_from_its_own_date():
    note = "Jordan Reyes (6/13/2026): Not now; wants Principal Engineer in London; ping Q2"
    reading = read_note(note, anchor=None)  # no Last contacted: the line's date anchors "Q2"
    assert reading.value("follow_up_on") == date(2027, 4, 1)
    assert reading.get("future_title").noted_on == date(2026, 6, 13)
    assert reading.value("future_location") == "London, United Kingdom"


@pytest.mark.parametrize(
    "note",
    [
        "not interested in management",
        "not interested in Engineering Manager roles",
        "doesn't want to move to Denver",
        "no longer wants to be a PM",
        "referred by Anna in Denver",
        "Anna wants Denver",
        "his manager wants him in Seattle",
        "was a Director, wants IC roles",
        "relocated to Austin last year",
        "wants Nice weather",
        "wants Google",
        "Wants to lead a team",
        "wants more dev work",
        "do not call before 10am, prefers text",
        "Jordan Reyes (10/3/2026): replied, call booked",
        "followed up in Feb, no reply",
    ],
)
def test_what_is_not_a_wish_a_call_back_or_a_status(note):
    assert said(note) == {}


def test_proposals_keep_the_exact_words_and_where_they_stood():
    note = "Strong SQL. not looking now; future: Director of Eng in Denver, call back in Q3"
    for p in read_note(note, anchor=ANCHOR).proposals:
        assert note[p.span[0] : p.span[1]].strip(" ,;-") == p.words
    assert read_note(note, anchor=ANCHOR).get("follow_up_on").words == "call back in Q3"


def test_unreadable_call_backs_are_proposals_without_a_value():
    p = read_note("Said not now; call back after bonus", anchor=ANCHOR).get("follow_up_on")
    assert p.value is None and p.words == "call back after bonus" and "no date" in p.problem
    relative = read_note("f/u in 6 months", anchor=None).get("follow_up_on")
    assert relative.value is None and relative.problem


def test_the_latest_line_wins_and_do_not_contact_beats_all():
    note = "Dana (3/1/2025): wants Data Engineer in Austin. Dana (1/15/2026): now wants Senior Data Engineer in Dallas"
    assert said(note)["future_title"] == "Senior Data Engineer" and said(note)["future_location"] == "Dallas, TX"
    assert said("Interested! wants Staff DE - DNC though")["status"] == "Do not contact"


def test_read_notes_is_read_note_per_row_once_per_distinct_pair():
    notes = ["future: EM Denver", "f/u 6 months", None, "future: EM Denver", "f/u 6 months"]
    contacted = [None, date(2026, 1, 1), None, None, date(2026, 2, 1)]
    df = pd.DataFrame({"notes": notes, "last_contacted": contacted}, dtype=object, index=pd.RangeIndex(2, 7, name="row"))
    frame = read_notes(df)
    assert list(frame.index) == [2, 3, 4, 5, 6]
    assert list(frame["future_title"]) == ["Engineering Manager", None, None, "Engineering Manager", None]
    assert list(frame["follow_up_on"]) == [None, date(2026, 7, 1), None, None, date(2026, 8, 1)]  # each from its own anchor
    assert frame.loc[2, "future_title_words"] == "future: EM Denver"


def test_read_notes_reads_cells_that_are_not_text_as_their_text():
    notes = [2027, None, float("nan"), "call back Q3 2027", 2027.0, True, "", "call back Q3 2027"]
    df = pd.DataFrame({"notes": notes, "last_contacted": [None] * len(notes)}, dtype=object)
    frame = read_notes(df)
    for i, note in enumerate(notes):  # one reading per row, the same as reading the cell alone
        assert frame["follow_up_on"].iat[i] == read_note(note).value("follow_up_on")
    assert frame["follow_up_on"].iat[3] == date(2027, 7, 1)


def test_a_call_back_is_done_once_someone_called_after_it():
    assert follow_up_still_open(date(2026, 7, 1), None, date(2026, 3, 1))
    assert not follow_up_still_open(date(2026, 7, 1), None, date(2026, 7, 2))
    assert not follow_up_still_open(date(2027, 4, 1), date(2026, 6, 13), date(2026, 8, 1))  # a later call superseded the line
    assert follow_up_still_open(None, None, None)


def test_every_field_export_note_is_in_the_labelled_set():
    with open(FIELD / "recruiter_project_export.csv", encoding="utf-8-sig") as fh:
        notes = {r["Notes"] for r in csv.DictReader(fh) if r["Notes"]}
    labelled = {i["note"] for i in load() if i["source"] == "field"}
    assert notes <= labelled and len(load()) >= 300


def test_labelled_dev_notes_meet_the_targets():
    table, _ = score([i for i in load() if i["split"] == "dev"])
    assert (table["precision"] >= 0.95).all() and (table["recall"] >= 0.90).all(), table.to_string()
