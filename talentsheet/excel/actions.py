"""The Excel layer: talentsheet's capabilities run on the workbook open in Excel (xlwings).

Every action takes an ``xw.Book``: it reads the sheets it needs into pandas once, calls the
same library functions the CLI calls, and writes each result once through xlwings, so the
workbook is changed by Excel itself (nothing lost, Excel's own save and undo history).
Only operations that work in every integration are used: xlwings Lite and Server queue
them as actions for the Office.js client; classic xlwings applies them directly.

Three ways in: ``talentsheet.excel.lite_entry`` (``@xw.script`` for xlwings Lite), :func:`run`
(classic ``RunPython``, used by the Talentsheet ribbon add-in) and the functions below.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import InputError, TalentsheetError
from ..workbook.pointers import parse_marker
from ..workbook.reader import CandidateTable, choose_candidate_sheet, table_from_rows
from .apply import apply_edit, excel_value, own_kinds, sheet_rows
from .buttons import BUTTONS

if TYPE_CHECKING:
    import xlwings as xw


__all__ = ["ACTIONS", "ACTION_NAMES", "ActionResult", "alert", "read_table", "run", "run_action", "write_table"]

# every button, in ribbon order: action -> (label, what it does); declared in buttons.py
ACTION_NAMES: dict[str, tuple[str, str]] = {b.action: (b.label, b.description) for b in BUTTONS}


@dataclass
class ActionResult:
    """What one button did: a one-line summary for the recruiter and counts for tests/demo."""

    action: str
    summary: str
    counts: dict[str, int] = field(default_factory=dict)
    sheet: str | None = None


# --- talking to the recruiter -----------------------------------------------------------


def alert(book: xw.Book, message: str, hint: str = "", title: str = "Talentsheet") -> None:
    """A message box in Excel: what happened and, when something went wrong, what to do."""
    text = f"{message}\n\nWhat to do: {hint}" if hint else message
    book.app.alert(text, title=title)


def progress(book: xw.Book, text: str) -> None:
    """Status text: Excel's status bar in classic xlwings, the output pane in Lite."""
    try:
        book.app.status_bar = text
    except (NotImplementedError, AttributeError):
        print(text)  # xlwings Lite shows prints in its task pane


# --- reading ------------------------------------------------------------------------------


def candidate_sheet(book: xw.Book, rows_of: Callable[[xw.Sheet], list[list[Any]]] = sheet_rows) -> tuple[str, list]:
    """The sheet holding candidates, chosen exactly as the file reader chooses it."""
    return choose_candidate_sheet([s.name for s in book.sheets], lambda name: rows_of(book.sheets[name]), book.name)


def read_table(book: xw.Book, sheet: str | None = None) -> CandidateTable:
    """The candidate sheet of the open workbook as a :class:`CandidateTable` (read once)."""
    if sheet is not None:
        if sheet not in [s.name for s in book.sheets]:
            raise InputError(f"the workbook has no sheet named {sheet!r}", "check the sheet name")
        name, rows = sheet, sheet_rows(book.sheets[sheet])
    else:
        name, rows = candidate_sheet(book)
    return table_from_rows(rows, name, book.name)


# --- writing ------------------------------------------------------------------------------


def table_values(frame: pd.DataFrame) -> list[list[Any]]:
    """Header plus rows, every cell made safe for Excel."""
    header = [excel_value(str(c)) for c in frame.columns]
    body = [[excel_value(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return [header, *body]


def fresh_sheet(book: xw.Book, title: str, after: str | None = None) -> xw.Sheet:
    """A new, empty sheet named ``title`` where the old one was (or after ``after``)."""
    names = [s.name for s in book.sheets]
    if title in names:
        position = names.index(title)
        book.sheets[title].delete()
        names.remove(title)
        anchor = book.sheets[names[position - 1]] if position > 0 else None
    else:
        anchor = book.sheets[after] if after in names else book.sheets[names[-1]]
    if anchor is None:
        return book.sheets.add(title, before=book.sheets[0])
    return book.sheets.add(title, after=anchor)


def write_table(
    book: xw.Book,
    title: str,
    frame: pd.DataFrame,
    *,
    after: str | None = None,
    links: dict[str, Sequence[tuple[str, str] | None]] | None = None,
    row_colors: Sequence[str | None] | None = None,
    note: str | None = None,
) -> xw.Sheet:
    """Write ``frame`` as talentsheet's own sheet ``title`` in one go: an Excel table (filter,
    banding), optional in-workbook links (column -> (target, text) per row), row colours,
    a note on A1, frozen header and fitted columns."""
    sheet = fresh_sheet(book, title, after)
    values = table_values(frame)
    sheet["A1"].value = values
    width = max(len(frame.columns), 1)
    table_name = "ts" + re.sub(r"\W", "", title)
    sheet.tables.add(source=sheet.range((1, 1), (len(values), width)), name=table_name, table_style_name="TableStyleMedium2")
    for column, targets in (links or {}).items():
        _write_links(sheet, frame.columns.get_loc(column) + 1, targets)
    if row_colors is not None and len(frame):
        _write_row_colors(sheet, width, row_colors)
    if note:
        add_note(sheet["A1"], note)
    sheet.freeze_panes.freeze_at("A2")
    sheet.autofit("columns")
    return sheet


def dropdown(cells: xw.Range, choices: list[str]) -> None:
    """An in-cell list (e.g. Merge? Yes/No) where the integration supports it."""
    with contextlib.suppress(NotImplementedError, AttributeError):
        cells.data_validation.set_list(choices)


def add_note(cell: xw.Range, text: str) -> None:
    """A note on a cell where the integration supports notes (older Excel builds do not)."""
    with contextlib.suppress(NotImplementedError, AttributeError):  # the note only repeats the sheet
        cell.add_note(text)


def _write_links(sheet: xw.Sheet, column: int, targets: Iterable[tuple[str, str] | None]) -> None:
    for row, target in enumerate(targets, start=2):
        if target:
            address, text = target
            sheet.range((row, column)).add_hyperlink(address, text, f"Go to {text}")


def _write_row_colors(sheet: xw.Sheet, width: int, colors: Sequence[str | None]) -> None:
    matrix = [[c if c else ...] * width for c in colors]
    sheet.range((2, 1), (len(colors) + 1, width)).set_colors(matrix)


def cell_link(sheet: str, address: str) -> str:
    """An in-workbook hyperlink address to ``address`` on ``sheet``."""
    return f"#'{sheet}'!{address}"


# --- actions ------------------------------------------------------------------------------


def workbook_info(book: xw.Book) -> ActionResult:
    """What talentsheet sees: the candidate sheet, its header row and how columns were read."""
    table = read_table(book)
    known = [c for c in table.columns if c.field]
    unknown = [c.header for c in table.columns if not c.field]
    summary = (
        f"{len(table.df):,} candidates on sheet '{table.sheet}', header on row {table.header_row}; "
        f"{len(known)} columns recognised" + (f", kept as they are: {', '.join(unknown)}" if unknown else "")
    )
    alert(book, summary)
    return ActionResult("workbook_info", summary, {"candidates": len(table.df), "recognised": len(known)})


def validate(book: xw.Book) -> ActionResult:
    """Check every candidate: what ``talentsheet validate`` writes (its planner), applied in
    Excel: the Issues sheet (each line links to its cell), the offending cells coloured on
    the candidate sheet (red: error, yellow: warning), the marks record. No cell is changed."""
    from ..validate import ISSUES_SHEET, MARKS_SHEET, WorkbookValidation, plan_validation, validate_table

    table = read_table(book)
    progress(book, f"Talentsheet: checking {len(table.df):,} candidates...")
    report = WorkbookValidation(validate_table(table), table)
    names = [s.name for s in book.sheets]
    records = sheet_rows(book.sheets[MARKS_SHEET]) if MARKS_SHEET in names else []
    edit = plan_validation(report, fix=False, facts={}, fix_log=[], mark_record=records, sheets=names)
    apply_edit(book, edit)
    findings = report.findings
    errors = sum(f.severity.value == "error" for f in findings)
    summary = f"{len(findings):,} findings ({errors:,} errors) in {len(table.df):,} candidates; see the {ISSUES_SHEET} sheet"
    return ActionResult("validate", summary, {"findings": len(findings), "errors": errors, "marked": report.marked}, ISSUES_SHEET)


def find_duplicates(book: xw.Book) -> ActionResult:
    """People entered more than once: what ``talentsheet dedupe`` writes (its planner),
    applied in Excel: new ids, the Duplicates review sheet (one block per person, survivor
    first, Merge? Yes/No), the duplicate rows highlighted."""
    from ..dedupe.pipeline import find_duplicates as find_groups
    from ..dedupe.review import DUPLICATES, MERGED, ids_in_archive, plan_review, remembered_apart
    from ..ids import plan_ids

    name, rows = candidate_sheet(book)
    table = table_from_rows(rows, name, book.name)
    names = [s.name for s in book.sheets]
    decided, apart = remembered_apart(names, lambda sheet: sheet_rows(book.sheets[sheet]))
    groups = find_groups(table.df, keep_apart=sorted(apart), on_stage=lambda stage: progress(book, f"Talentsheet: {stage}..."))
    taken = ids_in_archive(sheet_rows(book.sheets[MERGED])) if MERGED in names else []
    used = max((len(r) for r in rows), default=0)
    ids = plan_ids(table, used_width=max(used, *(c.index for c in table.columns)), also_taken=taken)
    apply_edit(book, plan_review(table, groups, ids, apart=apart, decided=decided))
    people = sum(len(g.rows) for g in groups)
    summary = f"{len(groups):,} people appear more than once ({people:,} rows); review them on the {DUPLICATES} sheet"
    return ActionResult("find_duplicates", summary, {"groups": len(groups), "rows": people}, DUPLICATES)


def merge_duplicates(book: xw.Book) -> ActionResult:
    """Merge the groups marked ``Merge? = Yes`` on the Duplicates sheet: ``talentsheet
    merge``'s plan (:func:`talentsheet.dedupe.merge.plan_merge` and ``merge_edit``) on the
    sheets' values, applied in Excel: the Merged archive and the Result column first, then
    the candidate sheet (ids, survivors' cells, merged rows deleted)."""
    from ..dedupe.merge import (
        NOTES_OVERFLOW,
        _row_values,
        merge_edit,
        merge_stamp,
        next_merge_number,
        plan_merge,
    )
    from ..dedupe.review import DUPLICATES, MERGED, decisions_from_rows
    from ..ids import check_unique_ids, plan_ids

    name, rows = candidate_sheet(book)
    table = table_from_rows(rows, name, book.name)
    names = [s.name for s in book.sheets]
    if DUPLICATES not in names:
        raise InputError("there is no Duplicates sheet to merge from", "click Find duplicates, mark Merge? Yes/No, then merge")
    review = sheet_rows(book.sheets[DUPLICATES])
    decisions = decisions_from_rows(review[1:], header=review[0] if review else None)
    if not decisions:
        return ActionResult("merge_duplicates", "nothing was marked Merge? = Yes on the Duplicates sheet", {"merged": 0})
    archive = sheet_rows(book.sheets[MERGED]) if MERGED in names else []
    width = max([*(len(r) for r in rows), *(c.index for c in table.columns)])
    ids = plan_ids(table, used_width=width, also_taken=[v for row in archive[1:] for v in row if isinstance(v, str)])
    check_unique_ids(ids.ids)
    width = max(width, ids.column)
    number = next_merge_number(r[0] for r in archive[1:] if r)
    plan = plan_merge(_row_values(table, ids, width), width, table, decisions, ids.ids, next_merge=number, stamp=merge_stamp())
    overflow = sheet_rows(book.sheets[NOTES_OVERFLOW])[1:] if NOTES_OVERFLOW in names else []
    edit, _warnings = merge_edit(table, ids, plan, archive, names, overflow=overflow)
    apply_edit(book, edit, known={table.sheet: rows, MERGED: archive})
    gone = len(plan.gone)
    summary = f"{len(plan.groups)} groups merged, {gone} rows archived on the {MERGED} sheet"
    return ActionResult("merge_duplicates", summary, {"merged": len(plan.groups), "archived": gone}, MERGED)


class _BookSheets:
    """What the views planner asks a session: the sheet names and talentsheet's marker kinds."""

    def __init__(self, book: xw.Book) -> None:
        self.names = [s.name for s in book.sheets]
        self.kinds = {name: parse_marker(text).kind for name, text in own_kinds(book).items()}

    def sheet_names(self) -> list[str]:
        return self.names

    def own_kind(self, name: str) -> str | None:
        return self.kinds.get(name)


def _views(book: xw.Book, only_follow_ups: bool) -> Any:
    """``talentsheet views`` / ``followups``' planner on the open workbook, applied."""
    from ..views.sheets import plan_views, sheets_info

    table = read_table(book)
    info = sheets_info(_BookSheets(book), rows_of=lambda name, limit: sheet_rows(book.sheets[name])[:limit])
    plan = plan_views(table, info, only_follow_ups=only_follow_ups)
    apply_edit(book, plan.edit)
    return plan


def refresh_views(book: xw.Book) -> ActionResult:
    """Rebuild the built-in views and each view defined on the Views sheet."""
    plan = _views(book, only_follow_ups=False)
    summary = f"{len(plan.names)} view sheets refreshed: {', '.join(plan.names)}"
    return ActionResult("refresh_views", summary, {"views": len(plan.names)}, plan.names[0] if plan.names else None)


def follow_ups(book: xw.Book) -> ActionResult:
    """Who to call now: follow-ups due (or overdue), on the Follow-ups due sheet."""
    plan = _views(book, only_follow_ups=True)
    (view,), (title,) = plan.views, plan.names
    due = int(view.people.index.nunique())
    summary = f"{due:,} follow-ups due; see the {title} sheet"
    return ActionResult("follow_ups", summary, {"due": due}, title)


def selected_opening(book: xw.Book) -> Any:
    """The opening on the selected row of the Openings sheet, else the last one."""
    from ..openings import _find_header, _opening_from_cells, openings_sheet_name

    name = openings_sheet_name()
    if name not in [s.name for s in book.sheets]:
        raise InputError(
            f"the workbook has no {name!r} sheet", "add an Openings sheet (see 'talentsheet init') with a Title column"
        )
    rows = sheet_rows(book.sheets[name])
    header_row, mapping = _find_header(rows)
    openings = {}
    for r, row in enumerate(rows[header_row:], start=header_row + 1):
        values = {f: row[j] for j, f in mapping.items() if j < len(row)}
        if str(values.get("title") or "").strip():
            openings[r] = _opening_from_cells(values, r)
    if not openings:
        raise InputError(f"the {name} sheet lists no opening", "type a title (and location) on a row of the Openings sheet")
    selected = _selected_row(book, name)
    return openings.get(selected) or openings[max(openings)]


def _selected_row(book: xw.Book, sheet: str) -> int | None:
    try:
        selection = book.selection
        return selection.row if selection is not None and selection.sheet.name == sheet else None
    except (NotImplementedError, AttributeError):
        return None


def find_matches(book: xw.Book) -> ActionResult:
    """Rank candidates for the selected opening: ``talentsheet match``'s sheet, best first;
    the recruiter's Outcome notes of the last run are kept (the same planner)."""
    from ..match import match
    from ..matches import matches_sheet, matches_sheet_title
    from ..workbook.changes import WorkbookEdit

    table = read_table(book)
    opening = selected_opening(book)
    ranked = match(table.df, opening)
    title = matches_sheet_title(opening)
    names = [s.name for s in book.sheets]
    previous = sheet_rows(book.sheets[title]) if title in names else []
    own = matches_sheet(opening, ranked, previous, candidates=table.sheet, after=names[-1])
    apply_edit(book, WorkbookEdit(sheets=[own]))
    summary = f"{len(ranked)} candidates ranked for {opening.label}; see the {title} sheet"
    return ActionResult("find_matches", summary, {"matches": len(ranked)}, title)


# each button runs the function of its name above
ACTIONS: dict[str, Callable[[xw.Book], ActionResult]] = {b.action: globals()[b.action] for b in BUTTONS}


def run_action(book: xw.Book, action: str) -> ActionResult | None:
    """Run one button's action; problems become a clear alert in Excel, never a traceback.

    In xlwings Lite/Server the changes are queued until the script returns, so a failed
    action is dropped whole and the workbook stays as it was."""
    func = ACTIONS.get(action)
    if func is None:
        alert(book, f"Talentsheet has no action called '{action}'.", f"use one of: {', '.join(ACTIONS)}")
        return None
    queued = _queued_actions(book)
    start = len(queued) if queued is not None else 0
    try:
        progress(book, f"Talentsheet: {action.replace('_', ' ')}...")
        result = func(book)
        progress(book, f"Talentsheet: {result.summary}")
        return result
    except TalentsheetError as exc:
        _drop_queued(queued, start)
        alert(book, exc.message, exc.hint, title="Talentsheet could not do that")
    except Exception as exc:  # a bug must not show a traceback to the recruiter
        _drop_queued(queued, start)
        alert(
            book,
            f"Something unexpected went wrong while running '{action}' ({type(exc).__name__}: {exc}).",
            "save a copy of the workbook and report this to whoever set up Talentsheet",
            title="Talentsheet could not do that",
        )
    return None


def _queued_actions(book: xw.Book) -> list | None:
    """The remote engine's list of pending changes (None in classic xlwings: applied at once)."""
    if book.app.engine.name != "remote":
        return None
    return book.impl.json()["actions"]


def _drop_queued(queued: list | None, start: int) -> None:
    if queued is not None:
        del queued[start:]


def run(action: str) -> ActionResult | None:
    """Classic xlwings entry point: ``RunPython "import talentsheet.excel as x; x.run('validate')"``."""
    import xlwings as xw

    return run_action(xw.Book.caller(), action)
