"""An :class:`~talentsheet.importer.plan.ImportPlan` as a workbook edit, and the sheets of its own.

Everything an import writes was decided by the plan; this module says it as a
:class:`~talentsheet.workbook.changes.WorkbookEdit` that the package editor applies: new
headers inside the candidate Table (the Table and autofilter grow), rows appended inside the
Table (above a totals row, or with a total row under the list moving down), cells of known
people set by (candidate id, header), and three sheets of talentsheet's own, rewritten whole
with their old lines plus the new ones: ``Import log``, ``Import review`` and the hidden
``_talentsheet_import_undo`` (what :mod:`.undo` needs to take the import out again). The
hidden ``_talentsheet_columns`` sheet (the remembered column mapping) is written here too.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import InputError
from ..workbook.changes import Area, Legacy, NewColumn, OwnSheet, Style, Styled, WorkbookEdit, table_sheet
from ..workbook.editor import editing
from ..workbook.reader import MAPPING_HEADER, MAPPING_SHEET, CandidateTable, ColumnMapping, mapping_rows, read_candidates
from ..workbook.values import sheet_rows
from .plan import ImportPlan

__all__ = [
    "IMPORT_LOG",
    "IMPORT_REVIEW",
    "UNDO_SHEET",
    "added_ids_text",
    "import_edit",
    "log_sheet",
    "mapping_sheet",
    "parse_added_ids",
    "remember_mapping",
    "review_sheet",
    "undo_sheet",
]

IMPORT_LOG = "Import log"
IMPORT_REVIEW = "Import review"
UNDO_SHEET = "_talentsheet_import_undo"
LOG_KIND, REVIEW_KIND, UNDO_KIND, MAPPING_KIND = "import-log", "import-review", "import-undo", "column-mapping"
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
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # what a cell cannot store (sheetxml drops it)


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


# --- cell values as the workbook gives them back ----------------------------------------------


def cell_value(v: Any) -> Any:
    """A cell value as it reads back (whole floats as int, midnight as a date, "" as empty)."""
    if isinstance(v, datetime) and v.time() == datetime.min.time():
        return v.date()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return None if v == "" else v


def row_digest(values: list[Any]) -> str:
    """A short fingerprint of a row's cells, to tell later whether someone edited it (the same
    text for a value written and for the value read back)."""
    text = "\x1f".join("" if v is None else str(cell_value(_ILLEGAL_XML.sub("", v) if isinstance(v, str) else v)) for v in values)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- the import as a workbook edit -------------------------------------------------------------


def import_edit(
    plan: ImportPlan,
    table: CandidateTable,
    *,
    log: list[list[Any]] = (),
    review: list[list[Any]] = (),
    undo: list[list[Any]] = (),
) -> WorkbookEdit:
    """What importing ``plan`` into ``table``'s sheet writes; ``log``, ``review`` and ``undo``
    are the current rows of the own sheets (empty when there is none yet)."""
    edit = WorkbookEdit()
    candidates = edit.edit(table.sheet, table.header_row)
    cols = {schema.fold(c.header): c.index for c in table.columns}
    headers = [c.header for c in sorted(table.columns, key=lambda c: c.index)]
    last = max(cols.values(), default=0)
    for k, header in enumerate(plan.new_columns, start=1):
        candidates.new_columns.append(NewColumn(last + k, header))
        cols[schema.fold(header)] = last + k
        headers.append(header)
    lines: list[list[Any]] = [[plan.import_id, COLUMN_ADDED, None, h, None, None] for h in plan.new_columns]
    if plan.added:
        _append_rows(candidates, plan, table, cols)
        lines.append([plan.import_id, ROW_COLUMNS, None, " | ".join(headers), None, None])  # the whole row is fingerprinted
        for added in plan.added:
            by_fold = {schema.fold(h): v for h, v in added.cells.items()}
            digest = row_digest([by_fold.get(schema.fold(h)) for h in headers])
            lines.append([plan.import_id, ROW_ADDED, added.candidate_id, None, None, digest])
    lines += _set_changes(candidates, plan, table, cols)
    edit.sheets.append(log_sheet([*body(log, LOG_HEADER), _log_line(plan, table.sheet)]))
    if plan.known:
        edit.sheets.append(review_sheet([*body(review, REVIEW_HEADER), *_review_lines(plan)]))
    edit.sheets.append(undo_sheet([*body(undo, UNDO_HEADER), *lines]))
    return edit


def _append_rows(candidates: Any, plan: ImportPlan, table: CandidateTable, cols: dict[str, int]) -> None:
    """New rows right after the last candidate, inside the Table; a total row under the list
    (or anything else the reader left out below it) moves down."""
    last_row = int(max(table.df.index, default=table.header_row))
    width = max(cols.values())
    for added in plan.added:
        row: list[Any] = [None] * width
        for header, value in added.cells.items():
            row[cols[schema.fold(header)] - 1] = value
        candidates.append.append(row)
    candidates.append_at = last_row + 1
    if any(r > last_row for r in table.total_rows):
        candidates.insert_at = last_row + 1


def _set_changes(candidates: Any, plan: ImportPlan, table: CandidateTable, cols: dict[str, int]) -> list[list[Any]]:
    """The merged cells of known people: in the row each was matched to (read in this same
    session, so its Candidate ID's row, also when an id is on two rows); undo lines by id."""
    if not plan.changes:
        return []
    rows: dict[str, int] = {}
    if table.has(schema.CANDIDATE_ID):
        for r, v in table.df[schema.CANDIDATE_ID].items():
            if v is not None and str(v).strip():
                rows.setdefault(str(v).strip(), int(r))
    rows.update({k.candidate_id: k.master_row for k in plan.known if k.merged and k.master_row is not None})  # the row matched
    lines = []
    for change in plan.changes:
        candidates.values[(rows[change.candidate_id], cols[schema.fold(change.header)])] = change.new
        lines.append([plan.import_id, CELL_CHANGED, change.candidate_id, change.header, change.old, change.new])
    return lines


def _log_line(plan: ImportPlan, sheet: str) -> list[Any]:
    return [
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


def _review_lines(plan: ImportPlan) -> list[list[Any]]:
    return [
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


# --- the own sheets ------------------------------------------------------------------------------


def body(rows: list[list[Any]], header: list[str]) -> list[list[Any]]:
    """The lines of an own sheet under its header, padded to its width (an emptied sheet, or
    one whose header is gone, starts again)."""
    rows = list(rows)
    if not rows or not rows[0] or rows[0][0] != header[0]:
        return []
    return [(list(r) + [None] * len(header))[: max(len(header), len(r))] for r in rows[1:] if any(v is not None for v in r)]


def log_sheet(lines: list[list[Any]]) -> OwnSheet:
    """The Import log: one line per import, its Undone cell filled when it was taken out."""
    own = table_sheet(IMPORT_LOG, LOG_KIND, LOG_HEADER, lines, widths={12: 40})
    own.legacy = Legacy(1, tuple(LOG_HEADER[:6]))  # what every earlier log began with
    if lines:
        own.styles.append(Styled(Area(2, 2, len(lines) + 1, 2), Style(number_format="yyyy-mm-dd hh:mm")))
    return own


def review_sheet(lines: list[list[Any]]) -> OwnSheet:
    """The Import review: the incoming people already present, and what the export adds."""
    own = table_sheet(IMPORT_REVIEW, REVIEW_KIND, REVIEW_HEADER, lines, widths={7: 50, 8: 60})
    own.legacy = Legacy(1, tuple(REVIEW_HEADER))
    if lines:
        own.styles.append(Styled(Area(2, 6, len(lines) + 1, 6), Style(number_format="0%")))
    return own


def undo_sheet(lines: list[list[Any]]) -> OwnSheet:
    """The hidden record of what each import changed, read by ``unimport``."""
    return OwnSheet(UNDO_SHEET, UNDO_KIND, [UNDO_HEADER, *lines], hidden=True, legacy=Legacy(1, tuple(UNDO_HEADER)))


def mapping_sheet(sheet: str, mapping: ColumnMapping, existing: list[list[Any]] = ()) -> OwnSheet:
    """The hidden ``_talentsheet_columns`` sheet with ``mapping`` remembered for ``sheet``."""
    rows = mapping_rows(sheet, mapping, existing)
    return OwnSheet(MAPPING_SHEET, MAPPING_KIND, [list(r) for r in rows], hidden=True, legacy=Legacy(1, tuple(MAPPING_HEADER)))


# --- remembering a mapping ---------------------------------------------------------------------


def remember_mapping(
    path: str | Path,
    mapping: ColumnMapping | None,
    *,
    sheet: str | None = None,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
    force: bool = False,
) -> ColumnMapping:
    """Store ``mapping`` (on top of what the workbook remembers) for its candidate sheet, so
    later runs and the Excel buttons read the columns the same way. ``allow_loss`` is
    accepted for older callers: nothing is dropped."""
    if mapping is None:
        raise InputError("nothing to remember: no --map was given", 'add --map "HEADER=FIELD,..." to say what the columns are')
    with editing(path, output=output, backup=backup, force=force) as session:
        table = read_candidates(session.source, sheet, mapping=mapping)
        stored = (table.remembered or ColumnMapping({}, {})).updated(mapping)
        existing = sheet_rows(session.source, MAPPING_SHEET) if MAPPING_SHEET in session.sheet_names() else []
        session.apply(WorkbookEdit(sheets=[mapping_sheet(table.sheet, stored, existing)]))
    return stored
