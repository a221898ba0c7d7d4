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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import InputError, TalentsheetError
from ..workbook.reader import CandidateTable, choose_candidate_sheet, table_from_rows
from .buttons import BUTTONS

if TYPE_CHECKING:
    import xlwings as xw

    from ..dedupe.merge import MergePlan

__all__ = ["ACTIONS", "ACTION_NAMES", "ActionResult", "alert", "read_table", "run", "run_action", "write_table"]

# every button, in ribbon order: action -> (label, what it does); declared in buttons.py
ACTION_NAMES: dict[str, tuple[str, str]] = {b.action: (b.label, b.description) for b in BUTTONS}

# Text Excel would turn into something else when written as a value: formulas, numbers,
# dates, booleans. A leading apostrophe makes Excel keep it as text (and is not shown).
_COERCED = re.compile(
    r"""^(?:
        [=+\-@'\t\r]                       # formula starts and a literal apostrophe
      | \s*[+-]?(\d[\d,]*\.?\d*|\.\d+)([eE][+-]?\d+)?%?\s*$   # numbers, 1,000, 5%
      | \s*\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?([ T]\d{1,2}:\d{2}(:\d{2})?)?\s*$  # dates
      | \s*\d{1,2}:\d{2}(:\d{2})?\s*$      # times
      | (?i:true|false)$
    )""",
    re.VERBOSE,
)


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


def sheet_rows(sheet: xw.Sheet) -> list[list[Any]]:
    """Values from A1 to the last used cell (empty cells are None, dates are datetimes)."""
    last = sheet.used_range.last_cell
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return [list(row) for row in values or []]


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


def read_frame(book: xw.Book, sheet: str) -> pd.DataFrame | None:
    """A plain table sheet (header in row 1) as a DataFrame, or None when it is missing/empty."""
    if sheet not in [s.name for s in book.sheets]:
        return None
    rows = sheet_rows(book.sheets[sheet])
    if len(rows) < 2 or not any(v is not None for v in rows[0]):
        return None
    width = max(i for i, v in enumerate(rows[0]) if v is not None) + 1
    header = [str(v) if v is not None else f"Column {i + 1}" for i, v in enumerate(rows[0][:width])]
    body = [r[:width] for r in rows[1:] if any(v is not None for v in r[:width])]
    return pd.DataFrame(body, columns=header, dtype=object)


# --- writing ------------------------------------------------------------------------------


def excel_value(value: Any) -> Any:
    """A value as Excel must receive it: text that Excel would coerce stays text."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str):
        return "'" + value if _COERCED.match(value) else value
    if isinstance(value, (bool, int, float, date, datetime)):
        return value
    return str(value)


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


GO_TO = "Go to"
MAX_COLOURS_PER_CALL = 10_000


def with_go_to(frame: pd.DataFrame, table: CandidateTable, rows: Iterable[Any]) -> tuple[pd.DataFrame, dict]:
    """Add a last column of links back to each candidate's row (numbers stay numbers)."""
    targets = [(cell_link(table.sheet, f"A{int(r)}"), f"row {int(r)}") if _is_row(r) else None for r in rows]
    frame = frame.copy()
    frame[GO_TO] = [t[1] if t else None for t in targets]
    return frame, {GO_TO: targets}


def _is_row(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def validate(book: xw.Book) -> ActionResult:
    """Check every candidate: an Issues sheet (each line links to its cell) and the offending
    cells coloured on the candidate sheet (red: error, yellow: warning). Nothing is changed."""
    from ..validate import ISSUES_HEADER, ISSUES_SHEET, MARK_FILLS, MAX_LINKED_ISSUES, cell_marks, issue_rows, validate_table

    table = read_table(book)
    progress(book, f"Talentsheet: checking {len(table.df):,} candidates...")
    findings = validate_table(table).findings
    issues = pd.DataFrame(issue_rows(table, findings), columns=ISSUES_HEADER, dtype=object)
    links = [(cell_link(table.sheet, c), c) if c else None for c in issues["Cell"]]
    linked = {"Cell": links} if len(links) <= MAX_LINKED_ISSUES else None  # beyond that, links cost more than they help
    write_table(book, ISSUES_SHEET, issues, after=table.sheet, links=linked)
    marks = cell_marks(table, findings)
    _colour_cells(book.sheets[table.sheet], {m.cell: "#" + MARK_FILLS[m.severity].start_color.rgb[-6:] for m in marks})
    errors = sum(f.severity.value == "error" for f in findings)
    summary = f"{len(findings):,} findings ({errors:,} errors) in {len(table.df):,} candidates; see the {ISSUES_SHEET} sheet"
    return ActionResult("validate", summary, {"findings": len(findings), "errors": errors, "marked": len(marks)}, ISSUES_SHEET)


def _colour_cells(sheet: xw.Sheet, colours: dict[str, str]) -> None:
    """Colour many cells with one action: a matrix over their bounding box, "keep" elsewhere."""
    if not colours:
        return
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    cells = {}
    for ref, colour in colours.items():
        letters, row = coordinate_from_string(ref)
        cells[(row, column_index_from_string(letters))] = colour
    left, right = min(c for _, c in cells), max(c for _, c in cells)
    rows = sorted({r for r, _ in cells})
    per_call = max(1, MAX_COLOURS_PER_CALL // (right - left + 1))  # xlwings' limit per set_colors
    block: list[int] = []
    for row in rows:
        if block and row - block[0] >= per_call:
            _colour_block(sheet, cells, block[0], block[-1], left, right)
            block = []
        block.append(row)
    _colour_block(sheet, cells, block[0], block[-1], left, right)


def _colour_block(sheet: xw.Sheet, cells: dict, top: int, bottom: int, left: int, right: int) -> None:
    matrix = [[cells.get((r, c), ...) for c in range(left, right + 1)] for r in range(top, bottom + 1)]
    sheet.range((top, left), (bottom, right)).set_colors(matrix)


def find_duplicates(book: xw.Book) -> ActionResult:
    """People entered more than once: the Duplicates review sheet (one block per person,
    survivor first, Merge? Yes/No), with links back to each row."""
    from ..dedupe.pipeline import find_duplicates as find_groups
    from ..dedupe.review import DUPLICATES, FIXED_HEADER

    table = read_table(book)
    groups = find_groups(table.df, on_stage=lambda stage: progress(book, f"Talentsheet: {stage}..."))
    rows = sheet_rows(book.sheets[table.sheet])
    width = max(c.index for c in table.columns)
    header = FIXED_HEADER + [v if v is not None else "" for v in rows[table.header_row - 1][:width]]
    lines: list[list[Any]] = []
    ids = fill_ids(book, table, rows)  # the copied rows carry the new ids, as the CLI's do
    for n, g in enumerate(groups, start=1):
        for r in [g.survivor] + [r for r in g.rows if r != g.survivor]:
            keep = r == g.survivor
            why = "suggested survivor: most complete, most recently contacted" if keep else g.reasons.get(r, "")
            values = (rows[r - 1] + [None] * width)[:width]
            lines.append([n, "Yes", "Keep" if keep else None, r, ids.get(r), round(g.score, 3), why, None, *values])
    frame = pd.DataFrame(lines, columns=_unique(header), dtype=object)
    frame, links = with_go_to(frame, table, frame["Row"])
    sheet = write_table(book, DUPLICATES, frame, after=table.sheet, links=links)
    if len(frame):
        merge_col, score_col = FIXED_HEADER.index("Merge?") + 1, FIXED_HEADER.index("Score") + 1
        dropdown(sheet.range((2, merge_col), (len(frame) + 1, merge_col)), ["Yes", "No"])
        sheet.range((2, score_col), (len(frame) + 1, score_col)).number_format = "0%"
    people = sum(len(g.rows) for g in groups)
    summary = f"{len(groups):,} people appear more than once ({people:,} rows); review them on the {DUPLICATES} sheet"
    return ActionResult("find_duplicates", summary, {"groups": len(groups), "rows": people}, DUPLICATES)


def fill_ids(book: xw.Book, table: CandidateTable, rows: list[list[Any]] | None = None) -> dict[int, str]:
    """Give every candidate without an id the next free one (as ``talentsheet dedupe`` does:
    merges refer to people by id); ids in the Merged archive are never reused. ``rows``, the
    sheet's values as read, get them too: reads in this click see the snapshot, not writes."""
    from ..dedupe.review import MERGED
    from ..ids import format_id, next_id_number
    from ..schema import CANDIDATE_ID, TEMPLATE_HEADERS

    sheet = book.sheets[table.sheet]
    if table.has(CANDIDATE_ID):
        col = table.column(CANDIDATE_ID).index
        current = {int(r): v for r, v in table.df[CANDIDATE_ID].items()}
    else:
        col = max(c.index for c in table.columns) + 1
        sheet.range((table.header_row, col)).value = TEMPLATE_HEADERS[CANDIDATE_ID]
        _put(rows, table.header_row, col, TEMPLATE_HEADERS[CANDIDATE_ID])
        current = {int(r): None for r in table.df.index}
    archived = [v for row in sheet_rows(book.sheets[MERGED]) for v in row] if MERGED in [s.name for s in book.sheets] else []
    number = next_id_number([*current.values(), *archived])
    ids, new = {}, {}
    for row, value in current.items():
        if value is None or str(value).strip() == "":
            value, number = format_id(number), number + 1
            new[row] = value
            _put(rows, row, col, value)
        ids[row] = str(value).strip()
    for first, values in _runs(sorted(new.items())):
        sheet.range((first, col)).options(transpose=True).value = [excel_value(v) for v in values]
    return ids


def _put(rows: list[list[Any]] | None, row: int, col: int, value: Any) -> None:
    """Set one cell in a sheet's values (1-based), widening the row when needed."""
    if rows is None:
        return
    values = rows[row - 1]
    values.extend([None] * (col - len(values)))
    values[col - 1] = value


def _unique(header: list[Any]) -> list[str]:
    """Column names for a frame: text, each one different (an Excel table needs that)."""
    out: list[str] = []
    for h in header:
        name = str(h) if h not in (None, "") else f"Column {len(out) + 1}"
        while name in out:
            name += " (2)"
        out.append(name)
    return out


def merge_duplicates(book: xw.Book) -> ActionResult:
    """Merge the groups marked ``Merge? = Yes`` on the Duplicates sheet.

    The library's own merge (:func:`talentsheet.merge.plan_merge`, what ``talentsheet merge``
    runs) computes it on the sheets' values; Excel then applies only the changes: new ids,
    changed survivor cells, the merged rows deleted, the ``Merged`` archive and the Result
    column of the review sheet."""
    from ..dedupe.merge import merge_stamp, next_merge_number, plan_merge
    from ..dedupe.review import DUPLICATES, MERGED, decisions_from_rows

    name, rows = candidate_sheet(book)
    table = table_from_rows(rows, name, book.name)
    names = [s.name for s in book.sheets]
    if DUPLICATES not in names:
        raise InputError("there is no Duplicates sheet to merge from", "click Find duplicates, mark Merge? Yes/No, then merge")
    decisions = decisions_from_rows(sheet_rows(book.sheets[DUPLICATES])[1:])
    if not decisions:
        return ActionResult("merge_duplicates", "nothing was marked Merge? = Yes on the Duplicates sheet", {"merged": 0})
    archive = sheet_rows(book.sheets[MERGED]) if MERGED in names else []
    sheet = book.sheets[table.sheet]
    with _writes_only(sheet):
        ids = fill_ids(book, table, rows)
        width = max(len(r) for r in rows)
        number = next_merge_number(r[0] for r in archive[1:] if r)
        plan = plan_merge(lambda r: rows[r - 1], width, table, decisions, ids, next_merge=number, stamp=merge_stamp())
        _apply_plan(sheet, table, plan)
    _write_results(book.sheets[DUPLICATES], plan)
    after = names[-1] if names[-1] != MERGED else None
    write_table(book, MERGED, _frame_of(_archive_rows(archive, plan)), after=after)
    gone = len(plan.gone)
    summary = f"{len(plan.groups)} groups merged, {gone} rows archived on the {MERGED} sheet"
    return ActionResult("merge_duplicates", summary, {"merged": len(plan.groups), "archived": gone}, MERGED)


@contextlib.contextmanager
def _writes_only(sheet: xw.Sheet) -> Iterator[None]:
    """Hide the sheet's values from xlwings' remote engine while only writing to it.

    The remote engine looks up every range it makes in a cache keyed on the whole value
    snapshot, so each write on a 10k-row sheet hashes 200k values (tens of ms). Writes never
    need the snapshot (a range beyond it gets its shape from the address), so it is set aside
    and put back; reads inside would see an empty sheet. Classic xlwings has no snapshot."""
    api = getattr(sheet.impl, "api", None)
    if not (isinstance(api, dict) and isinstance(api.get("values"), list)):
        yield
        return
    values, api["values"] = api["values"], []
    try:
        yield
    finally:
        api["values"] = values


def _apply_plan(sheet: xw.Sheet, table: CandidateTable, plan: MergePlan) -> None:
    """The candidate sheet's changes: survivors' cells (runs down each column in one write),
    then the merged rows deleted from the bottom up, so the addresses stay right."""
    from ..dedupe.merge import OTHER_CONTACTS

    if plan.contacts_added:
        sheet.range((table.header_row, plan.contacts_col)).value = OTHER_CONTACTS
    by_column: dict[int, list[tuple[int, Any]]] = {}
    for (row, col), value in sorted(plan.final_edits().items(), key=lambda item: (item[0][1], item[0][0])):
        by_column.setdefault(col, []).append((row, value))
    for col, changed in by_column.items():
        for first, values in _runs(changed):
            sheet.range((first, col)).options(transpose=True).value = [excel_value(v) for v in values]
    for first, rows in reversed(_runs([(r, r) for r in sorted(set(plan.gone))])):
        sheet.range(f"{first}:{first + len(rows) - 1}").delete("up")


def _write_results(sheet: xw.Sheet, plan: MergePlan) -> None:
    """``merged as M0001`` in the Result column of each merged group's lines."""
    from ..dedupe.review import FIXED_HEADER

    col = FIXED_HEADER.index("Result") + 1
    results = sorted((line, g.result) for g in plan.groups for line in g.lines)
    with _writes_only(sheet):
        for first, values in _runs(results):
            sheet.range((first, col)).options(transpose=True).value = [excel_value(v) for v in values]


def _archive_rows(archive: list[list[Any]], plan: MergePlan) -> list[list[Any]]:
    """The Merged sheet after the merge: what it held (or its header), then the new lines."""
    from ..dedupe.merge import archive_header

    if not archive:
        archive = [archive_header(plan.header)]
    return [*archive, *([*line.meta, *line.values] for g in plan.groups for line in g.archive)]


def _runs(changed: list[tuple[int, Any]]) -> list[tuple[int, list[Any]]]:
    """Consecutive rows grouped: [(first row, [values...]), ...]."""
    runs: list[tuple[int, list[Any]]] = []
    for row, value in changed:
        if runs and runs[-1][0] + len(runs[-1][1]) == row:
            runs[-1][1].append(value)
        else:
            runs.append((row, [value]))
    return runs


def _frame_of(rows: list[list[Any]]) -> pd.DataFrame:
    width = max((len(r) for r in rows), default=1)
    padded = [list(r) + [None] * (width - len(r)) for r in rows] or [[None] * width]
    return pd.DataFrame(padded[1:], columns=_unique(padded[0]), dtype=object)


def _view_frame(view: Any, table: CandidateTable) -> tuple[pd.DataFrame, dict]:
    people = view.people.reset_index(drop=False)
    people = people.rename(columns={people.columns[0]: "Candidate row"})
    people = people[[c for c in people.columns if c != "Candidate row"] + ["Candidate row"]]
    return with_go_to(people, table, people["Candidate row"])


def _write_views(book: xw.Book, table: CandidateTable, views: list[Any]) -> list[str]:
    from ..views.sheets import BUILTIN_SHEETS, view_sheet_name

    written: list[str] = []
    builtin = dict(zip(("Future by location", "Future by title", "Follow-ups due"), BUILTIN_SHEETS, strict=True))
    for view in views:
        title = builtin.get(view.name) or view_sheet_name(view.name, written)
        if view.problem:
            frame, links = pd.DataFrame({"Problem": [view.problem]}), {}
        else:
            frame, links = _view_frame(view, table)
        write_table(
            book,
            title,
            frame,
            after=written[-1] if written else table.sheet,
            links=links,
            note=view.description,
        )
        written.append(title)
    return written


class _RowsSheet:
    """Just enough of a worksheet for the views reader: rows of values."""

    def __init__(self, rows: list[list[Any]]) -> None:
        self.rows = rows
        self.max_row = len(rows)

    def iter_rows(self, max_row: int, values_only: bool = True) -> Iterable[tuple]:
        return (tuple(r) for r in self.rows[:max_row])


def refresh_views(book: xw.Book) -> ActionResult:
    """Rebuild the built-in views and each view defined on the Views sheet."""
    from ..views.filters import build_views
    from ..views.sheets import read_saved_views, views_sheet_name

    table = read_table(book)
    views_sheet = views_sheet_name()
    names = [s.name for s in book.sheets]
    saved = read_saved_views(_RowsSheet(sheet_rows(book.sheets[views_sheet]))) if views_sheet in names else []
    views = build_views(table.df, saved=saved)
    written = _write_views(book, table, views)
    summary = f"{len(written)} view sheets refreshed: {', '.join(written)}"
    return ActionResult("refresh_views", summary, {"views": len(written)}, written[0] if written else None)


def follow_ups(book: xw.Book) -> ActionResult:
    """Who to call now: follow-ups due (or overdue), on the Follow-ups due sheet."""
    from ..views.filters import follow_ups_due, prepare

    table = read_table(book)
    view = follow_ups_due(table.df, prepare(table.df))
    (title,) = _write_views(book, table, [view])
    summary = f"{len(view.people):,} follow-ups due; see the {title} sheet"
    return ActionResult("follow_ups", summary, {"due": len(view.people)}, title)


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
    """Rank candidates for the selected opening: a 'Matches – <opening>' sheet, best first."""
    from ..match import match
    from ..matches import _MATCH_FIELDS, MATCHES_HEADER, matches_sheet_title

    table = read_table(book)
    opening = selected_opening(book)
    ranked = match(table.df, opening)
    rows = []
    for rec in ranked.to_dict("records"):
        values = [rec.get(f) for f in _MATCH_FIELDS]
        values[_MATCH_FIELDS.index("reasons")] = "; ".join(rec.get("reasons") or [])
        rows.append([*values, None])
    frame = pd.DataFrame(rows, columns=MATCHES_HEADER, dtype=object)
    title = matches_sheet_title(opening)
    frame, links = with_go_to(frame, table, frame["Candidates row"])
    last = [s.name for s in book.sheets][-1]
    write_table(book, title, frame, after=last if last != title else None, links=links)
    summary = f"{len(frame)} candidates ranked for {opening.label}; see the {title} sheet"
    return ActionResult("find_matches", summary, {"matches": len(frame)}, title)


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
