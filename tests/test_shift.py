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


# --- the edited sheet's XML outside its cells ---------------------------------------------

NS = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"'
)
SHEET_DATA = (
    '<sheetData><row r="5"><c r="A5"><f>A6</f><v>1</v></c></row><row r="9"><c r="B9" t="s"><v>0</v></c></row></sheetData>'
)


def sheet_xml(body_after_data: str, before_data: str = "", sheet_data: str = SHEET_DATA) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}>{before_data}{sheet_data}{body_after_data}</worksheet>'.encode()


def extras(body: str, rowmap: RowMap = DEL_5_6, before: str = "", sheet_data: str = SHEET_DATA) -> str:
    from talentsheet.workbook.shift import shift_sheet_extras

    return shift_sheet_extras(sheet_xml(body, before, sheet_data), rowmap).decode()


def test_sheet_data_is_left_untouched_and_may_be_cut_out():
    from talentsheet.workbook.shift import shift_sheet_extras

    before = '<dimension ref="A1:D20"/>'
    with_data = shift_sheet_extras(sheet_xml("", before), DEL_5_6)
    assert SHEET_DATA.encode() in with_data and b'<dimension ref="A1:D18"/>' in with_data
    assert b'<dimension ref="A1:D18"/>' in shift_sheet_extras(sheet_xml("", before, sheet_data=""), DEL_5_6)


def test_merged_ranges_shrink_vanish_and_are_counted():
    body = '<mergeCells count="3"><mergeCell ref="A5:B6"/><mergeCell ref="C4:D7"/><mergeCell ref="E6:E7"/></mergeCells>'
    assert '<mergeCells count="1"><mergeCell ref="C4:D5"/></mergeCells>' in extras(body)  # E6:E7 became one cell
    assert "mergeCells" not in extras('<mergeCells count="1"><mergeCell ref="A5:B6"/></mergeCells>')


def test_conditional_formats_move_with_their_formulas():
    body = (
        '<conditionalFormatting sqref="C5:C9 E1"><cfRule type="expression" dxfId="0" priority="1"><formula>$B5&gt;Candidates!$A$9</formula></cfRule></conditionalFormatting>'
        '<conditionalFormatting sqref="A5:A6"><cfRule type="expression" priority="2"><formula>A5</formula></cfRule></conditionalFormatting>'
    )
    out = extras(body)
    # the first cell C5 was deleted: the rule is rewritten for the new first cell (old C7)
    assert (
        '<conditionalFormatting sqref="C5:C7 E1"><cfRule type="expression" dxfId="0" priority="1"><formula>$B5&gt;Candidates!$A$7</formula>'
        in out
    )
    assert 'sqref="A5:A6"' not in out and 'priority="2"' not in out


def test_a_conditional_format_reads_the_same_cells_in_every_surviving_row():
    # rule "$B5>0" on C5:C9: each cell compares with column B of its own row
    rm = RowMap.deleting(S, [5, 7])
    out = extras(
        '<conditionalFormatting sqref="C5:C9"><cfRule type="expression" priority="1"><formula>$B5&gt;0</formula></cfRule></conditionalFormatting>',
        rm,
    )
    assert 'sqref="C5:C7"' in out and "<formula>$B5&gt;0</formula>" in out  # old C6 is the new C5


def test_data_validations_move_their_ranges_and_formulas():
    body = (
        '<dataValidations count="2"><dataValidation type="list" sqref="C2:C40"><formula1>Lists!$A$1:$A$3</formula1></dataValidation>'
        '<dataValidation type="whole" operator="lessThan" sqref="D5:D6"><formula1>$E$9</formula1></dataValidation></dataValidations>'
    )
    out = extras(body)
    assert (
        '<dataValidations count="1"><dataValidation type="list" sqref="C2:C38"><formula1>Lists!$A$1:$A$3</formula1></dataValidation></dataValidations>'
        in out
    )


def test_hyperlinks_filters_views_and_breaks():
    before = '<sheetViews><sheetView workbookViewId="0" topLeftCell="A6"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="B6" sqref="B6 B8:B9"/></sheetView></sheetViews>'
    body = (
        '<autoFilter ref="A1:C40"><sortState ref="A2:C40"/></autoFilter>'
        '<hyperlinks><hyperlink ref="A5" r:id="rId1"/><hyperlink ref="A8" location="Candidates!A9" display="x"/></hyperlinks>'
        '<rowBreaks count="2" manualBreakCount="2"><brk id="4" max="16383" man="1"/><brk id="9" max="16383" man="1"/></rowBreaks>'
    )
    out = extras(body, before=before)
    assert 'topLeftCell="A5"' in out and 'pane ySplit="1" topLeftCell="A2"' in out  # the row that moved up
    assert 'activeCell="B5" sqref="B6:B7"' in out
    assert '<autoFilter ref="A1:C38"><sortState ref="A2:C38"/></autoFilter>' in out
    assert (
        '<hyperlinks><hyperlink ref="A6" location="Candidates!A9" display="x"/></hyperlinks>' in out
    )  # Excel keeps link targets
    assert (
        '<rowBreaks count="1" manualBreakCount="1"><brk id="7" max="16383" man="1"/></rowBreaks>' in out
    )  # the break above row 5 went with it


def test_ignored_errors_protected_ranges_and_cell_watches():
    before = (
        '<protectedRanges><protectedRange sqref="A5:A6" name="p1"/><protectedRange sqref="B2:B9" name="p2"/></protectedRanges>'
    )
    body = '<cellWatches><cellWatch r="A5"/><cellWatch r="A9"/></cellWatches><ignoredErrors><ignoredError sqref="D5:D6" numberStoredAsText="1"/></ignoredErrors>'
    out = extras(body, before=before)
    assert '<protectedRanges><protectedRange sqref="B2:B7" name="p2"/></protectedRanges>' in out
    assert '<cellWatches><cellWatch r="A7"/></cellWatches>' in out and "ignoredErrors" not in out


X14 = (
    '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}"><x14:conditionalFormattings>'
    '<x14:conditionalFormatting><x14:cfRule type="dataBar" id="{1}"><x14:dataBar><x14:cfvo type="formula"><xm:f>$H$9</xm:f></x14:cfvo></x14:dataBar></x14:cfRule><xm:sqref>B7:B20</xm:sqref></x14:conditionalFormatting>'
    '<x14:conditionalFormatting><x14:cfRule type="dataBar" id="{2}"/><xm:sqref>C5:C6</xm:sqref></x14:conditionalFormatting>'
    "</x14:conditionalFormattings></ext>"
    '<ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations count="1"><x14:dataValidation type="list"><x14:formula1><xm:f>Lists!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>D5:D6</xm:sqref></x14:dataValidation></x14:dataValidations></ext>'
    '<ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"><x14:sparklineGroups><x14:sparklineGroup><x14:sparklines>'
    "<x14:sparkline><xm:f>Candidates!B9:E9</xm:f><xm:sqref>F9</xm:sqref></x14:sparkline>"
    "<x14:sparkline><xm:f>Candidates!B6:E6</xm:f><xm:sqref>F6</xm:sqref></x14:sparkline>"
    "</x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst>"
)


def test_x14_extensions_move_their_sqref_and_formulas():
    out = extras(X14)
    assert "<xm:f>$H$7</xm:f></x14:cfvo></x14:dataBar></x14:cfRule><xm:sqref>B5:B18</xm:sqref>" in out
    assert "C5:C6" not in out and 'id="{2}"' not in out
    assert "{CCE6A557" not in out  # the only validation went, and its ext with it
    assert "<x14:sparkline><xm:f>Candidates!B7:E7</xm:f><xm:sqref>F7</xm:sqref></x14:sparkline></x14:sparklines>" in out


def test_unchanged_bytes_stay_identical():
    body = '<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    xml = sheet_xml(body, '<dimension ref="A1:B2"/>')
    from talentsheet.workbook.shift import shift_sheet_extras

    assert shift_sheet_extras(xml, DEL_5_6) == xml


# --- the package: every other part that points at the sheet -------------------------------

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rels(*items: tuple[str, str, str]) -> bytes:
    body = "".join(f'<Relationship Id="{i}" Type="{REL}/{t}" Target="{target}"/>' for i, t, target in items)
    return f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'.encode()


def package(sheets: dict[str, bytes], names: str = "", workbook_rels: tuple = ()) -> dict[str, bytes]:
    """A minimal package: sheets in custom part names (found through relationships only)."""
    entries = "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(sheets, 1))
    parts = {
        "_rels/.rels": rels(("rId1", "officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": f"<workbook {NS}><sheets>{entries}</sheets>{names}</workbook>".encode(),
        "xl/_rels/workbook.xml.rels": rels(
            *[(f"rId{i}", "worksheet", f"worksheets/tab{i}.xml") for i in range(1, len(sheets) + 1)], *workbook_rels
        ),
        "xl/styles.xml": b"<styleSheet/>",
    }
    for i, xml in enumerate(sheets.values(), 1):
        parts[f"xl/worksheets/tab{i}.xml"] = xml
    return parts


def shifted(parts: dict[str, bytes], rowmap: RowMap = DEL_5_6, **kw) -> dict[str, bytes]:
    from talentsheet.workbook.shift import shift_package

    return shift_package(parts, S, "xl/worksheets/tab1.xml", rowmap, **kw)


def test_other_sheets_formulas_and_defined_names_move_and_nothing_else_is_returned():
    report = sheet_xml(
        "",
        sheet_data='<sheetData><row r="1"><c r="A1"><f>Candidates!B7+A7</f><v>3</v></c><c r="B1"><f>SUM(Candidates!B5:B6)</f></c><c r="C1"><f>Lists!A7</f></c></row></sheetData>',
    )
    names = '<definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">Candidates!$A$1:$C$40</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">Candidates!$5:$5</definedName><definedName name="Other">Lists!$A$9</definedName></definedNames>'
    parts = package({S: sheet_xml(""), "Report": report, "Lists": sheet_xml("")}, names)
    out = shifted(parts)
    assert sorted(out) == ["xl/workbook.xml", "xl/worksheets/tab2.xml"]
    assert (
        b"<f>Candidates!B5+A7</f>" in out["xl/worksheets/tab2.xml"]
        and b"<f>SUM(Candidates!#REF!)</f>" in out["xl/worksheets/tab2.xml"]
    )
    assert (
        b">Candidates!$A$1:$C$38<" in out["xl/workbook.xml"]
        and b">Candidates!#REF!<" in out["xl/workbook.xml"]
        and b">Lists!$A$9<" in out["xl/workbook.xml"]
    )


def test_a_shared_formula_stays_shared_while_every_cell_still_agrees():
    cells = '<row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">Candidates!B10*2</f></c></row><row r="2"><c r="A2"><f t="shared" si="0"/></c></row><row r="3"><c r="A3"><f t="shared" si="0"/></c></row>'
    parts = package({S: sheet_xml(""), "Report": sheet_xml("", sheet_data=f"<sheetData>{cells}</sheetData>")})
    out = shifted(parts)["xl/worksheets/tab2.xml"]
    assert b'<f t="shared" ref="A1:A3" si="0">Candidates!B8*2</f>' in out and out.count(b'<f t="shared" si="0"/>') == 2


def test_a_shared_formula_is_written_per_cell_when_one_of_its_references_is_deleted():
    cells = '<row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">Candidates!B4*2</f></c></row><row r="2"><c r="A2"><f t="shared" si="0"/></c></row><row r="3"><c r="A3"><f t="shared" si="0"/></c></row>'
    parts = package({S: sheet_xml(""), "Report": sheet_xml("", sheet_data=f"<sheetData>{cells}</sheetData>")})
    out = shifted(parts)["xl/worksheets/tab2.xml"]
    assert b'<c r="A1"><f>Candidates!B4*2</f></c>' in out
    assert b'<c r="A2"><f>Candidates!#REF!*2</f></c>' in out and b'<c r="A3"><f>Candidates!#REF!*2</f></c>' in out


def test_validation_and_formats_on_other_sheets_that_point_at_the_sheet():
    body = (
        '<dataValidations count="1"><dataValidation type="list" sqref="A1:A9"><formula1>Candidates!$A$2:$A$40</formula1></dataValidation></dataValidations>'
        + X14
    )
    parts = package({S: sheet_xml(""), "Report": sheet_xml(body)})
    out = shifted(parts)["xl/worksheets/tab2.xml"].decode()
    assert "<formula1>Candidates!$A$2:$A$38</formula1>" in out and 'sqref="A1:A9"' in out  # its own range stays
    assert "<xm:f>Candidates!B7:E7</xm:f><xm:sqref>F9</xm:sqref>" in out  # sparkline data moves, its place does not
    assert "<xm:sqref>C5:C6</xm:sqref>" in out  # a format on Report's C5:C6 is not Candidates'


def test_a_sheet_with_an_apostrophe_in_its_name_is_found_in_other_parts():
    rm = RowMap.deleting("Bob's list", [2])
    report = sheet_xml("", sheet_data="<sheetData><row r=\"1\"><c r=\"A1\"><f>'Bob''s list'!A3</f></c></row></sheetData>")
    parts = package({"Bob's list": sheet_xml(""), "Report": report})
    from talentsheet.workbook.shift import shift_package

    assert (
        b"<f>'Bob''s list'!A2</f>" in shift_package(parts, "Bob's list", "xl/worksheets/tab1.xml", rm)["xl/worksheets/tab2.xml"]
    )


@pytest.fixture
def rich_parts(tmp_path):
    """A workbook built with openpyxl: a table, a note, a picture and a chart on Candidates."""
    import zipfile

    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.drawing.image import Image
    from openpyxl.worksheet.table import Table
    from PIL import Image as PILImage

    wb = Workbook()
    ws = wb.active
    ws.title = S
    ws.append(["Name", "Score"])
    for r in range(2, 41):
        ws.append([f"P{r}", r])
    ws.add_table(Table(displayName="People", ref="A1:B40"))
    ws["A8"].comment = Comment("call back", "me")
    ws["A5"].comment = Comment("duplicate?", "me")
    PILImage.new("RGB", (8, 8), "red").save(tmp_path / "dot.png")
    ws.add_image(Image(tmp_path / "dot.png"), "D15")
    report = wb.create_sheet("Report")
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=40), titles_from_data=True)
    report.add_chart(chart, "A1")
    wb.save(tmp_path / "rich.xlsx")
    with zipfile.ZipFile(tmp_path / "rich.xlsx") as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_tables_notes_pictures_and_charts_follow_the_rows(rich_parts):
    from talentsheet.workbook.shift import shift_package, worksheet_parts

    part = worksheet_parts(rich_parts)[S]
    out = shift_package(rich_parts, S, part, DEL_5_6)
    assert b'ref="A1:B38"' in out["xl/tables/table1.xml"]
    assert b'ref="A6"' in out["xl/comments/comment1.xml"] and b'ref="A5"' not in out["xl/comments/comment1.xml"]
    vml = next(v for k, v in out.items() if k.endswith(".vml"))
    assert vml.count(b'ObjectType="Note"') == 1 and b"Row>5</" in vml  # 0-based row of A6
    assert b"<row>12</row>" in next(v for k, v in out.items() if k.startswith("xl/drawings/drawing"))  # D15 -> D13 (0-based)
    chart = next(v for k, v in out.items() if k.startswith("xl/charts/"))
    assert b"$B$2:$B$38" in chart
    assert part not in out and "xl/styles.xml" not in out


def test_a_table_keeps_its_header_row(rich_parts):
    from talentsheet.errors import WouldLoseDataError
    from talentsheet.workbook.shift import shift_package, worksheet_parts

    with pytest.raises(WouldLoseDataError, match="header row of table 'People'"):
        shift_package(rich_parts, S, worksheet_parts(rich_parts)[S], RowMap.deleting(S, [1]))


def test_inserting_inside_a_table_grows_it(rich_parts):
    from talentsheet.workbook.shift import shift_package, worksheet_parts

    out = shift_package(rich_parts, S, worksheet_parts(rich_parts)[S], RowMap.inserting(S, 40, 3))
    assert b'ref="A1:B43"' in out["xl/tables/table1.xml"]


DRAWING = (
    b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    b"<xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>4</xdr:row><xdr:rowOff>100</xdr:rowOff></xdr:from>"
    b"<xdr:to><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>5</xdr:row><xdr:rowOff>200</xdr:rowOff></xdr:to>"
    b'<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Photo 1"/></xdr:nvPicPr></xdr:pic><xdr:clientData/></xdr:twoCellAnchor>'
    b'<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>'
    b"<xdr:to><xdr:col>2</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>9</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp/><xdr:clientData/></xdr:twoCellAnchor>"
    b'<xdr:twoCellAnchor editAs="absolute"><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>9</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>'
    b"<xdr:to><xdr:col>2</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>12</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp/><xdr:clientData/></xdr:twoCellAnchor>"
    b"</xdr:wsDr>"
)


def test_a_picture_wholly_in_deleted_rows_is_refused_kept_or_deleted():
    from talentsheet.errors import WouldLoseDataError
    from talentsheet.workbook.shift import shift_drawing

    with pytest.raises(WouldLoseDataError, match="'Photo 1'"):
        shift_drawing(DRAWING, DEL_5_6)
    kept = shift_drawing(DRAWING, DEL_5_6, on_deleted="keep")
    assert kept.count(b"<xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff>") == 3  # zero rows high, then the moved one starts there
    assert b"Photo 1" not in shift_drawing(DRAWING, DEL_5_6, on_deleted="delete")


def test_anchors_move_and_size_as_their_setting_says():
    from talentsheet.workbook.shift import shift_drawing

    out = shift_drawing(DRAWING, RowMap.inserting(S, 6, 2))  # two rows inside the picture (rows 5..6)
    assert (
        b"<xdr:row>4</xdr:row><xdr:rowOff>100</xdr:rowOff>" in out and b"<xdr:row>7</xdr:row><xdr:rowOff>200</xdr:rowOff>" in out
    )
    assert (
        b"<xdr:row>8</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>2</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>11</xdr:row>"
        in out
    )  # oneCell: moved, same height
    assert (
        b"<xdr:row>9</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>2</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>12</xdr:row>"
        in out
    )  # absolute: stays


def test_threaded_comments_move_and_go_with_their_cell():
    from talentsheet.workbook.shift import shift_comments

    xml = (
        b'<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
        b'<threadedComment ref="B5" dT="2024-01-01T00:00:00" personId="{1}" id="{a}"><text>dup</text></threadedComment>'
        b'<threadedComment ref="B5" dT="2024-01-02T00:00:00" personId="{1}" id="{b}" parentId="{a}"><text>yes</text></threadedComment>'
        b'<threadedComment ref="C9" dT="2024-01-01T00:00:00" personId="{1}" id="{c}"><text>ok</text></threadedComment></ThreadedComments>'
    )
    out = shift_comments(xml, DEL_5_6, element="threadedComment")
    assert b'ref="B5"' not in out and b'ref="C7"' in out and b"{b}" not in out


def test_pivot_cache_sources_on_the_sheet_move():
    from talentsheet.workbook.shift.package import shift_pivot_cache

    xml = b'<pivotCacheDefinition><cacheSource type="worksheet"><worksheetSource ref="A1:C40" sheet="Candidates"/></cacheSource></pivotCacheDefinition>'
    assert b'ref="A1:C38"' in shift_pivot_cache(xml, DEL_5_6)
    other = xml.replace(b'sheet="Candidates"', b'sheet="Lists"')
    assert shift_pivot_cache(other, DEL_5_6) == other


def test_an_object_that_ends_at_a_rows_top_does_not_stretch_when_rows_go_in_there():
    from talentsheet.workbook.shift import shift_drawing

    chart = DRAWING.replace(
        b"<xdr:row>5</xdr:row><xdr:rowOff>200</xdr:rowOff>", b"<xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff>"
    )
    out = shift_drawing(chart, RowMap.inserting(S, 7, 3))  # 0-based row 6 is row 7: the object covers rows 5..6
    assert (
        b"<xdr:row>4</xdr:row><xdr:rowOff>100</xdr:rowOff></xdr:from><xdr:to><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>6</xdr:row>"
        in out
    )


@given(
    st.lists(
        st.sampled_from(
            ["A5", "B10", "$C$100", "1E+5", "2.5E-3", "0.5E+1", "12E+3", "Sheet1!A1", "LOG10(7)", '"x9"', "10:12", "T1[C2]"]
        ),
        min_size=1,
        max_size=6,
    )
)
def test_formulas_of_one_shape_split_as_the_tokenizer_splits_each(operands):
    from talentsheet.workbook.shift.formula import _spans_of_shape, reference_spans

    formula = "=" + "+".join(operands)
    assert reference_spans(formula) == _spans_of_shape(formula)  # the shape cache vs this very text


def test_a_shared_group_on_the_edited_sheet_moves_with_its_cells():
    from talentsheet.workbook.shift import SharedFormula, shift_shared_formula

    cells = ["B3", "B4", "B5", "B6"]
    assert shift_shared_formula("A2*2", "B2", cells, "B2:B6", S, RowMap.deleting(S, [3, 4])) == SharedFormula(
        "B2", "A2*2", "B2:B4", None
    )
    # the master's row is deleted: the next cell becomes the master
    assert shift_shared_formula("A2*2", "B2", cells, "B2:B6", S, RowMap.deleting(S, [2])) == SharedFormula(
        "B2", "A2*2", "B2:B5", None
    )
    assert shift_shared_formula("A2*2", "B2", cells, "B2:B6", S, RowMap.deleting(S, range(2, 7))) is None


def test_a_shared_group_whose_cells_no_longer_agree_is_written_per_cell():
    from talentsheet.workbook.shift import shift_shared_formula

    moved = shift_shared_formula("A3", "B2", ["B3", "B4"], "B2:B4", S, RowMap.deleting(S, [3]))  # each cell reads the row below
    assert moved.per_cell == {"B2": "#REF!", "B3": "A4"}  # old B4 read A5, now A4


def test_the_calculation_chain_follows_the_formula_cells():
    from talentsheet.workbook.shift.package import shift_calc_chain

    chain = b'<calcChain><c r="A5" i="1"/><c r="A6"/><c r="A9"/><c r="B2" i="2"/><c r="A7" i="1"/></calcChain>'
    # A9 inherited sheet 1 from the deleted entries before it, so it now names it
    assert shift_calc_chain(chain, "1", DEL_5_6) == b'<calcChain><c i="1" r="A7"/><c r="B2" i="2"/><c r="A5" i="1"/></calcChain>'


def test_link_targets_move_only_when_asked():
    report = sheet_xml('<hyperlinks><hyperlink ref="A1" location="Candidates!A9" display="go"/></hyperlinks>')
    parts = package({S: sheet_xml(""), "Report": report})
    assert shifted(parts) == {}  # Excel leaves a link's target as typed
    assert b'location="Candidates!A7"' in shifted(parts, move_link_locations=True)["xl/worksheets/tab2.xml"]


def test_note_boxes_and_control_links_in_vml():
    from talentsheet.workbook.shift import shift_vml

    vml = (
        b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:x="urn:schemas-microsoft-com:office:excel">'
        b'<v:shape id="_x0000_s1025"><x:ClientData ObjectType="Note"><x:Anchor>1, 15, 8, 2, 3, 15, 12, 16</x:Anchor><x:Row>9</x:Row><x:Column>0</x:Column></x:ClientData></v:shape>'
        b'<v:shape id="_x0000_s1026"><x:ClientData ObjectType="Note"><x:Row>4</x:Row><x:Column>0</x:Column></x:ClientData></v:shape>'
        b'<v:shape id="_x0000_s1027"><x:ClientData ObjectType="Checkbox"><x:Anchor>1, 0, 9, 0, 2, 0, 10, 0</x:Anchor><x:FmlaLink>$C$10</x:FmlaLink></x:ClientData></v:shape></xml>'
    )
    out = shift_vml(vml, DEL_5_6)
    assert b"<x:Anchor>1, 15, 6, 2, 3, 15, 10, 16</x:Anchor><x:Row>7</x:Row>" in out and b"_x0000_s1026" not in out
    assert b"<x:Anchor>1, 0, 7, 0, 2, 0, 8, 0</x:Anchor><x:FmlaLink>$C$8</x:FmlaLink>" in out
