"""Staying connected: call-backs as calendar events (.ics), check-in drafts quoting what
people said, and "contacted today"."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import icalendar
import pytest
import vobject
from openpyxl import Workbook, load_workbook

from talentsheet.drafts import check_in_template, default_template, render_drafts, wish_sentence
from talentsheet.workbook.reader import read_candidates

TODAY = "2026-11-25"
HEADER = [
    "Candidate ID",
    "First name",
    "Last name",
    "Email",
    "LinkedIn URL",
    "Notes",
    "Status",
    "Last contacted",
    "Follow-up on",
    "Owner",
]
ROWS = [
    [
        "C000001",
        "Ada",
        "Lovelace",
        "ada@x.io",
        "https://www.linkedin.com/in/ada",
        "not looking now; future: Director of Eng in Denver, call back in Q4",
        "Not now",
        date(2026, 3, 2),
        None,
        "Dana",
    ],
    ["C000002", "Alan", "Turing", "alan@x.io", None, "Strong Go", "Interested", date(2026, 1, 5), date(2026, 11, 20), "Sam"],
    [
        "C000003",
        "Grace",
        "Hopper",
        "g@x.io",
        None,
        "DNC - asked to be removed",
        "Not now",
        date(2026, 1, 5),
        date(2026, 11, 30),
        "Sam",
    ],
    ["C000004", "Ida", "Wells", "ida@x.io", None, "wants Senior PM in Boston", "Interested", date(2026, 2, 1), "Q2 2027", "Lee"],
]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "book.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    wb.save(path)
    return path


def test_ics_events_parse_back_with_two_readers(run_cli, book: Path, tmp_path: Path):
    ics = tmp_path / "calls.ics"
    result = run_cli("followups", book, "--ics", ics, "--today", TODAY, "--no-sheet", "--json")
    assert result.code == 0, result.err and json.loads(result.out)["ics"]["events"] == 3
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Call back Ada Lovelace", "Call back Alan Turing", "Call back Ida Wells"}  # never Grace (DNC)
    assert events["Call back Ada Lovelace"].decoded("dtstart") == date(2026, 11, 25)  # Q4 2026 has begun: today
    assert "Overdue since 2026-10-01" in str(events["Call back Ada Lovelace"]["description"])
    assert events["Call back Alan Turing"].decoded("dtstart") == date(2026, 11, 25)  # overdue: today
    assert "As typed: call back in Q4" in str(events["Call back Ada Lovelace"]["description"])
    assert "Wants: Director of Engineering in Denver, CO" in str(events["Call back Ada Lovelace"]["description"])
    second = next(vobject.readComponents(ics.read_text(encoding="utf-8")))
    assert sorted(v.summary.value for v in second.vevent_list) == sorted(events)
    assert sorted(v.dtstart.value for v in second.vevent_list) == [date(2026, 11, 25), date(2026, 11, 25), date(2027, 4, 1)]


def test_ics_uids_are_stable_across_runs(run_cli, book: Path, tmp_path: Path):
    uids = []
    for name in ("a.ics", "b.ics"):
        run_cli("followups", book, "--ics", tmp_path / name, "--today", TODAY, "--no-sheet")
        uids.append(sorted(str(e["uid"]) for e in icalendar.Calendar.from_ical((tmp_path / name).read_bytes()).walk("VEVENT")))
    assert uids[0] == uids[1] and len(set(uids[0])) == 3


def test_drafts_quote_what_they_said(run_cli, book: Path, tmp_path: Path):
    out = tmp_path / "drafts.txt"
    result = run_cli("followups", book, "--drafts", out, "--today", TODAY, "--days", "400", "--no-sheet")
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "To: Ada Lovelace <ada@x.io> (candidate row 2)" in text
    assert "Last time you said you'd like a Director of Engineering role in Denver." in text
    assert "Grace" not in text and "Hi Ida," in text


def test_the_template_is_the_one_on_the_how_to_use_sheet(book: Path):
    wb = load_workbook(book)
    ws = wb.create_sheet("How to use")
    for line in ["How to use this workbook", "", "Check-in message", "Hey {first_name} - {wish_sentence}", "Cheers, {owner}"]:
        ws.append([line])
    wb.save(book)
    template, where = check_in_template(book)
    assert template == "Hey {first_name} - {wish_sentence}\nCheers, {owner}" and where == "the How to use sheet"
    assert "{wish_sentence}" in default_template()


def test_wish_sentences_and_bad_placeholders():
    assert (
        wish_sentence("Engineering Manager", "Austin, TX; Remote")
        == "Last time you said you'd like an Engineering Manager role in Austin or remote."
    )
    assert wish_sentence(None, "Denver, CO") == "Last time you said you'd like your next role to be in Denver."
    import pandas as pd

    from talentsheet.errors import InputError

    with pytest.raises(InputError) as err:
        render_drafts(pd.DataFrame({"Name": ["Ada"]}), "Hi {nickname}")
    assert "{nickname}" in err.value.message and "{first_name}" in err.value.hint


def test_contacted_today_updates_last_contacted_and_clears_the_follow_up(run_cli, book: Path):
    result = run_cli("contacted", book, "--id", "C000002", "--today", TODAY, "--no-backup", "--json")
    assert result.code == 0, result.err and json.loads(result.out)["cleared_follow_up"]
    df = read_candidates(book).df
    assert (df.loc[3, "last_contacted"], df.loc[3, "follow_up_on"]) == (date(2026, 11, 25), None)
    due = json.loads(run_cli("followups", book, "--today", TODAY, "--no-sheet", "--json").out)["due"]
    assert "Alan Turing" not in [d["name"] for d in due]


def test_contacted_clears_a_call_back_read_from_the_notes(run_cli, book: Path):
    before = json.loads(run_cli("followups", book, "--today", TODAY, "--no-sheet", "--json").out)["due"]
    assert "Ada Lovelace" in [d["name"] for d in before]
    run_cli("contacted", book, "--row", "2", "--today", TODAY, "--no-backup")
    after = json.loads(run_cli("followups", book, "--today", TODAY, "--no-sheet", "--json").out)["due"]
    assert "Ada Lovelace" not in [d["name"] for d in after]  # "call back in Q4" now counts from today: next Q4


@pytest.mark.parametrize(
    ("args", "says"),
    [(["--row", "99"], "holds no candidate"), (["--id", "C9"], "no candidate has the id"), ([], "give --row N or --id")],
)
def test_contacted_needs_a_real_person(run_cli, book: Path, args, says):
    result = run_cli("contacted", book, *args)
    assert result.code != 0 and says in result.err
