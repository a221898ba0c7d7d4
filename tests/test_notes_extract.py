"""talentsheet extract: proposals from notes go to a review sheet; accepted ones fill empty
cells only (new columns inside the table), and undo puts everything back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.table import Table

from talentsheet.extract_sheet import LOG_SHEET, REVIEW_SHEET, extract_workbook, undo_extract
from talentsheet.workbook.reader import read_candidates

HEADER = ["First name", "Last name", "Email", "Current title", "Notes", "Status", "Last contacted", "Future title"]
ROWS = [
    [
        "Ada",
        "Lovelace",
        "ada@example.com",
        "Data Engineer",
        "Not now; wants Sr DE in Austin; f/u 6 months",
        "Not now",
        date(2026, 3, 1),
        None,
    ],
    ["Alan", "Turing", "alan@example.com", "SWE", "future: EM Denver", "Interested", None, "Staff Engineer"],  # typed: kept
    ["Grace", "Hopper", "grace@example.com", "EM", "DNC - asked to be removed", None, None, None],
    ["Ida", "Wells", "ida@example.com", "PM", "call back after bonus", "Not now", None, None],
]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """Four people in an Excel table that lacks Future location, Open to remote and Follow-up on."""
    path = tmp_path / "book.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    ws.add_table(Table(displayName="People", ref=f"A1:H{len(ROWS) + 1}"))
    wb.save(path)
    return path


def review(path: Path) -> list[dict]:
    rows = list(load_workbook(path)[REVIEW_SHEET].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_review_sheet_lists_proposals_and_writes_nothing_else(book: Path):
    before = read_candidates(book).df
    extract_workbook(book, backup=False)
    got = {(r["Row"], r["Column"]): (r["Proposed value"], r["From the words"]) for r in review(book)}
    assert got[(2, "Future title")] == ("Senior Data Engineer", "wants Sr DE in Austin")
    assert got[(2, "Follow-up on")][0].date() == date(2026, 9, 1)
    assert got[(4, "Status")] == ("Do not contact", "DNC - asked to be removed")
    assert (3, "Future title") not in got  # Alan typed his: never proposed over it
    assert read_candidates(book).df.equals(before)


def test_accept_all_fills_empty_cells_and_grows_the_table(book: Path):
    report = extract_workbook(book, accept="all", backup=False)
    df = read_candidates(book).df
    assert (df.loc[2, "future_title"], df.loc[2, "future_location"], df.loc[2, "follow_up_on"]) == (
        "Senior Data Engineer",
        "Austin, TX",
        date(2026, 9, 1),
    )
    assert df.loc[3, "future_title"] == "Staff Engineer" and df.loc[3, "future_location"] == "Denver, CO"
    assert df.loc[4, "status"] == "Do not contact" and df.loc[5, "follow_up_on"] is None  # unreadable: not written
    ws = load_workbook(book)["Candidates"]
    assert ws.tables["People"].ref == "A1:J5" and [c.name for c in ws.tables["People"].tableColumns][-2:] == [
        "Future location",
        "Follow-up on",
    ]
    assert report.new_columns == ["Future location", "Follow-up on"] and "I2" in report.written


def test_accept_marked_writes_only_what_the_recruiter_marked(book: Path):
    extract_workbook(book, backup=False)
    wb = load_workbook(book)
    ws = wb[REVIEW_SHEET]
    for r in range(2, ws.max_row + 1):
        if (ws.cell(r, 1).value, ws.cell(r, 3).value) == (4, "Status"):
            ws.cell(r, 7).value = "Yes"
    wb.save(book)
    report = extract_workbook(book, accept="marked", backup=False)
    assert report.written == ["F4"] and read_candidates(book).df.loc[4, "status"] == "Do not contact"
    assert read_candidates(book).df.loc[2, "future_title"] is None


def test_a_cell_typed_since_the_review_is_never_overwritten(book: Path):
    extract_workbook(book, backup=False)
    wb = load_workbook(book)
    wb["Candidates"]["H2"] = "Principal Data Engineer"  # the recruiter types it meanwhile
    wb.save(book)
    report = extract_workbook(book, accept="all", backup=False)
    assert read_candidates(book).df.loc[2, "future_title"] == "Principal Data Engineer" and "H2" not in report.written


def test_undo_puts_back_every_cell_and_the_columns(book: Path):
    original = [list(r) for r in load_workbook(book)["Candidates"].iter_rows(values_only=True)]
    extract_workbook(book, accept="all", backup=False)
    report = undo_extract(book, backup=False)
    ws = load_workbook(book)["Candidates"]
    assert [list(r)[: len(HEADER)] for r in ws.iter_rows(values_only=True)] == original
    assert ws.tables["People"].ref == "A1:H5" and not report.kept
    assert all(ws.cell(r, c).value is None for r in range(1, 6) for c in (9, 10))  # the added columns are gone
    log = list(load_workbook(book)[LOG_SHEET].iter_rows(values_only=True))
    undone = log[0].index("Undone")
    assert len(log) == 8 and all("restored" in (r[undone] or "") for r in log[1:])  # 2 columns + 5 cells


def test_undo_keeps_what_the_recruiter_changed_after(book: Path):
    extract_workbook(book, accept="all", backup=False)
    wb = load_workbook(book)
    wb["Candidates"]["H2"] = "Staff Data Engineer"
    wb.save(book)
    report = undo_extract(book, backup=False)
    assert "H2" in report.kept and read_candidates(book).df.loc[2, "future_title"] == "Staff Data Engineer"


def test_cli_extract_accept_and_undo(run_cli, book: Path):
    first = run_cli("extract", book, "--json", "--no-backup")
    assert first.code == 0 and json.loads(first.out)["proposals"] == 6
    done = json.loads(run_cli("extract", book, "--accept", "all", "--json", "--no-backup").out)
    assert len(done["written"]) == 5 and done["unreadable"] == 1
    undone = run_cli("extract", book, "--undo", "--no-backup")
    assert undone.code == 0 and "Restored" in undone.out
    bad = run_cli("extract", book, "--accept", "some")
    assert bad.code != 0 and "--accept 'some' is not a choice" in bad.err


def test_undo_without_a_log_is_a_clear_error(run_cli, book: Path):
    result = run_cli("extract", book, "--undo")
    assert result.code != 0 and "nothing to undo" in result.err


@pytest.mark.libreoffice
def test_libreoffice_opens_the_extracted_workbook_with_its_grown_table(book: Path, tmp_path: Path):
    from tests.conftest import libreoffice_convert

    extract_workbook(book, accept="all", backup=False)
    resaved = libreoffice_convert(book, "xlsx", tmp_path / "lo")
    wb = load_workbook(resaved)
    header = [c.value for c in wb["Candidates"][1]]
    assert header[-2:] == ["Future location", "Follow-up on"] and wb["Candidates"]["I2"].value == "Austin, TX"
    assert REVIEW_SHEET in wb.sheetnames and LOG_SHEET in wb.sheetnames


def test_the_recruiter_project_export_csv_into_a_new_workbook(run_cli, tmp_path: Path):
    """Field data: a LinkedIn Recruiter export (CSV); the answers in its notes become columns."""
    import shutil

    field = Path("/work/shared/field/recruiter_project_export.csv")
    if not field.exists():
        field = Path(__file__).resolve().parents[2] / "shared" / "field" / "recruiter_project_export.csv"
    src = tmp_path / "project.csv"
    shutil.copy(field, src)
    result = run_cli("extract", src, "-o", tmp_path / "project.xlsx", "--accept", "all", "--json")
    assert result.code == 0, result.err
    df = read_candidates(tmp_path / "project.xlsx").df
    oskar = df[df["first_name"] == "Oskar"].iloc[
        0
    ]  # "Jordan Reyes (6/13/2026): Not now; wants Principal Engineer in London; ping Q2"
    assert (oskar["future_title"], oskar["future_location"], oskar["follow_up_on"]) == (
        "Principal Software Engineer",
        "London, United Kingdom",
        date(2027, 4, 1),
    )
    assert df["future_title"].notna().sum() == 11 and src.read_bytes() == field.read_bytes()


def test_the_write_itself_refuses_a_cell_filled_after_planning(book: Path):
    """The last guard: a plan made before the recruiter typed a value never overwrites it."""
    from talentsheet.extract_sheet import ExtractReport, plan_extract
    from talentsheet.notes_review import accepted, plan_changes, plan_review
    from talentsheet.workbook.editor import editing

    table = read_candidates(book)
    rows = plan_review(table)
    plan = plan_changes(table, accepted(rows, None))
    wb = load_workbook(book)
    wb["Candidates"]["H2"] = "Principal Data Engineer"
    wb.save(book)
    report = ExtractReport(book)
    with editing(book, backup=False) as session:
        now = read_candidates(session.source)  # the sheet as it is when the plan is applied
        session.apply(plan_extract(now, rows, plan, report, marks={}, log=[], facts={}, stamp="now"))
    assert "H2" in report.skipped and "H2" not in report.written
    assert read_candidates(book).df.loc[2, "future_title"] == "Principal Data Engineer"
