"""Validate every candidate row, show the findings where the recruiter looks, fix what is safe.

:func:`validate` is pure: a frame in, findings + the normalised frame + the safe changes out.
:func:`validate_workbook` writes the results into the workbook (planned as a
``WorkbookEdit`` by :func:`plan_validation`, applied by the package editor): an ``Issues``
sheet, a fill and a note on offending cells, and with ``fix=True`` the safe changes plus a
``Fix log`` with every original value, which :func:`undo_fix` puts back (finding each cell's
row again by Candidate ID or by its row key, whatever rows moved in between).

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

from . import normalize as nz
from . import schema
from .dates import infer_dayfirst
from .errors import InputError
from .findings import Finding, Normalized, Severity, findings_frame
from .gc_pause import gc_paused
from .phones import DEFAULT_REGION, row_region, sheet_region
from .places import normalize_location
from .rowkeys import RowFinder, RowKeys, cell_value, runs_newest_first
from .rowkeys import present as _present
from .status import is_closed
from .workbook.changes import (
    Area,
    Legacy,
    Link,
    Mark,
    Marks,
    OwnSheet,
    Pointer,
    SheetEdit,
    Style,
    Styled,
    WorkbookEdit,
    table_sheet,
)
from .workbook.probe import cell_facts
from .workbook.reader import CandidateTable, read_candidates, split_full_name
from .workbook.sheetxml import col_letter, parse_ref
from .workbook.values import sheet_rows

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
MARK_COLORS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C"}  # Excel's "Bad" and "Neutral" fills
MARKED_SEVERITIES = (Severity.ERROR, Severity.WARNING)  # info (fixable format) stays on the Issues sheet
REACH_FIELDS = ("linkedin", "email", "phone")
FREE_TEXT_FIELDS = ("notes", "current_title", "company", "future_title", "owner", "open_to_remote")
DATE_FORMAT = "yyyy-mm-dd"
ISSUES_HEADER = ["Row", "Cell", "Column", "Value", "Problem", "Suggestion", "Severity"]
FIX_LOG_HEADER = ["Fixed at", "Sheet", "Cell", "Column", "Original value", "Fixed value", "Undone", "Candidate ID", "Row key"]
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
    force: bool = False,
    track: Callable[[Iterable[int], int], Iterable[int]] | None = None,
    stage: Callable[[str], None] | None = None,
) -> WorkbookValidation:
    """Validate the candidate sheet of ``path``; with ``write`` add the Issues sheet and marks,
    with ``fix`` apply the safe changes and log them. Returns what was found and done.
    ``track`` wraps the row loop in a progress bar; ``stage`` hears about the write step.
    ``allow_loss`` is accepted for older callers: nothing is dropped any more."""
    if fix and not write:
        raise InputError("fixing needs writing: fix=True cannot be combined with write=False", "drop one of them")
    if not write:
        table = read_candidates(path, sheet)
        validation = validate_table(table, region=region, phone_style=phone_style, dayfirst=dayfirst, today=today, track=track)
        return WorkbookValidation(validation, table)
    from .workbook.editor import editing

    with editing(path, output=output, backup=backup, force=force) as session:
        table = read_candidates(session.source, sheet)
        validation = validate_table(table, region=region, phone_style=phone_style, dayfirst=dayfirst, today=today, track=track)
        report = WorkbookValidation(validation, table)
        if stage:
            stage(f"Writing the {ISSUES_SHEET} sheet and highlights into {Path(output or path).name}...")
        names = session.sheet_names()
        facts = cell_facts(session.source, table.sheet, _fix_cells(table, validation.changes)) if fix else {}
        previous = sheet_rows(session.source, FIX_LOG_SHEET) if fix and FIX_LOG_SHEET in names else []
        records = sheet_rows(session.source, MARKS_SHEET) if MARKS_SHEET in names else []
        ours = session.own_kind(FIX_LOG_SHEET) == FIX_LOG_KIND
        edit = plan_validation(
            report, fix=fix, facts=facts, fix_log=previous, mark_record=records, sheets=names, fix_log_ours=ours
        )
        session.apply(edit)
    report.written = Path(output) if output else Path(path)
    return report


def _fix_cells(table: CandidateTable, changes: list[Change]) -> set[tuple[int, int]]:
    return {(c.row, table.column(c.column).index) for c in changes}


def plan_validation(
    report: WorkbookValidation,
    *,
    fix: bool,
    facts: dict[tuple[int, int], Any],
    fix_log: list[list[Any]],
    mark_record: list[list[Any]],
    sheets: list[str],
    stamp: datetime | None = None,
    fix_log_ours: bool = True,
) -> WorkbookEdit:
    """What validating writes, as values: the safe fixes (cells whose ``facts`` forbid a
    write are skipped and said), the Fix log, the Issues sheet and the marks. ``report``
    gets the fixes and skips; the findings left after the fixes replace its findings."""
    table = report.table
    edit = WorkbookEdit()
    candidates = edit.edit(table.sheet, table.header_row)
    if fix:
        stamp = stamp or datetime.now().replace(microsecond=0)
        log_rows = _plan_fixes(report, candidates, facts, stamp)
        fixed_cells = {(c.row, c.column) for c in report.fixed}
        report.validation.findings = _after_fix(report.validation.findings, fixed_cells, report)
        if log_rows:
            edit.sheets.append(fix_log_sheet(_log_body(fix_log, fix_log_ours) + log_rows))
    edit.sheets.insert(0, issues_sheet(table, report.validation.findings))
    marks = cell_marks(table, report.findings)
    candidates.marks = _marks(table, marks, mark_record)
    for other, removed in _marks_elsewhere(table, mark_record, sheets).items():
        edit.edit(other).marks = Marks(remove=removed, colors=MARK_COLORS_ALL)
    report.marked = len(marks)
    return edit


def _plan_fixes(report: WorkbookValidation, edit: SheetEdit, facts: dict, stamp: datetime) -> list[list[Any]]:
    """Each safe change, unless the cell holds a formula, rich text or a picture."""
    table = report.table
    log_rows = []
    for change in report.validation.changes:
        col = table.column(change.column)
        why = getattr(facts.get((change.row, col.index)), "why_not", None)
        ref = table.cell(change.column, change.row)
        if why:
            report.skipped.append((ref, why))
            continue
        edit.values[(change.row, col.index)] = change.new
        report.fixed.append(change)
    keys = RowKeys.after_fixes(table, report.fixed)
    for change in report.fixed:
        ref = table.cell(change.column, change.row)
        header = table.column(change.column).header
        log_rows.append(
            [stamp, table.sheet, ref, header, change.old, change.new, None, keys.candidate_id(change.row), keys.key(change.row)]
        )
    return log_rows


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


# --- the Fix log: every original value, and how to find its cell again ------------------------------

FIX_LOG_KIND = "fix-log"


def _log_body(rows: list[list[Any]], ours: bool = True) -> list[list[Any]]:
    """The entries of an existing Fix log (its header dropped; an emptied one starts again).

    Entries are read by position, so a header that is not the one talentsheet wrote (a column
    renamed, deleted or moved, the header row deleted) is refused, naming the column: read
    anyway, an original would be taken from the wrong column, and a new ``--fix`` that
    started the log again would throw away the originals of every earlier fix. A sheet of that
    name without talentsheet's marker (``ours`` False) is read only when it has the layout of
    an earlier talentsheet's log; otherwise it is the recruiter's, and has no entries."""
    if not any(v is not None for r in rows for v in r):
        return []
    header = list(rows[0]) + [None] * len(FIX_LOG_HEADER)
    legacy = all(v is None for v in header[7 : len(FIX_LOG_HEADER)])  # logs written before row keys
    if not ours and header[:7] != FIX_LOG_HEADER[:7]:
        return []
    for col, want in enumerate(FIX_LOG_HEADER[:7] if legacy else FIX_LOG_HEADER, start=1):
        if header[col - 1] != want:
            raise InputError(
                f"column {col_letter(col)} of the {FIX_LOG_SHEET!r} sheet is {header[col - 1]!r}, not {want!r}: "
                "its header was renamed, deleted or moved",
                f"put the header back ({', '.join(FIX_LOG_HEADER)}): the originals of earlier fixes are listed below it",
            )
    return [list(r) + [None] * (len(FIX_LOG_HEADER) - len(r)) for r in rows[1:] if any(v is not None for v in r)]


def fix_log_sheet(rows: list[list[Any]]) -> OwnSheet:
    own = table_sheet(FIX_LOG_SHEET, FIX_LOG_KIND, FIX_LOG_HEADER, rows)
    own.legacy = Legacy(1, tuple(FIX_LOG_HEADER[:7]))
    if rows:
        own.styles.append(Styled(Area(2, 1, len(rows) + 1, 1), Style(number_format="yyyy-mm-dd hh:mm")))
    own.pointers = [Pointer(3, "cell", 2)]
    return own


# --- the Issues sheet --------------------------------------------------------------------------------


def _columns(table: CandidateTable) -> dict[str, Any]:
    """Field -> column info, looked up once (findings name tens of thousands of cells)."""
    return {c.name: c for c in table.columns if c.name not in table.derived}


def issue_rows(table: CandidateTable, findings: list[Finding]) -> list[list[Any]]:
    """The lines of the Issues sheet (under ``ISSUES_HEADER``), worst first within a row."""
    columns = _columns(table)

    def where(f: Finding) -> tuple[str, str]:
        column = columns.get(f.column) if f.column else None
        if column is None:
            return "", ""
        return f"{column.letter}{f.row}", column.header

    ordered = sorted(findings, key=lambda f: (f.row or 0, SEVERITY_ORDER[f.severity], f.column))
    rows = []
    for f in ordered:
        cell, header = where(f)
        rows.append([f.row, cell, header, f.value, f.problem, f.suggestion, f.severity.value])
    return rows


def issues_sheet(table: CandidateTable, findings: list[Finding]) -> OwnSheet:
    """The Issues sheet as values: one line per finding, each "Cell" a link to its cell."""
    rows = issue_rows(table, findings)
    own = table_sheet(ISSUES_SHEET, "issues", ISSUES_HEADER, rows, widths={4: 30, 5: 45, 6: 50}, after=table.sheet)
    own.legacy = Legacy(1, tuple(ISSUES_HEADER))
    if len(rows) + 1 <= MAX_LINKED_ISSUES:
        own.links = [Link(r, 2, sheet=table.sheet, cell=line[1]) for r, line in enumerate(rows, start=2) if line[1]]
    own.pointers = [Pointer(1, "row", 2), Pointer(2, "cell", 2)]
    own.points_at = table.sheet
    return own


# --- talentsheet's own marks -------------------------------------------------------------------

MARK_COLORS_ALL = tuple(MARK_COLORS.values())


def __getattr__(name: str) -> Any:
    """``MARK_FILLS``: the mark colours as openpyxl fills, for callers that want those (made on
    first use, so importing this module does not import openpyxl)."""
    if name == "MARK_FILLS":
        from openpyxl.styles import PatternFill

        return {s: PatternFill("solid", start_color=c, end_color=c) for s, c in MARK_COLORS.items()}
    raise AttributeError(name)


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
    columns = _columns(table)
    for f in findings:
        column = columns.get(f.column) if f.column else None
        if f.severity in MARKED_SEVERITIES and column is not None:
            by_cell.setdefault(f"{column.letter}{f.row}", []).append(f)
    return [
        CellMark(ref, min((f.severity for f in found), key=SEVERITY_ORDER.__getitem__), _comment_text(found))
        for ref, found in by_cell.items()
    ]


def _recorded(record: list[list[Any]]) -> list[tuple[str, str, Any, Any]]:
    """The marks the last run made (the hidden marks sheet): (sheet, cell, fill, note)."""
    out = []
    for line in record[1:] if record and record[0][:2] == ["Sheet", "Cell"] else []:
        line = list(line) + [None] * 4
        sheet, ref, fill, note = line[:4]
        if sheet and ref:
            out.append((str(sheet), str(ref), fill, note))
    return out


def _removal(ref: str, fill: Any, note: Any) -> Mark | None:
    try:
        row, col = parse_ref(ref)
    except ValueError:
        return None  # a hand-edited record line: nothing to remove there
    return Mark(row, col, fill=str(fill) if fill else None, note=str(note) if note else None)


def _marks(table: CandidateTable, marks: list[CellMark], record: list[list[Any]]) -> Marks:
    remove = [m for s, ref, fill, note in _recorded(record) if s == table.sheet and (m := _removal(ref, fill, note))]
    add = []
    for mark in marks:
        row, col = parse_ref(mark.cell)
        add.append(Mark(row, col, fill=MARK_COLORS[mark.severity], note=mark.comment))
    return Marks(add=add, remove=remove, record=MARKS_SHEET, author=MARK_AUTHOR, colors=MARK_COLORS_ALL)


def _marks_elsewhere(table: CandidateTable, record: list[list[Any]], sheets: list[str]) -> dict[str, list[Mark]]:
    """Marks an earlier run left on another sheet (validated with --sheet): removed too."""
    out: dict[str, list[Mark]] = {}
    for s, ref, fill, note in _recorded(record):
        if s != table.sheet and s in sheets and (m := _removal(ref, fill, note)):
            out.setdefault(s, []).append(m)
    return out


# --- undo -------------------------------------------------------------------------------------


@dataclass
class UndoReport:
    """What :func:`undo_fix` restored, which cells it left alone (changed after the fix), and
    which entries it could not place (the row is gone or cannot be told apart)."""

    restored: list[str] = field(default_factory=list)
    kept: list[tuple[str, Any]] = field(default_factory=list)  # (cell, its current value)
    lost: list[tuple[str, str]] = field(default_factory=list)  # (cell as logged, why)
    written: Path | None = None


def undo_fix(
    path: str | Path, *, output: str | Path | None = None, allow_loss: bool = False, backup: bool = True, force: bool = False
) -> UndoReport:
    """Put back the original value of every cell ``--fix`` changed, newest fix first, in the
    row it belongs to now (found by Candidate ID, else by its identity cells, so inserted,
    deleted or sorted rows do not matter). A cell the recruiter edited after the fix is left
    as it is and reported; an entry whose row cannot be found for sure is reported, never
    written elsewhere."""
    from .workbook.editor import editing

    report = UndoReport()
    with editing(path, output=output, backup=backup, force=force) as session:
        if FIX_LOG_SHEET not in session.sheet_names():
            raise InputError(
                f"{Path(path).name} has no {FIX_LOG_SHEET!r} sheet: nothing to undo", "run 'talentsheet validate --fix' first"
            )
        rows = sheet_rows(session.source, FIX_LOG_SHEET)
        log = _log_body(rows, ours=session.own_kind(FIX_LOG_SHEET) == FIX_LOG_KIND)
        if not log and any(v is not None for r in rows for v in r) and session.own_kind(FIX_LOG_SHEET) != FIX_LOG_KIND:
            raise InputError(
                f"the {FIX_LOG_SHEET!r} sheet of {Path(path).name} was not written by talentsheet: nothing to undo",
                "undo-fix puts back what 'talentsheet validate --fix' logged there; this sheet is the recruiter's own",
            )
        sheets = {str(e[1]) for e in log if e[1] and not e[6]}
        tables = {s: read_candidates(session.source, s) for s in sheets if s in session.sheet_names()}
        edit = plan_undo(log, tables, report, stamp=datetime.now().replace(microsecond=0))
        if edit is not None:
            session.apply(edit)
    report.written = Path(output) if output else Path(path)
    return report


def plan_undo(
    log: list[list[Any]], tables: dict[str, CandidateTable], report: UndoReport, *, stamp: datetime
) -> WorkbookEdit | None:
    """The undo as values: each restore, and the Fix log with its Undone column filled.
    Runs are undone newest first; the rows of one run are found before any of its cells is
    put back (its row keys describe the rows as that run left them)."""
    when = stamp.isoformat(sep=" ")
    edit = WorkbookEdit()
    finders = {s: RowFinder(t) for s, t in tables.items()}
    changed = False
    for entries in runs_newest_first(log):
        placed = []
        for entry in reversed(entries):
            _, sheet, ref, _, _, _, undone = entry[:7]
            if undone or not sheet or not ref:
                continue
            changed = True
            finder = finders.get(str(sheet))
            if finder is None:
                entry[6] = f"not restored {when}: sheet {sheet!r} is gone"
                report.lost.append((str(ref), f"sheet {sheet!r} is gone"))
                continue
            placed.append((entry, finder, _place(finder, entry)))
        for entry, finder, where in placed:
            entry[6] = _undo_one(finder, edit.edit(finder.table.sheet, finder.table.header_row), entry, where, report, when)
    if not changed:
        return None
    edit.sheets.append(fix_log_sheet(log))
    return edit


def _place(finder: RowFinder, entry: list[Any]) -> tuple[Any, int | None, str]:
    """(column, row, why not) for one entry, from the rows as they are now."""
    _, _, ref, header, _, _, _, candidate_id, key = (list(entry) + [None] * 9)[:9]
    table = finder.table
    try:
        logged_row, logged_col = parse_ref(str(ref).strip())
    except ValueError:
        return None, None, f"{ref!r} in its Cell column is not a cell address"
    column = next((c for c in table.columns if c.header == header), None) or next(
        (c for c in table.columns if c.index == logged_col), None
    )
    if column is None:
        return None, None, f"the column {header!r} is gone"
    row, why = finder.find(candidate_id, key, logged_row)
    return column, row, why


def _undo_one(finder: RowFinder, edit: SheetEdit, entry: list[Any], where: tuple, report: UndoReport, when: str) -> str:
    ref, fixed, original = entry[2], entry[5], entry[4]
    column, row, why = where
    if column is None or row is None:
        report.lost.append((str(ref), why))
        return f"not restored {when}: {why}"
    cell = f"{column.letter}{row}"
    current = finder.current(row, column.name)
    if cell_value(current) != cell_value(fixed):
        report.kept.append((cell, cell_value(current)))
        return f"kept {when}: changed after the fix"
    value = cell_value(original)
    edit.values[(row, column.index)] = value
    finder.set(row, column.name, value)
    report.restored.append(cell)
    return f"restored {when}" if cell == str(ref) else f"restored {when} in {cell}"
