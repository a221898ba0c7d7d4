"""Remove and put back whole rows of the candidate sheet without breaking what points at them.

openpyxl's own ``delete_rows`` moves cells but leaves data validations, conditional formats,
tables, the autofilter, merged cells, defined names and row heights where they were, so a
dropdown would slide onto the wrong rows. Here every such range is re-mapped with the rows,
in one pass over the cells (fast on big sheets), and a layout we cannot re-map is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import WorkbookError

__all__ = ["delete_rows", "insert_rows"]

RowMap = Callable[[int, int], tuple[int, int] | None]  # (min_row, max_row) -> new span or None


def _deleting(rows: list[int]) -> tuple[Callable[[int], int], RowMap]:
    gone = np.array(sorted(rows))

    def row(r: int) -> int:
        return r - int(np.searchsorted(gone, r, side="left"))

    def span(lo: int, hi: int) -> tuple[int, int] | None:
        new_lo, new_hi = row(lo), hi - int(np.searchsorted(gone, hi, side="right"))
        return (new_lo, new_hi) if new_hi >= new_lo else None

    return row, span


def _inserting(rows: list[int]) -> tuple[Callable[[int], int], RowMap]:
    """``rows`` are the final positions of the new rows; ranges they land in (also at their
    first row or right after their last) grow, single rows and ranges below move down."""
    added = sorted(rows)

    def row(r: int) -> int:
        for p in added:
            if r >= p:
                r += 1
        return r

    def span(lo: int, hi: int) -> tuple[int, int] | None:
        for p in added:
            if lo <= p <= hi + 1 and hi > lo:
                hi += 1  # lands in the range (or right at its end): the range grows
            elif lo >= p:
                lo, hi = lo + 1, hi + 1
        return lo, hi

    return row, span


def _remap_range(text: str, span: RowMap) -> str | None:
    out = []
    for part in str(text).split():
        min_col, min_row, max_col, max_row = range_boundaries(part)
        if min_row is None or max_row is None:  # whole columns: rows do not matter
            out.append(part)
            continue
        new = span(min_row, max_row)
        if new:
            out.append(CellRange(min_col=min_col, min_row=new[0], max_col=max_col, max_row=new[1]).coord)
    return " ".join(out) or None


def _move_cells(ws: Worksheet, row: Callable[[int], int], gone: set[int]) -> None:
    cells = {}
    for (r, c), cell in ws._cells.items():
        if r in gone:
            continue
        cell.row = row(r)
        cells[(cell.row, c)] = cell
        if cell.hyperlink is not None:
            cell.hyperlink.ref = cell.coordinate
    ws._cells = cells
    heights = {r: d for r, d in ws.row_dimensions.items() if r not in gone}
    ws.row_dimensions.clear()
    for r, dim in heights.items():
        dim.index = row(r)
        ws.row_dimensions[row(r)] = dim


def _remap_validations(ws: Worksheet, span: RowMap) -> None:
    kept = []
    for dv in ws.data_validations.dataValidation:
        new = _remap_range(dv.sqref, span)
        if new:
            dv.sqref = MultiCellRange(new)
            kept.append(dv)
    ws.data_validations.dataValidation = kept


def _remap_conditional(ws: Worksheet, span: RowMap) -> None:
    old = ws.conditional_formatting
    fresh = ConditionalFormattingList()
    for cf in old:
        new = _remap_range(cf.sqref, span)
        for rule in cf.rules if new else []:
            fresh._cf_rules.setdefault(_cf_key(new), []).append(rule)
    fresh.max_priority = old.max_priority
    ws.conditional_formatting = fresh


def _cf_key(text: str):
    from openpyxl.formatting.formatting import ConditionalFormatting

    return ConditionalFormatting(text)


def _remap_tables_and_filter(ws: Worksheet, span: RowMap) -> None:
    for table in ws.tables.values():
        new = _remap_range(table.ref, span)
        if not new:
            raise WorkbookError(
                f"the Excel table {table.displayName!r} would lose all its rows", "leave one row outside the merge"
            )
        table.ref = new
        if table.autoFilter is not None:
            table.autoFilter.ref = new
    if ws.auto_filter.ref:
        ws.auto_filter.ref = _remap_range(ws.auto_filter.ref, span)


def _unmerge_all(ws: Worksheet, gone: set[int]) -> list[str]:
    """Unmerge every merged range (re-merged after the move); refuse ranges in moved rows."""
    coords = []
    for mr in list(ws.merged_cells.ranges):
        if any(mr.min_row <= r <= mr.max_row for r in gone):
            raise WorkbookError(
                f"cells {mr.coord} of sheet {ws.title!r} are merged across rows talentsheet has to move",
                "unmerge those cells in Excel (Home > Merge & Center) and try again",
            )
        coords.append(mr.coord)
        ws.unmerge_cells(mr.coord)
    return coords


_REF = re.compile(r"(?P<sheet>'[^']+'|[A-Za-z0-9_.]+)!(?P<ref>\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)")


def _remap_names(wb: Workbook, ws: Worksheet, span: RowMap) -> None:
    """Defined names (workbook- and sheet-scoped) that point into the moved rows."""

    def fix(match: re.Match) -> str:
        sheet = match.group("sheet").strip("'")
        if sheet != ws.title:
            return match.group(0)
        ref = match.group("ref")
        new = _remap_range(ref.replace("$", ""), span)
        if new is None:
            return f"{match.group('sheet')}!#REF!"
        dollar = "$" in ref
        return f"{match.group('sheet')}!{_absolute(new) if dollar else new}"

    scopes = [wb.defined_names, *(s.defined_names for s in wb.worksheets)]
    for names in scopes:
        for dn in names.values():
            if dn.attr_text and "!" in dn.attr_text:
                dn.attr_text = _REF.sub(fix, dn.attr_text)


def _absolute(ref: str) -> str:
    return re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", ref)


def _apply(wb: Workbook, ws: Worksheet, row: Callable[[int], int], span: RowMap, gone: set[int]) -> None:
    merged = _unmerge_all(ws, gone)
    _move_cells(ws, row, gone)
    for coord in merged:
        new = _remap_range(coord, span)
        if new:
            ws.merge_cells(new)
    _remap_validations(ws, span)
    _remap_conditional(ws, span)
    _remap_tables_and_filter(ws, span)
    _remap_names(wb, ws, span)


def delete_rows(wb: Workbook, ws: Worksheet, rows: list[int]) -> None:
    """Delete whole rows (any order) and shrink every range that covered them."""
    if rows:
        row, span = _deleting(rows)
        _apply(wb, ws, row, span, set(rows))


def insert_rows(wb: Workbook, ws: Worksheet, rows: list[int]) -> None:
    """Open empty rows that end up at positions ``rows``; ranges around them grow."""
    if rows:
        row, span = _inserting(rows)
        _apply(wb, ws, row, span, set())
