"""Row moves like Excel makes them: talentsheet.workbook.shift.

Expected values are hand-worked from Excel's documented adjustment rules (a range grows
when rows are inserted inside it, shrinks when rows inside are deleted, and a reference
whose rows are all deleted becomes #REF!, written after the sheet name when it had one).
The cases marked "LibreOffice agrees" were also checked against LibreOffice's own row
deletion (tests/test_shift_libreoffice.py does that on a rich workbook).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentsheet.errors import InputError
from talentsheet.workbook.shift import (
    MAX_ROW,
    FormulaError,
    RowMap,
    shift_area,
    shift_formula,
    shift_sqref,
    translate_formula,
)

S = "Candidates"
DEL_5_6 = RowMap.deleting(S, [5, 6])
INS_5x2 = RowMap.inserting(S, 5, 2)


# --- RowMap -----------------------------------------------------------------------------


def test_deleting_moves_rows_below_up_and_has_no_number_for_deleted_rows():
    assert [DEL_5_6.map_row(r) for r in (4, 5, 6, 7, 100)] == [4, None, None, 5, 98]


def test_inserting_moves_the_row_it_is_inserted_before_and_all_below():
    assert [INS_5x2.map_row(r) for r in (4, 5, 6)] == [4, 7, 8]
    assert INS_5x2.map_row(MAX_ROW - 1) is None  # pushed off the sheet


def test_steps_run_in_order_each_numbered_as_the_sheet_is_then():
    rm = RowMap.deleting(S, [2]).then(RowMap.inserting(S, 2, 1))  # row 3 moved to 2, then back to 3
    assert [rm.map_row(r) for r in (1, 2, 3, 4)] == [1, None, 3, 4]


def test_inserting_blocks_uses_old_numbers_for_every_block():
    rm = RowMap.inserting_blocks(S, [(3, 1), (6, 2)])
    assert [rm.map_row(r) for r in (2, 3, 5, 6)] == [2, 4, 6, 9]


@pytest.mark.parametrize("bad", [0, -1, MAX_ROW + 1, True, 2.0, "5"])
def test_row_numbers_are_validated(bad):
    with pytest.raises(InputError):
        RowMap.deleting(S, [bad])


def test_insertion_past_the_last_row_is_refused():
    with pytest.raises(InputError, match="past the last row"):
        RowMap.inserting(S, MAX_ROW, 2)


def test_maps_of_different_sheets_do_not_chain():
    with pytest.raises(InputError):
        RowMap.deleting(S, [1]).then(RowMap.deleting("Other", [1]))


def test_row_maps_are_immutable_and_hashable():
    assert hash(RowMap.deleting(S, [6, 5])) == hash(DEL_5_6) and RowMap.deleting(S, [6, 5]) == DEL_5_6
    with pytest.raises(AttributeError):
        DEL_5_6.sheet = "x"  # type: ignore[misc]


@given(st.sets(st.integers(1, 300), max_size=40))
def test_delete_then_restore_brings_every_surviving_row_back(rows):
    rm = RowMap.deleting(S, rows).then(RowMap.restoring(S, rows))
    for r in range(1, 320):
        assert rm.map_row(r) == (None if r in rows else r)


@given(st.sets(st.integers(1, 300), min_size=1, max_size=40), st.integers(1, 320), st.integers(1, 320))
def test_a_range_keeps_exactly_its_surviving_rows(rows, a, b):
    rm, top, bottom = RowMap.deleting(S, rows), min(a, b), max(a, b)
    survivors = [new for r in range(top, bottom + 1) if (new := rm.map_row(r)) is not None]
    expected = f"A{survivors[0]}:B{survivors[-1]}" if survivors else "#REF!"
    assert rm.map_span(top, bottom) == ((survivors[0], survivors[-1]) if survivors else None)
    assert shift_formula(f"A{top}:B{bottom}", S, rm) == expected


# --- formulas: deletion -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=A5", "=#REF!"),  # LibreOffice agrees
        ("=A7+B4", "=A5+B4"),
        ("=SUM(A5:A6)", "=SUM(#REF!)"),  # every row deleted; LibreOffice agrees
        ("=SUM(A4:A8)", "=SUM(A4:A6)"),  # rows inside deleted: shrinks; LibreOffice agrees
        ("=SUM(A5:A9)", "=SUM(A5:A7)"),  # first rows deleted; LibreOffice agrees
        ("=SUM(A2:A5)", "=SUM(A2:A4)"),  # last row deleted; LibreOffice agrees
        ("=SUM($A$7:$B$9)", "=SUM($A$5:$B$7)"),  # absolute refs move too, markers kept
        ("=SUM(A$7:$B9)", "=SUM(A$5:$B7)"),
        ("=SUM(5:6)", "=SUM(#REF!)"),  # whole rows; LibreOffice agrees
        ("=SUM($4:$8)", "=SUM($4:$6)"),
        ("=SUM(A:A)+COUNT($B:$C)", "=SUM(A:A)+COUNT($B:$C)"),  # whole columns never change
        ("=SUM(A1:A1048576)", "=SUM(A1:A1048576)"),  # the whole sheet height is a column
        ("=SUM(A5,A7)", "=SUM(#REF!,A5)"),  # LibreOffice agrees
        ("=A5:A6", "=#REF!"),
        ("=SUM(A4:INDEX(A:A,9))", "=SUM(A4:INDEX(A:A,9))"),
        ("=SUM(A7:INDEX(A:A,9))", "=SUM(A5:INDEX(A:A,9))"),
        ("=A1048576", "=A1048574"),  # LibreOffice agrees
    ],
)
def test_deleting_rows_on_the_formulas_own_sheet(formula, expected):
    assert shift_formula(formula, S, DEL_5_6) == expected


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=Candidates!A5", "=Candidates!#REF!"),  # Excel keeps the sheet name (LibreOffice writes =#REF!)
        ("=SUM(Candidates!A5:B6)", "=SUM(Candidates!#REF!)"),
        ("=SUM(Candidates!A2:A10)", "=SUM(Candidates!A2:A8)"),
        ("=candidates!B9", "=candidates!B7"),  # sheet names compare case-blind
        ("='Candidates'!B9", "='Candidates'!B7"),
        ("=A9+Candidates!A9", "=A9+Candidates!A7"),  # implicit refs are on the host sheet
        ("=Other!A9+'My sheet'!A9", "=Other!A9+'My sheet'!A9"),
        ("=Sheet1:Sheet3!A9", "=Sheet1:Sheet3!A9"),  # 3-D refs are not moved by one sheet's rows
        ("=[1]Candidates!A9", "=[1]Candidates!A9"),  # another workbook's sheet of that name
        ('="Candidates!A9"&Candidates!A9', '="Candidates!A9"&Candidates!A7'),  # strings stay
        ("=Table1[Col]+Candidates!A9+MyName", "=Table1[Col]+Candidates!A7+MyName"),
        ("=Candidates!A9  +\n Candidates!A10", "=Candidates!A7  +\n Candidates!A8"),  # spacing kept
        ("Candidates!$A$9", "Candidates!$A$7"),  # no leading "=" (as OOXML stores formulas)
        ("=IFERROR(Candidates!A9,#N/A)", "=IFERROR(Candidates!A7,#N/A)"),
    ],
)
def test_deleting_rows_seen_from_another_sheet(formula, expected):
    assert shift_formula(formula, "Report", DEL_5_6) == expected


def test_quoted_sheet_names_with_spaces_and_apostrophes():
    rm = RowMap.deleting("O'Brien list", [3])
    assert (
        shift_formula("='O''Brien list'!A3+'O''Brien list'!A4:B9", "Report", rm) == "='O''Brien list'!#REF!+'O''Brien list'!A3:B8"
    )


def test_formulas_without_a_sheet_move_only_refs_that_name_it():
    # defined names and chart series have no host sheet
    assert shift_formula("Candidates!$B$7,A7", None, DEL_5_6) == "Candidates!$B$5,A7"


# --- formulas: insertion ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=SUM(A2:A9)", "=SUM(A2:A11)"),  # inserted strictly inside: grows
        ("=SUM(A5:A9)", "=SUM(A7:A11)"),  # inserted before its first row: moves
        ("=SUM(A2:A4)", "=SUM(A2:A4)"),  # inserted just after its last row: unchanged
        ("=SUM(A2:A5)", "=SUM(A2:A7)"),
        ("=A4+A5", "=A4+A7"),
        ("=SUM(5:5)", "=SUM(7:7)"),
        ("=A1048575", "=#REF!"),  # pushed off the sheet
        ("=SUM(A3:A1048576)", "=SUM(A3:A1048576)"),  # end kept at the last row
    ],
)
def test_inserting_rows(formula, expected):
    assert shift_formula(formula, S, INS_5x2) == expected


@given(
    st.lists(
        st.sampled_from(
            ["A5", "$B$9:C12", "Other!A5", "'My sheet'!B2:B9", "Sheet1:Sheet3!A1", "5:7", '"Candidates!A1"', "Tbl[Col]", "Name1"]
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["+", "&", ","]),
)
def test_formulas_that_do_not_mention_the_sheet_never_change(operands, op):
    formula = "=SUM(" + op.join(operands) + ")" if op == "," else "=" + op.join(operands)
    assert shift_formula(formula, "Report", DEL_5_6) == formula
    assert shift_formula(formula, "Report", INS_5x2) == formula


@pytest.mark.parametrize("broken", ["=SUM(Candidates!A1", "=SUM(Candidates!A1))", '="Candidates!A1'])
def test_an_unreadable_formula_is_a_clear_error(broken):
    with pytest.raises(FormulaError):
        shift_formula(broken, "Report", DEL_5_6)


def test_newer_error_literals_do_not_stop_the_tokenizer():
    assert shift_formula("=IF(Candidates!A9=#SPILL!,1,2)", "Report", DEL_5_6) == "=IF(Candidates!A7=#SPILL!,1,2)"


def test_translate_moves_relative_parts_only():
    assert translate_formula("=$A1+B$1+C3+Other!D4", 2, 1) == "=$A3+C$1+D5+Other!E6"
    assert translate_formula("=A1", -1) == "=#REF!"


# --- ranges in attributes -----------------------------------------------------------------


def test_shift_area_moves_shrinks_or_drops():
    assert shift_area("A7:C9", DEL_5_6) == "A5:C7"
    assert shift_area("A5:C6", DEL_5_6) is None
    assert shift_area("B5", DEL_5_6) is None
    assert shift_area("A:C", DEL_5_6) == "A:C"
    assert shift_area("A1:C3", DEL_5_6) == "A1:C3"


def test_shift_sqref_drops_deleted_parts_and_writes_single_cells_bare():
    assert shift_sqref("A5 A6:B7 C1:C10 D4", DEL_5_6) == "A5:B5 C1:C8 D4"
    assert shift_sqref("A5:B6 C6", DEL_5_6) == ""
    assert shift_sqref("A4:A5", DEL_5_6) == "A4"
