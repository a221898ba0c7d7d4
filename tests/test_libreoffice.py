"""A real spreadsheet application opens what talentsheet writes and sees the same values."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from talentsheet.workbook.changes import Area, OwnSheet, SheetEdit, Style, Styled, WorkbookEdit
from talentsheet.workbook.editor import apply_edit
from talentsheet.workbook.reader import read_candidates
from tests.conftest import libreoffice_convert
from tests.helpers_xlsx import add_custom_parts

pytestmark = pytest.mark.libreoffice

ROWS = [
    ["=1+1", 42, date(2026, 3, 1)],
    ["+44 20 7946 0018", 3.5, date(2025, 12, 31)],
    ["@mention", -7, None],
    ["Zoë Ångström", 0, date(2024, 2, 29)],
]


def as_date(v):
    return v.date() if isinstance(v, datetime) else v


def test_libreoffice_reads_back_what_we_wrote(small_book, tmp_path):
    add_custom_parts(small_book)  # the package also carries parts openpyxl does not know
    written = OwnSheet("Written", "test", [["Text", "Number", "Date"], *ROWS])
    written.styles.append(Styled(Area(2, 3, 5, 3), Style(number_format="yyyy-mm-dd")))
    apply_edit(small_book, WorkbookEdit(sheets=[written], edits=[SheetEdit("Candidates", values={(2, 8): "Updated note"})]))
    resaved = libreoffice_convert(small_book, "xlsx", tmp_path / "lo")
    wb = openpyxl.load_workbook(resaved)
    back = [[c.value for c in row] for row in wb["Written"].iter_rows(min_row=2, max_row=5)]
    assert [[r[0], r[1], as_date(r[2])] for r in back] == ROWS
    assert all(wb["Written"].cell(r, 1).data_type == "s" for r in range(2, 6))
    table = read_candidates(resaved)
    assert table.df.loc[2, "notes"] == "Updated note"
    assert list(table.df["last_name"]) == ["Lovelace", "Turing", "Hopper"]


def test_libreoffice_opens_the_template(tmp_path):
    from talentsheet.template import init_workbook

    path = init_workbook(tmp_path / "new.xlsx")
    resaved = libreoffice_convert(path, "xlsx", tmp_path / "lo")
    wb = openpyxl.load_workbook(resaved)
    assert {"Candidates", "Openings", "Views", "How to use"} <= set(wb.sheetnames)
    assert wb["Candidates"]["A1"].value == "Candidate ID"
