"""The review step: ``dedupe(path)`` writes the ``Duplicates`` sheet and marks duplicate rows;
``read_decisions`` reads back what the recruiter decided there; ``check_new`` asks whether
rows added since the last run are people already in the sheet.

The Duplicates sheet has one block per group, rows side by side, the suggested survivor
first with ``Keep`` in its row. The recruiter may set ``Merge?`` to No for any row, or move
``Keep`` to another row; ``talentsheet merge`` then does what the sheet says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import InputError
from ..ids import fill_ids
from ..schema import CANDIDATE_ID
from ..workbook.reader import CandidateTable, read_candidates
from ..workbook.writer import edit_workbook, finish_table_sheet, replace_sheet, write_rows
from .block import block_pairs
from .cluster import DuplicateGroup, completeness, reason, recency
from .cluster import Rows as _Rows
from .compare import compare, level_names
from .pipeline import find_duplicates
from .prepare import columns, prepare
from .score import score
from .settings import DedupeSettings

__all__ = ["DUPLICATES", "Decision", "DedupeReport", "check_new", "decisions_from_rows", "dedupe", "read_decisions"]

DUPLICATES = "Duplicates"
MERGED = "Merged"
FIXED_HEADER = ["Group", "Merge?", "Keep", "Row", "Candidate ID", "Score", "Why", "Result"]
MARK_COLOR = "FFFDE2C8"  # talentsheet's own highlight; re-runs replace only cells in this colour
MARK_FILL = PatternFill("solid", start_color=MARK_COLOR, end_color=MARK_COLOR)
YES = {"yes", "y", "true", "x", "1", "merge"}


@dataclass
class DedupeReport:
    """What ``dedupe`` found and wrote."""

    groups: list[DuplicateGroup]
    ids: dict[int, str] = field(default_factory=dict)  # Excel row -> candidate id
    ids_filled: int = 0
    sheet: str = DUPLICATES

    @property
    def rows_in_groups(self) -> int:
        return sum(len(g.rows) for g in self.groups)

    def to_dict(self) -> dict[str, Any]:
        groups = []
        for n, g in enumerate(self.groups, start=1):
            groups.append({"group": n, **g.to_dict(), "ids": [self.ids.get(r) for r in g.rows]})
        return {"groups": groups, "rows_in_groups": self.rows_in_groups, "ids_filled": self.ids_filled, "sheet": self.sheet}


def dedupe(
    path: str | Path,
    *,
    sheet: str | None = None,
    settings: DedupeSettings | None = None,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
    on_stage: Callable[[str], None] | None = None,
) -> DedupeReport:
    """Find duplicate candidates, write the ``Duplicates`` review sheet, mark the rows."""
    table = read_candidates(path, sheet)
    groups = find_duplicates(table.df, settings, on_stage=on_stage)
    if on_stage:
        on_stage("writing the Duplicates sheet")
    with edit_workbook(path, output=output, allow_loss=allow_loss, backup=backup) as wb:
        ws = wb[table.sheet]
        before = _present_ids(ws, table)
        ids = fill_ids(ws, table, also_taken=archived_ids(wb))
        write_review_sheet(wb, table, groups, ids)
        mark_rows(ws, table, {r for g in groups for r in g.rows})
    return DedupeReport(groups, ids, len(ids) - before)


def _present_ids(ws: Worksheet, table: CandidateTable) -> int:
    if not table.has(CANDIDATE_ID):
        return 0
    col = table.column(CANDIDATE_ID).index
    return sum(1 for r in table.df.index if str(ws.cell(int(r), col).value or "").strip())


def archived_ids(wb: Workbook) -> list[Any]:
    """Every value in the Merged archive: ids found there are never handed out again."""
    if MERGED not in wb.sheetnames:
        return []
    return [v for row in wb[MERGED].iter_rows(min_row=2, values_only=True) for v in row if isinstance(v, str)]


def write_review_sheet(wb: Workbook, table: CandidateTable, groups: list[DuplicateGroup], ids: dict[int, str]) -> Worksheet:
    """One block per group: survivor first (Keep), Merge? Yes/No dropdowns, score and why."""
    ws = replace_sheet(wb, DUPLICATES, after=table.sheet)
    source = wb[table.sheet]
    width = max(c.index for c in table.columns)
    header = FIXED_HEADER + [source.cell(table.header_row, c).value or "" for c in range(1, width + 1)]
    lines: list[list[Any]] = []
    for n, g in enumerate(groups, start=1):
        for r in [g.survivor] + [r for r in g.rows if r != g.survivor]:
            keep = r == g.survivor
            why = "suggested survivor: most complete, most recently contacted" if keep else g.reasons.get(r, "")
            values = [source.cell(r, c).value for c in range(1, width + 1)]
            lines.append([n, "Yes", "Keep" if keep else None, r, ids.get(r), round(g.score, 3), why, None, *values])
        lines.append([None] * len(header))
    last = write_rows(ws, header, lines)
    _review_dropdowns(ws, max(last, 2))
    for row in ws.iter_rows(min_row=2, max_row=last, min_col=3, max_col=3):
        if row[0].value == "Keep":
            for cell in ws[row[0].row]:
                cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=2, max_row=last, min_col=6, max_col=6):
        row[0].number_format = "0%"
    finish_table_sheet(ws, widths={"G": 50})
    return ws


def _review_dropdowns(ws: Worksheet, last: int) -> None:
    merge = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True)
    merge.add(f"B2:B{last}")
    keep = DataValidation(type="list", formula1='"Keep"', allow_blank=True)
    keep.add(f"C2:C{last}")
    ws.add_data_validation(merge)
    ws.add_data_validation(keep)


def mark_rows(ws: Worksheet, table: CandidateTable, rows: set[int]) -> int:
    """Highlight duplicate rows; first remove talentsheet's previous marks (and only those)."""
    width = max(c.index for c in table.columns)
    for row in ws.iter_rows(min_row=table.first_data_row, max_row=ws.max_row, max_col=width):
        for cell in row:
            if cell.fill is not None and cell.fill.fill_type == "solid" and cell.fill.start_color.rgb == MARK_COLOR:
                cell.fill = PatternFill(fill_type=None)
    marked = 0
    for r in sorted(rows):
        for c in range(1, width + 1):
            cell = ws.cell(r, c)
            if cell.fill is None or cell.fill.fill_type is None:
                cell.fill = MARK_FILL
                marked += 1
    return marked


# --- reading the decisions back ------------------------------------------------------------------


@dataclass
class Decision:
    """One reviewed group: the survivor's id and the ids to merge into it."""

    group: int
    keep: str
    merge: list[str]
    lines: list[int]  # rows of the Duplicates sheet, to write the result next to them


def read_decisions(wb: Workbook) -> list[Decision]:
    """The groups of the Duplicates sheet as the recruiter left them (Merge? and Keep)."""
    if DUPLICATES not in wb.sheetnames:
        raise InputError("this workbook has no Duplicates sheet", "run 'talentsheet dedupe FILE' first, review it, then merge")
    return decisions_from_rows(wb[DUPLICATES].iter_rows(min_row=2, max_col=len(FIXED_HEADER), values_only=True))


def decisions_from_rows(lines: Iterable[Sequence[Any]], first_line: int = 2) -> list[Decision]:
    """The decisions in the Duplicates sheet's values below its header (``first_line`` is the
    sheet line of the first one): the Excel layer reads them without a workbook file."""
    blocks: dict[int, list[tuple[int, bool, bool, str, Any]]] = {}
    width = len(FIXED_HEADER)
    for number, line in enumerate(lines, start=first_line):
        group, merge, keep, _, cid, _, _, result = (list(line[:width]) + [None] * width)[:width]
        if group is None or cid is None:
            continue
        yes = str(merge or "").strip().lower() in YES
        blocks.setdefault(int(group), []).append((number, yes, bool(str(keep or "").strip()), str(cid).strip(), result))
    return [d for g, members in sorted(blocks.items()) if (d := _decision(g, members))]


def _decision(group: int, members: list[tuple[int, bool, bool, str, Any]]) -> Decision | None:
    if any(m[4] for m in members):
        return None  # already merged
    keeps = [m for m in members if m[2]]
    chosen = [m for m in members if m[1] or m[2]]
    if len(chosen) < 2 or not any(m[1] for m in members):
        return None
    if len(keeps) != 1:
        raise InputError(
            f"group {group} of the Duplicates sheet has {len(keeps)} rows marked Keep",
            "mark exactly one row of each group Keep (or set Merge? to No for the whole group)",
        )
    keep = keeps[0][3]
    return Decision(group, keep, [m[3] for m in chosen if m[3] != keep], [m[0] for m in members])


# --- is this person already here? ---------------------------------------------------------------


@dataclass
class NewMatch:
    """A new row and the existing row it duplicates, with the evidence."""

    row: int
    matches_row: int
    matches_id: str | None
    score: float
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "matches_row": self.matches_row,
            "matches_id": self.matches_id,
            "score": round(self.score, 3),
            "why": self.why,
        }


def check_new(
    path: str | Path, *, rows: tuple[int, int] | None = None, sheet: str | None = None, settings: DedupeSettings | None = None
) -> tuple[list[int], list[NewMatch]]:
    """Compare new rows (no Candidate ID yet, or Excel rows ``rows=(first, last)``) with the
    existing candidates only; return the new rows and, per duplicate, its best existing match."""
    settings = settings or DedupeSettings()
    table = read_candidates(path, sheet)
    df = table.df
    excel_rows = df.index.to_numpy()
    if rows:
        new = (excel_rows >= rows[0]) & (excel_rows <= rows[1])
    else:
        new = df[CANDIDATE_ID].map(lambda v: v is None or str(v).strip() == "").to_numpy(dtype=bool)
    if not new.any():
        return [], []
    prep = prepare(df)
    cols = columns(prep)
    pairs = block_pairs(prep, settings, focus=new)
    pairs = pairs[new[pairs[:, 0]] != new[pairs[:, 1]]]  # new vs existing only
    levels = compare(cols, pairs)
    weights = score(levels, settings)
    best: dict[int, tuple[float, int, int]] = {}
    for k, (a, b) in enumerate(pairs.tolist()):
        fresh, old = (a, b) if new[a] else (b, a)
        if weights[k] >= settings.threshold and weights[k] > best.get(fresh, (-np.inf,))[0]:
            best[fresh] = (float(weights[k]), old, k)
    rows_ = _Rows(cols, completeness(df), recency(df))
    out = []
    from .score import probability

    for fresh, (w, old, k) in sorted(best.items()):
        why = reason(rows_.cols, old, fresh, level_names(levels, k))
        out.append(NewMatch(int(excel_rows[fresh]), int(excel_rows[old]), _id(df, old), probability(w, settings), why))
    return [int(r) for r in excel_rows[new]], out


def _id(df, position: int) -> str | None:
    v = df[CANDIDATE_ID].iloc[position]
    return None if v is None else str(v)
