"""Apply a :class:`~talentsheet.workbook.changes.WorkbookEdit` to the workbook open in Excel.

The CLI applies a command's plan to the file (:mod:`talentsheet.workbook.editor`); a button
computes the *same* plan with the same planner and applies it here, through xlwings, so the
two front ends cannot drift. In xlwings Lite/Server every call below is queued as an action
for the Office.js client, which applies them one by one; classic xlwings applies them at once.

Order (docs/excel.md, "How an edit is applied in Excel", says it at length):

1. result sheets (Issues, Duplicates, views, Matches, Merged, the marks record): per sheet one
   ``setValues`` of the whole grid, "Go to" and web links included as ``=HYPERLINK(...)``
   formulas that talentsheet builds with escaped arguments (cell text is never a formula:
   text Excel would coerce gets Excel's text prefix), its marker name, fonts and fills per
   styled rectangle, number formats, frozen header, an Excel table for the filter, column
   autofit (range, not sheet); then edits of own sheets (Result column, archive lines) and,
   after rows are deleted, the own sheets' row pointers;
2. the recruiter's sheets (the candidate sheet): changed cells, one write per run; the
   marks, one ``setRangeColor`` per rectangle of one colour; rows deleted bottom up;
3. last, what xlwings' open-source Office.js client has no handler for (``EXTRA_FUNCS``):
   dropdowns, notes, fills removed, hiding the marks record. A client that stops at one of
   them has applied everything else; one that fails in step 1 has left the candidate sheet
   untouched.

Excel's snapshot has values only: no fills (a talentsheet fill goes on every marked cell, also
over the recruiter's own; ``Marks.clear_fill`` is not applied), no note texts (notes are added
only where the cell has none, never removed), no formulas (only changed cells are written).
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import InputError
from ..workbook.changes import Area, Link, Marks, OwnSheet, SheetEdit, WorkbookEdit
from ..workbook.pointers import marker_text, parse_marker

if TYPE_CHECKING:
    import xlwings as xw

__all__ = ["EXTRA_FUNCS", "MARKER_NAME", "Applied", "apply_edit", "excel_value", "hyperlink_formula", "own_kinds", "sheet_rows"]

MARKER_NAME = "_talentsheet"  # as the file editor names it (workbook.book.OWN_MARKER), sheet-scoped
# actions xlwings' open-source Office.js client has no handler for: sent last, see the module doc
EXTRA_FUNCS = ("setDataValidationList", "addNote", "setRangeColor(None)", "setSheetVisibility")
AUTOFIT_ROWS = 500  # columns fit the first rows, as the file editor's widths do
HYPERLINK_ARG_LIMIT = 255  # Excel's limit for a text argument of a formula

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


def excel_value(value: Any) -> Any:
    """A value as Excel must receive it: text that Excel would coerce stays text."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str):
        if value[:1].isalpha() and value.casefold() not in ("true", "false"):
            return value  # most text: only TRUE/FALSE among the coerced forms starts with a letter
        return "'" + value if _COERCED.match(value) else value
    if isinstance(value, (bool, int, float, date, datetime)):
        return value
    return str(value)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def hyperlink_formula(link: Link, shown: Any) -> str | None:
    """``=HYPERLINK("#'Sheet'!A12","Row 12")`` for a link on a cell showing ``shown``; None
    when Excel could not hold it (an argument over 255 characters, nothing to show). The
    arguments are string (or number) literals, so cell text stays text."""
    target = link.url if link.url else "#" + link.location
    if shown is None or shown is pd.NaT or (isinstance(shown, float) and shown != shown) or len(target) > HYPERLINK_ARG_LIMIT:
        return None
    if isinstance(shown, (int, float)) and not isinstance(shown, bool):
        friendly = repr(shown)
    else:
        text = str(shown)
        if len(text) > HYPERLINK_ARG_LIMIT:
            return None
        friendly = _quoted(text)
    return f"=HYPERLINK({_quoted(target)},{friendly})"


# --- reading what the applier needs -----------------------------------------------------


def sheet_rows(sheet: xw.Sheet) -> list[list[Any]]:
    """Values from A1 to the last used cell (empty cells are None, dates are datetimes)."""
    last = sheet.used_range.last_cell
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return [list(row) for row in values or []]


def own_kinds(book: xw.Book) -> dict[str, str]:
    """Sheet -> the marker talentsheet left on it (kind and pointers), from the sheet-scoped
    ``_talentsheet`` names: written by the file editor and by this applier alike."""
    out: dict[str, str] = {}
    for sheet in book.sheets:
        for name in sheet.names:
            if name.name.rpartition("!")[2] == MARKER_NAME:
                text = (name.refers_to or "").lstrip("=")
                if len(text) >= 2 and text[0] == text[-1] == '"':
                    out[sheet.name] = text[1:-1].replace('""', '"')
    return out


@dataclass
class Applied:
    """What the applier did: cells it marked (``sheet``, ``cell``, fill, note)."""

    marked: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)


# --- applying -------------------------------------------------------------------------------


def apply_edit(book: xw.Book, edit: WorkbookEdit, *, known: dict[str, list[list[Any]]] | None = None) -> Applied:
    """Apply ``edit`` to the open workbook in the order of the module docstring. Refuses
    (before any action) a sheet of a talentsheet name that talentsheet did not make, and
    rows restored from an archive (not done in Excel yet). ``known`` holds sheets' values
    the caller has read already (the snapshot; reading again costs time)."""
    kinds = own_kinds(book)
    names = [s.name for s in book.sheets]
    written = {o.name for o in edit.sheets}
    for e in edit.edits:
        if e.restore or e.drop_columns:
            raise NotImplementedError("the Excel applier does not restore archived rows yet")
        if e.sheet not in names and e.sheet not in written:
            raise InputError(f"the workbook has no sheet named {e.sheet!r}", "check the sheet name")
    snapshot = dict(known or {})

    def rows_of(name: str) -> list[list[Any]]:
        if name not in snapshot:
            snapshot[name] = sheet_rows(book.sheets[name]) if name in names else []
        return snapshot[name]

    applied = Applied()
    records: list[OwnSheet] = []
    for e in edit.edits:
        if e.marks is not None:
            done = _planned_marks(book.sheets[e.sheet], e.sheet, e.marks)
            applied.marked.extend(done)
            if e.marks.record:
                from ..workbook.editor import RECORD_HEADER

                records.append(OwnSheet(e.marks.record, "marks", [RECORD_HEADER, *map(list, done)], hidden=True))
    for own in [*edit.sheets, *records, *(OwnSheet(r.name, r.kind, legacy=r.legacy) for r in edit.remove)]:
        if own.name in names:
            _check_ours(book, own, kinds.get(own.name))
    archives = {e.sheet: _archive_lines(e, rows_of) for e in edit.edits if e.archive}
    for e in edit.edits:  # every read before the first write (see _writes_only)
        if e.sheet in kinds and e.sheet in names:
            rows_of(e.sheet)
    for e in edit.edits:
        for name in _pointing_at(e.sheet, kinds, written) if e.delete else ():
            rows_of(name)
    with _writes_only(book):
        _write(book, edit, _Reads(kinds, written, names, rows_of, archives), records, applied)
    return applied


@dataclass
class _Reads:
    """What apply_edit read before writing (Excel's snapshot is not consulted while writing)."""

    kinds: dict[str, str]
    written: set[str]
    names: list[str]
    rows_of: Any
    archives: dict[str, list[list[Any]]]

    def ours(self, sheet: str) -> bool:
        return sheet in self.kinds or sheet in self.written


def _write(book: xw.Book, edit: WorkbookEdit, reads: _Reads, records: list[OwnSheet], applied: Applied) -> None:
    """apply_edit's writes, in its order."""
    kinds, written, names, rows_of, archives = reads.kinds, reads.written, reads.names, reads.rows_of, reads.archives
    ours = [e for e in edit.edits if reads.ours(e.sheet)]
    theirs = [e for e in edit.edits if not reads.ours(e.sheet)]
    extras: list = []
    # 1. result sheets
    for own in [*edit.sheets, *records]:
        extras += _write_own(book, own)
    for gone in edit.remove:
        if gone.name in [s.name for s in book.sheets]:
            book.sheets[gone.name].delete()
    for e in ours:
        bridge = rows_of(e.sheet) if e.sheet in kinds and e.sheet in names else None
        _write_cells(book.sheets[e.sheet], e, archives.get(e.sheet), empty=bridge)
    for e in edit.edits:
        if e.delete:
            _follow_pointers(book, e, kinds, written, rows_of)
    # 2. the recruiter's sheets (the candidates) last
    for e in theirs:
        _write_cells(book.sheets[e.sheet], e, archives.get(e.sheet))
        if e.marks is not None:
            extras += _apply_marks(book.sheets[e.sheet], e.marks, [m for m in applied.marked if m[0] == e.sheet])
        for first, count in reversed(_row_runs(e.delete)):  # bottom up: the numbers above stay right
            book.sheets[e.sheet].range(f"{first}:{first + count - 1}").delete("up")
    # 3. what not every client handles
    for extra in extras:
        extra()


def _pointing_at(sheet: str, kinds: dict[str, str], written: set[str]) -> list[str]:
    """Talentsheet's sheets (not rewritten by this edit) whose pointers refer to ``sheet``."""
    out = []
    for name, marker in kinds.items():
        spec = parse_marker(marker)
        if name not in written and spec.pointers and spec.points_at == sheet:
            out.append(name)
    return out


@contextlib.contextmanager
def _writes_only(book: xw.Book) -> Iterator[None]:
    """Hide the sheets' values from xlwings' remote engine while only writing.

    The remote engine looks up every range it makes in a cache keyed on the whole value
    snapshot, so each write on a 10k-row sheet hashes 200k values (tens of ms). Writes never
    need the snapshot (a range beyond it gets its shape from the address), so it is set aside
    and put back; every read is done before. Classic xlwings has no snapshot."""
    kept = []
    for sheet in book.sheets:
        api = getattr(sheet.impl, "api", None)
        if isinstance(api, dict) and isinstance(api.get("values"), list):
            kept.append((api, api["values"]))
            api["values"] = []
    try:
        yield
    finally:
        for api, values in kept:
            api["values"] = values


def _row_runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for r in sorted(set(rows)):
        if runs and runs[-1][0] + runs[-1][1] == r:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((r, 1))
    return runs


def _archive_lines(e: SheetEdit, rows_of: Any) -> list[list[Any]]:
    """Archived rows as values: the line's meta, then the source row as it was before the
    edit (as the file editor copies it). Formatting, notes and links stay behind: Excel's
    snapshot has none of them."""
    lines = []
    for line in e.archive:
        source = rows_of(line.source)
        lines.append([*line.meta, *(source[line.row - 1] if line.row <= len(source) else [])])
    return lines


def _follow_pointers(book: xw.Book, e: SheetEdit, kinds: dict[str, str], written: set[str], rows_of: Any) -> None:
    """Talentsheet's sheets that point at rows of ``e.sheet`` (Issues, Duplicates, views,
    Matches) keep naming the same people after rows go, as the file editor keeps them (the
    same marker, the same rule: :mod:`talentsheet.workbook.pointers`). A moved "cell" or
    "label" pointer is written with its link to the new row."""
    from ..workbook.pointers import GONE, _moved, _target
    from ..workbook.shift import RowMap

    rowmap = RowMap.deleting(e.sheet, e.delete)
    for name in _pointing_at(e.sheet, kinds, written):
        spec = parse_marker(kinds[name])
        rows = rows_of(name)
        changed: dict[tuple[int, int], Any] = {}
        for p in spec.pointers:
            column = {}
            for r in range(p.first_row, len(rows) + 1):
                value = rows[r - 1][p.col - 1] if p.col <= len(rows[r - 1]) else None
                new = _moved(value, p.form, rowmap)
                if new != value:
                    link = None if new == GONE or p.form == "row" else Link(r, p.col, sheet=e.sheet, cell=_target(new, p.form))
                    changed[(r, p.col)] = (hyperlink_formula(link, new) if link else None) or excel_value(new)
                column[r] = excel_value(value)
            moved = [r for r, c in changed if c == p.col]
            if p.form == "row" and moved:  # no links in the column: its unchanged cells join the block
                for r in range(min(moved), max(moved) + 1):
                    changed.setdefault((r, p.col), column[r])
        _write_runs(book.sheets[name], changed, ready=True)


def _check_ours(book: xw.Book, own: OwnSheet, marker: str | None) -> None:
    if marker is not None and parse_marker(marker).kind == own.kind:
        return
    if marker is None and own.legacy is not None and _looks_like(sheet_rows(book.sheets[own.name]), own):
        return
    raise InputError(
        f"the workbook already has a sheet called {own.name!r} that talentsheet did not make",
        "rename that sheet (talentsheet keeps its results there) and run the command again; nothing was written",
    )


def _looks_like(rows: list[list[Any]], own: OwnSheet) -> bool:
    legacy = own.legacy
    if len(rows) < legacy.row:
        return False
    line = rows[legacy.row - 1]
    if legacy.contains is not None:
        return isinstance(line[0] if line else None, str) and legacy.contains in line[0]
    wanted = list(legacy.values)
    return (list(line) + [None] * len(wanted))[: len(wanted)] == wanted


def _fresh_sheet(book: xw.Book, title: str, after: str | None) -> xw.Sheet:
    """A new, empty sheet ``title`` where the old one was (or after ``after``, else last)."""
    names = [s.name for s in book.sheets]
    if title in names:
        position = names.index(title)
        book.sheets[title].delete()
        names.remove(title)
        if position == 0:
            return book.sheets.add(title, before=book.sheets[0])
        return book.sheets.add(title, after=book.sheets[names[position - 1]])
    anchor = after if after in names else names[-1]
    return book.sheets.add(title, after=book.sheets[anchor])


def _grid(own: OwnSheet) -> list[list[Any]]:
    """The sheet's values as Excel must receive them, links as HYPERLINK formulas."""
    width = max((len(r) for r in own.rows), default=1) or 1
    grid = [[excel_value(v) for v in row] + [None] * (width - len(row)) for row in own.rows] or [[None]]
    for link in own.links:
        if link.row <= len(grid) and link.col <= width:
            formula = hyperlink_formula(
                link, own.rows[link.row - 1][link.col - 1] if link.col <= len(own.rows[link.row - 1]) else None
            )
            if formula is not None:
                grid[link.row - 1][link.col - 1] = formula
    return grid


def _write_own(book: xw.Book, own: OwnSheet) -> list:
    """One own sheet, written whole; returns the calls for phase 3."""
    sheet = _fresh_sheet(book, own.name, own.after)
    grid = _grid(own)
    sheet.range((1, 1)).value = grid
    if own.kind:
        sheet.names.add(MARKER_NAME, "=" + _quoted(marker_text(own)))
    for styled in own.styles:
        _style(sheet, styled.area, styled.style)
    for link in own.links:  # the few a formula cannot hold
        shown = own.rows[link.row - 1][link.col - 1] if link.col <= len(own.rows[link.row - 1]) else None
        if hyperlink_formula(link, shown) is None and shown is not None:
            target = link.url if link.url else "#" + link.location
            sheet.range((link.row, link.col)).add_hyperlink(target, str(shown))
    if own.autofilter is not None:
        _filter_table(sheet, own.autofilter, own.rows)
    if own.freeze and own.freeze != "A1":
        sheet.freeze_panes.freeze_at(own.freeze)
    width = len(grid[0])
    sheet.range((1, 1), (min(len(grid), AUTOFIT_ROWS), width)).columns.autofit()
    extras = []
    for dropdown in own.dropdowns:
        extras.append(lambda s=sheet, d=dropdown: _range(s, d.area).data_validation.set_list(list(d.choices)))
    if own.hidden:
        extras.append(lambda s=sheet: setattr(s, "visible", False))
    return extras


def _range(sheet: xw.Sheet, area: Area) -> xw.Range:
    return sheet.range((area.first_row, area.first_col), (area.last_row, area.last_col))


def _style(sheet: xw.Sheet, area: Area, style: Any) -> None:
    cells = _range(sheet, area)
    if style.bold:
        cells.font.bold = True
    if style.italic:
        cells.font.italic = True
    if style.size:
        cells.font.size = style.size
    if style.font_color:
        cells.font.color = "#" + style.font_color
    if style.fill:
        cells.color = "#" + style.fill
    if style.number_format:
        cells.number_format = style.number_format


def _filter_table(sheet: xw.Sheet, area: Area, rows: list[list[Any]]) -> None:
    """The autofilter as an Excel table (what Office.js offers), only where the header is
    distinct text: Excel would rename other headers, and the values would differ."""
    line = rows[area.first_row - 1] if len(rows) >= area.first_row else []
    header = [(line[c - 1] if c <= len(line) else None) for c in range(area.first_col, area.last_col + 1)]
    if not all(isinstance(h, str) and h.strip() for h in header) or len({h.casefold() for h in header}) < len(header):
        return
    name = "ts" + re.sub(r"\W", "", sheet.name)
    sheet.tables.add(source=_range(sheet, area), name=name, table_style_name="TableStyleLight1")


def _write_cells(
    sheet: xw.Sheet, e: SheetEdit, archived: list[list[Any]] | None = None, *, empty: list[list[Any]] | None = None
) -> None:
    """Values of an existing sheet: new column headers, appended and archived rows as one
    block, then one write per run down a column; number formats; links."""
    values = dict(e.values)
    for n in e.new_columns:
        values[(e.header_row, n.col)] = n.header
    block = [*e.append, *(archived or [])]
    if block:
        width = max(len(r) for r in block)
        sheet.range((e.append_at or 1, 1)).value = [[excel_value(v) for v in r] + [None] * (width - len(r)) for r in block]
    _write_runs(sheet, values, empty=empty)
    for col, first, run in _column_runs(e.formats):
        for fmt, start, count in _same(run, first):
            sheet.range((start, col), (start + count - 1, col)).number_format = fmt
    for link in e.links:
        target = link.url if link.url else "#" + link.location
        shown = e.values.get((link.row, link.col))
        sheet.range((link.row, link.col)).add_hyperlink(target, str(shown) if shown is not None else None)


def _write_runs(
    sheet: xw.Sheet, cells: dict[tuple[int, int], Any], *, ready: bool = False, empty: list[list[Any]] | None = None
) -> None:
    """One write per run of neighbouring cells: down the columns or along the rows, whichever
    makes fewer writes (only changed cells are written: the snapshot has no formulas). With
    ``empty`` (the sheet's values; given for talentsheet's own sheets) a run also takes in
    the empty cells between changes, so a column with blank lines is still one write."""
    if empty is not None:
        cells = _bridged(cells, empty)
    down = _column_runs(cells)
    along = _column_runs({(c, r): v for (r, c), v in cells.items()})
    prepare = (lambda v: v) if ready else excel_value
    if len(along) < len(down):
        for row, first, run in along:
            sheet.range((row, first)).value = [[prepare(v) for v in run]]
    else:
        for col, first, run in down:
            sheet.range((first, col)).options(transpose=True).value = [prepare(v) for v in run]


def _bridged(cells: dict[tuple[int, int], Any], rows: list[list[Any]]) -> dict[tuple[int, int], Any]:
    """``cells`` plus the empty cells (None in ``rows``) between two of them down a column."""
    out = dict(cells)
    by_col: dict[int, list[int]] = defaultdict(list)
    for r, c in cells:
        by_col[c].append(r)

    def blank(r: int, c: int) -> bool:
        return r > len(rows) or c > len(rows[r - 1]) or rows[r - 1][c - 1] is None

    for c, rs in by_col.items():
        rs.sort()
        for a, b in pairwise(rs):
            gap = range(a + 1, b)
            if all(blank(r, c) for r in gap):
                out.update(dict.fromkeys(((r, c) for r in gap), None))
    return out


def _column_runs(cells: dict[tuple[int, int], Any]) -> list[tuple[int, int, list[Any]]]:
    """(column, first row, values) for each run of consecutive rows in one column."""
    runs: list[tuple[int, int, list[Any]]] = []
    for (row, col), value in sorted(cells.items(), key=lambda item: (item[0][1], item[0][0])):
        if runs and runs[-1][0] == col and runs[-1][1] + len(runs[-1][2]) == row:
            runs[-1][2].append(value)
        else:
            runs.append((col, row, [value]))
    return runs


def _same(values: list[Any], first: int) -> Iterable[tuple[Any, int, int]]:
    start = 0
    for k in range(1, len(values) + 1):
        if k == len(values) or values[k] != values[start]:
            yield values[start], first + start, k - start
            start = k


def _planned_marks(sheet: xw.Sheet, name: str, marks: Marks) -> list[tuple[str, str, str | None, str | None]]:
    """The marks that will be made, as the record lists them: every fill; a note where the
    cell has none. Excel's snapshot says which cells have a note, not its text, so a note
    is never removed or replaced here: where the last run's record lists talentsheet's note
    on a cell that still has one, the entry is carried over (the CLI, which can read the
    text, removes it when it is still talentsheet's)."""
    from ..workbook.sheetxml import col_letter

    noted = _noted_cells(sheet) if any(m.note for m in [*marks.add, *marks.remove]) else set()
    ours = {(m.row, m.col): m.note for m in marks.remove if m.note and (m.row, m.col) in noted}
    by_cell: dict[tuple[int, int], list] = {}
    for m in marks.add:
        entry = by_cell.setdefault((m.row, m.col), [None, None])
        if m.fill:
            entry[0] = m.fill
        if m.note:
            entry[1] = m.note if (m.row, m.col) not in noted else ours.get((m.row, m.col))
    for cell, note in ours.items():
        by_cell.setdefault(cell, [None, note])[1] = note
    return [(name, f"{col_letter(c)}{r}", fill, note) for (r, c), (fill, note) in by_cell.items() if fill or note]


def _noted_cells(sheet: xw.Sheet) -> set[tuple[int, int]]:
    from ..workbook.sheetxml import parse_ref

    api = getattr(sheet.impl, "api", None)
    if isinstance(api, dict):  # the remote snapshot lists the sheet's notes
        return {parse_ref(n["address"].replace("$", "").split("!")[-1]) for n in api.get("notes", []) if n.get("address")}
    return set()


def _apply_marks(sheet: xw.Sheet, marks: Marks, done: list[tuple[str, str, str | None, str | None]]) -> list:
    """Fills now, one action per rectangle of one colour; notes and removals for phase 3."""
    from ..workbook.sheetxml import parse_ref

    cells = {parse_ref(ref): (fill, note) for _, ref, fill, note in done}
    for colour, area in _rectangles({rc: f for rc, (f, _) in cells.items() if f}):
        _range(sheet, area).color = "#" + colour
    extras = []
    noted = _noted_cells(sheet) if any(note for _, note in cells.values()) else set()
    for (r, c), (_, note) in cells.items():
        if note and (r, c) not in noted:
            extras.append(lambda s=sheet, r=r, c=c, n=note: _add_note(s.range((r, c)), n))
    cleared = {(m.row, m.col) for m in marks.remove if m.fill} - {rc for rc, (f, _) in cells.items() if f}
    for _, area in _rectangles(dict.fromkeys(cleared, "")):
        extras.append(lambda a=area: setattr(_range(sheet, a), "color", None))
    return extras


def _add_note(cell: xw.Range, text: str) -> None:
    """A note where the cell has none. In the remote engine the snapshot already said so, and
    ``Range.add_note``'s own check scans every note of the sheet per call (minutes for a few
    thousand), so its engine call is made directly; classic xlwings asks the cell."""
    if isinstance(getattr(cell.sheet.impl, "api", None), dict):
        cell.impl.add_note(text)
    elif cell.note is None:
        cell.add_note(text)


def _rectangles(fills: dict[tuple[int, int], str]) -> list[tuple[str, Area]]:
    """Cells of one colour as few rectangles: runs along each row, stacked where rows agree."""
    runs: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for (r, c), colour in sorted(fills.items()):
        row = runs[r]
        if row and row[-1][1] == c - 1 and row[-1][2] == colour:
            row[-1] = (row[-1][0], c, colour)
        else:
            row.append((c, c, colour))
    open_: dict[tuple[int, int, str], list[int]] = {}
    out: list[tuple[str, Area]] = []
    for r in sorted(runs):
        current = set(runs[r])
        for key in list(open_):
            if key not in current or open_[key][1] != r - 1:
                first, last = open_.pop(key)
                out.append((key[2], Area(first, key[0], last, key[1])))
        for key in runs[r]:
            if key in open_:
                open_[key][1] = r
            else:
                open_[key] = [r, r]
    out += [(key[2], Area(first, key[0], last, key[1])) for key, (first, last) in open_.items()]
    return out
