"""Putting deleted rows back as an *undo*, not as a fresh insert.

Excel inserts a row before a range's first row outside the range (the range moves down), so
re-inserting a deleted first data row the Excel way would leave it without the dropdown or
conditional format it had. An undo puts the row back *into* the ranges it came out of: a row
restored at a range's first row, or right after its last, makes the range grow (ranges one
row high, like a merged cell, still move). The rest of Excel's rules are
:class:`~talentsheet.workbook.shift.RowMap`'s.

All the blocks of one restore are one step, answered by binary search: unmerging thousands
of rows asks for every row of a big sheet.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

from .shift import MAX_ROW, RowMap

__all__ = ["RestoreBlocks", "restoring"]


@dataclass(frozen=True)
class RestoreBlocks:
    """Rows inserted before old rows ``before`` (sorted, distinct), ``counts`` of them, all at
    once: old row r moves down by the rows inserted before it or at it."""

    before: tuple[int, ...]
    counts: tuple[int, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sums", (0, *accumulate(self.counts)))

    def _added(self, r: int, *, at: bool) -> int:
        """Rows inserted before ``r`` (and at ``r`` too when ``at``)."""
        i = bisect_right(self.before, r) if at else bisect_left(self.before, r)
        return self._sums[i]  # type: ignore[attr-defined]

    def row(self, r: int) -> int | None:
        new = r + self._added(r, at=True)
        return new if new <= MAX_ROW else None

    def span(self, top: int, bottom: int) -> tuple[int, int] | None:
        if bottom > top:  # a block at the first row or right after the last one joins the range
            new_top, new_bottom = top + self._added(top, at=False), bottom + self._added(bottom + 1, at=True)
        else:
            new_top = new_bottom = top + self._added(top, at=True)
        if new_top > MAX_ROW:
            return None
        return new_top, min(new_bottom, MAX_ROW)

    def slide(self, r: int) -> int:
        return min(r + self._added(r, at=True), MAX_ROW)


def restoring(sheet: str, rows: list[int]) -> RowMap:
    """Rows put back so that afterwards they carry exactly these numbers (see module doc)."""
    wanted = sorted(set(rows))
    blocks: dict[int, int] = {}
    for i, r in enumerate(wanted):
        before = r - i  # the old row the restored row goes in front of
        blocks[before] = blocks.get(before, 0) + 1
    if not blocks:
        return RowMap(sheet)
    before = tuple(sorted(blocks))
    return RowMap(sheet, (RestoreBlocks(before, tuple(blocks[b] for b in before)),))
