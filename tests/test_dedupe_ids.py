"""Stable candidate ids, and rows moved out and back without breaking what points at them."""

from __future__ import annotations

import openpyxl
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.datavalidation import DataValidation

from talentsheet.ids import fill_ids, next_id_number
from talentsheet.workbook.reader import read_candidates
from talentsheet.workbook.rows import _deleting, _inserting, delete_rows, insert_rows


def test_ids_fill_only_blank_rows_and_never_renumber(small_book):
    wb = openpyxl.load_workbook(small_book)
    ws = wb["Candidates"]
    ws.cell(1, 14).value, ws.cell(3, 14).value = "Candidate ID", "C000041"
    wb.save(small_book)
    ids = fill_ids(ws, read_candidates(small_book))
    assert ids == {2: "C000042", 3: "C000041", 4: "C000043"}


def test_ids_of_archived_rows_are_never_handed_out_again(small_book):
    wb = openpyxl.load_workbook(small_book)
    ids = fill_ids(wb["Candidates"], read_candidates(small_book), also_taken=["C000007", "not an id"])
    assert sorted(ids.values()) == ["C000008", "C000009", "C000010"]
    assert wb["Candidates"]["N1"].value == "Candidate ID"


def test_next_id_ignores_ids_typed_in_another_form():
    assert next_id_number(["REF-9", 12, None, "C000002", " C000005 "]) == 6


def test_deleting_the_first_data_row_and_putting_it_back_restores_the_dropdown(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 8):
        ws.cell(r, 1).value = f"row {r}"
    dv = DataValidation(type="list", formula1='"Yes,No"')
    dv.add("B2:B7")
    ws.add_data_validation(dv)
    delete_rows(wb, ws, [2, 5])
    assert (str(dv.sqref), ws["A2"].value, ws["A4"].value) == ("B2:B5", "row 3", "row 6")
    insert_rows(wb, ws, [2, 5])
    assert str(ws.data_validations.dataValidation[0].sqref) == "B2:B7"


@given(st.integers(2, 30), st.integers(0, 30), st.sets(st.integers(2, 60), max_size=6))
@settings(max_examples=300, deadline=None)
def test_rows_deleted_inside_a_range_come_back_to_the_same_range(lo, extra, gone):
    hi = lo + extra + 1
    gone = sorted(r for r in gone if lo <= r < hi)  # the range keeps its last row ...
    assume(hi - lo + 1 - len(gone) >= 2)  # ... and one more (a single row reads as a header)
    row, span = _deleting(gone)
    shrunk = span(lo, hi)
    _, grow = _inserting(gone)
    assert grow(*shrunk) == (lo, hi)
    assert [row(r) for r in range(lo, hi + 1) if r not in gone] == list(range(shrunk[0], shrunk[1] + 1))
