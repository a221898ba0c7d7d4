"""Which rows of one sheet go where: the row changes an edit makes, as Excel would make them.

A :class:`RowMap` is a sequence of whole-row deletions and insertions on one sheet, each
numbered in the sheet as it is when that step runs (Excel performs them one after another).
Everything that refers to rows (formulas, ranges, anchors) is moved by asking the map, so
the rules of Excel's reference adjustment live here and nowhere else:

- a row above an insertion point stays; the rest move down by the block's size;
- a deleted row has no new number; the rows below it move up;
- a range keeps its surviving rows: it grows when rows are inserted strictly inside it
  (an insertion before its first row moves it, one just after its last row leaves it) and
  shrinks when rows inside it are deleted; a range whose every row is deleted is gone;
- a range that spans the whole sheet height (``A1:A1048576``, ``1:1048576``) is a whole-
  column range and never changes; any other range is cut at the last row when an insertion
  pushes its end off the sheet, and a cell pushed off the sheet is gone.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ...errors import InputError

MAX_ROW = 1_048_576  # rows in an Excel 2007+ worksheet
MAX_COL = 16_384  # columns (A..XFD)


def _check_row(row: object, what: str) -> int:
    if isinstance(row, bool) or not isinstance(row, int):
        raise InputError(f"{what} must be a whole row number, not {row!r}", "rows are numbered 1, 2, 3... as Excel shows them")
    if not 1 <= row <= MAX_ROW:
        raise InputError(f"{what} {row} is outside the sheet", f"Excel rows run from 1 to {MAX_ROW:,}")
    return row


@dataclass(frozen=True)
class DeleteRows:
    """Delete these rows (numbered as the sheet is before this step)."""

    rows: tuple[int, ...]  # sorted, distinct

    def row(self, r: int) -> int | None:
        i = bisect_left(self.rows, r)
        if i < len(self.rows) and self.rows[i] == r:
            return None
        return r - i

    def span(self, top: int, bottom: int) -> tuple[int, int] | None:
        new_top = top - bisect_left(self.rows, top)
        new_bottom = bottom - bisect_right(self.rows, bottom)
        return None if new_top > new_bottom else (new_top, new_bottom)

    def slide(self, r: int) -> int:
        """The row that takes ``r``'s place: ``r``'s new number, or, for a deleted row, the
        number of the first surviving row below it (what the eye sees there afterwards)."""
        return max(1, r - bisect_left(self.rows, r))


@dataclass(frozen=True)
class InsertRows:
    """Insert ``count`` blank rows before row ``before`` (numbered as before this step)."""

    before: int
    count: int

    def row(self, r: int) -> int | None:
        if r < self.before:
            return r
        moved = r + self.count
        return moved if moved <= MAX_ROW else None

    def span(self, top: int, bottom: int) -> tuple[int, int] | None:
        new_top = top if top < self.before else top + self.count
        if new_top > MAX_ROW:
            return None
        new_bottom = bottom if bottom < self.before else bottom + self.count
        return new_top, min(new_bottom, MAX_ROW)

    def slide(self, r: int) -> int:
        return min(r if r < self.before else r + self.count, MAX_ROW)


Step = DeleteRows | InsertRows


@dataclass(frozen=True)
class RowMap:
    """One sheet's row changes: a sequence of deletions and insertions, applied in order.

    Build one with :meth:`deleting`, :meth:`inserting`, :meth:`inserting_blocks` or
    :meth:`restoring`, and chain them with :meth:`then`. Immutable and hashable, so shifted
    formulas can be cached per map.
    """

    sheet: str
    steps: tuple[Step, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.sheet, str) or not self.sheet:
            raise InputError(f"a row map needs the sheet's name, not {self.sheet!r}", "pass the worksheet's tab name")

    def __hash__(self) -> int:
        return self._hash

    @cached_property
    def _hash(self) -> int:
        # computed once: maps are cache keys for every formula, and a deletion can list thousands of rows
        return hash((self.sheet.casefold(), self.steps))

    @cached_property
    def _folded(self) -> str:
        return self.sheet.casefold()

    # --- building ---------------------------------------------------------------------

    @classmethod
    def deleting(cls, sheet: str, rows: Iterable[int]) -> RowMap:
        """Delete these rows at once (old numbering), as selecting them all and deleting does."""
        distinct = tuple(sorted({_check_row(r, "a deleted row") for r in rows}))
        return cls(sheet, (DeleteRows(distinct),) if distinct else ())

    @classmethod
    def inserting(cls, sheet: str, before_row: int, count: int = 1) -> RowMap:
        """Insert ``count`` blank rows before ``before_row`` (so the first new row gets its number)."""
        _check_row(before_row, "the row to insert before")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InputError(f"cannot insert {count!r} rows", "give a count of 1 or more")
        if before_row + count - 1 > MAX_ROW:
            raise InputError(
                f"inserting {count:,} rows before row {before_row:,} runs past the last row", f"Excel stops at row {MAX_ROW:,}"
            )
        return cls(sheet, (InsertRows(before_row, count),) if count else ())

    @classmethod
    def inserting_blocks(cls, sheet: str, blocks: Iterable[tuple[int, int]]) -> RowMap:
        """Insert several blocks at once, each ``(before_row, count)`` in the old numbering.

        Blocks are applied from the bottom up so that every position keeps meaning the old
        row it names; two blocks before the same row are one block."""
        merged: dict[int, int] = {}
        for before, count in blocks:
            _check_row(before, "the row to insert before")
            merged[before] = merged.get(before, 0) + count
        out = cls(sheet)
        for before in sorted(merged, reverse=True):
            out = out.then(cls.inserting(sheet, before, merged[before]))
        return out

    @classmethod
    def restoring(cls, sheet: str, rows: Iterable[int]) -> RowMap:
        """Insert blank rows so that afterwards they carry exactly these numbers.

        The inverse of :meth:`deleting` for row numbers: ``deleting(s, rows).then(
        restoring(s, rows))`` brings every surviving row back to its old number."""
        wanted = sorted({_check_row(r, "a restored row") for r in rows})
        blocks: list[tuple[int, int]] = []
        for i, r in enumerate(wanted):
            before = r - i  # position in the numbering before any of these rows exist
            if blocks and blocks[-1][0] == before:
                blocks[-1] = (before, blocks[-1][1] + 1)
            else:
                blocks.append((before, 1))
        return cls.inserting_blocks(sheet, blocks)

    def then(self, other: RowMap) -> RowMap:
        """This map followed by ``other`` (whose rows are numbered as after this one)."""
        if other.sheet.casefold() != self.sheet.casefold():
            raise InputError(f"cannot chain row changes of sheet {self.sheet!r} and {other.sheet!r}", "build one map per sheet")
        return RowMap(self.sheet, self.steps + other.steps)

    # --- asking -----------------------------------------------------------------------

    @property
    def is_identity(self) -> bool:
        return not self.steps

    def is_sheet(self, name: str | None) -> bool:
        """Whether ``name`` is this map's sheet (Excel compares sheet names case-blind)."""
        return name is not None and (name == self.sheet or name.casefold() == self._folded)

    def map_row(self, old: int) -> int | None:
        """The new number of old row ``old``, or None if it was deleted or pushed off the sheet."""
        _check_row(old, "a row")
        return self.row(old)

    def row(self, old: int) -> int | None:
        """:meth:`map_row` without the argument check, for rows read from a valid reference."""
        r: int | None = old
        for step in self.steps:
            r = step.row(r)
            if r is None:
                return None
        return r

    def map_span(self, top: int, bottom: int) -> tuple[int, int] | None:
        """New first and last row of the rows ``top..bottom``, or None if none survives."""
        if top == 1 and bottom == MAX_ROW:
            return top, bottom  # a whole-column range: row changes never touch it
        span: tuple[int, int] | None = (top, bottom)
        for step in self.steps:
            span = step.span(*span)
            if span is None:
                return None
        return span

    def slide_row(self, old: int) -> int:
        """Where the eye finds ``old``'s place afterwards: its new number, or for a deleted row
        the row that moved up into it (for views, selections and drawing anchors)."""
        r = old
        for step in self.steps:
            r = step.slide(r)
        return r

    def first_surviving(self, top: int, bottom: int) -> int | None:
        """The first old row in ``top..bottom`` that survives, or None."""
        for r in range(top, bottom + 1):
            if self.map_row(r) is not None:
                return r
        return None

    def map_point(self, row0: int, offset: int, *, is_end: bool) -> tuple[int, int]:
        """Move a drawing anchor point: 0-based row ``row0`` plus ``offset`` EMU into it.

        A point in a deleted row goes to the top of the row that takes its place. The end
        point of an object that stops exactly at a row's top (offset 0) belongs to the row
        above, so inserting rows there does not stretch the object."""
        r, off = row0 + 1, offset
        for step in self.steps:
            if isinstance(step, InsertRows):
                if r > step.before or (r == step.before and not (is_end and off == 0)):
                    r = min(r + step.count, MAX_ROW)
            else:
                new = step.row(r)
                r, off = (step.slide(r), 0) if new is None else (new, off)
        return r - 1, off
