"""View sheets written into real workbooks: what they hold, and what they never touch."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from talentsheet.errors import InputError
from talentsheet.views.filters import filter_candidates
from talentsheet.views.sheets import FOLLOW_UPS_SHEET, VIEW_SHEETS, refresh_views
from talentsheet.workbook.reader import read_candidates
from tests.conftest import soffice

TODAY = date(2026, 11, 25)
VIEWS_HEADER = ["View name", "Title family", "Seniority from", "Seniority to", "Location", "Include remote"]
VIEWS_HEADER += ["Status", "Owner", "Last contacted within (days)", "Follow-up within (days)", "Notes contain"]


def add_views(path: Path, *rows: list) -> None:
    wb = load_workbook(path)
    ws = wb["Views"] if "Views" in wb.sheetnames else wb.create_sheet("Views")
    ws.delete_rows(1, ws.max_row)
    ws.append(VIEWS_HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)


def sheet_values(path: Path, name: str) -> list[tuple]:
    return list(load_workbook(path)[name].iter_rows(values_only=True))


def all_values(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's values below the refreshed-at line, read in one load."""
    wb = load_workbook(path, read_only=True)
    return {ws.title: list(ws.iter_rows(min_row=3, values_only=True)) for ws in wb.worksheets}


def part(path: Path, sheet_index: int) -> bytes:
    """A worksheet's XML without <selection> (openpyxl always rewrites the cursor position)."""
    xml = zipfile.ZipFile(path).read(f"xl/worksheets/sheet{sheet_index}.xml")
    return re.sub(rb"<selection[^>]*/>", b"", xml)


def test_refresh_writes_the_builtin_sheets_and_leaves_the_rest_byte_for_byte(demo_book) -> None:
    path, _ = demo_book
    original = tmp_copy(path)
    refresh_views(path, today=TODAY, backup=False)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Candidates", "Call notes", *VIEW_SHEETS]  # Follow-ups due is followups' sheet
    assert part(path, 1) == part(original, 1) and part(path, 2) == part(original, 2)
    assert sheet_values(path, "Candidates") == sheet_values(original, "Candidates")
    for name in VIEW_SHEETS:
        ws = wb[name]
        assert ws.freeze_panes == "A5" and ws.auto_filter.ref.startswith("D4:")
        assert "by talentsheet" in ws["A2"].value and len(ws._charts) == 1


def tmp_copy(path: Path) -> Path:
    copy = path.with_name("original.xlsx")
    shutil.copy(path, copy)
    return copy


def test_rerunning_is_idempotent(demo_book) -> None:
    path, _ = demo_book
    add_views(path, ["Seniors", "", "Senior", "", "", "", "", "", "", "", ""])
    refresh_views(path, today=TODAY, backup=False)
    first = all_values(path)
    refresh_views(path, today=TODAY, backup=False)
    second = all_values(path)
    assert first == second
    assert list(second) == ["Candidates", "Call notes", "Views", *VIEW_SHEETS, "View - Seniors"]


def test_saved_views_are_honoured_and_a_bad_row_gets_a_message(demo_book) -> None:
    path, _ = demo_book
    add_views(
        path,
        ["DE Austin", "Data Engineer", "", "", "Austin, TX", "No", "", "", "", "", ""],
        ["Broken", "Data Engineer", "Seniorish", "", "", "", "", "", "", "", ""],
        ["Soon", "", "", "", "", "", "", "", "", "ten", ""],
    )
    report = refresh_views(path, today=TODAY, backup=False)
    df = read_candidates(path).df
    expected = filter_candidates(
        df, title_family="Data Engineer", location="Austin, TX", include_remote=False, include_relocation=False
    )
    rows = sheet_values(path, "View - DE Austin")[4:]
    assert sorted(int(r[-1].removeprefix("Row ")) for r in rows) == sorted(expected.index) and len(rows) > 0
    assert "'Seniorish' is not a seniority level" in sheet_values(path, "View - Broken")[3][0]
    assert "must be a number of days" in sheet_values(path, "View - Soon")[3][0]
    assert [s["problem"] != "" for s in report.sheets[2:]] == [False, True, True]


def test_removed_saved_views_disappear_but_lookalike_recruiter_sheets_stay(small_book: Path) -> None:
    path = small_book
    add_views(path, ["Old", "", "", "", "", "", "Not now", "", "", "", ""])
    refresh_views(path, today=TODAY, backup=False)
    wb = load_workbook(path)
    wb.create_sheet("View - mine")["A2"] = "my own notes"
    wb.save(path)
    add_views(path)
    report = refresh_views(path, today=TODAY, backup=False)
    assert report.removed == ["View - Old"]
    assert "View - mine" in load_workbook(path).sheetnames


def test_a_recruiter_sheet_with_a_builtin_name_is_never_replaced(small_book: Path) -> None:
    wb = load_workbook(small_book)
    wb.create_sheet("Future by title")["A1"] = "my plan"
    wb.save(small_book)
    before = small_book.read_bytes()
    with pytest.raises(InputError, match="did not write"):
        refresh_views(small_book, today=TODAY, backup=False)
    assert small_book.read_bytes() == before


def test_links_to_linkedin_and_back_to_the_candidate_row(small_book: Path) -> None:
    refresh_views(small_book, today=TODAY, backup=False)
    ws = load_workbook(small_book)["Future by title"]
    header = [c.value for c in ws[4]]
    name_col, li_col, row_col = header.index("Name") + 1, header.index("LinkedIn") + 1, header.index("Candidate row") + 1
    for r in range(5, ws.max_row + 1):
        row = int(ws.cell(r, row_col).value.removeprefix("Row "))
        assert ws.cell(r, row_col).hyperlink.location == f"'Candidates'!A{row}"
        candidates = load_workbook(small_book)["Candidates"]
        assert ws.cell(r, name_col).value.startswith(candidates.cell(row, 1).value)
        assert ws.cell(r, li_col).hyperlink.target == candidates.cell(row, 7).value


def test_cell_text_never_becomes_a_formula(small_book: Path) -> None:
    refresh_views(small_book, today=TODAY, backup=False)
    ws = load_workbook(small_book)["Future by title"]
    notes = [c for row in ws.iter_rows(min_row=5) for c in row if c.value == "=1+1 is not a formula"]
    assert notes and all(c.data_type == "s" for c in notes)


def test_followups_only_refreshes_its_own_sheet(small_book: Path) -> None:
    report = refresh_views(small_book, today=TODAY, only_follow_ups=True, backup=False)
    assert load_workbook(small_book).sheetnames == ["Candidates", "Follow-ups due"]
    assert [r["name"] for r in report.follow_ups] == ["Ada Lovelace"]  # due 2026-12-01; Grace is placed


@pytest.mark.libreoffice
@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_views_with_their_charts(demo_book, tmp_path: Path) -> None:
    path, _ = demo_book
    refresh_views(path, today=TODAY, backup=False)
    out = tmp_path / "lo"
    cmd = [
        soffice(),
        "--headless",
        f"-env:UserInstallation=file://{tmp_path}/profile",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        str(path),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    resaved = zipfile.ZipFile(out / path.name)
    charts = [n for n in resaved.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    assert len(charts) == 2
    assert all(b"barChart" in resaved.read(n) for n in charts)
    assert load_workbook(out / path.name).sheetnames[-2:] == list(VIEW_SHEETS)


def test_views_and_followups_each_own_their_sheets(small_book: Path) -> None:
    """One owning command per sheet: views never writes or removes Follow-ups due, and
    followups never touches the future-role views."""
    refresh_views(small_book, today=TODAY, only_follow_ups=True, backup=False)
    due = sheet_values(small_book, FOLLOW_UPS_SHEET)
    refresh_views(small_book, today=date(2027, 6, 1), backup=False)  # another day: due dates would differ
    assert sheet_values(small_book, FOLLOW_UPS_SHEET) == due
    assert load_workbook(small_book).sheetnames == ["Candidates", FOLLOW_UPS_SHEET, *VIEW_SHEETS]
    views = {name: sheet_values(small_book, name) for name in VIEW_SHEETS}
    refresh_views(small_book, today=TODAY, only_follow_ups=True, backup=False)
    assert {name: sheet_values(small_book, name) for name in VIEW_SHEETS} == views
