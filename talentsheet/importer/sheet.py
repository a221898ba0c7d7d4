"""Carry an :class:`~talentsheet.importer.plan.ImportPlan` out in the workbook, and undo it.

The one module of the importer that writes (openpyxl, through ``edit_workbook``); everything
it writes was decided by the plan. What it needs from a writer, so a port to the package-level
editor is mechanical: add a header cell inside the candidate Table (the Table and autofilter
grow by one column); append rows inside the Table (before a total row, which moves down);
set cells by (candidate id, header); delete rows by candidate id; remove a column it added;
append lines to three sheets of its own (``Import log``, ``Import review``, the hidden
``_talentsheet_import_undo``); replace the hidden ``_talentsheet_columns`` sheet (the
remembered column mapping).
"""

from __future__ import annotations

import hashlib
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook import Workbook
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema
from ..errors import InputError
from ..workbook.reader import MAPPING_SHEET, ColumnMapping, mapping_rows, read_candidates
from ..workbook.rows import delete_rows, insert_rows
from ..workbook.writer import edit_workbook, excel_safe_text, finish_table_sheet, set_value, write_rows
from .plan import ImportPlan

__all__ = [
    "IMPORT_LOG",
    "IMPORT_REVIEW",
    "UNDO_SHEET",
    "UnimportReport",
    "added_ids_text",
    "apply_plan",
    "parse_added_ids",
    "remember_mapping",
    "unimport",
]

IMPORT_LOG = "Import log"
IMPORT_REVIEW = "Import review"
UNDO_SHEET = "_talentsheet_import_undo"
LOG_HEADER = [
    "Import ID",
    "Imported at",
    "File",
    "Kind",
    "Source",
    "Sheet",
    "Rows read",
    "Added",
    "Already present",
    "Merged",
    "Columns added",
    "Added IDs",
    "Undone",
]
REVIEW_HEADER = ["Import ID", "Export row", "Name", "Candidate ID", "Where", "Match", "Why", "What the export adds", "Merged"]
UNDO_HEADER = ["Import ID", "What", "Candidate ID", "Column", "Before", "After"]
ROW_ADDED, CELL_CHANGED, COLUMN_ADDED, ROW_COLUMNS = "row added", "cell changed", "column added", "row columns"
DATE_FORMAT = "yyyy-mm-dd"


# --- the Added IDs cell: consecutive ids as ranges, so a big import fits in one cell -------------


def added_ids_text(ids: list[str]) -> str:
    """``C000101..C000160, C000170``: ids in order, runs of consecutive numbers as ranges."""
    parts: list[str] = []
    run: list[str] = []
    for cid in ids:
        if run and _number(cid) == _number(run[-1]) + 1:
            run.append(cid)
            continue
        if run:
            parts.append(_run_text(run))
        run = [cid]
    if run:
        parts.append(_run_text(run))
    return ", ".join(parts)


def _run_text(run: list[str]) -> str:
    return run[0] if len(run) == 1 else f"{run[0]}..{run[-1]}"


def _number(cid: str) -> int:
    return int(cid[1:]) if cid[1:].isdigit() else -2


def parse_added_ids(text: Any) -> list[str]:
    out: list[str] = []
    for part in str(text or "").split(","):
        part = part.strip()
        if ".." in part:
            first, last = part.split("..", 1)
            width = len(first) - 1
            out += [f"C{n:0{width}d}" for n in range(_number(first), _number(last) + 1)]
        elif part:
            out.append(part)
    return out


# --- reading and comparing cells ---------------------------------------------------------------


def _value(v: Any) -> Any:
    """A cell value as the reader sees it (openpyxl gives datetimes for date cells)."""
    if isinstance(v, datetime) and v.time() == datetime.min.time():
        return v.date()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return None if v == "" else v


def _digest(values: list[Any]) -> str:
    """A short fingerprint of a row's imported cells, to tell later whether someone edited it."""
    text = "\x1f".join("" if v is None else str(_value(excel_safe_text(v) if isinstance(v, str) else v)) for v in values)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _header_columns(ws: Worksheet, header_row: int) -> dict[str, int]:
    return {schema.fold(c.value): c.column for c in ws[header_row] if c.value not in (None, "")}


def _last_header_column(ws: Worksheet, header_row: int) -> int:
    return max((c.column for c in ws[header_row] if c.value not in (None, "")), default=0)


def _rows_by_id(ws: Worksheet, id_col: int, first_row: int) -> dict[str, int]:
    out = {}
    for (cell,) in ws.iter_rows(min_row=first_row, min_col=id_col, max_col=id_col):
        if cell.value not in (None, ""):
            out.setdefault(str(cell.value).strip(), cell.row)
    return out


# --- the candidate Table and autofilter -------------------------------------------------------


def _tables_of(ws: Worksheet, header_row: int) -> list[Any]:
    return [t for t in ws.tables.values() if range_boundaries(t.ref)[1] == header_row]


def _set_ref(table: Any, min_col: int, min_row: int, max_col: int, max_row: int) -> None:
    ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
    table.ref = ref
    if table.autoFilter is not None:
        last = max_row - (table.totalsRowCount or 0)
        table.autoFilter.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{last}"


def _add_column(ws: Worksheet, header_row: int, header: str) -> int:
    """A new header right of the last one, inside the candidate Table and autofilter."""
    last = _last_header_column(ws, header_row)
    col = last + 1
    cell = ws.cell(header_row, col)
    set_value(cell, header)
    if last:
        cell._style = copy(ws.cell(header_row, last)._style)
    for table in _tables_of(ws, header_row):
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        if max_col == last:
            table.tableColumns.append(TableColumn(id=max(c.id for c in table.tableColumns) + 1, name=header))
            _set_ref(table, min_col, min_row, col, max_row)
    _grow_filter(ws, header_row, max_col=col)
    return col


def _grow_filter(ws: Worksheet, header_row: int, *, max_col: int | None = None, max_row: int | None = None) -> None:
    if not ws.auto_filter.ref:
        return
    min_c, min_r, max_c, max_r = range_boundaries(ws.auto_filter.ref)
    if min_r != header_row:
        return
    new_c = max(max_c, max_col) if max_col and max_col == max_c + 1 else max_c
    new_r = max(max_r, max_row or 0)
    ws.auto_filter.ref = f"{get_column_letter(min_c)}{min_r}:{get_column_letter(new_c)}{new_r}"


def _blank_below(ws: Worksheet, row: int) -> bool:
    return all(c.value in (None, "") for r in ws.iter_rows(min_row=row) for c in r)


def _open_rows(wb: Workbook, ws: Worksheet, header_row: int, after: int, count: int) -> int:
    """Room for ``count`` rows right after row ``after`` (the last candidate), inside the
    Table; a total row or anything else below moves down. Returns the first new row."""
    start = after + 1
    if not _blank_below(ws, start):
        insert_rows(wb, ws, list(range(start, start + count)))  # Tables, validations, names follow
        return start
    last = start + count - 1
    for table in _tables_of(ws, header_row):
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        if not table.totalsRowCount and max_row < last:
            _set_ref(table, min_col, min_row, max_col, last)
    _grow_filter(ws, header_row, max_row=last)
    return start


# --- applying a plan ---------------------------------------------------------------------------


def _own_sheet(wb: Workbook, title: str, header: list[str], *, hidden: bool = False) -> Worksheet:
    if title in wb.sheetnames and wb[title]["A1"].value is not None:
        return wb[title]
    ws = wb[title] if title in wb.sheetnames else wb.create_sheet(title)
    write_rows(ws, header, [])
    if hidden:
        ws.sheet_state = "hidden"
    return ws


def _append_lines(ws: Worksheet, lines: list[list[Any]]) -> None:
    start = ws.max_row
    for r, line in enumerate(lines, start=start + 1):
        for c, value in enumerate(line, start=1):
            if value is not None:
                set_value(ws.cell(r, c), value)


def _candidate_sheet(wb: Workbook, sheet: str) -> Worksheet:
    return wb[sheet] if sheet in wb.sheetnames else wb.worksheets[0]  # a CSV master becomes one sheet


def apply_plan(wb: Workbook, plan: ImportPlan, *, sheet: str, header_row: int, last_row: int) -> None:
    """Write ``plan`` into the open workbook: columns, rows, merges, log, review, undo lines."""
    ws = _candidate_sheet(wb, sheet)
    for header in plan.new_columns:
        _add_column(ws, header_row, header)
    cols = _header_columns(ws, header_row)
    undo: list[list[Any]] = [[plan.import_id, COLUMN_ADDED, None, h, None, None] for h in plan.new_columns]
    if plan.added:
        start = _open_rows(wb, ws, header_row, last_row, len(plan.added))
        headers = [str(c.value) for c in ws[header_row] if c.value not in (None, "")]  # the whole row is fingerprinted
        undo.append([plan.import_id, ROW_COLUMNS, None, " | ".join(headers), None, None])
        for r, added in enumerate(plan.added, start=start):
            for header, value in added.cells.items():
                _put(ws.cell(r, cols[schema.fold(header)]), value)
            by_fold = {schema.fold(h): v for h, v in added.cells.items()}
            undo.append(
                [
                    plan.import_id,
                    ROW_ADDED,
                    added.candidate_id,
                    None,
                    None,
                    _digest([by_fold.get(schema.fold(h)) for h in headers]),
                ]
            )
    undo += _apply_changes(ws, plan, cols, header_row)
    _log(wb, plan, ws.title)
    _review(wb, plan)
    _append_lines(_own_sheet(wb, UNDO_SHEET, UNDO_HEADER, hidden=True), undo)


def _put(cell: Any, value: Any) -> None:
    set_value(cell, value)
    if isinstance(value, date) and cell.number_format == "General":
        cell.number_format = DATE_FORMAT


def _apply_changes(ws: Worksheet, plan: ImportPlan, cols: dict[str, int], header_row: int) -> list[list[Any]]:
    if not plan.changes:
        return []
    id_col = cols[schema.fold(plan.header_of[schema.CANDIDATE_ID])]
    for row, cid in plan.ids_given:
        if ws.cell(row, id_col).value in (None, ""):
            set_value(ws.cell(row, id_col), cid)
    rows = _rows_by_id(ws, id_col, header_row + 1)
    undo = []
    for change in plan.changes:
        cell = ws.cell(rows[change.candidate_id], cols[schema.fold(change.header)])
        _put(cell, change.new)
        undo.append([plan.import_id, CELL_CHANGED, change.candidate_id, change.header, change.old, change.new])
    return undo


def _log(wb: Workbook, plan: ImportPlan, sheet: str) -> None:
    ws = _own_sheet(wb, IMPORT_LOG, LOG_HEADER)
    line = [
        plan.import_id,
        plan.when,
        plan.file,
        plan.kind,
        plan.source,
        sheet,
        plan.rows_read,
        len(plan.added),
        len(plan.known),
        plan.merged,
        ", ".join(plan.new_columns) or None,
        added_ids_text([r.candidate_id for r in plan.added]) or None,
        None,
    ]
    _append_lines(ws, [line])
    ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd hh:mm"
    finish_table_sheet(ws, widths={"L": 40})


def _review(wb: Workbook, plan: ImportPlan) -> None:
    if not plan.known:
        return
    ws = _own_sheet(wb, IMPORT_REVIEW, REVIEW_HEADER)
    lines = [
        [
            plan.import_id,
            k.row,
            k.name,
            k.candidate_id,
            k.where,
            round(k.score, 3),
            k.why,
            "; ".join(a.describe() for a in k.adds) or "nothing new",
            "Yes" if k.merged else "No",
        ]
        for k in plan.known
    ]
    _append_lines(ws, lines)
    for (cell,) in ws.iter_rows(min_row=2, min_col=6, max_col=6):
        cell.number_format = "0%"
    finish_table_sheet(ws, widths={"G": 50, "H": 60})


# --- remembering a mapping ---------------------------------------------------------------------


def store_mapping(wb: Workbook, sheet: str, mapping: ColumnMapping) -> None:
    """Replace the hidden ``_talentsheet_columns`` sheet's lines for ``sheet``."""
    existing = [list(r) for r in wb[MAPPING_SHEET].iter_rows(values_only=True)] if MAPPING_SHEET in wb.sheetnames else []
    if MAPPING_SHEET in wb.sheetnames:
        del wb[MAPPING_SHEET]
    ws = wb.create_sheet(MAPPING_SHEET)
    ws.sheet_state = "hidden"
    for r, line in enumerate(mapping_rows(sheet, mapping, existing), start=1):
        for c, value in enumerate(line, start=1):
            set_value(ws.cell(r, c), value)


def remember_mapping(
    path: str | Path,
    mapping: ColumnMapping | None,
    *,
    sheet: str | None = None,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
) -> ColumnMapping:
    """Store ``mapping`` (on top of what the workbook remembers) for its candidate sheet, so
    later runs and the Excel buttons read the columns the same way."""
    if mapping is None:
        raise InputError("nothing to remember: no --map was given", 'add --map "HEADER=FIELD,..." to say what the columns are')
    table = read_candidates(path, sheet, mapping=mapping)
    stored = (table.remembered or ColumnMapping({}, {})).updated(mapping)
    with edit_workbook(path, output=output, allow_loss=allow_loss, backup=backup) as wb:
        store_mapping(wb, _candidate_sheet(wb, table.sheet).title, stored)
    return stored


# --- undoing an import ---------------------------------------------------------------------------


@dataclass
class UnimportReport:
    import_id: str
    removed: list[str] = field(default_factory=list)  # candidate ids of the rows taken out
    restored: list[str] = field(default_factory=list)  # "C000012 Email" cells put back
    kept: list[str] = field(default_factory=list)  # what was changed since, and left as it is
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


def _log_line(wb: Workbook, import_id: str) -> tuple[Worksheet, int, dict[str, Any]]:
    if IMPORT_LOG not in wb.sheetnames:
        raise InputError(
            "this workbook has no Import log: nothing was imported into it", "run 'talentsheet import MASTER EXPORT' first"
        )
    ws = wb[IMPORT_LOG]
    for row in ws.iter_rows(min_row=2):
        values = dict(zip(LOG_HEADER, (c.value for c in row), strict=False))
        if str(values.get("Import ID") or "").strip().upper() == import_id.strip().upper():
            return ws, row[0].row, values
    known = [str(r[0]) for r in ws.iter_rows(min_row=2, max_col=1, values_only=True) if r[0]]
    raise InputError(f"no import {import_id!r} in the Import log", "imports are: " + (", ".join(known) or "none"))


def unimport(
    path: str | Path,
    import_id: str,
    *,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
    now: datetime | None = None,
) -> UnimportReport:
    """Take out exactly what import ``import_id`` added: its rows (by candidate id), the cells
    its merge changed (put back one by one) and the columns it added (when left empty). Rows
    and cells edited since are left as they are and reported."""
    stamp = (now or datetime.now()).replace(microsecond=0)
    with edit_workbook(path, output=output, allow_loss=allow_loss, backup=backup) as wb:
        log, log_row, line = _log_line(wb, import_id)
        import_id = str(line["Import ID"])
        if line.get("Undone"):
            raise InputError(f"import {import_id} was already undone ({line['Undone']})", "nothing to do")
        report = UnimportReport(import_id)
        ws = _candidate_sheet(wb, str(line["Sheet"]))
        table = read_candidates(path, ws.title)
        header_row = table.header_row
        steps = [r for r in _undo_lines(wb) if r[0] == import_id]
        cols = _header_columns(ws, header_row)
        id_col = cols.get(schema.fold(schema.display_header(schema.CANDIDATE_ID)))
        id_col = cols[schema.fold(table.column(schema.CANDIDATE_ID).header)] if table.has(schema.CANDIDATE_ID) else id_col
        rows = _rows_by_id(ws, id_col, header_row + 1) if id_col else {}
        _restore_cells(ws, cols, rows, [s for s in steps if s[1] == CELL_CHANGED], report)
        row_columns = next((str(s[3]).split(" | ") for s in steps if s[1] == ROW_COLUMNS), [])
        gone = _rows_to_remove(ws, cols, rows, row_columns, [s for s in steps if s[1] == ROW_ADDED], report)
        delete_rows(wb, ws, gone)
        _remove_columns(ws, header_row, [s[3] for s in steps if s[1] == COLUMN_ADDED], report)
        set_value(log.cell(log_row, LOG_HEADER.index("Undone") + 1), f"undone {stamp.isoformat(sep=' ')}")
        _drop_review_lines(wb, import_id)
    report.written = Path(output) if output else Path(path)
    return report


def _undo_lines(wb: Workbook) -> list[list[Any]]:
    if UNDO_SHEET not in wb.sheetnames:
        return []
    return [list(r) + [None] * 6 for r in wb[UNDO_SHEET].iter_rows(min_row=2, values_only=True) if r and r[0]]


def _restore_cells(
    ws: Worksheet, cols: dict[str, int], rows: dict[str, int], steps: list[list[Any]], report: UnimportReport
) -> None:
    for _, _, cid, header, before, after in reversed([s[:6] for s in steps]):
        where = f"{cid} {header}"
        col = cols.get(schema.fold(header))
        if cid not in rows or col is None:
            report.kept.append(f"{where}: no longer in the sheet")
            continue
        cell = ws.cell(rows[cid], col)
        if _value(cell.value) != _value(after):
            report.kept.append(f"{where}: changed since the import")
            continue
        if before is None:
            cell.value = None
        else:
            set_value(cell, _value(before))
        report.restored.append(where)


def _rows_to_remove(
    ws: Worksheet, cols: dict[str, int], rows: dict[str, int], headers: list[str], steps: list[list[Any]], report: UnimportReport
) -> list[int]:
    """The rows to take out: each added row, unless someone edited any of its cells since."""
    gone = []
    for _, _, cid, _, _, digest in (s[:6] for s in steps):
        if cid not in rows:
            report.kept.append(f"{cid}: no longer in the sheet")
            continue
        values = [ws.cell(rows[cid], cols[schema.fold(h)]).value if schema.fold(h) in cols else None for h in headers]
        if _digest(values) != digest:
            report.kept.append(f"{cid}: edited since the import, left in the sheet")
            continue
        gone.append(rows[cid])
        report.removed.append(cid)
    return gone


def _remove_columns(ws: Worksheet, header_row: int, headers: list[str], report: UnimportReport) -> None:
    """Take out the columns the import added, last first, while they are the sheet's last
    column and hold nothing but their header; the rest stay (and are named)."""
    remaining = list(reversed(headers))
    while remaining:
        header = remaining[0]
        col = _last_header_column(ws, header_row)
        if col == 0 or schema.fold(ws.cell(header_row, col).value) != schema.fold(header):
            break
        if any(c.value not in (None, "") for (c,) in ws.iter_rows(min_row=header_row + 1, min_col=col, max_col=col)):
            break
        ws.cell(header_row, col).value = None
        ws.cell(header_row, col)._style = copy(ws.cell(header_row + 1, col)._style)
        for table in _tables_of(ws, header_row):
            min_col, min_row, max_col, max_row = range_boundaries(table.ref)
            if max_col == col and len(table.tableColumns) > 1:
                table.tableColumns.pop()
                _set_ref(table, min_col, min_row, col - 1, max_row)
        _shrink_filter(ws, header_row, col)
        report.columns_removed.append(header)
        remaining.pop(0)
    if remaining:
        report.kept.append(f"columns {', '.join(reversed(remaining))}: they hold values now")


def _shrink_filter(ws: Worksheet, header_row: int, col: int) -> None:
    if not ws.auto_filter.ref:
        return
    min_c, min_r, max_c, max_r = range_boundaries(ws.auto_filter.ref)
    if min_r == header_row and max_c == col and col > min_c:
        ws.auto_filter.ref = f"{get_column_letter(min_c)}{min_r}:{get_column_letter(col - 1)}{max_r}"


def _drop_review_lines(wb: Workbook, import_id: str) -> None:
    if IMPORT_REVIEW not in wb.sheetnames:
        return
    ws = wb[IMPORT_REVIEW]
    rows = [r[0].row for r in ws.iter_rows(min_row=2, max_col=1) if str(r[0].value or "") == import_id]
    delete_rows(wb, ws, rows)
