"""Stable candidate ids, and rows moved out and back without breaking what points at them."""

from __future__ import annotations

import openpyxl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.datavalidation import DataValidation

from talentsheet.dedupe.merge import merge, unmerge
from talentsheet.errors import InputError
from talentsheet.ids import check_unique_ids, next_id_number, plan_ids
from talentsheet.workbook.probe import used_width
from talentsheet.workbook.reader import read_candidates
from talentsheet.workbook.restore import restoring
from talentsheet.workbook.shift import RowMap


def test_ids_fill_only_blank_rows_and_never_renumber(small_book):
    wb = openpyxl.load_workbook(small_book)
    ws = wb["Candidates"]
    ws.cell(1, 14).value, ws.cell(3, 14).value = "Candidate ID", "C000041"
    wb.save(small_book)
    plan = plan_ids(read_candidates(small_book), used_width=used_width(small_book, "Candidates"))
    assert plan.ids == {2: "C000042", 3: "C000041", 4: "C000043"}
    assert (plan.column, plan.added_column, plan.filled) == (14, False, {2: "C000042", 4: "C000043"})


def test_ids_of_archived_rows_are_never_handed_out_again(small_book):
    table = read_candidates(small_book)
    plan = plan_ids(table, used_width=13, also_taken=["C000007", "not an id"])
    assert sorted(plan.ids.values()) == ["C000008", "C000009", "C000010"]
    assert (plan.column, plan.added_column) == (14, True)  # N: after the last column


def test_a_new_id_column_never_takes_over_an_unnamed_column_with_data(small_book):
    wb = openpyxl.load_workbook(small_book)
    wb["Candidates"]["N3"] = "C000002"  # no header: e.g. a referral typed next to the table
    wb.save(small_book)
    plan = plan_ids(read_candidates(small_book), used_width=used_width(small_book, "Candidates"))
    assert (plan.column, plan.added_column) == (15, True)


def test_next_id_ignores_ids_typed_in_another_form():
    assert next_id_number(["REF-9", 12, None, "C000002", " C000005 "]) == 6


def test_a_duplicated_id_is_refused_naming_its_rows():
    with pytest.raises(InputError) as err:
        check_unique_ids({2: "C000001", 3: "C000002", 9: "C000001"})
    assert err.value.message == "the same Candidate ID is on more than one row: C000001 on rows 2, 9"


def test_merging_away_the_first_data_row_and_undoing_it_restores_the_dropdown(small_book):
    wb = openpyxl.load_workbook(small_book)
    ws = wb["Candidates"]
    ws.insert_rows(2)
    for c, v in enumerate(["Ada", "Lovelace", "Email", "ADA@example.com"], start=1):
        ws.cell(2, c).value = v  # the same person again, on the first data row
    dv = DataValidation(type="list", formula1='"Yes,No"')
    dv.add("I2:I5")
    ws.add_data_validation(dv)
    wb.save(small_book)
    report = merge(small_book, auto=True, backup=False)
    assert report.merges[0].merged_rows == [2]
    assert [str(d.sqref) for d in openpyxl.load_workbook(small_book)["Candidates"].data_validations.dataValidation] == ["I2:I4"]
    unmerge(small_book, "M0001", backup=False)
    ws = openpyxl.load_workbook(small_book)["Candidates"]
    assert [str(d.sqref) for d in ws.data_validations.dataValidation] == ["I2:I5"]
    assert (ws["A2"].value, ws["D2"].value) == ("Ada", "ADA@example.com")


@given(st.integers(2, 30), st.integers(0, 30), st.sets(st.integers(2, 60), max_size=6))
@settings(max_examples=300, deadline=None)
def test_rows_deleted_inside_a_range_come_back_to_the_same_range(lo, extra, gone):
    hi = lo + extra + 1
    gone = sorted(r for r in gone if lo <= r <= hi)
    assume(hi - lo + 1 - len(gone) >= 2)  # the range keeps two rows (one row high, it would move, not grow)
    deleted = RowMap.deleting("S", gone)
    shrunk = deleted.map_span(lo, hi)
    back = restoring("S", gone)
    assert back.map_span(*shrunk) == (lo, hi)
    assert [back.row(deleted.row(r)) for r in range(lo, hi + 1) if r not in gone] == [
        r for r in range(lo, hi + 1) if r not in gone
    ]
