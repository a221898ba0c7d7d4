"""Stable candidate ids: every row gets one once and keeps it for ever.

Merges, the ``Merged`` archive and ``check-new`` refer to people by id, not by row number,
because rows move (sorting, deleting, merging). Ids look like ``C000123``; the next number is
one above the highest id already in the sheet (or in the archive), so nothing is renumbered.
Ids the recruiter typed in another form are kept as they are.

The id column is the one talentsheet created or one whose header says it is the id column;
no other column is ever searched for an id. When there is none, talentsheet adds a
"Candidate ID" column after the last column in use (never over an unnamed column that holds
data), inside the candidate table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .schema import CANDIDATE_ID, TEMPLATE_HEADERS
from .workbook.changes import NewColumn, SheetEdit
from .workbook.reader import CandidateTable

__all__ = ["ID_PATTERN", "IdPlan", "check_unique_ids", "format_id", "next_id_number", "plan_ids"]

ID_PATTERN = re.compile(r"^C(\d{6,})$")


def next_id_number(existing: Iterable[Any]) -> int:
    """One above the highest talentsheet id among ``existing`` values (1 when there is none)."""
    numbers = [int(m.group(1)) for v in existing if isinstance(v, str) and (m := ID_PATTERN.match(v.strip()))]
    return max(numbers, default=0) + 1


def format_id(number: int) -> str:
    return f"C{number:06d}"


@dataclass
class IdPlan:
    """Every candidate row's id, and the cells to write for rows that had none."""

    ids: dict[int, str]  # Excel row -> id
    column: int  # the id column (1-based)
    added_column: bool  # a 'Candidate ID' header is written at ``column``
    filled: dict[int, str] = field(default_factory=dict)  # rows given a new id

    def apply_to(self, edit: SheetEdit) -> None:
        """Put the new ids (and the header of a new id column) in a sheet edit."""
        if self.added_column:
            edit.new_columns.append(NewColumn(self.column, TEMPLATE_HEADERS[CANDIDATE_ID]))
        for row, value in self.filled.items():
            edit.values[(row, self.column)] = value


def plan_ids(table: CandidateTable, *, used_width: int, also_taken: Iterable[Any] = ()) -> IdPlan:
    """Give every candidate row without an id the next free one. ``used_width`` is the sheet's
    last column in use (a new id column goes right after it); ``also_taken`` are ids in use
    elsewhere (the Merged archive), never handed out again."""
    if table.has(CANDIDATE_ID):
        column, added = table.column(CANDIDATE_ID).index, False
        current = {int(r): v for r, v in table.df[CANDIDATE_ID].items()}
    else:
        column = max([used_width, *(c.index for c in table.columns)]) + 1
        added = True
        current = dict.fromkeys((int(r) for r in table.df.index), None)
    number = next_id_number([*current.values(), *also_taken])
    plan = IdPlan({}, column, added)
    for row, value in current.items():
        if value is None or str(value).strip() == "":
            value = format_id(number)
            number += 1
            plan.filled[row] = value
        plan.ids[row] = str(value).strip()
    return plan


def check_unique_ids(ids: dict[int, str], rows: Iterable[int] | None = None) -> None:
    """Refuse when one id is on several rows (a copy-pasted row): a merge by id would fold
    the wrong person. ``rows`` limits the check to the rows a merge touches."""
    seen: dict[str, list[int]] = {}
    for row, value in ids.items():
        seen.setdefault(value, []).append(row)
    wanted = None if rows is None else {ids[r] for r in rows if r in ids}
    clashes = {v: rs for v, rs in seen.items() if len(rs) > 1 and (wanted is None or v in wanted)}
    if clashes:
        listed = "; ".join(f"{v} on rows {', '.join(map(str, sorted(rs)))}" for v, rs in sorted(clashes.items()))
        raise InputError(
            f"the same Candidate ID is on more than one row: {listed}",
            "give each of those rows its own id (clear the id of a copied row: talentsheet gives it a new one), then merge",
        )
