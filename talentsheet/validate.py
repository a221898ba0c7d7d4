"""Validate every candidate row, show the findings where the recruiter looks, fix what is safe.

:func:`validate` is pure: a frame in, findings + the normalised frame + the safe changes out.
:func:`validate_workbook` writes the results into the workbook (through ``edit_workbook``):
an ``Issues`` sheet, a fill and a comment on offending cells, and with ``fix=True`` the safe
changes plus a ``Fix log`` with every original value, which :func:`undo_fix` puts back.

Talentsheet's own marks are listed on a hidden ``_talentsheet_marks`` sheet, so a re-run removes
exactly those and never touches the recruiter's own colours and comments: a cell that already
has a fill or a comment of the recruiter's keeps it (the Issues sheet still lists the problem).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from . import normalize as nz
from . import schema
from .dates import infer_dayfirst
from .errors import InputError
from .findings import Finding, Normalized, Severity, findings_frame
from .gc_pause import gc_paused
from .phones import DEFAULT_REGION, row_region, sheet_region
from .places import normalize_location
from .status import is_closed
from .workbook.reader import CandidateTable, read_candidates, split_full_name
from .workbook.writer import edit_workbook, finish_table_sheet, replace_sheet, set_value, write_rows

__all__ = [
    "ISSUES_HEADER",
    "CellMark",
    "Change",
    "UndoReport",
    "Validation",
    "WorkbookValidation",
    "cell_marks",
    "issue_rows",
    "undo_fix",
    "validate",
    "validate_table",
    "validate_workbook",
]

ISSUES_SHEET = "Issues"
FIX_LOG_SHEET = "Fix log"
MARKS_SHEET = "_talentsheet_marks"
MARK_AUTHOR = "talentsheet"
MARK_FILLS = {
    Severity.ERROR: PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE"),
    Severity.WARNING: PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C"),
}
MARKED_SEVERITIES = (Severity.ERROR, Severity.WARNING)  # info (fixable format) stays on the Issues sheet
REACH_FIELDS = ("linkedin", "email", "phone")
FREE_TEXT_FIELDS = ("notes", "current_title", "company", "future_title", "owner", "open_to_remote")
DATE_FORMAT = "yyyy-mm-dd"
ISSUES_HEADER = ["Row", "Cell", "Column", "Value", "Problem", "Suggestion", "Severity"]
FIX_LOG_HEADER = ["Fixed at", "Sheet", "Cell", "Column", "Original value", "Fixed value", "Undone"]
MARKS_HEADER = ["Sheet", "Cell", "Fill", "Comment"]
MAX_LINKED_ISSUES = 20_000  # beyond this, links cost more time than they save
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Change:
    """One safe normalisation: the cell at (row, column) goes from ``old`` to ``new``."""

    row: int
    column: str
    old: Any
    new: Any


@dataclass
class Validation:
    """What :func:`validate` found: findings, the normalised frame and the safe changes."""

    findings: list[Finding]
    frame: pd.DataFrame
    changes: list[Change]

    def counts(self) -> Counter[tuple[str, str, str]]:
        """How often each (severity, column, problem) occurs, for the summary."""
        return Counter((f.severity.value, f.column, f.problem) for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 clean (info only), 1 warnings, 2 errors: the CLI's contract for scripts."""
        severities = {f.severity for f in self.findings}
        return 2 if Severity.ERROR in severities else 1 if Severity.WARNING in severities else 0

    def table(self) -> pd.DataFrame:
        return findings_frame(self.findings)


# --- field checks ----------------------------------------------------------------------------


def _field_checks(today: date, phone_style: str, dayfirst: bool | None) -> dict[str, Callable[..., Normalized]]:
    """One check per field; the phone check also gets its row's region, whether that is known, and the sheet's."""
    return {
        "linkedin": nz.normalize_linkedin,
        "email": nz.normalize_email,
        "phone": lambda v, region, known, sheet: nz.normalize_phone(
            v, region, style=phone_style, region_known=known, other_region=sheet
        ),
        "contact_method": nz.normalize_contact_method,
        "status": nz.normalize_status,
        "location": normalize_location,
        "future_location": normalize_location,
        "first_name": nz.normalize_name,
        "last_name": nz.normalize_name,
        "full_name": nz.normalize_name,
        "last_contacted": lambda v: nz.normalize_date(v, today=today, dayfirst=dayfirst),
        "follow_up_on": lambda v: nz.normalize_date(v, today=today, dayfirst=dayfirst),
        **dict.fromkeys(FREE_TEXT_FIELDS, _check_free_text),
    }


def _check_free_text(value: Any) -> Normalized:
    """Free text is kept as typed; text that starts like a formula is worth a look."""
    if isinstance(value, str) and value.lstrip().startswith("="):
        return Normalized(
            value,
            (
                Finding(
                    "text starts with '=' like a formula",
                    Severity.WARNING,
                    "talentsheet keeps it as plain text; check where it was pasted from",
                ),
            ),
        )
    return Normalized(value)


def _is_change(old: Any, new: Any) -> bool:
    """A real edit, not the same thing in another type (a datetime and its date, 3 and "3")."""
    if new is None or new == old:
        return False
    if isinstance(old, datetime) and new == old.date():
        return False
    return not (isinstance(new, str) and not isinstance(old, str) and str(old) == new)


def _checked(check: Callable[..., Normalized], value: Any, *context: Any) -> tuple[Normalized, bool]:
    """Run a normaliser and say whether its value is a safe change to apply."""
    result = check(value, *context)
    changed = _is_change(value, result.value)
    if changed and not any(f.severity is Severity.INFO for f in result.findings):
        note = Finding("not in the standard form", Severity.INFO, str(result.value))
        result = Normalized(result.value, (note, *result.findings))
    return result, changed


class _CachedCheck:
    """A field's check, run once per distinct value (and context): sheets repeat values a lot."""

    def __init__(self, check: Callable[..., Normalized]) -> None:
        self.check = check
        self.results: dict[Any, tuple[Normalized, bool]] = {}

    def __call__(self, value: Any, *context: Any) -> tuple[Normalized, bool]:
        key = _value_key(value)
        if context:
            key = (key, *context)
        hit = self.results.get(key)
        if hit is None:
            hit = self.results[key] = _checked(self.check, value, *context)
        return hit


def _value_key(value: Any) -> Any:
    return value if type(value) is str else (type(value), value)  # 1, 1.0 and True differ here


def _cached(check: Callable[..., Normalized]) -> _CachedCheck:
    """Normalise each distinct value of a field once (sheets repeat values a lot)."""
    return _CachedCheck(check)


# --- the pure validation ----------------------------------------------------------------------

CHUNK_ROWS = 5000


def _fields_to_check(df: pd.DataFrame, derived: Iterable[str], checks: dict) -> list[str]:
    """Derived first/last names are not cells in the sheet: validate the full name instead."""
    skip = set(derived)
    return [f for f in checks if f in df.columns and f not in skip]


def phone_regions(df: pd.DataFrame, region: str | None = None) -> list[tuple[str, bool, str]]:
    """Per row, the country its national phone numbers belong to, whether that is known, and
    the sheet's country: the row's own location (London -> GB), else the sheet's dominant
    country (its international numbers and locations), else ``region`` (``--region``); a
    bare default is only a guess. A number that only exists in the sheet's country is
    suggested as such."""
    nothing = [None] * len(df)
    locations = df["location"].tolist() if "location" in df.columns else nothing
    phones = df["phone"].tolist() if "phone" in df.columns else nothing
    sheet = sheet_region([p for p in phones if isinstance(p, (str, int))], locations, default="")
    fallback, known = (sheet, True) if sheet else ((region, True) if region else (DEFAULT_REGION, False))
    own = {text: row_region(text) for text in {v for v in locations if isinstance(v, str)}}
    return [(r, True, fallback) if isinstance(loc, str) and (r := own[loc]) else (fallback, known, fallback) for loc in locations]


def sheet_dayfirst(df: pd.DataFrame) -> bool | None:
    """Does this sheet write its dates day first? Decided from its unambiguous typed dates."""
    return infer_dayfirst(v for f in schema.DATE_FIELDS if f in df.columns for v in df[f].tolist())


def validate(
    df: pd.DataFrame,
    *,
    region: str | None = None,
    today: date | None = None,
    derived: Iterable[str] = (),
    phone_style: str = "e164",
    dayfirst: bool | None = None,
    track: Callable[[Iterable[int], int], Iterable[int]] | None = None,
) -> Validation:
    """Check every row of a candidate frame (index = Excel row). Touches no file.

    ``derived`` names fields computed by the reader (split names); ``phone_style`` is one of
    ``normalize.PHONE_STYLES``; ``region`` reads national phone numbers of rows whose
    location names no country (after the sheet's own dominant country); ``dayfirst`` forces
    how 03/04/2025 reads (default: what the sheet's unambiguous dates say; unknown: only a
    suggestion); ``track`` wraps the row positions in a progress bar.
    """
    today = today or date.today()
    if phone_style not in nz.PHONE_STYLES:
        raise InputError(f"unknown phone format {phone_style!r}", "use one of: " + ", ".join(nz.PHONE_STYLES))
    dayfirst = sheet_dayfirst(df) if dayfirst is None else dayfirst
    all_checks = _field_checks(today, phone_style, dayfirst)
    fields = _fields_to_check(df, derived, all_checks)
    checks = {f: _cached(all_checks[f]) for f in fields}
    rows = df.index.tolist()
    fixed = {f: df[f].tolist() for f in fields}
    findings: list[Finding] = []
    changes: list[Change] = []
    ticks = iter(track(range(len(rows)), len(rows))) if track else None
    with gc_paused():
        contexts = {"phone": phone_regions(df, region)} if "phone" in fields else {}
        _check_rows(fields, checks, fixed, rows, ticks, findings, changes, contexts)
        findings += _row_findings(rows, fixed, today)
        findings.sort(key=lambda x: x.row or 0)
        changes.sort(key=lambda c: c.row)
    frame = df.copy()
    for f, values in fixed.items():
        frame[f] = pd.Series(values, index=df.index, dtype=object)
    return Validation(findings, frame, changes)


def _check_rows(
    fields: list[str],
    checks: dict[str, _CachedCheck],
    fixed: dict[str, list[Any]],
    rows: list[int],
    ticks: Iterator[int] | None,
    findings: list[Finding],
    changes: list[Change],
    contexts: dict[str, list[Any]],
) -> None:
    """Check every field, a chunk of rows at a time so a progress bar can follow."""
    for start in range(0, len(rows), CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, len(rows))
        for f in fields:
            _check_column(f, checks[f], fixed[f], rows, start, stop, findings, changes, contexts.get(f))
        if ticks is not None:
            deque(islice(ticks, stop - start), maxlen=0)
    if ticks is not None:
        deque(ticks, maxlen=0)  # let the bar reach the end and close


def _check_column(
    name: str,
    check: _CachedCheck,
    values: list[Any],
    rows: list[int],
    start: int,
    stop: int,
    findings: list[Finding],
    changes: list[Change],
    context: list[Any] | None = None,
) -> None:
    """Check one field on rows[start:stop]; ``values`` is updated in place with the fixes.
    ``context`` holds what the check needs to know per row (a phone's region). The cache look-up
    is written out here: this loop runs once per cell of the sheet."""
    results = check.results
    for i in range(start, stop):
        value = values[i]
        if value is None:
            continue
        key = value if type(value) is str else (type(value), value)
        if context is not None:
            key = (key, *context[i])
        hit = results.get(key)
        if hit is None:
            hit = check(value) if context is None else check(value, *context[i])
        result, changed = hit
        if result.findings:
            findings.extend(x.at(rows[i], name, value) for x in result.findings)
        if changed:
            values[i] = result.value
            changes.append(Change(rows[i], name, value, result.value))


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _any_present(columns: dict[str, list[Any]], names: Iterable[str], n: int) -> list[bool]:
    present = [False] * n
    for name in names:
        if name in columns:
            present = [p or _present(v) for p, v in zip(present, columns[name], strict=True)]
    return present


def _row_findings(rows: list[int], columns: dict[str, list[Any]], today: date) -> list[Finding]:
    """Checks across fields: a name, a way to reach the person, names in the right cells, dates."""
    n = len(rows)
    out: list[Finding] = []
    named = _any_present(columns, schema.NAME_FIELDS, n)
    reachable = _any_present(columns, REACH_FIELDS, n)
    nothing = [None] * n
    first, last = columns.get("first_name", nothing), columns.get("last_name", nothing)
    contacted, follow_up = columns.get("last_contacted", nothing), columns.get("follow_up_on", nothing)
    status = columns.get("status", nothing)
    both_names = any(v is not None for v in first) and any(v is not None for v in last)  # both columns in use
    closed = _ClosedStatuses()
    for i, row in enumerate(rows):
        if not named[i]:
            out.append(Finding("row has no name", Severity.ERROR, "add the candidate's name", row, ""))
        if not reachable[i]:
            out.append(
                Finding("no way to reach this person", Severity.ERROR, "add a LinkedIn link, an email or a phone", row, "")
            )
        if named[i]:
            out += _half_name(row, first[i], last[i], both_names)
        if contacted[i] is not None or follow_up[i] is not None:
            out += _date_findings(row, contacted[i], follow_up[i], status[i], today, closed)
    return out


class _ClosedStatuses(dict):
    """``is_closed`` per distinct status cell (a sheet has a handful of statuses, many rows)."""

    def __missing__(self, key: tuple[type, Any]) -> bool:
        self[key] = found = is_closed(key[1])
        return found


def _half_name(row: int, first: Any, last: Any, both_columns: bool) -> list[Finding]:
    """One of first/last name is empty: either both were typed into one cell, or one is missing."""
    if _present(first) == _present(last):
        return []
    if _present(first) and (swapped := _swapped_name(row, first, last)):
        return swapped
    if not both_columns:
        return []
    missing = "last_name" if _present(first) else "first_name"
    label = missing.replace("_", " ")
    return [Finding(f"{label} is empty", Severity.WARNING, f"add the {label}", row, missing, None)]


def _swapped_name(row: int, first: Any, last: Any) -> list[Finding]:
    if not isinstance(first, str) or _present(last) or (" " not in first.strip() and "," not in first):
        return []
    split_first, split_last = split_full_name(first)
    suggestion = f"first name {split_first!r}, last name {split_last!r}"
    return [Finding("first and last name in one cell", Severity.WARNING, suggestion, row, "first_name", first)]


def _date_findings(row: int, contacted: Any, follow_up: Any, status: Any, today: date, closed: _ClosedStatuses) -> list[Finding]:
    out = []
    if isinstance(contacted, date) and contacted > today:
        out.append(
            Finding("last contacted date is in the future", Severity.WARNING, "check the date", row, "last_contacted", contacted)
        )
    if isinstance(follow_up, date) and follow_up < today and not closed[(type(status), status)]:
        days = (today - follow_up).days
        suggestion = f"it was due {days} days ago: reach out, or set a new date"
        out.append(Finding("follow-up date has passed", Severity.WARNING, suggestion, row, "follow_up_on", follow_up))
    return out


def validate_table(table: CandidateTable, **options: Any) -> Validation:
    """:func:`validate` for a table read from a workbook (knows which names are derived)."""
    return validate(table.df, derived=table.derived, **options)


# --- writing into the workbook -------------------------------------------------------------------


@dataclass
class WorkbookValidation:
    """What :func:`validate_workbook` did to a file."""

    validation: Validation
    table: CandidateTable
    written: Path | None = None
    fixed: list[Change] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (cell, why the fix was not applied)
    marked: int = 0

    @property
    def findings(self) -> list[Finding]:
        return self.validation.findings


def validate_workbook(
    path: str | Path,
    *,
    sheet: str | None = None,
    fix: bool = False,
    write: bool = True,
    region: str | None = None,
    phone_style: str = "e164",
    dayfirst: bool | None = None,
    today: date | None = None,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
    track: Callable[[Iterable[int], int], Iterable[int]] | None = None,
    stage: Callable[[str], None] | None = None,
) -> WorkbookValidation:
    """Validate the candidate sheet of ``path``; with ``write`` add the Issues sheet and marks,
    with ``fix`` apply the safe changes and log them. Returns what was found and done.
    ``track`` wraps the row loop in a progress bar; ``stage`` hears about the slow write step."""
    if fix and not write:
        raise InputError("fixing needs writing: fix=True cannot be combined with write=False", "drop one of them")
    table = read_candidates(path, sheet)
    validation = validate_table(table, region=region, phone_style=phone_style, dayfirst=dayfirst, today=today, track=track)
    report = WorkbookValidation(validation, table)
    if not write:
        return report
    if stage:
        stage(f"Writing the {ISSUES_SHEET} sheet and highlights into {Path(output or path).name}...")
    with edit_workbook(path, output=output, allow_loss=allow_loss, backup=backup) as wb:
        ws = wb[table.sheet] if table.sheet in wb.sheetnames else wb.worksheets[0]  # a CSV becomes one sheet
        _clear_marks(wb)
        if fix:
            _apply_fixes(wb, ws, report)
        _write_issues(wb, table, validation.findings, ws.title)
        report.marked = _mark_cells(wb, ws, table, validation.findings)
    report.written = Path(output) if output else Path(path)
    return report


def _cell_value(value: Any) -> Any:
    """A cell value as the reader sees it, so openpyxl and calamine values compare equal."""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _apply_fixes(wb: Workbook, ws: Worksheet, report: WorkbookValidation) -> None:
    """Write each safe change, unless the cell holds a formula or is not what was read."""
    validation, table = report.validation, report.table
    stamp = datetime.now().replace(microsecond=0)
    log_rows = []
    for change in validation.changes:
        ref = table.cell(change.column, change.row)
        cell = ws[ref]
        if cell.data_type == "f":
            report.skipped.append((ref, "the cell holds a formula"))
            continue
        if _cell_value(cell.value) != change.old:
            report.skipped.append((ref, "the cell is rich text or changed since it was read"))
            continue
        set_value(cell, change.new)
        if isinstance(change.new, date) and cell.number_format == "General":
            cell.number_format = DATE_FORMAT
        report.fixed.append(change)
        log_rows.append([stamp, ws.title, ref, table.column(change.column).header, change.old, change.new, None])
    fixed_cells = {(c.row, c.column) for c in report.fixed}
    report.validation.findings = _after_fix(validation.findings, fixed_cells, report)
    _append_fix_log(wb, log_rows)


def _after_fix(findings: list[Finding], fixed_cells: set[tuple[int, str]], report: WorkbookValidation) -> list[Finding]:
    """Findings left once the fixes are in: a fixed cell keeps only what the fix did not cure."""
    new_values = {(c.row, c.column): c.new for c in report.fixed}
    out = []
    for f in findings:
        key = (f.row, f.column)
        if key not in fixed_cells:
            out.append(f)
        elif f.severity is not Severity.INFO:
            out.append(Finding(f.problem, f.severity, f.suggestion, f.row, f.column, new_values[key]))
    return out


def _append_fix_log(wb: Workbook, rows: list[list[Any]]) -> None:
    if not rows:
        return
    if FIX_LOG_SHEET in wb.sheetnames:
        ws = wb[FIX_LOG_SHEET]
        if ws["A1"].value is None:  # emptied by hand: start it again
            write_rows(ws, FIX_LOG_HEADER, rows)
        else:
            _write_more(ws, rows)
    else:
        ws = wb.create_sheet(FIX_LOG_SHEET)
        write_rows(ws, FIX_LOG_HEADER, rows)
    for (stamp,) in ws.iter_rows(min_row=2, min_col=1, max_col=1):
        stamp.number_format = "yyyy-mm-dd hh:mm"
    finish_table_sheet(ws)


def _write_more(ws: Worksheet, rows: list[list[Any]]) -> None:
    start = ws.max_row
    for r, row in enumerate(rows, start=start + 1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                set_value(ws.cell(r, c), value)


def issue_rows(table: CandidateTable, findings: list[Finding]) -> list[list[Any]]:
    """The lines of the Issues sheet (under ``ISSUES_HEADER``), worst first within a row."""

    def where(f: Finding) -> tuple[str, str]:
        if not f.column or f.column in table.derived or not table.has(f.column):
            return "", ""
        return table.cell(f.column, f.row), table.column(f.column).header

    ordered = sorted(findings, key=lambda f: (f.row or 0, SEVERITY_ORDER[f.severity], f.column))
    rows = []
    for f in ordered:
        cell, header = where(f)
        rows.append([f.row, cell, header, f.value, f.problem, f.suggestion, f.severity.value])
    return rows


def _write_issues(wb: Workbook, table: CandidateTable, findings: list[Finding], sheet: str) -> None:
    ws = replace_sheet(wb, ISSUES_SHEET, after=sheet)
    last = write_rows(ws, ISSUES_HEADER, issue_rows(table, findings))
    for (value,) in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        if isinstance(value.value, (date, datetime)):
            value.number_format = DATE_FORMAT
    if last <= MAX_LINKED_ISSUES:
        _link_to_cells(ws, sheet)
    finish_table_sheet(ws, widths={"D": 30, "E": 45, "F": 50})


def _link_to_cells(ws: Worksheet, sheet: str) -> None:
    """Make each "Cell" entry a link that jumps to the offending cell."""
    quoted = sheet.replace("'", "''")
    for (cell,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        if cell.value:
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{quoted}'!{cell.value}")
            cell.style = "Hyperlink"


# --- talentsheet's own marks -------------------------------------------------------------------


def _marks_sheet(wb: Workbook) -> Worksheet:
    if MARKS_SHEET in wb.sheetnames:
        return wb[MARKS_SHEET]
    ws = wb.create_sheet(MARKS_SHEET)
    ws.sheet_state = "hidden"
    ws.append(MARKS_HEADER)
    return ws


def _is_our_fill(cell: Any) -> bool:
    color = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type == "solid" else None
    return isinstance(color, str) and any(color[-6:] == f.fgColor.rgb[-6:] for f in MARK_FILLS.values())


def _clear_marks(wb: Workbook) -> int:
    """Remove the fills and comments talentsheet added last time, if they are still ours."""
    if MARKS_SHEET not in wb.sheetnames:
        return 0
    ws = wb[MARKS_SHEET]
    cleared = 0
    for sheet, ref, filled, comment in ws.iter_rows(min_row=2, max_col=4, values_only=True):
        if sheet not in wb.sheetnames or not ref:
            continue
        cell = wb[sheet][ref]
        if filled and _is_our_fill(cell):
            cell.fill = PatternFill(fill_type=None)
            cleared += 1
        if comment and cell.comment is not None and cell.comment.text == comment:
            cell.comment = None
    ws.delete_rows(2, ws.max_row)
    return cleared


def _comment_text(findings: list[Finding]) -> str:
    lines = [f"{f.severity.value}: {f.problem}" + (f" -> {f.suggestion}" if f.suggestion else "") for f in findings]
    return "talentsheet:\n" + "\n".join(lines)


@dataclass(frozen=True)
class CellMark:
    """How one offending cell is highlighted: the worst severity (its fill) and a comment."""

    cell: str  # A1 reference on the candidate sheet
    severity: Severity
    comment: str


def cell_marks(table: CandidateTable, findings: list[Finding]) -> list[CellMark]:
    """The highlights for a set of findings (errors and warnings on real cells); shared with
    the Excel layer so both front ends mark the same cells the same way."""
    by_cell: dict[str, list[Finding]] = {}
    for f in findings:
        if f.severity in MARKED_SEVERITIES and f.column and f.column not in table.derived and table.has(f.column):
            by_cell.setdefault(table.cell(f.column, f.row), []).append(f)
    return [
        CellMark(ref, min((f.severity for f in found), key=SEVERITY_ORDER.__getitem__), _comment_text(found))
        for ref, found in by_cell.items()
    ]


def _mark_cells(wb: Workbook, ws: Worksheet, table: CandidateTable, findings: list[Finding]) -> int:
    """Fill and comment each offending cell that carries no fill or comment of the recruiter's."""
    record = _marks_sheet(wb)
    marks = cell_marks(table, findings)
    for mark in marks:
        cell = ws[mark.cell]
        filled = cell.fill is None or cell.fill.fill_type is None
        if filled:
            cell.fill = MARK_FILLS[mark.severity]
        text = mark.comment if cell.comment is None else None
        if text:
            cell.comment = Comment(text, MARK_AUTHOR, width=320, height=120)
        record.append([ws.title, mark.cell, filled or None, text])
    return len(marks)


# --- undo -------------------------------------------------------------------------------------


@dataclass
class UndoReport:
    """What :func:`undo_fix` restored and which cells it left alone (changed after the fix)."""

    restored: list[str] = field(default_factory=list)
    kept: list[tuple[str, Any]] = field(default_factory=list)  # (cell, its current value)
    written: Path | None = None


def undo_fix(path: str | Path, *, output: str | Path | None = None, allow_loss: bool = False, backup: bool = True) -> UndoReport:
    """Put back the original value of every cell ``--fix`` changed, newest fix first. A cell the
    recruiter edited after the fix is left as it is and reported."""
    report = UndoReport()
    with edit_workbook(path, output=output, allow_loss=allow_loss, backup=backup) as wb:
        if FIX_LOG_SHEET not in wb.sheetnames:
            raise InputError(
                f"{Path(path).name} has no {FIX_LOG_SHEET!r} sheet: nothing to undo", "run 'talentsheet validate --fix' first"
            )
        log = wb[FIX_LOG_SHEET]
        stamp = datetime.now().replace(microsecond=0).isoformat(sep=" ")
        for entry in reversed(list(log.iter_rows(min_row=2, max_col=len(FIX_LOG_HEADER)))):
            _undo_entry(wb, entry, report, stamp)
    report.written = Path(output) if output else Path(path)
    return report


def _undo_entry(wb: Workbook, entry: tuple, report: UndoReport, stamp: str) -> None:
    _, sheet, ref, _, original, fixed, undone = entry
    if undone.value or sheet.value not in wb.sheetnames or not ref.value:
        return
    cell = wb[sheet.value][ref.value]
    if _cell_value(cell.value) != _cell_value(fixed.value):
        report.kept.append((ref.value, _cell_value(cell.value)))
        set_value(undone, f"kept {stamp}: changed after the fix")
        return
    set_value(cell, _cell_value(original.value))
    report.restored.append(ref.value)
    set_value(undone, f"restored {stamp}")
