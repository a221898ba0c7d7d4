"""Putting deleted rows back as an *undo*, not as a fresh insert.

Excel inserts a row before a range's first row outside the range (the range moves down), so
re-inserting a deleted first data row the Excel way would leave it without the dropdown or
conditional format it had. An undo puts the row back *into* the ranges it came out of: a row
restored at a range's first row, or right after its last, makes the range grow (ranges one
row high, like a merged cell, still move). The rest of Excel's rules are
:class:`~talentsheet.workbook.shift.RowMap`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from .shift import MAX_ROW, RowMap
from .shift.rowmap import InsertRows

__all__ = ["restoring"]


@dataclass(frozen=True)
class RestoreRows(InsertRows):
    """Insert ``count`` rows before ``before``, joining ranges they touch."""

    def span(self, top: int, bottom: int) -> tuple[int, int] | None:
        if bottom > top and top <= self.before <= bottom + 1:
            return top, min(bottom + self.count, MAX_ROW)
        return super().span(top, bottom)


def restoring(sheet: str, rows: list[int]) -> RowMap:
    """Rows put back so that afterwards they carry exactly these numbers (see module doc)."""
    plain = RowMap.restoring(sheet, rows)
    steps = tuple(RestoreRows(s.before, s.count) for s in plain.steps)
    return RowMap(sheet, steps)
