"""Each "safe" fix that used to write a wrong value (issue 13): now right, or only a suggestion.

Every test runs ``validate --fix`` on a real workbook and reads the cell back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from talentsheet.findings import Severity
from talentsheet.validate import validate, validate_workbook
from tests.test_validate import frame

TODAY = date(2026, 11, 25)
HEADER = ["First name", "Last name", "Email", "Phone", "Location", "LinkedIn URL", "Last contacted"]


def sheet(tmp_path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def person(**cells) -> list:
    values = {"First name": "Ada", "Last name": "Lovelace", "Email": "ada@example.com"} | {
        k.replace("_", " "): v for k, v in cells.items()
    }
    return [values.get(h) for h in HEADER]


def fixed_cell(tmp_path: Path, column: str, value, **other) -> tuple[object, list]:
    """Fix a one-row sheet; return the cell's value after --fix and the findings on it."""
    path = sheet(tmp_path, [person(**{column: value}, **other)])
    report = validate_workbook(path, fix=True, today=TODAY)
    col = HEADER.index(column.replace("_", " ")) + 1
    after = openpyxl.load_workbook(path)["Candidates"].cell(2, col).value
    field = report.table.columns[col - 1].field
    return after, [f for f in report.findings if f.column == field]


def test_remote_est_is_a_time_zone_not_estonia(tmp_path: Path) -> None:
    after, _ = fixed_cell(tmp_path, "Location", "remote (EST)")
    assert after == "Remote (EST)"


def test_a_linkedin_slug_with_a_space_is_only_suggested(tmp_path: Path) -> None:
    after, found = fixed_cell(tmp_path, "LinkedIn_URL", "linkedin.com/in/renata rocha")
    assert after == "linkedin.com/in/renata rocha"  # not cut to linkedin.com/in/renata, someone else
    assert any("renata-rocha" in f.suggestion for f in found)


def test_linkedin_metro_name_is_one_place(tmp_path: Path) -> None:
    after, found = fixed_cell(tmp_path, "Location", "Greater London, England, United Kingdom")
    assert after == "London, United Kingdom" and not any(f.severity is Severity.WARNING for f in found)


@pytest.mark.parametrize(
    ("typed", "place"),
    [
        ("ATX", "Austin, TX"),
        ("PDX", "Portland, OR"),
        ("DMV", "Washington DC Metro Area, DC"),
        ("GTA", "Toronto, Canada"),
        ("RTP", "Raleigh, NC"),
        ("NoVA", "Northern Virginia, VA"),
        ("Bay Area", "San Francisco Bay Area, CA"),
        ("Austin, Texas Metropolitan Area", "Austin, TX"),
        ("Bangalore Urban, Karnataka, India", "Bengaluru, India"),
        ("Berlin Metropolitan Area", "Berlin, Germany"),
        ("Greater Seattle Area", "Seattle, WA"),
    ],
)
def test_recruiter_shorthand_and_linkedin_metros_are_known(typed: str, place: str) -> None:
    result = validate(frame([{"first_name": "Ada", "email": "a@x.com", "location": typed}]), today=TODAY)
    assert result.frame.loc[2, "location"] == place
    assert not [f for f in result.findings if f.column == "location" and f.severity is Severity.WARNING]


def test_labelled_phone_number_is_valid_and_its_label_kept(tmp_path: Path) -> None:
    after, found = fixed_cell(tmp_path, "Phone", "+1 602 555 0185 (Mobile)")
    assert after == "+1 602 555 0185 (Mobile)"
    assert [(f.severity, f.suggestion) for f in found] == [(Severity.INFO, "+16025550185")]


def test_two_emails_in_a_cell_are_a_suggestion_not_an_error(tmp_path: Path) -> None:
    after, found = fixed_cell(tmp_path, "Email", "tariqreyes54@yahoo.com, tariq.reyes@massivedynamic.com")
    assert after == "tariqreyes54@yahoo.com, tariq.reyes@massivedynamic.com"
    assert [f.severity for f in found] == [Severity.WARNING]
    assert "move tariq.reyes@massivedynamic.com to Other contacts" in found[0].suggestion


def test_an_ambiguous_date_reads_day_first_in_a_day_first_sheet(tmp_path: Path) -> None:
    rows = [person(Last_contacted="12/03/2026"), person(First_name="Alan", Email="a@t.com", Last_contacted="25/10/2026")]
    path = sheet(tmp_path, rows)
    validate_workbook(path, fix=True, today=TODAY)
    ws = openpyxl.load_workbook(path)["Candidates"]
    assert ws["G2"].value.date() == date(2026, 3, 12) and ws["G3"].value.date() == date(2026, 10, 25)


def test_an_ambiguous_date_without_evidence_is_only_suggested(tmp_path: Path) -> None:
    after, found = fixed_cell(tmp_path, "Last_contacted", "12/03/2026")
    assert after == "12/03/2026"
    assert "2026-12-03 (month first) or 2026-03-12 (day first)" in found[0].suggestion


def test_day_first_can_be_forced(tmp_path: Path) -> None:
    path = sheet(tmp_path, [person(Last_contacted="12/03/2026")])
    validate_workbook(path, fix=True, today=TODAY, dayfirst=True)
    assert openpyxl.load_workbook(path)["Candidates"]["G2"].value.date() == date(2026, 3, 12)


def test_a_national_number_takes_its_rows_own_country(tmp_path: Path) -> None:
    rows = [
        person(Phone="07911 123456", Location="London"),
        person(First_name="Alan", Email="t@x.com", Phone="(215) 555-0123", Location="Philadelphia, PA"),
    ]
    path = sheet(tmp_path, rows)
    report = validate_workbook(path, fix=True, today=TODAY, region="DE")
    ws = openpyxl.load_workbook(path)["Candidates"]
    assert (ws["D2"].value, ws["D3"].value) == ("+447911123456", "+12155550123")  # not +49
    assert not [f for f in report.findings if f.column == "phone" and f.severity is Severity.ERROR]


def test_rows_without_a_location_take_the_sheets_country(tmp_path: Path) -> None:
    rows = [
        person(Phone="07911 123456", Location="Manchester, UK"),
        person(First_name="Alan", Email="t@x.com", Phone="07700 123456"),
    ]
    path = sheet(tmp_path, rows)
    validate_workbook(path, fix=True, today=TODAY)
    assert openpyxl.load_workbook(path)["Candidates"]["D3"].value == "+447700123456"


def test_a_sheet_whose_numbers_are_british_reads_them_as_british(tmp_path: Path) -> None:
    after, _ = fixed_cell(tmp_path, "Phone", "020 7946 0018")  # no location anywhere: the numbers tell
    assert after == "+442079460018"


def test_a_national_number_whose_country_is_only_a_guess_is_suggested() -> None:
    from talentsheet.normalize import normalize_phone

    guessed = normalize_phone("(215) 555-0123", "US", region_known=False)
    assert guessed.value == "(215) 555-0123" and [f.suggestion for f in guessed.findings] == ["+12155550123"]
    assert normalize_phone("(215) 555-0123", "US").value == "+12155550123"


def test_a_total_row_is_not_a_candidate_and_keeps_its_label(tmp_path: Path) -> None:
    path = sheet(tmp_path, [person(), ["TOTAL", "=COUNTA(B2:B2)"]])
    report = validate_workbook(path, fix=True, today=TODAY)
    ws = openpyxl.load_workbook(path)["Candidates"]
    assert ws["A3"].value == "TOTAL" and ws["B3"].value == "=COUNTA(B2:B2)"
    assert {f.row for f in report.findings} <= {2}


def test_fix_summary_says_what_was_fixed(run_cli, tmp_path: Path) -> None:
    path = sheet(tmp_path, [person(First_name="ADA", Location="austin tx")])
    result = run_cli("validate", path, "--fix", "--today", "2026-11-25")
    assert result.code == 0, result.err
    assert "1 rows checked: fixed 2 cells, no problems left." in result.out
    assert "no problems found" not in result.out
