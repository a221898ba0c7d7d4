"""Apply reviewed duplicate decisions, losing nothing, and undo them exactly.

``merge``: the survivor fills its blank cells from the rows merged into it. A value that
differs from the survivor's is never dropped: extra emails, phones and LinkedIn URLs go to
the ``Other contacts`` column (added when needed), and notes plus any other differing value
are appended to the survivor's notes as ``[C000304, row 305, merged 2026-11-25 as M0001] ...``.
Merged-away rows are moved whole (every column, unknown ones too, with their cell styles)
into the ``Merged`` sheet with the merge id, their original row and the survivor's id; the
survivor's row as it was before is archived too, so ``unmerge`` restores both exactly.

The merge is computed on values (``plan_merge``: which cells change, which rows are archived
and deleted); ``merge`` turns that plan into a workbook edit and the package editor applies it
(rows deleted as Excel deletes them: formulas, ranges, tables, names, notes and drawings
follow), the Excel layer applies the same plan through xlwings, so both end in the same state.

People are found by their Candidate ID only (the id column talentsheet made, or one whose
header says so), never by searching other columns; ids must be unique before anything is
merged. Each archived row records the ids of its neighbours, so ``unmerge`` puts it back next
to them even after the recruiter inserted, deleted or sorted rows.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..ids import IdPlan, check_unique_ids, plan_ids
from ..normalize import email_key, linkedin_key, phone_key
from ..schema import CANDIDATE_ID, TEMPLATE_HEADERS, fold
from ..workbook.changes import (
    HEADER,
    Area,
    Legacy,
    Link,
    NewColumn,
    OwnSheet,
    Restore,
    SheetEdit,
    Style,
    Styled,
    WorkbookEdit,
    table_sheet,
)
from ..workbook.changes import ArchiveLine as ArchiveCopy
from ..workbook.editor import editing
from ..workbook.probe import used_width
from ..workbook.reader import CandidateTable, ColumnInfo, read_candidates
from ..workbook.sheetxml import col_letter
from ..workbook.values import sheet_rows
from .pipeline import find_duplicates
from .review import DUPLICATES, FIXED_HEADER, MERGED, Decision, read_decisions
from .settings import DedupeSettings

__all__ = [
    "MergeDone",
    "MergePlan",
    "MergeReport",
    "archive_header",
    "archived_lines",
    "merge",
    "merge_edit",
    "merge_stamp",
    "next_merge_number",
    "plan_merge",
    "plan_unmerge",
    "unmerge",
]

ARCHIVE_HEADER = ["Merge ID", "Merged on", "Role", "Original row", "Survivor ID", "Row above", "Row below"]
OLD_ARCHIVE_HEADER = ARCHIVE_HEADER[:5]  # archives written before neighbours were recorded
OFFSET = len(ARCHIVE_HEADER)
OTHER_CONTACTS = "Other contacts"
CONTACT_KEYS = {"email": email_key, "phone": phone_key, "linkedin": linkedin_key}
SURVIVOR_BEFORE = "survivor before"
MERGED_ROW = "merged"
NOTES_OVERFLOW = "Notes overflow"
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell


@dataclass
class MergeDone:
    merge_id: str
    survivor_row: int  # row number before the merge
    survivor_id: str
    merged_rows: list[int]
    merged_ids: list[str]


@dataclass
class MergeReport:
    merges: list[MergeDone] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_archived(self) -> int:
        return sum(len(m.merged_rows) for m in self.merges)

    def to_dict(self) -> dict[str, Any]:
        return {
            "groups_merged": len(self.merges),
            "rows_archived": self.rows_archived,
            "merges": [vars(m) for m in self.merges],
            "warnings": self.warnings,
        }


def merge(
    path: str | Path,
    *,
    sheet: str | None = None,
    auto: bool = False,
    settings: DedupeSettings | None = None,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
    force: bool = False,
    today: date | None = None,
) -> MergeReport:
    """Merge the groups marked in the Duplicates sheet (or, with ``auto``, every group that
    shares a LinkedIn profile or an email, without review). ``allow_loss`` is accepted for
    older callers: nothing is dropped any more."""
    stamp = merge_stamp(today)
    with editing(path, output=output, backup=backup, force=force) as session:
        table = read_candidates(session.source, sheet)
        names = session.sheet_names()
        archive = sheet_rows(session.source, MERGED) if MERGED in names else []
        if archive:  # new lines go below the old ones, column for column
            _archived(archive)
            _check_archive_layout(archive[0], archive_offset(archive[0]), table, ARCHIVE_MOVED)
        width = used_width(session.source, table.sheet, at_least=max(c.index for c in table.columns))
        ids = plan_ids(table, used_width=width, also_taken=[v for row in archive[1:] for v in row if isinstance(v, str)])
        decisions = _auto_decisions(table, ids.ids, settings) if auto else read_decisions(session)
        if not decisions:
            return MergeReport()
        check_unique_ids(ids.ids)
        width = max(width, ids.column)
        number = next_merge_number(r[0] for r in archive[1:] if r)
        plan = plan_merge(_row_values(table, ids, width), width, table, decisions, ids.ids, next_merge=number, stamp=stamp)
        overflow = sheet_rows(session.source, NOTES_OVERFLOW)[1:] if NOTES_OVERFLOW in names else []
        edit, warnings = merge_edit(table, ids, plan, archive, names, overflow=overflow)
        session.apply(edit)
    report = plan.report
    report.warnings = warnings
    return report


def _row_values(table: CandidateTable, ids: IdPlan, width: int) -> Callable[[int], list[Any]]:
    """Row ``r`` of the candidate sheet as values (ids filled), from the table read."""
    by_index = {c.index: c for c in table.columns}
    df = table.df
    arrays = {c.index: df[c.name].to_numpy() for c in table.columns}
    position = {int(r): i for i, r in enumerate(df.index)}

    def values(r: int) -> list[Any]:
        if r == table.header_row:
            out = [by_index[c].header if c in by_index else None for c in range(1, width + 1)]
            if ids.added_column:
                out[ids.column - 1] = TEMPLATE_HEADERS[CANDIDATE_ID]
            return out
        i = position.get(r)
        out = [arrays[c][i] if c in arrays and i is not None else None for c in range(1, width + 1)]
        out[ids.column - 1] = ids.ids.get(r, out[ids.column - 1])
        return out

    return values


def merge_stamp(today: date | None = None) -> datetime:
    """When the merge happened, as the archive records it (``today`` at midnight for tests)."""
    return datetime.now().replace(microsecond=0) if today is None else datetime.combine(today, datetime.min.time())


def _auto_decisions(table: CandidateTable, ids: dict[int, str], settings: DedupeSettings | None) -> list[Decision]:
    groups = [g for g in find_duplicates(table.df, settings) if g.auto]
    return [Decision(0, ids[g.survivor], [ids[r] for r in g.rows if r != g.survivor], []) for g in groups]


def archive_header(header: list[Any]) -> list[Any]:
    """The header of a new Merged sheet: the archive's own columns, then the candidate sheet's."""
    return ARCHIVE_HEADER + [h or "" for h in header]


def archive_offset(header: list[Any]) -> int:
    """How many archive columns come before the candidate's cells in an existing Merged sheet."""
    return OFFSET if list(header[:OFFSET]) == ARCHIVE_HEADER else len(OLD_ARCHIVE_HEADER)


def merge_edit(
    table: CandidateTable,
    ids: IdPlan,
    plan: MergePlan,
    archive: list[list[Any]],
    sheets: list[str],
    *,
    overflow: list[list[Any]] = (),
) -> tuple[WorkbookEdit, list[str]]:
    """The merge plan as a workbook edit: ids and survivor cells, merged rows deleted (and
    archived with their formatting, notes and links), results on the Duplicates sheet."""
    edit = WorkbookEdit()
    candidates = edit.edit(table.sheet, table.header_row)
    ids.apply_to(candidates)
    if plan.contacts_added:
        candidates.new_columns.append(NewColumn(plan.contacts_col, OTHER_CONTACTS))
    warnings = _overflow(edit, candidates, table, plan, list(overflow))
    candidates.delete = sorted(plan.gone)
    offset = archive_offset(archive[0]) if archive else OFFSET
    if not archive:
        header = archive_header(plan.header)
        edit.sheets.append(
            OwnSheet(
                MERGED,
                "merged",
                [header],
                styles=[Styled(Area(1, 1, 1, len(header)), HEADER)],
                freeze="A2",
                legacy=Legacy(1, tuple(OLD_ARCHIVE_HEADER)),
            )
        )
    lines = [ArchiveCopy(table.sheet, line.row, tuple(line.meta[:offset])) for g in plan.groups for line in g.archive]
    edit.edits.append(SheetEdit(MERGED, archive=lines, append_at=max(len(archive), 1) + 1))
    if DUPLICATES in sheets:
        duplicates = edit.edit(DUPLICATES)
        col = FIXED_HEADER.index("Result") + 1
        for group in plan.groups:
            for line in group.lines:
                duplicates.values[(line, col)] = group.result
    return edit, warnings


def _overflow(
    edit: WorkbookEdit, candidates: SheetEdit, table: CandidateTable, plan: MergePlan, kept: list[list[Any]]
) -> list[str]:
    """Survivor cells within Excel's cell limit; joined notes beyond it go whole to the Notes
    overflow sheet (after what it already holds), and the cell keeps its start and a link there."""
    lines, warnings = kept, []
    before = len(kept)
    for (r, c), value in plan.final_edits().items():
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            who = plan_id(plan, r)
            parts = [value[i : i + MAX_CELL_CHARS] for i in range(0, len(value), MAX_CELL_CHARS)]
            first = len(lines) + 2
            for k, part in enumerate(parts, start=1):
                lines.append([who, f"{table.sheet}!{col_letter(c)}{r}", k, part])
            note = f" [continued on sheet '{NOTES_OVERFLOW}', row {first}]"
            candidates.values[(r, c)] = value[: MAX_CELL_CHARS - len(note)] + note
            candidates.links.append(Link(r, c, sheet=NOTES_OVERFLOW, cell=f"D{first}"))
            warnings.append(
                f"the merged notes of {who} are {len(value):,} characters, more than a cell holds "
                f"({MAX_CELL_CHARS:,}); the whole text is on sheet '{NOTES_OVERFLOW}' (linked from the cell)"
            )
        else:
            candidates.values[(r, c)] = value
    if len(lines) > before:
        own = table_sheet(NOTES_OVERFLOW, "notes-overflow", ["Candidate ID", "Cell", "Part", "Text"], lines, widths={4: 100})
        own.styles.append(Styled(Area(2, 4, len(lines) + 1, 4), Style(wrap=True, vertical="top")))
        edit.sheets.append(own)
    return warnings


def plan_id(plan: MergePlan, row: int) -> str:
    return next((g.done.survivor_id for g in plan.groups if g.done.survivor_row == row), f"row {row}")


# --- the merge itself, on values --------------------------------------------------------------


@dataclass
class ArchiveLine:
    """One line of the Merged sheet: which merge, and the candidate row as it was then."""

    meta: list[Any]  # ARCHIVE_HEADER values
    row: int  # the candidate row it copies (row number before the merge)
    values: list[Any]  # that row's values when archived


@dataclass
class GroupPlan:
    """What merging one group does to the workbook."""

    done: MergeDone
    archive: list[ArchiveLine]
    edits: dict[tuple[int, int], Any]  # (row, column) of the candidate sheet -> new value
    filled: dict[tuple[int, int], tuple[int, int]]  # blank cell filled -> cell it came from (its number format follows)
    lines: list[int]  # lines of the Duplicates sheet whose Result says so
    result: str


@dataclass
class MergePlan:
    """Every change a merge makes, computed on values so any front end can apply it: the
    CLI on the file (openpyxl), the Excel layer through xlwings."""

    header: list[Any]  # the candidate sheet's header after the merge (Other contacts included)
    contacts_col: int
    contacts_added: bool  # the Other contacts header must be written at contacts_col
    groups: list[GroupPlan]

    @property
    def width(self) -> int:
        """Columns of the candidate sheet archived per row."""
        return len(self.header)

    @property
    def report(self) -> MergeReport:
        return MergeReport([g.done for g in self.groups])

    @property
    def gone(self) -> list[int]:
        """Rows to delete from the candidate sheet (row numbers before the merge)."""
        return [r for g in self.groups for r in g.done.merged_rows]

    def final_edits(self) -> dict[tuple[int, int], Any]:
        """The last value each changed cell gets."""
        return {cell: value for g in self.groups for cell, value in g.edits.items()}


@dataclass
class _Layout:
    """Where things are on the candidate sheet (1-based columns)."""

    header: list[Any]
    fields: dict[int, ColumnInfo]
    id_col: int | None
    notes_col: int
    contacts_col: int

    @property
    def width(self) -> int:
        return len(self.header)


def next_merge_number(taken: Iterable[Any]) -> int:
    """The number of the next merge id, one above every ``M0001``-style id in ``taken``."""
    numbers = [int(str(v)[1:]) for v in taken if str(v or "")[1:].isdigit()]
    return max(numbers, default=0) + 1


def plan_merge(
    row_values: Callable[[int], list[Any]],
    width: int,
    table: CandidateTable,
    decisions: list[Decision],
    ids: dict[int, str],
    *,
    next_merge: int,
    stamp: datetime,
) -> MergePlan:
    """Merge each decided group on the candidate sheet's values.

    ``row_values(r)`` gives row ``r`` of the sheet (header included) with ids already filled;
    ``width`` is the sheet's column count; ``ids`` every candidate row's id. Only the header and
    the rows in the groups are read, so a front end never has to build a workbook for this."""
    header = _padded(row_values(table.header_row), width)
    contacts_col = next((c for c, v in enumerate(header, start=1) if v == OTHER_CONTACTS), width + 1)
    layout = _layout(table, header, contacts_col)
    rows: dict[int, list[Any]] = {}

    def row(r: int) -> list[Any]:
        if r not in rows:
            rows[r] = _padded(row_values(r), layout.width)
        return rows[r]

    row_of = {v: r for r, v in ids.items()}
    gone = {row_of[i] for d in decisions for i in d.merge if i in row_of}
    neighbours = _Neighbours(ids, gone)
    groups = []
    for n, decision in enumerate(decisions, start=next_merge):
        groups.append(_plan_group(layout, row, decision, row_of, f"M{n:04d}", stamp, neighbours))
    return MergePlan(layout.header, contacts_col, contacts_col > width, groups)


class _Neighbours:
    """The ids of the nearest rows above and below a merged row that stay in the sheet:
    where ``unmerge`` puts the row back, whatever happened to row numbers in between."""

    def __init__(self, ids: dict[int, str], gone: set[int]) -> None:
        self.rows = sorted(r for r in ids if r not in gone)
        self.ids = ids

    def __call__(self, row: int) -> tuple[str | None, str | None]:
        i = bisect_left(self.rows, row)
        above = self.ids[self.rows[i - 1]] if i > 0 else None
        below = self.ids[self.rows[i]] if i < len(self.rows) else None
        return above, below


def _padded(values: list[Any], width: int) -> list[Any]:
    return (list(values) + [None] * width)[:width]


def _layout(table: CandidateTable, header: list[Any], contacts_col: int) -> _Layout:
    header = _padded(header, max(len(header), contacts_col))
    header[contacts_col - 1] = OTHER_CONTACTS
    id_col = next((c.index for c in table.columns if c.field == "candidate_id"), None) or next(
        (c for c, v in enumerate(header, start=1) if v == TEMPLATE_HEADERS[CANDIDATE_ID]), None
    )  # the column fill_ids may just have added
    notes_col = next((c.index for c in table.columns if c.field == "notes"), contacts_col)
    return _Layout(header, {c.index: c for c in table.columns}, id_col, notes_col, contacts_col)


def _plan_group(
    layout: _Layout,
    row: Callable[[int], list[Any]],
    decision: Decision,
    row_of: dict[str, int],
    merge_id: str,
    stamp: datetime,
    neighbours: Callable[[int], tuple[str | None, str | None]],
) -> GroupPlan:
    missing = [i for i in [decision.keep, *decision.merge] if i not in row_of]
    if missing:
        raise InputError(
            f"group {decision.group}: candidate {', '.join(missing)} is no longer in the sheet",
            "run 'talentsheet dedupe FILE' again to refresh the Duplicates sheet",
        )
    survivor = row_of[decision.keep]
    others = sorted(row_of[i] for i in decision.merge)
    when = stamp.isoformat(sep=" ")
    archive = [ArchiveLine([merge_id, when, SURVIVOR_BEFORE, survivor, decision.keep, None, None], survivor, list(row(survivor)))]
    archive += [ArchiveLine([merge_id, when, MERGED_ROW, r, decision.keep, *neighbours(r)], r, list(row(r))) for r in others]
    done = MergeDone(merge_id, survivor, decision.keep, others, list(decision.merge))
    group = GroupPlan(done, archive, {}, {}, list(decision.lines), f"merged as {merge_id}")
    for r in others:
        _absorb(layout, row, group, survivor, r, f"{merge_id} on {stamp.date().isoformat()}")
    return group


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def excel_safe_text(value: str) -> str:
    """Text as a cell stores it: control characters XML cannot carry are dropped."""
    return _ILLEGAL_XML.sub("", value)


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def as_text(v: Any) -> str:
    """A cell value as it reads in a note: dates as 2026-11-25."""
    if isinstance(v, datetime) and v.time() == datetime.min.time():
        return v.date().isoformat()
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    return str(v).strip()


def _same(fld: str | None, a: Any, b: Any) -> bool:
    key = CONTACT_KEYS.get(fld or "")
    if key and key(a) and key(a) == key(b):
        return True
    return as_text(a).lower() == as_text(b).lower()


def _absorb(layout: _Layout, row: Callable[[int], list[Any]], group: GroupPlan, survivor: int, other: int, when: str) -> None:
    """Fill the survivor's blanks from ``other``; keep every differing value in a documented place."""
    keep, giver = row(survivor), row(other)
    extra_contacts, extra_notes, other_note = [], [], None
    for c in range(1, layout.width + 1):
        src, dst = giver[c - 1], keep[c - 1]
        info = layout.fields.get(c)
        if _blank(src) or c == layout.id_col:
            continue
        if c == layout.notes_col and info is not None and info.field == "notes":
            other_note = as_text(src)
        elif _blank(dst):
            _put(group, keep, survivor, c, src)
            group.filled[(survivor, c)] = (other, c)
        elif not _same(info.field if info else None, src, dst):
            label = info.header if info else str(layout.header[c - 1] or f"column {c}")
            if info is not None and info.field in CONTACT_KEYS:
                extra_contacts.append(f"{label}: {as_text(src)}")
            else:
                extra_notes.append(f"{label}: {as_text(src)}")
    other_id = giver[layout.id_col - 1] if layout.id_col else None
    tag = f"[{other_id}, row {other}, merged {when}]" if other_id else f"[row {other}, merged {when}]"
    if extra_contacts:
        _append(group, keep, survivor, layout.contacts_col, f"{'; '.join(extra_contacts)} {tag}", "; ")
    body = "; ".join(([other_note] if other_note else []) + (["also " + "; ".join(extra_notes)] if extra_notes else []))
    if body:
        _append(group, keep, survivor, layout.notes_col, f"{tag} {body}", "\n")


def _put(group: GroupPlan, values: list[Any], row: int, col: int, value: Any) -> None:
    """Change one cell of the survivor, as it will be stored (control characters dropped)."""
    value = excel_safe_text(value) if isinstance(value, str) else value
    values[col - 1] = value
    group.edits[(row, col)] = value


def _append(group: GroupPlan, values: list[Any], row: int, col: int, text: str, sep: str) -> None:
    current = values[col - 1]
    _put(group, values, row, col, f"{as_text(current)}{sep}{text}" if not _blank(current) else text)


# --- unmerge -------------------------------------------------------------------------------------


@dataclass
class _Archived:
    line: int  # row of the Merged sheet
    merge_id: str
    stamp: str
    role: str
    row: int
    survivor_id: str
    above: str | None = None
    below: str | None = None
    own_id: str | None = None  # the archived row's own Candidate ID


def archived_lines(archive: list[list[Any]]) -> list[_Archived]:
    """The lines of a Merged sheet (its values, header first) that unmerge works from."""
    return _archived(archive)


def _archived(archive: list[list[Any]]) -> list[_Archived]:
    offset = archive_offset(archive[0]) if archive else OFFSET
    if archive:
        _check_archive_header(archive[0], offset)
    out = []
    id_header = fold(TEMPLATE_HEADERS[CANDIDATE_ID])
    id_col = (
        next((offset + k for k, h in enumerate(archive[0][offset:]) if h and fold(h) == id_header), None) if archive else None
    )
    for line, full in enumerate(archive[1:], start=2):
        values = (list(full) + [None] * OFFSET)[:offset]
        mid, stamp, role, row, sid = values[:5]
        above, below = (values[5], values[6]) if offset == OFFSET else (None, None)
        if mid is None or str(mid).strip() == "":
            continue
        if role not in (SURVIVOR_BEFORE, MERGED_ROW):
            _bad_archive_cell(line, 3, role, f"the Role column says {SURVIVOR_BEFORE!r} or {MERGED_ROW!r}")
        if isinstance(row, bool) or not isinstance(row, (int, float)) or row != int(row) or row < 1:
            _bad_archive_cell(line, 4, row, "the Original row column holds the row number the person had")
        if _text_or_none(sid) is None:
            _bad_archive_cell(line, 5, sid, "the Survivor ID column holds the id of the row merged into")
        own = _text_or_none(full[id_col]) if id_col is not None and id_col < len(full) else None
        out.append(
            _Archived(
                line,
                str(mid).strip(),
                str(stamp),
                role,
                int(row),
                str(sid).strip(),
                _text_or_none(above),
                _text_or_none(below),
                own,
            )
        )
    return out


ARCHIVE_MOVED = "put the columns back as they were, or rename the Merged sheet (kept as a record) so this merge starts a new one"
ARCHIVE_HINT = "put back what was changed on the Merged sheet (or restore a backup) before unmerging"


def _check_archive_header(header: list[Any], offset: int) -> None:
    """The archive is read by position: its own columns must be the ones talentsheet wrote."""
    neighbours = ARCHIVE_HEADER[len(OLD_ARCHIVE_HEADER) :]
    legacy = offset != OFFSET and not any(h in neighbours for h in header[len(OLD_ARCHIVE_HEADER) : OFFSET])
    want = OLD_ARCHIVE_HEADER if legacy else ARCHIVE_HEADER
    for col, name in enumerate(want, start=1):
        got = header[col - 1] if col <= len(header) else None
        if got != name:
            raise InputError(
                f"column {col_letter(col)} of the Merged sheet is {got!r}, not {name!r}: its columns were renamed, deleted or moved",
                ARCHIVE_HINT,
            )


def _bad_archive_cell(line: int, col: int, value: Any, what: str) -> None:
    raise InputError(f"cell {col_letter(col)}{line} of the Merged sheet says {value!r}: {what}", ARCHIVE_HINT)


def _check_archive_layout(header: list[Any], offset: int, table: CandidateTable, hint: str = "") -> None:
    """Archived cells go back to the same column numbers: every named archive column must
    still be the candidate sheet's column of that name, or the values would land in the
    wrong columns (a column deleted or inserted in either sheet since the merge)."""
    hint = hint or "put the columns back as they were (or restore a backup) before unmerging, so no value lands in another column"
    current = {c.index: c.header for c in table.columns}
    for col, name in enumerate(header[offset:], start=1):
        if name is None or str(name).strip() == "":
            continue
        now = current.get(col)
        if now is None and name == OTHER_CONTACTS:
            continue  # talentsheet's own column, dropped again by an earlier unmerge
        if now is None or fold(now) != fold(name):
            raise InputError(
                f"column {col_letter(offset + col)} of the Merged sheet holds {name!r}, but column {col_letter(col)} "
                f"of {table.sheet} is {now!r}: a column was inserted, deleted or moved since the merge",
                hint,
            )


def _check_merges(mine: list[_Archived], archive: list[list[Any]], offset: int, table: CandidateTable) -> None:
    """Each merge to undo is whole: one survivor line, at least one merged line, one survivor
    id throughout, and the survivor line is that person's row (its own Candidate ID)."""
    id_col = next((c.index for c in table.columns if c.name == CANDIDATE_ID), None)
    taken = _rows_by_id(table) if id_col is not None else {}
    by_merge: dict[str, list[_Archived]] = {}
    for a in mine:
        by_merge.setdefault(a.merge_id, []).append(a)
    for mid, lines in sorted(by_merge.items()):
        survivors = [a for a in lines if a.role == SURVIVOR_BEFORE]
        where = ", ".join(str(a.line) for a in lines)
        if len(survivors) != 1 or len(survivors) == len(lines):
            raise InputError(
                f"merge {mid} on the Merged sheet (rows {where}) has {len(survivors)} {SURVIVOR_BEFORE!r} lines and "
                f"{len(lines) - len(survivors)} {MERGED_ROW!r} lines: rows were deleted or edited",
                ARCHIVE_HINT,
            )
        sid = survivors[0].survivor_id
        other = next((a for a in lines if a.survivor_id != sid), None)
        if other is not None:
            _bad_archive_cell(other.line, 5, other.survivor_id, f"merge {mid}'s survivor is {sid}")
        if id_col is None:
            continue
        for a in lines:
            own = _archived_id(archive, a.line, offset + id_col)
            if a.role == MERGED_ROW and own in taken:
                _bad_archive_cell(a.line, offset + id_col, own, f"that Candidate ID is on row {taken[own]} already")
            if a.role == SURVIVOR_BEFORE and own is not None and own != sid:  # None: the merge gave the id
                _bad_archive_cell(a.line, 5, sid, f"that line holds the row of {own!r}")


def _archived_id(archive: list[list[Any]], line: int, col: int) -> str | None:
    values = archive[line - 1]
    return _text_or_none(values[col - 1] if col - 1 < len(values) else None)


def _text_or_none(v: Any) -> str | None:
    return None if v is None or str(v).strip() == "" else str(v).strip()


def unmerge(
    path: str | Path,
    merge_id: str | None = None,
    *,
    all_merges: bool = False,
    sheet: str | None = None,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
    force: bool = False,
) -> list[str]:
    """Undo one merge (or all, newest first): rows go back next to the rows they sat between
    (found by id), the survivor gets its old cells back. Returns the merge ids undone."""
    if not merge_id and not all_merges:
        raise InputError("say which merge to undo", "give a merge id such as M0001 (see the Merged sheet), or --all")
    with editing(path, output=output, backup=backup, force=force) as session:
        names = session.sheet_names()
        if MERGED not in names:
            raise InputError("this workbook has no Merged sheet: nothing was merged", "run 'talentsheet merge FILE' first")
        table = read_candidates(session.source, sheet)
        archive = sheet_rows(session.source, MERGED)
        lines = _archived(archive)
        known = sorted({a.merge_id for a in lines}, reverse=True)
        wanted = known if all_merges else [merge_id]
        if merge_id and merge_id not in known:
            raise InputError(
                f"no merge {merge_id!r} in the Merged sheet", f"merges on record: {', '.join(sorted(known)) or 'none'}"
            )
        duplicates = sheet_rows(session.source, DUPLICATES) if DUPLICATES in names else []
        width = used_width(session.source, table.sheet, at_least=max(c.index for c in table.columns))
        offset = archive_offset(archive[0])
        _check_archive_layout(archive[0], offset, table)
        _check_merges([a for a in lines if a.merge_id in wanted], archive, offset, table)
        edit = plan_unmerge(table, lines, set(wanted), offset, duplicates, width)
        session.apply(edit)
    return wanted


def plan_unmerge(
    table: CandidateTable,
    lines: list[_Archived],
    wanted: set[str],
    offset: int,
    duplicates: list[list[Any]],
    width: int,
) -> WorkbookEdit:
    """Undoing merges as a workbook edit (all at once): survivors' rows written back, merged
    rows inserted next to their old neighbours, their archive lines removed."""
    row_of = _rows_by_id(table)
    mine = [a for a in lines if a.merge_id in wanted]
    _check_survivors(mine, lines, wanted, row_of)
    edit = WorkbookEdit()
    candidates = edit.edit(table.sheet, table.header_row)
    first = _first_merge_per_survivor(mine)
    for a in mine:
        if a.role == SURVIVOR_BEFORE and first[a.survivor_id] == a.merge_id:
            candidates.restore.append(Restore(MERGED, a.line, offset, row_of[a.survivor_id], insert=False, width=width))
    back = [a for a in mine if a.role == MERGED_ROW]
    order = _virtual_order(row_of, lines)
    finals = _positions(back, row_of, table, lines, order)
    for a, final in zip(back, finals, strict=True):
        candidates.restore.append(Restore(MERGED, a.line, offset, final))
    archive = SheetEdit(MERGED, delete=[a.line for a in mine])
    if offset == OFFSET:
        _refresh_neighbours(archive, order, set(row_of) | {a.own_id for a in back if a.own_id}, lines, wanted)
    edit.edits.append(archive)
    if duplicates:
        _restore_duplicates(edit, duplicates, wanted, {a.survivor_id if a.role == SURVIVOR_BEFORE else None for a in mine})
    _drop_contacts(candidates, table, mine, row_of)
    return edit


def _rows_by_id(table: CandidateTable) -> dict[str, int]:
    """Current row of each Candidate ID; an id on two rows is refused (which one to write?)."""
    if not table.has(CANDIDATE_ID):
        raise InputError("the candidate sheet has no Candidate ID column", "unmerge finds people by their id; restore a backup")
    ids = {int(r): str(v).strip() for r, v in table.df[CANDIDATE_ID].items() if v is not None and str(v).strip()}
    check_unique_ids(ids)
    return {v: r for r, v in ids.items()}


def _check_survivors(mine: list[_Archived], lines: list[_Archived], wanted: set[str], row_of: dict[str, int]) -> None:
    for a in mine:
        if a.role != SURVIVOR_BEFORE:
            continue
        if a.survivor_id not in row_of:
            raise InputError(
                f"the survivor {a.survivor_id} is no longer in the sheet", "restore it (or a backup) before unmerging"
            )
        later = sorted(
            o.merge_id
            for o in lines
            if o.role == SURVIVOR_BEFORE
            and o.survivor_id == a.survivor_id
            and o.merge_id > a.merge_id
            and o.merge_id not in wanted
        )
        if later:
            raise InputError(
                f"{a.survivor_id} was merged into again later ({', '.join(later)}) than {a.merge_id}",
                f"undo {later[-1]} first (or every merge with --all)",
            )


def _first_merge_per_survivor(mine: list[_Archived]) -> dict[str, str]:
    """Undoing several merges into one survivor gives it its row from before the first."""
    first: dict[str, str] = {}
    for o in mine:
        if o.role == SURVIVOR_BEFORE and (o.survivor_id not in first or o.merge_id < first[o.survivor_id]):
            first[o.survivor_id] = o.merge_id
    return first


def _merge_key(merge_id: str) -> tuple[int, str]:
    """Merge ids in the order they were made (M0999 < M1000 < M10000)."""
    return len(merge_id), merge_id


def _virtual_order(row_of: dict[str, int], lines: list[_Archived]) -> list[str]:
    """Every id in the order the sheet would have with every merge still on record undone.

    Start from the rows as they are now and put each archived row back, newest merge first,
    between the neighbours it had when it left (just above the one below it). Those two were
    next to each other among the rows that stayed in that merge run, so whatever lies between
    them by then left in the same run, and is ordered by its old row number (the same
    numbering for one run). Rows talentsheet cannot anchor (no neighbour left) are left out."""
    order = sorted(row_of, key=row_of.__getitem__)
    old_row: dict[str, int] = {}
    merged = [a for a in lines if a.role == MERGED_ROW and a.own_id and a.own_id not in row_of]
    for a in sorted(merged, key=lambda a: (_merge_key(a.merge_id), -a.row), reverse=True):
        if a.own_id in old_row:
            continue
        at = {v: i for i, v in enumerate(order)}
        top = at[a.above] + 1 if a.above in at else 0
        if a.below in at:
            i = at[a.below]
        elif a.above in at:
            i = top
            while i < len(order) and order[i] in old_row and old_row[order[i]] < a.row:
                i += 1
        else:
            continue
        while i > top and order[i - 1] in old_row and old_row[order[i - 1]] > a.row:
            i -= 1
        order.insert(i, a.own_id)
        old_row[a.own_id] = a.row
    return order


def _positions(
    back: list[_Archived], row_of: dict[str, int], table: CandidateTable, lines: list[_Archived], order: list[str]
) -> list[int]:
    """Final row numbers of the rows put back: just above the next row of the sheet in the
    virtual order (or below the one before it); rows not in it (archived before neighbours
    were recorded, or both neighbours gone) go back to their old row number."""
    last = max([*(int(r) for r in table.df.index), table.header_row])
    leaving = {a.line for a in back}
    still: dict[str, list[int]] = {}  # merge stamp -> old rows of that merge still archived
    going: dict[str, list[int]] = {}  # ... and of the rows going back now
    for o in lines:
        if o.role == MERGED_ROW:
            (going if o.line in leaving else still).setdefault(o.stamp, []).append(o.row)
    for rows in [*still.values(), *going.values()]:
        rows.sort()
    index = {v: i for i, v in enumerate(order)}
    points = []
    for a in back:
        before = _place_in_order(a.own_id, order, index, row_of)
        if before is None:
            before = a.row - bisect_left(still.get(a.stamp, []), a.row) - bisect_left(going.get(a.stamp, []), a.row)
        points.append((min(max(before, table.first_data_row), last + 1), index.get(a.own_id, len(order)), a.row))
    ranked = sorted(range(len(back)), key=lambda k: points[k])
    finals = [0] * len(back)
    for n, k in enumerate(ranked):
        finals[k] = points[k][0] + n
    return finals


def _place_in_order(own: str | None, order: list[str], index: dict[str, int], row_of: dict[str, int]) -> int | None:
    """The row (numbered as the sheet is now) a restored row is inserted before."""
    if own not in index:
        return None
    i = index[own]
    below = next((row_of[v] for v in order[i + 1 :] if v in row_of), None)
    if below is not None:
        return below
    above = next((row_of[v] for v in reversed(order[:i]) if v in row_of), None)
    return None if above is None else above + 1


def _refresh_neighbours(
    archive: SheetEdit, order: list[str], present: set[str], lines: list[_Archived], wanted: set[str]
) -> None:
    """Keep every row still archived next to the rows that stayed when it left: its
    neighbours become the nearest rows of the virtual order that are in the sheet after this
    undo or left in a later merge. Rows put back from an earlier merge than its own were not
    there when it left, so they may now sit between its old neighbours; without this, undoing
    an older merge before a newer one would put the newer one's rows back out of order."""
    at = {v: i for i, v in enumerate(order)}
    staying = [a for a in lines if a.role == MERGED_ROW and a.merge_id not in wanted and a.own_id in at]
    left_in = {a.own_id: _merge_key(a.merge_id) for a in staying}
    for a in staying:

        def stayed(v: str, a: _Archived = a) -> bool:
            return v in present or left_in.get(v, (0, "")) > _merge_key(a.merge_id)

        i = at[a.own_id]
        above = next((v for v in reversed(order[:i]) if stayed(v)), None)
        below = next((v for v in order[i + 1 :] if stayed(v)), None)
        if (above, below) != (a.above, a.below):
            archive.values[(a.line, 6)] = above
            archive.values[(a.line, 7)] = below


def _restore_duplicates(edit: WorkbookEdit, rows: list[list[Any]], wanted: set[str], _: set) -> None:
    """The Duplicates sheet's "merged as ..." results of undone merges are cleared."""
    col = FIXED_HEADER.index("Result") + 1
    dup = edit.edit(DUPLICATES)
    for line, values in enumerate(rows[1:], start=2):
        result = values[col - 1] if len(values) >= col else None
        if isinstance(result, str) and result.removeprefix("merged as ") in wanted:
            dup.values[(line, col)] = None


def _drop_contacts(candidates: SheetEdit, table: CandidateTable, mine: list[_Archived], row_of: dict[str, int]) -> None:
    """Remove the Other contacts column talentsheet added when nothing is left in it."""
    column = next((c for c in table.columns if c.header == OTHER_CONTACTS), None)
    if column is None:
        return
    restored = {row_of[a.survivor_id] for a in mine if a.role == SURVIVOR_BEFORE}
    values = [v for r, v in table.df[column.name].items() if int(r) not in restored and not _blank(v)]
    last = max(c.index for c in table.columns)
    if not values and column.index == last:
        candidates.drop_columns.append(column.index)
