"""Matches a recruiter can act on (issue 12): wishes said in notes rank first and are quoted,
do-not-contact / placed never appear, the frame carries what is needed to reach people."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from talentsheet.errors import InputError
from talentsheet.match import MatchSettings, match
from talentsheet.openings import Opening, read_openings

from .test_match import AUSTIN, SETTINGS, people, ranked_names

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


def test_who_said_they_want_it_ranks_first_and_the_reason_quotes_them():
    df = people(
        {
            "first_name": "Now",
            "current_title": "Senior Data Engineer",
            "location": "Austin, TX",
            "last_contacted": date(2026, 10, 1),
        },
        {
            "first_name": "Said",
            "current_title": "Data Analyst",
            "location": "Boston, MA",
            "last_contacted": date(2025, 3, 10),
            "notes": "Not now; wants Senior Data Engineer in Austin; ping Q3",
        },
    )
    top = match(df, AUSTIN, top=None, settings=SETTINGS).iloc[0]
    assert top["name"] == "Said"
    assert top["reasons"][:2] == [
        "said they want this role in this place",
        "said in notes 2025-03: Senior Data Engineer in Austin (exact)",
    ]
    assert top["wish_source"] == "title from notes, location from notes"


@pytest.mark.parametrize(
    "blocked",
    [
        {"notes": "DO NOT CONTACT - asked to be removed"},
        {"notes": "placed at Globex via me"},
        {"status": "dnc"},
        {"status": "hired"},
    ],
)
def test_do_not_contact_and_placed_never_appear_whoever_says_so(blocked):
    perfect = {"future_title": "Senior Data Engineer", "future_location": "Austin, TX", "notes": "Spark"}
    df = people(
        perfect | {"first_name": "Blocked"} | blocked,
        {"first_name": "Other", "current_title": "Data Engineer", "location": "Austin, TX"},
    )
    assert ranked_names(df) == ["Other"]


def test_the_frame_carries_how_to_reach_them_and_a_notes_excerpt():
    long_note = "wants Senior Data Engineer in Austin. " + "Strong Spark. " * 20
    df = people(
        {
            "current_title": "Data Engineer",
            "location": "Austin",
            "email": "a@b.co",
            "phone": "+15125550100",
            "linkedin": "https://www.linkedin.com/in/a",
            "company": "Globex",
            "notes": long_note,
        }
    )
    row = match(df, AUSTIN, settings=SETTINGS).iloc[0]
    assert (row["email"], row["phone"], row["linkedin"], row["company"]) == (
        "a@b.co",
        "+15125550100",
        "https://www.linkedin.com/in/a",
        "Globex",
    )
    assert (
        row["notes_excerpt"].startswith("wants Senior Data Engineer")
        and row["notes_excerpt"].endswith("…")
        and len(row["notes_excerpt"]) == 160
    )


def test_asked_for_it_set_precision_at_10_with_nobody_blocked():
    from match_eval import SPECS, asked_set

    for k, spec in enumerate(SPECS[:3]):
        pool = asked_set(spec, background=300, seed=31 + k)
        top = match(pool, spec.opening, top=10, settings=SETTINGS)["row"]
        kinds = pool.loc[list(top), "kind"]
        assert (pool.loc[list(top), "grade"] == 2).mean() >= 0.9, kinds.tolist()
        assert not kinds.isin(["dnc_note", "placed_note"]).any()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"title_weight": "heavy"}, "title_weight: expected a number"),
        ({"excluded_statuses": "Placed"}, "excluded_statuses: expected a list"),
        ({"recency_full_days": 1.5}, "recency_full_days: expected a whole number"),
        ({"today": "next week"}, "today:"),
        ({"title_weight": -1}, "must not be negative"),
        ([1, 2], "must be an object"),
        ({"colour": 1}, "unknown match settings: colour"),
    ],
)
def test_bad_settings_are_input_errors(data, says):
    with pytest.raises(InputError) as err:
        MatchSettings.from_dict(data)
    assert says in err.value.message and err.value.hint


def test_bad_settings_file_through_the_cli(run_cli, small_book, tmp_path):
    bad = tmp_path / "s.json"
    bad.write_text(json.dumps({"title_weight": "heavy", "min_title_fit": None}))
    result = run_cli("match", small_book, "--title", "Senior Data Engineer", "--settings", bad, "--no-sheet")
    assert result.code != 0 and "title_weight: expected a number" in result.err and "min_title_fit" in result.err


def test_openings_sheet_with_the_headers_recruiters_use(tmp_path):
    path = tmp_path / "reqs.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Openings"
    ws.append(["Req #", "Role", "Location", "Remote?", "Must-haves", "Hiring Manager", "Level"])
    ws.append([4411, "Sr. Data Engineer", "Austin, TX", "No", "Spark; dbt", "Maya", "Snr"])
    ws.append(["R-9", "Lead Backend Engineer", "", "Yes", "", "", ""])
    wb.save(path)
    first, second = read_openings(path)
    assert (first.req_id, first.title, first.work_mode, first.keywords, first.hiring_manager, first.seniority) == (
        "4411",
        "Sr. Data Engineer",
        "on-site",
        ("Spark", "dbt"),
        "Maya",
        "Senior",
    )
    assert (second.req_id, second.work_mode, second.seniority) == ("R-9", "remote", "")


@pytest.mark.parametrize(
    ("typed", "level"),
    [("Sr", "Senior"), ("Sr.", "Senior"), ("Snr", "Senior"), ("Lead", "Lead"), ("Principal", "Principal"), ("L5", "Senior")],
)
def test_seniority_words(typed, level):
    assert Opening("Data Engineer", seniority=typed).seniority == level


def test_an_unknown_seniority_is_an_error_not_ignored():
    with pytest.raises(InputError) as err:
        Opening("Data Engineer", seniority="Seniorish")
    assert "unknown seniority" in err.value.message


def test_shortlist_for_linkedin_recruiter(tmp_path):
    import csv

    from talentsheet.shortlist import LINKEDIN_HEADER, write_shortlist

    df = people(
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@x.io",
            "phone": "+15125550100",
            "current_title": "Senior Data Engineer",
            "location": "Austin, TX",
            "company": '=HYPERLINK("x")',
        },
        {"first_name": "NoMail", "current_title": "Senior Data Engineer", "location": "Austin, TX"},
    )
    report = write_shortlist(match(df, AUSTIN, settings=SETTINGS), tmp_path / "s.csv", opening_label=AUSTIN.label)
    rows = list(csv.reader((tmp_path / "s.csv").open(encoding="utf-8")))
    assert rows[0] == LINKEDIN_HEADER and len(rows) == 2 and report.written == 1
    assert rows[1][:7] == [
        "Ada",
        "Lovelace",
        "ada@x.io",
        "+15125550100",
        "Senior Data Engineer",
        '\'=HYPERLINK("x")',
        "Austin, TX",
    ]
    assert rows[1][8].startswith("talentsheet match #1 for Senior Data Engineer, Austin, TX (hybrid)")
    assert report.left_out == [{"row": 3, "name": "NoMail", "why": "no email (LinkedIn Recruiter needs one)"}]


def test_shortlist_for_greenhouse_through_the_cli(run_cli, small_book, tmp_path):
    import csv

    out = tmp_path / "gh.csv"
    result = run_cli(
        "match",
        small_book,
        "--title",
        "Senior Data Engineer",
        "--location",
        "Austin, TX",
        "--no-sheet",
        "--shortlist",
        out,
        "--shortlist-format",
        "greenhouse",
    )
    assert result.code == 0, result.err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["First Name"] == "Ada" and rows[0]["Social Media"] == "https://www.linkedin.com/in/ada-lovelace"
    assert "Grace" not in {r["First Name"] for r in rows}  # placed
    bad = run_cli("match", small_book, "--title", "Data Engineer", "--no-sheet", "--shortlist", tmp_path / "x.txt")
    assert bad.code != 0 and "is a .csv file" in bad.err
