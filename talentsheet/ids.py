"""Stable candidate ids: every row gets one once and keeps it for ever.

Merges, the ``Merged`` archive and ``check-new`` refer to people by id, not by row number,
because rows move (sorting, deleting, merging). Ids look like ``C000123``; the next number is
one above the highest id already in the sheet (or in the archive), so nothing is renumbered.
Ids the recruiter typed in another form are kept as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from .schema import CANDIDATE_ID, TEMPLATE_HEADERS
from .workbook.reader import CandidateTable
from .workbook.writer import set_value

__all__ = ["ID_PATTERN", "fill_ids", "id_column", "next_id_number"]

ID_PATTERN = re.compile(r"^C(\d{6,})$")


def next_id_number(existing: Iterable[Any]) -> int:
    """One above the highest talentsheet id among ``existing`` values (1 when there is none)."""
    numbers = [int(m.group(1)) for v in existing if isinstance(v, str) and (m := ID_PATTERN.match(v.strip()))]
    return max(numbers, default=0) + 1


def format_id(number: int) -> str:
    return f"C{number:06d}"


def id_column(ws: Worksheet, table: CandidateTable) -> int:
    """The column number of the id column, adding a 'Candidate ID' header after the last
    column when the sheet has none."""
    if table.has(CANDIDATE_ID):
        return table.column(CANDIDATE_ID).index
    col = max((c.index for c in table.columns), default=0) + 1
    set_value(ws.cell(table.header_row, col), TEMPLATE_HEADERS[CANDIDATE_ID])
    return col


def fill_ids(ws: Worksheet, table: CandidateTable, *, also_taken: Iterable[Any] = ()) -> dict[int, str]:
    """Give every candidate row without an id the next free one; return the id of every row.

    ``also_taken`` are ids in use elsewhere (the Merged archive), never handed out again.
    """
    col = id_column(ws, table)
    current = {int(r): ws.cell(int(r), col).value for r in table.df.index}
    number = next_id_number([*current.values(), *also_taken])
    ids: dict[int, str] = {}
    for row, value in current.items():
        if value is None or str(value).strip() == "":
            value = format_id(number)
            number += 1
            set_value(ws.cell(row, col), value)
        ids[row] = str(value).strip()
    return ids
