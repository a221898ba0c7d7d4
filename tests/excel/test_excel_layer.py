"""The Excel layer's own machinery on xlwings' remote engine: reading, writing, alerts."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from xlreplay import excel_coerce

from talentsheet.excel import actions as excel


def test_read_table_finds_the_candidates_under_a_title(demo_book, open_book):
    path, truth = demo_book
    table = excel.read_table(open_book(path))
    assert table.header_row == truth.header_row
    assert table.df["email"].notna().sum() > 200
    assert table.df.index[0] == truth.header_row + 1


def test_dates_arrive_as_dates(small_book, open_book):
    table = excel.read_table(open_book(small_book))
    assert table.df.loc[2, "last_contacted"].isoformat() == "2026-03-01"


def test_text_written_by_a_button_never_becomes_a_formula(tmp_path: Path, open_book, apply_actions):
    path = tmp_path / "b.xlsx"
    Workbook().save(path)
    book = open_book(path)
    texts = ['=HYPERLINK("http://x")', "+44 20 7946 0018", "00123", "2024-05-17", "'quoted", "TRUE", "plain"]
    excel.write_table(book, "Out", pd.DataFrame({"Text": texts}))
    result = apply_actions(book, path)
    assert result.formulas == []
    assert [r[0] for r in result.rows("Out")[1:]] == texts


def test_replayer_models_excel_coercion():
    assert excel_coerce("=1+1") == ("=1+1", True)
    assert excel_coerce("00123") == (123, False)
    assert excel_coerce("'00123") == ("00123", False)


def test_rerun_replaces_the_sheet_in_place(tmp_path: Path, open_book, apply_actions):
    path = tmp_path / "b.xlsx"
    wb = Workbook()
    wb.active.title = "Candidates"
    wb.create_sheet("Out")
    wb.create_sheet("Last")
    wb.save(path)
    book = open_book(path)
    excel.write_table(book, "Out", pd.DataFrame({"A": [1, 2]}))
    result = apply_actions(book, path)
    assert result.wb.sheetnames == ["Candidates", "Out", "Last"]
    assert result.rows("Out") == [["A"], [1], [2]]
    assert "tsOut" in result.wb["Out"].tables


def test_library_error_becomes_an_alert_and_nothing_is_written(tmp_path: Path, open_book):
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    book = open_book(path)
    assert excel.run_action(book, "workbook_info") is None
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]
    assert "What to do:" in actions[0]["args"][0] and "Traceback" not in actions[0]["args"][0]


def test_unknown_action_is_reported(small_book, open_book):
    book = open_book(small_book)
    excel.run_action(book, "make_coffee")
    assert "no action called 'make_coffee'" in book.json()["actions"][0]["args"][0]


def test_dates_and_numbers_round_trip_as_values(tmp_path: Path, open_book, apply_actions):
    path = tmp_path / "b.xlsx"
    Workbook().save(path)
    book = open_book(path)
    frame = pd.DataFrame({"When": [date(2026, 1, 2)], "Score": [87.5], "Ok": [True]})
    excel.write_table(book, "Out", frame)
    assert apply_actions(book, path).rows("Out")[1] == [datetime(2026, 1, 2), 87.5, True]


def test_marks_are_coloured_with_one_action_per_rectangle_of_one_colour(tmp_path: Path, open_book, apply_actions):
    """Hand-worked: B2:C3 red (two rows, two columns) is one range, E2 yellow another, B5 red a third."""
    from talentsheet.excel.apply import apply_edit
    from talentsheet.workbook.changes import Mark, Marks, WorkbookEdit

    path = tmp_path / "b.xlsx"
    Workbook().save(path)
    book = open_book(path)
    red, yellow = "FFC7CE", "FFEB9C"
    cells = {(2, 2): red, (2, 3): red, (3, 2): red, (3, 3): red, (2, 5): yellow, (5, 2): red}
    edit = WorkbookEdit()
    edit.edit(book.sheets[0].name).marks = Marks(add=[Mark(r, c, fill=f) for (r, c), f in cells.items()])
    apply_edit(book, edit)
    calls = [a for a in book.json()["actions"] if a["func"] == "setRangeColor"]
    got = {(a["start_row"] + 1, a["start_column"] + 1, a["row_count"], a["column_count"], a["args"][0]) for a in calls}
    assert got == {(2, 2, 2, 2, "#" + red), (2, 5, 1, 1, "#" + yellow), (5, 2, 1, 1, "#" + red)}
    ws = apply_actions(book, path).wb.worksheets[0]
    coloured = {(c.row, c.column) for row in ws.iter_rows() for c in row if c.fill.fill_type == "solid"}
    assert coloured == set(cells)


def test_links_are_hyperlink_formulas_whose_text_stays_text(tmp_path: Path, open_book, apply_actions):
    """A linked cell's text (quotes, a formula-like start) and an awkward sheet name survive the
    =HYPERLINK formula talentsheet builds; no data becomes a formula."""
    from talentsheet.excel.apply import apply_edit
    from talentsheet.workbook.changes import Link, OwnSheet, WorkbookEdit

    path = tmp_path / "b.xlsx"
    wb = Workbook()
    wb.active.title = "Dana's list"
    wb.save(path)
    book = open_book(path)
    texts = ['say "hi"', "=cmd|'/c calc'!A1", "+44 20 7946 0958", 12]
    own = OwnSheet("Out", "test", [["Go to"], *([t] for t in texts)])
    own.links = [Link(r, 1, sheet="Dana's list", cell=f"B{r}") for r in range(2, 6)]
    apply_edit(book, WorkbookEdit(sheets=[own]))
    (write,) = [a for a in book.json()["actions"] if a["func"] == "setValues"]  # one block, links included
    assert write["row_count"] == 5
    replayed = apply_actions(book, path)
    assert replayed.formulas == [] and len(replayed.links) == 4
    ws = replayed.wb["Out"]
    assert [ws.cell(r, 1).value for r in range(2, 6)] == texts
    assert [ws.cell(r, 1).hyperlink.location for r in range(2, 6)] == [f"'Dana''s list'!B{r}" for r in range(2, 6)]
