"""End to end on the canonical demo workbook: every planted problem found, the fixable ones
fixed once, and the recruiter's own formatting intact after both runs."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from talentsheet.findings import Severity
from talentsheet.validate import validate_workbook
from tests.conftest import libreoffice_convert

TODAY = date(2026, 11, 25)  # the demo's own "today" (sample.TODAY)
FIXABLE = {
    "linkedin_unnormalised",
    "phone_unnormalised",
    "method_synonym",
    "location_unnormalised",
    "name_case",
    "name_spaces",
    "date_text",
}


def _cells(report) -> set[tuple[int, str]]:
    return {(f.row, f.column) for f in report.findings}


def test_validate_finds_every_planted_problem(demo_book) -> None:
    path, truth = demo_book
    report = validate_workbook(path, write=False, today=TODAY)
    missed = [p for p in truth.problems if (p[0], p[1]) not in _cells(report)]
    assert missed == []
    unfixable = [p for p in truth.problems if p[2] not in FIXABLE]
    severities = {(f.row, f.column): f.severity for f in report.findings}
    assert all(severities[(row, fieldname)] is not Severity.INFO for row, fieldname, _ in unfixable)


def test_fix_cures_fixable_problems_and_second_run_is_quiet(demo_book) -> None:
    path, truth = demo_book
    fixed = validate_workbook(path, fix=True, today=TODAY)
    fixed_cells = {(c.row, c.column) for c in fixed.fixed}
    planted_fixable = {(row, f) for row, f, kind in truth.problems if kind in FIXABLE}
    assert planted_fixable <= fixed_cells
    again = validate_workbook(path, today=TODAY)
    assert not _cells(again) & planted_fixable
    assert again.validation.changes == []  # nothing left to fix; what stays as info is a suggestion
    assert {f.problem for f in again.findings if f.severity is Severity.INFO} <= {"not a GB number; read as a US number"}
    unfixable = {(row, f) for row, f, kind in truth.problems if kind not in FIXABLE}
    assert unfixable <= _cells(again)


def test_recruiter_formatting_survives_validate_and_fix(demo_book) -> None:
    path, _ = demo_book
    validate_workbook(path, today=TODAY)
    validate_workbook(path, fix=True, today=TODAY)
    wb = openpyxl.load_workbook(path)
    ws = wb["Candidates"]
    assert ws["B8"].fill.fgColor.rgb.endswith("FFFF00")
    assert ws["K9"].comment.text == "Ask about visa timing" and ws["K9"].comment.author == "Dana"
    assert ws.column_dimensions["E"].width == 30 and ws.column_dimensions["H"].width == 45
    assert ws.freeze_panes == "C4" and ws["A1"].font.bold
    assert [str(r.sqref) for r in ws.data_validations.dataValidation] == ["R4:R317"]
    assert [str(r.sqref) for r in ws.conditional_formatting] == ["L4:L317"]
    assert wb["Call notes"]["B2"].value == "Hiring freeze at Globex until Q1"
    assert wb.sheetnames[:3] == ["Candidates", "Issues", "Call notes"]


def test_marked_cells_are_exactly_the_flagged_ones(demo_book) -> None:
    path, _ = demo_book
    report = validate_workbook(path, today=TODAY)
    ws = openpyxl.load_workbook(path)["Candidates"]
    commented = {c.coordinate for row in ws.iter_rows() for c in row if c.comment and c.comment.author == "talentsheet"}
    flagged = {report.table.cell(f.column, f.row) for f in report.findings if f.column and f.severity is not Severity.INFO}
    assert commented == flagged - {"K9"}  # K9 carries the recruiter's own comment
    assert report.marked == len(flagged)


@pytest.mark.libreoffice
def test_libreoffice_opens_the_validated_workbook(demo_book, tmp_path) -> None:
    path, truth = demo_book
    validate_workbook(path, fix=True, today=TODAY)
    resaved = openpyxl.load_workbook(libreoffice_convert(path, "xlsx", tmp_path / "lo"))
    ws = resaved["Candidates"]
    assert ws["K9"].comment.text.startswith("Ask about visa timing")
    row, fieldname, _ = next(p for p in truth.problems if p[2] == "name_case")
    assert ws[f"{'B' if fieldname == 'first_name' else 'C'}{row}"].value in ("Margaret", "McDonald")
    assert {"Issues", "Fix log", "Call notes"} <= set(resaved.sheetnames)
