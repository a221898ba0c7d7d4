"""Talentsheet's own sheets: never a recruiter's sheet replaced, pointers kept true after rows
move, new columns inside the table, CSV in, long notes kept whole, LibreOffice reads it all."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

from talentsheet.dedupe.merge import MAX_CELL_CHARS, NOTES_OVERFLOW, merge
from talentsheet.matches import matches_sheet_title
from talentsheet.openings import Opening
from talentsheet.validate import ISSUES_HEADER
from tests.conftest import libreoffice_convert

TODAY = "2026-11-25"


def with_sheet(path: Path, name: str, rows: list[list]) -> bytes:
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(name)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path.read_bytes()


@pytest.mark.parametrize(
    ("sheet", "command"),
    [
        ("Issues", ["validate", "--today", TODAY]),
        ("Fix log", ["validate", "--fix", "--today", TODAY]),
        ("Duplicates", ["dedupe"]),
        (matches_sheet_title(Opening("Data Engineer")), ["match", "--title", "Data Engineer"]),
        ("Future by title", ["views", "--today", TODAY]),
    ],
)
def test_a_recruiters_sheet_with_a_talentsheet_name_is_never_replaced(run_cli, small_book, sheet, command):
    before = with_sheet(small_book, sheet, [["My own notes"], ["call Ada on Monday"]])
    if command[0] == "validate" and "--fix" in command:  # make a fix to log
        wb = openpyxl.load_workbook(small_book)
        wb["Candidates"]["A2"] = "ADA"
        wb.save(small_book)
        before = small_book.read_bytes()
    result = run_cli(command[0], small_book, *command[1:])
    assert result.code == 6, result.err
    assert f"already has a sheet called '{sheet}' that talentsheet did not" in result.err
    assert small_book.read_bytes() == before


def test_a_sheet_an_earlier_talentsheet_wrote_is_still_recognised_and_replaced(run_cli, small_book):
    with_sheet(small_book, "Issues", [ISSUES_HEADER, [99, "Z99", "Email", "x", "old problem", "", "error"]])
    assert run_cli("validate", small_book, "--today", TODAY, "--no-backup").code in (0, 1, 2)
    rows = list(openpyxl.load_workbook(small_book)["Issues"].iter_rows(values_only=True))
    assert rows[0] == tuple(ISSUES_HEADER) and all(r[0] != 99 for r in rows[1:])


def duplicated(tmp_path: Path) -> Path:
    """Six candidates; row 3 is Ada again, so a merge deletes row 3."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(["First name", "Last name", "Email", "Phone", "LinkedIn URL", "Notes"])
    ws.append(["Ada", "Lovelace", "ada@example.com", None, "https://www.linkedin.com/in/ada", "first note"])
    ws.append(["Ada", "Lovelace", "ada@example.com", None, "https://www.linkedin.com/in/ada", "second note"])
    ws.append(["Alan", "Turing", "alan@gmial.com", None, "https://www.linkedin.com/in/alan", None])
    ws.append(["Grace", "Hopper", "grace@example.com", "555-12", "https://www.linkedin.com/in/grace", None])
    ws.append(["Edsger", "Dijkstra", "edsger@example.com", None, "https://www.linkedin.com/in/edsger", None])
    path = tmp_path / "dups.xlsx"
    wb.save(path)
    return path


def test_own_sheets_keep_pointing_at_the_same_people_after_a_merge(run_cli, tmp_path):
    path = duplicated(tmp_path)
    run_cli("validate", path, "--today", TODAY, "--no-backup")
    run_cli("dedupe", path, "--no-backup")
    issues_before = {r[2]: r for r in openpyxl.load_workbook(path)["Issues"].iter_rows(min_row=2, values_only=True) if r[1]}
    assert issues_before["Email"][:2] == (4, "C4") and issues_before["Phone"][:2] == (5, "D5")
    assert run_cli("merge", path, "--auto", "--no-backup").code == 0
    wb = openpyxl.load_workbook(path)
    issues = {r[2].value: r for r in wb["Issues"].iter_rows(min_row=2) if r[1].value}
    assert [c.value for c in issues["Email"][:2]] == [3, "C3"]  # Alan moved up one row with his issue
    assert issues["Phone"][1].hyperlink.location == "'Candidates'!D4"
    assert wb["Candidates"]["C3"].value == "alan@gmial.com" and wb["Candidates"]["D4"].value == "555-12"
    duplicates = [r for r in wb["Duplicates"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert sorted(str(r[3]) for r in duplicates) == ["(row deleted)", "2"]


def test_new_columns_join_the_table_and_the_autofilter(run_cli, small_book):
    wb = openpyxl.load_workbook(small_book)
    ws = wb["Candidates"]
    ws.add_table(Table(displayName="People", ref="A1:M4"))
    wb.save(small_book)
    assert run_cli("dedupe", small_book, "--no-backup").code == 0
    ws = openpyxl.load_workbook(small_book)["Candidates"]
    table = ws.tables["People"]
    assert table.ref == "A1:N4" and table.tableColumns[-1].name == "Candidate ID"
    assert [ws.cell(r, 14).value for r in range(1, 5)] == ["Candidate ID", "C000001", "C000002", "C000003"]


def test_new_columns_join_the_sheet_autofilter(run_cli, small_book):
    wb = openpyxl.load_workbook(small_book)
    wb["Candidates"].auto_filter.ref = "A1:M4"
    wb.save(small_book)
    assert run_cli("dedupe", small_book, "--no-backup").code == 0
    assert openpyxl.load_workbook(small_book)["Candidates"].auto_filter.ref == "A1:N4"


def people_csv(tmp_path: Path) -> Path:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,ada@example.com,Analytical,Data Engineer\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,ADA@example.com,Analytical,Data Engineer\n"
        "Alan,Turing,https://www.linkedin.com/in/alan,alan@example.com,Bletchley,=1+1\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "--today", TODAY],
        ["validate", "--fix", "--today", TODAY],
        ["dedupe"],
        ["merge", "--auto"],
        ["views", "--today", TODAY],
        ["followups", "--today", TODAY],
        ["match", "--title", "Data Engineer"],
        ["add-opening", "--title", "Data Engineer"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_every_write_command_takes_a_csv_with_output(run_cli, tmp_path, command):
    source = people_csv(tmp_path)
    out = tmp_path / "people.xlsx"
    result = run_cli(command[0], source, *command[1:], "--output", out)
    assert result.code in (0, 1, 2), result.err
    assert "Traceback" not in result.err
    ws = openpyxl.load_workbook(out)["Candidates"]
    assert ws["A2"].value == "Ada"
    alan = next(r for r in ws.iter_rows() if r[0].value == "Alan")
    assert alan[5].value == "=1+1" and alan[5].data_type == "s"  # text stays text


@pytest.mark.parametrize(
    ("command", "message"), [(["undo-fix"], "nothing to undo"), (["unmerge", "--all"], "nothing was merged")]
)
def test_commands_that_need_earlier_work_say_so_for_a_csv(run_cli, tmp_path, command, message):
    result = run_cli(command[0], people_csv(tmp_path), *command[1:], "--output", tmp_path / "out.xlsx")
    assert result.code == 6 and message in result.err and not (tmp_path / "out.xlsx").exists()


def test_merged_notes_beyond_a_cells_limit_go_whole_to_the_overflow_sheet(tmp_path):
    path = duplicated(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Candidates"]["F2"] = "a" * 20_000
    wb["Candidates"]["F3"] = "b" * 20_000
    wb.save(path)
    report = merge(path, auto=True, backup=False, today=date(2026, 11, 25))
    assert len(report.warnings) == 1 and NOTES_OVERFLOW in report.warnings[0]
    wb = openpyxl.load_workbook(path)
    note = wb["Candidates"]["F2"]
    assert len(note.value) <= MAX_CELL_CHARS and note.hyperlink.location == f"'{NOTES_OVERFLOW}'!D2"
    parts = [r[3] for r in wb[NOTES_OVERFLOW].iter_rows(min_row=2, values_only=True)]
    whole = "".join(parts)
    assert whole.count("a") == 20_000 and whole.count("b") == 20_000  # nothing cut


@pytest.mark.libreoffice
def test_libreoffice_opens_every_result_and_reads_the_same_values(run_cli, tmp_path):
    path = duplicated(tmp_path)
    for args in (["validate", "--fix", "--today", TODAY], ["dedupe"], ["merge", "--auto"], ["views", "--today", TODAY]):
        assert run_cli(args[0], path, *args[1:], "--no-backup").code in (0, 1, 2)
    assert run_cli("match", path, "--title", "Data Engineer", "--no-backup").code == 0
    ours = openpyxl.load_workbook(path)
    theirs = openpyxl.load_workbook(libreoffice_convert(path, "xlsx", tmp_path / "lo"))
    assert theirs.sheetnames == ours.sheetnames
    for name in ours.sheetnames:
        mine = [[_norm(v) for v in r] for r in ours[name].iter_rows(values_only=True)]
        lo = [[_norm(v) for v in r] for r in theirs[name].iter_rows(values_only=True)]
        assert _trim(lo) == _trim(mine), name


def _norm(v):
    """Dates as dates, whichever way a reader spells a midnight."""
    if isinstance(v, datetime) and v.time() == datetime.min.time():
        return v.date()
    return v


def _trim(rows):
    """Rows without trailing empty cells and empty rows (LibreOffice keeps no empty cells)."""
    out = [list(r) for r in rows]
    for r in out:
        while r and r[-1] in (None, ""):
            r.pop()
    while out and not out[-1]:
        out.pop()
    return out


@pytest.mark.libreoffice
def test_the_marker_survives_a_libreoffice_save(run_cli, tmp_path):
    path = duplicated(tmp_path)
    run_cli("validate", path, "--today", TODAY, "--no-backup")
    resaved = libreoffice_convert(path, "xlsx", tmp_path / "lo")
    names = zipfile.ZipFile(resaved).read("xl/workbook.xml")
    assert b"_talentsheet" in names
    again = run_cli("validate", resaved, "--today", TODAY, "--no-backup", "--json")
    assert again.code in (0, 1, 2), again.err
    assert json.loads(again.out)["written"]


def test_appended_rows_go_inside_the_table_above_its_totals_row(tmp_path):
    from talentsheet.workbook.changes import SheetEdit, WorkbookEdit
    from talentsheet.workbook.editor import apply_edit
    from tests.rich_workbook import build_rich_workbook

    path = build_rich_workbook(tmp_path / "rich.xlsx", rows=5)  # header row 2, people 3-7, totals row 8
    edit = SheetEdit(
        "Candidates", header_row=2, append=[["Zed", "Zimmer"], ["Yara", "Young", None, date(2026, 1, 2)]], append_at=8
    )
    apply_edit(path, WorkbookEdit(edits=[edit]), backup=False)
    ws = openpyxl.load_workbook(path)["Candidates"]
    table = next(iter(ws.tables.values()))
    assert table.ref.endswith("10") and table.totalsRowCount == 1
    assert [ws.cell(r, 1).value for r in (7, 8, 9, 10)] == [ws.cell(7, 1).value, "Zed", "Yara", "Total"]
    assert ws["D9"].value.date() == date(2026, 1, 2) and ws["D9"].number_format == "yyyy-mm-dd"
    assert ws["B10"].value.startswith("=SUBTOTAL(")


def test_long_notes_of_two_merges_are_both_kept_whole(tmp_path):
    path = duplicated(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Candidates"]
    ws["F2"], ws["F3"] = "a" * 20_000, "b" * 20_000
    ws.append(["Alan", "Turing", "alan@gmial.com", None, "https://www.linkedin.com/in/alan", "c" * 20_000])
    ws["F4"] = "d" * 20_000
    wb.save(path)
    report = merge(path, auto=True, backup=False, today=date(2026, 11, 25))
    assert len(report.warnings) == 2
    texts = "".join(r[3] for r in openpyxl.load_workbook(path)[NOTES_OVERFLOW].iter_rows(min_row=2, values_only=True))
    assert all(ch * 20_000 in texts for ch in "abcd")


def test_a_later_merge_adds_to_the_overflow_sheet_instead_of_replacing_it(tmp_path):
    path = duplicated(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Candidates"]
    ws["F2"], ws["F3"] = "a" * 20_000, "b" * 20_000
    wb.save(path)
    merge(path, auto=True, backup=False, today=date(2026, 11, 25))
    wb = openpyxl.load_workbook(path)
    ws = wb["Candidates"]
    ws.append(["Alan", "Turing", "alan@gmial.com", None, "https://www.linkedin.com/in/alan", "c" * 20_000])
    ws["F3"] = "d" * 20_000  # Alan, now on row 3
    wb.save(path)
    merge(path, auto=True, backup=False, today=date(2026, 11, 26))
    texts = "".join(r[3] for r in openpyxl.load_workbook(path)[NOTES_OVERFLOW].iter_rows(min_row=2, values_only=True))
    assert all(ch * 20_000 in texts for ch in "abcd")


def prefixed(tmp_path: Path) -> Path:
    """The candidate sheet written with a namespace prefix (``<x:row>``), as some tools do."""
    import re

    from openpyxl.comments import Comment

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(["First name", "Last name", "Email", "LinkedIn URL"])
    ws.append(["Ada", "Lovelace", "ada@gmial.com", "https://www.linkedin.com/in/ada"])
    ws.append(["Ada", "Lovelace", "ada@gmial.com", "https://www.linkedin.com/in/ada"])
    ws.append(["Alan", "Turing", "bad", "https://www.linkedin.com/in/alan"])
    ws["A4"].comment = Comment("met at PyData", "Dana")
    path = tmp_path / "prefixed.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = parts["xl/worksheets/sheet1.xml"].replace(
        b"<worksheet " + main, b"<worksheet " + main.replace(b"xmlns=", b"xmlns:x=")
    )
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb"<(/?)(?!x:)(\w+)([ />])", rb"<\1x:\2\3", sheet)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_a_sheet_that_spells_its_namespace_with_a_prefix_is_edited_and_moved_right(run_cli, tmp_path):
    from xml.etree.ElementTree import fromstring

    path = prefixed(tmp_path)
    for args in (["validate", "--fix", "--today", TODAY], ["dedupe"], ["merge", "--auto"], ["unmerge", "--all"]):
        assert run_cli(args[0], path, *args[1:], "--no-backup").code in (0, 1, 2), args
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith((".xml", ".rels")):
                    fromstring(z.read(name))  # every part stays well-formed (prefixes bound)
    ws = openpyxl.load_workbook(path)["Candidates"]
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["Ada", "Ada", "Alan"] and ws["A4"].comment.text == "met at PyData"
