"""``talentsheet extract`` and ``talentsheet contacted`` on a file: the only place these write.

* :func:`extract_workbook` writes the ``Notes review`` sheet (row, cell, proposed value, the
  words it came from, an Accept? dropdown) and, with ``accept="all"`` or ``"marked"``, writes
  the accepted values into empty cells of the candidate table, adding the columns it lacks
  inside the table, and logs every write in the ``Extract log`` sheet.
* :func:`undo_extract` puts back what the log says, newest first, leaving any cell the
  recruiter changed since.
* :func:`mark_contacted` sets Last contacted to today and clears Follow-up on for one person.

Uses today's writer API (``edit_workbook``, ``replace_sheet``, ``write_rows``, ``set_value``);
the planning is pure (:mod:`talentsheet.notes_review`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from .errors import InputError
from .notes_review import REVIEW_HEADER, ExtractPlan, NewColumn, ReviewRow, accepted, plan_changes, plan_review
from .schema import CANDIDATE_ID, TEMPLATE_HEADERS
from .workbook.reader import CandidateTable, read_candidates
from .workbook.writer import edit_workbook, finish_table_sheet, replace_sheet, set_value, write_rows

__all__ = ["ExtractReport", "extract_workbook", "mark_contacted", "undo_extract"]

REVIEW_SHEET = "Notes review"
LOG_SHEET = "Extract log"
LOG_HEADER = ["Written at", "Action", "Sheet", "Cell", "Column", "Before", "After", "Undone"]
NEW_COLUMN = "(new column)"
DATE_FORMAT = "yyyy-mm-dd"


@dataclass
class ExtractReport:
    path: Path
    proposals: int = 0
    unreadable: int = 0
    written: list[str] = field(default_factory=list)  # cells written
    skipped: list[str] = field(default_factory=list)  # accepted, but the cell was filled meanwhile
    new_columns: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in self.__dict__.items()}


def _stamp() -> str:
    return datetime.now().replace(microsecond=0).isoformat(sep=" ")


# --- reading the recruiter's marks --------------------------------------------------------------


def _marks(wb: Workbook) -> dict[tuple[int, str], Any]:
    """(row, column header) -> what the recruiter typed under Accept? on the review sheet."""
    if REVIEW_SHEET not in wb.sheetnames:
        raise InputError(f"there is no {REVIEW_SHEET!r} sheet to read your marks from", "run 'talentsheet extract FILE' first")
    rows = list(wb[REVIEW_SHEET].iter_rows(values_only=True))
    if not rows or list(rows[0][: len(REVIEW_HEADER)]) != REVIEW_HEADER:
        raise InputError(f"the {REVIEW_SHEET!r} sheet has lost its header", "run 'talentsheet extract FILE' again")
    at = {h: i for i, h in enumerate(REVIEW_HEADER)}
    return {
        (int(r[at["Row"]]), str(r[at["Column"]])): r[at["Accept?"]] for r in rows[1:] if isinstance(r[at["Row"]], (int, float))
    }


# --- writing ---------------------------------------------------------------------------------------


def _write_review(
    wb: Workbook, rows: list[ReviewRow], results: dict[tuple[int, str], str], old: dict[tuple[int, str], Any]
) -> None:
    ws = replace_sheet(wb, REVIEW_SHEET, after=wb.sheetnames[-1] if REVIEW_SHEET not in wb.sheetnames else None)
    values = []
    for r in rows:
        v = r.values()
        if (r.row, r.column) in old and v[6] is None:
            v[6] = old[(r.row, r.column)]  # the recruiter's mark survives a re-run
        v[7] = results.get((r.row, r.column))
        values.append(v)
    last = write_rows(ws, REVIEW_HEADER, values)
    col = get_column_letter(REVIEW_HEADER.index("Accept?") + 1)
    dv = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True, showErrorMessage=False)
    dv.add(f"{col}2:{col}{max(last, 2)}")
    ws.add_data_validation(dv)
    date_col = REVIEW_HEADER.index("Note dated") + 1
    for r in range(2, last + 1):
        if isinstance(ws.cell(r, date_col).value, (date, datetime)):
            ws.cell(r, date_col).number_format = DATE_FORMAT
    finish_table_sheet(ws, widths={"D": 28, "E": 60})


def _add_column(ws: Worksheet, table: CandidateTable, new: NewColumn) -> None:
    """A header after the table's last column, inside the Excel table / filter that covers it."""
    set_value(ws.cell(table.header_row, new.index), new.header)
    before = get_column_letter(new.index - 1)
    for t in ws.tables.values():
        start, _, end = t.ref.partition(":")
        end_col, end_row = "".join(c for c in end if c.isalpha()), "".join(c for c in end if c.isdigit())
        start_row = int("".join(c for c in start if c.isdigit()))
        if end_col == before and start_row == table.header_row:
            t.ref = f"{start}:{new.letter}{end_row}"
            t.tableColumns.append(TableColumn(id=max(c.id for c in t.tableColumns) + 1, name=new.header))
            if t.autoFilter is not None:
                t.autoFilter.ref = t.ref
    if ws.auto_filter.ref:
        start, _, end = ws.auto_filter.ref.partition(":")
        if "".join(c for c in end if c.isalpha()) == before:
            ws.auto_filter.ref = f"{start}:{new.letter}{''.join(c for c in end if c.isdigit())}"


def _log(wb: Workbook, entries: list[list[Any]]) -> None:
    if not entries:
        return
    if LOG_SHEET not in wb.sheetnames:
        write_rows(wb.create_sheet(LOG_SHEET), LOG_HEADER, [])
    ws = wb[LOG_SHEET]
    for entry in entries:
        r = ws.max_row + 1
        for c, v in enumerate(entry, start=1):
            if v is not None:
                set_value(ws.cell(r, c), v)
                if isinstance(v, (date, datetime)):
                    ws.cell(r, c).number_format = DATE_FORMAT


def _sheet(wb: Workbook, table: CandidateTable) -> Worksheet:
    """The candidate sheet in the workbook being written (a CSV becomes a 'Candidates' sheet)."""
    return wb[table.sheet] if table.sheet in wb.sheetnames else wb["Candidates"]


def _apply(
    wb: Workbook, table: CandidateTable, plan: ExtractPlan, report: ExtractReport, stamp: str
) -> dict[tuple[int, str], str]:
    ws = _sheet(wb, table)
    log: list[list[Any]] = []
    for new in plan.new_columns:
        _add_column(ws, table, new)
        report.new_columns.append(new.header)
        log.append([stamp, "extract", ws.title, f"{new.letter}{table.header_row}", NEW_COLUMN, None, new.header, None])
    results = {}
    for change in plan.changes:
        cell = ws.cell(change.row, change.column)
        if cell.value not in (None, "") and not (isinstance(cell.value, str) and not cell.value.strip()):
            report.skipped.append(change.cell)  # filled since the review was planned: never overwrite
            results[(change.row, change.header)] = "kept: the cell is filled"
            continue
        set_value(cell, change.value)
        if isinstance(change.value, date):
            cell.number_format = DATE_FORMAT
        report.written.append(change.cell)
        results[(change.row, change.header)] = f"written to {change.cell} {stamp}"
        log.append([stamp, "extract", ws.title, change.cell, change.header, None, change.value, None])
    _log(wb, log)
    return results


def extract_workbook(
    path: str | Path,
    *,
    accept: str | None = None,
    sheet: str | None = None,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
) -> ExtractReport:
    """Write the Notes review sheet; with ``accept`` ("all" or "marked") also write the
    accepted proposals into empty candidate cells. Nothing is written if anything fails."""
    if accept not in (None, "all", "marked"):
        raise InputError(
            f"--accept {accept!r} is not a choice", "use --accept all, or mark Accept? = Yes and use --accept marked"
        )
    table = read_candidates(path, sheet)
    rows = plan_review(table)
    report = ExtractReport(Path(output or path), len(rows), sum(r.proposed is None for r in rows))
    stamp = _stamp()
    with edit_workbook(path, output=output, allow_loss=allow_loss, backup=backup) as wb:
        old = _marks(wb) if REVIEW_SHEET in wb.sheetnames else {}
        results: dict[tuple[int, str], str] = {}
        if accept:
            chosen = accepted(rows, None if accept == "all" else _marks(wb))
            results = _apply(wb, table, plan_changes(table, chosen), report, stamp)
        _write_review(wb, rows, results, old)
    return report


# --- undo -------------------------------------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    norm = lambda v: v.date() if isinstance(v, datetime) else (None if v == "" else v)  # noqa: E731
    return norm(a) == norm(b)


def undo_extract(
    path: str | Path, *, output: str | Path | None = None, allow_loss: bool = False, backup: bool = True
) -> ExtractReport:
    """Put back every cell ``extract`` wrote (newest first) and remove the columns it added,
    unless the recruiter changed them since (those are kept and reported)."""
    report = ExtractReport(Path(output or path))
    stamp = _stamp()
    with edit_workbook(path, output=output, allow_loss=allow_loss, backup=backup) as wb:
        if LOG_SHEET not in wb.sheetnames:
            raise InputError(
                f"{Path(path).name} has no {LOG_SHEET!r} sheet: nothing to undo",
                "run 'talentsheet extract FILE --accept all' first",
            )
        entries = list(wb[LOG_SHEET].iter_rows(min_row=2, max_col=len(LOG_HEADER)))
        for entry in reversed(entries):
            _, action, sheet, ref, column, before, after, undone = entry
            if action.value != "extract" or undone.value or sheet.value not in wb.sheetnames:
                continue
            ws = wb[sheet.value]
            if column.value == NEW_COLUMN:
                _remove_column(ws, ref.value, after.value, report, undone, stamp)
                continue
            cell = ws[ref.value]
            if not _same(cell.value, after.value):
                report.kept.append(ref.value)
                set_value(undone, f"kept {stamp}: changed after the extract")
                continue
            cell.value = before.value
            report.restored.append(ref.value)
            set_value(undone, f"restored {stamp}")
    return report


def _remove_column(ws: Worksheet, ref: str, header: Any, report: ExtractReport, undone: Any, stamp: str) -> None:
    """Clear an added header (and shrink the table) when nothing was typed under it since."""
    cell = ws[ref]
    col, row = cell.column, cell.row
    filled = any(ws.cell(r, col).value not in (None, "") for r in range(row + 1, ws.max_row + 1))
    if cell.value != header or filled:
        report.kept.append(ref)
        set_value(undone, f"kept {stamp}: the column holds data")
        return
    cell.value = None
    letter, before = get_column_letter(col), get_column_letter(col - 1)
    for t in ws.tables.values():
        start, _, end = t.ref.partition(":")
        if "".join(c for c in end if c.isalpha()) == letter and t.tableColumns and t.tableColumns[-1].name == header:
            t.ref = f"{start}:{before}{''.join(c for c in end if c.isdigit())}"
            t.tableColumns.pop()
            if t.autoFilter is not None:
                t.autoFilter.ref = t.ref
    if ws.auto_filter.ref and ws.auto_filter.ref.partition(":")[2].rstrip("0123456789") == letter:
        start, _, end = ws.auto_filter.ref.partition(":")
        ws.auto_filter.ref = f"{start}:{before}{''.join(c for c in end if c.isdigit())}"
    report.restored.append(ref)
    set_value(undone, f"restored {stamp}")


# --- contacted today ---------------------------------------------------------------------------------


@dataclass
class ContactedReport:
    path: Path
    row: int
    name: str
    last_contacted: date
    cleared_follow_up: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "row": self.row,
            "name": self.name,
            "last_contacted": self.last_contacted,
            "cleared_follow_up": self.cleared_follow_up,
        }


def _find_row(table: CandidateTable, row: int | None, candidate_id: str | None) -> int:
    if (row is None) == (candidate_id is None):
        raise InputError("say who: give --row N or --id C000123", "the row number is the Excel row on the candidate sheet")
    if candidate_id is not None:
        if not table.has(CANDIDATE_ID):
            raise InputError(
                "this sheet has no Candidate ID column", "use --row N, or run 'talentsheet dedupe' once to give every row an id"
            )
        hits = [int(r) for r, v in table.df[CANDIDATE_ID].items() if str(v or "").strip() == candidate_id.strip()]
        if not hits:
            raise InputError(f"no candidate has the id {candidate_id!r}", "check the Candidate ID column")
        return hits[0]
    if row not in table.df.index:
        raise InputError(
            f"row {row} of {table.sheet!r} holds no candidate", f"candidate rows are {table.first_data_row} and below"
        )
    return int(row)


def mark_contacted(
    path: str | Path,
    *,
    row: int | None = None,
    candidate_id: str | None = None,
    today: date | None = None,
    sheet: str | None = None,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
) -> ContactedReport:
    """ "Contacted today": Last contacted = today (the column is added if missing), Follow-up
    on cleared. A call-back read from the notes counts as done once the last contact is on
    or after it (:func:`talentsheet.notes.follow_up_still_open`)."""
    from .views.filters import full_names

    table = read_candidates(path, sheet)
    target = _find_row(table, row, candidate_id)
    day = today or date.today()
    name = str(full_names(table.df.loc[[target]]).iloc[0])
    report = ContactedReport(Path(output or path), target, name, day)
    stamp = _stamp()
    with edit_workbook(path, output=output, allow_loss=allow_loss, backup=backup) as wb:
        ws = _sheet(wb, table)
        log: list[list[Any]] = []
        if table.has("last_contacted"):
            col = table.column("last_contacted").index
        else:
            new = NewColumn("last_contacted", TEMPLATE_HEADERS["last_contacted"], max(c.index for c in table.columns) + 1)
            _add_column(ws, table, new)
            col = new.index
        cell = ws.cell(target, col)
        log.append([stamp, "contacted", ws.title, cell.coordinate, TEMPLATE_HEADERS["last_contacted"], cell.value, day, None])
        cell.value = day
        cell.number_format = DATE_FORMAT
        if table.has("follow_up_on"):
            follow = ws.cell(target, table.column("follow_up_on").index)
            if follow.value not in (None, ""):
                report.cleared_follow_up = follow.value
                log.append(
                    [
                        stamp,
                        "contacted",
                        ws.title,
                        follow.coordinate,
                        table.column("follow_up_on").header,
                        follow.value,
                        None,
                        None,
                    ]
                )
                follow.value = None
        _log(wb, log)
    return report
