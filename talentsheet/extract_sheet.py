"""``talentsheet extract`` and ``talentsheet contacted`` on a file: the only place these write.

* :func:`extract_workbook` writes the ``Notes review`` sheet (row, cell, proposed value, the
  words it came from, an Accept? dropdown) and, with ``accept="all"`` or ``"marked"``, writes
  the accepted values into empty cells of the candidate table, adding the columns it lacks
  inside the table, and logs every write in the ``Extract log`` sheet.
* :func:`undo_extract` puts back what the log says, newest first, in the row each cell belongs
  to now (found by Candidate ID, else by its row key, like ``validate --undo-fix``), leaving
  and naming every cell it cannot put back.
* :func:`mark_contacted` sets Last contacted to today and clears Follow-up on for one person.

Each is *read → plan → apply*: the plans (:func:`plan_extract`, :func:`plan_undo_extract`,
:func:`plan_contacted`) are pure and return a :class:`~talentsheet.workbook.changes.WorkbookEdit`
that the package editor applies here and the Excel layer can apply through xlwings. What the
notes propose is planned in :mod:`talentsheet.notes_review`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import InputError
from .notes_review import REVIEW_HEADER, CellChange, ExtractPlan, ReviewRow, accepted, plan_changes, plan_review
from .notes_review import NewColumn as PlannedColumn
from .rowkeys import IDENTITY_FIELDS, RowFinder, RowKeys, cell_value, runs_newest_first
from .schema import CANDIDATE_ID, TEMPLATE_HEADERS
from .workbook.changes import Area, Dropdown, Legacy, NewColumn, OwnSheet, Pointer, WorkbookEdit, table_sheet
from .workbook.reader import CandidateTable, read_candidates
from .workbook.values import sheet_rows

__all__ = [
    "ContactedReport",
    "ExtractReport",
    "extract_workbook",
    "mark_contacted",
    "plan_contacted",
    "plan_extract",
    "plan_undo_extract",
    "undo_extract",
]

REVIEW_SHEET = "Notes review"
LOG_SHEET = "Extract log"
REVIEW_KIND = "notes-review"
LOG_KIND = "extract-log"
# the log as the openpyxl writer kept it; Candidate ID and Row key find a row again after a sort
LEGACY_LOG_HEADER = ["Written at", "Action", "Sheet", "Cell", "Column", "Before", "After", "Undone"]
LOG_HEADER = [*LEGACY_LOG_HEADER, "Candidate ID", "Row key"]
UNDONE = LOG_HEADER.index("Undone")
NEW_COLUMN = "(new column)"
REVIEW_IDENTITY = ["Candidate ID", "Row key"]  # after the review's columns: whose line it is


@dataclass
class ExtractReport:
    path: Path
    proposals: int = 0
    unreadable: int = 0
    written: list[str] = field(default_factory=list)  # cells written
    skipped: list[str] = field(default_factory=list)  # accepted, but the cell was filled meanwhile
    new_columns: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # undo: cells left because they changed since
    left: list[tuple[str, str]] = field(default_factory=list)  # undo: (cell, why) for every cell not put back

    def to_dict(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in self.__dict__.items()}


def _stamp() -> str:
    return datetime.now().replace(microsecond=0).isoformat(sep=" ")


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())


# --- reading our sheets ---------------------------------------------------------------------------


def own_rows(session: Any, name: str, kind: str, legacy_header: list[str]) -> list[list[Any]] | None:
    """The values of our sheet ``name`` (None when there is none). A sheet of that name the
    recruiter made is refused up front, as the editor would refuse to replace it: its cells
    are never read as marks or as a log."""
    found = next((n for n in session.sheet_names() if n.lower() == name.lower()), None)
    if found is None:
        return None
    rows = sheet_rows(session.source, found)
    ours = session.own_kind(found) == kind
    legacy = session.own_kind(found) is None and bool(rows) and list(rows[0][: len(legacy_header)]) == legacy_header
    if not (ours or legacy):
        raise InputError(
            f"the workbook already has a sheet called {found!r} that talentsheet did not make",
            "rename that sheet (talentsheet keeps its results there) and run the command again; nothing was written",
        )
    return rows


def review_marks(rows: list[list[Any]] | None, table: CandidateTable) -> tuple[dict[tuple[int, str], Any], list[tuple[str, str]]]:
    """(row, column header) -> what the recruiter typed under Accept?, at the row the person is
    on *now* (found by the line's Candidate ID / row key, so a sort since the review does not
    move a Yes onto someone else); and (cell, why) for each mark whose person is gone."""
    if rows is None:
        raise InputError(f"there is no {REVIEW_SHEET!r} sheet to read your marks from", "run 'talentsheet extract FILE' first")
    if not rows or list(rows[0][: len(REVIEW_HEADER)]) != REVIEW_HEADER:
        raise InputError(f"the {REVIEW_SHEET!r} sheet has lost its header", "run 'talentsheet extract FILE' again")
    at = {h: i for i, h in enumerate(REVIEW_HEADER + REVIEW_IDENTITY)}
    width = len(at)
    finder: RowFinder | None = None
    marks: dict[tuple[int, str], Any] = {}
    lost: list[tuple[str, str]] = []
    for r in (list(line) + [None] * width for line in rows[1:]):
        row, mark = r[at["Row"]], r[at["Accept?"]]
        if not isinstance(row, (int, float)) or _empty(mark):
            continue
        row, candidate_id, key = int(row), r[at["Candidate ID"]], r[at["Row key"]]
        if candidate_id or key:
            finder = finder or RowFinder(table)
            if not _same_identity(finder, row, candidate_id, key):
                found, why = finder.find(candidate_id, key, row)
                if found is None:
                    lost.append((str(r[at["Cell"]]), f"marked on the {REVIEW_SHEET} sheet, but {why}"))
                    continue
                row = found
        marks[(row, str(r[at["Column"]]))] = mark
    return marks, lost


def log_body(rows: list[list[Any]] | None) -> list[list[Any]]:
    """The entries of an existing Extract log, widened to today's columns (an old log has no
    Candidate ID / Row key: undo then trusts the logged address)."""
    if not rows or not rows[0] or rows[0][0] != LOG_HEADER[0]:
        return []
    return [(list(r) + [None] * len(LOG_HEADER))[: len(LOG_HEADER)] for r in rows[1:] if any(v is not None for v in r)]


# --- the sheets we write ------------------------------------------------------------------------------


def review_sheet(
    table: CandidateTable, rows: list[ReviewRow], results: dict[tuple[int, str], str], old: dict[tuple[int, str], Any]
) -> OwnSheet:
    """The Notes review sheet: one line per proposal; the recruiter's marks survive a re-run."""
    lines = []
    keys = row_keys(table, (r.row for r in rows))
    for r in rows:
        v = r.values()
        if (r.row, r.column) in old and v[6] is None:
            v[6] = old[(r.row, r.column)]
        v[7] = results.get((r.row, r.column))
        lines.append([*v, keys.candidate_id(r.row), keys.key(r.row)])
    own = table_sheet(REVIEW_SHEET, REVIEW_KIND, REVIEW_HEADER + REVIEW_IDENTITY, lines, widths={4: 28, 5: 60})
    accept = REVIEW_HEADER.index("Accept?") + 1
    # Yes / No offered; x, ok, y... typed are taken too (notes_review.ACCEPT_YES)
    own.dropdowns = [Dropdown(Area(2, accept, max(len(lines) + 1, 2), accept), ("Yes", "No"), strict=False)]
    own.legacy = Legacy(1, tuple(REVIEW_HEADER))
    own.pointers = [Pointer(1, "row", 2), Pointer(2, "cell", 2)]  # a merge that moves rows keeps them true
    own.points_at = table.sheet
    return own


def log_sheet(entries: list[list[Any]]) -> OwnSheet:
    own = table_sheet(LOG_SHEET, LOG_KIND, LOG_HEADER, entries, widths={1: 20})
    own.legacy = Legacy(1, tuple(LEGACY_LOG_HEADER))
    return own


# --- extract: plan ---------------------------------------------------------------------------------


def row_keys(table: CandidateTable, rows: Iterable[int]) -> RowKeys:
    """Candidate ID and row key of ``rows``, as the Fix log records them (extract never writes
    an identity cell, so the rows' identity is as read)."""
    rows = sorted(set(rows))
    fields = [f for f in IDENTITY_FIELDS if table.has(f)]
    values: dict[int, dict[str, Any]] = {r: {} for r in rows}
    if rows and fields:
        values = {int(r): dict(zip(fields, vals, strict=True)) for r, *vals in table.df.loc[rows, fields].itertuples()}
    return RowKeys(table, values)


def plan_extract(
    table: CandidateTable,
    rows: list[ReviewRow],
    plan: ExtractPlan,
    report: ExtractReport,
    *,
    marks: dict[tuple[int, str], Any],
    log: list[list[Any]],
    facts: dict[tuple[int, int], Any],
    stamp: str,
) -> WorkbookEdit:
    """What extract writes, as values. ``table`` is the sheet as it is now: a planned value
    whose cell is no longer empty (or holds a formula, rich text, a picture: ``facts``) is
    skipped and said, never written over. ``log`` is the Extract log so far."""
    edit = WorkbookEdit()
    results: dict[tuple[int, str], str] = {}
    entries: list[list[Any]] = []
    if plan.changes:
        cells = edit.edit(table.sheet, table.header_row)
        for new in plan.new_columns:
            cells.new_columns.append(NewColumn(new.index, new.header))
            report.new_columns.append(new.header)
            entries.append([stamp, "extract", table.sheet, f"{new.letter}{table.header_row}", NEW_COLUMN, None, new.header])
        writes = []
        for change in plan.changes:
            why = _why_not_written(table, change, facts)
            if why:
                report.skipped.append(change.cell)  # changed since the review was planned: never overwrite
                results[(change.row, change.header)] = f"kept: {why}"
                continue
            cells.values[(change.row, change.column)] = change.value
            report.written.append(change.cell)
            results[(change.row, change.header)] = f"written to {change.cell} {stamp}"
            writes.append(change)
        keys = row_keys(table, (c.row for c in writes))
        for c in writes:
            entries.append(
                [stamp, "extract", table.sheet, c.cell, c.header, None, c.value, None, keys.candidate_id(c.row), keys.key(c.row)]
            )
    edit.sheets.append(review_sheet(table, rows, results, marks))
    if entries:
        edit.sheets.append(log_sheet(log + [(e + [None] * len(LOG_HEADER))[: len(LOG_HEADER)] for e in entries]))
    return edit


def _why_not_written(table: CandidateTable, change: CellChange, facts: dict[tuple[int, int], Any]) -> str | None:
    """Why a planned value must not go into its cell now, or None."""
    if change.row not in table.df.index:
        return "the row holds no candidate any more"
    if table.has(change.field) and not _empty(table.df.at[change.row, change.field]):
        return "the cell is filled"
    return getattr(facts.get((change.row, change.column)), "why_not", None)


def extract_workbook(
    path: str | Path,
    *,
    accept: str | None = None,
    sheet: str | None = None,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
    force: bool = False,
) -> ExtractReport:
    """Write the Notes review sheet; with ``accept`` ("all" or "marked") also write the
    accepted proposals into empty candidate cells. Nothing is written if anything fails.
    ``allow_loss`` is accepted for older callers: the editor drops nothing."""
    from .workbook.editor import editing
    from .workbook.probe import cell_facts

    if accept not in (None, "all", "marked"):
        raise InputError(
            f"--accept {accept!r} is not a choice", "use --accept all, or mark Accept? = Yes and use --accept marked"
        )
    with editing(path, output=output, backup=backup, force=force) as session:
        table = read_candidates(session.source, sheet)
        rows = plan_review(table)
        report = ExtractReport(Path(output or path), len(rows), sum(r.proposed is None for r in rows))
        review = own_rows(session, REVIEW_SHEET, REVIEW_KIND, REVIEW_HEADER)
        if accept == "marked" and review is None:
            review_marks(review, table)  # says there is nothing to read the marks from
        old, lost = review_marks(review, table) if review is not None else ({}, [])
        plan, facts, log = ExtractPlan(), {}, []
        if accept:
            chosen = accepted(rows, None if accept == "all" else old)
            report.left += lost if accept == "marked" else []
            plan = plan_changes(table, chosen)
            existing = {(c.row, c.column) for c in plan.changes if c.column <= max(x.index for x in table.columns)}
            facts = cell_facts(session.source, table.sheet, existing) if existing else {}
            log = log_body(own_rows(session, LOG_SHEET, LOG_KIND, LEGACY_LOG_HEADER))
        session.apply(plan_extract(table, rows, plan, report, marks=old, log=log, facts=facts, stamp=_stamp()))
    return report


# --- undo -------------------------------------------------------------------------------------------


def undo_extract(
    path: str | Path, *, output: str | Path | None = None, allow_loss: bool = False, backup: bool = True, force: bool = False
) -> ExtractReport:
    """Put back every cell ``extract`` wrote (newest first) in the row it belongs to now, and
    remove the columns it added; a cell changed since, or whose row cannot be found for sure,
    is left and named with the reason."""
    from .workbook.editor import editing

    report = ExtractReport(Path(output or path))
    with editing(path, output=output, backup=backup, force=force) as session:
        rows = own_rows(session, LOG_SHEET, LOG_KIND, LEGACY_LOG_HEADER)
        if rows is None:
            raise InputError(
                f"{Path(path).name} has no {LOG_SHEET!r} sheet: nothing to undo",
                "run 'talentsheet extract FILE --accept all' first",
            )
        log = log_body(rows)
        names = session.sheet_names()
        sheets = {str(e[2]) for e in log if e[1] == "extract" and e[2] and not e[UNDONE]}
        tables = {s: read_candidates(session.source, s) for s in sheets if s in names}
        edit = plan_undo_extract(log, tables, report, stamp=_stamp())
        if edit is not None:
            session.apply(edit)
    return report


def plan_undo_extract(
    log: list[list[Any]], tables: dict[str, CandidateTable], report: ExtractReport, *, stamp: str
) -> WorkbookEdit | None:
    """The undo as values: each cell put back, each added column removed once empty again, and
    the log with its Undone column filled. Runs are undone newest first; the rows of a run are
    found before any of its cells is put back."""
    edit = WorkbookEdit()
    finders = {s: RowFinder(t) for s, t in tables.items()}
    changed = False
    for entries in runs_newest_first(log):
        placed, columns = [], []
        for entry in reversed(entries):
            _, action, sheet, ref, column = entry[:5]
            if action != "extract" or entry[UNDONE] or not sheet or not ref:
                continue
            changed = True
            finder = finders.get(str(sheet))
            if finder is None:
                entry[UNDONE] = _leave(report, str(ref), f"sheet {sheet!r} is gone", f"not restored {stamp}")
            elif column == NEW_COLUMN:
                columns.append((entry, finder))
            else:
                placed.append((entry, finder, _place(finder, entry)))
        for entry, finder, where in placed:
            entry[UNDONE] = _undo_cell(finder, edit, entry, where, report, stamp)
        for entry, finder in columns:
            entry[UNDONE] = _undo_column(finder, edit, entry, report, stamp)
    if not changed:
        return None
    edit.sheets.append(log_sheet(log))
    return edit


def _leave(report: ExtractReport, cell: str, why: str, said: str) -> str:
    report.left.append((cell, why))
    return f"{said}: {why}"


def _place(finder: RowFinder, entry: list[Any]) -> tuple[Any, int | None, str]:
    """(column, row, why not) for one logged cell, from the rows as they are now."""
    from .workbook.sheetxml import parse_ref

    ref, header, candidate_id, key = entry[3], entry[4], entry[8], entry[9]
    table = finder.table
    logged_row, logged_col = parse_ref(str(ref))
    column = next((c for c in table.columns if c.header == header), None) or next(
        (c for c in table.columns if c.index == logged_col), None
    )
    if column is None:
        return None, None, f"the column {header!r} is gone"
    if _same_identity(finder, logged_row, candidate_id, key):
        return column, logged_row, ""  # the row is where it was (also when a duplicate shares its identity)
    row, why = finder.find(candidate_id, key, logged_row)
    return column, row, why


def _same_identity(finder: RowFinder, row: int, candidate_id: Any, key: Any) -> bool:
    """Whether ``row`` still holds the Candidate ID and row key logged for it."""
    if row not in finder.values or not (candidate_id or key):
        return False
    now = RowKeys(finder.table, {row: finder.values[row]})
    return (now.candidate_id(row) or None) == (str(candidate_id).strip() if candidate_id else None) and now.key(row) == (
        key or ""
    )


def _undo_cell(finder: RowFinder, edit: WorkbookEdit, entry: list[Any], where: tuple, report: ExtractReport, when: str) -> str:
    ref, before, after = str(entry[3]), entry[5], entry[6]
    column, row, why = where
    if column is None or row is None:
        return _leave(report, ref, why, f"not restored {when}")
    cell = f"{column.letter}{row}"
    if cell_value(finder.current(row, column.name)) != cell_value(after):
        report.kept.append(cell)
        return _leave(report, cell, "changed after the extract", f"kept {when}")
    value = cell_value(before)
    edit.edit(finder.table.sheet, finder.table.header_row).values[(row, column.index)] = value
    finder.set(row, column.name, value)
    report.restored.append(cell)
    return f"restored {when}" if cell == ref else f"restored {when} in {cell}"


def _undo_column(finder: RowFinder, edit: WorkbookEdit, entry: list[Any], report: ExtractReport, when: str) -> str:
    """Remove an added column once nothing is left under it, if it is still the table's last."""
    ref, header = str(entry[3]), entry[6]
    table = finder.table
    column = next((c for c in table.columns if c.header == header), None)
    if column is None:
        return _leave(report, ref, f"the column {header!r} is gone", f"not removed {when}")
    cell = f"{column.letter}{table.header_row}"
    if any(not _empty(finder.current(r, column.name)) for r in table.df.index):
        report.kept.append(cell)
        return _leave(report, cell, "the column holds data", f"kept {when}")
    cells = edit.edit(table.sheet, table.header_row)
    if column.index != max(c.index for c in table.columns if c.index not in cells.drop_columns):
        report.kept.append(cell)
        return _leave(report, cell, "columns were added after it", f"kept {when}")
    cells.drop_columns.append(column.index)
    report.restored.append(cell)
    return f"restored {when}"


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


def plan_contacted(
    table: CandidateTable, target: int, day: date, report: ContactedReport, *, log: list[list[Any]], stamp: str
) -> WorkbookEdit:
    """Last contacted = ``day`` (the column added inside the table when missing), Follow-up on
    cleared, both logged (with the row's Candidate ID and row key)."""
    edit = WorkbookEdit()
    cells = edit.edit(table.sheet, table.header_row)
    keys = row_keys(table, [target])
    who = [keys.candidate_id(target), keys.key(target)]
    entries: list[list[Any]] = []
    header = TEMPLATE_HEADERS["last_contacted"]
    if table.has("last_contacted"):
        col = table.column("last_contacted")
        col_index, letter, header, before = col.index, col.letter, col.header, table.df.at[target, "last_contacted"]
    else:
        new = PlannedColumn("last_contacted", header, max(c.index for c in table.columns) + 1)
        cells.new_columns.append(NewColumn(new.index, new.header))
        col_index, letter, before = new.index, new.letter, None
        entries.append(
            [stamp, "contacted", table.sheet, f"{letter}{table.header_row}", NEW_COLUMN, None, header, None, None, None]
        )
    cells.values[(target, col_index)] = day
    entries.append([stamp, "contacted", table.sheet, f"{letter}{target}", header, before, day, None, *who])
    if table.has("follow_up_on"):
        follow = table.column("follow_up_on")
        value = table.df.at[target, "follow_up_on"]
        if not _empty(value):
            report.cleared_follow_up = value
            cells.values[(target, follow.index)] = None
            entries.append([stamp, "contacted", table.sheet, f"{follow.letter}{target}", follow.header, value, None, None, *who])
    edit.sheets.append(log_sheet(log + entries))
    return edit


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
    force: bool = False,
) -> ContactedReport:
    """ "Contacted today": Last contacted = today (the column is added if missing), Follow-up
    on cleared. A call-back read from the notes counts as done once the last contact is on
    or after it (:func:`talentsheet.notes.follow_up_still_open`). ``--id`` finds the person
    wherever the rows were sorted to."""
    from .views.filters import full_names
    from .workbook.editor import editing

    day = today or date.today()
    with editing(path, output=output, backup=backup, force=force) as session:
        table = read_candidates(session.source, sheet)
        target = _find_row(table, row, candidate_id)
        name = str(full_names(table.df.loc[[target]]).iloc[0])
        report = ContactedReport(Path(output or path), target, name, day)
        log = log_body(own_rows(session, LOG_SHEET, LOG_KIND, LEGACY_LOG_HEADER))
        session.apply(plan_contacted(table, target, day, report, log=log, stamp=_stamp()))
    return report
