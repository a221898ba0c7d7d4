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
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..ids import IdPlan, plan_ids
from ..schema import CANDIDATE_ID, fold
from ..workbook.changes import Area, Dropdown, Legacy, Mark, Marks, OwnSheet, Pointer, Style, Styled, WorkbookEdit, table_sheet
from ..workbook.editor import editing
from ..workbook.probe import used_width
from ..workbook.reader import CandidateTable, read_candidates
from ..workbook.sheetxml import col_letter
from ..workbook.values import sheet_rows
from .block import block_pairs
from .cluster import DuplicateGroup, completeness, reason, recency
from .cluster import Rows as _Rows
from .compare import compare, level_names
from .decisions import APART_SHEET, apart_sheet, pairs_from_apart_rows, rejected_pairs
from .pipeline import find_duplicates
from .prepare import columns, prepare
from .score import score
from .settings import DedupeSettings

__all__ = [
    "DUPLICATES",
    "Decision",
    "DedupeReport",
    "check_new",
    "decisions_from_rows",
    "dedupe",
    "plan_review",
    "read_decisions",
    "review_sheet",
]

DUPLICATES = "Duplicates"
MERGED = "Merged"
FIXED_HEADER = ["Group", "Merge?", "Keep", "Row", "Candidate ID", "Score", "Why", "Result"]
MARK_COLOR = "FFFDE2C8"  # talentsheet's own highlight; re-runs replace only cells in this colour
YES = {"yes", "y", "true", "x", "1", "merge"}


@dataclass
class DedupeReport:
    """What ``dedupe`` found and wrote."""

    groups: list[DuplicateGroup]
    ids: dict[int, str] = field(default_factory=dict)  # Excel row -> candidate id
    ids_filled: int = 0
    kept_apart: int = 0  # pairs kept apart because the recruiter said No (now or on an earlier run)
    sheet: str = DUPLICATES

    @property
    def rows_in_groups(self) -> int:
        return sum(len(g.rows) for g in self.groups)

    def to_dict(self) -> dict[str, Any]:
        groups = []
        for n, g in enumerate(self.groups, start=1):
            groups.append({"group": n, **g.to_dict(), "ids": [self.ids.get(r) for r in g.rows]})
        return {
            "groups": groups,
            "rows_in_groups": self.rows_in_groups,
            "ids_filled": self.ids_filled,
            "kept_apart": self.kept_apart,
            "sheet": self.sheet,
        }


def dedupe(
    path: str | Path,
    *,
    sheet: str | None = None,
    settings: DedupeSettings | None = None,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
    force: bool = False,
    on_stage: Callable[[str], None] | None = None,
) -> DedupeReport:
    """Find duplicate candidates, write the ``Duplicates`` review sheet, mark the rows.
    (``allow_loss`` is accepted for older callers: nothing is dropped any more.)"""
    with editing(path, output=output, backup=backup, force=force) as session:
        table = read_candidates(session.source, sheet)
        decided, apart = remembered_apart(session.sheet_names(), lambda name: sheet_rows(session.source, name))
        groups = find_duplicates(table.df, settings, keep_apart=sorted(apart), on_stage=on_stage)
        if on_stage:
            on_stage("writing the Duplicates sheet")
        ids = plan_ids(
            table,
            used_width=used_width(session.source, table.sheet, at_least=max(c.index for c in table.columns)),
            also_taken=archived_ids(session),
        )
        session.apply(plan_review(table, groups, ids, apart=apart, decided=decided))
    return DedupeReport(groups, ids.ids, len(ids.filled), kept_apart=len(apart))


def remembered_apart(
    names: Sequence[str], rows_of: Callable[[str], list[list[Any]]]
) -> tuple[dict[tuple[str, str], Any], set[tuple[str, str]]]:
    """Pairs the recruiter said are different people: recorded before, plus the rows set to
    ``Merge? = No`` on the Duplicates sheet now (see :mod:`.decisions`). ``rows_of(sheet)``
    gives a sheet's values (from the file, or from Excel)."""
    decided = pairs_from_apart_rows(rows_of(APART_SHEET)) if APART_SHEET in names else {}
    fresh: set[tuple[str, str]] = set()
    if DUPLICATES in names:
        cols = [FIXED_HEADER.index(h) for h in ("Group", "Merge?", "Candidate ID")]
        fresh = rejected_pairs(rows_of(DUPLICATES)[1:], *cols)
    return decided, set(decided) | fresh


def archived_ids(session: Any) -> list[Any]:
    """Every text in the Merged archive: ids found there are never handed out again."""
    if MERGED not in session.sheet_names():
        return []
    return ids_in_archive(sheet_rows(session.source, MERGED))


def ids_in_archive(rows: list[list[Any]]) -> list[Any]:
    """Every text below the Merged archive's header (its values, from the file or from Excel)."""
    return [v for row in rows[1:] for v in row if isinstance(v, str)]


def plan_review(
    table: CandidateTable,
    groups: list[DuplicateGroup],
    ids: IdPlan,
    *,
    apart: set[tuple[str, str]] = frozenset(),
    decided: dict[tuple[str, str], Any] | None = None,
) -> WorkbookEdit:
    """What ``dedupe`` writes, as values: new ids, the Duplicates sheet, the row marks, and
    the pairs kept apart (``apart``, from :func:`remembered_apart`) on their hidden sheet."""
    edit = WorkbookEdit()
    candidates = edit.edit(table.sheet, table.header_row)
    ids.apply_to(candidates)
    edit.sheets.append(review_sheet(table, groups, ids.ids))
    candidates.marks = row_marks(table, {r for g in groups for r in g.rows})
    if apart:
        edit.sheets.append(apart_sheet(apart, decided or {}, date.today()))
    return edit


def review_sheet(table: CandidateTable, groups: list[DuplicateGroup], ids: dict[int, str]) -> OwnSheet:
    """One block per group: survivor first (Keep), Merge? Yes/No dropdowns, score and why."""
    width = max(c.index for c in table.columns)
    by_index = {c.index: c for c in table.columns}
    header = FIXED_HEADER + [by_index[c].header if c in by_index else "" for c in range(1, width + 1)]
    listed = sorted({r for g in groups for r in g.rows})
    names = [by_index[c].name if c in by_index else None for c in range(1, width + 1)]
    picked = table.df.loc[listed, [n for n in names if n]] if listed else None
    row_values: dict[int, list[Any]] = {}
    if picked is not None:
        for r, *vals in picked.itertuples(name=None):
            it = iter(vals)
            row_values[int(r)] = [next(it) if n else None for n in names]
    lines: list[list[Any]] = []
    keep_lines = []
    for n, g in enumerate(groups, start=1):
        for r in [g.survivor] + [r for r in g.rows if r != g.survivor]:
            keep = r == g.survivor
            why = f"{g.certainty}: suggested survivor (most complete, most recently contacted)" if keep else g.reasons.get(r, "")
            values = row_values[r]
            lines.append([n, "Yes", "Keep" if keep else None, r, ids.get(r), round(g.score, 3), why, None, *values])
            if keep:
                keep_lines.append(len(lines) + 1)
        lines.append([None] * len(header))
    own = table_sheet(DUPLICATES, "duplicates", header, lines, widths={7: 50}, after=table.sheet)
    own.legacy = Legacy(1, tuple(FIXED_HEADER))
    last = max(len(lines) + 1, 2)
    merge_col, keep_col, score_col = (FIXED_HEADER.index(h) + 1 for h in ("Merge?", "Keep", "Score"))
    own.dropdowns = [
        Dropdown(Area(2, merge_col, last, merge_col), ("Yes", "No")),
        Dropdown(Area(2, keep_col, last, keep_col), ("Keep",)),
    ]
    own.styles += [Styled(Area(r, 1, r, len(header)), Style(bold=True)) for r in keep_lines]
    own.styles.append(Styled(Area(2, score_col, len(lines) + 1, score_col), Style(number_format="0%")))
    own.pointers = [Pointer(FIXED_HEADER.index("Row") + 1, "row", 2)]
    own.points_at = table.sheet
    return own


def row_marks(table: CandidateTable, rows: set[int]) -> Marks:
    """Highlight duplicate rows where the recruiter has no fill; talentsheet's previous
    highlight (its colour, wherever it is) goes first."""
    width = max(c.index for c in table.columns)
    add = [Mark(r, c, fill=MARK_COLOR[2:]) for r in sorted(rows) for c in range(1, width + 1)]
    return Marks(add=add, clear_fill=MARK_COLOR[2:], colors=(MARK_COLOR[2:],))


# --- reading the decisions back ------------------------------------------------------------------


@dataclass
class Decision:
    """One reviewed group: the survivor's id and the ids to merge into it."""

    group: int
    keep: str
    merge: list[str]
    lines: list[int]  # rows of the Duplicates sheet, to write the result next to them


def read_decisions(session: Any) -> list[Decision]:
    """The groups of the Duplicates sheet as the recruiter left them (Merge? and Keep)."""
    if DUPLICATES not in session.sheet_names():
        raise InputError("this workbook has no Duplicates sheet", "run 'talentsheet dedupe FILE' first, review it, then merge")
    rows = sheet_rows(session.source, DUPLICATES)
    return decisions_from_rows(rows[1:], header=rows[0] if rows else [])


REDO = "run 'talentsheet dedupe FILE' again to rebuild the Duplicates sheet, then review it"
NO = {"", "no", "n", "false", "0"}


def check_review_header(header: Sequence[Any]) -> None:
    """Merge reads and writes the review sheet's own columns by position (the Result column,
    the Row pointers): a renamed, deleted or moved one would make it read the wrong column
    and write into another, so it is refused, naming the column."""
    for col, want in enumerate(FIXED_HEADER, start=1):
        got = header[col - 1] if col <= len(header) else None
        if fold(got or "") != fold(want):
            raise InputError(
                f"column {col_letter(col)} of the Duplicates sheet is {got!r}, not {want!r}: "
                "its columns were renamed, deleted or moved",
                f"put the header back ({', '.join(FIXED_HEADER)}) or {REDO}",
            )


def decisions_from_rows(
    lines: Iterable[Sequence[Any]], first_line: int = 2, header: Sequence[Any] | None = None
) -> list[Decision]:
    """The decisions in the Duplicates sheet's values below its header (``first_line`` is the
    sheet line of the first one): the Excel layer reads them without a workbook file. Given
    the ``header``, its columns are checked first; a value talentsheet cannot read as a group
    number or a Yes/No/Keep is refused with its cell named, never guessed."""
    if header is not None:
        check_review_header(header)
    blocks: dict[int, list[tuple[int, bool, bool, str, Any]]] = {}
    width = len(FIXED_HEADER)
    for number, line in enumerate(lines, start=first_line):
        group, merge, keep, _, cid, _, _, result = (list(line[:width]) + [None] * width)[:width]
        if group is None or cid is None or str(cid).strip() == "":
            continue
        yes = _choice(merge, number, "Merge?", YES, "Yes or No")
        kept = _choice(keep, number, "Keep", YES | {"keep"}, "Keep or nothing")
        blocks.setdefault(_group_number(group, number), []).append((number, yes, kept, str(cid).strip(), result))
    return [d for g, members in sorted(blocks.items()) if (d := _decision(g, members))]


def _cell(name: str, line: int) -> str:
    return f"{col_letter(FIXED_HEADER.index(name) + 1)}{line}"


def _choice(value: Any, line: int, name: str, yes: set[str], say: str) -> bool:
    text = str(value if value is not None else "").strip().lower()
    if text in yes:
        return True
    if text in NO:
        return False
    raise InputError(
        f"cell {_cell(name, line)} of the Duplicates sheet says {value!r}: talentsheet cannot tell what it means",
        f"write {say} in the {name} column",
    )


def _group_number(value: Any, line: int) -> int:
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None:
        raise InputError(
            f"cell {_cell('Group', line)} of the Duplicates sheet says {value!r}, not a group number",
            f"put the group's number back (every row of a group has the same one) or {REDO}",
        )
    return number


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
