"""Apply reviewed duplicate decisions, losing nothing, and undo them exactly.

``merge``: the survivor fills its blank cells from the rows merged into it. A value that
differs from the survivor's is never dropped: extra emails, phones and LinkedIn URLs go to
the ``Other contacts`` column (added when needed), and notes plus any other differing value
are appended to the survivor's notes as ``[C000304, row 305, merged 2026-11-25 as M0001] ...``.
Merged-away rows are moved whole (every column, unknown ones too, with their cell styles)
into the ``Merged`` sheet with the merge id, their original row and the survivor's id; the
survivor's row as it was before is archived too, so ``unmerge`` restores both exactly.

The merge is computed on values (``plan_merge``: which cells change, which rows are archived
and deleted); ``merge`` applies that plan to the file with openpyxl, the Excel layer applies
the same plan through xlwings, so both end in the same state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import InputError
from ..ids import fill_ids
from ..normalize import email_key, linkedin_key, phone_key
from ..schema import CANDIDATE_ID, TEMPLATE_HEADERS
from ..workbook.reader import CandidateTable, ColumnInfo, read_candidates
from ..workbook.rows import delete_rows, insert_rows
from ..workbook.writer import edit_workbook, excel_safe_text, set_value, write_rows
from .pipeline import find_duplicates
from .review import DUPLICATES, FIXED_HEADER, MERGED, Decision, archived_ids, read_decisions
from .settings import DedupeSettings

__all__ = [
    "MergeDone",
    "MergePlan",
    "MergeReport",
    "archive_header",
    "merge",
    "merge_stamp",
    "next_merge_number",
    "plan_merge",
    "unmerge",
]

ARCHIVE_HEADER = ["Merge ID", "Merged on", "Role", "Original row", "Survivor ID"]
OFFSET = len(ARCHIVE_HEADER)
OTHER_CONTACTS = "Other contacts"
CONTACT_KEYS = {"email": email_key, "phone": phone_key, "linkedin": linkedin_key}
SURVIVOR_BEFORE = "survivor before"
MERGED_ROW = "merged"


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

    @property
    def rows_archived(self) -> int:
        return sum(len(m.merged_rows) for m in self.merges)

    def to_dict(self) -> dict[str, Any]:
        return {"groups_merged": len(self.merges), "rows_archived": self.rows_archived, "merges": [vars(m) for m in self.merges]}


def merge(
    path: str | Path,
    *,
    sheet: str | None = None,
    auto: bool = False,
    settings: DedupeSettings | None = None,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
    today: date | None = None,
) -> MergeReport:
    """Merge the groups marked in the Duplicates sheet (or, with ``auto``, every group that
    shares a LinkedIn profile or an email, without review)."""
    table = read_candidates(path, sheet)
    stamp = merge_stamp(today)
    with edit_workbook(path, output=output, allow_loss=allow_loss, backup=backup) as wb:
        ws = wb[table.sheet]
        ids = fill_ids(ws, table, also_taken=archived_ids(wb))
        decisions = _auto_decisions(table, ids, settings) if auto else read_decisions(wb)
        if not decisions:
            return MergeReport()
        width = ws.max_column
        number = next_merge_number(_column_a(wb[MERGED]) if MERGED in wb.sheetnames else [])

        def cells(r: int) -> list[Any]:
            return [ws.cell(r, c).value for c in range(1, width + 1)]

        plan = plan_merge(cells, width, table, decisions, ids, next_merge=number, stamp=stamp)
        if plan.contacts_added:
            _add_contacts_header(ws, table, plan.contacts_col)
        archive = _archive_sheet(wb, plan.header)
        for group in plan.groups:
            _apply_group(wb, ws, archive, group)
        delete_rows(wb, ws, plan.gone)
    return plan.report


def merge_stamp(today: date | None = None) -> datetime:
    """When the merge happened, as the archive records it (``today`` at midnight for tests)."""
    return datetime.now().replace(microsecond=0) if today is None else datetime.combine(today, datetime.min.time())


def _auto_decisions(table: CandidateTable, ids: dict[int, str], settings: DedupeSettings | None) -> list[Decision]:
    groups = [g for g in find_duplicates(table.df, settings) if g.auto]
    return [Decision(0, ids[g.survivor], [ids[r] for r in g.rows if r != g.survivor], []) for g in groups]


def _column_a(archive: Worksheet) -> list[Any]:
    return [v for (v,) in archive.iter_rows(min_row=2, max_col=1, values_only=True)]


def _apply_group(wb: Workbook, ws: Worksheet, archive: Worksheet, group: GroupPlan) -> None:
    """Archive the group's rows (values, styles, notes, links), then change the survivor."""
    for line in group.archive:
        _archive_row(ws, archive, line.row, line.meta)
    for (r, c), value in group.edits.items():
        set_value(ws.cell(r, c), value)
    for (r, c), (sr, sc) in group.filled.items():
        ws.cell(r, c).number_format = ws.cell(sr, sc).number_format
    if DUPLICATES in wb.sheetnames:
        col = FIXED_HEADER.index("Result") + 1
        for line in group.lines:
            set_value(wb[DUPLICATES].cell(line, col), group.result)


def archive_header(header: list[Any]) -> list[Any]:
    """The header of a new Merged sheet: the archive's own columns, then the candidate sheet's."""
    return ARCHIVE_HEADER + [h or "" for h in header]


def _archive_sheet(wb: Workbook, header: list[Any]) -> Worksheet:
    if MERGED in wb.sheetnames:
        return wb[MERGED]
    archive = wb.create_sheet(MERGED)
    write_rows(archive, archive_header(header), [])
    archive.freeze_panes = "A2"
    return archive


def _add_contacts_header(ws: Worksheet, table: CandidateTable, col: int) -> None:
    set_value(ws.cell(table.header_row, col), OTHER_CONTACTS)
    ws.cell(table.header_row, col)._style = copy(ws.cell(table.header_row, col - 1)._style)


def _archive_row(ws: Worksheet, archive: Worksheet, row: int, meta: list[Any]) -> None:
    line = archive.max_row + 1
    for c, value in enumerate(meta, start=1):
        set_value(archive.cell(line, c), value)
    for c in range(1, ws.max_column + 1):
        _copy_cell(ws.cell(row, c), archive.cell(line, OFFSET + c))


def _copy_cell(src: Cell, dst: Cell) -> None:
    """Value, style, comment and link, exactly (a formula stays a formula, text stays text)."""
    dst.value = src.value
    dst.data_type = src.data_type
    dst._style = copy(src._style)
    dst.comment = copy(src.comment) if src.comment else None
    dst.hyperlink = copy(src.hyperlink) if src.hyperlink else None


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
    groups = []
    for n, decision in enumerate(decisions, start=next_merge):
        groups.append(_plan_group(layout, row, decision, row_of, f"M{n:04d}", stamp))
    return MergePlan(layout.header, contacts_col, contacts_col > width, groups)


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
    archive = [ArchiveLine([merge_id, when, SURVIVOR_BEFORE, survivor, decision.keep], survivor, list(row(survivor)))]
    archive += [ArchiveLine([merge_id, when, MERGED_ROW, r, decision.keep], r, list(row(r))) for r in others]
    done = MergeDone(merge_id, survivor, decision.keep, others, list(decision.merge))
    group = GroupPlan(done, archive, {}, {}, list(decision.lines), f"merged as {merge_id}")
    for r in others:
        _absorb(layout, row, group, survivor, r, f"{merge_id} on {stamp.date().isoformat()}")
    return group


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


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
    """Change one cell of the survivor, as ``set_value`` will store it."""
    value = excel_safe_text(value) if isinstance(value, str) else value
    values[col - 1] = value
    group.edits[(row, col)] = value


def _append(group: GroupPlan, values: list[Any], row: int, col: int, text: str, sep: str) -> None:
    current = values[col - 1]
    _put(group, values, row, col, f"{as_text(current)}{sep}{text}" if not _blank(current) else text)


# --- unmerge -------------------------------------------------------------------------------------


@dataclass
class _Archived:
    line: int
    merge_id: str
    stamp: str
    role: str
    row: int
    survivor_id: str


def _archived(archive: Worksheet) -> list[_Archived]:
    out = []
    for cells in archive.iter_rows(min_row=2, max_col=OFFSET):
        mid, stamp, role, row, sid = (c.value for c in cells)
        if mid:
            out.append(_Archived(cells[0].row, str(mid), str(stamp), str(role), int(row), str(sid)))
    return out


def unmerge(
    path: str | Path,
    merge_id: str | None = None,
    *,
    all_merges: bool = False,
    sheet: str | None = None,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
) -> list[str]:
    """Undo one merge (or all, newest first): rows go back to their places, the survivor
    gets its old cells back. Returns the merge ids undone."""
    if not merge_id and not all_merges:
        raise InputError("say which merge to undo", "give a merge id such as M0001 (see the Merged sheet), or --all")
    table = read_candidates(path, sheet)
    with edit_workbook(path, output=output, allow_loss=allow_loss, backup=backup) as wb:
        if MERGED not in wb.sheetnames:
            raise InputError("this workbook has no Merged sheet: nothing was merged", "run 'talentsheet merge FILE' first")
        archive, ws = wb[MERGED], wb[table.sheet]
        known = sorted({a.merge_id for a in _archived(archive)}, reverse=True)
        wanted = known if all_merges else [merge_id]
        if merge_id and merge_id not in known:
            raise InputError(
                f"no merge {merge_id!r} in the Merged sheet", f"merges on record: {', '.join(sorted(known)) or 'none'}"
            )
        for mid in wanted:
            _undo(wb, ws, archive, table, mid)
        _drop_empty_contacts_column(ws, table)
    return wanted


def _undo(wb: Workbook, ws: Worksheet, archive: Worksheet, table: CandidateTable, merge_id: str) -> None:
    lines = _archived(archive)
    mine = [a for a in lines if a.merge_id == merge_id]
    still = [a for a in lines if a.merge_id != merge_id and a.role == MERGED_ROW]
    back = sorted((a for a in mine if a.role == MERGED_ROW), key=lambda a: a.row)
    positions = [a.row - sum(1 for o in still if o.stamp == a.stamp and o.row < a.row) for a in back]
    insert_rows(wb, ws, positions)
    for a, pos in zip(back, positions, strict=True):
        _restore_row(archive, a.line, ws, pos)
    before = next(a for a in mine if a.role == SURVIVOR_BEFORE)
    row = _row_of_id(ws, table, before.survivor_id)
    _restore_row(archive, before.line, ws, row)
    delete_rows(wb, archive, [a.line for a in mine])
    for name in wb.sheetnames:
        if name == DUPLICATES:
            _clear_result(wb[name], merge_id)


def _restore_row(archive: Worksheet, line: int, ws: Worksheet, row: int) -> None:
    for c in range(OFFSET + 1, archive.max_column + 1):
        _copy_cell(archive.cell(line, c), ws.cell(row, c - OFFSET))


def _row_of_id(ws: Worksheet, table: CandidateTable, candidate_id: str) -> int:
    for cells in ws.iter_rows(min_row=table.first_data_row):
        for cell in cells:
            if cell.value == candidate_id:
                return cell.row
    raise InputError(f"the survivor {candidate_id} is no longer in the sheet", "restore it (or a backup) before unmerging")


def _clear_result(dup: Worksheet, merge_id: str) -> None:
    col = FIXED_HEADER.index("Result") + 1
    for (cell,) in dup.iter_rows(min_row=2, min_col=col, max_col=col):
        if cell.value == f"merged as {merge_id}":
            cell.value = None


def _drop_empty_contacts_column(ws: Worksheet, table: CandidateTable) -> None:
    """Remove the Other contacts column talentsheet added when nothing is left in it."""
    col = ws.max_column
    if ws.cell(table.header_row, col).value != OTHER_CONTACTS:
        return
    if all(_blank(ws.cell(r, col).value) for r in range(table.first_data_row, ws.max_row + 1)):
        ws.cell(table.header_row, col).value = None
        ws.cell(table.header_row, col)._style = StyleArray()
