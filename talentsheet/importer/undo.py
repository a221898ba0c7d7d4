"""``unimport``: take out exactly what one import added, found again by candidate id.

The import's lines on the hidden undo sheet say what it did: rows it added (with a fingerprint
of each), cells its merge changed (before and after), columns it added. Each is found again in
the sheet as it is *now* (by the Candidate ID column, so rows the recruiter inserted, deleted or
sorted since do not matter) and taken out only when it still holds what the import wrote;
everything else is left as it is and said, cell by cell, with the reason. The result is one
workbook edit: rows deleted as Excel deletes them, cells put back, emptied columns dropped, the
Import log's Undone cell filled and the import's lines taken off the Import review.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import InputError
from ..workbook.changes import SheetEdit, WorkbookEdit
from ..workbook.editor import editing
from ..workbook.reader import CandidateTable, read_candidates
from ..workbook.sheetxml import col_letter
from ..workbook.values import sheet_rows
from .sheet import (
    CELL_CHANGED,
    COLUMN_ADDED,
    IMPORT_LOG,
    IMPORT_REVIEW,
    LOG_HEADER,
    REVIEW_HEADER,
    ROW_ADDED,
    ROW_COLUMNS,
    UNDO_HEADER,
    UNDO_SHEET,
    body,
    cell_value,
    log_sheet,
    parse_added_ids,
    review_sheet,
    row_digest,
)

__all__ = ["UnimportReport", "plan_unimport", "unimport"]


@dataclass
class UnimportReport:
    import_id: str
    removed: list[str] = field(default_factory=list)  # candidate ids of the rows taken out
    restored: list[str] = field(default_factory=list)  # "C000012 Email" cells put back
    kept: list[str] = field(default_factory=list)  # what was changed since, and left as it is (with why)
    columns_removed: list[str] = field(default_factory=list)
    written: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "import_id": self.import_id,
            "removed": self.removed,
            "restored": self.restored,
            "kept": self.kept,
            "columns_removed": self.columns_removed,
            "written": str(self.written) if self.written else None,
        }


def unimport(
    path: str | Path,
    import_id: str,
    *,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
    force: bool = False,
    now: datetime | None = None,
) -> UnimportReport:
    """Take out exactly what import ``import_id`` added: its rows (by candidate id), the cells
    its merge changed (put back one by one) and the columns it added (when left empty). Rows
    and cells edited since are left as they are and reported. ``allow_loss`` is accepted for
    older callers: nothing is dropped."""
    stamp = (now or datetime.now()).replace(microsecond=0)
    with editing(path, output=output, backup=backup, force=force) as session:
        names = session.sheet_names()
        if IMPORT_LOG not in names:
            raise InputError(
                "this workbook has no Import log: nothing was imported into it", "run 'talentsheet import MASTER EXPORT' first"
            )
        log = sheet_rows(session.source, IMPORT_LOG)
        line = _log_line(body(log, LOG_HEADER), import_id)
        sheet = str(line[LOG_HEADER.index("Sheet")] or "")
        table = read_candidates(session.source, sheet if sheet in names else None)
        grid = sheet_rows(session.source, table.sheet)
        review = sheet_rows(session.source, IMPORT_REVIEW) if IMPORT_REVIEW in names else []
        undo = sheet_rows(session.source, UNDO_SHEET) if UNDO_SHEET in names else []
        check_undo_record(undo, line)
        edit, report = plan_unimport(str(line[0]), table, grid, log=log, review=review, undo=undo, stamp=stamp)
        session.apply(edit)
    report.written = Path(output) if output else Path(path)
    return report


UNDO_STEPS = (ROW_ADDED, CELL_CHANGED, COLUMN_ADDED, ROW_COLUMNS)
_EDITED_HINT = "take the workbook's backup from before the edit (NAME.backup-...xlsx), or undo by hand; nothing was written"


def check_undo_record(undo: list[list[Any]], log_line: list[Any]) -> None:
    """The hidden undo sheet must be as talentsheet wrote it for this import: its header, a
    known step on each of the import's lines, and one "row added" line per id the Import log
    says the import added. An edited record is refused, naming what is wrong, rather than
    undoing half of an import or the wrong cells."""
    import_id = str(log_line[0])
    added = parse_added_ids(log_line[LOG_HEADER.index("Added IDs")])
    if not undo:
        if added:
            raise InputError(f"the hidden sheet {UNDO_SHEET} is missing: import {import_id} cannot be undone", _EDITED_HINT)
        return
    header = [v for v in undo[0] if v not in (None, "")]
    if header != UNDO_HEADER:
        raise InputError(f"the hidden sheet {UNDO_SHEET} was edited: its header is {header}, not {UNDO_HEADER}", _EDITED_HINT)
    columns = [c.strip() for c in str(log_line[LOG_HEADER.index("Columns added")] or "").split(",") if c.strip()]
    found = {step: 0 for step in UNDO_STEPS}
    for number, line in enumerate(undo[1:], start=2):
        if str(line[0] or "") != import_id:
            continue
        what = line[1] if len(line) > 1 else None
        if what not in UNDO_STEPS:
            raise InputError(f"the hidden sheet {UNDO_SHEET} was edited: cell B{number} says {what!r}", _EDITED_HINT)
        found[what] += 1
    expected = {ROW_ADDED: len(added), COLUMN_ADDED: len(columns), ROW_COLUMNS: 1 if added else found[ROW_COLUMNS]}
    for what, count in expected.items():
        if found[what] != count:
            raise InputError(
                f"the hidden sheet {UNDO_SHEET} was edited: it has {found[what]} {what!r} line(s) for import "
                f"{import_id}, the Import log says {count}",
                _EDITED_HINT,
            )


def _log_line(lines: list[list[Any]], import_id: str) -> list[Any]:
    for line in lines:
        if str(line[0] or "").strip().upper() == import_id.strip().upper():
            if line[LOG_HEADER.index("Undone")]:
                raise InputError(f"import {line[0]} was already undone ({line[LOG_HEADER.index('Undone')]})", "nothing to do")
            return line
    known = [str(r[0]) for r in lines if r[0]]
    raise InputError(f"no import {import_id!r} in the Import log", "imports are: " + (", ".join(known) or "none"))


class _Sheet:
    """The candidate sheet as it is now: values by (row, column), columns by header, rows by id."""

    def __init__(self, table: CandidateTable, grid: list[list[Any]]) -> None:
        self.grid = grid
        self.header_row = table.header_row
        header = grid[table.header_row - 1] if len(grid) >= table.header_row else []
        self.cols = {schema.fold(v): c for c, v in enumerate(header, start=1) if v not in (None, "")}
        if table.has(schema.CANDIDATE_ID):
            id_col = table.column(schema.CANDIDATE_ID).index
        else:
            id_col = self.cols.get(schema.fold(schema.display_header(schema.CANDIDATE_ID)))
        self.rows: dict[str, list[int]] = defaultdict(list)
        for r in range(table.header_row + 1, len(grid) + 1) if id_col else ():
            v = self.value(r, id_col)
            if v is not None and str(v).strip():
                self.rows[str(v).strip()].append(r)

    def value(self, row: int, col: int) -> Any:
        line = self.grid[row - 1] if row <= len(self.grid) else []
        return cell_value(line[col - 1]) if col <= len(line) else None

    def col(self, header: Any) -> int | None:
        return self.cols.get(schema.fold(header))

    def row_of(self, cid: str) -> tuple[int | None, str | None]:
        """The one row holding ``cid``, or why there is none."""
        rows = self.rows.get(cid, [])
        if not rows:
            return None, f"no row has Candidate ID {cid} any more"
        if len(rows) > 1:
            return None, f"Candidate ID {cid} is on rows {', '.join(map(str, rows))} now (which one is it?)"
        return rows[0], None


def plan_unimport(
    import_id: str,
    table: CandidateTable,
    grid: list[list[Any]],
    *,
    log: list[list[Any]],
    review: list[list[Any]],
    undo: list[list[Any]],
    stamp: datetime,
) -> tuple[WorkbookEdit, UnimportReport]:
    """Undoing import ``import_id`` as a workbook edit, and what it will do (``grid``: the
    candidate sheet's values from A1; the other lists: the own sheets' rows)."""
    report = UnimportReport(import_id)
    steps = [(list(r) + [None] * 6)[:6] for r in body(undo, UNDO_HEADER) if r[0] == import_id]
    sheet = _Sheet(table, grid)
    edit = WorkbookEdit()
    candidates = edit.edit(table.sheet, table.header_row)
    _restore_cells(candidates, sheet, [s for s in steps if s[1] == CELL_CHANGED], report)
    headers = next((str(s[3]).split(" | ") for s in steps if s[1] == ROW_COLUMNS), [])
    gone = _rows_to_remove(sheet, headers, [s for s in steps if s[1] == ROW_ADDED], report)
    if gone and not set(map(int, table.df.index)) - set(gone):  # every candidate goes: keep one row, emptied,
        kept = gone.pop(0)  # as Excel keeps one in a table (which never loses all its data rows)
        line = grid[kept - 1] if kept <= len(grid) else []
        candidates.values.update({(kept, c): None for c, v in enumerate(line, start=1) if v not in (None, "")})
    candidates.delete = gone
    _drop_columns(candidates, sheet, [s[3] for s in steps if s[1] == COLUMN_ADDED], report)
    lines = body(log, LOG_HEADER)
    undone = LOG_HEADER.index("Undone")
    for line in lines:
        if line[0] == import_id:
            line[undone] = f"undone {stamp.isoformat(sep=' ')}"
    edit.sheets.append(log_sheet(lines))
    if review:
        edit.sheets.append(review_sheet([r for r in body(review, REVIEW_HEADER) if str(r[0] or "") != import_id]))
    return edit, report


def _restore_cells(candidates: SheetEdit, sheet: _Sheet, steps: list[list[Any]], report: UnimportReport) -> None:
    """Each cell the merge changed gets its value back, unless it was changed again since."""
    for _, _, cid, header, before, after in reversed(steps):
        where = f"{cid} {header}"
        col = sheet.col(header)
        row, why = sheet.row_of(str(cid))
        if col is None:
            report.kept.append(f"{where}: the sheet has no {header!r} column any more")
            continue
        if row is None:
            report.kept.append(f"{where}: {why}")
            continue
        if sheet.value(row, col) != cell_value(after):
            report.kept.append(f"{where} (cell {col_letter(col)}{row}): changed since the import, left as it is")
            continue
        candidates.values[(row, col)] = cell_value(before)
        report.restored.append(where)


def _rows_to_remove(sheet: _Sheet, headers: list[str], steps: list[list[Any]], report: UnimportReport) -> list[int]:
    """The rows to take out: each added row, unless someone edited any of its cells since."""
    gone = []
    for _, _, cid, _, _, digest in steps:
        row, why = sheet.row_of(str(cid))
        if row is None:
            report.kept.append(f"{cid}: {why}")
            continue
        values = [sheet.value(row, c) if (c := sheet.col(h)) else None for h in headers]
        if row_digest(values) != digest:
            report.kept.append(f"{cid}: edited since the import, left in the sheet")
            continue
        gone.append(row)
        report.removed.append(cid)
    return sorted(gone)


def _drop_columns(candidates: SheetEdit, sheet: _Sheet, headers: list[str], report: UnimportReport) -> None:
    """Take out the columns the import added, last first, while they are the sheet's last
    column and hold nothing but their header once the import is out; the rest stay (and
    are named, with why)."""
    gone = set(candidates.delete)
    cols = dict(sheet.cols)
    remaining = list(reversed(headers))
    why = ""
    while remaining:
        header = remaining[0]
        last = max(cols.values(), default=0)
        if not last or cols.get(schema.fold(header)) != last:
            why = "another column follows them now" if schema.fold(header) in cols else "they are no longer in the sheet"
            break
        rows = range(sheet.header_row + 1, len(sheet.grid) + 1)
        after = (candidates.values.get((r, last), sheet.value(r, last)) for r in rows if r not in gone)
        if any(v not in (None, "") for v in after):
            why = "they hold values now"
            break
        candidates.drop_columns.append(last)
        del cols[schema.fold(header)]
        report.columns_removed.append(header)
        remaining.pop(0)
    if remaining:
        report.kept.append(f"columns {', '.join(reversed(remaining))}: {why}")
