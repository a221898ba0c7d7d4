"""Rows moved as Excel moves them: merge deletes a row, unmerge puts it back, and everything
that refers to rows follows both ways; merge/unmerge and fix/undo-fix stay exact when the
recruiter inserts, deletes or sorts rows in between."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table
from PIL import Image as PILImage

from talentsheet.dedupe.merge import merge, unmerge
from talentsheet.errors import InputError
from talentsheet.validate import undo_fix, validate_workbook

HEADER = ["First name", "Last name", "Email", "Score", "LinkedIn URL", "Status", "Candidate ID"]
PEOPLE = [
    ["Ada", "Lovelace", "ada@example.com", 3, "https://www.linkedin.com/in/ada", "Not now"],
    ["Alan", "Turing", "alan@example.com", 5, "https://www.linkedin.com/in/alan", "Placed"],
    ["Grace", "Hopper", "grace@example.com", 4, "https://www.linkedin.com/in/grace", "Interested"],
    ["Edsger", "Dijkstra", "edsger@example.com", 2, "https://www.linkedin.com/in/edsger", "Not now"],
    ["Ada", "Lovelace", "ada@example.com", 1, "https://www.linkedin.com/in/ada", "Interested"],  # row 6: Ada again
    ["Barbara", "Liskov", "barbara@example.com", 5, "https://www.linkedin.com/in/barbara", "Interested"],
    ["Donald", "Knuth", "donald@example.com", 4, "https://www.linkedin.com/in/donald", "Placed"],
    ["Frances", "Allen", "frances@example.com", 3, "https://www.linkedin.com/in/frances", "Not now"],
]
TODAY = date(2026, 11, 25)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """Candidates A1:G9 (row 6 duplicates row 2) with every kind of reference to its rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(HEADER)
    for n, person in enumerate(PEOPLE, start=1):
        ws.append([*person, f"C{n:06d}"])
    ws["A11"], ws["D11"] = "TOTAL", "=COUNTA(D2:D9)"
    ws.merge_cells("I8:J8")
    ws["I8"] = "merged beside Barbara... no, beside Donald"
    ws.conditional_formatting.add("D2:D9", CellIsRule(operator="greaterThan", formula=["4"], fill=PatternFill("solid", "FFC7CE")))
    dv = DataValidation(type="list", formula1='"Not now,Placed,Interested"')
    dv.add("F2:F9")
    ws.add_data_validation(dv)
    ws["B8"].hyperlink = "https://example.com/knuth"
    ws["C8"].comment = Comment("asked about TAOCP vol. 5", "Dana")
    ws.add_table(Table(displayName="People", ref="A1:G9"))
    png = tmp_path / "logo.png"
    PILImage.new("RGB", (8, 8), "navy").save(png)
    ws.add_image(Image(str(png)), "K8")
    wb.defined_names["Everyone"] = DefinedName("Everyone", attr_text="Candidates!$A$2:$G$9")
    ws.print_area = "A1:G11"
    summary = wb.create_sheet("Summary")
    summary["A1"], summary["A2"], summary["A3"] = "=Candidates!B7", "=SUM(Candidates!D2:D9)", "=Candidates!B6"
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def references(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    ws = wb["Candidates"]
    return {
        "total": ws["D" + str(ws.max_row)].value,
        "merged": [str(r) for r in ws.merged_cells.ranges],
        "cf": [str(c.sqref) for c in ws.conditional_formatting],
        "dv": [str(d.sqref) for d in ws.data_validations.dataValidation],
        "links": sorted(c.coordinate for row in ws.iter_rows() for c in row if c.hyperlink),
        "notes": sorted(c.coordinate for row in ws.iter_rows() for c in row if c.comment),
        "table": ws.tables["People"].ref,
        "name": wb.defined_names["Everyone"].attr_text,
        "print": ws.print_area,
        "image_row": ws._images[0].anchor._from.row if ws._images else None,
        "summary": [wb["Summary"][f"A{r}"].value for r in (1, 2)],
    }


def test_every_kind_of_reference_follows_a_merge_and_comes_back_with_unmerge(book):
    before = references(book)
    report = merge(book, auto=True, backup=False, today=TODAY)
    assert [m.merged_rows for m in report.merges] == [[6]]
    after = references(book)
    assert after == {
        "total": "=COUNTA(D2:D8)",
        "merged": ["I7:J7"],
        "cf": ["D2:D8"],
        "dv": ["F2:F8"],
        "links": ["B7"],
        "notes": ["C7"],
        "table": "A1:G8",
        "name": "Candidates!$A$2:$G$8",
        "print": "'Candidates'!$A$1:$G$10",
        "image_row": 6,  # 0-based: the picture sat on row 8, now on row 7
        "summary": ["=Candidates!B6", "=SUM(Candidates!D2:D8)"],
    }
    assert openpyxl.load_workbook(book)["Summary"]["A3"].value == "=Candidates!#REF!"  # it named the deleted row
    unmerge(book, "M0001", backup=False)
    assert references(book) == before


def cells(path: Path) -> list[list]:
    return [list(r) for r in openpyxl.load_workbook(path)["Candidates"].iter_rows(values_only=True)]


def test_unmerge_is_exact_after_the_recruiter_inserts_a_row_above(book):
    merge(book, auto=True, backup=False, today=TODAY)
    wb = openpyxl.load_workbook(book)
    wb["Candidates"].insert_rows(3)
    wb["Candidates"]["A3"], wb["Candidates"]["G3"] = "New", "C000100"
    wb.save(book)
    unmerge(book, "M0001", backup=False)
    rows = cells(book)
    assert [r[6] for r in rows[1:10]] == [
        "C000001",
        "C000100",
        "C000002",
        "C000003",
        "C000004",
        "C000005",
        "C000006",
        "C000007",
        "C000008",
    ]
    assert rows[6][:6] == PEOPLE[4]  # the merged-away Ada is back between Edsger and Barbara


def test_unmerge_is_exact_after_the_recruiter_deletes_a_row(book):
    merge(book, auto=True, backup=False, today=TODAY)
    wb = openpyxl.load_workbook(book)
    wb["Candidates"].delete_rows(3)  # Alan, above the merged row
    wb.save(book)
    unmerge(book, "M0001", backup=False)
    assert [r[6] for r in cells(book)[1:8]] == ["C000001", "C000003", "C000004", "C000005", "C000006", "C000007", "C000008"]


def test_unmerge_after_a_sort_puts_the_row_back_next_to_its_old_neighbour(book):
    merge(book, auto=True, backup=False, today=TODAY)
    wb = openpyxl.load_workbook(book)
    ws = wb["Candidates"]
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=8, max_col=7)]
    for r, values in enumerate(sorted(body, key=lambda v: v[1], reverse=True), start=2):  # by last name, Z to A
        for c, v in enumerate(values, start=1):
            ws.cell(r, c).value = v
    wb.save(book)
    unmerge(book, "M0001", backup=False)
    ids = [r[6] for r in cells(book)[1:9]]
    assert sorted(ids) == [f"C{n:06d}" for n in range(1, 9)]
    assert ids.index("C000005") == ids.index("C000006") - 1  # right above Barbara, who was below it


def test_unmerge_finds_the_survivor_by_its_id_only(book):
    """A "Referred by" column holding the survivor's id is never taken for the survivor."""
    wb = openpyxl.load_workbook(book)
    ws = wb["Candidates"]
    ws["H1"], ws["H3"] = "Referred by", "C000001"  # Alan was referred by Ada
    wb.save(book)
    merge(book, auto=True, backup=False, today=TODAY)
    unmerge(book, "M0001", backup=False)
    rows = cells(book)
    assert rows[2][:7] == [*PEOPLE[1], "C000002"] and rows[2][7] == "C000001"
    assert rows[1][:7] == [*PEOPLE[0], "C000001"]


def test_a_duplicated_id_blocks_the_merge_naming_its_rows(book):
    wb = openpyxl.load_workbook(book)
    wb["Candidates"]["G8"] = "C000002"  # Donald's row got Alan's id by a copy-paste
    wb.save(book)
    before = book.read_bytes()
    with pytest.raises(InputError) as err:
        merge(book, auto=True, backup=False, today=TODAY)
    assert err.value.message == "the same Candidate ID is on more than one row: C000002 on rows 3, 8"
    assert book.read_bytes() == before


def messy(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(["First name", "Last name", "Email", "Status"])
    ws.append(["ADA", "Lovelace", "ada@example.com", "hired"])
    ws.append(["Alan", "TURING", "Alan@Example.com", "Interested"])
    ws.append(["Grace", "Hopper", "grace@example.com", "dnc"])
    path = tmp_path / "messy.xlsx"
    wb.save(path)
    return path


def test_undo_fix_restores_the_right_cells_after_rows_are_inserted_and_sorted(tmp_path):
    path = messy(tmp_path)
    validate_workbook(path, fix=True, today=TODAY, backup=False)
    wb = openpyxl.load_workbook(path)
    ws = wb["Candidates"]
    ws.insert_rows(2)
    ws["A2"], ws["B2"], ws["C2"], ws["D2"] = "Zed", "Zimmer", "zed@example.com", "Placed"
    rows = sorted(([c.value for c in r] for r in ws.iter_rows(min_row=2, max_row=5)), key=lambda v: v[1], reverse=True)
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            ws.cell(r, c).value = v
    wb.save(path)
    report = undo_fix(path, backup=False)
    assert report.lost == [] and report.kept == []
    by_name = {r[1].lower(): r for r in cells(path)[1:]}
    assert by_name["lovelace"] == ["ADA", "Lovelace", "ada@example.com", "hired"]
    assert by_name["turing"] == ["Alan", "TURING", "Alan@Example.com", "Interested"]
    assert by_name["hopper"] == ["Grace", "Hopper", "grace@example.com", "dnc"]
    assert by_name["zimmer"] == ["Zed", "Zimmer", "zed@example.com", "Placed"]  # not touched


def test_undo_fix_says_which_cells_it_cannot_place_and_writes_nothing_there(tmp_path):
    path = messy(tmp_path)
    validate_workbook(path, fix=True, today=TODAY, backup=False)
    wb = openpyxl.load_workbook(path)
    wb["Candidates"].delete_rows(2)  # Ada's row is gone
    wb.save(path)
    report = undo_fix(path, backup=False)
    assert {cell for cell, _ in report.lost} == {"A2", "D2"}
    assert all("no row has" in why for _, why in report.lost)
    assert cells(path)[1] == ["Alan", "TURING", "Alan@Example.com", "Interested"]
