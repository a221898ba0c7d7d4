"""Row validation (pure) and what validate writes into a real workbook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from talentsheet.findings import Severity
from talentsheet.validate import FIX_LOG_SHEET, ISSUES_SHEET, MARKS_SHEET, cell_marks, undo_fix, validate, validate_workbook

TODAY = date(2026, 11, 25)
HEADER = ["First name", "Last name", "Email", "Phone", "LinkedIn URL", "Status", "Follow-up on", "Notes"]
GOOD = ["Ada", "Lovelace", "ada@example.com", "+15125550100", "https://www.linkedin.com/in/ada", "New", None, None]


def book(tmp_path: Path, rows: list[list], name: str = "book.xlsx") -> Path:
    """A real workbook with the given candidate rows under HEADER (text stays text)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    path = tmp_path / name
    wb.save(path)
    return path


def frame(rows: list[dict], first_row: int = 2) -> pd.DataFrame:
    df = pd.DataFrame(rows, dtype=object)
    df.index = pd.RangeIndex(first_row, first_row + len(rows), name="row")
    return df


def test_validate_is_pure_and_points_at_excel_rows() -> None:
    df = frame(
        [{"first_name": "ADA", "last_name": "Lovelace", "email": "Ada@Example.com"}, {"first_name": "Alan", "email": "bad"}]
    )
    result = validate(df, today=TODAY)
    assert df.loc[2, "first_name"] == "ADA"  # input untouched
    assert result.frame.loc[2, "first_name"] == "Ada" and result.frame.loc[2, "email"] == "ada@example.com"
    assert {(c.row, c.column, c.new) for c in result.changes} == {(2, "first_name", "Ada"), (2, "email", "ada@example.com")}
    errors = [(f.row, f.column) for f in result.findings if f.severity is Severity.ERROR]
    assert errors == [(3, "email")]
    assert result.exit_code == 2


def test_row_needs_a_name_and_a_way_to_reach() -> None:
    result = validate(frame([{"notes": "met at PyData", "status": "New"}]), today=TODAY)
    problems = {f.problem for f in result.findings if f.column == ""}
    assert problems == {"row has no name", "no way to reach this person"}


def test_first_and_last_name_in_one_cell_is_flagged() -> None:
    result = validate(frame([{"first_name": "LOVELACE, ADA", "email": "ada@example.com"}]), today=TODAY)
    swapped = [f for f in result.findings if f.problem == "first and last name in one cell"]
    assert len(swapped) == 1 and "'Ada'" in swapped[0].suggestion and "'Lovelace'" in swapped[0].suggestion


@pytest.mark.parametrize(
    ("status", "overdue"), [("Not now", True), ("Contacted", True), ("Placed", False), ("Do not contact", False)]
)
def test_overdue_follow_up_depends_on_status(status: str, overdue: bool) -> None:
    row = {"first_name": "Ada", "email": "ada@example.com", "status": status, "follow_up_on": "2026-10-01"}
    result = validate(frame([row]), today=TODAY)
    assert any(f.problem == "follow-up date has passed" for f in result.findings) is overdue


def test_overdue_follow_ups_in_one_sheet_follow_each_rows_status() -> None:
    statuses = ["Placed", "Not now", "dnc", None, "Placed", "Contacted", "Not interested"]
    rows = [{"first_name": "Ada", "email": "ada@example.com", "status": s, "follow_up_on": "2026-10-01"} for s in statuses]
    result = validate(frame(rows), today=TODAY)
    overdue = sorted(f.row for f in result.findings if f.problem == "follow-up date has passed")
    assert overdue == [3, 5, 7]  # Not now, no status, Contacted (rows start at 2)


def test_validation_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    was = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            validate(frame([{"first_name": "Ada", "email": "ada@example.com"}]), today=TODAY)
            assert gc.isenabled() is state
    finally:
        (gc.enable if was else gc.disable)()


def test_full_name_sheet_validates_the_full_name_cell(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Name", "Email"])
    wb.active.append(["ADA LOVELACE", "ada@example.com"])
    path = tmp_path / "full.xlsx"
    wb.save(path)
    report = validate_workbook(path, fix=True, today=TODAY)
    assert [(c.column, c.new) for c in report.fixed] == [("full_name", "Ada Lovelace")]
    ws = openpyxl.load_workbook(path)["Sheet"]
    assert [c.value for c in ws[2]] == ["Ada Lovelace", "ada@example.com"]


def test_issues_sheet_shows_cell_header_and_problem(tmp_path: Path) -> None:
    path = book(
        tmp_path, [GOOD, ["Alan", "Turing", "alan@gmial.com", None, "https://www.linkedin.com/company/x", "New", None, None]]
    )
    validate_workbook(path, today=TODAY)
    rows = list(openpyxl.load_workbook(path)[ISSUES_SHEET].iter_rows(values_only=True))
    assert rows[0] == ("Row", "Cell", "Column", "Value", "Problem", "Suggestion", "Severity")
    assert rows[1][:3] == (3, "E3", "LinkedIn URL") and rows[1][6] == "error"
    assert rows[2][:5] == (3, "C3", "Email", "alan@gmial.com", "domain looks like a typo of gmail.com")


def test_marks_leave_recruiter_fill_and_comment_alone(tmp_path: Path) -> None:
    path = book(tmp_path, [["Alan", "Turing", "bad", "bad phone", "x", "New", None, None]])
    wb = openpyxl.load_workbook(path)
    ws = wb["Candidates"]
    ws["C2"].fill = PatternFill("solid", start_color="FFFF00", end_color="FFFF00")
    ws["D2"].comment = Comment("call after 5pm", "Dana")
    wb.save(path)
    validate_workbook(path, today=TODAY)
    validate_workbook(path, today=TODAY)  # a re-run must not stack or leak marks
    ws = openpyxl.load_workbook(path)["Candidates"]
    assert ws["C2"].fill.fgColor.rgb.endswith("FFFF00") and ws["C2"].comment.author == "talentsheet"
    assert ws["D2"].comment.text == "call after 5pm" and ws["D2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["E2"].comment.text.count("LinkedIn link is malformed") == 1


def test_rerun_removes_only_talentsheet_marks(tmp_path: Path) -> None:
    path = book(tmp_path, [["Alan", "Turing", "bad", None, "x", "New", None, None]])
    validate_workbook(path, today=TODAY)
    wb = openpyxl.load_workbook(path)
    ws = wb["Candidates"]
    ws["C2"] = "alan@example.com"  # recruiter fixes the email ...
    ws["E2"].fill = PatternFill("solid", start_color="00B0F0", end_color="00B0F0")  # ... and recolours E2 herself
    wb.save(path)
    validate_workbook(path, today=TODAY)
    ws = openpyxl.load_workbook(path)["Candidates"]
    assert ws["C2"].fill.fill_type is None and ws["C2"].comment is None
    assert ws["E2"].fill.fgColor.rgb.endswith("00B0F0")
    assert openpyxl.load_workbook(path)[MARKS_SHEET].sheet_state == "hidden"


def test_fix_then_undo_restores_originals_but_not_later_edits(tmp_path: Path) -> None:
    path = book(
        tmp_path, [["ADA", "lovelace", "Ada@Example.com", "(512) 555-0100", "linkedin.com/in/Ada", "hired", "3/14/2027", None]]
    )
    report = validate_workbook(path, fix=True, today=TODAY, region="US")  # told: national numbers are US
    assert len(report.fixed) == 7
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb["Candidates"][2]][:6] == [
        "Ada",
        "Lovelace",
        "ada@example.com",
        "+15125550100",
        "https://www.linkedin.com/in/ada",
        "Placed",
    ]
    wb["Candidates"]["A2"] = "Adah"  # edited by the recruiter after the fix
    wb.save(path)
    undone = undo_fix(path)
    assert undone.kept == [("A2", "Adah")] and len(undone.restored) == 6
    values = [c.value for c in openpyxl.load_workbook(path)["Candidates"][2]]
    assert values[:7] == ["Adah", "lovelace", "Ada@Example.com", "(512) 555-0100", "linkedin.com/in/Ada", "hired", "3/14/2027"]


def test_fix_writes_real_dates_and_never_formulas(tmp_path: Path) -> None:
    path = book(tmp_path, [[*GOOD[:6], "14 Mar 2027", "=1+1 stays text"]])
    wb = openpyxl.load_workbook(path)
    wb["Candidates"]["A2"] = '=UPPER("ada")'  # a real formula of the recruiter's: never overwritten
    wb.save(path)
    report = validate_workbook(path, fix=True, today=TODAY)
    ws = openpyxl.load_workbook(path)["Candidates"]
    assert ws["G2"].value.date() == date(2027, 3, 14) and ws["G2"].number_format == "yyyy-mm-dd"
    assert ws["A2"].value == '=UPPER("ada")' and ws["H2"].data_type == "s"
    assert all(c.column != "first_name" for c in report.fixed)


def test_fix_log_records_each_change(tmp_path: Path) -> None:
    path = book(tmp_path, [["ADA", *GOOD[1:]]])
    validate_workbook(path, fix=True, today=TODAY)
    log = list(openpyxl.load_workbook(path)[FIX_LOG_SHEET].iter_rows(values_only=True))
    assert log[0][:6] == ("Fixed at", "Sheet", "Cell", "Column", "Original value", "Fixed value")
    assert log[1][1:6] == ("Candidates", "A2", "First name", "ADA", "Ada")


def test_issue_cells_link_to_the_offending_cell(tmp_path: Path) -> None:
    path = book(tmp_path, [["Alan", "Turing", "bad", None, None, "New", None, None]])
    validate_workbook(path, today=TODAY)
    link = openpyxl.load_workbook(path)[ISSUES_SHEET]["B2"].hyperlink
    assert link.location == "'Candidates'!C2"


def test_empty_first_or_last_name_is_a_warning_at_that_cell() -> None:
    rows = [
        {"first_name": "Ada", "last_name": None, "email": "ada@example.com"},
        {"first_name": None, "last_name": "Turing", "email": "alan@example.com"},
        {"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com"},
    ]
    result = validate(frame(rows), today=TODAY)
    assert [(f.row, f.column, f.problem) for f in result.findings] == [
        (2, "last_name", "last name is empty"),
        (3, "first_name", "first name is empty"),
    ]


def test_second_fix_appends_to_the_log_and_undo_reverts_both(tmp_path: Path) -> None:
    path = book(tmp_path, [["ADA", *GOOD[1:]], ["Alan", *GOOD[1:]]])
    validate_workbook(path, fix=True, today=TODAY)
    wb = openpyxl.load_workbook(path)
    wb["Candidates"]["A3"] = "ALAN"  # new mess typed after the first fix
    wb.save(path)
    validate_workbook(path, fix=True, today=TODAY)
    log = list(openpyxl.load_workbook(path)[FIX_LOG_SHEET].iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[4], r[5]) for r in log] == [("A2", "ADA", "Ada"), ("A3", "ALAN", "Alan")]
    assert sorted(undo_fix(path).restored) == ["A2", "A3"]
    ws = openpyxl.load_workbook(path)["Candidates"]
    assert (ws["A2"].value, ws["A3"].value) == ("ADA", "ALAN")
    assert undo_fix(path).restored == []  # already undone: nothing happens twice


def test_cell_marks_take_the_worst_severity_per_cell(tmp_path: Path) -> None:
    path = book(tmp_path, [["Ada", "Lovelace", "jobs@gmial.com", "555-12", None, "New", None, None]])
    report = validate_workbook(path, write=False, today=TODAY)
    marks = {m.cell: m for m in cell_marks(report.table, report.findings)}
    assert {ref: m.severity for ref, m in marks.items()} == {"C2": Severity.WARNING, "D2": Severity.ERROR}
    assert "role address" in marks["C2"].comment and "typo of gmail.com" in marks["C2"].comment


cell = st.one_of(
    st.none(),
    st.text(max_size=25),
    st.integers(min_value=0, max_value=10**11),
    st.dates(),
    st.sampled_from(
        ["LI", "MCDONALD", "14 Mar 2025", "uk.linkedin.com/in/Ada?trk=x", "Ada@X.com", "(512) 555-0100", "austin tx"]
    ),
)
FIELDS = ["first_name", "last_name", "email", "phone", "linkedin", "contact_method", "status", "location", "last_contacted"]


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.fixed_dictionaries({f: cell for f in FIELDS}), min_size=1, max_size=6))
def test_validate_never_raises_and_its_fixes_are_final(rows: list[dict]) -> None:
    result = validate(frame(rows), today=TODAY)
    assert validate(result.frame, today=TODAY).changes == []
    assert all(f.row in result.frame.index for f in result.findings)
