"""Planning ``talentsheet extract``: what the notes propose becomes review rows, and accepted
review rows become cell changes (and the columns they need). Pure: no workbook is opened
here; :mod:`talentsheet.extract_sheet` reads and writes.

Never overwrite: a proposal is only made for an empty cell, and checked again when written.
A call-back whose words cannot be read ("call back after bonus") is listed, never accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from .notes import FIELDS, read_notes
from .schema import TEMPLATE_HEADERS
from .workbook.sheetxml import col_letter as get_column_letter  # openpyxl's, without importing openpyxl

__all__ = [
    "REVIEW_HEADER",
    "CellChange",
    "ExtractPlan",
    "NewColumn",
    "ReviewRow",
    "plan_changes",
    "plan_review",
]

REVIEW_HEADER = ["Row", "Cell", "Column", "Proposed value", "From the words", "Note dated", "Accept?", "Result"]
ACCEPT_YES = {"yes", "y", "x", "true", "1", "ok", "accept", "accepted"}
NOT_ACCEPTABLE = "cannot be read"


@dataclass(frozen=True)
class NewColumn:
    """A column the candidate table lacks, added after its last column."""

    field: str
    header: str
    index: int  # 1-based column number

    @property
    def letter(self) -> str:
        return get_column_letter(self.index)


@dataclass(frozen=True)
class ReviewRow:
    """One proposal as the review sheet shows it."""

    row: int
    field: str
    column: str  # the header it goes under ("Future title")
    letter: str
    proposed: Any  # text or date; None when unreadable
    words: str
    noted_on: date | None
    problem: str = ""
    accept: bool = False

    @property
    def cell(self) -> str:
        return f"{self.letter}{self.row}"

    def values(self) -> list[Any]:
        accept = NOT_ACCEPTABLE if self.proposed is None else ("Yes" if self.accept else None)
        shown = self.proposed if self.proposed is not None else f"({self.problem})"
        return [self.row, self.cell, self.column, shown, self.words, self.noted_on, accept, None]


@dataclass(frozen=True)
class CellChange:
    row: int
    field: str
    column: int  # 1-based
    header: str
    value: Any

    @property
    def cell(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"


@dataclass
class ExtractPlan:
    changes: list[CellChange] = field(default_factory=list)
    new_columns: list[NewColumn] = field(default_factory=list)


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())


def _columns(table: Any, fields: list[str]) -> dict[str, tuple[int, str, NewColumn | None]]:
    """field -> (column number, header, the new column when the table lacks it)."""
    out: dict[str, tuple[int, str, NewColumn | None]] = {}
    next_index = max((c.index for c in table.columns), default=0) + 1
    for f in FIELDS:
        if f not in fields:
            continue
        if table.has(f):
            col = table.column(f)
            out[f] = (col.index, col.header, None)
        else:
            new = NewColumn(f, TEMPLATE_HEADERS[f], next_index)
            out[f] = (new.index, new.header, new)
            next_index += 1
    return out


def plan_review(table: Any, *, readings: pd.DataFrame | None = None) -> list[ReviewRow]:
    """Every proposal the notes make for an empty cell of ``table`` (a reader
    ``CandidateTable``), in sheet order."""
    df = table.df
    readings = read_notes(df) if readings is None else readings
    wanted = [f for f in FIELDS if readings[f"{f}_words"].notna().any()]
    columns = _columns(table, wanted)
    out = []
    for row in df.index:
        for f in wanted:
            words = readings.at[row, f"{f}_words"]
            if words is None or (table.has(f) and not _empty(df.at[row, f])):
                continue  # nothing said, or the cell is filled: never overwrite
            index, header, _ = columns[f]
            value = readings.at[row, f]
            problem = readings.at[row, "follow_up_on_problem"] if f == "follow_up_on" and value is None else ""
            out.append(
                ReviewRow(
                    int(row), f, header, get_column_letter(index), value, words, readings.at[row, "noted_on"], problem or ""
                )
            )
    return out


def accepted(rows: list[ReviewRow], marks: dict[tuple[int, str], Any] | None) -> list[ReviewRow]:
    """The review rows to write: all readable ones (``marks`` None: --accept all), or those
    whose Accept? cell the recruiter marked (keyed by (row, column header))."""
    readable = [r for r in rows if r.proposed is not None]
    if marks is None:
        return readable
    return [r for r in readable if str(marks.get((r.row, r.column)) or "").strip().lower() in ACCEPT_YES]


def plan_changes(table: Any, rows: list[ReviewRow]) -> ExtractPlan:
    """The cells to write for accepted ``rows`` and the new columns they need."""
    columns = _columns(table, sorted({r.field for r in rows}, key=FIELDS.index))
    plan = ExtractPlan()
    plan.new_columns = [c[2] for c in columns.values() if c[2] is not None]
    for r in rows:
        index, header, _ = columns[r.field]
        plan.changes.append(CellChange(r.row, r.field, index, header, r.proposed))
    return plan
